#pragma once

#include <gtk/gtk.h>

#include "sl-ranking-item.h"

G_BEGIN_DECLS

#define SL_TYPE_RANKING_ROW (sl_ranking_row_get_type ())

G_DECLARE_FINAL_TYPE (SlRankingRow, sl_ranking_row, SL, RANKING_ROW, GtkWidget)

GtkWidget *sl_ranking_row_new      (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_ranking_row_set_item (SlRankingRow  *self,
                                    SlRankingItem *item);

G_END_DECLS
