#pragma once

#include <gio/gio.h>

#include "sl-files.h"
#include "sl-store.h"

G_BEGIN_DECLS

/* Erases a candidate everywhere Shortlist keeps them: the database (text,
 * profile, contacts, vectors, the personal fields of reviews), the original
 * file unless another candidate shares it, and their copies in S3 (queued in
 * the outbox, so it happens even when offline). The audit log records that
 * an erasure happened, without personal data. The one path for the UI and
 * the CLI. */
gboolean sl_erase_candidate (SlStore  *store,
                             SlFiles  *files,
                             gint64    candidate_id,
                             GError  **error);

/* The S3 owner key of a candidate's files (AREA/OWNER/NAME). */
char    *sl_erasure_dup_candidate_owner (gint64 candidate_id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
