/* sl-level-meter.h: a microphone level meter */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SL_TYPE_LEVEL_METER (sl_level_meter_get_type ())

#define SL_LEVEL_METER_FLOOR_DB (-60.0)

G_DECLARE_FINAL_TYPE (SlLevelMeter, sl_level_meter, SL, LEVEL_METER, GtkWidget)

GtkWidget *sl_level_meter_new               (void) G_GNUC_WARN_UNUSED_RESULT;
void       sl_level_meter_set_level         (SlLevelMeter *self,
                                             double        rms_db,
                                             double        peak_db);
void       sl_level_meter_reset             (SlLevelMeter *self);
double     sl_level_meter_get_rms           (SlLevelMeter *self);
double     sl_level_meter_get_peak          (SlLevelMeter *self);
double     sl_level_meter_get_display_level (SlLevelMeter *self);
double     sl_level_meter_get_display_peak  (SlLevelMeter *self);

G_END_DECLS
