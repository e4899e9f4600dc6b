#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_CAMERA_PREVIEW (sl_camera_preview_get_type ())

G_DECLARE_FINAL_TYPE (SlCameraPreview, sl_camera_preview, SL, CAMERA_PREVIEW, GtkWidget)

/* The live camera picture, or a message when there is none (audio-only
 * practice, no preview yet). Frames are RGBA, as SlCapture emits them. */
GtkWidget *sl_camera_preview_new         (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_camera_preview_set_frame   (SlCameraPreview *self,
                                          GBytes          *rgba,
                                          int              width,
                                          int              height,
                                          int              stride);
/* Shows message instead of the picture; NULL shows the picture again. */
void       sl_camera_preview_set_message (SlCameraPreview *self,
                                          const char      *message);
void       sl_camera_preview_clear       (SlCameraPreview *self);
gboolean   sl_camera_preview_get_has_frame (SlCameraPreview *self);
/* The preview's size in device pixels ("frame-width", "frame-height"):
 * frames larger than that are only scaled down when drawn. */
void       sl_camera_preview_get_frame_size (SlCameraPreview *self,
                                             int             *width,
                                             int             *height);

G_END_DECLS
