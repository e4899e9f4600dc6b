#pragma once

#include <adwaita.h>

#include "sl-store-summaries.h"

G_BEGIN_DECLS

#define SL_TYPE_SUMMARY_ROW (sl_summary_row_get_type ())

G_DECLARE_FINAL_TYPE (SlSummaryRow, sl_summary_row, SL, SUMMARY_ROW, GtkWidget)

SlSummary *sl_summary_row_get_summary (SlSummaryRow *self);
void       sl_summary_row_set_summary (SlSummaryRow *self,
                                       SlSummary    *summary);

G_END_DECLS
