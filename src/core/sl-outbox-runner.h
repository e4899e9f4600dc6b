#pragma once

#include <gio/gio.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_OUTBOX_RUNNER (sl_outbox_runner_get_type ())

G_DECLARE_FINAL_TYPE (SlOutboxRunner, sl_outbox_runner, SL, OUTBOX_RUNNER, GObject)

/* Drains the store's outbox (S3 mirroring, erasures) now and then, on the
 * main context it was created on, one drain at a time. Work that fails stays
 * queued with backoff; with the cloud switched off nothing happens. */
SlOutboxRunner *sl_outbox_runner_new      (SlStore        *store) G_GNUC_WARN_UNUSED_RESULT;
void            sl_outbox_runner_start    (SlOutboxRunner *self,
                                           guint           interval_seconds);
void            sl_outbox_runner_run_now  (SlOutboxRunner *self);
void            sl_outbox_runner_stop     (SlOutboxRunner *self);

/* Drains once, blocking: for the CLI and cron. *n_done and *n_failed count
 * the items; FALSE only when the store fails. */
gboolean        sl_outbox_drain_once      (SlStore        *store,
                                           guint          *n_done,
                                           guint          *n_failed,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_END_DECLS
