#define G_LOG_DOMAIN "sl-timeline-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-chart-private.h"
#include "sl-timeline-chart.h"

#define PADDING       6.0
#define TICK_GAP      6.0
#define FILLER_STRIP  22.0
#define LEGEND_GAP    16.0

typedef struct
{
  double x;
  double y;
} Sample;

typedef struct
{
  double start;
  double end;
} Interval;

typedef struct
{
  double  time;
  char   *word;
} Filler;

struct _SlTimelineChart
{
  GtkWidget  parent_instance;

  GArray    *pace;      /* of Sample, sorted by time */
  GArray    *pauses;    /* of Interval */
  GArray    *fillers;   /* of Filler */
  double     duration;
  double     target_low;
  double     target_high;
};

G_DEFINE_FINAL_TYPE (SlTimelineChart, sl_timeline_chart, GTK_TYPE_WIDGET)

static void
filler_clear (gpointer data)
{
  Filler *filler = data;

  g_clear_pointer (&filler->word, g_free);
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const Sample *sa = a;
  const Sample *sb = b;

  return (sa->x > sb->x) - (sa->x < sb->x);
}

static gboolean
is_empty (SlTimelineChart *self)
{
  return self->pace->len == 0 && self->pauses->len == 0 && self->fillers->len == 0;
}

/* The time span shown: the caller's duration, or the end of the data. */
static double
duration (SlTimelineChart *self)
{
  double end = 0;

  if (isfinite (self->duration) && self->duration > 0)
    return self->duration;

  for (guint i = 0; i < self->pace->len; i++)
    end = MAX (end, g_array_index (self->pace, Sample, i).x);
  for (guint i = 0; i < self->pauses->len; i++)
    end = MAX (end, g_array_index (self->pauses, Interval, i).end);
  for (guint i = 0; i < self->fillers->len; i++)
    end = MAX (end, g_array_index (self->fillers, Filler, i).time);

  return end > 0 ? end : 1.0;
}

static void
update_description (SlTimelineChart *self)
{
  g_autoptr(GString) text = NULL;
  double total = duration (self);

  if (is_empty (self))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data yet"),
                                      -1);
      return;
    }

  text = g_string_new (NULL);
  /* Translators: %.0f is a number of seconds */
  g_string_append_printf (text, _("Answer timeline over %.0f seconds."), total);

  if (self->pace->len > 0)
    {
      double sum = 0;
      double lo = INFINITY;
      double hi = -INFINITY;

      for (guint i = 0; i < self->pace->len; i++)
        {
          double wpm = g_array_index (self->pace, Sample, i).y;

          sum += wpm;
          lo = MIN (lo, wpm);
          hi = MAX (hi, wpm);
        }

      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              /* Translators: speaking pace, in words per minute */
                              _("Pace averages %1$.0f words per minute, from %2$.0f to %3$.0f."),
                              sum / self->pace->len, lo, hi);
    }

  {
    double paused = 0;

    for (guint i = 0; i < self->pauses->len; i++)
      {
        Interval *pause = &g_array_index (self->pauses, Interval, i);

        paused += pause->end - pause->start;
      }

    g_string_append_c (text, ' ');
    if (self->pauses->len == 0)
      g_string_append (text, _("No long pauses."));
    else
      g_string_append_printf (text,
                              ngettext ("%1$u long pause, %2$.1f seconds in all.",
                                        "%1$u long pauses, %2$.1f seconds in all.",
                                        self->pauses->len),
                              self->pauses->len, paused);
  }

  g_string_append_c (text, ' ');
  if (self->fillers->len == 0)
    g_string_append (text, _("No filler words."));
  else
    g_string_append_printf (text,
                            ngettext ("%u filler word.", "%u filler words.", self->fillers->len),
                            self->fillers->len);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
draw_filler_marker (cairo_t *cr,
                    double   x,
                    double   y)
{
  cairo_move_to (cr, x, y + 5);
  cairo_line_to (cr, x + 5, y - 3);
  cairo_line_to (cr, x - 5, y - 3);
  cairo_close_path (cr);
}

/* One row of legend entries at the top, with shorter words when the long
 * ones do not fit; entries that still do not fit are left out.
 */
static void
draw_legend (SlTimelineChart      *self,
             cairo_t              *cr,
             const SlChartPalette *palette,
             double                width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *long_labels[3] = { _("Pace (words per minute)"), _("Long pause"), _("Filler word") };
  const char *short_labels[3] = { _("Pace"), _("Pause"), _("Filler") };
  gboolean shown[3] = { self->pace->len > 0, self->pauses->len > 0, self->fillers->len > 0 };
  const char **labels = long_labels;
  double x = PADDING;
  double needed = 0;
  double h;

  sl_chart_text_extents (widget, long_labels[0], SL_CHART_TEXT_SMALL, NULL, &h);

  for (guint i = 0; i < 3; i++)
    if (shown[i])
      {
        double w;

        sl_chart_text_extents (widget, long_labels[i], SL_CHART_TEXT_SMALL, &w, NULL);
        needed += 22 + w + LEGEND_GAP;
      }
  if (needed - LEGEND_GAP > width - 2 * PADDING)
    labels = short_labels;

  for (guint i = 0; i < 3; i++)
    {
      double w;

      if (!shown[i])
        continue;

      sl_chart_text_extents (widget, labels[i], SL_CHART_TEXT_SMALL, &w, NULL);
      if (x + 22 + w > width - PADDING)
        break;

      switch (i)
        {
        case 0:
          cairo_move_to (cr, x, PADDING + h / 2);
          cairo_line_to (cr, x + 16, PADDING + h / 2);
          gdk_cairo_set_source_rgba (cr, &palette->accent);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke (cr);
          break;

        case 1:
          sl_chart_rounded_rect (cr, x + 2, PADDING + 1, 12, h - 2, 2);
          sl_chart_set_source (cr, &palette->warning, 0.35);
          cairo_fill (cr);
          break;

        case 2:
        default:
          draw_filler_marker (cr, x + 8, PADDING + h / 2);
          gdk_cairo_set_source_rgba (cr, &palette->error);
          cairo_fill (cr);
          break;
        }

      sl_chart_text (cr, widget, labels[i], SL_CHART_TEXT_SMALL, x + 22, PADDING, 0, 0,
                     &palette->fg);
      x += 22 + w + LEGEND_GAP;
    }
}

static void
draw_chart (SlTimelineChart      *self,
            cairo_t              *cr,
            const SlChartPalette *palette,
            double                width,
            double                height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double y_ticks[SL_CHART_MAX_TICKS];
  double t_ticks[SL_CHART_MAX_TICKS];
  double y_step, t_step;
  guint n_y_ticks, n_t_ticks;
  double total = duration (self);
  double y_max = 60;
  double label_w = 0, label_h;
  double legend_h;
  double left, right, top, bottom, strip_top, plot_w, plot_h;
  double last_word_end = -INFINITY;

  for (guint i = 0; i < self->pace->len; i++)
    y_max = MAX (y_max, g_array_index (self->pace, Sample, i).y);
  if (isfinite (self->target_high))
    y_max = MAX (y_max, self->target_high);

  sl_chart_text_extents (widget, "0", SL_CHART_TEXT_SMALL, NULL, &label_h);
  legend_h = label_h;

  top = PADDING + legend_h + 12 + label_h / 2;
  bottom = height - PADDING - label_h - TICK_GAP - (self->fillers->len > 0 ? FILLER_STRIP : 0);
  strip_top = bottom;
  plot_h = bottom - top;
  if (plot_h < 20)
    return;

  /* As many pace ticks as the height gives room for. */
  n_y_ticks = sl_chart_nice_ticks (0, y_max * 1.05, CLAMP ((guint)(plot_h / (label_h * 1.8)), 2, 5),
                                   y_ticks, &y_step);
  if (y_ticks[n_y_ticks - 1] < y_max * 1.05 && n_y_ticks < SL_CHART_MAX_TICKS)
    {
      y_ticks[n_y_ticks] = y_ticks[n_y_ticks - 1] + y_step;
      n_y_ticks++;
    }
  y_max = y_ticks[n_y_ticks - 1];

  for (guint i = 0; i < n_y_ticks; i++)
    {
      g_autofree char *label = sl_chart_format_tick (y_ticks[i], y_step);
      double w;

      sl_chart_text_extents (widget, label, SL_CHART_TEXT_SMALL, &w, NULL);
      label_w = MAX (label_w, w);
    }

  left = PADDING + label_w + TICK_GAP;
  right = width - PADDING - label_h;
  plot_w = right - left;
  if (plot_w < 40)
    return;

  draw_legend (self, cr, palette, width);

#define X_AT(t) (left + plot_w * CLAMP ((t), 0, total) / total)
#define Y_AT(v) (bottom - plot_h * (v) / y_max)

  /* Pauses first: shaded columns behind the grid and the line. */
  for (guint i = 0; i < self->pauses->len; i++)
    {
      Interval *pause = &g_array_index (self->pauses, Interval, i);
      double x0 = X_AT (pause->start);
      double x1 = X_AT (pause->end);
      g_autofree char *seconds = NULL;
      double w;

      cairo_rectangle (cr, x0, top, MAX (x1 - x0, 2), plot_h);
      sl_chart_set_source (cr, &palette->warning, 0.22);
      cairo_fill (cr);

      /* Translators: the length of a pause, in seconds */
      seconds = g_strdup_printf (_("%.1f s"), pause->end - pause->start);
      sl_chart_text_extents (widget, seconds, SL_CHART_TEXT_SMALL, &w, NULL);
      if (w + 4 <= x1 - x0)
        sl_chart_text (cr, widget, seconds, SL_CHART_TEXT_SMALL,
                       (x0 + x1) / 2, top + 2, 0.5, 0, &palette->dim);
    }

  /* The comfortable pace, as a band with its bounds labelled. */
  if (isfinite (self->target_low) && isfinite (self->target_high))
    {
      static const double dashes[] = { 3.0, 3.0 };
      double y0 = round (Y_AT (self->target_high)) + 0.5;
      double y1 = round (Y_AT (self->target_low)) + 0.5;

      cairo_rectangle (cr, left, y0, plot_w, y1 - y0);
      sl_chart_set_source (cr, &palette->success, 0.10);
      cairo_fill (cr);

      cairo_save (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 1);
      sl_chart_set_source (cr, &palette->success, 0.6);
      cairo_move_to (cr, left, y0);
      cairo_line_to (cr, right, y0);
      cairo_move_to (cr, left, y1);
      cairo_line_to (cr, right, y1);
      cairo_stroke (cr);
      cairo_restore (cr);

      /* Above the band at the start, where an answer rarely runs fast yet. */
      sl_chart_text (cr, widget, _("Target pace"), SL_CHART_TEXT_SMALL,
                     left + 4, y0 - 2, 0.0, 1.0, &palette->success);
    }

  /* Grid and pace labels. */
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n_y_ticks; i++)
    {
      g_autofree char *label = sl_chart_format_tick (y_ticks[i], y_step);
      double y = round (Y_AT (y_ticks[i])) + 0.5;

      gdk_cairo_set_source_rgba (cr, i == 0 ? &palette->faint : &palette->grid);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, right, y);
      cairo_stroke (cr);
      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     left - TICK_GAP, y, 1.0, 0.5, &palette->dim);
    }

  /* Time axis, in seconds. */
  n_t_ticks = sl_chart_nice_ticks (0, total, CLAMP ((guint)(plot_w / 64), 2, 10), t_ticks, &t_step);
  for (guint i = 0; i < n_t_ticks; i++)
    {
      g_autofree char *number = sl_chart_format_tick (t_ticks[i], t_step);
      /* Translators: a tick on a time axis, in seconds */
      g_autofree char *label = g_strdup_printf (_("%s s"), number);
      double x = round (X_AT (t_ticks[i])) + 0.5;

      gdk_cairo_set_source_rgba (cr, &palette->faint);
      cairo_move_to (cr, x, strip_top + (self->fillers->len > 0 ? FILLER_STRIP : 0));
      cairo_line_to (cr, x, strip_top + (self->fillers->len > 0 ? FILLER_STRIP : 0) + 4);
      cairo_stroke (cr);
      sl_chart_text (cr, widget, label, SL_CHART_TEXT_SMALL,
                     x, height - PADDING - label_h, 0.5, 0, &palette->dim);
    }

  /* The pace line and the area under it. */
  if (self->pace->len > 0)
    {
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

      for (int pass = 0; pass < 2; pass++)
        {
          for (guint i = 0; i < self->pace->len; i++)
            {
              Sample *s = &g_array_index (self->pace, Sample, i);

              if (i == 0)
                cairo_move_to (cr, X_AT (s->x), Y_AT (s->y));
              else
                cairo_line_to (cr, X_AT (s->x), Y_AT (s->y));
            }

          if (pass == 0)
            {
              cairo_line_to (cr, X_AT (g_array_index (self->pace, Sample,
                                                      self->pace->len - 1).x), bottom);
              cairo_line_to (cr, X_AT (g_array_index (self->pace, Sample, 0).x), bottom);
              cairo_close_path (cr);
              sl_chart_set_source (cr, &palette->accent, 0.12);
              cairo_fill (cr);
            }
          else
            {
              gdk_cairo_set_source_rgba (cr, &palette->accent);
              cairo_set_line_width (cr, 2.5);
              cairo_stroke (cr);
            }
        }

      if (self->pace->len == 1)
        {
          Sample *s = &g_array_index (self->pace, Sample, 0);

          cairo_arc (cr, X_AT (s->x), Y_AT (s->y), 3.5, 0, 2 * G_PI);
          gdk_cairo_set_source_rgba (cr, &palette->accent);
          cairo_fill (cr);
        }
    }

  /* Filler words: markers on a strip under the plot, each word written
   * beside its marker when there is room for it.
   */
  if (self->fillers->len > 0)
    {
      double y = strip_top + FILLER_STRIP / 2;

      cairo_set_line_width (cr, 1);
      for (guint i = 0; i < self->fillers->len; i++)
        {
          Filler *filler = &g_array_index (self->fillers, Filler, i);
          double x = X_AT (filler->time);

          sl_chart_set_source (cr, &palette->error, 0.25);
          cairo_move_to (cr, round (x) + 0.5, top);
          cairo_line_to (cr, round (x) + 0.5, y - 4);
          cairo_stroke (cr);

          draw_filler_marker (cr, x, y);
          gdk_cairo_set_source_rgba (cr, &palette->error);
          cairo_fill (cr);
        }

      for (guint i = 0; i < self->fillers->len; i++)
        {
          Filler *filler = &g_array_index (self->fillers, Filler, i);
          double x = X_AT (filler->time);
          double w;

          if (filler->word == NULL)
            continue;

          sl_chart_text_extents (widget, filler->word, SL_CHART_TEXT_SMALL, &w, NULL);
          if (x + 8 < last_word_end + 4 || x + 8 + w > width)
            continue;

          /* Keep clear of the next marker. */
          if (i + 1 < self->fillers->len &&
              X_AT (g_array_index (self->fillers, Filler, i + 1).time) - 6 < x + 8 + w)
            continue;

          sl_chart_text (cr, widget, filler->word, SL_CHART_TEXT_SMALL,
                         x + 8, y, 0, 0.5, &palette->dim);
          last_word_end = x + 8 + w;
        }
    }

#undef X_AT
#undef Y_AT
}

static void
sl_timeline_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SlTimelineChart *self = SL_TIMELINE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  SlChartPalette palette;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  sl_chart_palette_init (&palette, widget);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (is_empty (self))
    sl_chart_draw_empty (cr, widget, &palette, width, height);
  else
    draw_chart (self, cr, &palette, width, height);

  cairo_destroy (cr);
}

static void
sl_timeline_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 520;
    }
  else
    {
      *minimum = 120;
      *natural = 200;
    }
}

static void
sl_timeline_chart_finalize (GObject *object)
{
  SlTimelineChart *self = (SlTimelineChart *)object;

  g_clear_pointer (&self->pace, g_array_unref);
  g_clear_pointer (&self->pauses, g_array_unref);
  g_clear_pointer (&self->fillers, g_array_unref);

  G_OBJECT_CLASS (sl_timeline_chart_parent_class)->finalize (object);
}

static void
sl_timeline_chart_class_init (SlTimelineChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sl_timeline_chart_finalize;

  widget_class->snapshot = sl_timeline_chart_snapshot;
  widget_class->measure = sl_timeline_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "timelinechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_timeline_chart_init (SlTimelineChart *self)
{
  self->pace = g_array_new (FALSE, FALSE, sizeof (Sample));
  self->pauses = g_array_new (FALSE, FALSE, sizeof (Interval));
  self->fillers = g_array_new (FALSE, FALSE, sizeof (Filler));
  g_array_set_clear_func (self->fillers, filler_clear);
  self->duration = NAN;
  self->target_low = NAN;
  self->target_high = NAN;

  sl_chart_track_style (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pace and pauses"),
                                  -1);
  update_description (self);
}

GtkWidget *
sl_timeline_chart_new (void)
{
  return g_object_new (SL_TYPE_TIMELINE_CHART, NULL);
}

static void
changed (SlTimelineChart *self)
{
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sl_timeline_chart_set_pace:
 * @self: a #SlTimelineChart
 * @times: (array length=n) (nullable): sample times in seconds from the start
 * @wpm: (array length=n) (nullable): words per minute at each time
 * @n: the number of samples
 *
 * Samples with a NaN, infinite or negative time or pace are skipped.
 */
void
sl_timeline_chart_set_pace (SlTimelineChart *self,
                            const double    *times,
                            const double    *wpm,
                            guint            n)
{
  g_return_if_fail (SL_IS_TIMELINE_CHART (self));
  g_return_if_fail (n == 0 || (times != NULL && wpm != NULL));

  g_array_set_size (self->pace, 0);
  for (guint i = 0; i < n; i++)
    {
      Sample sample = { times[i], wpm[i] };

      if (!isfinite (sample.x) || !isfinite (sample.y) || sample.x < 0 || sample.y < 0)
        continue;
      g_array_append_val (self->pace, sample);
    }
  g_array_sort (self->pace, compare_samples);

  changed (self);
}

/**
 * sl_timeline_chart_set_pauses:
 * @self: a #SlTimelineChart
 * @starts: (array length=n) (nullable): pause starts in seconds
 * @ends: (array length=n) (nullable): pause ends in seconds
 * @n: the number of pauses
 *
 * Pauses that are not finite or end before they start are skipped.
 */
void
sl_timeline_chart_set_pauses (SlTimelineChart *self,
                              const double    *starts,
                              const double    *ends,
                              guint            n)
{
  g_return_if_fail (SL_IS_TIMELINE_CHART (self));
  g_return_if_fail (n == 0 || (starts != NULL && ends != NULL));

  g_array_set_size (self->pauses, 0);
  for (guint i = 0; i < n; i++)
    {
      Interval pause = { starts[i], ends[i] };

      if (!isfinite (pause.start) || !isfinite (pause.end) ||
          pause.start < 0 || pause.end <= pause.start)
        continue;
      g_array_append_val (self->pauses, pause);
    }

  changed (self);
}

/**
 * sl_timeline_chart_set_fillers:
 * @self: a #SlTimelineChart
 * @times: (array length=n) (nullable): when each filler word was said, in seconds
 * @words: (array length=n) (nullable): the words, or %NULL to show markers only
 * @n: the number of filler words
 */
void
sl_timeline_chart_set_fillers (SlTimelineChart    *self,
                               const double       *times,
                               const char * const *words,
                               guint               n)
{
  g_return_if_fail (SL_IS_TIMELINE_CHART (self));
  g_return_if_fail (n == 0 || times != NULL);

  g_array_set_size (self->fillers, 0);
  for (guint i = 0; i < n; i++)
    {
      Filler filler;

      if (!isfinite (times[i]) || times[i] < 0)
        continue;
      filler.time = times[i];
      filler.word = words != NULL ? g_strdup (words[i]) : NULL;
      g_array_append_val (self->fillers, filler);
    }

  changed (self);
}

/**
 * sl_timeline_chart_set_duration:
 * @self: a #SlTimelineChart
 * @seconds: the answer's length, or NAN to end at the last data point
 */
void
sl_timeline_chart_set_duration (SlTimelineChart *self,
                                double           seconds)
{
  g_return_if_fail (SL_IS_TIMELINE_CHART (self));

  self->duration = isfinite (seconds) && seconds > 0 ? seconds : NAN;
  changed (self);
}

double
sl_timeline_chart_get_duration (SlTimelineChart *self)
{
  g_return_val_if_fail (SL_IS_TIMELINE_CHART (self), NAN);

  return duration (self);
}

/**
 * sl_timeline_chart_set_target_pace:
 * @self: a #SlTimelineChart
 * @low_wpm: the slowest comfortable pace, or NAN for no band
 * @high_wpm: the fastest comfortable pace, or NAN for no band
 */
void
sl_timeline_chart_set_target_pace (SlTimelineChart *self,
                                   double           low_wpm,
                                   double           high_wpm)
{
  g_return_if_fail (SL_IS_TIMELINE_CHART (self));

  if (isfinite (low_wpm) && isfinite (high_wpm) && high_wpm > low_wpm)
    {
      self->target_low = low_wpm;
      self->target_high = high_wpm;
    }
  else
    {
      self->target_low = NAN;
      self->target_high = NAN;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}
