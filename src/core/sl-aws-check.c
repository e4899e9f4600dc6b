#define G_LOG_DOMAIN "sl-aws-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-aws-check.h"
#include "sl-bedrock-chat.h"
#include "sl-bedrock-embedder.h"
#include "sl-s3-client.h"
#include "sl-sagemaker-scorer.h"

void
sl_aws_check_result_free (SlAwsCheckResult *result)
{
  if (result == NULL)
    return;

  g_free (result->service);
  g_free (result->title);
  g_clear_error (&result->error);
  g_free (result);
}

static void
add_result (GPtrArray  *results,
            const char *service,
            const char *title,
            GError     *error)
{
  SlAwsCheckResult *result = g_new0 (SlAwsCheckResult, 1);

  result->service = g_strdup (service);
  result->title = g_strdup (title);
  result->error = error;
  g_ptr_array_add (results, result);
}

static SlAwsConfig *
copy_config (const SlAwsConfig *config)
{
  SlAwsConfig *copy = g_new0 (SlAwsConfig, 1);

  *copy = *config;
  copy->region = g_strdup (config->region);
  copy->profile = g_strdup (config->profile);
  copy->s3_bucket = g_strdup (config->s3_bucket);
  copy->s3_prefix = g_strdup (config->s3_prefix);
  copy->embedding_model = g_strdup (config->embedding_model);
  copy->chat_model = g_strdup (config->chat_model);
  copy->sagemaker_endpoint = g_strdup (config->sagemaker_endpoint);
  return copy;
}

GPtrArray *
sl_aws_check_run (const SlAwsConfig *config,
                  GCancellable      *cancellable)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_aws_check_result_free);
  g_autoptr(SlAwsClient) client = NULL;
  g_autoptr(GError) client_error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  client = sl_aws_config_create_client (config, &client_error);

  if (config->s3_mirror || *config->s3_bucket != '\0')
    {
      GError *error = NULL;

      if (client == NULL)
        error = g_error_copy (client_error);
      else if (*config->s3_bucket == '\0')
        g_set_error (&error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG, _("No S3 bucket is set"));
      else
        {
          g_autoptr(SlS3Client) s3 = sl_s3_client_new (client, config->s3_bucket);
          GPtrArray *objects = sl_s3_client_list_objects (s3, config->s3_prefix, 1, NULL, NULL,
                                                          cancellable, &error);

          g_clear_pointer (&objects, g_ptr_array_unref);
        }
      add_result (results, "s3", _("Storage (Amazon S3)"), error);
    }

  if (config->bedrock_embeddings)
    {
      GError *error = NULL;

      if (client == NULL)
        error = g_error_copy (client_error);
      else
        {
          g_autoptr(SlBedrockEmbedder) embedder = NULL;
          g_autofree float *vector = NULL;

          embedder = sl_bedrock_embedder_new (client, config->embedding_model,
                                              config->embedding_dimension,
                                              TRUE, NULL, &error);
          if (embedder != NULL)
            vector = sl_embedder_embed (SL_EMBEDDER (embedder), "Shortlist connection test",
                                        cancellable, &error);
        }
      add_result (results, "bedrock-embeddings", _("Embeddings (Amazon Bedrock)"), error);
    }

  if (config->bedrock_chat)
    {
      GError *error = NULL;

      if (client == NULL)
        error = g_error_copy (client_error);
      else
        {
          g_autoptr(SlBedrockChat) chat = sl_bedrock_chat_new (client, config->chat_model);
          char *answer = sl_bedrock_chat_converse (chat, NULL, "Reply with the word OK.", 5, 0.0,
                                                   cancellable, &error);

          g_free (answer);
        }
      add_result (results, "bedrock-chat", _("Assistant (Amazon Bedrock)"), error);
    }

  if (config->sagemaker_scoring || *config->sagemaker_endpoint != '\0')
    {
      GError *error = NULL;

      if (client == NULL)
        error = g_error_copy (client_error);
      else if (*config->sagemaker_endpoint == '\0')
        g_set_error (&error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG, _("No SageMaker endpoint is set"));
      else
        {
          g_autoptr(SlSagemakerScorer) scorer = sl_sagemaker_scorer_new (client,
                                                                         config->sagemaker_endpoint);
          g_autoptr(JsonObject) features = json_object_new ();
          gboolean shortlist;
          double confidence;

          sl_sagemaker_scorer_score (scorer, features, &shortlist, &confidence, cancellable,
                                     &error);
        }
      add_result (results, "sagemaker", _("Screening (Amazon SageMaker)"), error);
    }

  return g_steal_pointer (&results);
}

static void
check_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_task_return_pointer (task, sl_aws_check_run (task_data, cancellable),
                         (GDestroyNotify)g_ptr_array_unref);
}

void
sl_aws_check_run_async (const SlAwsConfig   *config,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_aws_check_run_async);
  g_task_set_task_data (task, copy_config (config), (GDestroyNotify)sl_aws_config_free);
  g_task_run_in_thread (task, check_worker);
}

GPtrArray *
sl_aws_check_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
