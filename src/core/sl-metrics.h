/* sl-metrics.h: classification metrics and stratified splits for the trainer. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  double fpr;
  double tpr;
  double threshold;
} SlRocPoint;

typedef struct
{
  gsize   n;
  gsize   tp;
  gsize   fp;
  gsize   tn;
  gsize   fn;
  double  threshold;
  double  accuracy;
  double  precision;   /* 0 when nothing was predicted positive */
  double  recall;      /* 0 when there is no positive */
  double  f1;
  double  roc_auc;     /* NAN when one class is absent */
  double  log_loss;
  GArray *roc;         /* SlRocPoint, from (0, 0) to (1, 1) */
} SlMetrics;

/* Area under the ROC curve by the rank statistic, ties counted half:
 * NAN unless both classes are present. */
double     sl_metrics_roc_auc              (const float    *scores,
                                            const guint8   *labels,
                                            gsize           n);
/* Labels are 0 or 1, probs in [0, 1]; a probability ≥ threshold predicts 1. */
SlMetrics *sl_metrics_compute              (const float    *probs,
                                            const guint8   *labels,
                                            gsize           n,
                                            double          threshold) G_GNUC_WARN_UNUSED_RESULT;
void       sl_metrics_free                 (SlMetrics      *self);
/* {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "samples",
 *  "confusion": {"tp", "fp", "tn", "fn"}, "roc": [[fpr, tpr], …]} with at most
 * max_roc_points points (0 for none). */
void       sl_metrics_add_to_builder       (const SlMetrics *self,
                                            JsonBuilder     *builder,
                                            guint            max_roc_points);

/* Puts about test_fraction of each class in *test and the rest in *train
 * (indices into labels, as guint), the same for the same seed. */
void       sl_metrics_stratified_split     (const guint8   *labels,
                                            gsize           n,
                                            double          test_fraction,
                                            guint32         seed,
                                            GArray        **train,
                                            GArray        **test);
/* Assigns each sample a fold in [0, k), each class spread evenly over the folds. */
guint     *sl_metrics_stratified_folds     (const guint8   *labels,
                                            gsize           n,
                                            guint           k,
                                            guint32         seed) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlMetrics, sl_metrics_free)

G_END_DECLS
