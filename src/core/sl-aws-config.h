#pragma once

#include "sl-aws-client.h"

G_BEGIN_DECLS

#define SL_AWS_SETTINGS_SCHEMA   "io.github.shortlist.Shortlist.Cloud"
#define SL_AWS_DEFAULT_CHAT_MODEL "anthropic.claude-3-haiku-20240307-v1:0"
#define SL_AWS_DEFAULT_EMBEDDING_MODEL "amazon.titan-embed-text-v2:0"

/* A snapshot of the Cloud settings, safe to hand to a worker thread. No
 * secret is ever part of it: keys live in the keyring or the AWS files. */
typedef struct
{
  char     *region;
  char     *profile;
  char     *s3_bucket;
  char     *s3_prefix;
  char     *embedding_model;
  guint     embedding_dimension;
  char     *chat_model;
  char     *sagemaker_endpoint;
  gboolean  s3_mirror;
  gboolean  bedrock_embeddings;
  gboolean  bedrock_chat;
  gboolean  sagemaker_scoring;
  gboolean  transcribe;
  gboolean  rekognition;
  gboolean  polly;
} SlAwsConfig;

/* Reads the settings; every feature is off when the schema is not installed. */
SlAwsConfig *sl_aws_config_load          (void) G_GNUC_WARN_UNUSED_RESULT;
SlAwsConfig *sl_aws_config_new_defaults  (void) G_GNUC_WARN_UNUSED_RESULT;
void         sl_aws_config_free          (SlAwsConfig        *config);
/* A client with the credentials chain for the configured profile. */
SlAwsClient *sl_aws_config_create_client (const SlAwsConfig  *config,
                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAwsConfig, sl_aws_config_free)

G_END_DECLS
