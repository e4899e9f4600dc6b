// bench-faiss.cpp: FAISS IndexFlatIP on the vectors `shortlist-cli bench search`
// generates (same splitmix64 seeds, same normalisation), for comparison only.
// FAISS is an optional benchmark dependency; the application never needs it.
//
// Usage: bench-faiss N DIM QUERIES BATCH K  → one JSON line on stdout.

#include <faiss/IndexFlat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

static inline uint64_t
splitmix64 (uint64_t *state)
{
  uint64_t z = (*state += UINT64_C (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * UINT64_C (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
random_unit_rows (uint64_t seed, float *out, size_t n, unsigned dim)
{
  uint64_t state = seed;

  for (size_t i = 0; i < n; i++)
    {
      float *v = out + i * dim;
      double norm = 0;

      for (unsigned j = 0; j < dim; j++)
        {
          v[j] = (float) ((splitmix64 (&state) >> 40) * (1.0 / 16777216.0) * 2.0 - 1.0);
          norm += (double) v[j] * v[j];
        }
      norm = norm > 0 ? 1.0 / std::sqrt (norm) : 0;
      for (unsigned j = 0; j < dim; j++)
        v[j] = (float) (v[j] * norm);
    }
}

static double
now_ms ()
{
  return std::chrono::duration<double, std::milli> (
           std::chrono::steady_clock::now ().time_since_epoch ()).count ();
}

static double
median (std::vector<double> v)
{
  std::sort (v.begin (), v.end ());
  size_t n = v.size ();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  if (argc != 6)
    {
      std::fprintf (stderr, "Usage: bench-faiss N DIM QUERIES BATCH K\n");
      return 2;
    }
  size_t n = std::strtoull (argv[1], nullptr, 10);
  unsigned dim = std::strtoul (argv[2], nullptr, 10);
  unsigned n_queries = std::strtoul (argv[3], nullptr, 10);
  unsigned batch = std::strtoul (argv[4], nullptr, 10);
  unsigned k = std::strtoul (argv[5], nullptr, 10);
  std::vector<float> vectors (n * dim);
  std::vector<float> queries ((size_t) std::max (n_queries, batch) * dim);
  std::vector<float> distances ((size_t) batch * k);
  std::vector<faiss::Index::idx_t> labels ((size_t) batch * k);
  std::vector<faiss::Index::idx_t> first (k);
  std::vector<double> one, many;

  random_unit_rows (1, vectors.data (), n, dim);
  random_unit_rows (2, queries.data (), std::max (n_queries, batch), dim);

  double t0 = now_ms ();
  faiss::IndexFlatIP index (dim);
  index.add (n, vectors.data ());
  double build_ms = now_ms () - t0;
  vectors.clear ();
  vectors.shrink_to_fit ();

  for (unsigned q = 0; q < n_queries; q++)
    {
      t0 = now_ms ();
      index.search (1, queries.data () + (size_t) q * dim, k, distances.data (), labels.data ());
      one.push_back (now_ms () - t0);
      if (q == 0)
        std::copy (labels.begin (), labels.begin () + k, first.begin ());
    }
  for (int rep = 0; rep < 3; rep++)
    {
      t0 = now_ms ();
      index.search (batch, queries.data (), k, distances.data (), labels.data ());
      many.push_back (now_ms () - t0);
    }

  std::printf ("{\"n\":%zu,\"dim\":%u,\"faiss_one_query_ms\":%.4f,\"faiss_batch_ms\":%.4f,"
               "\"faiss_build_ms\":%.1f,\"first_query_ids\":[",
               n, dim, median (one), median (many), build_ms);
  for (unsigned i = 0; i < k; i++)
    std::printf ("%s%lld", i ? "," : "", (long long) first[i]);
  std::printf ("]}\n");
  return 0;
}
