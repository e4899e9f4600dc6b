/* Tests for the candidate page's side of the store: corrections, duplicate
 * links and the original document. */
#define G_LOG_DOMAIN "test-store-profile"

#include "config.h"

#include <glib/gstdio.h>
/* Duplicate links and documents come from the importer: the fixtures insert
 * them with SQL of their own. */
#include <sqlite3.h>

#include "sl-store-profile.h"

typedef struct
{
  char    *dir;
  char    *path;
  SlStore *store;
  gint64   ids[2];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shortlist-profile-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "shortlist.db", NULL);
  fixture->store = sl_store_new (fixture->path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (fixture->ids); i++)
    {
      g_autoptr(SlCandidate) candidate = sl_candidate_new (i == 0 ? "Ana Sousa" : "Ana M. Sousa");

      sl_candidate_set_headline (candidate, "Python developer");
      sl_candidate_set_years_experience (candidate, 4);
      g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
      g_assert_no_error (error);
      fixture->ids[i] = sl_candidate_get_id (candidate);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
  g_unlink (fixture->path);
  g_unlink (wal);
  g_unlink (shm);
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
exec_sql (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
test_corrections (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) first = json_object_new ();
  g_autoptr(JsonObject) second = json_object_new ();
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(SlCandidate) candidate = NULL;

  saved = sl_store_profile_dup_corrections (fixture->store, fixture->ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (saved), ==, 0);
  g_clear_pointer (&saved, json_object_unref);

  json_object_set_string_member (first, "headline", "Staff engineer");
  json_object_set_double_member (first, "years_experience", 7.5);
  g_assert_true (sl_store_profile_save_corrections (fixture->store, fixture->ids[0], first,
                                                    &error));
  g_assert_no_error (error);

  /* A later correction merges with the earlier ones. */
  json_object_set_string_member (second, "education_level", "master");
  g_assert_true (sl_store_profile_save_corrections (fixture->store, fixture->ids[0], second,
                                                    &error));
  g_assert_no_error (error);

  candidate = sl_store_get_candidate (fixture->store, fixture->ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_candidate_get_name (candidate), ==, "Ana Sousa");
  g_assert_cmpstr (sl_candidate_get_headline (candidate), ==, "Staff engineer");
  g_assert_cmpfloat_with_epsilon (sl_candidate_get_years_experience (candidate), 7.5, 1e-9);
  g_assert_cmpint (sl_candidate_get_education_level (candidate), ==, SL_EDUCATION_MASTER);

  saved = sl_store_profile_dup_corrections (fixture->store, fixture->ids[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (saved), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (saved, "headline"), ==, "Staff engineer");
  g_assert_cmpstr (json_object_get_string_member (saved, "education_level"), ==, "master");
}

static void
test_invalid_corrections (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) unknown = json_object_new ();
  g_autoptr(JsonObject) level = json_object_new ();
  g_autoptr(JsonObject) none = json_object_new ();

  json_object_set_string_member (unknown, "salary", "lots");
  g_assert_false (sl_store_profile_save_corrections (fixture->store, fixture->ids[0], unknown,
                                                     &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  json_object_set_string_member (level, "education_level", "wizard");
  g_assert_false (sl_store_profile_save_corrections (fixture->store, fixture->ids[0], level,
                                                     &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  json_object_set_string_member (none, "name", "Nobody");
  g_assert_false (sl_store_profile_save_corrections (fixture->store, 9999, none, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
}

static void
test_duplicates_and_document (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(SlDocumentInfo) info = NULL;
  g_autofree char *sql = NULL;
  SlDuplicateLink *link;

  info = sl_store_profile_dup_document (fixture->store, fixture->ids[0], &error);
  g_assert_no_error (error);
  g_assert_null (info);

  sql = g_strdup_printf ("INSERT INTO duplicate_links (candidate_id, other_id, reason, similarity,"
                         " created_at) VALUES (%lld, %lld, 'near', 0.985, 0);"
                         "INSERT INTO documents (sha256, filename, mime_type, size, pages,"
                         " imported_at) VALUES ('%064d', 'ana.pdf', 'application/pdf', 1234, 2, 0);"
                         "UPDATE candidates SET document_id = last_insert_rowid() WHERE id = %lld;",
                         (long long)fixture->ids[1], (long long)fixture->ids[0], 7,
                         (long long)fixture->ids[0]);
  exec_sql (fixture, sql);

  /* The link shows from both sides. */
  for (guint i = 0; i < 2; i++)
    {
      links = sl_store_profile_list_duplicates (fixture->store, fixture->ids[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (links->len, ==, 1);
      link = g_ptr_array_index (links, 0);
      g_assert_cmpint (link->other_id, ==, fixture->ids[1 - i]);
      g_assert_cmpstr (link->other_name, ==, i == 0 ? "Ana M. Sousa" : "Ana Sousa");
      g_assert_cmpstr (link->reason, ==, "near");
      g_assert_cmpfloat_with_epsilon (link->similarity, 0.985, 1e-9);
      g_clear_pointer (&links, g_ptr_array_unref);
    }

  info = sl_store_profile_dup_document (fixture->store, fixture->ids[0], &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->filename, ==, "ana.pdf");
  g_assert_cmpstr (info->mime_type, ==, "application/pdf");
  g_assert_cmpint (info->size, ==, 1234);
  g_assert_cmpint (info->pages, ==, 2);
  g_assert_cmpuint (strlen (info->sha256), ==, 64);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sl/store/profile/corrections", test_corrections);
  ADD ("/sl/store/profile/invalid-corrections", test_invalid_corrections);
  ADD ("/sl/store/profile/duplicates-and-document", test_duplicates_and_document);

#undef ADD

  return g_test_run ();
}
