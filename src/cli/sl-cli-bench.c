/* sl-cli-bench.c: “shortlist-cli bench …”, benchmarks anyone can rerun.
 *
 * Each benchmark is one function in the subcommands table below.
 */
#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cblas.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <immintrin.h>

#include "sl-cli.h"
#include "sl-store-matching.h"
#include "sl-vector-index.h"

/* splitmix64: the FAISS comparison program (tests/bench/bench-faiss.cpp)
 * generates the same vectors from the same seeds with the same code. */
static inline guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform components in [-1, 1), then L2-normalised rows. */
static void
random_unit_rows (guint64  seed,
                  float   *out,
                  gsize    n,
                  guint    dim)
{
  guint64 state = seed;

  for (gsize i = 0; i < n; i++)
    {
      float *v = out + i * dim;
      double norm = 0;

      for (guint j = 0; j < dim; j++)
        {
          v[j] = (float)((splitmix64 (&state) >> 40) * (1.0 / 16777216.0) * 2.0 - 1.0);
          norm += (double)v[j] * v[j];
        }
      norm = norm > 0 ? 1.0 / sqrt (norm) : 0;
      for (guint j = 0; j < dim; j++)
        v[j] = (float)(v[j] * norm);
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  if (values->len == 0)
    return 0;
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static inline double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* ---- Read bandwidth: a plain read-only scan ---------------------------- */

typedef struct
{
  const guint64 *data;
  gsize          n_words;
  guint64        sum;
} ScanJob;

__attribute__((target ("avx2")))
static guint64
scan_words_avx2 (const guint64 *data,
                 gsize          n_words)
{
  __m256i a0 = _mm256_setzero_si256 ();
  __m256i a1 = _mm256_setzero_si256 ();
  __m256i a2 = _mm256_setzero_si256 ();
  __m256i a3 = _mm256_setzero_si256 ();
  guint64 lanes[4];
  gsize i = 0;

  for (; i + 16 <= n_words; i += 16)
    {
      a0 = _mm256_add_epi64 (a0, _mm256_loadu_si256 ((const __m256i *)(data + i)));
      a1 = _mm256_add_epi64 (a1, _mm256_loadu_si256 ((const __m256i *)(data + i + 4)));
      a2 = _mm256_add_epi64 (a2, _mm256_loadu_si256 ((const __m256i *)(data + i + 8)));
      a3 = _mm256_add_epi64 (a3, _mm256_loadu_si256 ((const __m256i *)(data + i + 12)));
    }
  a0 = _mm256_add_epi64 (_mm256_add_epi64 (a0, a1), _mm256_add_epi64 (a2, a3));
  _mm256_storeu_si256 ((__m256i *)lanes, a0);
  for (; i < n_words; i++)
    lanes[0] += data[i];
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

static gpointer
scan_job_thread (gpointer data)
{
  ScanJob *job = data;

  job->sum = scan_words_avx2 (job->data, job->n_words);
  return NULL;
}

/* Best of one and two threads, median of five scans each, in GB/s. */
static double
measure_bandwidth (gsize bytes)
{
  gsize n_words = bytes / 8;
  guint64 *data = NULL;
  double best = 0;
  guint64 sink = 0;

  /* The same huge-page request as the index's matrix, for a fair bound. */
  if (posix_memalign ((void **)&data, 2 * 1024 * 1024, bytes) != 0)
    g_error ("Out of memory");
#ifdef MADV_HUGEPAGE
  madvise (data, bytes, MADV_HUGEPAGE);
#endif
  for (gsize i = 0; i < n_words; i++)
    data[i] = i;
  for (guint threads = 1; threads <= 2; threads++)
    {
      g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint rep = 0; rep < 5; rep++)
        {
          ScanJob jobs[2] = {
            { data, n_words / threads, 0 },
            { data + n_words / threads, n_words - n_words / threads, 0 },
          };
          GThread *thread = NULL;
          double t0 = now_s ();
          double rate;

          if (threads == 2)
            thread = g_thread_new ("bench-scan", scan_job_thread, &jobs[1]);
          scan_job_thread (&jobs[0]);
          if (thread != NULL)
            g_thread_join (thread);
          rate = bytes / (now_s () - t0) / 1e9;
          sink += jobs[0].sum + jobs[1].sum;
          g_array_append_val (rates, rate);
        }
      best = MAX (best, median (rates));
    }
  g_debug ("bandwidth checksum %" G_GUINT64_FORMAT, sink);
  free (data);
  return best;
}

/* The sgemm rate in GFLOP/s, median of three square products. */
static double
measure_sgemm (void)
{
  const int size = 1536;
  g_autofree float *a = g_new (float, size * size);
  g_autofree float *b = g_new (float, size * size);
  g_autofree float *c = g_new (float, size * size);
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));

  random_unit_rows (11, a, size, size);
  random_unit_rows (12, b, size, size);
  /* A warm-up starts OpenBLAS's threads. */
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, 64, 64, size, 1, a, size, b, size, 0, c,
               size);
  for (guint rep = 0; rep < 3; rep++)
    {
      double t0 = now_s ();
      double rate;

      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, size, size, size,
                   1, a, size, b, size, 0, c, size);
      rate = 2.0 * size * size * size / (now_s () - t0) / 1e9;
      g_array_append_val (rates, rate);
    }
  return median (rates);
}

static JsonNode *
hits_to_json (const SlVectorHit *hits,
              guint              n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    json_builder_add_int_value (builder, hits[i].id);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

static int
bench_search (SlCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— time exact and compact top-20 search over random vectors"));
  int n = 100000;
  int dim = 384;
  int n_queries = 20;
  int batch = 64;
  int k = 20;
  int threads = 2;
  gboolean no_compact = FALSE;
  gboolean store_load = FALSE;
  const GOptionEntry entries[] = {
    { "n", 'n', 0, G_OPTION_ARG_INT, &n, N_("Number of vectors (default 100000)"), N_("N") },
    { "dim", 'd', 0, G_OPTION_ARG_INT, &dim, N_("Dimension (default 384)"), N_("DIM") },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, N_("Single queries to time (default 20)"), N_("Q") },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, N_("Queries per batch (default 64)"), N_("B") },
    { "k", 'k', 0, G_OPTION_ARG_INT, &k, N_("Results per query (default 20)"), N_("K") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, N_("Threads for one query, 1 or 2 (default 2)"), N_("T") },
    { "store-load", 0, 0, G_OPTION_ARG_NONE, &store_load,
      N_("Also time loading the vectors from a database table (N ≤ 200000; slow to set up)"), NULL },
    { "no-compact", 0, 0, G_OPTION_ARG_NONE, &no_compact, N_("Skip the compact (int8) mode"), NULL },
    { NULL }
  };
  g_autoptr(SlVectorIndex) index = NULL;
  g_autoptr(SlVectorIndex) loaded = NULL;
  g_autoptr(GArray) one_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) compact_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) batch_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) load_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree float *vectors = NULL;
  g_autofree float *queries = NULL;
  g_autofree gint64 *ids = NULL;
  g_autofree SlVectorHit *exact = NULL;
  g_autofree SlVectorHit *approx = NULL;
  g_autofree SlVectorHit *batch_hits = NULL;
  g_autofree guint *batch_counts = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *cache_path = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = SL_CLI_EXIT_OK;
  double bandwidth, sgemm_gflops, bound_ms, batch_bound_ms, build_s, compact_build_s = 0;
  double one_ms, batch_ms, compact_ms = 0, load_s, recall = 0, store_load_s = -1;
  guint found = 0;
  JsonNode *first_hits;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (store_load && n > 200000)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("--store-load takes at most 200000 vectors"));
  if (n < 1 || n > 20000000 || dim < 1 || dim > 4096 || n_queries < 1 || n_queries > 10000 ||
      batch < 1 || batch > 4096 || k < 1 || k > 10000)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Out of range: 1 ≤ N ≤ 20000000, 1 ≤ DIM ≤ 4096, 1 ≤ Q ≤ 10000, "
                          "1 ≤ B ≤ 4096, 1 ≤ K ≤ 10000"));

  /* Far larger than any cache, and as large as the matrix up to 512 MiB. */
  bandwidth = measure_bandwidth (CLAMP ((gsize)n * dim * sizeof (float), (gsize)128 << 20,
                                        (gsize)512 << 20)
                                 & ~(gsize)((2 << 20) - 1));
  sgemm_gflops = measure_sgemm ();

  vectors = g_new (float, (gsize)n * dim);
  ids = g_new (gint64, n);
  queries = g_new (float, (gsize)MAX (n_queries, batch) * dim);
  random_unit_rows (1, vectors, n, dim);
  random_unit_rows (2, queries, MAX (n_queries, batch), dim);
  for (int i = 0; i < n; i++)
    ids[i] = i;

  {
    double t0 = now_s ();

    index = sl_vector_index_new (dim);
    sl_vector_index_set_n_threads (index, threads);
    sl_vector_index_reserve (index, n);
    sl_vector_index_add_many (index, ids, vectors, n);
    build_s = now_s () - t0;
  }
  if (store_load)
    {
      g_autofree char *dir = g_dir_make_tmp ("shortlist-bench-XXXXXX", &error);
      g_autofree char *db_path = NULL;
      g_autoptr(SlStore) store = NULL;
      g_autoptr(GArray) store_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree gint64 *candidate_ids = g_new (gint64, n);
      gboolean ok = dir != NULL;

      if (ok)
        {
          db_path = g_build_filename (dir, "bench.db", NULL);
          ok = (store = sl_store_new (db_path, &error)) != NULL;
        }
      for (int i = 0; ok && i < n; i++)
        {
          g_autoptr(SlCandidate) candidate = sl_candidate_new ("Bench");

          ok = sl_store_add_candidate (store, candidate, &error);
          candidate_ids[i] = sl_candidate_get_id (candidate);
        }
      ok = ok && sl_store_save_candidate_embeddings (store, "bench/random", dim, candidate_ids,
                                                     vectors, n, &error);
      for (int rep = 0; ok && rep < 3; rep++)
        {
          g_autoptr(GArray) loaded_ids = NULL;
          g_autofree float *matrix = NULL;
          double t0 = now_s ();
          double s;

          ok = sl_store_load_candidate_embeddings (store, "bench/random", dim, &loaded_ids, &matrix,
                                                   &error);
          s = now_s () - t0;
          if (ok && loaded_ids->len != (guint)n)
            return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "mismatch", _("The store lost vectors"));
          g_array_append_val (store_times, s);
        }
      g_clear_object (&store);
      if (db_path != NULL)
        {
          const char *suffixes[] = { "", "-wal", "-shm" };

          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

              g_unlink (path);
            }
        }
      if (dir != NULL)
        g_rmdir (dir);
      if (!ok)
        return sl_cli_fail_error (cli, error);
      store_load_s = median (store_times);
    }

  /* The index holds its own copy. */
  g_clear_pointer (&vectors, g_free);

  exact = g_new (SlVectorHit, (gsize)n_queries * k);
  approx = g_new (SlVectorHit, k);
  for (int q = 0; q < n_queries; q++)
    {
      double t0 = now_s ();
      double ms;

      sl_vector_index_search (index, queries + (gsize)q * dim, k, NULL, exact + (gsize)q * k);
      ms = (now_s () - t0) * 1000;
      g_array_append_val (one_times, ms);
    }
  one_ms = median (one_times);
  first_hits = hits_to_json (exact, MIN (k, n));

  batch_hits = g_new (SlVectorHit, (gsize)batch * k);
  batch_counts = g_new (guint, batch);
  for (int rep = 0; rep < 3; rep++)
    {
      double t0 = now_s ();
      double ms;

      sl_vector_index_search_batch (index, queries, batch, k, NULL, batch_hits, batch_counts);
      ms = (now_s () - t0) * 1000;
      g_array_append_val (batch_times, ms);
    }
  batch_ms = median (batch_times);
  /* The batch must agree with the single queries it shares. */
  for (int q = 0; q < MIN (batch, n_queries); q++)
    {
      for (int i = 0; i < MIN (k, n); i++)
        {
          if (batch_hits[(gsize)q * k + i].id != exact[(gsize)q * k + i].id)
            return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "mismatch",
                                _("Batch and single-query results differ"));
        }
    }

  if (!no_compact)
    {
      double t0 = now_s ();

      sl_vector_index_set_compact (index, TRUE);
      compact_build_s = now_s () - t0;
      for (int q = 0; q < n_queries; q++)
        {
          double ms;
          guint got;

          t0 = now_s ();
          got = sl_vector_index_search_compact (index, queries + (gsize)q * dim, k, 8, NULL,
                                                approx);
          ms = (now_s () - t0) * 1000;
          g_array_append_val (compact_times, ms);
          for (guint i = 0; i < got; i++)
            {
              for (int j = 0; j < MIN (k, n); j++)
                {
                  if (approx[i].id == exact[(gsize)q * k + j].id)
                    {
                      found++;
                      break;
                    }
                }
            }
        }
      compact_ms = median (compact_times);
      recall = (double)found / ((double)n_queries * MIN (k, n));
      sl_vector_index_set_compact (index, FALSE);
    }

  /* Start-up: read the cached matrix back (the store's table is the fallback). */
  if (!(tmpdir = g_dir_make_tmp ("shortlist-bench-XXXXXX", &error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "io", "%s", error->message);
  cache_path = g_build_filename (tmpdir, "vectors.cache", NULL);
  if (!sl_vector_index_save (index, cache_path, "bench/random", 42, &error))
    {
      g_unlink (cache_path);
      g_rmdir (tmpdir);
      return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "io", "%s", error->message);
    }
  g_clear_object (&index);
  for (int rep = 0; rep < 3; rep++)
    {
      double t0 = now_s ();
      double s;

      g_clear_object (&loaded);
      loaded = sl_vector_index_load (cache_path, "bench/random", dim, 42, &error);
      s = now_s () - t0;
      if (loaded == NULL)
        break;
      g_array_append_val (load_times, s);
    }
  g_unlink (cache_path);
  g_rmdir (tmpdir);
  if (loaded == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "io", "%s", error->message);
  if (sl_vector_index_get_count (loaded) != (guint)n)
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "mismatch", _("The loaded index lost rows"));
  load_s = median (load_times);

  bound_ms = (double)n * dim * 4 / (bandwidth * 1e9) * 1000;
  batch_bound_ms = 2.0 * batch * (double)n * dim / (sgemm_gflops * 1e9) * 1000;

  json_builder_begin_object (builder);
#define ADD_INT(name, value) \
  json_builder_set_member_name (builder, name); \
  json_builder_add_int_value (builder, value)
#define ADD_DOUBLE(name, value) \
  json_builder_set_member_name (builder, name); \
  json_builder_add_double_value (builder, round ((value) * 1e4) / 1e4)
  ADD_INT ("n", n);
  ADD_INT ("dim", dim);
  ADD_INT ("k", k);
  ADD_INT ("queries", n_queries);
  ADD_INT ("batch", batch);
  ADD_DOUBLE ("one_query_ms", one_ms);
  ADD_DOUBLE ("batch_ms", batch_ms);
  if (!no_compact)
    {
      ADD_DOUBLE ("compact_one_query_ms", compact_ms);
      ADD_DOUBLE ("compact_recall_at_20", recall);
      ADD_DOUBLE ("compact_build_s", compact_build_s);
    }
  ADD_DOUBLE ("load_s", load_s);
  if (store_load_s >= 0)
    {
      ADD_DOUBLE ("store_load_s", store_load_s);
    }
  ADD_DOUBLE ("build_s", build_s);
  ADD_DOUBLE ("bandwidth_gbs", bandwidth);
  ADD_DOUBLE ("bound_ms", bound_ms);
  ADD_DOUBLE ("sgemm_gflops", sgemm_gflops);
  ADD_DOUBLE ("batch_bound_ms", batch_bound_ms);
  ADD_DOUBLE ("one_query_over_bound", one_ms / bound_ms);
  ADD_DOUBLE ("batch_over_bound", batch_ms / batch_bound_ms);
  ADD_DOUBLE ("memory_mb", (double)n * dim * 4 / 1e6);
  ADD_DOUBLE ("compact_memory_mb", (double)n * (((dim + 31) / 32) * 32 + 4) / 1e6);
  json_builder_set_member_name (builder, "kernel");
  json_builder_add_string_value (builder, sl_vector_index_get_kernel_name ());
  json_builder_set_member_name (builder, "first_query_ids");
  json_builder_add_value (builder, first_hits);
#undef ADD_INT
#undef ADD_DOUBLE
  json_builder_end_object (builder);

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, json_builder_get_root (builder));
  else
    {
      sl_cli_print (cli, _("%d vectors of dimension %d, top %d (kernel %s)"), n, dim, k,
                    sl_vector_index_get_kernel_name ());
      sl_cli_print (cli, _("read bandwidth %.1f GB/s → bound %.2f ms; sgemm %.1f GFLOP/s"),
                    bandwidth, bound_ms, sgemm_gflops);
      sl_cli_print (cli,
                    _("one query %.2f ms (%.2f× bound); batch of %d %.1f ms (%.2f× sgemm bound)"),
                    one_ms, one_ms / bound_ms, batch, batch_ms, batch_ms / batch_bound_ms);
      if (!no_compact)
        sl_cli_print (cli, _("compact one query %.2f ms, recall@%d %.4f"), compact_ms, k, recall);
      sl_cli_print (cli, _("load from the cache file %.3f s; build %.3f s"), load_s, build_s);
    }
  return SL_CLI_EXIT_OK;
}

int
sl_cli_bench_run (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  /* One line per benchmark. */
  static const SlCliCommand subcommands[] = {
    { "search", NULL, bench_search },
    { "train", NULL, sl_cli_bench_train },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli bench search|train …"));
}
