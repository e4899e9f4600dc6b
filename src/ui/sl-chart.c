#define G_LOG_DOMAIN "sl-chart"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sl-chart-private.h"

/* The GNOME palette, in the shades that read well on light and on dark
 * backgrounds; used when the style does not define the named colours.
 */
static const struct
{
  const char *name;
  const char *light;
  const char *dark;
} series_colors[SL_CHART_N_SERIES_COLORS] = {
  { "blue", "#1c71d8", "#62a0ea" },
  { "orange", "#e66100", "#ffa348" },
  { "green", "#26a269", "#57e389" },
  { "purple", "#813d9c", "#c061cb" },
  { "red", "#c01c28", "#f66151" },
  { "brown", "#865e3c", "#cdab8f" },
};

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* Charts read their colours while drawing, so a switch between light and
 * dark style only needs a redraw.
 */
void
sl_chart_track_style (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), widget,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (gtk_widget_queue_draw), widget,
                           G_CONNECT_SWAPPED);
}

void
sl_chart_palette_init (SlChartPalette *palette,
                       GtkWidget      *widget)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  g_return_if_fail (palette != NULL);
  g_return_if_fail (GTK_IS_WIDGET (widget));

  palette->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  gtk_style_context_get_color (context, &palette->fg);
  palette->dim = palette->fg;
  palette->dim.alpha *= 0.65f;
  palette->faint = palette->fg;
  palette->faint.alpha *= 0.35f;
  palette->grid = palette->fg;
  palette->grid.alpha *= 0.10f;

  lookup_color (context, "accent_color", palette->dark ? "#78aeed" : "#1c71d8", &palette->accent);
  lookup_color (context, "accent_bg_color", "#3584e4", &palette->accent_bg);
  lookup_color (context, "accent_fg_color", "#ffffff", &palette->accent_fg);
  lookup_color (context, "success_color", palette->dark ? "#8ff0a4" : "#1b8553", &palette->success);
  lookup_color (context, "warning_color", palette->dark ? "#f8e45c" : "#9c6e03", &palette->warning);
  lookup_color (context, "error_color", palette->dark ? "#ff7b63" : "#c01c28", &palette->error);

  for (guint i = 0; i < SL_CHART_N_SERIES_COLORS; i++)
    {
      /* Darker shades on light backgrounds, lighter ones on dark. */
      g_autofree char *name = g_strdup_printf ("%s_%d", series_colors[i].name,
                                               palette->dark ? 2 : 4);

      lookup_color (context, name,
                    palette->dark ? series_colors[i].dark : series_colors[i].light,
                    &palette->series[i]);
    }

  /* The first series always uses the accent colour, as GNOME apps do. */
  palette->series[0] = palette->accent;
}

PangoLayout *
sl_chart_layout_new (GtkWidget        *widget,
                     const char       *text,
                     SlChartTextStyle  style)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Tabular figures keep numbers in axes and cells aligned. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));

  switch (style)
    {
    case SL_CHART_TEXT_SMALL:
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
      break;

    case SL_CHART_TEXT_HEADING:
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      break;

    case SL_CHART_TEXT_LARGE:
      pango_attr_list_insert (attrs, pango_attr_scale_new (1.6));
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      break;

    case SL_CHART_TEXT_NORMAL:
    default:
      break;
    }

  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

void
sl_chart_layout_size (PangoLayout *layout,
                      double      *width,
                      double      *height)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = logical.width;
  if (height != NULL)
    *height = logical.height;
}

void
sl_chart_show_layout (cairo_t       *cr,
                      PangoLayout   *layout,
                      double         x,
                      double         y,
                      double         xalign,
                      double         yalign,
                      const GdkRGBA *color)
{
  double width;
  double height;

  sl_chart_layout_size (layout, &width, &height);

  cairo_save (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, round (x - xalign * width), round (y - yalign * height));
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

double
sl_chart_text (cairo_t          *cr,
               GtkWidget        *widget,
               const char       *text,
               SlChartTextStyle  style,
               double            x,
               double            y,
               double            xalign,
               double            yalign,
               const GdkRGBA    *color)
{
  g_autoptr(PangoLayout) layout = sl_chart_layout_new (widget, text, style);
  double width;

  sl_chart_layout_size (layout, &width, NULL);
  sl_chart_show_layout (cr, layout, x, y, xalign, yalign, color);

  return width;
}

void
sl_chart_text_extents (GtkWidget        *widget,
                       const char       *text,
                       SlChartTextStyle  style,
                       double           *width,
                       double           *height)
{
  g_autoptr(PangoLayout) layout = sl_chart_layout_new (widget, text, style);

  sl_chart_layout_size (layout, width, height);
}

void
sl_chart_draw_empty (cairo_t              *cr,
                     GtkWidget            *widget,
                     const SlChartPalette *palette,
                     double                width,
                     double                height)
{
  double inset = MIN (6.0, MIN (width, height) / 4);

  /* A calm placeholder: a dashed outline and one line of dim text. */
  if (width > 2 * inset + 2 && height > 2 * inset + 2)
    {
      static const double dashes[] = { 4.0, 4.0 };

      cairo_save (cr);
      sl_chart_rounded_rect (cr, inset + 0.5, inset + 0.5,
                             width - 2 * inset - 1, height - 2 * inset - 1, 8);
      gdk_cairo_set_source_rgba (cr, &palette->grid);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  sl_chart_text (cr, widget, _("No data yet"), SL_CHART_TEXT_NORMAL,
                 width / 2, height / 2, 0.5, 0.5, &palette->dim);
}

void
sl_chart_rounded_rect (cairo_t *cr,
                       double   x,
                       double   y,
                       double   width,
                       double   height,
                       double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  if (radius <= 0)
    {
      cairo_rectangle (cr, x, y, width, height);
      return;
    }

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Ticks at 1, 2 or 5 times a power of ten covering [min, max]; returns how
 * many were written to @ticks (at most SL_CHART_MAX_TICKS).
 */
guint
sl_chart_nice_ticks (double  min,
                     double  max,
                     guint   max_ticks,
                     double *ticks,
                     double *step)
{
  double span;
  double raw;
  double magnitude;
  double fraction;
  double nice;
  double first;
  guint n = 0;

  g_return_val_if_fail (ticks != NULL, 0);

  max_ticks = CLAMP (max_ticks, 2, SL_CHART_MAX_TICKS);
  if (!isfinite (min) || !isfinite (max))
    return 0;
  if (max < min)
    {
      double tmp = min;

      min = max;
      max = tmp;
    }

  span = max - min;
  if (span <= 0)
    span = fabs (max) > 0 ? fabs (max) : 1.0;

  raw = span / (max_ticks - 1);
  magnitude = pow (10, floor (log10 (raw)));
  fraction = raw / magnitude;
  if (fraction <= 1)
    nice = 1;
  else if (fraction <= 2)
    nice = 2;
  else if (fraction <= 2.5)
    nice = 2.5;
  else if (fraction <= 5)
    nice = 5;
  else
    nice = 10;
  nice *= magnitude;

  first = ceil (min / nice - 1e-9) * nice;
  for (double v = first; v <= max + nice * 1e-6 && n < SL_CHART_MAX_TICKS; v += nice)
    ticks[n++] = fabs (v) < nice * 1e-9 ? 0.0 : v;

  if (step != NULL)
    *step = nice;

  return n;
}

char *
sl_chart_format_tick (double value,
                      double step)
{
  int decimals = 0;

  if (step > 0 && step < 1)
    decimals = (int)CLAMP (ceil (-log10 (step) - 1e-9), 0, 6);
  /* 2.5 steps need one more digit. */
  if (step > 0 && fabs (step / pow (10, floor (log10 (step))) - 2.5) < 1e-6)
    decimals++;
  if (step >= 10)
    decimals = 0;

  return g_strdup_printf ("%.*f", decimals, value);
}

/* A data value for people to read: about three significant digits, without
 * a long tail of decimals on large numbers.
 */
char *
sl_chart_format_value (double value)
{
  double magnitude = fabs (value);

  if (!isfinite (value))
    return g_strdup ("–");
  if (magnitude < 10)
    return g_strdup_printf ("%.2f", value);
  if (magnitude < 100)
    return g_strdup_printf ("%.1f", value);
  return g_strdup_printf ("%.0f", value);
}

void
sl_chart_set_source (cairo_t       *cr,
                     const GdkRGBA *color,
                     double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* Each series gets its own marker shape as well as its own colour, so the
 * series can be told apart without colour vision.
 */
void
sl_chart_draw_marker (cairo_t *cr,
                      guint    shape,
                      double   x,
                      double   y,
                      double   radius)
{
  switch (shape % 4)
    {
    case 0:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
      break;

    case 1:
      radius *= 0.9;
      cairo_rectangle (cr, x - radius, y - radius, 2 * radius, 2 * radius);
      break;

    case 2:
      radius *= 1.25;
      cairo_move_to (cr, x, y - radius);
      cairo_line_to (cr, x + radius, y);
      cairo_line_to (cr, x, y + radius);
      cairo_line_to (cr, x - radius, y);
      cairo_close_path (cr);
      break;

    case 3:
    default:
      radius *= 1.2;
      cairo_move_to (cr, x, y - radius);
      cairo_line_to (cr, x + radius * 0.95, y + radius * 0.7);
      cairo_line_to (cr, x - radius * 0.95, y + radius * 0.7);
      cairo_close_path (cr);
      break;
    }
}
