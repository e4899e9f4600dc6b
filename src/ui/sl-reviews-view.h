#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_REVIEWS_VIEW (sl_reviews_view_get_type ())

G_DECLARE_FINAL_TYPE (SlReviewsView, sl_reviews_view, SL, REVIEWS_VIEW, GtkWidget)

GtkWidget *sl_reviews_view_new       (void) G_GNUC_WARN_UNUSED_RESULT;
SlStore   *sl_reviews_view_get_store (SlReviewsView *self);
void       sl_reviews_view_set_store (SlReviewsView *self,
                                      SlStore       *store);

G_END_DECLS
