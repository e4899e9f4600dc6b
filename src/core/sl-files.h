/* sl-files.h: content-addressed originals of imported documents.
 *
 * Every imported file is kept under ROOT/ab/abcdef… (its sha256), where
 * ROOT is the "originals" folder next to the database, so the original can
 * always be shown and is never lost. Writes are atomic (temporary file,
 * fsync, rename); the database's documents table is the reference count.
 */
#pragma once

#include <gio/gio.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_FILES (sl_files_get_type ())

G_DECLARE_FINAL_TYPE (SlFiles, sl_files, SL, FILES, GObject)

/* sha256 of data as 64 lower-case hex digits. */
char       *sl_files_compute_sha256     (const guint8  *data,
                                         gsize          len) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sl_files_is_valid_sha256    (const char    *sha256);

SlFiles    *sl_files_new                (const char    *root) G_GNUC_WARN_UNUSED_RESULT;
/* The originals of a store live in "originals" beside its database file. */
SlFiles    *sl_files_new_for_store      (SlStore       *store) G_GNUC_WARN_UNUSED_RESULT;
const char *sl_files_get_root           (SlFiles       *self);
char       *sl_files_dup_path           (SlFiles       *self,
                                         const char    *sha256) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sl_files_contains           (SlFiles       *self,
                                         const char    *sha256);
/* Stores data under its sha256 (returned in out_sha256); a no-op when the
 * same content is already there. */
gboolean    sl_files_store              (SlFiles       *self,
                                         GBytes        *data,
                                         char         **out_sha256,
                                         GError       **error);
GBytes     *sl_files_load               (SlFiles       *self,
                                         const char    *sha256,
                                         GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Removes the original unless a document row of store still refers to it.
 * Removing what is not there succeeds. */
gboolean    sl_files_remove_unreferenced (SlFiles      *self,
                                          SlStore      *store,
                                          const char   *sha256,
                                          GError      **error);

G_END_DECLS
