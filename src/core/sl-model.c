#define G_LOG_DOMAIN "sl-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cblas.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-model.h"

/* Blob layout, little-endian: "SLM1", u32 kind, u32 n_features, u32 hidden,
 * then float32 arrays: mean, scale, and for logreg weights and bias, for the
 * MLP w1 (n_features × hidden), b1, w2 and b2. */
#define MODEL_MAGIC "SLM1"
#define HEADER_SIZE 16
/* Rows standardised at a time by the batch prediction. */
#define BATCH_ROWS 512
/* No feature vector the screening writes comes near these. */
#define MAX_FEATURES 65536
#define MAX_HIDDEN   4096

struct _SlModel
{
  GObject      parent_instance;

  SlModelKind  kind;
  guint        n_features;
  guint        hidden;
  char        *feature_spec;
  /* One allocation holding every parameter, in blob order. */
  float       *params;
  gsize        n_params;
  float       *mean;
  float       *scale;
  float       *w1;       /* logreg: the weights */
  float       *b1;       /* logreg: the bias (one value) */
  float       *w2;
  float       *b2;
};

G_DEFINE_FINAL_TYPE (SlModel, sl_model, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-model-error-quark, sl_model_error)

static void
sl_model_finalize (GObject *object)
{
  SlModel *self = (SlModel *)object;

  g_clear_pointer (&self->params, g_free);
  g_clear_pointer (&self->feature_spec, g_free);

  G_OBJECT_CLASS (sl_model_parent_class)->finalize (object);
}

static void
sl_model_class_init (SlModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_model_finalize;
}

static void
sl_model_init (SlModel *self)
{
}

const char *
sl_model_kind_to_string (SlModelKind kind)
{
  return kind == SL_MODEL_KIND_MLP ? "mlp" : "logreg";
}

gboolean
sl_model_kind_from_string (const char  *text,
                           SlModelKind *kind)
{
  if (g_strcmp0 (text, "logreg") == 0)
    *kind = SL_MODEL_KIND_LOGREG;
  else if (g_strcmp0 (text, "mlp") == 0)
    *kind = SL_MODEL_KIND_MLP;
  else
    return FALSE;
  return TRUE;
}

char *
sl_model_build_feature_spec (guint n_features)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SL_FEATURE_SPEC_VERSION);
  json_builder_set_member_name (builder, "dimension");
  json_builder_add_int_value (builder, n_features);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
sl_model_complete_feature_spec (const char  *feature_spec,
                                guint        n_features,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (feature_spec != NULL, NULL);

  if (!json_parser_load_from_data (parser, feature_spec, -1, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID,
                           _("The feature description is not a JSON object"));
      return NULL;
    }
  root = json_node_copy (json_parser_get_root (parser));
  json_object_set_int_member (json_node_get_object (root), "dimension", n_features);
  return json_to_string (root, FALSE);
}

gint64
sl_model_feature_spec_version (const char *feature_spec)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (feature_spec == NULL || !json_parser_load_from_data (parser, feature_spec, -1, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (root), "version", 0);
}

static gsize
count_params (SlModelKind kind,
              guint       n_features,
              guint       hidden)
{
  if (kind == SL_MODEL_KIND_LOGREG)
    return 2 * (gsize)n_features + n_features + 1;
  return 2 * (gsize)n_features + (gsize)n_features * hidden + hidden + hidden + 1;
}

static SlModel *
model_alloc (SlModelKind kind,
             guint       n_features,
             guint       hidden)
{
  SlModel *self = g_object_new (SL_TYPE_MODEL, NULL);
  float *p;

  self->kind = kind;
  self->n_features = n_features;
  self->hidden = kind == SL_MODEL_KIND_MLP ? hidden : 0;
  self->n_params = count_params (kind, n_features, self->hidden);
  self->params = g_new0 (float, self->n_params);
  self->feature_spec = sl_model_build_feature_spec (n_features);

  p = self->params;
  self->mean = p;
  p += n_features;
  self->scale = p;
  p += n_features;
  if (kind == SL_MODEL_KIND_LOGREG)
    {
      self->w1 = p;
      self->b1 = p + n_features;
    }
  else
    {
      self->w1 = p;
      p += (gsize)n_features * hidden;
      self->b1 = p;
      p += hidden;
      self->w2 = p;
      p += hidden;
      self->b2 = p;
    }
  return self;
}

SlModel *
sl_model_new_logreg (guint        n_features,
                     const float *mean,
                     const float *scale,
                     const float *weights,
                     float        bias)
{
  SlModel *self;

  g_return_val_if_fail (n_features > 0 && n_features <= MAX_FEATURES, NULL);
  g_return_val_if_fail (mean != NULL && scale != NULL && weights != NULL, NULL);

  self = model_alloc (SL_MODEL_KIND_LOGREG, n_features, 0);
  memcpy (self->mean, mean, n_features * sizeof (float));
  memcpy (self->scale, scale, n_features * sizeof (float));
  memcpy (self->w1, weights, n_features * sizeof (float));
  self->b1[0] = bias;
  return self;
}

SlModel *
sl_model_new_mlp (guint        n_features,
                  guint        hidden,
                  const float *mean,
                  const float *scale,
                  const float *w1,
                  const float *b1,
                  const float *w2,
                  float        b2)
{
  SlModel *self;

  g_return_val_if_fail (n_features > 0 && n_features <= MAX_FEATURES, NULL);
  g_return_val_if_fail (hidden > 0 && hidden <= MAX_HIDDEN, NULL);
  g_return_val_if_fail (mean != NULL && scale != NULL && w1 != NULL && b1 != NULL && w2 != NULL, NULL);

  self = model_alloc (SL_MODEL_KIND_MLP, n_features, hidden);
  memcpy (self->mean, mean, n_features * sizeof (float));
  memcpy (self->scale, scale, n_features * sizeof (float));
  memcpy (self->w1, w1, (gsize)n_features * hidden * sizeof (float));
  memcpy (self->b1, b1, hidden * sizeof (float));
  memcpy (self->w2, w2, hidden * sizeof (float));
  self->b2[0] = b2;
  return self;
}

static guint32
read_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static void
write_u32 (guint8  *p,
           guint32  value)
{
  guint32 v = GUINT32_TO_LE (value);

  memcpy (p, &v, sizeof v);
}

/* The dimension a feature spec declares, or 0 when it says none. */
static guint
spec_dimension (const char  *feature_spec,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *object;

  if (!json_parser_load_from_data (parser, feature_spec, -1, error))
    return G_MAXUINT;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID,
                           _("The model’s feature description is not a JSON object"));
      return G_MAXUINT;
    }
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "dimension"))
    return 0;
  return (guint)json_object_get_int_member (object, "dimension");
}

SlModel *
sl_model_new_from_bytes (GBytes      *bytes,
                         const char  *feature_spec,
                         GError     **error)
{
  g_autoptr(SlModel) self = NULL;
  const guint8 *data;
  gsize size;
  guint32 kind;
  guint32 n_features;
  guint32 hidden;
  guint dimension = 0;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_SIZE || memcmp (data, MODEL_MAGIC, 4) != 0)
    goto invalid;
  kind = read_u32 (data + 4);
  n_features = read_u32 (data + 8);
  hidden = read_u32 (data + 12);
  if (kind > SL_MODEL_KIND_MLP || n_features == 0 || n_features > MAX_FEATURES ||
      (kind == SL_MODEL_KIND_MLP && (hidden == 0 || hidden > MAX_HIDDEN)) ||
      (kind == SL_MODEL_KIND_LOGREG && hidden != 0))
    goto invalid;
  if (size != HEADER_SIZE + count_params (kind, n_features, hidden) * sizeof (float))
    goto invalid;

  if (feature_spec != NULL)
    {
      if ((dimension = spec_dimension (feature_spec, error)) == G_MAXUINT)
        return NULL;
      if (dimension != 0 && dimension != n_features)
        {
          g_set_error (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID,
                       _("The model has %u features but its description says %u"),
                       n_features, dimension);
          return NULL;
        }
    }

  self = model_alloc (kind, n_features, hidden);
  for (gsize i = 0; i < self->n_params; i++)
    {
      guint32 bits = read_u32 (data + HEADER_SIZE + i * sizeof (float));

      memcpy (&self->params[i], &bits, sizeof bits);
      if (!isfinite (self->params[i]))
        goto invalid;
    }
  for (guint i = 0; i < n_features; i++)
    {
      if (self->scale[i] <= 0)
        goto invalid;
    }
  if (feature_spec != NULL)
    sl_model_set_feature_spec (self, feature_spec);

  return g_steal_pointer (&self);

invalid:
  g_set_error_literal (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID,
                       _("The stored model is damaged or was written by another version"));
  return NULL;
}

GBytes *
sl_model_serialize (SlModel *self)
{
  gsize size;
  guint8 *data;

  g_return_val_if_fail (SL_IS_MODEL (self), NULL);

  size = HEADER_SIZE + self->n_params * sizeof (float);
  data = g_malloc (size);
  memcpy (data, MODEL_MAGIC, 4);
  write_u32 (data + 4, self->kind);
  write_u32 (data + 8, self->n_features);
  write_u32 (data + 12, self->hidden);
  for (gsize i = 0; i < self->n_params; i++)
    {
      guint32 bits;

      memcpy (&bits, &self->params[i], sizeof bits);
      write_u32 (data + HEADER_SIZE + i * sizeof (float), bits);
    }
  return g_bytes_new_take (data, size);
}

SlModelKind
sl_model_get_kind (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), SL_MODEL_KIND_LOGREG);
  return self->kind;
}

guint
sl_model_get_n_features (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), 0);
  return self->n_features;
}

guint
sl_model_get_hidden (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), 0);
  return self->hidden;
}

const char *
sl_model_get_feature_spec (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), NULL);
  return self->feature_spec;
}

void
sl_model_set_feature_spec (SlModel    *self,
                           const char *feature_spec)
{
  g_return_if_fail (SL_IS_MODEL (self));
  g_return_if_fail (feature_spec != NULL);

  g_free (self->feature_spec);
  self->feature_spec = g_strdup (feature_spec);
}

const float *
sl_model_get_weights (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), NULL);
  return self->kind == SL_MODEL_KIND_LOGREG ? self->w1 : NULL;
}

float
sl_model_get_bias (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), 0);
  return self->kind == SL_MODEL_KIND_LOGREG ? self->b1[0] : self->b2[0];
}

const float *
sl_model_get_mean (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), NULL);
  return self->mean;
}

const float *
sl_model_get_scale (SlModel *self)
{
  g_return_val_if_fail (SL_IS_MODEL (self), NULL);
  return self->scale;
}

static inline float
sigmoid (float z)
{
  if (z >= 0)
    return 1.0f / (1.0f + expf (-z));
  else
    {
      float e = expf (z);

      return e / (1.0f + e);
    }
}

void
sl_model_predict_proba_batch (SlModel     *self,
                              const float *x,
                              gsize        n,
                              float       *out)
{
  g_autofree float *z = NULL;
  g_autofree float *h = NULL;
  guint d;

  g_return_if_fail (SL_IS_MODEL (self));
  g_return_if_fail (n == 0 || (x != NULL && out != NULL));

  d = self->n_features;
  z = g_new (float, (gsize)MIN (n, BATCH_ROWS) * d + 1);
  if (self->kind == SL_MODEL_KIND_MLP)
    h = g_new (float, (gsize)MIN (n, BATCH_ROWS) * self->hidden + 1);

  for (gsize start = 0; start < n; start += BATCH_ROWS)
    {
      gsize rows = MIN (BATCH_ROWS, n - start);

      for (gsize r = 0; r < rows; r++)
        {
          const float *row = x + (start + r) * d;
          float *zr = z + r * d;

          for (guint j = 0; j < d; j++)
            zr[j] = (row[j] - self->mean[j]) / self->scale[j];
        }

      if (self->kind == SL_MODEL_KIND_LOGREG)
        {
          cblas_sgemv (CblasRowMajor, CblasNoTrans, rows, d, 1.0f, z, d, self->w1, 1,
                       0.0f, out + start, 1);
          for (gsize r = 0; r < rows; r++)
            out[start + r] = sigmoid (out[start + r] + self->b1[0]);
        }
      else
        {
          guint k = self->hidden;

          for (gsize r = 0; r < rows; r++)
            memcpy (h + r * k, self->b1, k * sizeof (float));
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, k, d,
                       1.0f, z, d, self->w1, k, 1.0f, h, k);
          for (gsize i = 0; i < rows * k; i++)
            h[i] = MAX (h[i], 0.0f);
          cblas_sgemv (CblasRowMajor, CblasNoTrans, rows, k, 1.0f, h, k, self->w2, 1,
                       0.0f, out + start, 1);
          for (gsize r = 0; r < rows; r++)
            out[start + r] = sigmoid (out[start + r] + self->b2[0]);
        }
    }
}

double
sl_model_predict_proba (SlModel     *self,
                        const float *row)
{
  float p = 0;

  g_return_val_if_fail (SL_IS_MODEL (self), 0);
  g_return_val_if_fail (row != NULL, 0);

  sl_model_predict_proba_batch (self, row, 1, &p);
  return p;
}
