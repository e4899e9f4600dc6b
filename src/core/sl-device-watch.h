#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_TYPE_DEVICE_WATCH (sl_device_watch_get_type ())

G_DECLARE_FINAL_TYPE (SlDeviceWatch, sl_device_watch, SL, DEVICE_WATCH, GObject)

/*
 * The cameras and microphones present now, kept current while devices
 * are plugged in and out (a GstDeviceMonitor and a watch on its bus, on
 * the main context the object was created in). "changed" is emitted
 * there after each change, once the first listing is in.
 */
SlDeviceWatch *sl_device_watch_new             (void) G_GNUC_WARN_UNUSED_RESULT;
/* Starting the monitor probes every provider, which can take a moment:
 * it runs in a worker. Finishes TRUE even when cancellable was cancelled
 * meanwhile: the caller checks it. */
void           sl_device_watch_start_async     (SlDeviceWatch        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean       sl_device_watch_start_finish    (SlDeviceWatch        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* SlCaptureDevice, borrowed; empty until started. */
GPtrArray     *sl_device_watch_get_cameras     (SlDeviceWatch        *self);
GPtrArray     *sl_device_watch_get_microphones (SlDeviceWatch        *self);

G_END_DECLS
