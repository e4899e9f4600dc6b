/* Changing the embedding provider: a new SlSearch for the new embedder is
 * prepared (every candidate embedded with the new model, with progress)
 * while the old one keeps answering; cancelled half-way, the vectors made so
 * far are kept and the next run only makes the rest. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sl-lexical-embedder.h"
#include "sl-search.h"
#include "sl-store-matching.h"

/* More than two batches of 256, so a run can stop half-way. */
#define N_CANDIDATES 600
#define OLD_DIM 512
#define NEW_DIM 64

static const char * const skills[] = {
  "Python", "Rust", "Kubernetes", "PostgreSQL", "React", "Terraform", "Go", "Kotlin",
  "Spark", "Airflow", "Django", "TypeScript", "AWS", "Azure", "Figma", "Swift",
};

typedef struct
{
  char     *dir;
  SlStore  *store;
  SlSearch *old_search;

  /* While the new search prepares. */
  GCancellable *cancellable;
  guint         cancel_after;   /* progress reports before cancelling, 0: never */
  GArray       *progress;       /* double */
  guint         old_answers;    /* searches the old index answered meanwhile */
  guint         old_count;      /* candidates in the old index */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (OLD_DIM);

  fixture->dir = g_dir_make_tmp ("test-reembed-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = sl_store_new (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_autofree char *name = g_strdup_printf ("Candidate %u", i);
      g_autofree char *text = g_strdup_printf ("%s engineer, %u years with %s and %s. "
                                               "Built tools for team %u.",
                                               skills[i % G_N_ELEMENTS (skills)], 1 + i % 12,
                                               skills[(i / 3) % G_N_ELEMENTS (skills)],
                                               skills[(i / 7) % G_N_ELEMENTS (skills)], i);
      g_autoptr(SlCandidate) candidate = sl_candidate_new (name);

      sl_candidate_set_text (candidate, text);
      g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
      g_assert_no_error (error);
    }

  fixture->old_search = sl_search_new (fixture->store, SL_EMBEDDER (embedder));
  g_assert_true (sl_search_prepare (fixture->old_search, NULL, &error));
  g_assert_no_error (error);
  fixture->progress = g_array_new (FALSE, FALSE, sizeof (double));
  fixture->old_count = N_CANDIDATES;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->old_search);
  g_clear_object (&fixture->cancellable);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_array_unref (fixture->progress);
}

static gint64
n_embedded (Fixture    *fixture,
            const char *model)
{
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (sl_store_get_embeddings_fingerprint (fixture->store, model, NULL, &count, &error));
  g_assert_no_error (error);
  return count;
}

/* Runs on the thread that prepares (the search notifies on the default
 * context, which a blocking prepare on this thread dispatches at once). */
static void
progress_cb (SlSearch   *search,
             GParamSpec *pspec,
             Fixture    *fixture)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  double value = sl_search_get_progress (search);

  g_array_append_val (fixture->progress, value);

  /* The old search still answers, from the old model's full index. */
  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (fixture->old_search)), ==,
                    fixture->old_count);
  g_assert_cmpuint (sl_vector_index_get_dimension (sl_search_get_index (fixture->old_search)), ==,
                    OLD_DIM);
  results = sl_search_run (fixture->old_search, "Kubernetes Terraform", NULL, 10,
                           SL_SEARCH_MODE_SEMANTIC, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 10);
  fixture->old_answers++;

  if (fixture->cancel_after > 0 && fixture->progress->len == fixture->cancel_after)
    g_cancellable_cancel (fixture->cancellable);
}

static SlSearch *
new_search (Fixture *fixture)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (NEW_DIM);
  SlSearch *search = sl_search_new (fixture->store, SL_EMBEDDER (embedder));

  g_signal_connect (search, "notify::progress", G_CALLBACK (progress_cb), fixture);
  g_array_set_size (fixture->progress, 0);
  return search;
}

static void
test_switch_cancel_resume (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(SlSearch) first = new_search (fixture);
  g_autoptr(SlSearch) second = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *new_model = sl_embedder_get_model_id (sl_search_get_embedder (first));
  const char *old_model = sl_embedder_get_model_id (sl_search_get_embedder (fixture->old_search));
  double first_report;

  g_assert_cmpstr (new_model, !=, old_model);
  g_assert_cmpint (n_embedded (fixture, new_model), ==, 0);

  /* Cancelled after the first batch: nothing swapped, the batch kept. */
  fixture->cancellable = g_cancellable_new ();
  fixture->cancel_after = 1;
  g_assert_false (sl_search_prepare (first, fixture->cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->progress->len, ==, 1);
  g_assert_cmpfloat (g_array_index (fixture->progress, double, 0), <, 1.0);
  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (first)), ==, 0);
  g_assert_cmpint (n_embedded (fixture, new_model), >, 0);
  g_assert_cmpint (n_embedded (fixture, new_model), <, N_CANDIDATES);
  g_assert_cmpint (n_embedded (fixture, old_model), ==, N_CANDIDATES);

  /* A new run (after a restart, say) only embeds the rest: its first
   * report already counts the kept vectors as done. */
  second = new_search (fixture);
  fixture->cancel_after = 0;
  g_assert_true (sl_search_prepare (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->progress->len, >=, 2);
  first_report = g_array_index (fixture->progress, double, 0);
  g_assert_cmpfloat (first_report, >, (double)(2 * 256) / N_CANDIDATES - 1e-9);
  g_assert_cmpfloat (g_array_index (fixture->progress, double, fixture->progress->len - 1), ==, 1.0);
  for (guint i = 1; i < fixture->progress->len; i++)
    g_assert_cmpfloat (g_array_index (fixture->progress, double, i), >=,
                       g_array_index (fixture->progress, double, i - 1));
  g_assert_cmpuint (fixture->old_answers, ==, 1 + fixture->progress->len);

  /* Complete: the new search has every candidate, in the new dimension. */
  g_assert_cmpint (n_embedded (fixture, new_model), ==, N_CANDIDATES);
  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (second)), ==, N_CANDIDATES);
  g_assert_cmpuint (sl_vector_index_get_dimension (sl_search_get_index (second)), ==, NEW_DIM);
  results = sl_search_run (second, "Kubernetes Terraform", NULL, 10, SL_SEARCH_MODE_SEMANTIC,
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 10);

  /* Nothing left: preparing again embeds nothing and reports nothing. */
  g_array_set_size (fixture->progress, 0);
  g_assert_true (sl_search_prepare (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->progress->len, ==, 0);
}

static void
test_resume_keeps_vectors (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(SlSearch) first = new_search (fixture);
  g_autoptr(SlSearch) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *before = g_new (float, NEW_DIM);
  g_autofree float *after = g_new (float, NEW_DIM);
  g_autoptr(GArray) ids = NULL;
  g_autofree float *matrix = NULL;
  const char *model = sl_embedder_get_model_id (sl_search_get_embedder (first));
  gint64 kept_id;

  fixture->cancellable = g_cancellable_new ();
  fixture->cancel_after = 1;
  g_assert_false (sl_search_prepare (first, fixture->cancellable, &error));
  g_clear_error (&error);
  g_assert_true (sl_store_load_candidate_embeddings (fixture->store, model, NEW_DIM, &ids, &matrix,
                                                     &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  kept_id = g_array_index (ids, gint64, 0);
  memcpy (before, matrix, NEW_DIM * sizeof (float));

  /* A candidate arrives meanwhile: the old search takes it in, as the app's
   * does after an import, and the switch embeds it as well. */
  {
    g_autoptr(SlCandidate) candidate = sl_candidate_new ("Late Applicant");

    sl_candidate_set_text (candidate, "Harpsichord tuner and Kubernetes operator");
    g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
    g_assert_no_error (error);
    g_assert_true (sl_search_prepare (fixture->old_search, NULL, &error));
    g_assert_no_error (error);
    fixture->old_count = N_CANDIDATES + 1;
  }

  second = new_search (fixture);
  fixture->cancel_after = 0;
  g_assert_true (sl_search_prepare (second, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_embedded (fixture, model), ==, N_CANDIDATES + 1);
  g_assert_true (sl_vector_index_copy_vector (sl_search_get_index (second), kept_id, after));
  g_assert_cmpmem (before, NEW_DIM * sizeof (float), after, NEW_DIM * sizeof (float));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sl/reembed/switch-cancel-resume", Fixture, NULL, fixture_set_up,
              test_switch_cancel_resume, fixture_tear_down);
  g_test_add ("/sl/reembed/resume-keeps-vectors", Fixture, NULL, fixture_set_up,
              test_resume_keeps_vectors, fixture_tear_down);
  return g_test_run ();
}
