#include "config.h"

#include <math.h>

#include <glib.h>

#include "sl-metrics.h"

static void
test_metrics_hand_computed (void)
{
  const float probs[] = { 0.9f, 0.8f, 0.7f, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f };
  const guint8 labels[] = { 1, 1, 0, 1, 0, 1, 0, 0 };
  g_autoptr(SlMetrics) m = sl_metrics_compute (probs, labels, 8, 0.5);
  double expected_loss = -(log (0.9) + log (0.8) + log (0.3) + log (0.6) +
                           log (0.6) + log (0.3) + log (0.8) + log (0.9)) / 8;

  /* Predicted positive: 0.9, 0.8, 0.7, 0.6 → tp 3, fp 1; negative: tn 3, fn 1. */
  g_assert_cmpuint (m->tp, ==, 3);
  g_assert_cmpuint (m->fp, ==, 1);
  g_assert_cmpuint (m->tn, ==, 3);
  g_assert_cmpuint (m->fn, ==, 1);
  g_assert_cmpfloat_with_epsilon (m->accuracy, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->precision, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->recall, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->f1, 0.75, 1e-12);
  /* Pairs ranked right: 4 + 4 + 3 + 2 of 16. */
  g_assert_cmpfloat_with_epsilon (m->roc_auc, 13.0 / 16.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->log_loss, expected_loss, 1e-6);
}

static void
test_metrics_precision_recall (void)
{
  const float probs[] = { 0.9f, 0.6f, 0.4f, 0.2f, 0.1f };
  const guint8 labels[] = { 1, 0, 1, 1, 0 };
  g_autoptr(SlMetrics) m = sl_metrics_compute (probs, labels, 5, 0.5);

  /* tp 1, fp 1, fn 2, tn 1. */
  g_assert_cmpfloat_with_epsilon (m->precision, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->recall, 1.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (m->f1, 2 * 0.5 * (1.0 / 3.0) / (0.5 + 1.0 / 3.0), 1e-12);
  g_assert_cmpfloat_with_epsilon (m->accuracy, 0.4, 1e-12);
}

static void
test_metrics_ties (void)
{
  const float all_tied[] = { 0.5f, 0.5f, 0.5f, 0.5f };
  const guint8 all_labels[] = { 1, 0, 1, 0 };
  const float some_tied[] = { 0.8f, 0.5f, 0.5f, 0.2f };
  const guint8 some_labels[] = { 1, 1, 0, 0 };
  const float one_class[] = { 0.1f, 0.9f };
  const guint8 ones[] = { 1, 1 };

  g_assert_cmpfloat_with_epsilon (sl_metrics_roc_auc (all_tied, all_labels, 4), 0.5, 1e-12);
  /* 0.8 beats both negatives, the tied 0.5 counts half against 0.5 and beats 0.2. */
  g_assert_cmpfloat_with_epsilon (sl_metrics_roc_auc (some_tied, some_labels, 4), 3.5 / 4, 1e-12);
  g_assert_true (isnan (sl_metrics_roc_auc (one_class, ones, 2)));
}

static void
test_metrics_roc_points (void)
{
  const float probs[] = { 0.9f, 0.8f, 0.7f, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f };
  const guint8 labels[] = { 1, 1, 0, 1, 0, 1, 0, 0 };
  g_autoptr(SlMetrics) m = sl_metrics_compute (probs, labels, 8, 0.5);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *roc;
  double area = 0;

  g_assert_cmpuint (m->roc->len, ==, 9);
  g_assert_cmpfloat (g_array_index (m->roc, SlRocPoint, 0).fpr, ==, 0);
  g_assert_cmpfloat (g_array_index (m->roc, SlRocPoint, 0).tpr, ==, 0);
  g_assert_cmpfloat (g_array_index (m->roc, SlRocPoint, 8).fpr, ==, 1);
  g_assert_cmpfloat (g_array_index (m->roc, SlRocPoint, 8).tpr, ==, 1);
  /* The trapezoids under the points give the AUC back. */
  for (guint i = 1; i < m->roc->len; i++)
    {
      SlRocPoint *a = &g_array_index (m->roc, SlRocPoint, i - 1);
      SlRocPoint *b = &g_array_index (m->roc, SlRocPoint, i);

      g_assert_cmpfloat (b->fpr, >=, a->fpr);
      g_assert_cmpfloat (b->tpr, >=, a->tpr);
      area += (b->fpr - a->fpr) * (a->tpr + b->tpr) / 2;
    }
  g_assert_cmpfloat_with_epsilon (area, m->roc_auc, 1e-12);

  json_builder_begin_object (builder);
  sl_metrics_add_to_builder (m, builder, 4);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  roc = json_object_get_array_member (json_node_get_object (root), "roc");
  g_assert_cmpuint (json_array_get_length (roc), <=, 5);
  g_assert_cmpfloat (json_array_get_double_element (json_array_get_array_element (roc, json_array_get_length (roc) - 1), 0), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), "confusion"), "tp"), ==, 3);
}

static void
test_metrics_split (void)
{
  guint8 labels[103];
  g_autoptr(GArray) train = NULL;
  g_autoptr(GArray) test = NULL;
  g_autoptr(GArray) train2 = NULL;
  g_autoptr(GArray) test2 = NULL;
  g_autofree guint8 *seen = g_new0 (guint8, G_N_ELEMENTS (labels));
  guint test_pos = 0;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    labels[i] = i % 4 == 0;   /* 26 positives, 77 negatives */

  sl_metrics_stratified_split (labels, G_N_ELEMENTS (labels), 0.2, 7, &train, &test);
  g_assert_cmpuint (train->len + test->len, ==, G_N_ELEMENTS (labels));
  for (guint i = 0; i < test->len; i++)
    {
      guint index = g_array_index (test, guint, i);

      seen[index]++;
      test_pos += labels[index];
    }
  for (guint i = 0; i < train->len; i++)
    seen[g_array_index (train, guint, i)]++;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    g_assert_cmpuint (seen[i], ==, 1);
  /* round (26 · 0.2) = 5 positives and round (77 · 0.2) = 15 negatives. */
  g_assert_cmpuint (test_pos, ==, 5);
  g_assert_cmpuint (test->len, ==, 20);

  sl_metrics_stratified_split (labels, G_N_ELEMENTS (labels), 0.2, 7, &train2, &test2);
  g_assert_cmpmem (test->data, test->len * sizeof (guint), test2->data, test2->len * sizeof (guint));
}

static void
test_metrics_folds (void)
{
  guint8 labels[23];
  g_autofree guint *folds = NULL;
  guint sizes[4] = { 0 };
  guint positives[4] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    labels[i] = i < 8;
  folds = sl_metrics_stratified_folds (labels, G_N_ELEMENTS (labels), 4, 3);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_assert_cmpuint (folds[i], <, 4);
      sizes[folds[i]]++;
      positives[folds[i]] += labels[i];
    }
  for (guint f = 0; f < 4; f++)
    {
      g_assert_cmpuint (sizes[f], >=, 5);
      g_assert_cmpuint (sizes[f], <=, 6);
      g_assert_cmpuint (positives[f], ==, 2);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/metrics/hand-computed", test_metrics_hand_computed);
  g_test_add_func ("/sl/metrics/precision-recall", test_metrics_precision_recall);
  g_test_add_func ("/sl/metrics/ties", test_metrics_ties);
  g_test_add_func ("/sl/metrics/roc-points", test_metrics_roc_points);
  g_test_add_func ("/sl/metrics/split", test_metrics_split);
  g_test_add_func ("/sl/metrics/folds", test_metrics_folds);

  return g_test_run ();
}
