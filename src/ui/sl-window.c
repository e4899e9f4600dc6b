#define G_LOG_DOMAIN "sl-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-candidates-view.h"
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlWindow, new_job_button);
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
}

static void
sl_window_init (SlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", FALSE);

  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  update_header (self);
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
  sl_candidates_view_set_store (self->candidates_view, store);
  sl_reviews_view_set_store (self->reviews_view, store);
  sl_interviews_view_set_store (self->interviews_view, store);
  sl_models_view_set_store (self->models_view, store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "views");
}

void
sl_window_show_error (SlWindow   *self,
                      const char *message)
{
  g_return_if_fail (SL_IS_WINDOW (self));

  adw_status_page_set_description (self->error_page, message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-job", FALSE);
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
