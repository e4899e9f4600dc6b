#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The path of a data file shipped in data/: $SHORTLIST_DATADIR first (tests),
 * then the installed pkgdatadir, then the source tree of an uninstalled build.
 * Returns the first that exists, or the pkgdatadir path when none does. */
char *sl_data_find_file (const char *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
