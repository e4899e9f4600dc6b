#define G_LOG_DOMAIN "sl-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-cloud-page.h"
#include "sl-preferences-window.h"
#include "sl-skills-page.h"

struct _SlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwActionRow         *database_row;
  GtkSwitch            *blind_review_switch;
  GtkSpinButton        *decision_spin;
  GtkSpinButton        *training_spin;
  SlSkillsPage         *skills_page;
};

G_DEFINE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
sl_preferences_window_dispose (GObject *object)
{
  SlPreferencesWindow *self = (SlPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_preferences_window_parent_class)->dispose (object);
}

static void
sl_preferences_window_class_init (SlPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, blind_review_switch);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, decision_spin);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, training_spin);
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, skills_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (SL_TYPE_CLOUD_PAGE);
  g_type_ensure (SL_TYPE_SKILLS_PAGE);
}

static void
sl_preferences_window_init (SlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
sl_preferences_window_new (GSettings  *settings,
                           const char *database_path)
{
  SlPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SL_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  adw_action_row_set_subtitle (self->database_row,
                               database_path != NULL ? database_path : _("Unknown"));
  g_settings_bind (settings, "blind-review", self->blind_review_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "decision-threshold",
                   gtk_spin_button_get_adjustment (self->decision_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "training-threshold",
                   gtk_spin_button_get_adjustment (self->training_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  return GTK_WINDOW (self);
}

void
sl_preferences_window_set_store (SlPreferencesWindow *self,
                                 SlStore             *store)
{
  g_return_if_fail (SL_IS_PREFERENCES_WINDOW (self));

  sl_skills_page_set_store (self->skills_page, store);
}
