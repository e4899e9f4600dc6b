#pragma once

#include <json-glib/json-glib.h>

#include "sl-aws-client.h"

G_BEGIN_DECLS

#define SL_TYPE_BEDROCK_CHAT (sl_bedrock_chat_get_type ())

G_DECLARE_FINAL_TYPE (SlBedrockChat, sl_bedrock_chat, SL, BEDROCK_CHAT, GObject)

/* Bedrock Converse, the transport of the assistant features (Claude 3
 * Haiku by default). Synchronous and thread-safe: call it from a worker. */
SlBedrockChat *sl_bedrock_chat_new           (SlAwsClient         *client,
                                              const char          *model_id) G_GNUC_WARN_UNUSED_RESULT;
const char    *sl_bedrock_chat_get_model_id  (SlBedrockChat       *self);
/* One user turn; returns the assistant's text. system may be NULL. */
char          *sl_bedrock_chat_converse      (SlBedrockChat       *self,
                                              const char          *system,
                                              const char          *prompt,
                                              guint                max_tokens,
                                              double               temperature,
                                              GCancellable        *cancellable,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Asks for JSON and validates the answer before anyone uses it: one JSON
 * object holding every member of required (NULL-terminated, may be NULL). */
JsonObject    *sl_bedrock_chat_converse_json (SlBedrockChat       *self,
                                              const char          *system,
                                              const char          *prompt,
                                              const char * const  *required,
                                              guint                max_tokens,
                                              GCancellable        *cancellable,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void           sl_bedrock_chat_converse_json_async  (SlBedrockChat       *self,
                                                     const char          *system,
                                                     const char          *prompt,
                                                     const char * const  *required,
                                                     guint                max_tokens,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonObject    *sl_bedrock_chat_converse_json_finish (SlBedrockChat       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Finds and validates the JSON object in a model's answer (which may wrap
 * it in prose or a ``` fence). */
JsonObject    *sl_bedrock_chat_extract_json  (const char          *text,
                                              const char * const  *required,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
