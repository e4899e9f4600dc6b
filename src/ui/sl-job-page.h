#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_JOB_PAGE (sl_job_page_get_type ())

G_DECLARE_FINAL_TYPE (SlJobPage, sl_job_page, SL, JOB_PAGE, GtkWidget)

GtkWidget *sl_job_page_new        (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_job_page_set_store  (SlJobPage *self,
                                   SlStore   *store);
/* Shows a job. The same job again (after an edit) keeps the ranking; another
 * job starts afresh and cancels what the page was doing. */
void       sl_job_page_set_job    (SlJobPage *self,
                                   SlJob     *job);
gint64     sl_job_page_get_job_id (SlJobPage *self);
/* Cancels screening and imports, for when the page is left. */
void       sl_job_page_cancel     (SlJobPage *self);

G_END_DECLS
