#define G_LOG_DOMAIN "sl-bedrock-chat"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-bedrock-chat.h"
#include "sl-sigv4.h"

#define MAX_RESPONSE_SIZE (2 * 1024 * 1024)

struct _SlBedrockChat
{
  GObject      parent_instance;

  SlAwsClient *client;
  char        *model;
};

G_DEFINE_FINAL_TYPE (SlBedrockChat, sl_bedrock_chat, G_TYPE_OBJECT)

static void
sl_bedrock_chat_dispose (GObject *object)
{
  SlBedrockChat *self = (SlBedrockChat *)object;

  g_clear_object (&self->client);

  G_OBJECT_CLASS (sl_bedrock_chat_parent_class)->dispose (object);
}

static void
sl_bedrock_chat_finalize (GObject *object)
{
  SlBedrockChat *self = (SlBedrockChat *)object;

  g_free (self->model);

  G_OBJECT_CLASS (sl_bedrock_chat_parent_class)->finalize (object);
}

static void
sl_bedrock_chat_class_init (SlBedrockChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_bedrock_chat_dispose;
  object_class->finalize = sl_bedrock_chat_finalize;
}

static void
sl_bedrock_chat_init (SlBedrockChat *self)
{
}

SlBedrockChat *
sl_bedrock_chat_new (SlAwsClient *client,
                     const char  *model_id)
{
  SlBedrockChat *self;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (model_id != NULL && *model_id != '\0', NULL);

  self = g_object_new (SL_TYPE_BEDROCK_CHAT, NULL);
  self->client = g_object_ref (client);
  self->model = g_strdup (model_id);

  return self;
}

const char *
sl_bedrock_chat_get_model_id (SlBedrockChat *self)
{
  g_return_val_if_fail (SL_IS_BEDROCK_CHAT (self), NULL);

  return self->model;
}

static GError *
invalid_answer (const char *why)
{
  g_autofree char *sentence = g_strdup_printf (_("Amazon Bedrock’s answer cannot be used: %s"),
                                               why);

  return sl_aws_error_new_full (SL_AWS_ERROR_INVALID_RESPONSE, "bedrock", 200, NULL, NULL, NULL,
                                sentence);
}

char *
sl_bedrock_chat_converse (SlBedrockChat  *self,
                          const char     *system,
                          const char     *prompt,
                          guint           max_tokens,
                          double          temperature,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlAwsResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autofree char *encoded_model = NULL;
  g_autofree char *path = NULL;
  const char *headers[] = { "Accept", "application/json", NULL };
  SlAwsRequest request = { 0 };
  JsonObject *object;
  JsonObject *output;
  JsonObject *message;
  JsonArray *content;
  const char *data;
  gsize length;

  g_return_val_if_fail (SL_IS_BEDROCK_CHAT (self), NULL);
  g_return_val_if_fail (prompt != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, prompt);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (system != NULL)
    {
      json_builder_set_member_name (builder, "system");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, system);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "inferenceConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maxTokens");
  json_builder_add_int_value (builder, max_tokens > 0 ? max_tokens : 512);
  json_builder_set_member_name (builder, "temperature");
  json_builder_add_double_value (builder, CLAMP (temperature, 0.0, 1.0));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);

  encoded_model = sl_sigv4_uri_encode (self->model, -1, FALSE);
  path = g_strdup_printf ("/model/%s/converse", encoded_model);
  request.service = SL_AWS_SERVICE_BEDROCK_RUNTIME;
  request.method = "POST";
  request.path = path;
  request.headers = headers;
  request.body = body;
  request.content_type = "application/json";
  request.max_response_size = MAX_RESPONSE_SIZE;

  if (!(response = sl_aws_client_send (self->client, &request, cancellable, error)))
    return NULL;

  data = g_bytes_get_data (response->body, &length);
  if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_propagate_error (error, invalid_answer (_("it is not JSON")));
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "output") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "output")) ||
      !(output = json_object_get_object_member (object, "output")) ||
      !json_object_has_member (output, "message") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (output, "message")) ||
      !(message = json_object_get_object_member (output, "message")) ||
      !json_object_has_member (message, "content") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (message, "content")))
    {
      g_propagate_error (error, invalid_answer (_("it has no message")));
      return NULL;
    }

  content = json_object_get_array_member (message, "content");
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonNode *node = json_array_get_element (content, i);
      JsonObject *block;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      block = json_node_get_object (node);
      g_string_append (text, json_object_get_string_member_with_default (block, "text", ""));
    }
  if (text->len == 0)
    {
      g_propagate_error (error, invalid_answer (_("the message is empty")));
      return NULL;
    }

  g_debug ("Converse with %s: stop reason %s", self->model,
           json_object_get_string_member_with_default (object, "stopReason", "?"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

JsonObject *
sl_bedrock_chat_extract_json (const char          *text,
                              const char * const  *required,
                              GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *start;
  JsonObject *object;
  int depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  const char *end = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* The first balanced {…}, skipping braces inside strings. */
  start = strchr (text, '{');
  for (const char *p = start; p != NULL && *p != '\0'; p++)
    {
      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (*p == '\\')
            escaped = TRUE;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{')
        depth++;
      else if (*p == '}' && --depth == 0)
        {
          end = p + 1;
          break;
        }
    }

  if (start == NULL || end == NULL ||
      !json_parser_load_from_data (parser, start, end - start, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_propagate_error (error, invalid_answer (_("it holds no complete JSON object")));
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    if (!json_object_has_member (object, required[i]) ||
        JSON_NODE_HOLDS_NULL (json_object_get_member (object, required[i])))
      {
        g_autofree char *why = g_strdup_printf (_("the member “%s” is missing"), required[i]);

        g_propagate_error (error, invalid_answer (why));
        return NULL;
      }

  return json_object_ref (object);
}

JsonObject *
sl_bedrock_chat_converse_json (SlBedrockChat       *self,
                               const char          *system,
                               const char          *prompt,
                               const char * const  *required,
                               guint                max_tokens,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autofree char *instructions = NULL;
  g_autofree char *answer = NULL;

  g_return_val_if_fail (SL_IS_BEDROCK_CHAT (self), NULL);

  instructions = g_strconcat (system != NULL ? system : "", system != NULL ? "\n\n" : "",
                              "Answer with one JSON object and nothing else.", NULL);
  if (!(answer = sl_bedrock_chat_converse (self, instructions, prompt, max_tokens, 0.0, cancellable,
                                           error)))
    return NULL;

  return sl_bedrock_chat_extract_json (answer, required, error);
}

typedef struct
{
  char  *system;
  char  *prompt;
  GStrv  required;
  guint  max_tokens;
} ConverseData;

static void
converse_data_free (gpointer data)
{
  ConverseData *converse = data;

  g_free (converse->system);
  g_free (converse->prompt);
  g_strfreev (converse->required);
  g_free (converse);
}

static void
converse_json_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  ConverseData *data = task_data;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  object = sl_bedrock_chat_converse_json (source_object, data->system, data->prompt,
                                          (const char * const *)data->required, data->max_tokens,
                                          cancellable, &error);
  if (object == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, object, (GDestroyNotify)json_object_unref);
}

void
sl_bedrock_chat_converse_json_async (SlBedrockChat       *self,
                                     const char          *system,
                                     const char          *prompt,
                                     const char * const  *required,
                                     guint                max_tokens,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConverseData *data;

  g_return_if_fail (SL_IS_BEDROCK_CHAT (self));
  g_return_if_fail (prompt != NULL);

  data = g_new0 (ConverseData, 1);
  data->system = g_strdup (system);
  data->prompt = g_strdup (prompt);
  data->required = g_strdupv ((char **)required);
  data->max_tokens = max_tokens;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_bedrock_chat_converse_json_async);
  g_task_set_task_data (task, data, converse_data_free);
  g_task_run_in_thread (task, converse_json_worker);
}

JsonObject *
sl_bedrock_chat_converse_json_finish (SlBedrockChat  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
