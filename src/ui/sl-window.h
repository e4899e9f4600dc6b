#pragma once

#include <adwaita.h>

#include "sl-application.h"

G_BEGIN_DECLS

#define SL_TYPE_WINDOW (sl_window_get_type ())

G_DECLARE_FINAL_TYPE (SlWindow, sl_window, SL, WINDOW, AdwApplicationWindow)

SlWindow *sl_window_new        (SlApplication *application) G_GNUC_WARN_UNUSED_RESULT;
void      sl_window_set_store  (SlWindow      *self,
                                SlStore       *store);
/* Replaces the views with an error page saying what went wrong. */
void      sl_window_show_error (SlWindow      *self,
                                const char    *message);
/* Takes ownership of a floating or new toast. */
void      sl_window_add_toast  (SlWindow      *self,
                                AdwToast      *toast);

G_END_DECLS
