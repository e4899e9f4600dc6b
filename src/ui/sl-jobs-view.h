#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_JOBS_VIEW (sl_jobs_view_get_type ())

G_DECLARE_FINAL_TYPE (SlJobsView, sl_jobs_view, SL, JOBS_VIEW, GtkWidget)

GtkWidget *sl_jobs_view_new       (void) G_GNUC_WARN_UNUSED_RESULT;
SlStore   *sl_jobs_view_get_store (SlJobsView *self);
void       sl_jobs_view_set_store (SlJobsView *self,
                                   SlStore    *store);

G_END_DECLS
