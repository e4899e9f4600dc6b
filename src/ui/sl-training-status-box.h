#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_TRAINING_STATUS_BOX (sl_training_status_box_get_type ())

G_DECLARE_FINAL_TYPE (SlTrainingStatusBox, sl_training_status_box,
                      SL, TRAINING_STATUS_BOX, GtkWidget)

GtkWidget *sl_training_status_box_new           (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_training_status_box_set_store     (SlTrainingStatusBox *self,
                                                 SlStore             *store);
/* The training-threshold setting, or the default outside the app. */
guint      sl_training_status_box_get_threshold (SlTrainingStatusBox *self);

G_END_DECLS
