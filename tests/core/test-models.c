#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-model.h"
#include "sl-screening.h"
#include "sl-store-models.h"
#include "sl-trainer.h"

#define N_FEATURES 4

typedef struct
{
  char    *dir;
  SlStore *store;
  gint64   job_id;
  gint64   other_job_id;
  GArray  *candidates;   /* gint64 */
} Fixture;

static gint64
add_job (SlStore    *store,
         const char *title)
{
  g_autoptr(SlJob) job = sl_job_new (title);
  g_autoptr(GError) error = NULL;

  sl_job_set_description (job, "A job");
  sl_store_add_job (store, job, &error);
  g_assert_no_error (error);
  return sl_job_get_id (job);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("test-models-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "shortlist.db", NULL);
  fixture->store = sl_store_new (path, &error);
  g_assert_no_error (error);
  fixture->job_id = add_job (fixture->store, "Data engineer");
  fixture->other_job_id = add_job (fixture->store, "Nurse");
  fixture->candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "shortlist.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  /* Deliver the pending "changed" emissions, which hold a reference. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
  g_array_unref (fixture->candidates);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gint64
add_candidate (Fixture *fixture)
{
  g_autofree char *name = g_strdup_printf ("Candidate %u", fixture->candidates->len);
  g_autoptr(SlCandidate) candidate = sl_candidate_new (name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  sl_store_add_candidate (fixture->store, candidate, &error);
  g_assert_no_error (error);
  id = sl_candidate_get_id (candidate);
  g_array_append_val (fixture->candidates, id);
  return id;
}

/* A screening whose features carry a signal: feature 0 is high for good
 * candidates, the others are noise. */
static gint64
add_screening (Fixture  *fixture,
               gint64    job_id,
               gboolean  good,
               GRand    *rand,
               double    classifier,
               double    shadow_classifier,
               gint64    shadow_model_id)
{
  SlScreeningRecord record = { 0 };
  float features[N_FEATURES];
  g_autoptr(GError) error = NULL;
  gint64 id;

  features[0] = (good ? 1.0 : -1.0) + g_rand_double_range (rand, -1.5, 1.5);
  for (guint j = 1; j < N_FEATURES; j++)
    features[j] = g_rand_double_range (rand, -1, 1);

  record.job_id = job_id;
  record.candidate_id = add_candidate (fixture);
  record.score = good ? 70 : 30;
  record.similarity = 0.5;
  record.decision = good ? "shortlist" : "reject";
  record.threshold = 50;
  record.embedder = "test";
  record.classifier = classifier;
  record.shadow_classifier = shadow_classifier;
  record.shadow_model_id = shadow_model_id;
  record.features = features;
  record.n_features = N_FEATURES;
  id = sl_store_add_screening (fixture->store, &record, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* n reviewed samples, half of them good, the human agreeing with the signal. */
static void
add_reviewed (Fixture *fixture,
              guint    n,
              guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean good = i % 2 == 0;
      gint64 screening = add_screening (fixture, fixture->job_id, good, rand, NAN, NAN, 0);

      g_assert_cmpint (sl_store_review_screening (fixture->store, screening,
                                                  good ? "shortlist" : "reject", NULL, &error), >, 0);
      g_assert_no_error (error);
    }
}

static guint
count_audit (SlStore    *store,
             const char *action)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *needle = g_strdup_printf ("\"action\":\"%s\"", action);
  guint count = 0;

  rows = sl_store_list_audit (store, NULL, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      if (strstr (g_ptr_array_index (rows, i), needle) != NULL)
        count++;
    }
  return count;
}

static void
test_models_status (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  SlTrainingStatus status;
  gint64 screening;

  g_assert_true (sl_store_get_training_status (fixture->store, 10, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (status.total_samples, ==, 0);
  g_assert_cmpuint (status.samples_needed, ==, 10);
  g_assert_false (status.ready_for_training);
  g_assert_false (status.imbalanced);

  /* Nine samples: one short. */
  add_reviewed (fixture, 9, 1);
  g_assert_true (sl_store_get_training_status (fixture->store, 10, &status, &error));
  g_assert_cmpuint (status.total_samples, ==, 9);
  g_assert_cmpuint (status.positive_samples, ==, 5);
  g_assert_cmpuint (status.negative_samples, ==, 4);
  g_assert_cmpuint (status.samples_needed, ==, 1);
  g_assert_cmpuint (status.threshold, ==, 10);
  g_assert_false (status.ready_for_training);
  g_assert_false (status.imbalanced);

  /* An unreviewed screening is not a sample; its review is. */
  screening = add_screening (fixture, fixture->job_id, FALSE, rand, NAN, NAN, 0);
  g_assert_true (sl_store_get_training_status (fixture->store, 10, &status, &error));
  g_assert_cmpuint (status.total_samples, ==, 9);
  sl_store_review_screening (fixture->store, screening, "reject", "too junior", &error);
  g_assert_no_error (error);
  g_assert_true (sl_store_get_training_status (fixture->store, 10, &status, &error));
  g_assert_cmpuint (status.total_samples, ==, 10);
  g_assert_cmpuint (status.samples_needed, ==, 0);
  g_assert_true (status.ready_for_training);
  g_assert_cmpuint (status.new_samples, ==, 10);

  /* 5 of 10 shortlisted is balanced; 9 of 14 (64 %) is not. */
  g_assert_true (sl_store_get_training_status (fixture->store, 5, &status, &error));
  g_assert_true (status.ready_for_training);
  for (guint i = 0; i < 4; i++)
    {
      screening = add_screening (fixture, fixture->job_id, TRUE, rand, NAN, NAN, 0);
      sl_store_review_screening (fixture->store, screening, "shortlist", NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (sl_store_get_training_status (fixture->store, 10, &status, &error));
  g_assert_cmpuint (status.positive_samples, ==, 9);
  g_assert_cmpuint (status.negative_samples, ==, 5);
  g_assert_true (status.imbalanced);
}

static void
test_models_status_one_class (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  SlTrainingStatus status;

  for (guint i = 0; i < 4; i++)
    {
      gint64 screening = add_screening (fixture, fixture->job_id, TRUE, rand, NAN, NAN, 0);

      sl_store_review_screening (fixture->store, screening, "shortlist", NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (sl_store_get_training_status (fixture->store, 3, &status, &error));
  g_assert_cmpuint (status.samples_needed, ==, 0);
  g_assert_false (status.ready_for_training);
  g_assert_true (status.imbalanced);
}

static void
test_models_review_change (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  gint64 screening = add_screening (fixture, fixture->job_id, TRUE, rand, NAN, NAN, 0);
  gint64 first;
  gint64 second;
  SlTrainingStatus status;
  g_autoptr(SlTrainingSet) set = NULL;

  first = sl_store_review_screening (fixture->store, screening, "shortlist", "good", &error);
  g_assert_no_error (error);
  second = sl_store_review_screening (fixture->store, screening, "reject", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, ==, second);
  g_assert_cmpuint (count_audit (fixture->store, "review.add"), ==, 1);
  g_assert_cmpuint (count_audit (fixture->store, "review.change"), ==, 1);

  g_assert_true (sl_store_get_training_status (fixture->store, 1, &status, &error));
  g_assert_cmpuint (status.total_samples, ==, 1);
  g_assert_cmpuint (status.negative_samples, ==, 1);

  set = sl_store_load_training_set (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->n, ==, 1);
  g_assert_cmpuint (set->d, ==, N_FEATURES);
  g_assert_cmpuint (set->y[0], ==, 0);

  g_assert_cmpint (sl_store_review_screening (fixture->store, screening, "maybe", NULL, &error), ==, 0);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sl_store_review_screening (fixture->store, 9999, "reject", NULL, &error), ==, 0);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
}

static SlTrainingOutcome *
train (Fixture     *fixture,
       SlModelKind  kind,
       double       margin,
       GError     **error)
{
  g_autoptr(SlTrainer) trainer = sl_trainer_new (kind);
  SlTrainingOptions options;

  sl_training_options_init (&options);
  options.threshold = 20;
  options.margin = margin;
  return sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, error);
}

/* A version whose model ranks the samples backwards. */
static gint64
add_bad_version (Fixture  *fixture,
                 gboolean  activate)
{
  const float mean[N_FEATURES] = { 0 };
  const float scale[N_FEATURES] = { 1, 1, 1, 1 };
  const float weights[N_FEATURES] = { -3, 0, 0, 0 };
  g_autoptr(SlModel) model = sl_model_new_logreg (N_FEATURES, mean, scale, weights, 0);
  g_autoptr(GBytes) blob = sl_model_serialize (model);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = sl_store_add_model_version (fixture->store, "logreg", sl_model_get_feature_spec (model), blob,
                                   "{\"roc_auc\":0.1}", NULL, 0, 0, "backwards", activate, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
active_id (Fixture *fixture)
{
  g_autoptr(SlModelVersion) version = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_store_get_active_model_version (fixture->store, &version, &error));
  g_assert_no_error (error);
  return version != NULL ? version->id : 0;
}

static void
test_models_not_ready (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainingOutcome) outcome = NULL;

  add_reviewed (fixture, 10, 1);
  outcome = train (fixture, SL_MODEL_KIND_LOGREG, 0.01, &error);
  g_assert_null (outcome);
  g_assert_error (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_NOT_READY);
  g_assert_cmpint (active_id (fixture), ==, 0);
}

static void
test_models_champion_challenger (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainingOutcome) first = NULL;
  g_autoptr(SlTrainingOutcome) second = NULL;
  g_autoptr(SlTrainingOutcome) third = NULL;
  g_autoptr(SlTrainingOutcome) fourth = NULL;
  g_autoptr(SlModelVersion) stored = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SlTrainingStatus status;
  JsonObject *metrics;
  gint64 bad;

  add_reviewed (fixture, 80, 1);

  /* No active version: the first model is activated. */
  first = train (fixture, SL_MODEL_KIND_LOGREG, 0.01, &error);
  g_assert_no_error (error);
  g_assert_true (first->activated);
  g_assert_cmpint (first->champion_id, ==, 0);
  g_assert_cmpstr (first->evaluation, ==, "holdout");
  g_assert_cmpuint (first->samples, ==, 80);
  g_assert_cmpuint (first->metrics->n, ==, 16);
  g_assert_cmpfloat (first->metrics->roc_auc, >, 0.8);
  g_assert_cmpint (active_id (fixture), ==, first->version_id);

  /* Its samples are used now. */
  g_assert_true (sl_store_get_training_status (fixture->store, 20, &status, &error));
  g_assert_cmpuint (status.new_samples, ==, 0);

  /* The same data again: the champion was trained on every sample, so
   * there is nothing to compare it on fairly; kept inactive. */
  second = train (fixture, SL_MODEL_KIND_LOGREG, 0.01, &error);
  g_assert_no_error (error);
  g_assert_false (second->activated);
  g_assert_cmpint (second->champion_id, ==, first->version_id);
  g_assert_cmpuint (second->compared_samples, ==, 0);
  g_assert_true (isnan (second->champion_auc));
  g_assert_nonnull (strstr (second->reason, "review more"));
  g_assert_cmpint (active_id (fixture), ==, first->version_id);

  stored = sl_store_get_model_version (fixture->store, second->version_id, &error);
  g_assert_no_error (error);
  g_assert_false (stored->active);
  g_assert_cmpint (stored->parent_id, ==, first->version_id);
  g_assert_cmpstr (stored->reason, ==, second->reason);
  g_assert_cmpstr (stored->kind, ==, "logreg");
  g_assert_true (json_parser_load_from_data (parser, stored->metrics_json, -1, &error));
  metrics = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metrics, "roc_auc"),
                                  second->metrics->roc_auc, 1e-9);
  g_assert_true (json_object_get_null_member (metrics, "champion_roc_auc"));
  g_assert_cmpint (json_object_get_int_member (metrics, "compared_samples"), ==, 0);
  g_assert_true (json_object_has_member (metrics, "roc"));
  g_assert_true (json_object_has_member (metrics, "confusion"));

  /* A backwards champion is evaluated on the challenger's hold-out and loses. */
  bad = add_bad_version (fixture, TRUE);
  g_assert_cmpint (active_id (fixture), ==, bad);
  third = train (fixture, SL_MODEL_KIND_MLP, 0.01, &error);
  g_assert_no_error (error);
  g_assert_cmpint (third->champion_id, ==, bad);
  g_assert_cmpfloat (third->champion_auc, <, 0.3);
  g_assert_true (third->activated);
  g_assert_cmpint (active_id (fixture), ==, third->version_id);

  /* New reviews: compared on the new hold-out samples, with a margin of -1 it wins. */
  add_reviewed (fixture, 40, 9);
  fourth = train (fixture, SL_MODEL_KIND_MLP, -1.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fourth->compared_samples, >, 0);
  g_assert_cmpuint (fourth->compared_samples, <, fourth->metrics->n);
  g_assert_true (isfinite (fourth->champion_auc));
  g_assert_true (fourth->activated);

  versions = sl_store_list_model_versions (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 5);
  g_assert_cmpint (((SlModelVersion *)g_ptr_array_index (versions, 0))->id, ==, fourth->version_id);
  g_assert_true (((SlModelVersion *)g_ptr_array_index (versions, 0))->active);
  g_assert_null (((SlModelVersion *)g_ptr_array_index (versions, 0))->parameters);
}

static void
test_models_feature_spec (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlTrainingOutcome) first = NULL;
  g_autoptr(SlTrainingOutcome) second = NULL;
  g_autoptr(SlModelVersion) version = NULL;
  SlTrainingOptions options;

  add_reviewed (fixture, 60, 2);
  sl_training_options_init (&options);
  options.threshold = 20;
  first = sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (first->activated);

  /* A new layout of the features: the old champion cannot be compared. */
  options.feature_spec = "{\"version\":2,\"names\":[\"similarity\",\"a\",\"b\",\"c\"]}";
  options.margin = 0.5;
  second = sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (second->activated);
  g_assert_cmpint (second->champion_id, ==, first->version_id);
  g_assert_true (isnan (second->champion_auc));
  g_assert_nonnull (strstr (second->reason, "cannot score"));

  version = sl_store_get_model_version (fixture->store, second->version_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sl_model_feature_spec_version (version->feature_spec), ==, 2);
  g_assert_nonnull (strstr (version->feature_spec, "\"dimension\":4"));
  g_assert_nonnull (strstr (version->feature_spec, "similarity"));

  options.feature_spec = "[1, 2]";
  g_assert_null (sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, &error));
  g_assert_error (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID);
}

static void
test_models_kfold (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainingOutcome) outcome = NULL;
  g_autoptr(SlModelVersion) version = NULL;
  g_autoptr(SlModel) model = NULL;

  add_reviewed (fixture, 30, 4);
  outcome = train (fixture, SL_MODEL_KIND_LOGREG, 0.01, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (outcome->evaluation, ==, "kfold");
  g_assert_cmpuint (outcome->metrics->n, ==, 30);

  /* The stored parameters load back into a model of the right shape. */
  version = sl_store_get_model_version (fixture->store, outcome->version_id, &error);
  g_assert_no_error (error);
  model = sl_model_new_from_bytes (version->parameters, version->feature_spec, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sl_model_get_n_features (model), ==, N_FEATURES);
}

static void
test_models_rollback (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 v1;
  gint64 v2;
  gint64 v3;

  g_assert_cmpint (sl_store_rollback_model (fixture->store, &error), ==, 0);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  v1 = add_bad_version (fixture, TRUE);
  v2 = add_bad_version (fixture, FALSE);
  v3 = add_bad_version (fixture, FALSE);

  /* v1 was the first: nothing before it. */
  g_assert_cmpint (sl_store_rollback_model (fixture->store, &error), ==, 0);
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sl_store_activate_model_version (fixture->store, v2, "by hand", &error));
  g_assert_true (sl_store_activate_model_version (fixture->store, v3, "by hand", &error));
  g_assert_no_error (error);
  g_assert_cmpint (active_id (fixture), ==, v3);

  /* Rollbacks walk back through the activations: v3 → v2 → v1. */
  g_assert_cmpint (sl_store_rollback_model (fixture->store, &error), ==, v2);
  g_assert_no_error (error);
  g_assert_cmpint (active_id (fixture), ==, v2);
  g_assert_cmpint (sl_store_rollback_model (fixture->store, &error), ==, v1);
  g_assert_cmpint (active_id (fixture), ==, v1);
  g_assert_cmpuint (count_audit (fixture->store, "model.rollback"), ==, 2);
  g_assert_cmpuint (count_audit (fixture->store, "model.activate"), ==, 3);

  g_assert_false (sl_store_activate_model_version (fixture->store, 999, NULL, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (active_id (fixture), ==, v1);
}

static void
test_models_shadow (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  SlShadowStats stats;
  gint64 champion = add_bad_version (fixture, TRUE);
  gint64 challenger = add_bad_version (fixture, FALSE);
  gint64 shadow_id;
  /* champion p, shadow p, human decision (NULL: not reviewed) */
  const struct { double champion; double shadow; const char *decision; } rows[] = {
    { 0.9, 0.8, "shortlist" },   /* agree, both right */
    { 0.7, 0.3, "reject" },      /* disagree, shadow right */
    { 0.2, 0.6, "reject" },      /* disagree, champion right */
    { 0.1, 0.2, NULL },          /* agree, unreviewed */
    { 0.8, 0.9, "reject" },      /* agree, both wrong */
  };

  g_assert_false (sl_store_set_shadow_model (fixture->store, champion, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sl_store_set_shadow_model (fixture->store, challenger, &error));
  g_assert_no_error (error);
  g_assert_true (sl_store_get_shadow_model_id (fixture->store, &shadow_id, &error));
  g_assert_cmpint (shadow_id, ==, challenger);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gint64 screening = add_screening (fixture, fixture->job_id, TRUE, rand,
                                        rows[i].champion, rows[i].shadow, challenger);

      if (rows[i].decision != NULL)
        {
          sl_store_review_screening (fixture->store, screening, rows[i].decision, NULL, &error);
          g_assert_no_error (error);
        }
    }
  /* A screening without a shadow score does not count. */
  add_screening (fixture, fixture->job_id, TRUE, rand, 0.9, NAN, 0);

  g_assert_true (sl_store_get_shadow_stats (fixture->store, challenger, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.compared, ==, 5);
  g_assert_cmpuint (stats.agreed, ==, 3);
  g_assert_cmpuint (stats.reviewed, ==, 4);
  g_assert_cmpuint (stats.champion_correct, ==, 2);
  g_assert_cmpuint (stats.shadow_correct, ==, 2);

  /* Activating the shadow ends shadow mode; so does --off. */
  g_assert_true (sl_store_activate_model_version (fixture->store, challenger, NULL, &error));
  g_assert_true (sl_store_get_shadow_model_id (fixture->store, &shadow_id, &error));
  g_assert_cmpint (shadow_id, ==, 0);
  g_assert_true (sl_store_set_shadow_model (fixture->store, champion, &error));
  g_assert_true (sl_store_set_shadow_model (fixture->store, 0, &error));
  g_assert_no_error (error);
  g_assert_true (sl_store_get_shadow_model_id (fixture->store, &shadow_id, &error));
  g_assert_cmpint (shadow_id, ==, 0);
}

static guint
count_reviews (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainingSet) set = sl_store_load_training_set (fixture->store, NULL, &error);

  g_assert_no_error (error);
  return set->n + set->skipped;
}

static void
test_models_import (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  gint64 screened_candidate;
  gint64 bare_candidate;
  guint with_features = 0;
  SlTrainingImportRow rows[3] = { { 0 } };
  SlTrainingStatus status;

  add_screening (fixture, fixture->job_id, TRUE, rand, NAN, NAN, 0);
  screened_candidate = g_array_index (fixture->candidates, gint64, 0);
  bare_candidate = add_candidate (fixture);

  rows[0] = (SlTrainingImportRow) { 2, fixture->job_id, screened_candidate, NULL, "shortlist" };
  rows[1] = (SlTrainingImportRow) { 3, fixture->other_job_id, bare_candidate, NULL, "reject" };
  /* A bad third row: nothing of the file is imported. */
  rows[2] = (SlTrainingImportRow) { 4, 999, bare_candidate, NULL, "reject" };
  g_assert_false (sl_store_import_reviews (fixture->store, rows, 3, &with_features, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Line 4"));
  g_clear_error (&error);
  g_assert_cmpuint (count_reviews (fixture), ==, 0);

  rows[2] = (SlTrainingImportRow) { 4, fixture->job_id, 0, "/somewhere/missing.pdf", "reject" };
  g_assert_false (sl_store_import_reviews (fixture->store, rows, 3, &with_features, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_reviews (fixture), ==, 0);

  g_assert_true (sl_store_import_reviews (fixture->store, rows, 2, &with_features, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (with_features, ==, 1);
  /* Both are reviews; only the screened one is a training sample. */
  g_assert_cmpuint (count_reviews (fixture), ==, 2);
  g_assert_true (sl_store_get_training_status (fixture->store, 1, &status, &error));
  g_assert_cmpuint (status.total_samples, ==, 1);
  g_assert_cmpuint (status.positive_samples, ==, 1);
}

static void
test_models_training_set_filter (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(SlTrainingSet) all = NULL;
  g_autoptr(SlTrainingSet) other = NULL;
  g_autoptr(SlTrainingSet) future = NULL;
  g_autoptr(SlTrainingSet) confident = NULL;
  SlTrainingFilter filter = { 0 };
  gint64 screening;

  add_reviewed (fixture, 6, 1);
  /* The classifier was unsure (0.55): confidence 0.1. */
  screening = add_screening (fixture, fixture->other_job_id, TRUE, rand, 0.55, NAN, 0);
  sl_store_review_screening (fixture->store, screening, "shortlist", NULL, &error);
  g_assert_no_error (error);

  all = sl_store_load_training_set (fixture->store, NULL, &error);
  g_assert_cmpuint (all->n, ==, 7);
  g_assert_cmpint (all->job_ids[6], ==, fixture->other_job_id);
  g_assert_cmpint (all->candidate_ids[6], ==, g_array_index (fixture->candidates, gint64, 6));

  filter.job_id = fixture->other_job_id;
  other = sl_store_load_training_set (fixture->store, &filter, &error);
  g_assert_cmpuint (other->n, ==, 1);
  g_assert_cmpfloat_with_epsilon (other->confidence[0], 0.1, 1e-9);

  filter.job_id = 0;
  filter.min_confidence = 0.2;
  confident = sl_store_load_training_set (fixture->store, &filter, &error);
  /* score 70 or 30 without a classifier: confidence 0.4. */
  g_assert_cmpuint (confident->n, ==, 6);

  filter.min_confidence = 0;
  filter.since = g_get_real_time () / G_USEC_PER_SEC + 3600;
  future = sl_store_load_training_set (fixture->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (future->n, ==, 0);
}

static void
test_models_review_queue (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const double scores[] = { 90, 52, 10, 45, 61 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GPtrArray) other = NULL;
  SlTrainingStatus status;
  gint64 ids[G_N_ELEMENTS (scores)];
  gint64 review_id;
  guint remaining = 0;

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      SlScreeningRecord record = { 0 };
      const float features[N_FEATURES] = { i, 0, 0, 0 };

      record.job_id = fixture->job_id;
      record.candidate_id = add_candidate (fixture);
      record.score = scores[i];
      record.threshold = 50;
      record.decision = scores[i] >= 50 ? "shortlist" : "reject";
      record.embedder = "test";
      record.classifier = NAN;
      record.shadow_classifier = NAN;
      record.features = features;
      record.n_features = N_FEATURES;
      ids[i] = sl_store_add_screening (fixture->store, &record, &error);
      g_assert_no_error (error);
    }

  /* Borderline first: 52, 45, 61, 90, 10 (distances 2, 5, 11, 40, 40). */
  queue = sl_store_list_review_queue (fixture->store, 0, 3, &remaining, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (remaining, ==, 5);
  g_assert_cmpuint (queue->len, ==, 3);
  g_assert_cmpint (((SlReviewItem *)g_ptr_array_index (queue, 0))->screening_id, ==, ids[1]);
  g_assert_cmpint (((SlReviewItem *)g_ptr_array_index (queue, 1))->screening_id, ==, ids[3]);
  g_assert_cmpint (((SlReviewItem *)g_ptr_array_index (queue, 2))->screening_id, ==, ids[4]);
  g_assert_cmpstr (((SlReviewItem *)g_ptr_array_index (queue, 0))->decision, ==, "shortlist");

  /* Reviewed results leave the queue; undoing the review brings it back. */
  review_id = sl_store_review_screening (fixture->store, ids[1], "reject", NULL, &error);
  g_assert_no_error (error);
  rest = sl_store_list_review_queue (fixture->store, 0, 0, &remaining, &error);
  g_assert_cmpuint (remaining, ==, 4);
  g_assert_cmpuint (rest->len, ==, 4);
  g_assert_cmpint (((SlReviewItem *)g_ptr_array_index (rest, 0))->screening_id, ==, ids[3]);

  g_assert_true (sl_store_delete_review (fixture->store, review_id, &error));
  g_assert_no_error (error);
  g_assert_true (sl_store_get_training_status (fixture->store, 1, &status, &error));
  g_assert_cmpuint (status.total_samples, ==, 0);
  g_assert_cmpuint (count_audit (fixture->store, "review.undo"), ==, 1);
  g_assert_false (sl_store_delete_review (fixture->store, review_id, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  other = sl_store_list_review_queue (fixture->store, fixture->other_job_id, 0, &remaining, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 0);
  g_assert_cmpuint (remaining, ==, 0);
}

static void
train_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SlTrainingOutcome **outcome = user_data;
  g_autoptr(GError) error = NULL;

  *outcome = sl_trainer_train_from_store_finish (SL_TRAINER (object), result, &error);
  g_assert_no_error (error);
}

static void
test_models_train_async (Fixture       *fixture,
                         gconstpointer  user_data)
{
  SlTrainer *trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlTrainingOutcome) outcome = NULL;
  SlTrainingOptions options;
  gint64 deadline;

  add_reviewed (fixture, 60, 8);
  sl_training_options_init (&options);
  options.threshold = 50;
  sl_trainer_train_from_store_async (trainer, fixture->store, &options, NULL, train_done_cb, &outcome);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (outcome == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (outcome);
  g_assert_true (outcome->activated);
  g_assert_cmpint (active_id (fixture), ==, outcome->version_id);

  /* The worker drops the task, and with it the store, on its own thread:
   * wait for the trainer, the task's source object, to go. */
  g_object_add_weak_pointer (G_OBJECT (trainer), (gpointer *)&trainer);
  g_object_unref (trainer);
  while (g_atomic_pointer_get (&trainer) != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_thread_yield ();
    }
  g_assert_null (trainer);
}

static void
test_models_auto_train (Fixture       *fixture,
                        gconstpointer  user_data)
{
  SlTrainingStatus status = { 0 };

  status.ready_for_training = TRUE;
  status.new_samples = 19;
  g_assert_false (sl_training_status_should_auto_train (&status, 20));
  status.new_samples = 20;
  g_assert_true (sl_training_status_should_auto_train (&status, 20));
  status.ready_for_training = FALSE;
  g_assert_false (sl_training_status_should_auto_train (&status, 20));
}

/* Samples in the screening's layout (its scores, then the products and
 * differences of 3-dimensional embeddings): the default logistic regression
 * fits the screening block apart and records how, and a trainer whose l2 the
 * caller set keeps one penalty for all. */
static void
test_models_screening_blocks (Fixture       *fixture,
                              gconstpointer  user_data)
{
  const guint d = sl_screening_n_features (3);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlTrainer) fixed = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlTrainingOutcome) outcome = NULL;
  g_autoptr(SlTrainingOutcome) second = NULL;
  g_autoptr(SlTrainingOutcome) third = NULL;
  g_autoptr(GError) error = NULL;
  SlTrainingOptions options;

  g_assert_cmpuint (d, ==, SL_SCREENING_N_SCALAR_FEATURES + 6);
  for (guint i = 0; i < 80; i++)
    {
      SlScreeningRecord record = { 0 };
      g_autofree float *features = g_new (float, d);
      gboolean good = i % 2 == 0;
      gint64 id;

      for (guint j = 0; j < d; j++)
        features[j] = g_rand_double_range (rand, -1, 1);
      features[1] += good ? 1.0 : -1.0;
      record.job_id = fixture->job_id;
      record.candidate_id = add_candidate (fixture);
      record.score = 50;
      record.similarity = features[1];
      record.decision = "reject";
      record.threshold = 50;
      record.embedder = "test";
      record.classifier = NAN;
      record.shadow_classifier = NAN;
      record.features = features;
      record.n_features = d;
      id = sl_store_add_screening (fixture->store, &record, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sl_store_review_screening (fixture->store, id, good ? "shortlist" : "reject",
                                                  NULL, &error), >, 0);
      g_assert_no_error (error);
    }

  sl_training_options_init (&options);
  options.threshold = 20;
  for (guint round = 0; round < 3; round++)
    {
      SlTrainer *t = round < 2 ? trainer : fixed;
      g_autoptr(SlModelVersion) version = NULL;
      g_autoptr(JsonNode) metrics = NULL;
      JsonObject *recipe;

      if (round == 2)
        sl_trainer_set_l2 (fixed, 2.0);
      if (round == 0)
        outcome = sl_trainer_train_from_store (t, fixture->store, &options, NULL, &error);
      else if (round == 1)
        second = sl_trainer_train_from_store (t, fixture->store, &options, NULL, &error);
      else
        third = sl_trainer_train_from_store (t, fixture->store, &options, NULL, &error);
      g_assert_no_error (error);

      version = sl_store_get_model_version (fixture->store,
                                            (round == 0 ? outcome : round == 1 ? second : third)->version_id,
                                            &error);
      g_assert_no_error (error);
      metrics = json_from_string (version->metrics_json, &error);
      g_assert_no_error (error);
      recipe = json_object_get_object_member (json_node_get_object (metrics), "trainer");
      g_assert_nonnull (recipe);
      g_assert_cmpint (json_object_get_int_member (recipe, "version"), ==, SL_TRAINER_VERSION);
      if (round < 2)
        {
          double l2 = json_object_get_double_member (recipe, "l2");

          /* The same choice both times: the defaults do not stick to the trainer. */
          g_assert_cmpint (json_object_get_int_member (recipe, "leading_features"), ==,
                           SL_SCREENING_N_SCALAR_FEATURES);
          g_assert_cmpfloat (json_object_get_double_member (recipe, "l2_leading"), ==,
                             SL_TRAINER_DEFAULT_L2_LEADING);
          g_assert_cmpint (json_object_get_int_member (recipe, "cv_folds"), ==,
                           SL_TRAINER_DEFAULT_CV_FOLDS);
          g_assert_cmpfloat (l2, >=, 1);
          g_assert_cmpfloat (l2, <=, 100000);
          g_assert_cmpfloat (sl_trainer_get_last_l2 (t), ==, l2);
        }
      else
        {
          g_assert_cmpint (json_object_get_int_member (recipe, "leading_features"), ==, 0);
          g_assert_cmpint (json_object_get_int_member (recipe, "cv_folds"), ==, 0);
          g_assert_cmpfloat (json_object_get_double_member (recipe, "l2"), ==, 2.0);
        }
      /* The signal in the similarity column is found. */
      g_assert_cmpfloat ((round == 0 ? outcome : round == 1 ? second : third)->metrics->roc_auc, >, 0.8);
    }
}

/* Few samples, k-fold: the first version's out-of-fold ROC AUC is what the
 * Models view shows. A later training must not report that version by its
 * AUC on the samples it was fitted on (1.0 where the view said 0.50): the
 * champion is scored only on samples it was not trained on. */
static void
test_models_champion_unseen (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlTrainingOutcome) first = NULL;
  g_autoptr(SlTrainingOutcome) second = NULL;
  g_autoptr(SlTrainingOutcome) third = NULL;
  g_autoptr(SlModelVersion) version = NULL;
  g_autoptr(SlModel) champion = NULL;
  g_autoptr(SlTrainingSet) set = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree float *probs = NULL;
  g_autofree guint8 *y = NULL;
  g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  SlTrainingOptions options;
  gsize m = 0;

  sl_training_options_init (&options);
  options.force = TRUE;
  add_reviewed (fixture, 8, 3);
  first = sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->evaluation, ==, "kfold");
  g_assert_true (first->activated);

  /* Nothing new: no fair comparison, and no made-up champion AUC. */
  second = sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (second->activated);
  g_assert_true (isnan (second->champion_auc));

  /* Twelve new samples: the champion's AUC is its AUC on those, exactly. */
  add_reviewed (fixture, 12, 4);
  third = sl_trainer_train_from_store (trainer, fixture->store, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (third->evaluation, ==, "kfold");
  g_assert_cmpuint (third->compared_samples, ==, 12);

  version = sl_store_get_model_version (fixture->store, first->version_id, &error);
  g_assert_no_error (error);
  champion = sl_model_new_from_bytes (version->parameters, version->feature_spec, &error);
  g_assert_no_error (error);
  set = sl_store_load_training_set (fixture->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->n, ==, 20);
  {
    g_autoptr(JsonNode) ids = json_from_string (version->sample_ids_json, &error);
    JsonArray *array;

    /* The first version's samples: the eight oldest reviews. */
    g_assert_no_error (error);
    array = json_node_get_array (ids);
    g_assert_cmpuint (json_array_get_length (array), ==, 8);
    probs = g_new (float, set->n);
    y = g_new (guint8, set->n);
    for (gsize i = 0; i < set->n; i++)
      {
        gboolean trained_on = FALSE;

        for (guint k = 0; k < json_array_get_length (array); k++)
          trained_on |= json_array_get_int_element (array, k) == set->review_ids[i];
        if (trained_on)
          {
            g_hash_table_add (seen, &set->review_ids[i]);
            continue;
          }
        probs[m] = sl_model_predict_proba (champion, set->x + i * set->d);
        y[m] = set->y[i];
        m++;
      }
  }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 8);
  g_assert_cmpuint (m, ==, 12);
  g_assert_cmpfloat_with_epsilon (third->champion_auc, sl_metrics_roc_auc (probs, y, m), 1e-6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sl/models/status", test_models_status);
  ADD ("/sl/models/status-one-class", test_models_status_one_class);
  ADD ("/sl/models/review-change", test_models_review_change);
  ADD ("/sl/models/not-ready", test_models_not_ready);
  ADD ("/sl/models/champion-challenger", test_models_champion_challenger);
  ADD ("/sl/models/kfold", test_models_kfold);
  ADD ("/sl/models/champion-unseen", test_models_champion_unseen);
  ADD ("/sl/models/feature-spec", test_models_feature_spec);
  ADD ("/sl/models/screening-blocks", test_models_screening_blocks);
  ADD ("/sl/models/rollback", test_models_rollback);
  ADD ("/sl/models/shadow", test_models_shadow);
  ADD ("/sl/models/import", test_models_import);
  ADD ("/sl/models/training-set-filter", test_models_training_set_filter);
  ADD ("/sl/models/review-queue", test_models_review_queue);
  ADD ("/sl/models/auto-train", test_models_auto_train);
  ADD ("/sl/models/train-async", test_models_train_async);
#undef ADD

  return g_test_run ();
}
