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

static GArray *
candidate_ids_for (SlStore   *store,
                   gint64     job_id,
                   gboolean   all,
                   GError   **error)
{
  g_autoptr(GPtrArray) candidates = NULL;
  GArray *ids;

  if (!all)
    return sl_store_import_list_applications (store, job_id, error);

  if (!(candidates = sl_store_list_candidates (store, error)))
    return NULL;
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      gint64 id = sl_candidate_get_id (g_ptr_array_index (candidates, i));

      g_array_append_val (ids, id);
    }
  return ids;
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
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlModel) shadow = NULL;
  g_autoptr(SlSagemakerScorer) remote = NULL;
  g_autofree float *job_vector = NULL;
  g_autofree float *candidate_vector = NULL;
  g_autofree float *features = NULL;
  g_autofree char *text = NULL;
  SlVectorIndex *index;
  gint64 model_id = 0;
  gint64 shadow_id = 0;
  gint64 requested_shadow = 0;
  gint64 last_progress = 0;
  guint dimension;
  guint n_features;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (SL_IS_EMBEDDER (embedder), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!(job = sl_store_get_job (store, job_id, error)))
    return NULL;
  if (!(ids = candidate_ids_for (store, job_id, options->all_candidates, error)))
    return NULL;
  if (ids->len == 0)
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
  if (!sl_search_prepare (search, cancellable, error))
    return NULL;
  index = sl_search_get_index (search);
  dimension = sl_embedder_get_dimension (embedder);
  text = job_text (job);
  if (!(job_vector = sl_embedder_embed (embedder, text, cancellable, error)))
    return NULL;

  n_features = sl_screening_n_features (dimension);
  model = load_model (store, 0, n_features, &model_id);
  if (model != NULL && sl_store_get_shadow_model_id (store, &requested_shadow, NULL) &&
      requested_shadow > 0 && requested_shadow != model_id)
    shadow = load_model (store, requested_shadow, n_features, &shadow_id);

  remote = load_remote_scorer ();

  candidate_vector = g_new0 (float, dimension);
  features = g_new0 (float, n_features);
  screened = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_screened_free);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 candidate_id = g_array_index (ids, gint64, i);
      g_autoptr(SlCandidate) candidate = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) explanation = NULL;
      g_autofree char *explanation_text = NULL;
      g_autofree char *sentence = NULL;
      SlScreeningRecord record = { 0 };
      SlScreened *item;
      double cosine = 0;
      double probability = -1;
      double shadow_probability = NAN;
      gboolean has_vector;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      /* A candidate erased while we work is skipped, not an error. */
      if (!(candidate = sl_store_get_candidate (store, candidate_id, &local_error)))
        {
          if (g_error_matches (local_error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      has_vector = sl_vector_index_copy_vector (index, candidate_id, candidate_vector);
      if (!has_vector)
        memset (candidate_vector, 0, dimension * sizeof (float));
      for (guint d = 0; has_vector && d < dimension; d++)
        cosine += (double)job_vector[d] * candidate_vector[d];

      item = g_new0 (SlScreened, 1);
      item->candidate_id = candidate_id;
      item->name = g_strdup (sl_candidate_get_name (candidate));
      item->headline = g_strdup (sl_candidate_get_headline (candidate));
      if (sl_candidate_get_emails (candidate)[0] != NULL)
        item->email = g_strdup (sl_candidate_get_emails (candidate)[0]);

      /* Components first, then the classifier on the features they make. */
      item->result = sl_screening_score (requirements, candidate, cosine, -1, &options->config);
      sl_screening_features (item->result, job_vector, candidate_vector, dimension, features);
      if (remote != NULL)
        {
          g_autoptr(JsonObject) named = features_to_json (features, dimension);
          g_autoptr(GError) remote_error = NULL;
          LocalScore local = { model, features };
          gboolean shortlist = FALSE, used_remote = FALSE;
          double confidence = 0;

          /* The endpoint decides when it answers; the local model otherwise. */
          if (sl_sagemaker_scorer_score_with_fallback (remote, named, local_score_cb, &local, &shortlist,
                                                       &confidence, &used_remote, &remote_error,
                                                       cancellable, NULL))
            probability = shortlist ? confidence : 1.0 - confidence;
          if (remote_error != NULL)
            g_debug ("SageMaker did not score: %s", remote_error->message);
          sl_screening_result_free (item->result);
          item->result = sl_screening_score (requirements, candidate, cosine, probability,
                                             &options->config);
        }
      else if (model != NULL)
        {
          probability = sl_model_predict_proba (model, features);
          sl_screening_result_free (item->result);
          item->result = sl_screening_score (requirements, candidate, cosine, probability,
                                             &options->config);
        }
      if (shadow != NULL)
        shadow_probability = sl_model_predict_proba (shadow, features);
      sl_screening_result_find_evidence (item->result, sl_candidate_get_text (candidate));

      explanation = sl_screening_result_to_json (item->result);
      explanation_text = json_to_string (explanation, FALSE);

      record.job_id = job_id;
      record.candidate_id = candidate_id;
      record.score = item->result->score;
      record.similarity = item->result->similarity;
      record.skill_coverage = item->result->skill_coverage;
      record.mandatory_coverage = item->result->mandatory_coverage;
      record.preferred_coverage = item->result->preferred_coverage;
      record.experience_fit = item->result->experience_fit;
      record.education_fit = item->result->education_fit;
      record.classifier = probability >= 0 ? probability : NAN;
      record.shadow_classifier = shadow_probability;
      record.shadow_model_id = shadow_id;
      record.decision = item->result->shortlist ? "shortlist" : "reject";
      record.threshold = item->result->threshold;
      record.model_id = model_id;
      record.embedder = sl_embedder_get_model_id (embedder);
      record.explanation_json = explanation_text;
      record.features = features;
      record.n_features = n_features;

      if (!(item->result_id = sl_store_add_screening (store, &record, error)))
        {
          sl_screened_free (item);
          return NULL;
        }
      g_ptr_array_add (screened, item);

      if (options->progress != NULL &&
          (g_get_monotonic_time () - last_progress > G_USEC_PER_SEC / 5 || i + 1 == ids->len))
        {
          last_progress = g_get_monotonic_time ();
          options->progress (i + 1, ids->len, options->progress_data);
        }
    }

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
