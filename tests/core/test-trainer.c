#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sl-metrics.h"
#include "sl-model.h"
#include "sl-trainer.h"

static double
normal (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

/* Logistic data from known weights: y ~ Bernoulli (σ (x·w + b)). */
static void
make_logistic (gsize         n,
               gsize         d,
               const double *w,
               double        b,
               guint32       seed,
               float       **x,
               guint8      **y)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  *x = g_new (float, n * d);
  *y = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      double z = b;

      for (gsize j = 0; j < d; j++)
        {
          (*x)[i * d + j] = 1.5 * normal (rand) + (double)(j % 5) - 2.0;
          z += w[j] * (*x)[i * d + j];
        }
      (*y)[i] = g_rand_double (rand) < 1.0 / (1.0 + exp (-z));
    }
}

/* Weights in the original units, from the standardised ones. */
static void
original_weights (SlModel *model,
                  double  *w,
                  double  *b)
{
  const float *ws = sl_model_get_weights (model);
  const float *mean = sl_model_get_mean (model);
  const float *scale = sl_model_get_scale (model);
  guint d = sl_model_get_n_features (model);

  *b = sl_model_get_bias (model);
  for (guint j = 0; j < d; j++)
    {
      w[j] = ws[j] / scale[j];
      *b -= ws[j] * mean[j] / scale[j];
    }
}

/* Two groups with a closed-form maximum likelihood: at x = 0 three of four
 * are positive, at x = 1 one of four, so σ (b) = ¾ and σ (b + w) = ¼. */
static void
test_trainer_closed_form (void)
{
  const float x[] = { 0, 0, 0, 0, 1, 1, 1, 1 };
  const guint8 y[] = { 1, 1, 1, 0, 1, 0, 0, 0 };
  SlTrainerSolver solvers[] = { SL_TRAINER_SOLVER_NEWTON, SL_TRAINER_SOLVER_LBFGS };

  for (guint s = 0; s < G_N_ELEMENTS (solvers); s++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlModel) model = NULL;
      g_autoptr(GError) error = NULL;
      double w;
      double b;
      const float zero = 0;
      const float one = 1;

      sl_trainer_set_l2 (trainer, 0);
      sl_trainer_set_class_weights (trainer, FALSE);
      sl_trainer_set_solver (trainer, solvers[s]);
      model = sl_trainer_fit (trainer, x, y, 8, 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (sl_model_predict_proba (model, &zero), 0.75, 1e-4);
      g_assert_cmpfloat_with_epsilon (sl_model_predict_proba (model, &one), 0.25, 1e-4);
      original_weights (model, &w, &b);
      g_assert_cmpfloat_with_epsilon (b, log (3), 1e-3);
      g_assert_cmpfloat_with_epsilon (w, -2 * log (3), 1e-3);
    }
}

/* Many samples from known weights: the fit recovers them. */
static void
test_trainer_recovers_weights (void)
{
  const double true_w[] = { 1.0, -2.0, 0.5 };
  const double true_b = 0.3;
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;
  SlTrainerSolver solvers[] = { SL_TRAINER_SOLVER_NEWTON, SL_TRAINER_SOLVER_LBFGS };

  make_logistic (20000, 3, true_w, true_b, 11, &x, &y);
  for (guint s = 0; s < G_N_ELEMENTS (solvers); s++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlModel) model = NULL;
      g_autoptr(GError) error = NULL;
      double w[3];
      double b;

      sl_trainer_set_l2 (trainer, 1e-6);
      sl_trainer_set_class_weights (trainer, FALSE);
      sl_trainer_set_solver (trainer, solvers[s]);
      model = sl_trainer_fit (trainer, x, y, 20000, 3, NULL, &error);
      g_assert_no_error (error);
      original_weights (model, w, &b);
      for (guint j = 0; j < 3; j++)
        g_assert_cmpfloat_with_epsilon (w[j], true_w[j], 0.1);
      g_assert_cmpfloat_with_epsilon (b, true_b, 0.25);
    }
}

/* The leading block unpenalised, the rest penalised hard: the leading
 * weight is the closed-form maximum likelihood of the two groups (w = −2 ln 3
 * as in closed-form), the noise column's weight vanishes; one penalty for
 * both shrinks the leading weight instead. */
static void
test_trainer_leading_block (void)
{
  const float x[] = { 0, 0.3f, 0, -0.2f, 0, 0.9f, 0, -1.0f, 1, 0.4f, 1, -0.7f, 1, 0.1f, 1, 0.5f };
  const guint8 y[] = { 1, 1, 1, 0, 1, 0, 0, 0 };
  SlTrainerSolver solvers[] = { SL_TRAINER_SOLVER_NEWTON, SL_TRAINER_SOLVER_LBFGS };

  for (guint s = 0; s < G_N_ELEMENTS (solvers); s++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlTrainer) uniform = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlModel) model = NULL;
      g_autoptr(SlModel) shrunk = NULL;
      g_autoptr(GError) error = NULL;
      double w[2];
      double b;

      sl_trainer_set_solver (trainer, solvers[s]);
      sl_trainer_set_class_weights (trainer, FALSE);
      sl_trainer_set_l2 (trainer, 1e9);
      sl_trainer_set_leading_block (trainer, 1, 0);
      model = sl_trainer_fit (trainer, x, y, 8, 2, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (sl_trainer_get_last_l2 (trainer), 1e9, 1e-3);
      original_weights (model, w, &b);
      g_assert_cmpfloat_with_epsilon (w[0], -2 * log (3), 1e-3);
      g_assert_cmpfloat_with_epsilon (b, log (3), 1e-3);
      g_assert_cmpfloat (fabs (w[1]), <, 1e-6);

      /* The same penalty on both: the leading weight is shrunk towards 0. */
      sl_trainer_set_solver (uniform, solvers[s]);
      sl_trainer_set_class_weights (uniform, FALSE);
      sl_trainer_set_l2 (uniform, 1e9);
      shrunk = sl_trainer_fit (uniform, x, y, 8, 2, NULL, &error);
      g_assert_no_error (error);
      original_weights (shrunk, w, &b);
      g_assert_cmpfloat (fabs (w[0]), <, 1e-6);
    }
}

/* Penalties 10⁵ apart: Newton and L-BFGS still reach the same optimum. */
static void
test_trainer_blocks_solvers_agree (void)
{
  double true_w[30];
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;
  SlModel *models[2] = { NULL, NULL };
  SlTrainerSolver solvers[] = { SL_TRAINER_SOLVER_NEWTON, SL_TRAINER_SOLVER_LBFGS };

  for (guint j = 0; j < G_N_ELEMENTS (true_w); j++)
    true_w[j] = j < 3 ? 1.0 - j : 0.1 * ((int)(j % 3) - 1);
  make_logistic (400, G_N_ELEMENTS (true_w), true_w, 0.2, 17, &x, &y);
  for (guint s = 0; s < G_N_ELEMENTS (solvers); s++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(GError) error = NULL;

      sl_trainer_set_solver (trainer, solvers[s]);
      sl_trainer_set_leading_block (trainer, 3, 1.0);
      sl_trainer_set_l2 (trainer, 1e5);
      models[s] = sl_trainer_fit (trainer, x, y, 400, G_N_ELEMENTS (true_w), NULL, &error);
      g_assert_no_error (error);
    }
  for (guint j = 0; j < G_N_ELEMENTS (true_w); j++)
    g_assert_cmpfloat_with_epsilon (sl_model_get_weights (models[0])[j],
                                    sl_model_get_weights (models[1])[j], 2e-3);
  g_assert_cmpfloat_with_epsilon (sl_model_get_bias (models[0]), sl_model_get_bias (models[1]), 2e-3);
  /* The leading block carries the signal, the rest is all but silenced. */
  g_assert_cmpfloat (fabs (sl_model_get_weights (models[1])[0]), >, 0.5);
  for (guint j = 3; j < G_N_ELEMENTS (true_w); j++)
    g_assert_cmpfloat (fabs (sl_model_get_weights (models[1])[j]), <, 0.01);
  g_object_unref (models[0]);
  g_object_unref (models[1]);
}

/* Data where the signal lies in the leading column and the next 200 are
 * noise, or where the leading column is noise and 20 later ones carry it. */
static void
make_blocks (gsize     n,
             gsize     d,
             gboolean  signal_leads,
             guint32   seed,
             float   **x,
             guint8  **y)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  *x = g_new (float, n * d);
  *y = g_new (guint8, n);
  for (gsize i = 0; i < n; i++)
    {
      double z = 0;

      for (gsize j = 0; j < d; j++)
        {
          float v = normal (rand);

          (*x)[i * d + j] = v;
          if (signal_leads ? j == 0 : (j >= 1 && j <= 20))
            z += (signal_leads ? 3.0 : 0.8) * v;
        }
      (*y)[i] = g_rand_double (rand) < 1.0 / (1.0 + exp (-z));
    }
}

static const double l2_candidates[] = { 0.1, 1, 10, 100, 1000, 10000, 100000 };

/* Cross-validation keeps a strong penalty where the later features are
 * noise and a weak one where they carry the signal; the final model is the
 * fit on all the samples with the chosen l2. */
static void
test_trainer_l2_search (void)
{
  const gsize n = 120;
  const gsize d = 201;

  for (guint signal_leads = 0; signal_leads < 2; signal_leads++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlTrainer) fixed = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlModel) model = NULL;
      g_autoptr(SlModel) refit = NULL;
      g_autoptr(SlModel) again = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree float *x = NULL;
      g_autofree guint8 *y = NULL;
      double chosen;

      make_blocks (n, d, signal_leads, 31 + signal_leads, &x, &y);
      sl_trainer_set_leading_block (trainer, 1, 0.01);
      sl_trainer_set_l2_search (trainer, l2_candidates, G_N_ELEMENTS (l2_candidates), 5);
      model = sl_trainer_fit (trainer, x, y, n, d, NULL, &error);
      g_assert_no_error (error);
      chosen = sl_trainer_get_last_l2 (trainer);
      if (signal_leads)
        g_assert_cmpfloat (chosen, >=, 1000);
      else
        g_assert_cmpfloat (chosen, <=, 100);

      /* The same data again: the same choice and the same model. */
      again = sl_trainer_fit (trainer, x, y, n, d, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (sl_trainer_get_last_l2 (trainer), ==, chosen);

      sl_trainer_set_leading_block (fixed, 1, 0.01);
      sl_trainer_set_l2 (fixed, chosen);
      refit = sl_trainer_fit (fixed, x, y, n, d, NULL, &error);
      g_assert_no_error (error);
      for (gsize j = 0; j < d; j++)
        {
          g_assert_cmpfloat (sl_model_get_weights (model)[j], ==, sl_model_get_weights (refit)[j]);
          g_assert_cmpfloat (sl_model_get_weights (model)[j], ==, sl_model_get_weights (again)[j]);
        }
      g_assert_cmpfloat (sl_model_get_bias (model), ==, sl_model_get_bias (refit));
    }
}

/* Too few samples of a class to fold: the search keeps the set l2. */
static void
test_trainer_l2_search_few (void)
{
  const float x[] = { 0, 1, 2, 3, 4, 5 };
  const guint8 y[] = { 0, 0, 0, 0, 1, 0 };
  g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GError) error = NULL;

  sl_trainer_set_l2 (trainer, 3.0);
  sl_trainer_set_l2_search (trainer, l2_candidates, G_N_ELEMENTS (l2_candidates), 5);
  model = sl_trainer_fit (trainer, x, y, 6, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (sl_trainer_get_last_l2 (trainer), ==, 3.0);
}

/* Newton and L-BFGS minimise the same objective: they agree. */
static void
test_trainer_solvers_agree (void)
{
  double true_w[20];
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autoptr(SlTrainer) newton = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlTrainer) lbfgs = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlModel) a = NULL;
  g_autoptr(SlModel) b = NULL;
  g_autoptr(GError) error = NULL;

  for (guint j = 0; j < G_N_ELEMENTS (true_w); j++)
    true_w[j] = (j % 3 == 0) ? 0.4 : (j % 3 == 1 ? -0.2 : 0);
  make_logistic (3000, 20, true_w, -1.0, 5, &x, &y);

  sl_trainer_set_solver (newton, SL_TRAINER_SOLVER_NEWTON);
  sl_trainer_set_solver (lbfgs, SL_TRAINER_SOLVER_LBFGS);
  sl_trainer_set_max_iterations (lbfgs, 1000);
  a = sl_trainer_fit (newton, x, y, 3000, 20, NULL, &error);
  g_assert_no_error (error);
  b = sl_trainer_fit (lbfgs, x, y, 3000, 20, NULL, &error);
  g_assert_no_error (error);
  for (guint j = 0; j < 20; j++)
    g_assert_cmpfloat_with_epsilon (sl_model_get_weights (a)[j], sl_model_get_weights (b)[j], 5e-3);
  g_assert_cmpfloat_with_epsilon (sl_model_get_bias (a), sl_model_get_bias (b), 5e-3);
}

/* y = [x₁ · x₂ > 0] is beyond a linear model but easy for one hidden layer. */
static void
test_trainer_mlp_nonlinear (void)
{
  const gsize n = 2000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree float *x = g_new (float, n * 2);
  g_autofree guint8 *y = g_new (guint8, n);
  g_autofree float *probs = g_new (float, n);
  g_autoptr(GArray) train = NULL;
  g_autoptr(GArray) test = NULL;
  g_autofree float *train_x = NULL;
  g_autofree guint8 *train_y = NULL;
  g_autofree float *test_x = NULL;
  g_autofree guint8 *test_y = NULL;
  double auc[2];

  for (gsize i = 0; i < n; i++)
    {
      x[2 * i] = normal (rand);
      x[2 * i + 1] = normal (rand);
      y[i] = x[2 * i] * x[2 * i + 1] > 0;
    }
  sl_metrics_stratified_split (y, n, 0.25, 1, &train, &test);
  train_x = g_new (float, train->len * 2);
  train_y = g_new (guint8, train->len);
  test_x = g_new (float, test->len * 2);
  test_y = g_new (guint8, test->len);
  for (guint i = 0; i < train->len; i++)
    {
      guint k = g_array_index (train, guint, i);

      train_x[2 * i] = x[2 * k];
      train_x[2 * i + 1] = x[2 * k + 1];
      train_y[i] = y[k];
    }
  for (guint i = 0; i < test->len; i++)
    {
      guint k = g_array_index (test, guint, i);

      test_x[2 * i] = x[2 * k];
      test_x[2 * i + 1] = x[2 * k + 1];
      test_y[i] = y[k];
    }

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (kind == 0 ? SL_MODEL_KIND_LOGREG : SL_MODEL_KIND_MLP);
      g_autoptr(SlModel) model = NULL;
      g_autoptr(GError) error = NULL;

      sl_trainer_set_hidden_units (trainer, 16);
      sl_trainer_set_learning_rate (trainer, 0.01);
      sl_trainer_set_patience (trainer, 10);
      model = sl_trainer_fit (trainer, train_x, train_y, train->len, 2, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sl_model_get_kind (model), ==, kind == 0 ? SL_MODEL_KIND_LOGREG : SL_MODEL_KIND_MLP);
      sl_model_predict_proba_batch (model, test_x, test->len, probs);
      auc[kind] = sl_metrics_roc_auc (probs, test_y, test->len);
    }
  g_assert_cmpfloat (auc[0], <, 0.65);
  g_assert_cmpfloat (auc[1], >, 0.95);
}

static GBytes *
fit_bytes (SlModelKind   kind,
           const float  *x,
           const guint8 *y,
           gsize         n,
           gsize         d,
           guint32       seed)
{
  g_autoptr(SlTrainer) trainer = sl_trainer_new (kind);
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GError) error = NULL;

  sl_trainer_set_seed (trainer, seed);
  sl_trainer_set_max_epochs (trainer, 5);
  model = sl_trainer_fit (trainer, x, y, n, d, NULL, &error);
  g_assert_no_error (error);
  return sl_model_serialize (model);
}

static void
test_trainer_deterministic (void)
{
  double w[300];
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;

  for (guint j = 0; j < G_N_ELEMENTS (w); j++)
    w[j] = j < 30 ? 0.2 : 0;
  make_logistic (600, 300, w, 0, 9, &x, &y);

  for (guint kind = 0; kind < 2; kind++)
    {
      g_autoptr(GBytes) a = fit_bytes (kind, x, y, 600, 300, 1);
      g_autoptr(GBytes) b = fit_bytes (kind, x, y, 600, 300, 1);

      g_assert_true (g_bytes_equal (a, b));
      if (kind == SL_MODEL_KIND_MLP)
        {
          g_autoptr(GBytes) c = fit_bytes (kind, x, y, 600, 300, 2);

          g_assert_false (g_bytes_equal (a, c));
        }
    }
}

static void
test_trainer_class_weights (void)
{
  const double w[] = { 1.0 };
  g_autofree float *x = NULL;
  g_autofree guint8 *y = NULL;
  g_autofree float *probs = g_new (float, 4000);
  double mean[2] = { 0, 0 };
  double class_mean[2] = { 0, 0 };
  guint positives = 0;

  /* A rare positive class. Unweighted, the mean probability is the positive
   * rate; weighted, the two classes' mean probabilities add up to one. */
  make_logistic (4000, 1, w, -4.5, 2, &x, &y);
  for (guint i = 0; i < 4000; i++)
    positives += y[i];
  g_assert_cmpuint (positives, <, 4000 / 5);

  for (guint weighted = 0; weighted < 2; weighted++)
    {
      g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
      g_autoptr(SlModel) model = NULL;
      g_autoptr(GError) error = NULL;

      sl_trainer_set_class_weights (trainer, weighted);
      model = sl_trainer_fit (trainer, x, y, 4000, 1, NULL, &error);
      g_assert_no_error (error);
      sl_model_predict_proba_batch (model, x, 4000, probs);
      for (guint i = 0; i < 4000; i++)
        {
          mean[weighted] += probs[i] / 4000;
          if (weighted)
            class_mean[y[i]] += probs[i] / (y[i] ? positives : 4000 - positives);
        }
    }
  g_assert_cmpfloat_with_epsilon (mean[0], positives / 4000.0, 0.005);
  g_assert_cmpfloat_with_epsilon (class_mean[0] + class_mean[1], 1.0, 0.01);
  g_assert_cmpfloat (mean[1], >, mean[0] + 0.1);
}

static void
test_trainer_errors (void)
{
  const float x[] = { 0, 1, 2, NAN };
  const guint8 one_class[] = { 1, 1, 1, 1 };
  const guint8 y[] = { 0, 1, 0, 1 };
  g_autoptr(SlTrainer) trainer = sl_trainer_new (SL_MODEL_KIND_LOGREG);
  g_autoptr(SlTrainer) mlp = sl_trainer_new (SL_MODEL_KIND_MLP);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SlModel) model = NULL;

  model = sl_trainer_fit (trainer, x, one_class, 3, 1, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID);
  g_clear_error (&error);

  model = sl_trainer_fit (trainer, x, y, 4, 1, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID);
  g_clear_error (&error);

  model = sl_trainer_fit (trainer, x, y, 0, 1, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  model = sl_trainer_fit (trainer, x, y, 3, 1, cancellable, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  model = sl_trainer_fit (mlp, x, y, 3, 1, cancellable, &error);
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_model_serialize (void)
{
  const float mean[] = { 1, 2 };
  const float scale[] = { 2, 0.5 };
  const float weights[] = { 0.5, -1 };
  const float w1[] = { 1, -1, 0.5, 0.25, 2, -0.5 };   /* 2 × 3 */
  const float b1[] = { 0.1, 0.2, -0.3 };
  const float w2[] = { 1, -2, 0.5 };
  const float row[] = { 3, 1 };
  g_autoptr(SlModel) logreg = sl_model_new_logreg (2, mean, scale, weights, 0.25);
  g_autoptr(SlModel) mlp = sl_model_new_mlp (2, 3, mean, scale, w1, b1, w2, -0.1f);
  SlModel *models[] = { logreg, mlp };
  double z1[3];
  double out;

  /* logreg: z = ((3 − 1) / 2, (1 − 2) / 0.5) = (1, −2); 0.5 + 2 + 0.25 = 2.75. */
  g_assert_cmpfloat_with_epsilon (sl_model_predict_proba (logreg, row), 1 / (1 + exp (-2.75)), 1e-6);
  /* mlp: hidden = relu (z · W1 + b1). */
  for (guint k = 0; k < 3; k++)
    z1[k] = MAX (0, 1 * w1[k] + -2 * w1[3 + k] + b1[k]);
  out = z1[0] * w2[0] + z1[1] * w2[1] + z1[2] * w2[2] - 0.1;
  g_assert_cmpfloat_with_epsilon (sl_model_predict_proba (mlp, row), 1 / (1 + exp (-out)), 1e-6);

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autoptr(GBytes) bytes = sl_model_serialize (models[i]);
      g_autoptr(SlModel) copy = NULL;
      g_autoptr(GBytes) truncated = NULL;
      g_autoptr(GBytes) corrupt = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *data = NULL;
      gsize size;

      copy = sl_model_new_from_bytes (bytes, sl_model_get_feature_spec (models[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (sl_model_predict_proba (copy, row), ==, sl_model_predict_proba (models[i], row));

      truncated = g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) - 4);
      g_assert_null (sl_model_new_from_bytes (truncated, NULL, &error));
      g_assert_error (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID);
      g_clear_error (&error);

      /* A NaN parameter is refused. */
      data = g_memdup2 (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
      memset (data + size - 4, 0xff, 4);
      corrupt = g_bytes_new (data, size);
      g_assert_null (sl_model_new_from_bytes (corrupt, NULL, &error));
      g_assert_error (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID);
      g_clear_error (&error);

      g_assert_null (sl_model_new_from_bytes (bytes, "{\"version\":1,\"dimension\":3}", &error));
      g_assert_error (error, SL_MODEL_ERROR, SL_MODEL_ERROR_INVALID);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/trainer/logreg/closed-form", test_trainer_closed_form);
  g_test_add_func ("/sl/trainer/logreg/recovers-weights", test_trainer_recovers_weights);
  g_test_add_func ("/sl/trainer/logreg/solvers-agree", test_trainer_solvers_agree);
  g_test_add_func ("/sl/trainer/logreg/class-weights", test_trainer_class_weights);
  g_test_add_func ("/sl/trainer/logreg/leading-block", test_trainer_leading_block);
  g_test_add_func ("/sl/trainer/logreg/blocks-solvers-agree", test_trainer_blocks_solvers_agree);
  g_test_add_func ("/sl/trainer/logreg/l2-search", test_trainer_l2_search);
  g_test_add_func ("/sl/trainer/logreg/l2-search-few", test_trainer_l2_search_few);
  g_test_add_func ("/sl/trainer/mlp/nonlinear", test_trainer_mlp_nonlinear);
  g_test_add_func ("/sl/trainer/deterministic", test_trainer_deterministic);
  g_test_add_func ("/sl/trainer/errors", test_trainer_errors);
  g_test_add_func ("/sl/model/serialize", test_model_serialize);

  return g_test_run ();
}
