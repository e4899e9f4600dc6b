#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* Links two candidates as possible duplicates (both ways are listed). A
 * link that exists already keeps its first reason. */
gboolean   sl_store_link_duplicates     (SlStore     *self,
                                         gint64       candidate_id,
                                         gint64       other_id,
                                         const char  *reason,
                                         double       similarity,
                                         GError     **error);
/* sl_store_profile_list_duplicates () lists them. */

G_END_DECLS
