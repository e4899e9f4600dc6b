#include "config.h"

#include <string.h>

#include "sl-json-resume.h"
#include "sl-resume-parser.h"
#include "sl-skill-taxonomy.h"
#include "sl-text-util.h"

static SlSkillTaxonomy *taxonomy;

static JsonObject *
parse_text (const char *text)
{
  JsonNode *node = sl_resume_parse_at (text, taxonomy, 2026, 6);
  JsonObject *object;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_object_ref (json_node_get_object (node));
  json_node_unref (node);
  return object;
}

static JsonObject *
parse_fixture (const char *dir,
               const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "resumes", dir, name, NULL);
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

static JsonObject *
experience (JsonObject *profile,
            guint       i)
{
  JsonArray *array = json_object_get_array_member (profile, "experiences");

  g_assert_cmpuint (json_array_get_length (array), >, i);
  return json_array_get_object_element (array, i);
}

static void
assert_experience (JsonObject *profile,
                   guint       i,
                   const char *title,
                   const char *company,
                   const char *start,
                   const char *end)
{
  JsonObject *exp = experience (profile, i);

  g_assert_cmpstr (get_str (exp, "title"), ==, title);
  g_assert_cmpstr (get_str (exp, "company"), ==, company);
  g_assert_cmpstr (get_str (exp, "start"), ==, start);
  g_assert_cmpstr (get_str (exp, "end"), ==, end);
  g_assert_cmpint (json_object_get_boolean_member (exp, "current"), ==, end == NULL);
}

static void
test_fixture_john_doe (void)
{
  g_autoptr(JsonObject) p = parse_fixture ("text", "john_doe.txt");
  JsonObject *edu;

  g_assert_cmpstr (get_str (p, "name"), ==, "John Doe");
  g_assert_true (has (p, "emails", "john.doe@email.com"));
  g_assert_true (has (p, "phones", "1234567890"));
  g_assert_true (has (p, "links", "linkedin.com/in/johndoe"));
  g_assert_true (has (p, "links", "github.com/johndoe"));
  g_assert_cmpstr (get_str (p, "location"), ==, "Anywhere, USA");
  g_assert_cmpstr (get_str (p, "headline"), ==, "Full Stack Java Developer");
  assert_experience (p, 0, "Full Stack Java Developer", "ABC Company, Inc.", "2018-06", NULL);
  assert_experience (p, 1, "Software Developer", "XYZ Solutions", "2016-07", "2018-06");
  /* June 2018 to June 2026, plus July 2016 to June 2018; June 2018 once. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "years_experience"), 10.0, 0.05);
  g_assert_cmpstr (get_str (p, "education_level"), ==, "bachelor");
  edu = json_array_get_object_element (json_object_get_array_member (p, "education"), 0);
  g_assert_cmpstr (get_str (edu, "degree"), ==, "Bachelor of Science in Computer Science");
  g_assert_cmpstr (get_str (edu, "institution"), ==, "State University");
  g_assert_cmpstr (get_str (edu, "end"), ==, "2016-05");
  g_assert_true (has (p, "certifications", "Certified Angular Developer"));
  g_assert_true (has (p, "certifications", "Oracle Certified Professional, Java SE 8 Programmer"));
  for (guint i = 0; i < 8; i++)
    {
      const char *expected[] = { "Java", "Spring Boot", "Angular", "TypeScript", "MySQL",
                                 "MongoDB", "Docker", "JUnit" };

      g_assert_true (has (p, "skills", expected[i]));
    }
  g_assert_true (json_object_has_member (json_object_get_object_member (p, "sections"), "summary"));
}

static void
test_fixture_split_dates (void)
{
  /* pdftotext puts "2017 –" and "Present" on two lines; years-only dates. */
  g_autoptr(JsonObject) p = parse_fixture ("text", "alfred_pennyworth_pm.txt");

  g_assert_cmpstr (get_str (p, "name"), ==, "Alfred Pennyworth");
  g_assert_cmpstr (get_str (p, "headline"), ==, "Product Manager");
  g_assert_cmpstr (get_str (p, "location"), ==, "Silicon Valley, CA, USA");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "experiences")), ==, 5);
  assert_experience (p, 0, "Product Manager", "Google", "2017-01", NULL);
  assert_experience (p, 1, "Software Development Engineer III", "Amazon", "2012-01", "2017-12");
  assert_experience (p, 4, "Software Development Engineer I", "Facebook", "1999-01", "2002-12");
  /* January 1999 to June 2026 without a gap. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "years_experience"), 27.5, 0.05);
  g_assert_cmpstr (get_str (p, "education_level"), ==, "master");
  g_assert_true (has (p, "skills", "Product management"));
  g_assert_true (has (p, "skills", "Amazon Web Services"));
  g_assert_true (has (p, "skills", "Market research"));
}

static void
test_fixture_others (void)
{
  g_autoptr(JsonObject) barry = parse_fixture ("text", "barry_allen_fe.txt");
  g_autoptr(JsonObject) bruce = parse_fixture ("text", "bruce_wayne_fullstack.txt");
  g_autoptr(JsonObject) harvey = parse_fixture ("text", "harvey_dent_mle.txt");

  g_assert_cmpstr (get_str (barry, "name"), ==, "Barry Allen");
  g_assert_cmpstr (get_str (barry, "education_level"), ==, "bachelor");
  assert_experience (barry, 0, "Software Engineer (Front-End)", "Google", "2022-06", NULL);
  g_assert_true (has (barry, "skills", "Vue.js"));
  g_assert_true (has (barry, "skills", "Google Cloud Platform"));

  g_assert_cmpstr (get_str (bruce, "name"), ==, "Bruce Wayne");
  g_assert_cmpstr (get_str (bruce, "education_level"), ==, "doctorate");
  assert_experience (bruce, 1, "Full Stack Developer", "Uber", "2015-07", "2020-05");
  assert_experience (bruce, 2, "Software Developer", "Facebook", "2012-06", "2015-06");
  g_assert_true (has (bruce, "skills", "Kubernetes"));

  g_assert_cmpstr (get_str (harvey, "name"), ==, "Harvey Dent");
  g_assert_cmpstr (get_str (harvey, "education_level"), ==, "master");
  assert_experience (harvey, 2, "Junior Data Analyst", "Facebook", "2016-01", "2018-12");
  /* "Python, R, TensorFlow": R counts as an item of a list. */
  g_assert_true (has (harvey, "skills", "R"));
  g_assert_true (has (harvey, "phones", "1234567891"));
}

static void
test_fixture_corpus (void)
{
  g_autoptr(JsonObject) p = parse_fixture ("corpus", "r00001.txt");

  g_assert_cmpstr (get_str (p, "name"), ==, "Grace Owusu");
  g_assert_cmpstr (get_str (p, "headline"), ==, "Junior Software Engineer");
  g_assert_cmpstr (get_str (p, "location"), ==, "Dublin, Ireland");
  g_assert_true (has (p, "emails", "gowusu@example.com"));
  g_assert_true (has (p, "phones", "+15550104"));
  assert_experience (p, 0, "Junior Software Engineer", "Maplebridge Labs", "2024-05", NULL);
  assert_experience (p, 1, "Java Developer", "Pixelwind Foods", "2023-09", "2024-09");
  /* September 2023 to June 2026, the overlap counted once. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "years_experience"), 2.8, 0.05);
  g_assert_cmpstr (get_str (p, "education_level"), ==, "master");
  g_assert_true (has (p, "skills", "Go"));
  g_assert_true (has (p, "skills", "Spring Boot"));
}

static void
test_section_titles (void)
{
  const char *titles[] = {
    "Work History", "Professional Experience", "EMPLOYMENT", "Experience:", "## Career History",
    "=== WORK EXPERIENCE ===", "employment history", "Relevant Experience",
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *text = g_strdup_printf ("Jane Roe\n\n%s\nSenior Nurse, Brightpath Health, Jan 2019 – Present\n"
                                               "Cared for patients.\n\nEDUCATION\nBSN, Nursing, Riverside College, 2018\n",
                                               titles[i]);
      g_autoptr(JsonObject) p = parse_text (text);

      g_test_message ("title: %s", titles[i]);
      g_assert_cmpstr (get_str (p, "name"), ==, "Jane Roe");
      assert_experience (p, 0, "Senior Nurse", "Brightpath Health", "2019-01", NULL);
      g_assert_cmpstr (get_str (p, "education_level"), ==, "bachelor");
    }
}

static void
test_date_formats (void)
{
  const struct {
    const char *range;
    const char *start;
    const char *end;
  } cases[] = {
    { "Jan 2019 – Present", "2019-01", NULL },
    { "2019-01 - 2020-03", "2019-01", "2020-03" },
    { "01/2019 - 06/2021", "2019-01", "2021-06" },
    { "2018 - 2020", "2018-01", "2020-12" },
    { "March 2017 to June 2019", "2017-03", "2019-06" },
    { "Sept. 2015 – Aug. 2016", "2015-09", "2016-08" },
    { "Feb '19 - current", "2019-02", NULL },
    { "2020.04–2021.11", "2020-04", "2021-11" },
    { "since March 2021", "2021-03", NULL },
    { "Jun 2019 — Now", "2019-06", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("Sam Poe\n\nExperience\nAnalyst | Oakridge Bank | %s\n",
                                               cases[i].range);
      g_autoptr(JsonObject) p = parse_text (text);

      g_test_message ("range: %s", cases[i].range);
      assert_experience (p, 0, "Analyst", "Oakridge Bank", cases[i].start, cases[i].end);
    }
}

static void
test_layouts (void)
{
  /* Title on its own line, then "Company | dates"; and "Dates" first. */
  g_autoptr(JsonObject) a = parse_text ("Kim Lee\nkim@example.com\n\nWORK EXPERIENCE\n"
                                        "Data Analyst\nHelixline Analytics | Feb 2020 - Mar 2022\n"
                                        "- Built reports.\nSQL Developer\nLumen Data Inc. | 2018 - 2020\n");
  g_autoptr(JsonObject) b = parse_text ("Kim Lee\n\nExperience\nAcme Corp — Staff Accountant    May 2019 to Present\n");

  assert_experience (a, 0, "Data Analyst", "Helixline Analytics", "2020-02", "2022-03");
  assert_experience (a, 1, "SQL Developer", "Lumen Data Inc.", "2018-01", "2020-12");
  assert_experience (b, 0, "Staff Accountant", "Acme Corp", "2019-05", NULL);
}

static void
test_overlapping_years (void)
{
  /* 2015-01..2018-12 and 2017-01..2020-12 overlap by two years: six
   * years in all, plus 2022-01..2022-12 after a gap: seven. */
  g_autoptr(JsonObject) p = parse_text ("Ana Diaz\n\nExperience\n"
                                        "Engineer, Alpha Labs, 2015 - 2018\n"
                                        "Consultant, Beta Consulting, 2017 - 2020\n"
                                        "Engineer, Gamma Systems, Jan 2022 - Dec 2022\n");
  const int starts[] = { 10, 20, 40 };
  const int ends[] = { 30, 25, 50 };

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (p, "years_experience"), 7.0, 0.01);
  g_assert_cmpint (sl_resume_merge_months (starts, ends, 3), ==, 30);
  g_assert_cmpint (sl_resume_merge_months (NULL, NULL, 0), ==, 0);
}

static void
test_two_columns (void)
{
  g_autoptr(JsonObject) p =
    parse_text ("Lena Berg\nProduct Designer\n\n"
                "CONTACT                               SUMMARY\n"
                "lena@example.org                      Designer who writes things down.\n"
                "+49 30 1234 5678\n"
                "Berlin, Germany                       EXPERIENCE\n"
                "                                      Product Designer\n"
                "SKILLS                                Cedar Labs\n"
                "• Figma                               2021 - Present\n"
                "• Prototyping                         - Ran user research.\n"
                "• User research                       UX Designer\n"
                "                                      Silverleaf Media\n"
                "LANGUAGES                             2018 - 2021\n"
                "German (native)\n"
                "English (fluent)                      EDUCATION\n"
                "                                      MA Interaction Design, Kingsgate University, 2018\n");

  g_assert_cmpstr (get_str (p, "name"), ==, "Lena Berg");
  g_assert_true (has (p, "phones", "+4930123456 78") || has (p, "phones", "+493012345678"));
  g_assert_cmpstr (get_str (p, "location"), ==, "Berlin, Germany");
  assert_experience (p, 0, "Product Designer", "Cedar Labs", "2021-01", NULL);
  assert_experience (p, 1, "UX Designer", "Silverleaf Media", "2018-01", "2021-12");
  g_assert_true (has (p, "skills", "Figma"));
  g_assert_true (has (p, "skills", "Prototyping"));
  g_assert_true (has (p, "languages", "German"));
  g_assert_true (has (p, "languages", "English"));
  g_assert_cmpstr (get_str (p, "education_level"), ==, "master");
}

static void
test_header_variants (void)
{
  g_autoptr(JsonObject) a = parse_text ("Jane Q. Roe, RN\n12 Elm Street, Austin, TX 78701\n(555) 010-0123 · jane@example.org\n");
  g_autoptr(JsonObject) b = parse_text ("Name: Omar Haddad\nLocation: Lisbon, Portugal\nPortfolio: omar.design\n");

  g_assert_cmpstr (get_str (a, "name"), ==, "Jane Q. Roe");
  g_assert_cmpstr (get_str (a, "location"), ==, "Austin, TX");
  g_assert_true (has (a, "phones", "5550100123"));
  g_assert_cmpstr (get_str (b, "name"), ==, "Omar Haddad");
  g_assert_cmpstr (get_str (b, "location"), ==, "Lisbon, Portugal");
  g_assert_true (has (b, "links", "omar.design"));
}

static void
test_phones (void)
{
  const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "+1 (555) 010-0199", "+15550100199" },
    { "555.010.0199", "5550100199" },
    { "+44 20 7946 0018", "+442079460018" },
    { "(555) 010 0199", "5550100199" },
    { "12-34", NULL },
    { "+1 2345 6789 0123 4567 89", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *phone = sl_resume_normalize_phone (cases[i].in);

      g_assert_cmpstr (phone, ==, cases[i].out);
    }

  {
    /* A date range in the header is not a phone number. */
    g_autoptr(JsonObject) p = parse_text ("Ola Nordmann\nOslo, Norway | 2019 - 2020 | Tel: +47 912 34 567\n");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "phones")), ==, 1);
    g_assert_true (has (p, "phones", "+4791234567"));
  }
}

static void
test_education_levels (void)
{
  const struct {
    const char *degree;
    int level;
  } cases[] = {
    { "High School Diploma", 1 },
    { "GED", 1 },
    { "Associate of Applied Science", 2 },
    { "A.A.S. Nursing", 2 },
    { "B.Sc. Computer Science", 3 },
    { "Bachelor's degree in Accounting", 3 },
    { "BSN", 3 },
    { "B.Tech", 3 },
    { "BA Economics", 3 },
    { "M.Sc. Data Science", 4 },
    { "Master of Business Administration", 4 },
    { "MBA", 4 },
    { "MS in Statistics", 4 },
    { "Ph.D. in Physics", 5 },
    { "Doctor of Philosophy", 5 },
    { "Certified Scrum Master", -1 },
    { "MS Excel", -1 },
    { "Cambridge, MA, USA", -1 },
    { "Boston, MA", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("degree: %s", cases[i].degree);
      g_assert_cmpint (sl_education_level_from_degree (cases[i].degree), ==, cases[i].level);
    }

  g_assert_cmpint (SL_EDUCATION_MASTER, ==, 4);
  g_assert_cmpstr (sl_education_level_to_string (SL_EDUCATION_DOCTORATE), ==, "doctorate");
}

static void
test_languages_and_certifications (void)
{
  g_autoptr(JsonObject) p =
    parse_text ("Mia Rossi\n\nSkills\nPython, SQL\nLanguages: Italian (native), English - C1\n\n"
                "Certifications\n• PMP\n• CompTIA Security+; ITIL 4 Foundation\n\n"
                "Language Skills\nSpanish: intermediate | French (basic)\n");

  g_assert_true (has (p, "languages", "Italian"));
  g_assert_true (has (p, "languages", "English"));
  g_assert_true (has (p, "languages", "Spanish"));
  g_assert_true (has (p, "languages", "French"));
  g_assert_false (has (p, "languages", "Python"));
  g_assert_true (has (p, "certifications", "PMP"));
  g_assert_true (has (p, "certifications", "CompTIA Security+"));
  g_assert_true (has (p, "certifications", "ITIL 4 Foundation"));
}

static void
test_skill_groups (void)
{
  /* "Languages:" and "Tools:" inside a skills section label groups of
   * skills; "Cloud:" is no skill itself, "Excel:" is. */
  g_autoptr(JsonObject) p =
    parse_text ("Max Ode\n\nTechnical Skills\nLanguages: Python, Scala, SQL\nCloud: AWS (S3, EMR)\n"
                "Tools: Airflow, dbt\nExcel: advanced\n\n"
                "Experience\nData Engineer @ Tidewater Energy (Mar 2021 – Present)\n"
                "Junior Developer, Cedar Labs (2015–2017)\n\n"
                "Education\nB.B.A. in Accounting, University of Texas at Austin, May 2018\n"
                "Languages\nGerman · English\n");

  g_assert_true (has (p, "skills", "Python"));
  g_assert_true (has (p, "skills", "Scala"));
  g_assert_true (has (p, "skills", "Amazon S3"));
  g_assert_true (has (p, "skills", "Apache Airflow"));
  g_assert_true (has (p, "skills", "Microsoft Excel"));
  g_assert_false (has (p, "skills", "Cloud computing"));
  g_assert_false (has (p, "skills", "Electronic health records"));
  g_assert_false (has (p, "languages", "Python"));
  g_assert_true (has (p, "languages", "German"));
  assert_experience (p, 0, "Data Engineer", "Tidewater Energy", "2021-03", NULL);
  assert_experience (p, 1, "Junior Developer", "Cedar Labs", "2015-01", "2017-12");
  g_assert_cmpstr (get_str (json_array_get_object_element (json_object_get_array_member (p, "education"), 0),
                            "institution"), ==, "University of Texas at Austin");
}

static void
test_large_input (void)
{
  g_autoptr(GString) one_line = g_string_new (NULL);
  g_autoptr(GString) many_lines = g_string_new ("Experience\n");
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;

  /* A long header line of list items once took cubic time in the
   * location search; 30,000 jobs must stay linear too. The suite's
   * timeout is the only clock here (both take well under a second). */
  while (one_line->len < 200000)
    g_string_append (one_line, "Python, Berlin, Germany, ");
  for (guint i = 0; i < 30000; i++)
    g_string_append (many_lines, "Engineer, Acme, 2019 - 2020\n- Built things.\n");

  g_string_append (one_line, "\nSkills: Go\n");
  a = parse_text (one_line->str);
  /* So long a line is no header line. */
  g_assert_null (get_str (a, "location"));
  g_assert_true (has (a, "skills", "Go"));
  b = parse_text (many_lines->str);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (b, "experiences")), ==, 30000);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (b, "years_experience"), 2.0, 0.01);
}

static void
test_hostile_input (void)
{
  const char *inputs[] = {
    "", "\n\n\n", "Experience\n", "2019 -", "- - - -", "Jan 2019 – ", "@@@@ http:// www.",
    "Skills:", "\xff\xfe\xfd invalid \xc3\x28 utf8", "a\0b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(JsonObject) p = parse_text (inputs[i]);

      g_assert_true (json_object_has_member (p, "skills"));
      g_assert_true (json_object_has_member (p, "experiences"));
    }

  {
    /* Without a taxonomy there are no skills, and the rest still works. */
    g_autoptr(JsonNode) node = sl_resume_parse ("Kai Wu\nkai@example.com\nSkills: Python\n", NULL);
    JsonObject *p = json_node_get_object (node);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (p, "skills")), ==, 0);
    g_assert_true (has (p, "emails", "kai@example.com"));
  }
}

static void
test_text_dates (void)
{
  SlMonth start, end;
  gboolean current;
  gsize a, b;
  g_autofree char *str = NULL;

  g_assert_cmpint (sl_text_month_from_name ("Sept.", -1), ==, 9);
  g_assert_cmpint (sl_text_month_from_name ("may", -1), ==, 5);
  g_assert_cmpint (sl_text_month_from_name ("mayo", -1), ==, 0);
  g_assert_cmpint (sl_text_number_from_word ("three", -1), ==, 3);
  g_assert_cmpint (sl_text_number_from_word ("12", -1), ==, 12);
  g_assert_cmpint (sl_text_number_from_word ("lots", -1), ==, -1);

  g_assert_true (sl_text_find_date_range ("Engineer (June 2018 – Present)", &start, &end, &current, &a, &b));
  g_assert_true (current);
  str = sl_text_month_to_string (start);
  g_assert_cmpstr (str, ==, "2018-06");
  g_assert_cmpuint (a, ==, 10);

  g_assert_false (sl_text_find_date_range ("Room 1203 - 1207", &start, &end, &current, NULL, NULL));
  g_assert_false (sl_text_find_date_range ("2020 - 2018", &start, &end, &current, NULL, NULL));
  g_assert_cmpint (sl_text_month_from_iso ("2014-12-01"), ==, SL_MONTH (2014, 12));
  g_assert_cmpint (sl_text_month_from_iso ("junk"), ==, 0);
}

static JsonObject *
load_json_resume (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "resumes", "jsonresume", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *profile;
  JsonObject *ret;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (sl_json_resume_detect (json_parser_get_root (parser)));
  profile = sl_json_resume_to_profile (json_parser_get_root (parser), taxonomy, &error);
  g_assert_no_error (error);
  ret = json_object_ref (json_node_get_object (profile));
  json_node_unref (profile);
  return ret;
}

static void
test_json_resume (void)
{
  g_autoptr(JsonObject) priya = load_json_resume ("priya-okonkwo-backend.json");
  g_autoptr(JsonObject) tomas = load_json_resume ("tomas-reyes-nurse.json");
  g_autoptr(JsonObject) hana = load_json_resume ("hana-lindqvist-teacher-to-ux.json");
  g_autoptr(JsonObject) sample = load_json_resume ("jsonresume-sample.resume.json");
  JsonObject *edu;

  g_assert_cmpstr (get_str (priya, "name"), ==, "Priya Okonkwo");
  g_assert_cmpstr (get_str (priya, "headline"), ==, "Senior Backend Engineer");
  g_assert_true (has (priya, "emails", "priya.okonkwo@example.com"));
  g_assert_true (has (priya, "phones", "+15550142"));
  g_assert_true (has (priya, "links", "https://github.example.com/priya-okonkwo-example"));
  g_assert_cmpstr (get_str (priya, "location"), ==, "Toronto, Ontario, CA");
  g_assert_true (has (priya, "skills", "Go"));
  g_assert_true (has (priya, "skills", "Kubernetes"));
  g_assert_true (has (priya, "skills", "REST APIs"));
  g_assert_true (has (priya, "skills", "FastAPI"));   /* from a highlight */
  g_assert_cmpstr (get_str (priya, "education_level"), ==, "bachelor");
  assert_experience (priya, 0, "Senior Backend Engineer", "Northwind Freight Systems", "2021-03", NULL);
  assert_experience (priya, 2, "Junior Developer", "Cedar Labs", "2016-06", "2017-12");
  /* Still employed, so at least March 2021 to today plus 2016-2021. */
  g_assert_cmpfloat (json_object_get_double_member (priya, "years_experience"), >=, 10.0);
  g_assert_true (has (priya, "languages", "Igbo"));
  g_assert_true (has (priya, "certifications", "Certified Kubernetes Application Developer (CKAD)"));

  g_assert_cmpstr (get_str (tomas, "name"), ==, "Tomás Reyes");
  g_assert_true (has (tomas, "skills", "Critical care"));
  g_assert_true (has (tomas, "certifications", "Basic Life Support (BLS)"));
  assert_experience (tomas, 1, "Registered Nurse, Medical-Surgical", "Summit Community Hospital (fictional)",
                     "2019-06", "2021-04");

  g_assert_cmpstr (get_str (hana, "education_level"), ==, "bachelor");
  g_assert_true (has (hana, "skills", "Figma"));
  g_assert_true (has (hana, "languages", "Swedish"));
  edu = json_array_get_object_element (json_object_get_array_member (hana, "education"), 1);
  g_assert_cmpstr (get_str (edu, "degree"), ==, "BSc, Mathematics");
  g_assert_cmpstr (get_str (edu, "institution"), ==, "Westmoor University");
  g_assert_cmpstr (get_str (edu, "end"), ==, "2016-06");

  g_assert_cmpstr (get_str (sample, "name"), ==, "Richard Hendriks");
  g_assert_true (has (sample, "phones", "9125554321"));
  assert_experience (sample, 0, "CEO/President", "Pied Piper", "2013-12", "2014-12");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (sample, "years_experience"), 1.1, 0.01);
}

static void
test_json_resume_invalid (void)
{
  const char *docs[] = {
    "[]", "42", "{}", "{\"work\": 3}", "{\"name\": \"x\"}",
  };
  const char *tolerated[] = {
    "{\"basics\": {}}",
    "{\"basics\": {\"name\": 5, \"profiles\": [1, null, {\"url\": 3}]}, \"work\": [1, {\"startDate\": \"x\"}]}",
    "{\"basics\": {\"location\": []}, \"skills\": [{\"keywords\": [null, 1]}]}",
    "{\"basics\": {}, \"education\": [{}], \"languages\": [{}], \"certificates\": [\"x\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (docs[i], NULL);
      g_autoptr(GError) error = NULL;
      JsonNode *profile;

      g_assert_false (sl_json_resume_detect (node));
      profile = sl_json_resume_to_profile (node, taxonomy, &error);
      g_assert_null (profile);
      g_assert_error (error, SL_JSON_RESUME_ERROR, SL_JSON_RESUME_ERROR_INVALID);
    }

  for (guint i = 0; i < G_N_ELEMENTS (tolerated); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (tolerated[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) profile = NULL;

      g_assert_true (sl_json_resume_detect (node));
      profile = sl_json_resume_to_profile (node, taxonomy, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (profile));
      g_assert_true (json_object_has_member (json_node_get_object (profile), "education_level"));
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

  g_test_add_func ("/sl/resume-parser/fixture/john-doe", test_fixture_john_doe);
  g_test_add_func ("/sl/resume-parser/fixture/split-dates", test_fixture_split_dates);
  g_test_add_func ("/sl/resume-parser/fixture/others", test_fixture_others);
  g_test_add_func ("/sl/resume-parser/fixture/corpus", test_fixture_corpus);
  g_test_add_func ("/sl/resume-parser/section-titles", test_section_titles);
  g_test_add_func ("/sl/resume-parser/date-formats", test_date_formats);
  g_test_add_func ("/sl/resume-parser/layouts", test_layouts);
  g_test_add_func ("/sl/resume-parser/overlapping-years", test_overlapping_years);
  g_test_add_func ("/sl/resume-parser/two-columns", test_two_columns);
  g_test_add_func ("/sl/resume-parser/phones", test_phones);
  g_test_add_func ("/sl/resume-parser/header-variants", test_header_variants);
  g_test_add_func ("/sl/resume-parser/education-levels", test_education_levels);
  g_test_add_func ("/sl/resume-parser/languages-certifications", test_languages_and_certifications);
  g_test_add_func ("/sl/resume-parser/skill-groups", test_skill_groups);
  g_test_add_func ("/sl/resume-parser/hostile-input", test_hostile_input);
  g_test_add_func ("/sl/resume-parser/large-input", test_large_input);
  g_test_add_func ("/sl/text-util/dates", test_text_dates);
  g_test_add_func ("/sl/json-resume/fixtures", test_json_resume);
  g_test_add_func ("/sl/json-resume/invalid", test_json_resume_invalid);

  ret = g_test_run ();
  g_clear_object (&taxonomy);
  return ret;
}
