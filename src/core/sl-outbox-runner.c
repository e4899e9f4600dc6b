#define G_LOG_DOMAIN "sl-outbox-runner"

#include "config.h"

#include "sl-outbox-runner.h"
#include "sl-s3-mirror.h"

struct _SlOutboxRunner
{
  GObject       parent_instance;

  SlStore      *store;
  GCancellable *cancellable;
  guint         timeout_id;
  guint         running : 1;
};

G_DEFINE_FINAL_TYPE (SlOutboxRunner, sl_outbox_runner, G_TYPE_OBJECT)

enum {
  SIGNAL_DRAINED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sl_outbox_runner_dispose (GObject *object)
{
  SlOutboxRunner *self = (SlOutboxRunner *)object;

  sl_outbox_runner_stop (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_outbox_runner_parent_class)->dispose (object);
}

static void
sl_outbox_runner_class_init (SlOutboxRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_outbox_runner_dispose;

  /**
   * SlOutboxRunner::drained:
   * @error: (nullable): why the drain failed, if it did
   *
   * Emitted after each drain that ran.
   */
  signals[SIGNAL_DRAINED] =
    g_signal_new ("drained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sl_outbox_runner_init (SlOutboxRunner *self)
{
}

SlOutboxRunner *
sl_outbox_runner_new (SlStore *store)
{
  SlOutboxRunner *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  self = g_object_new (SL_TYPE_OUTBOX_RUNNER, NULL);
  self->store = g_object_ref (store);
  return self;
}

static void
drain_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlOutboxRunner) self = user_data;
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (!sl_s3_mirror_drain_finish (SL_S3_MIRROR (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("The outbox could not be drained: %s", error->message);
    }
  g_signal_emit (self, signals[SIGNAL_DRAINED], 0, error);
}

void
sl_outbox_runner_run_now (SlOutboxRunner *self)
{
  g_autoptr(SlS3Mirror) mirror = NULL;

  g_return_if_fail (SL_IS_OUTBOX_RUNNER (self));

  if (self->running)
    return;
  /* Switched off, or no bucket yet: the work waits in the outbox. */
  if (!(mirror = sl_s3_mirror_new_from_settings (self->store, NULL)))
    return;

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  sl_s3_mirror_drain_async (mirror, self->cancellable, drain_cb, g_object_ref (self));
}

static gboolean
tick_cb (gpointer user_data)
{
  sl_outbox_runner_run_now (user_data);
  return G_SOURCE_CONTINUE;
}

void
sl_outbox_runner_start (SlOutboxRunner *self,
                        guint           interval_seconds)
{
  g_return_if_fail (SL_IS_OUTBOX_RUNNER (self));
  g_return_if_fail (interval_seconds > 0);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (interval_seconds, tick_cb, self);
  sl_outbox_runner_run_now (self);
}

void
sl_outbox_runner_stop (SlOutboxRunner *self)
{
  g_return_if_fail (SL_IS_OUTBOX_RUNNER (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

gboolean
sl_outbox_drain_once (SlStore       *store,
                      guint         *n_done,
                      guint         *n_failed,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SlS3Mirror) mirror = NULL;
  g_autoptr(GError) local_error = NULL;

  *n_done = 0;
  *n_failed = 0;
  if (!(mirror = sl_s3_mirror_new_from_settings (store, &local_error)))
    {
      g_debug ("Nothing to drain: %s", local_error->message);
      return TRUE;
    }
  return sl_s3_mirror_drain (mirror, 0, n_done, n_failed, cancellable, error);
}
