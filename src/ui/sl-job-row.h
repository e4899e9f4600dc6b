#pragma once

#include <adwaita.h>

#include "sl-job.h"

G_BEGIN_DECLS

#define SL_TYPE_JOB_ROW (sl_job_row_get_type ())

G_DECLARE_FINAL_TYPE (SlJobRow, sl_job_row, SL, JOB_ROW, GtkWidget)

SlJob *sl_job_row_get_job (SlJobRow *self);
void   sl_job_row_set_job (SlJobRow *self,
                           SlJob    *job);

G_END_DECLS
