#define G_LOG_DOMAIN "sl-s3-mirror"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-aws-config.h"
#include "sl-s3-mirror.h"
#include "sl-store-outbox.h"

#define BATCH_SIZE     32
#define LEASE_SECONDS  600
/* When an item cannot succeed until someone acts (a missing file, a denied
 * key), try again rarely rather than drop it. */
#define SLOW_RETRY_SECONDS (6 * 60 * 60)

struct _SlS3Mirror
{
  GObject     parent_instance;

  SlStore    *store;
  SlS3Client *client;
  char       *prefix;
};

G_DEFINE_FINAL_TYPE (SlS3Mirror, sl_s3_mirror, G_TYPE_OBJECT)

static void
sl_s3_mirror_dispose (GObject *object)
{
  SlS3Mirror *self = (SlS3Mirror *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_s3_mirror_parent_class)->dispose (object);
}

static void
sl_s3_mirror_finalize (GObject *object)
{
  SlS3Mirror *self = (SlS3Mirror *)object;

  g_free (self->prefix);

  G_OBJECT_CLASS (sl_s3_mirror_parent_class)->finalize (object);
}

static void
sl_s3_mirror_class_init (SlS3MirrorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_s3_mirror_dispose;
  object_class->finalize = sl_s3_mirror_finalize;
}

static void
sl_s3_mirror_init (SlS3Mirror *self)
{
}

const char *
sl_s3_mirror_area_to_string (SlS3MirrorArea area)
{
  switch (area)
    {
    case SL_S3_MIRROR_RESUMES:
      return "resumes";
    case SL_S3_MIRROR_RECORDINGS:
      return "recordings";
    case SL_S3_MIRROR_REPORTS:
      return "reports";
    default:
      g_return_val_if_reached ("other");
    }
}

static gboolean
is_safe_segment (const char *text)
{
  return text != NULL && *text != '\0' && strchr (text, '/') == NULL &&
         !g_str_equal (text, ".") && !g_str_equal (text, "..");
}

static char *
payload_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

gboolean
sl_s3_mirror_queue_upload (SlStore         *store,
                           SlS3MirrorArea   area,
                           const char      *owner,
                           const char      *local_path,
                           const char      *name,
                           const char      *content_type,
                           GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *key = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);
  g_return_val_if_fail (local_path != NULL && g_path_is_absolute (local_path), FALSE);

  if (!is_safe_segment (owner) || !is_safe_segment (name))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT,
                   _("A file mirrored to S3 needs a plain owner and file name"));
      return FALSE;
    }

  key = g_strdup_printf ("%s/%s/%s", sl_s3_mirror_area_to_string (area), owner, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, local_path);
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder,
                                 content_type != NULL ? content_type : "application/octet-stream");
  json_builder_end_object (builder);
  payload = payload_to_string (builder);

  return sl_store_outbox_enqueue (store, "s3.put", payload, NULL, error);
}

gboolean
sl_s3_mirror_queue_erase (SlStore         *store,
                          SlS3MirrorArea   area,
                          const char      *owner,
                          GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *prefix = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), FALSE);

  if (!is_safe_segment (owner))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT,
                   _("Erasing files from S3 needs a plain owner name"));
      return FALSE;
    }

  prefix = g_strdup_printf ("%s/%s/", sl_s3_mirror_area_to_string (area), owner);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, prefix);
  json_builder_end_object (builder);
  payload = payload_to_string (builder);

  return sl_store_outbox_enqueue (store, "s3.delete-prefix", payload, NULL, error);
}

gboolean
sl_s3_mirror_queue_upload_if_enabled (SlStore         *store,
                                      SlS3MirrorArea   area,
                                      const char      *owner,
                                      const char      *local_path,
                                      const char      *name,
                                      const char      *content_type,
                                      gboolean        *queued,
                                      GError         **error)
{
  g_autoptr(SlAwsConfig) config = sl_aws_config_load ();

  if (queued != NULL)
    *queued = FALSE;
  if (!config->s3_mirror || *config->s3_bucket == '\0')
    return TRUE;
  if (!sl_s3_mirror_queue_upload (store, area, owner, local_path, name, content_type, error))
    return FALSE;
  if (queued != NULL)
    *queued = TRUE;
  return TRUE;
}

SlS3Mirror *
sl_s3_mirror_new_from_settings (SlStore  *store,
                                GError  **error)
{
  g_autoptr(SlAwsConfig) config = sl_aws_config_load ();
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(SlS3Client) s3 = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  if (!config->s3_mirror || *config->s3_bucket == '\0')
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                   _("Copying files to S3 is switched off or has no bucket"));
      return NULL;
    }
  if (!(client = sl_aws_config_create_client (config, error)))
    return NULL;
  s3 = sl_s3_client_new (client, config->s3_bucket);
  return sl_s3_mirror_new (store, s3, config->s3_prefix);
}

SlS3Mirror *
sl_s3_mirror_new (SlStore    *store,
                  SlS3Client *client,
                  const char *prefix)
{
  SlS3Mirror *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (SL_IS_S3_CLIENT (client), NULL);

  self = g_object_new (SL_TYPE_S3_MIRROR, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  /* "a/b/" and "/a/b" both mean "a/b". */
  if (prefix != NULL)
    {
      g_autofree char *copy = g_strdup (prefix);
      char *start = copy;
      gsize length;

      while (*start == '/')
        start++;
      length = strlen (start);
      while (length > 0 && start[length - 1] == '/')
        start[--length] = '\0';
      self->prefix = g_strdup (start);
    }
  else
    self->prefix = g_strdup ("");

  return self;
}

static char *
full_key (SlS3Mirror *self,
          const char *relative)
{
  if (*self->prefix == '\0')
    return g_strdup (relative);
  return g_strdup_printf ("%s/%s", self->prefix, relative);
}

static gboolean
perform (SlS3Mirror    *self,
         SlOutboxItem  *item,
         gboolean      *permanent,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *payload;

  *permanent = FALSE;
  if (!json_parser_load_from_data (parser, item->payload, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      *permanent = TRUE;
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED,
                   _("The queued S3 work is damaged"));
      return FALSE;
    }
  payload = json_node_get_object (json_parser_get_root (parser));

  if (g_str_equal (item->kind, "s3.put"))
    {
      const char *relative = json_object_get_string_member_with_default (payload, "key", NULL);
      const char *path = json_object_get_string_member_with_default (payload, "path", NULL);
      const char *content_type = json_object_get_string_member_with_default (payload,
                                                                             "content_type", NULL);
      g_autofree char *key = NULL;

      if (relative == NULL || path == NULL)
        {
          *permanent = TRUE;
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED,
                       _("The queued S3 upload is damaged"));
          return FALSE;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          *permanent = TRUE;
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                       _("The file to upload, “%s”, is missing"), path);
          return FALSE;
        }
      key = full_key (self, relative);
      return sl_s3_client_put_file (self->client, key, path, content_type, cancellable, error);
    }
  else if (g_str_equal (item->kind, "s3.delete"))
    {
      const char *relative = json_object_get_string_member_with_default (payload, "key", NULL);
      g_autofree char *key = relative != NULL ? full_key (self, relative) : NULL;
      g_autoptr(GError) local_error = NULL;

      if (key == NULL)
        {
          *permanent = TRUE;
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED,
                       _("The queued S3 deletion is damaged"));
          return FALSE;
        }
      if (sl_s3_client_delete_object (self->client, key, cancellable, &local_error) ||
          g_error_matches (local_error, SL_AWS_ERROR, SL_AWS_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  else if (g_str_equal (item->kind, "s3.delete-prefix"))
    {
      const char *relative = json_object_get_string_member_with_default (payload, "prefix", NULL);
      g_autofree char *prefix = relative != NULL ? full_key (self, relative) : NULL;
      guint n_deleted = 0;

      if (prefix == NULL || !g_str_has_suffix (prefix, "/"))
        {
          *permanent = TRUE;
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED,
                       _("The queued S3 erasure is damaged"));
          return FALSE;
        }
      if (!sl_s3_client_delete_prefix (self->client, prefix, &n_deleted, cancellable, error))
        return FALSE;
      g_debug ("Erased %u objects under a prefix", n_deleted);
      return TRUE;
    }

  *permanent = TRUE;
  g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED, _("Unknown queued S3 work “%s”"),
               item->kind);
  return FALSE;
}

gboolean
sl_s3_mirror_drain (SlS3Mirror    *self,
                    gint64         now,
                    guint         *n_done,
                    guint         *n_failed,
                    GCancellable  *cancellable,
                    GError       **error)
{
  guint done = 0;
  guint failed = 0;

  g_return_val_if_fail (SL_IS_S3_MIRROR (self), FALSE);

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) items = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (!(items = sl_store_outbox_claim (self->store, "s3.", now, BATCH_SIZE, LEASE_SECONDS,
                                           error)))
        return FALSE;
      if (items->len == 0)
        break;

      for (guint i = 0; i < items->len; i++)
        {
          SlOutboxItem *item = items->pdata[i];
          g_autoptr(GError) local_error = NULL;
          gboolean permanent = FALSE;

          if (g_cancellable_is_cancelled (cancellable))
            {
              /* Hand it back for the next run instead of holding the lease. */
              if (!sl_store_outbox_reschedule (self->store, item->id, now, _("Cancelled"), error))
                return FALSE;
              continue;
            }

          if (perform (self, item, &permanent, cancellable, &local_error))
            {
              if (!sl_store_outbox_mark_done (self->store, item->id, error))
                return FALSE;
              done++;
            }
          else
            {
              gint64 delay = sl_outbox_backoff_seconds (item->attempts + 1);

              if (permanent ||
                  g_error_matches (local_error, SL_AWS_ERROR, SL_AWS_ERROR_ACCESS_DENIED) ||
                  g_error_matches (local_error, SL_AWS_ERROR, SL_AWS_ERROR_SIGNATURE) ||
                  g_error_matches (local_error, SL_AWS_ERROR, SL_AWS_ERROR_NO_CREDENTIALS))
                delay = MAX (delay, SLOW_RETRY_SECONDS);
              g_debug ("Outbox item %" G_GINT64_FORMAT " failed, next try in %" G_GINT64_FORMAT " s",
                       item->id, delay);
              if (!sl_store_outbox_reschedule (self->store, item->id, now + delay,
                                               local_error->message, error))
                return FALSE;
              failed++;
            }
        }
    }

  if (n_done != NULL)
    *n_done = done;
  if (n_failed != NULL)
    *n_failed = failed;
  return TRUE;
}

static void
drain_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!sl_s3_mirror_drain (source_object, 0, NULL, NULL, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sl_s3_mirror_drain_async (SlS3Mirror          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_S3_MIRROR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_s3_mirror_drain_async);
  g_task_run_in_thread (task, drain_worker);
}

gboolean
sl_s3_mirror_drain_finish (SlS3Mirror    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Best-effort queueing for the code that makes files */

static void
mirror_file (SlStore        *store,
             SlS3MirrorArea  area,
             const char     *owner,
             const char     *path)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type = NULL;
  gboolean queued = FALSE;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  name = g_path_get_basename (path);
  if (g_str_has_suffix (name, ".webm"))
    content_type = "video/webm";
  else if (g_str_has_suffix (name, ".pdf"))
    content_type = "application/pdf";
  else if (g_str_has_suffix (name, ".csv"))
    content_type = "text/csv";
  if (!sl_s3_mirror_queue_upload_if_enabled (store, area, owner, path, name, content_type, &queued, &error))
    g_warning ("Could not queue %s for S3: %s", name, error->message);
}

void
sl_s3_mirror_queue_recording (SlStore    *store,
                     gint64      session_id,
                     const char *path)
{
  g_autofree char *owner = g_strdup_printf ("session-%" G_GINT64_FORMAT, session_id);

  mirror_file (store, SL_S3_MIRROR_RECORDINGS, owner, path);
}

void
sl_s3_mirror_queue_report (SlStore    *store,
                  const char *owner,
                  const char *path)
{
  mirror_file (store, SL_S3_MIRROR_REPORTS, owner, path);
}
