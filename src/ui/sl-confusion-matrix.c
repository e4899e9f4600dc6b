#define G_LOG_DOMAIN "sl-confusion-matrix"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-chart-private.h"
#include "sl-confusion-matrix.h"

#define PADDING  6.0
#define CELL_GAP 6.0
#define LABEL_GAP 8.0

/* Rows are the actual decision, columns the predicted one; index 0 is
 * Shortlist (positive), 1 is Reject.
 */
struct _SlConfusionMatrix
{
  GtkWidget parent_instance;

  guint     counts[2][2];
  gboolean  has_counts;
};

G_DEFINE_FINAL_TYPE (SlConfusionMatrix, sl_confusion_matrix, GTK_TYPE_WIDGET)

static guint
total (SlConfusionMatrix *self)
{
  return self->counts[0][0] + self->counts[0][1] + self->counts[1][0] + self->counts[1][1];
}

static double
percentage (guint count,
            guint whole)
{
  return whole > 0 ? 100.0 * count / whole : 0.0;
}

static void
update_description (SlConfusionMatrix *self)
{
  g_autofree char *text = NULL;
  guint n = total (self);

  if (!self->has_counts || n == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data yet"),
                                      -1);
      return;
    }

  /* Translators: describes a confusion matrix; %6$.1f is the accuracy in per cent */
  text = g_strdup_printf (_("Confusion matrix of %1$u results. "
                            "Shortlisted correctly: %2$u. "
                            "Shortlisted but should be rejected: %3$u. "
                            "Rejected but should be shortlisted: %4$u. "
                            "Rejected correctly: %5$u. "
                            "Accuracy %6$.1f %%."),
                          n, self->counts[0][0], self->counts[1][0], self->counts[0][1],
                          self->counts[1][1],
                          percentage (self->counts[0][0] + self->counts[1][1], n));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

static void
draw_cell (SlConfusionMatrix    *self,
           cairo_t              *cr,
           const SlChartPalette *palette,
           guint                 actual,
           guint                 predicted,
           double                x,
           double                y,
           double                w,
           double                h)
{
  GtkWidget *widget = GTK_WIDGET (self);
  static const char *captions[2][2] = {
    { N_("True shortlist"), N_("Missed") },
    { N_("False shortlist"), N_("True reject") },
  };
  guint count = self->counts[actual][predicted];
  guint n = total (self);
  gboolean correct = actual == predicted;
  guint largest = MAX (MAX (self->counts[0][0], self->counts[0][1]),
                       MAX (self->counts[1][0], self->counts[1][1]));
  /* Relative to the largest cell, so the matrix always uses the full range. */
  double strength = largest > 0 ? (double)count / largest : 0;
  double alpha = 0.10 + 0.85 * sqrt (strength);
  const GdkRGBA *fill = correct ? &palette->accent_bg : &palette->error;
  const GdkRGBA *ink;
  g_autofree char *number = g_strdup_printf ("%u", count);
  g_autofree char *widest = NULL;
  /* Translators: the share of all results in one cell of a confusion matrix */
  g_autofree char *share = g_strdup_printf (_("%.1f %%"), percentage (count, n));
  g_autoptr(PangoLayout) big = sl_chart_layout_new (widget, number, SL_CHART_TEXT_LARGE);
  g_autoptr(PangoLayout) small = sl_chart_layout_new (widget, share, SL_CHART_TEXT_SMALL);
  g_autoptr(PangoLayout) caption = sl_chart_layout_new (widget, _(captions[actual][predicted]),
                                                        SL_CHART_TEXT_SMALL);
  double big_w, big_h, small_h, caption_w, caption_h, block_h, top;
  GdkRGBA white = { 1, 1, 1, 1 };

  widest = g_strdup_printf ("%u", largest);

  /* Red cells get a fainter wash so mistakes read as mistakes, not alarms. */
  if (!correct)
    alpha = 0.08 + 0.62 * sqrt (strength);

  sl_chart_rounded_rect (cr, x, y, w, h, 10);
  sl_chart_set_source (cr, fill, alpha);
  cairo_fill (cr);

  /* Saturated cells carry white text, light ones the normal text colour. */
  ink = alpha > 0.75 ? (correct ? &palette->accent_fg : &white) : &palette->fg;

  /* Large counts in small cells step down to the normal size, in every
   * cell alike: the largest count is the widest.
   */
  sl_chart_text_extents (widget, widest, SL_CHART_TEXT_LARGE, &big_w, NULL);
  sl_chart_layout_size (big, NULL, &big_h);
  if (big_w + 8 > w)
    {
      g_object_unref (big);
      big = sl_chart_layout_new (widget, number, SL_CHART_TEXT_HEADING);
      sl_chart_layout_size (big, &big_w, &big_h);
    }

  sl_chart_layout_size (small, NULL, &small_h);
  sl_chart_layout_size (caption, &caption_w, &caption_h);

  block_h = big_h + small_h;
  if (caption_w + 12 <= w && block_h + caption_h + 8 <= h)
    block_h += caption_h + 2;
  else
    g_clear_object (&caption);

  top = y + (h - block_h) / 2;
  sl_chart_show_layout (cr, big, x + w / 2, top, 0.5, 0, ink);
  top += big_h;
  sl_chart_show_layout (cr, small, x + w / 2, top, 0.5, 0, ink);
  top += small_h + 2;
  if (caption != NULL)
    {
      GdkRGBA dim = *ink;

      dim.alpha *= 0.75f;
      sl_chart_show_layout (cr, caption, x + w / 2, top, 0.5, 0, &dim);
    }
}

static void
draw_matrix (SlConfusionMatrix    *self,
             cairo_t              *cr,
             const SlChartPalette *palette,
             double                width,
             double                height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *names[2] = { _("Shortlist"), _("Reject") };
  g_autoptr(PangoLayout) actual = sl_chart_layout_new (widget, _("Actual"), SL_CHART_TEXT_HEADING);
  g_autoptr(PangoLayout) predicted = sl_chart_layout_new (widget, _("Predicted"),
                                                          SL_CHART_TEXT_HEADING);
  double title_h, name_w = 0, name_h = 0;
  double left, top, cell_w, cell_h;

  sl_chart_layout_size (actual, NULL, &title_h);
  for (guint i = 0; i < 2; i++)
    {
      double w, h;

      sl_chart_text_extents (widget, names[i], SL_CHART_TEXT_NORMAL, &w, &h);
      name_w = MAX (name_w, w);
      name_h = MAX (name_h, h);
    }

  left = PADDING + title_h + LABEL_GAP + name_w + LABEL_GAP;
  top = PADDING + title_h + 4 + name_h + LABEL_GAP;
  cell_w = floor ((width - PADDING - left - CELL_GAP) / 2);
  cell_h = floor ((height - PADDING - top - CELL_GAP) / 2);
  if (cell_w < 24 || cell_h < 24)
    return;

  /* Column titles: the predicted decision. */
  sl_chart_show_layout (cr, predicted, left + cell_w + CELL_GAP / 2, PADDING, 0.5, 0, &palette->fg);
  for (guint col = 0; col < 2; col++)
    sl_chart_text (cr, widget, names[col], SL_CHART_TEXT_NORMAL,
                   left + col * (cell_w + CELL_GAP) + cell_w / 2, PADDING + title_h + 4,
                   0.5, 0, &palette->dim);

  /* Row titles: the actual decision, the axis title turned on its side. */
  cairo_save (cr);
  cairo_translate (cr, PADDING, top + cell_h + CELL_GAP / 2);
  cairo_rotate (cr, -G_PI / 2);
  sl_chart_show_layout (cr, actual, 0, 0, 0.5, 0, &palette->fg);
  cairo_restore (cr);
  for (guint row = 0; row < 2; row++)
    sl_chart_text (cr, widget, names[row], SL_CHART_TEXT_NORMAL,
                   left - LABEL_GAP, top + row * (cell_h + CELL_GAP) + cell_h / 2,
                   1.0, 0.5, &palette->dim);

  for (guint row = 0; row < 2; row++)
    for (guint col = 0; col < 2; col++)
      draw_cell (self, cr, palette, row, col,
                 left + col * (cell_w + CELL_GAP), top + row * (cell_h + CELL_GAP),
                 cell_w, cell_h);
}

static void
sl_confusion_matrix_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SlConfusionMatrix *self = SL_CONFUSION_MATRIX (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  SlChartPalette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  sl_chart_palette_init (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!self->has_counts || total (self) == 0)
    sl_chart_draw_empty (cr, widget, &palette, width, height);
  else
    draw_matrix (self, cr, &palette, width, height);

  cairo_destroy (cr);
}

static void
sl_confusion_matrix_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 170;
      *natural = 360;
    }
  else
    {
      *minimum = 140;
      *natural = 260;
    }
}

static void
sl_confusion_matrix_class_init (SlConfusionMatrixClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = sl_confusion_matrix_snapshot;
  widget_class->measure = sl_confusion_matrix_measure;

  gtk_widget_class_set_css_name (widget_class, "confusionmatrix");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_confusion_matrix_init (SlConfusionMatrix *self)
{
  sl_chart_track_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Confusion matrix"),
                                  -1);
  update_description (self);
}

GtkWidget *
sl_confusion_matrix_new (void)
{
  return g_object_new (SL_TYPE_CONFUSION_MATRIX, NULL);
}

/**
 * sl_confusion_matrix_set_counts:
 * @self: a #SlConfusionMatrix
 * @tp: shortlisted, and should have been
 * @fp: shortlisted, but should have been rejected
 * @fn: rejected, but should have been shortlisted
 * @tn: rejected, and should have been
 */
void
sl_confusion_matrix_set_counts (SlConfusionMatrix *self,
                                guint              tp,
                                guint              fp,
                                guint              fn,
                                guint              tn)
{
  g_return_if_fail (SL_IS_CONFUSION_MATRIX (self));

  self->counts[0][0] = tp;
  self->counts[0][1] = fn;
  self->counts[1][0] = fp;
  self->counts[1][1] = tn;
  self->has_counts = TRUE;

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sl_confusion_matrix_get_total (SlConfusionMatrix *self)
{
  g_return_val_if_fail (SL_IS_CONFUSION_MATRIX (self), 0);

  return total (self);
}

/* The share of correct decisions, from 0 to 1, or NAN without results. */
double
sl_confusion_matrix_get_accuracy (SlConfusionMatrix *self)
{
  guint n;

  g_return_val_if_fail (SL_IS_CONFUSION_MATRIX (self), NAN);

  n = total (self);
  if (n == 0)
    return NAN;

  return (double)(self->counts[0][0] + self->counts[1][1]) / n;
}
