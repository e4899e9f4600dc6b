/* The new-session window's camera and microphone rows while devices are
 * plugged in and out (a device provider of the test's own), in a real
 * window under Xvfb: the rows follow the devices, the user's choice stays
 * chosen while its device is present, falls back to the default when it
 * goes, and comes back with it. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "sl-capture.h"
#include "sl-interview-new-window.h"
#include "sl-store.h"
#include "sl-test-devices.h"

#define FRONT_ID "v4l2src device /dev/sl-test-front"
#define USB_ID   "v4l2src device /dev/sl-test-usb"

typedef struct
{
  AdwComboRow *row;
  guint        n_items;
} RowWait;

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

static void
wait_for_rows (AdwComboRow *row,
               guint        n_items,
               const char  *what)
{
  GListModel *model = adw_combo_row_get_model (row);
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer)what);

  while (g_list_model_get_n_items (model) != n_items)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static const char *
row_name (AdwComboRow *row,
          guint        position)
{
  GListModel *model = adw_combo_row_get_model (row);
  g_autoptr(GtkStringObject) item = g_list_model_get_item (model, position);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
test_hotplug (void)
{
  g_autoptr(GstDevice) front = fake_device_new ("Front Camera", "Video/Source", "v4l2src", "/dev/sl-test-front");
  g_autoptr(GstDevice) usb = fake_device_new ("USB Camera", "Video/Source", "v4l2src", "/dev/sl-test-usb");
  g_autoptr(GstDevice) headset = fake_device_new ("Headset", "Audio/Source", "audiotestsrc", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-new-window-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "shortlist.db", NULL);
  g_autoptr(SlStore) store = NULL;
  g_autofree char *camera = NULL;
  SlInterviewNewWindow *window;
  AdwComboRow *cameras;
  AdwComboRow *microphones;

  g_assert_no_error (error);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);

  /* Chosen in an earlier session. */
  g_settings_set_string (settings, "interview-camera", FRONT_ID);
  g_settings_set_string (settings, "interview-microphone", "");
  plug (front);
  plug (headset);

  window = sl_interview_new_window_new (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  cameras = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (window), SL_TYPE_INTERVIEW_NEW_WINDOW,
                                                          "camera_row"));
  microphones = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (window), SL_TYPE_INTERVIEW_NEW_WINDOW,
                                                              "microphone_row"));

  /* Default, No camera, then the devices present. */
  wait_for_rows (cameras, 3, "the first listing of cameras");
  wait_for_rows (microphones, 2, "the first listing of microphones");
  g_assert_cmpstr (row_name (cameras, 2), ==, "Front Camera");
  g_assert_cmpstr (row_name (microphones, 1), ==, "Headset");
  g_assert_cmpuint (adw_combo_row_get_selected (cameras), ==, 2);

  /* Another camera plugged in: listed, and the choice stays. */
  plug (usb);
  wait_for_rows (cameras, 4, "the USB camera");
  g_assert_cmpstr (row_name (cameras, 3), ==, "USB Camera");
  g_assert_cmpuint (adw_combo_row_get_selected (cameras), ==, 2);

  /* The chosen camera unplugged: the default, in the row and the settings. */
  unplug (front);
  wait_for_rows (cameras, 3, "the front camera to go");
  g_assert_cmpstr (row_name (cameras, 2), ==, "USB Camera");
  g_assert_cmpuint (adw_combo_row_get_selected (cameras), ==, 0);
  camera = g_settings_get_string (settings, "interview-camera");
  g_assert_cmpstr (camera, ==, "");
  g_clear_pointer (&camera, g_free);

  /* Plugged in again: chosen again. */
  plug (front);
  wait_for_rows (cameras, 4, "the front camera to come back");
  g_assert_cmpstr (row_name (cameras, 3), ==, "Front Camera");
  g_assert_cmpuint (adw_combo_row_get_selected (cameras), ==, 3);
  camera = g_settings_get_string (settings, "interview-camera");
  g_assert_cmpstr (camera, ==, FRONT_ID);
  g_clear_pointer (&camera, g_free);

  /* A choice the user makes now is the one kept. */
  adw_combo_row_set_selected (cameras, 2);
  camera = g_settings_get_string (settings, "interview-camera");
  g_assert_cmpstr (camera, ==, USB_ID);

  unplug (headset);
  wait_for_rows (microphones, 1, "the headset to go");
  g_assert_cmpuint (adw_combo_row_get_selected (microphones), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  unplug_all ();
  g_clear_object (&store);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gst_init (&argc, &argv);
  g_assert_true (sl_test_devices_register ());

  g_test_add_func ("/sl/ui/interview-new-window/hotplug", test_hotplug);
  return g_test_run ();
}
