/* sl-rescreen.h: scoring the open jobs again once another model is active,
 * so their rankings follow the model that decides.
 */
#pragma once

#include <gio/gio.h>

#include "sl-embedder.h"
#include "sl-store.h"

G_BEGIN_DECLS

/* Before each job (done < total) and once at the end (done == total). */
typedef void (*SlRescreenProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/* Screens again every open job that has results, with the active model,
 * the same candidates (applicants, or everyone when the last screening
 * scored everyone) and the same decision threshold as its last screening.
 * Closed jobs are left alone. @embedder may be NULL for the default one.
 * Blocking: run it in a worker. */
gboolean sl_rescreen_open_jobs        (SlStore             *store,
                                       SlEmbedder          *embedder,
                                       SlRescreenProgress   progress,
                                       gpointer             progress_data,
                                       guint               *n_rescreened,
                                       GCancellable        *cancellable,
                                       GError             **error);

/* The same in a worker thread. Progress is reported on the caller's
 * thread-default main context, never after the callback. */
void     sl_rescreen_open_jobs_async  (SlStore             *store,
                                       SlEmbedder          *embedder,
                                       SlRescreenProgress   progress,
                                       gpointer             progress_data,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean sl_rescreen_open_jobs_finish (GAsyncResult        *result,
                                       guint               *n_rescreened,
                                       GError             **error);

G_END_DECLS
