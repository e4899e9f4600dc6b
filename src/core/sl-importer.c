#define G_LOG_DOMAIN "sl-import"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sl-embedder-factory.h"
#include "sl-erasure.h"
#include "sl-importer.h"
#include "sl-s3-mirror.h"
#include "sl-search.h"
#include "sl-store-duplicates.h"
#include "sl-store-skills.h"

#define MAX_FOLDER_DEPTH 32

struct _SlImporter
{
  GObject      parent_instance;

  SlStore     *store;
  SlExtractor *extractor;
  SlFiles     *files;
  gint64       job_id;
};

G_DEFINE_FINAL_TYPE (SlImporter, sl_importer, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (SlImportResult, sl_import_result, sl_import_result_copy, sl_import_result_free)

const char *
sl_import_status_to_string (SlImportStatus status)
{
  switch (status)
    {
    case SL_IMPORT_STATUS_IMPORTED:
      return "imported";
    case SL_IMPORT_STATUS_DUPLICATE:
      return "duplicate";
    case SL_IMPORT_STATUS_ERROR:
    default:
      return "error";
    }
}

SlImportResult *
sl_import_result_copy (const SlImportResult *result)
{
  SlImportResult *copy = g_new0 (SlImportResult, 1);

  copy->path = g_strdup (result->path);
  copy->status = result->status;
  copy->candidate_id = result->candidate_id;
  copy->duplicate_reason = result->duplicate_reason;
  copy->error = result->error != NULL ? g_error_copy (result->error) : NULL;
  return copy;
}

void
sl_import_result_free (SlImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->path);
  g_clear_error (&result->error);
  g_free (result);
}

const char *
sl_import_result_get_error_code (const SlImportResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->error == NULL)
    return NULL;
  if (result->error->domain == SL_EXTRACT_ERROR)
    return sl_extract_error_to_code (result->error->code);
  if (g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  if (result->error->domain == G_FILE_ERROR || result->error->domain == G_IO_ERROR)
    return "file_error";
  if (result->error->domain == SL_STORE_ERROR)
    return result->error->code == SL_STORE_ERROR_NOT_FOUND ? "not_found" : "database_error";
  return "failed";
}

static void
sl_importer_dispose (GObject *object)
{
  SlImporter *self = (SlImporter *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->extractor);
  g_clear_object (&self->files);

  G_OBJECT_CLASS (sl_importer_parent_class)->dispose (object);
}

static void
sl_importer_class_init (SlImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_importer_dispose;
}

static void
sl_importer_init (SlImporter *self)
{
}

SlImporter *
sl_importer_new (SlStore     *store,
                 SlExtractor *extractor,
                 SlFiles     *files)
{
  SlImporter *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (extractor == NULL || SL_IS_EXTRACTOR (extractor), NULL);
  g_return_val_if_fail (files == NULL || SL_IS_FILES (files), NULL);

  self = g_object_new (SL_TYPE_IMPORTER, NULL);
  self->store = g_object_ref (store);
  self->extractor = extractor != NULL ? g_object_ref (extractor) : sl_extractor_new (0);
  self->files = files != NULL ? g_object_ref (files) : sl_files_new_for_store (store);
  return self;
}

SlExtractor *
sl_importer_get_extractor (SlImporter *self)
{
  g_return_val_if_fail (SL_IS_IMPORTER (self), NULL);
  return self->extractor;
}

SlFiles *
sl_importer_get_files (SlImporter *self)
{
  g_return_val_if_fail (SL_IS_IMPORTER (self), NULL);
  return self->files;
}

void
sl_importer_set_job_id (SlImporter *self,
                        gint64      job_id)
{
  g_return_if_fail (SL_IS_IMPORTER (self));
  self->job_id = MAX (job_id, 0);
}

/* Collecting files */

static void
collect (const char *path,
         int         depth,
         gboolean    explicit,
         GPtrArray  *out)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  GStatBuf st;

  /* A path the user named is always reported, even if it is not there. */
  if (explicit)
    {
      if (g_stat (path, &st) != 0 || !S_ISDIR (st.st_mode))
        {
          g_ptr_array_add (out, g_strdup (path));
          return;
        }
    }
  else
    {
      /* Inside folders, symbolic links are not followed: no loops. */
      if (g_lstat (path, &st) != 0 || S_ISLNK (st.st_mode))
        return;
      if (!S_ISDIR (st.st_mode))
        {
          if (S_ISREG (st.st_mode))
            g_ptr_array_add (out, g_strdup (path));
          return;
        }
    }

  if (depth >= MAX_FOLDER_DEPTH || !(dir = g_dir_open (path, 0, NULL)))
    {
      g_ptr_array_add (out, g_strdup (path));
      return;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc)(void (*) (void))g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      collect (child, depth + 1, FALSE, out);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
sl_importer_collect_files (const char * const *paths)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

      collect (paths[i], 0, TRUE, found);
      if (found->len > 1)
        g_ptr_array_sort (found, compare_strings);
      for (guint j = 0; j < found->len; j++)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (found, j)));
    }
  return out;
}

/* Importing one file */

static char *
normalized_text_sha256 (const char *text)
{
  g_autoptr(GString) norm = g_string_sized_new (strlen (text));
  g_autofree char *lower = g_utf8_casefold (text, -1);
  gboolean space = FALSE;

  /* Whitespace and case do not make a resume different. */
  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = norm->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (norm, ' ');
      space = FALSE;
      g_string_append_unichar (norm, c);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, norm->str, norm->len);
}

static char *
fallback_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_utf8_make_valid (base, -1);
}

/* With S3 mirroring switched on, the original joins the outbox; it is
 * uploaded when the cloud can be reached. */
static void
mirror_original (SlImporter *self,
                 gint64      candidate_id,
                 const char *sha256,
                 const char *basename)
{
  g_autofree char *owner = sl_erasure_dup_candidate_owner (candidate_id);
  g_autofree char *path = sl_files_dup_path (self->files, sha256);
  g_autoptr(GError) error = NULL;
  gboolean queued = FALSE;

  if (!sl_s3_mirror_queue_upload_if_enabled (self->store, SL_S3_MIRROR_RESUMES, owner, path, basename,
                                             NULL, &queued, &error))
    g_warning ("Could not queue the original for S3: %s", error->message);
}

static SlImportResult *
import_one (SlImporter   *self,
            const char   *path,
            GCancellable *cancellable)
{
  g_autoptr(SlImportResult) result = g_new0 (SlImportResult, 1);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *text_sha256 = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  SlImportRecord record = { 0 };
  JsonObject *object;
  gsize len = 0;
  gint64 existing = 0;

  result->path = g_strdup (path);
  result->status = SL_IMPORT_STATUS_ERROR;

  if (g_cancellable_set_error_if_cancelled (cancellable, &result->error))
    return g_steal_pointer (&result);

  /* Read once: the bytes hashed, kept and parsed are the same. */
  if (!(bytes = sl_extractor_read_file (path, &result->error)))
    return g_steal_pointer (&result);
  len = g_bytes_get_size (bytes);
  sha256 = sl_files_compute_sha256 (g_bytes_get_data (bytes, NULL), len);
  basename = g_path_get_basename (path);
  name = fallback_name (path);

  record.sha256 = sha256;
  record.filename = basename;
  record.size = len;
  record.fallback_name = name;
  record.job_id = self->job_id;

  /* The same file again needs no reading at all (unless its candidate is
   * erased before the check below runs: then it is read after all). */
  if (!sl_store_import_find_by_document (self->store, sha256, &existing, &result->error))
    return g_steal_pointer (&result);
  if (existing > 0)
    {
      if (!sl_store_import_candidate (self->store, &record, &result->candidate_id,
                                      &result->duplicate_reason, &result->error))
        return g_steal_pointer (&result);
      if (result->duplicate_reason != SL_DUPLICATE_NONE)
        {
          result->status = SL_IMPORT_STATUS_DUPLICATE;
          return g_steal_pointer (&result);
        }
    }

  if (!(reply = sl_extractor_extract_bytes (self->extractor, bytes, basename, SL_EXTRACT_PARSE_RESUME,
                                            cancellable, &result->error)))
    return g_steal_pointer (&result);
  object = json_node_get_object (reply);
  record.text = json_object_get_string_member_with_default (object, "text", "");
  record.mime_type = json_object_get_string_member_with_default (object, "mime_type", NULL);
  record.pages = json_object_get_int_member_with_default (object, "pages", 0);
  record.profile = json_object_get_member (object, "profile");
  text_sha256 = normalized_text_sha256 (record.text);
  record.text_sha256 = text_sha256;

  if (!sl_files_store (self->files, bytes, NULL, &result->error))
    return g_steal_pointer (&result);

  if (!sl_store_import_candidate (self->store, &record, &result->candidate_id,
                                  &result->duplicate_reason, &result->error))
    {
      sl_files_remove_unreferenced (self->files, self->store, sha256, NULL);
      return g_steal_pointer (&result);
    }

  if (result->duplicate_reason != SL_DUPLICATE_NONE)
    {
      result->status = SL_IMPORT_STATUS_DUPLICATE;
      if (!sl_files_remove_unreferenced (self->files, self->store, sha256, &error))
        g_debug ("Could not remove an unused original: %s", error->message);
    }
  else
    {
      result->status = SL_IMPORT_STATUS_IMPORTED;
      /* An erasure running at the same time may have removed the blob
       * between our write and our commit: put it back. */
      if (!sl_files_contains (self->files, sha256) &&
          !sl_files_store (self->files, bytes, NULL, &error))
        g_message ("Original of candidate %" G_GINT64_FORMAT " could not be kept: %s",
                   result->candidate_id, error->message);
      mirror_original (self, result->candidate_id, sha256, basename);
    }

  g_debug ("%s: %s %" G_GINT64_FORMAT, path, sl_import_status_to_string (result->status),
           result->candidate_id);
  return g_steal_pointer (&result);
}

/* A resume whose vector is at least this similar to another's is flagged
 * as a possible duplicate (imported, linked, shown), not refused. */
#define NEAR_DUPLICATE_SIMILARITY 0.98

/* Embeds what the batch brought (search needs it anyway) and links each new
 * candidate to the ones it nearly duplicates. Best effort: a failure here
 * loses no import. */
static void
link_near_duplicates (SlImporter   *self,
                      GPtrArray    *results,
                      GCancellable *cancellable)
{
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(SlSearch) search = NULL;
  g_autoptr(GError) error = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < results->len && !any; i++)
    any = ((SlImportResult *)g_ptr_array_index (results, i))->status == SL_IMPORT_STATUS_IMPORTED;
  if (!any)
    return;

  if (!(embedder = sl_embedder_new_for_provider (self->store, NULL, &error)))
    {
      g_debug ("No near-duplicate check: %s", error->message);
      return;
    }
  search = sl_search_new (self->store, embedder);
  if (!sl_search_prepare (search, cancellable, &error))
    {
      g_debug ("No near-duplicate check: %s", error->message);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      SlImportResult *result = g_ptr_array_index (results, i);
      g_autoptr(GArray) hits = NULL;

      if (result->status != SL_IMPORT_STATUS_IMPORTED)
        continue;
      hits = sl_search_find_near_duplicates (search, result->candidate_id, NEAR_DUPLICATE_SIMILARITY, 5);
      for (guint h = 0; hits != NULL && h < hits->len; h++)
        {
          const SlVectorHit *hit = &g_array_index (hits, SlVectorHit, h);

          if (hit->id == result->candidate_id)
            continue;
          if (!sl_store_link_duplicates (self->store, result->candidate_id, hit->id, "near", hit->score, &error))
            {
              g_debug ("Could not link a near-duplicate: %s", error->message);
              g_clear_error (&error);
            }
        }
    }
}

/* Running a batch */

typedef struct
{
  SlImporter   *self;
  GCancellable *cancellable;
  GAsyncQueue  *results;
} Batch;

static void
import_worker (gpointer data,
               gpointer user_data)
{
  char *path = data;
  Batch *batch = user_data;

  g_async_queue_push (batch->results, import_one (batch->self, path, batch->cancellable));
  g_free (path);
}

/* Each batch reads the user's skills afresh; the extractor replaces its
 * workers only when they changed. */
static gboolean
refresh_user_skills (SlImporter  *self,
                     GError     **error)
{
  g_autofree char *tsv = NULL;

  if (!(tsv = sl_store_dup_user_skills_tsv (self->store, error)))
    return FALSE;
  return sl_extractor_set_user_skills (self->extractor, tsv, error);
}

GPtrArray *
sl_importer_import (SlImporter           *self,
                    const char * const   *paths,
                    SlImportProgressFunc  progress,
                    gpointer              user_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_import_result_free);
  g_autoptr(GAsyncQueue) queue = g_async_queue_new ();
  GThreadPool *pool;
  Batch batch;

  g_return_val_if_fail (SL_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  files = sl_importer_collect_files (paths);
  if (!refresh_user_skills (self, error))
    return NULL;
  batch.self = self;
  batch.cancellable = cancellable;
  batch.results = queue;

  /* One thread per helper process: each blocks on its helper's answer. */
  pool = g_thread_pool_new (import_worker, &batch, sl_extractor_get_n_workers (self->extractor), FALSE, error);
  if (pool == NULL)
    return NULL;
  for (guint i = 0; i < files->len; i++)
    g_thread_pool_push (pool, g_strdup (g_ptr_array_index (files, i)), NULL);

  for (guint i = 0; i < files->len; i++)
    {
      SlImportResult *result = g_async_queue_pop (queue);

      g_ptr_array_add (results, result);
      if (progress != NULL)
        progress (result, i + 1, files->len, user_data);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  link_near_duplicates (self, results, cancellable);
  return g_steal_pointer (&results);
}

/* The asynchronous form: results travel to the caller's context in batches,
 * and the task completes from that context after the last batch. */

typedef struct
{
  GStrv                 paths;
  SlImportProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_notify;

  GMutex                mutex;
  GPtrArray            *pending;     /* SlImportResult * not yet delivered */
  guint                 done;
  guint                 total;
  gboolean              scheduled;
  gboolean              finished;
  GPtrArray            *results;
  GError               *error;
  GThread              *thread;
  GSource              *source;      /* the pending delivery, if any */
} AsyncData;

static void
async_data_free (AsyncData *data)
{
  g_strfreev (data->paths);
  if (data->progress_notify != NULL)
    data->progress_notify (data->progress_data);
  g_mutex_clear (&data->mutex);
  g_clear_pointer (&data->pending, g_ptr_array_unref);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_pointer (&data->source, g_source_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static gboolean
flush_cb (gpointer user_data)
{
  GTask *task = user_data;
  AsyncData *data = g_task_get_task_data (task);
  g_autoptr(GPtrArray) batch = NULL;
  gboolean finished;
  guint done;
  guint total;

  g_mutex_lock (&data->mutex);
  if (data->source == g_main_current_source ())
    g_clear_pointer (&data->source, g_source_unref);
  batch = g_steal_pointer (&data->pending);
  data->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_import_result_free);
  data->scheduled = FALSE;
  finished = data->finished;
  done = data->done - batch->len;
  total = data->total;
  g_mutex_unlock (&data->mutex);

  for (guint i = 0; i < batch->len; i++)
    {
      if (data->progress != NULL)
        data->progress (g_ptr_array_index (batch, i), ++done, total, data->progress_data);
    }

  if (finished)
    {
      /* The thread has nothing left to do but drop its reference: wait for
       * that, so the importer is free again when the callback runs. */
      g_clear_pointer (&data->thread, g_thread_join);
      if (data->error != NULL)
        g_task_return_error (task, g_steal_pointer (&data->error));
      else
        g_task_return_pointer (task, g_steal_pointer (&data->results), (GDestroyNotify)g_ptr_array_unref);
    }
  return G_SOURCE_REMOVE;
}

/* Call with data->mutex held. */
static void
schedule_flush (GTask   *task,
                guint    delay_ms)
{
  AsyncData *data = g_task_get_task_data (task);
  g_autoptr(GSource) source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();

  /* At most one delivery waits; the last one replaces a slower one. */
  if (data->source != NULL)
    {
      g_source_destroy (data->source);
      g_clear_pointer (&data->source, g_source_unref);
    }
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, flush_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[shortlist] import progress");
  g_source_attach (source, g_task_get_context (task));
  data->source = g_source_ref (source);
}

static void
async_progress_cb (const SlImportResult *result,
                   guint                 done,
                   guint                 total,
                   gpointer              user_data)
{
  GTask *task = user_data;
  AsyncData *data = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&data->mutex);
  g_ptr_array_add (data->pending, sl_import_result_copy (result));
  data->done = done;
  data->total = total;
  schedule = !data->scheduled;
  data->scheduled = TRUE;
  if (schedule)
    schedule_flush (task, 100);
  g_mutex_unlock (&data->mutex);
}

static gpointer
import_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AsyncData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GPtrArray *results;

  results = sl_importer_import (g_task_get_source_object (task), (const char * const *)data->paths,
                                async_progress_cb, task, g_task_get_cancellable (task), &error);

  g_mutex_lock (&data->mutex);
  data->results = results;
  data->error = error;
  data->finished = TRUE;
  data->scheduled = TRUE;
  /* The final flush delivers what is left, then completes the task on the
   * caller's context, so no progress can arrive after the callback. */
  schedule_flush (task, 0);
  g_mutex_unlock (&data->mutex);
  return NULL;
}

void
sl_importer_import_async (SlImporter           *self,
                          const char * const   *paths,
                          SlImportProgressFunc  progress,
                          gpointer              progress_data,
                          GDestroyNotify        progress_notify,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (SL_IS_IMPORTER (self));
  g_return_if_fail (paths != NULL);

  data = g_new0 (AsyncData, 1);
  data->paths = g_strdupv ((char **)paths);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_notify = progress_notify;
  data->pending = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_import_result_free);
  g_mutex_init (&data->mutex);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_importer_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify)async_data_free);
  /* Errors are reported per file; cancellation is checked by the batch. */
  g_task_set_check_cancellable (task, FALSE);
  data->thread = g_thread_new ("sl-import", import_thread, g_object_ref (task));
}

GPtrArray *
sl_importer_import_finish (SlImporter    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
