/* sl-search.c: hybrid candidate search.
 *
 * A query runs twice: against the vector index (cosine similarity of the
 * embedder's vectors) and against the FTS5 index (bm25). Each side yields a
 * pool of max (4 × top, 100) candidates that pass the filter. The shipped
 * fusion is a normalised blend: every candidate in the union gets
 *
 *   score = w × cos / best cos + (1 − w) × bm25 / best bm25
 *
 * with w = 0.3 (SL_SEARCH_DEFAULT_SEMANTIC_WEIGHT); a candidate missing
 * from the keyword pool has bm25 0, and one missing from the semantic pool
 * has its cosine computed exactly from its stored vector. Dividing by the
 * best score makes the two scales comparable for every query, whatever its
 * length. Reciprocal rank fusion (k = 60) is available for comparison.
 *
 * Measured with tests/bench/bench-quality (1,200 resumes, 17 job
 * descriptions as queries; nDCG@10 is 1.0 for all, so nDCG@R decides):
 * bm25 0.9730, lexical alone 0.9551, blend w = 0.3 0.9756 (shipped),
 * w = 0.5 0.9755, w = 0.7 0.9738, w = 0.9 0.9682, RRF 0.9755. With short
 * queries (title and required skills) bm25 alone stays slightly ahead
 * (0.9741 against 0.9718), with three skills the blend is (0.9438 against
 * 0.9413).
 */
#define G_LOG_DOMAIN "sl-search"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-lexical-embedder.h"
#include "sl-search.h"
#include "sl-store-matching.h"

#define RRF_K 60.0
#define EMBED_BATCH 256
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 4)
#define MAX_QUERY_TERMS 64
#define MIN_SEMANTIC 0.05
#define RELATIVE_SEMANTIC 0.5

struct _SlSearch
{
  GObject         parent_instance;

  SlStore        *store;
  SlEmbedder     *embedder;
  SlSearchFusion  fusion;
  double          semantic_weight;

  GMainContext   *context;      /* where "progress" is notified */
  double          progress;

  /* Swapped whole under the mutex; searches keep their own reference. */
  GMutex          mutex;
  SlVectorIndex  *index;
  guint64         fingerprint;
  gboolean        loaded;
};

G_DEFINE_FINAL_TYPE (SlSearch, sl_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
sl_search_result_free (SlSearchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->name);
  g_free (result);
}

static void
sl_search_dispose (GObject *object)
{
  SlSearch *self = (SlSearch *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->embedder);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (sl_search_parent_class)->dispose (object);
}

static void
sl_search_finalize (GObject *object)
{
  SlSearch *self = (SlSearch *)object;

  g_mutex_clear (&self->mutex);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sl_search_parent_class)->finalize (object);
}

static void
sl_search_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SlSearch *self = SL_SEARCH (object);

  switch (prop_id)
    {
    case PROP_PROGRESS:
      g_value_set_double (value, sl_search_get_progress (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_search_class_init (SlSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_search_dispose;
  object_class->finalize = sl_search_finalize;
  object_class->get_property = sl_search_get_property;

  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_search_init (SlSearch *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->mutex);
  self->fusion = SL_SEARCH_FUSION_BLEND;
  self->semantic_weight = SL_SEARCH_DEFAULT_SEMANTIC_WEIGHT;
}

SlSearch *
sl_search_new (SlStore    *store,
               SlEmbedder *embedder)
{
  SlSearch *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (SL_IS_EMBEDDER (embedder), NULL);

  self = g_object_new (SL_TYPE_SEARCH, NULL);
  self->store = g_object_ref (store);
  self->embedder = g_object_ref (embedder);
  self->index = sl_vector_index_new (sl_embedder_get_dimension (embedder));
  return self;
}

SlVectorIndex *
sl_search_get_index (SlSearch *self)
{
  SlVectorIndex *index;

  g_return_val_if_fail (SL_IS_SEARCH (self), NULL);

  g_mutex_lock (&self->mutex);
  index = self->index;
  g_mutex_unlock (&self->mutex);
  return index;
}

SlEmbedder *
sl_search_get_embedder (SlSearch *self)
{
  g_return_val_if_fail (SL_IS_SEARCH (self), NULL);
  return self->embedder;
}

void
sl_search_set_fusion (SlSearch       *self,
                      SlSearchFusion  fusion,
                      double          semantic_weight)
{
  g_return_if_fail (SL_IS_SEARCH (self));
  g_return_if_fail (semantic_weight >= 0 && semantic_weight <= 1);

  self->fusion = fusion;
  self->semantic_weight = semantic_weight;
}

/* ---- Preparing: embeddings, statistics, the index ---------------------- */

static void
add_terms (GHashTable         *counts,
           const char * const *terms)
{
  for (guint i = 0; terms[i] != NULL; i++)
    {
      gpointer old = g_hash_table_lookup (counts, terms[i]);

      if (old == NULL)
        g_hash_table_insert (counts, g_strdup (terms[i]), GINT_TO_POINTER (1));
      else
        g_hash_table_insert (counts, g_strdup (terms[i]),
                             GINT_TO_POINTER (GPOINTER_TO_INT (old) + 1));
    }
}

typedef struct
{
  SlSearch *self;
  double    progress;
} Progress;

static gboolean
notify_progress_cb (gpointer data)
{
  Progress *progress = data;

  progress->self->progress = progress->progress;
  g_object_notify_by_pspec (G_OBJECT (progress->self), properties[PROP_PROGRESS]);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress);
}

/* Called on the worker; the property changes on the owner's context. */
static void
report_progress (SlSearch *self,
                 double    value)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (self);
  progress->progress = CLAMP (value, 0, 1);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, notify_progress_cb, progress,
                              progress_free);
}

double
sl_search_get_progress (SlSearch *self)
{
  g_return_val_if_fail (SL_IS_SEARCH (self), 0);
  return self->progress;
}

/* Embeds and stores a batch at a time, so work stopped half-way (cancelled,
 * offline, quit) is kept and the next prepare only does the rest. Progress
 * counts the already embedded ones as done. */
static gboolean
embed_and_save (SlSearch      *self,
                GArray        *ids,
                GPtrArray     *texts,
                gint64         already,
                GCancellable  *cancellable,
                GError       **error)
{
  guint dim = sl_embedder_get_dimension (self->embedder);
  const char *model = sl_embedder_get_model_id (self->embedder);
  g_autofree float *vectors = g_new (float, (gsize)EMBED_BATCH * dim);
  double total = (double)already + ids->len;
  gint64 last_report = 0;

  for (guint start = 0; start < ids->len; start += EMBED_BATCH)
    {
      guint n = MIN (EMBED_BATCH, ids->len - start);

      if (!sl_embedder_embed_batch (self->embedder, (const char * const *)texts->pdata + start, n,
                                    vectors, cancellable, error) ||
          !sl_store_save_candidate_embeddings (self->store, model, dim,
                                               &g_array_index (ids, gint64, start),
                                               vectors, n, error))
        return FALSE;
      /* After the first batch (a remote provider may take seconds for one),
       * then a few times a second at most, and at the end. */
      if (start == 0 || start + n == ids->len ||
          g_get_monotonic_time () - last_report >= PROGRESS_INTERVAL_US)
        {
          report_progress (self, (already + start + n) / total);
          last_report = g_get_monotonic_time ();
        }
    }
  return TRUE;
}

/* Keeps the lexical statistics in step with the candidates, then embeds
 * whatever has no vector. When the statistics drifted far from the
 * embedded corpus (many candidates erased, or a switch to this model),
 * they are recounted and every vector is made again, so IDF stays that of
 * the user's corpus. A switch that stopped half-way finds every candidate
 * counted already and only makes the missing vectors. */
static gboolean
sync_embeddings (SlSearch      *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *model = sl_embedder_get_model_id (self->embedder);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  SlLexicalEmbedder *lexical = NULL;
  gint64 embedded = 0;

  if (!sl_store_get_embeddings_fingerprint (self->store, model, NULL, &embedded, error) ||
      !sl_store_list_unembedded (self->store, model, 0, &ids, &texts, error))
    return FALSE;

  if (SL_IS_LEXICAL_EMBEDDER (self->embedder))
    {
      g_autoptr(GHashTable) doc_freq = NULL;
      gint64 n_documents = 0;

      lexical = SL_LEXICAL_EMBEDDER (self->embedder);
      if (!sl_store_load_term_stats (self->store, &doc_freq, &n_documents, error))
        return FALSE;

      if (ids->len > 0 && n_documents == embedded + (gint64)ids->len)
        {
          g_debug ("Resuming: %u of %" G_GINT64_FORMAT " candidates to embed with %s",
                   ids->len, n_documents, model);
          sl_lexical_embedder_set_term_stats (lexical, doc_freq, n_documents);
          return embed_and_save (self, ids, texts, embedded, cancellable, error);
        }

      if (n_documents < embedded || n_documents > embedded + embedded / 10 + 10)
        {
          g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                NULL);

          g_debug ("Recounting term statistics (%" G_GINT64_FORMAT " counted, %"
                   G_GINT64_FORMAT " embedded)", n_documents, embedded);
          g_clear_pointer (&ids, g_array_unref);
          g_clear_pointer (&texts, g_ptr_array_unref);
          if (!sl_store_list_candidate_texts (self->store, &ids, &texts, error))
            return FALSE;
          for (guint i = 0; i < texts->len; i++)
            {
              const char *text = g_ptr_array_index (texts, i);
              g_auto(GStrv) terms = sl_lexical_embedder_extract_terms (lexical, text);

              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                return FALSE;
              add_terms (counts, (const char * const *)terms);
            }
          if (!sl_store_replace_term_stats (self->store, counts, texts->len, error))
            return FALSE;
          sl_lexical_embedder_set_term_stats (lexical, counts, texts->len);
          if (!sl_store_delete_candidate_embeddings (self->store, model, error))
            return FALSE;
          return embed_and_save (self, ids, texts, 0, cancellable, error);
        }
      sl_lexical_embedder_set_term_stats (lexical, doc_freq, n_documents);
    }

  if (ids->len == 0)
    return TRUE;

  if (lexical != NULL)
    {
      g_autoptr(GHashTable) delta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      /* New documents count before they are embedded, so they share the IDF. */
      for (guint i = 0; i < texts->len; i++)
        {
          const char *text = g_ptr_array_index (texts, i);
          g_auto(GStrv) terms = sl_lexical_embedder_extract_terms (lexical, text);

          add_terms (delta, (const char * const *)terms);
          sl_lexical_embedder_count_document (lexical, (const char * const *)terms, 1);
        }
      if (!sl_store_update_term_stats (self->store, delta, texts->len, error))
        return FALSE;
    }
  g_debug ("Embedding %u candidates with %s", ids->len, model);
  return embed_and_save (self, ids, texts, embedded, cancellable, error);
}

static char *
dup_cache_path (SlSearch *self)
{
  const char *db_path = sl_store_get_path (self->store);
  g_autofree char *model = NULL;

  if (db_path == NULL || db_path[0] == '\0' || g_str_equal (db_path, ":memory:"))
    return NULL;
  model = g_strdup (sl_embedder_get_model_id (self->embedder));
  g_strdelimit (model, "/\\:", '_');
  return g_strdup_printf ("%s.%s.vectors", db_path, model);
}

static void
apply_meta (SlVectorIndex *index,
            GArray        *metas)
{
  for (guint i = 0; i < metas->len; i++)
    {
      SlCandidateMeta *meta = &g_array_index (metas, SlCandidateMeta, i);
      SlVectorMeta vmeta = {
        .years_experience = meta->years_experience,
        .education_level = meta->education_level,
        .imported_at = meta->imported_at,
        .location = meta->location,
        .skill_ids = (const guint32 *)(gpointer)meta->skill_ids->data,
        .n_skills = meta->skill_ids->len,
        .job_ids = (const gint64 *)(gpointer)meta->job_ids->data,
        .n_jobs = meta->job_ids->len,
      };

      sl_vector_index_set_meta (index, meta->id, &vmeta);
    }
}

/* Embeds what is new and loads the index (with no filter metadata), or
 * reuses the loaded one when the stored vectors did not change. */
static SlVectorIndex *
load_index (SlSearch      *self,
            guint64       *out_fingerprint,
            GCancellable  *cancellable,
            GError       **error)
{
  const char *model;
  guint dim;
  g_autoptr(SlVectorIndex) index = NULL;
  g_autofree char *cache_path = NULL;
  guint64 fingerprint;
  gint64 count;

  model = sl_embedder_get_model_id (self->embedder);
  dim = sl_embedder_get_dimension (self->embedder);
  if (!sync_embeddings (self, cancellable, error) ||
      !sl_store_get_embeddings_fingerprint (self->store, model, &fingerprint, &count, error))
    return NULL;

  g_mutex_lock (&self->mutex);
  if (self->loaded && self->fingerprint == fingerprint)
    index = g_object_ref (self->index);
  g_mutex_unlock (&self->mutex);

  if (index == NULL)
    {
      g_autoptr(GError) cache_error = NULL;

      cache_path = dup_cache_path (self);
      if (cache_path != NULL)
        index = sl_vector_index_load (cache_path, model, dim, fingerprint, &cache_error);
      if (index == NULL)
        {
          g_autoptr(GArray) ids = NULL;
          g_autofree float *matrix = NULL;

          if (cache_path != NULL &&
              !g_error_matches (cache_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_debug ("Vector cache not used: %s", cache_error->message);
          if (!sl_store_load_candidate_embeddings (self->store, model, dim, &ids, &matrix, error))
            return NULL;
          index = sl_vector_index_new (dim);
          sl_vector_index_add_many (index, (const gint64 *)(gpointer)ids->data, matrix, ids->len);
          if (cache_path != NULL)
            {
              g_autoptr(GError) save_error = NULL;

              /* The cache only saves time: failing to write it is not an error. */
              if (!sl_vector_index_save (index, cache_path, model, fingerprint, &save_error))
                g_debug ("Could not write the vector cache: %s", save_error->message);
            }
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  *out_fingerprint = fingerprint;
  return g_steal_pointer (&index);
}

gboolean
sl_search_prepare (SlSearch      *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(SlVectorIndex) index = NULL;
  g_autoptr(GArray) metas = NULL;
  guint64 fingerprint;

  g_return_val_if_fail (SL_IS_SEARCH (self), FALSE);

  if (!(index = load_index (self, &fingerprint, cancellable, error)))
    return FALSE;
  if (!(metas = sl_store_list_candidate_meta (self->store, error)))
    return FALSE;
  apply_meta (index, metas);

  g_mutex_lock (&self->mutex);
  g_set_object (&self->index, index);
  self->fingerprint = fingerprint;
  self->loaded = TRUE;
  g_mutex_unlock (&self->mutex);
  return TRUE;
}

SlVectorIndex *
sl_search_prepare_vectors (SlSearch      *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  guint64 fingerprint;

  g_return_val_if_fail (SL_IS_SEARCH (self), NULL);

  return load_index (self, &fingerprint, cancellable, error);
}

static void
prepare_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!sl_search_prepare (source_object, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Searches keep using the index loaded before until this completes: that is
 * how a change of embedder re-embeds in the background (a new SlSearch for
 * the new embedder is prepared, then replaces the old one). */
void
sl_search_prepare_async (SlSearch            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SL_IS_SEARCH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_search_prepare_async);
  g_task_run_in_thread (task, prepare_worker);
}

gboolean
sl_search_prepare_finish (SlSearch      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GArray *
sl_search_find_near_duplicates (SlSearch *self,
                                gint64    candidate_id,
                                double    threshold,
                                guint     max_results)
{
  g_autoptr(SlVectorIndex) index = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (SlVectorHit));
  g_autofree float *vector = NULL;
  g_autofree SlVectorHit *hits = NULL;
  guint n;

  g_return_val_if_fail (SL_IS_SEARCH (self), NULL);

  g_mutex_lock (&self->mutex);
  index = g_object_ref (self->index);
  g_mutex_unlock (&self->mutex);

  vector = g_new (float, sl_vector_index_get_dimension (index));
  if (max_results == 0 || !sl_vector_index_copy_vector (index, candidate_id, vector))
    return g_steal_pointer (&found);
  /* One more than asked: the candidate finds itself. */
  hits = g_new (SlVectorHit, max_results + 1);
  n = sl_vector_index_search (index, vector, max_results + 1, NULL, hits);
  for (guint i = 0; i < n && found->len < max_results; i++)
    {
      if (hits[i].id != candidate_id && hits[i].score >= threshold)
        g_array_append_val (found, hits[i]);
    }
  return g_steal_pointer (&found);
}

/* ---- Searching --------------------------------------------------------- */

char *
sl_search_build_fts_query (const char *text)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *folded = NULL;
  GString *query = g_string_new (NULL);
  GString *word = g_string_new (NULL);
  guint n_terms = 0;

  g_return_val_if_fail (text != NULL, NULL);

  folded = g_utf8_casefold (text, -1);
  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && n_terms < MAX_QUERY_TERMS &&
          !sl_lexical_embedder_is_stopword (word->str) &&
          !g_hash_table_contains (seen, word->str))
        {
          /* Only letters and digits reach here, so quoting makes a plain FTS5 string. */
          if (n_terms > 0)
            g_string_append (query, " OR ");
          g_string_append_printf (query, "\"%s\"", word->str);
          g_hash_table_add (seen, g_strdup (word->str));
          n_terms++;
        }
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  if (n_terms == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

static SlVectorBitmap *
compile_filter (SlSearch              *self,
                SlVectorIndex         *index,
                const SlSearchFilter  *filter,
                GError               **error)
{
  g_autoptr(GArray) skills = g_array_new (FALSE, FALSE, sizeof (guint32));
  SlVectorFilter vfilter = { 0, };

  if (sl_search_filter_is_empty (filter))
    return NULL;

  for (guint i = 0; filter->skills != NULL && filter->skills[i] != NULL; i++)
    {
      gint64 skill_id = 0;

      if (!sl_store_lookup_skill (self->store, filter->skills[i], &skill_id, error))
        return NULL;
      if (skill_id > 0)
        {
          guint32 id = (guint32)skill_id;

          g_array_append_val (skills, id);
        }
      else if (!filter->skills_any)
        vfilter.match_nothing = TRUE;   /* nobody has a skill nobody has */
    }
  if (filter->skills != NULL && filter->skills_any && skills->len == 0)
    vfilter.match_nothing = TRUE;
  if (filter->skills_any)
    {
      vfilter.skills_any = (const guint32 *)(gpointer)skills->data;
      vfilter.n_skills_any = skills->len;
    }
  else
    {
      vfilter.skills_all = (const guint32 *)(gpointer)skills->data;
      vfilter.n_skills_all = skills->len;
    }
  vfilter.min_years = filter->min_years > 0 ? filter->min_years : 0;
  vfilter.min_education = filter->min_education > 0 ? filter->min_education : 0;
  vfilter.location = filter->location;
  vfilter.job_id = filter->job_id;
  vfilter.imported_after = filter->imported_after;
  return sl_vector_index_compile_filter (index, &vfilter);
}

typedef struct
{
  gint64 id;
  double semantic;
  double keyword;
  int    semantic_rank;   /* 0: not in the pool */
  int    keyword_rank;
  double score;
} Fused;

static int
compare_fused (gconstpointer a,
               gconstpointer b)
{
  const Fused *x = *(Fused * const *)a;
  const Fused *y = *(Fused * const *)b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static double
dot (const float *a,
     const float *b,
     guint        dim)
{
  double s = 0;

  for (guint i = 0; i < dim; i++)
    s += (double)a[i] * b[i];
  return s;
}

GPtrArray *
sl_search_run (SlSearch              *self,
               const char            *query,
               const SlSearchFilter  *filter,
               guint                  top,
               SlSearchMode           mode,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr(SlVectorIndex) index = NULL;
  g_autoptr(SlVectorBitmap) bitmap = NULL;
  g_autoptr(GHashTable) fused = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  g_autoptr(GPtrArray) ranked = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GArray) result_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree float *query_vector = NULL;
  g_autofree float *row = NULL;
  g_autofree char *fts_query = NULL;
  GError *local_error = NULL;
  guint dim;
  guint pool;
  double best_semantic = 0;
  double best_keyword = 0;
  GHashTableIter iter;
  gpointer value;
  const char *p;

  g_return_val_if_fail (SL_IS_SEARCH (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error (error, SL_SEARCH_ERROR, SL_SEARCH_ERROR_INVALID_QUERY,
                   _("The query is not valid UTF-8"));
      return NULL;
    }
  for (p = query; *p != '\0' && g_ascii_isspace (*p); p++)
    ;
  if (*p == '\0')
    {
      g_set_error (error, SL_SEARCH_ERROR, SL_SEARCH_ERROR_INVALID_QUERY, _("The query is empty"));
      return NULL;
    }

  g_mutex_lock (&self->mutex);
  index = g_object_ref (self->index);
  g_mutex_unlock (&self->mutex);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_search_result_free);
  if (top == 0)
    return g_steal_pointer (&results);
  dim = sl_vector_index_get_dimension (index);
  pool = MAX (top * 4, 100);

  if (!sl_search_filter_is_empty (filter))
    {
      if (!(bitmap = compile_filter (self, index, filter, &local_error)))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  /* Semantic pool. */
  if (mode != SL_SEARCH_MODE_KEYWORD)
    {
      g_autofree SlVectorHit *hits = g_new (SlVectorHit, pool);
      guint n;

      if (!(query_vector = sl_embedder_embed (self->embedder, query, cancellable, error)))
        return NULL;
      n = sl_vector_index_search (index, query_vector, pool, bitmap, hits);
      for (guint i = 0; i < n; i++)
        {
          Fused *f = g_new0 (Fused, 1);

          f->id = hits[i].id;
          f->semantic = hits[i].score;
          f->semantic_rank = i + 1;
          best_semantic = MAX (best_semantic, f->semantic);
          g_hash_table_insert (fused, &f->id, f);
        }
    }

  /* Keyword pool: over-fetched when filtered, since the filter applies after FTS5. */
  if (mode != SL_SEARCH_MODE_SEMANTIC && (fts_query = sl_search_build_fts_query (query)) != NULL)
    {
      g_autoptr(GArray) ids = NULL;
      g_autoptr(GArray) scores = NULL;
      int rank = 0;

      if (!sl_store_search_keywords (self->store, fts_query, bitmap != NULL ? pool * 10 : pool,
                                     &ids, &scores, error))
        return NULL;
      for (guint i = 0; i < ids->len && (guint)rank < pool; i++)
        {
          gint64 id = g_array_index (ids, gint64, i);
          Fused *f;

          if (bitmap != NULL && !sl_vector_index_filter_accepts (index, bitmap, id))
            continue;
          if (!(f = g_hash_table_lookup (fused, &id)))
            {
              f = g_new0 (Fused, 1);
              f->id = id;
              f->semantic = NAN;
              g_hash_table_insert (fused, &f->id, f);
            }
          f->keyword = g_array_index (scores, double, i);
          f->keyword_rank = ++rank;
          best_keyword = MAX (best_keyword, f->keyword);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  row = g_new (float, dim);
  g_hash_table_iter_init (&iter, fused);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Fused *f = value;

      if (isnan (f->semantic))
        {
          /* A keyword hit outside the semantic pool: its exact similarity. */
          f->semantic = query_vector != NULL && sl_vector_index_copy_vector (index, f->id, row)
                        ? dot (query_vector, row, dim) : 0;
        }
      switch (mode)
        {
        case SL_SEARCH_MODE_SEMANTIC:
          f->score = f->semantic;
          break;
        case SL_SEARCH_MODE_KEYWORD:
          f->score = f->keyword;
          break;
        case SL_SEARCH_MODE_HYBRID:
        default:
          if (self->fusion == SL_SEARCH_FUSION_RRF)
            f->score = (f->semantic_rank > 0 ? 1.0 / (RRF_K + f->semantic_rank) : 0) +
                       (f->keyword_rank > 0 ? 1.0 / (RRF_K + f->keyword_rank) : 0);
          else
            {
              double semantic = best_semantic > 0 ? MAX (f->semantic, 0) / best_semantic : 0;
              double keyword = best_keyword > 0 ? f->keyword / best_keyword : 0;

              f->score = self->semantic_weight * semantic + (1 - self->semantic_weight) * keyword;
            }
          break;
        }
      g_ptr_array_add (ranked, f);
    }
  g_ptr_array_sort (ranked, compare_fused);

  /* Candidates that share nothing with the query are no answer, whatever the
   * fusion. Hashed features collide, so a small cosine can be noise: in a
   * hybrid search, a candidate without any keyword match needs half the best
   * similarity to stay (semantic-only searches keep everything above 0.05). */
  for (guint i = 0; i < ranked->len && result_ids->len < top; i++)
    {
      Fused *f = g_ptr_array_index (ranked, i);
      gboolean relevant;

      if (mode == SL_SEARCH_MODE_KEYWORD)
        relevant = f->keyword > 0;
      else if (mode == SL_SEARCH_MODE_SEMANTIC)
        relevant = f->semantic >= MIN_SEMANTIC;
      else
        relevant = f->keyword > 0 ||
                   f->semantic >= MAX (MIN_SEMANTIC, RELATIVE_SEMANTIC * best_semantic);

      if (relevant)
        g_array_append_val (result_ids, f->id);
    }
  if (!(names = sl_store_get_candidate_names (self->store,
                                              (const gint64 *)(gpointer)result_ids->data,
                                              result_ids->len, error)))
    return NULL;
  for (guint i = 0; i < ranked->len; i++)
    {
      Fused *f = g_ptr_array_index (ranked, i);
      SlSearchResult *result;
      const char *name = g_hash_table_lookup (names, &f->id);

      /* Only the chosen ones have names; one erased since the index was loaded has none. */
      if (name == NULL)
        continue;
      result = g_new0 (SlSearchResult, 1);
      result->candidate_id = f->id;
      result->score = f->score;
      result->semantic = f->semantic;
      result->keyword = f->keyword;
      result->name = g_strdup (name);
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

typedef struct
{
  char           *query;
  SlSearchFilter *filter;
  guint           top;
  SlSearchMode    mode;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->query);
  sl_search_filter_free (data->filter);
  g_free (data);
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  GPtrArray *results;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(results = sl_search_run (source_object, data->query, data->filter, data->top, data->mode,
                                 cancellable, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify)g_ptr_array_unref);
}

void
sl_search_run_async (SlSearch             *self,
                     const char           *query,
                     const SlSearchFilter *filter,
                     guint                 top,
                     SlSearchMode          mode,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (SL_IS_SEARCH (self));
  g_return_if_fail (query != NULL);

  data = g_new0 (RunData, 1);
  data->query = g_strdup (query);
  data->filter = filter != NULL ? sl_search_filter_copy (filter) : NULL;
  data->top = top;
  data->mode = mode;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_search_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify)run_data_free);
  g_task_run_in_thread (task, run_worker);
}

GPtrArray *
sl_search_run_finish (SlSearch      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
