/* sl-roc-chart.h: a receiver operating characteristic (ROC) curve */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_ROC_CHART (sl_roc_chart_get_type ())

G_DECLARE_FINAL_TYPE (SlRocChart, sl_roc_chart, SL, ROC_CHART, GtkWidget)

GtkWidget *sl_roc_chart_new                (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_roc_chart_set_points         (SlRocChart   *self,
                                            const double *fpr,
                                            const double *tpr,
                                            guint         n,
                                            double        auc);
void       sl_roc_chart_set_comparison     (SlRocChart   *self,
                                            const double *fpr,
                                            const double *tpr,
                                            guint         n,
                                            double        auc);
void       sl_roc_chart_set_names          (SlRocChart   *self,
                                            const char   *name,
                                            const char   *comparison_name);
double     sl_roc_chart_get_auc            (SlRocChart   *self);
double     sl_roc_chart_get_comparison_auc (SlRocChart   *self);

G_END_DECLS
