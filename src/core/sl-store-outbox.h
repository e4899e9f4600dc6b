#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* Network work that could not be done when it was asked for (S3 mirroring,
 * erasures, vector sync). Items are never dropped: they are done, or tried
 * again later. */
typedef struct
{
  gint64  id;
  char   *kind;             /* "s3.put", "s3.delete", "s3.delete-prefix", … */
  char   *payload;          /* JSON object */
  guint   attempts;
  gint64  next_attempt_at;  /* Unix seconds */
  char   *last_error;
  gint64  created_at;
  gint64  done_at;          /* 0 while pending */
} SlOutboxItem;

void          sl_outbox_item_free          (SlOutboxItem  *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlOutboxItem, sl_outbox_item_free)

gboolean      sl_store_outbox_enqueue      (SlStore       *self,
                                            const char    *kind,
                                            const char    *payload_json,
                                            gint64        *out_id,
                                            GError       **error);
/* Leases up to limit items due at now whose kind starts with kind_prefix
 * (NULL: any) for lease_seconds, so another worker does not take them. */
GPtrArray    *sl_store_outbox_claim        (SlStore       *self,
                                            const char    *kind_prefix,
                                            gint64         now,
                                            guint          limit,
                                            guint          lease_seconds,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      sl_store_outbox_mark_done    (SlStore       *self,
                                            gint64         id,
                                            GError       **error);
/* Counts the failed attempt, keeps why, and sets the next try. */
gboolean      sl_store_outbox_reschedule   (SlStore       *self,
                                            gint64         id,
                                            gint64         next_attempt_at,
                                            const char    *error_text,
                                            GError       **error);
SlOutboxItem *sl_store_outbox_get          (SlStore       *self,
                                            gint64         id,
                                            GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      sl_store_outbox_count        (SlStore       *self,
                                            const char    *kind_prefix,
                                            guint         *n_pending,
                                            guint         *n_done,
                                            GError       **error);
/* Backoff for the n-th failed attempt (1-based): 30 s doubling up to 6 h,
 * with jitter so a fleet of items does not retry in lock step. */
gint64        sl_outbox_backoff_seconds    (guint          attempts);

G_END_DECLS
