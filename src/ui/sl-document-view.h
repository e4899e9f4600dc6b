#pragma once

#include <adwaita.h>

#include "sl-files.h"
#include "sl-store-profile.h"

G_BEGIN_DECLS

#define SL_TYPE_DOCUMENT_VIEW (sl_document_view_get_type ())

G_DECLARE_FINAL_TYPE (SlDocumentView, sl_document_view, SL, DOCUMENT_VIEW, GtkWidget)

GtkWidget *sl_document_view_new       (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows a candidate's original: a PDF's pages rendered in a worker, other
 * formats (or a missing original) as the extracted text. info may be NULL. */
void       sl_document_view_show      (SlDocumentView       *self,
                                       SlFiles              *files,
                                       const SlDocumentInfo *info,
                                       const char           *text);
void       sl_document_view_clear     (SlDocumentView       *self);
int        sl_document_view_get_page  (SlDocumentView       *self);
int        sl_document_view_get_n_pages (SlDocumentView     *self);

G_END_DECLS
