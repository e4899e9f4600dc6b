/* sl-store-rescreen.h: the open jobs whose screening results a newly
 * active model should score again.
 */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64   job_id;
  gboolean all_candidates;  /* the last screening scored candidates who had not applied */
  double   threshold;       /* the decision threshold of the last screening */
} SlRescreenJob;

/* Open jobs (status 'open') with current screening results, oldest first,
 * as an array of SlRescreenJob. Closed jobs are never listed. */
GArray *sl_store_list_rescreen_jobs (SlStore  *self,
                                     GError  **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
