#define G_LOG_DOMAIN "sl-interview-new-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-interview-new-window.h"

#include "sl-capture.h"
#include "sl-interview-session.h"
#include "sl-question-bank.h"
#include "sl-question-generator-local.h"
#include "sl-question-generator.h"

struct _SlInterviewNewWindow
{
  AdwWindow          parent_instance;

  SlStore           *store;
  GCancellable      *cancellable;
  GPtrArray         *jobs;         /* SlJob, in the order of job_names after the first */
  GPtrArray         *candidates;   /* SlCandidate, after "None" */
  gint64             job_id;
  gint64             candidate_id;
  char              *title;
  char              *description;
  gboolean           busy;
  GSettings         *settings;
  GPtrArray         *cameras;      /* SlCaptureDevice, after "Default" and "No camera" */
  GPtrArray         *microphones;  /* SlCaptureDevice, after "Default" */

  /* Template children */
  GtkWidget         *start_button;
  GtkSpinner        *spinner;
  AdwToastOverlay   *toasts;
  AdwComboRow       *job_row;
  GtkStringList     *job_names;
  AdwComboRow       *resume_row;
  GtkStringList     *resume_names;
  GtkWidget         *description_group;
  GtkTextView       *description_view;
  GtkSpinButton     *count_spin;
  GtkSwitch         *behavioural_switch;
  GtkSwitch         *technical_switch;
  GtkSwitch         *situational_switch;
  GtkSwitch         *role_switch;
  AdwComboRow       *camera_row;
  GtkStringList     *camera_names;
  AdwComboRow       *microphone_row;
  GtkStringList     *microphone_names;
};

G_DEFINE_FINAL_TYPE (SlInterviewNewWindow, sl_interview_new_window, ADW_TYPE_WINDOW)

enum {
  SESSION_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_sensitivity (SlInterviewNewWindow *self)
{
  gboolean pasted = adw_combo_row_get_selected (self->job_row) == 0;

  gtk_widget_set_visible (self->description_group, pasted);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.start", !self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
}

static void
show_error (SlInterviewNewWindow *self,
            const char           *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
jobs_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlInterviewNewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;

  if (!(jobs = sl_store_list_jobs_finish (SL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  self->jobs = g_ptr_array_ref (jobs);
  for (guint i = 0; i < jobs->len; i++)
    gtk_string_list_append (self->job_names, sl_job_get_title (jobs->pdata[i]));
  /* The newest job is the likeliest one to practise for. */
  if (jobs->len > 0)
    adw_combo_row_set_selected (self->job_row, 1);
  update_sensitivity (self);
}

static void
candidates_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SlInterviewNewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = NULL;

  if (!(candidates = sl_store_list_candidates_finish (SL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  self->candidates = g_ptr_array_ref (candidates);
  for (guint i = 0; i < candidates->len; i++)
    gtk_string_list_append (self->resume_names, sl_candidate_get_name (candidates->pdata[i]));
}

static void
generate_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SlQuestionRequest *request = task_data;
  g_autoptr(SlQuestionBank) bank = NULL;
  g_autoptr(SlQuestionGenerator) generator = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *questions;

  if (!(bank = sl_question_bank_new_default (&error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  generator = sl_question_generator_local_new (bank);
  if (!(questions = sl_question_generator_generate_with_fallback (NULL, generator, request,
                                                                  cancellable, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, questions, (GDestroyNotify)g_ptr_array_unref);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlInterviewNewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlInterviewSession) session = NULL;

  session = sl_interview_session_create_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  update_sensitivity (self);
  if (session == NULL)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SESSION_CREATED], 0, session);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlInterviewNewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) questions = NULL;

  questions = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (questions == NULL || questions->len == 0)
    {
      self->busy = FALSE;
      update_sensitivity (self);
      show_error (self, error != NULL ? error->message : _("No questions fit this job and these kinds"));
      return;
    }

  sl_interview_session_create_async (self->store, self->job_id, self->candidate_id, self->title,
                                     self->description, questions, self->cancellable, created_cb,
                                     g_object_ref (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlInterviewNewWindow *self = SL_INTERVIEW_NEW_WINDOW (widget);
  g_autoptr(SlQuestionRequest) request = sl_question_request_new ();
  g_autoptr(GTask) task = NULL;
  guint job_index = adw_combo_row_get_selected (self->job_row);
  guint resume_index = adw_combo_row_get_selected (self->resume_row);
  SlQuestionKind kinds = 0;

  if (self->busy || self->store == NULL)
    return;

  if (gtk_switch_get_active (self->behavioural_switch))
    kinds |= SL_QUESTION_KIND_BEHAVIOURAL;
  if (gtk_switch_get_active (self->technical_switch))
    kinds |= SL_QUESTION_KIND_TECHNICAL;
  if (gtk_switch_get_active (self->situational_switch))
    kinds |= SL_QUESTION_KIND_SITUATIONAL;
  if (gtk_switch_get_active (self->role_switch))
    kinds |= SL_QUESTION_KIND_ROLE_SPECIFIC;
  if (kinds == 0)
    {
      show_error (self, _("Choose at least one kind of question"));
      return;
    }

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  self->job_id = 0;
  self->candidate_id = 0;

  if (job_index != GTK_INVALID_LIST_POSITION && job_index > 0 && self->jobs != NULL &&
      job_index - 1 < self->jobs->len)
    {
      SlJob *job = self->jobs->pdata[job_index - 1];
      const char *description = sl_job_get_description (job);
      const char *requirements = sl_job_get_requirements (job);

      self->job_id = sl_job_get_id (job);
      self->title = g_strdup (sl_job_get_title (job));
      self->description = g_strjoin ("\n\n", description != NULL ? description : "",
                                     requirements != NULL ? requirements : "", NULL);
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
      GtkTextIter start, end;
      g_autofree char *text = NULL;
      const char *nl;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_strstrip (text);
      if (text[0] == '\0')
        {
          show_error (self, _("Choose a job or paste its description"));
          return;
        }
      /* The first line of a description is often its title. */
      nl = strchr (text, '\n');
      self->title = g_utf8_make_valid (text, nl != NULL ? MIN (nl - text, 120) : MIN ((gssize)strlen (text), 120));
      self->description = g_steal_pointer (&text);
    }

  if (resume_index != GTK_INVALID_LIST_POSITION && resume_index > 0 && self->candidates != NULL &&
      resume_index - 1 < self->candidates->len)
    {
      SlCandidate *candidate = self->candidates->pdata[resume_index - 1];
      const char * const *skills = sl_candidate_get_skills (candidate);

      self->candidate_id = sl_candidate_get_id (candidate);
      if (skills != NULL && skills[0] != NULL)
        request->candidate_skills = g_strdupv ((char **)skills);
      else
        {
          g_auto(GStrv) preferred = NULL;

          sl_question_extract_skills (sl_candidate_get_text (candidate), &request->candidate_skills,
                                      &preferred);
        }
    }

  request->job_title = g_strdup (self->title);
  request->job_description = g_strdup (self->description);
  request->count = (guint)gtk_spin_button_get_value_as_int (self->count_spin);
  request->kinds = kinds;
  request->seed = g_random_int ();

  self->busy = TRUE;
  update_sensitivity (self);

  task = g_task_new (self, self->cancellable, generated_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_action);
  g_task_set_task_data (task, g_steal_pointer (&request), (GDestroyNotify)sl_question_request_free);
  g_task_run_in_thread (task, generate_worker);
}

/* Devices */

#define N_CAMERA_CHOICES     2   /* Default, No camera */
#define N_MICROPHONE_CHOICES 1   /* Default */

typedef struct
{
  GPtrArray *cameras;
  GPtrArray *microphones;
} DeviceLists;

static void
device_lists_free (DeviceLists *lists)
{
  g_clear_pointer (&lists->cameras, g_ptr_array_unref);
  g_clear_pointer (&lists->microphones, g_ptr_array_unref);
  g_free (lists);
}

static void
list_devices_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  DeviceLists *lists = g_new0 (DeviceLists, 1);

  lists->cameras = sl_capture_list_video_devices ();
  lists->microphones = sl_capture_list_audio_devices ();
  g_task_return_pointer (task, lists, (GDestroyNotify)device_lists_free);
}

/* The row's position for the id the settings keep under key. */
static guint
choice_position (GSettings  *settings,
                 const char *key,
                 GPtrArray  *devices,
                 guint       n_fixed)
{
  g_autofree char *chosen = g_settings_get_string (settings, key);

  if (n_fixed > 1 && g_strcmp0 (chosen, SL_CAPTURE_NO_CAMERA) == 0)
    return 1;
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    if (g_strcmp0 (((SlCaptureDevice *)devices->pdata[i])->id, chosen) == 0)
      return n_fixed + i;
  return 0;
}

static void
camera_selected_cb (SlInterviewNewWindow *self)
{
  guint position = adw_combo_row_get_selected (self->camera_row);

  if (position == 1)
    g_settings_set_string (self->settings, "interview-camera", SL_CAPTURE_NO_CAMERA);
  else if (position >= N_CAMERA_CHOICES && self->cameras != NULL &&
           position - N_CAMERA_CHOICES < self->cameras->len)
    g_settings_set_string (self->settings, "interview-camera",
                           ((SlCaptureDevice *)self->cameras->pdata[position - N_CAMERA_CHOICES])->id);
  else
    g_settings_set_string (self->settings, "interview-camera", "");
}

static void
microphone_selected_cb (SlInterviewNewWindow *self)
{
  guint position = adw_combo_row_get_selected (self->microphone_row);

  if (position >= N_MICROPHONE_CHOICES && self->microphones != NULL &&
      position - N_MICROPHONE_CHOICES < self->microphones->len)
    g_settings_set_string (self->settings, "interview-microphone",
                           ((SlCaptureDevice *)self->microphones->pdata[position - N_MICROPHONE_CHOICES])->id);
  else
    g_settings_set_string (self->settings, "interview-microphone", "");
}

static void
devices_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SlInterviewNewWindow) self = user_data;
  DeviceLists *lists = g_task_propagate_pointer (G_TASK (result), NULL);

  if (lists == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (lists != NULL)
        device_lists_free (lists);
      return;
    }
  self->cameras = g_steal_pointer (&lists->cameras);
  self->microphones = g_steal_pointer (&lists->microphones);
  device_lists_free (lists);

  for (guint i = 0; i < self->cameras->len; i++)
    gtk_string_list_append (self->camera_names, ((SlCaptureDevice *)self->cameras->pdata[i])->name);
  for (guint i = 0; i < self->microphones->len; i++)
    gtk_string_list_append (self->microphone_names, ((SlCaptureDevice *)self->microphones->pdata[i])->name);

  /* A device chosen earlier and now unplugged shows as the default, and
   * stays chosen until the user picks another. */
  adw_combo_row_set_selected (self->camera_row,
                              choice_position (self->settings, "interview-camera", self->cameras, N_CAMERA_CHOICES));
  adw_combo_row_set_selected (self->microphone_row,
                              choice_position (self->settings, "interview-microphone", self->microphones,
                                               N_MICROPHONE_CHOICES));
  g_signal_connect_object (self->camera_row, "notify::selected", G_CALLBACK (camera_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->microphone_row, "notify::selected", G_CALLBACK (microphone_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
list_devices_async (SlInterviewNewWindow *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, devices_listed_cb, g_object_ref (self));

  g_task_set_source_tag (task, list_devices_async);
  g_task_run_in_thread (task, list_devices_worker);
}

static void
sl_interview_new_window_dispose (GObject *object)
{
  SlInterviewNewWindow *self = SL_INTERVIEW_NEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_INTERVIEW_NEW_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->microphones, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_interview_new_window_parent_class)->dispose (object);
}

static void
sl_interview_new_window_finalize (GObject *object)
{
  SlInterviewNewWindow *self = SL_INTERVIEW_NEW_WINDOW (object);

  g_free (self->title);
  g_free (self->description);

  G_OBJECT_CLASS (sl_interview_new_window_parent_class)->finalize (object);
}

static void
sl_interview_new_window_class_init (SlInterviewNewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_interview_new_window_dispose;
  object_class->finalize = sl_interview_new_window_finalize;

  signals[SESSION_CREATED] =
    g_signal_new ("session-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-interview-new-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, job_row);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, job_names);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, resume_row);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, resume_names);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, description_group);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, description_view);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, behavioural_switch);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, technical_switch);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, situational_switch);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, role_switch);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, camera_row);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, camera_names);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, microphone_row);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewNewWindow, microphone_names);

  gtk_widget_class_install_action (widget_class, "session.start", NULL, start_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "session.start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_interview_new_window_init (SlInterviewNewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_string_list_append (self->job_names, _("Pasted description"));
  gtk_string_list_append (self->resume_names, _("None"));
  self->settings = g_settings_new (APPLICATION_ID);
  gtk_string_list_append (self->camera_names, _("Default"));
  gtk_string_list_append (self->camera_names, _("No camera (audio only)"));
  gtk_string_list_append (self->microphone_names, _("Default"));
  adw_combo_row_set_selected (self->camera_row,
                              choice_position (self->settings, "interview-camera", NULL, N_CAMERA_CHOICES));
  list_devices_async (self);
  g_signal_connect_object (self->job_row, "notify::selected", G_CALLBACK (update_sensitivity), self,
                           G_CONNECT_SWAPPED);
  update_sensitivity (self);
}

SlInterviewNewWindow *
sl_interview_new_window_new (GtkWindow *parent,
                             SlStore   *store)
{
  SlInterviewNewWindow *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  self = g_object_new (SL_TYPE_INTERVIEW_NEW_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  sl_store_list_jobs_async (store, self->cancellable, jobs_loaded_cb, g_object_ref (self));
  sl_store_list_candidates_async (store, self->cancellable, candidates_loaded_cb, g_object_ref (self));
  return self;
}

const char *
sl_interview_new_window_get_session_title (SlInterviewNewWindow *self)
{
  g_return_val_if_fail (SL_IS_INTERVIEW_NEW_WINDOW (self), NULL);
  return self->title;
}
