#pragma once

#include <gio/gio.h>

#include "sl-store-interviews.h"

G_BEGIN_DECLS

#define SL_INTERVIEW_REPORT_ERROR (sl_interview_report_error_quark ())

typedef enum
{
  SL_INTERVIEW_REPORT_ERROR_FAILED,
} SlInterviewReportError;

GQuark sl_interview_report_error_quark (void);

/* A JSON summary of a session for the store's report column and the UI:
 * {"session_id", "title", "answered", "questions", "score": {…},
 *  "metrics": {"wpm", "fillers_per_minute", "long_pauses", "keyword_coverage"},
 *  "tips": […]} — tips are the most frequent ones across answers. */
char     *sl_interview_report_build_json       (SlInterviewSessionRecord *session,
                                                GPtrArray                *answers) G_GNUC_WARN_UNUSED_RESULT;
/* A PDF report (cairo): scores, a chart per answer, each question with
 * its metrics, tips and transcript. Blocking. */
gboolean  sl_interview_report_write_pdf        (SlInterviewSessionRecord *session,
                                                GPtrArray                *answers,
                                                const char               *path,
                                                GError                  **error);
/* Loads the session from the store and writes the PDF on a worker. */
void      sl_interview_report_write_pdf_async  (SlStore                  *store,
                                                gint64                    session_id,
                                                const char               *path,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean  sl_interview_report_write_pdf_finish (SlStore                  *store,
                                                GAsyncResult             *result,
                                                GError                  **error);

G_END_DECLS
