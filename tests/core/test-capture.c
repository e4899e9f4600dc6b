/* Capture with GStreamer test sources: a valid WebM with both streams and
 * the right duration (checked with GstDiscoverer), preview frames, levels
 * and sampled frames on the main context, audio-only mode, and a device
 * lost mid-answer that still leaves a playable file. */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "sl-capture.h"

typedef struct
{
  char      *dir;
  SlCapture *capture;
  GThread   *main_thread;
  guint      preview_frames;
  int        preview_width;   /* what the frames must measure */
  int        preview_height;
  int        old_preview_width;  /* also accepted, just after a change */
  int        old_preview_height;
  guint      resized_frames;  /* frames at the new size after a change */
  double     resize_after_s;
  guint      sampled_frames;
  guint      levels;
  guint      device_lost;
  gboolean   stopped;
  gboolean   stop_ok;
  double     stop_after_s;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("sl-capture-XXXXXX", &error);
  g_assert_no_error (error);
  f->capture = sl_capture_new ();
  f->main_thread = g_thread_self ();
  sl_capture_set_use_test_sources (f->capture, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_assert_finalize_object (f->capture);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
preview_frame_cb (SlCapture *capture,
                  GBytes    *bytes,
                  int        width,
                  int        height,
                  int        stride,
                  Fixture   *f)
{
  g_assert_true (g_thread_self () == f->main_thread);
  if (width == f->preview_width && height == f->preview_height)
    f->resized_frames++;
  else
    {
      /* Frames already on their way when the size changed. */
      g_assert_cmpint (f->resized_frames, ==, 0);
      g_assert_cmpint (width, ==, f->old_preview_width);
      g_assert_cmpint (height, ==, f->old_preview_height);
    }
  g_assert_cmpint (stride, >=, width * 4);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, (gsize)stride * height);
  f->preview_frames++;
}

static void
sampled_frame_cb (SlCapture *capture,
                  GBytes    *bytes,
                  int        width,
                  int        height,
                  int        stride,
                  double     time_s,
                  Fixture   *f)
{
  g_assert_true (g_thread_self () == f->main_thread);
  g_assert_cmpint (width, ==, 320);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, (gsize)stride * height);
  f->sampled_frames++;
}

static void
level_cb (SlCapture *capture,
          double     rms_db,
          double     peak_db,
          Fixture   *f)
{
  g_assert_true (g_thread_self () == f->main_thread);
  /* A sine at volume 0.3: about −13 dBFS RMS. */
  g_assert_cmpfloat (rms_db, >, -30);
  g_assert_cmpfloat (rms_db, <, 0);
  f->levels++;
}

static void
device_lost_cb (SlCapture    *capture,
                const GError *error,
                Fixture      *f)
{
  g_assert_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_DEVICE_LOST);
  f->device_lost++;
}

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->stop_ok = sl_capture_stop_finish (SL_CAPTURE (object), result, &error);
  g_assert_no_error (error);
  f->stopped = TRUE;
}

/* Iterates the main context until done is set, with a deadline. */
static void
wait_for (gboolean *done,
          double    deadline_s)
{
  gint64 end = g_get_monotonic_time () + (gint64)(deadline_s * G_USEC_PER_SEC);

  while (!*done)
    {
      if (g_get_monotonic_time () > end)
        g_error ("timed out after %.0f s", deadline_s);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
poll_elapsed_cb (gpointer user_data)
{
  Fixture *f = user_data;

  if (sl_capture_get_state (f->capture) != SL_CAPTURE_STATE_RUNNING)
    return G_SOURCE_REMOVE;
  if (f->resize_after_s > 0 && sl_capture_get_elapsed (f->capture) >= f->resize_after_s)
    {
      f->resize_after_s = 0;
      f->old_preview_width = f->preview_width;
      f->old_preview_height = f->preview_height;
      f->resized_frames = 0;
      /* As the UI does when the preview is resized: 320 × 400 pixels. */
      sl_capture_set_preview_size (f->capture, 320, 400);
      sl_capture_get_preview_size (f->capture, &f->preview_width, &f->preview_height);
      g_assert_cmpint (f->preview_width, ==, 320);
      g_assert_cmpint (f->preview_height, ==, 240);
    }
  if (sl_capture_get_elapsed (f->capture) >= f->stop_after_s)
    {
      sl_capture_stop_async (f->capture, NULL, stop_cb, f);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
record (Fixture    *f,
        const char *path,
        double      seconds)
{
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->capture, "preview-frame", G_CALLBACK (preview_frame_cb), f);
  g_signal_connect (f->capture, "sampled-frame", G_CALLBACK (sampled_frame_cb), f);
  g_signal_connect (f->capture, "level", G_CALLBACK (level_cb), f);
  g_signal_connect (f->capture, "device-lost", G_CALLBACK (device_lost_cb), f);
  sl_capture_get_preview_size (f->capture, &f->preview_width, &f->preview_height);
  g_assert_true (sl_capture_start (f->capture, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sl_capture_get_state (f->capture), ==, SL_CAPTURE_STATE_RUNNING);

  f->stop_after_s = seconds;
  g_timeout_add (20, poll_elapsed_cb, f);
  wait_for (&f->stopped, seconds + 60);
  g_assert_true (f->stop_ok);
  g_assert_cmpint (sl_capture_get_state (f->capture), ==, SL_CAPTURE_STATE_IDLE);
}

static GstDiscovererInfo *
discover (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (30 * GST_SECOND, &error);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GstDiscovererInfo *info;

  g_assert_no_error (error);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gst_discoverer_info_get_result (info), ==, GST_DISCOVERER_OK);
  return info;
}

static gboolean
caps_start_with (GstDiscovererStreamInfo *stream,
                 const char              *prefix)
{
  g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (stream);
  g_autofree char *text = gst_caps_to_string (caps);

  return g_str_has_prefix (text, prefix);
}

static double
check_file (const char *path,
            gboolean    expect_video)
{
  g_autoptr(GstDiscovererInfo) info = discover (path);
  g_autoptr(GstDiscovererStreamInfo) container = gst_discoverer_info_get_stream_info (info);
  GList *video = gst_discoverer_info_get_video_streams (info);
  GList *audio = gst_discoverer_info_get_audio_streams (info);
  double duration = (double)gst_discoverer_info_get_duration (info) / GST_SECOND;

  g_assert_true (caps_start_with (container, "video/webm") || caps_start_with (container, "audio/webm"));
  g_assert_cmpuint (g_list_length (audio), ==, 1);
  g_assert_true (caps_start_with (audio->data, "audio/x-opus"));
  if (expect_video)
    {
      g_assert_cmpuint (g_list_length (video), ==, 1);
      g_assert_true (caps_start_with (video->data, "video/x-vp8"));
      g_assert_cmpuint (gst_discoverer_video_info_get_width (video->data), ==, 640);
      g_assert_cmpuint (gst_discoverer_video_info_get_height (video->data), ==, 480);
      /* The recording keeps the full rate whatever the preview does. */
      g_assert_cmpuint (gst_discoverer_video_info_get_framerate_num (video->data), ==, 30);
      g_assert_cmpuint (gst_discoverer_video_info_get_framerate_denom (video->data), ==, 1);
    }
  else
    g_assert_cmpuint (g_list_length (video), ==, 0);
  gst_discoverer_stream_info_list_free (video);
  gst_discoverer_stream_info_list_free (audio);
  return duration;
}

static void
test_record_five_seconds (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "answer.webm", NULL);
  double duration;

  record (f, path, 5.0);
  g_assert_true (sl_capture_get_has_video (f->capture));
  duration = check_file (path, TRUE);
  g_test_message ("duration %.2f s, %u preview frames, %u sampled, %u levels",
                  duration, f->preview_frames, f->sampled_frames, f->levels);
  g_assert_cmpfloat (duration, >=, 4.8);
  g_assert_cmpfloat (duration, <=, 5.5);
  /* At least a few preview frames a second even on a loaded machine, and
   * never more than 15 a second (the live sources make 30). */
  g_assert_cmpuint (f->preview_frames, >=, 25);
  g_assert_cmpuint (f->preview_frames, <=, 15 * duration + 3);
  /* Until told otherwise, frames are made at 480 × 360. */
  g_assert_cmpint (f->preview_width, ==, 480);
  g_assert_cmpint (f->resized_frames, ==, f->preview_frames);
  g_assert_cmpuint (f->sampled_frames, >=, 4);
  g_assert_cmpuint (f->sampled_frames, <=, 6);
  g_assert_cmpuint (f->levels, >=, 30);
  g_assert_cmpuint (f->device_lost, ==, 0);
}

/* The preview follows the size it is shown at while recording; the
 * recording itself stays 640 × 480 at 30 frames a second. */
static void
test_preview_resize (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "answer.webm", NULL);
  guint before;

  f->resize_after_s = 1.5;
  record (f, path, 3.0);
  check_file (path, TRUE);
  before = f->preview_frames - f->resized_frames;
  g_test_message ("%u preview frames at 480x360, then %u at 320x240", before, f->resized_frames);
  g_assert_cmpint (f->old_preview_width, ==, 480);
  g_assert_cmpuint (before, >=, 1);
  g_assert_cmpuint (f->resized_frames, >=, 5);
}

static void
test_preview_size (void)
{
  g_autoptr(SlCapture) capture = sl_capture_new ();
  int width, height;

  /* Never above the recorded size. */
  sl_capture_set_preview_size (capture, 1920, 1080);
  sl_capture_get_preview_size (capture, &width, &height);
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  /* Wide: the height decides. */
  sl_capture_set_preview_size (capture, 766, 288);
  sl_capture_get_preview_size (capture, &width, &height);
  g_assert_cmpint (width, ==, 384);
  g_assert_cmpint (height, ==, 288);
  /* Tall: the width decides, and sizes stay even. */
  sl_capture_set_preview_size (capture, 201, 500);
  sl_capture_get_preview_size (capture, &width, &height);
  g_assert_cmpint (width, ==, 200);
  g_assert_cmpint (height, ==, 150);
  /* Nothing absurd for an unallocated widget. */
  sl_capture_set_preview_size (capture, 0, 0);
  sl_capture_get_preview_size (capture, &width, &height);
  g_assert_cmpint (width, ==, 32);
  g_assert_cmpint (height, ==, 24);
}

static void
test_audio_only (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "audio.webm", NULL);
  double duration;

  sl_capture_set_video_enabled (f->capture, FALSE);
  record (f, path, 2.0);
  g_assert_false (sl_capture_get_has_video (f->capture));
  duration = check_file (path, FALSE);
  g_assert_cmpfloat (duration, >=, 1.8);
  g_assert_cmpfloat (duration, <=, 2.5);
  g_assert_cmpuint (f->preview_frames, ==, 0);
  g_assert_cmpuint (f->levels, >=, 10);
}

static void
test_device_lost (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "lost.webm", NULL);
  g_autoptr(GError) error = NULL;
  gboolean idle = FALSE;
  double duration;

  /* The camera "unplugs" after 1.5 s of a planned 10 s answer. */
  sl_capture_set_fail_video_after (f->capture, 45);
  g_signal_connect (f->capture, "device-lost", G_CALLBACK (device_lost_cb), f);
  g_assert_true (sl_capture_start (f->capture, path, &error));
  g_assert_no_error (error);
  while (!idle)
    {
      gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      while (sl_capture_get_state (f->capture) != SL_CAPTURE_STATE_IDLE)
        {
          if (g_get_monotonic_time () > end)
            g_error ("the capture did not end after the device was lost");
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
      idle = TRUE;
    }
  g_assert_cmpuint (f->device_lost, ==, 1);
  duration = check_file (path, TRUE);
  g_assert_cmpfloat (duration, >=, 1.0);
  g_assert_cmpfloat (duration, <=, 3.0);
}

static void
test_no_camera (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-camera.webm", NULL);
  const GError *video_error;
  double duration;

  /* A camera that cannot be opened: the answer is recorded as audio. */
  sl_capture_set_video_device (f->capture, "v4l2src device /dev/sl-test-no-such-camera");
  record (f, path, 1.5);
  g_assert_false (sl_capture_get_has_video (f->capture));
  video_error = sl_capture_get_video_error (f->capture);
  g_assert_error ((GError *)video_error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_CAMERA);
  duration = check_file (path, FALSE);
  g_assert_cmpfloat (duration, >=, 1.3);
  g_assert_cmpuint (f->preview_frames, ==, 0);
}

static void
test_choice_no_camera (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *none = g_build_filename (f->dir, "choice-none.webm", NULL);

  /* The settings' "none" records sound only, test sources or not. */
  sl_capture_set_choices (f->capture, SL_CAPTURE_NO_CAMERA, "");
  record (f, none, 1.0);
  g_assert_false (sl_capture_get_has_video (f->capture));
  g_assert_null (sl_capture_get_video_error (f->capture));
  check_file (none, FALSE);
  g_assert_cmpuint (f->preview_frames, ==, 0);
}

static void
test_choice_missing_camera (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "choice-missing.webm", NULL);

  /* A chosen camera id builds its own source; one that is gone falls
   * back to sound only and says why. */
  sl_capture_set_choices (f->capture, "v4l2src device /dev/sl-test-no-such-camera", NULL);
  record (f, missing, 1.0);
  g_assert_false (sl_capture_get_has_video (f->capture));
  g_assert_error ((GError *)sl_capture_get_video_error (f->capture), SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_CAMERA);
  check_file (missing, FALSE);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_capture_start (f->capture, NULL, &error));
  g_assert_false (sl_capture_start (f->capture, NULL, &error));
  g_assert_error (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_BUSY);
  sl_capture_stop_async (f->capture, NULL, stop_cb, f);
  wait_for (&f->stopped, 30);
}

static SlCaptureDevice *
device_new (const char *id,
            const char *name)
{
  SlCaptureDevice *device = g_new0 (SlCaptureDevice, 1);

  device->id = g_strdup (id);
  device->name = g_strdup (name);
  return device;
}

static void
test_find_device (void)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
  SlCaptureDevice *webcam = device_new ("v4l2src device /dev/video0", "Integrated Webcam");
  SlCaptureDevice *usb = device_new ("v4l2src device /dev/video2", "USB Camera HD");
  SlCaptureDevice *other = device_new ("pipewiresrc target-object 42", "USB Camera HD (2)");

  g_ptr_array_add (devices, webcam);
  g_ptr_array_add (devices, usb);
  g_ptr_array_add (devices, other);

  /* By id, by whole name in any case, by a part of one name only. */
  g_assert_true (sl_capture_find_device (devices, "v4l2src device /dev/video2") == usb);
  g_assert_true (sl_capture_find_device (devices, "integrated webcam") == webcam);
  g_assert_true (sl_capture_find_device (devices, "Webcam") == webcam);
  g_assert_true (sl_capture_find_device (devices, "usb camera hd") == usb);
  g_assert_true (sl_capture_find_device (devices, "(2)") == other);
  /* A part of two names is ambiguous; unknown, empty and NULL find nothing. */
  g_assert_null (sl_capture_find_device (devices, "USB"));
  g_assert_null (sl_capture_find_device (devices, "Studio Microphone"));
  g_assert_null (sl_capture_find_device (devices, ""));
  g_assert_null (sl_capture_find_device (devices, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add ("/sl/capture/record-five-seconds", Fixture, NULL, fixture_set_up, test_record_five_seconds, fixture_tear_down);
  g_test_add ("/sl/capture/preview-resize", Fixture, NULL, fixture_set_up, test_preview_resize, fixture_tear_down);
  g_test_add_func ("/sl/capture/preview-size", test_preview_size);
  g_test_add ("/sl/capture/audio-only", Fixture, NULL, fixture_set_up, test_audio_only, fixture_tear_down);
  g_test_add ("/sl/capture/device-lost", Fixture, NULL, fixture_set_up, test_device_lost, fixture_tear_down);
  g_test_add ("/sl/capture/no-camera", Fixture, NULL, fixture_set_up, test_no_camera, fixture_tear_down);
  g_test_add_func ("/sl/capture/find-device", test_find_device);
  g_test_add ("/sl/capture/choice-no-camera", Fixture, NULL, fixture_set_up, test_choice_no_camera, fixture_tear_down);
  g_test_add ("/sl/capture/choice-missing-camera", Fixture, NULL, fixture_set_up, test_choice_missing_camera, fixture_tear_down);
  g_test_add ("/sl/capture/busy", Fixture, NULL, fixture_set_up, test_busy, fixture_tear_down);

  return g_test_run ();
}
