#define G_LOG_DOMAIN "sl-device-watch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "sl-capture.h"
#include "sl-device-watch.h"

struct _SlDeviceWatch
{
  GObject           parent_instance;

  GstDeviceMonitor *monitor;
  guint             bus_watch;
  GPtrArray        *cameras;       /* SlCaptureDevice */
  GPtrArray        *microphones;   /* SlCaptureDevice */
  GQueue            pending;       /* GstMessage, seen before the first listing */
  gboolean          started;
  gboolean          monitor_started;
};

G_DEFINE_FINAL_TYPE (SlDeviceWatch, sl_device_watch, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
list_for (SlDeviceWatch *self,
          GstDevice     *device)
{
  if (gst_device_has_classes (device, "Video/Source"))
    return self->cameras;
  if (gst_device_has_classes (device, "Audio/Source"))
    return self->microphones;
  return NULL;
}

/* The id a device was added under: a removed device may no longer make
 * an element, so it is found by identity first. */
static const char *
known_id (GPtrArray *devices,
          GstDevice *device)
{
  for (guint i = 0; i < devices->len; i++)
    if (((SlCaptureDevice *)devices->pdata[i])->device == device)
      return ((SlCaptureDevice *)devices->pdata[i])->id;
  return NULL;
}

static void
apply (SlDeviceWatch *self,
       GstMessage    *message)
{
  g_autoptr(GstDevice) device = NULL;
  GPtrArray *devices;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      {
        SlCaptureDevice *added;

        gst_message_parse_device_added (message, &device);
        if ((devices = list_for (self, device)) == NULL ||
            (added = sl_capture_device_new_for_gst (device)) == NULL)
          break;
        g_debug ("added: %s (%s)", added->name, added->id);
        sl_capture_devices_add (devices, added);
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        break;
      }

    case GST_MESSAGE_DEVICE_REMOVED:
      {
        g_autofree char *id = NULL;

        gst_message_parse_device_removed (message, &device);
        if ((devices = list_for (self, device)) == NULL)
          break;
        id = g_strdup (known_id (devices, device));
        if (id == NULL)
          {
            g_autoptr(SlCaptureDevice) removed = sl_capture_device_new_for_gst (device);

            id = removed != NULL ? g_strdup (removed->id) : NULL;
          }
        g_debug ("removed: %s", id != NULL ? id : "(unknown)");
        if (sl_capture_devices_remove (devices, id))
          g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
        break;
      }

    default:
      break;
    }
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  SlDeviceWatch *self = user_data;

  /* Until the first listing is in, changes wait, and are then replayed
   * on top of it: adding a device twice replaces it, and removing one
   * that is not listed does nothing, so the order is all that matters. */
  if (!self->started)
    {
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_ADDED ||
          GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_REMOVED)
        g_queue_push_tail (&self->pending, gst_message_ref (message));
      return G_SOURCE_CONTINUE;
    }
  apply (self, message);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GPtrArray *cameras;
  GPtrArray *microphones;
  gboolean   monitor_started;
} Listing;

static void
listing_free (Listing *listing)
{
  g_clear_pointer (&listing->cameras, g_ptr_array_unref);
  g_clear_pointer (&listing->microphones, g_ptr_array_unref);
  g_free (listing);
}

static void
start_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GstDeviceMonitor *monitor = task_data;
  Listing *listing = g_new0 (Listing, 1);
  GList *devices;

  /* Failing means no provider for these classes: nothing can be listed,
   * and that is the answer, not an error. */
  listing->monitor_started = gst_device_monitor_start (monitor);
  if (!listing->monitor_started)
    g_debug ("the device monitor did not start");
  listing->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
  listing->microphones = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
  /* In the monitor's order, as sl_capture_list_video_devices() gives it:
   * the capture's default device is the first. */
  devices = gst_device_monitor_get_devices (monitor);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      GstDevice *device = l->data;
      GPtrArray *target = gst_device_has_classes (device, "Video/Source") ? listing->cameras :
                          gst_device_has_classes (device, "Audio/Source") ? listing->microphones : NULL;
      SlCaptureDevice *found;

      if (target != NULL && (found = sl_capture_device_new_for_gst (device)) != NULL)
        sl_capture_devices_add (target, found);
    }
  g_list_free_full (devices, gst_object_unref);
  g_task_return_pointer (task, listing, (GDestroyNotify)listing_free);
}

void
sl_device_watch_start_async (SlDeviceWatch       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GstBus) bus = NULL;

  g_return_if_fail (SL_IS_DEVICE_WATCH (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_device_watch_start_async);
  /* The listing always arrives, so a monitor the worker started is
   * known, and stopped, even when the caller gave up meanwhile. */
  g_task_set_check_cancellable (task, FALSE);
  if (self->monitor != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("The device list is already watched"));
      return;
    }

  self->monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (self->monitor, "Video/Source", NULL);
  gst_device_monitor_add_filter (self->monitor, "Audio/Source", NULL);
  /* The watch is in place before the monitor starts, so no change made
   * between the listing and the first message is lost. */
  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  g_task_set_task_data (task, g_object_ref (self->monitor), g_object_unref);
  g_task_run_in_thread (task, start_worker);
}

gboolean
sl_device_watch_start_finish (SlDeviceWatch  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  Listing *listing;

  g_return_val_if_fail (SL_IS_DEVICE_WATCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(listing = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->microphones, g_ptr_array_unref);
  self->cameras = g_steal_pointer (&listing->cameras);
  self->microphones = g_steal_pointer (&listing->microphones);
  self->monitor_started = listing->monitor_started;
  listing_free (listing);
  self->started = TRUE;
  while (!g_queue_is_empty (&self->pending))
    {
      g_autoptr(GstMessage) message = g_queue_pop_head (&self->pending);

      apply (self, message);
    }
  return TRUE;
}

GPtrArray *
sl_device_watch_get_cameras (SlDeviceWatch *self)
{
  g_return_val_if_fail (SL_IS_DEVICE_WATCH (self), NULL);

  return self->cameras;
}

GPtrArray *
sl_device_watch_get_microphones (SlDeviceWatch *self)
{
  g_return_val_if_fail (SL_IS_DEVICE_WATCH (self), NULL);

  return self->microphones;
}

static void
sl_device_watch_dispose (GObject *object)
{
  SlDeviceWatch *self = (SlDeviceWatch *)object;

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->monitor != NULL)
    {
      /* A worker may still be starting it: stopping waits for nothing
       * there, and the task keeps its own reference. */
      gst_device_monitor_stop (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (sl_device_watch_parent_class)->dispose (object);
}

static void
sl_device_watch_finalize (GObject *object)
{
  SlDeviceWatch *self = (SlDeviceWatch *)object;

  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->microphones, g_ptr_array_unref);
  g_queue_clear_full (&self->pending, (GDestroyNotify)gst_message_unref);

  G_OBJECT_CLASS (sl_device_watch_parent_class)->finalize (object);
}

static void
sl_device_watch_class_init (SlDeviceWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_device_watch_dispose;
  object_class->finalize = sl_device_watch_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sl_device_watch_init (SlDeviceWatch *self)
{
  self->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
  self->microphones = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_capture_device_free);
}

SlDeviceWatch *
sl_device_watch_new (void)
{
  gst_init (NULL, NULL);
  return g_object_new (SL_TYPE_DEVICE_WATCH, NULL);
}
