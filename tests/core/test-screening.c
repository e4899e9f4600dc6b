#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-lexical-embedder.h"
#include "sl-screening.h"
#include "sl-store-matching.h"

#define N_RESUMES 170

typedef struct
{
  char       *dir;
  char       *db_path;
  SlStore    *store;
  GHashTable *category;   /* candidate id → category */
  GHashTable *skills;     /* candidate id → GStrv */
} Fixture;

static char *
read_data (const char *relative)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "resume-corpus", relative,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *labels = read_data ("labels.jsonl");
  g_auto(GStrv) lines = g_strsplit (labels, "\n", -1);

  fixture->dir = g_dir_make_tmp ("test-search-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = sl_store_new (fixture->db_path, &error);
  g_assert_no_error (error);
  fixture->category = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  fixture->skills = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify)g_strfreev);

  for (guint i = 0; i < N_RESUMES && lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(SlCandidate) candidate = NULL;
      g_autoptr(GStrvBuilder) skills = g_strv_builder_new ();
      g_autofree char *text = NULL;
      g_auto(GStrv) skill_names = NULL;
      JsonObject *object;
      JsonArray *array;
      gint64 id;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      text = read_data (json_object_get_string_member (object, "file"));
      array = json_object_get_array_member (object, "skills");
      for (guint j = 0; j < json_array_get_length (array); j++)
        g_strv_builder_add (skills, json_array_get_string_element (array, j));
      skill_names = g_strv_builder_end (skills);

      candidate = sl_candidate_new (json_object_get_string_member (object, "name"));
      sl_candidate_set_text (candidate, text);
      sl_candidate_set_years_experience (candidate,
                                         json_object_get_int_member (object, "years_experience"));
      sl_candidate_set_education_level (candidate, i % 6);
      sl_candidate_set_location (candidate, i % 4 == 0 ? "Berlin, Germany" : "Lisbon, Portugal");
      sl_candidate_set_skills (candidate, (const char * const *)skill_names);
      sl_store_add_candidate (fixture->store, candidate, &error);
      g_assert_no_error (error);
      id = sl_candidate_get_id (candidate);
      g_hash_table_insert (fixture->category, g_memdup2 (&id, sizeof id),
                           g_strdup (json_object_get_string_member (object, "category")));
      g_hash_table_insert (fixture->skills, g_memdup2 (&id, sizeof id),
                           g_steal_pointer (&skill_names));
    }
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* The store's queued "changed" emissions hold references until they run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_hash_table_unref (fixture->category);
  g_hash_table_unref (fixture->skills);
}

static gint64
add_backend_job (Fixture *fixture)
{
  g_autoptr(SlJob) job = sl_job_new ("Backend Developer");
  g_autoptr(GError) error = NULL;
  g_autofree char *description = read_data ("jobs/backend_engineering.txt");

  sl_job_set_description (job, description);
  sl_job_set_parsed (job, "{\"required_skills\": [\"Java\", \"Python\", \"Git\", \"REST APIs\","
                          " \"Microservices\", \"Unit testing\"],"
                          " \"nice_to_have\": [\"Elasticsearch\", \"Spring Boot\", \"C#\", \"Django\"],"
                          " \"min_years\": 2, \"education\": \"bachelor\"}");
  g_assert_true (sl_store_add_job (fixture->store, job, &error));
  g_assert_no_error (error);
  return sl_job_get_id (job);
}

static void
test_screen_job (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(SlSearch) search = sl_search_new (fixture->store, SL_EMBEDDER (embedder));
  g_autoptr(SlScreening) screening = sl_screening_new (fixture->store, search);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) linked = NULL;
  g_autoptr(GError) error = NULL;
  gint64 job_id = add_backend_job (fixture);
  guint backend_in_top = 0;
  guint shortlisted = 0;
  double relevant_similarity = 0, other_similarity = 0;
  guint n_relevant = 0, n_other = 0;

  g_assert_true (sl_search_prepare (search, NULL, &error));
  results = sl_screening_run (screening, job_id, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, N_RESUMES);

  for (guint i = 0; i < results->len; i++)
    {
      SlScreeningResult *r = g_ptr_array_index (results, i);
      const char *category = g_hash_table_lookup (fixture->category, &r->candidate_id);
      const char * const *skills = g_hash_table_lookup (fixture->skills, &r->candidate_id);

      if (i > 0)
        g_assert_cmpfloat (((SlScreeningResult *)g_ptr_array_index (results, i - 1))->score, >=,
                           r->score);
      g_assert_cmpint (r->result_id, >, 0);
      g_assert_nonnull (r->name);
      g_assert_cmpfloat (r->score, >=, 0);
      g_assert_cmpfloat (r->score, <=, 100);
      g_assert_true (isnan (r->classifier));
      g_assert_cmpint (r->shortlisted, ==, r->score >= SL_SCREENING_DEFAULT_THRESHOLD);
      shortlisted += r->shortlisted;
      /* Matched and missing skills partition the job's, and agree with the resume's. */
      g_assert_cmpuint (g_strv_length (r->matched_mandatory) + g_strv_length (r->missing_mandatory),
                        ==, 6);
      g_assert_cmpuint (g_strv_length (r->matched_preferred) + g_strv_length (r->missing_preferred),
                        ==, 4);
      for (guint j = 0; r->matched_mandatory[j] != NULL; j++)
        g_assert_true (g_strv_contains (skills, r->matched_mandatory[j]));
      for (guint j = 0; r->missing_mandatory[j] != NULL; j++)
        g_assert_false (g_strv_contains (skills, r->missing_mandatory[j]));
      g_assert_cmpfloat_with_epsilon (r->mandatory_coverage,
                                      g_strv_length (r->matched_mandatory) / 6.0, 1e-9);
      g_assert_cmpfloat (r->experience_fit, ==, MIN (1.0, r->years / 2));
      g_assert_nonnull (strstr (r->explanation, "required skills"));
      if (i < 10)
        backend_in_top += g_str_equal (category, "backend_engineering");
      if (g_str_equal (category, "backend_engineering"))
        {
          relevant_similarity += r->similarity;
          n_relevant++;
        }
      else
        {
          other_similarity += r->similarity;
          n_other++;
        }
    }
  g_test_message ("backend in top 10: %u; shortlisted %u; mean similarity %.3f (backend) %.3f (others)",
                  backend_in_top, shortlisted, relevant_similarity / n_relevant, other_similarity / n_other);
  g_assert_cmpuint (backend_in_top, >=, 8);
  g_assert_cmpuint (shortlisted, >, 0);
  g_assert_cmpuint (shortlisted, <, N_RESUMES / 2);

  /* The best have evidence lines from their resumes that name matched skills. */
  {
    SlScreeningResult *best = g_ptr_array_index (results, 0);

    g_assert_cmpuint (g_strv_length (best->evidence), >=, 1);
    g_assert_cmpuint (g_strv_length (best->evidence), <=, 3);
    g_test_message ("best: %s — %s | %s", best->name, best->explanation, best->evidence[0]);
  }

  /* Screening again makes new current results. */
  again = sl_screening_run (screening, job_id, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((SlScreeningResult *)g_ptr_array_index (again, 0))->result_id, >,
                   ((SlScreeningResult *)g_ptr_array_index (results, results->len - 1))->result_id);

  /* Only linked candidates by default: none are linked here. */
  linked = sl_screening_run (screening, job_id, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (linked->len, ==, 0);

  /* An unknown job is an error. */
  g_assert_null (sl_screening_run (screening, 999999, TRUE, NULL, &error));
  g_assert_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND);
}

static void
test_score (void)
{
  const guint32 skills_a[] = { 1, 2, 3 };
  const guint32 skills_b[] = { 3 };
  const guint32 mandatory[] = { 1, 2 };
  const guint32 preferred[] = { 3, 0 };
  SlScreeningInput inputs[] = {
    { skills_a, 3, 6, 4, 0.45 },
    { skills_b, 1, 1, 2, 0.05 },
  };
  SlScreeningResult results[2] = { { 0, } };

  sl_screening_score (inputs, 2, mandatory, 2, preferred, 2, 4, 3, 60, results);
  /* Everything met: similarity at the top of its range, all mandatory, half preferred. */
  g_assert_cmpfloat_with_epsilon (results[0].mandatory_coverage, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (results[0].preferred_coverage, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (results[0].skill_coverage, 2.5 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (results[0].score, 100 * (0.40 + 0.35 * 2.5 / 3 + 0.15 + 0.10),
                                  1e-9);
  g_assert_true (results[0].shortlisted);
  /* Little met: one year of four, one level below the education asked. */
  g_assert_cmpfloat_with_epsilon (results[1].mandatory_coverage, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (results[1].experience_fit, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (results[1].education_fit, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (results[1].score,
                                  100 * (0.35 * 0.5 / 3 + 0.15 * 0.25 + 0.10 * 0.5), 1e-9);
  g_assert_false (results[1].shortlisted);

  /* A job without skills gives their weight to similarity. */
  sl_screening_score (inputs, 1, NULL, 0, NULL, 0, 0, 0, 60, results);
  g_assert_cmpfloat_with_epsilon (results[0].score, 100, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/screening/score", test_score);
  g_test_add ("/sl/screening/job", Fixture, NULL, fixture_set_up, test_screen_job,
              fixture_tear_down);

  return g_test_run ();
}
