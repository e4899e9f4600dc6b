/* Questions: the curated bank, the local generator on every shared job
 * description (mandatory skills covered, no duplicates, kinds as asked),
 * regeneration without repeats, and the fallback from a failing
 * LLM-backed generator. */
#include "config.h"

#include <string.h>

#include "sl-question-bank.h"
#include "sl-question-generator-local.h"

static SlQuestionBank *
load_bank (void)
{
  g_autoptr(GError) error = NULL;
  SlQuestionBank *bank = sl_question_bank_new_default (&error);

  g_assert_no_error (error);
  return bank;
}

static void
test_bank (void)
{
  g_autoptr(SlQuestionBank) bank = load_bank ();
  g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);
  SlQuestionKind seen = 0;
  guint n = sl_question_bank_get_n_questions (bank);

  g_assert_cmpuint (n, >=, 150);
  for (guint i = 0; i < n; i++)
    {
      SlQuestion *q = sl_question_bank_get_question (bank, i);
      guint follow_ups = g_strv_length ((char **)sl_question_get_follow_ups (q));

      g_assert_true (g_hash_table_add (texts, (gpointer)sl_question_get_text (q)));
      g_assert_cmpuint (g_strv_length ((char **)sl_question_get_expected_keywords (q)), >=, 1);
      g_assert_cmpuint (follow_ups, >=, 1);
      g_assert_cmpuint (follow_ups, <=, 2);
      g_assert_cmpuint (sl_question_get_suggested_seconds (q), >=, 30);
      g_assert_cmpuint (sl_question_get_suggested_seconds (q), <=, 300);
      g_assert_cmpuint (g_strv_length ((char **)sl_question_get_roles (q)), >=, 1);
      seen |= sl_question_get_kind (q);
    }
  g_assert_cmpint (seen, ==, SL_QUESTION_KIND_ALL);
}

static gboolean
mentions (GPtrArray  *questions,
          const char *skill)
{
  g_autofree char *needle = g_utf8_strdown (skill, -1);

  for (guint i = 0; i < questions->len; i++)
    {
      SlQuestion *q = questions->pdata[i];
      g_autofree char *text = g_utf8_strdown (sl_question_get_text (q), -1);
      const char * const *keywords = sl_question_get_expected_keywords (q);

      if (strstr (text, needle) != NULL)
        return TRUE;
      for (guint k = 0; keywords[k] != NULL; k++)
        {
          if (g_ascii_strcasecmp (keywords[k], skill) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
assert_no_duplicates (GPtrArray *questions)
{
  for (guint i = 0; i < questions->len; i++)
    for (guint j = i + 1; j < questions->len; j++)
      g_assert_false (sl_question_equal_text (questions->pdata[i], questions->pdata[j]));
}

static void
test_jobs (void)
{
  g_autoptr(SlQuestionBank) bank = load_bank ();
  g_autoptr(SlQuestionGenerator) generator = sl_question_generator_local_new (bank);
  g_autofree char *truth_path = g_test_build_filename (G_TEST_DIST, "data", "jobs", "mandatory-skills.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) files = NULL;
  JsonObject *truth;

  g_assert_true (json_parser_load_from_file (parser, truth_path, &error));
  truth = json_node_get_object (json_parser_get_root (parser));
  files = json_object_get_members (truth);
  g_assert_cmpuint (g_list_length (files), ==, 8);

  for (GList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "jobs", l->data, NULL);
      g_autoptr(SlQuestionRequest) request = sl_question_request_new ();
      g_autoptr(GPtrArray) questions = NULL;
      JsonArray *skills = json_object_get_array_member (truth, l->data);
      SlQuestionKind seen = 0;

      g_assert_true (g_file_get_contents (path, &request->job_description, NULL, &error));
      request->count = 10;
      questions = sl_question_generator_generate (generator, request, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (questions->len, ==, 10);
      assert_no_duplicates (questions);
      for (guint i = 0; i < questions->len; i++)
        seen |= sl_question_get_kind (questions->pdata[i]);
      g_assert_cmpint (seen, ==, SL_QUESTION_KIND_ALL);
      for (guint i = 0; i < json_array_get_length (skills); i++)
        {
          const char *skill = json_array_get_string_element (skills, i);

          if (!mentions (questions, skill))
            g_error ("%s: no question covers the mandatory skill “%s”", (const char *)l->data, skill);
        }
    }
}

static void
test_kinds (void)
{
  g_autoptr(SlQuestionBank) bank = load_bank ();
  g_autoptr(SlQuestionGenerator) generator = sl_question_generator_local_new (bank);
  const SlQuestionKind cases[] = {
    SL_QUESTION_KIND_BEHAVIOURAL,
    SL_QUESTION_KIND_TECHNICAL,
    SL_QUESTION_KIND_SITUATIONAL | SL_QUESTION_KIND_ROLE_SPECIFIC,
    SL_QUESTION_KIND_BEHAVIOURAL | SL_QUESTION_KIND_TECHNICAL,
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(SlQuestionRequest) request = sl_question_request_new ();
      g_autoptr(GPtrArray) questions = NULL;
      g_autoptr(GError) error = NULL;
      SlQuestionKind seen = 0;

      request->job_title = g_strdup ("Senior Backend Engineer");
      request->job_description = g_strdup ("Requirements: Python, PostgreSQL, Kafka and Kubernetes.");
      request->kinds = cases[c];
      request->count = 6;
      questions = sl_question_generator_generate (generator, request, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (questions->len, ==, 6);
      assert_no_duplicates (questions);
      for (guint i = 0; i < questions->len; i++)
        {
          g_assert_true (sl_question_get_kind (questions->pdata[i]) & cases[c]);
          seen |= sl_question_get_kind (questions->pdata[i]);
        }
      g_assert_cmpint (seen, ==, cases[c]);
    }
}

static void
test_regenerate (void)
{
  g_autoptr(SlQuestionBank) bank = load_bank ();
  g_autoptr(SlQuestionGenerator) generator = sl_question_generator_local_new (bank);
  g_autoptr(SlQuestionRequest) request = sl_question_request_new ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GStrvBuilder) exclude = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;

  request->job_title = g_strdup ("Registered Nurse, ICU");
  request->kinds = SL_QUESTION_KIND_BEHAVIOURAL | SL_QUESTION_KIND_ROLE_SPECIFIC;
  request->count = 6;
  first = sl_question_generator_generate (generator, request, NULL, &error);
  g_assert_no_error (error);
  /* Role-specific bank questions come first for a nurse. */
  g_assert_true (g_strv_contains (sl_question_get_roles (first->pdata[0]), "nursing"));

  for (guint i = 0; i < first->len; i++)
    g_strv_builder_add (exclude, sl_question_get_text (first->pdata[i]));
  request->exclude = g_strv_builder_end (exclude);
  request->seed = 42;
  second = sl_question_generator_generate (generator, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 6);
  for (guint i = 0; i < second->len; i++)
    g_assert_false (g_strv_contains ((const char * const *)request->exclude, sl_question_get_text (second->pdata[i])));
}

static void
test_skills_and_roles (void)
{
  g_auto(GStrv) mandatory = NULL;
  g_auto(GStrv) preferred = NULL;
  g_auto(GStrv) roles = sl_question_detect_roles ("Java Developer", NULL);

  sl_question_extract_skills ("We use JavaScript daily.\nRequirements: Java and PostgreSQL.\n"
                              "Nice to have: Kafka, Java.\nBenefits: a Go-kart track.", &mandatory, &preferred);
  g_assert_cmpstrv (mandatory, ((const char * const[]) { "Java", "PostgreSQL", NULL }));
  g_assert_cmpstrv (preferred, ((const char * const[]) { "Kafka", NULL }));
  g_assert_true (g_strv_contains ((const char * const *)roles, "software"));
  g_assert_false (g_strv_contains ((const char * const *)roles, "frontend"));
}

/* ---- A cloud generator that fails ------------------------------------ */

#define TEST_TYPE_FAILING (test_failing_get_type ())
G_DECLARE_FINAL_TYPE (TestFailing, test_failing, TEST, FAILING, GObject)

struct _TestFailing
{
  GObject parent_instance;
  guint   calls;
};

static const char *
failing_get_id (SlQuestionGenerator *self)
{
  return "failing";
}

static GPtrArray *
failing_generate (SlQuestionGenerator      *self,
                  const SlQuestionRequest  *request,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  TEST_FAILING (self)->calls++;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  g_set_error (error, SL_QUESTION_GENERATOR_ERROR, SL_QUESTION_GENERATOR_ERROR_UNAVAILABLE, "offline");
  return NULL;
}

static void
failing_iface_init (SlQuestionGeneratorInterface *iface)
{
  iface->get_id = failing_get_id;
  iface->generate = failing_generate;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestFailing, test_failing, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_QUESTION_GENERATOR, failing_iface_init))

static void test_failing_class_init (TestFailingClass *klass) { }
static void test_failing_init (TestFailing *self) { }

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = sl_question_generator_generate_finish (SL_QUESTION_GENERATOR (object), result, &error);
  g_assert_no_error (error);
}

static void
test_fallback (void)
{
  g_autoptr(SlQuestionBank) bank = load_bank ();
  g_autoptr(SlQuestionGenerator) local = sl_question_generator_local_new (bank);
  g_autoptr(TestFailing) cloud = g_object_new (TEST_TYPE_FAILING, NULL);
  g_autoptr(SlQuestionRequest) request = sl_question_request_new ();
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) async_questions = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  questions = sl_question_generator_generate_with_fallback (SL_QUESTION_GENERATOR (cloud), local, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cloud->calls, ==, 1);
  g_assert_cmpuint (questions->len, ==, 8);

  sl_question_generator_generate_async (SL_QUESTION_GENERATOR (cloud), local, request, NULL,
                                        generated_cb, &async_questions);
  while (async_questions == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (async_questions->len, ==, 8);

  /* Cancelling is not a failure to fall back from. */
  g_cancellable_cancel (cancellable);
  g_clear_pointer (&questions, g_ptr_array_unref);
  questions = sl_question_generator_generate_with_fallback (SL_QUESTION_GENERATOR (cloud), local, request,
                                                            cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (questions);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/question/bank", test_bank);
  g_test_add_func ("/sl/question/skills-and-roles", test_skills_and_roles);
  g_test_add_func ("/sl/question/jobs", test_jobs);
  g_test_add_func ("/sl/question/kinds", test_kinds);
  g_test_add_func ("/sl/question/regenerate", test_regenerate);
  g_test_add_func ("/sl/question/fallback", test_fallback);

  return g_test_run ();
}
