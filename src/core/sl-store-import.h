/* sl-store-import.h: the store's side of importing resumes: one
 * transaction per parsed candidate, duplicate lookups, applications,
 * and erasure that hands back the originals to delete.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_DUPLICATE_NONE,
  SL_DUPLICATE_FILE,     /* the same bytes (sha256 of the file) */
  SL_DUPLICATE_TEXT,     /* the same normalised text */
  SL_DUPLICATE_EMAIL,    /* the same person: an e-mail address in common */
  SL_DUPLICATE_PHONE,    /* the same person: a phone number in common */
} SlDuplicateReason;

/* "file", "text", "email", "phone" (NULL for none). */
const char *sl_duplicate_reason_to_string (SlDuplicateReason reason);

typedef struct
{
  const char *sha256;        /* of the original file; required */
  const char *filename;      /* base name, shown with the document */
  const char *mime_type;
  gint64      size;
  int         pages;
  const char *text;          /* extracted text */
  const char *text_sha256;   /* of the normalised text; NULL skips that check */
  JsonNode   *profile;       /* the resume parser's object; may be NULL */
  const char *fallback_name; /* used when the profile has no name */
  gint64      job_id;        /* > 0: link the candidate to this job */
} SlImportRecord;

/* The candidate whose document has this sha256, or 0. */
gboolean    sl_store_import_find_by_document (SlStore              *self,
                                              const char           *sha256,
                                              gint64               *candidate_id,
                                              GError              **error);
/* In one transaction: looks for a duplicate (file, text, e-mail, phone);
 * when there is one, links it to the job and reports it in *duplicate
 * with its id in *candidate_id; otherwise inserts document, candidate,
 * contacts, facts, skills, experiences and application. With text NULL
 * it only checks: no duplicate leaves *candidate_id at 0 and adds nothing. */
gboolean    sl_store_import_candidate        (SlStore              *self,
                                              const SlImportRecord *record,
                                              gint64               *candidate_id,
                                              SlDuplicateReason    *duplicate,
                                              GError              **error);
gboolean    sl_store_import_link_application (SlStore              *self,
                                              gint64                job_id,
                                              gint64                candidate_id,
                                              GError              **error);
/* Ids of the candidates linked to a job, in the order they applied. */
GArray     *sl_store_import_list_applications (SlStore             *self,
                                               gint64               job_id,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean    sl_store_import_has_document     (SlStore              *self,
                                              const char           *sha256,
                                              gboolean             *exists,
                                              GError              **error);
/* sha256 of the candidate's original, or NULL (no error) when there is none. */
char       *sl_store_import_dup_document_sha256 (SlStore           *self,
                                                 gint64             candidate_id,
                                                 GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* Work history, oldest position first: JSON objects
 * {"title", "company", "start": "YYYY-MM"|null, "end": "YYYY-MM"|null, "current"}. */
GPtrArray  *sl_store_import_list_experiences (SlStore              *self,
                                              gint64                candidate_id,
                                              GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* Erases a candidate (text, profile, contacts, vectors, personal fields of
 * reviews) and returns in *orphans the sha256 of originals no document
 * refers to any more, for the caller to delete with SlFiles. */
gboolean    sl_store_import_erase_candidate  (SlStore              *self,
                                              gint64                candidate_id,
                                              GStrv                *orphans,
                                              GError              **error);

G_END_DECLS
