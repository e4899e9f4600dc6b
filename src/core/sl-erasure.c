#define G_LOG_DOMAIN "sl-erasure"

#include "config.h"

#include "sl-aws-config.h"
#include "sl-erasure.h"
#include "sl-s3-mirror.h"
#include "sl-store-import.h"

char *
sl_erasure_dup_candidate_owner (gint64 candidate_id)
{
  return g_strdup_printf ("candidate-%" G_GINT64_FORMAT, candidate_id);
}

/* The same condition as queueing an upload: switched on, with a bucket.
 * Credentials are not needed to queue, only to drain. */
static gboolean
mirroring_enabled (void)
{
  g_autoptr(SlAwsConfig) config = sl_aws_config_load ();

  return config != NULL && config->s3_mirror && config->s3_bucket != NULL && config->s3_bucket[0] != '\0';
}

gboolean
sl_erase_candidate (SlStore  *store,
                    SlFiles  *files,
                    gint64    candidate_id,
                    GError  **error)
{
  g_auto(GStrv) orphans = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (SL_IS_FILES (files), FALSE);

  if (!sl_store_import_erase_candidate (store, candidate_id, &orphans, error))
    return FALSE;

  /* The database no longer refers to these originals: a failure to delete
   * one leaves a file without personal links, reported but not fatal. */
  for (guint i = 0; orphans != NULL && orphans[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!sl_files_remove_unreferenced (files, store, orphans[i], &local_error))
        g_warning ("Could not remove an erased candidate’s original: %s", local_error->message);
    }

  if (mirroring_enabled ())
    {
      g_autofree char *owner = sl_erasure_dup_candidate_owner (candidate_id);

      if (!sl_s3_mirror_queue_erase (store, SL_S3_MIRROR_RESUMES, owner, error) ||
          !sl_s3_mirror_queue_erase (store, SL_S3_MIRROR_REPORTS, owner, error))
        return FALSE;
    }

  return TRUE;
}
