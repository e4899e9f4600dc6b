#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  other_id;
  char   *reason;       /* "file", "text", "email", "phone" or "near" */
  double  similarity;   /* NAN unless near */
} SlDuplicateLink;

void       sl_duplicate_link_free       (SlDuplicateLink *link);

/* Links two candidates as possible duplicates (both ways are listed). A
 * link that exists already keeps its first reason. */
gboolean   sl_store_link_duplicates     (SlStore     *self,
                                         gint64       candidate_id,
                                         gint64       other_id,
                                         const char  *reason,
                                         double       similarity,
                                         GError     **error);
/* The candidate's links in either direction (SlDuplicateLink). */
GPtrArray *sl_store_list_duplicate_links (SlStore    *self,
                                          gint64      candidate_id,
                                          GError    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
