#define G_LOG_DOMAIN "sl-sagemaker-scorer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-sagemaker-scorer.h"
#include "sl-sigv4.h"

#define MAX_RESPONSE_SIZE (256 * 1024)

struct _SlSagemakerScorer
{
  GObject      parent_instance;

  SlAwsClient *client;
  char        *endpoint;
};

G_DEFINE_FINAL_TYPE (SlSagemakerScorer, sl_sagemaker_scorer, G_TYPE_OBJECT)

static void
sl_sagemaker_scorer_dispose (GObject *object)
{
  SlSagemakerScorer *self = (SlSagemakerScorer *)object;

  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_sagemaker_scorer_parent_class)->dispose (object);
}

static void
sl_sagemaker_scorer_finalize (GObject *object)
{
  SlSagemakerScorer *self = (SlSagemakerScorer *)object;

  g_free (self->endpoint);

  G_OBJECT_CLASS (sl_sagemaker_scorer_parent_class)->finalize (object);
}

static void
sl_sagemaker_scorer_class_init (SlSagemakerScorerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_sagemaker_scorer_dispose;
  object_class->finalize = sl_sagemaker_scorer_finalize;
}

static void
sl_sagemaker_scorer_init (SlSagemakerScorer *self)
{
}

SlSagemakerScorer *
sl_sagemaker_scorer_new (SlAwsClient *client,
                         const char  *endpoint_name)
{
  SlSagemakerScorer *self;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (endpoint_name != NULL && *endpoint_name != '\0', NULL);

  self = g_object_new (SL_TYPE_SAGEMAKER_SCORER, NULL);
  self->client = g_object_ref (client);
  self->endpoint = g_strdup (endpoint_name);

  return self;
}

static GError *
invalid_answer (const char *why)
{
  g_autofree char *sentence = g_strdup_printf (_("The SageMaker endpoint’s answer cannot be used: %s"), why);

  return sl_aws_error_new_full (SL_AWS_ERROR_INVALID_RESPONSE, "sagemaker", 200, NULL, NULL, NULL,
                                sentence);
}

gboolean
sl_sagemaker_scorer_score (SlSagemakerScorer  *self,
                           JsonObject         *features,
                           gboolean           *shortlist,
                           double             *confidence,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) wrapper = json_object_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlAwsResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *encoded = sl_sigv4_uri_encode (self->endpoint, -1, FALSE);
  g_autofree char *path = g_strdup_printf ("/endpoints/%s/invocations", encoded);
  const char *headers[] = { "Accept", "application/json", NULL };
  SlAwsRequest request = { 0 };
  JsonObject *object;
  JsonNode *node;
  const char *prediction;
  const char *data;
  gsize length;
  double value;

  g_return_val_if_fail (SL_IS_SAGEMAKER_SCORER (self), FALSE);
  g_return_val_if_fail (features != NULL, FALSE);

  json_object_set_object_member (wrapper, "features", json_object_ref (features));
  json_node_set_object (root, wrapper);
  json = json_to_string (root, FALSE);
  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);

  request.service = SL_AWS_SERVICE_SAGEMAKER_RUNTIME;
  request.method = "POST";
  request.path = path;
  request.headers = headers;
  request.body = body;
  request.content_type = "application/json";
  request.max_response_size = MAX_RESPONSE_SIZE;

  if (!(response = sl_aws_client_send (self->client, &request, cancellable, error)))
    return FALSE;

  data = g_bytes_get_data (response->body, &length);
  if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_propagate_error (error, invalid_answer (_("it is not a JSON object")));
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  prediction = json_object_get_string_member_with_default (object, "prediction", NULL);
  if (g_strcmp0 (prediction, "shortlist") != 0 && g_strcmp0 (prediction, "reject") != 0)
    {
      g_propagate_error (error,
                         invalid_answer (_("the prediction is neither “shortlist” nor “reject”")));
      return FALSE;
    }
  node = json_object_get_member (object, "confidence");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64) ||
      !isfinite (value = json_node_get_double (node)) || value < 0.0 || value > 1.0)
    {
      g_propagate_error (error, invalid_answer (_("the confidence is not a number from 0 to 1")));
      return FALSE;
    }

  *shortlist = g_str_equal (prediction, "shortlist");
  *confidence = value;
  return TRUE;
}

gboolean
sl_sagemaker_scorer_score_with_fallback (SlSagemakerScorer  *self,
                                         JsonObject         *features,
                                         SlLocalScoreFunc    fallback,
                                         gpointer            user_data,
                                         gboolean           *shortlist,
                                         double             *confidence,
                                         gboolean           *used_remote,
                                         GError            **remote_error,
                                         GCancellable       *cancellable,
                                         GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (fallback != NULL, FALSE);

  if (self != NULL &&
      sl_sagemaker_scorer_score (self, features, shortlist, confidence, cancellable, &local_error))
    {
      *used_remote = TRUE;
      return TRUE;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (local_error != NULL)
    g_debug ("SageMaker scoring failed, using the local model: %s", local_error->message);

  *used_remote = FALSE;
  if (remote_error != NULL)
    *remote_error = g_steal_pointer (&local_error);
  return fallback (features, shortlist, confidence, user_data, error);
}

typedef struct
{
  gboolean shortlist;
  double   confidence;
} ScoreResult;

static void
score_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  ScoreResult *score = g_new0 (ScoreResult, 1);

  json_parser_load_from_data (parser, task_data, -1, NULL);
  if (!sl_sagemaker_scorer_score (source_object,
                                  json_node_get_object (json_parser_get_root (parser)),
                                  &score->shortlist, &score->confidence, cancellable, &error))
    {
      g_free (score);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, score, g_free);
}

void
sl_sagemaker_scorer_score_async (SlSagemakerScorer   *self,
                                 JsonObject          *features,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (SL_IS_SAGEMAKER_SCORER (self));
  g_return_if_fail (features != NULL);

  /* The worker gets its own copy as text: JsonObject is not thread-safe. */
  node = json_node_init_object (json_node_alloc (), features);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_sagemaker_scorer_score_async);
  g_task_set_task_data (task, json_to_string (node, FALSE), g_free);
  g_task_run_in_thread (task, score_worker);
}

gboolean
sl_sagemaker_scorer_score_finish (SlSagemakerScorer  *self,
                                  GAsyncResult       *result,
                                  gboolean           *shortlist,
                                  double             *confidence,
                                  GError            **error)
{
  g_autofree ScoreResult *score = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(score = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  *shortlist = score->shortlist;
  *confidence = score->confidence;
  return TRUE;
}
