#define G_LOG_DOMAIN "sl-trend-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sl-chart-private.h"
#include "sl-trend-chart.h"

#define PADDING       6.0
#define TICK_GAP      6.0
#define LEGEND_GAP    16.0
#define MARKER_RADIUS 3.5
#define MAX_SERIES    8

typedef struct
{
  char   *name;
  double *values;
  guint   n;
} Series;

struct _SlTrendChart
{
  GtkWidget  parent_instance;

  GPtrArray *series;    /* of Series */
  char     **x_labels;
  double     min;
  double     max;
  int        active;
};

G_DEFINE_FINAL_TYPE (SlTrendChart, sl_trend_chart, GTK_TYPE_WIDGET)

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->name);
  g_free (series->values);
  g_free (series);
}

static guint
n_points (SlTrendChart *self)
{
  guint n = 0;

  for (guint i = 0; i < self->series->len; i++)
    n = MAX (n, ((Series *)g_ptr_array_index (self->series, i))->n);

  return n;
}

static gboolean
has_values (SlTrendChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->n; j++)
        if (isfinite (series->values[j]))
          return TRUE;
    }

  return FALSE;
}

static char *
x_label (SlTrendChart *self,
         guint         index)
{
  if (self->x_labels != NULL && index < g_strv_length (self->x_labels))
    return g_strdup (self->x_labels[index]);

  return g_strdup_printf ("%u", index + 1);
}

static void
update_description (SlTrendChart *self)
{
  g_autoptr(GString) text = NULL;
  guint n = n_points (self);

  if (!has_values (self))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data yet"),
                                      -1);
      return;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text, ngettext ("Trend over %u point.", "Trend over %u points.", n), n);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      int first = -1;
      int last = -1;

      for (guint j = 0; j < series->n; j++)
        if (isfinite (series->values[j]))
          {
            if (first < 0)
              first = j;
            last = j;
          }

      g_string_append_c (text, ' ');
      if (first < 0)
        {
          /* Translators: %s is the name of a series in a chart */
          g_string_append_printf (text, _("%s: no values."), series->name);
        }
      else
        {
          g_autofree char *from = sl_chart_format_value (series->values[first]);
          g_autofree char *to = sl_chart_format_value (series->values[last]);
          g_autofree char *from_x = x_label (self, first);
          g_autofree char *to_x = x_label (self, last);

          if (first == last)
            /* Translators: “ROC AUC: 0.81 at v3.” */
            g_string_append_printf (text, _("%1$s: %2$s at %3$s."), series->name, from, from_x);
          else
            /* Translators: “ROC AUC: from 0.81 at v1 to 0.88 at v4.” */
            g_string_append_printf (text, _("%1$s: from %2$s at %3$s to %4$s at %5$s."),
                                    series->name, from, from_x, to, to_x);
        }
    }

  if (self->active >= 0 && (guint)self->active < n)
    {
      g_autofree char *label = x_label (self, self->active);

      g_string_append_c (text, ' ');
      /* Translators: %s names the highlighted point, such as a model version */
      g_string_append_printf (text, _("Highlighted: %s."), label);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
value_range (SlTrendChart *self,
             double       *min,
             double       *max)
{
  double lo = INFINITY;
  double hi = -INFINITY;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      for (guint j = 0; j < series->n; j++)
        if (isfinite (series->values[j]))
          {
            lo = MIN (lo, series->values[j]);
            hi = MAX (hi, series->values[j]);
          }
    }

  if (isfinite (self->min))
    lo = self->min;
  if (isfinite (self->max))
    hi = self->max;

  if (hi - lo <= 0)
    {
      double pad = fabs (hi) > 0 ? fabs (hi) * 0.1 : 1.0;

      lo -= pad;
      hi += pad;
    }

  *min = lo;
  *max = hi;
}

/* The legend: one entry per series, a marker in the series' colour and
 * shape, its name and, when a point is highlighted, its value there.
 * Returns the height used; draws only when @cr is not %NULL.
 */
static double
layout_legend (SlTrendChart         *self,
               cairo_t              *cr,
               const SlChartPalette *palette,
               double                width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double x = PADDING;
  double y = PADDING;
  double line_h = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      g_autofree char *markup = g_markup_escape_text (series->name, -1);
      g_autoptr(PangoLayout) layout = NULL;
      double tw, th, entry_w;

      if (self->active >= 0 && (guint)self->active < series->n &&
          isfinite (series->values[self->active]))
        {
          g_autofree char *value = sl_chart_format_value (series->values[self->active]);
          g_autofree char *name = g_steal_pointer (&markup);

          markup = g_strdup_printf ("%s  <b>%s</b>", name, value);
        }

      layout = sl_chart_layout_new (widget, NULL, SL_CHART_TEXT_SMALL);
      pango_layout_set_markup (layout, markup, -1);

      sl_chart_layout_size (layout, &tw, &th);
      line_h = MAX (line_h, th);
      entry_w = 2 * MARKER_RADIUS + 6 + tw;

      if (x > PADDING && x + entry_w > width - PADDING)
        {
          x = PADDING;
          y += line_h + 4;
        }

      if (cr != NULL)
        {
          const GdkRGBA *color = &palette->series[i % SL_CHART_N_SERIES_COLORS];

          sl_chart_draw_marker (cr, i, x + MARKER_RADIUS + 1, y + th / 2, MARKER_RADIUS + 0.5);
          gdk_cairo_set_source_rgba (cr, color);
          cairo_fill (cr);
          sl_chart_show_layout (cr, layout, x + 2 * MARKER_RADIUS + 6, y, 0, 0, &palette->fg);
        }

      x += entry_w + LEGEND_GAP;
    }

  return y - PADDING + line_h;
}

static void
draw_chart (SlTrendChart         *self,
            cairo_t              *cr,
            const SlChartPalette *palette,
            double                width,
            double                height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double ticks[SL_CHART_MAX_TICKS];
  guint n = n_points (self);
  guint n_ticks;
  double step;
  double lo, hi;
  double label_w = 0, label_h;
  double legend_h;
  double left, right, top, bottom, plot_w, plot_h, dx, inset;
  double max_x_label = 0;
  guint label_every = 1;

  sl_chart_text_extents (widget, "0", SL_CHART_TEXT_SMALL, NULL, &label_h);
  legend_h = layout_legend (self, NULL, palette, width);

  top = PADDING + legend_h + 12 + label_h / 2;
  bottom = height - PADDING - label_h - TICK_GAP;

  value_range (self, &lo, &hi);
  n_ticks = sl_chart_nice_ticks (lo, hi, CLAMP ((guint)((bottom - top) / (label_h * 2.2)), 2, 6),
                                 ticks, &step);
  if (n_ticks == 0)
    return;

  /* Extend the range to whole ticks unless the caller fixed it. */
  if (!isfinite (self->min) && ticks[0] > lo)
    {
      memmove (ticks + 1, ticks, sizeof (double) * MIN (n_ticks, SL_CHART_MAX_TICKS - 1));
      ticks[0] = ticks[1] - step;
      n_ticks = MIN (n_ticks + 1, SL_CHART_MAX_TICKS);
    }
  if (!isfinite (self->max) && ticks[n_ticks - 1] < hi && n_ticks < SL_CHART_MAX_TICKS)
    {
      ticks[n_ticks] = ticks[n_ticks - 1] + step;
      n_ticks++;
    }
  if (!isfinite (self->min))
    lo = MIN (lo, ticks[0]);
  if (!isfinite (self->max))
    hi = MAX (hi, ticks[n_ticks - 1]);

  for (guint i = 0; i < n_ticks; i++)
    {
      g_autofree char *label = sl_chart_format_tick (ticks[i], step);
      double w;

      sl_chart_text_extents (widget, label, SL_CHART_TEXT_SMALL, &w, NULL);
      label_w = MAX (label_w, w);
    }

  left = PADDING + label_w + TICK_GAP;
  right = width - PADDING;
  plot_w = right - left;
  plot_h = bottom - top;
  if (plot_w < 30 || plot_h < 20)
    return;

  inset = MIN (16, plot_w / 8);
  dx = n > 1 ? (plot_w - 2 * inset) / (n - 1) : 0;

  /* Skip x labels that would collide. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = x_label (self, i);
      double w;

      sl_chart_text_extents (widget, label, SL_CHART_TEXT_SMALL, &w, NULL);
      max_x_label = MAX (max_x_label, w);
    }
  if (dx > 0)
    label_every = MAX (1, (guint)ceil ((max_x_label + 8) / dx));

#define X_AT(i) (n > 1 ? left + inset + (i) * dx : left + plot_w / 2)
#define Y_AT(v) (bottom - plot_h * ((v) - lo) / (hi - lo))

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n_ticks; i++)
    {
      g_autofree char *label = NULL;
      double y;

      if (ticks[i] < lo - 1e-9 || ticks[i] > hi + 1e-9)
        continue;

      label = sl_chart_format_tick (ticks[i], step);
      y = round (Y_AT (ticks[i])) + 0.5;
      gdk_cairo_set_source_rgba (cr, &palette->grid);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     left - TICK_GAP, y, 1.0, 0.5, &palette->dim);
    }

  /* The highlighted point: a band behind everything else. */
  if (self->active >= 0 && (guint)self->active < n)
    {
      double band = MAX (MIN (dx > 0 ? dx * 0.6 : 24, 32), 12);

      sl_chart_rounded_rect (cr, X_AT (self->active) - band / 2, top - label_h / 2,
                             band, bottom - top + label_h / 2 + TICK_GAP + label_h + 2, 6);
      sl_chart_set_source (cr, &palette->accent, 0.12);
      cairo_fill (cr);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      gboolean active = self->active >= 0 && (guint)self->active == i;
      double w, x;

      if (i % label_every != 0 && !active)
        continue;
      if (!active && self->active >= 0 && label_every > 1 &&
          ABS ((int)i - self->active) < (int)label_every)
        continue;

      label = x_label (self, i);
      layout = sl_chart_layout_new (widget, label, SL_CHART_TEXT_SMALL);
      if (active)
        {
          PangoAttrList *attrs = pango_layout_get_attributes (layout);

          pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
          pango_layout_set_attributes (layout, attrs);
        }

      /* Labels at the ends stay inside the widget. */
      sl_chart_layout_size (layout, &w, NULL);
      x = CLAMP (X_AT (i), w / 2, width - w / 2);
      sl_chart_show_layout (cr, layout, x, bottom + TICK_GAP, 0.5, 0,
                            active ? &palette->fg : &palette->dim);
    }

  /* Lines break where a value is missing. */
  cairo_save (cr);
  cairo_rectangle (cr, left, top - MARKER_RADIUS * 2, plot_w, plot_h + MARKER_RADIUS * 4);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      const GdkRGBA *color = &palette->series[s % SL_CHART_N_SERIES_COLORS];
      gboolean drawing = FALSE;

      for (guint i = 0; i < series->n; i++)
        {
          if (!isfinite (series->values[i]))
            {
              drawing = FALSE;
              continue;
            }
          if (drawing)
            cairo_line_to (cr, X_AT (i), Y_AT (series->values[i]));
          else
            cairo_move_to (cr, X_AT (i), Y_AT (series->values[i]));
          drawing = TRUE;
        }
      gdk_cairo_set_source_rgba (cr, color);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);

      for (guint i = 0; i < series->n; i++)
        {
          gboolean active = self->active >= 0 && (guint)self->active == i;

          if (!isfinite (series->values[i]))
            continue;

          sl_chart_draw_marker (cr, s, X_AT (i), Y_AT (series->values[i]),
                                active ? MARKER_RADIUS + 2 : MARKER_RADIUS);
          gdk_cairo_set_source_rgba (cr, color);
          cairo_fill_preserve (cr);
          if (active)
            {
              gdk_cairo_set_source_rgba (cr, &palette->fg);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
          cairo_new_path (cr);
        }
    }
  cairo_restore (cr);

#undef X_AT
#undef Y_AT

  layout_legend (self, cr, palette, width);
}

static void
sl_trend_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SlTrendChart *self = SL_TREND_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  SlChartPalette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  sl_chart_palette_init (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!has_values (self))
    sl_chart_draw_empty (cr, widget, &palette, width, height);
  else
    draw_chart (self, cr, &palette, width, height);

  cairo_destroy (cr);
}

static void
sl_trend_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 420;
    }
  else
    {
      *minimum = 120;
      *natural = 220;
    }
}

static void
sl_trend_chart_finalize (GObject *object)
{
  SlTrendChart *self = (SlTrendChart *)object;

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->x_labels, g_strfreev);

  G_OBJECT_CLASS (sl_trend_chart_parent_class)->finalize (object);
}

static void
sl_trend_chart_class_init (SlTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_trend_chart_finalize;

  widget_class->snapshot = sl_trend_chart_snapshot;
  widget_class->measure = sl_trend_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "trendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_trend_chart_init (SlTrendChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->min = NAN;
  self->max = NAN;
  self->active = -1;

  sl_chart_track_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Trend"),
                                  -1);
  update_description (self);
}

GtkWidget *
sl_trend_chart_new (void)
{
  return g_object_new (SL_TYPE_TREND_CHART, NULL);
}

static void
changed (SlTrendChart *self)
{
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_trend_chart_set_series:
 * @self: a #SlTrendChart
 * @name: the series' name, shown in the legend
 * @values: (array length=n) (nullable): one value per point; NaN for none
 * @n: the number of values
 *
 * Adds a series, or replaces the values of the series called @name. Series
 * keep the order in which they were first added, which gives each its
 * colour and marker shape. At most eight series are kept.
 */
void
sl_trend_chart_set_series (SlTrendChart *self,
                           const char   *name,
                           const double *values,
                           guint         n)
{
  Series *series = NULL;

  g_return_if_fail (SL_IS_TREND_CHART (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (values != NULL || n == 0);

  for (guint i = 0; i < self->series->len; i++)
    if (g_strcmp0 (((Series *)g_ptr_array_index (self->series, i))->name, name) == 0)
      series = g_ptr_array_index (self->series, i);

  if (series == NULL)
    {
      g_return_if_fail (self->series->len < MAX_SERIES);

      series = g_new0 (Series, 1);
      series->name = g_strdup (name);
      g_ptr_array_add (self->series, series);
    }

  g_free (series->values);
  series->values = n > 0 ? g_memdup2 (values, sizeof (double) * n) : NULL;
  series->n = n;

  changed (self);
}

gboolean
sl_trend_chart_remove_series (SlTrendChart *self,
                              const char   *name)
{
  g_return_val_if_fail (SL_IS_TREND_CHART (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < self->series->len; i++)
    if (g_strcmp0 (((Series *)g_ptr_array_index (self->series, i))->name, name) == 0)
      {
        g_ptr_array_remove_index (self->series, i);
        changed (self);
        return TRUE;
      }

  return FALSE;
}

void
sl_trend_chart_clear (SlTrendChart *self)
{
  g_return_if_fail (SL_IS_TREND_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  g_clear_pointer (&self->x_labels, g_strfreev);
  self->active = -1;

  changed (self);
}

guint
sl_trend_chart_get_n_series (SlTrendChart *self)
{
  g_return_val_if_fail (SL_IS_TREND_CHART (self), 0);

  return self->series->len;
}

/**
 * sl_trend_chart_set_x_labels:
 * @self: a #SlTrendChart
 * @labels: (nullable) (array zero-terminated=1): a label per point, such as
 *   “v3” or a date; %NULL numbers the points from 1
 */
void
sl_trend_chart_set_x_labels (SlTrendChart       *self,
                             const char * const *labels)
{
  g_return_if_fail (SL_IS_TREND_CHART (self));

  g_clear_pointer (&self->x_labels, g_strfreev);
  self->x_labels = g_strdupv ((char **)labels);

  changed (self);
}

/**
 * sl_trend_chart_set_range:
 * @self: a #SlTrendChart
 * @min: the bottom of the value axis, or NAN to fit the data
 * @max: the top of the value axis, or NAN to fit the data
 *
 * Fixes the value axis, e.g. 0 to 1 for metrics that are rates.
 */
void
sl_trend_chart_set_range (SlTrendChart *self,
                          double        min,
                          double        max)
{
  g_return_if_fail (SL_IS_TREND_CHART (self));

  self->min = isfinite (min) ? min : NAN;
  self->max = isfinite (max) ? max : NAN;
  if (isfinite (self->min) && isfinite (self->max) && self->max <= self->min)
    self->min = self->max = NAN;

  changed (self);
}

/**
 * sl_trend_chart_set_active_index:
 * @self: a #SlTrendChart
 * @index: the point to highlight, or -1 for none
 */
void
sl_trend_chart_set_active_index (SlTrendChart *self,
                                 int           index)
{
  g_return_if_fail (SL_IS_TREND_CHART (self));

  self->active = MAX (index, -1);
  changed (self);
}

int
sl_trend_chart_get_active_index (SlTrendChart *self)
{
  g_return_val_if_fail (SL_IS_TREND_CHART (self), -1);

  return self->active;
}
