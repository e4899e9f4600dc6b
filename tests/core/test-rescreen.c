/* test-rescreen.c: activating a model screens the open jobs again */
#include <glib.h>
#include <glib/gstdio.h>

#include "sl-lexical-embedder.h"
#include "sl-model.h"
#include "sl-rescreen.h"
#include "sl-screener.h"
#include "sl-store-import.h"
#include "sl-store-models.h"

#define N_CANDIDATES 12
#define DIMENSION    16

typedef struct
{
  char       *dir;
  char       *db_path;
  SlStore    *store;
  SlEmbedder *embedder;
  gint64      applied_job;   /* open, screened over its applicants */
  gint64      everyone_job;  /* open, screened over every candidate */
  gint64      closed_job;    /* closed, screened */
  gint64      fresh_job;     /* open, never screened */
} Fixture;

static gint64
add_job (Fixture     *fixture,
         const char  *title,
         SlJobStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = sl_job_new (title);

  sl_job_set_description (job, "We need Python, Django and PostgreSQL; Docker is a plus. "
                               "3+ years of experience.");
  sl_job_set_status (job, status);
  g_assert_true (sl_store_add_job (fixture->store, job, &error));
  g_assert_no_error (error);
  return sl_job_get_id (job);
}

static void
screen (Fixture  *fixture,
        gint64    job_id,
        gboolean  all_candidates,
        double    threshold)
{
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(GError) error = NULL;
  SlScreenerOptions options;

  sl_screener_options_init (&options);
  options.all_candidates = all_candidates;
  options.config.threshold = threshold;
  screened = sl_screener_screen_job (fixture->store, fixture->embedder, job_id, &options, NULL,
                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (screened);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const char *skills[] = { "python", "django", "postgresql", "docker", "react", "go" };
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-rescreen-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = sl_store_new (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->embedder = SL_EMBEDDER (sl_lexical_embedder_new (DIMENSION));

  fixture->applied_job = add_job (fixture, "Backend Engineer", SL_JOB_STATUS_OPEN);
  fixture->everyone_job = add_job (fixture, "Platform Engineer", SL_JOB_STATUS_OPEN);
  fixture->closed_job = add_job (fixture, "Data Engineer", SL_JOB_STATUS_CLOSED);
  fixture->fresh_job = add_job (fixture, "Web Developer", SL_JOB_STATUS_OPEN);

  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Candidate %u", i);
      g_autofree char *text = NULL;
      g_autoptr(SlCandidate) candidate = sl_candidate_new (name);
      const char *own[] = { skills[i % 6], skills[(i + 2) % 6], NULL };

      text = g_strdup_printf ("%s. Worked %u years with %s and %s.", name, i % 8, own[0], own[1]);
      sl_candidate_set_text (candidate, text);
      sl_candidate_set_years_experience (candidate, i % 8);
      sl_candidate_set_skills (candidate, own);
      g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
      g_assert_no_error (error);
      /* A third of the candidates applied to the first job. */
      if (i % 3 == 0)
        {
          g_assert_true (sl_store_import_link_application (fixture->store, fixture->applied_job,
                                                           sl_candidate_get_id (candidate),
                                                           &error));
          g_assert_no_error (error);
        }
    }

  screen (fixture, fixture->applied_job, FALSE, 35);
  screen (fixture, fixture->everyone_job, TRUE, 60);
  screen (fixture, fixture->closed_job, TRUE, 50);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->db_path, "-shm", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gpointer store = fixture->store;

  g_clear_object (&fixture->embedder);
  /* A finished worker and the store's queued "changed" signal let go of
   * the store shortly after the callback: wait for that, not forever. */
  g_object_add_weak_pointer (store, &store);
  g_clear_object (&fixture->store);
  while (store != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_unlink (fixture->db_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

/* A model that prefers similar pairs, stored as a new version. */
static gint64
add_version (Fixture  *fixture,
             gboolean  activate)
{
  guint n = sl_screening_n_features (DIMENSION);
  g_autofree float *mean = g_new0 (float, n);
  g_autofree float *scale = g_new0 (float, n);
  g_autofree float *weights = g_new0 (float, n);
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  for (guint i = 0; i < n; i++)
    scale[i] = 1;
  weights[1] = 4;
  model = sl_model_new_logreg (n, mean, scale, weights, -2);
  blob = sl_model_serialize (model);
  id = sl_store_add_model_version (fixture->store, "logreg", sl_model_get_feature_spec (model), blob,
                                   "{\"roc_auc\":0.8}", NULL, 0, 0, "test", activate, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

typedef struct
{
  guint  n_results;
  guint  with_model;
  double threshold;
} JobResults;

/* The job's current results (none is reviewed here), and how many the model scored. */
static JobResults
job_results (Fixture *fixture,
             gint64   job_id,
             gint64   model_id)
{
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  JobResults results = { 0, 0, -1 };
  guint remaining;

  queue = sl_store_list_review_queue (fixture->store, job_id, 0, &remaining, &error);
  g_assert_no_error (error);
  results.n_results = queue->len;
  for (guint i = 0; i < queue->len; i++)
    {
      SlReviewItem *item = g_ptr_array_index (queue, i);

      results.with_model += item->model_id == model_id;
      results.threshold = item->threshold;
    }
  return results;
}

static void
assert_rescreened (Fixture *fixture,
                   gint64   model_id)
{
  JobResults applied = job_results (fixture, fixture->applied_job, model_id);
  JobResults everyone = job_results (fixture, fixture->everyone_job, model_id);
  JobResults closed = job_results (fixture, fixture->closed_job, model_id);
  JobResults fresh = job_results (fixture, fixture->fresh_job, model_id);

  /* The same candidates as before, every result from the new model, the
   * same threshold. */
  g_assert_cmpuint (applied.n_results, ==, N_CANDIDATES / 3);
  g_assert_cmpuint (applied.with_model, ==, applied.n_results);
  g_assert_cmpfloat (applied.threshold, ==, 35);
  g_assert_cmpuint (everyone.n_results, ==, N_CANDIDATES);
  g_assert_cmpuint (everyone.with_model, ==, everyone.n_results);
  g_assert_cmpfloat (everyone.threshold, ==, 60);
  /* A closed job keeps the results it had; a job nobody screened stays so. */
  g_assert_cmpuint (closed.n_results, ==, N_CANDIDATES);
  g_assert_cmpuint (closed.with_model, ==, 0);
  g_assert_cmpuint (fresh.n_results, ==, 0);
}

static void
test_sync (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 first, second;
  guint n = 0;

  first = add_version (fixture, TRUE);
  g_assert_true (sl_rescreen_open_jobs (fixture->store, fixture->embedder, NULL, NULL, &n, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  assert_rescreened (fixture, first);

  /* Rolling back to an older version re-screens with that one. */
  second = add_version (fixture, TRUE);
  g_assert_true (sl_rescreen_open_jobs (fixture->store, fixture->embedder, NULL, NULL, &n, NULL,
                                        &error));
  assert_rescreened (fixture, second);
  g_assert_cmpint (sl_store_rollback_model (fixture->store, &error), ==, first);
  g_assert_no_error (error);
  g_assert_true (sl_rescreen_open_jobs (fixture->store, fixture->embedder, NULL, NULL, &n, NULL,
                                        &error));
  g_assert_no_error (error);
  assert_rescreened (fixture, first);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  guint     n;
  GError   *error;
  guint     n_progress;
  guint     last_done;
  guint     last_total;
  gboolean  progress_after_done;
  GThread  *main_thread;
  gboolean  progress_off_thread;
} Outcome;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Outcome *outcome = user_data;

  outcome->progress_after_done |= outcome->done;
  outcome->progress_off_thread |= g_thread_self () != outcome->main_thread;
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, outcome->last_done);
  outcome->n_progress++;
  outcome->last_done = done;
  outcome->last_total = total;
}

static void
rescreen_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = sl_rescreen_open_jobs_finish (result, &outcome->n, &outcome->error);
  outcome->done = TRUE;
}

static void
run_async (Fixture      *fixture,
           GCancellable *cancellable,
           Outcome      *outcome)
{
  outcome->main_thread = g_thread_self ();
  sl_rescreen_open_jobs_async (fixture->store, fixture->embedder, progress_cb, outcome,
                               cancellable, rescreen_cb, outcome);
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
  /* Anything still queued must not reach the progress function now. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  Outcome outcome = { 0 };
  gint64 version = add_version (fixture, TRUE);

  run_async (fixture, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpuint (outcome.n, ==, 2);
  g_assert_cmpuint (outcome.n_progress, >=, 1);
  g_assert_cmpuint (outcome.last_done, ==, 2);
  g_assert_cmpuint (outcome.last_total, ==, 2);
  g_assert_false (outcome.progress_after_done);
  g_assert_false (outcome.progress_off_thread);
  assert_rescreened (fixture, version);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0 };
  gint64 version = add_version (fixture, TRUE);
  JobResults applied;

  g_cancellable_cancel (cancellable);
  run_async (fixture, cancellable, &outcome);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&outcome.error);
  applied = job_results (fixture, fixture->applied_job, version);
  g_assert_cmpuint (applied.with_model, ==, 0);
}

static void
test_no_model_change_without_jobs (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = NULL;
  guint n = 99;

  /* Close both open jobs: nothing is left to re-screen. */
  for (gint64 id = fixture->applied_job; id <= fixture->everyone_job; id++)
    {
      job = sl_store_get_job (fixture->store, id, &error);
      g_assert_no_error (error);
      sl_job_set_status (job, SL_JOB_STATUS_CLOSED);
      g_assert_true (sl_store_update_job (fixture->store, job, &error));
      g_assert_no_error (error);
      g_clear_object (&job);
    }
  add_version (fixture, TRUE);
  g_assert_true (sl_rescreen_open_jobs (fixture->store, NULL, NULL, NULL, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_reviewed (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GError) error = NULL;
  SlReviewItem *item;
  guint remaining;

  queue = sl_store_list_review_queue (fixture->store, fixture->applied_job, 1, &remaining, &error);
  g_assert_no_error (error);
  item = g_ptr_array_index (queue, 0);
  g_assert_cmpint (sl_store_review_screening (fixture->store, item->screening_id, "reject", NULL,
                                              &error), >, 0);
  g_assert_no_error (error);

  /* A person's decision outlives the next screening of the pair: it does
   * not come back into the review queue. */
  add_version (fixture, TRUE);
  g_assert_true (sl_rescreen_open_jobs (fixture->store, fixture->embedder, NULL, NULL, NULL, NULL,
                                        &error));
  g_assert_no_error (error);
  g_clear_pointer (&queue, g_ptr_array_unref);
  queue = sl_store_list_review_queue (fixture->store, fixture->applied_job, 0, &remaining, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, N_CANDIDATES / 3 - 1);
  g_assert_cmpuint (remaining, ==, N_CANDIDATES / 3 - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sl/rescreen/sync", Fixture, NULL, fixture_set_up, test_sync, fixture_tear_down);
  g_test_add ("/sl/rescreen/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/sl/rescreen/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);
  g_test_add ("/sl/rescreen/reviewed", Fixture, NULL, fixture_set_up, test_reviewed,
              fixture_tear_down);
  g_test_add ("/sl/rescreen/closed", Fixture, NULL, fixture_set_up,
              test_no_model_change_without_jobs, fixture_tear_down);

  return g_test_run ();
}
