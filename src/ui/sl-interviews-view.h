#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_INTERVIEWS_VIEW (sl_interviews_view_get_type ())

G_DECLARE_FINAL_TYPE (SlInterviewsView, sl_interviews_view, SL, INTERVIEWS_VIEW, GtkWidget)

GtkWidget *sl_interviews_view_new       (void) G_GNUC_WARN_UNUSED_RESULT;
SlStore   *sl_interviews_view_get_store (SlInterviewsView *self);
void       sl_interviews_view_set_store (SlInterviewsView *self,
                                         SlStore          *store);

G_END_DECLS
