#define G_LOG_DOMAIN "sl-interview-new-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-interview-new-window.h"

#include "sl-capture.h"
#include "sl-device-watch.h"
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
  SlDeviceWatch     *devices;      /* its cameras follow "Default" and "No camera",
                                    * its microphones "Default" */
  char              *chosen_camera;       /* as in the settings: "", "none" or an id */
  char              *chosen_microphone;
  gboolean           updating_devices;

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

/* The rows after the fixed ones name the devices present now. */
static void
fill_names (GtkStringList *names,
            guint          n_fixed,
            GPtrArray     *devices)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();

  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (strings, ((SlCaptureDevice *)devices->pdata[i])->name);
  g_ptr_array_add (strings, NULL);
  gtk_string_list_splice (names, n_fixed, g_list_model_get_n_items (G_LIST_MODEL (names)) - n_fixed,
                          (const char * const *)strings->pdata);
}

/* Shows the user's choice while its device is present and the default
 * otherwise; the settings follow, so the session records from what the
 * row shows. The choice itself is kept: plugged in again while the
 * window is open, the device is chosen again. */
static void
show_choice (SlInterviewNewWindow *self,
             AdwComboRow          *row,
             GPtrArray            *devices,
             guint                 n_fixed,
             const char           *chosen,
             const char           *key)
{
  guint position = sl_capture_choice_position (devices, chosen, n_fixed);

  self->updating_devices = TRUE;
  adw_combo_row_set_selected (row, position);
  self->updating_devices = FALSE;
  g_settings_set_string (self->settings, key, position == 0 ? "" : chosen);
}

static void
devices_changed_cb (SlInterviewNewWindow *self)
{
  GPtrArray *cameras = sl_device_watch_get_cameras (self->devices);
  GPtrArray *microphones = sl_device_watch_get_microphones (self->devices);

  /* Replacing the rows moves the selection: it is set again below. */
  self->updating_devices = TRUE;
  fill_names (self->camera_names, N_CAMERA_CHOICES, cameras);
  fill_names (self->microphone_names, N_MICROPHONE_CHOICES, microphones);
  self->updating_devices = FALSE;
  show_choice (self, self->camera_row, cameras, N_CAMERA_CHOICES, self->chosen_camera, "interview-camera");
  show_choice (self, self->microphone_row, microphones, N_MICROPHONE_CHOICES, self->chosen_microphone,
               "interview-microphone");
}

static void
camera_selected_cb (SlInterviewNewWindow *self)
{
  GPtrArray *cameras = sl_device_watch_get_cameras (self->devices);
  guint position = adw_combo_row_get_selected (self->camera_row);

  if (self->updating_devices || position == GTK_INVALID_LIST_POSITION)
    return;
  g_free (self->chosen_camera);
  if (position == 1)
    self->chosen_camera = g_strdup (SL_CAPTURE_NO_CAMERA);
  else if (position >= N_CAMERA_CHOICES && position - N_CAMERA_CHOICES < cameras->len)
    self->chosen_camera = g_strdup (((SlCaptureDevice *)cameras->pdata[position - N_CAMERA_CHOICES])->id);
  else
    self->chosen_camera = g_strdup ("");
  g_settings_set_string (self->settings, "interview-camera", self->chosen_camera);
}

static void
microphone_selected_cb (SlInterviewNewWindow *self)
{
  GPtrArray *microphones = sl_device_watch_get_microphones (self->devices);
  guint position = adw_combo_row_get_selected (self->microphone_row);

  if (self->updating_devices || position == GTK_INVALID_LIST_POSITION)
    return;
  g_free (self->chosen_microphone);
  if (position >= N_MICROPHONE_CHOICES && position - N_MICROPHONE_CHOICES < microphones->len)
    self->chosen_microphone = g_strdup (((SlCaptureDevice *)microphones->pdata[position - N_MICROPHONE_CHOICES])->id);
  else
    self->chosen_microphone = g_strdup ("");
  g_settings_set_string (self->settings, "interview-microphone", self->chosen_microphone);
}

static void
devices_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SlInterviewNewWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sl_device_watch_start_finish (SL_DEVICE_WATCH (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the cameras and microphones: %s", error->message);
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  g_signal_connect_object (self->devices, "changed", G_CALLBACK (devices_changed_cb), self,
                           G_CONNECT_SWAPPED);
  devices_changed_cb (self);
  g_signal_connect_object (self->camera_row, "notify::selected", G_CALLBACK (camera_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->microphone_row, "notify::selected", G_CALLBACK (microphone_selected_cb), self,
                           G_CONNECT_SWAPPED);
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
  g_clear_object (&self->devices);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_interview_new_window_parent_class)->dispose (object);
}

static void
sl_interview_new_window_finalize (GObject *object)
{
  SlInterviewNewWindow *self = SL_INTERVIEW_NEW_WINDOW (object);

  g_free (self->title);
  g_free (self->description);
  g_free (self->chosen_camera);
  g_free (self->chosen_microphone);

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
  self->chosen_camera = g_settings_get_string (self->settings, "interview-camera");
  self->chosen_microphone = g_settings_get_string (self->settings, "interview-microphone");
  /* Until the devices are listed, only "No camera" can be shown as it is. */
  adw_combo_row_set_selected (self->camera_row,
                              sl_capture_choice_position (NULL, self->chosen_camera, N_CAMERA_CHOICES));
  self->devices = sl_device_watch_new ();
  sl_device_watch_start_async (self->devices, self->cancellable, devices_started_cb, g_object_ref (self));
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
