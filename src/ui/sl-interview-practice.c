#define G_LOG_DOMAIN "sl-interview-practice"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sl-camera-preview.h"
#include "sl-capture.h"
#include "sl-interview-practice.h"
#include "sl-interview-report.h"
#include "sl-level-meter.h"
#include "sl-speaker-espeak.h"
#include "sl-store-interviews.h"
#include "sl-timeline-chart.h"
#include "sl-transcriber-pocketsphinx.h"

#define PREPARATION_SECONDS 10
#define PACE_WINDOW_S       5.0

struct _SlInterviewPractice
{
  GtkWidget            parent_instance;

  SlStore             *store;
  SlInterviewSession  *session;
  guint                position;
  gboolean             muted;

  SlCapture           *capture;
  SlSpeaker           *speaker;
  SlTranscriber       *transcriber;
  GCancellable        *speak_cancellable;
  GCancellable        *cancellable;
  guint                countdown_id;
  int                  countdown;
  guint                tick_id;
  gint64               record_start;   /* monotonic µs */
  int                  shown_seconds;  /* the elapsed time on screen */
  gint64               last_frame;     /* monotonic µs of the latest preview frame */
  gboolean             level_pending;  /* a level waiting for the next preview frame */
  double               pending_rms;
  double               pending_peak;
  gboolean             stopping;
  gboolean             analysing;
  char                *recording_path;
  gboolean             has_recording;
  gboolean             disposing;

  /* Template children */
  GtkWidget           *root_box;
  GtkLabel            *title_label;
  GtkLabel            *progress_label;
  GtkStack            *stack;
  GtkLabel            *kind_label;
  GtkLabel            *question_label;
  GtkToggleButton     *mute_button;
  GtkSpinButton       *rate_spin;
  GtkLabel            *countdown_label;
  SlCameraPreview     *preview;
  SlLevelMeter        *meter;
  GtkLabel            *elapsed_label;
  GtkProgressBar      *elapsed_bar;
  GtkLabel            *error_label;
  GtkWidget           *record_button;
  GtkSpinner          *analysis_spinner;
  GtkProgressBar      *analysis_bar;
  GtkLabel            *answer_question_label;
  GtkLabel            *answer_scores_label;
  GtkBox              *tips_box;
  GtkWidget           *draft_label;
  GtkLabel            *transcript_label;
  GtkListBox          *metrics_list;
  SlTimelineChart     *timeline;
  GtkWidget           *playback_box;
  GtkVideo            *video;
  GtkButton           *next_button;
  GtkLabel            *report_scores_label;
  GtkListBox          *report_list;
  GtkVideo            *report_video;
};

G_DEFINE_FINAL_TYPE (SlInterviewPractice, sl_interview_practice, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_question (SlInterviewPractice *self);
static void start_recording (SlInterviewPractice *self);

static gboolean
use_test_sources (void)
{
  return g_strcmp0 (g_getenv ("SHORTLIST_TEST_SOURCES"), "1") == 0;
}

/* The camera and microphone chosen when the session was set up. */
static void
apply_device_choices (SlCapture *capture)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *camera = g_settings_get_string (settings, "interview-camera");
  g_autofree char *microphone = g_settings_get_string (settings, "interview-microphone");

  sl_capture_set_choices (capture, camera, microphone);
}

static guint
get_n_questions (SlInterviewPractice *self)
{
  if (self->session == NULL)
    return 0;
  return g_list_model_get_n_items (sl_interview_session_get_questions (self->session));
}

static SlQuestion *
dup_question (SlInterviewPractice *self)
{
  if (self->position >= get_n_questions (self))
    return NULL;
  return g_list_model_get_item (sl_interview_session_get_questions (self->session), self->position);
}

static gboolean
is_recording (SlInterviewPractice *self)
{
  return self->capture != NULL && sl_capture_get_state (self->capture) == SL_CAPTURE_STATE_RUNNING &&
         !self->stopping;
}

static void
update_actions (SlInterviewPractice *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean busy = self->capture != NULL || self->stopping || self->analysing;
  gboolean on_question = g_strcmp0 (page, "question") == 0;
  gboolean on_answer = g_strcmp0 (page, "answer") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.record",
                                 self->session != NULL && on_question && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.stop", is_recording (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.next",
                                 self->session != NULL && (on_question || on_answer) && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.rerecord", on_answer && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.speak", on_question && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.delete-recording",
                                 on_answer && self->has_recording && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "practice.export",
                                 g_strcmp0 (page, "report") == 0);
}

static char *
format_seconds (double seconds)
{
  int s = (int)MAX (0.0, seconds);

  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

static void
show_error (SlInterviewPractice *self,
            const char          *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Speech */

static void
speak_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* No audio output is no reason to stop practising: the question is on screen. */
  if (!sl_speaker_speak_finish (SL_SPEAKER (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not read the question aloud: %s", error->message);
}

static void
stop_speaking (SlInterviewPractice *self)
{
  g_cancellable_cancel (self->speak_cancellable);
  g_clear_object (&self->speak_cancellable);
}

static void
speak_question (SlInterviewPractice *self)
{
  g_autoptr(SlQuestion) question = dup_question (self);

  stop_speaking (self);
  if (self->muted || question == NULL)
    return;

  if (self->speaker == NULL)
    self->speaker = sl_speaker_espeak_new (NULL);
  self->speak_cancellable = g_cancellable_new ();
  sl_speaker_speak_async (self->speaker, sl_question_get_text (question),
                          gtk_spin_button_get_value_as_int (self->rate_spin),
                          use_test_sources () ? "fakesink" : NULL,
                          self->speak_cancellable, speak_cb, NULL);
}

/* Countdown */

static void
stop_countdown (SlInterviewPractice *self)
{
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  gtk_label_set_text (self->countdown_label, "");
}

static gboolean
countdown_cb (gpointer user_data)
{
  SlInterviewPractice *self = user_data;
  g_autofree char *text = NULL;

  if (--self->countdown <= 0)
    {
      self->countdown_id = 0;
      gtk_label_set_text (self->countdown_label, "");
      start_recording (self);
      return G_SOURCE_REMOVE;
    }

  /* Translators: the seconds left to prepare an answer before recording starts. */
  text = g_strdup_printf (ngettext ("Recording in %d second", "Recording in %d seconds", self->countdown),
                          self->countdown);
  gtk_label_set_text (self->countdown_label, text);
  return G_SOURCE_CONTINUE;
}

static void
start_countdown (SlInterviewPractice *self)
{
  stop_countdown (self);
  self->countdown = PREPARATION_SECONDS + 1;
  countdown_cb (self);
  self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
}

/* Recording */

static void
update_elapsed (SlInterviewPractice *self,
                double               elapsed)
{
  g_autoptr(SlQuestion) question = dup_question (self);
  guint suggested = question != NULL ? sl_question_get_suggested_seconds (question) : 0;
  g_autofree char *now = format_seconds (elapsed);
  g_autofree char *text = NULL;

  if (suggested > 0)
    {
      g_autofree char *target = format_seconds (suggested);

      /* Translators: elapsed time of an answer against its suggested length, "0:12 of 1:30". */
      text = g_strdup_printf (_("%s of %s"), now, target);
      gtk_progress_bar_set_fraction (self->elapsed_bar, MIN (1.0, elapsed / suggested));
    }
  else
    {
      text = g_steal_pointer (&now);
      gtk_progress_bar_set_fraction (self->elapsed_bar, 0.0);
    }
  gtk_label_set_text (self->elapsed_label, text);
  self->shown_seconds = (int)elapsed;
}

static gboolean
tick_cb (gpointer user_data)
{
  SlInterviewPractice *self = user_data;
  double elapsed = (g_get_monotonic_time () - self->record_start) / (double)G_USEC_PER_SEC;

  /* The label and the bar move once a second, when the time shown
   * changes: each change is a redraw. */
  if (self->capture != NULL && (int)elapsed != self->shown_seconds)
    update_elapsed (self, elapsed);
  return G_SOURCE_CONTINUE;
}

static void
preview_frame_cb (SlCapture           *capture,
                  GBytes              *rgba,
                  int                  width,
                  int                  height,
                  int                  stride,
                  SlInterviewPractice *self)
{
  sl_camera_preview_set_frame (self->preview, rgba, width, height, stride);
  self->last_frame = g_get_monotonic_time ();
  /* The level that came since the last frame, drawn in the same frame. */
  if (self->level_pending)
    {
      self->level_pending = FALSE;
      sl_level_meter_set_level (self->meter, self->pending_rms, self->pending_peak);
    }
}

/* Frames are made at the size the preview shows them, no larger. */
static void
apply_preview_size (SlInterviewPractice *self)
{
  int width, height;

  sl_camera_preview_get_frame_size (self->preview, &width, &height);
  if (self->capture != NULL && width > 0 && height > 0)
    sl_capture_set_preview_size (self->capture, width, height);
}

static void
preview_size_cb (SlCameraPreview     *preview,
                 GParamSpec          *pspec,
                 SlInterviewPractice *self)
{
  apply_preview_size (self);
}

static void
level_cb (SlCapture           *capture,
          double               rms_db,
          double               peak_db,
          SlInterviewPractice *self)
{
  /* While camera frames arrive (15 a second), the meter moves with them
   * rather than in frames of its own (10 a second): one redraw for both. */
  if (sl_camera_preview_get_has_frame (self->preview) &&
      g_get_monotonic_time () - self->last_frame < 200 * G_TIME_SPAN_MILLISECOND)
    {
      /* The peak since the last frame, not only the latest one's. */
      self->pending_peak = self->level_pending ? MAX (self->pending_peak, peak_db) : peak_db;
      self->pending_rms = rms_db;
      self->level_pending = TRUE;
      return;
    }
  self->level_pending = FALSE;
  sl_level_meter_set_level (self->meter, rms_db, peak_db);
}

static void analyse_answer (SlInterviewPractice *self);

static void
stop_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlInterviewPractice) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean written;

  written = sl_capture_stop_finish (SL_CAPTURE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->stopping = FALSE;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->capture == SL_CAPTURE (object))
    g_clear_object (&self->capture);
  sl_level_meter_reset (self->meter);
  self->level_pending = FALSE;

  if (!written)
    {
      g_autofree char *message = g_strdup_printf (_("The recording could not be saved: %s"), error->message);

      show_error (self, message);
      update_actions (self);
      return;
    }

  analyse_answer (self);
}

static void
stop_recording (SlInterviewPractice *self)
{
  if (self->capture == NULL || self->stopping)
    return;

  self->stopping = TRUE;
  sl_capture_stop_async (self->capture, NULL, stop_cb, g_object_ref (self));
  update_actions (self);
}

static void
device_lost_cb (SlCapture           *capture,
                const GError        *error,
                SlInterviewPractice *self)
{
  show_error (self, _("The camera or microphone was disconnected. What was recorded before that is kept."));
  stop_recording (self);
}

static void
start_recording (SlInterviewPractice *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const GError *video_error;

  if (self->session == NULL || self->capture != NULL || self->stopping || self->analysing)
    return;

  stop_countdown (self);
  stop_speaking (self);
  show_error (self, NULL);

  if (!(path = sl_interview_session_dup_recording_path (self->session, self->position, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("There is no place to save the recording: %s"),
                                                  error->message);

      show_error (self, message);
      return;
    }

  self->capture = sl_capture_new ();
  sl_capture_set_use_test_sources (self->capture, use_test_sources ());
  apply_device_choices (self->capture);
  apply_preview_size (self);
  g_signal_connect_object (self->capture, "preview-frame", G_CALLBACK (preview_frame_cb), self, 0);
  g_signal_connect_object (self->capture, "level", G_CALLBACK (level_cb), self, 0);
  g_signal_connect_object (self->capture, "device-lost", G_CALLBACK (device_lost_cb), self, 0);

  sl_camera_preview_set_message (self->preview, _("Starting the camera…"));
  if (!sl_capture_start (self->capture, path, &error))
    {
      g_clear_object (&self->capture);
      if (g_error_matches (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_MICROPHONE))
        show_error (self, _("No microphone was found. Connect one, or allow Shortlist to use it in the system’s privacy settings, then press Record again."));
      else if (g_error_matches (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_BUSY))
        show_error (self, _("The camera or microphone is busy. Close other applications that use it, then press Record again."));
      else
        {
          g_autofree char *message = g_strdup_printf (_("Recording could not start: %s"), error->message);

          show_error (self, message);
        }
      sl_camera_preview_clear (self->preview);
      update_actions (self);
      return;
    }

  video_error = sl_capture_get_video_error (self->capture);
  if (!sl_capture_get_has_video (self->capture))
    sl_camera_preview_set_message (self->preview,
                                   video_error != NULL && g_error_matches (video_error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_CAMERA)
                                   ? _("No camera is available, so this answer is recorded as sound only. Your scores do not depend on video.")
                                   : _("This answer is recorded as sound only."));

  g_free (self->recording_path);
  self->recording_path = g_steal_pointer (&path);
  update_elapsed (self, 0.0);
  self->record_start = g_get_monotonic_time ();
  self->tick_id = g_timeout_add (250, tick_cb, self);
  update_actions (self);
}

/* The analysis of an answer */

static void
clear_children (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else
        gtk_box_remove (GTK_BOX (container), child);
    }
}

static void
add_metric_full (SlInterviewPractice *self,
                 const char          *title,
                 const char          *value,
                 const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (self->metrics_list, row);
}

static void
add_metric (SlInterviewPractice *self,
            const char          *title,
            const char          *value)
{
  add_metric_full (self, title, value, NULL);
}

static void
add_tip (GtkBox     *box,
         const char *tip)
{
  g_autofree char *text = g_strdup_printf ("•  %s", tip);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_box_append (box, label);
}

static char *
build_transcript_markup (SlAnswerAnalysis *analysis)
{
  SlSpeechTranscript *transcript = analysis->transcript;
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree guint8 *marks = NULL;
  guint n;

  if (transcript == NULL || (n = sl_speech_transcript_get_n_words (transcript)) == 0)
    {
      g_autofree char *escaped = g_markup_escape_text (_("No words were recognised in this answer."), -1);

      return g_strdup_printf ("<i>%s</i>", escaped);
    }

  marks = g_new0 (guint8, n);
  for (guint i = 0; analysis->fillers != NULL && i < analysis->fillers->len; i++)
    {
      const SlAnswerFiller *filler = &g_array_index (analysis->fillers, SlAnswerFiller, i);

      for (guint j = filler->word_index; j < filler->word_index + filler->n_words && j < n; j++)
        marks[j] = 1;
    }
  for (guint i = 0; analysis->keyword_words != NULL && i < analysis->keyword_words->len; i++)
    {
      guint index = g_array_index (analysis->keyword_words, guint, i);

      if (index < n && marks[index] == 0)
        marks[index] = 2;
    }

  for (guint i = 0; i < n; i++)
    {
      const SlSpeechWord *word = sl_speech_transcript_get_word (transcript, i);
      g_autofree char *escaped = g_markup_escape_text (word->text, -1);

      if (i > 0)
        g_string_append_c (markup, ' ');
      if (marks[i] == 1)
        g_string_append_printf (markup, "<span background=\"#f5c211\" bgalpha=\"45%%\">%s</span>", escaped);
      else if (marks[i] == 2)
        g_string_append_printf (markup, "<span background=\"#33d17a\" bgalpha=\"45%%\" weight=\"bold\">%s</span>",
                                escaped);
      else
        g_string_append (markup, escaped);
      if (word->sentence_end)
        g_string_append_c (markup, '.');
      else if (word->comma_after)
        g_string_append_c (markup, ',');
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
fill_timeline (SlInterviewPractice *self,
               SlAnswerAnalysis    *analysis)
{
  SlSpeechTranscript *transcript = analysis->transcript;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pace = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) filler_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) filler_words = g_ptr_array_new ();
  double duration = MAX (analysis->duration_s, 0.1);

  /* Pace: words in the last few seconds, once a second. */
  if (transcript != NULL && sl_speech_transcript_has_timings (transcript))
    {
      guint n = sl_speech_transcript_get_n_words (transcript);

      for (double t = 1.0; t <= duration + 0.01; t += 1.0)
        {
          double window = MIN (PACE_WINDOW_S, t);
          guint count = 0;
          double wpm;

          for (guint i = 0; i < n; i++)
            {
              const SlSpeechWord *word = sl_speech_transcript_get_word (transcript, i);

              if (word->start_s >= t - window && word->start_s < t)
                count++;
            }
          wpm = count * 60.0 / window;
          g_array_append_val (times, t);
          g_array_append_val (pace, wpm);
        }

      for (guint i = 0; analysis->fillers != NULL && i < analysis->fillers->len; i++)
        {
          const SlAnswerFiller *filler = &g_array_index (analysis->fillers, SlAnswerFiller, i);
          const SlSpeechWord *word;

          if (filler->word_index >= n)
            continue;
          word = sl_speech_transcript_get_word (transcript, filler->word_index);
          if (word->start_s < 0)
            continue;
          g_array_append_val (filler_times, word->start_s);
          g_ptr_array_add (filler_words, (gpointer)filler->filler);
        }
    }
  g_ptr_array_add (filler_words, NULL);

  for (guint i = 0; analysis->pauses != NULL && i < analysis->pauses->len; i++)
    {
      const SlAudioSpan *span = &g_array_index (analysis->pauses, SlAudioSpan, i);

      g_array_append_val (starts, span->start_s);
      g_array_append_val (ends, span->end_s);
    }

  sl_timeline_chart_set_duration (self->timeline, duration);
  sl_timeline_chart_set_target_pace (self->timeline, 120.0, 160.0);
  sl_timeline_chart_set_pace (self->timeline, (const double *)(gpointer)times->data,
                              (const double *)(gpointer)pace->data, times->len);
  sl_timeline_chart_set_pauses (self->timeline, (const double *)(gpointer)starts->data,
                                (const double *)(gpointer)ends->data, starts->len);
  sl_timeline_chart_set_fillers (self->timeline, (const double *)(gpointer)filler_times->data,
                                 (const char * const *)filler_words->pdata, filler_times->len);
}

static void
show_analysis (SlInterviewPractice *self,
               SlAnswerAnalysis    *analysis)
{
  g_autoptr(SlQuestion) question = dup_question (self);
  g_autofree char *scores = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *value = NULL;
  g_autofree char *speaking = NULL;
  gboolean last = self->position + 1 >= get_n_questions (self);

  gtk_label_set_text (self->answer_question_label, question != NULL ? sl_question_get_text (question) : "");
  /* Translators: the scores of one answer, each out of 100. */
  scores = g_strdup_printf (_("Overall %d · Content %d · Delivery %d"),
                            analysis->score_overall, analysis->score_content, analysis->score_delivery);
  gtk_label_set_text (self->answer_scores_label, scores);

  clear_children (GTK_WIDGET (self->tips_box));
  for (guint i = 0; analysis->tips != NULL && i < analysis->tips->len; i++)
    add_tip (self->tips_box, analysis->tips->pdata[i]);
  if (analysis->tips == NULL || analysis->tips->len == 0)
    add_tip (self->tips_box, _("A well-paced, complete answer. Keep it up."));

  gtk_widget_set_visible (self->draft_label,
                          analysis->transcript == NULL || sl_speech_transcript_get_draft (analysis->transcript));
  markup = build_transcript_markup (analysis);
  gtk_label_set_markup (self->transcript_label, markup);

  clear_children (GTK_WIDGET (self->metrics_list));
  speaking = format_seconds (analysis->speaking_s);
  value = g_strdup_printf (_("%s speaking"), speaking);
  add_metric (self, _("Length"), value);
  g_clear_pointer (&value, g_free);
  if (analysis->wpm_from_audio)
    /* Translators: a speaking rate estimated from the sound rather than the words. */
    value = g_strdup_printf (_("about %.0f (estimated from the sound)"), analysis->wpm);
  else
    value = g_strdup_printf ("%.0f", analysis->wpm);
  add_metric (self, _("Words per minute"), value);
  g_clear_pointer (&value, g_free);
  /* Translators: filler words: the total and how many per minute. */
  value = g_strdup_printf (_("%u (%.1f per minute)"), analysis->filler_total, analysis->fillers_per_minute);
  add_metric (self, _("Filler words"), value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%u", analysis->long_pauses);
  add_metric (self, _("Long pauses (2 s or more)"), value);
  g_clear_pointer (&value, g_free);
  if (analysis->missing_keywords != NULL && analysis->missing_keywords->len > 0)
    {
      g_autoptr(GString) missing = g_string_new (NULL);
      g_autofree char *subtitle = NULL;

      for (guint i = 0; i < analysis->missing_keywords->len; i++)
        {
          if (i > 0)
            g_string_append (missing, ", ");
          g_string_append (missing, analysis->missing_keywords->pdata[i]);
        }
      /* Translators: the expected keywords an answer did not mention. */
      subtitle = g_strdup_printf (_("Not mentioned: %s"), missing->str);
      value = g_strdup_printf (_("%.0f %%"), analysis->keyword_coverage * 100.0);
      add_metric_full (self, _("Expected keywords"), value, subtitle);
    }
  else
    {
      value = g_strdup_printf (_("%.0f %%"), analysis->keyword_coverage * 100.0);
      add_metric (self, _("Expected keywords"), value);
    }
  g_clear_pointer (&value, g_free);
  if (question != NULL && sl_question_get_kind (question) == SL_QUESTION_KIND_BEHAVIOURAL)
    {
      g_autoptr(GString) star = g_string_new (NULL);
      const char *yes = _("yes"), *no = _("no");

      g_string_append_printf (star, _("Situation %s · Task %s · Action %s · Result %s"),
                              analysis->star_situation ? yes : no, analysis->star_task ? yes : no,
                              analysis->star_action ? yes : no, analysis->star_result ? yes : no);
      add_metric_full (self, _("Structure (STAR)"), NULL, star->str);
    }
  if (analysis->loudness_dbfs > -100.0)
    {
      value = g_strdup_printf (_("%.0f dBFS"), analysis->loudness_dbfs);
      add_metric (self, _("Loudness"), value);
      g_clear_pointer (&value, g_free);
    }
  if (analysis->pitch_variation_st >= 0.0)
    {
      /* Translators: pitch variation in semitones. */
      value = g_strdup_printf (_("%.1f semitones"), analysis->pitch_variation_st);
      add_metric (self, _("Pitch variation"), value);
      g_clear_pointer (&value, g_free);
    }

  fill_timeline (self, analysis);

  self->has_recording = self->recording_path != NULL && g_file_test (self->recording_path, G_FILE_TEST_EXISTS);
  gtk_widget_set_visible (self->playback_box, self->has_recording);
  if (self->has_recording)
    {
      g_autoptr(GtkMediaStream) media = gtk_media_file_new_for_filename (self->recording_path);

      gtk_video_set_media_stream (self->video, media);
    }
  else
    gtk_video_set_media_stream (self->video, NULL);

  gtk_button_set_label (self->next_button, last ? _("_See the Report") : _("_Next Question"));
  gtk_stack_set_visible_child_name (self->stack, "answer");
  update_actions (self);
}

static void
analysis_progress_cb (double   fraction,
                      gpointer user_data)
{
  SlInterviewPractice *self = user_data;

  gtk_progress_bar_set_fraction (self->analysis_bar, CLAMP (fraction, 0.0, 1.0));
}

static void
analysed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlInterviewPractice) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlAnswerAnalysis) analysis = NULL;

  analysis = sl_interview_session_analyze_answer_finish (SL_INTERVIEW_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->analysing = FALSE;
  gtk_spinner_set_spinning (self->analysis_spinner, FALSE);
  if (analysis == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The answer could not be analysed: %s"), error->message);

      gtk_stack_set_visible_child_name (self->stack, "question");
      show_error (self, message);
      update_actions (self);
      return;
    }

  show_analysis (self, analysis);
}

static void
analyse_answer (SlInterviewPractice *self)
{
  if (self->session == NULL || self->recording_path == NULL)
    return;

  if (self->transcriber == NULL)
    self->transcriber = sl_transcriber_pocketsphinx_new ();
  self->analysing = TRUE;
  gtk_progress_bar_set_fraction (self->analysis_bar, 0.0);
  gtk_spinner_set_spinning (self->analysis_spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "analysing");
  update_actions (self);

  sl_interview_session_analyze_answer_async (self->session, self->position, self->recording_path, NULL,
                                             self->transcriber, analysis_progress_cb, self,
                                             self->cancellable, analysed_cb, g_object_ref (self));
}

/* Loading answers and the report */

typedef struct
{
  gint64                    session_id;
  gboolean                  finish;
  SlInterviewSessionRecord *record;
  GPtrArray                *answers;   /* SlInterviewAnswerRecord */
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->record, sl_interview_session_record_free);
  g_clear_pointer (&data->answers, g_ptr_array_unref);
  g_free (data);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlStore *store = source_object;
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!(data->answers = sl_store_list_interview_answers (store, data->session_id, &error)) ||
      !(data->record = sl_store_get_interview_session (store, data->session_id, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A finished session keeps its report: reviewing it from the history
   * changes nothing. */
  if (data->finish && data->record->finished_at == 0)
    {
      g_autofree char *report = sl_interview_report_build_json (data->record, data->answers);

      if (!sl_store_finish_interview_session (store, data->session_id, report, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_clear_pointer (&data->record, sl_interview_session_record_free);
      if (!(data->record = sl_store_get_interview_session (store, data->session_id, &error)))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
load_session_async (SlInterviewPractice *self,
                    gboolean             finish,
                    GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data = g_new0 (LoadData, 1);

  data->session_id = sl_interview_session_get_id (self->session);
  data->finish = finish;
  task = g_task_new (self->store, self->cancellable, callback, g_object_ref (self));
  g_task_set_source_tag (task, load_session_async);
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);
  g_task_run_in_thread (task, load_worker);
}

/* The stored metrics of an answer (sl_answer_analysis_to_json ()), or
 * NULL when there are none or they do not parse. */
static JsonObject *
parse_metrics (const char *metrics_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (metrics_json == NULL || !json_parser_load_from_data (parser, metrics_json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static GPtrArray *
tips_from_metrics (JsonObject *object)
{
  GPtrArray *tips = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (object == NULL || !json_object_has_member (object, "tips") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "tips")))
    return tips;
  array = json_object_get_array_member (object, "tips");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (tips, g_strdup (json_node_get_string (node)));
    }
  return tips;
}

static double
metric_double (JsonObject *object,
               const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return 0.0;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    return 0.0;
  return json_node_get_double (node);
}

/* One line with the delivery metrics of a stored answer. */
static char *
format_stored_metrics (JsonObject *object)
{
  JsonObject *fillers = NULL;
  g_autofree char *speaking = NULL;

  if (object == NULL)
    return NULL;
  if (json_object_has_member (object, "fillers") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "fillers")))
    fillers = json_object_get_object_member (object, "fillers");
  speaking = format_seconds (metric_double (object, "speaking_s"));
  /* Translators: the metrics of one answer in the session report. */
  return g_strdup_printf (_("%s speaking · %.0f words per minute · %.0f filler words · %.0f long pauses · %.0f %% of the keywords"),
                          speaking, metric_double (object, "wpm"), metric_double (fillers, "total"),
                          metric_double (object, "long_pauses"), metric_double (object, "keyword_coverage") * 100.0);
}

static char *
format_stored_transcript (const char *transcript_json)
{
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  const char *text;

  if (transcript_json == NULL ||
      (transcript = sl_speech_transcript_new_from_json (transcript_json, NULL)) == NULL)
    return NULL;
  text = sl_speech_transcript_get_text (transcript);
  if (text == NULL || text[0] == '\0')
    return g_strdup (_("Transcript: no words were recognised in this answer."));
  if (sl_speech_transcript_get_draft (transcript))
    /* Translators: a transcript from on-device speech recognition, which makes mistakes. */
    return g_strdup_printf (_("Transcript (draft): %s"), text);
  return g_strdup_printf (_("Transcript: %s"), text);
}

static void
play_recording_cb (GtkButton           *button,
                   SlInterviewPractice *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "recording-path");
  g_autoptr(GtkMediaStream) media = NULL;

  if (path == NULL)
    return;
  media = gtk_media_file_new_for_filename (path);
  gtk_video_set_media_stream (self->report_video, media);
  gtk_widget_set_visible (GTK_WIDGET (self->report_video), TRUE);
  gtk_media_stream_play (media);
}

static GtkWidget *
report_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
show_report (SlInterviewPractice *self,
             LoadData            *data)
{
  g_autofree char *scores = NULL;

  if (data->record->score_overall >= 0)
    scores = g_strdup_printf (_("Overall %.0f · Content %.0f · Delivery %.0f — %u of %u questions answered"),
                              data->record->score_overall, data->record->score_content,
                              data->record->score_delivery, data->record->n_answered, data->record->n_answers);
  else
    scores = g_strdup (_("No answers were recorded in this session."));
  gtk_label_set_text (self->report_scores_label, scores);

  gtk_video_set_media_stream (self->report_video, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->report_video), FALSE);
  clear_children (GTK_WIDGET (self->report_list));
  for (guint i = 0; i < data->answers->len; i++)
    {
      SlInterviewAnswerRecord *answer = data->answers->pdata[i];
      g_autoptr(JsonObject) metrics = parse_metrics (answer->metrics_json);
      g_autoptr(GPtrArray) tips = tips_from_metrics (metrics);
      g_autofree char *heading = NULL;
      g_autofree char *answer_scores = NULL;
      g_autofree char *metrics_text = format_stored_metrics (metrics);
      g_autofree char *transcript_text = format_stored_transcript (answer->transcript_json);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 12);
      gtk_widget_set_margin_bottom (box, 12);

      /* Translators: a question's number in the session, then its text. */
      heading = g_strdup_printf (_("%u. %s"), answer->position + 1,
                                 answer->question != NULL ? sl_question_get_text (answer->question) : "");
      gtk_box_append (GTK_BOX (box), report_label (heading, "heading"));

      if (answer->recorded_at > 0)
        answer_scores = g_strdup_printf (_("Overall %.0f · Content %.0f · Delivery %.0f"),
                                         answer->score_overall, answer->score_content, answer->score_delivery);
      else
        answer_scores = g_strdup (_("Not answered"));
      gtk_box_append (GTK_BOX (box), report_label (answer_scores, "numeric"));
      if (answer->recorded_at > 0 && metrics_text != NULL)
        gtk_box_append (GTK_BOX (box), report_label (metrics_text, "dim-label"));

      for (guint j = 0; j < tips->len; j++)
        add_tip (GTK_BOX (box), tips->pdata[j]);

      if (answer->recorded_at > 0 && transcript_text != NULL)
        gtk_box_append (GTK_BOX (box), report_label (transcript_text, "dim-label"));

      if (answer->recording_path != NULL && g_file_test (answer->recording_path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *play_label = g_strdup_printf (_("Play Answer %u"), answer->position + 1);
          GtkWidget *play = gtk_button_new_with_label (play_label);

          gtk_widget_set_halign (play, GTK_ALIGN_START);
          g_object_set_data_full (G_OBJECT (play), "recording-path",
                                  g_strdup (answer->recording_path), g_free);
          g_signal_connect_object (play, "clicked", G_CALLBACK (play_recording_cb), self, 0);
          gtk_box_append (GTK_BOX (box), play);
        }

      gtk_list_box_append (self->report_list, box);
    }

  gtk_stack_set_visible_child_name (self->stack, "report");
  gtk_progress_bar_set_fraction (self->analysis_bar, 0.0);
  gtk_label_set_text (self->progress_label, "");
  update_actions (self);
}

static void
report_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlInterviewPractice) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->report_scores_label, error->message);
          gtk_stack_set_visible_child_name (self->stack, "report");
          update_actions (self);
        }
      return;
    }

  show_report (self, data);
}

static void
resume_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SlInterviewPractice) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  /* The stored state decides: a finished session is reviewed, never
   * practised again. */
  if (data->record->finished_at > 0)
    {
      show_report (self, data);
      return;
    }

  self->position = 0;
  while (self->position < data->answers->len &&
         ((SlInterviewAnswerRecord *)data->answers->pdata[self->position])->recorded_at > 0)
    self->position++;
  if (self->position >= get_n_questions (self))
    show_report (self, data);
  else
    show_question (self);
}

static void
finish_session (SlInterviewPractice *self)
{
  stop_countdown (self);
  stop_speaking (self);
  gtk_label_set_text (self->report_scores_label, _("Preparing the report…"));
  clear_children (GTK_WIDGET (self->report_list));
  gtk_stack_set_visible_child_name (self->stack, "report");
  load_session_async (self, TRUE, report_loaded_cb);
}

/* Questions */

static const char *
kind_name (SlQuestionKind kind)
{
  switch (kind)
    {
    case SL_QUESTION_KIND_BEHAVIOURAL:
      return _("Behavioural question — answer with the situation, your task, what you did and the result");
    case SL_QUESTION_KIND_TECHNICAL:
      return _("Technical question");
    case SL_QUESTION_KIND_SITUATIONAL:
      return _("Situational question");
    case SL_QUESTION_KIND_ROLE_SPECIFIC:
      return _("Role-specific question");
    default:
      return "";
    }
}

static void
show_question (SlInterviewPractice *self)
{
  g_autoptr(SlQuestion) question = dup_question (self);
  g_autofree char *progress = NULL;

  if (question == NULL)
    {
      finish_session (self);
      return;
    }

  /* Translators: the question being answered and how many there are. */
  progress = g_strdup_printf (_("Question %u of %u"), self->position + 1, get_n_questions (self));
  gtk_label_set_text (self->progress_label, progress);
  gtk_label_set_text (self->kind_label, kind_name (sl_question_get_kind (question)));
  gtk_label_set_text (self->question_label, sl_question_get_text (question));
  gtk_video_set_media_stream (self->video, NULL);
  g_clear_pointer (&self->recording_path, g_free);
  self->has_recording = FALSE;
  show_error (self, NULL);
  sl_level_meter_reset (self->meter);
  self->level_pending = FALSE;
  sl_camera_preview_clear (self->preview);
  update_elapsed (self, 0.0);
  gtk_stack_set_visible_child_name (self->stack, "question");
  update_actions (self);

  speak_question (self);
  start_countdown (self);
  gtk_widget_grab_focus (self->record_button);
}

/* Actions */

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_recording (SL_INTERVIEW_PRACTICE (widget));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  stop_recording (SL_INTERVIEW_PRACTICE (widget));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (widget);

  if (self->capture != NULL || self->stopping || self->analysing)
    return;
  stop_countdown (self);
  stop_speaking (self);
  self->position++;
  show_question (self);
}

static void
rerecord_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_question (SL_INTERVIEW_PRACTICE (widget));
}

static void
speak_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (widget);

  if (self->muted)
    {
      self->muted = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
    }
  speak_question (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (widget);

  sl_interview_practice_stop (self);
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
delete_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlStore *store = source_object;
  gint64 *ids = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = sl_store_clear_interview_recording (store, ids[0], (guint)ids[1], &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (path != NULL && g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not delete the recording: %s"), g_strerror (saved_errno));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlInterviewPractice) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not delete the recording: %s", error->message);
      return;
    }
  g_clear_pointer (&self->recording_path, g_free);
}

static void
delete_recording_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (widget);
  g_autoptr(GTask) task = NULL;
  gint64 *ids;

  if (self->session == NULL || !self->has_recording)
    return;

  /* Let go of the file before it goes. */
  gtk_video_set_media_stream (self->video, NULL);
  gtk_widget_set_visible (self->playback_box, FALSE);
  self->has_recording = FALSE;
  update_actions (self);

  ids = g_new (gint64, 2);
  ids[0] = sl_interview_session_get_id (self->session);
  ids[1] = self->position;
  task = g_task_new (self->store, self->cancellable, deleted_cb, g_object_ref (self));
  g_task_set_source_tag (task, delete_recording_action);
  g_task_set_task_data (task, ids, g_free);
  g_task_run_in_thread (task, delete_worker);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlInterviewPractice) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (sl_interview_report_write_pdf_finish (SL_STORE (object), result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _("The Report Could Not Be Saved"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
export_response_cb (GtkNativeDialog     *chooser,
                    int                  response,
                    SlInterviewPractice *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->session != NULL && self->store != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    sl_interview_report_write_pdf_async (self->store, sl_interview_session_get_id (self->session), path,
                                         self->cancellable, export_cb, g_object_ref (self));
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Export Session Report"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("interview-report.pdf"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* GObject */

static void
sl_interview_practice_dispose (GObject *object)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (object);

  self->disposing = TRUE;
  sl_interview_practice_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_INTERVIEW_PRACTICE);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->speaker);
  g_clear_object (&self->transcriber);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sl_interview_practice_parent_class)->dispose (object);
}

static void
sl_interview_practice_finalize (GObject *object)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (object);

  g_free (self->recording_path);

  G_OBJECT_CLASS (sl_interview_practice_parent_class)->finalize (object);
}

static void
sl_interview_practice_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (object);

  switch (prop_id)
    {
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_interview_practice_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SlInterviewPractice *self = SL_INTERVIEW_PRACTICE (object);

  switch (prop_id)
    {
    case PROP_MUTED:
      if (self->muted != g_value_get_boolean (value))
        {
          self->muted = g_value_get_boolean (value);
          if (self->muted)
            stop_speaking (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_interview_practice_class_init (SlInterviewPracticeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_interview_practice_dispose;
  object_class->finalize = sl_interview_practice_finalize;
  object_class->get_property = sl_interview_practice_get_property;
  object_class->set_property = sl_interview_practice_set_property;

  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SL_TYPE_CAMERA_PREVIEW);
  g_type_ensure (SL_TYPE_LEVEL_METER);
  g_type_ensure (SL_TYPE_TIMELINE_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-interview-practice.ui");
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, root_box);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, stack);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, kind_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, question_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, mute_button);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, rate_spin);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, preview);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, meter);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, elapsed_bar);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, error_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, record_button);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, analysis_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, analysis_bar);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, answer_question_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, answer_scores_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, tips_box);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, draft_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, transcript_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, metrics_list);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, timeline);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, playback_box);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, video);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, next_button);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, report_scores_label);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, report_list);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewPractice, report_video);

  gtk_widget_class_install_action (widget_class, "practice.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "practice.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "practice.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "practice.rerecord", NULL, rerecord_action);
  gtk_widget_class_install_action (widget_class, "practice.speak", NULL, speak_action);
  gtk_widget_class_install_property_action (widget_class, "practice.mute", "muted");
  gtk_widget_class_install_action (widget_class, "practice.delete-recording", NULL, delete_recording_action);
  gtk_widget_class_install_action (widget_class, "practice.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "practice.close", NULL, close_action);

}

/* The shortcuts work wherever the focus is while the page is shown. */
static void
add_shortcuts (SlInterviewPractice *self)
{
  static const struct {
    guint           key;
    GdkModifierType modifiers;
    const char     *action;
  } shortcuts[] = {
    { GDK_KEY_r, GDK_CONTROL_MASK, "practice.record" },
    { GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "practice.rerecord" },
    { GDK_KEY_period, GDK_CONTROL_MASK, "practice.stop" },
    { GDK_KEY_Return, GDK_CONTROL_MASK, "practice.next" },
    { GDK_KEY_p, GDK_CONTROL_MASK, "practice.speak" },
    { GDK_KEY_m, GDK_CONTROL_MASK, "practice.mute" },
    { GDK_KEY_Delete, GDK_CONTROL_MASK, "practice.delete-recording" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "practice.export" },
    { GDK_KEY_Left, GDK_ALT_MASK, "practice.close" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key,
                                                                                    shortcuts[i].modifiers),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
sl_interview_practice_init (SlInterviewPractice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->preview, "notify::frame-width", G_CALLBACK (preview_size_cb), self, 0);
  g_signal_connect_object (self->preview, "notify::frame-height", G_CALLBACK (preview_size_cb), self, 0);
  update_actions (self);
}

GtkWidget *
sl_interview_practice_new (void)
{
  return g_object_new (SL_TYPE_INTERVIEW_PRACTICE, NULL);
}

void
sl_interview_practice_set_store (SlInterviewPractice *self,
                                 SlStore             *store)
{
  g_return_if_fail (SL_IS_INTERVIEW_PRACTICE (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
sl_interview_practice_stop (SlInterviewPractice *self)
{
  g_return_if_fail (SL_IS_INTERVIEW_PRACTICE (self));

  stop_countdown (self);
  stop_speaking (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->capture != NULL)
    {
      /* Finish the file even though nobody waits for it. */
      if (!self->stopping)
        sl_capture_stop_async (self->capture, NULL, NULL, NULL);
      g_clear_object (&self->capture);
    }
  self->stopping = FALSE;
  self->analysing = FALSE;
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  /* Widgets going away are not touched: that would measure them again. */
  if (self->disposing)
    return;
  if (self->video != NULL)
    gtk_video_set_media_stream (self->video, NULL);
  if (self->report_video != NULL)
    gtk_video_set_media_stream (self->report_video, NULL);
  if (self->stack != NULL)
    update_actions (self);
}

void
sl_interview_practice_set_session (SlInterviewPractice *self,
                                   SlInterviewSession  *session)
{
  g_return_if_fail (SL_IS_INTERVIEW_PRACTICE (self));
  g_return_if_fail (session == NULL || SL_IS_INTERVIEW_SESSION (session));

  sl_interview_practice_stop (self);
  g_set_object (&self->session, session);
  self->position = 0;
  if (session == NULL || self->store == NULL)
    return;

  gtk_label_set_text (self->title_label, _("Practice Session"));
  gtk_label_set_text (self->progress_label, "");
  load_session_async (self, FALSE, resume_loaded_cb);
}

void
sl_interview_practice_set_title (SlInterviewPractice *self,
                                 const char          *title)
{
  g_return_if_fail (SL_IS_INTERVIEW_PRACTICE (self));

  gtk_label_set_text (self->title_label, title != NULL ? title : "");
}
