#pragma once

#include <gio/gio.h>

#include "sl-store-models.h"

G_BEGIN_DECLS

#define SL_TYPE_MODEL_ITEM (sl_model_item_get_type ())

G_DECLARE_FINAL_TYPE (SlModelItem, sl_model_item, SL, MODEL_ITEM, GObject)

/* What a model version's metrics JSON holds, parsed once for the view. */
typedef struct
{
  double  accuracy;
  double  precision;
  double  recall;
  double  f1;
  double  roc_auc;
  double  log_loss;
  guint   samples;
  guint   tp;
  guint   fp;
  guint   tn;
  guint   fn;
  GArray *roc_fpr;   /* double */
  GArray *roc_tpr;   /* double */
} SlModelMetrics;

/* Takes ownership of version. */
SlModelItem          *sl_model_item_new            (SlModelVersion *version,
                                                    gboolean        shadow)
                                                    G_GNUC_WARN_UNUSED_RESULT;
const SlModelVersion *sl_model_item_get_version    (SlModelItem    *self);
const SlModelMetrics *sl_model_item_get_metrics    (SlModelItem    *self);
gint64                sl_model_item_get_id         (SlModelItem    *self);
const char           *sl_model_item_get_title      (SlModelItem    *self);
const char           *sl_model_item_get_kind_label (SlModelItem    *self);
gboolean              sl_model_item_get_active     (SlModelItem    *self);
gboolean              sl_model_item_get_shadow     (SlModelItem    *self);

G_END_DECLS
