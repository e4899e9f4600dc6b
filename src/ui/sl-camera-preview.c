#define G_LOG_DOMAIN "sl-camera-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-camera-preview.h"

struct _SlCameraPreview
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  GtkPicture *picture;
  GtkLabel   *message;
  gboolean    has_frame;
};

G_DEFINE_FINAL_TYPE (SlCameraPreview, sl_camera_preview, GTK_TYPE_WIDGET)

static void
sl_camera_preview_dispose (GObject *object)
{
  SlCameraPreview *self = SL_CAMERA_PREVIEW (object);

  g_clear_pointer ((GtkWidget **)&self->stack, gtk_widget_unparent);

  G_OBJECT_CLASS (sl_camera_preview_parent_class)->dispose (object);
}

static void
sl_camera_preview_class_init (SlCameraPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_camera_preview_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "camerapreview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sl_camera_preview_init (SlCameraPreview *self)
{
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->stack), GTK_WIDGET (self));

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->picture), "picture");

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
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (SL_IS_CAMERA_PREVIEW (self));
  g_return_if_fail (rgba != NULL);

  if (width <= 0 || height <= 0 || stride < width * 4 ||
      g_bytes_get_size (rgba) < (gsize)stride * (gsize)height)
    return;

  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, rgba, stride);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  if (!self->has_frame)
    {
      self->has_frame = TRUE;
      gtk_stack_set_visible_child_name (self->stack, "picture");
    }
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
      gtk_picture_set_paintable (self->picture, NULL);
      self->has_frame = FALSE;
    }
  else if (self->has_frame)
    gtk_stack_set_visible_child_name (self->stack, "picture");
}

void
sl_camera_preview_clear (SlCameraPreview *self)
{
  g_return_if_fail (SL_IS_CAMERA_PREVIEW (self));

  gtk_picture_set_paintable (self->picture, NULL);
  self->has_frame = FALSE;
  gtk_label_set_text (self->message, _("The camera starts when you record."));
  gtk_stack_set_visible_child_name (self->stack, "message");
}

gboolean
sl_camera_preview_get_has_frame (SlCameraPreview *self)
{
  g_return_val_if_fail (SL_IS_CAMERA_PREVIEW (self), FALSE);
  return self->has_frame;
}
