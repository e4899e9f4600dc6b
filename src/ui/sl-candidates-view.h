#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_CANDIDATES_VIEW (sl_candidates_view_get_type ())

G_DECLARE_FINAL_TYPE (SlCandidatesView, sl_candidates_view, SL, CANDIDATES_VIEW, GtkWidget)

GtkWidget *sl_candidates_view_new       (void) G_GNUC_WARN_UNUSED_RESULT;
SlStore   *sl_candidates_view_get_store (SlCandidatesView *self);
void       sl_candidates_view_set_store (SlCandidatesView *self,
                                         SlStore          *store);

/* Searches with this provider's vectors (NULL: the built-in one). */
void       sl_candidates_view_set_embedding_provider (SlCandidatesView *self,
                                                      const char       *provider);

G_END_DECLS
