#define G_LOG_DOMAIN "sl-histogram"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-chart-private.h"
#include "sl-histogram.h"

#define PADDING       6.0
#define TICK_GAP      6.0
#define BAR_GAP       2.0
#define MAX_BINS      200

struct _SlHistogram
{
  GtkWidget  parent_instance;

  double    *values;
  guint      n_values;
  guint     *counts;
  guint      bins;
  double     min;
  double     max;

  double     threshold;
  char      *threshold_label;
};

G_DEFINE_FINAL_TYPE (SlHistogram, sl_histogram, GTK_TYPE_WIDGET)

static guint
bin_for_value (SlHistogram *self,
               double       value)
{
  double position = (value - self->min) / (self->max - self->min);
  int bin = (int)floor (position * self->bins);

  /* Values outside the range fall into the first or last bin, and the
   * maximum itself belongs to the last bin.
   */
  return (guint)CLAMP (bin, 0, (int)self->bins - 1);
}

static guint
count_at_or_above (SlHistogram *self,
                   double       threshold)
{
  guint n = 0;

  for (guint i = 0; i < self->n_values; i++)
    if (self->values[i] >= threshold)
      n++;

  return n;
}

static void
update_description (SlHistogram *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  guint largest = 0;
  double step;

  if (self->n_values == 0 || self->bins == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data yet"),
                                      -1);
      return;
    }

  step = (self->max - self->min) / self->bins;
  min = sl_chart_format_tick (self->min, step);
  max = sl_chart_format_tick (self->max, step);

  for (guint i = 1; i < self->bins; i++)
    if (self->counts[i] > self->counts[largest])
      largest = i;

  g_string_append_printf (text,
                          /* Translators: the first sentence describing a histogram,
                           * e.g. “Histogram of 120 values from 0 to 100 in 10 bins.” */
                          ngettext ("Histogram of %1$u value from %2$s to %3$s in %4$u bins.",
                                    "Histogram of %1$u values from %2$s to %3$s in %4$u bins.",
                                    self->n_values),
                          self->n_values, min, max, self->bins);

  {
    g_autofree char *from = sl_chart_format_tick (self->min + largest * step, step);
    g_autofree char *to = sl_chart_format_tick (self->min + (largest + 1) * step, step);

    g_string_append_c (text, ' ');
    g_string_append_printf (text,
                            ngettext ("The largest bin, %1$s to %2$s, holds %3$u value.",
                                      "The largest bin, %1$s to %2$s, holds %3$u values.",
                                      self->counts[largest]),
                            from, to, self->counts[largest]);
  }

  if (isfinite (self->threshold))
    {
      g_autofree char *threshold = sl_chart_format_tick (self->threshold, step);
      guint above = count_at_or_above (self, self->threshold);

      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              ngettext ("%1$u value at or above the threshold %2$s.",
                                        "%1$u values at or above the threshold %2$s.",
                                        above),
                              above, threshold);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
draw_histogram (SlHistogram          *self,
                cairo_t              *cr,
                const SlChartPalette *palette,
                double                width,
                double                height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double x_ticks[SL_CHART_MAX_TICKS];
  double y_ticks[SL_CHART_MAX_TICKS];
  double x_step;
  double y_step;
  guint n_x_ticks;
  guint n_y_ticks;
  guint max_count = 1;
  double y_max;
  double label_w = 0;
  double label_h = 0;
  double left, top, right, bottom, plot_w, plot_h;
  double bar_w;

  for (guint i = 0; i < self->bins; i++)
    max_count = MAX (max_count, self->counts[i]);

  sl_chart_text_extents (widget, "0", SL_CHART_TEXT_SMALL, NULL, &label_h);

  /* Integer ticks on the count axis, as few as the height allows. */
  n_y_ticks = sl_chart_nice_ticks (0, max_count, CLAMP ((guint)(height / (label_h * 2.5)), 2, 6),
                                   y_ticks, &y_step);
  if (y_step < 1)
    {
      n_y_ticks = 0;
      for (guint c = 0; c <= max_count && n_y_ticks < SL_CHART_MAX_TICKS; c++)
        y_ticks[n_y_ticks++] = c;
      y_step = 1;
    }
  if (y_ticks[n_y_ticks - 1] < max_count && n_y_ticks < SL_CHART_MAX_TICKS)
    {
      y_ticks[n_y_ticks] = y_ticks[n_y_ticks - 1] + y_step;
      n_y_ticks++;
    }
  y_max = MAX (y_ticks[n_y_ticks - 1], max_count);

  for (guint i = 0; i < n_y_ticks; i++)
    {
      g_autofree char *label = sl_chart_format_tick (y_ticks[i], y_step);
      double w;

      sl_chart_text_extents (widget, label, SL_CHART_TEXT_SMALL, &w, NULL);
      label_w = MAX (label_w, w);
    }

  left = PADDING + label_w + TICK_GAP;
  right = width - PADDING - label_h;
  top = PADDING + label_h / 2;
  if (isfinite (self->threshold))
    top += label_h + 8;
  bottom = height - PADDING - label_h - TICK_GAP;
  plot_w = right - left;
  plot_h = bottom - top;

  if (plot_w < 20 || plot_h < 20)
    return;

  /* Grid lines and count labels. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n_y_ticks; i++)
    {
      g_autofree char *label = sl_chart_format_tick (y_ticks[i], y_step);
      double y = round (bottom - plot_h * y_ticks[i] / y_max) + 0.5;

      gdk_cairo_set_source_rgba (cr, i == 0 ? &palette->faint : &palette->grid);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);

      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     left - TICK_GAP, y, 1.0, 0.5, &palette->dim);
    }

  /* Bars: full accent at or above the threshold, lighter below it. */
  bar_w = plot_w / self->bins;
  for (guint i = 0; i < self->bins; i++)
    {
      double x0 = left + i * bar_w;
      double h = plot_h * self->counts[i] / y_max;
      double gap = bar_w > 6 * BAR_GAP ? BAR_GAP : 0;
      double bin_start = self->min + i * (self->max - self->min) / self->bins;
      gboolean passes = !isfinite (self->threshold) || bin_start >= self->threshold - 1e-9;

      if (self->counts[i] == 0)
        continue;

      /* Round the top corners only: the bottom ones go below the clip. */
      h = MAX (h, 2);
      cairo_save (cr);
      cairo_rectangle (cr, left, top - 1, plot_w, plot_h + 1);
      cairo_clip (cr);
      sl_chart_rounded_rect (cr, x0 + gap / 2, bottom - h, bar_w - gap, h + 4, MIN (3, bar_w / 3));
      sl_chart_set_source (cr, &palette->accent_bg, passes ? 1.0 : 0.45);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  /* Value axis along the bottom. */
  n_x_ticks = sl_chart_nice_ticks (self->min, self->max,
                                   CLAMP ((guint)(plot_w / 56), 2, 11), x_ticks, &x_step);
  for (guint i = 0; i < n_x_ticks; i++)
    {
      g_autofree char *label = sl_chart_format_tick (x_ticks[i], x_step);
      double x = round (left + plot_w * (x_ticks[i] - self->min) / (self->max - self->min)) + 0.5;

      gdk_cairo_set_source_rgba (cr, &palette->faint);
      cairo_move_to (cr, x, bottom);
      cairo_line_to (cr, x, bottom + 4);
      cairo_stroke (cr);

      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     x, bottom + TICK_GAP, 0.5, 0.0, &palette->dim);
    }

  if (isfinite (self->threshold) &&
      self->threshold >= self->min && self->threshold <= self->max)
    {
      static const double dashes[] = { 4.0, 3.0 };
      g_autofree char *value = sl_chart_format_tick (self->threshold,
                                                     (self->max - self->min) / self->bins);
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double position = (self->threshold - self->min) / (self->max - self->min);
      double x = round (left + plot_w * position) + 0.5;
      double tw, th, pill_x;

      if (self->threshold_label != NULL)
        text = g_strdup (self->threshold_label);
      else
        /* Translators: the label of the threshold line in a histogram */
        text = g_strdup_printf (_("Threshold %s"), value);

      cairo_save (cr);
      gdk_cairo_set_source_rgba (cr, &palette->fg);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_move_to (cr, x, top - 4);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_restore (cr);

      layout = sl_chart_layout_new (widget, text, SL_CHART_TEXT_SMALL);
      sl_chart_layout_size (layout, &tw, &th);
      pill_x = CLAMP (x - tw / 2 - 6, 0, width - tw - 12);
      sl_chart_rounded_rect (cr, pill_x, top - th - 10, tw + 12, th + 4, (th + 4) / 2);
      gdk_cairo_set_source_rgba (cr, &palette->fg);
      cairo_fill (cr);
      /* Text in the background colour: punch it out of the pill. */
      cairo_save (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      sl_chart_show_layout (cr, layout, pill_x + 6, top - th - 8, 0, 0, &palette->fg);
      cairo_restore (cr);
    }
}

static void
sl_histogram_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SlHistogram *self = SL_HISTOGRAM (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  SlChartPalette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  sl_chart_palette_init (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->n_values == 0 || self->bins == 0)
    sl_chart_draw_empty (cr, widget, &palette, width, height);
  else
    draw_histogram (self, cr, &palette, width, height);

  cairo_destroy (cr);
}

static void
sl_histogram_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 360;
    }
  else
    {
      *minimum = 100;
      *natural = 200;
    }
}

static void
sl_histogram_finalize (GObject *object)
{
  SlHistogram *self = (SlHistogram *)object;

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->threshold_label, g_free);

  G_OBJECT_CLASS (sl_histogram_parent_class)->finalize (object);
}

static void
sl_histogram_class_init (SlHistogramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_histogram_finalize;

  widget_class->snapshot = sl_histogram_snapshot;
  widget_class->measure = sl_histogram_measure;

  gtk_widget_class_set_css_name (widget_class, "histogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_histogram_init (SlHistogram *self)
{
  self->threshold = NAN;

  sl_chart_track_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Histogram"),
                                  -1);
  update_description (self);
}

GtkWidget *
sl_histogram_new (void)
{
  return g_object_new (SL_TYPE_HISTOGRAM, NULL);
}

/**
 * sl_histogram_set_values:
 * @self: a #SlHistogram
 * @values: (array length=n) (nullable): the values
 * @n: the number of values
 * @min: the lower end of the first bin
 * @max: the upper end of the last bin
 * @bins: the number of bins, 1 to 200
 *
 * Counts @values into @bins equal bins between @min and @max. NaN and
 * infinite values are skipped; values outside the range are counted in the
 * first or last bin.
 */
void
sl_histogram_set_values (SlHistogram  *self,
                         const double *values,
                         guint         n,
                         double        min,
                         double        max,
                         guint         bins)
{
  g_return_if_fail (SL_IS_HISTOGRAM (self));
  g_return_if_fail (values != NULL || n == 0);

  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->counts, g_free);
  self->n_values = 0;
  self->bins = 0;

  if (isfinite (min) && isfinite (max) && max > min && bins > 0)
    {
      self->min = min;
      self->max = max;
      self->bins = MIN (bins, MAX_BINS);
      self->counts = g_new0 (guint, self->bins);
      self->values = g_new (double, MAX (n, 1));

      for (guint i = 0; i < n; i++)
        {
          if (!isfinite (values[i]))
            continue;
          self->values[self->n_values++] = values[i];
          self->counts[bin_for_value (self, values[i])]++;
        }
    }

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_histogram_set_threshold:
 * @self: a #SlHistogram
 * @threshold: where to draw the marker line, or NAN for none
 * @label: (nullable): the marker's label, or %NULL for “Threshold N”
 */
void
sl_histogram_set_threshold (SlHistogram *self,
                            double       threshold,
                            const char  *label)
{
  g_return_if_fail (SL_IS_HISTOGRAM (self));

  self->threshold = isfinite (threshold) ? threshold : NAN;
  g_free (self->threshold_label);
  self->threshold_label = g_strdup (label);

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sl_histogram_get_threshold (SlHistogram *self)
{
  g_return_val_if_fail (SL_IS_HISTOGRAM (self), NAN);

  return self->threshold;
}

/* The number of finite values counted. */
guint
sl_histogram_get_n_values (SlHistogram *self)
{
  g_return_val_if_fail (SL_IS_HISTOGRAM (self), 0);

  return self->n_values;
}

guint
sl_histogram_get_bin_count (SlHistogram *self,
                            guint        bin)
{
  g_return_val_if_fail (SL_IS_HISTOGRAM (self), 0);

  if (bin >= self->bins)
    return 0;

  return self->counts[bin];
}
