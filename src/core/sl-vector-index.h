#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_VECTOR_INDEX_ERROR (sl_vector_index_error_quark ())

typedef enum
{
  SL_VECTOR_INDEX_ERROR_FAILED,
  SL_VECTOR_INDEX_ERROR_STALE,     /* another model, count or fingerprint: rebuild */
  SL_VECTOR_INDEX_ERROR_CORRUPT,   /* checksum or size mismatch: rebuild */
} SlVectorIndexError;

GQuark sl_vector_index_error_quark (void);

/* One result of a search: the caller's id and the inner product. */
typedef struct
{
  gint64 id;
  float  score;
} SlVectorHit;

/* What the filters know about one row. Strings and arrays are copied. */
typedef struct
{
  double         years_experience;
  int            education_level;
  gint64         imported_at;
  const char    *location;
  const guint32 *skill_ids;
  guint          n_skills;
  const gint64  *job_ids;
  guint          n_jobs;
} SlVectorMeta;

/* A filter before compilation. Zero or NULL fields do not filter. */
typedef struct
{
  const guint32 *skills_all;
  guint          n_skills_all;
  const guint32 *skills_any;
  guint          n_skills_any;
  double         min_years;
  int            min_education;
  const char    *location;        /* case-insensitive substring */
  gint64         job_id;
  gint64         imported_after;  /* strictly after, Unix seconds */
  gboolean       match_nothing;   /* e.g. a required skill nobody has */
} SlVectorFilter;

/* A filter compiled to one bit per row, valid until the index changes. */
typedef struct _SlVectorBitmap SlVectorBitmap;

void            sl_vector_bitmap_free      (SlVectorBitmap *bitmap);
guint           sl_vector_bitmap_get_count (const SlVectorBitmap *bitmap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlVectorBitmap, sl_vector_bitmap_free)

#define SL_TYPE_VECTOR_INDEX (sl_vector_index_get_type ())

G_DECLARE_FINAL_TYPE (SlVectorIndex, sl_vector_index, SL, VECTOR_INDEX, GObject)

SlVectorIndex  *sl_vector_index_new            (guint                 dimension) G_GNUC_WARN_UNUSED_RESULT;
guint           sl_vector_index_get_dimension  (SlVectorIndex        *self);
guint           sl_vector_index_get_count      (SlVectorIndex        *self);
/* Threads used by one query over a large index (1 or 2; default: the cores, at most 2). */
void            sl_vector_index_set_n_threads  (SlVectorIndex        *self,
                                                guint                 n_threads);
void            sl_vector_index_reserve        (SlVectorIndex        *self,
                                                guint                 n_rows);

/* Adds a vector, or replaces the vector of a known id (meta may be NULL). */
void            sl_vector_index_set            (SlVectorIndex        *self,
                                                gint64                id,
                                                const float          *vector,
                                                const SlVectorMeta   *meta);
/* Adds n rows at once (ids not yet present; a known id is replaced). */
void            sl_vector_index_add_many       (SlVectorIndex        *self,
                                                const gint64         *ids,
                                                const float          *vectors,
                                                guint                 n);
gboolean        sl_vector_index_set_meta       (SlVectorIndex        *self,
                                                gint64                id,
                                                const SlVectorMeta   *meta);
gboolean        sl_vector_index_remove         (SlVectorIndex        *self,
                                                gint64                id);
gboolean        sl_vector_index_contains       (SlVectorIndex        *self,
                                                gint64                id);
/* Copies the stored vector of id into out (dimension floats). */
gboolean        sl_vector_index_copy_vector    (SlVectorIndex        *self,
                                                gint64                id,
                                                float                *out);

/* Keeps an int8 copy (one scale per row) for sl_vector_index_search_compact(). */
void            sl_vector_index_set_compact    (SlVectorIndex        *self,
                                                gboolean              compact);
gboolean        sl_vector_index_get_compact    (SlVectorIndex        *self);

SlVectorBitmap *sl_vector_index_compile_filter (SlVectorIndex        *self,
                                                const SlVectorFilter *filter) G_GNUC_WARN_UNUSED_RESULT;
/* Whether id passes a compiled filter (FALSE for unknown ids). */
gboolean        sl_vector_index_filter_accepts (SlVectorIndex        *self,
                                                const SlVectorBitmap *bitmap,
                                                gint64                id);

/* Exact top-k by inner product, best first. hits holds k entries; returns how many were set. */
guint           sl_vector_index_search         (SlVectorIndex        *self,
                                                const float          *query,
                                                guint                 k,
                                                const SlVectorBitmap *filter,
                                                SlVectorHit          *hits);
/* Top-k through the int8 copy, then exact rescoring of the best rescore × k rows. */
guint           sl_vector_index_search_compact (SlVectorIndex        *self,
                                                const float          *query,
                                                guint                 k,
                                                guint                 rescore,
                                                const SlVectorBitmap *filter,
                                                SlVectorHit          *hits);
/* n_queries queries (row-major) with one sgemm per block of rows; hits holds
 * n_queries × k entries, n_hits one count per query. */
void            sl_vector_index_search_batch   (SlVectorIndex        *self,
                                                const float          *queries,
                                                guint                 n_queries,
                                                guint                 k,
                                                const SlVectorBitmap *filter,
                                                SlVectorHit          *hits,
                                                guint                *n_hits);

/* A cache of the matrix next to the database, so start-up reads one file.
 * The fingerprint is the caller's summary of the stored vectors (count, ids,
 * times): a file whose model, dimension or fingerprint differ, or whose
 * checksum fails, is refused and the index is rebuilt from the store. */
gboolean        sl_vector_index_save           (SlVectorIndex        *self,
                                                const char           *path,
                                                const char           *model_id,
                                                guint64               fingerprint,
                                                GError              **error);
SlVectorIndex  *sl_vector_index_load           (const char           *path,
                                                const char           *model_id,
                                                guint                 dimension,
                                                guint64               fingerprint,
                                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* The kernel the running CPU uses ("avx512", "avx2" or "generic"). */
const char     *sl_vector_index_get_kernel_name (void);

G_END_DECLS
