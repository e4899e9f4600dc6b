#pragma once

#include "sl-aws-config.h"

G_BEGIN_DECLS

/* The result of checking one configured service. */
typedef struct
{
  char   *service;   /* "s3", "bedrock-embeddings", "bedrock-chat", "sagemaker" */
  char   *title;     /* translated name for people */
  GError *error;     /* NULL when the service works */
} SlAwsCheckResult;

void       sl_aws_check_result_free (SlAwsCheckResult  *result);

/* Makes one cheap call to each service the configuration switches on (or
 * names a resource for) and says what works. Never fails as a whole: an
 * empty array means nothing is configured. */
GPtrArray *sl_aws_check_run         (const SlAwsConfig *config,
                                     GCancellable      *cancellable) G_GNUC_WARN_UNUSED_RESULT;
void       sl_aws_check_run_async   (const SlAwsConfig *config,
                                     GCancellable      *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer           user_data);
GPtrArray *sl_aws_check_run_finish  (GAsyncResult      *result,
                                     GError           **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAwsCheckResult, sl_aws_check_result_free)

G_END_DECLS
