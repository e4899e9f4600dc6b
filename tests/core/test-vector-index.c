#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sl-vector-index.h"

static void
random_unit_vectors (GRand *rand,
                     float *out,
                     gsize  n,
                     guint  dim)
{
  for (gsize i = 0; i < n; i++)
    {
      float *v = out + i * dim;
      double norm = 0;

      for (guint j = 0; j < dim; j++)
        {
          /* Box–Muller: Gaussian components give uniformly spread directions. */
          double u1 = g_rand_double_range (rand, 1e-12, 1.0);
          double u2 = g_rand_double (rand);

          v[j] = (float)(sqrt (-2 * log (u1)) * cos (2 * G_PI * u2));
          norm += (double)v[j] * v[j];
        }
      norm = sqrt (norm);
      for (guint j = 0; j < dim; j++)
        v[j] = (float)(v[j] / norm);
    }
}

typedef struct
{
  gint64 id;
  double score;
} RefHit;

static int
compare_ref (gconstpointer a,
             gconstpointer b)
{
  const RefHit *x = a;
  const RefHit *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Brute force in double precision over the rows that pass accept (NULL: all). */
static GArray *
reference_top_k (const gint64 *ids,
                 const float  *vectors,
                 const gboolean *alive,
                 const gboolean *accept,
                 gsize         n,
                 guint         dim,
                 const float  *query,
                 guint         k)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (RefHit));

  for (gsize i = 0; i < n; i++)
    {
      RefHit hit = { ids[i], 0 };

      if ((alive != NULL && !alive[i]) || (accept != NULL && !accept[i]))
        continue;
      for (guint j = 0; j < dim; j++)
        hit.score += (double)vectors[i * dim + j] * query[j];
      g_array_append_val (all, hit);
    }
  g_array_sort (all, compare_ref);
  if (all->len > k)
    g_array_set_size (all, k);
  return all;
}

static void
assert_same_hits (const SlVectorHit *hits,
                  guint              n_hits,
                  GArray            *ref)
{
  g_assert_cmpuint (n_hits, ==, ref->len);
  for (guint i = 0; i < n_hits; i++)
    {
      RefHit *r = &g_array_index (ref, RefHit, i);

      /* Random data has no ties at this precision: the order must match too. */
      g_assert_cmpint (hits[i].id, ==, r->id);
      g_assert_cmpfloat_with_epsilon (hits[i].score, r->score, 1e-4);
    }
}

static void
check_exact (gsize n,
             guint dim,
             guint k,
             guint n_threads)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (n * 31 + dim * 7 + k);
  g_autoptr(SlVectorIndex) index = sl_vector_index_new (dim);
  g_autofree float *vectors = g_new (float, n * dim);
  g_autofree gint64 *ids = g_new (gint64, n);
  g_autofree float *queries = g_new (float, 8 * dim);
  g_autofree SlVectorHit *hits = g_new (SlVectorHit, 8 * k);
  guint n_hits[8];

  random_unit_vectors (rand, vectors, n, dim);
  random_unit_vectors (rand, queries, 8, dim);
  for (gsize i = 0; i < n; i++)
    ids[i] = 1000 + (gint64)i * 3;
  sl_vector_index_set_n_threads (index, n_threads);
  sl_vector_index_add_many (index, ids, vectors, n);
  g_assert_cmpuint (sl_vector_index_get_count (index), ==, n);

  for (guint q = 0; q < 8; q++)
    {
      g_autoptr(GArray) ref = reference_top_k (ids, vectors, NULL, NULL, n, dim, queries + q * dim,
                                               k);
      guint got = sl_vector_index_search (index, queries + q * dim, k, NULL, hits);

      assert_same_hits (hits, got, ref);
    }

  /* The batch path (sgemm) agrees with the reference too. */
  sl_vector_index_search_batch (index, queries, 8, k, NULL, hits, n_hits);
  for (guint q = 0; q < 8; q++)
    {
      g_autoptr(GArray) ref = reference_top_k (ids, vectors, NULL, NULL, n, dim, queries + q * dim,
                                               k);

      assert_same_hits (hits + q * k, n_hits[q], ref);
    }
}

static void
test_exact_small (void)
{
  check_exact (1, 16, 5, 1);
  check_exact (7, 3, 20, 1);
  check_exact (100, 17, 1, 1);
  check_exact (1000, 384, 20, 1);
}

static void
test_exact_large (void)
{
  /* Above the two-thread threshold, with a row count that is not a multiple of 64 or 4. */
  check_exact (6007, 384, 20, 2);
  check_exact (6007, 384, 20, 1);
  check_exact (9001, 250, 50, 2);
}

/* Several threads search two indexes at once: the scans share one helper
 * thread, so some run alone, some with the helper, and a share may be
 * withdrawn before the helper takes it; every answer must still be exact. */
typedef struct
{
  SlVectorIndex *index;
  const float   *queries;
  GArray       **refs;
  guint          dim;
  guint          n_queries;
  guint          k;
  guint          rounds;
  guint          failures;
} ConcurrentSearch;

static gpointer
concurrent_search_thread (gpointer data)
{
  ConcurrentSearch *job = data;
  g_autofree SlVectorHit *hits = g_new (SlVectorHit, job->k);

  for (guint round = 0; round < job->rounds; round++)
    {
      for (guint q = 0; q < job->n_queries; q++)
        {
          GArray *ref = job->refs[q];
          guint got = sl_vector_index_search (job->index, job->queries + q * job->dim, job->k, NULL,
                                              hits);

          /* Counted, not asserted: a failed assertion off the main thread
           * would not name the test. */
          if (got != ref->len)
            job->failures++;
          for (guint i = 0; i < MIN (got, ref->len); i++)
            {
              if (hits[i].id != g_array_index (ref, RefHit, i).id ||
                  fabs (hits[i].score - g_array_index (ref, RefHit, i).score) > 1e-4)
                job->failures++;
            }
        }
    }
  return NULL;
}

static void
test_exact_concurrent (void)
{
  const guint dims[2] = { 384, 200 };
  const gsize sizes[2] = { 6007, 12011 };
  const guint n_queries = 4;
  const guint k = 20;
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  SlVectorIndex *indexes[2];
  float *queries[2];
  GArray **refs[2];
  ConcurrentSearch jobs[4];
  GThread *threads[4];

  for (guint x = 0; x < 2; x++)
    {
      g_autofree float *vectors = g_new (float, sizes[x] * dims[x]);
      g_autofree gint64 *ids = g_new (gint64, sizes[x]);

      random_unit_vectors (rand, vectors, sizes[x], dims[x]);
      queries[x] = g_new (float, n_queries * dims[x]);
      random_unit_vectors (rand, queries[x], n_queries, dims[x]);
      for (gsize i = 0; i < sizes[x]; i++)
        ids[i] = (gint64)i + 1;
      indexes[x] = sl_vector_index_new (dims[x]);
      sl_vector_index_set_n_threads (indexes[x], 2);
      sl_vector_index_add_many (indexes[x], ids, vectors, sizes[x]);
      refs[x] = g_new (GArray *, n_queries);
      for (guint q = 0; q < n_queries; q++)
        refs[x][q] = reference_top_k (ids, vectors, NULL, NULL, sizes[x], dims[x],
                                      queries[x] + q * dims[x], k);
    }

  for (guint t = 0; t < G_N_ELEMENTS (jobs); t++)
    {
      guint x = t % 2;

      jobs[t] = (ConcurrentSearch) { indexes[x], queries[x], refs[x], dims[x], n_queries, k, 25, 0 };
      threads[t] = g_thread_new ("test-search", concurrent_search_thread, &jobs[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (jobs); t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpuint (jobs[t].failures, ==, 0);
    }

  for (guint x = 0; x < 2; x++)
    {
      for (guint q = 0; q < n_queries; q++)
        g_array_unref (refs[x][q]);
      g_free (refs[x]);
      g_free (queries[x]);
      g_object_unref (indexes[x]);
    }
}

static void
test_filters_and_removal (void)
{
  /* 5003 × 448 floats is above the two-thread threshold: filtered scans in chunks. */
  const guint dim = 448;
  const gsize n = 5003;
  const guint k = 15;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(SlVectorIndex) index = sl_vector_index_new (dim);
  g_autofree float *vectors = g_new (float, n * dim);
  g_autofree gint64 *ids = g_new (gint64, n);
  g_autofree gboolean *alive = g_new (gboolean, n);
  g_autofree gboolean *accept = g_new0 (gboolean, n);
  g_autofree double *years = g_new (double, n);
  g_autofree float *query = g_new (float, dim);
  SlVectorHit hits[15];
  const guint32 python = 7;
  const guint32 aws = 9;
  const guint32 rust = 11;

  random_unit_vectors (rand, vectors, n, dim);
  random_unit_vectors (rand, query, 1, dim);
  sl_vector_index_set_n_threads (index, 2);
  for (gsize i = 0; i < n; i++)
    {
      guint32 skills[3];
      guint n_skills = 0;
      gint64 jobs[1] = { i % 5 == 0 ? 77 : 78 };
      SlVectorMeta meta = {
        .years_experience = i % 13,
        .education_level = i % 6,
        .imported_at = 1700000000 + (gint64)i,
        .location = i % 3 == 0 ? "Berlin, Germany" : "Dublin",
        .job_ids = jobs,
        .n_jobs = 1,
      };

      if (i % 2 == 0)
        skills[n_skills++] = python;
      if (i % 7 == 0)
        skills[n_skills++] = aws;
      if (i % 11 == 0)
        skills[n_skills++] = rust;
      meta.skill_ids = skills;
      meta.n_skills = n_skills;
      ids[i] = (gint64)i + 1;
      alive[i] = TRUE;
      years[i] = i % 13;
      sl_vector_index_set (index, ids[i], vectors + i * dim, &meta);
    }

  /* Remove every tenth row; the survivors must still be found exactly. */
  for (gsize i = 0; i < n; i += 10)
    {
      g_assert_true (sl_vector_index_remove (index, ids[i]));
      alive[i] = FALSE;
    }
  g_assert_false (sl_vector_index_remove (index, ids[0]));
  g_assert_false (sl_vector_index_contains (index, ids[0]));
  g_assert_true (sl_vector_index_contains (index, ids[1]));

  {
    g_autoptr(GArray) ref = reference_top_k (ids, vectors, alive, NULL, n, dim, query, k);
    guint got = sl_vector_index_search (index, query, k, NULL, hits);

    assert_same_hits (hits, got, ref);
  }

  /* skills:python,aws (all) years>=4 education>=3 location:berlin */
  {
    guint32 all[] = { python, aws };
    SlVectorFilter filter = {
      .skills_all = all, .n_skills_all = 2, .min_years = 4, .min_education = 3, .location = "BERLIN",
    };
    g_autoptr(SlVectorBitmap) bitmap = sl_vector_index_compile_filter (index, &filter);
    g_autoptr(GArray) ref = NULL;
    guint count = 0;
    guint got;

    for (gsize i = 0; i < n; i++)
      {
        accept[i] = i % 2 == 0 && i % 7 == 0 && years[i] >= 4 && (i % 6) >= 3 && i % 3 == 0;
        count += accept[i] && alive[i];
      }
    g_assert_cmpuint (sl_vector_bitmap_get_count (bitmap), ==, count);
    ref = reference_top_k (ids, vectors, alive, accept, n, dim, query, k);
    got = sl_vector_index_search (index, query, k, bitmap, hits);
    assert_same_hits (hits, got, ref);
  }

  /* Any of aws or rust, linked to job 77, imported after a time. */
  {
    guint32 any[] = { aws, rust };
    SlVectorFilter filter = {
      .skills_any = any, .n_skills_any = 2, .job_id = 77, .imported_after = 1700000000 + 2000,
    };
    g_autoptr(SlVectorBitmap) bitmap = sl_vector_index_compile_filter (index, &filter);
    g_autoptr(GArray) ref = NULL;
    guint got;
    guint n_hits;

    for (gsize i = 0; i < n; i++)
      accept[i] = (i % 7 == 0 || i % 11 == 0) && i % 5 == 0 && (gint64)i > 2000;
    ref = reference_top_k (ids, vectors, alive, accept, n, dim, query, k);
    got = sl_vector_index_search (index, query, k, bitmap, hits);
    assert_same_hits (hits, got, ref);
    sl_vector_index_search_batch (index, query, 1, k, bitmap, hits, &n_hits);
    assert_same_hits (hits, n_hits, ref);
    for (guint i = 0; i < got; i++)
      g_assert_true (sl_vector_index_filter_accepts (index, bitmap, hits[i].id));
  }

  /* A filter nobody passes gives nothing. */
  {
    SlVectorFilter filter = { .match_nothing = TRUE };
    g_autoptr(SlVectorBitmap) bitmap = sl_vector_index_compile_filter (index, &filter);

    g_assert_cmpuint (sl_vector_bitmap_get_count (bitmap), ==, 0);
    g_assert_cmpuint (sl_vector_index_search (index, query, k, bitmap, hits), ==, 0);
  }

  /* Updating a vector in place moves it to the top. */
  {
    g_autoptr(GArray) ref = NULL;

    sl_vector_index_set (index, ids[5], query, NULL);
    memcpy (vectors + 5 * dim, query, sizeof (float) * dim);
    ref = reference_top_k (ids, vectors, alive, NULL, n, dim, query, k);
    g_assert_cmpuint (sl_vector_index_search (index, query, k, NULL, hits), ==, k);
    g_assert_cmpint (hits[0].id, ==, ids[5]);
    assert_same_hits (hits, k, ref);
  }
}

static void
check_compact_recall (guint dim,
                      gsize n)
{
  const guint k = 20;
  const guint n_queries = 20;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7 + dim);
  g_autoptr(SlVectorIndex) index = sl_vector_index_new (dim);
  g_autofree float *vectors = g_new (float, n * dim);
  g_autofree gint64 *ids = g_new (gint64, n);
  g_autofree float *queries = g_new (float, n_queries * dim);
  SlVectorHit exact[20];
  SlVectorHit approx[20];
  guint found = 0;

  random_unit_vectors (rand, vectors, n, dim);
  random_unit_vectors (rand, queries, n_queries, dim);
  for (gsize i = 0; i < n; i++)
    ids[i] = (gint64)i;
  sl_vector_index_add_many (index, ids, vectors, n);
  sl_vector_index_set_compact (index, TRUE);
  /* Rows removed and added after compaction stay consistent. */
  sl_vector_index_remove (index, 3);
  sl_vector_index_set (index, 3, vectors + 3 * dim, NULL);

  for (guint q = 0; q < n_queries; q++)
    {
      guint n_exact = sl_vector_index_search (index, queries + q * dim, k, NULL, exact);
      guint n_approx = sl_vector_index_search_compact (index, queries + q * dim, k, 8, NULL,
                                                       approx);

      g_assert_cmpuint (n_exact, ==, k);
      g_assert_cmpuint (n_approx, ==, k);
      for (guint i = 0; i < k; i++)
        {
          for (guint j = 0; j < k; j++)
            {
              if (approx[i].id == exact[j].id)
                {
                  found++;
                  /* Rescored hits carry exact scores. */
                  g_assert_cmpfloat_with_epsilon (approx[i].score, exact[j].score, 1e-5);
                  break;
                }
            }
        }
    }
  g_test_message ("compact recall@20 at %u dimensions: %.4f", dim, (double)found / (k * n_queries));
  g_assert_cmpfloat ((double)found / (k * n_queries), >=, 0.99);
}

static void
test_compact_recall (void)
{
  check_compact_recall (384, 20000);
  /* Compact rows of 128 bytes, 448 (an odd number of 64-byte blocks) and
   * 224 (a 32-byte tail), and a row count that is not a multiple of four. */
  check_compact_recall (100, 5003);
  check_compact_recall (448, 5003);
  check_compact_recall (200, 5003);
}

static void
test_cache_file (void)
{
  const guint dim = 24;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(SlVectorIndex) index = sl_vector_index_new (dim);
  g_autoptr(SlVectorIndex) empty = sl_vector_index_new (dim);
  g_autoptr(SlVectorIndex) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-vector-index-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cache", NULL);
  g_autofree float *vectors = g_new (float, 101 * dim);
  gint64 ids[101];
  g_autofree char *contents = NULL;
  float row[24];
  gsize length;

  random_unit_vectors (rand, vectors, 101, dim);
  for (guint i = 0; i < 101; i++)
    ids[i] = 7 * i + 1;
  sl_vector_index_add_many (index, ids, vectors, 101);

  /* An empty index round-trips too. */
  g_assert_true (sl_vector_index_save (empty, path, "model/24", 1, &error));
  g_assert_no_error (error);
  loaded = sl_vector_index_load (path, "model/24", dim, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_vector_index_get_count (loaded), ==, 0);
  g_clear_object (&loaded);

  g_assert_true (sl_vector_index_save (index, path, "model/24", 99, &error));
  loaded = sl_vector_index_load (path, "model/24", dim, 99, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_vector_index_get_count (loaded), ==, 101);
  g_assert_true (sl_vector_index_copy_vector (loaded, ids[50], row));
  g_assert_cmpmem (row, sizeof row, vectors + 50 * dim, sizeof row);
  g_clear_object (&loaded);

  /* Another model, dimension or fingerprint: stale. */
  g_assert_null (sl_vector_index_load (path, "model/other", dim, 99, &error));
  g_assert_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_STALE);
  g_clear_error (&error);
  g_assert_null (sl_vector_index_load (path, "model/24", dim, 100, &error));
  g_assert_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_STALE);
  g_clear_error (&error);

  /* One flipped bit or a cut file: corrupt. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  contents[length - 5] ^= 0x10;
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  g_assert_null (sl_vector_index_load (path, "model/24", dim, 99, &error));
  g_assert_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));
  g_assert_null (sl_vector_index_load (path, "model/24", dim, 99, &error));
  g_assert_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_message ("kernel: %s", sl_vector_index_get_kernel_name ());
  g_test_add_func ("/sl/vector-index/exact/small", test_exact_small);
  g_test_add_func ("/sl/vector-index/exact/large", test_exact_large);
  g_test_add_func ("/sl/vector-index/exact/concurrent", test_exact_concurrent);
  g_test_add_func ("/sl/vector-index/filters-and-removal", test_filters_and_removal);
  g_test_add_func ("/sl/vector-index/compact-recall", test_compact_recall);
  g_test_add_func ("/sl/vector-index/cache-file", test_cache_file);

  return g_test_run ();
}
