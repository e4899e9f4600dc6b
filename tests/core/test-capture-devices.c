/* Devices: the pure list updates behind hot-plug, SlDeviceWatch following
 * devices plugged in and out of a device provider registered by this test,
 * and a recording whose sources the chosen GstDevices made with
 * gst_device_create_element(). */
#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "sl-capture.h"
#include "sl-device-watch.h"
#include "sl-test-devices.h"

/* ---- Helpers ----------------------------------------------------------- */

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean   *flag,
          const char *what)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer)what);

  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
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

static const char *
ids (GPtrArray *devices)
{
  static char *text;
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < devices->len; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? "|" : "", ((SlCaptureDevice *)devices->pdata[i])->id);
  g_free (text);
  text = g_strdup (s->str);
  return text;
}

/* ---- Pure list updates ------------------------------------------------- */

static void
test_list_updates (void)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);

  sl_capture_devices_add (devices, device_new ("v4l2src device /dev/video0", "Webcam"));
  sl_capture_devices_add (devices, device_new ("v4l2src device /dev/video2", "USB Camera"));
  g_assert_cmpstr (ids (devices), ==, "v4l2src device /dev/video0|v4l2src device /dev/video2");

  /* Seen again (a provider restarted): replaced in place, not doubled. */
  sl_capture_devices_add (devices, device_new ("v4l2src device /dev/video0", "Webcam (renamed)"));
  g_assert_cmpuint (devices->len, ==, 2);
  g_assert_cmpstr (((SlCaptureDevice *)devices->pdata[0])->name, ==, "Webcam (renamed)");

  g_assert_true (sl_capture_devices_remove (devices, "v4l2src device /dev/video0"));
  g_assert_cmpstr (ids (devices), ==, "v4l2src device /dev/video2");
  g_assert_false (sl_capture_devices_remove (devices, "v4l2src device /dev/video0"));
  g_assert_false (sl_capture_devices_remove (devices, NULL));
  g_assert_cmpuint (devices->len, ==, 1);
}

static void
test_choice_position (void)
{
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
  const char *usb = "v4l2src device /dev/video2";

  /* Rows: Default, No camera, then the cameras. */
  g_assert_cmpuint (sl_capture_choice_position (cameras, "", 2), ==, 0);
  g_assert_cmpuint (sl_capture_choice_position (cameras, NULL, 2), ==, 0);
  g_assert_cmpuint (sl_capture_choice_position (cameras, SL_CAPTURE_NO_CAMERA, 2), ==, 1);
  /* Microphones have no "none" row. */
  g_assert_cmpuint (sl_capture_choice_position (cameras, SL_CAPTURE_NO_CAMERA, 1), ==, 0);
  /* The chosen camera is not plugged in: the default. */
  g_assert_cmpuint (sl_capture_choice_position (cameras, usb, 2), ==, 0);

  sl_capture_devices_add (cameras, device_new ("v4l2src device /dev/video0", "Webcam"));
  sl_capture_devices_add (cameras, device_new (usb, "USB Camera"));
  g_assert_cmpuint (sl_capture_choice_position (cameras, usb, 2), ==, 3);
  g_assert_cmpuint (sl_capture_choice_position (cameras, usb, 1), ==, 2);

  /* Another camera unplugged: the choice follows its row. */
  sl_capture_devices_remove (cameras, "v4l2src device /dev/video0");
  g_assert_cmpuint (sl_capture_choice_position (cameras, usb, 2), ==, 2);
  /* The chosen one unplugged: back to the default; plugged in again: chosen. */
  sl_capture_devices_remove (cameras, usb);
  g_assert_cmpuint (sl_capture_choice_position (cameras, usb, 2), ==, 0);
  sl_capture_devices_add (cameras, device_new (usb, "USB Camera"));
  g_assert_cmpuint (sl_capture_choice_position (cameras, usb, 2), ==, 2);
}

/* ---- The watch --------------------------------------------------------- */

typedef struct
{
  guint    changes;
  gboolean started;
} WatchState;

static void
changed_cb (SlDeviceWatch *watch,
            WatchState    *state)
{
  state->changes++;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  WatchState *state = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_device_watch_start_finish (SL_DEVICE_WATCH (object), result, &error));
  g_assert_no_error (error);
  state->started = TRUE;
}

static gboolean
has_id (GPtrArray  *devices,
        const char *id)
{
  for (guint i = 0; i < devices->len; i++)
    if (g_strcmp0 (((SlCaptureDevice *)devices->pdata[i])->id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
wait_for_change (WatchState *state,
                 guint       before)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer)"a change of devices");

  while (state->changes == before)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
test_watch_hotplug (void)
{
  g_autoptr(GstDevice) front = fake_device_new ("Front Camera", "Video/Source", "v4l2src", "/dev/sl-test-front");
  g_autoptr(GstDevice) usb = fake_device_new ("USB Camera", "Video/Source", "v4l2src", "/dev/sl-test-usb");
  g_autoptr(GstDevice) headset = fake_device_new ("Headset", "Audio/Source", "audiotestsrc", NULL);
  g_autoptr(SlDeviceWatch) watch = NULL;
  WatchState state = { 0, FALSE };
  const char *front_id = "v4l2src device /dev/sl-test-front";
  const char *usb_id = "v4l2src device /dev/sl-test-usb";
  guint before;

  plug (front);
  plug (headset);
  watch = sl_device_watch_new ();
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), &state);
  sl_device_watch_start_async (watch, NULL, started_cb, &state);
  wait_for (&state.started, "the first listing");
  g_assert_true (has_id (sl_device_watch_get_cameras (watch), front_id));
  g_assert_false (has_id (sl_device_watch_get_cameras (watch), usb_id));
  g_assert_true (has_id (sl_device_watch_get_microphones (watch), "audiotestsrc"));
  g_assert_false (has_id (sl_device_watch_get_microphones (watch), front_id));

  /* Plugged in while watched. */
  before = state.changes;
  plug (usb);
  wait_for_change (&state, before);
  g_assert_true (has_id (sl_device_watch_get_cameras (watch), front_id));
  g_assert_true (has_id (sl_device_watch_get_cameras (watch), usb_id));

  /* Unplugged while watched: found by the GstDevice it was added as. */
  before = state.changes;
  unplug (front);
  wait_for_change (&state, before);
  g_assert_false (has_id (sl_device_watch_get_cameras (watch), front_id));
  g_assert_true (has_id (sl_device_watch_get_cameras (watch), usb_id));

  before = state.changes;
  unplug (headset);
  wait_for_change (&state, before);
  g_assert_false (has_id (sl_device_watch_get_microphones (watch), "audiotestsrc"));
  g_assert_true (has_id (sl_device_watch_get_cameras (watch), usb_id));

  /* Nothing keeps the watch alive: the start task lets go of it once its
   * worker thread has finished, which may be just after its callback. */
  {
    SlDeviceWatch *weak = watch;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *)&weak);
    g_clear_object (&watch);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_null (weak);
  }
  unplug_all ();
}

/* ---- Recording from the chosen devices -------------------------------- */

typedef struct
{
  gboolean stopped;
  gboolean ok;
} StopState;

static void
stopped_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  StopState *state = user_data;
  g_autoptr(GError) error = NULL;

  state->ok = sl_capture_stop_finish (SL_CAPTURE (object), result, &error);
  g_assert_no_error (error);
  state->stopped = TRUE;
}

static gboolean
stop_after_cb (gpointer user_data)
{
  gpointer *data = user_data;
  SlCapture *capture = data[0];

  if (sl_capture_get_elapsed (capture) < 1.5)
    return G_SOURCE_CONTINUE;
  sl_capture_stop_async (capture, NULL, stopped_cb, data[1]);
  return G_SOURCE_REMOVE;
}

static void
test_record_from_device (void)
{
  g_autoptr(GstDevice) camera = fake_device_new ("Test Camera", "Video/Source", "videotestsrc", NULL);
  g_autoptr(GstDevice) microphone = fake_device_new ("Test Microphone", "Audio/Source", "audiotestsrc", NULL);
  g_autoptr(SlCapture) capture = sl_capture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-capture-devices-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "answer.webm", NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  GList *video, *audio;
  StopState state = { FALSE, FALSE };
  gpointer data[2] = { capture, &state };

  g_assert_no_error (error);
  plug (camera);
  plug (microphone);
  n_named_elements = 0;

  /* The ids "interview devices" shows; no test sources. */
  sl_capture_set_choices (capture, "videotestsrc", "audiotestsrc");
  g_assert_true (sl_capture_start (capture, path, &error));
  g_assert_no_error (error);
  g_assert_true (sl_capture_get_has_video (capture));
  /* Both sources came from their GstDevice, not from a description. */
  g_assert_cmpuint (n_named_elements, ==, 2);
  g_timeout_add (20, stop_after_cb, data);
  wait_for (&state.stopped, "the recording to stop");
  g_assert_true (state.ok);

  discoverer = gst_discoverer_new (30 * GST_SECOND, &error);
  g_assert_no_error (error);
  uri = g_filename_to_uri (path, NULL, NULL);
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  g_assert_no_error (error);
  video = gst_discoverer_info_get_video_streams (info);
  audio = gst_discoverer_info_get_audio_streams (info);
  g_assert_cmpuint (g_list_length (video), ==, 1);
  g_assert_cmpuint (g_list_length (audio), ==, 1);
  g_assert_cmpfloat ((double)gst_discoverer_info_get_duration (info) / GST_SECOND, >=, 1.3);
  gst_discoverer_stream_info_list_free (video);
  gst_discoverer_stream_info_list_free (audio);

  /* The default devices are the first listed, also made by their device. */
  n_named_elements = 0;
  state.stopped = FALSE;
  sl_capture_set_choices (capture, "", "");
  g_assert_true (sl_capture_start (capture, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_named_elements, ==, 2);
  sl_capture_stop_async (capture, NULL, stopped_cb, &state);
  wait_for (&state.stopped, "the preview to stop");

  unplug_all ();
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_assert_true (sl_test_devices_register ());

  g_test_add_func ("/sl/capture/devices/list-updates", test_list_updates);
  g_test_add_func ("/sl/capture/devices/choice-position", test_choice_position);
  g_test_add_func ("/sl/capture/devices/watch-hotplug", test_watch_hotplug);
  g_test_add_func ("/sl/capture/devices/record-from-device", test_record_from_device);
  return g_test_run ();
}
