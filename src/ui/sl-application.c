#define G_LOG_DOMAIN "sl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-outbox-runner.h"
#include "sl-preferences-window.h"
#include "sl-window.h"

struct _SlApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  SlStore        *store;
  SlOutboxRunner *outbox;
  GError         *store_error;
  GCancellable   *cancellable;
  char           *db_path;
  guint           opening : 1;
};

G_DEFINE_FINAL_TYPE (SlApplication, sl_application, ADW_TYPE_APPLICATION)

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *default_source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  if (default_source != NULL)
    schema = g_settings_schema_source_lookup (default_source, APPLICATION_ID, TRUE);

  /* Not installed yet: an uninstalled build uses the schema compiled in its
   * own build directory, so `./build/src/ui/shortlist` just works. */
  if (schema == NULL)
    {
      build_source = g_settings_schema_source_new_from_directory (SL_BUILD_SCHEMA_DIR,
                                                                  default_source, FALSE, &error);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APPLICATION_ID, FALSE);
    }

  if (schema == NULL)
    g_error ("The GSettings schema %s is not installed; run `ninja install` or set "
             "GSETTINGS_SCHEMA_DIR to the build's data directory", APPLICATION_ID);

  return g_settings_new_full (schema, NULL, NULL);
}

static const char *
get_db_path (SlApplication *self)
{
  const char *env;

  if (self->db_path != NULL)
    return self->db_path;
  if ((env = g_getenv ("SHORTLIST_DB")) != NULL && env[0] != '\0')
    return env;
  return NULL;
}

static void
store_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SlApplication) self = user_data;
  g_autoptr(SlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = sl_store_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->opening = FALSE;
  g_clear_object (&self->cancellable);

  if (store == NULL)
    {
      g_debug ("Could not open the database: %s", error->message);
      g_clear_error (&self->store_error);
      self->store_error = g_steal_pointer (&error);
    }
  else
    {
      g_set_object (&self->store, store);
      /* Cloud work waits in the outbox while offline; try every few minutes. */
      g_clear_object (&self->outbox);
      self->outbox = sl_outbox_runner_new (store);
      sl_outbox_runner_start (self->outbox, 5 * 60);
    }

  for (const GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (!SL_IS_WINDOW (l->data))
        continue;
      if (self->store != NULL)
        sl_window_set_store (l->data, self->store);
      else
        sl_window_show_error (l->data, self->store_error->message);
    }
}

static void
open_store (SlApplication *self)
{
  if (self->store != NULL || self->opening)
    return;

  self->opening = TRUE;
  self->cancellable = g_cancellable_new ();
  sl_store_new_async (get_db_path (self), self->cancellable, store_open_cb, g_object_ref (self));
}

static void
sl_application_activate (GApplication *app)
{
  SlApplication *self = SL_APPLICATION (app);
  GtkWindow *window;

  if ((window = gtk_application_get_active_window (GTK_APPLICATION (self))) == NULL)
    {
      window = GTK_WINDOW (sl_window_new (self));
      if (self->store != NULL)
        sl_window_set_store (SL_WINDOW (window), self->store);
      else if (self->store_error != NULL)
        sl_window_show_error (SL_WINDOW (window), self->store_error->message);
    }

  gtk_window_present (window);
  open_store (self);
}

static int
sl_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  SlApplication *self = SL_APPLICATION (app);
  g_autofree char *db = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);

      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
    }

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SlApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close rather than quit at once: windows save their state and views
   * finish pending deletions, holding the application until they are done. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (const GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SlApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *default_path = NULL;
  const char *path;
  GtkWindow *window;

  if (self->store != NULL)
    path = sl_store_get_path (self->store);
  else if ((path = get_db_path (self)) == NULL)
    path = default_path = sl_store_dup_default_path ();

  window = sl_preferences_window_new (self->settings, path);
  sl_preferences_window_set_store (SL_PREFERENCES_WINDOW (window), self->store);
  gtk_window_set_transient_for (window, parent);
  gtk_window_present (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SlApplication *self = user_data;
  static const char *developers[] = { "The Shortlist developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", _("Shortlist"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Shortlist developers"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/shortlist/shortlist",
                         "issue-url", "https://github.com/shortlist/shortlist/issues",
                         "comments", _("Screen and rank candidates against your jobs, review "
                                       "the results, and practise interviews — all on your "
                                       "own computer."),
                         "developers", developers,
                         "copyright", _("© 2026 The Shortlist developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line, to be credited in About. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
help_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (window, result, &error))
    {
      g_debug ("Could not open the help: %s", error->message);
      if (SL_IS_WINDOW (window))
        sl_window_add_toast (SL_WINDOW (window),
                             adw_toast_new (_("Could not open the help. Is Yelp installed?")));
    }
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SlApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_show_uri_full (window, "help:shortlist", GDK_CURRENT_TIME, NULL, help_cb,
                     window ? g_object_ref (window) : NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "help", help_action },
};

static void
sl_application_startup (GApplication *app)
{
  SlApplication *self = SL_APPLICATION (app);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *new_job_accels[] = { "<Primary>n", NULL };
  static const struct { const char *action; const char *accel; } view_accels[] = {
    { "win.show-view::jobs", "<Alt>1" },
    { "win.show-view::candidates", "<Alt>2" },
    { "win.show-view::reviews", "<Alt>3" },
    { "win.show-view::interviews", "<Alt>4" },
    { "win.show-view::models", "<Alt>5" },
  };

  G_APPLICATION_CLASS (sl_application_parent_class)->startup (app);

  self->settings = create_settings ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-job", new_job_accels);
  for (guint i = 0; i < G_N_ELEMENTS (view_accels); i++)
    {
      const char *accels[] = { view_accels[i].accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), view_accels[i].action,
                                             accels);
    }
}

static void
sl_application_shutdown (GApplication *app)
{
  SlApplication *self = SL_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (sl_application_parent_class)->shutdown (app);
}

static void
sl_application_dispose (GObject *object)
{
  SlApplication *self = (SlApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_application_parent_class)->dispose (object);
}

static void
sl_application_finalize (GObject *object)
{
  SlApplication *self = (SlApplication *)object;

  g_clear_error (&self->store_error);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (sl_application_parent_class)->finalize (object);
}

static void
sl_application_class_init (SlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sl_application_dispose;
  object_class->finalize = sl_application_finalize;

  app_class->activate = sl_application_activate;
  app_class->startup = sl_application_startup;
  app_class->shutdown = sl_application_shutdown;
  app_class->handle_local_options = sl_application_handle_local_options;
}

static void
sl_application_init (SlApplication *self)
{
  static const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open this database file instead of the default one"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

SlApplication *
sl_application_new (void)
{
  return g_object_new (SL_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

GSettings *
sl_application_get_settings (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);
  return self->settings;
}

SlStore *
sl_application_get_store (SlApplication *self)
{
  g_return_val_if_fail (SL_IS_APPLICATION (self), NULL);
  return self->store;
}
