#include "config.h"

#include <string.h>

#include "sl-job-parser.h"
#include "sl-skill-taxonomy.h"

static SlSkillTaxonomy *taxonomy;

static JsonObject *
parse_text (const char *text)
{
  JsonNode *node = sl_job_parse (text, taxonomy);
  JsonObject *object;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static JsonObject *
parse_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "jobs", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return parse_text (text);
}

static const char *
get_str (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_NULL (node))
    return -1;
  return (gint64)json_node_get_double (node);
}

static gboolean
has (JsonObject *object,
     const char *member,
     const char *value)
{
  JsonArray *array = json_object_get_array_member (object, member);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_fixture_backend (void)
{
  g_autoptr(JsonObject) j = parse_fixture ("backend-eng.txt");

  g_assert_cmpstr (get_str (j, "title"), ==, "Senior Backend Engineer");
  g_assert_cmpstr (get_str (j, "seniority"), ==, "senior");
  g_assert_cmpint (get_int (j, "min_years"), ==, 4);
  g_assert_true (has (j, "mandatory_skills", "Python"));
  g_assert_true (has (j, "mandatory_skills", "Docker"));
  g_assert_true (has (j, "mandatory_skills", "Kubernetes"));
  g_assert_true (has (j, "mandatory_skills", "Redis"));
  g_assert_true (has (j, "mandatory_skills", "CI/CD"));
  /* Named only in the description of the stack. */
  g_assert_true (has (j, "preferred_skills", "FastAPI"));
  g_assert_true (has (j, "preferred_skills", "Apache Kafka"));
  g_assert_false (has (j, "preferred_skills", "Python"));
  g_assert_cmpstr (get_str (j, "education_level"), ==, "none");
  g_assert_null (get_str (j, "currency"));
}

static void
test_fixture_others (void)
{
  g_autoptr(JsonObject) fe = parse_fixture ("frontend-eng.txt");
  g_autoptr(JsonObject) ml = parse_fixture ("ml-eng.txt");
  g_autoptr(JsonObject) pm = parse_fixture ("product-manager.txt");
  g_autoptr(JsonObject) java = parse_fixture ("text/job_desc_java_developer.txt");
  g_autoptr(JsonObject) full = parse_fixture ("text/job_desc_full_stack_engineer.txt");

  g_assert_cmpstr (get_str (fe, "title"), ==, "Senior Frontend Engineer");
  g_assert_true (has (fe, "mandatory_skills", "TypeScript"));
  g_assert_true (has (fe, "mandatory_skills", "Next.js"));
  /* "WCAG 2.1 AA" is no associate degree. */
  g_assert_cmpstr (get_str (fe, "education_level"), ==, "none");

  g_assert_cmpstr (get_str (ml, "title"), ==, "Machine Learning Engineer");
  g_assert_cmpint (get_int (ml, "min_years"), ==, 3);
  g_assert_true (has (ml, "mandatory_skills", "PyTorch"));
  g_assert_true (has (ml, "mandatory_skills", "scikit-learn"));

  g_assert_cmpstr (get_str (pm, "title"), ==, "Senior Product Manager");
  g_assert_true (has (pm, "mandatory_skills", "SQL"));
  g_assert_true (has (pm, "mandatory_skills", "A/B testing"));

  g_assert_cmpstr (get_str (java, "title"), ==, "Java Developer");
  g_assert_cmpint (get_int (java, "min_years"), ==, 3);
  g_assert_cmpstr (get_str (java, "education_level"), ==, "bachelor");
  g_assert_cmpstr (get_str (java, "location"), ==, "San Francisco, CA, USA");
  g_assert_true (has (java, "mandatory_skills", "Java"));
  g_assert_true (has (java, "mandatory_skills", "Test-driven development"));
  g_assert_false (has (java, "mandatory_skills", "Electronic Time Clock ETC"));

  g_assert_cmpstr (get_str (full, "title"), ==, "Senior Full Stack Engineer");
  g_assert_cmpstr (get_str (full, "seniority"), ==, "senior");
  g_assert_cmpint (get_int (full, "min_years"), ==, 5);
}

static void
test_cues (void)
{
  g_autoptr(JsonObject) j =
    parse_text ("Data Engineer\n\n"
                "Requirements\n- Python and SQL\n- Experience with Apache Airflow\n\n"
                "Nice to have\n- Snowflake\n- dbt\n\n"
                "Must have: Docker. Kubernetes is a plus. Bonus: Terraform\n");

  g_assert_true (has (j, "mandatory_skills", "Python"));
  g_assert_true (has (j, "mandatory_skills", "SQL"));
  g_assert_true (has (j, "mandatory_skills", "Apache Airflow"));
  g_assert_true (has (j, "preferred_skills", "Snowflake"));
  g_assert_true (has (j, "preferred_skills", "dbt"));
  g_assert_true (has (j, "mandatory_skills", "Docker"));
  g_assert_true (has (j, "preferred_skills", "Kubernetes"));
  g_assert_true (has (j, "preferred_skills", "Terraform"));
  g_assert_false (has (j, "mandatory_skills", "Kubernetes"));
}

static void
test_years (void)
{
  const struct {
    const char *text;
    int years;
  } cases[] = {
    { "5+ years of experience with Go", 5 },
    { "At least three years of experience in accounting", 3 },
    { "Minimum of 7 years' experience", 7 },
    { "3-5 years of professional experience", 3 },
    { "two (2) years of nursing experience required", 2 },
    { "10 yrs experience", 10 },
    { "Our company is 25 years old.", -1 },
    { "We ship every two weeks.", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) j = parse_text (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (get_int (j, "min_years"), ==, cases[i].years);
    }
}

static void
test_salary (void)
{
  const struct {
    const char *text;
    double min;
    double max;
    const char *currency;
  } cases[] = {
    { "Salary: $120,000 – $150,000 per year", 120000, 150000, "USD" },
    { "Compensation €60k-70k plus bonus", 60000, 70000, "EUR" },
    { "USD 100k base", 100000, 100000, "USD" },
    { "£45,000 - £55,000", 45000, 55000, "GBP" },
    { "Pay: 90.000 - 110.000 EUR", 90000, 110000, "EUR" },
    { "CA$95,000 to CA$115,000", 95000, 115000, "CAD" },
    { "CHF 120'000", 120000, 120000, "CHF" },
    { "We raised $20 million last year.", 0, 0, NULL },
    { "Join 5 teams.", 0, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) j = parse_text (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (get_str (j, "currency"), ==, cases[i].currency);
      if (cases[i].currency != NULL)
        {
          g_assert_cmpfloat (json_object_get_double_member (j, "salary_min"), ==, cases[i].min);
          g_assert_cmpfloat (json_object_get_double_member (j, "salary_max"), ==, cases[i].max);
        }
      else
        {
          g_assert_true (json_object_get_null_member (j, "salary_min"));
          g_assert_true (json_object_get_null_member (j, "salary_max"));
        }
    }
}

static void
test_work_mode (void)
{
  const struct {
    const char *text;
    const char *mode;
    gboolean remote;
  } cases[] = {
    { "Backend Engineer\nLocation: Remote (US)\n", "remote", TRUE },
    { "Designer\nLocation: Berlin, Germany (Hybrid, 3 days in office)\n", "hybrid", FALSE },
    { "Nurse\nThis role is on-site at our Denver hospital.\n", "onsite", FALSE },
    { "Analyst\nWe offer a fully remote setup.\n", "remote", TRUE },
    { "Engineer\nNo remote work is possible; in office five days.\n", "onsite", FALSE },
    { "Engineer\nGreat team.\n", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) j = parse_text (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (get_str (j, "work_mode"), ==, cases[i].mode);
      g_assert_cmpint (json_object_get_boolean_member (j, "remote"), ==, cases[i].remote);
    }

  {
    g_autoptr(JsonObject) j = parse_text ("Designer\nLocation: Berlin, Germany (Hybrid)\n");

    g_assert_cmpstr (get_str (j, "location"), ==, "Berlin, Germany (Hybrid)");
  }
}

static void
test_seniority (void)
{
  const struct {
    const char *title;
    const char *seniority;
  } cases[] = {
    { "Software Engineering Intern", "intern" },
    { "Junior Data Analyst", "junior" },
    { "Jr. Accountant", "junior" },
    { "Mid-level Backend Developer", "mid" },
    { "Sr. Product Designer", "senior" },
    { "Senior Software Engineer II", "senior" },
    { "Staff Engineer", "lead" },
    { "Tech Lead, Payments", "lead" },
    { "Engineering Manager", "lead" },
    { "Principal Scientist", "principal" },
    { "Director of Marketing", "principal" },
    { "Software Engineer II", "mid" },
    { "Registered Nurse", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("Job Title: %s\n\nAbout the role\nGood things.\n",
                                               cases[i].title);
      g_autoptr(JsonObject) j = parse_text (text);

      g_test_message ("%s", cases[i].title);
      g_assert_cmpstr (get_str (j, "title"), ==, cases[i].title);
      g_assert_cmpstr (get_str (j, "seniority"), ==, cases[i].seniority);
    }
}

static void
test_education (void)
{
  const struct {
    const char *text;
    const char *level;
  } cases[] = {
    { "Requirements\n- Bachelor's degree in Computer Science or equivalent\n- Master's preferred\n", "bachelor" },
    { "BS/MS in Computer Science required.", "bachelor" },
    { "PhD in Machine Learning required.", "doctorate" },
    { "High school diploma or GED.", "high_school" },
    { "Associate degree in Nursing (ADN) or BSN.", "associate" },
    { "Nice to have: an MBA.", "master" },
    { "Proficient in MS Excel.", "none" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) j = parse_text (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpstr (get_str (j, "education_level"), ==, cases[i].level);
    }
}

static void
test_title_sentence (void)
{
  g_autoptr(JsonObject) a = parse_text ("We are hiring a Senior Frontend Engineer to lead our web app.");
  g_autoptr(JsonObject) b = parse_text ("Acme is seeking an experienced Registered Nurse (ICU) for nights.");
  g_autoptr(JsonObject) c = parse_text ("Customer Support Specialist - Lisbon, Portugal\n\nHelp our users.\n");

  g_assert_cmpstr (get_str (a, "title"), ==, "Senior Frontend Engineer");
  g_assert_cmpstr (get_str (b, "title"), ==, "Registered Nurse (ICU)");
  g_assert_cmpstr (get_str (c, "title"), ==, "Customer Support Specialist");
  g_assert_cmpstr (get_str (c, "location"), ==, "Lisbon, Portugal");
}

static void
test_sections (void)
{
  g_autoptr(JsonObject) j =
    parse_text ("Sr. DevOps Engineer (Remote - US)\n\n"
                "Acme Health is looking for a DevOps engineer to scale our platform on Azure.\n\n"
                "What you'll do:\n- Own our Kubernetes clusters and Terraform modules\n\n"
                "What we're looking for:\n- 6+ years in infrastructure roles\n"
                "- Experience with Prometheus\n- Bachelor's degree in CS or equivalent\n\n"
                "Bonus points:\n- Go or Python scripting\n\n"
                "Compensation: $150K - $180K + equity\n");

  g_assert_cmpstr (get_str (j, "title"), ==, "Sr. DevOps Engineer");
  g_assert_cmpstr (get_str (j, "seniority"), ==, "senior");
  g_assert_cmpstr (get_str (j, "work_mode"), ==, "remote");
  g_assert_cmpint (get_int (j, "min_years"), ==, 6);
  g_assert_cmpstr (get_str (j, "education_level"), ==, "bachelor");
  /* Requirements are required; duties beside them, the bonus list and
   * the company blurb are not. */
  g_assert_true (has (j, "preferred_skills", "Kubernetes"));
  g_assert_true (has (j, "preferred_skills", "Terraform"));
  g_assert_true (has (j, "mandatory_skills", "Prometheus"));
  g_assert_false (has (j, "mandatory_skills", "Kubernetes"));
  g_assert_true (has (j, "preferred_skills", "Go"));
  g_assert_true (has (j, "preferred_skills", "Python"));
  g_assert_true (has (j, "preferred_skills", "Microsoft Azure"));
  g_assert_cmpfloat (json_object_get_double_member (j, "salary_min"), ==, 150000);
  g_assert_cmpfloat (json_object_get_double_member (j, "salary_max"), ==, 180000);
}

static void
test_hostile_input (void)
{
  const char *inputs[] = {
    "", "\n", "$", "$$$ - $", "€-", "5+ years", "Requirements:", "USD", "1,000,000,000,000,000 USD",
    "\xff\xfe bad utf8 \xc3", "Salary: $99999999999999999999",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(JsonObject) j = parse_text (inputs[i]);

      g_assert_true (json_object_has_member (j, "mandatory_skills"));
      g_assert_true (json_object_has_member (j, "seniority"));
    }

  {
    g_autoptr(JsonNode) node = sl_job_parse ("Python required", NULL);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node),
                                                                           "mandatory_skills")), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  taxonomy = sl_skill_taxonomy_new_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/sl/job-parser/fixture/backend", test_fixture_backend);
  g_test_add_func ("/sl/job-parser/fixture/others", test_fixture_others);
  g_test_add_func ("/sl/job-parser/cues", test_cues);
  g_test_add_func ("/sl/job-parser/years", test_years);
  g_test_add_func ("/sl/job-parser/salary", test_salary);
  g_test_add_func ("/sl/job-parser/work-mode", test_work_mode);
  g_test_add_func ("/sl/job-parser/seniority", test_seniority);
  g_test_add_func ("/sl/job-parser/education", test_education);
  g_test_add_func ("/sl/job-parser/title-sentence", test_title_sentence);
  g_test_add_func ("/sl/job-parser/sections", test_sections);
  g_test_add_func ("/sl/job-parser/hostile-input", test_hostile_input);

  ret = g_test_run ();
  g_clear_object (&taxonomy);
  return ret;
}
