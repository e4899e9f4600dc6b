#define G_LOG_DOMAIN "sl-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gi18n.h>

#include "sl-csv.h"
#include "sl-metrics.h"
#include "sl-model.h"
#include "sl-rescreen.h"
#include "sl-screening.h"
#include "sl-store-models.h"
#include "sl-trainer.h"

#include "sl-cli.h"

/* Reports errors of the training modules with their own stable codes. */
static int
fail_error (SlCli        *cli,
            const GError *error)
{
  const char *code = NULL;
  int status = SL_CLI_EXIT_FAILED;

  if (error->domain == SL_TRAINER_ERROR)
    {
      code = error->code == SL_TRAINER_ERROR_NOT_READY ? "not_ready" : "training_failed";
      if (error->code != SL_TRAINER_ERROR_FAILED)
        status = SL_CLI_EXIT_USAGE;
    }
  else if (error->domain == SL_CSV_ERROR)
    {
      code = "invalid_csv";
      status = SL_CLI_EXIT_USAGE;
    }
  else if (error->domain == SL_MODEL_ERROR)
    code = "invalid_model";
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    code = "cancelled";

  if (code == NULL)
    return sl_cli_fail_error (cli, error);
  return sl_cli_fail (cli, status, code, "%s", error->message);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return dt != NULL ? g_date_time_format_iso8601 (dt) : g_strdup ("");
}

static void
add_double_member (JsonBuilder *builder,
                   const char  *name,
                   double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static gboolean
no_more_arguments (SlCli  *cli,
                   int     argc,
                   char  **argv,
                   int     expected,
                   int    *status)
{
  if (argc > expected)
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Unexpected argument “%s”"),
                             argv[expected]);
      return FALSE;
    }
  return TRUE;
}

/* review RESULT_ID --decision shortlist|reject [--notes TEXT] */
int
sl_cli_review_run (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *decision = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("RESULT_ID — record a person’s decision on a screening result"));
  g_autoptr(GError) error = NULL;
  SlStore *store;
  gint64 screening_id;
  gint64 review_id;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "decision", 'd', 0, G_OPTION_ARG_STRING, &decision, N_("shortlist or reject (required)"), N_("DECISION") },
    { "notes", 'n', 0, G_OPTION_ARG_STRING, &notes, N_("A note kept with the review"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli review RESULT_ID --decision shortlist|reject [--notes TEXT]"));
  if (!no_more_arguments (cli, argc, argv, 2, &status) ||
      !sl_cli_parse_id (cli, argv[1], _("screening result"), &screening_id, &status))
    return status;
  if (g_strcmp0 (decision, "shortlist") != 0 && g_strcmp0 (decision, "reject") != 0)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Give --decision shortlist or --decision reject"));

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(review_id = sl_store_review_screening (store, screening_id, decision, notes, &error)))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "review_id");
      json_builder_add_int_value (builder, review_id);
      json_builder_set_member_name (builder, "result_id");
      json_builder_add_int_value (builder, screening_id);
      json_builder_set_member_name (builder, "decision");
      json_builder_add_string_value (builder, decision);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Recorded “%s” for result %" G_GINT64_FORMAT),
                  decision, screening_id);
  return SL_CLI_EXIT_OK;
}

static gboolean
parse_threshold (SlCli  *cli,
                 int     value,
                 guint  *threshold,
                 int    *status)
{
  if (value < 0)
    {
      *threshold = SL_TRAINING_DEFAULT_THRESHOLD;
      return TRUE;
    }
  if (value < 1 || value > 1000000)
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                             _("The number of samples must lie between 1 and 1,000,000"));
      return FALSE;
    }
  *threshold = value;
  return TRUE;
}

/* training-status [--threshold N] */
int
sl_cli_training_status_run (SlCli  *cli,
                            int     argc,
                            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— how far the training data has come"));
  g_autoptr(GError) error = NULL;
  SlTrainingStatus ts;
  SlStore *store;
  guint threshold;
  int threshold_arg = -1;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "threshold", 't', 0, G_OPTION_ARG_INT, &threshold_arg,
      N_("Samples needed before training (default 100)"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status) ||
      !no_more_arguments (cli, argc, argv, 1, &status) ||
      !parse_threshold (cli, threshold_arg, &threshold, &status))
    return status;

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_get_training_status (store, threshold, &ts, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "total_samples");
      json_builder_add_int_value (builder, ts.total_samples);
      json_builder_set_member_name (builder, "positive_samples");
      json_builder_add_int_value (builder, ts.positive_samples);
      json_builder_set_member_name (builder, "negative_samples");
      json_builder_add_int_value (builder, ts.negative_samples);
      json_builder_set_member_name (builder, "ready_for_training");
      json_builder_add_boolean_value (builder, ts.ready_for_training);
      json_builder_set_member_name (builder, "samples_needed");
      json_builder_add_int_value (builder, ts.samples_needed);
      json_builder_set_member_name (builder, "threshold");
      json_builder_add_int_value (builder, ts.threshold);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
      return SL_CLI_EXIT_OK;
    }

  sl_cli_print (cli, _("Reviewed samples: %u (%u shortlisted, %u rejected)"),
                ts.total_samples, ts.positive_samples, ts.negative_samples);
  sl_cli_print (cli, _("New since the last model: %u"), ts.new_samples);
  if (ts.ready_for_training)
    sl_cli_print (cli, _("Ready for training (threshold %u)"), ts.threshold);
  else
    sl_cli_print (cli, _("Not ready: %u more samples needed (threshold %u), with both decisions"),
                  ts.samples_needed, ts.threshold);
  if (ts.imbalanced)
    sl_cli_print (cli, "%s", _("Warning: the classes are imbalanced (shortlisted outside 40–60 %)"));
  return SL_CLI_EXIT_OK;
}

/* Screens the open jobs again with the model that is active now, unless
 * told not to; *rescreened is −1 when skipped. */
static gboolean
rescreen (SlCli    *cli,
          SlStore  *store,
          gboolean  skip,
          int      *rescreened,
          int      *status)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  *rescreened = -1;
  if (skip)
    return TRUE;
  if (!sl_rescreen_open_jobs (store, NULL, NULL, NULL, &n, NULL, &error))
    {
      *status = sl_cli_fail (cli, SL_CLI_EXIT_FAILED, "rescreen_failed",
                             _("The model is active, but re-screening the open jobs failed: %s"),
                             error->message);
      return FALSE;
    }
  *rescreened = n;
  if (!sl_cli_get_json (cli) && n > 0)
    sl_cli_print (cli, g_dngettext (GETTEXT_PACKAGE, "Re-screened %u open job",
                                    "Re-screened %u open jobs", n), n);
  return TRUE;
}

static void
add_rescreened_member (JsonBuilder *builder,
                       int          rescreened)
{
  json_builder_set_member_name (builder, "rescreened");
  if (rescreened >= 0)
    json_builder_add_int_value (builder, rescreened);
  else
    json_builder_add_null_value (builder);
}

/* train [--dry-run] [--force] [--min-samples N] [--kind logreg|mlp] [--seed S] [--margin M] */
int
sl_cli_train_run (SlCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_autofree char *kind_text = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (_("— train a new model version"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainer) trainer = NULL;
  g_autoptr(SlTrainingOutcome) outcome = NULL;
  SlTrainingOptions options;
  SlTrainingStatus ts;
  SlModelKind kind = SL_MODEL_KIND_LOGREG;
  SlStore *store;
  gboolean dry_run = FALSE;
  gboolean force = FALSE;
  gboolean no_rescreen = FALSE;
  int rescreened = -1;
  int min_samples = -1;
  int seed = 42;
  double margin = 0.01;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only report whether training would run"), NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Train even below the sample threshold"), NULL },
    { "min-samples", 'm', 0, G_OPTION_ARG_INT, &min_samples,
      N_("Samples needed before training (default 100)"), N_("N") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_text, N_("logreg (default) or mlp"), N_("KIND") },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Seed of the split and the optimiser (42)"), N_("S") },
    { "margin", 0, 0, G_OPTION_ARG_DOUBLE, &margin,
      N_("ROC AUC a new model must gain to replace the active one (0.01)"), N_("M") },
    { "no-rescreen", 0, 0, G_OPTION_ARG_NONE, &no_rescreen,
      N_("Leave the open jobs' results as they are"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status) ||
      !no_more_arguments (cli, argc, argv, 1, &status))
    return status;
  sl_training_options_init (&options);
  if (!parse_threshold (cli, min_samples, &options.threshold, &status))
    return status;
  if (kind_text != NULL && !sl_model_kind_from_string (kind_text, &kind))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("The kind must be “logreg” or “mlp”, not “%s”"), kind_text);
  if (!(margin >= 0 && margin <= 1))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("The margin must lie between 0 and 1"));
  if (seed < 0)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("The seed must not be negative"));
  options.force = force;
  options.margin = margin;

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_get_training_status (store, options.threshold, &ts, &error))
    return sl_cli_fail_error (cli, error);

  if (dry_run)
    {
      gboolean would_train = (ts.ready_for_training || force) &&
                             ts.positive_samples >= 2 && ts.negative_samples >= 2;
      const char *reason;

      if (would_train)
        reason = ts.ready_for_training ? _("Enough samples to train") : _("Forced below the threshold");
      else if (ts.total_samples < options.threshold && !force)
        reason = _("Not enough reviewed samples");
      else
        reason = _("Training needs at least two shortlisted and two rejected samples");

      if (sl_cli_get_json (cli))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "would_train");
          json_builder_add_boolean_value (builder, would_train);
          json_builder_set_member_name (builder, "samples");
          json_builder_add_int_value (builder, ts.total_samples);
          json_builder_set_member_name (builder, "threshold");
          json_builder_add_int_value (builder, ts.threshold);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, sl_model_kind_to_string (kind));
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, reason);
          json_builder_end_object (builder);
          sl_cli_print_json (cli, json_builder_get_root (builder));
        }
      else
        sl_cli_print (cli, "%s: %s", would_train ? _("Would train") : _("Would not train"), reason);
      return SL_CLI_EXIT_OK;
    }

  if (ts.total_samples < options.threshold && !force)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "not_ready",
                        _("Not enough reviewed samples to train: %u of %u. Review %u more, "
                          "or use --force (with --min-samples to change the threshold)."),
                        ts.total_samples, options.threshold, ts.samples_needed);

  trainer = sl_trainer_new (kind);
  sl_trainer_set_seed (trainer, seed);
  if (!(outcome = sl_trainer_train_from_store (trainer, store, &options, NULL, &error)))
    return fail_error (cli, error);
  if (outcome->activated && !rescreen (cli, store, no_rescreen, &rescreened, &status))
    return status;

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, outcome->version_id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, sl_model_kind_to_string (outcome->kind));
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, outcome->samples);
      json_builder_set_member_name (builder, "metrics");
      json_builder_begin_object (builder);
      add_double_member (builder, "accuracy", outcome->metrics->accuracy);
      add_double_member (builder, "precision", outcome->metrics->precision);
      add_double_member (builder, "recall", outcome->metrics->recall);
      add_double_member (builder, "f1", outcome->metrics->f1);
      add_double_member (builder, "roc_auc", outcome->metrics->roc_auc);
      add_double_member (builder, "log_loss", outcome->metrics->log_loss);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "activated");
      json_builder_add_boolean_value (builder, outcome->activated);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, outcome->reason);
      add_rescreened_member (builder, rescreened);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    {
      sl_cli_print (cli, _("Trained version %" G_GINT64_FORMAT " (%s) on %" G_GSIZE_FORMAT " samples"),
                    outcome->version_id, sl_model_kind_to_string (outcome->kind), outcome->samples);
      sl_cli_print (cli, _("ROC AUC %.4f, accuracy %.4f, F1 %.4f (%s)"),
                    outcome->metrics->roc_auc, outcome->metrics->accuracy, outcome->metrics->f1,
                    outcome->evaluation);
      sl_cli_print (cli, "%s: %s", outcome->activated ? _("Activated") : _("Not activated"),
                    outcome->reason);
    }
  return SL_CLI_EXIT_OK;
}

static JsonNode *
version_to_json (SlModelVersion *version,
                 gboolean        full)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *created = format_time (version->created_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, version->kind);
  json_builder_set_member_name (builder, "active");
  json_builder_add_boolean_value (builder, version->active);
  json_builder_set_member_name (builder, "shadow");
  json_builder_add_boolean_value (builder, version->shadow);
  json_builder_set_member_name (builder, "parent");
  if (version->parent_id > 0)
    json_builder_add_int_value (builder, version->parent_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, version->reason);

  /* The stored metrics are JSON already; the list leaves out the ROC curve. */
  if (json_parser_load_from_data (parser, version->metrics_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonNode *metrics = json_node_copy (json_parser_get_root (parser));

      if (!full)
        json_object_remove_member (json_node_get_object (metrics), "roc");
      json_builder_set_member_name (builder, "metrics");
      json_builder_add_value (builder, metrics);
    }
  if (full)
    {
      g_autoptr(JsonParser) spec = json_parser_new ();

      if (json_parser_load_from_data (spec, version->feature_spec, -1, NULL))
        {
          json_builder_set_member_name (builder, "feature_spec");
          json_builder_add_value (builder, json_node_copy (json_parser_get_root (spec)));
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static int
models_list (SlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the model versions, newest first"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  SlStore *store;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status) ||
      !no_more_arguments (cli, argc, argv, 1, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(versions = sl_store_list_model_versions (store, &error)))
    return sl_cli_fail_error (cli, error);

  for (guint i = 0; i < versions->len; i++)
    {
      SlModelVersion *version = g_ptr_array_index (versions, i);

      if (sl_cli_get_json (cli))
        sl_cli_print_json (cli, version_to_json (version, FALSE));
      else
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autofree char *created = format_time (version->created_at);
          double auc = NAN;

          if (json_parser_load_from_data (parser, version->metrics_json, -1, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            auc = json_object_get_double_member_with_default (
              json_node_get_object (json_parser_get_root (parser)), "roc_auc", NAN);
          sl_cli_print (cli, "%4" G_GINT64_FORMAT "  %-6s  %s  AUC %.4f  %s%s",
                        version->id, version->kind, created, auc,
                        version->active ? _("active") : "",
                        version->shadow ? _("shadow") : "");
        }
    }
  if (versions->len == 0 && !sl_cli_get_json (cli))
    sl_cli_print (cli, "%s", _("No model versions yet. Review results, then run “shortlist-cli train”."));
  return SL_CLI_EXIT_OK;
}

static int
models_show (SlCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("VERSION — show a model version"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModelVersion) version = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  SlStore *store;
  gint64 id;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli models show VERSION"));
  if (!no_more_arguments (cli, argc, argv, 2, &status) ||
      !sl_cli_parse_id (cli, argv[1], _("model version"), &id, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(version = sl_store_get_model_version (store, id, &error)))
    return sl_cli_fail_error (cli, error);

  node = version_to_json (version, TRUE);
  if (sl_cli_get_json (cli))
    {
      sl_cli_print_json (cli, g_steal_pointer (&node));
      return SL_CLI_EXIT_OK;
    }
  text = json_to_string (node, TRUE);
  sl_cli_print (cli, "%s", text);
  return SL_CLI_EXIT_OK;
}

static void
print_active (SlCli       *cli,
              const char  *action,
              gint64       version_id,
              int          rescreened)
{
  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, action);
      json_builder_set_member_name (builder, "active");
      json_builder_add_int_value (builder, version_id);
      add_rescreened_member (builder, rescreened);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Version %" G_GINT64_FORMAT " is now active"), version_id);
}

static int
models_activate (SlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("VERSION — make a model version the active one"));
  g_autoptr(GError) error = NULL;
  SlStore *store;
  gint64 id;
  gboolean no_rescreen = FALSE;
  int rescreened;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "no-rescreen", 0, 0, G_OPTION_ARG_NONE, &no_rescreen,
      N_("Leave the open jobs' results as they are"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli models activate VERSION"));
  if (!no_more_arguments (cli, argc, argv, 2, &status) ||
      !sl_cli_parse_id (cli, argv[1], _("model version"), &id, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_activate_model_version (store, id, _("Activated by hand"), &error))
    return sl_cli_fail_error (cli, error);
  if (!rescreen (cli, store, no_rescreen, &rescreened, &status))
    return status;
  print_active (cli, "activate", id, rescreened);
  return SL_CLI_EXIT_OK;
}

static int
models_rollback (SlCli  *cli,
                 int     argc,
                 char  **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— go back to the version that was active before"));
  g_autoptr(GError) error = NULL;
  SlStore *store;
  gint64 id;
  gboolean no_rescreen = FALSE;
  int rescreened;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "no-rescreen", 0, 0, G_OPTION_ARG_NONE, &no_rescreen,
      N_("Leave the open jobs' results as they are"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status) ||
      !no_more_arguments (cli, argc, argv, 1, &status))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(id = sl_store_rollback_model (store, &error)))
    return sl_cli_fail_error (cli, error);
  if (!rescreen (cli, store, no_rescreen, &rescreened, &status))
    return status;
  print_active (cli, "rollback", id, rescreened);
  return SL_CLI_EXIT_OK;
}

static int
models_shadow (SlCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("VERSION|--off — score new screenings with a second model too"));
  g_autoptr(GError) error = NULL;
  SlStore *store;
  gboolean off = FALSE;
  gint64 id = 0;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "off", 0, 0, G_OPTION_ARG_NONE, &off, N_("Stop shadow mode"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if ((argc < 2) == !off)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli models shadow VERSION|--off"));
  if (!off && (!no_more_arguments (cli, argc, argv, 2, &status) ||
               !sl_cli_parse_id (cli, argv[1], _("model version"), &id, &status)))
    return status;
  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_set_shadow_model (store, id, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      SlShadowStats stats;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "shadow");
      if (id > 0)
        json_builder_add_int_value (builder, id);
      else
        json_builder_add_null_value (builder);
      if (id > 0 && sl_store_get_shadow_stats (store, id, &stats, NULL))
        {
          json_builder_set_member_name (builder, "compared");
          json_builder_add_int_value (builder, stats.compared);
          json_builder_set_member_name (builder, "agreed");
          json_builder_add_int_value (builder, stats.agreed);
        }
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else if (id > 0)
    sl_cli_print (cli, _("Version %" G_GINT64_FORMAT " now runs in shadow"), id);
  else
    sl_cli_print (cli, "%s", _("Shadow mode is off"));
  return SL_CLI_EXIT_OK;
}

int
sl_cli_models_run (SlCli  *cli,
                   int     argc,
                   char  **argv)
{
  static const SlCliCommand subcommands[] = {
    { "list",     N_("List the model versions"),                  models_list },
    { "show",     N_("Show a version with its metrics"),          models_show },
    { "activate", N_("Make a version the active one"),            models_activate },
    { "rollback", N_("Go back to the previously active version"), models_rollback },
    { "shadow",   N_("Run a version in shadow, or --off"),        models_shadow },
  };

  return sl_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                          _("Usage: shortlist-cli models list|show|activate|rollback|shadow …"));
}

/* export-training FILE.csv [--days N] [--min-confidence X] [--job ID] */
int
sl_cli_export_training_run (SlCli  *cli,
                            int     argc,
                            char  **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.csv — write the training data as CSV"));
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainingSet) set = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  SlTrainingFilter filter = { 0 };
  SlStore *store;
  int days = 0;
  double min_confidence = 0;
  gint64 job_id = 0;
  g_autofree char *job_text = NULL;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Only reviews of the last N days"), N_("N") },
    { "min-confidence", 0, 0, G_OPTION_ARG_DOUBLE, &min_confidence,
      N_("Only samples the machine scored with at least this confidence, 0–1"), N_("X") },
    { "job", 'j', 0, G_OPTION_ARG_STRING, &job_text, N_("Only this job’s reviews"), N_("ID") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Usage: shortlist-cli export-training FILE.csv [--days N] [--min-confidence X] [--job ID]"));
  if (!no_more_arguments (cli, argc, argv, 2, &status))
    return status;
  if (days < 0 || days > 100000)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--days must be a positive number of days"));
  if (!(min_confidence >= 0 && min_confidence <= 1))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--min-confidence must lie between 0 and 1"));
  if (job_text != NULL && !sl_cli_parse_id (cli, job_text, _("job"), &job_id, &status))
    return status;

  filter.since = days > 0 ? g_get_real_time () / G_USEC_PER_SEC - (gint64)days * 86400 : 0;
  filter.min_confidence = min_confidence;
  filter.job_id = job_id;

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!(set = sl_store_load_training_set (store, &filter, &error)))
    return sl_cli_fail_error (cli, error);

  g_string_append (out, "job_id,candidate_id,label,reviewed_at");
  for (gsize j = 0; j < set->d; j++)
    g_string_append_printf (out, ",f%" G_GSIZE_FORMAT, j);
  g_string_append (out, "\r\n");
  for (gsize i = 0; i < set->n; i++)
    {
      g_autofree char *reviewed = format_time (set->reviewed_at[i]);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (set->job_ids[i] > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, set->job_ids[i]);
      g_string_append_c (out, ',');
      if (set->candidate_ids[i] > 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, set->candidate_ids[i]);
      g_string_append_printf (out, ",%u,", set->y[i]);
      g_string_append (out, reviewed);
      for (gsize j = 0; j < set->d; j++)
        {
          g_string_append_c (out, ',');
          g_string_append (out, g_ascii_formatd (number, sizeof number, "%.9g", set->x[i * set->d + j]));
        }
      g_string_append (out, "\r\n");
    }

  if (!g_file_set_contents (argv[1], out->str, out->len, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, set->n);
      json_builder_set_member_name (builder, "features");
      json_builder_add_int_value (builder, set->d);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Wrote %" G_GSIZE_FORMAT " samples to %s"), set->n, argv[1]);
  return SL_CLI_EXIT_OK;
}

static int
find_column (char       **header,
             const char  *const *names)
{
  for (int i = 0; header[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_ascii_strdown (header[i], -1));

      if (g_strv_contains (names, name))
        return i;
    }
  return -1;
}

static const char *
parse_decision (const char *text)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  g_strstrip (lower);
  if (g_str_equal (lower, "shortlist") || g_str_equal (lower, "1") || g_str_equal (lower, "yes"))
    return "shortlist";
  if (g_str_equal (lower, "reject") || g_str_equal (lower, "0") || g_str_equal (lower, "no"))
    return "reject";
  return NULL;
}

/* import-training FILE.csv: columns job, candidate id or resume file, decision. */
int
sl_cli_import_training_run (SlCli  *cli,
                            int     argc,
                            char  **argv)
{
  static const char * const job_names[] = { "job", "job_id", NULL };
  static const char * const candidate_names[] = { "candidate", "candidate_id", NULL };
  static const char * const resume_names[] = { "resume", "resume_file", "file", NULL };
  static const char * const decision_names[] = { "decision", "label", NULL };
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("FILE.csv — import labelled decisions (job, candidate id or resume file, decision)"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GArray) imports = g_array_new (FALSE, TRUE, sizeof (SlTrainingImportRow));
  char **header;
  SlStore *store;
  int job_col;
  int candidate_col;
  int resume_col;
  int decision_col;
  guint with_features = 0;
  int status = SL_CLI_EXIT_OK;

  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("Usage: shortlist-cli import-training FILE.csv"));
  if (!no_more_arguments (cli, argc, argv, 2, &status))
    return status;

  if (!(rows = sl_csv_parse_file (argv[1], NULL, &error)))
    return fail_error (cli, error);

  header = g_ptr_array_index (rows, 0);
  job_col = find_column (header, job_names);
  candidate_col = find_column (header, candidate_names);
  resume_col = find_column (header, resume_names);
  decision_col = find_column (header, decision_names);
  if (job_col < 0 || decision_col < 0 || (candidate_col < 0 && resume_col < 0))
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_csv",
                        _("The header must name the columns job, candidate_id or resume_file, and decision"));

  /* Validate every row before touching the database. */
  for (guint i = 1; i < rows->len; i++)
    {
      char **fields = g_ptr_array_index (rows, i);
      SlTrainingImportRow row = { 0 };
      guint64 value;
      const char *candidate_text = candidate_col >= 0 ? g_strstrip (fields[candidate_col]) : "";

      row.line = i + 1;
      if (!g_ascii_string_to_unsigned (g_strstrip (fields[job_col]), 10, 1, G_MAXINT64, &value, NULL))
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_csv",
                            _("Line %u: “%s” is not a job number"), row.line, fields[job_col]);
      row.job_id = value;
      if (candidate_text[0] != '\0')
        {
          if (!g_ascii_string_to_unsigned (candidate_text, 10, 1, G_MAXINT64, &value, NULL))
            return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_csv",
                                _("Line %u: “%s” is not a candidate number"), row.line, candidate_text);
          row.candidate_id = value;
        }
      else if (resume_col >= 0 && g_strstrip (fields[resume_col])[0] != '\0')
        row.resume_file = fields[resume_col];
      else
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_csv",
                            _("Line %u names neither a candidate nor a resume file"), row.line);
      if (!(row.decision = parse_decision (fields[decision_col])))
        return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "invalid_csv",
                            _("Line %u: the decision must be shortlist or reject (or 1 or 0), not “%s”"),
                            row.line, fields[decision_col]);
      g_array_append_val (imports, row);
    }

  if (!(store = sl_cli_get_store (cli)))
    return SL_CLI_EXIT_FAILED;
  if (!sl_store_import_reviews (store, (const SlTrainingImportRow *)(gconstpointer)imports->data,
                                imports->len, &with_features, &error))
    return sl_cli_fail_error (cli, error);

  if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "imported");
      json_builder_add_int_value (builder, imports->len);
      json_builder_set_member_name (builder, "with_features");
      json_builder_add_int_value (builder, with_features);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    sl_cli_print (cli, _("Imported %u decisions; %u have screening features and can train now"),
                  imports->len, with_features);
  return SL_CLI_EXIT_OK;
}

typedef struct
{
  GRand    *rand;
  gboolean  have_spare;
  double    spare;
} Normal;

/* A standard normal draw, by Box–Muller pairs. */
static double
normal_next (Normal *normal)
{
  double u1;
  double u2;
  double r;

  if (normal->have_spare)
    {
      normal->have_spare = FALSE;
      return normal->spare;
    }
  u1 = 1.0 - g_rand_double (normal->rand);
  u2 = g_rand_double (normal->rand);
  r = sqrt (-2.0 * log (u1));
  normal->spare = r * sin (2 * G_PI * u2);
  normal->have_spare = TRUE;
  return r * cos (2 * G_PI * u2);
}

/* Deterministic synthetic data: standard normal features, a label from a
 * known sparse linear signal plus Gaussian noise. */
static void
synthesise (gsize    n,
            gsize    d,
            guint32  seed,
            float   *x,
            guint8  *y)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree double *w = g_new0 (double, d);
  gsize informative = MAX (d / 4, 1);
  Normal normal = { rand, FALSE, 0 };
  double norm = 0;

  for (gsize j = 0; j < informative; j++)
    {
      w[j] = normal_next (&normal);
      norm += w[j] * w[j];
    }
  norm = sqrt (norm);
  for (gsize i = 0; i < n; i++)
    {
      double signal = 0;

      for (gsize j = 0; j < d; j++)
        {
          x[i * d + j] = normal_next (&normal);
          signal += w[j] * x[i * d + j];
        }
      /* Signal of standard deviation 2 against noise of 1. */
      y[i] = 2.0 * signal / norm + normal_next (&normal) > 0;
    }
}

static gboolean
write_bench_data (const char    *path,
                  const float   *x,
                  const guint8  *y,
                  gsize          n,
                  gsize          d,
                  const guint8  *is_test,
                  GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (n * d * 11 + 64);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  for (gsize j = 0; j < d; j++)
    g_string_append_printf (out, "f%" G_GSIZE_FORMAT ",", j);
  g_string_append (out, "label,split\r\n");
  for (gsize i = 0; i < n; i++)
    {
      for (gsize j = 0; j < d; j++)
        {
          g_string_append (out, g_ascii_formatd (number, sizeof number, "%.7g", x[i * d + j]));
          g_string_append_c (out, ',');
        }
      g_string_append_printf (out, "%u,%s\r\n", y[i], is_test[i] ? "test" : "train");
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

/* bench train [--samples N] [--features F] [--seed S] [--repeat R] [--write-data FILE.csv] [--cv]
 * Each trainer's time is the best of R runs: the machine is shared, and the
 * fastest run is the one least disturbed. Every run gives the same model. */
int
sl_cli_bench_train (SlCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("— time both trainers on deterministic synthetic data"));
  g_autoptr(GError) error = NULL;
  g_autofree char *write_data = NULL;
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autofree guint8 *is_test = NULL;
  g_autofree float *train_x = NULL;
  g_autofree guint8 *train_y = NULL;
  g_autofree float *test_x = NULL;
  g_autofree guint8 *test_y = NULL;
  g_autofree float *probs = NULL;
  g_autoptr(GArray) train = NULL;
  g_autoptr(GArray) test = NULL;
  struct rusage usage;
  double seconds[3];
  double auc[3];
  double chosen_l2 = 0;
  gboolean cv = FALSE;
  int samples = 10000;
  int features = 800;
  int seed = 1;
  int repeat = 1;
  int status = SL_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, N_("Time the best of R runs (1)"), N_("R") },
    { "samples", 'n', 0, G_OPTION_ARG_INT, &samples, N_("Number of samples (10000)"), N_("N") },
    { "features", 'f', 0, G_OPTION_ARG_INT, &features, N_("Number of features (800)"), N_("F") },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, N_("Seed of the data (1)"), N_("S") },
    { "write-data", 'w', 0, G_OPTION_ARG_FILENAME, &write_data,
      N_("Also write the data set as CSV: features, label, split"), N_("FILE.csv") },
    { "cv", 0, 0, G_OPTION_ARG_NONE, &cv,
      N_("Time training as the app runs it, with the penalty chosen by cross-validation"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sl_cli_parse_options (cli, context, &argc, &argv, &status) ||
      !no_more_arguments (cli, argc, argv, 1, &status))
    return status;
  if (samples < 20 || samples > 1000000 || features < 1 || features > 10000 ||
      (gint64)samples * features > 200000000)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("Use 20 to 1,000,000 samples and 1 to 10,000 features, at most 200 million values"));
  if (seed < 0)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("The seed must not be negative"));
  if (repeat < 1 || repeat > 100)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage", _("--repeat must lie between 1 and 100"));
  if (cv && features <= SL_SCREENING_N_SCALAR_FEATURES)
    return sl_cli_fail (cli, SL_CLI_EXIT_USAGE, "usage",
                        _("--cv needs more features than the screening's %d"),
                        SL_SCREENING_N_SCALAR_FEATURES);

  x = g_new (float, (gsize)samples * features);
  y = g_new (guint8, samples);
  is_test = g_new0 (guint8, samples);
  synthesise (samples, features, seed, x, y);
  sl_metrics_stratified_split (y, samples, 0.2, seed, &train, &test);
  for (guint i = 0; i < test->len; i++)
    is_test[g_array_index (test, guint, i)] = 1;

  if (write_data != NULL && !write_bench_data (write_data, x, y, samples, features, is_test, &error))
    return sl_cli_fail_error (cli, error);

  train_x = g_new (float, (gsize)train->len * features);
  train_y = g_new (guint8, train->len);
  test_x = g_new (float, (gsize)test->len * features);
  test_y = g_new (guint8, test->len);
  for (guint i = 0, a = 0, b = 0; i < (guint)samples; i++)
    {
      if (is_test[i])
        {
          memcpy (test_x + (gsize)b * features, x + (gsize)i * features, features * sizeof (float));
          test_y[b++] = y[i];
        }
      else
        {
          memcpy (train_x + (gsize)a * features, x + (gsize)i * features, features * sizeof (float));
          train_y[a++] = y[i];
        }
    }
  probs = g_new (float, test->len);

  if (cv)
    {
      /* The training a user runs (on 10,000 reviews by default): the app's settings
       * (class weights on), logistic regression with the screening block
       * penalised apart and the interaction block's penalty chosen by
       * cross-validation, against one fit at the chosen penalty. */
      g_autoptr(SlTrainer) logreg = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlTrainer) single = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlTrainer) mlp = sl_trainer_new (SL_MODEL_KIND_MLP);
      SlTrainer *trainers[3] = { logreg, single, mlp };

      sl_trainer_use_store_penalties (logreg, SL_SCREENING_N_SCALAR_FEATURES);
      for (int k = 0; k < 3; k++)
        {
          g_autoptr(SlModel) model = NULL;

          sl_trainer_set_seed (trainers[k], seed);
          if (k == 1)
            {
              chosen_l2 = sl_trainer_get_last_l2 (logreg);
              sl_trainer_set_leading_block (single, SL_SCREENING_N_SCALAR_FEATURES,
                                            SL_TRAINER_DEFAULT_L2_LEADING);
              sl_trainer_set_l2 (single, chosen_l2);
            }
          seconds[k] = INFINITY;
          for (int r = 0; r < repeat; r++)
            {
              gint64 start = g_get_monotonic_time ();

              g_clear_object (&model);
              if (!(model = sl_trainer_fit (trainers[k], train_x, train_y, train->len, features,
                                            NULL, &error)))
                return fail_error (cli, error);
              seconds[k] = MIN (seconds[k], (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
            }
          sl_model_predict_proba_batch (model, test_x, test->len, probs);
          auc[k] = sl_metrics_roc_auc (probs, test_y, test->len);
        }
    }
  for (int k = 0; !cv && k < 2; k++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (k == 0 ? SL_MODEL_KIND_LOGREG : SL_MODEL_KIND_MLP);
      g_autoptr(SlModel) model = NULL;

      /* Like scikit-learn's defaults: no class weights, C = 1 or alpha = 1e-4. */
      sl_trainer_set_class_weights (trainer, FALSE);
      sl_trainer_set_seed (trainer, seed);
      seconds[k] = INFINITY;
      for (int r = 0; r < repeat; r++)
        {
          gint64 start = g_get_monotonic_time ();

          g_clear_object (&model);
          if (!(model = sl_trainer_fit (trainer, train_x, train_y, train->len, features, NULL, &error)))
            return fail_error (cli, error);
          seconds[k] = MIN (seconds[k], (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
        }
      sl_model_predict_proba_batch (model, test_x, test->len, probs);
      auc[k] = sl_metrics_roc_auc (probs, test_y, test->len);
      g_debug ("%s: %u iterations", sl_model_kind_to_string (k == 0 ? SL_MODEL_KIND_LOGREG : SL_MODEL_KIND_MLP),
               sl_trainer_get_last_iterations (trainer));
    }

  getrusage (RUSAGE_SELF, &usage);
  if (cv && sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, samples);
      json_builder_set_member_name (builder, "features");
      json_builder_add_int_value (builder, features);
      add_double_member (builder, "logreg_cv_s", seconds[0]);
      add_double_member (builder, "logreg_cv_auc", auc[0]);
      add_double_member (builder, "logreg_cv_l2", chosen_l2);
      add_double_member (builder, "logreg_single_s", seconds[1]);
      add_double_member (builder, "logreg_single_auc", auc[1]);
      add_double_member (builder, "mlp_s", seconds[2]);
      add_double_member (builder, "mlp_auc", auc[2]);
      add_double_member (builder, "peak_rss_mb", usage.ru_maxrss / 1024.0);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else if (cv)
    {
      sl_cli_print (cli, _("%d samples × %d features, as the app trains"), samples, features);
      sl_cli_print (cli, _("logistic regression with cross-validation: %.3f s (l2 %g chosen), hold-out ROC AUC %.4f"),
                    seconds[0], chosen_l2, auc[0]);
      sl_cli_print (cli, _("logistic regression, one fit at that l2: %.3f s, hold-out ROC AUC %.4f"),
                    seconds[1], auc[1]);
      sl_cli_print (cli, _("MLP: %.3f s, hold-out ROC AUC %.4f"), seconds[2], auc[2]);
      sl_cli_print (cli, _("peak memory: %.1f MiB"), usage.ru_maxrss / 1024.0);
    }
  else if (sl_cli_get_json (cli))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "samples");
      json_builder_add_int_value (builder, samples);
      json_builder_set_member_name (builder, "features");
      json_builder_add_int_value (builder, features);
      add_double_member (builder, "logreg_s", seconds[0]);
      add_double_member (builder, "logreg_auc", auc[0]);
      add_double_member (builder, "mlp_s", seconds[1]);
      add_double_member (builder, "mlp_auc", auc[1]);
      add_double_member (builder, "peak_rss_mb", usage.ru_maxrss / 1024.0);
      json_builder_end_object (builder);
      sl_cli_print_json (cli, json_builder_get_root (builder));
    }
  else
    {
      sl_cli_print (cli, _("%d samples × %d features"), samples, features);
      sl_cli_print (cli, _("logistic regression: %.3f s, hold-out ROC AUC %.4f"), seconds[0], auc[0]);
      sl_cli_print (cli, _("MLP: %.3f s, hold-out ROC AUC %.4f"), seconds[1], auc[1]);
      sl_cli_print (cli, _("peak memory: %.1f MiB"), usage.ru_maxrss / 1024.0);
    }
  return SL_CLI_EXIT_OK;
}
