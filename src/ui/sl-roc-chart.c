#define G_LOG_DOMAIN "sl-roc-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-chart-private.h"
#include "sl-roc-chart.h"

#define PADDING  6.0
#define TICK_GAP 6.0

typedef struct
{
  double x;
  double y;
} Point;

typedef struct
{
  GArray *points;   /* of Point, sorted, from (0, 0) to (1, 1) */
  double  auc;
  char   *name;
} Curve;

struct _SlRocChart
{
  GtkWidget parent_instance;

  Curve     curves[2];
};

G_DEFINE_FINAL_TYPE (SlRocChart, sl_roc_chart, GTK_TYPE_WIDGET)

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *pa = a;
  const Point *pb = b;

  if (pa->x != pb->x)
    return pa->x < pb->x ? -1 : 1;
  if (pa->y != pb->y)
    return pa->y < pb->y ? -1 : 1;
  return 0;
}

static double
trapezoid_area (GArray *points)
{
  double area = 0;

  for (guint i = 1; i < points->len; i++)
    {
      const Point *a = &g_array_index (points, Point, i - 1);
      const Point *b = &g_array_index (points, Point, i);

      area += (b->x - a->x) * (a->y + b->y) / 2;
    }

  return area;
}

static const char *
curve_name (SlRocChart *self,
            guint       index)
{
  if (self->curves[index].name != NULL)
    return self->curves[index].name;

  return index == 0 ? _("Model") : _("Comparison");
}

static void
update_description (SlRocChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->curves[0].points == NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data yet"),
                                      -1);
      return;
    }

  /* Translators: describes a chart; %.2f is a number between 0 and 1 */
  g_string_append_printf (text, _("ROC curve, area under the curve %.2f."), self->curves[0].auc);
  if (self->curves[1].points != NULL)
    {
      g_string_append_c (text, ' ');
      /* Translators: %1$s is the name of a model, %2$.2f a number between 0 and 1 */
      g_string_append_printf (text, _("%1$s: area under the curve %2$.2f."),
                              curve_name (self, 1), self->curves[1].auc);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
set_curve (SlRocChart   *self,
           guint         index,
           const double *fpr,
           const double *tpr,
           guint         n,
           double        auc)
{
  Curve *curve = &self->curves[index];
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (Point), n + 2);
  Point origin = { 0, 0 };
  Point corner = { 1, 1 };

  g_clear_pointer (&curve->points, g_array_unref);
  curve->auc = NAN;

  for (guint i = 0; i < n; i++)
    {
      Point p;

      if (!isfinite (fpr[i]) || !isfinite (tpr[i]))
        continue;
      p.x = CLAMP (fpr[i], 0, 1);
      p.y = CLAMP (tpr[i], 0, 1);
      g_array_append_val (points, p);
    }

  if (points->len == 0)
    {
      g_array_unref (points);
      return;
    }

  /* Every ROC curve runs from (0, 0) to (1, 1), whatever the caller kept. */
  g_array_sort (points, compare_points);
  if (compare_points (&g_array_index (points, Point, 0), &origin) != 0)
    g_array_prepend_val (points, origin);
  if (compare_points (&g_array_index (points, Point, points->len - 1), &corner) != 0)
    g_array_append_val (points, corner);

  curve->points = points;
  curve->auc = isfinite (auc) ? CLAMP (auc, 0, 1) : trapezoid_area (points);
}

static void
trace_curve (cairo_t *cr,
             GArray  *points,
             double   left,
             double   bottom,
             double   size)
{
  for (guint i = 0; i < points->len; i++)
    {
      const Point *p = &g_array_index (points, Point, i);
      double x = left + p->x * size;
      double y = bottom - p->y * size;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
}

static void
draw_chart (SlRocChart           *self,
            cairo_t              *cr,
            const SlChartPalette *palette,
            double                width,
            double                height)
{
  static const double dashes[] = { 5.0, 4.0 };
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(PangoLayout) y_title = NULL;
  static const double fine_ticks[] = { 0, 0.2, 0.4, 0.6, 0.8, 1.0 };
  static const double coarse_ticks[] = { 0, 0.5, 1.0 };
  const double *ticks;
  guint n_ticks;
  double label_w, label_h, title_h;
  double left, bottom, size, avail_w, avail_h;
  double legend_y;

  sl_chart_text_extents (widget, "0.0", SL_CHART_TEXT_SMALL, &label_w, &label_h);
  y_title = sl_chart_layout_new (widget, _("True positive rate"), SL_CHART_TEXT_SMALL);
  sl_chart_layout_size (y_title, NULL, &title_h);

  /* A square plot: both axes are rates from 0 to 1. */
  avail_w = width - 2 * PADDING - title_h - TICK_GAP - label_w - TICK_GAP - label_w / 2;
  avail_h = height - 2 * PADDING - label_h / 2 - label_h - TICK_GAP - title_h - TICK_GAP;
  size = floor (MIN (avail_w, avail_h));
  if (size < 40)
    return;

  /* Fewer ticks when their labels would touch. */
  if (size / 5 >= label_w + 8)
    {
      ticks = fine_ticks;
      n_ticks = G_N_ELEMENTS (fine_ticks);
    }
  else
    {
      ticks = coarse_ticks;
      n_ticks = G_N_ELEMENTS (coarse_ticks);
    }

  left = floor (PADDING + title_h + TICK_GAP + label_w + TICK_GAP + (avail_w - size) / 2);
  bottom = floor (PADDING + label_h / 2 + size);

  /* Grid and tick labels. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n_ticks; i++)
    {
      g_autofree char *label = g_strdup_printf ("%.1f", ticks[i]);
      double offset = round (ticks[i] * size) + 0.5;

      gdk_cairo_set_source_rgba (cr, i == 0 ? &palette->faint : &palette->grid);
      cairo_move_to (cr, left, bottom - offset + 1);
      cairo_line_to (cr, left + size, bottom - offset + 1);
      cairo_move_to (cr, left + offset - 1, bottom);
      cairo_line_to (cr, left + offset - 1, bottom - size);
      cairo_stroke (cr);

      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     left - TICK_GAP, bottom - offset, 1.0, 0.5, &palette->dim);
      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     left + offset, bottom + TICK_GAP, 0.5, 0.0, &palette->dim);
    }

  /* Axis titles. */
  sl_chart_text (cr, widget, _("False positive rate"), SL_CHART_TEXT_SMALL,
                 left + size / 2, bottom + TICK_GAP + label_h + TICK_GAP / 2, 0.5, 0.0,
                 &palette->dim);
  cairo_save (cr);
  cairo_translate (cr, PADDING, bottom - size / 2);
  cairo_rotate (cr, -G_PI / 2);
  sl_chart_show_layout (cr, y_title, 0, 0, 0.5, 0.0, &palette->dim);
  cairo_restore (cr);

  /* The diagonal: a model that guesses. */
  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, &palette->faint);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_move_to (cr, left, bottom);
  cairo_line_to (cr, left + size, bottom - size);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* The comparison first, so the main curve stays on top; dashed, so the
   * two differ in more than colour.
   */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (self->curves[1].points != NULL)
    {
      static const double long_dashes[] = { 7.0, 4.0 };

      cairo_save (cr);
      trace_curve (cr, self->curves[1].points, left, bottom, size);
      gdk_cairo_set_source_rgba (cr, &palette->series[1]);
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, long_dashes, G_N_ELEMENTS (long_dashes), 0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  trace_curve (cr, self->curves[0].points, left, bottom, size);
  cairo_line_to (cr, left + size, bottom);
  cairo_line_to (cr, left, bottom);
  cairo_close_path (cr);
  sl_chart_set_source (cr, &palette->accent, 0.12);
  cairo_fill (cr);

  trace_curve (cr, self->curves[0].points, left, bottom, size);
  gdk_cairo_set_source_rgba (cr, &palette->accent);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);

  /* Legend, in the bottom right corner where ROC curves leave room. */
  legend_y = bottom - 10 - label_h / 2;
  for (int i = 1; i >= 0; i--)
    {
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      double tw, th, x;

      if (self->curves[i].points == NULL)
        continue;

      /* Translators: a legend entry, e.g. “Model, AUC 0.87” */
      text = g_strdup_printf (_("%1$s, AUC %2$.2f"), curve_name (self, i), self->curves[i].auc);
      layout = sl_chart_layout_new (widget, text, SL_CHART_TEXT_SMALL);
      sl_chart_layout_size (layout, &tw, &th);

      /* On a small chart, the area alone; the names are in the description. */
      if (tw + 36 > size)
        {
          g_free (text);
          /* Translators: a short legend entry, e.g. “AUC 0.87” */
          text = g_strdup_printf (_("AUC %.2f"), self->curves[i].auc);
          pango_layout_set_text (layout, text, -1);
          sl_chart_layout_size (layout, &tw, &th);
        }
      x = left + size - 10 - tw;

      sl_chart_show_layout (cr, layout, x, legend_y, 0.0, 0.5, &palette->fg);

      cairo_save (cr);
      if (i == 1)
        {
          static const double short_dashes[] = { 5.0, 3.0 };

          cairo_set_dash (cr, short_dashes, G_N_ELEMENTS (short_dashes), 0);
        }
      gdk_cairo_set_source_rgba (cr, i == 0 ? &palette->accent : &palette->series[1]);
      cairo_set_line_width (cr, i == 0 ? 2.5 : 2);
      cairo_move_to (cr, x - 26, round (legend_y) + 0.5);
      cairo_line_to (cr, x - 6, round (legend_y) + 0.5);
      cairo_stroke (cr);
      cairo_restore (cr);

      legend_y -= th + 4;
    }
}

static void
sl_roc_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SlRocChart *self = SL_ROC_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  SlChartPalette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  sl_chart_palette_init (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->curves[0].points == NULL)
    sl_chart_draw_empty (cr, widget, &palette, width, height);
  else
    draw_chart (self, cr, &palette, width, height);

  cairo_destroy (cr);
}

static void
sl_roc_chart_measure (GtkWidget      *widget,
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
      *natural = 340;
    }
  else
    {
      *minimum = 160;
      *natural = 320;
    }
}

static void
sl_roc_chart_finalize (GObject *object)
{
  SlRocChart *self = (SlRocChart *)object;

  for (guint i = 0; i < G_N_ELEMENTS (self->curves); i++)
    {
      g_clear_pointer (&self->curves[i].points, g_array_unref);
      g_clear_pointer (&self->curves[i].name, g_free);
    }

  G_OBJECT_CLASS (sl_roc_chart_parent_class)->finalize (object);
}

static void
sl_roc_chart_class_init (SlRocChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_roc_chart_finalize;

  widget_class->snapshot = sl_roc_chart_snapshot;
  widget_class->measure = sl_roc_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "rocchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_roc_chart_init (SlRocChart *self)
{
  self->curves[0].auc = NAN;
  self->curves[1].auc = NAN;

  sl_chart_track_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("ROC curve"),
                                  -1);
  update_description (self);
}

GtkWidget *
sl_roc_chart_new (void)
{
  return g_object_new (SL_TYPE_ROC_CHART, NULL);
}

/**
 * sl_roc_chart_set_points:
 * @self: a #SlRocChart
 * @fpr: (array length=n) (nullable): false positive rates
 * @tpr: (array length=n) (nullable): true positive rates
 * @n: the number of points
 * @auc: the area under the curve, or NAN to compute it from the points
 *
 * Sets the model's curve. Points with NaN or infinite rates are skipped,
 * the rest are sorted and joined to (0, 0) and (1, 1).
 */
void
sl_roc_chart_set_points (SlRocChart   *self,
                         const double *fpr,
                         const double *tpr,
                         guint         n,
                         double        auc)
{
  g_return_if_fail (SL_IS_ROC_CHART (self));
  g_return_if_fail (n == 0 || (fpr != NULL && tpr != NULL));

  set_curve (self, 0, fpr, tpr, n, auc);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_roc_chart_set_comparison:
 * @self: a #SlRocChart
 * @fpr: (array length=n) (nullable): false positive rates
 * @tpr: (array length=n) (nullable): true positive rates
 * @n: the number of points, 0 to remove the comparison
 * @auc: the area under the curve, or NAN to compute it from the points
 *
 * Sets a second curve, such as the active model's when showing a new one.
 */
void
sl_roc_chart_set_comparison (SlRocChart   *self,
                             const double *fpr,
                             const double *tpr,
                             guint         n,
                             double        auc)
{
  g_return_if_fail (SL_IS_ROC_CHART (self));
  g_return_if_fail (n == 0 || (fpr != NULL && tpr != NULL));

  set_curve (self, 1, fpr, tpr, n, auc);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_roc_chart_set_names:
 * @self: a #SlRocChart
 * @name: (nullable): the model's name in the legend, or %NULL for “Model”
 * @comparison_name: (nullable): the comparison's, or %NULL for “Comparison”
 */
void
sl_roc_chart_set_names (SlRocChart *self,
                        const char *name,
                        const char *comparison_name)
{
  g_return_if_fail (SL_IS_ROC_CHART (self));

  g_free (self->curves[0].name);
  self->curves[0].name = g_strdup (name);
  g_free (self->curves[1].name);
  self->curves[1].name = g_strdup (comparison_name);

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The area under the model's curve, or NAN without one. */
double
sl_roc_chart_get_auc (SlRocChart *self)
{
  g_return_val_if_fail (SL_IS_ROC_CHART (self), NAN);

  return self->curves[0].auc;
}

double
sl_roc_chart_get_comparison_auc (SlRocChart *self)
{
  g_return_val_if_fail (SL_IS_ROC_CHART (self), NAN);

  return self->curves[1].auc;
}
