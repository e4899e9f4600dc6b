#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_WRAP_BOX (sl_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (SlWrapBox, sl_wrap_box, SL, WRAP_BOX, GtkWidget)

GtkWidget *sl_wrap_box_new        (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_wrap_box_append     (SlWrapBox *self,
                                   GtkWidget *child);
void       sl_wrap_box_remove_all (SlWrapBox *self);

G_END_DECLS
