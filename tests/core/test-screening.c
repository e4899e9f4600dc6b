#include "config.h"

#include <math.h>

#include "sl-screening.h"

static SlRequirements *
make_requirements (void)
{
  static const char * const mandatory[] = { "Python", "SQL", "Kubernetes", NULL };
  static const char * const preferred[] = { "AWS", "Docker", "aws", NULL };

  return sl_requirements_new (mandatory, preferred, 5, SL_EDUCATION_MASTER);
}

static SlCandidate *
make_candidate (double           years,
                SlEducationLevel level)
{
  static const char * const skills[] = { "python", "SQL ", "AWS", "Excel", NULL };
  SlCandidate *candidate = sl_candidate_new ("Kim");

  sl_candidate_set_skills (candidate, skills);
  sl_candidate_set_years_experience (candidate, years);
  sl_candidate_set_education_level (candidate, level);
  return candidate;
}

static void
test_components (void)
{
  g_autoptr(SlRequirements) req = make_requirements ();
  g_autoptr(SlCandidate) candidate = make_candidate (3, SL_EDUCATION_BACHELOR);
  g_autoptr(SlScreeningResult) result = NULL;
  SlScreeningConfig config;
  double expected;

  sl_screening_config_init_default (&config);
  result = sl_screening_score (req, candidate, 0.275, -1, &config);

  g_assert_cmpfloat_with_epsilon (result->mandatory_coverage, 2.0 / 3.0, 1e-9);
  /* The duplicate "aws" is one preferred skill. */
  g_assert_cmpfloat_with_epsilon (result->preferred_coverage, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->skill_coverage, (2 * 3 * (2.0 / 3.0) + 2 * 0.5) / 8.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->experience_fit, 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->education_fit, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->similarity, 0.5, 1e-9);
  g_assert_cmpfloat (result->classifier, <, 0);

  expected = 100 * (0.40 * 0.5 + 0.35 * 0.625 + 0.15 * 0.6 + 0.10 * 0.5);
  g_assert_cmpfloat_with_epsilon (result->score, expected, 1e-9);
  g_assert_cmpuint (result->matched_mandatory->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (result->missing_mandatory, 0), ==, "Kubernetes");
  g_assert_cmpstr (g_ptr_array_index (result->missing_preferred, 0), ==, "Docker");
}

static void
test_fits (void)
{
  g_autoptr(SlRequirements) req = make_requirements ();
  g_autoptr(SlRequirements) none = sl_requirements_new (NULL, NULL, -1, -1);
  SlScreeningConfig config;
  struct { double years; SlEducationLevel level; double exp_fit; double edu_fit; } cases[] = {
    { 0, SL_EDUCATION_HIGH_SCHOOL, 0.0, 0.0 },
    { 5, SL_EDUCATION_MASTER, 1.0, 1.0 },
    { 12, SL_EDUCATION_DOCTORATE, 1.0, 1.0 },
    { 2.5, SL_EDUCATION_BACHELOR, 0.5, 0.5 },
  };

  sl_screening_config_init_default (&config);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SlCandidate) candidate = make_candidate (cases[i].years, cases[i].level);
      g_autoptr(SlScreeningResult) result = sl_screening_score (req, candidate, 0.3, -1, &config);
      g_autoptr(SlScreeningResult) free_result = sl_screening_score (none, candidate, 0.3, -1, &config);

      g_assert_cmpfloat_with_epsilon (result->experience_fit, cases[i].exp_fit, 1e-9);
      g_assert_cmpfloat_with_epsilon (result->education_fit, cases[i].edu_fit, 1e-9);
      /* A job without requirements fits everyone on experience and education. */
      g_assert_cmpfloat (free_result->experience_fit, ==, 1.0);
      g_assert_cmpfloat (free_result->education_fit, ==, 1.0);
      g_assert_cmpfloat (free_result->mandatory_coverage, ==, 1.0);
    }
}

static void
test_classifier_and_threshold (void)
{
  g_autoptr(SlRequirements) req = make_requirements ();
  g_autoptr(SlCandidate) candidate = make_candidate (5, SL_EDUCATION_MASTER);
  g_autoptr(SlScreeningResult) base = NULL;
  g_autoptr(SlScreeningResult) with_model = NULL;
  g_autoptr(SlScreeningResult) at_threshold = NULL;
  SlScreeningConfig config;

  sl_screening_config_init_default (&config);
  base = sl_screening_score (req, candidate, 0.5, -1, &config);
  with_model = sl_screening_score (req, candidate, 0.5, 0.1, &config);
  g_assert_cmpfloat_with_epsilon (with_model->score, 0.6 * base->score + 0.4 * 10.0, 1e-9);
  g_assert_cmpfloat (with_model->classifier, ==, 0.1);

  /* The threshold is inclusive. */
  config.threshold = base->score;
  at_threshold = sl_screening_score (req, candidate, 0.5, -1, &config);
  g_assert_true (at_threshold->shortlist);
  config.threshold = base->score + 0.001;
  g_clear_pointer (&at_threshold, sl_screening_result_free);
  at_threshold = sl_screening_score (req, candidate, 0.5, -1, &config);
  g_assert_false (at_threshold->shortlist);

  /* Hostile numbers are clamped, never propagated. */
  g_clear_pointer (&at_threshold, sl_screening_result_free);
  at_threshold = sl_screening_score (req, candidate, NAN, INFINITY, &config);
  g_assert_true (isfinite (at_threshold->score));
  g_assert_cmpfloat (at_threshold->classifier, <, 0);
}

static void
test_requirements_from_json (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SlRequirements) req = NULL;
  g_autoptr(SlRequirements) hostile = NULL;
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser,
                              "{\"mandatory_skills\": [\"Go\", \"PostgreSQL\"],"
                              " \"preferred_skills\": [\"Kafka\"], \"min_years\": 4,"
                              " \"education_level\": \"bachelor\"}", -1, &error);
  g_assert_no_error (error);
  req = sl_requirements_new_from_json (json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpuint (g_strv_length ((char **)sl_requirements_get_mandatory_skills (req)), ==, 2);
  g_assert_cmpfloat (sl_requirements_get_min_years (req), ==, 4);
  g_assert_cmpint (sl_requirements_get_education_level (req), ==, SL_EDUCATION_BACHELOR);

  json_parser_load_from_data (parser,
                              "{\"mandatory_skills\": [1, null, {\"x\": 2}, \"Rust\"],"
                              " \"preferred_skills\": \"Kafka\", \"min_years\": \"five\","
                              " \"education_level\": \"wizard\"}", -1, &error);
  g_assert_no_error (error);
  hostile = sl_requirements_new_from_json (json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpuint (g_strv_length ((char **)sl_requirements_get_mandatory_skills (hostile)), ==, 1);
  g_assert_cmpuint (g_strv_length ((char **)sl_requirements_get_preferred_skills (hostile)), ==, 0);
  g_assert_cmpfloat (sl_requirements_get_min_years (hostile), <, 0);
  g_assert_cmpint (sl_requirements_get_education_level (hostile), <, 0);
}

static void
test_evidence_and_explanation (void)
{
  g_autoptr(SlRequirements) req = make_requirements ();
  g_autoptr(SlCandidate) candidate = make_candidate (3, SL_EDUCATION_BACHELOR);
  g_autoptr(SlScreeningResult) result = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *sentence = NULL;
  SlScreeningConfig config;
  const char *text =
    "Kim Example\n"
    "Python, SQL, AWS\n"
    "Moved our billing jobs to AWS Lambda and cut costs by 30 %.\n"
    "Built Python services over a SQL warehouse for 2 million users.\n"
    "Wrote sqlalchemy-free queries; pythonic style is a hobby.\n"
    "Ran the SQL reporting for finance every month without a miss.\n"
    "Enjoys hiking.\n";

  sl_screening_config_init_default (&config);
  result = sl_screening_score (req, candidate, 0.3, -1, &config);
  sl_screening_result_find_evidence (result, text);

  g_assert_cmpuint (result->evidence->len, ==, 3);
  /* Two required skills beat one; bare skill lists and partial words don't count. */
  g_assert_cmpstr (g_ptr_array_index (result->evidence, 0), ==,
                   "Built Python services over a SQL warehouse for 2 million users.");
  for (guint i = 0; i < result->evidence->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (result->evidence, i), !=, "Python, SQL, AWS");
      g_assert_null (strstr (g_ptr_array_index (result->evidence, i), "pythonic"));
    }

  sentence = sl_screening_result_explain (result);
  g_assert_nonnull (strstr (sentence, "Has 2 of the 3 required skills."));
  g_assert_nonnull (strstr (sentence, "Missing required: Kubernetes."));
  g_assert_nonnull (strstr (sentence, "3.0 years of experience against 5 required."));
  g_assert_nonnull (strstr (sentence, "Education: bachelor’s degree, below the requirement (master’s degree)."));

  json = sl_screening_result_to_json (result);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "required_education"), ==, "master");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json), "evidence")), ==, 3);

  /* The direct writer says the same as json-glib, quotes and control characters included. */
  g_ptr_array_add (result->evidence, g_strdup ("A \"quoted\" back\\slash,\ttab and café"));
  {
    g_autoptr(JsonNode) expected = sl_screening_result_to_json (result);
    g_autofree char *text_json = sl_screening_result_to_json_string (result);
    g_autoptr(JsonNode) parsed = json_from_string (text_json, NULL);

    g_assert_nonnull (parsed);
    g_assert_true (json_node_equal (parsed, expected));
  }

  /* Invalid UTF-8 gives no evidence rather than garbage. */
  sl_screening_result_find_evidence (result, "Python \xff\xfe SQL services for many years\n");
  g_assert_cmpuint (result->evidence->len, ==, 0);
}

/* The stored explanation has no sentence; the one rendered from it and the
 * stored scores is the sentence of the screening itself. */
static void
test_explanation_stored (void)
{
  g_autoptr(SlRequirements) req = make_requirements ();
  g_autoptr(SlCandidate) candidate = make_candidate (3, SL_EDUCATION_BACHELOR);
  g_autoptr(SlScreeningResult) result = NULL;
  g_autoptr(SlScreeningResult) stored = NULL;
  g_autoptr(SlScreeningResult) garbage = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *fallback = NULL;
  SlScreeningConfig config;

  sl_screening_config_init_default (&config);
  result = sl_screening_score (req, candidate, 0.3, 0.72, &config);
  sl_screening_result_find_evidence (result, "Built Python services over a SQL warehouse.\n");
  g_assert_cmpuint (result->evidence->len, ==, 1);
  expected = sl_screening_result_explain (result);

  json = sl_screening_result_to_json_string (result);
  parsed = json_from_string (json, NULL);
  g_assert_nonnull (parsed);
  g_assert_false (json_object_has_member (json_node_get_object (parsed), "sentence"));

  stored = sl_screening_result_new_from_json_string (json);
  stored->similarity = result->similarity;
  stored->education_fit = result->education_fit;
  stored->classifier = result->classifier;
  g_assert_cmpuint (stored->matched_mandatory->len, ==, result->matched_mandatory->len);
  g_assert_cmpuint (stored->missing_mandatory->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stored->missing_mandatory, 0), ==, "Kubernetes");
  g_assert_cmpuint (stored->n_missing_mandatory, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stored->evidence, 0), ==,
                   "Built Python services over a SQL warehouse.");
  sentence = sl_screening_result_explain (stored);
  g_assert_cmpstr (sentence, ==, expected);
  g_assert_nonnull (strstr (sentence, "72 % chance"));

  /* Empty lists and what the job does not ask are left out, and read
   * back as such. */
  {
    static const char * const none[] = { NULL };
    g_autoptr(SlRequirements) open = sl_requirements_new (none, none, 0, 0);
    g_autoptr(SlScreeningResult) plain = sl_screening_score (open, candidate, 0.3, -1, &config);
    g_autoptr(SlScreeningResult) back = NULL;
    g_autofree char *plain_json = sl_screening_result_to_json_string (plain);
    g_autofree char *plain_sentence = sl_screening_result_explain (plain);
    g_autofree char *back_sentence = NULL;
    g_autoptr(JsonNode) expected_node = sl_screening_result_to_json (plain);
    g_autoptr(JsonNode) plain_node = json_from_string (plain_json, NULL);

    g_assert_true (json_node_equal (plain_node, expected_node));
    g_assert_cmpstr (plain_json, ==, "{\"years\":3,\"education_level\":\"bachelor\"}");
    back = sl_screening_result_new_from_json_string (plain_json);
    back->similarity = plain->similarity;
    back->education_fit = plain->education_fit;
    g_assert_cmpfloat (back->min_years, <, 0);
    g_assert_cmpint (back->required_education, <, 0);
    g_assert_cmpint (back->education_level, ==, SL_EDUCATION_BACHELOR);
    back_sentence = sl_screening_result_explain (back);
    g_assert_cmpstr (back_sentence, ==, plain_sentence);
  }

  /* What cannot be read stays empty; the sentence still says the rest. */
  garbage = sl_screening_result_new_from_json_string ("[1, \"not an object\"");
  g_assert_cmpuint (garbage->matched_mandatory->len, ==, 0);
  g_assert_cmpint (garbage->required_education, <, 0);
  g_assert_cmpfloat (garbage->min_years, <, 0);
  fallback = sl_screening_result_explain (garbage);
  g_assert_nonnull (strstr (fallback, "matches the job description at 0 %"));
  g_assert_null (strstr (fallback, "chance"));
}

static void
test_features (void)
{
  g_autoptr(SlRequirements) req = make_requirements ();
  g_autoptr(SlCandidate) candidate = make_candidate (10, SL_EDUCATION_MASTER);
  g_autoptr(SlScreeningResult) result = NULL;
  g_autoptr(JsonNode) spec = NULL;
  const float job[4] = { 0.5f, -0.5f, 0.5f, 0.5f };
  const float cand[4] = { 1.0f, 0.0f, 0.0f, 0.0f };
  float out[SL_SCREENING_N_SCALAR_FEATURES + 8];
  SlScreeningConfig config;

  sl_screening_config_init_default (&config);
  result = sl_screening_score (req, candidate, 0.5, -1, &config);
  g_assert_cmpuint (sl_screening_n_features (4), ==, G_N_ELEMENTS (out));
  sl_screening_features (result, job, cand, 4, out);
  g_assert_cmpfloat (out[0], ==, 0.5f);
  g_assert_cmpfloat (out[7], ==, 2.0f);    /* 10 years against 5 */
  g_assert_cmpfloat (out[8], ==, 1.0f);    /* Kubernetes missing */
  g_assert_cmpfloat (out[SL_SCREENING_N_SCALAR_FEATURES + 0], ==, 0.5f);
  g_assert_cmpfloat (out[SL_SCREENING_N_SCALAR_FEATURES + 1], ==, -0.0f);
  g_assert_cmpfloat (out[SL_SCREENING_N_SCALAR_FEATURES + 4 + 0], ==, 0.5f);
  g_assert_cmpfloat (out[SL_SCREENING_N_SCALAR_FEATURES + 4 + 1], ==, 0.5f);

  spec = sl_screening_feature_spec (4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (spec), "names")),
                    ==, G_N_ELEMENTS (out));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/screening/components", test_components);
  g_test_add_func ("/sl/screening/fits", test_fits);
  g_test_add_func ("/sl/screening/classifier-and-threshold", test_classifier_and_threshold);
  g_test_add_func ("/sl/screening/requirements-from-json", test_requirements_from_json);
  g_test_add_func ("/sl/screening/evidence-and-explanation", test_evidence_and_explanation);
  g_test_add_func ("/sl/screening/explanation-stored", test_explanation_stored);
  g_test_add_func ("/sl/screening/features", test_features);

  return g_test_run ();
}
