/* sl-chart-private.h: drawing helpers shared by the chart widgets */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_CHART_N_SERIES_COLORS 6
#define SL_CHART_MAX_TICKS       16

/* Colours resolved from the widget's style at snapshot time, so every chart
 * follows the light or dark style and the accent colour of the moment.
 */
typedef struct
{
  GdkRGBA  fg;
  GdkRGBA  dim;
  GdkRGBA  faint;
  GdkRGBA  grid;
  GdkRGBA  accent;
  GdkRGBA  accent_bg;
  GdkRGBA  accent_fg;
  GdkRGBA  success;
  GdkRGBA  warning;
  GdkRGBA  error;
  GdkRGBA  series[SL_CHART_N_SERIES_COLORS];
  gboolean dark;
} SlChartPalette;

typedef enum
{
  SL_CHART_TEXT_NORMAL,
  SL_CHART_TEXT_SMALL,
  SL_CHART_TEXT_HEADING,
  SL_CHART_TEXT_LARGE,
} SlChartTextStyle;

void         sl_chart_track_style    (GtkWidget        *widget);
void         sl_chart_palette_init   (SlChartPalette   *palette,
                                      GtkWidget        *widget);
PangoLayout *sl_chart_layout_new     (GtkWidget        *widget,
                                      const char       *text,
                                      SlChartTextStyle  style) G_GNUC_WARN_UNUSED_RESULT;
void         sl_chart_layout_size    (PangoLayout      *layout,
                                      double           *width,
                                      double           *height);
void         sl_chart_show_layout    (cairo_t          *cr,
                                      PangoLayout      *layout,
                                      double            x,
                                      double            y,
                                      double            xalign,
                                      double            yalign,
                                      const GdkRGBA    *color);
double       sl_chart_text           (cairo_t          *cr,
                                      GtkWidget        *widget,
                                      const char       *text,
                                      SlChartTextStyle  style,
                                      double            x,
                                      double            y,
                                      double            xalign,
                                      double            yalign,
                                      const GdkRGBA    *color);
void         sl_chart_text_extents   (GtkWidget        *widget,
                                      const char       *text,
                                      SlChartTextStyle  style,
                                      double           *width,
                                      double           *height);
void         sl_chart_draw_empty     (cairo_t          *cr,
                                      GtkWidget        *widget,
                                      const SlChartPalette *palette,
                                      double            width,
                                      double            height);
void         sl_chart_rounded_rect   (cairo_t          *cr,
                                      double            x,
                                      double            y,
                                      double            width,
                                      double            height,
                                      double            radius);
guint        sl_chart_nice_ticks     (double            min,
                                      double            max,
                                      guint             max_ticks,
                                      double           *ticks,
                                      double           *step);
char        *sl_chart_format_tick    (double            value,
                                      double            step) G_GNUC_WARN_UNUSED_RESULT;
char        *sl_chart_format_value   (double            value) G_GNUC_WARN_UNUSED_RESULT;
void         sl_chart_set_source     (cairo_t          *cr,
                                      const GdkRGBA    *color,
                                      double            alpha);
void         sl_chart_draw_marker    (cairo_t          *cr,
                                      guint             shape,
                                      double            x,
                                      double            y,
                                      double            radius);

G_END_DECLS
