#define G_LOG_DOMAIN "sl-screener"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sl-aws-config.h"
#include "sl-job-parser.h"
#include "sl-model.h"
#include "sl-screener.h"
#include "sl-sagemaker-scorer.h"
#include "sl-search.h"
#include "sl-skill-taxonomy.h"
#include "sl-store-import.h"
#include "sl-store-models.h"
#include "sl-store-screening-bulk.h"
#include "sl-store-matching.h"

G_DEFINE_QUARK (sl-screener-error-quark, sl_screener_error)

void
sl_screened_free (SlScreened *screened)
{
  if (screened == NULL)
    return;
  g_free (screened->name);
  g_free (screened->email);
  g_free (screened->headline);
  sl_screening_result_free (screened->result);
  g_free (screened);
}

void
sl_screener_options_init (SlScreenerOptions *options)
{
  memset (options, 0, sizeof *options);
  sl_screening_config_init_default (&options->config);
}

static char *
job_text (SlJob *job)
{
  return g_strjoin ("\n\n", sl_job_get_title (job), sl_job_get_description (job),
                    sl_job_get_requirements (job), NULL);
}

SlRequirements *
sl_screener_dup_requirements (SlJob *job)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *text = NULL;
  const char *stored = sl_job_get_parsed (job);

  if (stored != NULL &&
      json_parser_load_from_data (parser, stored, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return sl_requirements_new_from_json (json_node_get_object (json_parser_get_root (parser)));

  /* A job typed in by hand has not been parsed yet. */
  taxonomy = sl_skill_taxonomy_new_default (NULL);
  text = job_text (job);
  parsed = sl_job_parse (text, taxonomy);
  if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed))
    return sl_requirements_new (NULL, NULL, -1, -1);
  return sl_requirements_new_from_json (json_node_get_object (parsed));
}

/* The active or shadow model, when its features are the ones screening makes. */
static SlModel *
load_model (SlStore  *store,
            gint64    version_id,
            guint     n_features,
            gint64   *out_id)
{
  g_autoptr(GError) error = NULL;
  SlModelVersion *version = NULL;
  SlModel *model = NULL;

  *out_id = 0;
  if (version_id > 0)
    version = sl_store_get_model_version (store, version_id, &error);
  else if (!sl_store_get_active_model_version (store, &version, &error))
    version = NULL;

  if (version == NULL)
    {
      if (error != NULL)
        g_warning ("Could not load a model version: %s", error->message);
      return NULL;
    }

  if (sl_model_feature_spec_version (version->feature_spec) == SL_SCREENING_FEATURES_VERSION &&
      version->parameters != NULL)
    model = sl_model_new_from_bytes (version->parameters, version->feature_spec, &error);

  if (model != NULL && sl_model_get_n_features (model) != n_features)
    {
      g_debug ("Model %" G_GINT64_FORMAT " expects %u features, screening makes %u",
               version->id, sl_model_get_n_features (model), n_features);
      g_clear_object (&model);
    }
  else if (model == NULL && error != NULL)
    g_debug ("Model %" G_GINT64_FORMAT " cannot score: %s", version->id, error->message);

  if (model != NULL)
    *out_id = version->id;
  sl_model_version_free (version);
  return model;
}

/* The SageMaker endpoint of the Cloud settings, when remote scoring is on. */
static SlSagemakerScorer *
load_remote_scorer (void)
{
  g_autoptr(SlAwsConfig) config = sl_aws_config_load ();
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (config == NULL || !config->sagemaker_scoring ||
      config->sagemaker_endpoint == NULL || config->sagemaker_endpoint[0] == '\0')
    return NULL;
  if (!(client = sl_aws_config_create_client (config, &error)))
    {
      g_debug ("No remote scoring: %s", error->message);
      return NULL;
    }
  return sl_sagemaker_scorer_new (client, config->sagemaker_endpoint);
}

static JsonObject *
features_to_json (const float *features,
                  guint        dimension)
{
  g_autoptr(JsonNode) spec = sl_screening_feature_spec (dimension);
  JsonArray *names = json_object_get_array_member (json_node_get_object (spec), "names");
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < json_array_get_length (names); i++)
    json_object_set_double_member (object, json_array_get_string_element (names, i), features[i]);
  return object;
}

typedef struct
{
  SlModel     *model;
  const float *features;
} LocalScore;

/* The local model's answer when the endpoint gives none. */
static gboolean
local_score_cb (JsonObject  *features,
                gboolean    *shortlist,
                double      *confidence,
                gpointer     user_data,
                GError     **error)
{
  LocalScore *local = user_data;
  double p;

  if (local->model == NULL)
    {
      g_set_error_literal (error, SL_SCREENER_ERROR, SL_SCREENER_ERROR_FAILED, "no local model");
      return FALSE;
    }
  p = sl_model_predict_proba (local->model, local->features);
  *shortlist = p >= 0.5;
  *confidence = *shortlist ? p : 1.0 - p;
  return TRUE;
}

static int
compare_screened (gconstpointer a,
                  gconstpointer b)
{
  const SlScreened *sa = *(const SlScreened * const *)a;
  const SlScreened *sb = *(const SlScreened * const *)b;

  if (sa->result->score != sb->result->score)
    return sa->result->score > sb->result->score ? -1 : 1;
  return sa->candidate_id < sb->candidate_id ? -1 : sa->candidate_id > sb->candidate_id;
}

/* Which mandatory and preferred requirement each skill id meets, from the
 * skill names folded as screening folds them: index + 1, 0 for none. */
typedef struct
{
  gsize  n_skills;       /* ids below this are looked up */
  guint *mandatory_of;
  guint *preferred_of;
  guint  n_mandatory;
  guint  n_preferred;
} SkillMap;

static void
skill_map_clear (SkillMap *map)
{
  g_free (map->mandatory_of);
  g_free (map->preferred_of);
}

static guint
position_in (const char * const *folded,
             const char         *name)
{
  for (guint i = 0; folded[i] != NULL; i++)
    if (g_str_equal (folded[i], name))
      return i + 1;
  return 0;
}

static gboolean
skill_map_init (SkillMap        *map,
                SlStore         *store,
                SlRequirements  *requirements,
                GError         **error)
{
  const char * const *mandatory = sl_requirements_get_mandatory_folded (requirements);
  const char * const *preferred = sl_requirements_get_preferred_folded (requirements);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gint64 max_id = 0;

  memset (map, 0, sizeof *map);
  map->n_mandatory = g_strv_length ((GStrv)mandatory);
  map->n_preferred = g_strv_length ((GStrv)preferred);
  if (!sl_store_list_skill_names (store, &ids, &names, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    max_id = MAX (max_id, g_array_index (ids, gint64, i));
  map->n_skills = (gsize)max_id + 1;
  map->mandatory_of = g_new0 (guint, map->n_skills);
  map->preferred_of = g_new0 (guint, map->n_skills);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *folded = NULL;

      if (id < 0)
        continue;
      folded = sl_screening_fold_skill (g_ptr_array_index (names, i));
      map->mandatory_of[id] = position_in (mandatory, folded);
      map->preferred_of[id] = position_in (preferred, folded);
    }
  return TRUE;
}

/* Flags the requirements candidate @i meets; returns the mandatory and
 * preferred hits. @mandatory and @preferred hold one flag per requirement. */
static void
skill_map_match (const SkillMap        *map,
                 const SlScreeningPool *pool,
                 guint                  i,
                 gboolean              *mandatory,
                 gboolean              *preferred,
                 guint                 *mandatory_hits,
                 guint                 *preferred_hits)
{
  memset (mandatory, 0, map->n_mandatory * sizeof (gboolean));
  memset (preferred, 0, map->n_preferred * sizeof (gboolean));
  *mandatory_hits = *preferred_hits = 0;
  for (guint k = pool->skill_start[i]; k < pool->skill_start[i + 1]; k++)
    {
      gint64 skill = pool->skill_ids[k];
      guint m, p;

      if (skill < 0 || (gsize)skill >= map->n_skills)
        continue;
      m = map->mandatory_of[skill];
      p = map->preferred_of[skill];
      if (m > 0 && !mandatory[m - 1])
        {
          mandatory[m - 1] = TRUE;
          (*mandatory_hits)++;
        }
      if (p > 0 && !preferred[p - 1])
        {
          preferred[p - 1] = TRUE;
          (*preferred_hits)++;
        }
    }
}

static double
cosine_of (const float *job_vector,
           const float *candidate_vector,
           guint        dimension)
{
  double cosine = 0;

  for (guint d = 0; d < dimension; d++)
    cosine += (double)job_vector[d] * candidate_vector[d];
  return cosine;
}

/* Classifier rows scored at once. */
#define MODEL_BLOCK 256

typedef struct
{
  SlStore                 *store;
  SlEmbedder              *embedder;
  SlVectorIndex           *index;
  SlRequirements          *requirements;
  const SlScreenerOptions *options;
  SlScreeningPool         *pool;
  SkillMap                 skills;
  const float             *job_vector;
  guint                    dimension;
  guint                    n_features;
  SlModel                 *model;
  SlModel                 *shadow;
  SlSagemakerScorer       *remote;
  gint64                   model_id;
  gint64                   shadow_id;
  /* Per candidate of the pool. */
  SlScreeningResult       *scores;      /* numbers only */
  double                  *probability; /* < 0 without one */
  double                  *shadow_probability;
} Screening;

/* Candidate @i's embedding (zeros without one), the requirements it meets,
 * and the numbers of its result without a classifier. */
static void
score_one (Screening *screening,
           guint      i,
           gboolean  *mandatory,
           gboolean  *preferred,
           guint     *hits,
           float     *candidate_vector)
{
  SlScreeningPool *pool = screening->pool;
  double cosine = 0;

  if (sl_vector_index_copy_vector (screening->index, pool->ids[i], candidate_vector))
    cosine = cosine_of (screening->job_vector, candidate_vector, screening->dimension);
  else
    memset (candidate_vector, 0, screening->dimension * sizeof (float));
  skill_map_match (&screening->skills, pool, i, mandatory, preferred, &hits[0], &hits[1]);
  sl_screening_compute (screening->requirements, hits[0], hits[1], pool->years[i],
                        pool->education[i], cosine, -1, &screening->options->config,
                        &screening->scores[i]);
}

static double
remote_probability (Screening   *screening,
                    const float *features,
                    GCancellable *cancellable)
{
  g_autoptr(JsonObject) named = features_to_json (features, screening->dimension);
  g_autoptr(GError) remote_error = NULL;
  LocalScore local = { screening->model, features };
  gboolean shortlist = FALSE, used_remote = FALSE;
  double confidence = 0;
  double probability = -1;

  /* The endpoint decides when it answers; the local model otherwise. */
  if (sl_sagemaker_scorer_score_with_fallback (screening->remote, named, local_score_cb, &local,
                                               &shortlist, &confidence, &used_remote,
                                               &remote_error, cancellable, NULL))
    probability = shortlist ? confidence : 1.0 - confidence;
  if (remote_error != NULL)
    g_debug ("SageMaker did not score: %s", remote_error->message);
  return probability;
}

/* Ranks every candidate of the pool: components, then the classifiers on
 * the features they make, a block of rows at a time. */
static gboolean
score_all (Screening     *screening,
           GCancellable  *cancellable,
           GError       **error)
{
  SlScreeningPool *pool = screening->pool;
  guint n_features = screening->n_features;
  gboolean classify = screening->model != NULL || screening->shadow != NULL ||
                      screening->remote != NULL;
  guint block = classify ? MODEL_BLOCK : 1;
  g_autofree float *vectors = g_new (float, (gsize)block * screening->dimension);
  g_autofree float *features = classify ? g_new (float, (gsize)block * n_features) : NULL;
  g_autofree float *p = g_new (float, block);
  g_autofree guint *hits = g_new (guint, 2 * block);
  g_autofree gboolean *mandatory = g_new0 (gboolean, screening->skills.n_mandatory + 1);
  g_autofree gboolean *preferred = g_new0 (gboolean, screening->skills.n_preferred + 1);

  for (guint start = 0; start < pool->n; start += block)
    {
      guint n = MIN (block, pool->n - start);

      if ((start & 4095) < block && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint r = 0; r < n; r++)
        {
          score_one (screening, start + r, mandatory, preferred, hits + 2 * r,
                     vectors + (gsize)r * screening->dimension);
          if (classify)
            sl_screening_features (&screening->scores[start + r], screening->job_vector,
                                   vectors + (gsize)r * screening->dimension, screening->dimension,
                                   features + (gsize)r * n_features);
        }
      if (!classify)
        continue;

      if (screening->remote != NULL)
        for (guint r = 0; r < n; r++)
          screening->probability[start + r] =
            remote_probability (screening, features + (gsize)r * n_features, cancellable);
      else if (screening->model != NULL)
        {
          sl_model_predict_proba_batch (screening->model, features, n, p);
          for (guint r = 0; r < n; r++)
            screening->probability[start + r] = p[r];
        }
      if (screening->shadow != NULL)
        {
          sl_model_predict_proba_batch (screening->shadow, features, n, p);
          for (guint r = 0; r < n; r++)
            screening->shadow_probability[start + r] = p[r];
        }
      /* The same numbers, now with the classifier's word. */
      for (guint r = 0; r < n; r++)
        {
          guint i = start + r;
          SlScreeningResult *result = &screening->scores[i];

          if (screening->probability[i] >= 0)
            sl_screening_compute (screening->requirements, hits[2 * r], hits[2 * r + 1],
                                  pool->years[i], pool->education[i], result->cosine,
                                  screening->probability[i], &screening->options->config, result);
        }
    }
  return TRUE;
}

/* Results stored per block. While one thread writes a block to the
 * store, the other makes the next block's results, evidence and
 * explanations: the store (SQLite) takes one thread, the rest the other. */
#define STORE_BLOCK_MAX 2048

typedef struct
{
  Screening   *screening;
  guint        size;          /* rows it has room for */
  guint        start;
  guint        n;
  char       **texts;         /* in: resume texts; freed as used */
  SlScreeningWriter *reader;  /* reads the texts when set, else they are in */
  GError      *error;         /* out: why the texts could not be read */
  SlScreened **items;         /* out */
  char       **explanations;  /* out: JSON */
  float       *scalars;       /* out: n × SL_SCREENING_N_SCALAR_FEATURES */
  SlScreeningRecord *records; /* the rows written */
  gint64      *ids;
} StoreBlock;

static void
store_block_clear (StoreBlock *block)
{
  for (guint r = 0; r < block->n; r++)
    {
      g_clear_pointer (&block->texts[r], g_free);
      g_clear_pointer (&block->items[r], sl_screened_free);
      g_clear_pointer (&block->explanations[r], g_free);
    }
  block->n = 0;
}

/* Candidate i of the pool, scored: the skills it matches, its components
 * and decision. mandatory and preferred are scratch space for the match. */
static SlScreened *
screened_new (Screening *screening,
              guint      i,
              gboolean  *mandatory,
              gboolean  *preferred)
{
  SlScreeningPool *pool = screening->pool;
  SlScreened *item = g_new0 (SlScreened, 1);
  guint mandatory_hits, preferred_hits;

  skill_map_match (&screening->skills, pool, i, mandatory, preferred, &mandatory_hits,
                   &preferred_hits);
  item->candidate_id = pool->ids[i];
  item->name = g_strdup (pool->names[i]);
  item->headline = g_strdup (pool->headlines[i]);
  item->email = g_strdup (pool->emails[i]);
  item->result = sl_screening_score_matched (screening->requirements, mandatory, preferred,
                                             pool->years[i], pool->education[i],
                                             screening->scores[i].cosine,
                                             screening->probability[i],
                                             &screening->options->config);
  return item;
}

/* The full results of a block, with evidence and explanations. */
static gpointer
make_block (gpointer data)
{
  StoreBlock *block = data;
  Screening *screening = block->screening;
  g_autofree gboolean *mandatory = g_new0 (gboolean, screening->skills.n_mandatory + 1);
  g_autofree gboolean *preferred = g_new0 (gboolean, screening->skills.n_preferred + 1);

  if (block->reader != NULL)
    for (guint r = 0; r < block->n; r++)
      if (!(block->texts[r] = sl_screening_writer_dup_text (block->reader,
                                                            screening->pool->ids[block->start + r],
                                                            &block->error)))
        {
          block->n = r;
          return NULL;
        }

  for (guint r = 0; r < block->n; r++)
    {
      SlScreened *item = screened_new (screening, block->start + r, mandatory, preferred);

      /* Only the scalar features: the review adds the embedding part from
       * the stored vectors (thousands of bytes a row otherwise). */
      sl_screening_features (item->result, NULL, NULL, 0,
                             block->scalars + (gsize)r * SL_SCREENING_N_SCALAR_FEATURES);
      sl_screening_result_find_evidence (item->result, block->texts[r]);
      g_clear_pointer (&block->texts[r], g_free);
      block->explanations[r] = sl_screening_result_to_json_string (item->result);
      block->items[r] = item;
    }
  return NULL;
}

static gboolean
read_block_texts (Screening          *screening,
                  SlScreeningWriter  *writer,
                  StoreBlock         *block,
                  guint               start,
                  GError            **error)
{
  SlScreeningPool *pool = screening->pool;

  block->start = start;
  block->n = MIN (block->size, pool->n - start);
  /* The thread that makes the block reads them on the reader connection
   * meanwhile, when there is one. */
  if (sl_screening_writer_texts_apart (writer))
    {
      block->reader = writer;
      return TRUE;
    }
  for (guint r = 0; r < block->n; r++)
    if (!(block->texts[r] = sl_screening_writer_dup_text (writer, pool->ids[start + r], error)))
      return FALSE;
  return TRUE;
}

/* Moves a made block's results to @screened, adding their rows. */
static gboolean
write_block (Screening         *screening,
             SlScreeningWriter *writer,
             gint64             job_id,
             gint64             job_embedding_id,
             StoreBlock        *block,
             GPtrArray         *screened,
             GError           **error)
{
  for (guint r = 0; r < block->n; r++)
    {
      guint i = block->start + r;
      SlScreened *item = block->items[r];
      SlScreeningResult *result = item->result;
      SlScreeningRecord record = { 0 };

      record.job_id = job_id;
      record.candidate_id = item->candidate_id;
      record.score = result->score;
      record.similarity = result->similarity;
      record.skill_coverage = result->skill_coverage;
      record.mandatory_coverage = result->mandatory_coverage;
      record.preferred_coverage = result->preferred_coverage;
      record.experience_fit = result->experience_fit;
      record.education_fit = result->education_fit;
      record.classifier = screening->probability[i] >= 0 ? screening->probability[i] : NAN;
      record.shadow_classifier = screening->shadow_probability[i];
      record.shadow_model_id = screening->shadow_id;
      record.decision = result->shortlist ? "shortlist" : "reject";
      record.threshold = result->threshold;
      record.model_id = screening->model_id;
      record.embedder = sl_embedder_get_model_id (screening->embedder);
      record.explanation_json = block->explanations[r];
      record.features = block->scalars + (gsize)r * SL_SCREENING_N_SCALAR_FEATURES;
      record.n_features = SL_SCREENING_N_SCALAR_FEATURES;
      record.features_partial = TRUE;
      record.job_embedding_id = job_embedding_id;
      block->records[r] = record;
    }
  if (!sl_screening_writer_add_many (writer, block->records, block->n, block->ids, error))
    return FALSE;
  for (guint r = 0; r < block->n; r++)
    {
      block->items[r]->result_id = block->ids[r];
      g_ptr_array_add (screened, g_steal_pointer (&block->items[r]));
      g_clear_pointer (&block->explanations[r], g_free);
    }
  return TRUE;
}

static void
store_block_init (StoreBlock *block,
                  Screening  *screening,
                  guint       size)
{
  block->screening = screening;
  block->size = size;
  block->texts = g_new0 (char *, size);
  block->items = g_new0 (SlScreened *, size);
  block->explanations = g_new0 (char *, size);
  block->scalars = g_new (float, (gsize)size * SL_SCREENING_N_SCALAR_FEATURES);
  block->records = g_new0 (SlScreeningRecord, size);
  block->ids = g_new0 (gint64, size);
}

static void
store_block_free (StoreBlock *block)
{
  store_block_clear (block);
  g_clear_error (&block->error);
  g_free (block->texts);
  g_free (block->items);
  g_free (block->explanations);
  g_free (block->scalars);
  g_free (block->records);
  g_free (block->ids);
}

/* Stores every result in one transaction, with its explanation and the
 * scalar features. */
static GPtrArray *
store_all (Screening     *screening,
           gint64         job_id,
           GCancellable  *cancellable,
           GError       **error)
{
  SlScreeningPool *pool = screening->pool;
  const SlScreenerOptions *options = screening->options;
  g_autoptr(GPtrArray) screened = g_ptr_array_new_full (pool->n, (GDestroyNotify)sl_screened_free);
  g_autoptr(SlScreeningWriter) writer = NULL;
  StoreBlock blocks[2] = { { 0 } };
  GThread *maker = NULL;
  gint64 last_progress = 0;
  gint64 job_embedding_id;
  gboolean ok = FALSE;
  guint size;
  guint b = 0;

  if (!(writer = sl_store_begin_screenings (screening->store, error)) ||
      !(job_embedding_id = sl_screening_writer_add_job_vector (writer, job_id,
                                                               sl_embedder_get_model_id (screening->embedder),
                                                               screening->job_vector,
                                                               screening->dimension, error)) ||
      (options->all_candidates && !sl_screening_writer_retire (writer, job_id, error)))
    return NULL;

  /* Eight blocks at least, so that the two threads overlap even for a few
   * hundred candidates. */
  size = CLAMP (pool->n / 8, 16, STORE_BLOCK_MAX);
  store_block_init (&blocks[0], screening, size);
  store_block_init (&blocks[1], screening, size);
  if (pool->n > 0)
    {
      if (!read_block_texts (screening, writer, &blocks[0], 0, error))
        goto out;
      make_block (&blocks[0]);
      if (blocks[0].error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&blocks[0].error));
          goto out;
        }
    }

  /* blocks[b] is made; the other one is read and made while b is written. */
  for (guint start = 0; start < pool->n; start += size)
    {
      StoreBlock *current = &blocks[b];
      StoreBlock *next = &blocks[1 - b];
      gboolean written;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (start + size < pool->n)
        {
          if (!read_block_texts (screening, writer, next, start + size, error))
            goto out;
          maker = g_thread_new ("sl-screen-store", make_block, next);
        }
      written = write_block (screening, writer, job_id, job_embedding_id, current, screened,
                             error);
      if (maker != NULL)
        g_thread_join (g_steal_pointer (&maker));
      store_block_clear (current);
      if (!written)
        goto out;
      if (next->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&next->error));
          goto out;
        }
      b = 1 - b;

      if (options->progress != NULL && start + size < pool->n &&
          g_get_monotonic_time () - last_progress > G_USEC_PER_SEC / 5)
        {
          last_progress = g_get_monotonic_time ();
          options->progress (start + size, pool->n, options->progress_data);
        }
    }
  if (!sl_screening_writer_commit (writer, job_id, error))
    goto out;
  ok = TRUE;

out:
  store_block_free (&blocks[0]);
  store_block_free (&blocks[1]);
  if (!ok)
    return NULL;
  g_clear_pointer (&writer, sl_screening_writer_free);
  if (options->progress != NULL)
    options->progress (pool->n, pool->n, options->progress_data);
  return g_steal_pointer (&screened);
}

/* Every result with its matched and missing skills, neither stored nor
 * with evidence (result_id is 0). */
static GPtrArray *
rank_only (Screening *screening)
{
  SlScreeningPool *pool = screening->pool;
  g_autoptr(GPtrArray) screened = g_ptr_array_new_full (pool->n, (GDestroyNotify)sl_screened_free);
  g_autofree gboolean *mandatory = g_new0 (gboolean, screening->skills.n_mandatory + 1);
  g_autofree gboolean *preferred = g_new0 (gboolean, screening->skills.n_preferred + 1);

  for (guint i = 0; i < pool->n; i++)
    {
      g_ptr_array_add (screened, screened_new (screening, i, mandatory, preferred));
    }
  return g_steal_pointer (&screened);
}

static void
screening_clear (Screening *screening)
{
  skill_map_clear (&screening->skills);
  g_clear_pointer (&screening->pool, sl_screening_pool_free);
  g_free (screening->scores);
  g_free (screening->probability);
  g_free (screening->shadow_probability);
}

GPtrArray *
sl_screener_screen_job (SlStore                 *store,
                        SlEmbedder              *embedder,
                        gint64                   job_id,
                        const SlScreenerOptions *options,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  g_autoptr(SlJob) job = NULL;
  g_autoptr(SlRequirements) requirements = NULL;
  g_autoptr(SlSearch) search = NULL;
  g_autoptr(SlVectorIndex) index = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlModel) shadow = NULL;
  g_autoptr(SlSagemakerScorer) remote = NULL;
  g_autofree float *job_vector = NULL;
  g_autofree char *text = NULL;
  Screening screening = { 0 };
  gint64 requested_shadow = 0;
  gint64 started = g_get_monotonic_time ();
  gint64 scored;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (SL_IS_EMBEDDER (embedder), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!(job = sl_store_get_job (store, job_id, error)))
    return NULL;
  if (!options->all_candidates &&
      !(ids = sl_store_import_list_applications (store, job_id, error)))
    return NULL;
  if (ids == NULL ? sl_store_count_candidates (store, NULL) == 0 : ids->len == 0)
    {
      g_set_error (error, SL_SCREENER_ERROR, SL_SCREENER_ERROR_NO_CANDIDATES,
                   options->all_candidates
                     ? _("There are no candidates yet: import resumes first")
                     : _("No candidates are linked to this job yet: import applications "
                         "for it, or screen every candidate"));
      return NULL;
    }

  requirements = sl_screener_dup_requirements (job);

  /* The search index holds every candidate's vector, embedding what is new. */
  search = sl_search_new (store, embedder);
  if (!(index = sl_search_prepare_vectors (search, cancellable, error)))
    return NULL;
  screening.index = index;
  screening.dimension = sl_embedder_get_dimension (embedder);
  text = job_text (job);
  if (!(job_vector = sl_embedder_embed (embedder, text, cancellable, error)))
    return NULL;

  screening.n_features = sl_screening_n_features (screening.dimension);
  model = load_model (store, 0, screening.n_features, &screening.model_id);
  if (model != NULL && sl_store_get_shadow_model_id (store, &requested_shadow, NULL) &&
      requested_shadow > 0 && requested_shadow != screening.model_id)
    shadow = load_model (store, requested_shadow, screening.n_features, &screening.shadow_id);
  remote = load_remote_scorer ();

  screening.store = store;
  screening.embedder = embedder;
  screening.requirements = requirements;
  screening.options = options;
  screening.job_vector = job_vector;
  screening.model = model;
  screening.shadow = shadow;
  screening.remote = remote;

  /* A candidate erased while we work is left out, not an error. */
  if (!(screening.pool = sl_store_load_screening_pool (store, ids, error)) ||
      !skill_map_init (&screening.skills, store, requirements, error))
    {
      screening_clear (&screening);
      return NULL;
    }
  if (options->timings != NULL)
    options->timings->load_usec = g_get_monotonic_time () - started;

  scored = g_get_monotonic_time ();
  screening.scores = g_new0 (SlScreeningResult, screening.pool->n);
  screening.probability = g_new (double, screening.pool->n);
  screening.shadow_probability = g_new (double, screening.pool->n);
  for (guint i = 0; i < screening.pool->n; i++)
    {
      screening.probability[i] = -1;
      screening.shadow_probability[i] = NAN;
    }
  if (!score_all (&screening, cancellable, error))
    {
      screening_clear (&screening);
      return NULL;
    }
  if (options->timings != NULL)
    options->timings->score_usec = g_get_monotonic_time () - scored;

  if (!options->score_only)
    {
      gint64 stored = g_get_monotonic_time ();

      screened = store_all (&screening, job_id, cancellable, error);
      if (options->timings != NULL)
        options->timings->store_usec = g_get_monotonic_time () - stored;
    }
  else
    {
      screened = rank_only (&screening);
      if (options->progress != NULL)
        options->progress (screened->len, screened->len, options->progress_data);
    }
  screening_clear (&screening);
  if (screened == NULL)
    return NULL;

  g_ptr_array_sort (screened, compare_screened);
  return g_steal_pointer (&screened);
}

typedef struct
{
  SlStore           *store;
  SlEmbedder        *embedder;
  gint64             job_id;
  SlScreenerOptions  options;
  SlScreenerProgress progress;
  gpointer           progress_data;
  GMainContext      *context;
  /* The latest progress not yet delivered, under the lock. */
  GMutex             lock;
  guint              done;
  guint              total;
  gboolean           queued;
} ScreenData;

static void
screen_data_free (ScreenData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->embedder);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static gboolean
deliver_progress (gpointer user_data)
{
  GTask *task = user_data;
  ScreenData *data = g_task_get_task_data (task);
  guint done;
  guint total;

  g_mutex_lock (&data->lock);
  done = data->done;
  total = data->total;
  data->queued = FALSE;
  g_mutex_unlock (&data->lock);

  data->progress (done, total, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the worker: keep the latest count and queue one delivery at a time, so
 * a slow main loop sees fresh numbers instead of a backlog. */
static void
worker_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  GTask *task = user_data;
  ScreenData *data = g_task_get_task_data (task);
  gboolean queue;

  g_mutex_lock (&data->lock);
  data->done = done;
  data->total = total;
  queue = !data->queued;
  data->queued = TRUE;
  g_mutex_unlock (&data->lock);

  if (queue)
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, deliver_progress,
                                g_object_ref (task), g_object_unref);
}

static void
screen_job_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ScreenData *data = task_data;
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  screened = sl_screener_screen_job (data->store, data->embedder, data->job_id, &data->options,
                                     cancellable, &error);
  if (screened == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&screened), (GDestroyNotify)g_ptr_array_unref);
}

void
sl_screener_screen_job_async (SlStore                 *store,
                              SlEmbedder              *embedder,
                              gint64                   job_id,
                              const SlScreenerOptions *options,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ScreenData *data;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (SL_IS_EMBEDDER (embedder));
  g_return_if_fail (options != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_screener_screen_job_async);

  data = g_new0 (ScreenData, 1);
  data->store = g_object_ref (store);
  data->embedder = g_object_ref (embedder);
  data->job_id = job_id;
  data->options = *options;
  data->progress = options->progress;
  data->progress_data = options->progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->lock);
  /* The worker reports to us; we pass it on where the caller lives. The
   * task's own reference, held until it returns, keeps data alive. */
  if (data->progress != NULL)
    {
      data->options.progress = worker_progress;
      data->options.progress_data = task;
    }
  g_task_set_task_data (task, data, (GDestroyNotify)screen_data_free);
  g_task_run_in_thread (task, screen_job_worker);
}

GPtrArray *
sl_screener_screen_job_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sl_screener_screen_job_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
