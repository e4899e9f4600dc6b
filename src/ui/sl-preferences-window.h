#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_PREFERENCES_WINDOW (sl_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, SL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWindow *sl_preferences_window_new (GSettings  *settings,
                                      const char *database_path) G_GNUC_WARN_UNUSED_RESULT;
/* The database whose skills the Skills page manages (NULL while none is open). */
void       sl_preferences_window_set_store (SlPreferencesWindow *self,
                                            SlStore             *store);

G_END_DECLS
