#define G_LOG_DOMAIN "sl-aws-config"

#include "config.h"

#include "sl-aws-config.h"

SlAwsConfig *
sl_aws_config_new_defaults (void)
{
  SlAwsConfig *config = g_new0 (SlAwsConfig, 1);

  config->region = g_strdup ("");
  config->profile = g_strdup ("");
  config->s3_bucket = g_strdup ("");
  config->s3_prefix = g_strdup ("shortlist");
  config->embedding_model = g_strdup (SL_AWS_DEFAULT_EMBEDDING_MODEL);
  config->embedding_dimension = 1024;
  config->chat_model = g_strdup (SL_AWS_DEFAULT_CHAT_MODEL);
  config->sagemaker_endpoint = g_strdup ("");

  return config;
}

void
sl_aws_config_free (SlAwsConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->region);
  g_free (config->profile);
  g_free (config->s3_bucket);
  g_free (config->s3_prefix);
  g_free (config->embedding_model);
  g_free (config->chat_model);
  g_free (config->sagemaker_endpoint);
  g_free (config);
}

static void
replace_string (char      **field,
                GSettings  *settings,
                const char *key)
{
  g_free (*field);
  *field = g_settings_get_string (settings, key);
}

SlAwsConfig *
sl_aws_config_load (void)
{
  SlAwsConfig *config = sl_aws_config_new_defaults ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SL_AWS_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    {
      g_debug ("The schema %s is not installed: the cloud stays off", SL_AWS_SETTINGS_SCHEMA);
      return config;
    }

  settings = g_settings_new_full (schema, NULL, NULL);
  replace_string (&config->region, settings, "region");
  replace_string (&config->profile, settings, "profile");
  replace_string (&config->s3_bucket, settings, "s3-bucket");
  replace_string (&config->s3_prefix, settings, "s3-prefix");
  replace_string (&config->embedding_model, settings, "bedrock-embedding-model");
  replace_string (&config->chat_model, settings, "bedrock-chat-model");
  replace_string (&config->sagemaker_endpoint, settings, "sagemaker-endpoint");
  config->embedding_dimension = g_settings_get_uint (settings, "bedrock-embedding-dimension");
  config->s3_mirror = g_settings_get_boolean (settings, "s3-mirror-enabled");
  config->bedrock_embeddings = g_settings_get_boolean (settings, "bedrock-embeddings-enabled");
  config->bedrock_chat = g_settings_get_boolean (settings, "bedrock-chat-enabled");
  config->sagemaker_scoring = g_settings_get_boolean (settings, "sagemaker-scoring-enabled");
  config->transcribe = g_settings_get_boolean (settings, "transcribe-enabled");
  config->rekognition = g_settings_get_boolean (settings, "rekognition-enabled");
  config->polly = g_settings_get_boolean (settings, "polly-enabled");

  return config;
}

SlAwsClient *
sl_aws_config_create_client (const SlAwsConfig  *config,
                             GError            **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  return sl_aws_client_new_from_environment (config->profile, config->region,
                                             SL_AWS_CHAIN_DEFAULT, error);
}
