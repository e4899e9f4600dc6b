#pragma once

#include <gio/gio.h>

#include "sl-candidate.h"
#include "sl-job.h"

G_BEGIN_DECLS

#define SL_STORE_ERROR (sl_store_error_quark ())

typedef enum
{
  SL_STORE_ERROR_FAILED,
  SL_STORE_ERROR_TOO_NEW,     /* written by a newer Shortlist: refuse, never touch */
  SL_STORE_ERROR_CONSTRAINT,
  SL_STORE_ERROR_NOT_FOUND,
  SL_STORE_ERROR_CORRUPT,
  SL_STORE_ERROR_BUSY,
  SL_STORE_ERROR_INVALID,
  SL_STORE_ERROR_CANT_OPEN,
} SlStoreError;

GQuark sl_store_error_quark (void);

/* Details of the "changed" signal: what kind of record changed. */
#define SL_STORE_CHANGED_JOBS       "jobs"
#define SL_STORE_CHANGED_CANDIDATES "candidates"
#define SL_STORE_CHANGED_REVIEWS    "reviews"
#define SL_STORE_CHANGED_INTERVIEWS "interviews"
#define SL_STORE_CHANGED_MODELS     "models"

#define SL_TYPE_STORE (sl_store_get_type ())

G_DECLARE_FINAL_TYPE (SlStore, sl_store, SL, STORE, GObject)

/* The schema version this build writes. */
int          sl_store_get_schema_version   (void);
/* $XDG_DATA_HOME/shortlist/shortlist.db */
char        *sl_store_dup_default_path     (void) G_GNUC_WARN_UNUSED_RESULT;

SlStore     *sl_store_new                  (const char           *path,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_store_new_async            (const char           *path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
SlStore     *sl_store_new_finish           (GAsyncResult         *result,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
const char  *sl_store_get_path             (SlStore              *self);
gboolean     sl_store_check_integrity      (SlStore              *self,
                                            GError              **error);

/* Jobs */
gboolean     sl_store_add_job              (SlStore              *self,
                                            SlJob                *job,
                                            GError              **error);
gboolean     sl_store_update_job           (SlStore              *self,
                                            SlJob                *job,
                                            GError              **error);
gboolean     sl_store_delete_job           (SlStore              *self,
                                            gint64                job_id,
                                            GError              **error);
SlJob       *sl_store_get_job              (SlStore              *self,
                                            gint64                job_id,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *sl_store_list_jobs            (SlStore              *self,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_store_list_jobs_async      (SlStore              *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray   *sl_store_list_jobs_finish     (SlStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* Writes for the UI: the job is copied on the calling thread, written by a worker. */
void         sl_store_save_job_async       (SlStore              *self,
                                            SlJob                *job,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gint64       sl_store_save_job_finish      (SlStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void         sl_store_delete_job_async     (SlStore              *self,
                                            gint64                job_id,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean     sl_store_delete_job_finish    (SlStore              *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Candidates */
gboolean     sl_store_add_candidate        (SlStore              *self,
                                            SlCandidate          *candidate,
                                            GError              **error);
SlCandidate *sl_store_get_candidate        (SlStore              *self,
                                            gint64                candidate_id,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *sl_store_list_candidates      (SlStore              *self,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void         sl_store_list_candidates_async  (SlStore            *self,
                                              GCancellable       *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer            user_data);
GPtrArray   *sl_store_list_candidates_finish (SlStore            *self,
                                              GAsyncResult       *result,
                                              GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Audit log, newest first, as JSON objects {id, at, action, subject_kind, subject_id, detail}. */
GPtrArray   *sl_store_list_audit           (SlStore              *self,
                                            const char           *subject_kind,
                                            gint64                subject_id,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
