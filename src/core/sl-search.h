#pragma once

#include <gio/gio.h>

#include "sl-embedder.h"
#include "sl-search-filter.h"
#include "sl-store.h"
#include "sl-vector-index.h"

G_BEGIN_DECLS

typedef enum
{
  SL_SEARCH_MODE_HYBRID,     /* the default: semantic and keyword, fused */
  SL_SEARCH_MODE_SEMANTIC,   /* the embedder's vectors only */
  SL_SEARCH_MODE_KEYWORD,    /* FTS5 bm25 only */
} SlSearchMode;

/* The share of semantic similarity in the shipped blend; see sl-search.c. */
#define SL_SEARCH_DEFAULT_SEMANTIC_WEIGHT 0.3
/* The seed product's rule for a possible duplicate resume. */
#define SL_SEARCH_NEAR_DUPLICATE_THRESHOLD 0.98

typedef enum
{
  SL_SEARCH_FUSION_BLEND,    /* weighted sum of scores, each divided by its best */
  SL_SEARCH_FUSION_RRF,      /* reciprocal rank fusion, k = 60 */
} SlSearchFusion;

typedef struct
{
  gint64  candidate_id;
  double  score;       /* the fused score, larger is better */
  double  semantic;    /* cosine similarity to the query */
  double  keyword;     /* bm25, 0 when no keyword matched */
  char   *name;
} SlSearchResult;

void sl_search_result_free (SlSearchResult *result);

#define SL_TYPE_SEARCH (sl_search_get_type ())

G_DECLARE_FINAL_TYPE (SlSearch, sl_search, SL, SEARCH, GObject)

SlSearch       *sl_search_new              (SlStore              *store,
                                            SlEmbedder           *embedder) G_GNUC_WARN_UNUSED_RESULT;
SlVectorIndex  *sl_search_get_index        (SlSearch             *self);
SlEmbedder     *sl_search_get_embedder     (SlSearch             *self);
void            sl_search_set_fusion       (SlSearch             *self,
                                            SlSearchFusion        fusion,
                                            double                semantic_weight);
/* Embeds candidates that have no vector of the embedder's model yet (and
 * keeps the lexical embedder's term statistics in step), then loads the
 * index: from the cache file beside the database when it matches the stored
 * vectors, else from the store, refreshing the cache. Call again after
 * imports; it does only what changed. Blocking: run it in a worker. */
gboolean        sl_search_prepare          (SlSearch             *self,
                                            GCancellable         *cancellable,
                                            GError              **error);
/* The same embedding and vectors without the filter metadata, for scoring
 * every candidate at once; the search itself is left as it was. */
SlVectorIndex  *sl_search_prepare_vectors  (SlSearch             *self,
                                            GCancellable         *cancellable,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void            sl_search_prepare_async    (SlSearch             *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        sl_search_prepare_finish   (SlSearch             *self,
                                            GAsyncResult         *result,
                                            GError              **error);
/* Share of the pending embeddings done by the running prepare (0 to 1), notified
 * as the "progress" property on the context that created the search. */
double          sl_search_get_progress     (SlSearch             *self);

/* Candidates whose vectors are at least threshold similar to this one's
 * (the seed product flags 0.98 as a possible duplicate), most similar first,
 * at most max_results. Empty when the candidate has no vector yet. */
GArray         *sl_search_find_near_duplicates (SlSearch         *self,
                                                gint64            candidate_id,
                                                double            threshold,
                                                guint             max_results) G_GNUC_WARN_UNUSED_RESULT;

/* The best top candidates for a query, best first (SlSearchResult). */
GPtrArray      *sl_search_run              (SlSearch             *self,
                                            const char           *query,
                                            const SlSearchFilter *filter,
                                            guint                 top,
                                            SlSearchMode          mode,
                                            GCancellable         *cancellable,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void            sl_search_run_async        (SlSearch             *self,
                                            const char           *query,
                                            const SlSearchFilter *filter,
                                            guint                 top,
                                            SlSearchMode          mode,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray      *sl_search_run_finish       (SlSearch             *self,
                                            GAsyncResult         *result,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* The FTS5 query for free text: its words, quoted, joined by OR (NULL: no words). */
char           *sl_search_build_fts_query  (const char           *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
