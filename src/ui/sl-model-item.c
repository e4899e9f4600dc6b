#define G_LOG_DOMAIN "sl-model-item"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "sl-model-item.h"

/* One model version as a list item: its row shows the title, a summary of
 * its metrics and the active and shadow badges. */
struct _SlModelItem
{
  GObject         parent_instance;

  SlModelVersion *version;
  SlModelMetrics  metrics;
  char           *title;
  char           *subtitle;
  gboolean        shadow;
};

G_DEFINE_FINAL_TYPE (SlModelItem, sl_model_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_ACTIVE,
  PROP_SHADOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
get_double (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  return json_node_get_double (node);
}

static void
parse_metrics (SlModelItem *self)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  JsonObject *confusion = NULL;
  SlModelMetrics *m = &self->metrics;

  m->roc_fpr = g_array_new (FALSE, FALSE, sizeof (double));
  m->roc_tpr = g_array_new (FALSE, FALSE, sizeof (double));

  if (self->version->metrics_json != NULL)
    root = json_from_string (self->version->metrics_json, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  m->accuracy = get_double (object, "accuracy");
  m->precision = get_double (object, "precision");
  m->recall = get_double (object, "recall");
  m->f1 = get_double (object, "f1");
  m->roc_auc = get_double (object, "roc_auc");
  m->log_loss = get_double (object, "log_loss");
  m->samples = object != NULL ? json_object_get_int_member_with_default (object, "samples", 0) : 0;

  if (object != NULL && json_object_has_member (object, "confusion") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "confusion")))
    confusion = json_object_get_object_member (object, "confusion");
  if (confusion != NULL)
    {
      m->tp = json_object_get_int_member_with_default (confusion, "tp", 0);
      m->fp = json_object_get_int_member_with_default (confusion, "fp", 0);
      m->tn = json_object_get_int_member_with_default (confusion, "tn", 0);
      m->fn = json_object_get_int_member_with_default (confusion, "fn", 0);
    }

  if (object != NULL && json_object_has_member (object, "roc") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "roc")))
    {
      JsonArray *roc = json_object_get_array_member (object, "roc");

      for (guint i = 0; i < json_array_get_length (roc); i++)
        {
          JsonNode *point = json_array_get_element (roc, i);
          JsonArray *pair;
          double fpr, tpr;

          if (!JSON_NODE_HOLDS_ARRAY (point))
            continue;
          pair = json_node_get_array (point);
          if (json_array_get_length (pair) < 2)
            continue;
          fpr = json_array_get_double_element (pair, 0);
          tpr = json_array_get_double_element (pair, 1);
          g_array_append_val (m->roc_fpr, fpr);
          g_array_append_val (m->roc_tpr, tpr);
        }
    }
}

const char *
sl_model_item_get_kind_label (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), NULL);

  if (g_strcmp0 (self->version->kind, "mlp") == 0)
    return _("Neural network (MLP)");
  if (g_strcmp0 (self->version->kind, "logreg") == 0)
    return _("Logistic regression");
  return self->version->kind;
}

static void
sl_model_item_finalize (GObject *object)
{
  SlModelItem *self = (SlModelItem *)object;

  g_clear_pointer (&self->version, sl_model_version_free);
  g_clear_pointer (&self->metrics.roc_fpr, g_array_unref);
  g_clear_pointer (&self->metrics.roc_tpr, g_array_unref);
  g_free (self->title);
  g_free (self->subtitle);

  G_OBJECT_CLASS (sl_model_item_parent_class)->finalize (object);
}

static void
sl_model_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlModelItem *self = SL_MODEL_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->version->active);
      break;
    case PROP_SHADOW:
      g_value_set_boolean (value, self->shadow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_model_item_class_init (SlModelItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_model_item_finalize;
  object_class->get_property = sl_model_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHADOW] =
    g_param_spec_boolean ("shadow", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_model_item_init (SlModelItem *self)
{
}

static char *
format_metric (double value)
{
  if (!isfinite (value))
    return g_strdup ("–");
  return g_strdup_printf ("%.2f", value);
}

SlModelItem *
sl_model_item_new (SlModelVersion *version,
                   gboolean        shadow)
{
  SlModelItem *self;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *when = NULL;
  g_autofree char *auc = NULL;
  g_autofree char *f1 = NULL;
  g_autofree char *accuracy = NULL;

  g_return_val_if_fail (version != NULL, NULL);

  self = g_object_new (SL_TYPE_MODEL_ITEM, NULL);
  self->version = version;
  self->shadow = shadow;
  parse_metrics (self);

  self->title = g_strdup_printf (_("Version %lld"), (long long)version->id);
  created = g_date_time_new_from_unix_local (version->created_at);
  when = created != NULL ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");
  auc = format_metric (self->metrics.roc_auc);
  f1 = format_metric (self->metrics.f1);
  accuracy = format_metric (self->metrics.accuracy);
  /* Translators: kind · time, then the metrics of a model version. */
  self->subtitle = g_strdup_printf (_("%1$s · %2$s\nROC AUC %3$s · F1 %4$s · accuracy %5$s"),
                                    sl_model_item_get_kind_label (self), when, auc, f1, accuracy);

  return self;
}

const SlModelVersion *
sl_model_item_get_version (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), NULL);
  return self->version;
}

const SlModelMetrics *
sl_model_item_get_metrics (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), NULL);
  return &self->metrics;
}

gint64
sl_model_item_get_id (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), 0);
  return self->version->id;
}

const char *
sl_model_item_get_title (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), NULL);
  return self->title;
}

gboolean
sl_model_item_get_active (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), FALSE);
  return self->version->active;
}

gboolean
sl_model_item_get_shadow (SlModelItem *self)
{
  g_return_val_if_fail (SL_IS_MODEL_ITEM (self), FALSE);
  return self->shadow;
}
