#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sl-review-tasks.h"

/* The async wrappers the Reviews and Models views use: each runs in a
 * worker and returns on the calling thread's main context. */

typedef struct
{
  char         *dir;
  SlStore      *store;
  gint64        job_id;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Data engineer");
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("test-review-tasks-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "shortlist.db", NULL);
  fixture->store = sl_store_new (path, &error);
  g_assert_no_error (error);
  sl_store_add_job (fixture->store, job, &error);
  g_assert_no_error (error);
  fixture->job_id = sl_job_get_id (job);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "shortlist.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A worker drops its task, and with it the store, just after the
   * callback has run; pending "changed" emissions hold a reference too. */
  while (G_OBJECT (fixture->store)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_null (fixture->result);
  g_assert_finalize_object (fixture->store);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

/* Iterates the main context until the operation returns, with a deadline. */
static GAsyncResult *
wait_result (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (fixture->result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (fixture->result);
  return g_steal_pointer (&fixture->result);
}

static gint64
add_screening (Fixture    *fixture,
               const char *name,
               double      score,
               gboolean    good)
{
  g_autoptr(SlCandidate) candidate = sl_candidate_new (name);
  g_autoptr(GError) error = NULL;
  SlScreeningRecord record = { 0 };
  float features[3] = { good ? 1.0f : -1.0f, 0.5f, -0.5f };
  gint64 id;

  sl_store_add_candidate (fixture->store, candidate, &error);
  g_assert_no_error (error);

  record.job_id = fixture->job_id;
  record.candidate_id = sl_candidate_get_id (candidate);
  record.score = score;
  record.similarity = 0.5;
  record.decision = score >= 50 ? "shortlist" : "reject";
  record.threshold = 50;
  record.embedder = "test";
  record.classifier = NAN;
  record.shadow_classifier = NAN;
  record.explanation_json = "{\"sentence\": \"Fits.\"}";
  record.features = features;
  record.n_features = G_N_ELEMENTS (features);
  id = sl_store_add_screening (fixture->store, &record, &error);
  g_assert_no_error (error);
  return id;
}

static SlReviewNext *
load_next (Fixture *fixture,
           GArray  *skip)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlReviewNext *next;

  sl_review_load_next_async (fixture->store, skip, NULL, done_cb, fixture);
  result = wait_result (fixture);
  next = sl_review_load_next_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  return next;
}

static void
test_queue_review_undo (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(SlReviewNext) empty = NULL;
  g_autoptr(SlReviewNext) first = NULL;
  g_autoptr(SlReviewNext) skipped = NULL;
  g_autoptr(SlReviewNext) after = NULL;
  g_autoptr(SlReviewNext) undone = NULL;
  g_autoptr(GArray) skip = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) undo_result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 near, far, review_id;

  empty = load_next (fixture, NULL);
  g_assert_null (empty->item);
  g_assert_cmpuint (empty->remaining, ==, 0);

  far = add_screening (fixture, "Far From The Line", 95, TRUE);
  near = add_screening (fixture, "Near The Line", 52, TRUE);

  /* Borderline first, with the candidate and the job. */
  first = load_next (fixture, NULL);
  g_assert_nonnull (first->item);
  g_assert_cmpint (first->item->screening_id, ==, near);
  g_assert_cmpuint (first->remaining, ==, 2);
  g_assert_cmpstr (sl_candidate_get_name (first->candidate), ==, "Near The Line");
  g_assert_cmpstr (first->job_title, ==, "Data engineer");

  g_array_append_val (skip, near);
  skipped = load_next (fixture, skip);
  g_assert_cmpint (skipped->item->screening_id, ==, far);

  sl_review_screening_async (fixture->store, near, "shortlist", "Strong", NULL, done_cb,
                             fixture);
  result = wait_result (fixture);
  review_id = sl_review_screening_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (review_id, >, 0);

  after = load_next (fixture, NULL);
  g_assert_cmpint (after->item->screening_id, ==, far);
  g_assert_cmpuint (after->remaining, ==, 1);

  sl_review_undo_async (fixture->store, review_id, NULL, done_cb, fixture);
  undo_result = wait_result (fixture);
  g_assert_true (sl_review_undo_finish (fixture->store, undo_result, &error));
  g_assert_no_error (error);

  undone = load_next (fixture, NULL);
  g_assert_cmpint (undone->item->screening_id, ==, near);
  g_assert_cmpuint (undone->remaining, ==, 2);
}

static void
review (Fixture    *fixture,
        gint64      screening_id,
        const char *decision)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sl_review_screening_async (fixture->store, screening_id, decision, NULL, NULL, done_cb,
                             fixture);
  result = wait_result (fixture);
  g_assert_cmpint (sl_review_screening_finish (fixture->store, result, &error), >, 0);
  g_assert_no_error (error);
}

static void
test_status_and_models (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) status_result = NULL;
  g_autoptr(GAsyncResult) models_result = NULL;
  g_autoptr(GAsyncResult) action_result = NULL;
  g_autoptr(SlModelsSnapshot) snapshot = NULL;
  g_autoptr(GBytes) parameters = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  SlTrainingStatus status;
  gint64 version;

  review (fixture, add_screening (fixture, "Ana", 70, TRUE), "shortlist");
  review (fixture, add_screening (fixture, "Ben", 30, FALSE), "reject");
  review (fixture, add_screening (fixture, "Cleo", 60, FALSE), "reject");

  sl_review_training_status_async (fixture->store, 3, NULL, done_cb, fixture);
  status_result = wait_result (fixture);
  g_assert_true (sl_review_training_status_finish (fixture->store, status_result, &status,
                                                   &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status.total_samples, ==, 3);
  g_assert_cmpuint (status.positive_samples, ==, 1);
  g_assert_cmpuint (status.negative_samples, ==, 2);
  g_assert_cmpuint (status.threshold, ==, 3);
  g_assert_true (status.ready_for_training);
  g_assert_true (status.imbalanced);

  version = sl_store_add_model_version (fixture->store, "logreg", "{}", parameters,
                                        "{\"roc_auc\": 0.9}", NULL, 0, 0, "First", FALSE,
                                        &error);
  g_assert_no_error (error);

  sl_review_model_action_async (fixture->store, SL_MODEL_ACTION_ACTIVATE, version, NULL,
                                done_cb, fixture);
  action_result = wait_result (fixture);
  g_assert_cmpint (sl_review_model_action_finish (fixture->store, action_result, &error), ==,
                   version);
  g_assert_no_error (error);

  sl_review_load_models_async (fixture->store, NULL, done_cb, fixture);
  models_result = wait_result (fixture);
  snapshot = sl_review_load_models_finish (fixture->store, models_result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->versions->len, ==, 1);
  g_assert_true (((SlModelVersion *)g_ptr_array_index (snapshot->versions, 0))->active);
  g_assert_cmpint (snapshot->shadow_id, ==, 0);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SlReviewNext *next;

  g_cancellable_cancel (cancellable);
  sl_review_load_next_async (fixture->store, NULL, cancellable, done_cb, fixture);
  result = wait_result (fixture);
  next = sl_review_load_next_finish (fixture->store, result, &error);
  g_assert_null (next);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sl/review-tasks/queue-review-undo", Fixture, NULL, fixture_set_up,
              test_queue_review_undo, fixture_tear_down);
  g_test_add ("/sl/review-tasks/status-and-models", Fixture, NULL, fixture_set_up,
              test_status_and_models, fixture_tear_down);
  g_test_add ("/sl/review-tasks/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);

  return g_test_run ();
}
