/* The helper process pool: protocol, crashes, timeouts, cancellation. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sl-doc-gen.h"
#include "sl-extractor.h"

typedef struct
{
  char *dir;
} Fixture;

static GPtrArray *list_children (void);

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-extractor-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (sl_gen_write (path, bytes, &error));
  g_assert_no_error (error);
  return path;
}

static char *
write_text (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return write_file (fixture, name, bytes);
}

static void
assert_extracts (SlExtractor *extractor,
                 const char  *path,
                 const char  *format,
                 const char  *expected_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  object = json_node_get_object (reply);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, format);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "text"), expected_text));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "profile")));
}

static void
assert_error (SlExtractor    *extractor,
              const char     *path,
              SlExtractError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);

  g_assert_null (reply);
  g_assert_error (error, SL_EXTRACT_ERROR, (int)code);
}

static void
test_formats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (2);
  g_autoptr(SlGenResume) resume = sl_gen_resume_new (1);
  g_autoptr(GBytes) pdf = sl_gen_pdf (NULL, resume->text, NULL);
  g_autoptr(GBytes) docx = sl_gen_docx (resume->text, NULL, NULL);
  g_autoptr(GBytes) odt = sl_gen_odt (resume->text, NULL);
  g_autofree char *pdf_path = write_file (fixture, "a.pdf", pdf);
  g_autofree char *docx_path = write_file (fixture, "a.docx", docx);
  g_autofree char *odt_path = write_file (fixture, "a.odt", odt);
  g_autofree char *txt_path = write_text (fixture, "a.txt", resume->text);
  g_autofree char *json_path = g_test_build_filename (G_TEST_DIST, "data", "import", "priya-okonkwo-backend.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) job = NULL;

  assert_extracts (extractor, pdf_path, "pdf", resume->email);
  assert_extracts (extractor, docx_path, "docx", resume->email);
  assert_extracts (extractor, odt_path, "odt", resume->email);
  assert_extracts (extractor, txt_path, "text", resume->email);
  assert_extracts (extractor, json_path, "json-resume", "Priya");

  /* Job descriptions are parsed with the job parser. */
  job = sl_extractor_extract (extractor, txt_path, SL_EXTRACT_PARSE_JOB, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (job), "job")));
}

static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autoptr(GBytes) bomb = sl_gen_docx_bomb (100 * 1024 * 1024);
  g_autoptr(GBytes) encrypted = sl_gen_pdf_encrypted ();
  g_autoptr(GBytes) scanned = sl_gen_pdf_pages (NULL, 1);
  g_autofree char *bomb_path = write_file (fixture, "bomb.docx", bomb);
  g_autofree char *encrypted_path = write_file (fixture, "secret.pdf", encrypted);
  g_autofree char *scanned_path = write_file (fixture, "scan.pdf", scanned);
  g_autofree char *empty_path = write_text (fixture, "empty.pdf", "");
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.pdf", NULL);
  g_autofree char *good_path = write_text (fixture, "good.txt", "Jane Roe\njane@example.com\n");

  /* One worker, reused: every bad file in turn, then a good one. */
  assert_error (extractor, bomb_path, SL_EXTRACT_ERROR_TOO_LARGE);
  assert_error (extractor, encrypted_path, SL_EXTRACT_ERROR_ENCRYPTED);
  assert_error (extractor, scanned_path, SL_EXTRACT_ERROR_NO_TEXT);
  assert_error (extractor, empty_path, SL_EXTRACT_ERROR_EMPTY);
  assert_error (extractor, missing_path, SL_EXTRACT_ERROR_NOT_FOUND);
  assert_error (extractor, fixture->dir, SL_EXTRACT_ERROR_UNSUPPORTED);
  assert_extracts (extractor, good_path, "text", "jane@example.com");
}

static void
test_crash (Fixture       *fixture,
            gconstpointer  data)
{
  const char *args[] = { "--test-crash-on=CRASH", NULL };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *before = write_text (fixture, "before.txt", "Before\nbefore@example.com\n");
  g_autofree char *crash = write_text (fixture, "CRASH.txt", "Crash\n");
  g_autofree char *after = write_text (fixture, "after.txt", "After\nafter@example.com\n");

  sl_extractor_set_helper_args (extractor, args);
  assert_extracts (extractor, before, "text", "before@example.com");
  assert_error (extractor, crash, SL_EXTRACT_ERROR_READER_CRASHED);
  assert_extracts (extractor, after, "text", "after@example.com");
  assert_error (extractor, crash, SL_EXTRACT_ERROR_READER_CRASHED);
  assert_extracts (extractor, before, "text", "before@example.com");
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  const char *args[] = { "--test-hang-on=HANG", NULL };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *hang = write_text (fixture, "HANG.txt", "Hang\n");
  g_autofree char *after = write_text (fixture, "after.txt", "After\nafter@example.com\n");
  gint64 start;

  sl_extractor_set_helper_args (extractor, args);
  sl_extractor_set_timeout (extractor, 500);

  start = g_get_monotonic_time ();
  assert_error (extractor, hang, SL_EXTRACT_ERROR_TIMEOUT);
  /* Killed at the deadline, not whenever the reader gives up. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  assert_extracts (extractor, after, "text", "after@example.com");
}

static void
png_size (GBytes *png,
          guint  *width,
          guint  *height)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);

  g_assert_cmpuint (len, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  /* IHDR: width and height, big-endian, right after the chunk header. */
  *width = (guint)data[16] << 24 | data[17] << 16 | data[18] << 8 | data[19];
  *height = (guint)data[20] << 24 | data[21] << 16 | data[22] << 8 | data[23];
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autoptr(GBytes) pdf = sl_gen_pdf_pages ("Page text", 3);
  g_autoptr(GBytes) encrypted = sl_gen_pdf_encrypted ();
  g_autoptr(GBytes) text = g_bytes_new_static ("not a pdf", 9);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  guint width, height;
  int n_pages = 0;

  png = sl_extractor_render_page (extractor, pdf, 1, 1.0, &n_pages, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n_pages, ==, 3);
  png_size (png, &width, &height);
  g_assert_cmpuint (width, ==, 595);
  g_assert_cmpuint (height, ==, 842);

  /* An absurd zoom is brought back within the pixel budget. */
  big = sl_extractor_render_page (extractor, pdf, 0, 1000.0, NULL, NULL, &error);
  g_assert_no_error (error);
  png_size (big, &width, &height);
  g_assert_cmpuint ((guint64)width * height, <=, 9.1 * 1024 * 1024);
  g_assert_cmpuint (width, >, 595);

  g_assert_null (sl_extractor_render_page (extractor, pdf, 3, 1.0, NULL, NULL, &error));
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sl_extractor_render_page (extractor, encrypted, 0, 1.0, NULL, NULL, &error));
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_ENCRYPTED);
  g_clear_error (&error);
  g_assert_null (sl_extractor_render_page (extractor, text, 0, 1.0, NULL, NULL, &error));
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT);
}

static void
test_killed_while_idle (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *path = write_text (fixture, "a.txt", "Jane Roe\njane@example.com\n");
  g_autoptr(GPtrArray) children = NULL;
  guint killed = 0;

  if (!g_file_test ("/proc/self/task", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("No /proc here");
      return;
    }
  assert_extracts (extractor, path, "text", "jane@example.com");

  /* Something outside kills the idle worker; the next file must not pay. */
  children = list_children ();
  for (guint i = 0; i < children->len; i++)
    {
      g_autofree char *exe_link = g_strdup_printf ("/proc/%s/exe", (char *)g_ptr_array_index (children, i));
      g_autofree char *exe = g_file_read_link (exe_link, NULL);

      if (exe != NULL && g_str_has_suffix (exe, "shortlist-extract"))
        {
          g_autofree char *stat_path = g_strdup_printf ("/proc/%s/stat", (char *)g_ptr_array_index (children, i));
          gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

          g_assert_cmpint (kill (atoi (g_ptr_array_index (children, i)), SIGKILL), ==, 0);
          killed++;
          /* Until it is really dead (a zombie, or reaped already). */
          while (g_get_monotonic_time () < deadline)
            {
              g_autofree char *stat = NULL;
              const char *state;

              if (!g_file_get_contents (stat_path, &stat, NULL, NULL) ||
                  ((state = strrchr (stat, ')')) != NULL && state[2] == 'Z'))
                break;
              g_usleep (1000);
            }
        }
    }
  g_assert_cmpuint (killed, ==, 1);
  assert_extracts (extractor, path, "text", "jane@example.com");
}

static void
test_memory_limit (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *args[] = { "--max-memory=24", NULL };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autoptr(GString) xml = g_string_new ("<w:document xmlns:w=\"x\"><w:body>");
  g_autoptr(GBytes) docx = NULL;
  g_autofree char *big = NULL;
  g_autofree char *after = write_text (fixture, "after.txt", "After\nafter@example.com\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("No address space limit under AddressSanitizer");
  return;
#endif

  /* 15 MiB of text: within the format's limits, beyond 24 MiB of memory
   * once read, normalised and answered. */
  while (xml->len < 15 * 1024 * 1024)
    g_string_append (xml, "<w:p><w:r><w:t>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</w:t></w:r></w:p>");
  g_string_append (xml, "</w:body></w:document>");
  docx = sl_gen_docx_with_body (xml->str);
  big = write_file (fixture, "big.docx", docx);

  sl_extractor_set_helper_args (extractor, args);
  reply = sl_extractor_extract (extractor, big, SL_EXTRACT_PARSE_NONE, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE);
  /* Said by the worker that ran out of memory, not by a format limit. */
  g_assert_nonnull (strstr (error->message, "memory"));
  assert_extracts (extractor, after, "text", "after@example.com");
}

static void
test_cpu_limit (Fixture       *fixture,
                gconstpointer  data)
{
  const char *args[] = { "--test-hang-on=HANG", "--cpu-seconds=1", NULL };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *hang = write_text (fixture, "HANG.txt", "Hang\n");
  g_autofree char *after = write_text (fixture, "after.txt", "After\nafter@example.com\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  /* The process limit stops a busy reader even before the client's deadline. */
  sl_extractor_set_helper_args (extractor, args);
  sl_extractor_set_timeout (extractor, 60000);
  reply = sl_extractor_extract (extractor, hang, SL_EXTRACT_PARSE_NONE, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TIMEOUT);
  assert_extracts (extractor, after, "text", "after@example.com");
}

typedef struct
{
  SlExtractor  *extractor;
  GCancellable *cancellable;
  const char   *path;
  GError       *error;
  JsonNode     *reply;
} CancelData;

static gpointer
cancel_thread (gpointer user_data)
{
  CancelData *data = user_data;

  data->reply = sl_extractor_extract (data->extractor, data->path, SL_EXTRACT_PARSE_NONE,
                                      data->cancellable, &data->error);
  return NULL;
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  const char *args[] = { "--test-hang-on=HANG", NULL };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *hang = write_text (fixture, "HANG.txt", "Hang\n");
  g_autofree char *after = write_text (fixture, "after.txt", "After\nafter@example.com\n");
  CancelData cancel = { extractor, cancellable, hang, NULL, NULL };
  GThread *thread;

  sl_extractor_set_helper_args (extractor, args);
  sl_extractor_set_timeout (extractor, 60000);
  thread = g_thread_new ("cancel", cancel_thread, &cancel);
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_null (cancel.reply);
  g_assert_error (cancel.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&cancel.error);
  assert_extracts (extractor, after, "text", "after@example.com");
}

typedef struct
{
  SlExtractor *extractor;
  char        *path;
  guint        n_ok;
} ParallelData;

static gpointer
parallel_thread (gpointer user_data)
{
  ParallelData *data = user_data;

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(JsonNode) reply = sl_extractor_extract (data->extractor, data->path,
                                                        SL_EXTRACT_PARSE_RESUME, NULL, NULL);

      if (reply != NULL)
        data->n_ok++;
    }
  return NULL;
}

static void
test_parallel (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (2);
  ParallelData threads[4];
  GThread *handles[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(SlGenResume) resume = sl_gen_resume_new (i);
      g_autofree char *name = g_strdup_printf ("r%u.txt", i);

      threads[i].extractor = extractor;
      threads[i].path = write_text (fixture, name, resume->text);
      threads[i].n_ok = 0;
      handles[i] = g_thread_new ("parallel", parallel_thread, &threads[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (handles[i]);
      g_assert_cmpuint (threads[i].n_ok, ==, 10);
      g_free (threads[i].path);
    }
}

static void
test_missing_helper (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *helper = g_build_filename (fixture->dir, "no-such-helper", NULL);
  g_autofree char *path = write_text (fixture, "a.txt", "Text\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  sl_extractor_set_helper_path (extractor, helper);
  reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_NONE, NULL, &error);
  g_assert_null (reply);
  g_assert_nonnull (error);
  g_assert_false (error->domain == SL_EXTRACT_ERROR);
}

static GPtrArray *
list_children (void)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *task;

  while (tasks != NULL && (task = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/children", task);
      g_autofree char *contents = NULL;
      g_auto(GStrv) pids = NULL;

      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (contents), " ", -1);
      for (guint i = 0; pids[i] != NULL; i++)
        {
          if (pids[i][0] != '\0')
            g_ptr_array_add (children, g_strdup (pids[i]));
        }
    }
  return children;
}

static void
test_limits (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *path = write_text (fixture, "a.txt", "Jane Roe\njane@example.com\n");
  g_autoptr(GPtrArray) children = NULL;
  gboolean found = FALSE;

  if (!g_file_test ("/proc/self/task", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("No /proc here");
      return;
    }

  /* The worker stays alive between files: read its limits. */
  assert_extracts (extractor, path, "text", "jane@example.com");
  children = list_children ();
  for (guint i = 0; i < children->len; i++)
    {
      g_autofree char *exe_link = g_strdup_printf ("/proc/%s/exe", (char *)g_ptr_array_index (children, i));
      g_autofree char *limits_path = g_strdup_printf ("/proc/%s/limits", (char *)g_ptr_array_index (children, i));
      g_autofree char *exe = g_file_read_link (exe_link, NULL);
      g_autofree char *limits = NULL;
      g_auto(GStrv) lines = NULL;

      if (exe == NULL || !g_str_has_suffix (exe, "shortlist-extract"))
        continue;
      g_assert_true (g_file_get_contents (limits_path, &limits, NULL, NULL));
      lines = g_strsplit (limits, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          if (g_str_has_prefix (lines[j], "Max file size"))
            g_assert_nonnull (g_regex_match_simple ("^Max file size +0 +0 ", lines[j], 0, 0) ? lines[j] : NULL);
          else if (g_str_has_prefix (lines[j], "Max open files"))
            g_assert_true (g_regex_match_simple ("^Max open files +32 +32 ", lines[j], 0, 0));
#if !defined(__SANITIZE_ADDRESS__)
          else if (g_str_has_prefix (lines[j], "Max address space"))
            {
              /* 1 GiB for documents on top of the libraries and the taxonomy. */
              guint64 bytes = g_ascii_strtoull (lines[j] + strlen ("Max address space"), NULL, 10);

              g_assert_cmpuint (bytes, >, G_GUINT64_CONSTANT (1) << 30);
              g_assert_cmpuint (bytes, <, G_GUINT64_CONSTANT (3) << 30);
            }
#endif
          else if (g_str_has_prefix (lines[j], "Max cpu time"))
            g_assert_false (g_regex_match_simple ("^Max cpu time +unlimited +unlimited", lines[j], 0, 0));
        }
      found = TRUE;
    }
  g_assert_true (found);
}

static void
test_helper_fails_to_start (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *args[] = { "--no-such-option", NULL };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *path = write_text (fixture, "a.txt", "Text\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) reply = NULL;

  /* A helper that exits before saying it is ready fails the request, and
   * the file is not blamed for a crash. */
  sl_extractor_set_helper_args (extractor, args);
  reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_NONE, NULL, &error);
  g_assert_null (reply);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_FAILED);
}

static gboolean
profile_has_skill (JsonNode   *reply,
                   const char *skill)
{
  JsonObject *profile = json_object_get_object_member (json_node_get_object (reply), "profile");
  JsonArray *skills = json_object_get_array_member (profile, "skills");

  for (guint i = 0; i < json_array_get_length (skills); i++)
    {
      if (g_strcmp0 (json_array_get_string_element (skills, i), skill) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_user_skills (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SlExtractor) extractor = sl_extractor_new (1);
  g_autofree char *path = write_text (fixture, "quux.txt",
                                      "Ada Quux\nada@example.com\n\nSkills\nQL, Python, Gizmo Scripting\n");
  g_autoptr(GError) error = NULL;
  JsonNode *reply;

  /* The shipped taxonomy knows neither. */
  reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (profile_has_skill (reply, "Python"));
  g_assert_false (profile_has_skill (reply, "Quuxlang"));
  json_node_unref (reply);

  /* A running worker is replaced when the skills change. */
  g_assert_true (sl_extractor_set_user_skills (extractor, "Quuxlang\tQL\tLanguages\n", &error));
  g_assert_no_error (error);
  reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (profile_has_skill (reply, "Quuxlang"));
  g_assert_false (profile_has_skill (reply, "Gizmotry"));
  json_node_unref (reply);

  g_assert_true (sl_extractor_set_user_skills (extractor, "Gizmotry\tGizmo Scripting\t\n", &error));
  g_assert_no_error (error);
  reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (profile_has_skill (reply, "Quuxlang"));
  g_assert_true (profile_has_skill (reply, "Gizmotry"));
  json_node_unref (reply);

  g_assert_true (sl_extractor_set_user_skills (extractor, NULL, &error));
  reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (profile_has_skill (reply, "Gizmotry"));
  json_node_unref (reply);
}

static void
test_error_codes (void)
{
  for (int code = SL_EXTRACT_ERROR_FAILED; code <= SL_EXTRACT_ERROR_NOT_FOUND; code++)
    {
      SlExtractError back;

      g_assert_true (sl_extract_error_from_code (sl_extract_error_to_code (code), &back));
      g_assert_cmpint (back, ==, code);
    }
  g_assert_cmpstr (sl_extract_error_to_code (SL_EXTRACT_ERROR_READER_CRASHED), ==, "reader_crashed");
  g_assert_cmpstr (sl_extract_error_to_code (SL_EXTRACT_ERROR_NO_TEXT), ==, "no_text");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/extractor/error-codes", test_error_codes);
  g_test_add ("/sl/extractor/formats", Fixture, NULL, fixture_setup, test_formats, fixture_teardown);
  g_test_add ("/sl/extractor/hostile", Fixture, NULL, fixture_setup, test_hostile, fixture_teardown);
  g_test_add ("/sl/extractor/crash", Fixture, NULL, fixture_setup, test_crash, fixture_teardown);
  g_test_add ("/sl/extractor/timeout", Fixture, NULL, fixture_setup, test_timeout, fixture_teardown);
  g_test_add ("/sl/extractor/render", Fixture, NULL, fixture_setup, test_render, fixture_teardown);
  g_test_add ("/sl/extractor/killed-while-idle", Fixture, NULL, fixture_setup, test_killed_while_idle, fixture_teardown);
  g_test_add ("/sl/extractor/memory-limit", Fixture, NULL, fixture_setup, test_memory_limit, fixture_teardown);
  g_test_add ("/sl/extractor/cpu-limit", Fixture, NULL, fixture_setup, test_cpu_limit, fixture_teardown);
  g_test_add ("/sl/extractor/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/sl/extractor/parallel", Fixture, NULL, fixture_setup, test_parallel, fixture_teardown);
  g_test_add ("/sl/extractor/limits", Fixture, NULL, fixture_setup, test_limits, fixture_teardown);
  g_test_add ("/sl/extractor/helper-fails-to-start", Fixture, NULL, fixture_setup, test_helper_fails_to_start, fixture_teardown);
  g_test_add ("/sl/extractor/user-skills", Fixture, NULL, fixture_setup, test_user_skills, fixture_teardown);
  g_test_add ("/sl/extractor/missing-helper", Fixture, NULL, fixture_setup, test_missing_helper, fixture_teardown);

  return g_test_run ();
}
