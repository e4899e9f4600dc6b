#pragma once

#include <adwaita.h>

#include "sl-files.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_CANDIDATE_PAGE (sl_candidate_page_get_type ())

G_DECLARE_FINAL_TYPE (SlCandidatePage, sl_candidate_page, SL, CANDIDATE_PAGE, GtkWidget)

GtkWidget  *sl_candidate_page_new              (void) G_GNUC_WARN_UNUSED_RESULT;
/* Loads a candidate's profile, history, duplicates and original in a
 * worker and shows them. Its buttons name the "candidates.*" actions of
 * the view that holds it (show-list, erase, open). */
void        sl_candidate_page_load             (SlCandidatePage *self,
                                                SlStore         *store,
                                                SlFiles         *files,
                                                gint64           candidate_id);
void        sl_candidate_page_clear            (SlCandidatePage *self);
gint64      sl_candidate_page_get_candidate_id (SlCandidatePage *self);
/* The name shown, for confirmations ("" before it is loaded). */
const char *sl_candidate_page_get_name         (SlCandidatePage *self);

G_END_DECLS
