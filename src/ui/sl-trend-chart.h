/* sl-trend-chart.h: named series over model versions or practice sessions */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_TREND_CHART (sl_trend_chart_get_type ())

G_DECLARE_FINAL_TYPE (SlTrendChart, sl_trend_chart, SL, TREND_CHART, GtkWidget)

GtkWidget *sl_trend_chart_new              (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_trend_chart_set_series       (SlTrendChart       *self,
                                            const char         *name,
                                            const double       *values,
                                            guint               n);
gboolean   sl_trend_chart_remove_series    (SlTrendChart       *self,
                                            const char         *name);
void       sl_trend_chart_clear            (SlTrendChart       *self);
guint      sl_trend_chart_get_n_series     (SlTrendChart       *self);
void       sl_trend_chart_set_x_labels     (SlTrendChart       *self,
                                            const char * const *labels);
void       sl_trend_chart_set_range        (SlTrendChart       *self,
                                            double              min,
                                            double              max);
void       sl_trend_chart_set_active_index (SlTrendChart       *self,
                                            int                 index);
int        sl_trend_chart_get_active_index (SlTrendChart       *self);

G_END_DECLS
