#include "config.h"

#include "sl-skill-taxonomy.h"

static SlSkillTaxonomy *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  SlSkillTaxonomy *taxonomy = sl_skill_taxonomy_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (taxonomy);
  return taxonomy;
}

static void
assert_found (GPtrArray          *found,
              const char * const *expected)
{
  guint n = g_strv_length ((char **)expected);

  for (guint i = 0; i < found->len; i++)
    g_test_message ("found: %s", (char *)g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (found, i), ==, expected[i]);
}

static void
test_default_size (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = load_default ();

  g_assert_cmpuint (sl_skill_taxonomy_get_size (taxonomy), >=, 1000);
}

static void
test_lookup (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = load_default ();

  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "k8s"), ==, "Kubernetes");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "Postgres"), ==, "PostgreSQL");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "ml"), ==, "Machine learning");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "NLP"), ==, "Natural language processing");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "JS"), ==, "JavaScript");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "ci/cd"), ==, "CI/CD");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "  MS   Excel "), ==, "Microsoft Excel");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "SEO"), ==, "Search engine optimization");
  g_assert_null (sl_skill_taxonomy_lookup (taxonomy, "Darwin"));
  g_assert_null (sl_skill_taxonomy_lookup (taxonomy, "Access"));
  g_assert_null (sl_skill_taxonomy_lookup (taxonomy, "no such skill"));
  g_assert_cmpstr (sl_skill_taxonomy_get_category (taxonomy, "k8s"), ==, "Cloud and DevOps");
}

static void
test_find_punctuation (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = load_default ();
  g_autoptr(GPtrArray) found = NULL;
  const char * const expected[] = {
    "C++", "C#", ".NET", "Node.js", "CI/CD", "ASP.NET", NULL
  };

  found = sl_skill_taxonomy_find_in_text (taxonomy,
                                          "I write C++ and C# on .NET, some Node.js, own the "
                                          "CI/CD setup and ASP.NET apps; c++ again.");
  assert_found (found, expected);
}

static void
test_find_ambiguous (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = load_default ();
  g_autoptr(GPtrArray) prose = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) named = NULL;
  const char * const expected_list[] = { "Python", "R", "Go", "C", "SQL", NULL };
  const char * const expected_named[] = { "Go", "Machine learning", NULL };

  prose = sl_skill_taxonomy_find_in_text (taxonomy,
                                          "I like to go to the R&D lab; plan C. Add 5 ml of water.");
  g_assert_cmpuint (prose->len, ==, 0);

  list = sl_skill_taxonomy_find_in_text (taxonomy, "Skills: Python, R, Go, C and SQL\n");
  assert_found (list, expected_list);

  named = sl_skill_taxonomy_find_in_text (taxonomy, "Built services in Go with ML models.");
  assert_found (named, expected_named);
}

static void
test_add_custom (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new ();
  g_autoptr(GPtrArray) found = NULL;
  const char * const aliases[] = { "Widget Lang", "WL++", NULL };
  const char * const expected[] = { "Widgetry", NULL };

  sl_skill_taxonomy_add (taxonomy, "Widgetry", aliases, "Custom");
  g_assert_cmpuint (sl_skill_taxonomy_get_size (taxonomy), ==, 1);
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "widget   lang"), ==, "Widgetry");
  g_assert_cmpstr (sl_skill_taxonomy_get_category (taxonomy, "Widgetry"), ==, "Custom");

  found = sl_skill_taxonomy_find_in_text (taxonomy, "Expert in WL++ and widget lang.");
  assert_found (found, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/skill-taxonomy/default-size", test_default_size);
  g_test_add_func ("/sl/skill-taxonomy/lookup", test_lookup);
  g_test_add_func ("/sl/skill-taxonomy/find/punctuation", test_find_punctuation);
  g_test_add_func ("/sl/skill-taxonomy/find/ambiguous", test_find_ambiguous);
  g_test_add_func ("/sl/skill-taxonomy/add-custom", test_add_custom);

  return g_test_run ();
}
