/* Batch import: folders, hostile files, duplicates, jobs, erasure, async. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sl-doc-gen.h"
#include "sl-importer.h"

typedef struct
{
  char       *dir;
  char       *inbox;
  SlStore    *store;
  SlImporter *importer;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autoptr(SlExtractor) extractor = sl_extractor_new (2);
  const char *args[] = { "--test-crash-on=CRASH", "--test-hang-on=HANG", NULL };

  fixture->dir = g_dir_make_tmp ("test-importer-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->inbox = g_build_filename (fixture->dir, "inbox", NULL);
  g_assert_cmpint (g_mkdir (fixture->inbox, 0700), ==, 0);
  db = g_build_filename (fixture->dir, "shortlist.db", NULL);
  fixture->store = sl_store_new (db, &error);
  g_assert_no_error (error);

  sl_extractor_set_helper_args (extractor, args);
  sl_extractor_set_timeout (extractor, 2000);
  fixture->importer = sl_importer_new (fixture->store, extractor, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
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
  g_assert_finalize_object (fixture->importer);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->inbox);
  g_free (fixture->dir);
}

static char *
put (Fixture    *fixture,
     const char *name,
     GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->inbox, name, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (sl_gen_write (path, bytes, &error));
  return path;
}

static char *
put_text (Fixture    *fixture,
          const char *name,
          const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return put (fixture, name, bytes);
}

static GPtrArray *
import (Fixture            *fixture,
        const char * const *paths)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = sl_importer_import (fixture->importer, paths, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static const SlImportResult *
find_result (GPtrArray  *results,
             const char *name)
{
  for (guint i = 0; i < results->len; i++)
    {
      const SlImportResult *result = g_ptr_array_index (results, i);

      if (g_str_has_suffix (result->path, name))
        return result;
    }
  g_error ("No result for %s", name);
  return NULL;
}

static guint
count_blobs (Fixture *fixture)
{
  g_autofree char *root = g_build_filename (fixture->dir, "originals", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (root, name, NULL);
      g_autoptr(GDir) inner = g_dir_open (sub, 0, NULL);

      while (inner != NULL && g_dir_read_name (inner) != NULL)
        n++;
    }
  return n;
}

static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(SlGenResume) r1 = sl_gen_resume_new (11);
  g_autoptr(SlGenResume) r2 = sl_gen_resume_new (12);
  g_autoptr(SlGenResume) r3 = sl_gen_resume_new (13);
  g_autoptr(SlGenResume) r4 = sl_gen_resume_new (14);
  g_autoptr(GBytes) pdf = sl_gen_pdf (r1->name, r1->sidebar, r1->main);
  g_autoptr(GBytes) docx = sl_gen_docx (r2->text, NULL, NULL);
  g_autoptr(GBytes) odt = sl_gen_odt (r3->text, NULL);
  g_autoptr(GBytes) bomb = sl_gen_docx_bomb (64 * 1024 * 1024);
  g_autoptr(GBytes) encrypted = sl_gen_pdf_encrypted ();
  g_autoptr(GBytes) scanned = sl_gen_pdf_pages (NULL, 1);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (pdf, 0, 300);
  g_autoptr(GBytes) nested = sl_gen_docx_with_body ("<w:document><w:body><w:p><w:p><w:p><w:p>");
  g_autoptr(GBytes) binary = NULL;
  g_autofree char *json_src = g_test_build_filename (G_TEST_DIST, "data", "import", "tomas-reyes-nurse.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *big = g_build_filename (fixture->inbox, "huge.txt", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "not-there.pdf", NULL);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(SlCandidate) candidate = NULL;
  g_autoptr(GError) error = NULL;
  guint8 noise[256];
  gsize json_len;
  int fd;
  const char *paths[3];
  const struct { const char *name; const char *code; } expected_errors[] = {
    { "bomb.docx", "too_large" },
    { "secret.pdf", "encrypted" },
    { "scan.pdf", "no_text" },
    { "truncated.pdf", "corrupt" },
    { "nested.docx", "corrupt" },
    { "binary.pdf", "unsupported" },
    { "empty.pdf", "empty" },
    { "huge.txt", "too_large" },
    { "CRASH.txt", "reader_crashed" },
    { "HANG.txt", "timeout" },
    { "not-there.pdf", "not_found" },
  };

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (i * 167 + 13) % 256;
  binary = g_bytes_new (noise, sizeof noise);

  g_free (put (fixture, "two-columns.pdf", pdf));
  g_free (put (fixture, "sub/folder/resume.docx", docx));
  g_free (put (fixture, "resume.odt", odt));
  g_free (put_text (fixture, "plain.txt", r4->text));
  g_assert_true (g_file_get_contents (json_src, &json, &json_len, NULL));
  g_free (put_text (fixture, "tomas.json", json));
  g_free (put_text (fixture, ".hidden.txt", "never read"));
  g_free (put (fixture, "bomb.docx", bomb));
  g_free (put (fixture, "secret.pdf", encrypted));
  g_free (put (fixture, "scan.pdf", scanned));
  g_free (put (fixture, "truncated.pdf", truncated));
  g_free (put (fixture, "nested.docx", nested));
  g_free (put (fixture, "binary.pdf", binary));
  g_free (put_text (fixture, "empty.pdf", ""));
  g_free (put_text (fixture, "CRASH.txt", r1->text));
  g_free (put_text (fixture, "HANG.txt", r1->text));
  /* Over the size limit without writing 20 MiB: a sparse file. */
  fd = g_open (big, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (ftruncate (fd, SL_EXTRACT_MAX_FILE_SIZE + 1), ==, 0);
  g_close (fd, NULL);

  paths[0] = fixture->inbox;
  paths[1] = missing;
  paths[2] = NULL;
  results = import (fixture, paths);

  /* Every file but the hidden one has a result; nothing is dropped. */
  g_assert_cmpuint (results->len, ==, 5 + G_N_ELEMENTS (expected_errors));
  for (guint i = 0; i < G_N_ELEMENTS (expected_errors); i++)
    {
      const SlImportResult *result = find_result (results, expected_errors[i].name);

      g_assert_cmpint (result->status, ==, SL_IMPORT_STATUS_ERROR);
      g_assert_cmpstr (sl_import_result_get_error_code (result), ==, expected_errors[i].code);
      g_assert_nonnull (result->error->message);
    }

  {
    const char *good[] = { "two-columns.pdf", "sub/folder/resume.docx", "resume.odt", "plain.txt", "tomas.json" };
    SlGenResume *generated[] = { r1, r2, r3, r4, NULL };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
      {
        const SlImportResult *result = find_result (results, good[i]);
        g_autoptr(SlCandidate) imported = NULL;

        g_assert_cmpint (result->status, ==, SL_IMPORT_STATUS_IMPORTED);
        g_assert_cmpint (result->candidate_id, >, 0);
        g_assert_null (result->error);
        imported = sl_store_get_candidate (fixture->store, result->candidate_id, &error);
        g_assert_no_error (error);
        if (generated[i] != NULL)
          {
            const char * const *emails = sl_candidate_get_emails (imported);

            g_assert_nonnull (emails);
            g_assert_true (g_strv_contains (emails, generated[i]->email));
            g_assert_nonnull (strstr (sl_candidate_get_text (imported), generated[i]->company));
          }
      }
  }

  candidate = sl_store_get_candidate (fixture->store, find_result (results, "tomas.json")->candidate_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_candidate_get_name (candidate), ==, "Tomás Reyes");
  g_assert_cmpint (sl_candidate_get_education_level (candidate), >=, SL_EDUCATION_NONE);

  /* One original per imported file, none for the failures. */
  g_assert_cmpuint (count_blobs (fixture), ==, 5);
}

static void
test_duplicates (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(SlGenResume) r = sl_gen_resume_new (21);
  g_autoptr(SlGenResume) other = sl_gen_resume_new (22);
  g_autofree char *first = put_text (fixture, "first.txt", r->text);
  g_autofree char *again = put_text (fixture, "again.txt", r->text);
  g_autofree char *reflowed_text = g_strdup_printf ("  %s\n\n", r->text);
  g_autofree char *reflowed = NULL;
  g_autofree char *same_email_text = g_strdup_printf ("Someone Else\n%s\nNew text entirely\n", r->email);
  g_autofree char *same_email = put_text (fixture, "email.txt", same_email_text);
  g_autofree char *same_phone_text = g_strdup_printf ("%s\nthird@example.org\nPhone: %s\n", r->name, r->phone);
  g_autofree char *same_phone = put_text (fixture, "phone.txt", same_phone_text);
  /* A shared number (a switchboard, a template) does not make two names one person. */
  g_autofree char *shared_phone_text = g_strdup_printf ("Fourth Person\nfourth@example.org\nPhone: %s\n", r->phone);
  g_autofree char *shared_phone = put_text (fixture, "shared-phone.txt", shared_phone_text);
  g_autofree char *different = put_text (fixture, "different.txt", other->text);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  const SlImportResult *original;
  gint64 id;
  const char *p1[] = { first, NULL };

  {
    g_autoptr(GString) s = g_string_new (reflowed_text);

    /* The same words with other line breaks and case. */
    g_string_replace (s, "\n", " \n ", 0);
    g_free (reflowed_text);
    reflowed_text = g_utf8_strup (s->str, -1);
    reflowed = put_text (fixture, "reflowed.txt", reflowed_text);
  }

  results = import (fixture, p1);
  original = g_ptr_array_index (results, 0);
  g_assert_cmpint (original->status, ==, SL_IMPORT_STATUS_IMPORTED);
  id = original->candidate_id;

  {
    const char *all[] = { first, again, reflowed, same_email, same_phone, different, shared_phone, NULL };
    const char *reasons[] = { "file", "file", "text", "email", "phone" };
    g_autoptr(GPtrArray) more = import (fixture, all);

    for (guint i = 0; i < 5; i++)
      {
        const SlImportResult *result = find_result (more, all[i]);

        g_assert_cmpint (result->status, ==, SL_IMPORT_STATUS_DUPLICATE);
        g_assert_cmpint (result->candidate_id, ==, id);
        g_assert_cmpstr (sl_duplicate_reason_to_string (result->duplicate_reason), ==, reasons[i]);
      }
    g_assert_cmpint (find_result (more, different)->status, ==, SL_IMPORT_STATUS_IMPORTED);
    g_assert_cmpint (find_result (more, shared_phone)->status, ==, SL_IMPORT_STATUS_IMPORTED);
  }

  candidates = sl_store_list_candidates (fixture->store, NULL);
  g_assert_cmpuint (candidates->len, ==, 3);
  /* Duplicates keep no original of their own. */
  g_assert_cmpuint (count_blobs (fixture), ==, 3);
}

static void
test_job_and_erase (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(SlGenResume) r = sl_gen_resume_new (31);
  g_autoptr(SlGenResume) other = sl_gen_resume_new (32);
  g_autoptr(GBytes) pdf = sl_gen_pdf (NULL, r->text, NULL);
  g_autofree char *path = put (fixture, "r.pdf", pdf);
  g_autofree char *other_path = put_text (fixture, "other.txt", other->text);
  g_autoptr(SlJob) job = sl_job_new ("Engineer");
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GArray) applied = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlFiles) files = NULL;
  g_auto(GStrv) orphans = NULL;
  g_autofree char *sha256 = NULL;
  const char *paths[] = { path, NULL };
  const char *both[] = { path, other_path, NULL };
  gint64 id;

  results = import (fixture, paths);
  id = ((SlImportResult *)g_ptr_array_index (results, 0))->candidate_id;

  /* Importing for a job links new candidates and duplicates alike. */
  sl_job_set_description (job, "Build things");
  g_assert_true (sl_store_add_job (fixture->store, job, &error));
  sl_importer_set_job_id (fixture->importer, sl_job_get_id (job));
  second = import (fixture, both);
  applied = sl_store_import_list_applications (fixture->store, sl_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied->len, ==, 2);

  /* Erasure removes the original too. */
  files = g_object_ref (sl_importer_get_files (fixture->importer));
  sha256 = sl_store_import_dup_document_sha256 (fixture->store, id, &error);
  g_assert_nonnull (sha256);
  g_assert_true (sl_files_contains (files, sha256));
  g_assert_true (sl_store_import_erase_candidate (fixture->store, id, &orphans, &error));
  g_assert_no_error (error);
  for (guint i = 0; orphans[i] != NULL; i++)
    g_assert_true (sl_files_remove_unreferenced (files, fixture->store, orphans[i], &error));
  g_assert_false (sl_files_contains (files, sha256));
  g_assert_null (sl_store_get_candidate (fixture->store, id, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&applied, g_array_unref);
  applied = sl_store_import_list_applications (fixture->store, sl_job_get_id (job), &error);
  g_assert_cmpuint (applied->len, ==, 1);
  g_assert_cmpuint (count_blobs (fixture), ==, 1);

  /* The same file can come back as a new candidate after erasure. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = import (fixture, paths);
  g_assert_cmpint (((SlImportResult *)g_ptr_array_index (results, 0))->status, ==, SL_IMPORT_STATUS_IMPORTED);
}

typedef struct
{
  GThread   *main_thread;
  guint      n_progress;
  guint      last_total;
  gboolean   done;
  gboolean   progress_after_done;
  GPtrArray *results;
  GError    *error;
} AsyncState;

static void
async_progress_cb (const SlImportResult *result,
                   guint                 done,
                   guint                 total,
                   gpointer              user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  state->n_progress++;
  g_assert_cmpuint (done, ==, state->n_progress);
  state->last_total = total;
  if (state->done)
    state->progress_after_done = TRUE;
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;

  state->results = sl_importer_import_finish (SL_IMPORTER (object), result, &state->error);
  state->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  AsyncState state = { g_thread_self (), 0 };
  const char *paths[] = { fixture->inbox, NULL };
  gint64 deadline;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(SlGenResume) r = sl_gen_resume_new (40 + i);
      g_autofree char *name = g_strdup_printf ("r%02u.txt", i);

      g_free (put_text (fixture, name, r->text));
    }
  g_free (put_text (fixture, "empty.txt", ""));

  sl_importer_import_async (fixture->importer, paths, async_progress_cb, &state, NULL, NULL,
                            async_done_cb, &state);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!state.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (state.done);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.results->len, ==, 13);
  g_assert_cmpuint (state.n_progress, ==, 13);
  g_assert_cmpuint (state.last_total, ==, 13);
  g_assert_false (state.progress_after_done);
  g_ptr_array_unref (state.results);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  const char *paths[] = { fixture->inbox, NULL };

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SlGenResume) r = sl_gen_resume_new (60 + i);
      g_autofree char *name = g_strdup_printf ("r%02u.txt", i);

      g_free (put_text (fixture, name, r->text));
    }
  g_cancellable_cancel (cancellable);
  results = sl_importer_import (fixture->importer, paths, NULL, NULL, cancellable, &error);
  g_assert_null (results);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  candidates = sl_store_list_candidates (fixture->store, NULL);
  g_assert_cmpuint (candidates->len, ==, 0);
}

static void
test_collect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *a = put_text (fixture, "b/a.txt", "a");
  g_autofree char *b = put_text (fixture, "a.txt", "b");
  g_autofree char *link = g_build_filename (fixture->inbox, "loop", NULL);
  const char *paths[] = { fixture->inbox, NULL };
  g_autoptr(GPtrArray) files = NULL;

  g_free (put_text (fixture, ".git/config", "c"));
  /* A link back to the folder would recurse forever if followed. */
  g_assert_cmpint (symlink (fixture->inbox, link), ==, 0);
  files = sl_importer_collect_files (paths);
  g_assert_cmpuint (files->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (files, 0), ==, b);
  g_assert_cmpstr (g_ptr_array_index (files, 1), ==, a);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sl/importer/collect", Fixture, NULL, fixture_setup, test_collect, fixture_teardown);
  g_test_add ("/sl/importer/batch", Fixture, NULL, fixture_setup, test_batch, fixture_teardown);
  g_test_add ("/sl/importer/duplicates", Fixture, NULL, fixture_setup, test_duplicates, fixture_teardown);
  g_test_add ("/sl/importer/job-and-erase", Fixture, NULL, fixture_setup, test_job_and_erase, fixture_teardown);
  g_test_add ("/sl/importer/async", Fixture, NULL, fixture_setup, test_async, fixture_teardown);
  g_test_add ("/sl/importer/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);

  return g_test_run ();
}
