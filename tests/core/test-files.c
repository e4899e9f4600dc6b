/* Content-addressed originals. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sl-files.h"
#include "sl-store-import.h"

typedef struct
{
  char    *dir;
  SlStore *store;
  SlFiles *files;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  fixture->dir = g_dir_make_tmp ("test-files-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->dir, "shortlist.db", NULL);
  fixture->store = sl_store_new (db, &error);
  g_assert_no_error (error);
  fixture->files = sl_files_new_for_store (fixture->store);
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
  /* Let the store deliver its queued "changed" signals, which hold a reference. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->files);
  g_assert_finalize_object (fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      n += g_file_test (child, G_FILE_TEST_IS_DIR) ? count_files (child) : 1;
    }
  return n;
}

static void
test_store_and_load (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *content = "%PDF-1.4 pretend resume";
  g_autoptr(GBytes) bytes = g_bytes_new_static (content, strlen (content));
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *again = NULL;
  g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
  g_autofree char *path = NULL;
  g_autofree char *root = g_build_filename (fixture->dir, "originals", NULL);
  char prefix[3] = { expected[0], expected[1], '\0' };
  g_autofree char *expected_path = g_build_filename (root, prefix, expected, NULL);

  g_assert_cmpstr (sl_files_get_root (fixture->files), ==, root);
  g_assert_true (sl_files_store (fixture->files, bytes, &sha256, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sha256, ==, expected);
  g_assert_true (sl_files_is_valid_sha256 (sha256));

  path = sl_files_dup_path (fixture->files, sha256);
  g_assert_cmpstr (path, ==, expected_path);
  g_assert_true (sl_files_contains (fixture->files, sha256));

  /* Storing the same content again is a no-op; no temporary files remain. */
  g_assert_true (sl_files_store (fixture->files, bytes, &again, &error));
  g_assert_cmpstr (again, ==, sha256);
  g_assert_cmpuint (count_files (root), ==, 1);

  loaded = sl_files_load (fixture->files, sha256, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, bytes));

  g_assert_false (sl_files_is_valid_sha256 ("../../etc/passwd"));
  g_assert_false (sl_files_is_valid_sha256 (NULL));
  g_assert_null (sl_files_load (fixture->files, "../x", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
}

static void
test_remove_unreferenced (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GBytes) kept = g_bytes_new_static ("kept", 4);
  g_autoptr(GBytes) dropped = g_bytes_new_static ("dropped", 7);
  g_autofree char *kept_sha = NULL;
  g_autofree char *dropped_sha = NULL;
  g_autoptr(GError) error = NULL;
  SlImportRecord record = { 0 };
  SlDuplicateReason reason;
  gint64 id = 0;
  g_auto(GStrv) orphans = NULL;

  g_assert_true (sl_files_store (fixture->files, kept, &kept_sha, &error));
  g_assert_true (sl_files_store (fixture->files, dropped, &dropped_sha, &error));

  /* A document row refers to the first blob. */
  record.sha256 = kept_sha;
  record.filename = "kept.txt";
  record.mime_type = "text/plain";
  record.size = 4;
  record.text = "kept";
  record.fallback_name = "Kept";
  g_assert_true (sl_store_import_candidate (fixture->store, &record, &id, &reason, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_assert_true (sl_files_remove_unreferenced (fixture->files, fixture->store, kept_sha, &error));
  g_assert_true (sl_files_remove_unreferenced (fixture->files, fixture->store, dropped_sha, &error));
  g_assert_no_error (error);
  g_assert_true (sl_files_contains (fixture->files, kept_sha));
  g_assert_false (sl_files_contains (fixture->files, dropped_sha));
  /* Removing what is gone already succeeds. */
  g_assert_true (sl_files_remove_unreferenced (fixture->files, fixture->store, dropped_sha, &error));

  /* Erasing the candidate frees the blob. */
  g_assert_true (sl_store_import_erase_candidate (fixture->store, id, &orphans, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (orphans), ==, 1);
  g_assert_cmpstr (orphans[0], ==, kept_sha);
  g_assert_true (sl_files_remove_unreferenced (fixture->files, fixture->store, kept_sha, &error));
  g_assert_false (sl_files_contains (fixture->files, kept_sha));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sl/files/store-and-load", Fixture, NULL, fixture_setup, test_store_and_load, fixture_teardown);
  g_test_add ("/sl/files/remove-unreferenced", Fixture, NULL, fixture_setup, test_remove_unreferenced, fixture_teardown);

  return g_test_run ();
}
