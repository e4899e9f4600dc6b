/* sl-model.h: a trained classifier (logistic regression or a one-hidden-layer
 * MLP) with its standardisation, serialised to a blob for model_versions.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SL_MODEL_ERROR (sl_model_error_quark ())

typedef enum
{
  SL_MODEL_ERROR_INVALID,     /* a blob that is not a model, or does not fit its feature spec */
} SlModelError;

typedef enum
{
  SL_MODEL_KIND_LOGREG,
  SL_MODEL_KIND_MLP,
} SlModelKind;

/* The feature layout the screening writes (sl_screening_features ());
 * a model only scores features of its version. */
#define SL_FEATURE_SPEC_VERSION 1

#define SL_TYPE_MODEL (sl_model_get_type ())

G_DECLARE_FINAL_TYPE (SlModel, sl_model, SL, MODEL, GObject)

GQuark       sl_model_error_quark        (void);
const char  *sl_model_kind_to_string     (SlModelKind    kind);
gboolean     sl_model_kind_from_string   (const char    *text,
                                          SlModelKind   *kind);
/* {"version": SL_FEATURE_SPEC_VERSION, "dimension": n_features} */
char        *sl_model_build_feature_spec (guint          n_features) G_GNUC_WARN_UNUSED_RESULT;
/* The spec the screening describes (a JSON object, names and "version"),
 * with "dimension" set to n_features; NULL if it is not a JSON object. */
char        *sl_model_complete_feature_spec (const char *feature_spec,
                                             guint       n_features,
                                             GError    **error) G_GNUC_WARN_UNUSED_RESULT;
/* The "version" of a feature spec, 0 if it has none or is not valid JSON. */
gint64       sl_model_feature_spec_version  (const char *feature_spec);

/* mean and scale standardise the input: z = (x - mean) / scale. */
SlModel     *sl_model_new_logreg         (guint          n_features,
                                          const float   *mean,
                                          const float   *scale,
                                          const float   *weights,
                                          float          bias) G_GNUC_WARN_UNUSED_RESULT;
/* w1 is n_features × hidden, row-major. */
SlModel     *sl_model_new_mlp            (guint          n_features,
                                          guint          hidden,
                                          const float   *mean,
                                          const float   *scale,
                                          const float   *w1,
                                          const float   *b1,
                                          const float   *w2,
                                          float          b2) G_GNUC_WARN_UNUSED_RESULT;
SlModel     *sl_model_new_from_bytes     (GBytes        *bytes,
                                          const char    *feature_spec,
                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;
GBytes      *sl_model_serialize          (SlModel       *self) G_GNUC_WARN_UNUSED_RESULT;

SlModelKind  sl_model_get_kind           (SlModel       *self);
guint        sl_model_get_n_features     (SlModel       *self);
guint        sl_model_get_hidden         (SlModel       *self);
const char  *sl_model_get_feature_spec   (SlModel       *self);
void         sl_model_set_feature_spec   (SlModel       *self,
                                          const char    *feature_spec);
/* Logistic regression weights in standardised units (n_features), or NULL. */
const float *sl_model_get_weights        (SlModel       *self);
float        sl_model_get_bias           (SlModel       *self);
const float *sl_model_get_mean           (SlModel       *self);
const float *sl_model_get_scale          (SlModel       *self);

double       sl_model_predict_proba      (SlModel       *self,
                                          const float   *row);
/* x is n × n_features, row-major; out receives n probabilities. */
void         sl_model_predict_proba_batch (SlModel      *self,
                                           const float  *x,
                                           gsize         n,
                                           float        *out);

G_END_DECLS
