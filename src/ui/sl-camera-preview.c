#define G_LOG_DOMAIN "sl-camera-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-camera-preview.h"

/* The frame is drawn by the widget itself, not by a GtkPicture: a
 * GtkPicture given a new paintable queues a resize of the whole window,
 * and the preview's size must never depend on the frames, since the frames
 * are scaled to the preview's size (see SlCapture's preview size). A new
 * frame only queues a redraw of this widget. */
struct _SlCameraPreview
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  GtkLabel   *message;
  GdkTexture *texture;
  int         frame_width;
  int         frame_height;
  gboolean    has_frame;
};

G_DEFINE_FINAL_TYPE (SlCameraPreview, sl_camera_preview, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FRAME_WIDTH,
  PROP_FRAME_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_camera_preview_dispose (GObject *object)
{
  SlCameraPreview *self = SL_CAMERA_PREVIEW (object);

  g_clear_pointer ((GtkWidget **)&self->stack, gtk_widget_unparent);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (sl_camera_preview_parent_class)->dispose (object);
}

static void
sl_camera_preview_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SlCameraPreview *self = SL_CAMERA_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_FRAME_WIDTH:
      g_value_set_int (value, self->frame_width);
      break;
    case PROP_FRAME_HEIGHT:
      g_value_set_int (value, self->frame_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_camera_preview_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  SlCameraPreview *self = SL_CAMERA_PREVIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
sl_camera_preview_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  SlCameraPreview *self = SL_CAMERA_PREVIEW (widget);
  int scale = gtk_widget_get_scale_factor (widget);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);

  /* The size frames are best made at: the allocation in device pixels. */
  if (width * scale != self->frame_width || height * scale != self->frame_height)
    {
      g_object_freeze_notify (G_OBJECT (self));
      if (width * scale != self->frame_width)
        {
          self->frame_width = width * scale;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_WIDTH]);
        }
      if (height * scale != self->frame_height)
        {
          self->frame_height = height * scale;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAME_HEIGHT]);
        }
      g_object_thaw_notify (G_OBJECT (self));
    }
}

static void
sl_camera_preview_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SlCameraPreview *self = SL_CAMERA_PREVIEW (widget);

  if (self->has_frame && self->texture != NULL)
    {
      double width = gtk_widget_get_width (widget);
      double height = gtk_widget_get_height (widget);
      double scale = gtk_widget_get_scale_factor (widget);
      double texture_width = gdk_texture_get_width (self->texture);
      double texture_height = gdk_texture_get_height (self->texture);
      double fit = MIN (width / texture_width, height / texture_height);
      double w, h, x, y;

      /* Contained and centred, on whole device pixels so that a frame of
       * the widget's own size is drawn pixel for pixel, not resampled. */
      w = round (texture_width * fit * scale) / scale;
      h = round (texture_height * fit * scale) / scale;
      x = floor ((width - w) / 2 * scale) / scale;
      y = floor ((height - h) / 2 * scale) / scale;
      gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (x, y, w, h));
    }

  gtk_widget_snapshot_child (widget, GTK_WIDGET (self->stack), snapshot);
}

static void
sl_camera_preview_realize (GtkWidget *widget)
{
  GskRenderer *renderer;

  GTK_WIDGET_CLASS (sl_camera_preview_parent_class)->realize (widget);

  /* Which renderer draws the frames matters for the CPU they cost. */
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_debug ("preview drawn by %s", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "no renderer");
}

static void
sl_camera_preview_class_init (SlCameraPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_camera_preview_dispose;
  object_class->get_property = sl_camera_preview_get_property;

  widget_class->realize = sl_camera_preview_realize;
  widget_class->measure = sl_camera_preview_measure;
  widget_class->size_allocate = sl_camera_preview_size_allocate;
  widget_class->snapshot = sl_camera_preview_snapshot;

  /* The preview's size in device pixels: the largest frame worth making. */
  properties[PROP_FRAME_WIDTH] =
    g_param_spec_int ("frame-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRAME_HEIGHT] =
    g_param_spec_int ("frame-height", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "camerapreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_camera_preview_init (SlCameraPreview *self)
{
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  /* The page under the frame the widget draws: nothing. */
  gtk_stack_add_named (self->stack, gtk_box_new (GTK_ORIENTATION_VERTICAL, 0), "picture");

  self->message = GTK_LABEL (gtk_label_new (_("Starting the camera…")));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_justify (self->message, GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
  gtk_widget_set_margin_start (GTK_WIDGET (self->message), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message), 18);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->message), "message");
  gtk_stack_set_visible_child_name (self->stack, "message");

  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Camera preview"),
                                  -1);
}

GtkWidget *
sl_camera_preview_new (void)
{
  return g_object_new (SL_TYPE_CAMERA_PREVIEW, NULL);
}

void
sl_camera_preview_set_frame (SlCameraPreview *self,
                             GBytes          *rgba,
                             int              width,
                             int              height,
                             int              stride)
{
  g_return_if_fail (SL_IS_CAMERA_PREVIEW (self));
  g_return_if_fail (rgba != NULL);

  if (width <= 0 || height <= 0 || stride < width * 4 ||
      g_bytes_get_size (rgba) < (gsize)stride * (gsize)height)
    return;

  /* Takes a reference to the bytes, no copy. */
  g_clear_object (&self->texture);
  self->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, rgba, stride);
  if (!self->has_frame)
    {
      self->has_frame = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "picture");
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sl_camera_preview_get_frame_size (SlCameraPreview *self,
                                  int             *width,
                                  int             *height)
{
  g_return_if_fail (SL_IS_CAMERA_PREVIEW (self));

  if (width != NULL)
    *width = self->frame_width;
  if (height != NULL)
    *height = self->frame_height;
}

void
sl_camera_preview_set_message (SlCameraPreview *self,
                               const char      *message)
{
  g_return_if_fail (SL_IS_CAMERA_PREVIEW (self));

  if (message != NULL)
    {
      gtk_label_set_text (self->message, message);
      gtk_stack_set_visible_child_name (self->stack, "message");
      g_clear_object (&self->texture);
      self->has_frame = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  else if (self->has_frame)
    gtk_stack_set_visible_child_name (self->stack, "picture");
}

void
sl_camera_preview_clear (SlCameraPreview *self)
{
  g_return_if_fail (SL_IS_CAMERA_PREVIEW (self));

  g_clear_object (&self->texture);
  self->has_frame = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_label_set_text (self->message, _("The camera starts when you record."));
  gtk_stack_set_visible_child_name (self->stack, "message");
}

gboolean
sl_camera_preview_get_has_frame (SlCameraPreview *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_PREVIEW (self), FALSE);
  return self->has_frame;
}
