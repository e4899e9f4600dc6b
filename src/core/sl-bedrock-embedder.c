#define G_LOG_DOMAIN "sl-bedrock-embedder"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-aws-config.h"
#include "sl-bedrock-embedder.h"
#include "sl-sigv4.h"
#include "sl-store-embedding-cache.h"

/* Titan's limit is 8,192 tokens; English runs about four characters a
 * token, so 30,000 bytes stays below it with room for dense text. */
#define MAX_INPUT_BYTES      30000
#define MAX_RESPONSE_SIZE    (4 * 1024 * 1024)
#define DEFAULT_CONCURRENCY  4

struct _SlBedrockEmbedder
{
  GObject      parent_instance;

  SlAwsClient *client;
  SlStore     *cache;
  char        *model;
  char        *id;
  guint        dimension;
  gboolean     is_v2;
  gboolean     normalize;
  gsize        max_input;
  guint        concurrency;
  guint        n_requests;   /* atomic */
};

static void embedder_iface_init (SlEmbedderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlBedrockEmbedder, sl_bedrock_embedder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_EMBEDDER, embedder_iface_init))

static void
sl_bedrock_embedder_dispose (GObject *object)
{
  SlBedrockEmbedder *self = (SlBedrockEmbedder *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (sl_bedrock_embedder_parent_class)->dispose (object);
}

static void
sl_bedrock_embedder_finalize (GObject *object)
{
  SlBedrockEmbedder *self = (SlBedrockEmbedder *)object;

  g_free (self->model);
  g_free (self->id);

  G_OBJECT_CLASS (sl_bedrock_embedder_parent_class)->finalize (object);
}

static void
sl_bedrock_embedder_class_init (SlBedrockEmbedderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_bedrock_embedder_dispose;
  object_class->finalize = sl_bedrock_embedder_finalize;
}

static void
sl_bedrock_embedder_init (SlBedrockEmbedder *self)
{
  self->max_input = MAX_INPUT_BYTES;
  self->concurrency = DEFAULT_CONCURRENCY;
}

SlBedrockEmbedder *
sl_bedrock_embedder_new (SlAwsClient  *client,
                         const char   *model_id,
                         guint         dimension,
                         gboolean      normalize,
                         SlStore      *cache,
                         GError      **error)
{
  g_autoptr(SlBedrockEmbedder) self = NULL;

  g_return_val_if_fail (SL_IS_AWS_CLIENT (client), NULL);
  g_return_val_if_fail (model_id != NULL, NULL);
  g_return_val_if_fail (cache == NULL || SL_IS_STORE (cache), NULL);

  self = g_object_new (SL_TYPE_BEDROCK_EMBEDDER, NULL);
  self->client = g_object_ref (client);
  self->cache = cache != NULL ? g_object_ref (cache) : NULL;
  self->model = g_strdup (model_id);
  self->normalize = normalize;

  if (g_str_has_prefix (model_id, "amazon.titan-embed-text-v1"))
    {
      if (dimension != 0 && dimension != 1536)
        {
          g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT,
                       _("Titan Text Embeddings v1 has 1536 dimensions, not %u"), dimension);
          return NULL;
        }
      self->dimension = 1536;
    }
  else if (g_str_has_prefix (model_id, "amazon.titan-embed-text-v2"))
    {
      if (dimension == 0)
        dimension = 1024;
      if (dimension != 256 && dimension != 512 && dimension != 1024)
        {
          g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT,
                       _("Titan Text Embeddings v2 has 256, 512 or 1024 dimensions, not %u"), dimension);
          return NULL;
        }
      self->dimension = dimension;
      self->is_v2 = TRUE;
    }
  else
    {
      g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_UNAVAILABLE,
                   _("The Bedrock model “%s” is not a supported embedding model; use Amazon Titan Text Embeddings"),
                   model_id);
      return NULL;
    }

  self->id = g_strdup_printf ("bedrock:%s/%u", self->model, self->dimension);
  return g_steal_pointer (&self);
}

SlEmbedder *
sl_bedrock_embedder_new_from_settings (SlStore  *cache,
                                       GError  **error)
{
  g_autoptr(SlAwsConfig) config = sl_aws_config_load ();
  g_autoptr(SlAwsClient) client = NULL;

  if (!config->bedrock_embeddings)
    {
      g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_UNAVAILABLE,
                   _("Bedrock embeddings are switched off in Preferences"));
      return NULL;
    }
  if (!(client = sl_aws_config_create_client (config, error)))
    return NULL;

  return SL_EMBEDDER (sl_bedrock_embedder_new (client, config->embedding_model,
                                               config->embedding_dimension, TRUE, cache, error));
}

gsize
sl_bedrock_embedder_get_max_input (SlBedrockEmbedder *self)
{
  g_return_val_if_fail (SL_IS_BEDROCK_EMBEDDER (self), 0);

  return self->max_input;
}

void
sl_bedrock_embedder_set_concurrency (SlBedrockEmbedder *self,
                                     guint              n_calls)
{
  g_return_if_fail (SL_IS_BEDROCK_EMBEDDER (self));
  g_return_if_fail (n_calls >= 1 && n_calls <= 32);

  self->concurrency = n_calls;
}

guint
sl_bedrock_embedder_get_n_requests (SlBedrockEmbedder *self)
{
  g_return_val_if_fail (SL_IS_BEDROCK_EMBEDDER (self), 0);

  return g_atomic_int_get (&self->n_requests);
}

static const char *
get_model_id (SlEmbedder *embedder)
{
  return SL_BEDROCK_EMBEDDER (embedder)->id;
}

static guint
get_dimension (SlEmbedder *embedder)
{
  return SL_BEDROCK_EMBEDDER (embedder)->dimension;
}

static char *
truncate_input (const char *text,
                gsize       max_bytes)
{
  gsize length = strlen (text);
  const char *end;

  if (length <= max_bytes)
    return g_strdup (text);
  /* Cut before the character that straddles the limit. */
  end = g_utf8_find_prev_char (text, text + max_bytes + 1);
  return g_strndup (text, end != NULL ? (gsize)(end - text) : max_bytes);
}

static void
l2_normalize (float *v,
              guint  n)
{
  double sum = 0.0;

  for (guint i = 0; i < n; i++)
    sum += (double)v[i] * v[i];
  if (sum <= 0.0)
    return;
  sum = sqrt (sum);
  for (guint i = 0; i < n; i++)
    v[i] = (float)(v[i] / sum);
}

static GError *
invalid_response (const char *why)
{
  g_autofree char *sentence = g_strdup_printf (_("Amazon Bedrock sent an embedding that cannot be used: %s"), why);

  return sl_aws_error_new_full (SL_AWS_ERROR_INVALID_RESPONSE, "bedrock", 200, NULL, NULL, NULL,
                                sentence);
}

static gboolean
invoke (SlBedrockEmbedder  *self,
        const char         *text,
        float              *out,
        GCancellable       *cancellable,
        GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlAwsResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *encoded_model = sl_sigv4_uri_encode (self->model, -1, FALSE);
  g_autofree char *path = g_strdup_printf ("/model/%s/invoke", encoded_model);
  const char *headers[] = { "Accept", "application/json", NULL };
  SlAwsRequest request = { 0 };
  JsonObject *object;
  JsonArray *embedding;
  gsize length;
  const char *data;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inputText");
  json_builder_add_string_value (builder, text);
  if (self->is_v2)
    {
      json_builder_set_member_name (builder, "dimensions");
      json_builder_add_int_value (builder, self->dimension);
      json_builder_set_member_name (builder, "normalize");
      json_builder_add_boolean_value (builder, self->normalize);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  length = strlen (json);
  body = g_bytes_new_take (g_steal_pointer (&json), length);

  request.service = SL_AWS_SERVICE_BEDROCK_RUNTIME;
  request.method = "POST";
  request.path = path;
  request.headers = headers;
  request.body = body;
  request.content_type = "application/json";
  request.max_response_size = MAX_RESPONSE_SIZE;

  g_atomic_int_inc (&self->n_requests);
  if (!(response = sl_aws_client_send (self->client, &request, cancellable, error)))
    return FALSE;

  data = g_bytes_get_data (response->body, &length);
  if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_propagate_error (error, invalid_response (_("the answer is not JSON")));
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "embedding") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "embedding")))
    {
      g_propagate_error (error, invalid_response (_("there is no vector in the answer")));
      return FALSE;
    }
  embedding = json_object_get_array_member (object, "embedding");
  if (json_array_get_length (embedding) != self->dimension)
    {
      g_propagate_error (error,
                         invalid_response (_("the vector has the wrong number of dimensions")));
      return FALSE;
    }
  for (guint i = 0; i < self->dimension; i++)
    {
      JsonNode *node = json_array_get_element (embedding, i);
      double value;

      if (!JSON_NODE_HOLDS_VALUE (node) ||
          (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
        {
          g_propagate_error (error,
                             invalid_response (_("the vector holds something other than numbers")));
          return FALSE;
        }
      value = json_node_get_double (node);
      if (!isfinite (value))
        {
          g_propagate_error (error,
                             invalid_response (_("the vector holds something other than numbers")));
          return FALSE;
        }
      out[i] = (float)value;
    }

  l2_normalize (out, self->dimension);
  return TRUE;
}

typedef struct
{
  SlBedrockEmbedder *self;
  GPtrArray         *inputs;
  float             *out;
  GArray            *misses;       /* indices of texts to fetch */
  GCancellable      *cancellable;
  GMutex             mutex;
  guint              next;         /* guarded by mutex */
  GError            *error;        /* first failure; guarded by mutex */
} FetchJob;

static gpointer
fetch_thread (gpointer data)
{
  FetchJob *job = data;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      guint i;

      g_mutex_lock (&job->mutex);
      if (job->error != NULL || job->next >= job->misses->len)
        {
          g_mutex_unlock (&job->mutex);
          return NULL;
        }
      i = g_array_index (job->misses, guint, job->next++);
      g_mutex_unlock (&job->mutex);

      if (!g_cancellable_set_error_if_cancelled (job->cancellable, &local_error))
        invoke (job->self, job->inputs->pdata[i], job->out + (gsize)i * job->self->dimension,
                job->cancellable, &local_error);

      if (local_error != NULL)
        {
          g_mutex_lock (&job->mutex);
          if (job->error == NULL)
            job->error = g_steal_pointer (&local_error);
          g_mutex_unlock (&job->mutex);
          return NULL;
        }
    }
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
embed_batch (SlEmbedder          *embedder,
             const char * const  *texts,
             guint                n_texts,
             float               *out,
             GCancellable        *cancellable,
             GError             **error)
{
  SlBedrockEmbedder *self = SL_BEDROCK_EMBEDDER (embedder);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_hashes = g_ptr_array_new ();
  g_autofree gboolean *found = g_new0 (gboolean, MAX (n_texts, 1));
  g_autoptr(GArray) new_vectors = g_array_new (FALSE, FALSE, sizeof (float));
  g_autoptr(GError) cache_error = NULL;

  for (guint i = 0; i < n_texts; i++)
    {
      char *input;
      g_autofree char *keyed = NULL;

      if (is_blank (texts[i]))
        {
          g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT,
                       _("Text number %u is empty; Bedrock cannot embed it"), i + 1);
          return FALSE;
        }
      if (!g_utf8_validate (texts[i], -1, NULL))
        {
          g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT,
                       _("Text number %u is not valid UTF-8"), i + 1);
          return FALSE;
        }
      input = truncate_input (texts[i], self->max_input);
      keyed = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);
      g_ptr_array_add (inputs, input);
      g_ptr_array_add (hashes, g_steal_pointer (&keyed));
    }

  if (self->cache != NULL && n_texts > 0 &&
      !sl_store_embedding_cache_lookup (self->cache, self->id, (const char * const *)hashes->pdata,
                                        n_texts, self->dimension, out, found, &cache_error))
    {
      /* A broken cache costs money, not correctness: go on without it. */
      g_debug ("Embedding cache lookup failed: %s", cache_error->message);
      g_clear_error (&cache_error);
      memset (found, 0, sizeof (gboolean) * n_texts);
    }

  {
    g_autoptr(GArray) misses = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr(GPtrArray) threads = g_ptr_array_new ();
    FetchJob job = { 0 };
    guint n_threads;

    for (guint i = 0; i < n_texts; i++)
      if (!found[i])
        g_array_append_val (misses, i);

    job.self = self;
    job.inputs = inputs;
    job.out = out;
    job.misses = misses;
    job.cancellable = cancellable;
    g_mutex_init (&job.mutex);

    /* Titan takes one text per call and the time goes in round trips:
     * a few calls in flight at once make a batch several times faster. */
    n_threads = MIN (self->concurrency, misses->len);
    for (guint t = 1; t < n_threads; t++)
      g_ptr_array_add (threads, g_thread_new ("sl-bedrock-embed", fetch_thread, &job));
    if (misses->len > 0)
      fetch_thread (&job);
    for (guint t = 0; t < threads->len; t++)
      g_thread_join (threads->pdata[t]);
    g_mutex_clear (&job.mutex);

    if (job.error != NULL)
      {
        g_propagate_error (error, job.error);
        return FALSE;
      }

    for (guint m = 0; m < misses->len; m++)
      {
        guint i = g_array_index (misses, guint, m);

        g_ptr_array_add (new_hashes, hashes->pdata[i]);
        g_array_append_vals (new_vectors, out + (gsize)i * self->dimension, self->dimension);
      }
  }

  if (self->cache != NULL && new_hashes->len > 0 &&
      !sl_store_embedding_cache_put (self->cache, self->id, (const char * const *)new_hashes->pdata,
                                     new_hashes->len, self->dimension, (float *)new_vectors->data,
                                     &cache_error))
    g_debug ("Embedding cache write failed: %s", cache_error->message);

  return TRUE;
}

static void
embedder_iface_init (SlEmbedderInterface *iface)
{
  iface->get_model_id = get_model_id;
  iface->get_dimension = get_dimension;
  iface->embed_batch = embed_batch;
}
