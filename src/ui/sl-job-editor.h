#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_JOB_EDITOR (sl_job_editor_get_type ())

G_DECLARE_FINAL_TYPE (SlJobEditor, sl_job_editor, SL, JOB_EDITOR, AdwWindow)

/* Edits a copy of @job, or a new job when @job is NULL. Saving writes it to
 * @store in a worker and closes the editor; "delete-requested" leaves the
 * deletion (and its undo) to whoever opened the editor. */
SlJobEditor *sl_job_editor_new        (SlStore     *store,
                                       SlJob       *job) G_GNUC_WARN_UNUSED_RESULT;
gint64       sl_job_editor_get_job_id (SlJobEditor *self);

G_END_DECLS
