/* sl-trainer.h: fits logistic regression (Newton/IRLS for few features,
 * L-BFGS for many) and a one-hidden-layer MLP (Adam, early stopping) on
 * OpenBLAS, deterministic for a seed.
 */
#pragma once

#include <gio/gio.h>

#include "sl-model.h"

G_BEGIN_DECLS

#define SL_TRAINER_ERROR (sl_trainer_error_quark ())

typedef enum
{
  SL_TRAINER_ERROR_INVALID,        /* no samples, one class only, a non-finite feature */
  SL_TRAINER_ERROR_FAILED,         /* the optimiser broke down */
} SlTrainerError;

typedef enum
{
  SL_TRAINER_SOLVER_AUTO,          /* Newton up to SL_TRAINER_NEWTON_MAX_FEATURES, else L-BFGS */
  SL_TRAINER_SOLVER_NEWTON,
  SL_TRAINER_SOLVER_LBFGS,
} SlTrainerSolver;

#define SL_TRAINER_NEWTON_MAX_FEATURES 256

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

G_END_DECLS
