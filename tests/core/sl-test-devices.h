/* A device provider of our own for tests: cameras and microphones that
 * can be plugged in and out while a GstDeviceMonitor watches. Include it
 * in one file per test program and call sl_test_devices_register() after
 * gst_init(). */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Elements the fake devices made for a pipeline (named), not for an id. */
static guint n_named_elements;

#define SL_TYPE_FAKE_DEVICE (sl_fake_device_get_type ())
G_DECLARE_FINAL_TYPE (SlFakeDevice, sl_fake_device, SL, FAKE_DEVICE, GstDevice)

struct _SlFakeDevice
{
  GstDevice  parent_instance;
  char      *factory;
  char      *path;
};

G_DEFINE_FINAL_TYPE (SlFakeDevice, sl_fake_device, GST_TYPE_DEVICE)

static GstElement *
sl_fake_device_create_element (GstDevice  *device,
                               const char *name)
{
  SlFakeDevice *self = SL_FAKE_DEVICE (device);
  GstElement *element = gst_element_factory_make (self->factory, name);

  if (element == NULL)
    return NULL;
  if (self->path != NULL)
    g_object_set (element, "device", self->path, NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), "is-live") != NULL)
    g_object_set (element, "is-live", TRUE, NULL);
  if (name != NULL)
    n_named_elements++;
  return element;
}

static void
sl_fake_device_finalize (GObject *object)
{
  SlFakeDevice *self = SL_FAKE_DEVICE (object);

  g_free (self->factory);
  g_free (self->path);
  G_OBJECT_CLASS (sl_fake_device_parent_class)->finalize (object);
}

static void
sl_fake_device_class_init (SlFakeDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_fake_device_finalize;
  GST_DEVICE_CLASS (klass)->create_element = sl_fake_device_create_element;
}

static void
sl_fake_device_init (SlFakeDevice *self)
{
}

static GstDevice *
fake_device_new (const char *name,
                 const char *klass,
                 const char *factory,
                 const char *path)
{
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple (g_str_has_prefix (klass, "Video") ? "video/x-raw" : "audio/x-raw");
  SlFakeDevice *self = g_object_new (SL_TYPE_FAKE_DEVICE, "display-name", name, "device-class", klass,
                                     "caps", caps, NULL);

  self->factory = g_strdup (factory);
  self->path = g_strdup (path);
  return gst_object_ref_sink (GST_DEVICE (self));
}

#define SL_TYPE_FAKE_PROVIDER (sl_fake_provider_get_type ())
G_DECLARE_FINAL_TYPE (SlFakeProvider, sl_fake_provider, SL, FAKE_PROVIDER, GstDeviceProvider)

struct _SlFakeProvider
{
  GstDeviceProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (SlFakeProvider, sl_fake_provider, GST_TYPE_DEVICE_PROVIDER)

/* What is plugged in when a monitor starts. */
static GList *plugged;

static GList *
sl_fake_provider_probe (GstDeviceProvider *provider)
{
  return g_list_copy_deep (plugged, (GCopyFunc)(void (*) (void))gst_object_ref, NULL);
}

static gboolean
sl_fake_provider_start (GstDeviceProvider *provider)
{
  for (GList *l = plugged; l != NULL; l = l->next)
    gst_device_provider_device_add (provider, gst_object_ref (l->data));
  return TRUE;
}

static void
sl_fake_provider_stop (GstDeviceProvider *provider)
{
  GList *devices;

  /* Not gst_device_provider_get_devices(): it takes the lock stop runs under. */
  GST_OBJECT_LOCK (provider);
  devices = g_list_copy_deep (provider->devices, (GCopyFunc)(void (*) (void))gst_object_ref, NULL);
  GST_OBJECT_UNLOCK (provider);

  for (GList *l = devices; l != NULL; l = l->next)
    gst_device_provider_device_remove (provider, l->data);
  g_list_free_full (devices, gst_object_unref);
}

static void
sl_fake_provider_class_init (SlFakeProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->probe = sl_fake_provider_probe;
  provider_class->start = sl_fake_provider_start;
  provider_class->stop = sl_fake_provider_stop;
  gst_device_provider_class_set_static_metadata (provider_class, "Shortlist test devices",
                                                 "Source/Audio/Video", "Cameras and microphones for tests",
                                                 "Shortlist");
}

static void
sl_fake_provider_init (SlFakeProvider *self)
{
}

static gboolean
plugin_init (GstPlugin *plugin)
{
  return gst_device_provider_register (plugin, "slfakeprovider", GST_RANK_PRIMARY, SL_TYPE_FAKE_PROVIDER);
}

static GstDeviceProvider *
fake_provider (void)
{
  return gst_device_provider_factory_get_by_name ("slfakeprovider");
}

static void
plug (GstDevice *device)
{
  g_autoptr(GstDeviceProvider) provider = fake_provider ();

  plugged = g_list_append (plugged, gst_object_ref (device));
  if (gst_device_provider_is_started (provider))
    gst_device_provider_device_add (provider, gst_object_ref (device));
}

static void
unplug (GstDevice *device)
{
  g_autoptr(GstDeviceProvider) provider = fake_provider ();
  GList *link = g_list_find (plugged, device);

  g_assert_nonnull (link);
  plugged = g_list_delete_link (plugged, link);
  if (gst_device_provider_is_started (provider))
    gst_device_provider_device_remove (provider, device);
  gst_object_unref (device);
}

static void
unplug_all (void)
{
  while (plugged != NULL)
    unplug (plugged->data);
}

static gboolean
sl_test_devices_register (void)
{
  return gst_plugin_register_static (GST_VERSION_MAJOR, GST_VERSION_MINOR, "sltestdevices",
                                     "Cameras and microphones for tests", plugin_init, "1.0",
                                     "LGPL", "shortlist", "shortlist", "https://example.invalid/");
}

G_END_DECLS
