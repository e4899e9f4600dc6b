/* sl-store-matching.h: the store's side of embeddings, term statistics,
 * keyword (FTS5 bm25) search and the metadata that search filters use. */
#pragma once

#include <gio/gio.h>

#include "sl-store.h"

G_BEGIN_DECLS

/* What the search filters know about one candidate. */
typedef struct
{
  gint64  id;
  double  years_experience;
  int     education_level;
  gint64  imported_at;
  char   *location;
  GArray *skill_ids;   /* guint32 */
  GArray *job_ids;     /* gint64, linked jobs */
} SlCandidateMeta;

/* Term statistics of the lexical embedder: term → document frequency
 * (GINT_TO_POINTER, keys owned by the table) and the number of documents. */
gboolean    sl_store_load_term_stats           (SlStore        *self,
                                                GHashTable    **doc_freq,
                                                gint64         *n_documents,
                                                GError        **error);
/* Adds delta (term → signed count) and n_delta documents in one transaction. */
gboolean    sl_store_update_term_stats         (SlStore        *self,
                                                GHashTable     *delta,
                                                gint64          n_delta,
                                                GError        **error);
/* Replaces all statistics (after a full recount). */
gboolean    sl_store_replace_term_stats        (SlStore        *self,
                                                GHashTable     *doc_freq,
                                                gint64          n_documents,
                                                GError        **error);

/* Saves n vectors of one model (row-major, n × dimension) in one transaction. */
gboolean    sl_store_save_candidate_embeddings (SlStore        *self,
                                                const char     *model,
                                                guint           dimension,
                                                const gint64   *candidate_ids,
                                                const float    *vectors,
                                                gsize           n,
                                                GError        **error);
/* Deletes the vectors of one model (all models when model is NULL). */
gboolean    sl_store_delete_candidate_embeddings (SlStore      *self,
                                                  const char   *model,
                                                  GError      **error);
/* Every vector of one model as one contiguous matrix; *ids gets gint64s. */
gboolean    sl_store_load_candidate_embeddings (SlStore        *self,
                                                const char     *model,
                                                guint           dimension,
                                                GArray        **ids,
                                                float         **matrix,
                                                GError        **error);
/* A summary of one model's stored vectors (count, row ids, a write
 * generation and the database's identity) that changes whenever any of
 * them is added, replaced or deleted, and differs between database files. */
gboolean    sl_store_get_embeddings_fingerprint (SlStore       *self,
                                                 const char    *model,
                                                 guint64       *fingerprint,
                                                 gint64        *count,
                                                 GError       **error);
/* Candidates without a vector of this model: ids (gint64) and their texts. */
gboolean    sl_store_list_unembedded           (SlStore        *self,
                                                const char     *model,
                                                guint           limit,
                                                GArray        **ids,
                                                GPtrArray     **texts,
                                                GError        **error);
/* Every candidate's id and text, in id order (for a recount of the statistics). */
gboolean    sl_store_list_candidate_texts      (SlStore        *self,
                                                GArray        **ids,
                                                GPtrArray     **texts,
                                                GError        **error);
gint64      sl_store_count_candidates          (SlStore        *self,
                                                GError        **error);

/* FTS5 bm25 over name, headline and text; fts_query is FTS5 syntax.
 * scores are positive, larger is better. */
gboolean    sl_store_search_keywords           (SlStore        *self,
                                                const char     *fts_query,
                                                guint           limit,
                                                GArray        **ids,
                                                GArray        **scores,
                                                GError        **error);

/* Filter metadata of every candidate; free with g_array_unref. */
GArray     *sl_store_list_candidate_meta       (SlStore        *self,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* The id of a skill by name or alias, case-insensitive; 0 when unknown. */
gboolean    sl_store_lookup_skill              (SlStore        *self,
                                                const char     *name,
                                                gint64         *skill_id,
                                                GError        **error);
/* Names of candidates by id (id → name, owned strings). */
GHashTable *sl_store_get_candidate_names       (SlStore        *self,
                                                const gint64   *ids,
                                                guint           n,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* A stored screening result of a job as the job's page shows it again. */
typedef struct
{
  gint64  id;
  gint64  candidate_id;
  char   *name;
  char   *email;               /* the first address, or NULL */
  char   *headline;
  double  score;               /* 0–100 */
  double  similarity;
  double  skill_coverage;
  double  mandatory_coverage;
  double  preferred_coverage;
  double  experience_fit;
  double  education_fit;
  double  classifier;          /* NAN without a model */
  char   *decision;            /* "shortlist" or "reject" */
  double  threshold;
  gint64  model_id;            /* 0 if no model scored */
  char   *embedder;
  char   *explanation_json;
  gint64  created_at;
} SlStoredScreening;

void        sl_stored_screening_free           (SlStoredScreening *screening);

/* The job's current screening results (the latest of each candidate still
 * in the store), best first: SlStoredScreening items. Empty if never screened. */
GPtrArray  *sl_store_list_job_screenings       (SlStore        *self,
                                                gint64          job_id,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
