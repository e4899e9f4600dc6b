#pragma once

#include <gio/gio.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SUMMARY (sl_summary_get_type ())

G_DECLARE_FINAL_TYPE (SlSummary, sl_summary, SL, SUMMARY, GObject)

/* A read-only line about a record (a screening waiting for review, an
 * interview session, a model version), for lists that show many of them. */
SlSummary   *sl_summary_new           (gint64       id,
                                       const char  *title,
                                       const char  *subtitle,
                                       gint64       timestamp) G_GNUC_WARN_UNUSED_RESULT;
gint64       sl_summary_get_id        (SlSummary   *self);
const char  *sl_summary_get_title     (SlSummary   *self);
const char  *sl_summary_get_subtitle  (SlSummary   *self);
/* Seconds since the epoch (UTC). */
gint64       sl_summary_get_timestamp (SlSummary   *self);

/* Current screenings that no human has reviewed yet, newest first. */
GPtrArray   *sl_store_summarize_pending_reviews           (SlStore              *self,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_store_summarize_pending_reviews_async     (SlStore              *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray   *sl_store_summarize_pending_reviews_finish    (SlStore              *self,
                                                      GAsyncResult         *result,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Interview practice sessions, newest first. */
GPtrArray   *sl_store_summarize_interview_sessions        (SlStore              *self,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_store_summarize_interview_sessions_async  (SlStore              *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray   *sl_store_summarize_interview_sessions_finish (SlStore              *self,
                                                      GAsyncResult         *result,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Classifier model versions, the active one first, then newest first. */
GPtrArray   *sl_store_summarize_model_versions            (SlStore              *self,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_store_summarize_model_versions_async      (SlStore              *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
GPtrArray   *sl_store_summarize_model_versions_finish     (SlStore              *self,
                                                      GAsyncResult         *result,
                                                      GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
