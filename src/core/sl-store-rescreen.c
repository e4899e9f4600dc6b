#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include "sl-store-private.h"
#include "sl-store-rescreen.h"

GArray *
sl_store_list_rescreen_jobs (SlStore  *self,
                             GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (SlRescreenJob));
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  stmt = _sl_store_prepare (self,
                            "SELECT j.id,"
                            "  EXISTS (SELECT 1 FROM screenings s"
                            "          WHERE s.job_id = j.id AND " SL_STORE_SCREENING_IS_CURRENT ("s", "j.id")
                            "            AND NOT EXISTS (SELECT 1 FROM applications a"
                            "                            WHERE a.job_id = j.id"
                            "                              AND a.candidate_id = s.candidate_id)),"
                            "  (SELECT s.threshold FROM screenings s"
                            "   WHERE s.job_id = j.id AND " SL_STORE_SCREENING_IS_CURRENT ("s", "j.id")
                            "   ORDER BY s.id DESC LIMIT 1)"
                            " FROM jobs j"
                            " WHERE j.status = ?1"
                            "   AND EXISTS (SELECT 1 FROM screenings s"
                            "               WHERE s.job_id = j.id AND " SL_STORE_SCREENING_IS_CURRENT ("s", "j.id") ")"
                            " ORDER BY j.id",
                            error);
  if (stmt == NULL)
    return NULL;
  _sl_store_bind_text (stmt, 1, "open");

  for (;;)
    {
      SlRescreenJob job;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      job.job_id = sqlite3_column_int64 (stmt, 0);
      job.all_candidates = sqlite3_column_int (stmt, 1) != 0;
      job.threshold = sqlite3_column_double (stmt, 2);
      g_array_append_val (jobs, job);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&jobs);
}
