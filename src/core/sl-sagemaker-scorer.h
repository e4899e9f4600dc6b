#pragma once

#include <json-glib/json-glib.h>

#include "sl-aws-client.h"

G_BEGIN_DECLS

/* The local model's answer when the endpoint cannot give one. */
typedef gboolean (*SlLocalScoreFunc) (JsonObject  *features,
                                      gboolean    *shortlist,
                                      double      *confidence,
                                      gpointer     user_data,
                                      GError     **error);

#define SL_TYPE_SAGEMAKER_SCORER (sl_sagemaker_scorer_get_type ())

G_DECLARE_FINAL_TYPE (SlSagemakerScorer, sl_sagemaker_scorer, SL, SAGEMAKER_SCORER, GObject)

/* SageMaker Runtime InvokeEndpoint as a remote screening scorer: sends
 * {"features": {…}} and expects {"prediction": "shortlist"|"reject",
 * "confidence": 0..1}. */
SlSagemakerScorer *sl_sagemaker_scorer_new                 (SlAwsClient        *client,
                                                            const char         *endpoint_name) G_GNUC_WARN_UNUSED_RESULT;
gboolean           sl_sagemaker_scorer_score               (SlSagemakerScorer  *self,
                                                            JsonObject         *features,
                                                            gboolean           *shortlist,
                                                            double             *confidence,
                                                            GCancellable       *cancellable,
                                                            GError            **error);
void               sl_sagemaker_scorer_score_async         (SlSagemakerScorer  *self,
                                                            JsonObject         *features,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
gboolean           sl_sagemaker_scorer_score_finish        (SlSagemakerScorer  *self,
                                                            GAsyncResult       *result,
                                                            gboolean           *shortlist,
                                                            double             *confidence,
                                                            GError            **error);
/* Falls back to the local model on any failure of the endpoint;
 * *used_remote says which answered. remote_error (may be NULL) receives
 * why the endpoint was not used. */
gboolean           sl_sagemaker_scorer_score_with_fallback (SlSagemakerScorer  *self,
                                                            JsonObject         *features,
                                                            SlLocalScoreFunc    fallback,
                                                            gpointer            user_data,
                                                            gboolean           *shortlist,
                                                            double             *confidence,
                                                            gboolean           *used_remote,
                                                            GError            **remote_error,
                                                            GCancellable       *cancellable,
                                                            GError            **error);

G_END_DECLS
