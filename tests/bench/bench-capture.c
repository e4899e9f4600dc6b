/* CPU used while recording 640×480@30 VP8 + Opus with a live preview
 * (test sources; every preview frame is copied once more, as the UI
 * does when it makes a texture). Run with:
 * meson test -C build --suite bench bench-capture -v */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "sl-capture.h"

typedef struct
{
  guint     frames;
  gboolean  done;
  guint8   *texture;
} State;

static void
preview_cb (SlCapture *capture,
            GBytes    *bytes,
            int        width,
            int        height,
            int        stride,
            State     *state)
{
  gsize size = g_bytes_get_size (bytes);

  state->texture = g_realloc (state->texture, size);
  memcpy (state->texture, g_bytes_get_data (bytes, NULL), size);
  state->frames++;
}

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  State *state = user_data;

  g_assert_true (sl_capture_stop_finish (SL_CAPTURE (object), result, NULL));
  state->done = TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
bench_record (void)
{
  const double seconds = 10;
  g_autoptr(SlCapture) capture = sl_capture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-bench-capture-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "answer.webm", NULL);
  State state = { 0 };
  double cpu0, cpu1;
  gint64 wall0, wall1;

  sl_capture_set_use_test_sources (capture, TRUE);
  g_signal_connect (capture, "preview-frame", G_CALLBACK (preview_cb), &state);
  cpu0 = cpu_seconds ();
  wall0 = g_get_monotonic_time ();
  g_assert_true (sl_capture_start (capture, path, &error));
  g_assert_no_error (error);
  while (sl_capture_get_elapsed (capture) < seconds)
    g_main_context_iteration (NULL, TRUE);
  sl_capture_stop_async (capture, NULL, stopped_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  cpu1 = cpu_seconds ();
  wall1 = g_get_monotonic_time ();

  g_test_message ("recording %.0f s with preview: %.1f s CPU over %.1f s wall = %.0f %% of one core; "
                  "%u preview frames (%.1f per second)", seconds, cpu1 - cpu0, (wall1 - wall0) / 1e6,
                  100 * (cpu1 - cpu0) / ((wall1 - wall0) / 1e6), state.frames, state.frames / seconds);
  printf ("# RESULT capture cpu_percent_of_one_core=%.0f preview_fps=%.1f\n",
          100 * (cpu1 - cpu0) / ((wall1 - wall0) / 1e6), state.frames / seconds);
  g_free (state.texture);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/sl/bench/capture/record-with-preview", bench_record);

  return g_test_run ();
}
