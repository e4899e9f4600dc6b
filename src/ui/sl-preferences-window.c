#define G_LOG_DOMAIN "sl-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-aws-config.h"
#include "sl-cloud-page.h"
#include "sl-embedder-factory.h"
#include "sl-preferences-window.h"
#include "sl-skills-page.h"

struct _SlPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  GSettings            *cloud_settings;   /* NULL when its schema is missing */

  /* Template children */
  AdwActionRow         *database_row;
  GtkSwitch            *blind_review_switch;
  GtkSpinButton        *decision_spin;
  GtkSpinButton        *training_spin;
  SlSkillsPage         *skills_page;
  AdwComboRow          *provider_row;
};

G_DEFINE_FINAL_TYPE (SlPreferencesWindow, sl_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
sl_preferences_window_dispose (GObject *object)
{
  SlPreferencesWindow *self = (SlPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->cloud_settings);

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
  gtk_widget_class_bind_template_child (widget_class, SlPreferencesWindow, provider_row);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (SL_TYPE_CLOUD_PAGE);
  g_type_ensure (SL_TYPE_SKILLS_PAGE);
}

static void
sl_preferences_window_init (SlPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The combo row's rows, in the order of the .ui file. */
static const char * const providers[] = { SL_EMBEDDER_PROVIDER_LEXICAL, SL_EMBEDDER_PROVIDER_BEDROCK };

static gboolean
provider_to_row (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char *provider = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      if (g_str_equal (provider, providers[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
row_to_provider (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (providers) ? g_variant_new_string (providers[i]) : NULL;
}

/* Bedrock can be chosen once the Cloud page allows its embeddings; a choice
 * made before stays changeable. */
static void
update_provider_row (SlPreferencesWindow *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "embedding-provider");
  gboolean bedrock = self->cloud_settings != NULL &&
                     g_settings_get_boolean (self->cloud_settings, "bedrock-embeddings-enabled");

  gtk_widget_set_sensitive (GTK_WIDGET (self->provider_row),
                            bedrock || !g_str_equal (chosen, SL_EMBEDDER_PROVIDER_LEXICAL));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->provider_row),
                               bedrock ? _("Titan needs a connection and is billed by AWS")
                                       : _("Titan needs Bedrock embeddings on the Cloud page"));
}

static GSettings *
dup_cloud_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SL_AWS_SETTINGS_SCHEMA, TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
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

  g_settings_bind_with_mapping (settings, "embedding-provider", self->provider_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, provider_to_row, row_to_provider,
                                NULL, NULL);
  self->cloud_settings = dup_cloud_settings ();
  g_signal_connect_object (settings, "changed::embedding-provider",
                           G_CALLBACK (update_provider_row), self, G_CONNECT_SWAPPED);
  if (self->cloud_settings != NULL)
    g_signal_connect_object (self->cloud_settings, "changed::bedrock-embeddings-enabled",
                             G_CALLBACK (update_provider_row), self, G_CONNECT_SWAPPED);
  update_provider_row (self);

  return GTK_WINDOW (self);
}

void
sl_preferences_window_set_store (SlPreferencesWindow *self,
                                 SlStore             *store)
{
  g_return_if_fail (SL_IS_PREFERENCES_WINDOW (self));

  sl_skills_page_set_store (self->skills_page, store);
}
