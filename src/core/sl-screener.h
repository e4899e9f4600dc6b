#pragma once

#include <gio/gio.h>

#include "sl-embedder.h"
#include "sl-screening.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_SCREENER_ERROR (sl_screener_error_quark ())

typedef enum
{
  SL_SCREENER_ERROR_FAILED,
  SL_SCREENER_ERROR_NO_CANDIDATES,   /* nothing linked to the job (and not --all) */
} SlScreenerError;

GQuark sl_screener_error_quark (void);

/* One screened candidate, best first in the results. */
typedef struct
{
  gint64             result_id;     /* the stored screening */
  gint64             candidate_id;
  char              *name;
  char              *email;         /* first address, or NULL */
  char              *headline;
  SlScreeningResult *result;
} SlScreened;

void sl_screened_free (SlScreened *screened);

/* Called on the screening thread a few times a second at most. */
typedef void (*SlScreenerProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

/* Where the time of one sl_screener_screen_job() went, in microseconds. */
typedef struct
{
  gint64 load_usec;    /* the job, the index, the models and the candidates' inputs */
  gint64 score_usec;   /* components and classifiers for every candidate */
  gint64 store_usec;   /* evidence, explanations and features, written in one transaction */
} SlScreenerTimings;

typedef struct
{
  gboolean           all_candidates;  /* every candidate, not only those linked to the job */
  SlScreeningConfig  config;
  SlScreenerProgress progress;
  gpointer           progress_data;
  /* Rank without storing: no evidence, and result_id stays 0. */
  gboolean           score_only;
  /* Filled when not NULL; only for the blocking call. */
  SlScreenerTimings *timings;
} SlScreenerOptions;

void       sl_screener_options_init (SlScreenerOptions *options);

/* Scores the job's candidates with the embedder's vectors (embedding any
 * that lack one), the active model when there is one (and the shadow model
 * beside it), stores every result with its components, model, embedder and
 * explanation, and returns SlScreened items, best first. Blocking: run it in
 * a worker. The job's requirements come from its parsed description. */
GPtrArray *sl_screener_screen_job   (SlStore                 *store,
                                     SlEmbedder              *embedder,
                                     gint64                   job_id,
                                     const SlScreenerOptions *options,
                                     GCancellable            *cancellable,
                                     GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

/* The same in a worker thread, for the UI. The options are copied; their
 * progress function is called on the caller's thread-default main context
 * (a few times a second at most, and with done == total before the
 * callback), never on the worker. The results are SlScreened items, best
 * first. */
void       sl_screener_screen_job_async  (SlStore                 *store,
                                          SlEmbedder              *embedder,
                                          gint64                   job_id,
                                          const SlScreenerOptions *options,
                                          GCancellable            *cancellable,
                                          GAsyncReadyCallback      callback,
                                          gpointer                 user_data);
GPtrArray *sl_screener_screen_job_finish (GAsyncResult            *result,
                                          GError                 **error) G_GNUC_WARN_UNUSED_RESULT;

/* The requirements of a job: its parsed JSON, else the description parsed now. */
SlRequirements *sl_screener_dup_requirements (SlJob *job) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
