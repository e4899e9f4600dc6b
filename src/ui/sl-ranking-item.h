#pragma once

#include <glib-object.h>

#include "sl-screener.h"

G_BEGIN_DECLS

#define SL_TYPE_RANKING_ITEM (sl_ranking_item_get_type ())

G_DECLARE_FINAL_TYPE (SlRankingItem, sl_ranking_item, SL, RANKING_ITEM, GObject)

/* Takes ownership of screened. rank counts from 1. */
SlRankingItem *sl_ranking_item_new          (guint          rank,
                                             SlScreened    *screened) G_GNUC_WARN_UNUSED_RESULT;
guint          sl_ranking_item_get_rank     (SlRankingItem *self);
SlScreened    *sl_ranking_item_get_screened (SlRankingItem *self);
gboolean       sl_ranking_item_get_expanded (SlRankingItem *self);
void           sl_ranking_item_set_expanded (SlRankingItem *self,
                                             gboolean       expanded);

G_END_DECLS
