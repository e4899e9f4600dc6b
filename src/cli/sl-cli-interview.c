#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-answer-analysis.h"
#include "sl-audio-analysis.h"
#include "sl-cli.h"
#include "sl-speech-audio.h"
#include "sl-transcriber-pocketsphinx.h"

/* Transcripts are text; a long answer is a few KiB. */
#define MAX_TRANSCRIPT_SIZE (4 * 1024 * 1024)
#define MAX_AUDIO_SECONDS   (30 * 60)
#define RATE                16000

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
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSpeechTranscript) transcript = NULL;
  g_autoptr(SlAudioFeatures) features = NULL;
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
                                                    (const char * const *)keywords, NULL, &error)))
        return sl_cli_fail (cli, SL_CLI_EXIT_FAILED,
                            g_error_matches (error, SL_TRANSCRIBER_ERROR, SL_TRANSCRIBER_ERROR_UNAVAILABLE)
                            ? "transcriber_unavailable" : "transcription_failed",
                            "%s", error->message);
    }

  input.question = question;
  input.keywords = (const char * const *)keywords;
  input.expect_star = kind != NULL ? g_str_has_prefix (kind, "behavio") : looks_behavioural (question);
  input.suggested_seconds = suggested;
  analysis = sl_answer_analyze (transcript, features, &input);

  if (sl_cli_get_json (cli))
    sl_cli_print_json (cli, sl_answer_analysis_to_json (analysis));
  else
    print_analysis_text (cli, analysis);
  return SL_CLI_EXIT_OK;
}

int
sl_cli_interview_run (SlCli  *cli,
                      int     argc,
                      char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "analyze", NULL, interview_analyze },
    { "analyse", NULL, interview_analyze },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli interview questions|analyze|record|report …"));
}
