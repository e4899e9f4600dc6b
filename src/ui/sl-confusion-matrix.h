/* sl-confusion-matrix.h: a 2×2 confusion matrix for shortlist decisions */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_CONFUSION_MATRIX (sl_confusion_matrix_get_type ())

G_DECLARE_FINAL_TYPE (SlConfusionMatrix, sl_confusion_matrix, SL, CONFUSION_MATRIX, GtkWidget)

GtkWidget *sl_confusion_matrix_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_confusion_matrix_set_counts   (SlConfusionMatrix *self,
                                             guint              tp,
                                             guint              fp,
                                             guint              fn,
                                             guint              tn);
guint      sl_confusion_matrix_get_total    (SlConfusionMatrix *self);
double     sl_confusion_matrix_get_accuracy (SlConfusionMatrix *self);

G_END_DECLS
