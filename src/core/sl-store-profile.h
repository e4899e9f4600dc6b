/* sl-store-profile.h: what the candidate page reads and writes beyond the
 * candidate itself: the user's corrections of the parsed profile, the
 * original document and the possible duplicates.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-candidate.h"
#include "sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  other_id;
  char   *other_name;
  char   *reason;       /* "file", "text", "email", "phone" or "near" */
  double  similarity;   /* < 0 when not known */
} SlDuplicateLink;

void            sl_duplicate_link_free            (SlDuplicateLink *link);

typedef struct
{
  char   *sha256;
  char   *filename;
  char   *mime_type;
  gint64  size;
  int     pages;
} SlDocumentInfo;

void            sl_document_info_free             (SlDocumentInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDuplicateLink, sl_duplicate_link_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlDocumentInfo, sl_document_info_free)

/* Saves the user's corrections of a candidate's profile: the members of
 * corrections ("name", "headline", "location" as strings,
 * "years_experience" as a number, "education_level" as an SlEducationLevel
 * identifier) replace the parsed values and are merged into the
 * candidate's corrections JSON, so they are known as the user's. Any other
 * member, or a value of the wrong kind, is SL_STORE_ERROR_INVALID. */
gboolean        sl_store_profile_save_corrections (SlStore         *self,
                                                   gint64           candidate_id,
                                                   JsonObject      *corrections,
                                                   GError         **error);
/* The corrections saved so far (an empty object when there are none). */
JsonObject     *sl_store_profile_dup_corrections  (SlStore         *self,
                                                   gint64           candidate_id,
                                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Candidates linked to this one as possible duplicates, in either
 * direction (SlDuplicateLink), most similar first. */
GPtrArray      *sl_store_profile_list_duplicates  (SlStore         *self,
                                                   gint64           candidate_id,
                                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* The candidate's original document, or NULL without an error when there
 * is none. */
SlDocumentInfo *sl_store_profile_dup_document     (SlStore         *self,
                                                   gint64           candidate_id,
                                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
