#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_REEMBED_BANNER (sl_reembed_banner_get_type ())

G_DECLARE_FINAL_TYPE (SlReembedBanner, sl_reembed_banner, SL, REEMBED_BANNER, GtkWidget)

GtkWidget *sl_reembed_banner_new       (void) G_GNUC_WARN_UNUSED_RESULT;
/* Watches the chosen embedding provider in settings; when it differs from
 * the active one, embeds every candidate with it in the background (going
 * on where an earlier run stopped), then makes it the active provider. */
void       sl_reembed_banner_set_store (SlReembedBanner *self,
                                        SlStore         *store,
                                        GSettings       *settings);
gboolean   sl_reembed_banner_get_running (SlReembedBanner *self);

G_END_DECLS
