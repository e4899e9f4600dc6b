#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-answer-analysis.h"
#include "sl-audio-analysis.h"
#include "sl-capture.h"
#include "sl-cli.h"
#include "sl-s3-mirror.h"
#include "sl-question-bank.h"
#include "sl-interview-report.h"
#include "sl-question-generator-local.h"
#include "sl-store-interviews.h"
#include "sl-speech-audio.h"
#include "sl-transcriber-pocketsphinx.h"

/* Transcripts are text; a long answer is a few KiB. */
#define MAX_TRANSCRIPT_SIZE (4 * 1024 * 1024)
#define MAX_AUDIO_SECONDS   (30 * 60)
#define RATE                16000
#define MAX_DESCRIPTION_SIZE (1024 * 1024)

/* Behavioural questions ask for a past example; their answers should
 * follow STAR. */
static gboolean
looks_behavioural (const char *question)
{
  static const char * const openers[] = {
    "tell me about a time", "tell us about a time", "describe a time", "describe a situation",
    "give me an example", "give an example", "share an example", "talk about a time",
    "walk me through a time", "have you ever", "what is an example", "when was the last time",
    NULL
  };
  g_autofree char *lower = NULL;

  if (question == NULL)
    return FALSE;
  lower = g_utf8_strdown (question, -1);
  for (guint i = 0; openers[i] != NULL; i++)
    {
      if (strstr (lower, openers[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
print_analysis_text (SlCli            *cli,
                     SlAnswerAnalysis *a)
{
  sl_cli_print (cli, _("Duration: %.1f s, speaking %.1f s"), a->duration_s, a->speaking_s);
  sl_cli_print (cli, _("Words: %u, %.0f per minute%s"), a->words, a->wpm,
                a->wpm_from_audio ? _(" (estimated from the audio)") : "");
  sl_cli_print (cli, _("Fillers: %u (%.1f per minute)"), a->filler_total, a->fillers_per_minute);
  sl_cli_print (cli, _("Long pauses: %u"), a->long_pauses);
  if (a->matched_keywords->len + a->missing_keywords->len > 0)
    sl_cli_print (cli, _("Keywords covered: %.0f %%"), 100 * a->keyword_coverage);
  sl_cli_print (cli, _("Scores: content %d, delivery %d, overall %d"),
                a->score_content, a->score_delivery, a->score_overall);
  if (a->transcript != NULL)
    sl_cli_print (cli, "%s%s", sl_speech_transcript_get_draft (a->transcript) ? _("Transcript (draft): ")
                                                                              : _("Transcript: "),
                  sl_speech_transcript_get_text (a->transcript));
  for (guint i = 0; i < a->tips->len; i++)
    sl_cli_print (cli, "• %s", (const char *)a->tips->pdata[i]);
}

/* Transcript (given or recognised) and audio features → analysis. */
static int
run_analysis (SlCli                        *cli,
              const char                   *audio_path,
              const char                   *transcript_path,
              const SlAnswerAnalysisInput  *input,
              SlAnswerAnalysis            **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_autoptr(SlAudioFeatures) features = NULL;
  const char * const *keywords = input->keywords;

  if (audio_path != NULL)
    {
      g_autofree float *samples = NULL;
      gsize n = 0;

      if (!(samples = sl_speech_audio_load (audio_path, RATE, MAX_AUDIO_SECONDS, &n, NULL, &error)))
        return sl_cli_fail (cli, SL_CLI_EXIT_FAILED,
                            g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ? "not_found" : "bad_audio",
                            "%s", error->message);
      features = sl_audio_analyze (samples, n, RATE, NULL);
    }

  if (transcript_path != NULL)
    {
      g_autofree char *text = NULL;

      if (!(text = sl_cli_read_text_file (transcript_path, MAX_TRANSCRIPT_SIZE, &error)))
        return sl_cli_fail_error (cli, error);
      if (!(transcript = sl_speech_transcript_new_from_data (text, &error)))
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "bad_transcript", _("The transcript is not valid: %s"),
                            error->message);
    }
  else
    {
      g_autoptr(SlTranscriber) transcriber = sl_transcriber_pocketsphinx_new ();

      if (!(transcript = sl_transcriber_transcribe (transcriber, audio_path,
                                                    keywords, NULL, &error)))
        return sl_cli_fail (cli, SL_CLI_EXIT_FAILED,
                            g_error_matches (error, SL_TRANSCRIBER_ERROR, SL_TRANSCRIBER_ERROR_UNAVAILABLE)
                            ? "transcriber_unavailable" : "transcription_failed",
                            "%s", error->message);
    }

  *out = sl_answer_analyze (transcript, features, input);
  return SL_CLI_EXIT_OK;
}

static int
interview_analyze (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *audio_path = NULL;
  g_autofree char *transcript_path = NULL;
  g_autofree char *question = NULL;
  g_autofree char *keywords_text = NULL;
  g_autofree char *kind = NULL;
  double suggested = 0;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— analyse a recorded answer"));
  g_autoptr(SlAnswerAnalysis) analysis = NULL;
  g_auto(GStrv) keywords = NULL;
  SlAnswerAnalysisInput input = { 0 };
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "audio", 'a', 0, G_OPTION_ARG_FILENAME, &audio_path, N_("The recorded answer (WAV, WebM, Ogg, …)"), N_("FILE") },
    { "transcript", 't', 0, G_OPTION_ARG_FILENAME, &transcript_path,
      N_("Use this transcript (plain text, or JSON with word timings) instead of speech recognition"), N_("FILE") },
    { "question", 'q', 0, G_OPTION_ARG_STRING, &question, N_("The question that was answered"), N_("TEXT") },
    { "keywords", 'k', 0, G_OPTION_ARG_STRING, &keywords_text, N_("Expected keywords, separated by commas"), N_("A,B,C") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind,
      N_("behavioural, technical, situational or role-specific (default: guessed from the question)"), N_("KIND") },
    { "suggested-seconds", 0, 0, G_OPTION_ARG_DOUBLE, &suggested, N_("The suggested answer length"), N_("SECONDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (audio_path == NULL && transcript_path == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give the recording with --audio FILE"));
  if ((question != NULL && !g_utf8_validate (question, -1, NULL)) ||
      (keywords_text != NULL && !g_utf8_validate (keywords_text, -1, NULL)))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  if (suggested < 0 || suggested > 3600)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--suggested-seconds must be between 0 and 3600"));
  if (kind != NULL && !g_strv_contains ((const char * const[]) { "behavioural", "behavioral", "technical",
                                                                 "situational", "role-specific", NULL }, kind))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("--kind must be behavioural, technical, situational or role-specific"));

  if (keywords_text != NULL)
    {
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
      g_auto(GStrv) parts = g_strsplit (keywords_text, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (*parts[i] != '\0')
            g_ptr_array_add (list, g_strdup (parts[i]));
        }
      g_ptr_array_add (list, NULL);
      keywords = (GStrv)g_ptr_array_free (g_steal_pointer (&list), FALSE);
    }

  input.question = question;
  input.keywords = (const char * const *)keywords;
  input.expect_star = kind != NULL ? g_str_has_prefix (kind, "behavio") : looks_behavioural (question);
  input.suggested_seconds = suggested;
  if ((status = run_analysis (cli, audio_path, transcript_path, &input, &analysis)) != SL_CLI_EXIT_OK)
    return status;

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, sl_answer_analysis_to_json (analysis));
  else
    print_analysis_text (cli, analysis);
  return SL_CLI_EXIT_OK;
}

typedef struct
{
  SlCapture *capture;
  double     seconds;
  gboolean   done;
  gboolean   ok;
  GError    *error;
  GError    *lost;
} RecordState;

static void
record_stop_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RecordState *state = user_data;

  state->ok = sl_capture_stop_finish (SL_CAPTURE (object), result, &state->error);
  state->done = TRUE;
}

static gboolean
record_poll_cb (gpointer user_data)
{
  RecordState *state = user_data;

  if (sl_capture_get_state (state->capture) == SL_CAPTURE_STATE_IDLE)
    {
      /* Ended by itself (a device was lost and the file is finished). */
      state->ok = TRUE;
      state->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (sl_capture_get_state (state->capture) == SL_CAPTURE_STATE_RUNNING &&
      sl_capture_get_elapsed (state->capture) >= state->seconds)
    {
      sl_capture_stop_async (state->capture, NULL, record_stop_cb, state);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
record_lost_cb (SlCapture    *capture,
                const GError *error,
                RecordState  *state)
{
  g_clear_error (&state->lost);
  state->lost = g_error_copy (error);
}

static int
interview_record (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *video_device = NULL;
  g_autofree char *audio_device = NULL;
  g_autofree char *camera = NULL;
  g_autofree char *microphone = NULL;
  double seconds = 0;
  gboolean test_sources = FALSE;
  gboolean no_video = FALSE;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— record an answer to WebM"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlCapture) capture = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  RecordState state = { 0 };
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, N_("How long to record (required)"), N_("N") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The WebM file to write (required)"), N_("FILE") },
    { "test-sources", 0, 0, G_OPTION_ARG_NONE, &test_sources,
      N_("Record GStreamer test sources instead of the camera and microphone"), NULL },
    { "audio-only", 0, 0, G_OPTION_ARG_NONE, &no_video, N_("Do not record video"), NULL },
    { "video-device", 0, 0, G_OPTION_ARG_STRING, &video_device, N_("Camera id (see “interview devices”)"), N_("ID") },
    { "audio-device", 0, 0, G_OPTION_ARG_STRING, &audio_device, N_("Microphone id"), N_("ID") },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera,
      N_("Camera by name or id (see “interview devices”), or “none” for sound only"), N_("NAME") },
    { "microphone", 0, 0, G_OPTION_ARG_STRING, &microphone,
      N_("Microphone by name or id (see “interview devices”)"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (out == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give the file to write with --out FILE.webm"));
  if (!(seconds > 0 && seconds <= 3600))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--seconds must be between 0 and 3600"));

  if (camera != NULL && g_ascii_strcasecmp (camera, "none") == 0)
    no_video = TRUE;
  else if (camera != NULL)
    {
      g_autoptr(GPtrArray) cameras = sl_capture_list_video_devices ();
      const SlCaptureDevice *device = sl_capture_find_device (cameras, camera);

      if (device == NULL)
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "no_such_camera",
                            _("No single camera is called “%s”; see “interview devices”"), camera);
      g_free (video_device);
      video_device = g_strdup (device->id);
    }
  if (microphone != NULL)
    {
      g_autoptr(GPtrArray) microphones = sl_capture_list_audio_devices ();
      const SlCaptureDevice *device = sl_capture_find_device (microphones, microphone);

      if (device == NULL)
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "no_such_microphone",
                            _("No single microphone is called “%s”; see “interview devices”"), microphone);
      g_free (audio_device);
      audio_device = g_strdup (device->id);
    }

  file = g_file_new_for_commandline_arg (out);
  path = g_file_get_path (file);
  capture = sl_capture_new ();
  sl_capture_set_use_test_sources (capture, test_sources);
  sl_capture_set_video_enabled (capture, !no_video);
  sl_capture_set_video_device (capture, video_device);
  sl_capture_set_audio_device (capture, audio_device);
  g_signal_connect (capture, "device-lost", G_CALLBACK (record_lost_cb), &state);

  if (!sl_capture_start (capture, path, &error))
    {
      const char *code = g_error_matches (error, SL_CAPTURE_ERROR, SL_CAPTURE_ERROR_NO_MICROPHONE)
                         ? "no_microphone" : "capture_failed";

      return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, code, "%s", error->message);
    }
  if (sl_capture_get_video_error (capture) != NULL)
    {
      /* Not fatal: the answer is recorded with audio only. */
      if (sl_cli_get_json (cli))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *line = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "warning");
          json_builder_add_string_value (builder, "no_camera");
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, sl_capture_get_video_error (capture)->message);
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          json_generator_set_root (generator, root);
          line = json_generator_to_data (generator, NULL);
          g_printerr ("%s\n", line);
        }
      else
        g_printerr ("%s\n", sl_capture_get_video_error (capture)->message);
    }

  state.capture = capture;
  state.seconds = seconds;
  g_timeout_add (20, record_poll_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  if (!state.ok)
    {
      status = sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "capture_failed", "%s", state.error->message);
      g_clear_error (&state.error);
      g_clear_error (&state.lost);
      return status;
    }

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, seconds);
      json_builder_set_member_name (builder, "video");
      json_builder_add_boolean_value (builder, sl_capture_get_has_video (capture));
      json_builder_set_member_name (builder, "audio");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "device_lost");
      json_builder_add_boolean_value (builder, state.lost != NULL);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Recorded %s"), path);
  if (state.lost != NULL)
    {
      if (!sl_cli_get_json (cli))
        g_printerr ("%s\n", state.lost->message);
      g_clear_error (&state.lost);
    }
  return SL_CLI_EXIT_OK;
}

static int
generate_questions (SlCli     *cli,
                    int        argc,
                    char     **argv,
                    gboolean   start)
{
  g_autofree char *job_text = NULL;
  g_autofree char *description_file = NULL;
  g_autofree char *resume_text = NULL;
  g_autofree char *kinds_text = NULL;
  g_autofree char *title = NULL;
  int count = 8;
  int seed = 0;
  g_autoptr(GOptionContext) context = g_option_context_new (start ? _("— start a practice session")
                                                                  : _("— practice questions for a job"));
  gint64 job_id = 0;
  gint64 candidate_id = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlQuestionBank) bank = NULL;
  g_autoptr(SlQuestionGenerator) generator = NULL;
  g_autoptr(SlQuestionRequest) request = sl_question_request_new ();
  g_autoptr(GPtrArray) questions = NULL;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "job", 'j', 0, G_OPTION_ARG_STRING, &job_text, N_("A job in the database"), N_("ID") },
    { "description-file", 'f', 0, G_OPTION_ARG_FILENAME, &description_file,
      N_("A job description in a UTF-8 text file"), N_("FILE") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("The job title, with --description-file"), N_("TITLE") },
    { "resume", 'r', 0, G_OPTION_ARG_STRING, &resume_text, N_("A candidate whose skills to ask about"), N_("CANDIDATE_ID") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("How many questions (default 8)"), N_("N") },
    { "kinds", 'k', 0, G_OPTION_ARG_STRING, &kinds_text,
      N_("Kinds, separated by commas: behavioural, technical, situational, role-specific"), N_("KINDS") },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Another number gives other questions"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if ((job_text == NULL) == (description_file == NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give either --job ID or --description-file FILE"));
  if (count < 1 || count > 100)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--count must be between 1 and 100"));
  if (title != NULL && !g_utf8_validate (title, -1, NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_text", _("Arguments must be UTF-8 text"));
  if (kinds_text != NULL && !sl_question_kinds_from_string (kinds_text, &request->kinds))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("--kinds takes behavioural, technical, situational or role-specific, separated by commas"));
  request->count = count;
  request->seed = (guint32)seed;

  if (job_text != NULL)
    {
      g_autoptr(SlJob) job = NULL;
      SlStore *store;
      gint64 id;

      if (!sl_cli_parse_id (cli, job_text, "job", &id, &status))
        return status;
      if (!(store = sl_cli_get_store (cli)))
        return SL_CLI_EXIT_FAILED;
      if (!(job = sl_store_get_job (store, id, &error)))
        return sl_cli_fail_error (cli, error);
      job_id = id;
      request->job_title = g_strdup (sl_job_get_title (job));
      request->job_description = g_strjoin ("\n\n", sl_job_get_description (job) ? sl_job_get_description (job) : "",
                                            sl_job_get_requirements (job) ? sl_job_get_requirements (job) : "", NULL);
    }
  else
    {
      if (!(request->job_description = sl_cli_read_text_file (description_file, MAX_DESCRIPTION_SIZE, &error)))
        return sl_cli_fail_error (cli, error);
      request->job_title = g_strdup (title);
      if (request->job_title == NULL)
        {
          /* The first line of a description is often its title. */
          const char *nl = strchr (request->job_description, '\n');

          request->job_title = g_strndup (request->job_description,
                                          nl != NULL ? (gsize)(nl - request->job_description) : 120);
        }
    }

  if (resume_text != NULL)
    {
      g_autoptr(SlCandidate) candidate = NULL;
      SlStore *store;
      gint64 id;

      if (!sl_cli_parse_id (cli, resume_text, "candidate", &id, &status))
        return status;
      if (!(store = sl_cli_get_store (cli)))
        return SL_CLI_EXIT_FAILED;
      if (!(candidate = sl_store_get_candidate (store, id, &error)))
        return sl_cli_fail_error (cli, error);
      candidate_id = id;
      if (sl_candidate_get_skills_count (candidate) > 0)
        request->candidate_skills = g_strdupv ((char **)sl_candidate_get_skills (candidate));
      else
        {
          g_auto(GStrv) preferred = NULL;

          sl_question_extract_skills (sl_candidate_get_text (candidate), &request->candidate_skills, &preferred);
        }
    }

  if (!(bank = sl_question_bank_new_default (&error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "no_question_bank", "%s", error->message);
  generator = sl_question_generator_local_new (bank);
  /* No cloud generator yet: the local one answers alone. */
  if (!(questions = sl_question_generator_generate_with_fallback (NULL, generator, request, NULL, &error)))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "no_questions", "%s", error->message);

  if (start)
    {
      SlStore *store;
      gint64 session_id;

      if (!(store = sl_cli_get_store (cli)))
        return SL_CLI_EXIT_FAILED;
      if (!(session_id = sl_store_add_interview_session (store, job_id, candidate_id, request->job_title,
                                                         request->job_description, questions, &error)))
        return sl_cli_fail_error (cli, error);
      if (sl_cli_get_json (cli))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "session_id");
          json_builder_add_int_value (builder, session_id);
          json_builder_set_member_name (builder, "questions");
          json_builder_begin_array (builder);
          for (guint i = 0; i < questions->len; i++)
            json_builder_add_value (builder, sl_question_to_json (questions->pdata[i]));
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          sl_cli_print_json (cli, json_builder_get_root (builder));
          return SL_CLI_EXIT_OK;
        }
      sl_cli_print (cli, _("Started practice session %" G_GINT64_FORMAT), session_id);
    }

  for (guint i = 0; i < questions->len; i++)
    {
      SlQuestion *question = questions->pdata[i];

      if (sl_cli_get_json (cli))
        sl_cli_print_json (cli, sl_question_to_json (question));
      else
        sl_cli_print (cli, "%u. [%s, %s] %s", i + 1, sl_question_kind_to_string (sl_question_get_kind (question)),
                      sl_question_difficulty_to_string (sl_question_get_difficulty (question)),
                      sl_question_get_text (question));
    }
  return SL_CLI_EXIT_OK;
}

static int
interview_questions (SlCli  *cli,
                     int     argc,
                     char  **argv)
{
  return generate_questions (cli, argc, argv, FALSE);
}

static int
interview_start (SlCli  *cli,
                 int     argc,
                 char  **argv)
{
  return generate_questions (cli, argc, argv, TRUE);
}

static gboolean
parse_session (SlCli       *cli,
               int          argc,
               char       **argv,
               int          n_args,
               gint64      *session_id,
               int         *status)
{
  if (argc != n_args + 1)
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give the session number (see “interview sessions”)"));
      return FALSE;
    }
  return sl_cli_parse_id (cli, argv[1], "session", session_id, status);
}

static int
interview_answer (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *audio_path = NULL;
  g_autofree char *transcript_path = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("SESSION POSITION — analyse and keep an answer"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(SlAnswerAnalysis) analysis = NULL;
  g_autoptr(JsonNode) metrics = NULL;
  g_autofree char *metrics_json = NULL;
  g_autofree char *transcript_json = NULL;
  SlInterviewAnswerRecord *answer = NULL;
  SlAnswerAnalysisInput input = { 0 };
  SlStore *store;
  gint64 session_id;
  guint64 position = 0;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "audio", 'a', 0, G_OPTION_ARG_FILENAME, &audio_path, N_("The recorded answer"), N_("FILE") },
    { "transcript", 't', 0, G_OPTION_ARG_FILENAME, &transcript_path,
      N_("Use this transcript instead of speech recognition"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !sl_cli_parse_id (cli, argv[1], "session", &session_id, &status))
    return argc != 3 ? sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give the session and the question position"))
                     : status;
  if (!g_ascii_string_to_unsigned (argv[2], 10, 0, 1000, &position, NULL))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("The position must be a number from 0"));
  if (audio_path == NULL && transcript_path == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give the recording with --audio FILE"));
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(answers = sl_store_list_interview_answers (store, session_id, &error)))
    return sl_cli_fail_error (cli, error);
  for (guint i = 0; i < answers->len; i++)
    {
      if (((SlInterviewAnswerRecord *)answers->pdata[i])->position == position)
        answer = answers->pdata[i];
    }
  if (answer == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "not_found",
                        _("Session %" G_GINT64_FORMAT " has no question at position %u"),
                        session_id, (guint)position);

  input.question = sl_question_get_text (answer->question);
  input.keywords = sl_question_get_expected_keywords (answer->question);
  input.expect_star = sl_question_get_kind (answer->question) == SL_QUESTION_KIND_BEHAVIOURAL;
  input.suggested_seconds = sl_question_get_suggested_seconds (answer->question);
  if ((status = run_analysis (cli, audio_path, transcript_path, &input, &analysis)) != SL_CLI_EXIT_OK)
    return status;

  metrics = sl_answer_analysis_to_json (analysis);
  metrics_json = json_to_string (metrics, FALSE);
  if (analysis->transcript != NULL)
    {
      g_autoptr(JsonNode) node = sl_speech_transcript_to_json (analysis->transcript);

      transcript_json = json_to_string (node, FALSE);
    }
  if (audio_path != NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (audio_path, NULL);

      g_free (audio_path);
      audio_path = g_steal_pointer (&absolute);
    }
  if (!sl_store_save_interview_answer (store, session_id, position, audio_path, analysis->duration_s,
                                       transcript_json, metrics_json, analysis->score_content,
                                       analysis->score_delivery, analysis->score_overall, &error))
    return sl_cli_fail_error (cli, error);
  sl_s3_mirror_queue_recording (store, session_id, audio_path);

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, g_steal_pointer (&metrics));
  else
    print_analysis_text (cli, analysis);
  return SL_CLI_EXIT_OK;
}

static int
interview_sessions (SlCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  SlStore *store;

  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(sessions = sl_store_list_interview_sessions (store, &error)))
    return sl_cli_fail_error (cli, error);
  for (guint i = 0; i < sessions->len; i++)
    {
      SlInterviewSessionRecord *s = sessions->pdata[i];

      if (sl_cli_get_json (cli))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, s->id);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, s->title);
          json_builder_set_member_name (builder, "created_at");
          json_builder_add_int_value (builder, s->created_at);
          json_builder_set_member_name (builder, "questions");
          json_builder_add_int_value (builder, s->n_answers);
          json_builder_set_member_name (builder, "answered");
          json_builder_add_int_value (builder, s->n_answered);
          json_builder_set_member_name (builder, "score_overall");
          if (s->score_overall >= 0)
            json_builder_add_double_value (builder, s->score_overall);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
          sl_cli_print_json (cli, json_builder_get_root (builder));
        }
      else
        sl_cli_print (cli, "%" G_GINT64_FORMAT "\t%u/%u\t%s", s->id, s->n_answered, s->n_answers, s->title);
    }
  return SL_CLI_EXIT_OK;
}

static int
interview_report (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *out = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("SESSION — write a PDF report"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlInterviewSessionRecord) session = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *report = NULL;
  SlStore *store;
  gint64 session_id;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The PDF file to write (required)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (!parse_session (cli, argc, argv, 1, &session_id, &status))
    return status;
  if (out == NULL)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Give the file to write with --out FILE.pdf"));
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(session = sl_store_get_interview_session (store, session_id, &error)) ||
      !(answers = sl_store_list_interview_answers (store, session_id, &error)))
    return sl_cli_fail_error (cli, error);
  if (!sl_interview_report_write_pdf (session, answers, out, &error))
    return sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "write_failed", "%s", error->message);
  {
    g_autofree char *owner = g_strdup_printf ("session-%" G_GINT64_FORMAT, session_id);

    sl_s3_mirror_queue_report (store, owner, out);
  }
  report = sl_interview_report_build_json (session, answers);
  if (!sl_store_finish_interview_session (store, session_id, report, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      json_parser_load_from_data (parser, report, -1, NULL);
      object = json_node_get_object (json_parser_get_root (parser));
      json_object_set_string_member (object, "path", out);
      sl_cli_print_json (cli, json_node_copy (json_parser_get_root (parser)));
    }
  else
    sl_cli_print (cli, _("Wrote %s"), out);
  return SL_CLI_EXIT_OK;
}

static int
interview_devices (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  const struct { const char *kind; GPtrArray *(*list) (void); } kinds[] = {
    { "camera", sl_capture_list_video_devices },
    { "microphone", sl_capture_list_audio_devices },
  };

  if (argc > 1)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"), argv[1]);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) devices = kinds[k].list ();

      for (guint i = 0; i < devices->len; i++)
        {
          SlCaptureDevice *device = devices->pdata[i];

          if (sl_cli_get_json (cli))
            {
              g_autoptr(JsonBuilder) builder = json_builder_new ();

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "kind");
              json_builder_add_string_value (builder, kinds[k].kind);
              json_builder_set_member_name (builder, "id");
              json_builder_add_string_value (builder, device->id);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, device->name);
              json_builder_end_object (builder);
              sl_cli_print_json (cli, json_builder_get_root (builder));
            }
          else
            sl_cli_print (cli, "%s\t%s\t%s", kinds[k].kind, device->id, device->name);
        }
    }
  return SL_CLI_EXIT_OK;
}

int
sl_cli_interview_run (SlCli  *cli,
                      int     argc,
                      char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "questions", NULL, interview_questions },
    { "start", NULL, interview_start },
    { "answer", NULL, interview_answer },
    { "sessions", NULL, interview_sessions },
    { "report", NULL, interview_report },
    { "analyze", NULL, interview_analyze },
    { "analyse", NULL, interview_analyze },
    { "record", NULL, interview_record },
    { "devices", NULL, interview_devices },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli interview questions|start|answer|sessions|report|analyze|record|devices …"));
}
