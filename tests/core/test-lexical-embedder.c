#include <math.h>
#include <string.h>

#include <glib.h>

#include "sl-embedder-factory.h"
#include "sl-lexical-embedder.h"

static double
dot (const float *a,
     const float *b,
     guint        dim)
{
  double s = 0;

  for (guint i = 0; i < dim; i++)
    s += (double)a[i] * b[i];
  return s;
}

static float *
embed (SlLexicalEmbedder *embedder,
       const char        *text)
{
  g_autoptr(GError) error = NULL;
  float *v = sl_embedder_embed (SL_EMBEDDER (embedder), text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (v);
  return v;
}

static void
test_identity (void)
{
  g_autoptr(SlLexicalEmbedder) a = sl_lexical_embedder_new (0);
  g_autoptr(SlLexicalEmbedder) b = sl_lexical_embedder_new (384);

  g_assert_cmpuint (sl_embedder_get_dimension (SL_EMBEDDER (a)), ==,
                    SL_LEXICAL_EMBEDDER_DEFAULT_DIMENSION);
  g_assert_cmpstr (sl_embedder_get_model_id (SL_EMBEDDER (a)), ==, "lexical-v1/512");
  g_assert_cmpuint (sl_embedder_get_dimension (SL_EMBEDDER (b)), ==, 384);
  g_assert_cmpstr (sl_embedder_get_model_id (SL_EMBEDDER (b)), ==, "lexical-v1/384");
}

static void
test_normalised_and_deterministic (void)
{
  g_autoptr(SlLexicalEmbedder) a = sl_lexical_embedder_new (0);
  g_autoptr(SlLexicalEmbedder) b = sl_lexical_embedder_new (0);
  const char *text = "Senior Backend Engineer: Python, Django, PostgreSQL and AWS. Café crème.";
  g_autofree float *v1 = embed (a, text);
  g_autofree float *v2 = embed (a, text);
  g_autofree float *v3 = embed (b, text);
  g_autofree float *empty = embed (a, "  ,; 2024 ");
  guint dim = sl_embedder_get_dimension (SL_EMBEDDER (a));

  g_assert_cmpfloat_with_epsilon (dot (v1, v1, dim), 1.0, 1e-5);
  /* Same text, same vector, in the same and in another instance. */
  g_assert_cmpmem (v1, dim * sizeof (float), v2, dim * sizeof (float));
  g_assert_cmpmem (v1, dim * sizeof (float), v3, dim * sizeof (float));
  /* Case and compatibility forms do not matter. */
  {
    g_autofree float *upper = embed (a,
                                     "SENIOR BACKEND ENGINEER: PYTHON, DJANGO, POSTGRESQL AND AWS. CAFÉ CRÈME.");

    g_assert_cmpfloat_with_epsilon (dot (v1, upper, dim), 1.0, 1e-5);
  }
  /* A text without features is the zero vector, not NaN. */
  g_assert_cmpfloat (dot (empty, empty, dim), ==, 0.0);
}

static void
test_similarity_and_concepts (void)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  guint dim = sl_embedder_get_dimension (SL_EMBEDDER (embedder));
  g_autofree float *backend = embed (embedder,
                                     "Backend engineer building REST APIs in Python and Django");
  g_autofree float *backend2 = embed (embedder,
                                      "Python developer: Django REST APIs, backend services");
  g_autofree float *nurse = embed (embedder,
                                   "Registered nurse in intensive care, patient assessment");
  g_autofree float *js = embed (embedder, "JS and K8s");
  g_autofree float *javascript = embed (embedder, "JavaScript and Kubernetes");
  double with_concepts = dot (js, javascript, dim);

  g_assert_cmpfloat (dot (backend, backend2, dim), >, 0.3);
  g_assert_cmpfloat (dot (backend, backend2, dim), >, dot (backend, nurse, dim) + 0.2);

  /* Aliases meet through their concept; without the mapping they share nothing. */
  g_assert_cmpfloat (with_concepts, >, 0.45);
  sl_lexical_embedder_set_concept_func (embedder, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (sl_embedder_get_model_id (SL_EMBEDDER (embedder)), ==, "lexical-v1/512+none");
  {
    g_autofree float *js2 = embed (embedder, "JS and K8s");
    g_autofree float *javascript2 = embed (embedder, "JavaScript and Kubernetes");

    g_assert_cmpfloat (fabs (dot (js2, javascript2, dim)), <, 0.3);
    g_assert_cmpfloat (dot (js2, javascript2, dim), <, with_concepts);
  }
  g_assert_cmpstr (sl_lexical_embedder_builtin_concept ("k8s", NULL), ==, "Kubernetes");
  g_assert_cmpstr (sl_lexical_embedder_builtin_concept ("machine learning", NULL), ==,
                   "Machine learning");
  g_assert_null (sl_lexical_embedder_builtin_concept ("gardening", NULL));
}

static const char *
custom_concept (const char *phrase,
                gpointer    user_data)
{
  (*(int *)user_data)++;
  return g_str_equal (phrase, "amazon web services") ? "AWS" : NULL;
}

static void
test_terms_and_idf (void)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (256);
  g_auto(GStrv) terms = NULL;
  g_autofree float *before = NULL;
  g_autofree float *after = NULL;
  int calls = 0;
  const char *doc = "Data engineer: Spark pipelines on Amazon Web Services, Spark and Airflow";

  sl_lexical_embedder_set_concept_func (embedder, "test", custom_concept, &calls, NULL);
  g_assert_cmpstr (sl_embedder_get_model_id (SL_EMBEDDER (embedder)), ==, "lexical-v1/256+test");
  terms = sl_lexical_embedder_extract_terms (embedder, doc);
  g_assert_cmpint (calls, >, 0);
  g_assert_true (g_strv_contains ((const char * const *)terms, "w:spark"));
  g_assert_true (g_strv_contains ((const char * const *)terms, "w:pipelines"));
  g_assert_true (g_strv_contains ((const char * const *)terms, "c:AWS"));
  g_assert_false (g_strv_contains ((const char * const *)terms, "w:on"));
  /* Each term once, however often it occurs. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; terms[i] != NULL; i++)
      g_assert_true (g_hash_table_add (seen, terms[i]));
  }

  before = embed (embedder, "spark airflow");
  for (int i = 0; i < 10; i++)
    sl_lexical_embedder_count_document (embedder, (const char * const *)terms, 1);
  {
    const char *other[] = { "w:airflow", NULL };

    sl_lexical_embedder_count_document (embedder, other, -1);
  }
  g_assert_cmpint (sl_lexical_embedder_get_n_documents (embedder), ==, 9);
  g_assert_cmpuint (sl_lexical_embedder_get_document_frequency (embedder, "w:spark"), ==, 10);
  g_assert_cmpuint (sl_lexical_embedder_get_document_frequency (embedder, "w:airflow"), ==, 9);
  after = embed (embedder, "spark airflow");
  /* IDF changed the weights, so the vector changed, and stays normalised. */
  g_assert_cmpfloat (dot (before, after, 256), <, 0.99999);
  g_assert_cmpfloat_with_epsilon (dot (after, after, 256), 1.0, 1e-5);
}

static void
test_cancel_and_invalid (void)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree float *v = NULL;

  g_cancellable_cancel (cancellable);
  v = sl_embedder_embed (SL_EMBEDDER (embedder), "text", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (v);
  g_clear_error (&error);
  v = sl_embedder_embed (SL_EMBEDDER (embedder), "bad \xff utf-8", NULL, &error);
  g_assert_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT);
  g_assert_null (v);
}

/* With and without the skills taxonomy the vectors differ, so the ids must. */
static void
test_concept_ids (void)
{
  g_autoptr(SlLexicalEmbedder) plain = sl_lexical_embedder_new (0);
  g_autoptr(SlEmbedder) skills = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *a = NULL;
  g_autofree float *b = NULL;
  const char *text = "Senior engineer: DRF, dotnet, HCL and Dockerfile";

  skills = sl_embedder_new_for_provider (NULL, SL_EMBEDDER_PROVIDER_LEXICAL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_embedder_get_model_id (SL_EMBEDDER (plain)), ==, "lexical-v1/512");
  g_assert_cmpstr (sl_embedder_get_model_id (skills), ==, "lexical-v1/512+skills");

  a = embed (plain, text);
  b = sl_embedder_embed (skills, text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (dot (a, b, 512), <, 0.9999);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/lexical-embedder/identity", test_identity);
  g_test_add_func ("/sl/lexical-embedder/normalised-deterministic",
                   test_normalised_and_deterministic);
  g_test_add_func ("/sl/lexical-embedder/similarity-concepts", test_similarity_and_concepts);
  g_test_add_func ("/sl/lexical-embedder/terms-idf", test_terms_and_idf);
  g_test_add_func ("/sl/lexical-embedder/concept-ids", test_concept_ids);
  g_test_add_func ("/sl/lexical-embedder/cancel-invalid", test_cancel_and_invalid);

  return g_test_run ();
}
