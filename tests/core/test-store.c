#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "sl-screening.h"
#include "sl-store-import.h"
#include "sl-store-models.h"
#include "sl-store-list.h"
#include "sl-store-matching.h"
#include "sl-store-private.h"
#include "sl-store-schema.h"
#include "sl-store-screening-bulk.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sl-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shortlist.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
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
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

static gint64
query_int64 (SlStore    *store,
             const char *sql)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (_sl_store_get_mutex (store));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = _sl_store_prepare (store, sql, &error);
  gboolean has_row = FALSE;
  gint64 value;

  g_assert_no_error (error);
  g_assert_true (_sl_store_step_row (store, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
exec_sql (SlStore     *store,
          const char  *sql,
          GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (_sl_store_get_mutex (store));

  return _sl_store_exec (store, sql, error);
}

/* Iterates the default context until *flag is set or the deadline passes. */
static void
wait_for_flag (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*flag);
}

static void
test_create_and_reopen (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Data Engineer");
  g_autoptr(SlJob) loaded = NULL;
  gint64 id;

  store = sl_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (sl_store_get_path (store), ==, f->path);
  g_assert_cmpint (query_int64 (store, "PRAGMA user_version"), ==, sl_store_get_schema_version ());
  g_assert_cmpint (query_int64 (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'candidates_fts'"), ==, 1);
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (_sl_store_get_mutex (store));
    sqlite3_stmt *stmt = _sl_store_prepare (store, "PRAGMA journal_mode", &error);
    gboolean has_row;

    g_assert_true (_sl_store_step_row (store, stmt, &has_row, &error));
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "wal");
    sqlite3_reset (stmt);
  }

  sl_job_set_location (job, "Berlin");
  g_assert_true (sl_store_add_job (store, job, &error));
  g_assert_no_error (error);
  id = sl_job_get_id (job);
  g_assert_cmpint (id, >, 0);
  g_assert_true (sl_store_check_integrity (store, &error));
  g_clear_object (&store);

  store = sl_store_new (f->path, &error);
  g_assert_no_error (error);
  loaded = sl_store_get_job (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_job_get_title (loaded), ==, "Data Engineer");
  g_assert_cmpstr (sl_job_get_location (loaded), ==, "Berlin");
  g_assert_cmpint (sl_job_get_status (loaded), ==, SL_JOB_STATUS_OPEN);
}

static void
test_default_path (void)
{
  g_autofree char *path = sl_store_dup_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "shortlist", "shortlist.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_migrate_every_version (Fixture       *f,
                            gconstpointer  data)
{
  /* A database left at each earlier schema version opens and upgrades in place. */
  for (int version = 0; version < sl_store_get_schema_version (); version++)
    {
      g_autofree char *path = g_strdup_printf ("%s/v%d.db", f->dir, version);
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStore) store = NULL;

      g_assert_true (_sl_store_migrate_file_to (path, version, &error));
      g_assert_no_error (error);

      store = sl_store_new (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (query_int64 (store, "PRAGMA user_version"), ==, sl_store_get_schema_version ());
      g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit_log WHERE action = 'store.migrate'"),
                       ==, sl_store_get_schema_version ());
      g_assert_true (sl_store_check_integrity (store, &error));
    }
}

static void
write_raw_database (const char *path,
                    const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_refuse_newer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = 1397510996;"
                                          "CREATE TABLE future (x);"
                                          "PRAGMA user_version = %d;",
                                          sl_store_get_schema_version () + 7);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  write_raw_database (f->path, sql);
  before = file_checksum (f->path);

  store = sl_store_new (f->path, &error);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "newer version"));

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* Schema 1 → 2 keeps jobs, candidates, screenings with their full
 * features and other providers' vectors; it drops the lexical vectors
 * whose configuration is unknown and gives job_embeddings its new shape. */
static void
test_migrate_screening_features (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlTrainingSet) set = NULL;
  g_autofree char *sql = NULL;
  gint64 review_id;

  /* Four features 1.5, -2, 0.25, 8 as little-endian float32. */
  sql = g_strdup_printf ("%s"
                         "PRAGMA user_version = 1; PRAGMA application_id = 1397510996;"
                         "INSERT INTO jobs (id, title, created_at, updated_at) VALUES (1, 'Dev', 0, 0);"
                         "INSERT INTO candidates (id, name, imported_at, updated_at) VALUES (1, 'Ann', 0, 0);"
                         "INSERT INTO candidate_embeddings VALUES (1, 'lexical-v1/4', 1, x'0000803f', 0);"
                         "INSERT INTO candidate_embeddings VALUES (1, 'titan/4', 1, x'0000803f', 0);"
                         "INSERT INTO job_embeddings VALUES (1, 'titan/4', 1, x'0000803f', 0);"
                         "INSERT INTO screenings (id, job_id, candidate_id, score, similarity,"
                         " skill_coverage, mandatory_coverage, preferred_coverage, experience_fit,"
                         " education_fit, decision, threshold, embedder, features, created_at)"
                         " VALUES (7, 1, 1, 60, 0.5, 0.5, 0.5, 0.5, 1, 1, 'shortlist', 50,"
                         " 'lexical-v1/4', x'0000c03f000000c00000803e00000041', 0);",
                         sl_store_migrations[0]);
  write_raw_database (f->path, sql);

  store = sl_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (store, "PRAGMA user_version"), ==, sl_store_get_schema_version ());
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM candidate_embeddings"), ==, 1);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM candidate_embeddings"
                                       " WHERE model = 'titan/4'"), ==, 1);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM job_embeddings"
                                       " WHERE id > 0 AND model = 'titan/4'"), ==, 1);
  g_assert_cmpint (query_int64 (store, "SELECT features_partial + coalesce (job_embedding_id, 0)"
                                       " FROM screenings WHERE id = 7"), ==, 0);

  /* The old screening's full features become its review's. */
  review_id = sl_store_review_screening (store, 7, "shortlist", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (review_id, >, 0);
  set = sl_store_load_training_set (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->n, ==, 1);
  g_assert_cmpuint (set->d, ==, 4);
  g_assert_cmpfloat (set->x[0], ==, 1.5f);
  g_assert_cmpfloat (set->x[1], ==, -2.0f);
  g_assert_cmpfloat (set->x[2], ==, 0.25f);
  g_assert_cmpfloat (set->x[3], ==, 8.0f);
}

/* Migration 4 drops the stored sentence of older screenings, keeping the
 * rest of their explanation, which the sentence is now rendered from. */
static void
test_migrate_explanation_sentence (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("%s%s%s"
                         "PRAGMA user_version = 3; PRAGMA application_id = 1397510996;"
                         "INSERT INTO jobs (id, title, created_at, updated_at) VALUES (1, 'Dev', 0, 0);"
                         "INSERT INTO candidates (id, name, imported_at, updated_at) VALUES (1, 'Ann', 0, 0);"
                         "INSERT INTO screenings (id, job_id, candidate_id, score, similarity,"
                         " skill_coverage, mandatory_coverage, preferred_coverage, experience_fit,"
                         " education_fit, decision, threshold, embedder, explanation, created_at)"
                         " VALUES (7, 1, 1, 60, 0.5, 0.5, 0.5, 0.5, 1, 1, 'shortlist', 50, 'e',"
                         " '{\"matched_mandatory\":[\"Go\"],\"years\":4,\"sentence\":\"Has 1.\"}', 0),"
                         " (8, 1, 1, 40, 0.5, 0.5, 0.5, 0.5, 1, 1, 'reject', 50, 'e', '{}', 0);",
                         sl_store_migrations[0], sl_store_migrations[1], sl_store_migrations[2]);
  write_raw_database (f->path, sql);

  store = sl_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (store, "PRAGMA user_version"), ==, sl_store_get_schema_version ());
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings"), ==, 2);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings"
                                       " WHERE json_type (explanation, '$.sentence') IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings WHERE id = 7"
                                       " AND explanation ->> '$.matched_mandatory[0]' = 'Go'"
                                       " AND explanation ->> '$.years' = 4"), ==, 1);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings WHERE id = 8"
                                       " AND explanation = '{}'"), ==, 1);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return x < y ? -1 : x > y;
}

static gint64
add_screening_of (SlStore *store,
                  gint64   job_id,
                  gint64   candidate_id,
                  double   score)
{
  g_autoptr(GError) error = NULL;
  SlScreeningRecord record = { 0 };
  gint64 id;

  record.job_id = job_id;
  record.candidate_id = candidate_id;
  record.score = score;
  record.classifier = NAN;
  record.shadow_classifier = NAN;
  record.decision = score >= 50 ? "shortlist" : "reject";
  record.threshold = 50;
  record.embedder = "e";
  id = sl_store_add_screening (store, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* The ids of a job's current results, ascending. */
static char *
current_ids (SlStore *store,
             gint64   job_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sl_store_list_job_screenings (store, job_id, &error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_array_append_val (ids, ((SlStoredScreening *)g_ptr_array_index (rows, i))->id);
  g_array_sort (ids, compare_int64);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

/* Migration 5 keeps every row and which ones are current; a whole run
 * then replaces a job's results by its mark alone, a pair screened alone
 * retires its own row, and a row added after the newest rows were erased
 * still counts as current. */
static void
test_migrate_screening_runs (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlScreeningWriter) writer = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *ids = NULL;
  SlScreeningRecord records[2] = { { 0 } };
  gint64 run[2];
  gint64 alone;

  sql = g_strdup_printf ("%s%s%s%s"
                         "PRAGMA user_version = 4; PRAGMA application_id = 1397510996;"
                         "INSERT INTO jobs (id, title, created_at, updated_at) VALUES (1, 'Dev', 0, 0),"
                         " (2, 'Ops', 0, 0);"
                         "INSERT INTO candidates (id, name, imported_at, updated_at) VALUES (1, 'Ann', 0, 0),"
                         " (2, 'Ben', 0, 0), (3, 'Cy', 0, 0);"
                         "INSERT INTO screenings (id, job_id, candidate_id, score, similarity,"
                         " skill_coverage, mandatory_coverage, preferred_coverage, experience_fit,"
                         " education_fit, decision, threshold, embedder, current, created_at) VALUES"
                         " (7, 1, 1, 60, 0.5, 0.5, 0.5, 0.5, 1, 1, 'shortlist', 50, 'e', 0, 0),"
                         " (8, 1, 1, 40, 0.5, 0.5, 0.5, 0.5, 1, 1, 'reject', 50, 'e', 1, 0),"
                         " (9, 1, 2, 70, 0.5, 0.5, 0.5, 0.5, 1, 1, 'shortlist', 50, 'e', 1, 0),"
                         " (10, 2, 1, 30, 0.5, 0.5, 0.5, 0.5, 1, 1, 'reject', 50, 'e', 1, 0);",
                         sl_store_migrations[0], sl_store_migrations[1], sl_store_migrations[2],
                         sl_store_migrations[3]);
  write_raw_database (f->path, sql);

  store = sl_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (store, "PRAGMA user_version"), ==, sl_store_get_schema_version ());
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings"), ==, 4);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screening_runs"), ==, 0);
  ids = current_ids (store, 1);
  g_assert_cmpstr (ids, ==, "8 9");
  g_clear_pointer (&ids, g_free);

  /* A whole run of job 1: its two rows replace 8 and 9, which keep their
   * flags; job 2 keeps its result. */
  for (guint i = 0; i < 2; i++)
    {
      records[i].job_id = 1;
      records[i].candidate_id = i + 1;
      records[i].score = 55 + i;
      records[i].classifier = NAN;
      records[i].shadow_classifier = NAN;
      records[i].decision = "shortlist";
      records[i].threshold = 50;
      records[i].embedder = "e";
    }
  writer = sl_store_begin_screenings (store, &error);
  g_assert_no_error (error);
  g_assert_true (sl_screening_writer_retire (writer, 1, &error));
  g_assert_true (sl_screening_writer_add_many (writer, records, 2, run, &error));
  g_assert_true (sl_screening_writer_commit (writer, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&writer, sl_screening_writer_free);
  g_assert_cmpint (run[0], ==, 11);
  g_assert_cmpint (query_int64 (store, "SELECT first_id FROM screening_runs WHERE job_id = 1"), ==, 11);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings WHERE current = 1"), ==, 5);
  ids = current_ids (store, 1);
  g_assert_cmpstr (ids, ==, "11 12");
  g_clear_pointer (&ids, g_free);
  ids = current_ids (store, 2);
  g_assert_cmpstr (ids, ==, "10");
  g_clear_pointer (&ids, g_free);

  /* Ann screened alone for job 1 retires her row of the run only. */
  alone = add_screening_of (store, 1, 1, 90);
  g_assert_cmpint (alone, ==, 13);
  ids = current_ids (store, 1);
  g_assert_cmpstr (ids, ==, "12 13");
  g_clear_pointer (&ids, g_free);
  g_assert_cmpint (query_int64 (store, "SELECT current FROM screenings WHERE id = 8"), ==, 1);

  /* Erasing the candidates of the newest rows leaves ids below the mark
   * free; a new row still gets one at or above it. */
  g_assert_true (exec_sql (store, "DELETE FROM candidates WHERE id IN (1, 2)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (store, "SELECT coalesce (max (id), 0) FROM screenings"), ==, 0);
  alone = add_screening_of (store, 1, 3, 65);
  g_assert_cmpint (alone, >=, 11);
  ids = current_ids (store, 1);
  g_assert_cmpint (g_ascii_strtoll (ids, NULL, 10), ==, alone);
  g_assert_true (sl_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* Rows in the database file itself, not counting what the WAL holds. */
static gint64
count_in_file (const char *path,
               const char *sql)
{
  g_autofree char *uri = g_strdup_printf ("file:%s?immutable=1", path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* A screening's commit leaves its rows to another thread to copy from the
 * WAL into the database, and gives its connection back the automatic
 * checkpoint for the small writes that follow. */
static void
test_screening_writer_checkpoint (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlJob) job = sl_job_new ("Welder");
  g_autoptr(SlCandidate) candidate = sl_candidate_new ("Ann");
  g_autoptr(SlScreeningWriter) writer = NULL;
  g_autofree SlScreeningRecord *records = g_new0 (SlScreeningRecord, 3000);
  g_autofree gint64 *ids = g_new0 (gint64, 3000);

  g_assert_no_error (error);
  g_assert_true (sl_store_add_job (store, job, &error));
  g_assert_true (sl_store_add_candidate (store, candidate, &error));
  for (guint i = 0; i < 3000; i++)
    {
      records[i].job_id = sl_job_get_id (job);
      records[i].candidate_id = sl_candidate_get_id (candidate);
      records[i].score = i % 101;
      records[i].classifier = NAN;
      records[i].shadow_classifier = NAN;
      records[i].decision = "reject";
      records[i].threshold = 50;
      records[i].embedder = "test";
      records[i].explanation_json = "{\"missing_mandatory\":[\"Welding\",\"Rigging\"],\"years\":3}";
    }
  /* The schema, the job and the candidate reach the file first. */
  _sl_store_checkpoint_soon (store);
  _sl_store_wait_for_checkpoint (store);
  g_assert_cmpint (count_in_file (f->path, "SELECT count(*) FROM candidates"), ==, 1);
  g_assert_cmpint (count_in_file (f->path, "SELECT count(*) FROM screenings"), ==, 0);

  writer = sl_store_begin_screenings (store, &error);
  g_assert_no_error (error);
  g_assert_true (sl_screening_writer_retire (writer, sl_job_get_id (job), &error));
  g_assert_true (sl_screening_writer_add_many (writer, records, 3000, ids, &error));
  g_assert_true (sl_screening_writer_commit (writer, sl_job_get_id (job), &error));
  g_assert_no_error (error);
  g_clear_pointer (&writer, sl_screening_writer_free);
  g_assert_cmpint (query_int64 (store, "PRAGMA wal_autocheckpoint"), ==, 1000);

  /* The store stays open: its closing is not what copies them. */
  _sl_store_wait_for_checkpoint (store);
  g_assert_cmpint (count_in_file (f->path, "SELECT count(*) FROM screenings"), ==, 3000);
  g_assert_cmpint (count_in_file (f->path, "SELECT count(*) FROM screenings WHERE explanation"
                                           " ->> '$.missing_mandatory[1]' = 'Rigging'"), ==, 3000);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings s WHERE "
                                       SL_STORE_SCREENING_IS_CURRENT ("s", "s.job_id")), ==, 3000);
}

static void
test_refuse_foreign (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  write_raw_database (f->path, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');");
  before = file_checksum (f->path);

  store = sl_store_new (f->path, &error);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT);
  g_assert_null (store);

  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *garbage = g_strnfill (8192, 'x');

  g_assert_true (g_file_set_contents (f->path, garbage, -1, NULL));
  store = sl_store_new (f->path, &error);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT);
  g_assert_null (store);
}

static void
test_unwritable_path (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autofree char *blocker = g_build_filename (f->dir, "file", NULL);
  g_autofree char *path = g_build_filename (blocker, "shortlist.db", NULL);

  /* A regular file where the folder should be. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  store = sl_store_new (path, &error);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CANT_OPEN);
  g_assert_null (store);
}

static void
test_jobs_crud (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlJob) first = sl_job_new ("  Nurse  ");
  g_autoptr(SlJob) second = sl_job_new ("Teacher");
  g_autoptr(SlJob) empty = sl_job_new ("   ");
  g_autoptr(SlJob) ghost = sl_job_new ("Ghost");
  g_autoptr(SlJob) loaded = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) audit = NULL;

  g_assert_no_error (error);

  g_assert_true (sl_store_add_job (store, first, &error));
  sl_job_set_status (second, SL_JOB_STATUS_CLOSED);
  sl_job_set_description (second, "Maths, years 7–11. Ünïcödé is kept.");
  g_assert_true (sl_store_add_job (store, second, &error));
  g_assert_no_error (error);

  g_assert_false (sl_store_add_job (store, empty, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  loaded = sl_store_get_job (store, sl_job_get_id (first), &error);
  g_assert_cmpstr (sl_job_get_title (loaded), ==, "Nurse");
  g_clear_object (&loaded);

  /* Open jobs come before closed ones. */
  jobs = sl_store_list_jobs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpstr (sl_job_get_title (g_ptr_array_index (jobs, 0)), ==, "Nurse");
  g_assert_cmpstr (sl_job_get_description (g_ptr_array_index (jobs, 1)), ==,
                   "Maths, years 7–11. Ünïcödé is kept.");

  sl_job_set_title (second, "Senior Teacher");
  sl_job_set_status (second, SL_JOB_STATUS_OPEN);
  g_assert_true (sl_store_update_job (store, second, &error));
  loaded = sl_store_get_job (store, sl_job_get_id (second), &error);
  g_assert_cmpstr (sl_job_get_title (loaded), ==, "Senior Teacher");
  g_assert_cmpint (sl_job_get_status (loaded), ==, SL_JOB_STATUS_OPEN);

  sl_job_set_id (ghost, 9999);
  g_assert_false (sl_store_update_job (store, ghost, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sl_store_delete_job (store, sl_job_get_id (first), &error));
  g_assert_false (sl_store_delete_job (store, sl_job_get_id (first), &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sl_store_get_job (store, sl_job_get_id (first), &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  audit = sl_store_list_audit (store, "job", sl_job_get_id (first), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (audit, 0), "\"job.delete\""));
  g_assert_nonnull (strstr (g_ptr_array_index (audit, 1), "\"job.add\""));
}

static void
test_constraints (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);

  g_assert_no_error (error);

  g_assert_false (exec_sql (store, "INSERT INTO candidate_skills VALUES (42, 42)", &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_false (exec_sql (store,
                            "INSERT INTO jobs (title, status, created_at, updated_at)"
                            " VALUES ('x', 'maybe', 0, 0)", &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_false (exec_sql (store,
                            "INSERT INTO candidate_embeddings VALUES (1, 'm', 4, x'00', 0)", &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_false (exec_sql (store, "INSERT INTO no_such_table VALUES (1)", &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (sl_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

static void
test_candidates (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const skills[] = { "Python", "SQL", "python", " ", NULL };
  static const char * const emails[] = { "ada@example.com", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlCandidate) candidate = sl_candidate_new ("Ada Lovelace");
  g_autoptr(SlCandidate) loaded = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Analyst");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *review_sql = NULL;
  gint64 id;

  g_assert_no_error (error);
  sl_candidate_set_headline (candidate, "Analyst");
  sl_candidate_set_skills (candidate, skills);
  sl_candidate_set_emails (candidate, emails);
  sl_candidate_set_years_experience (candidate, 7.5);
  sl_candidate_set_education_level (candidate, SL_EDUCATION_MASTER);
  sl_candidate_set_text (candidate, "Analytical engine programmer");
  g_assert_true (sl_store_add_candidate (store, candidate, &error));
  g_assert_no_error (error);
  id = sl_candidate_get_id (candidate);

  loaded = sl_store_get_candidate (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_candidate_get_name (loaded), ==, "Ada Lovelace");
  /* "Python" and "python" are one skill; blank ones are dropped. */
  g_assert_cmpuint (sl_candidate_get_skills_count (loaded), ==, 2);
  g_assert_cmpstr (sl_candidate_get_emails (loaded)[0], ==, "ada@example.com");
  g_assert_cmpfloat (sl_candidate_get_years_experience (loaded), ==, 7.5);
  g_assert_cmpint (sl_candidate_get_education_level (loaded), ==, SL_EDUCATION_MASTER);

  list = sl_store_list_candidates (store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpuint (sl_candidate_get_skills_count (g_ptr_array_index (list, 0)), ==, 2);

  /* The full-text index follows the table. */
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'analytical'"), ==, 1);

  /* Erasure: a review keeps its label but loses its personal fields. */
  g_assert_true (sl_store_add_job (store, job, &error));
  review_sql = g_strdup_printf ("INSERT INTO reviews (job_id, candidate_id, decision, notes, created_at, updated_at)"
                                " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'shortlist', 'Met her', 1, 1)",
                                sl_job_get_id (job), id);
  g_assert_true (exec_sql (store, review_sql, &error));
  g_assert_true (sl_store_import_erase_candidate (store, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (sl_store_get_candidate (store, id, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM reviews WHERE candidate_id IS NULL AND notes = ''"), ==, 1);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM candidate_contacts"), ==, 0);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM candidate_skills"), ==, 0);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM candidates_fts WHERE candidates_fts MATCH 'analytical'"), ==, 0);

  audit = sl_store_list_audit (store, "candidate", id, &error);
  g_assert_cmpuint (audit->len, ==, 2);
  for (guint i = 0; i < audit->len; i++)
    g_assert_null (strstr (g_ptr_array_index (audit, i), "Ada"));

  g_assert_false (sl_store_import_erase_candidate (store, id, NULL, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
}

static void
changed_cb (SlStore    *store,
            const char *what,
            gpointer    user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlJob) job = sl_job_new ("Welder");
  gboolean jobs_changed = FALSE;
  gboolean candidates_changed = FALSE;

  g_signal_connect (store, "changed::jobs", G_CALLBACK (changed_cb), &jobs_changed);
  g_signal_connect (store, "changed::candidates", G_CALLBACK (changed_cb), &candidates_changed);

  g_assert_true (sl_store_add_job (store, job, &error));
  /* Never emitted synchronously under the store's lock. */
  g_assert_false (jobs_changed);
  wait_for_flag (&jobs_changed);
  g_assert_false (candidates_changed);
}

static void
n_items_cb (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
test_list_model (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlStoreList) list = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Baker");
  g_autoptr(SlJob) first = NULL;
  gboolean changed = FALSE;

  list = sl_store_list_new (store, SL_STORE_LIST_JOBS);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == SL_TYPE_JOB);
  g_signal_connect (list, "notify::n-items", G_CALLBACK (n_items_cb), &changed);

  g_assert_true (sl_store_add_job (store, job, &error));
  wait_for_flag (&changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (sl_job_get_title (first), ==, "Baker");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1));

  changed = FALSE;
  g_assert_true (sl_store_delete_job (store, sl_job_get_id (job), &error));
  wait_for_flag (&changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* A reload may still be in flight; it holds a reference until it lands. */
  while (sl_store_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (g_steal_pointer (&list));
}

typedef struct
{
  SlStore  *store;
  GMutex    mutex;
  GCond     cond;
  gboolean  holding;
  gboolean  release;
} Writer;

/* Holds a write transaction open (deleting every job, uncommitted) until
 * told to let go, then rolls it back. */
static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (_sl_store_get_mutex (writer->store));

  g_assert_true (_sl_store_begin (writer->store, &error));
  g_assert_true (_sl_store_exec (writer->store, "DELETE FROM jobs", &error));
  g_assert_no_error (error);

  g_mutex_lock (&writer->mutex);
  writer->holding = TRUE;
  g_cond_broadcast (&writer->cond);
  while (!writer->release)
    g_cond_wait (&writer->cond, &writer->mutex);
  g_mutex_unlock (&writer->mutex);

  _sl_store_rollback (writer->store);
  return NULL;
}

static void
give_up_cb (gpointer user_data)
{
  g_error ("The list did not load while a write transaction was open");
}

static void
test_list_during_write (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlJob) job = sl_job_new ("Baker");
  g_autoptr(SlStoreList) list = NULL;
  g_autoptr(SlJob) item = NULL;
  Writer writer = { .store = store };
  GThread *thread;
  guint give_up;

  g_assert_true (sl_store_add_job (store, job, &error));
  g_mutex_init (&writer.mutex);
  g_cond_init (&writer.cond);
  thread = g_thread_new ("writer", writer_thread, &writer);
  g_mutex_lock (&writer.mutex);
  while (!writer.holding)
    g_cond_wait (&writer.cond, &writer.mutex);
  g_mutex_unlock (&writer.mutex);

  /* The main connection is locked in the middle of a write: the list loads
   * through the reader and sees the last committed state. */
  give_up = g_timeout_add_once (60 * 1000, give_up_cb, NULL);
  list = sl_store_list_new (store, SL_STORE_LIST_JOBS);
  while (sl_store_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (give_up);
  g_assert_null (sl_store_list_get_error (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (sl_job_get_title (item), ==, "Baker");

  /* The reader is query-only. */
  g_assert_true (_sl_store_get_reader (store) != store);
  g_assert_false (_sl_store_exec (_sl_store_get_reader (store), "DELETE FROM jobs", &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CANT_OPEN);
  g_clear_error (&error);

  g_mutex_lock (&writer.mutex);
  writer.release = TRUE;
  g_cond_broadcast (&writer.cond);
  g_mutex_unlock (&writer.mutex);
  g_thread_join (thread);
  g_mutex_clear (&writer.mutex);
  g_cond_clear (&writer.cond);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gint64 *id = user_data;
  g_autoptr(GError) error = NULL;

  *id = sl_store_save_job_finish (SL_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sl_store_delete_job_finish (SL_STORE (object), result, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  *(gboolean *)user_data = TRUE;
}

/* Rows added many per statement get the ids they were given, around rows
 * added one at a time, and a bad record stops its batch before any row. */
static void
test_screening_writer_many (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlJob) job = sl_job_new ("Welder");
  g_autoptr(SlScreeningWriter) writer = NULL;
  g_autofree SlScreeningRecord *records = g_new0 (SlScreeningRecord, 150);
  g_autofree gint64 *ids = g_new0 (gint64, 150);
  g_autofree gint64 *more = g_new0 (gint64, 70);
  gint64 candidates[3];
  gint64 single;
  const float features[2] = { 0.25f, 4.0f };

  g_assert_no_error (error);
  g_assert_true (sl_store_add_job (store, job, &error));
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      g_autoptr(SlCandidate) candidate = sl_candidate_new ("Ann");

      g_assert_true (sl_store_add_candidate (store, candidate, &error));
      candidates[c] = sl_candidate_get_id (candidate);
    }
  for (guint i = 0; i < 150; i++)
    {
      records[i].job_id = sl_job_get_id (job);
      records[i].candidate_id = candidates[i % 3];
      records[i].score = i % 101;
      records[i].classifier = i % 2 ? 0.5 : NAN;
      records[i].shadow_classifier = NAN;
      records[i].decision = i % 101 >= 50 ? "shortlist" : "reject";
      records[i].threshold = 50;
      records[i].embedder = "test";
      records[i].explanation_json = "{\"years\":3}";
      records[i].features = features;
      records[i].n_features = G_N_ELEMENTS (features);
    }

  writer = sl_store_begin_screenings (store, &error);
  g_assert_no_error (error);
  g_assert_true (sl_screening_writer_retire (writer, sl_job_get_id (job), &error));
  /* Two full statements and 22 rows one by one. */
  g_assert_true (sl_screening_writer_add_many (writer, records, 150, ids, &error));
  g_assert_no_error (error);
  single = sl_screening_writer_add (writer, &records[7], &error);
  g_assert_no_error (error);
  g_assert_cmpint (single, >, ids[149]);
  g_assert_true (sl_screening_writer_add_many (writer, records + 80, 70, more, &error));
  g_assert_no_error (error);
  g_assert_cmpint (more[0], >, single);

  records[120].score = 101;
  g_assert_false (sl_screening_writer_add_many (writer, records + 100, 30, ids + 100, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sl_screening_writer_commit (writer, sl_job_get_id (job), &error));
  g_assert_no_error (error);
  g_clear_pointer (&writer, sl_screening_writer_free);

  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings"), ==, 221);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM screenings WHERE current = 1"
                                       " AND features_partial = 0 AND length (features) = 8"
                                       " AND explanation = '{\"years\":3}'"), ==, 221);
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM screenings WHERE id = %" G_GINT64_FORMAT
                                              " AND candidate_id = %" G_GINT64_FORMAT
                                              " AND score = %u AND (classifier IS NULL) = %d",
                                              ids[i], candidates[i % 3], i % 101, i % 2 == 0);

      g_assert_cmpint (query_int64 (store, sql), ==, 1);
    }
  for (guint i = 0; i < 70; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT score FROM screenings WHERE id = %" G_GINT64_FORMAT,
                                              more[i]);

      g_assert_cmpint (query_int64 (store, sql), ==, (80 + i) % 101);
    }
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit_log"
                                       " WHERE action = 'screening.run'"
                                       " AND detail ->> '$.results' = 221"), ==, 1);
}

/* The fingerprint a vector cache is checked against changes with every
 * write to the vectors, even one behind the store's back, and differs
 * between two files holding the same vectors. */
static void
test_embeddings_fingerprint (Fixture       *f,
                             gconstpointer  data)
{
  static const float vector[4] = { 1, 0, 0, 0 };
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  guint64 fingerprints[2] = { 0, };
  guint64 updated, deleted;
  gint64 count;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlStore) store = sl_store_new (i == 0 ? f->path : other_path, &error);
      g_autoptr(SlCandidate) candidate = sl_candidate_new ("Grace Hopper");
      gint64 id;

      g_assert_no_error (error);
      g_assert_true (sl_store_add_candidate (store, candidate, &error));
      id = sl_candidate_get_id (candidate);
      g_assert_true (sl_store_save_candidate_embeddings (store, "test/4", 4, &id, vector, 1,
                                                         &error));
      g_assert_true (sl_store_get_embeddings_fingerprint (store, "test/4", &fingerprints[i],
                                                          &count, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count, ==, 1);
      if (i == 1)
        continue;

      g_assert_true (exec_sql (store, "UPDATE candidate_embeddings SET vector = zeroblob (16)",
                               &error));
      g_assert_true (sl_store_get_embeddings_fingerprint (store, "test/4", &updated, NULL,
                                                          &error));
      g_assert_cmpuint (updated, !=, fingerprints[0]);
      g_assert_true (sl_store_delete_candidate_embeddings (store, "test/4", &error));
      g_assert_true (sl_store_get_embeddings_fingerprint (store, "test/4", &deleted, &count,
                                                          &error));
      g_assert_no_error (error);
      g_assert_cmpint (count, ==, 0);
      g_assert_cmpuint (deleted, !=, updated);
    }
  g_assert_cmpuint (fingerprints[0], !=, fingerprints[1]);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (f->path, &error);
  g_autoptr(SlJob) job = sl_job_new ("Pilot");
  g_autoptr(SlJob) loaded = NULL;
  gint64 id = 0;
  gboolean done = FALSE;

  sl_store_save_job_async (store, job, NULL, save_cb, &id);
  while (id == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (id, >, 0);
  /* The worker wrote a copy: the caller's object is untouched. */
  g_assert_cmpint (sl_job_get_id (job), ==, 0);
  loaded = sl_store_get_job (store, id, &error);
  g_assert_cmpstr (sl_job_get_title (loaded), ==, "Pilot");

  sl_store_delete_job_async (store, id + 100, NULL, delete_cb, &done);
  wait_for_flag (&done);
}

/* Crash consistency: a child writes logical records in a loop and is killed
 * with SIGKILL at random points; every record is all there or not there. */

#define CRASH_ROUNDS 60

static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (path, &error);

  if (store == NULL)
    {
      fprintf (stderr, "writer: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; ; i++)
    {
      guint k = i % 7 + 1;
      g_autoptr(SlCandidate) candidate = sl_candidate_new ("Writer");
      g_autoptr(GStrvBuilder) skills = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) emails = g_strv_builder_new ();
      g_auto(GStrv) skills_v = NULL;
      g_auto(GStrv) emails_v = NULL;
      g_autofree char *headline = g_strdup_printf ("k=%u", k);

      for (guint j = 0; j < k; j++)
        {
          g_autofree char *skill = g_strdup_printf ("skill-%u", (i + j) % 50);
          g_autofree char *email = g_strdup_printf ("w%u.%u@example.com", i, j);

          g_strv_builder_add (skills, skill);
          g_strv_builder_add (emails, email);
        }
      skills_v = g_strv_builder_end (skills);
      emails_v = g_strv_builder_end (emails);
      sl_candidate_set_headline (candidate, headline);
      sl_candidate_set_text (candidate, "A long text that makes each record span several pages. "
                                        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.");
      sl_candidate_set_skills (candidate, (const char * const *)skills_v);
      sl_candidate_set_emails (candidate, (const char * const *)emails_v);
      if (!sl_store_add_candidate (store, candidate, &error))
        {
          fprintf (stderr, "writer: %s\n", error->message);
          return 1;
        }
      if (i % 3 == 0)
        {
          g_autoptr(SlJob) job = sl_job_new ("Job");

          if (!sl_store_add_job (store, job, &error) ||
              (i % 6 == 0 && !sl_store_delete_job (store, sl_job_get_id (job), &error)))
            {
              fprintf (stderr, "writer: %s\n", error->message);
              return 1;
            }
        }
      printf ("%u\n", i);
      fflush (stdout);
    }
  return 0;
}

static void
check_consistent (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlStore) store = sl_store_new (path, &error);
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 n_candidates;

  g_assert_no_error (error);
  g_assert_true (sl_store_check_integrity (store, &error));
  g_assert_no_error (error);

  g_assert_true (exec_sql (store, "INSERT INTO candidates_fts (candidates_fts) VALUES ('integrity-check')", &error));
  g_assert_no_error (error);

  n_candidates = query_int64 (store, "SELECT count(*) FROM candidates");
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit_log WHERE action = 'candidate.add'"), ==, n_candidates);
  g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM audit_log WHERE action = 'job.add'"), ==,
                   query_int64 (store, "SELECT count(*) FROM jobs") +
                   query_int64 (store, "SELECT count(*) FROM audit_log WHERE action = 'job.delete'"));

  /* Each candidate has exactly the k skills and k e-mails its headline announces. */
  locker = g_mutex_locker_new (_sl_store_get_mutex (store));
  stmt = _sl_store_prepare (store,
                            "SELECT c.headline,"
                            " (SELECT count(*) FROM candidate_skills s WHERE s.candidate_id = c.id),"
                            " (SELECT count(*) FROM candidate_contacts e WHERE e.candidate_id = c.id)"
                            " FROM candidates c", &error);
  g_assert_no_error (error);
  while (_sl_store_step_row (store, stmt, &has_row, &error) && has_row)
    {
      int k = atoi ((const char *)sqlite3_column_text (stmt, 0) + 2);

      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, k);
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, k);
    }
  g_assert_no_error (error);
  sqlite3_reset (stmt);
}

static void
test_crash_consistency (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);

  for (guint round = 0; round < CRASH_ROUNDS; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      /* Kill after 0–40 committed records: round 0 often dies mid-migration. */
      guint target = round == 0 ? 0 : g_rand_int_range (rand, 0, 40);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_exe, "--crash-writer", f->path, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      for (guint seen = 0; seen < target; seen++)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);
        }
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));

      check_consistent (f->path);
    }
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_strcmp0 (argv[1], "--crash-writer") == 0)
    return run_writer (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sl/store/create-and-reopen", test_create_and_reopen);
  g_test_add_func ("/sl/store/default-path", test_default_path);
  ADD ("/sl/store/migrate/every-version", test_migrate_every_version);
  ADD ("/sl/store/migrate/refuse-newer", test_refuse_newer);
  ADD ("/sl/store/migrate/screening-features", test_migrate_screening_features);
  ADD ("/sl/store/migrate/explanation-sentence", test_migrate_explanation_sentence);
  ADD ("/sl/store/migrate/screening-runs", test_migrate_screening_runs);
  ADD ("/sl/store/screening-writer-many", test_screening_writer_many);
  ADD ("/sl/store/screening-writer-checkpoint", test_screening_writer_checkpoint);
  ADD ("/sl/store/open/refuse-foreign", test_refuse_foreign);
  ADD ("/sl/store/open/not-a-database", test_not_a_database);
  ADD ("/sl/store/open/unwritable-path", test_unwritable_path);
  ADD ("/sl/store/jobs/crud", test_jobs_crud);
  ADD ("/sl/store/constraints", test_constraints);
  ADD ("/sl/store/candidates/add-get-erase", test_candidates);
  ADD ("/sl/store/changed-signal", test_changed_signal);
  ADD ("/sl/store/list-model", test_list_model);
  ADD ("/sl/store/list-during-write", test_list_during_write);
  ADD ("/sl/store/async", test_async);
  ADD ("/sl/store/embeddings-fingerprint", test_embeddings_fingerprint);
  ADD ("/sl/store/crash-consistency", test_crash_consistency);
#undef ADD

  return g_test_run ();
}
