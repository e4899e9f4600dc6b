#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_MODELS_VIEW (sl_models_view_get_type ())

G_DECLARE_FINAL_TYPE (SlModelsView, sl_models_view, SL, MODELS_VIEW, GtkWidget)

GtkWidget *sl_models_view_new       (void) G_GNUC_WARN_UNUSED_RESULT;
SlStore   *sl_models_view_get_store (SlModelsView *self);
void       sl_models_view_set_store (SlModelsView *self,
                                     SlStore      *store);

G_END_DECLS
