/* test-charts.c: render every chart widget, light and dark, and check it */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "sl-confusion-matrix.h"
#include "sl-histogram.h"
#include "sl-level-meter.h"
#include "sl-roc-chart.h"
#include "sl-timeline-chart.h"
#include "sl-trend-chart.h"

#define MARGIN 12
#define WAIT_SECONDS 10

/* What a rendered chart looks like, measured against its background. */
typedef struct
{
  guint  width;
  guint  height;
  guint  ink;            /* pixels that differ visibly from the background */
  double bg_luminance;
  double min_luminance;  /* of the ink */
  double max_luminance;
} RenderStats;

static guint frames;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @widget has the size asked for and two
 * frames have been drawn since, or fails after WAIT_SECONDS.
 */
static void
wait_for_frames (GtkWidget *widget,
                 int        width,
                 int        height)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  guint tick = gtk_widget_add_tick_callback (widget, count_frame_cb, NULL, NULL);
  guint start = 0;
  gboolean sized = FALSE;

  frames = 0;
  while (!sized || frames < start + 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);

      if (!sized &&
          gtk_widget_get_mapped (widget) &&
          gtk_widget_get_width (widget) == width &&
          gtk_widget_get_height (widget) == height)
        {
          sized = TRUE;
          start = frames;
        }
    }

  gtk_widget_remove_tick_callback (widget, tick);
  g_source_remove (wake);
}

static double
luminance (const guint8 *pixel)
{
  /* Cairo's ARGB32 in memory order on little endian: B, G, R, A. */
  return (0.0722 * pixel[0] + 0.7152 * pixel[1] + 0.2126 * pixel[2]) / 255.0;
}

static void
measure_texture (GdkTexture  *texture,
                 RenderStats *stats)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize)width * 4;
  g_autofree guint8 *data = g_malloc (stride * height);
  const guint8 *bg;

  gdk_texture_download (texture, data, stride);

  /* The margin around the chart is pure background. */
  bg = data + stride * 2 + 2 * 4;
  stats->width = width;
  stats->height = height;
  stats->ink = 0;
  stats->bg_luminance = luminance (bg);
  stats->min_luminance = 1.0;
  stats->max_luminance = 0.0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = data + stride * y + x * 4;
        int diff = ABS (p[0] - bg[0]) + ABS (p[1] - bg[1]) + ABS (p[2] - bg[2]);

        if (diff > 30)
          {
            double l = luminance (p);

            stats->ink++;
            stats->min_luminance = MIN (stats->min_luminance, l);
            stats->max_luminance = MAX (stats->max_luminance, l);
          }
      }
}

/* Shows @chart alone in an undecorated window at @width × @height, on the
 * window background, in the given style; returns the window.
 */
static GtkWidget *
present_chart (GtkWidget *chart,
               int        width,
               int        height,
               gboolean   dark)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkWidget *window;
  GtkWidget *box;
  int box_width = width + 2 * MARGIN;
  int box_height = height + 2 * MARGIN;

  adw_style_manager_set_color_scheme (style_manager,
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), box_width, box_height);
  gtk_window_set_resizable (GTK_WINDOW (window), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "background");
  gtk_widget_set_size_request (box, box_width, box_height);
  gtk_widget_set_size_request (chart, width, height);
  gtk_widget_set_margin_start (chart, MARGIN);
  gtk_widget_set_margin_end (chart, MARGIN);
  gtk_widget_set_margin_top (chart, MARGIN);
  gtk_widget_set_margin_bottom (chart, MARGIN);
  gtk_widget_set_halign (chart, GTK_ALIGN_START);
  gtk_widget_set_valign (chart, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  wait_for_frames (chart, width, height);

  return window;
}

/* Takes @chart out of its window again and destroys the window. */
static void
dismiss_chart (GtkWidget *chart)
{
  GtkWidget *box = gtk_widget_get_parent (chart);
  GtkRoot *window = gtk_widget_get_root (chart);

  g_object_ref (chart);
  gtk_box_remove (GTK_BOX (box), chart);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Renders the box around a presented chart with its window's renderer,
 * saves it as @file_name in the build directory and measures it.
 */
static void
snapshot_chart (GtkWidget   *chart,
                const char  *file_name,
                RenderStats *stats)
{
  GtkWidget *box = gtk_widget_get_parent (chart);
  GtkNative *native = gtk_widget_get_native (chart);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int box_width = gtk_widget_get_width (box);
  int box_height = gtk_widget_get_height (box);

  paintable = gtk_widget_paintable_new (box);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, box_width, box_height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, box_width, box_height));
  g_assert_nonnull (texture);

  path = g_test_build_filename (G_TEST_BUILT, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);

  measure_texture (texture, stats);
}

/* Shows @chart in a window at @width × @height in the given style, saves
 * <name>-light.png or <name>-dark.png and measures it. The chart is handed
 * back with one more reference.
 */
static void
render_chart (GtkWidget   *chart,
              int          width,
              int          height,
              gboolean     dark,
              const char  *name,
              RenderStats *stats)
{
  g_autofree char *file_name = g_strdup_printf ("%s-%s.png", name, dark ? "dark" : "light");

  present_chart (chart, width, height, dark);
  snapshot_chart (chart, file_name, stats);
  dismiss_chart (chart);
}

/* Renders @chart in both styles and checks that something legible was drawn:
 * enough ink, and text that contrasts with the background in each style.
 * Returns the ink of the light rendering.
 */
static guint
check_both_styles (GtkWidget  *chart,
                   int         width,
                   int         height,
                   const char *name)
{
  RenderStats light;
  RenderStats dark;

  render_chart (chart, width, height, FALSE, name, &light);
  g_object_unref (chart);
  render_chart (chart, width, height, TRUE, name, &dark);
  g_object_unref (chart);

  g_assert_cmpuint (light.width, ==, width + 2 * MARGIN);
  g_assert_cmpuint (light.height, ==, height + 2 * MARGIN);
  g_assert_cmpuint (light.ink, >, 0);
  g_assert_cmpuint (dark.ink, >, 0);

  /* Light style: dark text on a light background; dark style: the reverse. */
  g_assert_cmpfloat (light.bg_luminance, >, 0.7);
  g_assert_cmpfloat (light.min_luminance, <, light.bg_luminance - 0.5);
  g_assert_cmpfloat (dark.bg_luminance, <, 0.3);
  g_assert_cmpfloat (dark.max_luminance, >, dark.bg_luminance + 0.5);

  /* Both styles draw the same things. */
  g_assert_cmpfloat (fabs ((double)light.ink - dark.ink), <, 0.5 * MAX (light.ink, dark.ink));

  return light.ink;
}

static void
assert_description (GtkWidget  *widget,
                    const char *expected)
{
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

/* Histogram */

static const guint histogram_counts[] = { 1, 2, 4, 7, 11, 16, 12, 8, 5, 2 };

static GArray *
histogram_values (void)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (double));

  /* Each bin's values spread over the bin, plus values that must be skipped. */
  for (guint bin = 0; bin < G_N_ELEMENTS (histogram_counts); bin++)
    for (guint i = 0; i < histogram_counts[bin]; i++)
      {
        double v = bin * 10 + 10.0 * (i + 0.5) / histogram_counts[bin];

        g_array_append_val (values, v);
      }

  {
    double skipped[] = { NAN, INFINITY, -INFINITY };

    g_array_append_vals (values, skipped, G_N_ELEMENTS (skipped));
  }

  return values;
}

static void
test_histogram_data (void)
{
  g_autoptr(GArray) values = histogram_values ();
  GtkWidget *chart = g_object_ref_sink (sl_histogram_new ());
  g_autofree char *expected = NULL;
  guint total = 0;
  guint above = 0;
  guint ink;

  for (guint bin = 0; bin < G_N_ELEMENTS (histogram_counts); bin++)
    {
      total += histogram_counts[bin];
      if (bin >= 6)
        above += histogram_counts[bin];
    }

  sl_histogram_set_values (SL_HISTOGRAM (chart), (const double *)values->data, values->len,
                           0, 100, G_N_ELEMENTS (histogram_counts));
  sl_histogram_set_threshold (SL_HISTOGRAM (chart), 60, NULL);

  g_assert_cmpuint (sl_histogram_get_n_values (SL_HISTOGRAM (chart)), ==, total);
  for (guint bin = 0; bin < G_N_ELEMENTS (histogram_counts); bin++)
    g_assert_cmpuint (sl_histogram_get_bin_count (SL_HISTOGRAM (chart), bin), ==,
                      histogram_counts[bin]);

  expected = g_strdup_printf ("Histogram of %u values from 0 to 100 in 10 bins. "
                              "The largest bin, 50 to 60, holds 16 values. "
                              "%u values at or above the threshold 60.", total, above);
  assert_description (chart, expected);

  ink = check_both_styles (chart, 360, 200, "histogram");
  /* Bars, axes and labels cover a good part of the chart. */
  g_assert_cmpuint (ink, >, 360 * 200 / 10);

  g_assert_finalize_object (chart);
}

static void
test_histogram_empty (void)
{
  GtkWidget *chart = g_object_ref_sink (sl_histogram_new ());
  double only_nan[] = { NAN, NAN };
  guint ink;

  assert_description (chart, "No data yet");
  sl_histogram_set_values (SL_HISTOGRAM (chart), only_nan, G_N_ELEMENTS (only_nan), 0, 100, 10);
  g_assert_cmpuint (sl_histogram_get_n_values (SL_HISTOGRAM (chart)), ==, 0);
  assert_description (chart, "No data yet");

  ink = check_both_styles (chart, 360, 200, "histogram-empty");
  /* A line of text and an outline, nothing more. */
  g_assert_cmpuint (ink, <, 360 * 200 / 20);

  g_assert_finalize_object (chart);
}

/* ROC curve */

static void
test_roc_data (void)
{
  /* Unsorted, without the end points, with a point that must be skipped;
   * the area by the trapezoid rule, by hand: 0.025 + 0.06 + 0.155 + 0.18 + 0.39.
   */
  const double fpr[] = { 0.2, 0.1, NAN, 0.4, 0.6 };
  const double tpr[] = { 0.7, 0.5, 0.9, 0.85, 0.95 };
  const double old_fpr[] = { 0, 0.1, 0.3, 0.5, 0.8, 1 };
  const double old_tpr[] = { 0, 0.3, 0.55, 0.75, 0.9, 1 };
  GtkWidget *chart = g_object_ref_sink (sl_roc_chart_new ());
  guint ink;

  sl_roc_chart_set_points (SL_ROC_CHART (chart), fpr, tpr, G_N_ELEMENTS (fpr), NAN);
  g_assert_cmpfloat_with_epsilon (sl_roc_chart_get_auc (SL_ROC_CHART (chart)), 0.81, 1e-9);
  assert_description (chart, "ROC curve, area under the curve 0.81.");

  sl_roc_chart_set_comparison (SL_ROC_CHART (chart), old_fpr, old_tpr, G_N_ELEMENTS (old_fpr),
                               0.74);
  sl_roc_chart_set_names (SL_ROC_CHART (chart), "Version 4", "Version 3 (active)");
  assert_description (chart, "ROC curve, area under the curve 0.81. "
                             "Version 3 (active): area under the curve 0.74.");

  ink = check_both_styles (chart, 340, 320, "roc");
  g_assert_cmpuint (ink, >, 340 * 320 / 10);

  /* Removing the comparison leaves the model alone. */
  sl_roc_chart_set_comparison (SL_ROC_CHART (chart), NULL, NULL, 0, NAN);
  g_assert_true (isnan (sl_roc_chart_get_comparison_auc (SL_ROC_CHART (chart))));
  assert_description (chart, "ROC curve, area under the curve 0.81.");

  g_assert_finalize_object (chart);
}

static void
test_roc_empty (void)
{
  const double bad[] = { NAN, INFINITY };
  GtkWidget *chart = g_object_ref_sink (sl_roc_chart_new ());
  guint ink;

  sl_roc_chart_set_points (SL_ROC_CHART (chart), bad, bad, G_N_ELEMENTS (bad), NAN);
  g_assert_true (isnan (sl_roc_chart_get_auc (SL_ROC_CHART (chart))));
  assert_description (chart, "No data yet");

  ink = check_both_styles (chart, 340, 320, "roc-empty");
  g_assert_cmpuint (ink, <, 340 * 320 / 20);

  g_assert_finalize_object (chart);
}

/* Confusion matrix */

static void
test_confusion_data (void)
{
  GtkWidget *chart = g_object_ref_sink (sl_confusion_matrix_new ());
  guint ink;

  sl_confusion_matrix_set_counts (SL_CONFUSION_MATRIX (chart), 80, 10, 15, 95);
  g_assert_cmpuint (sl_confusion_matrix_get_total (SL_CONFUSION_MATRIX (chart)), ==, 200);
  g_assert_cmpfloat_with_epsilon (sl_confusion_matrix_get_accuracy (SL_CONFUSION_MATRIX (chart)),
                                  175.0 / 200, 1e-12);
  assert_description (chart, "Confusion matrix of 200 results. "
                             "Shortlisted correctly: 80. "
                             "Shortlisted but should be rejected: 10. "
                             "Rejected but should be shortlisted: 15. "
                             "Rejected correctly: 95. "
                             "Accuracy 87.5 %.");

  ink = check_both_styles (chart, 360, 260, "confusion");
  g_assert_cmpuint (ink, >, 360 * 260 / 5);

  g_assert_finalize_object (chart);
}

static void
test_confusion_empty (void)
{
  GtkWidget *chart = g_object_ref_sink (sl_confusion_matrix_new ());
  guint ink;

  assert_description (chart, "No data yet");
  sl_confusion_matrix_set_counts (SL_CONFUSION_MATRIX (chart), 0, 0, 0, 0);
  g_assert_true (isnan (sl_confusion_matrix_get_accuracy (SL_CONFUSION_MATRIX (chart))));
  assert_description (chart, "No data yet");

  ink = check_both_styles (chart, 360, 260, "confusion-empty");
  g_assert_cmpuint (ink, <, 360 * 260 / 20);

  g_assert_finalize_object (chart);
}

/* Trend chart */

static void
test_trend_data (void)
{
  const double auc[] = { 0.81, 0.83, 0.82, 0.86, 0.88 };
  const double f1[] = { 0.70, 0.72, NAN, 0.76, 0.79 };
  const double accuracy[] = { 0.74, 0.77, 0.78, 0.81, 0.84 };
  const char * const versions[] = { "v1", "v2", "v3", "v4", "v5", NULL };
  GtkWidget *chart = g_object_ref_sink (sl_trend_chart_new ());
  guint ink;

  sl_trend_chart_set_series (SL_TREND_CHART (chart), "ROC AUC", auc, G_N_ELEMENTS (auc));
  sl_trend_chart_set_series (SL_TREND_CHART (chart), "F1", f1, G_N_ELEMENTS (f1));
  sl_trend_chart_set_series (SL_TREND_CHART (chart), "Accuracy", f1, G_N_ELEMENTS (f1));
  /* Replacing by name keeps one series. */
  sl_trend_chart_set_series (SL_TREND_CHART (chart), "Accuracy", accuracy, G_N_ELEMENTS (accuracy));
  g_assert_cmpuint (sl_trend_chart_get_n_series (SL_TREND_CHART (chart)), ==, 3);
  sl_trend_chart_set_x_labels (SL_TREND_CHART (chart), versions);
  sl_trend_chart_set_active_index (SL_TREND_CHART (chart), 3);

  assert_description (chart, "Trend over 5 points. "
                             "ROC AUC: from 0.81 at v1 to 0.88 at v5. "
                             "F1: from 0.70 at v1 to 0.79 at v5. "
                             "Accuracy: from 0.74 at v1 to 0.84 at v5. "
                             "Highlighted: v4.");

  ink = check_both_styles (chart, 420, 220, "trend");
  g_assert_cmpuint (ink, >, 420 * 220 / 20);

  g_assert_true (sl_trend_chart_remove_series (SL_TREND_CHART (chart), "F1"));
  g_assert_false (sl_trend_chart_remove_series (SL_TREND_CHART (chart), "F1"));
  sl_trend_chart_set_active_index (SL_TREND_CHART (chart), -1);
  assert_description (chart, "Trend over 5 points. "
                             "ROC AUC: from 0.81 at v1 to 0.88 at v5. "
                             "Accuracy: from 0.74 at v1 to 0.84 at v5.");

  g_assert_finalize_object (chart);
}

static void
test_trend_many_points (void)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  double wpm[30];
  double fillers[30];
  GtkWidget *chart = g_object_ref_sink (sl_trend_chart_new ());

  /* Thirty sessions with dates for labels: labels must thin out, not overlap. */
  for (guint i = 0; i < G_N_ELEMENTS (wpm); i++)
    {
      wpm[i] = 170 - 40.0 * i / 29 + (i % 3) * 4;
      fillers[i] = 9 - 7.0 * i / 29;
      g_ptr_array_add (labels, g_strdup_printf ("Nov %u", i + 1));
    }
  g_ptr_array_add (labels, NULL);

  sl_trend_chart_set_series (SL_TREND_CHART (chart), "Words per minute", wpm, G_N_ELEMENTS (wpm));
  sl_trend_chart_set_series (SL_TREND_CHART (chart), "Fillers per minute", fillers,
                             G_N_ELEMENTS (fillers));
  sl_trend_chart_set_x_labels (SL_TREND_CHART (chart), (const char * const *)labels->pdata);
  sl_trend_chart_set_active_index (SL_TREND_CHART (chart), 29);

  check_both_styles (chart, 420, 220, "trend-sessions");

  g_assert_finalize_object (chart);
}

static void
test_trend_empty (void)
{
  const double nothing[] = { NAN, NAN, NAN };
  GtkWidget *chart = g_object_ref_sink (sl_trend_chart_new ());
  guint ink;

  sl_trend_chart_set_series (SL_TREND_CHART (chart), "ROC AUC", nothing, G_N_ELEMENTS (nothing));
  assert_description (chart, "No data yet");

  ink = check_both_styles (chart, 420, 220, "trend-empty");
  g_assert_cmpuint (ink, <, 420 * 220 / 20);

  g_assert_finalize_object (chart);
}

/* Answer timeline */

static void
test_timeline_data (void)
{
  const double times[] = { 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90,
                           NAN };
  const double wpm[] = { 118, 132, 141, 150, 0, 128, 152, 163, 171, 160, 0, 0, 138, 146, 140, 155,
                         149, 136, 300 };
  const double pause_starts[] = { 22.5, 53.0, 58.1, 70 };
  const double pause_ends[] = { 25.8, 58.0, 61.2, INFINITY };
  const double filler_times[] = { 3.2, 12.5, 13.4, 31.0, 44.8, 66.3, 81.9 };
  const char * const filler_words[] = { "um", "like", "you know", "uh", "basically", "so", "um" };
  GtkWidget *chart = g_object_ref_sink (sl_timeline_chart_new ());
  guint ink;

  sl_timeline_chart_set_pace (SL_TIMELINE_CHART (chart), times, wpm, G_N_ELEMENTS (times));
  sl_timeline_chart_set_pauses (SL_TIMELINE_CHART (chart), pause_starts, pause_ends,
                                G_N_ELEMENTS (pause_starts));
  sl_timeline_chart_set_fillers (SL_TIMELINE_CHART (chart), filler_times, filler_words,
                                 G_N_ELEMENTS (filler_times));
  sl_timeline_chart_set_target_pace (SL_TIMELINE_CHART (chart), 120, 160);

  /* Without a duration the axis ends at the last data point. */
  g_assert_cmpfloat (sl_timeline_chart_get_duration (SL_TIMELINE_CHART (chart)), ==, 90);
  sl_timeline_chart_set_duration (SL_TIMELINE_CHART (chart), 95);

  /* The mean of the 18 finite samples is 2179 / 18 = 121.1; the unfinished
   * pause is skipped: 3.3 + 5.0 + 3.1 = 11.4 seconds.
   */
  assert_description (chart, "Answer timeline over 95 seconds. "
                             "Pace averages 121 words per minute, from 0 to 171. "
                             "3 long pauses, 11.4 seconds in all. "
                             "7 filler words.");

  ink = check_both_styles (chart, 520, 220, "timeline");
  g_assert_cmpuint (ink, >, 520 * 220 / 10);

  g_assert_finalize_object (chart);
}

static void
test_timeline_empty (void)
{
  const double bad[] = { NAN, -1 };
  GtkWidget *chart = g_object_ref_sink (sl_timeline_chart_new ());
  guint ink;

  sl_timeline_chart_set_pace (SL_TIMELINE_CHART (chart), bad, bad, G_N_ELEMENTS (bad));
  sl_timeline_chart_set_pauses (SL_TIMELINE_CHART (chart), bad, bad, G_N_ELEMENTS (bad));
  assert_description (chart, "No data yet");

  ink = check_both_styles (chart, 520, 220, "timeline-empty");
  g_assert_cmpuint (ink, <, 520 * 220 / 20);

  g_assert_finalize_object (chart);
}

/* Level meter */

static void
test_level_meter_values (void)
{
  GtkWidget *meter = g_object_ref_sink (sl_level_meter_new ());
  SlLevelMeter *self = SL_LEVEL_METER (meter);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_ROLE_METER);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Microphone level");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_VALUE_MIN,
                                       -60.0);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_VALUE_MAX,
                                       0.0);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                       "Silent");

  sl_level_meter_set_level (self, -12.4, -4);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                       -12.0);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                       "-12 dB");

  /* NaN and +∞ change nothing; levels beyond the scale are clamped. */
  sl_level_meter_set_level (self, NAN, NAN);
  sl_level_meter_set_level (self, INFINITY, 0);
  g_assert_cmpfloat (sl_level_meter_get_rms (self), ==, -12.4);
  g_assert_cmpfloat (sl_level_meter_get_peak (self), ==, -4);
  sl_level_meter_set_level (self, 3, 6);
  g_assert_cmpfloat (sl_level_meter_get_rms (self), ==, 0);
  g_assert_cmpfloat (sl_level_meter_get_peak (self), ==, 0);

  /* Silence from GStreamer's level element is -∞. */
  sl_level_meter_set_level (self, -INFINITY, -INFINITY);
  g_assert_cmpfloat (sl_level_meter_get_rms (self), ==, SL_LEVEL_METER_FLOOR_DB);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter), GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT,
                                       "Silent");

  /* Rendered while speaking loudly, then silent. */
  sl_level_meter_set_level (self, -9, -2);
  check_both_styles (meter, 240, 12, "level-meter");
  sl_level_meter_reset (self);
  g_assert_cmpfloat (sl_level_meter_get_display_level (self), ==, SL_LEVEL_METER_FLOOR_DB);

  /* Upright beside a camera preview: the natural size turns with it. */
  {
    int natural_width, natural_height;

    gtk_widget_set_size_request (meter, -1, -1);
    gtk_orientable_set_orientation (GTK_ORIENTABLE (meter), GTK_ORIENTATION_VERTICAL);
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (meter),
                                         GTK_ACCESSIBLE_PROPERTY_ORIENTATION,
                                         GTK_ORIENTATION_VERTICAL);
    gtk_widget_measure (meter, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
    gtk_widget_measure (meter, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural_height, NULL, NULL);
    g_assert_cmpint (natural_height, >, natural_width);

    sl_level_meter_set_level (self, -30, -20);
    check_both_styles (meter, 12, 160, "level-meter-vertical");
  }

  g_assert_finalize_object (meter);
}

static void
test_level_meter_decay (void)
{
  GtkWidget *meter = g_object_ref_sink (sl_level_meter_new ());
  SlLevelMeter *self = SL_LEVEL_METER (meter);
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  GtkWidget *window = present_chart (meter, 240, 12, FALSE);
  double previous;
  guint steps = 0;

  (void)window;

  /* A rise shows at once. */
  sl_level_meter_set_level (self, -6, -3);
  g_assert_cmpfloat (sl_level_meter_get_display_level (self), ==, -6);
  g_assert_cmpfloat (sl_level_meter_get_display_peak (self), ==, -3);

  /* A fall does not: the bar comes down over several frames, never below
   * the level, and the peak mark stays up meanwhile.
   */
  sl_level_meter_set_level (self, -50, -48);
  g_assert_cmpfloat (sl_level_meter_get_display_level (self), ==, -6);
  previous = -6;
  while (sl_level_meter_get_display_level (self) > -50)
    {
      double now;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);

      now = sl_level_meter_get_display_level (self);
      g_assert_cmpfloat (now, <=, previous);
      g_assert_cmpfloat (now, >=, -50);
      if (now < previous && now > -50)
        steps++;
      previous = now;
      g_assert_cmpfloat (sl_level_meter_get_display_peak (self), >=, now);
    }
  g_assert_cmpuint (steps, >=, 3);

  /* The peak mark comes down too, after holding. */
  while (sl_level_meter_get_display_peak (self) > -48)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
  dismiss_chart (meter);
  g_object_unref (meter);
  g_assert_finalize_object (meter);
}

/* Every chart */

static GtkWidget *
histogram_with_data (void)
{
  g_autoptr(GArray) values = histogram_values ();
  GtkWidget *chart = g_object_ref_sink (sl_histogram_new ());

  sl_histogram_set_values (SL_HISTOGRAM (chart), (const double *)values->data, values->len,
                           0, 100, G_N_ELEMENTS (histogram_counts));
  sl_histogram_set_threshold (SL_HISTOGRAM (chart), 60, NULL);

  return chart;
}

/* Switching the style of a shown chart redraws it in the new colours. */
static void
test_style_switch (void)
{
  GtkWidget *chart = histogram_with_data ();
  RenderStats light;
  RenderStats dark;

  present_chart (chart, 360, 200, FALSE);
  snapshot_chart (chart, "switch-light.png", &light);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_frames (chart, 360, 200);
  snapshot_chart (chart, "switch-dark.png", &dark);

  g_assert_cmpfloat (light.min_luminance, <, light.bg_luminance - 0.5);
  g_assert_cmpfloat (dark.bg_luminance, <, 0.3);
  g_assert_cmpfloat (dark.max_luminance, >, dark.bg_luminance + 0.5);

  dismiss_chart (chart);
  g_object_unref (chart);
  g_assert_finalize_object (chart);
}

/* At their minimum size, charts still draw something sensible. */
static void
test_minimum_size (void)
{
  const double fpr[] = { 0.1, 0.3, 0.6 };
  const double tpr[] = { 0.6, 0.8, 0.9 };
  const double values[] = { 0.7, 0.75, 0.8 };
  const double times[] = { 5, 10, 15, 20 };
  const double wpm[] = { 120, 150, 140, 160 };
  const double pause_start[] = { 11 };
  const double pause_end[] = { 14 };
  const double filler_times[] = { 3, 17 };
  const char * const filler_words[] = { "um", "like" };
  GtkWidget *charts[5];
  const char *names[] = { "histogram-small", "roc-small", "confusion-small", "trend-small",
                          "timeline-small" };

  charts[0] = histogram_with_data ();
  charts[1] = g_object_ref_sink (sl_roc_chart_new ());
  sl_roc_chart_set_points (SL_ROC_CHART (charts[1]), fpr, tpr, G_N_ELEMENTS (fpr), NAN);
  charts[2] = g_object_ref_sink (sl_confusion_matrix_new ());
  sl_confusion_matrix_set_counts (SL_CONFUSION_MATRIX (charts[2]), 1234, 56, 78, 9012);
  charts[3] = g_object_ref_sink (sl_trend_chart_new ());
  sl_trend_chart_set_series (SL_TREND_CHART (charts[3]), "ROC AUC", values, G_N_ELEMENTS (values));
  sl_trend_chart_set_active_index (SL_TREND_CHART (charts[3]), 2);
  charts[4] = g_object_ref_sink (sl_timeline_chart_new ());
  sl_timeline_chart_set_pace (SL_TIMELINE_CHART (charts[4]), times, wpm, G_N_ELEMENTS (times));
  sl_timeline_chart_set_pauses (SL_TIMELINE_CHART (charts[4]), pause_start, pause_end, 1);
  sl_timeline_chart_set_fillers (SL_TIMELINE_CHART (charts[4]), filler_times, filler_words, 2);

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      int width, height;
      RenderStats stats;

      gtk_widget_measure (charts[i], GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
      gtk_widget_measure (charts[i], GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
      g_assert_cmpint (width, >, 0);
      g_assert_cmpint (height, >, 0);

      render_chart (charts[i], width, height, FALSE, names[i], &stats);
      g_object_unref (charts[i]);
      g_assert_cmpuint (stats.ink, >, (guint)(width * height / 50));

      g_assert_finalize_object (charts[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sl/charts/histogram/data", test_histogram_data);
  g_test_add_func ("/sl/charts/histogram/empty", test_histogram_empty);

  g_test_add_func ("/sl/charts/roc/data", test_roc_data);
  g_test_add_func ("/sl/charts/roc/empty", test_roc_empty);

  g_test_add_func ("/sl/charts/confusion/data", test_confusion_data);
  g_test_add_func ("/sl/charts/confusion/empty", test_confusion_empty);

  g_test_add_func ("/sl/charts/trend/data", test_trend_data);
  g_test_add_func ("/sl/charts/trend/many-points", test_trend_many_points);
  g_test_add_func ("/sl/charts/trend/empty", test_trend_empty);

  g_test_add_func ("/sl/charts/timeline/data", test_timeline_data);
  g_test_add_func ("/sl/charts/timeline/empty", test_timeline_empty);

  g_test_add_func ("/sl/charts/level-meter/values", test_level_meter_values);
  g_test_add_func ("/sl/charts/level-meter/decay", test_level_meter_decay);

  g_test_add_func ("/sl/charts/style-switch", test_style_switch);
  g_test_add_func ("/sl/charts/minimum-size", test_minimum_size);

  return g_test_run ();
}
