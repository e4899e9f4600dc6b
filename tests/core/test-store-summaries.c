/* Tests for the summaries the Reviews, Interviews and Models views list. */
#define G_LOG_DOMAIN "test-store-summaries"

#include "config.h"

#include <glib/gstdio.h>
/* Screenings, sessions and model versions have no writer in the store yet:
 * the fixtures insert them with SQL of their own. */
#include <sqlite3.h>

#include "sl-erasure.h"
#include "sl-files.h"
#include "sl-store-list.h"
#include "sl-store-summaries.h"

typedef struct
{
  char    *dir;
  char    *path;
  SlStore *store;
  gint64   job_id;
  gint64   candidate_ids[2];
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Backend Developer");

  fixture->dir = g_dir_make_tmp ("shortlist-summaries-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "shortlist.db", NULL);
  fixture->store = sl_store_new (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_true (sl_store_add_job (fixture->store, job, &error));
  g_assert_no_error (error);
  fixture->job_id = sl_job_get_id (job);
  g_assert_cmpint (fixture->job_id, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (fixture->candidate_ids); i++)
    {
      g_autoptr(SlCandidate) candidate = sl_candidate_new (i == 0 ? "Ana Sousa" : "Ben Okafor");

      g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
      g_assert_no_error (error);
      fixture->candidate_ids[i] = sl_candidate_get_id (candidate);
      g_assert_cmpint (fixture->candidate_ids[i], >, 0);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Deliver queued "changed" signals, and let workers that were cancelled
   * finish: their sources and tasks hold the store until they land. */
  while (G_OBJECT (fixture->store)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
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
add_screening (Fixture    *fixture,
               gint64      candidate_id,
               double      score,
               const char *decision,
               gboolean    current,
               gint64      created_at)
{
  g_autofree char *sql = NULL;
  char score_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (score_text, sizeof score_text, score);
  sql = g_strdup_printf ("INSERT INTO screenings (job_id, candidate_id, score, similarity,"
                         " skill_coverage, mandatory_coverage, preferred_coverage,"
                         " experience_fit, education_fit, decision, threshold, embedder,"
                         " current, created_at)"
                         " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %s,"
                         " 0.5, 0.5, 1, 0.5, 1, 1, '%s', 60, 'lexical', %d, %" G_GINT64_FORMAT ")",
                         fixture->job_id, candidate_id, score_text, decision, current ? 1 : 0,
                         created_at);
  exec_sql (fixture, sql);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reviews = sl_store_summarize_pending_reviews (fixture->store, &error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) models = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (reviews);
  g_assert_cmpuint (reviews->len, ==, 0);

  sessions = sl_store_summarize_interview_sessions (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 0);

  models = sl_store_summarize_model_versions (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 0);
}

static void
test_pending_reviews (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autofree char *sql = NULL;
  SlSummary *summary;

  add_screening (fixture, fixture->candidate_ids[0], 72.4, "shortlist", TRUE, 1000);
  add_screening (fixture, fixture->candidate_ids[1], 41.0, "reject", TRUE, 2000);
  /* Superseded by a newer screening: never offered for review. */
  add_screening (fixture, fixture->candidate_ids[1], 90.0, "shortlist", FALSE, 500);
  /* Ben's current screening (id 2) already has a human review. */
  sql = g_strdup_printf ("INSERT INTO reviews (screening_id, job_id, candidate_id, decision,"
                         " created_at, updated_at) VALUES (2, %" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", 'reject', 3000, 3000)",
                         fixture->job_id, fixture->candidate_ids[1]);
  exec_sql (fixture, sql);

  reviews = sl_store_summarize_pending_reviews (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);

  summary = g_ptr_array_index (reviews, 0);
  g_assert_cmpint (sl_summary_get_id (summary), ==, 1);
  g_assert_cmpstr (sl_summary_get_title (summary), ==, "Ana Sousa");
  g_assert_cmpstr (sl_summary_get_subtitle (summary), ==,
                   "Backend Developer · Suggested: Shortlist, score 72");
  g_assert_cmpint (sl_summary_get_timestamp (summary), ==, 1000);
}

static void
test_interview_sessions (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("INSERT INTO interview_sessions (job_id, title, score_overall,"
                         " created_at, finished_at) VALUES"
                         " (%" G_GINT64_FORMAT ", '', NULL, 100, NULL),"
                         " (NULL, 'Mock interview', 81.6, 200, 260)",
                         fixture->job_id);
  exec_sql (fixture, sql);

  sessions = sl_store_summarize_interview_sessions (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);

  /* Newest first; an untitled session is named after its job. */
  g_assert_cmpstr (sl_summary_get_title (g_ptr_array_index (sessions, 0)), ==, "Mock interview");
  g_assert_cmpstr (sl_summary_get_subtitle (g_ptr_array_index (sessions, 0)), ==,
                   "Overall score 82");
  g_assert_cmpstr (sl_summary_get_title (g_ptr_array_index (sessions, 1)), ==,
                   "Backend Developer");
  g_assert_cmpstr (sl_summary_get_subtitle (g_ptr_array_index (sessions, 1)), ==, "Not finished");
}

static void
test_model_versions (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = NULL;

  exec_sql (fixture,
            "INSERT INTO model_versions (kind, feature_spec, parameters, metrics, active,"
            " created_at) VALUES"
            " ('logreg', '{}', x'00', '{\"f1\": 0.71}', 1, 100),"
            " ('mlp', '{}', x'00', '{}', 0, 200)");

  models = sl_store_summarize_model_versions (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);

  /* The active version first, even though it is older. */
  g_assert_cmpstr (sl_summary_get_title (g_ptr_array_index (models, 0)), ==, "Version 1");
  g_assert_cmpstr (sl_summary_get_subtitle (g_ptr_array_index (models, 0)), ==,
                   "Active · Logistic regression · F1 0.71");
  g_assert_cmpstr (sl_summary_get_title (g_ptr_array_index (models, 1)), ==, "Version 2");
  g_assert_cmpstr (sl_summary_get_subtitle (g_ptr_array_index (models, 1)), ==,
                   "Inactive · Small neural network");
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  add_screening (fixture, fixture->candidate_ids[0], 65.0, "shortlist", TRUE, 1000);

  sl_store_summarize_pending_reviews_async (fixture->store, NULL, async_cb, &result);
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (result);

  reviews = sl_store_summarize_pending_reviews_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);
}

static void
wait_for_load (SlStoreList *list)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sl_store_list_get_loading (list) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (sl_store_list_get_loading (list));
}

static void
test_list_follows_jobs (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SlStoreList) list = NULL;
  g_autoptr(SlSummary) first = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  add_screening (fixture, fixture->candidate_ids[0], 65.0, "shortlist", TRUE, 1000);

  list = sl_store_list_new (fixture->store, SL_STORE_LIST_REVIEWS);
  wait_for_load (list);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == SL_TYPE_SUMMARY);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (sl_summary_get_title (first), ==, "Ana Sousa");

  /* Deleting the job deletes its screenings: the list reloads on "jobs". */
  g_assert_true (sl_store_delete_job (fixture->store, fixture->job_id, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (G_LIST_MODEL (list)) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* A reload queued by an earlier change may still hold the list. */
  wait_for_load (list);
  g_clear_object (&first);
  g_assert_finalize_object (g_steal_pointer (&list));
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} ItemsChanged;

static void
items_changed_cb (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->count++;
}

static void
wait_for_change (SlStoreList  *list,
                 ItemsChanged *changed)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (changed->count == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changed->count, ==, 1);
  wait_for_load (list);
}

/* A reload reports only the rows that changed: a new candidate at the
 * head (newest first), an erased one where it was; the others keep their
 * objects. */
static void
test_list_candidates_changed_range (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(SlStoreList) list = sl_store_list_new (fixture->store, SL_STORE_LIST_CANDIDATES);
  g_autoptr(SlCandidate) newest = sl_candidate_new ("Chidi Eze");
  g_autoptr(SlFiles) files = sl_files_new_for_store (fixture->store);
  g_autoptr(SlCandidate) before_first = NULL;
  g_autoptr(SlCandidate) before_second = NULL;
  g_autoptr(SlCandidate) after = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChanged changed = { 0 };

  wait_for_load (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  before_first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  before_second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  sl_candidate_set_imported_at (newest, G_MAXINT32);
  g_assert_true (sl_store_add_candidate (fixture->store, newest, &error));
  g_assert_no_error (error);
  wait_for_change (list, &changed);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  after = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (sl_candidate_get_id (after), ==, sl_candidate_get_id (newest));
  g_clear_object (&after);
  after = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (after == before_first);
  g_clear_object (&after);

  /* Erase the middle one. */
  changed.count = 0;
  g_assert_true (sl_erase_candidate (fixture->store, files, sl_candidate_get_id (before_first), &error));
  g_assert_no_error (error);
  wait_for_change (list, &changed);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 0);
  after = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_true (after == before_second);
  g_clear_object (&after);

  g_signal_handlers_disconnect_by_func (list, items_changed_cb, &changed);
  g_clear_object (&before_first);
  g_clear_object (&before_second);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_list_kinds (Fixture       *fixture,
                 gconstpointer  data)
{
  static const SlStoreListKind kinds[] = {
    SL_STORE_LIST_REVIEWS, SL_STORE_LIST_INTERVIEWS, SL_STORE_LIST_MODELS,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(SlStoreList) list = sl_store_list_new (fixture->store, kinds[i]);

      wait_for_load (list);
      g_assert_null (sl_store_list_get_error (list));
      g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == SL_TYPE_SUMMARY);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
      g_assert_finalize_object (g_steal_pointer (&list));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sl/store/summaries/empty", test_empty);
  ADD ("/sl/store/summaries/pending-reviews", test_pending_reviews);
  ADD ("/sl/store/summaries/interview-sessions", test_interview_sessions);
  ADD ("/sl/store/summaries/model-versions", test_model_versions);
  ADD ("/sl/store/summaries/async", test_async);
  ADD ("/sl/store/list/summary-kinds", test_list_kinds);
  ADD ("/sl/store/list/reviews-follow-jobs", test_list_follows_jobs);
  ADD ("/sl/store/list/candidates-changed-range", test_list_candidates_changed_range);

#undef ADD

  return g_test_run ();
}
