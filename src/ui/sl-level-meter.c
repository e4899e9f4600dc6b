#define G_LOG_DOMAIN "sl-level-meter"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-chart-private.h"
#include "sl-level-meter.h"

/* The bar rises at once and falls smoothly, as a VU meter's needle does;
 * the peak mark holds for a moment, then falls too.
 */
#define FALL_DB_PER_SECOND      24.0
#define PEAK_FALL_DB_PER_SECOND 12.0
#define PEAK_HOLD_USEC          (G_USEC_PER_SEC * 3 / 2)

/* Zones: comfortable speech up to -18 dB, loud up to -6 dB, then too loud. */
#define LOUD_DB                 (-18.0)
#define CLIPPING_DB             (-6.0)
/* A falling bar is redrawn at most this often: smooth enough to read, and
 * a quarter of the redraws at the display's rate. */
#define FALL_FRAME_USEC         (G_USEC_PER_SEC / 15)

struct _SlLevelMeter
{
  GtkWidget      parent_instance;

  GtkOrientation orientation;

  double    rms;            /* the latest levels, in dB */
  double    peak;
  double    display_rms;    /* what is drawn */
  double    display_peak;
  gint64    peak_time;      /* monotonic time when display_peak was last raised */
  gint64    last_frame;
  guint     tick_id;
  int       announced;      /* the whole dB last given to assistive technologies */
  int       drawn_filled;   /* the bar's and the peak mark's pixels as last drawn */
  int       drawn_peak;
  gint64    fall_drawn_at;  /* frame time of the last redraw for a fall */
};

G_DEFINE_FINAL_TYPE_WITH_CODE (SlLevelMeter, sl_level_meter, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_ORIENTABLE, NULL))

enum {
  PROP_0,
  PROP_ORIENTATION,
  N_PROPS
};

static double
clamp_db (double db)
{
  if (isnan (db))
    return SL_LEVEL_METER_FLOOR_DB;

  return CLAMP (db, SL_LEVEL_METER_FLOOR_DB, 0.0);
}

static double
fraction (double db)
{
  return (clamp_db (db) - SL_LEVEL_METER_FLOOR_DB) / -SL_LEVEL_METER_FLOOR_DB;
}

static void
update_accessible (SlLevelMeter *self)
{
  int whole = (int)lround (self->rms);
  g_autofree char *text = NULL;

  /* Once per whole decibel, not at the meter's update rate. */
  if (whole == self->announced)
    return;
  self->announced = whole;

  if (self->rms <= SL_LEVEL_METER_FLOOR_DB)
    text = g_strdup (_("Silent"));
  else
    /* Translators: a sound level in decibels, such as “-23 dB” */
    text = g_strdup_printf (_("%d dB"), whole);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double)whole,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/* Where the bar ends and the peak mark sits, in whole pixels along the
 * meter (-1: no peak mark), for the levels being displayed. */
static void
marks (SlLevelMeter *self,
       int          *filled,
       int          *peak)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double length = self->orientation == GTK_ORIENTATION_VERTICAL
                  ? gtk_widget_get_height (widget) : gtk_widget_get_width (widget);

  *filled = (int)round (length * fraction (self->display_rms));
  *peak = self->display_peak > SL_LEVEL_METER_FLOOR_DB
          ? (int)round (CLAMP (length * fraction (self->display_peak), 2, length - 2)) : -1;
}

/* Redraws only when what is drawn moves by a pixel: a steady level costs
 * nothing, and with a renderer that repaints the whole window for any
 * change (GL without buffer age) every redraw counts. */
static void
queue_draw_if_moved (SlLevelMeter *self)
{
  int filled, peak;

  marks (self, &filled, &peak);
  if (filled != self->drawn_filled || peak != self->drawn_peak)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  SlLevelMeter *self = SL_LEVEL_METER (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  double seconds = self->last_frame > 0 ? (now - self->last_frame) / (double)G_USEC_PER_SEC : 0;
  gboolean done;

  self->last_frame = now;
  seconds = CLAMP (seconds, 0, 0.25);

  if (self->display_rms > self->rms)
    self->display_rms = MAX (self->rms, self->display_rms - FALL_DB_PER_SECOND * seconds);

  if (self->display_peak > self->peak && now - self->peak_time > PEAK_HOLD_USEC)
    self->display_peak = MAX (self->peak, self->display_peak - PEAK_FALL_DB_PER_SECOND * seconds);
  /* The peak mark never sits below the bar. */
  self->display_peak = MAX (self->display_peak, self->display_rms);

  done = self->display_rms <= self->rms && self->display_peak <= MAX (self->peak, self->rms);
  if (done || now - self->fall_drawn_at >= FALL_FRAME_USEC)
    {
      self->fall_drawn_at = now;
      queue_draw_if_moved (self);
    }

  if (done)
    {
      self->tick_id = 0;
      self->last_frame = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
sl_level_meter_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SlLevelMeter *self = SL_LEVEL_METER (widget);
  gboolean vertical = self->orientation == GTK_ORIENTATION_VERTICAL;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double bar_h;
  double y;
  double radius;
  double filled;
  SlChartPalette palette;
  cairo_pattern_t *zones;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  marks (self, &self->drawn_filled, &self->drawn_peak);
  sl_chart_palette_init (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* A vertical meter is the horizontal one turned to rise from the bottom. */
  if (vertical)
    {
      double length = height;

      cairo_translate (cr, 0, height);
      cairo_rotate (cr, -G_PI / 2);
      height = width;
      width = length;
    }

  bar_h = MIN (height, 10);
  y = floor ((height - bar_h) / 2);
  radius = bar_h / 2;

  /* The trough. */
  sl_chart_rounded_rect (cr, 0, y, width, bar_h, radius);
  gdk_cairo_set_source_rgba (cr, &palette.grid);
  cairo_fill (cr);

  /* The level: coloured by zone, with hard edges between the zones. */
  filled = round (width * fraction (self->display_rms));
  if (filled >= 1)
    {
      double loud = fraction (LOUD_DB);
      double clipping = fraction (CLIPPING_DB);

      zones = cairo_pattern_create_linear (0, 0, width, 0);
      cairo_pattern_add_color_stop_rgba (zones, 0, palette.success.red, palette.success.green,
                                         palette.success.blue, 1);
      cairo_pattern_add_color_stop_rgba (zones, loud, palette.success.red, palette.success.green,
                                         palette.success.blue, 1);
      cairo_pattern_add_color_stop_rgba (zones, loud, palette.warning.red, palette.warning.green,
                                         palette.warning.blue, 1);
      cairo_pattern_add_color_stop_rgba (zones, clipping, palette.warning.red,
                                         palette.warning.green, palette.warning.blue, 1);
      cairo_pattern_add_color_stop_rgba (zones, clipping, palette.error.red, palette.error.green,
                                         palette.error.blue, 1);
      cairo_pattern_add_color_stop_rgba (zones, 1, palette.error.red, palette.error.green,
                                         palette.error.blue, 1);

      cairo_save (cr);
      sl_chart_rounded_rect (cr, 0, y, width, bar_h, radius);
      cairo_clip (cr);
      sl_chart_rounded_rect (cr, 0, y, MAX (filled, bar_h), bar_h, radius);
      cairo_set_source (cr, zones);
      cairo_fill (cr);
      cairo_restore (cr);
      cairo_pattern_destroy (zones);
    }

  /* The peak mark. */
  if (self->display_peak > SL_LEVEL_METER_FLOOR_DB)
    {
      double x = round (CLAMP (width * fraction (self->display_peak), 2, width - 2));

      cairo_rectangle (cr, x - 1, y - 1, 2, bar_h + 2);
      gdk_cairo_set_source_rgba (cr, &palette.fg);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
sl_level_meter_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SlLevelMeter *self = SL_LEVEL_METER (widget);

  if (orientation == self->orientation)
    {
      *minimum = 60;
      *natural = 200;
    }
  else
    {
      *minimum = 6;
      *natural = 12;
    }
}

static void
sl_level_meter_unmap (GtkWidget *widget)
{
  SlLevelMeter *self = SL_LEVEL_METER (widget);

  /* Nothing to animate while hidden: show the current level when mapped. */
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (widget, self->tick_id);
  self->tick_id = 0;
  self->last_frame = 0;
  self->display_rms = self->rms;
  self->display_peak = MAX (self->peak, self->rms);

  GTK_WIDGET_CLASS (sl_level_meter_parent_class)->unmap (widget);
}

static void
sl_level_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlLevelMeter *self = SL_LEVEL_METER (object);

  switch (prop_id)
    {
    case PROP_ORIENTATION:
      g_value_set_enum (value, self->orientation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_level_meter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlLevelMeter *self = SL_LEVEL_METER (object);

  switch (prop_id)
    {
    case PROP_ORIENTATION:
      {
        GtkOrientation orientation = g_value_get_enum (value);

        if (orientation == self->orientation)
          break;

        self->orientation = orientation;
        gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                        GTK_ACCESSIBLE_PROPERTY_ORIENTATION, orientation,
                                        -1);
        gtk_widget_queue_resize (GTK_WIDGET (self));
        g_object_notify_by_pspec (object, pspec);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_level_meter_class_init (SlLevelMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sl_level_meter_get_property;
  object_class->set_property = sl_level_meter_set_property;

  g_object_class_override_property (object_class, PROP_ORIENTATION, "orientation");

  widget_class->snapshot = sl_level_meter_snapshot;
  widget_class->measure = sl_level_meter_measure;
  widget_class->unmap = sl_level_meter_unmap;

  gtk_widget_class_set_css_name (widget_class, "levelmeter");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
sl_level_meter_init (SlLevelMeter *self)
{
  self->rms = SL_LEVEL_METER_FLOOR_DB;
  self->peak = SL_LEVEL_METER_FLOOR_DB;
  self->display_rms = SL_LEVEL_METER_FLOOR_DB;
  self->display_peak = SL_LEVEL_METER_FLOOR_DB;
  self->announced = G_MININT;

  sl_chart_track_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Microphone level"),
                                  GTK_ACCESSIBLE_PROPERTY_ORIENTATION, GTK_ORIENTATION_HORIZONTAL,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, SL_LEVEL_METER_FLOOR_DB,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 0.0,
                                  -1);
  update_accessible (self);
}

/* A horizontal meter; set GtkOrientable:orientation for a vertical one. */
GtkWidget *
sl_level_meter_new (void)
{
  return g_object_new (SL_TYPE_LEVEL_METER, NULL);
}

/**
 * sl_level_meter_set_level:
 * @self: a #SlLevelMeter
 * @rms_db: the loudness, in dB below full scale (0 is the loudest)
 * @peak_db: the highest peak since the last update, in dB
 *
 * Shows a new level, as GStreamer's `level` element reports it. Levels
 * below -60 dB, including -∞ for silence, show as silence; NaN and +∞
 * are ignored. The bar rises at once and falls smoothly.
 */
void
sl_level_meter_set_level (SlLevelMeter *self,
                          double        rms_db,
                          double        peak_db)
{
  GtkWidget *widget = (GtkWidget *)self;

  g_return_if_fail (SL_IS_LEVEL_METER (self));

  if (isnan (rms_db) || rms_db == INFINITY)
    return;
  if (isnan (peak_db) || peak_db == INFINITY)
    peak_db = rms_db;

  self->rms = clamp_db (rms_db);
  self->peak = MAX (clamp_db (peak_db), self->rms);

  if (self->rms >= self->display_rms)
    self->display_rms = self->rms;
  if (self->peak >= self->display_peak)
    {
      self->display_peak = self->peak;
      /* Frame times come from the same monotonic clock. */
      self->peak_time = g_get_monotonic_time ();
    }

  if (!gtk_widget_get_mapped (widget))
    {
      self->display_rms = self->rms;
      self->display_peak = self->peak;
    }
  else if (self->tick_id == 0 &&
           (self->display_rms > self->rms || self->display_peak > self->peak))
    {
      self->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
    }

  update_accessible (self);
  queue_draw_if_moved (self);
}

/* Drops to silence at once, e.g. when recording stops. */
void
sl_level_meter_reset (SlLevelMeter *self)
{
  g_return_if_fail (SL_IS_LEVEL_METER (self));

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  self->last_frame = 0;
  self->rms = self->peak = SL_LEVEL_METER_FLOOR_DB;
  self->display_rms = self->display_peak = SL_LEVEL_METER_FLOOR_DB;

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
sl_level_meter_get_rms (SlLevelMeter *self)
{
  g_return_val_if_fail (SL_IS_LEVEL_METER (self), SL_LEVEL_METER_FLOOR_DB);

  return self->rms;
}

double
sl_level_meter_get_peak (SlLevelMeter *self)
{
  g_return_val_if_fail (SL_IS_LEVEL_METER (self), SL_LEVEL_METER_FLOOR_DB);

  return self->peak;
}

/* The level the bar shows now, which trails a falling level. */
double
sl_level_meter_get_display_level (SlLevelMeter *self)
{
  g_return_val_if_fail (SL_IS_LEVEL_METER (self), SL_LEVEL_METER_FLOOR_DB);

  return self->display_rms;
}

double
sl_level_meter_get_display_peak (SlLevelMeter *self)
{
  g_return_val_if_fail (SL_IS_LEVEL_METER (self), SL_LEVEL_METER_FLOOR_DB);

  return self->display_peak;
}
