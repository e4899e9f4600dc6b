/* sl-vector-index.c: exact top-k search over one contiguous float32 matrix.
 *
 * One query is memory-bound: every row is read once. The scan is a fused
 * loop (four rows at a time against the query, vectorised with AVX-512 or
 * AVX2 chosen at run time) that compares each score with the current k-th
 * best and only then touches a bounded min-heap, so the cost is the read of
 * the matrix. Over large indexes a helper thread, started once and asleep
 * between queries, takes chunks of rows in turn with the caller, each into
 * its own heap; the two heaps are merged. A batch of queries is
 * compute-bound instead and goes through cblas_sgemm one block of rows at a
 * time (OpenBLAS's own threads), with the same selection on each block.
 * The index never spawns threads while OpenBLAS works, so there is one
 * threading model per path and nothing spins beside OpenBLAS.
 *
 * The compact copy stores each row as int8 with one float scale, a quarter
 * of the bytes; the query is quantised to int16 so its own error is
 * negligible. The best rescore × k rows by the approximate score are then
 * rescored exactly from the float matrix.
 *
 * Filters compile to one bit per row before scoring; rows whose bit is clear
 * are never read.
 */
#define G_LOG_DOMAIN "sl-vector-index"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cblas.h>
#include <glib/gi18n-lib.h>
#include <immintrin.h>

#include "sl-vector-index.h"

/* Below this many floats (n × dimension), one thread scans everything. */
#define PARALLEL_MIN_FLOATS (1u << 21)
/* Rows per sgemm block in a batch: the block of scores stays in cache. */
#define BATCH_BLOCK_ROWS 16384
#define COMPACT_ALIGN 32
/* Bytes ahead of the compact scan to prefetch. */
#define COMPACT_PREFETCH 8192

typedef struct
{
  guint32 *skills;     /* sorted */
  guint    n_skills;
  gint64  *jobs;
  guint    n_jobs;
  char    *location;   /* case-folded */
  double   years;
  int      education;
  gint64   imported_at;
} RowMeta;

struct _SlVectorBitmap
{
  guint64  generation;
  gsize    n_rows;
  guint    count;
  guint64 *words;
};

struct _SlVectorIndex
{
  GObject     parent_instance;

  GRWLock     lock;
  guint       dim;
  guint       n_threads;
  gsize       n_rows;
  gsize       capacity;
  guint64     generation;
  float      *matrix;
  gint64     *ids;
  RowMeta    *meta;
  GHashTable *rows;        /* id → row + 1 */

  gboolean    compact;
  gsize       stride8;     /* bytes per compact row, padded */
  gint8      *matrix8;
  float      *scales8;
  gint32     *sums8;       /* sum of each compact row, for the unsigned-query kernel */
};

G_DEFINE_FINAL_TYPE (SlVectorIndex, sl_vector_index, G_TYPE_OBJECT)

/* A bounded min-heap of the k best (score, row) pairs. */
typedef struct
{
  guint    k;
  guint    size;
  float   *score;
  guint32 *row;
} TopK;

static void
topk_init (TopK  *top,
           guint  k)
{
  top->k = k;
  top->size = 0;
  top->score = g_new (float, MAX (k, 1));
  top->row = g_new (guint32, MAX (k, 1));
}

static void
topk_clear (TopK *top)
{
  g_clear_pointer (&top->score, g_free);
  g_clear_pointer (&top->row, g_free);
}

static inline float
topk_threshold (const TopK *top)
{
  return top->size < top->k ? -INFINITY : top->score[0];
}

static void
topk_push (TopK    *top,
           float    score,
           guint32  row)
{
  guint i;

  if (top->k == 0)
    return;
  if (top->size < top->k)
    {
      /* Sift up. */
      i = top->size++;
      while (i > 0)
        {
          guint parent = (i - 1) / 2;

          if (top->score[parent] <= score)
            break;
          top->score[i] = top->score[parent];
          top->row[i] = top->row[parent];
          i = parent;
        }
      top->score[i] = score;
      top->row[i] = row;
      return;
    }
  if (score <= top->score[0])
    return;

  /* Replace the root and sift down. */
  i = 0;
  while (TRUE)
    {
      guint child = 2 * i + 1;

      if (child >= top->size)
        break;
      if (child + 1 < top->size && top->score[child + 1] < top->score[child])
        child++;
      if (top->score[child] >= score)
        break;
      top->score[i] = top->score[child];
      top->row[i] = top->row[child];
      i = child;
    }
  top->score[i] = score;
  top->row[i] = row;
}

static void
topk_merge (TopK       *into,
            const TopK *from)
{
  for (guint i = 0; i < from->size; i++)
    topk_push (into, from->score[i], from->row[i]);
}

/* ---- Kernels ----------------------------------------------------------- */

typedef void (*ScanF32Func) (const float   *matrix,
                             guint          dim,
                             gsize          begin,
                             gsize          end,
                             const float   *query,
                             const guint64 *bits,
                             TopK          *top);
typedef float (*DotF32Func) (const float *a,
                             const float *b,
                             guint        dim);
typedef void (*ScanU8Func) (const gint8   *matrix,
                            const float   *scales,
                            const gint32  *sums,
                            gsize          stride,
                            gsize          begin,
                            gsize          end,
                            const guint8  *query,
                            const guint64 *bits,
                            TopK          *top);
typedef void (*ScanI8Func) (const gint8   *matrix,
                            const float   *scales,
                            gsize          stride,
                            gsize          begin,
                            gsize          end,
                            const gint16  *query,
                            const guint64 *bits,
                            TopK          *top);

static inline gboolean
bit_is_set (const guint64 *bits,
            gsize          row)
{
  return (bits[row / 64] >> (row % 64)) & 1;
}

/* Calls body for each row of [begin, end) whose bit is set, skipping empty words. */
#define FOR_EACH_SET_ROW(bits, begin, end, row, body)                   \
  G_STMT_START {                                                        \
    for (gsize _w = (begin) / 64; _w * 64 < (end); _w++)                \
      {                                                                 \
        guint64 _word = (bits)[_w];                                     \
        while (_word != 0)                                              \
          {                                                             \
            gsize row = _w * 64 + (gsize)__builtin_ctzll (_word);       \
            _word &= _word - 1;                                         \
            if (row < (begin) || row >= (end))                          \
              continue;                                                 \
            body;                                                       \
          }                                                             \
      }                                                                 \
  } G_STMT_END

static float
dot_f32_generic (const float *a,
                 const float *b,
                 guint        dim)
{
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  guint j = 0;

  for (; j + 4 <= dim; j += 4)
    {
      s0 += a[j] * b[j];
      s1 += a[j + 1] * b[j + 1];
      s2 += a[j + 2] * b[j + 2];
      s3 += a[j + 3] * b[j + 3];
    }
  for (; j < dim; j++)
    s0 += a[j] * b[j];
  return (s0 + s1) + (s2 + s3);
}

static void
scan_f32_generic (const float   *matrix,
                  guint          dim,
                  gsize          begin,
                  gsize          end,
                  const float   *query,
                  const guint64 *bits,
                  TopK          *top)
{
  float threshold = topk_threshold (top);

  if (bits != NULL)
    {
      FOR_EACH_SET_ROW (bits, begin, end, r, {
        float s = dot_f32_generic (matrix + r * dim, query, dim);
        if (s > threshold)
          {
            topk_push (top, s, r);
            threshold = topk_threshold (top);
          }
      });
      return;
    }
  for (gsize r = begin; r < end; r++)
    {
      float s = dot_f32_generic (matrix + r * dim, query, dim);

      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

__attribute__((target ("avx2,fma")))
static float
dot_f32_avx2 (const float *a,
              const float *b,
              guint        dim)
{
  __m256 acc0 = _mm256_setzero_ps ();
  __m256 acc1 = _mm256_setzero_ps ();
  __m128 lo;
  float s;
  guint j = 0;

  for (; j + 16 <= dim; j += 16)
    {
      acc0 = _mm256_fmadd_ps (_mm256_loadu_ps (a + j), _mm256_loadu_ps (b + j), acc0);
      acc1 = _mm256_fmadd_ps (_mm256_loadu_ps (a + j + 8), _mm256_loadu_ps (b + j + 8), acc1);
    }
  for (; j + 8 <= dim; j += 8)
    acc0 = _mm256_fmadd_ps (_mm256_loadu_ps (a + j), _mm256_loadu_ps (b + j), acc0);
  acc0 = _mm256_add_ps (acc0, acc1);
  lo = _mm_add_ps (_mm256_castps256_ps128 (acc0), _mm256_extractf128_ps (acc0, 1));
  lo = _mm_hadd_ps (lo, lo);
  lo = _mm_hadd_ps (lo, lo);
  s = _mm_cvtss_f32 (lo);
  for (; j < dim; j++)
    s += a[j] * b[j];
  return s;
}

/* The four sums of four accumulators at once: three horizontal adds and one
 * add instead of four full reductions. */
__attribute__((target ("avx2,fma")))
static inline __m128
reduce4_ps_avx2 (__m256 a0,
                 __m256 a1,
                 __m256 a2,
                 __m256 a3)
{
  /* Per 128-bit half: [a0, a1, a2, a3] partial sums after the last hadd. */
  __m256 h = _mm256_hadd_ps (_mm256_hadd_ps (a0, a1), _mm256_hadd_ps (a2, a3));

  return _mm_add_ps (_mm256_castps256_ps128 (h), _mm256_extractf128_ps (h, 1));
}

__attribute__((target ("avx2,fma")))
static void
scan_f32_avx2 (const float   *matrix,
               guint          dim,
               gsize          begin,
               gsize          end,
               const float   *query,
               const guint64 *bits,
               TopK          *top)
{
  float threshold = topk_threshold (top);
  guint vdim = dim & ~7u;
  gsize r = begin;

  if (bits != NULL)
    {
      FOR_EACH_SET_ROW (bits, begin, end, row, {
        float s = dot_f32_avx2 (matrix + row * dim, query, dim);
        if (s > threshold)
          {
            topk_push (top, s, row);
            threshold = topk_threshold (top);
          }
      });
      return;
    }

  for (; r + 4 <= end; r += 4)
    {
      const float *x0 = matrix + r * dim;
      const float *x1 = x0 + dim;
      const float *x2 = x1 + dim;
      const float *x3 = x2 + dim;
      __m256 a0 = _mm256_setzero_ps ();
      __m256 a1 = _mm256_setzero_ps ();
      __m256 a2 = _mm256_setzero_ps ();
      __m256 a3 = _mm256_setzero_ps ();
      __m128 scores;
      float s[4];

      for (guint j = 0; j < vdim; j += 8)
        {
          __m256 q = _mm256_loadu_ps (query + j);

          a0 = _mm256_fmadd_ps (_mm256_loadu_ps (x0 + j), q, a0);
          a1 = _mm256_fmadd_ps (_mm256_loadu_ps (x1 + j), q, a1);
          a2 = _mm256_fmadd_ps (_mm256_loadu_ps (x2 + j), q, a2);
          a3 = _mm256_fmadd_ps (_mm256_loadu_ps (x3 + j), q, a3);
        }
      scores = reduce4_ps_avx2 (a0, a1, a2, a3);
      if (vdim < dim)
        {
          _mm_storeu_ps (s, scores);
          for (guint j = vdim; j < dim; j++)
            {
              s[0] += x0[j] * query[j];
              s[1] += x1[j] * query[j];
              s[2] += x2[j] * query[j];
              s[3] += x3[j] * query[j];
            }
          scores = _mm_loadu_ps (s);
        }
      /* Most blocks of four end here, on one comparison. */
      if (_mm_movemask_ps (_mm_cmpgt_ps (scores, _mm_set1_ps (threshold))) == 0)
        continue;
      _mm_storeu_ps (s, scores);
      for (guint i = 0; i < 4; i++)
        {
          if (s[i] > threshold)
            {
              topk_push (top, s[i], r + i);
              threshold = topk_threshold (top);
            }
        }
    }
  for (; r < end; r++)
    {
      float s = dot_f32_avx2 (matrix + r * dim, query, dim);

      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

__attribute__((target ("avx512f")))
static float
dot_f32_avx512 (const float *a,
                const float *b,
                guint        dim)
{
  __m512 acc = _mm512_setzero_ps ();
  guint j = 0;

  for (; j + 16 <= dim; j += 16)
    acc = _mm512_fmadd_ps (_mm512_loadu_ps (a + j), _mm512_loadu_ps (b + j), acc);
  if (j < dim)
    {
      __mmask16 m = (__mmask16)((1u << (dim - j)) - 1);

      acc = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (m, a + j), _mm512_maskz_loadu_ps (m, b + j),
                             acc);
    }
  return _mm512_reduce_add_ps (acc);
}

/* The four sums of four accumulators at once, by transposing their lanes
 * (as in scan_u8_vnni) instead of four full horizontal reductions. */
__attribute__((target ("avx512f")))
static inline __m128
reduce4_ps_avx512 (__m512 a0,
                   __m512 a1,
                   __m512 a2,
                   __m512 a3)
{
  /* Per 128-bit lane: [a0 even, a1 even, a0 odd, a1 odd] and the same for a2, a3. */
  __m512d b01 = _mm512_castps_pd (_mm512_add_ps (_mm512_unpacklo_ps (a0, a1),
                                                 _mm512_unpackhi_ps (a0, a1)));
  __m512d b23 = _mm512_castps_pd (_mm512_add_ps (_mm512_unpacklo_ps (a2, a3),
                                                 _mm512_unpackhi_ps (a2, a3)));
  /* Per 128-bit lane: [a0, a1, a2, a3]. */
  __m512 c = _mm512_add_ps (_mm512_castpd_ps (_mm512_unpacklo_pd (b01, b23)),
                            _mm512_castpd_ps (_mm512_unpackhi_pd (b01, b23)));
  __m256 d = _mm256_add_ps (_mm512_castps512_ps256 (c),
                            _mm256_castpd_ps (_mm512_extractf64x4_pd (_mm512_castps_pd (c), 1)));

  return _mm_add_ps (_mm256_castps256_ps128 (d), _mm256_extractf128_ps (d, 1));
}

__attribute__((target ("avx512f")))
static void
scan_f32_avx512 (const float   *matrix,
                 guint          dim,
                 gsize          begin,
                 gsize          end,
                 const float   *query,
                 const guint64 *bits,
                 TopK          *top)
{
  float threshold = topk_threshold (top);
  guint vdim = dim & ~15u;
  __mmask16 tail = (__mmask16)((1u << (dim - vdim)) - 1);
  gsize r = begin;

  if (bits != NULL)
    {
      FOR_EACH_SET_ROW (bits, begin, end, row, {
        float s = dot_f32_avx512 (matrix + row * dim, query, dim);
        if (s > threshold)
          {
            topk_push (top, s, row);
            threshold = topk_threshold (top);
          }
      });
      return;
    }

  for (; r + 4 <= end; r += 4)
    {
      const float *x0 = matrix + r * dim;
      const float *x1 = x0 + dim;
      const float *x2 = x1 + dim;
      const float *x3 = x2 + dim;
      __m512 a0 = _mm512_setzero_ps ();
      __m512 a1 = _mm512_setzero_ps ();
      __m512 a2 = _mm512_setzero_ps ();
      __m512 a3 = _mm512_setzero_ps ();
      __m128 scores;
      float s[4];

      for (guint j = 0; j < vdim; j += 16)
        {
          __m512 q = _mm512_loadu_ps (query + j);

          a0 = _mm512_fmadd_ps (_mm512_loadu_ps (x0 + j), q, a0);
          a1 = _mm512_fmadd_ps (_mm512_loadu_ps (x1 + j), q, a1);
          a2 = _mm512_fmadd_ps (_mm512_loadu_ps (x2 + j), q, a2);
          a3 = _mm512_fmadd_ps (_mm512_loadu_ps (x3 + j), q, a3);
        }
      if (tail != 0)
        {
          __m512 q = _mm512_maskz_loadu_ps (tail, query + vdim);

          a0 = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (tail, x0 + vdim), q, a0);
          a1 = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (tail, x1 + vdim), q, a1);
          a2 = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (tail, x2 + vdim), q, a2);
          a3 = _mm512_fmadd_ps (_mm512_maskz_loadu_ps (tail, x3 + vdim), q, a3);
        }
      scores = reduce4_ps_avx512 (a0, a1, a2, a3);
      /* Most blocks of four end here, on one comparison. */
      if (_mm_movemask_ps (_mm_cmpgt_ps (scores, _mm_set1_ps (threshold))) == 0)
        continue;
      _mm_storeu_ps (s, scores);
      for (guint i = 0; i < 4; i++)
        {
          if (s[i] > threshold)
            {
              topk_push (top, s[i], r + i);
              threshold = topk_threshold (top);
            }
        }
    }
  for (; r < end; r++)
    {
      float s = dot_f32_avx512 (matrix + r * dim, query, dim);

      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

static inline gint32
dot_i8_generic (const gint8  *row,
                const gint16 *query,
                gsize         stride)
{
  gint32 s = 0;

  for (gsize j = 0; j < stride; j++)
    s += (gint32)row[j] * query[j];
  return s;
}

static void
scan_i8_generic (const gint8   *matrix,
                 const float   *scales,
                 gsize          stride,
                 gsize          begin,
                 gsize          end,
                 const gint16  *query,
                 const guint64 *bits,
                 TopK          *top)
{
  float threshold = topk_threshold (top);

  for (gsize r = begin; r < end; r++)
    {
      float s;

      if (bits != NULL && !bit_is_set (bits, r))
        continue;
      s = dot_i8_generic (matrix + r * stride, query, stride) * scales[r];
      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

__attribute__((target ("avx2")))
static inline gint32
dot_i8_avx2 (const gint8  *row,
             const gint16 *query,
             gsize         stride)
{
  __m256i acc = _mm256_setzero_si256 ();
  __m128i lo;

  /* stride is a multiple of COMPACT_ALIGN (32). */
  for (gsize j = 0; j < stride; j += 16)
    {
      __m256i x = _mm256_cvtepi8_epi16 (_mm_loadu_si128 ((const __m128i *)(row + j)));
      __m256i q = _mm256_loadu_si256 ((const __m256i *)(query + j));

      acc = _mm256_add_epi32 (acc, _mm256_madd_epi16 (x, q));
    }
  lo = _mm_add_epi32 (_mm256_castsi256_si128 (acc), _mm256_extracti128_si256 (acc, 1));
  lo = _mm_hadd_epi32 (lo, lo);
  lo = _mm_hadd_epi32 (lo, lo);
  return _mm_cvtsi128_si32 (lo);
}

__attribute__((target ("avx2")))
static void
scan_i8_avx2 (const gint8   *matrix,
              const float   *scales,
              gsize          stride,
              gsize          begin,
              gsize          end,
              const gint16  *query,
              const guint64 *bits,
              TopK          *top)
{
  float threshold = topk_threshold (top);

  for (gsize r = begin; r < end; r++)
    {
      float s;

      if (bits != NULL && !bit_is_set (bits, r))
        continue;
      s = dot_i8_avx2 (matrix + r * stride, query, stride) * scales[r];
      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

__attribute__((target ("avx512f,avx512bw")))
static void
scan_i8_avx512 (const gint8   *matrix,
                const float   *scales,
                gsize          stride,
                gsize          begin,
                gsize          end,
                const gint16  *query,
                const guint64 *bits,
                TopK          *top)
{
  float threshold = topk_threshold (top);
  gsize r = begin;

  if (bits == NULL)
    {
      /* Two rows at a time for two independent chains. */
      for (; r + 2 <= end; r += 2)
        {
          const gint8 *x0 = matrix + r * stride;
          const gint8 *x1 = x0 + stride;
          __m512i a0 = _mm512_setzero_si512 ();
          __m512i a1 = _mm512_setzero_si512 ();
          float s0, s1;

          for (gsize j = 0; j < stride; j += 32)
            {
              __m512i q = _mm512_loadu_si512 ((const void *)(query + j));
              __m512i v0 = _mm512_cvtepi8_epi16 (_mm256_loadu_si256 ((const __m256i *)(x0 + j)));
              __m512i v1 = _mm512_cvtepi8_epi16 (_mm256_loadu_si256 ((const __m256i *)(x1 + j)));

              a0 = _mm512_add_epi32 (a0, _mm512_madd_epi16 (v0, q));
              a1 = _mm512_add_epi32 (a1, _mm512_madd_epi16 (v1, q));
            }
          s0 = _mm512_reduce_add_epi32 (a0) * scales[r];
          s1 = _mm512_reduce_add_epi32 (a1) * scales[r + 1];
          if (s0 > threshold)
            {
              topk_push (top, s0, r);
              threshold = topk_threshold (top);
            }
          if (s1 > threshold)
            {
              topk_push (top, s1, r + 1);
              threshold = topk_threshold (top);
            }
        }
    }
  for (; r < end; r++)
    {
      const gint8 *x0 = matrix + r * stride;
      __m512i a0 = _mm512_setzero_si512 ();
      float s;

      if (bits != NULL && !bit_is_set (bits, r))
        continue;
      for (gsize j = 0; j < stride; j += 32)
        {
          __m512i v0 = _mm512_cvtepi8_epi16 (_mm256_loadu_si256 ((const __m256i *)(x0 + j)));
          __m512i q = _mm512_loadu_si512 ((const void *)(query + j));

          a0 = _mm512_add_epi32 (a0, _mm512_madd_epi16 (v0, q));
        }
      s = _mm512_reduce_add_epi32 (a0) * scales[r];
      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

/* AVX-512 VNNI multiplies unsigned by signed bytes: the query is shifted to
 * unsigned (q + 128), and 128 × the row's sum taken off again. One row is
 * 64 bytes per instruction in two independent chains; vstride is the row's
 * bytes in whole 64-byte blocks and tail masks the rest. */
__attribute__((target ("avx512f,avx512bw,avx512vnni")))
static inline __m512i
row_u8_vnni (const gint8  *row,
             const guint8 *query,
             gsize         vstride,
             __mmask64     tail)
{
  __m512i a = _mm512_setzero_si512 ();
  __m512i b = _mm512_setzero_si512 ();
  gsize j = 0;

  for (; j + 128 <= vstride; j += 128)
    {
      a = _mm512_dpbusd_epi32 (a, _mm512_loadu_si512 ((const void *)(query + j)),
                               _mm512_loadu_si512 ((const void *)(row + j)));
      b = _mm512_dpbusd_epi32 (b, _mm512_loadu_si512 ((const void *)(query + j + 64)),
                               _mm512_loadu_si512 ((const void *)(row + j + 64)));
    }
  if (j < vstride)
    a = _mm512_dpbusd_epi32 (a, _mm512_loadu_si512 ((const void *)(query + j)),
                             _mm512_loadu_si512 ((const void *)(row + j)));
  if (tail != 0)
    b = _mm512_dpbusd_epi32 (b, _mm512_maskz_loadu_epi8 (tail, query + vstride),
                             _mm512_maskz_loadu_epi8 (tail, row + vstride));
  return _mm512_add_epi32 (a, b);
}

static inline __mmask64
vnni_tail (gsize stride)
{
  return stride % 64 != 0 ? (G_GUINT64_CONSTANT (1) << (stride % 64)) - 1 : 0;
}

__attribute__((target ("avx512f,avx512bw,avx512vnni")))
static inline gint32
dot_u8_vnni (const gint8  *row,
             const guint8 *query,
             gsize         stride)
{
  return _mm512_reduce_add_epi32 (row_u8_vnni (row, query, stride & ~(gsize)63,
                                               vnni_tail (stride)));
}

__attribute__((target ("avx512f,avx512bw,avx512vnni")))
static void
scan_u8_vnni (const gint8   *matrix,
              const float   *scales,
              const gint32  *sums,
              gsize          stride,
              gsize          begin,
              gsize          end,
              const guint8  *query,
              const guint64 *bits,
              TopK          *top)
{
  float threshold = topk_threshold (top);
  gsize vstride = stride & ~(gsize)63;
  __mmask64 tail = vnni_tail (stride);
  gsize r = begin;

  if (bits != NULL)
    {
      FOR_EACH_SET_ROW (bits, begin, end, row, {
        gint32 dot = dot_u8_vnni (matrix + row * stride, query, stride) - 128 * sums[row];
        float s = dot * scales[row];
        if (s > threshold)
          {
            topk_push (top, s, row);
            threshold = topk_threshold (top);
          }
      });
      return;
    }

  /* Four rows at a time, one after the other, so the loads walk memory in
   * order: rows of a few cache lines read interleaved confuse the hardware
   * prefetcher (about a fifth slower, measured at 384 dimensions). Asking
   * for the lines COMPACT_PREFETCH bytes ahead gains a little more; a
   * prefetch past the end of the matrix is harmless. */
  for (; r + 4 <= end; r += 4)
    {
      const gint8 *x0 = matrix + r * stride;
      __m512i a0;
      __m512i a1;
      __m512i a2;
      __m512i a3;
      float s[4];

      for (gsize o = 0; o < 4 * stride; o += 64)
        _mm_prefetch ((const char *)((guintptr)x0 + COMPACT_PREFETCH + o), _MM_HINT_T0);
      a0 = row_u8_vnni (x0, query, vstride, tail);
      a1 = row_u8_vnni (x0 + stride, query, vstride, tail);
      a2 = row_u8_vnni (x0 + 2 * stride, query, vstride, tail);
      a3 = row_u8_vnni (x0 + 3 * stride, query, vstride, tail);

      /* The four sums at once: a transpose of the accumulators' lanes
       * instead of four full horizontal reductions. */
      {
        __m512i b01 = _mm512_add_epi32 (_mm512_unpacklo_epi32 (a0, a1), _mm512_unpackhi_epi32 (a0, a1));
        __m512i b23 = _mm512_add_epi32 (_mm512_unpacklo_epi32 (a2, a3), _mm512_unpackhi_epi32 (a2, a3));
        __m512i c = _mm512_add_epi32 (_mm512_unpacklo_epi64 (b01, b23), _mm512_unpackhi_epi64 (b01, b23));
        __m256i d = _mm256_add_epi32 (_mm512_castsi512_si256 (c), _mm512_extracti64x4_epi64 (c, 1));
        __m128i e = _mm_add_epi32 (_mm256_castsi256_si128 (d), _mm256_extracti128_si256 (d, 1));
        __m128i dots = _mm_sub_epi32 (e, _mm_slli_epi32 (_mm_loadu_si128 ((const __m128i *)(sums + r)), 7));
        __m128 scores = _mm_mul_ps (_mm_cvtepi32_ps (dots), _mm_loadu_ps (scales + r));

        if (_mm_movemask_ps (_mm_cmpgt_ps (scores, _mm_set1_ps (threshold))) == 0)
          continue;
        _mm_storeu_ps (s, scores);
      }
      for (guint i = 0; i < 4; i++)
        {
          if (s[i] > threshold)
            {
              topk_push (top, s[i], r + i);
              threshold = topk_threshold (top);
            }
        }
    }
  for (; r < end; r++)
    {
      float s = (dot_u8_vnni (matrix + r * stride, query, stride) - 128 * sums[r]) * scales[r];

      if (s > threshold)
        {
          topk_push (top, s, r);
          threshold = topk_threshold (top);
        }
    }
}

typedef struct
{
  const char  *name;
  ScanF32Func  scan_f32;
  DotF32Func   dot_f32;
  ScanI8Func   scan_i8;
  ScanU8Func   scan_u8;     /* preferred over scan_i8 when set */
} Kernels;

static const Kernels *
get_kernels (void)
{
  static Kernels kernels;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* SL_VECTOR_KERNEL (avx512-vnni, avx512, avx2, generic) lets the tests
       * run every path on one machine; it can only pick what the CPU has. */
      const char *wanted = g_getenv ("SL_VECTOR_KERNEL");
      gboolean avx512, vnni, avx2;

      __builtin_cpu_init ();
      avx512 = __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw");
      vnni = avx512 && __builtin_cpu_supports ("avx512vnni");
      avx2 = __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
      if (wanted != NULL && g_str_equal (wanted, "generic"))
        avx2 = avx512 = vnni = FALSE;
      else if (wanted != NULL && g_str_equal (wanted, "avx2"))
        avx512 = vnni = FALSE;
      else if (wanted != NULL && g_str_equal (wanted, "avx512"))
        vnni = FALSE;

      if (vnni)
        kernels = (Kernels) { "avx512-vnni", scan_f32_avx512, dot_f32_avx512, scan_i8_avx512,
                              scan_u8_vnni };
      else if (avx512)
        kernels = (Kernels) { "avx512", scan_f32_avx512, dot_f32_avx512, scan_i8_avx512, NULL };
      else if (avx2)
        kernels = (Kernels) { "avx2", scan_f32_avx2, dot_f32_avx2, scan_i8_avx2, NULL };
      else
        kernels = (Kernels) { "generic", scan_f32_generic, dot_f32_generic, scan_i8_generic, NULL };
      g_debug ("Vector kernels: %s", kernels.name);
      g_once_init_leave (&initialized, 1);
    }
  return &kernels;
}

const char *
sl_vector_index_get_kernel_name (void)
{
  return get_kernels ()->name;
}

/* ---- Storage ----------------------------------------------------------- */

static void
row_meta_clear (RowMeta *meta)
{
  g_clear_pointer (&meta->skills, g_free);
  g_clear_pointer (&meta->jobs, g_free);
  g_clear_pointer (&meta->location, g_free);
  memset (meta, 0, sizeof *meta);
}

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *)a;
  guint32 y = *(const guint32 *)b;

  return x < y ? -1 : x > y;
}

static void
row_meta_set (RowMeta            *meta,
              const SlVectorMeta *from)
{
  row_meta_clear (meta);
  meta->years = from->years_experience;
  meta->education = from->education_level;
  meta->imported_at = from->imported_at;
  if (from->location != NULL && from->location[0] != '\0')
    meta->location = g_utf8_casefold (from->location, -1);
  if (from->n_skills > 0)
    {
      meta->skills = g_memdup2 (from->skill_ids, sizeof (guint32) * from->n_skills);
      meta->n_skills = from->n_skills;
      qsort (meta->skills, meta->n_skills, sizeof (guint32), compare_guint32);
    }
  if (from->n_jobs > 0)
    {
      meta->jobs = g_memdup2 (from->job_ids, sizeof (gint64) * from->n_jobs);
      meta->n_jobs = from->n_jobs;
    }
}

static void
quantize_row (SlVectorIndex *self,
              gsize          row)
{
  const float *x = self->matrix + row * self->dim;
  gint8 *q = self->matrix8 + row * self->stride8;
  gint32 sum = 0;
  float max = 0;
  float inv;

  for (guint j = 0; j < self->dim; j++)
    max = MAX (max, fabsf (x[j]));
  memset (q, 0, self->stride8);
  if (max == 0)
    {
      self->scales8[row] = 0;
      self->sums8[row] = 0;
      return;
    }
  inv = 127.0f / max;
  for (guint j = 0; j < self->dim; j++)
    {
      q[j] = (gint8)lrintf (x[j] * inv);
      sum += q[j];
    }
  self->scales8[row] = max / 127.0f;
  self->sums8[row] = sum;
}

/* Large matrices are aligned to 2 MiB and asked to use transparent huge
 * pages: a scan then walks a few hundred TLB entries instead of hundreds of
 * thousands, which is worth about a fifth of the time of one query. */
#define HUGE_PAGE_SIZE (2u * 1024 * 1024)

static gpointer
matrix_alloc (gsize size)
{
  gpointer memory = NULL;

  if (size < HUGE_PAGE_SIZE)
    return g_malloc (MAX (size, 1));
  size = (size + HUGE_PAGE_SIZE - 1) / HUGE_PAGE_SIZE * HUGE_PAGE_SIZE;
  if (posix_memalign (&memory, HUGE_PAGE_SIZE, size) != 0)
    g_error ("Out of memory allocating %" G_GSIZE_FORMAT " bytes", size);
#ifdef MADV_HUGEPAGE
  madvise (memory, size, MADV_HUGEPAGE);
#endif
  return memory;
}

static gpointer
matrix_realloc (gpointer old,
                gsize    old_size,
                gsize    size)
{
  gpointer memory = matrix_alloc (size);

  if (old != NULL)
    memcpy (memory, old, MIN (old_size, size));
  /* Both allocators hand out memory that free() releases. */
  free (old);
  return memory;
}

static void
grow (SlVectorIndex *self,
      gsize          needed)
{
  gsize capacity;

  if (needed <= self->capacity)
    return;
  capacity = MAX (needed, MAX (self->capacity * 2, 64));
  self->matrix = matrix_realloc (self->matrix, self->n_rows * self->dim * sizeof (float),
                                 capacity * self->dim * sizeof (float));
  self->ids = g_realloc_n (self->ids, capacity, sizeof (gint64));
  self->meta = g_realloc_n (self->meta, capacity, sizeof (RowMeta));
  memset (self->meta + self->capacity, 0, (capacity - self->capacity) * sizeof (RowMeta));
  if (self->compact)
    {
      self->matrix8 = matrix_realloc (self->matrix8, self->n_rows * self->stride8,
                                      capacity * self->stride8);
      self->scales8 = g_realloc_n (self->scales8, capacity, sizeof (float));
      self->sums8 = g_realloc_n (self->sums8, capacity, sizeof (gint32));
    }
  self->capacity = capacity;
}

static gboolean
lookup_row (SlVectorIndex *self,
            gint64         id,
            gsize         *row)
{
  gpointer value = g_hash_table_lookup (self->rows, GSIZE_TO_POINTER ((gsize)id));

  if (value == NULL)
    return FALSE;
  *row = GPOINTER_TO_SIZE (value) - 1;
  return TRUE;
}

/* Adds or replaces one row; the caller holds the write lock. */
static void
set_locked (SlVectorIndex      *self,
            gint64              id,
            const float        *vector,
            const SlVectorMeta *meta)
{
  gsize row;

  if (!lookup_row (self, id, &row))
    {
      grow (self, self->n_rows + 1);
      row = self->n_rows++;
      self->ids[row] = id;
      memset (&self->meta[row], 0, sizeof (RowMeta));
      g_hash_table_insert (self->rows, GSIZE_TO_POINTER ((gsize)id), GSIZE_TO_POINTER (row + 1));
      self->generation++;
    }
  memcpy (self->matrix + row * self->dim, vector, sizeof (float) * self->dim);
  if (self->compact)
    quantize_row (self, row);
  if (meta != NULL)
    row_meta_set (&self->meta[row], meta);
}

/* ---- GObject ----------------------------------------------------------- */

static void
sl_vector_index_finalize (GObject *object)
{
  SlVectorIndex *self = (SlVectorIndex *)object;

  for (gsize i = 0; i < self->n_rows; i++)
    row_meta_clear (&self->meta[i]);
  g_clear_pointer (&self->matrix, free);
  g_clear_pointer (&self->ids, g_free);
  g_clear_pointer (&self->meta, g_free);
  g_clear_pointer (&self->matrix8, free);
  g_clear_pointer (&self->scales8, g_free);
  g_clear_pointer (&self->sums8, g_free);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_rw_lock_clear (&self->lock);

  G_OBJECT_CLASS (sl_vector_index_parent_class)->finalize (object);
}

static void
sl_vector_index_class_init (SlVectorIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_vector_index_finalize;
}

static void
sl_vector_index_init (SlVectorIndex *self)
{
  g_rw_lock_init (&self->lock);
  self->rows = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->n_threads = CLAMP (g_get_num_processors (), 1, 2);
}

SlVectorIndex *
sl_vector_index_new (guint dimension)
{
  SlVectorIndex *self;

  g_return_val_if_fail (dimension > 0 && dimension <= 65536, NULL);

  self = g_object_new (SL_TYPE_VECTOR_INDEX, NULL);
  self->dim = dimension;
  self->stride8 = (dimension + COMPACT_ALIGN - 1) / COMPACT_ALIGN * COMPACT_ALIGN;
  return self;
}

guint
sl_vector_index_get_dimension (SlVectorIndex *self)
{
  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), 0);
  return self->dim;
}

guint
sl_vector_index_get_count (SlVectorIndex *self)
{
  guint n;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), 0);

  g_rw_lock_reader_lock (&self->lock);
  n = self->n_rows;
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

void
sl_vector_index_set_n_threads (SlVectorIndex *self,
                               guint          n_threads)
{
  g_return_if_fail (SL_IS_VECTOR_INDEX (self));
  self->n_threads = CLAMP (n_threads, 1, 2);
}

void
sl_vector_index_reserve (SlVectorIndex *self,
                         guint          n_rows)
{
  g_return_if_fail (SL_IS_VECTOR_INDEX (self));

  g_rw_lock_writer_lock (&self->lock);
  grow (self, n_rows);
  g_rw_lock_writer_unlock (&self->lock);
}

void
sl_vector_index_set (SlVectorIndex      *self,
                     gint64              id,
                     const float        *vector,
                     const SlVectorMeta *meta)
{
  g_return_if_fail (SL_IS_VECTOR_INDEX (self));
  g_return_if_fail (vector != NULL);

  g_rw_lock_writer_lock (&self->lock);
  set_locked (self, id, vector, meta);
  g_rw_lock_writer_unlock (&self->lock);
}

void
sl_vector_index_add_many (SlVectorIndex *self,
                          const gint64  *ids,
                          const float   *vectors,
                          guint          n)
{
  g_return_if_fail (SL_IS_VECTOR_INDEX (self));
  g_return_if_fail (n == 0 || (ids != NULL && vectors != NULL));

  g_rw_lock_writer_lock (&self->lock);
  grow (self, self->n_rows + n);
  for (guint i = 0; i < n; i++)
    set_locked (self, ids[i], vectors + (gsize)i * self->dim, NULL);
  g_rw_lock_writer_unlock (&self->lock);
}

gboolean
sl_vector_index_set_meta (SlVectorIndex      *self,
                          gint64              id,
                          const SlVectorMeta *meta)
{
  gsize row;
  gboolean found;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);
  g_return_val_if_fail (meta != NULL, FALSE);

  g_rw_lock_writer_lock (&self->lock);
  if ((found = lookup_row (self, id, &row)))
    row_meta_set (&self->meta[row], meta);
  g_rw_lock_writer_unlock (&self->lock);
  return found;
}

gboolean
sl_vector_index_remove (SlVectorIndex *self,
                        gint64         id)
{
  gsize row;
  gsize last;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);

  g_rw_lock_writer_lock (&self->lock);
  if (!lookup_row (self, id, &row))
    {
      g_rw_lock_writer_unlock (&self->lock);
      return FALSE;
    }
  g_hash_table_remove (self->rows, GSIZE_TO_POINTER ((gsize)id));
  row_meta_clear (&self->meta[row]);

  /* The last row moves into the hole, so the matrix stays contiguous. */
  last = self->n_rows - 1;
  if (row != last)
    {
      memcpy (self->matrix + row * self->dim, self->matrix + last * self->dim,
              sizeof (float) * self->dim);
      self->ids[row] = self->ids[last];
      self->meta[row] = self->meta[last];
      memset (&self->meta[last], 0, sizeof (RowMeta));
      if (self->compact)
        {
          memcpy (self->matrix8 + row * self->stride8, self->matrix8 + last * self->stride8,
                  self->stride8);
          self->scales8[row] = self->scales8[last];
          self->sums8[row] = self->sums8[last];
        }
      g_hash_table_insert (self->rows, GSIZE_TO_POINTER ((gsize)self->ids[row]),
                           GSIZE_TO_POINTER (row + 1));
    }
  self->n_rows--;
  self->generation++;
  g_rw_lock_writer_unlock (&self->lock);
  return TRUE;
}

gboolean
sl_vector_index_contains (SlVectorIndex *self,
                          gint64         id)
{
  gsize row;
  gboolean found;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  found = lookup_row (self, id, &row);
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

gboolean
sl_vector_index_copy_vector (SlVectorIndex *self,
                             gint64         id,
                             float         *out)
{
  gsize row;
  gboolean found;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  g_rw_lock_reader_lock (&self->lock);
  if ((found = lookup_row (self, id, &row)))
    memcpy (out, self->matrix + row * self->dim, sizeof (float) * self->dim);
  g_rw_lock_reader_unlock (&self->lock);
  return found;
}

void
sl_vector_index_set_compact (SlVectorIndex *self,
                             gboolean       compact)
{
  g_return_if_fail (SL_IS_VECTOR_INDEX (self));

  g_rw_lock_writer_lock (&self->lock);
  compact = !!compact;
  if (compact != self->compact)
    {
      self->compact = compact;
      if (compact)
        {
          self->matrix8 = matrix_alloc (MAX (self->capacity, 1) * self->stride8);
          self->scales8 = g_malloc_n (MAX (self->capacity, 1), sizeof (float));
          self->sums8 = g_malloc_n (MAX (self->capacity, 1), sizeof (gint32));
          for (gsize r = 0; r < self->n_rows; r++)
            quantize_row (self, r);
        }
      else
        {
          g_clear_pointer (&self->matrix8, free);
          g_clear_pointer (&self->scales8, g_free);
          g_clear_pointer (&self->sums8, g_free);
        }
    }
  g_rw_lock_writer_unlock (&self->lock);
}

gboolean
sl_vector_index_get_compact (SlVectorIndex *self)
{
  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);
  return self->compact;
}

/* ---- Filters ----------------------------------------------------------- */

void
sl_vector_bitmap_free (SlVectorBitmap *bitmap)
{
  if (bitmap == NULL)
    return;
  g_free (bitmap->words);
  g_free (bitmap);
}

guint
sl_vector_bitmap_get_count (const SlVectorBitmap *bitmap)
{
  g_return_val_if_fail (bitmap != NULL, 0);
  return bitmap->count;
}

static gboolean
has_skill (const RowMeta *meta,
           guint32        skill)
{
  return bsearch (&skill, meta->skills, meta->n_skills, sizeof (guint32), compare_guint32) != NULL;
}

static gboolean
row_matches (const RowMeta        *meta,
             const SlVectorFilter *filter,
             const char           *location)
{
  if (filter->min_years > 0 && meta->years < filter->min_years)
    return FALSE;
  if (filter->min_education > 0 && meta->education < filter->min_education)
    return FALSE;
  if (filter->imported_after != 0 && meta->imported_at <= filter->imported_after)
    return FALSE;
  if (location != NULL && (meta->location == NULL || strstr (meta->location, location) == NULL))
    return FALSE;
  for (guint i = 0; i < filter->n_skills_all; i++)
    {
      if (!has_skill (meta, filter->skills_all[i]))
        return FALSE;
    }
  if (filter->n_skills_any > 0)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < filter->n_skills_any && !any; i++)
        any = has_skill (meta, filter->skills_any[i]);
      if (!any)
        return FALSE;
    }
  if (filter->job_id != 0)
    {
      gboolean linked = FALSE;

      for (guint i = 0; i < meta->n_jobs && !linked; i++)
        linked = meta->jobs[i] == filter->job_id;
      if (!linked)
        return FALSE;
    }
  return TRUE;
}

SlVectorBitmap *
sl_vector_index_compile_filter (SlVectorIndex        *self,
                                const SlVectorFilter *filter)
{
  SlVectorBitmap *bitmap;
  g_autofree char *location = NULL;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (filter->location != NULL && filter->location[0] != '\0')
    location = g_utf8_casefold (filter->location, -1);

  g_rw_lock_reader_lock (&self->lock);
  bitmap = g_new0 (SlVectorBitmap, 1);
  bitmap->generation = self->generation;
  bitmap->n_rows = self->n_rows;
  bitmap->words = g_new0 (guint64, (self->n_rows + 63) / 64 + 1);
  if (!filter->match_nothing)
    {
      for (gsize r = 0; r < self->n_rows; r++)
        {
          if (row_matches (&self->meta[r], filter, location))
            {
              bitmap->words[r / 64] |= G_GUINT64_CONSTANT (1) << (r % 64);
              bitmap->count++;
            }
        }
    }
  g_rw_lock_reader_unlock (&self->lock);
  return bitmap;
}

static gboolean
bitmap_is_current (SlVectorIndex        *self,
                   const SlVectorBitmap *bitmap)
{
  if (bitmap == NULL)
    return TRUE;
  if (bitmap->generation != self->generation || bitmap->n_rows != self->n_rows)
    {
      g_critical ("A filter compiled before the index changed was used; compile it again");
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_vector_index_filter_accepts (SlVectorIndex        *self,
                                const SlVectorBitmap *bitmap,
                                gint64                id)
{
  gsize row;
  gboolean accepted = FALSE;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  if (lookup_row (self, id, &row))
    accepted = bitmap == NULL ||
               (bitmap_is_current (self, bitmap) && bit_is_set (bitmap->words, row));
  g_rw_lock_reader_unlock (&self->lock);
  return accepted;
}

/* ---- Search ------------------------------------------------------------ */

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const SlVectorHit *x = a;
  const SlVectorHit *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static guint
topk_to_hits (SlVectorIndex *self,
              const TopK    *top,
              SlVectorHit   *hits)
{
  for (guint i = 0; i < top->size; i++)
    {
      hits[i].id = self->ids[top->row[i]];
      hits[i].score = top->score[i];
    }
  qsort (hits, top->size, sizeof (SlVectorHit), compare_hits);
  return top->size;
}

typedef struct
{
  SlVectorIndex *self;
  const float   *query;
  const gint16  *query16;
  const guint8  *query8;
  const guint64 *bits;
  gsize          begin;
  gsize          end;
  TopK           top;
} ScanRange;

static void
scan_range (ScanRange *range)
{
  const Kernels *kernels = get_kernels ();
  SlVectorIndex *self = range->self;

  if (range->query8 != NULL)
    kernels->scan_u8 (self->matrix8, self->scales8, self->sums8, self->stride8, range->begin,
                      range->end, range->query8, range->bits, &range->top);
  else if (range->query16 != NULL)
    kernels->scan_i8 (self->matrix8, self->scales8, self->stride8, range->begin, range->end,
                      range->query16, range->bits, &range->top);
  else
    kernels->scan_f32 (self->matrix, self->dim, range->begin, range->end, range->query,
                       range->bits, &range->top);
}

/* Two threads take chunks of rows in turn, each into its own heap: when the
 * other core is busy, the faster thread simply scans more chunks. Chunks are
 * a multiple of 64 rows so each bitmap word belongs to one chunk. */
#define SCAN_CHUNK_ROWS 8192

typedef struct
{
  ScanRange  template;
  gsize      n_rows;
  int        next_chunk;   /* atomic */
} ScanShared;

typedef struct
{
  ScanShared *shared;
  TopK        top;
} ScanWorker;

static void
scan_chunks (ScanWorker *worker)
{
  ScanShared *shared = worker->shared;

  while (TRUE)
    {
      gsize chunk = (gsize)g_atomic_int_add (&shared->next_chunk, 1);
      ScanRange range = shared->template;

      range.begin = chunk * SCAN_CHUNK_ROWS;
      if (range.begin >= shared->n_rows)
        break;
      range.end = MIN (range.begin + SCAN_CHUNK_ROWS, shared->n_rows);
      range.top = worker->top;
      scan_range (&range);
      worker->top = range.top;
    }
}

/* One helper thread for the whole process joins every parallel scan. It is
 * started by the first one and then sleeps on a condition variable, so a
 * query costs a wake-up rather than a thread's creation, and nothing spins.
 * A scan that finds the helper busy with another scan, or that runs out of
 * chunks before the helper woke, is simply done by its caller alone. */
typedef struct
{
  GMutex      mutex;
  GCond       wake;      /* to the helper: a scan was posted */
  GCond       done;      /* to the callers: the helper finished a scan */
  GThread    *thread;
  ScanWorker *posted;    /* waiting for the helper */
  ScanWorker *running;   /* being scanned by the helper */
} ScanHelper;

static ScanHelper scan_helper;

static gpointer
scan_helper_thread (gpointer data)
{
  g_mutex_lock (&scan_helper.mutex);
  while (TRUE)
    {
      ScanWorker *worker;

      while (scan_helper.posted == NULL)
        g_cond_wait (&scan_helper.wake, &scan_helper.mutex);
      worker = scan_helper.running = g_steal_pointer (&scan_helper.posted);
      g_mutex_unlock (&scan_helper.mutex);

      scan_chunks (worker);

      g_mutex_lock (&scan_helper.mutex);
      scan_helper.running = NULL;
      g_cond_broadcast (&scan_helper.done);
    }
  return NULL;
}

/* Offers worker's share of a scan to the helper; FALSE when it is busy. */
static gboolean
scan_helper_post (ScanWorker *worker)
{
  gboolean posted = FALSE;

  g_mutex_lock (&scan_helper.mutex);
  if (scan_helper.thread == NULL)
    scan_helper.thread = g_thread_try_new ("sl-vector-scan", scan_helper_thread, NULL, NULL);
  if (scan_helper.thread != NULL && scan_helper.posted == NULL && scan_helper.running == NULL)
    {
      scan_helper.posted = worker;
      g_cond_signal (&scan_helper.wake);
      posted = TRUE;
    }
  g_mutex_unlock (&scan_helper.mutex);
  return posted;
}

/* Returns once the helper no longer touches worker: a share it has not
 * taken yet is withdrawn (every chunk is done), one it took is waited for. */
static void
scan_helper_finish (ScanWorker *worker)
{
  g_mutex_lock (&scan_helper.mutex);
  if (scan_helper.posted == worker)
    scan_helper.posted = NULL;
  while (scan_helper.running == worker)
    g_cond_wait (&scan_helper.done, &scan_helper.mutex);
  g_mutex_unlock (&scan_helper.mutex);
}

/* Scans all rows into top, in one or two threads; the caller holds the read lock. */
static void
scan_all (SlVectorIndex *self,
          const float   *query,
          const gint16  *query16,
          const guint8  *query8,
          const guint64 *bits,
          TopK          *top)
{
  ScanShared shared = { { self, query, query16, query8, bits, 0, 0, { 0, } }, self->n_rows, 0 };
  ScanWorker workers[2] = { { &shared, *top }, { &shared, { 0, } } };
  gboolean posted;

  if (self->n_threads < 2 || (gsize)self->n_rows * self->dim < PARALLEL_MIN_FLOATS)
    {
      ScanRange range = { self, query, query16, query8, bits, 0, self->n_rows, *top };

      scan_range (&range);
      *top = range.top;
      return;
    }

  topk_init (&workers[1].top, top->k);
  posted = scan_helper_post (&workers[1]);
  scan_chunks (&workers[0]);
  if (posted)
    scan_helper_finish (&workers[1]);
  *top = workers[0].top;
  topk_merge (top, &workers[1].top);
  topk_clear (&workers[1].top);
}

guint
sl_vector_index_search (SlVectorIndex        *self,
                        const float          *query,
                        guint                 k,
                        const SlVectorBitmap *filter,
                        SlVectorHit          *hits)
{
  TopK top;
  guint n;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), 0);
  g_return_val_if_fail (query != NULL, 0);
  g_return_val_if_fail (k == 0 || hits != NULL, 0);

  if (k == 0)
    return 0;

  g_rw_lock_reader_lock (&self->lock);
  if (!bitmap_is_current (self, filter))
    {
      g_rw_lock_reader_unlock (&self->lock);
      return 0;
    }
  topk_init (&top, k);
  scan_all (self, query, NULL, NULL, filter != NULL ? filter->words : NULL, &top);
  n = topk_to_hits (self, &top, hits);
  g_rw_lock_reader_unlock (&self->lock);
  topk_clear (&top);
  return n;
}

guint
sl_vector_index_search_compact (SlVectorIndex        *self,
                                const float          *query,
                                guint                 k,
                                guint                 rescore,
                                const SlVectorBitmap *filter,
                                SlVectorHit          *hits)
{
  const Kernels *kernels = get_kernels ();
  g_autofree gint16 *query16 = NULL;
  g_autofree guint8 *query8 = NULL;
  TopK approx;
  TopK exact;
  float max = 0;
  guint n;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), 0);
  g_return_val_if_fail (query != NULL, 0);
  g_return_val_if_fail (k == 0 || hits != NULL, 0);

  if (k == 0)
    return 0;
  if (!self->compact)
    return sl_vector_index_search (self, query, k, filter, hits);

  g_rw_lock_reader_lock (&self->lock);
  if (!bitmap_is_current (self, filter))
    {
      g_rw_lock_reader_unlock (&self->lock);
      return 0;
    }

  if (kernels->scan_u8 != NULL)
    {
      /* Unsigned bytes, 128 meaning zero (see scan_u8_vnni). */
      query8 = g_new (guint8, self->stride8);
      memset (query8, 128, self->stride8);
      for (guint j = 0; j < self->dim; j++)
        max = MAX (max, fabsf (query[j]));
      if (max > 0)
        {
          float inv = 127.0f / max;

          for (guint j = 0; j < self->dim; j++)
            query8[j] = (guint8)(lrintf (query[j] * inv) + 128);
        }
    }
  else
    {
      /* int16 keeps the query's own rounding error far below the rows'. The
       * largest row sum, 127 × 16383 × dimension, fits in int32 below 1032
       * dimensions; larger dimensions get a coarser query. */
      query16 = g_new0 (gint16, self->stride8);
      for (guint j = 0; j < self->dim; j++)
        max = MAX (max, fabsf (query[j]));
      if (max > 0)
        {
          float limit = MIN (16383.0f, (float)(G_MAXINT32 / 2) / (127.0f * self->dim));
          float inv = limit / max;

          for (guint j = 0; j < self->dim; j++)
            query16[j] = (gint16)lrintf (query[j] * inv);
        }
    }

  topk_init (&approx, MAX (k, k * MAX (rescore, 1)));
  scan_all (self, NULL, query16, query8, filter != NULL ? filter->words : NULL, &approx);

  topk_init (&exact, k);
  for (guint i = 0; i < approx.size; i++)
    {
      guint32 row = approx.row[i];

      topk_push (&exact, kernels->dot_f32 (self->matrix + (gsize)row * self->dim, query, self->dim),
                 row);
    }
  n = topk_to_hits (self, &exact, hits);
  g_rw_lock_reader_unlock (&self->lock);
  topk_clear (&approx);
  topk_clear (&exact);
  return n;
}

void
sl_vector_index_search_batch (SlVectorIndex        *self,
                              const float          *queries,
                              guint                 n_queries,
                              guint                 k,
                              const SlVectorBitmap *filter,
                              SlVectorHit          *hits,
                              guint                *n_hits)
{
  g_autofree float *scores = NULL;
  g_autofree TopK *tops = NULL;
  const guint64 *bits;

  g_return_if_fail (SL_IS_VECTOR_INDEX (self));
  g_return_if_fail (n_queries == 0 || queries != NULL);
  g_return_if_fail (n_hits != NULL || n_queries == 0);

  if (n_queries == 0)
    return;
  if (k == 0)
    {
      memset (n_hits, 0, sizeof (guint) * n_queries);
      return;
    }

  g_rw_lock_reader_lock (&self->lock);
  if (!bitmap_is_current (self, filter))
    {
      g_rw_lock_reader_unlock (&self->lock);
      memset (n_hits, 0, sizeof (guint) * n_queries);
      return;
    }
  bits = filter != NULL ? filter->words : NULL;

  tops = g_new0 (TopK, n_queries);
  for (guint q = 0; q < n_queries; q++)
    topk_init (&tops[q], k);
  scores = g_new (float, (gsize)n_queries * BATCH_BLOCK_ROWS);

  for (gsize begin = 0; begin < self->n_rows; begin += BATCH_BLOCK_ROWS)
    {
      gsize rows = MIN (BATCH_BLOCK_ROWS, self->n_rows - begin);

      /* scores (n_queries × rows) = queries · blockᵀ, one row of scores per query. */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans,
                   n_queries, rows, self->dim,
                   1.0f, queries, self->dim,
                   self->matrix + begin * self->dim, self->dim,
                   0.0f, scores, rows);

      for (guint q = 0; q < n_queries; q++)
        {
          const float *s = scores + (gsize)q * rows;
          TopK *top = &tops[q];
          float threshold = topk_threshold (top);

          for (gsize i = 0; i < rows; i++)
            {
              if (s[i] > threshold && (bits == NULL || bit_is_set (bits, begin + i)))
                {
                  topk_push (top, s[i], begin + i);
                  threshold = topk_threshold (top);
                }
            }
        }
    }

  for (guint q = 0; q < n_queries; q++)
    {
      n_hits[q] = topk_to_hits (self, &tops[q], hits + (gsize)q * k);
      topk_clear (&tops[q]);
    }
  g_rw_lock_reader_unlock (&self->lock);
}

/* ---- Cache file ---------------------------------------------------------
 *
 * Layout, little-endian: "SLVIDX01", u32 dimension, u32 model id length,
 * u64 rows, u64 fingerprint, u64 checksum, the model id, then rows × i64 ids
 * and rows × dimension × f32. The checksum covers ids and matrix.
 */

#define CACHE_MAGIC "SLVIDX01"

typedef struct
{
  char    magic[8];
  guint32 dim;
  guint32 model_len;
  guint64 n_rows;
  guint64 fingerprint;
  guint64 checksum;
} CacheHeader;

G_DEFINE_QUARK (sl-vector-index-error-quark, sl_vector_index_error)

/* Four independent lanes keep the multiplies from waiting on each other. */
static void
checksum_update (guint64      lanes[4],
                 const void  *data,
                 gsize        size)
{
  const guint64 *words = data;
  gsize n = size / 8;
  gsize i = 0;

  g_assert (size % 8 == 0);
  for (; i + 4 <= n; i += 4)
    {
      for (guint l = 0; l < 4; l++)
        {
          lanes[l] ^= words[i + l];
          lanes[l] *= G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
          lanes[l] ^= lanes[l] >> 29;
        }
    }
  for (; i < n; i++)
    {
      lanes[0] ^= words[i];
      lanes[0] *= G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      lanes[0] ^= lanes[0] >> 29;
    }
}

static guint64
checksum_finish (const guint64 lanes[4])
{
  return lanes[0] ^ (lanes[1] * 3) ^ (lanes[2] * 5) ^ (lanes[3] * 7);
}

static guint64
checksum_rows (const gint64 *ids,
               const float  *matrix,
               gsize         n_rows,
               guint         dim)
{
  guint64 lanes[4] = { 1, 2, 3, 4 };

  checksum_update (lanes, ids, n_rows * sizeof (gint64));
  /* An odd dimension with an odd row count leaves four bytes: pad them in. */
  if ((n_rows * dim) % 2 == 0)
    checksum_update (lanes, matrix, n_rows * dim * sizeof (float));
  else
    {
      guint64 last = 0;

      checksum_update (lanes, matrix, (n_rows * dim - 1) * sizeof (float));
      memcpy (&last, matrix + n_rows * dim - 1, sizeof (float));
      checksum_update (lanes, &last, sizeof last);
    }
  return checksum_finish (lanes);
}

gboolean
sl_vector_index_save (SlVectorIndex  *self,
                      const char     *path,
                      const char     *model_id,
                      guint64         fingerprint,
                      GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  CacheHeader header = { CACHE_MAGIC, 0, };
  gboolean ok;

  g_return_val_if_fail (SL_IS_VECTOR_INDEX (self), FALSE);
  g_return_val_if_fail (path != NULL && model_id != NULL, FALSE);

  file = g_file_new_for_path (path);
  /* Replaced atomically: a reader never sees half a file. */
  if (!(stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error)))
    return FALSE;

  g_rw_lock_reader_lock (&self->lock);
  memcpy (header.magic, CACHE_MAGIC, 8);
  header.dim = GUINT32_TO_LE (self->dim);
  header.model_len = GUINT32_TO_LE (strlen (model_id));
  header.n_rows = GUINT64_TO_LE (self->n_rows);
  header.fingerprint = GUINT64_TO_LE (fingerprint);
  header.checksum = GUINT64_TO_LE (checksum_rows (self->ids, self->matrix, self->n_rows,
                                                  self->dim));
  ok = g_output_stream_write_all (G_OUTPUT_STREAM (stream), &header, sizeof header, NULL, NULL,
                                  error) &&
       g_output_stream_write_all (G_OUTPUT_STREAM (stream), model_id, strlen (model_id), NULL, NULL,
                                  error) &&
       g_output_stream_write_all (G_OUTPUT_STREAM (stream), self->ids,
                                  self->n_rows * sizeof (gint64),
                                  NULL, NULL, error) &&
       g_output_stream_write_all (G_OUTPUT_STREAM (stream), self->matrix,
                                  self->n_rows * self->dim * sizeof (float), NULL, NULL, error);
  g_rw_lock_reader_unlock (&self->lock);

  if (!ok)
    {
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      /* Closing with a cancelled cancellable drops the temporary file. */
      g_cancellable_cancel (cancelled);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancelled, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static gboolean
read_exact (GInputStream  *stream,
            void          *buffer,
            gsize          size,
            GError       **error)
{
  gsize done = 0;

  if (!g_input_stream_read_all (stream, buffer, size, &done, NULL, error))
    return FALSE;
  if (done != size)
    {
      g_set_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT,
                   _("The vector cache file is truncated"));
      return FALSE;
    }
  return TRUE;
}

SlVectorIndex *
sl_vector_index_load (const char  *path,
                      const char  *model_id,
                      guint        dimension,
                      guint64      fingerprint,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(SlVectorIndex) self = NULL;
  g_autofree char *model = NULL;
  CacheHeader header;
  guint64 checksum;
  gsize n_rows;

  g_return_val_if_fail (path != NULL && model_id != NULL, NULL);

  file = g_file_new_for_path (path);
  if (!(stream = g_file_read (file, NULL, error)))
    return NULL;
  if (!read_exact (G_INPUT_STREAM (stream), &header, sizeof header, error))
    return NULL;
  if (memcmp (header.magic, CACHE_MAGIC, 8) != 0 || GUINT32_FROM_LE (header.model_len) > 4096)
    {
      g_set_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT,
                   _("Not a vector cache file"));
      return NULL;
    }
  model = g_malloc0 (GUINT32_FROM_LE (header.model_len) + 1);
  if (!read_exact (G_INPUT_STREAM (stream), model, GUINT32_FROM_LE (header.model_len), error))
    return NULL;
  n_rows = GUINT64_FROM_LE (header.n_rows);
  if (g_strcmp0 (model, model_id) != 0 || GUINT32_FROM_LE (header.dim) != dimension ||
      GUINT64_FROM_LE (header.fingerprint) != fingerprint)
    {
      g_set_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_STALE,
                   _("The vector cache file is out of date"));
      return NULL;
    }
  if (n_rows > G_MAXUINT32)
    {
      g_set_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT,
                   _("The vector cache file is too large"));
      return NULL;
    }

  self = sl_vector_index_new (dimension);
  if (n_rows == 0)
    return g_steal_pointer (&self);
  grow (self, n_rows);
  if (!read_exact (G_INPUT_STREAM (stream), self->ids, n_rows * sizeof (gint64), error) ||
      !read_exact (G_INPUT_STREAM (stream), self->matrix, n_rows * dimension * sizeof (float),
                   error))
    return NULL;
  checksum = checksum_rows (self->ids, self->matrix, n_rows, dimension);
  if (checksum != GUINT64_FROM_LE (header.checksum))
    {
      g_set_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT,
                   _("The vector cache file is damaged"));
      return NULL;
    }
  self->n_rows = n_rows;
  for (gsize r = 0; r < n_rows; r++)
    {
      if (!g_hash_table_insert (self->rows, GSIZE_TO_POINTER ((gsize)self->ids[r]),
                                GSIZE_TO_POINTER (r + 1)))
        {
          g_set_error (error, SL_VECTOR_INDEX_ERROR, SL_VECTOR_INDEX_ERROR_CORRUPT,
                       _("The vector cache file repeats an id"));
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}
