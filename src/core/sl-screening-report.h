#pragma once

#include <gio/gio.h>

#include "sl-job.h"
#include "sl-screening.h"

G_BEGIN_DECLS

#define SL_SCREENING_REPORT_ERROR (sl_screening_report_error_quark ())

/* A missing folder or a folder in place of the file comes as G_FILE_ERROR,
 * a failed write as G_FILE_ERROR or G_IO_ERROR, cancellation as
 * G_IO_ERROR_CANCELLED. */
typedef enum
{
  SL_SCREENING_REPORT_ERROR_FAILED,
} SlScreeningReportError;

/* One row of a job's ranking, best first. Every pointer is borrowed. */
typedef struct
{
  gint64             candidate_id;
  const char        *name;        /* hidden in blind mode */
  const char        *email;       /* hidden in blind mode; may be NULL */
  const char        *headline;    /* may be NULL */
  SlScreeningResult *result;
} SlRankedCandidate;

GQuark   sl_screening_report_error_quark (void);

/* An A4 report for a hiring manager: the job's requirements, a summary, the
 * score distribution and every ranked candidate with the decision and the
 * reasons. In blind mode candidates are numbered by rank and their names,
 * contact details and any evidence line that mentions them are left out.
 * The file is replaced atomically; on failure nothing is left behind. */
gboolean sl_screening_report_write_pdf (const char               *path,
                                        SlJob                    *job,
                                        SlRequirements           *requirements,
                                        const SlRankedCandidate  *ranked,
                                        guint                     n_ranked,
                                        gboolean                  blind,
                                        GCancellable             *cancellable,
                                        GError                  **error);

/* The same on a worker thread, for the UI. Everything passed in is copied,
 * so the caller may free it as soon as this returns. */
void     sl_screening_report_write_pdf_async  (const char               *path,
                                               SlJob                    *job,
                                               SlRequirements           *requirements,
                                               const SlRankedCandidate  *ranked,
                                               guint                     n_ranked,
                                               gboolean                  blind,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data);
gboolean sl_screening_report_write_pdf_finish (GAsyncResult             *result,
                                               GError                  **error);

/* The ranking as RFC 4180 CSV in UTF-8 with CRLF line ends. Text cells that
 * a spreadsheet would read as a formula are prefixed with an apostrophe. */
char    *sl_screening_report_build_csv (SlJob                    *job,
                                        const SlRankedCandidate  *ranked,
                                        guint                     n_ranked,
                                        gboolean                  blind) G_GNUC_WARN_UNUSED_RESULT;
gboolean sl_screening_report_write_csv (const char               *path,
                                        SlJob                    *job,
                                        const SlRankedCandidate  *ranked,
                                        guint                     n_ranked,
                                        gboolean                  blind,
                                        GError                  **error);

G_END_DECLS
