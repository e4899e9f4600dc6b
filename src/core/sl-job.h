#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SL_JOB_STATUS_OPEN,
  SL_JOB_STATUS_CLOSED,
} SlJobStatus;

#define SL_TYPE_JOB_STATUS (sl_job_status_get_type ())
GType sl_job_status_get_type (void);

const char  *sl_job_status_to_string   (SlJobStatus  status);
gboolean     sl_job_status_from_string (const char  *str,
                                        SlJobStatus *status);

#define SL_TYPE_JOB (sl_job_get_type ())

G_DECLARE_FINAL_TYPE (SlJob, sl_job, SL, JOB, GObject)

SlJob       *sl_job_new                 (const char  *title) G_GNUC_WARN_UNUSED_RESULT;
SlJob       *sl_job_copy                (SlJob       *self) G_GNUC_WARN_UNUSED_RESULT;
gint64       sl_job_get_id              (SlJob       *self);
void         sl_job_set_id              (SlJob       *self,
                                         gint64       id);
const char  *sl_job_get_title           (SlJob       *self);
void         sl_job_set_title           (SlJob       *self,
                                         const char  *title);
const char  *sl_job_get_description     (SlJob       *self);
void         sl_job_set_description     (SlJob       *self,
                                         const char  *description);
const char  *sl_job_get_requirements    (SlJob       *self);
void         sl_job_set_requirements    (SlJob       *self,
                                         const char  *requirements);
const char  *sl_job_get_location        (SlJob       *self);
void         sl_job_set_location        (SlJob       *self,
                                         const char  *location);
SlJobStatus  sl_job_get_status          (SlJob       *self);
void         sl_job_set_status          (SlJob       *self,
                                         SlJobStatus  status);
/* JSON text of the parsed requirements, or NULL when not parsed yet. */
const char  *sl_job_get_parsed          (SlJob       *self);
void         sl_job_set_parsed          (SlJob       *self,
                                         const char  *parsed_json);
gint64       sl_job_get_created_at      (SlJob       *self);
void         sl_job_set_created_at      (SlJob       *self,
                                         gint64       created_at);
gint64       sl_job_get_updated_at      (SlJob       *self);
void         sl_job_set_updated_at      (SlJob       *self,
                                         gint64       updated_at);

G_END_DECLS
