#define G_LOG_DOMAIN "sl-metrics"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "sl-metrics.h"

/* Probabilities are clipped away from 0 and 1 so the log loss stays finite,
 * as float32 outputs can be exactly 0 or 1. */
#define LOG_LOSS_EPSILON 1e-7

typedef struct
{
  float score;
  guint index;
} Ranked;

static int
compare_ranked_desc (const void *a,
                     const void *b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;

  if (ra->score > rb->score)
    return -1;
  if (ra->score < rb->score)
    return 1;
  return (ra->index > rb->index) - (ra->index < rb->index);
}

static Ranked *
rank_scores (const float *scores,
             gsize        n)
{
  Ranked *ranked = g_new (Ranked, n);

  for (gsize i = 0; i < n; i++)
    {
      ranked[i].score = scores[i];
      ranked[i].index = i;
    }
  qsort (ranked, n, sizeof *ranked, compare_ranked_desc);
  return ranked;
}

double
sl_metrics_roc_auc (const float  *scores,
                    const guint8 *labels,
                    gsize         n)
{
  g_autofree Ranked *ranked = NULL;
  double positives = 0;
  double negatives = 0;
  double area = 0;
  double tp = 0;
  double fp = 0;

  g_return_val_if_fail (n == 0 || (scores != NULL && labels != NULL), NAN);

  for (gsize i = 0; i < n; i++)
    {
      if (labels[i])
        positives++;
      else
        negatives++;
    }
  if (positives == 0 || negatives == 0)
    return NAN;

  /* Walk the scores from high to low one tie group at a time: a group adds
   * the trapezoid under its step, which counts tied pairs as one half. */
  ranked = rank_scores (scores, n);
  for (gsize i = 0; i < n;)
    {
      double group_tp = 0;
      double group_fp = 0;
      gsize j = i;

      for (; j < n && ranked[j].score == ranked[i].score; j++)
        {
          if (labels[ranked[j].index])
            group_tp++;
          else
            group_fp++;
        }
      area += group_fp * (tp + group_tp / 2.0);
      tp += group_tp;
      fp += group_fp;
      i = j;
    }

  return area / (positives * negatives);
}

static GArray *
roc_points (const float  *scores,
            const guint8 *labels,
            gsize         n,
            gsize         positives,
            gsize         negatives)
{
  g_autofree Ranked *ranked = rank_scores (scores, n);
  GArray *points = g_array_new (FALSE, FALSE, sizeof (SlRocPoint));
  SlRocPoint point = { 0, 0, INFINITY };
  gsize tp = 0;
  gsize fp = 0;

  g_array_append_val (points, point);
  for (gsize i = 0; i < n;)
    {
      gsize j = i;

      for (; j < n && ranked[j].score == ranked[i].score; j++)
        {
          if (labels[ranked[j].index])
            tp++;
          else
            fp++;
        }
      point.fpr = negatives > 0 ? (double)fp / negatives : 0;
      point.tpr = positives > 0 ? (double)tp / positives : 0;
      point.threshold = ranked[i].score;
      g_array_append_val (points, point);
      i = j;
    }
  return points;
}

SlMetrics *
sl_metrics_compute (const float  *probs,
                    const guint8 *labels,
                    gsize         n,
                    double        threshold)
{
  g_autoptr(SlMetrics) self = g_new0 (SlMetrics, 1);
  double loss = 0;

  g_return_val_if_fail (n == 0 || (probs != NULL && labels != NULL), NULL);

  self->n = n;
  self->threshold = threshold;
  for (gsize i = 0; i < n; i++)
    {
      gboolean predicted = probs[i] >= threshold;
      double p = CLAMP ((double)probs[i], LOG_LOSS_EPSILON, 1.0 - LOG_LOSS_EPSILON);

      if (labels[i])
        {
          if (predicted)
            self->tp++;
          else
            self->fn++;
          loss -= log (p);
        }
      else
        {
          if (predicted)
            self->fp++;
          else
            self->tn++;
          loss -= log (1.0 - p);
        }
    }

  self->accuracy = n > 0 ? (double)(self->tp + self->tn) / n : 0;
  self->precision = self->tp + self->fp > 0 ? (double)self->tp / (self->tp + self->fp) : 0;
  self->recall = self->tp + self->fn > 0 ? (double)self->tp / (self->tp + self->fn) : 0;
  self->f1 = self->precision + self->recall > 0
    ? 2 * self->precision * self->recall / (self->precision + self->recall) : 0;
  self->log_loss = n > 0 ? loss / n : 0;
  self->roc_auc = sl_metrics_roc_auc (probs, labels, n);
  self->roc = roc_points (probs, labels, n, self->tp + self->fn, self->fp + self->tn);

  return g_steal_pointer (&self);
}

void
sl_metrics_free (SlMetrics *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->roc, g_array_unref);
  g_free (self);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
sl_metrics_add_to_builder (const SlMetrics *self,
                           JsonBuilder     *builder,
                           guint            max_roc_points)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  add_double (builder, "accuracy", self->accuracy);
  add_double (builder, "precision", self->precision);
  add_double (builder, "recall", self->recall);
  add_double (builder, "f1", self->f1);
  add_double (builder, "roc_auc", self->roc_auc);
  add_double (builder, "log_loss", self->log_loss);
  add_int (builder, "samples", self->n);
  json_builder_set_member_name (builder, "confusion");
  json_builder_begin_object (builder);
  add_int (builder, "tp", self->tp);
  add_int (builder, "fp", self->fp);
  add_int (builder, "tn", self->tn);
  add_int (builder, "fn", self->fn);
  json_builder_end_object (builder);

  if (max_roc_points >= 2 && self->roc != NULL && self->roc->len > 0)
    {
      guint len = self->roc->len;
      guint step = (len + max_roc_points - 2) / (max_roc_points - 1);
      guint last = G_MAXUINT;

      json_builder_set_member_name (builder, "roc");
      json_builder_begin_array (builder);
      /* Thin the curve evenly, always keeping both ends. */
      for (guint i = 0; i < len; i += MAX (step, 1))
        {
          const SlRocPoint *p = &g_array_index (self->roc, SlRocPoint, i);

          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, p->fpr);
          json_builder_add_double_value (builder, p->tpr);
          json_builder_end_array (builder);
          last = i;
        }
      if (last != len - 1)
        {
          const SlRocPoint *p = &g_array_index (self->roc, SlRocPoint, len - 1);

          json_builder_begin_array (builder);
          json_builder_add_double_value (builder, p->fpr);
          json_builder_add_double_value (builder, p->tpr);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }
}

static void
shuffle (guint   *values,
         gsize    n,
         GRand   *rand)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = g_rand_int_range (rand, 0, i);
      guint tmp = values[i - 1];

      values[i - 1] = values[j];
      values[j] = tmp;
    }
}

/* Indices of each class, shuffled with the seed. */
static void
class_indices (const guint8  *labels,
               gsize          n,
               guint32        seed,
               GArray       **negatives,
               GArray       **positives)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  *negatives = g_array_new (FALSE, FALSE, sizeof (guint));
  *positives = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < n; i++)
    g_array_append_val (labels[i] ? *positives : *negatives, i);
  shuffle ((guint *)(gpointer)(*negatives)->data, (*negatives)->len, rand);
  shuffle ((guint *)(gpointer)(*positives)->data, (*positives)->len, rand);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *)a;
  guint ub = *(const guint *)b;

  return (ua > ub) - (ua < ub);
}

void
sl_metrics_stratified_split (const guint8  *labels,
                             gsize          n,
                             double         test_fraction,
                             guint32        seed,
                             GArray       **train,
                             GArray       **test)
{
  g_autoptr(GArray) negatives = NULL;
  g_autoptr(GArray) positives = NULL;
  GArray *classes[2];

  g_return_if_fail (labels != NULL || n == 0);
  g_return_if_fail (test_fraction >= 0 && test_fraction <= 1);
  g_return_if_fail (train != NULL && test != NULL);

  class_indices (labels, n, seed, &negatives, &positives);
  classes[0] = negatives;
  classes[1] = positives;

  *train = g_array_new (FALSE, FALSE, sizeof (guint));
  *test = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint c = 0; c < 2; c++)
    {
      guint n_test = (guint)floor (classes[c]->len * test_fraction + 0.5);

      /* Keep at least one sample of a class on each side when it has two. */
      if (n_test == 0 && classes[c]->len >= 2 && test_fraction > 0)
        n_test = 1;
      if (n_test == classes[c]->len && classes[c]->len >= 2 && test_fraction < 1)
        n_test--;
      g_array_append_vals (*test, classes[c]->data, n_test);
      g_array_append_vals (*train, &g_array_index (classes[c], guint, n_test),
                           classes[c]->len - n_test);
    }
  g_array_sort (*train, compare_uint);
  g_array_sort (*test, compare_uint);
}

guint *
sl_metrics_stratified_folds (const guint8 *labels,
                             gsize         n,
                             guint         k,
                             guint32       seed)
{
  g_autoptr(GArray) negatives = NULL;
  g_autoptr(GArray) positives = NULL;
  guint *folds;
  guint next = 0;

  g_return_val_if_fail (labels != NULL || n == 0, NULL);
  g_return_val_if_fail (k > 0, NULL);

  class_indices (labels, n, seed, &negatives, &positives);
  folds = g_new0 (guint, MAX (n, 1));
  /* Deal each class round-robin, continuing where the other class stopped
   * so that the folds' sizes differ by one at most. */
  for (guint i = 0; i < negatives->len; i++)
    folds[g_array_index (negatives, guint, i)] = next++ % k;
  for (guint i = 0; i < positives->len; i++)
    folds[g_array_index (positives, guint, i)] = next++ % k;
  return folds;
}
