/* sl-histogram.h: a histogram of values, such as a job's score distribution */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_HISTOGRAM (sl_histogram_get_type ())

G_DECLARE_FINAL_TYPE (SlHistogram, sl_histogram, SL, HISTOGRAM, GtkWidget)

GtkWidget *sl_histogram_new            (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_histogram_set_values     (SlHistogram  *self,
                                        const double *values,
                                        guint         n,
                                        double        min,
                                        double        max,
                                        guint         bins);
void       sl_histogram_set_threshold  (SlHistogram  *self,
                                        double        threshold,
                                        const char   *label);
double     sl_histogram_get_threshold  (SlHistogram  *self);
guint      sl_histogram_get_n_values   (SlHistogram  *self);
guint      sl_histogram_get_bin_count  (SlHistogram  *self,
                                        guint         bin);

G_END_DECLS
