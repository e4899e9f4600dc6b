/* test-screener.c: the asynchronous screener, driven on a main loop */
#include <glib.h>
#include <glib/gstdio.h>

#include <math.h>

#include "sl-lexical-embedder.h"
#include "sl-model.h"
#include "sl-screener.h"
#include "sl-search.h"
#include "sl-store-import.h"
#include "sl-store-matching.h"
#include "sl-store-models.h"
#include "sl-store-private.h"

#define N_CANDIDATES 60

typedef struct
{
  char     *dir;
  char     *db_path;
  SlStore  *store;
  gint64    job_id;
} Fixture;

typedef struct
{
  GPtrArray *screened;
  GError    *error;
  gboolean   done;
  gboolean   progress_after_done;
  gboolean   progress_off_thread;
  GThread   *main_thread;
  guint      n_progress;
  guint      last_done;
  guint      last_total;
} Outcome;

static const char *skills[] = { "python", "django", "postgresql", "aws", "docker", "react",
                                "kubernetes", "go", NULL };

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Backend Engineer");

  fixture->dir = g_dir_make_tmp ("test-screener-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = sl_store_new (fixture->db_path, &error);
  g_assert_no_error (error);

  sl_job_set_description (job, "We need a backend engineer with Python, Django and "
                               "PostgreSQL; AWS and Docker are a plus. 3+ years of "
                               "experience, bachelor's degree.");
  g_assert_true (sl_store_add_job (fixture->store, job, &error));
  g_assert_no_error (error);
  fixture->job_id = sl_job_get_id (job);

  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Candidate %u", i);
      g_autofree char *text = NULL;
      g_autoptr(SlCandidate) candidate = sl_candidate_new (name);
      const char *own[] = { skills[i % 8], skills[(i + 3) % 8], NULL };

      text = g_strdup_printf ("%s. Worked %u years with %s and %s.", name, i % 10, own[0], own[1]);
      sl_candidate_set_text (candidate, text);
      sl_candidate_set_years_experience (candidate, i % 10);
      sl_candidate_set_skills (candidate, own);
      g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
      g_assert_no_error (error);
      /* Every other candidate applied to the job. */
      if (i % 2 == 0)
        {
          g_assert_true (sl_store_import_link_application (fixture->store, fixture->job_id,
                                                           sl_candidate_get_id (candidate),
                                                           &error));
          g_assert_no_error (error);
        }
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->db_path, "-shm", NULL);

  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gpointer store = fixture->store;

  /* The worker thread and the store's queued "changed" signal let go of
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

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Outcome *outcome = user_data;

  if (outcome->done)
    outcome->progress_after_done = TRUE;
  if (g_thread_self () != outcome->main_thread)
    outcome->progress_off_thread = TRUE;
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, outcome->last_done);
  outcome->n_progress++;
  outcome->last_done = done;
  outcome->last_total = total;
}

static void
screened_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Outcome *outcome = user_data;

  g_assert_null (object);
  outcome->screened = sl_screener_screen_job_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static void
run (Fixture      *fixture,
     gboolean      all,
     GCancellable *cancellable,
     Outcome      *outcome)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  SlScreenerOptions options;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  sl_screener_options_init (&options);
  options.all_candidates = all;
  options.progress = progress_cb;
  options.progress_data = outcome;
  outcome->main_thread = g_thread_self ();

  sl_screener_screen_job_async (fixture->store, SL_EMBEDDER (embedder), fixture->job_id,
                                &options, cancellable, screened_cb, outcome);
  /* The options are copied: changing ours must not matter. */
  options.all_candidates = !all;
  options.progress = NULL;

  while (!outcome->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  /* Let anything queued late run, to catch progress after completion. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_linked (Fixture       *fixture,
             gconstpointer  user_data)
{
  Outcome outcome = { 0 };

  run (fixture, FALSE, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.screened);
  g_assert_cmpuint (outcome.screened->len, ==, N_CANDIDATES / 2);
  for (guint i = 1; i < outcome.screened->len; i++)
    {
      SlScreened *a = g_ptr_array_index (outcome.screened, i - 1);
      SlScreened *b = g_ptr_array_index (outcome.screened, i);

      g_assert_cmpfloat (a->result->score, >=, b->result->score);
      g_assert_cmpint (a->result_id, >, 0);
    }
  g_assert_cmpuint (outcome.n_progress, >, 0);
  g_assert_cmpuint (outcome.last_done, ==, N_CANDIDATES / 2);
  g_assert_cmpuint (outcome.last_total, ==, N_CANDIDATES / 2);
  g_assert_false (outcome.progress_after_done);
  g_assert_false (outcome.progress_off_thread);
  g_ptr_array_unref (outcome.screened);
}

static void
test_all (Fixture       *fixture,
          gconstpointer  user_data)
{
  Outcome outcome = { 0 };

  run (fixture, TRUE, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.screened->len, ==, N_CANDIDATES);
  g_assert_cmpuint (outcome.last_done, ==, N_CANDIDATES);
  g_assert_cmpuint (outcome.last_total, ==, N_CANDIDATES);
  g_ptr_array_unref (outcome.screened);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0 };

  g_cancellable_cancel (cancellable);
  run (fixture, TRUE, cancellable, &outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.screened);
  g_clear_error (&outcome.error);
}

static void
test_cancelled_midway (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  SlScreenerOptions options;
  Outcome outcome = { 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  /* Cancelled while the worker runs: it stops between candidates. */
  sl_screener_options_init (&options);
  options.all_candidates = TRUE;
  sl_screener_screen_job_async (fixture->store, SL_EMBEDDER (embedder), fixture->job_id,
                                &options, cancellable, screened_cb, &outcome);
  g_cancellable_cancel (cancellable);
  while (!outcome.done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.screened);
  g_clear_error (&outcome.error);
}

static void
test_no_candidates (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlJob) job = sl_job_new ("Nobody applied");
  Outcome outcome = { 0 };
  gint64 job_id;

  g_assert_true (sl_store_add_job (fixture->store, job, &error));
  job_id = fixture->job_id;
  fixture->job_id = sl_job_get_id (job);
  run (fixture, FALSE, NULL, &outcome);
  fixture->job_id = job_id;
  g_assert_error (outcome.error, SL_SCREENER_ERROR, SL_SCREENER_ERROR_NO_CANDIDATES);
  g_assert_cmpuint (outcome.n_progress, ==, 0);
  g_clear_error (&outcome.error);
}

/* A logistic regression with fixed, varied weights, made the active model. */
static void
add_active_model (Fixture *fixture,
                  guint    n_features)
{
  g_autofree float *mean = g_new0 (float, n_features);
  g_autofree float *scale = g_new (float, n_features);
  g_autofree float *weights = g_new (float, n_features);
  g_autofree char *spec = sl_model_build_feature_spec (n_features);
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_features; i++)
    {
      scale[i] = 1.0f;
      weights[i] = (float)((int)(i * 7 % 13) - 6) / 4.0f;
    }
  model = sl_model_new_logreg (n_features, mean, scale, weights, -0.5f);
  sl_model_set_feature_spec (model, spec);
  blob = sl_model_serialize (model);
  g_assert_cmpint (sl_store_add_model_version (fixture->store, "logreg", spec, blob, "{}", NULL, 0,
                                               0, "test", TRUE, &error), >, 0);
  g_assert_no_error (error);
}

/* What screening one candidate at a time from its full record gives. */
static void
assert_same_as_one_by_one (Fixture     *fixture,
                           SlEmbedder  *embedder,
                           GPtrArray   *screened,
                           SlModel     *model)
{
  g_autoptr(SlJob) job = sl_store_get_job (fixture->store, fixture->job_id, NULL);
  g_autoptr(SlRequirements) requirements = sl_screener_dup_requirements (job);
  g_autoptr(SlSearch) search = sl_search_new (fixture->store, embedder);
  g_autofree char *text = g_strjoin ("\n\n", sl_job_get_title (job), sl_job_get_description (job),
                                     sl_job_get_requirements (job), NULL);
  guint dimension = sl_embedder_get_dimension (embedder);
  g_autofree float *job_vector = sl_embedder_embed (embedder, text, NULL, NULL);
  g_autofree float *vector = g_new (float, dimension);
  g_autofree float *features = g_new (float, sl_screening_n_features (dimension));
  SlScreeningConfig config;
  double lowest = G_MAXDOUBLE, highest = -G_MAXDOUBLE;
  guint with_skills = 0;

  g_assert_true (sl_search_prepare (search, NULL, NULL));
  sl_screening_config_init_default (&config);
  for (guint i = 0; i < screened->len; i++)
    {
      SlScreened *item = g_ptr_array_index (screened, i);
      g_autoptr(SlCandidate) candidate = sl_store_get_candidate (fixture->store, item->candidate_id,
                                                                 NULL);
      g_autoptr(SlScreeningResult) expected = NULL;
      double cosine = 0;
      double probability = -1;

      g_assert_true (sl_vector_index_copy_vector (sl_search_get_index (search), item->candidate_id,
                                                  vector));
      for (guint d = 0; d < dimension; d++)
        cosine += (double)job_vector[d] * vector[d];
      expected = sl_screening_score (requirements, candidate, cosine, -1, &config);
      if (model != NULL)
        {
          sl_screening_features (expected, job_vector, vector, dimension, features);
          probability = sl_model_predict_proba (model, features);
          g_clear_pointer (&expected, sl_screening_result_free);
          expected = sl_screening_score (requirements, candidate, cosine, probability, &config);
        }

      g_assert_cmpstr (item->name, ==, sl_candidate_get_name (candidate));
      g_assert_cmpfloat_with_epsilon (item->result->cosine, expected->cosine, 1e-12);
      g_assert_cmpfloat_with_epsilon (item->result->skill_coverage, expected->skill_coverage, 1e-12);
      g_assert_cmpfloat_with_epsilon (item->result->mandatory_coverage, expected->mandatory_coverage,
                                      1e-12);
      g_assert_cmpfloat_with_epsilon (item->result->preferred_coverage, expected->preferred_coverage,
                                      1e-12);
      g_assert_cmpfloat_with_epsilon (item->result->experience_fit, expected->experience_fit, 1e-12);
      g_assert_cmpfloat_with_epsilon (item->result->education_fit, expected->education_fit, 1e-12);
      g_assert_cmpfloat_with_epsilon (item->result->classifier, expected->classifier, 1e-5);
      g_assert_cmpfloat_with_epsilon (item->result->score, expected->score, 1e-3);
      g_assert_cmpuint (item->result->matched_mandatory->len, ==, expected->matched_mandatory->len);
      g_assert_cmpuint (item->result->missing_preferred->len, ==, expected->missing_preferred->len);
      for (guint k = 0; k < expected->matched_mandatory->len; k++)
        g_assert_cmpstr (g_ptr_array_index (item->result->matched_mandatory, k), ==,
                         g_ptr_array_index (expected->matched_mandatory, k));
      lowest = MIN (lowest, item->result->score);
      highest = MAX (highest, item->result->score);
      with_skills += item->result->matched_mandatory->len > 0;
    }
  /* The comparison means something only if the candidates differ. */
  g_assert_cmpfloat (highest - lowest, >, 5.0);
  g_assert_cmpuint (with_skills, >, 0);
  g_assert_cmpuint (with_skills, <, screened->len);
}

static void
test_same_as_one_by_one (Fixture       *fixture,
                         gconstpointer  user_data)
{
  gboolean with_model = GPOINTER_TO_INT (user_data);
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GError) error = NULL;
  SlScreenerOptions options;
  SlScreenerTimings timings = { 0 };

  if (with_model)
    {
      SlModelVersion *version = NULL;

      add_active_model (fixture, sl_screening_n_features (sl_embedder_get_dimension (SL_EMBEDDER (embedder))));
      g_assert_true (sl_store_get_active_model_version (fixture->store, &version, NULL));
      model = sl_model_new_from_bytes (version->parameters, version->feature_spec, &error);
      g_assert_no_error (error);
      sl_model_version_free (version);
    }

  sl_screener_options_init (&options);
  options.all_candidates = TRUE;
  options.timings = &timings;
  screened = sl_screener_screen_job (fixture->store, SL_EMBEDDER (embedder), fixture->job_id,
                                     &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (screened->len, ==, N_CANDIDATES);
  g_assert_cmpint (timings.store_usec, >, 0);
  assert_same_as_one_by_one (fixture, SL_EMBEDDER (embedder), screened, model);
  for (guint i = 0; i < screened->len; i++)
    {
      SlScreened *item = g_ptr_array_index (screened, i);

      g_assert_cmpint (item->result_id, >, 0);
      g_assert_cmpint (isnan (item->result->classifier) || item->result->classifier < 0, ==, !with_model);
    }

  /* Ranking alone gives the same order and numbers, and stores nothing. */
  options.score_only = TRUE;
  ranked = sl_screener_screen_job (fixture->store, SL_EMBEDDER (embedder), fixture->job_id,
                                   &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ranked->len, ==, screened->len);
  for (guint i = 0; i < ranked->len; i++)
    {
      SlScreened *a = g_ptr_array_index (screened, i);
      SlScreened *b = g_ptr_array_index (ranked, i);

      g_assert_cmpint (a->candidate_id, ==, b->candidate_id);
      g_assert_cmpfloat (a->result->score, ==, b->result->score);
      g_assert_cmpint (b->result_id, ==, 0);
    }
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
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* A stored result keeps the scalar features only; reviewing it freezes the
 * full features, the same as screening computes from the two vectors. */
static void
test_review_features (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(SlSearch) search = sl_search_new (fixture->store, SL_EMBEDDER (embedder));
  g_autoptr(SlJob) job = sl_store_get_job (fixture->store, fixture->job_id, NULL);
  g_autoptr(SlTrainingSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree float *job_vector = NULL;
  guint dimension = sl_embedder_get_dimension (SL_EMBEDDER (embedder));
  guint n_features = sl_screening_n_features (dimension);
  g_autofree float *vector = g_new (float, dimension);
  g_autofree float *expected = g_new (float, n_features);
  SlScreenerOptions options;
  const guint picks[] = { 0, 7, N_CANDIDATES - 1 };
  guint with_evidence = 0;

  sl_screener_options_init (&options);
  options.all_candidates = TRUE;
  screened = sl_screener_screen_job (fixture->store, SL_EMBEDDER (embedder), fixture->job_id,
                                     &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (fixture->store, "SELECT max (length (features)) FROM screenings"),
                   ==, 4 * SL_SCREENING_N_SCALAR_FEATURES);

  /* Each result's evidence comes from its own resume, read by the thread
   * that makes the results while the other writes them. */
  for (guint i = 0; i < screened->len; i++)
    {
      SlScreened *item = g_ptr_array_index (screened, i);
      g_autoptr(SlCandidate) candidate = sl_store_get_candidate (fixture->store, item->candidate_id,
                                                                 &error);

      g_assert_no_error (error);
      for (guint e = 0; e < item->result->evidence->len; e++)
        g_assert_nonnull (strstr (sl_candidate_get_text (candidate),
                                  g_ptr_array_index (item->result->evidence, e)));
      with_evidence += item->result->evidence->len > 0;
    }
  g_assert_cmpuint (with_evidence, >, screened->len / 2);

  for (guint k = 0; k < G_N_ELEMENTS (picks); k++)
    {
      SlScreened *item = g_ptr_array_index (screened, picks[k]);

      g_assert_cmpint (sl_store_review_screening (fixture->store, item->result_id,
                                                  k % 2 ? "reject" : "shortlist", NULL, &error),
                       >, 0);
      g_assert_no_error (error);
    }
  set = sl_store_load_training_set (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->n, ==, G_N_ELEMENTS (picks));
  g_assert_cmpuint (set->d, ==, n_features);

  text = g_strjoin ("\n\n", sl_job_get_title (job), sl_job_get_description (job),
                    sl_job_get_requirements (job), NULL);
  g_assert_true (sl_search_prepare (search, NULL, NULL));
  job_vector = sl_embedder_embed (SL_EMBEDDER (embedder), text, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (picks); k++)
    {
      SlScreened *item = g_ptr_array_index (screened, picks[k]);
      const float *row = NULL;

      for (guint r = 0; r < set->n; r++)
        if (set->candidate_ids[r] == item->candidate_id)
          row = set->x + (gsize)r * set->d;
      g_assert_nonnull (row);
      g_assert_true (sl_vector_index_copy_vector (sl_search_get_index (search), item->candidate_id,
                                                  vector));
      sl_screening_features (item->result, job_vector, vector, dimension, expected);
      for (guint j = 0; j < n_features; j++)
        g_assert_cmpfloat_with_epsilon (row[j], expected[j], 1e-6);
    }

  /* Screening again retires every earlier result and reuses the job vector. */
  again = sl_screener_screen_job (fixture->store, SL_EMBEDDER (embedder), fixture->job_id,
                                  &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (fixture->store, "SELECT count(*) FROM screenings s"
                                                " WHERE " SL_STORE_SCREENING_IS_CURRENT ("s", "s.job_id")),
                   ==, N_CANDIDATES);
  /* By moving the job's mark past the first run, not by rewriting its rows. */
  g_assert_cmpint (query_int64 (fixture->store, "SELECT count(*) FROM screenings WHERE current = 0"),
                   ==, 0);
  g_assert_cmpint (query_int64 (fixture->store, "SELECT min (id) FROM screenings s"
                                                " WHERE " SL_STORE_SCREENING_IS_CURRENT ("s", "s.job_id")),
                   ==, query_int64 (fixture->store, "SELECT first_id FROM screening_runs"));
  stored = sl_store_list_job_screenings (fixture->store, fixture->job_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, N_CANDIDATES);
  for (guint i = 0; i < stored->len; i++)
    {
      SlStoredScreening *row = g_ptr_array_index (stored, i);

      g_assert_cmpint (row->id, >=, query_int64 (fixture->store, "SELECT first_id FROM screening_runs"));
    }
  g_assert_cmpint (query_int64 (fixture->store, "SELECT count(*) FROM screenings"),
                   ==, 2 * N_CANDIDATES);
  g_assert_cmpint (query_int64 (fixture->store, "SELECT count(*) FROM job_embeddings"), ==, 1);
  g_assert_cmpint (query_int64 (fixture->store, "SELECT count(*) FROM audit_log"
                                                " WHERE action = 'screening.run'"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sl/screener/async/linked", Fixture, NULL, fixture_set_up, test_linked,
              fixture_tear_down);
  g_test_add ("/sl/screener/async/all", Fixture, NULL, fixture_set_up, test_all,
              fixture_tear_down);
  g_test_add ("/sl/screener/async/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);
  g_test_add ("/sl/screener/async/cancelled-midway", Fixture, NULL, fixture_set_up,
              test_cancelled_midway, fixture_tear_down);
  g_test_add ("/sl/screener/same-as-one-by-one", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_same_as_one_by_one, fixture_tear_down);
  g_test_add ("/sl/screener/same-as-one-by-one-model", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_same_as_one_by_one, fixture_tear_down);
  g_test_add ("/sl/screener/review-features", Fixture, NULL, fixture_set_up,
              test_review_features, fixture_tear_down);
  g_test_add ("/sl/screener/async/no-candidates", Fixture, NULL, fixture_set_up,
              test_no_candidates, fixture_tear_down);

  return g_test_run ();
}
