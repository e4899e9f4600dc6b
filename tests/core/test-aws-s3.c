/* S3 end to end: s3rver from npm behind a proxy that checks every SigV4
 * signature with the AWS SDK's signer (tests/fakes/s3-proxy.js). */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sl-s3-client.h"
#include "sl-s3-mirror.h"
#include "sl-store-outbox.h"
#include "../fakes/sl-fake-server.h"

static FakeServer *server;
static GString *log_lines;
static GMutex log_mutex;

typedef struct
{
  char        *tmpdir;
  SlAwsClient *aws;
  SlS3Client  *s3;
} Fixture;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append (log_lines, fields[i].length < 0 ? fields[i].value : "");
        g_string_append_c (log_lines, '\n');
      }
  g_mutex_unlock (&log_mutex);
  /* Debug lines are kept for the scan but not printed. */
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
note_error (const GError *error)
{
  g_mutex_lock (&log_mutex);
  g_string_append_printf (log_lines, "%s\n", error->message);
  g_mutex_unlock (&log_mutex);
}

static SlAwsClient *
make_client (const char *secret)
{
  g_autoptr(SlAwsCredentials) creds = sl_aws_credentials_new (FAKE_ACCESS_KEY, secret, NULL);
  SlAwsClient *client = sl_aws_client_new (creds, "us-east-1");

  sl_aws_client_set_retry (client, 3, 1, 5);
  sl_aws_client_set_timeout (client, 10);
  sl_aws_client_set_circuit_breaker (client, 1000, 10);
  /* Below the multipart object's size: HEAD and streamed GET must not trip it. */
  sl_aws_client_set_max_response_size (client, 4 * 1024 * 1024);
  return client;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    {
      g_test_skip ("node is not installed");
      return;
    }
  f->tmpdir = g_dir_make_tmp ("shortlist-s3-XXXXXX", &error);
  g_assert_no_error (error);
  f->aws = make_client (FAKE_SECRET_KEY);
  f->s3 = sl_s3_client_new (f->aws, "shortlist-test");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->s3);
  g_clear_object (&f->aws);
  if (f->tmpdir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (f->tmpdir);
      g_free (f->tmpdir);
    }
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until the operation ends, with a deadline. */
static GAsyncResult *
wait_for_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static GBytes *
random_bytes (gsize size)
{
  guint8 *data = g_malloc (size);
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
}

static void
assert_file_equals (const char *path,
                    GBytes     *expected)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, g_bytes_get_data (expected, NULL),
                   g_bytes_get_size (expected));
}

static void
test_put_head_get_delete (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("Ada Lovelace\nAnalyst\n", 21);
  g_autoptr(SlS3ObjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *md5 = NULL;

  if (server == NULL)
    return;

  g_assert_true (sl_s3_client_put_object (f->s3, "resumes/1/cv.txt", body, "text/plain", NULL,
                                          &error));
  g_assert_no_error (error);

  info = sl_s3_client_head_object (f->s3, "resumes/1/cv.txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->size, ==, 21);
  md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, body);
  g_assert_cmpstr (info->etag, ==, md5);
  g_assert_true (g_str_has_prefix (info->content_type, "text/plain"));

  dest = g_build_filename (f->tmpdir, "cv.txt", NULL);
  g_assert_true (sl_s3_client_get_object (f->s3, "resumes/1/cv.txt", dest, NULL, &error));
  g_assert_no_error (error);
  assert_file_equals (dest, body);

  g_assert_true (sl_s3_client_delete_object (f->s3, "resumes/1/cv.txt", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&info, sl_s3_object_info_free);
  info = sl_s3_client_head_object (f->s3, "resumes/1/cv.txt", NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NOT_FOUND);
  g_assert_null (info);
}

static void
test_not_found_details (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *dest = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;

  dest = g_build_filename (f->tmpdir, "missing", NULL);
  g_assert_false (sl_s3_client_get_object (f->s3, "no/such/key", dest, NULL, &error));
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NOT_FOUND);
  g_assert_cmpstr (sl_aws_error_get_aws_code (error), ==, "NoSuchKey");
  g_assert_cmpuint (sl_aws_error_get_http_status (error), ==, 404);
  g_assert_nonnull (strstr (error->message, "NoSuchKey"));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  note_error (error);
}

static void
test_special_keys (Fixture       *f,
                   gconstpointer  data)
{
  const char *key = "resumes/7/Résumé (final) + notes=1&2 ~v.txt";
  g_autoptr(GBytes) body = g_bytes_new_static ("x", 1);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;

  g_assert_true (sl_s3_client_put_object (f->s3, key, body, NULL, NULL, &error));
  g_assert_no_error (error);
  listed = sl_s3_client_list_objects (f->s3, "resumes/7/", 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((SlS3ObjectInfo *)listed->pdata[0])->key, ==, key);
  g_assert_true (sl_s3_client_delete_object (f->s3, key, NULL, &error));
  g_assert_no_error (error);
}

static void
test_list_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  guint pages = 0;
  guint deleted = 0;

  if (server == NULL)
    return;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *key = g_strdup_printf ("list/item-%u", i);
      g_autoptr(GBytes) body = g_bytes_new (key, strlen (key));

      g_assert_true (sl_s3_client_put_object (f->s3, key, body, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  do
    {
      g_autoptr(GPtrArray) page = NULL;
      char *next = NULL;

      page = sl_s3_client_list_objects (f->s3, "list/", 2, token, &next, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, 2);
      for (guint i = 0; i < page->len; i++)
        {
          SlS3ObjectInfo *info = page->pdata[i];

          g_assert_cmpint (info->size, ==, strlen (info->key));
          g_assert_true (g_hash_table_add (seen, g_strdup (info->key)));
        }
      g_free (token);
      token = next;
      pages++;
    }
  while (token != NULL);

  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_cmpuint (pages, ==, 3);

  g_assert_true (sl_s3_client_delete_prefix (f->s3, "list/", &deleted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 5);
}

static void
test_multipart (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) body = random_bytes (11 * 1024 * 1024 + 123);
  g_autofree char *src = g_build_filename (f->tmpdir, "recording.webm", NULL);
  g_autofree char *dest = g_build_filename (f->tmpdir, "copy.webm", NULL);
  g_autoptr(SlS3ObjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;

  if (server == NULL)
    return;

  g_file_set_contents (src, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  sl_s3_client_set_multipart (f->s3, 5 * 1024 * 1024, 5 * 1024 * 1024);

  before = fake_server_control (server, "GET", "/__stats");
  g_assert_true (sl_s3_client_put_file (f->s3, "recordings/3/answer.webm", src, "video/webm", NULL,
                                        &error));
  g_assert_no_error (error);
  after = fake_server_control (server, "GET", "/__stats");
  /* Create, three parts (5 + 5 + 1 MiB), complete. */
  g_assert_cmpint (json_object_get_int_member (after,
                                               "requests") - json_object_get_int_member (before,
                                                                                         "requests"), ==, 5);

  info = sl_s3_client_head_object (f->s3, "recordings/3/answer.webm", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->size, ==, g_bytes_get_size (body));

  g_assert_true (sl_s3_client_get_object (f->s3, "recordings/3/answer.webm", dest, NULL, &error));
  g_assert_no_error (error);
  assert_file_equals (dest, body);
  g_assert_true (sl_s3_client_delete_object (f->s3, "recordings/3/answer.webm", NULL, &error));
}

static void
test_async_transfer (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *src = g_build_filename (f->tmpdir, "report.pdf", NULL);
  g_autofree char *dest = g_build_filename (f->tmpdir, "report-copy.pdf", NULL);
  g_autoptr(GBytes) body = random_bytes (200 * 1024);
  g_autoptr(GAsyncResult) put_result = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;

  g_file_set_contents (src, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  sl_s3_client_put_file_async (f->s3, "reports/9/report.pdf", src, "application/pdf", NULL,
                               store_result_cb, &put_result);
  g_assert_true (sl_s3_client_put_file_finish (f->s3, wait_for_result (&put_result), &error));
  g_assert_no_error (error);
  sl_s3_client_get_object_async (f->s3, "reports/9/report.pdf", dest, NULL, store_result_cb,
                                 &get_result);
  g_assert_true (sl_s3_client_get_object_finish (f->s3, wait_for_result (&get_result), &error));
  g_assert_no_error (error);
  assert_file_equals (dest, body);
  g_assert_true (sl_s3_client_delete_object (f->s3, "reports/9/report.pdf", NULL, &error));
}

static void
test_presigned_get (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("presigned body", 14);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) tampered_msg = NULL;
  g_autoptr(GBytes) fetched = NULL;
  g_autoptr(GBytes) refused = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tampered = NULL;
  g_autoptr(GError) error = NULL;
  char *sig;

  if (server == NULL)
    return;

  g_assert_true (sl_s3_client_put_object (f->s3, "reports/2/report.pdf", body, "application/pdf",
                                          NULL, &error));
  g_assert_no_error (error);

  url = sl_s3_client_presign_get (f->s3, "reports/2/report.pdf", 300, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (url, "X-Amz-Signature="));
  g_assert_null (strstr (url, FAKE_SECRET_KEY));

  /* Plain libsoup, no signing: the URL alone grants access. */
  msg = soup_message_new ("GET", url);
  fetched = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (g_bytes_equal (fetched, body));

  /* Changing one hex digit of the signature is refused. */
  tampered = g_strdup (url);
  sig = strstr (tampered, "X-Amz-Signature=") + strlen ("X-Amz-Signature=");
  sig[0] = sig[0] == '0' ? '1' : '0';
  tampered_msg = soup_message_new ("GET", tampered);
  refused = soup_session_send_and_read (session, tampered_msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (tampered_msg), ==, 403);
}

static void
test_wrong_secret_rejected (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SlAwsClient) wrong = NULL;
  g_autoptr(SlS3Client) s3 = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("nope", 4);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlS3ObjectInfo) info = NULL;

  if (server == NULL)
    return;

  wrong = make_client ("wrong/secret/KEY0123456789abcdefghijk");
  s3 = sl_s3_client_new (wrong, "shortlist-test");
  before = fake_server_control (server, "GET", "/__stats");

  g_assert_false (sl_s3_client_put_object (s3, "denied.txt", body, NULL, NULL, &error));
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_SIGNATURE);
  g_assert_cmpstr (sl_aws_error_get_aws_code (error), ==, "SignatureDoesNotMatch");
  g_assert_nonnull (sl_aws_error_get_request_id (error));
  g_assert_null (strstr (error->message, "wrong/secret"));
  note_error (error);

  /* A bad signature is never retried, and the object was not written. */
  after = fake_server_control (server, "GET", "/__stats");
  g_assert_cmpint (json_object_get_int_member (after,
                                               "rejected") - json_object_get_int_member (before,
                                                                                         "rejected"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (after,
                                               "requests") - json_object_get_int_member (before,
                                                                                         "requests"), ==, 1);
  g_clear_error (&error);
  info = sl_s3_client_head_object (f->s3, "denied.txt", NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NOT_FOUND);
}

/* Work queued while offline stays in the outbox and is done later. */
static void
test_outbox_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->tmpdir, "shortlist.db", NULL);
  g_autofree char *src = g_build_filename (f->tmpdir, "cv.pdf", NULL);
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlS3Mirror) mirror = NULL;
  g_autoptr(SlS3ObjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) control = NULL;
  SlOutboxItem *item;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint done = 0;
  guint failed = 0;
  guint n_pending = 0;
  guint n_done = 0;

  if (server == NULL)
    return;

  g_file_set_contents (src, "%PDF-1.4 resume", -1, &error);
  g_assert_no_error (error);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);
  mirror = sl_s3_mirror_new (store, f->s3, "/team-a/");

  g_assert_true (sl_s3_mirror_queue_upload (store, SL_S3_MIRROR_RESUMES, "42", src, "cv.pdf",
                                            "application/pdf", &error));
  g_assert_no_error (error);

  control = fake_server_control (server, "POST", "/__offline/on");
  g_assert_true (sl_s3_mirror_drain (mirror, now, &done, &failed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 0);
  g_assert_cmpuint (failed, ==, 1);
  g_clear_pointer (&control, json_object_unref);
  control = fake_server_control (server, "POST", "/__offline/off");

  /* Still queued, with the reason and a later time; nothing uploaded. */
  g_assert_true (sl_store_outbox_count (store, "s3.", &n_pending, &n_done, &error));
  g_assert_cmpuint (n_pending, ==, 1);
  g_assert_cmpuint (n_done, ==, 0);
  item = sl_store_outbox_get (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (item->attempts, ==, 1);
  g_assert_cmpint (item->next_attempt_at, >, now);
  g_assert_nonnull (item->last_error);
  note_error (&(GError) { SL_AWS_ERROR, 0, item->last_error });
  info = sl_s3_client_head_object (f->s3, "team-a/resumes/42/cv.pdf", NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Not due yet: a drain right now leaves it alone. */
  g_assert_true (sl_s3_mirror_drain (mirror, now, &done, &failed, NULL, &error));
  g_assert_cmpuint (done + failed, ==, 0);

  /* Later, online: it is done. */
  g_assert_true (sl_s3_mirror_drain (mirror, item->next_attempt_at, &done, &failed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 1);
  g_assert_cmpuint (failed, ==, 0);
  info = sl_s3_client_head_object (f->s3, "team-a/resumes/42/cv.pdf", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->size, ==, strlen ("%PDF-1.4 resume"));

  /* Erasing the candidate is queued too, and removes their objects. */
  g_assert_true (sl_s3_mirror_queue_erase (store, SL_S3_MIRROR_RESUMES, "42", &error));
  g_assert_true (sl_s3_mirror_drain (mirror, item->next_attempt_at, &done, &failed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 1);
  g_clear_pointer (&info, sl_s3_object_info_free);
  info = sl_s3_client_head_object (f->s3, "team-a/resumes/42/cv.pdf", NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NOT_FOUND);

  g_assert_true (sl_store_outbox_count (store, "s3.", &n_pending, &n_done, NULL));
  g_assert_cmpuint (n_pending, ==, 0);
  g_assert_cmpuint (n_done, ==, 2);
  sl_outbox_item_free (item);
}

/* Mirroring follows the Cloud settings: nothing is queued while it is off. */
static void
test_mirror_settings (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->tmpdir, "settings.db", NULL);
  g_autofree char *src = g_build_filename (f->tmpdir, "cv.txt", NULL);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlS3Mirror) off = NULL;
  g_autoptr(SlS3Mirror) mirror = NULL;
  g_autoptr(SlS3ObjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean queued = TRUE;
  guint done = 0;
  guint failed = 0;

  if (server == NULL)
    return;

  g_file_set_contents (src, "resume text", -1, &error);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);

  g_assert_true (sl_s3_mirror_queue_upload_if_enabled (store, SL_S3_MIRROR_RESUMES, "5", src,
                                                       "cv.txt",
                                                       "text/plain", &queued, &error));
  g_assert_false (queued);
  off = sl_s3_mirror_new_from_settings (store, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG);
  g_assert_null (off);
  g_clear_error (&error);

  settings = g_settings_new ("io.github.shortlist.Shortlist.Cloud");
  g_settings_set_boolean (settings, "s3-mirror-enabled", TRUE);
  g_settings_set_string (settings, "s3-bucket", "shortlist-test");
  g_settings_set_string (settings, "s3-prefix", "from-settings");
  g_settings_set_string (settings, "region", "us-east-1");

  g_assert_true (sl_s3_mirror_queue_upload_if_enabled (store, SL_S3_MIRROR_RESUMES, "5", src,
                                                       "cv.txt",
                                                       "text/plain", &queued, &error));
  g_assert_no_error (error);
  g_assert_true (queued);
  mirror = sl_s3_mirror_new_from_settings (store, &error);
  g_assert_no_error (error);
  g_assert_true (sl_s3_mirror_drain (mirror, 0, &done, &failed, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (done, ==, 1);
  g_assert_cmpuint (failed, ==, 0);
  info = sl_s3_client_head_object (f->s3, "from-settings/resumes/5/cv.txt", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->size, ==, 11);

  g_settings_reset (settings, "s3-mirror-enabled");
  g_settings_reset (settings, "s3-bucket");
  g_settings_reset (settings, "s3-prefix");
  g_settings_reset (settings, "region");
}

static void
test_no_secret_in_logs (void)
{
  if (server == NULL)
    {
      g_test_skip ("node is not installed");
      return;
    }
  g_mutex_lock (&log_mutex);
  g_assert_cmpuint (log_lines->len, >, 0);
  g_assert_null (strstr (log_lines->str, FAKE_SECRET_KEY));
  g_assert_null (strstr (log_lines->str, "wrong/secret/KEY0123456789abcdefghijk"));
  g_mutex_unlock (&log_mutex);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  log_lines = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_log_set_debug_enabled (TRUE);

  server = fake_server_start ("s3-proxy.js", NULL);
  if (server != NULL)
    {
      g_setenv ("AWS_ENDPOINT_URL_S3", server->base_url, TRUE);
      /* For the clients built from settings and the credentials chain. */
      g_setenv ("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY, TRUE);
      g_setenv ("AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY, TRUE);
      g_unsetenv ("AWS_SESSION_TOKEN");
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sl/aws/s3/put-head-get-delete", test_put_head_get_delete);
  ADD ("/sl/aws/s3/not-found", test_not_found_details);
  ADD ("/sl/aws/s3/special-keys", test_special_keys);
  ADD ("/sl/aws/s3/list-pages", test_list_pages);
  ADD ("/sl/aws/s3/multipart", test_multipart);
  ADD ("/sl/aws/s3/async-transfer", test_async_transfer);
  ADD ("/sl/aws/s3/presigned-get", test_presigned_get);
  ADD ("/sl/aws/s3/wrong-secret-rejected", test_wrong_secret_rejected);
  ADD ("/sl/aws/s3/outbox-offline", test_outbox_offline);
  ADD ("/sl/aws/s3/mirror-settings", test_mirror_settings);
#undef ADD
  g_test_add_func ("/sl/aws/s3/no-secret-in-logs", test_no_secret_in_logs);

  status = g_test_run ();
  g_clear_pointer (&server, fake_server_stop);
  return status;
}
