/* sl-importer.h: batch import of resumes (files and folders) into a store.
 *
 * Each file is read by an SlExtractor (isolated helper processes), parsed,
 * checked for duplicates, kept as an original by SlFiles and stored in one
 * transaction. Every file gets a result: imported, duplicate (of an
 * existing candidate) or error, never silently dropped.
 */
#pragma once

#include <gio/gio.h>

#include "sl-extractor.h"
#include "sl-files.h"
#include "sl-store-import.h"
#include "sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_IMPORT_STATUS_IMPORTED,
  SL_IMPORT_STATUS_DUPLICATE,
  SL_IMPORT_STATUS_ERROR,
} SlImportStatus;

/* "imported", "duplicate", "error". */
const char *sl_import_status_to_string (SlImportStatus status);

#define SL_TYPE_IMPORT_RESULT (sl_import_result_get_type ())

typedef struct
{
  char              *path;
  SlImportStatus     status;
  gint64             candidate_id;     /* the new candidate, or the existing one for a duplicate */
  SlDuplicateReason  duplicate_reason;
  GError            *error;            /* SL_EXTRACT_ERROR codes for unreadable files */
} SlImportResult;

GType           sl_import_result_get_type (void) G_GNUC_CONST;
SlImportResult *sl_import_result_copy     (const SlImportResult *result);
void            sl_import_result_free     (SlImportResult       *result);
/* The stable error code of a failed result ("corrupt", "timeout", …). */
const char     *sl_import_result_get_error_code (const SlImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlImportResult, sl_import_result_free)

/* Called once per file; done counts the results so far, total the files found. */
typedef void (*SlImportProgressFunc) (const SlImportResult *result,
                                      guint                 done,
                                      guint                 total,
                                      gpointer              user_data);

#define SL_TYPE_IMPORTER (sl_importer_get_type ())

G_DECLARE_FINAL_TYPE (SlImporter, sl_importer, SL, IMPORTER, GObject)

/* extractor and files may be NULL: a pool with one worker per processor,
 * and the originals folder beside the store's database. */
SlImporter  *sl_importer_new           (SlStore              *store,
                                        SlExtractor          *extractor,
                                        SlFiles              *files) G_GNUC_WARN_UNUSED_RESULT;
SlExtractor *sl_importer_get_extractor (SlImporter           *self);
SlFiles     *sl_importer_get_files     (SlImporter           *self);
/* Link every imported (or duplicate) candidate to this job; 0 for none. */
void         sl_importer_set_job_id    (SlImporter           *self,
                                        gint64                job_id);

/* Lists the files an import of paths would read: folders recurse (hidden
 * entries skipped), in name order. */
GPtrArray   *sl_importer_collect_files (const char * const   *paths) G_GNUC_WARN_UNUSED_RESULT;

/* Imports synchronously (for the CLI and workers); progress runs on the
 * calling thread. Returns the results in completion order. Fails only when
 * cancelled or when nothing could run at all. */
GPtrArray   *sl_importer_import        (SlImporter           *self,
                                        const char * const   *paths,
                                        SlImportProgressFunc  progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same in a worker thread; progress is called on the caller's thread-default
 * main context, in batches at most ten times a second, and always before the
 * callback. */
void         sl_importer_import_async  (SlImporter           *self,
                                        const char * const   *paths,
                                        SlImportProgressFunc  progress,
                                        gpointer              progress_data,
                                        GDestroyNotify        progress_notify,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
GPtrArray   *sl_importer_import_finish (SlImporter           *self,
                                        GAsyncResult         *result,
                                        GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
