#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_APPLICATION (sl_application_get_type ())

G_DECLARE_FINAL_TYPE (SlApplication, sl_application, SL, APPLICATION, AdwApplication)

SlApplication *sl_application_new          (void) G_GNUC_WARN_UNUSED_RESULT;
GSettings     *sl_application_get_settings (SlApplication *self);
/* The open store, or NULL while opening or after a failure. */
SlStore       *sl_application_get_store    (SlApplication *self);

G_END_DECLS
