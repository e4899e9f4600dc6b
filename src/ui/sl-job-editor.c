#define G_LOG_DOMAIN "sl-job-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-job-editor.h"

struct _SlJobEditor
{
  AdwWindow        parent_instance;

  SlStore         *store;
  SlJob           *job;
  GCancellable    *cancellable;

  /* Template children */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  AdwEntryRow     *title_row;
  AdwEntryRow     *location_row;
  AdwComboRow     *status_row;
  GtkTextView     *description_view;
  GtkTextView     *requirements_view;
  GtkButton       *delete_button;
};

G_DEFINE_FINAL_TYPE (SlJobEditor, sl_job_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DELETE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
dup_stripped (GtkEditable *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (editable)));
}

static void
update_actions (SlJobEditor *self)
{
  g_autofree char *title = dup_stripped (GTK_EDITABLE (self->title_row));
  gboolean saving = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", !saving && title[0] != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete", !saving && self->job != NULL);
}

static void
title_changed_cb (SlJobEditor *self,
                  GtkEditable *editable)
{
  update_actions (self);
}

static void
entry_activated_cb (SlJobEditor *self,
                    AdwEntryRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlJobEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sl_store_save_job_finish (SL_STORE (object), result, &error) <= 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      update_actions (self);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  g_clear_object (&self->cancellable);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlJobEditor *self = SL_JOB_EDITOR (widget);
  g_autofree char *title = dup_stripped (GTK_EDITABLE (self->title_row));
  g_autofree char *location = dup_stripped (GTK_EDITABLE (self->location_row));
  g_autofree char *description = dup_text (self->description_view);
  g_autofree char *requirements = dup_text (self->requirements_view);
  g_autoptr(SlJob) job = NULL;

  if (title[0] == '\0' || self->cancellable != NULL)
    return;

  job = self->job != NULL ? sl_job_copy (self->job) : sl_job_new (title);
  sl_job_set_title (job, title);
  sl_job_set_location (job, location);
  sl_job_set_description (job, description);
  sl_job_set_requirements (job, requirements);
  sl_job_set_status (job, adw_combo_row_get_selected (self->status_row) == 1
                            ? SL_JOB_STATUS_CLOSED : SL_JOB_STATUS_OPEN);

  self->cancellable = g_cancellable_new ();
  update_actions (self);
  sl_store_save_job_async (self->store, job, self->cancellable, save_cb, g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlJobEditor *self = SL_JOB_EDITOR (widget);

  if (self->job == NULL)
    return;

  g_signal_emit (self, signals[SIGNAL_DELETE_REQUESTED], 0, sl_job_get_id (self->job));
}

static void
sl_job_editor_dispose (GObject *object)
{
  SlJobEditor *self = (SlJobEditor *)object;

  /* A save already handed to the worker still completes; only its result
   * is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_JOB_EDITOR);
  g_clear_object (&self->job);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_job_editor_parent_class)->dispose (object);
}

static void
sl_job_editor_class_init (SlJobEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_job_editor_dispose;

  /**
   * SlJobEditor::delete-requested:
   * @job_id: the job being edited
   *
   * The user asked to delete the job; the editor stays open.
   */
  signals[SIGNAL_DELETE_REQUESTED] =
    g_signal_new ("delete-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-job-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, requirements_view);
  gtk_widget_class_bind_template_child (widget_class, SlJobEditor, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
sl_job_editor_init (SlJobEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlJobEditor *
sl_job_editor_new (SlStore *store,
                   SlJob   *job)
{
  SlJobEditor *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (job == NULL || SL_IS_JOB (job), NULL);

  self = g_object_new (SL_TYPE_JOB_EDITOR, NULL);
  self->store = g_object_ref (store);

  if (job != NULL)
    {
      self->job = sl_job_copy (job);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Job"));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), sl_job_get_title (job));
      gtk_editable_set_text (GTK_EDITABLE (self->location_row), sl_job_get_location (job));
      adw_combo_row_set_selected (self->status_row,
                                  sl_job_get_status (job) == SL_JOB_STATUS_CLOSED ? 1 : 0);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                                sl_job_get_description (job), -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->requirements_view),
                                sl_job_get_requirements (job), -1);
      gtk_widget_set_visible (GTK_WIDGET (self->delete_button), TRUE);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Job"));
    }
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));

  return self;
}

gint64
sl_job_editor_get_job_id (SlJobEditor *self)
{
  g_return_val_if_fail (SL_IS_JOB_EDITOR (self), 0);
  return self->job != NULL ? sl_job_get_id (self->job) : 0;
}
