#define G_LOG_DOMAIN "sl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-candidates-view.h"
#include "sl-import-banner.h"
#include "sl-reembed-banner.h"
#include "sl-interviews-view.h"
#include "sl-jobs-view.h"
#include "sl-models-view.h"
#include "sl-reviews-view.h"
#include "sl-window.h"

struct _SlWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  GtkWidget            *new_job_button;
  GtkWidget            *import_button;
  SlImportBanner       *import_banner;
  SlReembedBanner      *reembed_banner;
  GtkFileChooserNative *file_chooser;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  SlJobsView           *jobs_view;
  SlCandidatesView     *candidates_view;
  SlReviewsView        *reviews_view;
  SlInterviewsView     *interviews_view;
  SlModelsView         *models_view;
};

G_DEFINE_FINAL_TYPE (SlWindow, sl_window, ADW_TYPE_APPLICATION_WINDOW)

static void
new_job_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "jobs");
  gtk_widget_activate_action (GTK_WIDGET (self->jobs_view), "jobs.new", NULL);
}

static void
import_paths (SlWindow           *self,
              const char * const *paths)
{
  if (!gtk_widget_is_sensitive (self->import_button) || paths == NULL || paths[0] == NULL)
    return;
  /* New candidates land in the Candidates view: show it. */
  adw_view_stack_set_visible_child_name (self->view_stack, "candidates");
  sl_import_banner_import (self->import_banner, paths);
}

static void
import_paths_activated_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  SlWindow *self = SL_WINDOW (user_data);
  g_autofree const char **paths = g_variant_get_strv (parameter, NULL);

  import_paths (self, paths);
}

static void
import_files (SlWindow   *self,
              GListModel *files)
{
  guint n = g_list_model_get_n_items (files);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  import_paths (self, (const char * const *)paths->pdata);
}

static void
file_chooser_response_cb (SlWindow             *self,
                          int                   response,
                          GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      import_files (self, files);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->file_chooser);
}

static void
open_file_chooser (SlWindow             *self,
                   GtkFileChooserAction  action,
                   const char           *title)
{
  g_autoptr(GtkFileFilter) resumes = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->file_chooser != NULL)
    return;

  self->file_chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action,
                                                    _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->file_chooser), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      gtk_file_filter_set_name (resumes, _("Resumes"));
      gtk_file_filter_add_mime_type (resumes, "application/pdf");
      gtk_file_filter_add_mime_type (resumes,
                                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      gtk_file_filter_add_mime_type (resumes, "application/vnd.oasis.opendocument.text");
      gtk_file_filter_add_mime_type (resumes, "application/rtf");
      gtk_file_filter_add_mime_type (resumes, "text/plain");
      gtk_file_filter_add_mime_type (resumes, "text/markdown");
      gtk_file_filter_add_mime_type (resumes, "application/json");
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), resumes);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->file_chooser), all);
    }
  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (file_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_file_chooser (SL_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Import Resumes"));
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_file_chooser (SL_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                     _("Import a Folder of Resumes"));
}

static gboolean
drop_cb (SlWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GdkFileList *list;
  g_autoptr(GListStore) files = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  files = g_list_store_new (G_TYPE_FILE);
  for (GSList *l = gdk_file_list_get_files (list); l != NULL; l = l->next)
    g_list_store_append (files, l->data);
  import_files (self, G_LIST_MODEL (files));
  return TRUE;
}

static void
drop_changed_cb (SlWindow      *self,
                 GParamSpec    *pspec,
                 GtkDropTarget *target)
{
  if (gtk_drop_target_get_current_drop (target) != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->main_stack), "sl-drop-active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->main_stack), "sl-drop-active");
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlWindow *self = SL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* The view switcher and the New Job button only make sense once the views
 * are shown; New Job only on the Jobs page (Ctrl+N works everywhere). */
static void
update_header (SlWindow *self)
{
  gboolean views = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "views") == 0;
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, views);
  gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), views);
  gtk_widget_set_visible (self->new_job_button, views && g_strcmp0 (page, "jobs") == 0);
  gtk_widget_set_visible (self->import_button, views);
}

static gboolean
sl_window_close_request (GtkWindow *window)
{
  SlWindow *self = SL_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (sl_window_parent_class)->close_request (window);
}

static void
restore_state (SlWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
sl_window_dispose (GObject *object)
{
  SlWindow *self = (SlWindow *)object;

  if (self->file_chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_window_parent_class)->dispose (object);
}

static void
sl_window_class_init (SlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sl_window_dispose;
  window_class->close_request = sl_window_close_request;

  g_type_ensure (SL_TYPE_JOBS_VIEW);
  g_type_ensure (SL_TYPE_CANDIDATES_VIEW);
  g_type_ensure (SL_TYPE_REVIEWS_VIEW);
  g_type_ensure (SL_TYPE_INTERVIEWS_VIEW);
  g_type_ensure (SL_TYPE_MODELS_VIEW);
  g_type_ensure (SL_TYPE_IMPORT_BANNER);
  g_type_ensure (SL_TYPE_REEMBED_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, new_job_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, import_banner);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, reembed_banner);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, jobs_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, candidates_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, reviews_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, interviews_view);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, models_view);

  gtk_widget_class_install_action (widget_class, "win.new-job", NULL, new_job_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-folder", NULL);
}

static void
sl_window_init (SlWindow *self)
{
  static const GActionEntry entries[] = {
    /* Imports paths given as a string array; in the window's action map so
     * that it is exported on the session bus, for scripts and the UI test
     * (a drop cannot be simulated under Xvfb). */
    { "import-paths", import_paths_activated_cb, "as" },
  };
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", FALSE);
  gtk_widget_set_sensitive (self->import_button, FALSE);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  /* Files and folders dropped anywhere on the window are imported. */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "notify::current-drop", G_CALLBACK (drop_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  update_header (self);
}

static void
active_provider_changed_cb (SlWindow *self)
{
  g_autofree char *provider = g_settings_get_string (self->settings, "embedding-provider-active");

  sl_candidates_view_set_embedding_provider (self->candidates_view, provider);
}

SlWindow *
sl_window_new (SlApplication *application)
{
  SlWindow *self;

  g_return_val_if_fail (SL_IS_APPLICATION (application), NULL);

  self = g_object_new (SL_TYPE_WINDOW,
                       "application", application,
                       NULL);
  self->settings = g_object_ref (sl_application_get_settings (application));
  g_signal_connect_object (self->settings, "changed::embedding-provider-active",
                           G_CALLBACK (active_provider_changed_cb), self, G_CONNECT_SWAPPED);
  restore_state (self);

  return self;
}

void
sl_window_set_store (SlWindow *self,
                     SlStore  *store)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (SL_IS_STORE (store));

  sl_jobs_view_set_store (self->jobs_view, store);
  active_provider_changed_cb (self);
  sl_candidates_view_set_store (self->candidates_view, store);
  sl_reviews_view_set_store (self->reviews_view, store);
  sl_interviews_view_set_store (self->interviews_view, store);
  sl_models_view_set_store (self->models_view, store);
  sl_import_banner_set_store (self->import_banner, store);
  sl_reembed_banner_set_store (self->reembed_banner, store, self->settings);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", TRUE);
  gtk_widget_set_sensitive (self->import_button, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "views");
}

void
sl_window_show_error (SlWindow   *self,
                      const char *message)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  adw_status_page_set_description (self->error_page, message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", FALSE);
  gtk_widget_set_sensitive (self->import_button, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

void
sl_window_add_toast (SlWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SL_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
