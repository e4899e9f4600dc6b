#define G_LOG_DOMAIN "sl-jobs-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-job-editor.h"
#include "sl-job-page.h"
#include "sl-job-row.h"
#include "sl-jobs-view.h"
#include "sl-store-list.h"

struct _SlJobsView
{
  GtkWidget           parent_instance;

  SlStore            *store;
  SlStoreList        *jobs;
  GtkFilterListModel *filter_model;
  /* Jobs hidden from the list: deleted with Undo still possible, or being
   * deleted and not yet gone from a reload. gint64 * → itself. */
  GHashTable         *hidden;
  /* Toasts still offering Undo: gint64 * → AdwToast *. */
  GHashTable         *pending;

  /* Template children */
  GtkStack           *outer_stack;
  GtkStack           *stack;
  SlJobPage          *job_page;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (SlJobsView, sl_jobs_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint64 *
id_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static SlJob *
find_job (SlJobsView *self,
          gint64      job_id)
{
  guint n;

  if (self->jobs == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      if (sl_job_get_id (job) == job_id)
        return g_steal_pointer (&job);
    }
  return NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  SlJobsView *self = user_data;
  gint64 id = sl_job_get_id (item);

  return !g_hash_table_contains (self->hidden, &id);
}

static void
refilter (SlJobsView       *self,
          GtkFilterChange   change)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filter_model);

  gtk_filter_changed (filter, change);
}

static void
update_page (SlJobsView *self)
{
  const char *page = "loading";

  if (self->jobs != NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
        page = "list";
      else if (!sl_store_list_get_loading (self->jobs))
        page = "empty";
    }

  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
show_list (SlJobsView *self)
{
  GtkWidget *focus;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "jobs") == 0)
    return;
  gtk_stack_set_visible_child_name (self->outer_stack, "jobs");
  focus = GTK_WIDGET (self->list_view);
  if (gtk_widget_get_mapped (focus) || gtk_widget_get_visible (focus))
    gtk_widget_grab_focus (focus);
}

/* The job shown on the page was edited or deleted: follow it. */
static void
refresh_page (SlJobsView *self)
{
  gint64 job_id = sl_job_page_get_job_id (self->job_page);
  g_autoptr(SlJob) job = NULL;

  if (job_id == 0 || self->jobs == NULL || sl_store_list_get_loading (self->jobs))
    return;

  job = find_job (self, job_id);
  if (job != NULL && !g_hash_table_contains (self->hidden, &job_id))
    sl_job_page_set_job (self->job_page, job);
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "job") == 0)
    show_list (self);
}

static void
jobs_items_changed_cb (SlJobsView *self,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GListModel *model)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  guint n = g_list_model_get_n_items (model);

  /* Forget deleted jobs once a reload no longer lists them, so a later job
   * that reuses the id shows up. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlJob) job = g_list_model_get_item (model, i);

      g_hash_table_add (present, id_new (sl_job_get_id (job)));
    }
  g_hash_table_iter_init (&iter, self->hidden);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (self->pending, key) && !g_hash_table_contains (present, key))
        g_hash_table_iter_remove (&iter);
    }

  refresh_page (self);
}

typedef struct
{
  GWeakRef      view;
  GApplication *app;
  gint64        job_id;
  char         *title;
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_weak_ref_clear (&data->view);
  g_clear_object (&data->app);
  g_free (data->title);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteData, delete_data_free)

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeleteData) data = user_data;
  g_autoptr(SlJobsView) self = g_weak_ref_get (&data->view);
  g_autoptr(GError) error = NULL;

  if (data->app != NULL)
    g_application_release (data->app);

  if (sl_store_delete_job_finish (SL_STORE (object), result, &error))
    return;

  g_debug ("Could not delete job %" G_GINT64_FORMAT ": %s", data->job_id, error->message);
  if (self != NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      g_autofree char *message = NULL;

      g_hash_table_remove (self->hidden, &data->job_id);
      refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);

      /* Translators: %s is a job title. */
      message = g_strdup_printf (_("Could not delete ‘%s’"), data->title);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
    }
}

static void
delete_for_real (SlJobsView *self,
                 gint64      job_id,
                 const char *title)
{
  DeleteData *data = g_new0 (DeleteData, 1);

  g_weak_ref_init (&data->view, self);
  data->job_id = job_id;
  data->title = g_strdup (title);

  /* Keep the application running until the deletion is written, even if
   * the window closes or the user quits right after. */
  if ((data->app = g_application_get_default ()) != NULL)
    {
      g_object_ref (data->app);
      g_application_hold (data->app);
    }

  sl_store_delete_job_async (self->store, job_id, NULL, delete_cb, data);
}

static void
toast_undo_cb (SlJobsView *self,
               AdwToast   *toast)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "job-id");

  g_object_set_data (G_OBJECT (toast), "undone", GINT_TO_POINTER (TRUE));
  g_hash_table_remove (self->pending, id);
  g_hash_table_remove (self->hidden, id);
  refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
toast_dismissed_cb (SlJobsView *self,
                    AdwToast   *toast)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "job-id");

  if (g_object_get_data (G_OBJECT (toast), "undone") != NULL)
    return;

  g_hash_table_remove (self->pending, id);
  delete_for_real (self, *id, g_object_get_data (G_OBJECT (toast), "job-title"));
}

static void
start_delete (SlJobsView *self,
              gint64      job_id)
{
  g_autoptr(SlJob) job = NULL;
  g_autofree char *message = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  if (g_hash_table_contains (self->hidden, &job_id) || (job = find_job (self, job_id)) == NULL)
    return;

  g_hash_table_add (self->hidden, id_new (job_id));
  refilter (self, GTK_FILTER_CHANGE_MORE_STRICT);
  if (sl_job_page_get_job_id (self->job_page) == job_id)
    {
      show_list (self);
      sl_job_page_set_job (self->job_page, NULL);
    }

  /* Translators: %s is a job title; the toast offers Undo. */
  message = g_strdup_printf (_("‘%s’ deleted"), sl_job_get_title (job));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "job-id", id_new (job_id), g_free);
  g_object_set_data_full (G_OBJECT (toast), "job-title", g_strdup (sl_job_get_title (job)), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_hash_table_insert (self->pending, id_new (job_id), g_object_ref (toast));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    adw_toast_dismiss (toast);
}

static void
editor_delete_requested_cb (SlJobsView  *self,
                            gint64       job_id,
                            SlJobEditor *editor)
{
  gtk_window_destroy (GTK_WINDOW (editor));
  start_delete (self, job_id);
}

static void
open_editor (SlJobsView *self,
             SlJob      *job)
{
  SlJobEditor *editor = sl_job_editor_new (self->store, job);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_signal_connect_object (editor, "delete-requested", G_CALLBACK (editor_delete_requested_cb),
                           self, G_CONNECT_SWAPPED);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
jobs_new_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlJobsView *self = SL_JOBS_VIEW (widget);

  if (self->store != NULL)
    open_editor (self, NULL);
}

static void
jobs_edit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlJobsView *self = SL_JOBS_VIEW (widget);
  g_autoptr(SlJob) job = find_job (self, g_variant_get_int64 (parameter));

  if (job != NULL)
    open_editor (self, job);
}

static void
jobs_open_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlJobsView *self = SL_JOBS_VIEW (widget);
  g_autoptr(SlJob) job = find_job (self, g_variant_get_int64 (parameter));

  if (job == NULL)
    return;
  sl_job_page_set_job (self->job_page, job);
  gtk_stack_set_visible_child_name (self->outer_stack, "job");
  gtk_widget_child_focus (GTK_WIDGET (self->job_page), GTK_DIR_TAB_FORWARD);
}

static void
jobs_back_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_list (SL_JOBS_VIEW (widget));
}

static void
jobs_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_delete (SL_JOBS_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
jobs_delete_selected_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SlJobsView *self = SL_JOBS_VIEW (widget);
  SlJob *job = gtk_single_selection_get_selected_item (self->selection);

  /* Delete only acts on the list, not on the job's page. */
  if (job != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->outer_stack), "jobs") == 0)
    start_delete (self, sl_job_get_id (job));
}

static void
list_activate_cb (SlJobsView  *self,
                  guint        position,
                  GtkListView *list_view)
{
  g_autoptr(SlJob) job = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (job != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "jobs.open", "x", sl_job_get_id (job));
}

static void
sl_jobs_view_dispose (GObject *object)
{
  SlJobsView *self = (SlJobsView *)object;
  GHashTableIter iter;
  gpointer key, value;

  /* The view goes away (window closed, application quitting) while toasts
   * still offer Undo: the user did not undo, so delete now. */
  if (self->pending != NULL)
    {
      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_signal_handlers_disconnect_by_data (value, self);
          if (self->store != NULL)
            delete_for_real (self, *(gint64 *)key,
                             g_object_get_data (G_OBJECT (value), "job-title"));
        }
      g_hash_table_remove_all (self->pending);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_JOBS_VIEW);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->jobs);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_jobs_view_parent_class)->dispose (object);
}

static void
sl_jobs_view_finalize (GObject *object)
{
  SlJobsView *self = (SlJobsView *)object;

  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (sl_jobs_view_parent_class)->finalize (object);
}

static void
sl_jobs_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlJobsView *self = SL_JOBS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_jobs_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SlJobsView *self = SL_JOBS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_jobs_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_jobs_view_class_init (SlJobsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_jobs_view_dispose;
  object_class->finalize = sl_jobs_view_finalize;
  object_class->get_property = sl_jobs_view_get_property;
  object_class->set_property = sl_jobs_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_JOB_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sl-jobs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlJobsView, outer_stack);
  gtk_widget_class_bind_template_child (widget_class, SlJobsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlJobsView, job_page);
  gtk_widget_class_bind_template_child (widget_class, SlJobsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SlJobsView, selection);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "jobs.new", NULL, jobs_new_action);
  gtk_widget_class_install_action (widget_class, "jobs.edit", "x", jobs_edit_action);
  gtk_widget_class_install_action (widget_class, "jobs.open", "x", jobs_open_action);
  gtk_widget_class_install_action (widget_class, "jobs.back", NULL, jobs_back_action);
  gtk_widget_class_install_action (widget_class, "jobs.delete", "x", jobs_delete_action);
  gtk_widget_class_install_action (widget_class, "jobs.delete-selected", NULL,
                                   jobs_delete_selected_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "jobs.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "jobs.delete-selected", NULL);

  g_type_ensure (SL_TYPE_JOB_PAGE);
}

static void
sl_jobs_view_init (SlJobsView *self)
{
  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter_model = gtk_filter_list_model_new (NULL,
                                                  GTK_FILTER (gtk_custom_filter_new (filter_func,
                                                                                     self, NULL)));
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->filter_model));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobs.new", FALSE);
  update_page (self);
}

GtkWidget *
sl_jobs_view_new (void)
{
  return g_object_new (SL_TYPE_JOBS_VIEW, NULL);
}

SlStore *
sl_jobs_view_get_store (SlJobsView *self)
{
  g_return_val_if_fail (SL_IS_JOBS_VIEW (self), NULL);
  return self->store;
}

void
sl_jobs_view_set_store (SlJobsView *self,
                        SlStore    *store)
{
  g_return_if_fail (SL_IS_JOBS_VIEW (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_object (&self->jobs);
  sl_job_page_set_job (self->job_page, NULL);
  gtk_stack_set_visible_child_name (self->outer_stack, "jobs");
  if (store != NULL)
    {
      self->jobs = sl_store_list_new (store, SL_STORE_LIST_JOBS);
      g_signal_connect_object (self->jobs, "items-changed", G_CALLBACK (jobs_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->jobs, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->jobs));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobs.new", store != NULL);
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
