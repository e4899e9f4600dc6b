/* sl-trainer.h: fits logistic regression (Newton/IRLS for few features,
 * L-BFGS for many) and a one-hidden-layer MLP (Adam, early stopping) on
 * OpenBLAS, deterministic for a seed.
 */
#pragma once

#include <gio/gio.h>

#include "sl-metrics.h"
#include "sl-model.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TRAINER_ERROR (sl_trainer_error_quark ())

typedef enum
{
  SL_TRAINER_ERROR_INVALID,        /* no samples, one class only, a non-finite feature */
  SL_TRAINER_ERROR_FAILED,         /* the optimiser broke down */
  SL_TRAINER_ERROR_NOT_READY,      /* fewer samples than the threshold, and not forced */
} SlTrainerError;

typedef enum
{
  SL_TRAINER_SOLVER_AUTO,          /* Newton up to SL_TRAINER_NEWTON_MAX_FEATURES, else L-BFGS */
  SL_TRAINER_SOLVER_NEWTON,
  SL_TRAINER_SOLVER_LBFGS,
} SlTrainerSolver;

#define SL_TRAINER_NEWTON_MAX_FEATURES 256

/* Recorded with each trained version (metrics "trainer"): 1 fitted one L2
 * penalty for all features; 2 trains logistic regression on store samples
 * with the screening block penalised apart (SL_TRAINER_DEFAULT_L2_LEADING)
 * and the interaction block's penalty chosen by cross-validation, and
 * compares with the champion only on samples it was not trained on. The
 * model format is the same: older versions load and score as before. */
#define SL_TRAINER_VERSION 2
#define SL_TRAINER_DEFAULT_L2_LEADING 1.0
#define SL_TRAINER_DEFAULT_CV_FOLDS 5

#define SL_TYPE_TRAINER (sl_trainer_get_type ())

G_DECLARE_FINAL_TYPE (SlTrainer, sl_trainer, SL, TRAINER, GObject)

GQuark       sl_trainer_error_quark          (void);

SlTrainer   *sl_trainer_new                  (SlModelKind      kind) G_GNUC_WARN_UNUSED_RESULT;
SlModelKind  sl_trainer_get_kind             (SlTrainer       *self);
void         sl_trainer_set_seed             (SlTrainer       *self,
                                              guint32          seed);
guint32      sl_trainer_get_seed             (SlTrainer       *self);
/* Logistic regression: the L2 penalty ½·l2·‖w‖² beside the summed log loss
 * (1.0, like scikit-learn's C = 1). MLP: the weight decay alpha (1e-4). */
void         sl_trainer_set_l2               (SlTrainer       *self,
                                              double           l2);
/* Logistic regression: the first n_leading features form a block of their
 * own, penalised by l2_leading instead of l2. The screening's few scores
 * (similarity, coverage, fits) already carry most of the signal and need
 * not be shrunk like the hundreds of embedding interactions after them,
 * and a strong penalty that silences those must not silence these. n_leading 0
 * (the default): one penalty for all features. */
void         sl_trainer_set_leading_block    (SlTrainer       *self,
                                              guint            n_leading,
                                              double           l2_leading);
/* Logistic regression: chooses l2 (the penalty of the features after the
 * leading block) among the candidates by stratified k-fold cross-validation
 * on the samples given to the fit, and only those, with the one-standard-
 * error rule: the largest l2 whose mean fold ROC AUC is within a standard
 * error of the best.
 * In each fold the candidates are fitted from the strongest penalty to the
 * weakest, each fit starting from the weights of the one before.
 * The final model is refitted on all the samples with the chosen l2.
 * folds 0 (the default) turns it off. */
void         sl_trainer_set_l2_search        (SlTrainer       *self,
                                              const double    *candidates,
                                              guint            n_candidates,
                                              guint            folds);
/* Logistic regression: the penalties training on a store uses unless the
 * caller chose others: the first n_leading features penalised by
 * SL_TRAINER_DEFAULT_L2_LEADING, the rest by an l2 chosen among 1, 10, …,
 * 10⁵ by SL_TRAINER_DEFAULT_CV_FOLDS-fold cross-validation. */
void         sl_trainer_use_store_penalties  (SlTrainer       *self,
                                              guint            n_leading);
/* The l2 of the last logistic regression fit (chosen or set). */
double       sl_trainer_get_last_l2          (SlTrainer       *self);
/* Weigh each class by n / (2 · n_class) (default TRUE). */
void         sl_trainer_set_class_weights    (SlTrainer       *self,
                                              gboolean         class_weights);
void         sl_trainer_set_solver           (SlTrainer       *self,
                                              SlTrainerSolver  solver);
void         sl_trainer_set_max_iterations   (SlTrainer       *self,
                                              guint            max_iterations);
void         sl_trainer_set_hidden_units     (SlTrainer       *self,
                                              guint            hidden);
void         sl_trainer_set_max_epochs       (SlTrainer       *self,
                                              guint            max_epochs);
void         sl_trainer_set_batch_size       (SlTrainer       *self,
                                              guint            batch_size);
void         sl_trainer_set_learning_rate    (SlTrainer       *self,
                                              double           learning_rate);
/* Epochs without a better validation loss before the MLP stops (default 5). */
void         sl_trainer_set_patience         (SlTrainer       *self,
                                              guint            patience);
/* Iterations (logreg) or epochs (MLP) of the last fit. */
guint        sl_trainer_get_last_iterations  (SlTrainer       *self);

/* x is n × d row-major float32, y holds 0 or 1. */
SlModel     *sl_trainer_fit                  (SlTrainer       *self,
                                              const float     *x,
                                              const guint8    *y,
                                              gsize            n,
                                              gsize            d,
                                              GCancellable    *cancellable,
                                              GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* Training on the reviewed samples of a store, and champion/challenger. */
typedef struct
{
  guint    threshold;          /* samples needed unless forced (SL_TRAINING_DEFAULT_THRESHOLD) */
  gboolean force;              /* train below the threshold (still needs both classes) */
  double   margin;             /* ROC AUC the challenger must gain over the champion (0.01) */
  double   holdout_fraction;   /* 0.2; below 50 samples stratified k-fold is used instead */
  /* The screening's description of its features (a JSON object with
   * "version" and names); the trainer fills in "dimension". NULL for
   * {"version": SL_FEATURE_SPEC_VERSION}. A champion whose spec has another
   * version cannot score the samples and is not compared. */
  const char *feature_spec;
} SlTrainingOptions;

typedef struct
{
  gint64       version_id;
  SlModelKind  kind;
  gsize        samples;
  SlMetrics   *metrics;        /* the challenger's, on the hold-out or out of fold */
  char        *evaluation;     /* "holdout" or "kfold" */
  gint64       champion_id;    /* 0 if there was no active version */
  /* Challenger and champion are compared on the evaluation samples the
   * champion was not trained on (its sample ids): their number, and each
   * one's ROC AUC there (NAN when they do not hold both classes). */
  gsize        compared_samples;
  double       compared_auc;
  double       champion_auc;
  gboolean     activated;
  char        *reason;
  double       seconds;
} SlTrainingOutcome;

void               sl_training_options_init    (SlTrainingOptions  *options);
void               sl_training_outcome_free    (SlTrainingOutcome  *outcome);
/* Trains a new version on the store's samples, evaluates it against the
 * active version on the same held-out samples that version was not trained
 * on, stores it, and activates it when it wins by the margin (or when nothing
 * is active, or the active version cannot score the features). Without
 * such samples of both classes it stays inactive.
 *
 * Unless the caller set l2, a leading block or an l2 search, logistic
 * regression here penalises the screening block (the leading features of
 * the screening's layout) by SL_TRAINER_DEFAULT_L2_LEADING and chooses the
 * interaction block's l2 by SL_TRAINER_DEFAULT_CV_FOLDS-fold
 * cross-validation on the training samples. */
SlTrainingOutcome *sl_trainer_train_from_store (SlTrainer                *self,
                                                SlStore                  *store,
                                                const SlTrainingOptions  *options,
                                                GCancellable             *cancellable,
                                                GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/* The same in a worker thread, for the app; one training per trainer at a time. */
void               sl_trainer_train_from_store_async  (SlTrainer                *self,
                                                       SlStore                  *store,
                                                       const SlTrainingOptions  *options,
                                                       GCancellable             *cancellable,
                                                       GAsyncReadyCallback       callback,
                                                       gpointer                  user_data);
SlTrainingOutcome *sl_trainer_train_from_store_finish (SlTrainer                *self,
                                                       GAsyncResult             *result,
                                                       GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrainingOutcome, sl_training_outcome_free)

G_END_DECLS
