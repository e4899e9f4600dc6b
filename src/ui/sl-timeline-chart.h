/* sl-timeline-chart.h: speaking pace, pauses and filler words of an answer */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_TIMELINE_CHART (sl_timeline_chart_get_type ())

G_DECLARE_FINAL_TYPE (SlTimelineChart, sl_timeline_chart, SL, TIMELINE_CHART, GtkWidget)

GtkWidget *sl_timeline_chart_new             (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_timeline_chart_set_pace        (SlTimelineChart    *self,
                                              const double       *times,
                                              const double       *wpm,
                                              guint               n);
void       sl_timeline_chart_set_pauses      (SlTimelineChart    *self,
                                              const double       *starts,
                                              const double       *ends,
                                              guint               n);
void       sl_timeline_chart_set_fillers     (SlTimelineChart    *self,
                                              const double       *times,
                                              const char * const *words,
                                              guint               n);
void       sl_timeline_chart_set_duration    (SlTimelineChart    *self,
                                              double              seconds);
double     sl_timeline_chart_get_duration    (SlTimelineChart    *self);
void       sl_timeline_chart_set_target_pace (SlTimelineChart    *self,
                                              double              low_wpm,
                                              double              high_wpm);

G_END_DECLS
