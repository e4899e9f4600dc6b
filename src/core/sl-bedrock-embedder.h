#pragma once

#include "sl-aws-client.h"
#include "sl-embedder.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_BEDROCK_TITAN_V1 "amazon.titan-embed-text-v1"
#define SL_BEDROCK_TITAN_V2 "amazon.titan-embed-text-v2:0"

#define SL_TYPE_BEDROCK_EMBEDDER (sl_bedrock_embedder_get_type ())

G_DECLARE_FINAL_TYPE (SlBedrockEmbedder, sl_bedrock_embedder, SL, BEDROCK_EMBEDDER, GObject)

/* Amazon Titan text embeddings through Bedrock InvokeModel. Titan v1 is
 * 1536-d; v2 is 256, 512 or 1024-d (0 picks 1024) with optional
 * normalisation on the service side. Vectors are always returned
 * L2-normalised. cache may be NULL. */
SlBedrockEmbedder *sl_bedrock_embedder_new               (SlAwsClient        *client,
                                                          const char         *model_id,
                                                          guint               dimension,
                                                          gboolean            normalize,
                                                          SlStore            *cache,
                                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* From the Cloud settings and the credentials chain; fails with
 * SL_EMBEDDER_ERROR_UNAVAILABLE when Bedrock embeddings are switched off. */
SlEmbedder        *sl_bedrock_embedder_new_from_settings (SlStore            *cache,
                                                          GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Characters sent at most per text: longer input is cut at a character
 * boundary, since Titan refuses input above its token limit. */
gsize              sl_bedrock_embedder_get_max_input     (SlBedrockEmbedder  *self);
/* Calls in flight at once during a batch (default 4). Set before use. */
void               sl_bedrock_embedder_set_concurrency   (SlBedrockEmbedder  *self,
                                                          guint               n_calls);
/* Calls made to Bedrock so far (cache hits excluded). */
guint              sl_bedrock_embedder_get_n_requests    (SlBedrockEmbedder  *self);

G_END_DECLS
