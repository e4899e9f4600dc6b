#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_IMPORT_BANNER (sl_import_banner_get_type ())

G_DECLARE_FINAL_TYPE (SlImportBanner, sl_import_banner, SL, IMPORT_BANNER, GtkWidget)

GtkWidget *sl_import_banner_new         (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_import_banner_set_store   (SlImportBanner     *self,
                                         SlStore            *store);
/* Imports files and folders (folders recurse) with progress, Cancel and a
 * summary at the end; paths given while an import runs wait their turn. */
void       sl_import_banner_import      (SlImportBanner     *self,
                                         const char * const *paths);
gboolean   sl_import_banner_get_running (SlImportBanner     *self);

G_END_DECLS
