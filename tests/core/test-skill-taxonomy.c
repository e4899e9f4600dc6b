#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "sl-skill-taxonomy.h"
#include "sl-store-skills.h"

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
                                          "I like to go to the R&D lab; plan C. Add 5 ml of water. "
                                          "we sketch a steel beam; the rest of the workday.");
  g_assert_cmpuint (prose->len, ==, 0);

  list = sl_skill_taxonomy_find_in_text (taxonomy, "Skills: Python, R, Go, C and SQL\n");
  assert_found (list, expected_list);

  named = sl_skill_taxonomy_find_in_text (taxonomy, "Built services in Go with ML models.");
  assert_found (named, expected_named);

  {
    /* Table cells, as extracted with tabs or runs of spaces. */
    g_autoptr(GPtrArray) cells = sl_skill_taxonomy_find_in_text (taxonomy, "R\tGo   C\nlet me go now");
    const char * const expected_cells[] = { "R", "Go", "C", NULL };

    assert_found (cells, expected_cells);
  }
}

static void
test_add_custom (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new ();
  g_autoptr(GPtrArray) found = NULL;
  const char * const aliases[] = { "Widget Lang", "WL++", NULL };
  const char * const expected[] = { "Widgetry", NULL };
  const char * const more_aliases[] = { "Gizmology", NULL };

  sl_skill_taxonomy_add (taxonomy, "Widgetry", aliases, "Custom");
  g_assert_cmpuint (sl_skill_taxonomy_get_size (taxonomy), ==, 1);
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "widget   lang"), ==, "Widgetry");
  g_assert_cmpstr (sl_skill_taxonomy_get_category (taxonomy, "Widgetry"), ==, "Custom");

  found = sl_skill_taxonomy_find_in_text (taxonomy, "Expert in WL++ and widget lang.");
  assert_found (found, expected);

  /* A category given later fills an empty one; the names stay valid. */
  sl_skill_taxonomy_add (taxonomy, "Gizmo", NULL, NULL);
  sl_skill_taxonomy_add (taxonomy, "gizmo", more_aliases, "Tools");
  g_assert_cmpuint (sl_skill_taxonomy_get_size (taxonomy), ==, 2);
  g_assert_cmpstr (sl_skill_taxonomy_get_category (taxonomy, "gizmo"), ==, "Tools");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "gizmology"), ==, "Gizmo");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "GIZMO"), ==, "Gizmo");
}

typedef struct
{
  char    *dir;
  SlStore *store;
} StoreFixture;

static void
store_setup (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("sl-skills-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = sl_store_new (path, &error);
  g_assert_no_error (error);
}

static void
store_teardown (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* Deliver the queued "changed" emissions, which hold a reference. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
test_store_user_skills (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char * const aliases[] = { "Widget Lang", "WL++", NULL };
  const char * const more[] = { "k8s", "kubernetes engine", NULL };
  const char * const taken[] = { "widget lang", NULL };
  const char * const bad[] = { "a,b", NULL };
  SlStoreSkill *skill;

  g_assert_true (sl_store_add_skill (fixture->store, "Widgetry", aliases, "Custom", &error));
  g_assert_no_error (error);
  /* Aliases for a shipped skill; "k8s" is already one and is kept once. */
  g_assert_true (sl_store_add_skill (fixture->store, "Kubernetes", more, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (sl_store_add_skill (fixture->store, "Gadgetry", taken, NULL, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (sl_store_add_skill (fixture->store, "  ", NULL, NULL, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sl_store_add_skill (fixture->store, "Gadgetry", bad, NULL, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  skills = sl_store_list_user_skills (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skills->len, ==, 2);
  skill = g_ptr_array_index (skills, 0);
  g_assert_cmpstr (skill->name, ==, "Kubernetes");
  g_assert_cmpuint (g_strv_length (skill->aliases), ==, 2);
  skill = g_ptr_array_index (skills, 1);
  g_assert_cmpstr (skill->name, ==, "Widgetry");
  g_assert_cmpstr (skill->category, ==, "Custom");
  g_assert_cmpstr (skill->aliases[0], ==, "Widget Lang");
  g_assert_cmpstr (skill->aliases[1], ==, "WL++");

  taxonomy = sl_store_dup_taxonomy (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "wl++"), ==, "Widgetry");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "Kubernetes Engine"), ==, "Kubernetes");
  found = sl_skill_taxonomy_find_in_text (taxonomy, "Runs Widget Lang on k8s.");
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (found, 0), ==, "Widgetry");
  g_assert_cmpstr (g_ptr_array_index (found, 1), ==, "Kubernetes");

  /* Removing drops what the user added; the shipped skill stays. */
  g_assert_false (sl_store_remove_skill (fixture->store, "Gadgetry", &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sl_store_remove_skill (fixture->store, "widgetry", &error));
  g_assert_no_error (error);
  g_assert_true (sl_store_remove_skill (fixture->store, "Kubernetes", &error));
  g_assert_no_error (error);
  g_clear_pointer (&skills, g_ptr_array_unref);
  skills = sl_store_list_user_skills (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skills->len, ==, 0);
  g_clear_object (&taxonomy);
  taxonomy = sl_store_dup_taxonomy (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "k8s"), ==, "Kubernetes");
  g_assert_null (sl_skill_taxonomy_lookup (taxonomy, "Kubernetes Engine"));
  g_assert_null (sl_skill_taxonomy_lookup (taxonomy, "wl++"));
  g_assert_true (sl_store_add_skill (fixture->store, "Gadgetry", taken, NULL, &error));
  g_assert_no_error (error);
}

static void
test_merge_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new ();
  g_autofree char *path = NULL;
  const char * const shipped[] = { "k8s", NULL };
  int fd;

  sl_skill_taxonomy_add (taxonomy, "Kubernetes", shipped, "Tools");
  fd = g_file_open_tmp ("test-skills-XXXXXX.tsv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  /* A new skill, and aliases named after a known skill's alias. */
  g_assert_true (g_file_set_contents (path, "Quuxlang\tQL, Quux\tLanguages\nk8s\tkube\t\n", -1, &error));
  g_assert_true (sl_skill_taxonomy_merge_file (taxonomy, path, &error));
  g_assert_no_error (error);
  g_unlink (path);

  g_assert_cmpuint (sl_skill_taxonomy_get_size (taxonomy), ==, 2);
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "quux"), ==, "Quuxlang");
  g_assert_cmpstr (sl_skill_taxonomy_get_category (taxonomy, "Quuxlang"), ==, "Languages");
  g_assert_cmpstr (sl_skill_taxonomy_lookup (taxonomy, "kube"), ==, "Kubernetes");
  g_assert_cmpstr (sl_skill_taxonomy_get_category (taxonomy, "Kubernetes"), ==, "Tools");

  g_assert_false (sl_skill_taxonomy_merge_file (taxonomy, "/nonexistent/skills.tsv", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_thread_safety_worker (gpointer data,
                           gpointer user_data)
{
  SlSkillTaxonomy *taxonomy = user_data;
  g_autoptr(GPtrArray) found = NULL;

  for (guint i = 0; i < 200; i++)
    {
      g_clear_pointer (&found, g_ptr_array_unref);
      found = sl_skill_taxonomy_find_in_text (taxonomy, "Python, Go, K8s and CI/CD on AWS");
      g_assert_cmpuint (found->len, ==, 5);
    }
}

static void
test_threads (void)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = load_default ();
  GThreadPool *pool = g_thread_pool_new (test_thread_safety_worker, taxonomy, 4, FALSE, NULL);

  for (guint i = 0; i < 8; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static void
test_bad_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSkillTaxonomy) missing = sl_skill_taxonomy_new_from_file ("/nonexistent/skills.tsv", &error);
  g_autofree char *dir = g_dir_make_tmp ("sl-tsv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.tsv", NULL);
  g_autoptr(SlSkillTaxonomy) bad = NULL;

  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_file_set_contents (path, "Python\tpy3\tLanguages\n\xff\xfe\n", -1, &error);
  g_assert_no_error (error);
  bad = sl_skill_taxonomy_new_from_file (path, &error);
  g_assert_null (bad);
  g_assert_error (error, SL_SKILL_TAXONOMY_ERROR, SL_SKILL_TAXONOMY_ERROR_INVALID);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/skill-taxonomy/merge-file", test_merge_file);
  g_test_add_func ("/sl/skill-taxonomy/default-size", test_default_size);
  g_test_add_func ("/sl/skill-taxonomy/lookup", test_lookup);
  g_test_add_func ("/sl/skill-taxonomy/find/punctuation", test_find_punctuation);
  g_test_add_func ("/sl/skill-taxonomy/find/ambiguous", test_find_ambiguous);
  g_test_add_func ("/sl/skill-taxonomy/add-custom", test_add_custom);

  g_test_add_func ("/sl/skill-taxonomy/threads", test_threads);
  g_test_add_func ("/sl/skill-taxonomy/bad-file", test_bad_file);
  g_test_add ("/sl/store-skills/user-skills", StoreFixture, NULL,
              store_setup, test_store_user_skills, store_teardown);

  return g_test_run ();
}
