#define G_LOG_DOMAIN "sl-cloud-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-aws-check.h"
#include "sl-aws-credentials.h"
#include "sl-cloud-page.h"

struct _SlCloudPage
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;
  GCancellable       *cancellable;

  /* Template children */
  AdwEntryRow        *region_row;
  AdwEntryRow        *profile_row;
  AdwEntryRow        *access_key_row;
  AdwEntryRow        *secret_key_row;
  AdwEntryRow        *session_token_row;
  AdwEntryRow        *bucket_row;
  AdwEntryRow        *prefix_row;
  AdwEntryRow        *embedding_model_row;
  AdwEntryRow        *chat_model_row;
  AdwEntryRow        *endpoint_row;
  GtkSwitch          *s3_switch;
  GtkSwitch          *embeddings_switch;
  GtkSwitch          *chat_switch;
  GtkSwitch          *sagemaker_switch;
  GtkSpinner         *spinner;
  GtkListBox         *results_list;
};

G_DEFINE_FINAL_TYPE (SlCloudPage, sl_cloud_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (SlCloudPage *self,
            const char  *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
clear_results (SlCloudPage *self)
{
  GtkListBoxRow *row;

  /* gtk_list_box_remove_all () is GTK 4.12. */
  while ((row = gtk_list_box_get_row_at_index (self->results_list, 0)) != NULL)
    gtk_list_box_remove (self->results_list, GTK_WIDGET (row));
}

static void
add_result_row (SlCloudPage *self,
                const char  *title,
                const char  *subtitle,
                gboolean     ok)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* The words carry the meaning; the icon only repeats it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ok ? _("Works") : _("Does not work"), -1);
  gtk_widget_add_css_class (icon, ok ? "success" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->results_list, row);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlCloudPage) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = sl_aws_check_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cloud.test-connection", TRUE);
  clear_results (self);

  if (results == NULL || results->len == 0)
    {
      add_result_row (self, _("Nothing to test"),
                      _("Switch on a service above, then test again."), FALSE);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      SlAwsCheckResult *check = results->pdata[i];

      if (check->error == NULL)
        add_result_row (self, check->title, _("Works"), TRUE);
      else
        add_result_row (self, check->title, check->error->message, FALSE);
    }
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SlCloudPage *self = SL_CLOUD_PAGE (widget);
  g_autoptr(SlAwsConfig) config = sl_aws_config_load ();

  gtk_widget_action_set_enabled (widget, "cloud.test-connection", FALSE);
  gtk_spinner_start (self->spinner);
  sl_aws_check_run_async (config, self->cancellable, check_cb, g_object_ref (self));
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!sl_aws_credentials_save_to_keyring (task_data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
forget_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!sl_aws_credentials_clear_keyring (cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
keyring_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SlCloudPage *self = SL_CLOUD_PAGE (object);
  g_autoptr(GError) error = NULL;
  const char *done = user_data;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cloud.save-keys", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cloud.forget-keys", TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s says why the keyring refused. */
      message = g_strdup_printf (_("The keyring could not be used: %s"), error->message);
      show_toast (self, message);
      return;
    }
  show_toast (self, _(done));
}

static void
run_keyring_task (SlCloudPage      *self,
                  GTaskThreadFunc   worker,
                  SlAwsCredentials *credentials,
                  const char       *done)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, keyring_cb, (gpointer)done);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cloud.save-keys", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cloud.forget-keys", FALSE);
  if (credentials != NULL)
    g_task_set_task_data (task, credentials, (GDestroyNotify)sl_aws_credentials_free);
  g_task_run_in_thread (task, worker);
}

static void
save_keys_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlCloudPage *self = SL_CLOUD_PAGE (widget);
  g_autofree char *id = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->access_key_row)));
  g_autofree char *secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_key_row)));
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->session_token_row));

  g_strstrip (id);
  g_strstrip (secret);
  if (*id == '\0' || *secret == '\0')
    {
      show_toast (self, _("Enter both the access key ID and the secret access key"));
      return;
    }

  run_keyring_task (self, save_worker, sl_aws_credentials_new (id, secret, token),
                    N_("Keys saved in the keyring"));

  /* The keyring has them now: do not keep secrets in widgets. */
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->session_token_row), "");
}

static void
forget_keys_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlCloudPage *self = SL_CLOUD_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->access_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->secret_key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->session_token_row), "");
  run_keyring_task (self, forget_worker, NULL, N_("Keys removed from the keyring"));
}

static void
bind_settings (SlCloudPage *self)
{
  static const struct {
    const char *key;
    gsize       offset;
    const char *property;
  } bindings[] = {
    { "region", G_STRUCT_OFFSET (SlCloudPage, region_row), "text" },
    { "profile", G_STRUCT_OFFSET (SlCloudPage, profile_row), "text" },
    { "s3-bucket", G_STRUCT_OFFSET (SlCloudPage, bucket_row), "text" },
    { "s3-prefix", G_STRUCT_OFFSET (SlCloudPage, prefix_row), "text" },
    { "bedrock-embedding-model", G_STRUCT_OFFSET (SlCloudPage, embedding_model_row), "text" },
    { "bedrock-chat-model", G_STRUCT_OFFSET (SlCloudPage, chat_model_row), "text" },
    { "sagemaker-endpoint", G_STRUCT_OFFSET (SlCloudPage, endpoint_row), "text" },
    { "s3-mirror-enabled", G_STRUCT_OFFSET (SlCloudPage, s3_switch), "active" },
    { "bedrock-embeddings-enabled", G_STRUCT_OFFSET (SlCloudPage, embeddings_switch), "active" },
    { "bedrock-chat-enabled", G_STRUCT_OFFSET (SlCloudPage, chat_switch), "active" },
    { "sagemaker-scoring-enabled", G_STRUCT_OFFSET (SlCloudPage, sagemaker_switch), "active" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      GObject *target = G_STRUCT_MEMBER (GObject *, self, bindings[i].offset);

      g_settings_bind (self->settings, bindings[i].key, target, bindings[i].property,
                       G_SETTINGS_BIND_DEFAULT);
    }
}

static void
sl_cloud_page_dispose (GObject *object)
{
  SlCloudPage *self = (SlCloudPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_cloud_page_parent_class)->dispose (object);
}

static void
sl_cloud_page_class_init (SlCloudPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sl_cloud_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shortlist/Shortlist/ui/sl-cloud-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, region_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, profile_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, access_key_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, secret_key_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, session_token_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, bucket_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, embedding_model_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, chat_model_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, s3_switch);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, embeddings_switch);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, chat_switch);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, sagemaker_switch);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlCloudPage, results_list);

  gtk_widget_class_install_action (widget_class, "cloud.save-keys", NULL, save_keys_action);
  gtk_widget_class_install_action (widget_class, "cloud.forget-keys", NULL, forget_keys_action);
  gtk_widget_class_install_action (widget_class, "cloud.test-connection", NULL,
                                   test_connection_action);
}

static void
sl_cloud_page_init (SlCloudPage *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(SlAwsCredentials) saved = NULL;
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  placeholder = gtk_label_new (_("Not tested yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->results_list, placeholder);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SL_AWS_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    {
      /* An uninstalled build without compiled schemas: nothing to edit. */
      g_debug ("The schema %s is not installed", SL_AWS_SETTINGS_SCHEMA);
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  bind_settings (self);
}

GtkWidget *
sl_cloud_page_new (void)
{
  return g_object_new (SL_TYPE_CLOUD_PAGE, NULL);
}
