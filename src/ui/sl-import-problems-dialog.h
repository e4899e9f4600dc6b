#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_IMPORT_PROBLEMS_DIALOG (sl_import_problems_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SlImportProblemsDialog, sl_import_problems_dialog, SL, IMPORT_PROBLEMS_DIALOG, AdwWindow)

/* results: SlImportResult of one import; names: candidate id (gint64 *) →
 * name, for the duplicates. Lists every file that failed with its own
 * message, and every duplicate with whom it duplicates. */
GtkWidget *sl_import_problems_dialog_new (GtkWindow  *parent,
                                          GPtrArray  *results,
                                          GHashTable *names) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
