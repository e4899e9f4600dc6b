/* test-screener.c: the asynchronous screener, driven on a main loop */
#include <glib.h>
#include <glib/gstdio.h>

#include "sl-lexical-embedder.h"
#include "sl-screener.h"
#include "sl-store-import.h"

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
  g_test_add ("/sl/screener/async/no-candidates", Fixture, NULL, fixture_set_up,
              test_no_candidates, fixture_tear_down);

  return g_test_run ();
}
