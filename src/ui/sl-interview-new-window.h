#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_INTERVIEW_NEW_WINDOW (sl_interview_new_window_get_type ())

G_DECLARE_FINAL_TYPE (SlInterviewNewWindow, sl_interview_new_window, SL, INTERVIEW_NEW_WINDOW, AdwWindow)

/* Asks for a job (or a pasted description), an optional resume and the
 * questions, generates them and creates the session. Emits
 * "session-created" (SlInterviewSession *) and closes. */
SlInterviewNewWindow *sl_interview_new_window_new (GtkWindow *parent,
                                                   SlStore   *store) G_GNUC_WARN_UNUSED_RESULT;
/* The title of the session being created: the job's, or the first line
 * of the pasted description. */
const char           *sl_interview_new_window_get_session_title (SlInterviewNewWindow *self);

G_END_DECLS
