/* sl-review-tasks.h: the review queue, reviews, training status and model
 * versions for the app, each in a GTask worker so the main loop never waits
 * on the store.
 */
#pragma once

#include <gio/gio.h>

#include "sl-candidate.h"
#include "sl-store-models.h"
#include "sl-store.h"

G_BEGIN_DECLS

/* The next result to review, with what a reviewer needs to judge it. */
typedef struct
{
  SlReviewItem *item;        /* NULL when nothing is left to review */
  SlCandidate  *candidate;   /* NULL if the candidate was erased */
  char         *job_title;
  guint         remaining;   /* size of the whole queue */
} SlReviewNext;

/* Model versions (newest first) with the shadow state. */
typedef struct
{
  GPtrArray     *versions;   /* SlModelVersion */
  gint64         shadow_id;  /* 0 when shadow mode is off */
  SlShadowStats  shadow_stats;
} SlModelsSnapshot;

typedef enum
{
  SL_MODEL_ACTION_ACTIVATE,
  SL_MODEL_ACTION_ROLLBACK,
  SL_MODEL_ACTION_SHADOW,      /* version 0 turns shadow mode off */
} SlModelAction;

void              sl_review_next_free             (SlReviewNext        *next);
void              sl_models_snapshot_free         (SlModelsSnapshot    *snapshot);

/* The first queued result, borderline first, whose screening id is not in
 * skip (an array of gint64, may be NULL); the first of all when every
 * queued result is skipped. */
void              sl_review_load_next_async       (SlStore             *store,
                                                   GArray              *skip,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SlReviewNext     *sl_review_load_next_finish      (SlStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error)
                                                   G_GNUC_WARN_UNUSED_RESULT;

/* Returns the review id, 0 on error. */
void              sl_review_screening_async       (SlStore             *store,
                                                   gint64               screening_id,
                                                   const char          *decision,
                                                   const char          *notes,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gint64            sl_review_screening_finish      (SlStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void              sl_review_undo_async            (SlStore             *store,
                                                   gint64               review_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean          sl_review_undo_finish           (SlStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void              sl_review_training_status_async (SlStore             *store,
                                                   guint                threshold,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean          sl_review_training_status_finish (SlStore            *store,
                                                    GAsyncResult       *result,
                                                    SlTrainingStatus   *status,
                                                    GError            **error);

void              sl_review_load_models_async     (SlStore             *store,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
SlModelsSnapshot *sl_review_load_models_finish    (SlStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error)
                                                   G_GNUC_WARN_UNUSED_RESULT;

/* Activates, rolls back or sets the shadow version; returns the version
 * that is active (or shadow) afterwards, 0 on error or when shadow is off. */
void              sl_review_model_action_async    (SlStore             *store,
                                                   SlModelAction        action,
                                                   gint64               version_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gint64            sl_review_model_action_finish   (SlStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReviewNext, sl_review_next_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModelsSnapshot, sl_models_snapshot_free)

G_END_DECLS
