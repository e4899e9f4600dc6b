/* bench-screen.c: screening throughput for one job over N candidates.
 *
 * Builds a store of N synthetic but realistic profiles (skills from the
 * taxonomy, years, education, a resume text that the lexical embedder
 * turns into vectors), kept in CACHE_DIR across runs because building it
 * takes a while. Each run screens a copy of it: ranking only and ranking
 * with storing, without and then with an active model, and prints one JSON
 * object with medians, candidates per second, the ratio to the target of
 * the whole set screened in one second, and for the calls that store, the
 * ratio to the same call ranking only in this run ("vs_rank").
 *
 * Usage: bench-screen CACHE_DIR [N] [RUNS]
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <math.h>
#include <sys/resource.h>

#include "sl-lexical-embedder.h"
#include "sl-model.h"
#include "sl-screener.h"
#include "sl-skill-taxonomy.h"
#include "sl-store-matching.h"
#include "sl-store-models.h"

#define TARGET_SECONDS 1.0

static const char *titles[] = { "Backend Engineer", "Data Scientist", "Frontend Developer",
                                "DevOps Engineer", "Product Manager", "QA Engineer",
                                "Mobile Developer", "Data Engineer" };
static const char *companies[] = { "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark",
                                   "Wayne", "Tyrell" };

static void
add_candidates (SlStore   *store,
                GPtrArray *skills,
                guint      from,
                guint      to)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (from + 1);

  for (guint i = from; i < to; i++)
    {
      g_autofree char *name = g_strdup_printf ("Candidate %u", i);
      g_autofree char *email = g_strdup_printf ("candidate%u@example.com", i);
      g_autoptr(SlCandidate) candidate = sl_candidate_new (name);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      const char *own[13] = { NULL };
      const char *emails[] = { email, NULL };
      guint n_skills = g_rand_int_range (rand, 3, 13);
      double years = g_rand_int_range (rand, 0, 250) / 10.0;
      const char *title = titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (titles))];

      for (guint k = 0; k < n_skills; k++)
        own[k] = g_ptr_array_index (skills, g_rand_int_range (rand, 0, skills->len));
      g_string_append_printf (text, "%s\n%s with %.1f years of experience.\n", name, title, years);
      for (guint k = 0; k < n_skills; k += 2)
        g_string_append_printf (text, "Built and ran production systems at %s with %s and %s "
                                "for a team of %u people.\n",
                                companies[g_rand_int_range (rand, 0, G_N_ELEMENTS (companies))],
                                own[k], own[k + 1] != NULL ? own[k + 1] : own[0],
                                g_rand_int_range (rand, 3, 40));
      g_string_append (text, "Skills: ");
      for (guint k = 0; k < n_skills; k++)
        g_string_append_printf (text, "%s%s", k > 0 ? ", " : "", own[k]);
      g_string_append_c (text, '\n');

      sl_candidate_set_headline (candidate, title);
      sl_candidate_set_text (candidate, text->str);
      sl_candidate_set_years_experience (candidate, years);
      sl_candidate_set_education_level (candidate, g_rand_int_range (rand, 0, 6));
      sl_candidate_set_skills (candidate, own);
      sl_candidate_set_emails (candidate, emails);
      if (!sl_store_add_candidate (store, candidate, &error))
        g_error ("Could not add a candidate: %s", error->message);
    }
}

static gint64
cached_store (const char *dir,
              guint       n,
              char      **out_path)
{
  g_autofree char *path = g_strdup_printf ("%s/bench-screen-%u.db", dir, n);
  g_autoptr(SlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new_default (&error);
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  SlScreenerOptions options;
  gint64 count;
  gint64 job_id;

  g_assert_no_error (error);
  skills = sl_skill_taxonomy_list_skills (taxonomy);
  g_mkdir_with_parents (dir, 0755);
  store = sl_store_new (path, &error);
  g_assert_no_error (error);

  count = sl_store_count_candidates (store, &error);
  g_assert_no_error (error);
  if (count < n)
    {
      g_printerr ("Building %u candidates in %s (once)…\n", n, path);
      add_candidates (store, skills, count, n);
    }

  jobs = sl_store_list_jobs (store, &error);
  g_assert_no_error (error);
  if (jobs->len == 0)
    {
      g_autoptr(SlJob) job = sl_job_new ("Senior Backend Engineer");

      sl_job_set_description (job, "We build data products in Python with Django and PostgreSQL "
                                   "on AWS. Docker and Kubernetes are a plus, React helps. "
                                   "5+ years of experience and a bachelor's degree.");
      g_assert_true (sl_store_add_job (store, job, &error));
      job_id = sl_job_get_id (job);
    }
  else
    job_id = sl_job_get_id (g_ptr_array_index (jobs, 0));

  /* Embeds what is new once, so that runs time screening, not embedding. */
  sl_screener_options_init (&options);
  options.all_candidates = TRUE;
  options.score_only = TRUE;
  g_ptr_array_unref (sl_screener_screen_job (store, SL_EMBEDDER (embedder), job_id, &options,
                                             NULL, &error));
  g_assert_no_error (error);

  *out_path = g_steal_pointer (&path);
  return job_id;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
add_active_model (SlStore *store,
                  guint    n_features)
{
  g_autofree float *mean = g_new0 (float, n_features);
  g_autofree float *scale = g_new (float, n_features);
  g_autofree float *weights = g_new (float, n_features);
  g_autofree char *spec = sl_model_build_feature_spec (n_features);
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n_features; i++)
    {
      scale[i] = 1.0f;
      weights[i] = (float)g_rand_double_range (rand, -1.0, 1.0);
    }
  model = sl_model_new_logreg (n_features, mean, scale, weights, 0.0f);
  sl_model_set_feature_spec (model, spec);
  blob = sl_model_serialize (model);
  sl_store_add_model_version (store, "logreg", spec, blob, "{}", NULL, 0, 0, "bench", TRUE, &error);
  g_assert_no_error (error);
}

/* CPU seconds of every thread of the process: on a busy machine the wall
 * clock says more about the other processes than about us. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Medians over runs: seconds of the whole call, of ranking alone, of storing.
 * Returns the whole call's; @reference_s, when not 0, is the same call
 * without storing, measured in this run, for "vs_rank". */
static double
measure (SlStore    *store,
         SlEmbedder *embedder,
         gint64      job_id,
         gboolean    store_results,
         guint       runs,
         guint       n,
         const char *label,
         double      reference_s,
         gboolean    last)
{
  g_autofree double *total = g_new (double, runs);
  g_autofree double *score = g_new (double, runs);
  g_autofree double *load = g_new (double, runs);
  g_autofree double *stored = g_new (double, runs);
  g_autofree double *cpu = g_new (double, runs);
  double total_s, score_s;

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GPtrArray) screened = NULL;
      g_autoptr(GError) error = NULL;
      SlScreenerTimings timings = { 0 };
      SlScreenerOptions options;
      gint64 start;
      double cpu_start;

      sl_screener_options_init (&options);
      options.all_candidates = TRUE;
      options.score_only = !store_results;
      options.timings = &timings;
      start = g_get_monotonic_time ();
      cpu_start = cpu_seconds ();
      screened = sl_screener_screen_job (store, embedder, job_id, &options, NULL, &error);
      total[r] = (g_get_monotonic_time () - start) / 1e6;
      cpu[r] = cpu_seconds () - cpu_start;
      g_assert_no_error (error);
      g_assert_cmpuint (screened->len, ==, n);
      score[r] = timings.score_usec / 1e6;
      load[r] = timings.load_usec / 1e6;
      stored[r] = timings.store_usec / 1e6;
    }
  total_s = median (total, runs);
  score_s = median (score, runs);
  g_print ("  \"%s\": {\"total_s\": %.3f, \"cpu_s\": %.3f, \"load_s\": %.3f, \"score_s\": %.4f, \"store_s\": %.3f,"
           " \"candidates_per_s\": %.0f, \"scoring_candidates_per_s\": %.0f,"
           " \"total_vs_target\": %.3f, \"scoring_vs_target\": %.4f",
           label, total_s, median (cpu, runs), median (load, runs), score_s, median (stored, runs), n / total_s,
           n / score_s, total_s / TARGET_SECONDS, score_s / TARGET_SECONDS);
  if (reference_s > 0)
    g_print (", \"vs_rank\": %.3f", total_s / reference_s);
  g_print ("}%s\n", last ? "" : ",");
  return total_s;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(GError) error = NULL;
  guint n = argc > 2 ? (guint)g_ascii_strtoull (argv[2], NULL, 10) : 100000;
  guint runs = argc > 3 ? (guint)g_ascii_strtoull (argv[3], NULL, 10) : 3;
  gint64 job_id;
  double rank_s;

  if (argc < 2 || n == 0 || runs == 0)
    {
      g_printerr ("Usage: %s CACHE_DIR [N] [RUNS]\n", argv[0]);
      return 2;
    }
  job_id = cached_store (argv[1], n, &cache);

  /* Storing changes the store: work on a copy. */
  tmp = g_dir_make_tmp ("bench-screen-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (tmp, "screen.db", NULL);
  copy_file (cache, copy);
  store = sl_store_new (copy, &error);
  g_assert_no_error (error);

  g_print ("{\n  \"n\": %u, \"runs\": %u, \"target_s\": %.1f,\n", n, runs, TARGET_SECONDS);
  rank_s = measure (store, SL_EMBEDDER (embedder), job_id, FALSE, runs, n, "rank", 0, FALSE);
  measure (store, SL_EMBEDDER (embedder), job_id, TRUE, 1, n, "rank_and_store", rank_s, FALSE);
  add_active_model (store, sl_screening_n_features (sl_embedder_get_dimension (SL_EMBEDDER (embedder))));
  rank_s = measure (store, SL_EMBEDDER (embedder), job_id, FALSE, runs, n, "rank_with_model", 0, FALSE);
  measure (store, SL_EMBEDDER (embedder), job_id, TRUE, 1, n, "rank_and_store_with_model", rank_s, TRUE);
  g_print ("}\n");

  g_clear_object (&store);
  {
    /* The copy, its WAL and the search's vector cache. */
    g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmp);
  }
  return 0;
}
