#define G_LOG_DOMAIN "sl-trainer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cblas.h>
#include <glib/gi18n-lib.h>

#include "sl-metrics.h"
#include "sl-screening.h"
#include "sl-store-models.h"
#include "sl-trainer.h"

#define LBFGS_MEMORY 10

/* The l2 candidates of training from the store, for summed log loss over
 * standardised features: from as weak as scikit-learn's default to strong
 * enough to leave the interaction block out altogether. */
static const double default_l2_candidates[] = { 1, 10, 100, 1000, 10000, 100000 };

struct _SlTrainer
{
  GObject          parent_instance;

  SlModelKind      kind;
  guint32          seed;
  double           l2;
  gboolean         l2_set;
  guint            n_leading;
  double           l2_leading;
  double          *l2_candidates;
  guint            n_l2_candidates;
  guint            cv_folds;
  double           last_l2;
  gboolean         class_weights;
  SlTrainerSolver  solver;
  guint            max_iterations;
  guint            hidden;
  guint            max_epochs;
  guint            batch_size;
  double           learning_rate;
  guint            patience;
  guint            last_iterations;
};

G_DEFINE_FINAL_TYPE (SlTrainer, sl_trainer, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-trainer-error-quark, sl_trainer_error)

static void
sl_trainer_finalize (GObject *object)
{
  SlTrainer *self = (SlTrainer *)object;

  g_free (self->l2_candidates);

  G_OBJECT_CLASS (sl_trainer_parent_class)->finalize (object);
}

static void
sl_trainer_class_init (SlTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_trainer_finalize;
}

static void
sl_trainer_init (SlTrainer *self)
{
  self->seed = 42;
  self->class_weights = TRUE;
  self->solver = SL_TRAINER_SOLVER_AUTO;
  self->max_iterations = 300;
  self->hidden = 64;
  self->max_epochs = 200;
  self->batch_size = 200;
  self->learning_rate = 1e-3;
  self->patience = 5;
  self->last_l2 = NAN;
}

SlTrainer *
sl_trainer_new (SlModelKind kind)
{
  SlTrainer *self = g_object_new (SL_TYPE_TRAINER, NULL);

  self->kind = kind;
  return self;
}

SlModelKind
sl_trainer_get_kind (SlTrainer *self)
{
  g_return_val_if_fail (SL_IS_TRAINER (self), SL_MODEL_KIND_LOGREG);
  return self->kind;
}

void
sl_trainer_set_seed (SlTrainer *self,
                     guint32    seed)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  self->seed = seed;
}

guint32
sl_trainer_get_seed (SlTrainer *self)
{
  g_return_val_if_fail (SL_IS_TRAINER (self), 0);
  return self->seed;
}

void
sl_trainer_set_l2 (SlTrainer *self,
                   double     l2)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (l2 >= 0);
  self->l2 = l2;
  self->l2_set = TRUE;
}

void
sl_trainer_set_leading_block (SlTrainer *self,
                              guint      n_leading,
                              double     l2_leading)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (l2_leading >= 0);
  self->n_leading = n_leading;
  self->l2_leading = l2_leading;
}

void
sl_trainer_set_l2_search (SlTrainer    *self,
                          const double *candidates,
                          guint         n_candidates,
                          guint         folds)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (folds == 0 || (folds >= 2 && candidates != NULL && n_candidates > 0));

  g_clear_pointer (&self->l2_candidates, g_free);
  self->n_l2_candidates = 0;
  self->cv_folds = folds;
  if (folds == 0)
    return;
  for (guint i = 0; i < n_candidates; i++)
    g_return_if_fail (candidates[i] >= 0);
  self->l2_candidates = g_memdup2 (candidates, n_candidates * sizeof (double));
  self->n_l2_candidates = n_candidates;
}

void
sl_trainer_use_store_penalties (SlTrainer *self,
                                guint      n_leading)
{
  g_return_if_fail (SL_IS_TRAINER (self));

  sl_trainer_set_leading_block (self, n_leading, SL_TRAINER_DEFAULT_L2_LEADING);
  sl_trainer_set_l2_search (self, default_l2_candidates, G_N_ELEMENTS (default_l2_candidates),
                            SL_TRAINER_DEFAULT_CV_FOLDS);
}

double
sl_trainer_get_last_l2 (SlTrainer *self)
{
  g_return_val_if_fail (SL_IS_TRAINER (self), NAN);
  return self->last_l2;
}

void
sl_trainer_set_class_weights (SlTrainer *self,
                              gboolean   class_weights)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  self->class_weights = !!class_weights;
}

void
sl_trainer_set_solver (SlTrainer       *self,
                       SlTrainerSolver  solver)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  self->solver = solver;
}

void
sl_trainer_set_max_iterations (SlTrainer *self,
                               guint      max_iterations)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (max_iterations > 0);
  self->max_iterations = max_iterations;
}

void
sl_trainer_set_hidden_units (SlTrainer *self,
                             guint      hidden)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (hidden > 0 && hidden <= 4096);
  self->hidden = hidden;
}

void
sl_trainer_set_max_epochs (SlTrainer *self,
                           guint      max_epochs)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (max_epochs > 0);
  self->max_epochs = max_epochs;
}

void
sl_trainer_set_batch_size (SlTrainer *self,
                           guint      batch_size)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (batch_size > 0);
  self->batch_size = batch_size;
}

void
sl_trainer_set_learning_rate (SlTrainer *self,
                              double     learning_rate)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (learning_rate > 0);
  self->learning_rate = learning_rate;
}

void
sl_trainer_set_patience (SlTrainer *self,
                         guint      patience)
{
  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (patience > 0);
  self->patience = patience;
}

guint
sl_trainer_get_last_iterations (SlTrainer *self)
{
  g_return_val_if_fail (SL_IS_TRAINER (self), 0);
  return self->last_iterations;
}

static inline double
sigmoid (double z)
{
  if (z >= 0)
    return 1.0 / (1.0 + exp (-z));
  else
    {
      double e = exp (z);

      return e / (1.0 + e);
    }
}

/* log (1 + e^z) without overflow. */
static inline double
softplus (double z)
{
  return z > 0 ? z + log1p (exp (-z)) : log1p (exp (z));
}

/* Mean and standard deviation per column in one pass; constant columns get
 * scale 1. FALSE if a feature is not finite (the sums then are not either). */
static gboolean
standardisation (const float  *x,
                 gsize         n,
                 gsize         d,
                 float        *mean,
                 float        *scale,
                 GError      **error)
{
  g_autofree double *sum = g_new0 (double, d);
  g_autofree double *sq = g_new0 (double, d);

  for (gsize i = 0; i < n; i++)
    {
      const float *row = x + i * d;

      for (gsize j = 0; j < d; j++)
        {
          double v = row[j];

          sum[j] += v;
          sq[j] += v * v;
        }
    }
  for (gsize j = 0; j < d; j++)
    {
      double m = sum[j] / n;
      double var = sq[j] / n - m * m;
      double sd = sqrt (MAX (var, 0));

      if (!isfinite (sum[j]) || !isfinite (sq[j]))
        {
          g_set_error (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID,
                       _("Feature %" G_GSIZE_FORMAT " has a value that is not a finite number"), j);
          return FALSE;
        }
      mean[j] = m;
      /* Relative to the mean, so a large constant column is still constant. */
      scale[j] = sd > 1e-6 * MAX (1.0, fabs (m)) ? sd : 1.0f;
    }
  return TRUE;
}

/* Copies x standardised into a matrix of `stride` columns (the extra column, if any, is 1). */
static float *
standardised_copy (const float *x,
                   gsize        n,
                   gsize        d,
                   gsize        stride,
                   const float *mean,
                   const float *scale)
{
  g_autofree float *inverse = g_new (float, d);
  float *z = g_try_new (float, n * stride);

  if (z == NULL)
    return NULL;
  for (gsize j = 0; j < d; j++)
    inverse[j] = 1.0f / scale[j];
  for (gsize i = 0; i < n; i++)
    {
      const float *row = x + i * d;
      float *zr = z + i * stride;

      for (gsize j = 0; j < d; j++)
        zr[j] = (row[j] - mean[j]) * inverse[j];
      for (gsize j = d; j < stride; j++)
        zr[j] = 1.0f;
    }
  return z;
}

static gboolean
check_input (const float   *x,
             const guint8  *y,
             gsize          n,
             gsize          d,
             double        *sample_weight_pos,
             double        *sample_weight_neg,
             gboolean       class_weights,
             GError       **error)
{
  gsize positives = 0;

  if (n == 0 || d == 0)
    {
      g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID,
                           _("There are no samples to train on"));
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (y[i] > 1)
        {
          g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID,
                               _("A label is neither 0 nor 1"));
          return FALSE;
        }
      positives += y[i];
    }
  if (positives == 0 || positives == n)
    {
      g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_INVALID,
                           _("Training needs both shortlisted and rejected samples"));
      return FALSE;
    }
  if (class_weights)
    {
      *sample_weight_pos = (double)n / (2.0 * positives);
      *sample_weight_neg = (double)n / (2.0 * (n - positives));
    }
  else
    *sample_weight_pos = *sample_weight_neg = 1.0;
  return TRUE;
}

/* Logistic regression in standardised units over the raw rows: with
 * v = w / scale and c = b − v · mean, the margin is x · v + c, so the
 * standardised copy of x is never made. theta holds w then b (p = d + 1). */
typedef struct
{
  const float  *x;           /* n × d */
  const guint8 *y;
  gsize         n;
  gsize         d;
  gsize         p;
  double        weight[2];   /* per class */
  const double *penalty;     /* d: the L2 penalty of each weight */
  const float  *mean;
  const float  *inverse_scale;
  float        *v;           /* d */
  float        *margin;      /* n */
  float        *residual;    /* n */
  float        *grad_f;      /* d */
} LogReg;

/* The objective at theta; fills grad (p) and leaves the margins in self->margin. */
static double
logreg_eval (LogReg       *self,
             const double *theta,
             double       *grad)
{
  gsize d = self->d;
  double offset = theta[d];
  double residual_sum = 0;
  double f = 0;

  for (gsize j = 0; j < d; j++)
    {
      double v = theta[j] * self->inverse_scale[j];

      self->v[j] = v;
      offset -= v * self->mean[j];
    }
  cblas_sgemv (CblasRowMajor, CblasNoTrans, self->n, d, 1.0f, self->x, d,
               self->v, 1, 0.0f, self->margin, 1);
  for (gsize i = 0; i < self->n; i++)
    {
      double m = self->margin[i] + offset;
      double s = self->weight[self->y[i]];
      double r = s * (sigmoid (m) - self->y[i]);

      f += s * (softplus (m) - (self->y[i] ? m : 0));
      self->margin[i] = m;
      self->residual[i] = r;
      residual_sum += r;
    }
  cblas_sgemv (CblasRowMajor, CblasTrans, self->n, d, 1.0f, self->x, d,
               self->residual, 1, 0.0f, self->grad_f, 1);
  /* Back to standardised units; the bias, last, is not penalised. */
  for (gsize j = 0; j < d; j++)
    {
      grad[j] = self->inverse_scale[j] * (self->grad_f[j] - self->mean[j] * residual_sum) +
                self->penalty[j] * theta[j];
      f += 0.5 * self->penalty[j] * theta[j] * theta[j];
    }
  grad[d] = residual_sum;
  return f;
}

static double
max_abs (const double *v,
         gsize         n)
{
  double m = 0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, fabs (v[i]));
  return m;
}

static double
dot (const double *a,
     const double *b,
     gsize         n)
{
  double s = 0;

  for (gsize i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

/* In-place Cholesky factorisation of the symmetric positive definite p × p
 * matrix a (lower triangle used and overwritten). FALSE if not positive definite. */
static gboolean
cholesky (double *a,
          gsize   p)
{
  for (gsize j = 0; j < p; j++)
    {
      double diag = a[j * p + j];

      for (gsize k = 0; k < j; k++)
        diag -= a[j * p + k] * a[j * p + k];
      if (!(diag > 0))
        return FALSE;
      diag = sqrt (diag);
      a[j * p + j] = diag;
      for (gsize i = j + 1; i < p; i++)
        {
          double s = a[i * p + j];

          for (gsize k = 0; k < j; k++)
            s -= a[i * p + k] * a[j * p + k];
          a[i * p + j] = s / diag;
        }
    }
  return TRUE;
}

/* Solves L Lᵀ x = b in place. */
static void
cholesky_solve (const double *l,
                gsize         p,
                double       *b)
{
  for (gsize i = 0; i < p; i++)
    {
      double s = b[i];

      for (gsize k = 0; k < i; k++)
        s -= l[i * p + k] * b[k];
      b[i] = s / l[i * p + i];
    }
  for (gsize i = p; i-- > 0;)
    {
      double s = b[i];

      for (gsize k = i + 1; k < p; k++)
        s -= l[k * p + i] * b[k];
      b[i] = s / l[i * p + i];
    }
}

static gboolean
logreg_newton (SlTrainer     *self,
               LogReg        *lr,
               double        *theta,
               GCancellable  *cancellable,
               GError       **error)
{
  gsize n = lr->n;
  gsize p = lr->p;
  g_autofree double *grad = g_new0 (double, p);
  g_autofree double *step = g_new0 (double, p);
  g_autofree double *trial = g_new0 (double, p);
  g_autofree double *trial_grad = g_new0 (double, p);
  g_autofree double *hessian = g_new0 (double, p * p);
  g_autofree float *hessian_f = g_new0 (float, p * p);
  g_autofree float *scaled = g_try_new (float, n * p);
  double f;
  guint iter;

  if (scaled == NULL)
    {
      g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_FAILED,
                           _("Not enough memory to train"));
      return FALSE;
    }

  f = logreg_eval (lr, theta, grad);
  for (iter = 0; iter < self->max_iterations; iter++)
    {
      double alpha = 1.0;
      double f_trial;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* H = Zᵀ D Z + λ I, with D = s σ (1 − σ), from the margins of the last evaluation. */
      for (gsize i = 0; i < n; i++)
        {
          double prob = sigmoid (lr->margin[i]);
          float w = sqrt (lr->weight[lr->y[i]] * prob * (1.0 - prob));
          const float *xr = lr->x + i * lr->d;
          float *sr = scaled + i * p;

          for (gsize j = 0; j < lr->d; j++)
            sr[j] = w * (xr[j] - lr->mean[j]) * lr->inverse_scale[j];
          sr[lr->d] = w;
        }
      cblas_ssyrk (CblasRowMajor, CblasLower, CblasTrans, p, n, 1.0f, scaled, p,
                   0.0f, hessian_f, p);
      for (gsize i = 0; i < p; i++)
        for (gsize j = 0; j <= i; j++)
          hessian[i * p + j] = hessian_f[i * p + j];
      for (gsize j = 0; j < p; j++)
        hessian[j * p + j] += (j + 1 < p ? lr->penalty[j] : 0) + 1e-8 * (1.0 + hessian[j * p + j]);

      if (!cholesky (hessian, p))
        {
          g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_FAILED,
                               _("The training problem is degenerate (the Hessian is singular)"));
          return FALSE;
        }
      memcpy (step, grad, p * sizeof (double));
      cholesky_solve (hessian, p, step);

      /* Halve the step until the objective decreases. */
      for (guint halvings = 0; ; halvings++)
        {
          for (gsize j = 0; j < p; j++)
            trial[j] = theta[j] - alpha * step[j];
          f_trial = logreg_eval (lr, trial, trial_grad);
          if (f_trial <= f - 1e-4 * alpha * dot (grad, step, p) || halvings >= 30)
            break;
          alpha /= 2;
        }
      if (f_trial > f)
        {
          /* No progress at all: θ is optimal to float precision. Restore its margins. */
          f = logreg_eval (lr, theta, grad);
          break;
        }

      memcpy (theta, trial, p * sizeof (double));
      memcpy (grad, trial_grad, p * sizeof (double));
      g_debug ("newton %u: f %.8g → %.8g, step %g", iter, f, f_trial, alpha * max_abs (step, p));
      if (alpha * max_abs (step, p) < 1e-6 || f - f_trial <= 1e-12 * MAX (1.0, fabs (f)))
        {
          f = f_trial;
          iter++;
          break;
        }
      f = f_trial;
    }

  self->last_iterations = iter;
  return TRUE;
}

static gboolean
logreg_lbfgs (SlTrainer     *self,
              LogReg        *lr,
              double        *theta,
              GCancellable  *cancellable,
              GError       **error)
{
  gsize p = lr->p;
  g_autofree double *grad = g_new0 (double, p);
  g_autofree double *dir = g_new0 (double, p);
  g_autofree double *trial = g_new0 (double, p);
  g_autofree double *trial_grad = g_new0 (double, p);
  g_autofree double *s_hist = g_new0 (double, LBFGS_MEMORY * p);
  g_autofree double *y_hist = g_new0 (double, LBFGS_MEMORY * p);
  double rho[LBFGS_MEMORY];
  double alpha_hist[LBFGS_MEMORY];
  double total_weight = 0;
  double f;
  guint stored = 0;
  guint newest = 0;
  guint iter;
  guint evaluations = 1;

  /* Stop when the largest gradient component is this small relative to the
   * total sample weight: the mean log loss's gradient is then below 5e-5. */
  for (gsize i = 0; i < lr->n; i++)
    total_weight += lr->weight[lr->y[i]];

  f = logreg_eval (lr, theta, grad);
  for (iter = 0; iter < self->max_iterations; iter++)
    {
      double step = 1.0;
      double slope;
      double f_trial = f;
      double gamma = 1.0;
      gboolean accepted = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (max_abs (grad, p) <= 5e-5 * total_weight)
        break;

      /* Two-loop recursion: dir = −H g. */
      for (gsize j = 0; j < p; j++)
        dir[j] = -grad[j];
      for (guint k = 0; k < stored; k++)
        {
          guint idx = (newest + LBFGS_MEMORY - k) % LBFGS_MEMORY;

          alpha_hist[idx] = rho[idx] * dot (s_hist + idx * p, dir, p);
          for (gsize j = 0; j < p; j++)
            dir[j] -= alpha_hist[idx] * y_hist[idx * p + j];
        }
      if (stored > 0)
        {
          double yy = dot (y_hist + newest * p, y_hist + newest * p, p);

          gamma = 1.0 / (rho[newest] * yy);
        }
      else
        gamma = 1.0 / MAX (sqrt (dot (grad, grad, p)), 1e-12);
      for (gsize j = 0; j < p; j++)
        dir[j] *= gamma;
      for (guint k = stored; k-- > 0;)
        {
          guint idx = (newest + LBFGS_MEMORY - k) % LBFGS_MEMORY;
          double beta = rho[idx] * dot (y_hist + idx * p, dir, p);

          for (gsize j = 0; j < p; j++)
            dir[j] += (alpha_hist[idx] - beta) * s_hist[idx * p + j];
        }

      slope = dot (grad, dir, p);
      if (!(slope < 0))
        {
          /* Not a descent direction: forget the history and follow the gradient. */
          stored = 0;
          gamma = 1.0 / MAX (sqrt (dot (grad, grad, p)), 1e-12);
          for (gsize j = 0; j < p; j++)
            dir[j] = -gamma * grad[j];
          slope = dot (grad, dir, p);
        }

      /* Backtracking line search with the Armijo condition. */
      for (guint tries = 0; tries < 40; tries++)
        {
          for (gsize j = 0; j < p; j++)
            trial[j] = theta[j] + step * dir[j];
          f_trial = logreg_eval (lr, trial, trial_grad);
          evaluations++;
          if (f_trial <= f + 1e-4 * step * slope)
            {
              accepted = TRUE;
              break;
            }
          step *= 0.5;
        }
      if (!accepted)
        break;

      {
        guint slot = stored == 0 ? 0 : (newest + 1) % LBFGS_MEMORY;
        double sy = 0;

        for (gsize j = 0; j < p; j++)
          {
            s_hist[slot * p + j] = trial[j] - theta[j];
            y_hist[slot * p + j] = trial_grad[j] - grad[j];
          }
        sy = dot (s_hist + slot * p, y_hist + slot * p, p);
        if (sy > 1e-10)
          {
            rho[slot] = 1.0 / sy;
            newest = slot;
            stored = MIN (stored + 1, LBFGS_MEMORY);
          }
      }

      memcpy (theta, trial, p * sizeof (double));
      memcpy (grad, trial_grad, p * sizeof (double));
      if (f - f_trial <= 1e-10 * MAX (1.0, fabs (f)))
        {
          f = f_trial;
          iter++;
          break;
        }
      f = f_trial;
    }

  g_debug ("lbfgs: %u iterations, %u evaluations, f %.8g, |g| %g",
           iter, evaluations, f, max_abs (grad, p));
  self->last_iterations = iter;
  return TRUE;
}

/* Copies the rows named by indices out of x and y. */
static void
gather_rows (const float  *x,
             const guint8 *y,
             gsize         d,
             const guint  *indices,
             gsize         count,
             float       **out_x,
             guint8      **out_y)
{
  *out_x = g_new (float, MAX (count * d, 1));
  *out_y = g_new (guint8, MAX (count, 1));
  for (gsize i = 0; i < count; i++)
    {
      memcpy (*out_x + i * d, x + (gsize)indices[i] * d, d * sizeof (float));
      (*out_y)[i] = y[indices[i]];
    }
}

static SlModel *
fit_logreg_l2 (SlTrainer     *self,
               const float   *x,
               const guint8  *y,
               gsize          n,
               gsize          d,
               const double  *class_weight,
               double         l2,
               double        *warm,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree float *mean = g_new (float, d);
  g_autofree float *scale = g_new (float, d);
  g_autofree float *inverse_scale = g_new (float, d);
  g_autofree float *v = g_new0 (float, d);
  g_autofree float *margin = g_new0 (float, n);
  g_autofree float *residual = g_new0 (float, n);
  g_autofree float *grad_f = g_new0 (float, d);
  g_autofree double *theta = g_new0 (double, d + 1);
  g_autofree double *penalty = g_new (double, d);
  g_autofree float *weights = g_new (float, d);
  SlTrainerSolver solver = self->solver;
  LogReg lr;
  gboolean ok;

  g_autofree double *reparam = g_new (double, d);
  double reference = 0;

  if (!standardisation (x, n, d, mean, scale, error))
    return NULL;

  /* The optimisers work on u with w_j = c_j u_j, c_j = √(λ_ref / λ_j) for
   * the features penalised more than the least penalised ones: the penalty
   * is then the same for all, and a block penalised 10⁵ times harder does
   * not make the problem ill-conditioned. The optimum is the same. */
  for (gsize j = 0; j < d; j++)
    {
      double l = j < self->n_leading ? self->l2_leading : l2;

      if (l > 0 && (reference == 0 || l < reference))
        reference = l;
    }
  for (gsize j = 0; j < d; j++)
    {
      double l = j < self->n_leading ? self->l2_leading : l2;

      reparam[j] = reference > 0 && l > reference ? sqrt (reference / l) : 1.0;
      inverse_scale[j] = reparam[j] / scale[j];
      penalty[j] = l * reparam[j] * reparam[j];
    }
  /* A warm start: warm holds standardised weights and the bias. */
  if (warm != NULL)
    {
      for (gsize j = 0; j < d; j++)
        theta[j] = warm[j] / reparam[j];
      theta[d] = warm[d];
    }

  lr.x = x;
  lr.y = y;
  lr.n = n;
  lr.d = d;
  lr.p = d + 1;
  lr.mean = mean;
  lr.inverse_scale = inverse_scale;
  lr.v = v;
  lr.weight[0] = class_weight[0];
  lr.weight[1] = class_weight[1];
  lr.penalty = penalty;
  lr.margin = margin;
  lr.residual = residual;
  lr.grad_f = grad_f;

  if (solver == SL_TRAINER_SOLVER_AUTO)
    solver = d <= SL_TRAINER_NEWTON_MAX_FEATURES ? SL_TRAINER_SOLVER_NEWTON : SL_TRAINER_SOLVER_LBFGS;
  if (solver == SL_TRAINER_SOLVER_NEWTON)
    ok = logreg_newton (self, &lr, theta, cancellable, error);
  else
    ok = logreg_lbfgs (self, &lr, theta, cancellable, error);
  if (!ok)
    return NULL;

  if (warm != NULL)
    {
      for (gsize j = 0; j < d; j++)
        warm[j] = theta[j] * reparam[j];
      warm[d] = theta[d];
    }
  for (gsize j = 0; j < d; j++)
    weights[j] = theta[j] * reparam[j];
  return sl_model_new_logreg (d, mean, scale, weights, theta[d]);
}

/* Stratified k-fold cross-validation of each candidate l2 on x and y alone;
 * *chosen receives the candidate of the one-standard-error rule (see
 * sl_trainer_set_l2_search ()), or fallback when there are too few samples
 * of a class to fold. */
static gboolean
select_l2 (SlTrainer     *self,
           const float   *x,
           const guint8  *y,
           gsize          n,
           gsize          d,
           double         fallback,
           double        *chosen,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree guint *folds = NULL;
  g_autofree guint *order = NULL;
  g_autofree double *auc_sum = g_new0 (double, self->n_l2_candidates);
  g_autofree double *auc_sq = g_new0 (double, self->n_l2_candidates);
  gsize positives = 0;
  guint k;
  guint best = 0;

  for (gsize i = 0; i < n; i++)
    positives += y[i];
  k = MIN (self->cv_folds, MIN (positives, n - positives));
  *chosen = fallback;
  if (k < 2)
    return TRUE;

  /* The candidates from the strongest penalty to the weakest (insertion sort). */
  order = g_new (guint, self->n_l2_candidates);
  for (guint c = 0; c < self->n_l2_candidates; c++)
    {
      guint o = c;

      for (; o > 0 && self->l2_candidates[order[o - 1]] < self->l2_candidates[c]; o--)
        order[o] = order[o - 1];
      order[o] = c;
    }

  /* Another seed than the caller's hold-out split, so the folds do not line up with it. */
  folds = sl_metrics_stratified_folds (y, n, k, self->seed ^ 0x9e3779b9u);
  for (guint f = 0; f < k; f++)
    {
      g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autofree float *train_x = NULL;
      g_autofree guint8 *train_y = NULL;
      g_autofree float *test_x = NULL;
      g_autofree guint8 *test_y = NULL;
      g_autofree float *probs = NULL;
      g_autofree double *warm = NULL;
      double class_weight[2];

      for (guint i = 0; i < n; i++)
        g_array_append_val (folds[i] == f ? test : train, i);
      gather_rows (x, y, d, (const guint *)(gconstpointer)train->data, train->len, &train_x, &train_y);
      gather_rows (x, y, d, (const guint *)(gconstpointer)test->data, test->len, &test_x, &test_y);
      if (!check_input (train_x, train_y, train->len, d, &class_weight[1], &class_weight[0],
                        self->class_weights, error))
        return FALSE;
      probs = g_new (float, MAX (test->len, 1));
      warm = g_new0 (double, d + 1);

      /* Along the path from the strongest penalty to the weakest, each fit
       * starts from the last one's weights. */
      for (guint o = 0; o < self->n_l2_candidates; o++)
        {
          g_autoptr(SlModel) model = NULL;
          guint c = order[o];
          double auc;

          if (!(model = fit_logreg_l2 (self, train_x, train_y, train->len, d, class_weight,
                                       self->l2_candidates[c], warm, cancellable, error)))
            return FALSE;
          sl_model_predict_proba_batch (model, test_x, test->len, probs);
          auc = sl_metrics_roc_auc (probs, test_y, test->len);
          auc_sum[c] += auc;
          auc_sq[c] += auc * auc;
        }
    }

  /* The one-standard-error rule: the best mean fold ROC AUC, less its
   * standard error, is the bar; the strongest penalty that clears it wins.
   * Where the folds cannot tell the candidates apart (all separate the
   * classes perfectly, say), the simplest model is kept. */
  for (guint c = 1; c < self->n_l2_candidates; c++)
    if (auc_sum[c] > auc_sum[best])
      best = c;
  {
    double mean = auc_sum[best] / k;
    double variance = MAX ((auc_sq[best] - k * mean * mean) / (k - 1), 0.0);
    double bar = mean - sqrt (variance / k) - 1e-12;
    guint simplest = best;

    for (guint c = 0; c < self->n_l2_candidates; c++)
      if (auc_sum[c] / k >= bar && self->l2_candidates[c] > self->l2_candidates[simplest])
        simplest = c;
    for (guint c = 0; c < self->n_l2_candidates; c++)
      g_debug ("l2 %g: mean fold ROC AUC %.4f%s%s", self->l2_candidates[c], auc_sum[c] / k,
               c == best ? " (best)" : "", c == simplest ? " (chosen)" : "");
    *chosen = self->l2_candidates[simplest];
  }
  return TRUE;
}

static SlModel *
fit_logreg (SlTrainer     *self,
            const float   *x,
            const guint8  *y,
            gsize          n,
            gsize          d,
            const double  *class_weight,
            GCancellable  *cancellable,
            GError       **error)
{
  double l2 = self->l2_set ? self->l2 : 1.0;

  if (self->cv_folds > 0 && self->n_l2_candidates > 0 &&
      !select_l2 (self, x, y, n, d, l2, &l2, cancellable, error))
    return NULL;
  self->last_l2 = l2;
  return fit_logreg_l2 (self, x, y, n, d, class_weight, l2, NULL, cancellable, error);
}

/* The MLP's parameters, in one block so Adam updates them in one loop. */
typedef struct
{
  gsize  d;
  gsize  h;
  gsize  size;
  float *data;
  float *w1;     /* d × h */
  float *b1;     /* h */
  float *w2;     /* h */
  float *b2;     /* 1 */
} MlpParams;

static void
mlp_params_init (MlpParams *mp,
                 gsize      d,
                 gsize      h)
{
  mp->d = d;
  mp->h = h;
  mp->size = d * h + h + h + 1;
  mp->data = g_new0 (float, mp->size);
  mp->w1 = mp->data;
  mp->b1 = mp->w1 + d * h;
  mp->w2 = mp->b1 + h;
  mp->b2 = mp->w2 + h;
}

static void
mlp_params_clear (MlpParams *mp)
{
  g_clear_pointer (&mp->data, g_free);
}

/* Forward pass over rows of z: hidden activations into hid (rows × h), probabilities into out. */
static void
mlp_forward (const MlpParams *mp,
             const float     *z,
             gsize            rows,
             float           *hid,
             float           *out)
{
  gsize h = mp->h;

  for (gsize r = 0; r < rows; r++)
    memcpy (hid + r * h, mp->b1, h * sizeof (float));
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, h, mp->d,
               1.0f, z, mp->d, mp->w1, h, 1.0f, hid, h);
  for (gsize i = 0; i < rows * h; i++)
    hid[i] = MAX (hid[i], 0.0f);
  cblas_sgemv (CblasRowMajor, CblasNoTrans, rows, h, 1.0f, hid, h, mp->w2, 1, 0.0f, out, 1);
  for (gsize r = 0; r < rows; r++)
    out[r] = sigmoid (out[r] + mp->b2[0]);
}

static double
mlp_loss (const MlpParams *mp,
          const float     *z,
          const guint8    *y,
          const guint     *rows,
          gsize            n_rows,
          const double    *class_weight,
          float           *zbuf,
          float           *hid,
          float           *out,
          gsize            chunk)
{
  double loss = 0;
  double total = 0;

  for (gsize start = 0; start < n_rows; start += chunk)
    {
      gsize count = MIN (chunk, n_rows - start);

      for (gsize r = 0; r < count; r++)
        memcpy (zbuf + r * mp->d, z + (gsize)rows[start + r] * mp->d, mp->d * sizeof (float));
      mlp_forward (mp, zbuf, count, hid, out);
      for (gsize r = 0; r < count; r++)
        {
          guint8 label = y[rows[start + r]];
          double prob = CLAMP ((double)out[r], 1e-7, 1 - 1e-7);
          double s = class_weight[label];

          loss -= s * (label ? log (prob) : log (1 - prob));
          total += s;
        }
    }
  return total > 0 ? loss / total : 0;
}

static SlModel *
fit_mlp (SlTrainer     *self,
         const float   *x,
         const guint8  *y,
         gsize          n,
         gsize          d,
         const double  *class_weight,
         GCancellable  *cancellable,
         GError       **error)
{
  const double beta1 = 0.9;
  const double beta2 = 0.999;
  const double epsilon = 1e-8;
  gsize h = self->hidden;
  gsize batch = MIN ((gsize)self->batch_size, n);
  g_autofree float *mean = g_new (float, d);
  g_autofree float *scale = g_new (float, d);
  g_autofree float *z = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (self->seed);
  g_autoptr(GArray) train = NULL;
  g_autoptr(GArray) valid = NULL;
  g_autofree float *m = NULL;
  g_autofree float *v = NULL;
  float *grad;
  g_autofree float *best = NULL;
  g_autofree float *zb = g_new (float, batch * d);
  g_autofree float *hid = g_new (float, batch * h);
  g_autofree float *dhid = g_new (float, batch * h);
  g_autofree float *out = g_new (float, batch);
  g_autofree float *dout = g_new (float, batch);
  MlpParams params = { 0 };
  MlpParams gparams = { 0 };
  double best_loss = INFINITY;
  guint since_best = 0;
  guint64 t = 0;
  guint epoch;
  float limit;

  if (!standardisation (x, n, d, mean, scale, error))
    return NULL;
  if (!(z = standardised_copy (x, n, d, d, mean, scale)))
    {
      g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_FAILED,
                           _("Not enough memory to train"));
      return NULL;
    }

  /* Early stopping watches a stratified tenth of the samples, when there are enough. */
  if (n >= 20)
    sl_metrics_stratified_split (y, n, 0.1, self->seed ^ 0x5bd1e995u, &train, &valid);
  else
    {
      train = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
      valid = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < n; i++)
        g_array_append_val (train, i);
    }

  /* Glorot initialisation, as scikit-learn's (factor 2 for the logistic output). */
  mlp_params_init (&params, d, h);
  mlp_params_init (&gparams, d, h);
  limit = sqrt (6.0 / (d + h));
  for (gsize i = 0; i < d * h + h; i++)
    params.data[i] = g_rand_double_range (rand, -limit, limit);
  limit = sqrt (2.0 / (h + 1));
  for (gsize i = 0; i < h + 1; i++)
    params.w2[i] = g_rand_double_range (rand, -limit, limit);

  m = g_new0 (float, params.size);
  v = g_new0 (float, params.size);
  best = g_memdup2 (params.data, params.size * sizeof (float));
  grad = gparams.data;

  for (epoch = 0; epoch < self->max_epochs; epoch++)
    {
      guint *order = (guint *)(gpointer)train->data;
      double loss;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          mlp_params_clear (&params);
          mlp_params_clear (&gparams);
          return NULL;
        }

      for (gsize i = train->len; i > 1; i--)
        {
          gsize j = g_rand_int_range (rand, 0, i);
          guint tmp = order[i - 1];

          order[i - 1] = order[j];
          order[j] = tmp;
        }

      for (gsize start = 0; start < train->len; start += batch)
        {
          gsize count = MIN (batch, train->len - start);
          double lr_t;
          float gb2 = 0;

          for (gsize r = 0; r < count; r++)
            memcpy (zb + r * d, z + (gsize)order[start + r] * d, d * sizeof (float));
          mlp_forward (&params, zb, count, hid, out);

          for (gsize r = 0; r < count; r++)
            {
              guint8 label = y[order[start + r]];

              dout[r] = class_weight[label] * (out[r] - label) / count;
              gb2 += dout[r];
            }
          /* Output layer: gw2 = Hᵀ dout; hidden layer: dH = dout w2ᵀ ⊙ [H > 0]. */
          cblas_sgemv (CblasRowMajor, CblasTrans, count, h, 1.0f, hid, h, dout, 1,
                       0.0f, gparams.w2, 1);
          gparams.b2[0] = gb2;
          memset (gparams.b1, 0, h * sizeof (float));
          for (gsize r = 0; r < count; r++)
            {
              float *dh = dhid + r * h;
              const float *hr = hid + r * h;

              for (gsize k = 0; k < h; k++)
                {
                  dh[k] = hr[k] > 0 ? dout[r] * params.w2[k] : 0.0f;
                  gparams.b1[k] += dh[k];
                }
            }
          /* gW1 = Zbᵀ dH + α W1 / count. */
          memcpy (gparams.w1, params.w1, d * h * sizeof (float));
          cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, d, h, count,
                       1.0f, zb, d, dhid, h, (self->l2_set ? self->l2 : 1e-4) / count,
                       gparams.w1, h);
          for (gsize k = 0; k < h; k++)
            gparams.w2[k] += (self->l2_set ? self->l2 : 1e-4) / count * params.w2[k];

          t++;
          lr_t = self->learning_rate * sqrt (1 - pow (beta2, t)) / (1 - pow (beta1, t));
          for (gsize i = 0; i < params.size; i++)
            {
              m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
              v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
              params.data[i] -= lr_t * m[i] / (sqrtf (v[i]) + epsilon);
            }
        }

      if (valid->len == 0)
        continue;
      loss = mlp_loss (&params, z, y, (const guint *)(gconstpointer)valid->data, valid->len,
                       class_weight, zb, hid, out, batch);
      g_debug ("mlp epoch %u: validation loss %.6f", epoch, loss);
      if (!isfinite (loss))
        {
          mlp_params_clear (&params);
          mlp_params_clear (&gparams);
          g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_FAILED,
                               _("Training diverged: try a smaller learning rate"));
          return NULL;
        }
      if (loss < best_loss - 1e-4)
        {
          best_loss = loss;
          since_best = 0;
          memcpy (best, params.data, params.size * sizeof (float));
        }
      else if (++since_best >= self->patience)
        {
          epoch++;
          break;
        }
    }

  if (valid->len > 0)
    memcpy (params.data, best, params.size * sizeof (float));
  self->last_iterations = epoch;

  {
    SlModel *model = sl_model_new_mlp (d, h, mean, scale, params.w1, params.b1, params.w2,
                                       params.b2[0]);

    mlp_params_clear (&params);
    mlp_params_clear (&gparams);
    return model;
  }
}

SlModel *
sl_trainer_fit (SlTrainer     *self,
                const float   *x,
                const guint8  *y,
                gsize          n,
                gsize          d,
                GCancellable  *cancellable,
                GError       **error)
{
  double class_weight[2];

  g_return_val_if_fail (SL_IS_TRAINER (self), NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (!check_input (x, y, n, d, &class_weight[1], &class_weight[0], self->class_weights, error))
    return NULL;

  if (self->kind == SL_MODEL_KIND_MLP)
    return fit_mlp (self, x, y, n, d, class_weight, cancellable, error);
  return fit_logreg (self, x, y, n, d, class_weight, cancellable, error);
}

void
sl_training_options_init (SlTrainingOptions *options)
{
  g_return_if_fail (options != NULL);

  options->threshold = SL_TRAINING_DEFAULT_THRESHOLD;
  options->force = FALSE;
  options->margin = 0.01;
  options->holdout_fraction = 0.2;
  options->feature_spec = NULL;
}

void
sl_training_outcome_free (SlTrainingOutcome *outcome)
{
  if (outcome == NULL)
    return;
  g_clear_pointer (&outcome->metrics, sl_metrics_free);
  g_free (outcome->evaluation);
  g_free (outcome->reason);
  g_free (outcome);
}

/* The review ids a version was trained on, from its sample_ids JSON. */
static GHashTable *
parse_sample_ids (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GHashTable *ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return ids;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node))
        {
          gint64 *id = g_new (gint64, 1);

          *id = json_node_get_int (node);
          g_hash_table_add (ids, id);
        }
    }
  return ids;
}

/* The active version as a model that can score rows of dimension d, or
 * NULL; *seen receives the ids of the reviews it was trained on. */
static SlModel *
load_champion (SlStore     *store,
               gsize        d,
               const char  *feature_spec,
               gint64      *champion_id,
               GHashTable **seen,
               GError     **error)
{
  g_autoptr(SlModelVersion) version = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(GError) local_error = NULL;

  *champion_id = 0;
  if (!sl_store_get_active_model_version (store, &version, error))
    return NULL;
  if (version == NULL)
    return NULL;
  *champion_id = version->id;
  *seen = parse_sample_ids (version->sample_ids_json);
  if (!(model = sl_model_new_from_bytes (version->parameters, version->feature_spec, &local_error)))
    {
      g_debug ("Active version %" G_GINT64_FORMAT " cannot be loaded: %s",
               version->id, local_error->message);
      return NULL;
    }
  if (sl_model_get_n_features (model) != d ||
      sl_model_feature_spec_version (version->feature_spec) != sl_model_feature_spec_version (feature_spec))
    return NULL;
  return g_steal_pointer (&model);
}

static char *
build_metrics_json (SlTrainingOutcome *outcome,
                    SlTrainer         *self,
                    gsize              n_train,
                    double             margin)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  sl_metrics_add_to_builder (outcome->metrics, builder, 51);
  json_builder_set_member_name (builder, "evaluation");
  json_builder_add_string_value (builder, outcome->evaluation);
  json_builder_set_member_name (builder, "training_samples");
  json_builder_add_int_value (builder, n_train);
  json_builder_set_member_name (builder, "champion_id");
  if (outcome->champion_id > 0)
    json_builder_add_int_value (builder, outcome->champion_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "champion_roc_auc");
  if (isfinite (outcome->champion_auc))
    json_builder_add_double_value (builder, outcome->champion_auc);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "compared_samples");
  json_builder_add_int_value (builder, outcome->compared_samples);
  json_builder_set_member_name (builder, "compared_roc_auc");
  if (isfinite (outcome->compared_auc))
    json_builder_add_double_value (builder, outcome->compared_auc);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "margin");
  json_builder_add_double_value (builder, margin);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, self->seed);
  json_builder_set_member_name (builder, "trainer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SL_TRAINER_VERSION);
  if (self->kind == SL_MODEL_KIND_LOGREG)
    {
      json_builder_set_member_name (builder, "l2");
      json_builder_add_double_value (builder, self->last_l2);
      json_builder_set_member_name (builder, "leading_features");
      json_builder_add_int_value (builder, self->n_leading);
      json_builder_set_member_name (builder, "l2_leading");
      json_builder_add_double_value (builder, self->l2_leading);
      json_builder_set_member_name (builder, "cv_folds");
      json_builder_add_int_value (builder, self->cv_folds);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, self->last_iterations);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, outcome->seconds);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* The screening's own scores lead its feature layout; their number, or 0
 * when the spec describes another layout. */
static guint
screening_block (const char *feature_spec,
                 gsize       d)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  gint64 embedding;

  if (sl_model_feature_spec_version (feature_spec) != SL_SCREENING_FEATURES_VERSION ||
      d < SL_SCREENING_N_SCALAR_FEATURES)
    return 0;
  if (!json_parser_load_from_data (parser, feature_spec, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return 0;
  object = json_node_get_object (json_parser_get_root (parser));
  embedding = json_object_get_int_member_with_default (object, "embedding_dimension", -1);
  if (embedding < 0)
    {
      /* Specs without it (the default one) still use the screening's layout. */
      if ((d - SL_SCREENING_N_SCALAR_FEATURES) % 2 != 0)
        return 0;
      return SL_SCREENING_N_SCALAR_FEATURES;
    }
  if ((gsize)embedding * 2 > d)
    return 0;
  return d - 2 * embedding;
}

static SlTrainingOutcome *
train_from_store (SlTrainer                *self,
                  SlStore                  *store,
                  const SlTrainingOptions  *options,
                  gboolean                 *store_defaults,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(SlTrainingOutcome) outcome = g_new0 (SlTrainingOutcome, 1);
  g_autoptr(SlTrainingSet) set = NULL;
  g_autoptr(SlModel) model = NULL;
  g_autoptr(SlModel) champion = NULL;
  g_autoptr(GBytes) blob = NULL;
  g_autofree float *probs = NULL;
  g_autofree float *champion_probs = NULL;
  g_autofree guint8 *eval_y = NULL;
  g_autofree char *metrics_json = NULL;
  g_autofree char *feature_spec = NULL;
  g_autoptr(GError) champion_error = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree guint *eval_rows = NULL;
  SlTrainingOptions defaults;
  gsize positives = 0;
  gsize n_eval;
  gsize n_train;
  gint64 started = g_get_monotonic_time ();

  if (options == NULL)
    {
      sl_training_options_init (&defaults);
      options = &defaults;
    }

  if (!(set = sl_store_load_training_set (store, NULL, error)))
    return NULL;
  for (gsize i = 0; i < set->n; i++)
    positives += set->y[i];

  if (set->n < options->threshold && !options->force)
    {
      g_set_error (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_NOT_READY,
                   _("Training needs %u reviewed samples and there are %" G_GSIZE_FORMAT
                     "; review %" G_GSIZE_FORMAT " more, or force it"),
                   options->threshold, set->n, (gsize)options->threshold - set->n);
      return NULL;
    }
  if (positives < 2 || set->n - positives < 2)
    {
      g_set_error_literal (error, SL_TRAINER_ERROR, SL_TRAINER_ERROR_NOT_READY,
                           _("Training needs at least two shortlisted and two rejected samples"));
      return NULL;
    }

  outcome->kind = self->kind;
  outcome->samples = set->n;
  outcome->champion_auc = NAN;
  if (options->feature_spec != NULL)
    feature_spec = sl_model_complete_feature_spec (options->feature_spec, set->d, error);
  else
    feature_spec = sl_model_build_feature_spec (set->d);
  if (feature_spec == NULL)
    return NULL;

  /* Unless the caller chose the penalties, logistic regression on the
   * store's samples penalises the screening block apart and picks the
   * interaction block's penalty by cross-validation. */
  if (self->kind == SL_MODEL_KIND_LOGREG && !self->l2_set && self->n_leading == 0 &&
      self->cv_folds == 0)
    {
      *store_defaults = TRUE;
      sl_trainer_use_store_penalties (self, screening_block (feature_spec, set->d));
    }

  champion = load_champion (store, set->d, feature_spec, &outcome->champion_id, &seen,
                            &champion_error);
  if (champion_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&champion_error));
      return NULL;
    }

  if (set->n >= 50)
    {
      g_autoptr(GArray) train = NULL;
      g_autoptr(GArray) test = NULL;
      g_autofree float *train_x = NULL;
      g_autofree guint8 *train_y = NULL;
      g_autofree float *test_x = NULL;

      outcome->evaluation = g_strdup ("holdout");
      sl_metrics_stratified_split (set->y, set->n, options->holdout_fraction, self->seed, &train, &test);
      gather_rows (set->x, set->y, set->d, (const guint *)(gconstpointer)train->data, train->len,
                   &train_x, &train_y);
      gather_rows (set->x, set->y, set->d, (const guint *)(gconstpointer)test->data, test->len,
                   &test_x, &eval_y);
      n_train = train->len;
      n_eval = test->len;
      eval_rows = g_memdup2 (test->data, MAX (test->len, 1) * sizeof (guint));

      if (!(model = sl_trainer_fit (self, train_x, train_y, train->len, set->d, cancellable, error)))
        return NULL;
      probs = g_new (float, MAX (n_eval, 1));
      sl_model_predict_proba_batch (model, test_x, n_eval, probs);
      if (champion != NULL)
        {
          champion_probs = g_new (float, MAX (n_eval, 1));
          sl_model_predict_proba_batch (champion, test_x, n_eval, champion_probs);
        }
    }
  else
    {
      /* Few samples: out-of-fold predictions of stratified k-fold, then a model on all. */
      g_autofree guint *folds = NULL;
      guint k = MIN (5, MIN (positives, set->n - positives));

      outcome->evaluation = g_strdup ("kfold");
      folds = sl_metrics_stratified_folds (set->y, set->n, k, self->seed);
      probs = g_new (float, set->n);
      for (guint f = 0; f < k; f++)
        {
          g_autoptr(GArray) train = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(GArray) test = g_array_new (FALSE, FALSE, sizeof (guint));
          g_autoptr(SlModel) fold_model = NULL;
          g_autofree float *train_x = NULL;
          g_autofree guint8 *train_y = NULL;
          g_autofree float *test_x = NULL;
          g_autofree guint8 *test_y = NULL;
          g_autofree float *test_probs = NULL;

          for (guint i = 0; i < set->n; i++)
            g_array_append_val (folds[i] == f ? test : train, i);
          gather_rows (set->x, set->y, set->d, (const guint *)(gconstpointer)train->data, train->len,
                       &train_x, &train_y);
          gather_rows (set->x, set->y, set->d, (const guint *)(gconstpointer)test->data, test->len,
                       &test_x, &test_y);
          if (!(fold_model = sl_trainer_fit (self, train_x, train_y, train->len, set->d,
                                             cancellable, error)))
            return NULL;
          test_probs = g_new (float, MAX (test->len, 1));
          sl_model_predict_proba_batch (fold_model, test_x, test->len, test_probs);
          for (guint i = 0; i < test->len; i++)
            probs[g_array_index (test, guint, i)] = test_probs[i];
        }
      eval_y = g_memdup2 (set->y, set->n);
      n_eval = set->n;
      eval_rows = g_new (guint, MAX (set->n, 1));
      for (guint i = 0; i < set->n; i++)
        eval_rows[i] = i;
      n_train = set->n;
      if (!(model = sl_trainer_fit (self, set->x, set->y, set->n, set->d, cancellable, error)))
        return NULL;
      if (champion != NULL)
        {
          champion_probs = g_new (float, set->n);
          sl_model_predict_proba_batch (champion, set->x, set->n, champion_probs);
        }
    }

  outcome->metrics = sl_metrics_compute (probs, eval_y, n_eval, 0.5);
  outcome->compared_auc = NAN;
  if (champion_probs != NULL)
    {
      /* Both on the evaluation samples the champion was not trained on: on
       * its own training samples it would look better than it is. */
      g_autofree float *champion_fresh = g_new (float, MAX (n_eval, 1));
      g_autofree float *challenger_fresh = g_new (float, MAX (n_eval, 1));
      g_autofree guint8 *y_fresh = g_new (guint8, MAX (n_eval, 1));
      gsize m = 0;
      gsize fresh_positives = 0;

      for (gsize i = 0; i < n_eval; i++)
        {
          gint64 id = set->review_ids[eval_rows[i]];

          if (seen != NULL && g_hash_table_contains (seen, &id))
            continue;
          champion_fresh[m] = champion_probs[i];
          challenger_fresh[m] = probs[i];
          y_fresh[m] = eval_y[i];
          fresh_positives += eval_y[i];
          m++;
        }
      outcome->compared_samples = m;
      if (fresh_positives > 0 && fresh_positives < m)
        {
          outcome->champion_auc = sl_metrics_roc_auc (champion_fresh, y_fresh, m);
          outcome->compared_auc = sl_metrics_roc_auc (challenger_fresh, y_fresh, m);
        }
    }

  if (outcome->champion_id == 0)
    {
      outcome->activated = TRUE;
      outcome->reason = g_strdup (_("First model: no version was active"));
    }
  else if (champion == NULL)
    {
      outcome->activated = TRUE;
      outcome->reason = g_strdup_printf (_("The active version %" G_GINT64_FORMAT
                                           " cannot score the current features"),
                                         outcome->champion_id);
    }
  else if (!isfinite (outcome->champion_auc) || !isfinite (outcome->compared_auc))
    {
      outcome->activated = FALSE;
      outcome->reason = g_strdup_printf (_("Not compared with the active version %" G_GINT64_FORMAT
                                           ", which was trained on these evaluation samples; "
                                           "review more to compare on new ones"),
                                         outcome->champion_id);
    }
  else if (outcome->compared_auc >= outcome->champion_auc + options->margin - 1e-12)
    {
      outcome->activated = TRUE;
      outcome->reason = g_strdup_printf (_("ROC AUC %.4f beats the active version %" G_GINT64_FORMAT
                                           " (%.4f) by at least %.4f on the %" G_GSIZE_FORMAT
                                           " evaluation samples it was not trained on"),
                                         outcome->compared_auc, outcome->champion_id,
                                         outcome->champion_auc, options->margin,
                                         outcome->compared_samples);
    }
  else
    {
      outcome->activated = FALSE;
      outcome->reason = g_strdup_printf (_("ROC AUC %.4f does not beat the active version %" G_GINT64_FORMAT
                                           " (%.4f) by %.4f on the %" G_GSIZE_FORMAT
                                           " evaluation samples it was not trained on"),
                                         outcome->compared_auc, outcome->champion_id,
                                         outcome->champion_auc, options->margin,
                                         outcome->compared_samples);
    }

  outcome->seconds = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  metrics_json = build_metrics_json (outcome, self, n_train, options->margin);
  sl_model_set_feature_spec (model, feature_spec);
  blob = sl_model_serialize (model);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(outcome->version_id = sl_store_add_model_version (store, sl_model_kind_to_string (self->kind),
                                                          feature_spec, blob, metrics_json,
                                                          set->review_ids, set->n,
                                                          outcome->champion_id, outcome->reason,
                                                          outcome->activated, error)))
    return NULL;

  return g_steal_pointer (&outcome);
}

SlTrainingOutcome *
sl_trainer_train_from_store (SlTrainer                *self,
                             SlStore                  *store,
                             const SlTrainingOptions  *options,
                             GCancellable             *cancellable,
                             GError                  **error)
{
  SlTrainingOutcome *outcome;
  gboolean store_defaults = FALSE;

  g_return_val_if_fail (SL_IS_TRAINER (self), NULL);
  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  outcome = train_from_store (self, store, options, &store_defaults, cancellable, error);
  if (store_defaults)
    {
      sl_trainer_set_l2_search (self, NULL, 0, 0);
      sl_trainer_set_leading_block (self, 0, 0);
    }
  return outcome;
}

typedef struct
{
  SlStore           *store;
  SlTrainingOptions  options;
} TrainData;

static void
train_data_free (gpointer data)
{
  TrainData *td = data;

  g_clear_object (&td->store);
  g_free (td);
}

static void
train_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TrainData *td = task_data;
  g_autoptr(GError) error = NULL;
  SlTrainingOutcome *outcome;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(outcome = sl_trainer_train_from_store (source_object, td->store, &td->options,
                                               cancellable, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, outcome, (GDestroyNotify)sl_training_outcome_free);
}

void
sl_trainer_train_from_store_async (SlTrainer               *self,
                                   SlStore                 *store,
                                   const SlTrainingOptions *options,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  TrainData *td;

  g_return_if_fail (SL_IS_TRAINER (self));
  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  td = g_new0 (TrainData, 1);
  td->store = g_object_ref (store);
  if (options != NULL)
    td->options = *options;
  else
    sl_training_options_init (&td->options);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_trainer_train_from_store_async);
  g_task_set_task_data (task, td, train_data_free);
  g_task_run_in_thread (task, train_worker);
}

SlTrainingOutcome *
sl_trainer_train_from_store_finish (SlTrainer     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (SL_IS_TRAINER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
