#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sl-lexical-embedder.h"
#include "sl-search.h"
#include "sl-store-import.h"
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

static SlSearch *
prepared_search (Fixture *fixture)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(GError) error = NULL;
  SlSearch *search = sl_search_new (fixture->store, SL_EMBEDDER (embedder));

  g_assert_true (sl_search_prepare (search, NULL, &error));
  g_assert_no_error (error);
  return search;
}

static double
precision (Fixture    *fixture,
           GPtrArray  *results,
           const char *category,
           guint       k)
{
  guint hits = 0;

  for (guint i = 0; i < results->len && i < k; i++)
    {
      SlSearchResult *result = g_ptr_array_index (results, i);

      hits += g_str_equal (g_hash_table_lookup (fixture->category, &result->candidate_id),
                           category);
    }
  return (double)hits / k;
}

static void
test_hybrid (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(SlSearch) search = prepared_search (fixture);
  g_autoptr(GError) error = NULL;
  static const struct { const char *query; const char *category; } cases[] = {
    { "registered nurse patient care ICU", "nursing" },
    { "frontend developer React TypeScript CSS", "frontend_engineering" },
    { "Kubernetes Terraform CI/CD on-call SRE", "devops_sre" },
    { "classroom teacher lesson planning curriculum", "teaching" },
  };

  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (search)), ==, N_RESUMES);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (SlSearchMode mode = SL_SEARCH_MODE_HYBRID; mode <= SL_SEARCH_MODE_KEYWORD; mode++)
        {
          g_autoptr(GPtrArray) results = sl_search_run (search, cases[i].query, NULL, 10, mode,
                                                        NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpuint (results->len, ==, 10);
          g_test_message ("%s (mode %d): P@10 %.2f", cases[i].query, mode,
                          precision (fixture, results, cases[i].category, 10));
          /* Ten resumes per category: most of the top ten must be right. */
          g_assert_cmpfloat (precision (fixture, results, cases[i].category, 10), >=, 0.7);
          for (guint j = 1; j < results->len; j++)
            {
              SlSearchResult *a = g_ptr_array_index (results, j - 1);
              SlSearchResult *b = g_ptr_array_index (results, j);

              g_assert_cmpfloat (a->score, >=, b->score);
              g_assert_nonnull (a->name);
            }
        }
    }
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(SlSearch) search = prepared_search (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchFilter) filter = sl_search_filter_parse ("skills:python,sql location:BERLIN years>=3",
                                                             &error);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) everyone = NULL;

  g_assert_no_error (error);
  results = sl_search_run (search, "engineer data pipelines", filter, 50, SL_SEARCH_MODE_HYBRID,
                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, >, 0);
  for (guint i = 0; i < results->len; i++)
    {
      SlSearchResult *result = g_ptr_array_index (results, i);
      g_autoptr(SlCandidate) candidate = sl_store_get_candidate (fixture->store,
                                                                 result->candidate_id, &error);
      const char * const *skills = g_hash_table_lookup (fixture->skills, &result->candidate_id);

      g_assert_no_error (error);
      g_assert_true (g_strv_contains (skills, "Python"));
      g_assert_true (g_strv_contains (skills, "SQL"));
      g_assert_nonnull (strstr (sl_candidate_get_location (candidate), "Berlin"));
      g_assert_cmpfloat (sl_candidate_get_years_experience (candidate), >=, 3);
    }

  /* An unknown skill required: nobody; offered as an alternative: ignored. */
  {
    g_autoptr(SlSearchFilter) nobody = sl_search_filter_parse ("skills:python,cobol-on-mars",
                                                               &error);
    g_autoptr(SlSearchFilter) some = sl_search_filter_parse ("skills:\"cobol-on-mars\"|python",
                                                             &error);
    g_autoptr(GPtrArray) none = sl_search_run (search, "engineer", nobody, 10,
                                               SL_SEARCH_MODE_HYBRID, NULL, &error);
    g_autoptr(GPtrArray) any = sl_search_run (search, "engineer", some, 10, SL_SEARCH_MODE_HYBRID,
                                              NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (any->len, ==, 10);
  }

  /* A filter that passes everyone changes nothing. */
  {
    g_autoptr(SlSearchFilter) all = sl_search_filter_parse ("after:2000-01-01", &error);
    g_autoptr(GPtrArray) filtered = sl_search_run (search, "nurse", all, 10, SL_SEARCH_MODE_HYBRID,
                                                   NULL, &error);

    everyone = sl_search_run (search, "nurse", NULL, 10, SL_SEARCH_MODE_HYBRID, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (filtered->len, ==, everyone->len);
    for (guint i = 0; i < everyone->len; i++)
      g_assert_cmpint (((SlSearchResult *)g_ptr_array_index (filtered, i))->candidate_id, ==,
                       ((SlSearchResult *)g_ptr_array_index (everyone, i))->candidate_id);
  }
}

static void
test_incremental_and_cache (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(SlSearch) search = prepared_search (fixture);
  g_autoptr(SlCandidate) candidate = sl_candidate_new ("Zora Quill");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(SlSearch) again = NULL;
  g_autofree char *cache = g_strdup_printf ("%s.lexical-v1_512.vectors", fixture->db_path);
  gint64 n_documents = 0;
  g_autoptr(GHashTable) doc_freq = NULL;

  g_assert_true (g_file_test (cache, G_FILE_TEST_EXISTS));
  sl_candidate_set_text (candidate, "Xylophone restoration specialist and harpsichord tuner");
  g_assert_true (sl_store_add_candidate (fixture->store, candidate, &error));
  g_assert_true (sl_search_prepare (search, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (search)), ==, N_RESUMES + 1);
  results = sl_search_run (search, "harpsichord", NULL, 5, SL_SEARCH_MODE_HYBRID, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((SlSearchResult *)g_ptr_array_index (results, 0))->candidate_id, ==,
                   sl_candidate_get_id (candidate));
  g_assert_true (sl_store_load_term_stats (fixture->store, &doc_freq, &n_documents, &error));
  g_assert_cmpint (n_documents, ==, N_RESUMES + 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (doc_freq, "w:harpsichord")), ==, 1);

  /* A second search object reads the refreshed cache and finds the same. */
  {
    g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
    g_autoptr(GPtrArray) second = NULL;

    again = sl_search_new (fixture->store, SL_EMBEDDER (embedder));
    g_assert_true (sl_search_prepare (again, NULL, &error));
    second = sl_search_run (again, "harpsichord", NULL, 5, SL_SEARCH_MODE_HYBRID, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (second->len, ==, 1);
  }

  /* A damaged cache is ignored and rebuilt from the store. */
  {
    g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
    g_autoptr(SlSearch) third = NULL;
    g_autoptr(GPtrArray) found = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (cache, &contents, &length, NULL));
    contents[length - 3] ^= 0x55;
    g_assert_true (g_file_set_contents (cache, contents, length, NULL));
    third = sl_search_new (fixture->store, SL_EMBEDDER (embedder));
    g_assert_true (sl_search_prepare (third, NULL, &error));
    found = sl_search_run (third, "harpsichord", NULL, 5, SL_SEARCH_MODE_HYBRID, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }

  /* Erasing the candidate: it is never returned, even before the index reloads. */
  g_assert_true (sl_store_import_erase_candidate (fixture->store, sl_candidate_get_id (candidate),
                                                   NULL, &error));
  {
    g_autoptr(GPtrArray) gone = sl_search_run (search, "harpsichord", NULL, 5,
                                               SL_SEARCH_MODE_HYBRID, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (gone->len, ==, 0);
  }
  g_assert_true (sl_search_prepare (search, NULL, &error));
  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (search)), ==, N_RESUMES);
}

static void
progress_cb (SlSearch   *search,
             GParamSpec *pspec,
             double     *last)
{
  double progress = sl_search_get_progress (search);

  g_assert_cmpfloat (progress, >=, *last);
  *last = progress;
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_search_prepare_finish (SL_SEARCH (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *)user_data = TRUE;
}

static void
test_async_and_duplicates (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (256);
  g_autoptr(SlSearch) search = sl_search_new (fixture->store, SL_EMBEDDER (embedder));
  g_autoptr(SlCandidate) copy = NULL;
  g_autoptr(SlCandidate) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) duplicates = NULL;
  g_autofree char *text = NULL;
  gboolean done = FALSE;
  double last = 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  /* A resume sent twice, exported again: other line breaks, bullets and case. */
  original = sl_store_get_candidate (fixture->store, 5, &error);
  g_assert_no_error (error);
  {
    g_auto(GStrv) lines = g_strsplit (sl_candidate_get_text (original), "\n", -1);
    g_autofree char *joined = g_strjoinv ("\n\n", lines);
    g_auto(GStrv) bullets = g_strsplit (joined, "- ", -1);
    g_autofree char *rebulleted = g_strjoinv ("• ", bullets);

    text = g_utf8_strup (rebulleted, -1);
  }
  copy = sl_candidate_new ("Same Person Again");
  sl_candidate_set_text (copy, text);
  g_assert_true (sl_store_add_candidate (fixture->store, copy, &error));

  g_signal_connect (search, "notify::progress", G_CALLBACK (progress_cb), &last);
  sl_search_prepare_async (search, NULL, prepared_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (done);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (sl_vector_index_get_count (sl_search_get_index (search)), ==, N_RESUMES + 1);

  duplicates = sl_search_find_near_duplicates (search, sl_candidate_get_id (copy),
                                               SL_SEARCH_NEAR_DUPLICATE_THRESHOLD, 5);
  g_assert_cmpuint (duplicates->len, ==, 1);
  g_assert_cmpint (g_array_index (duplicates, SlVectorHit, 0).id, ==, 5);
  g_array_unref (g_steal_pointer (&duplicates));
  /* Another candidate of the same category is similar, but no duplicate. */
  duplicates = sl_search_find_near_duplicates (search, 6, SL_SEARCH_NEAR_DUPLICATE_THRESHOLD, 5);
  g_assert_cmpuint (duplicates->len, ==, 0);

  /* The worker drops its reference to the task (and so to the search) just
   * after the result reached us: wait for it, so nothing outlives the test. */
  {
    SlSearch *weak = search;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *)&weak);
    g_clear_object (&search);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_thread_yield ();
      }
    g_assert_null (weak);
  }
}

static void
test_filter_grammar (void)
{
  static const struct { const char *text; const char *fragment; } bad[] = {
    { "years>=abc", "years" },
    { "years:3", "years>=3" },
    { "education>=phd", "education" },
    { "skills:python,aws|go", "mixes" },
    { "skills:python,,aws", "empty" },
    { "colour:blue", "Unknown filter" },
    { "location:\"new york", "quote" },
    { "after:2024-13-01", "YYYY-MM-DD" },
    { "after:yesterday", "YYYY-MM-DD" },
    { "job:-4", "positive" },
    { "job:abc", "positive" },
    { "python", "not a filter" },
    { "location:", "no value" },
    { "skills:go skills:rust", "only once" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSearchFilter) filter = NULL;
  g_autoptr(SlSearchFilter) empty = sl_search_filter_parse ("   ", &error);

  g_assert_no_error (error);
  g_assert_true (sl_search_filter_is_empty (empty));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SlSearchFilter) none = sl_search_filter_parse (bad[i].text, &error);

      g_assert_null (none);
      g_assert_error (error, SL_SEARCH_ERROR, SL_SEARCH_ERROR_INVALID_FILTER);
      if (strstr (error->message, bad[i].fragment) == NULL)
        g_error ("“%s” gave “%s”, expected it to mention “%s”", bad[i].text, error->message,
                 bad[i].fragment);
      g_clear_error (&error);
    }

  filter = sl_search_filter_parse ("skills:\"machine learning\",Python years>=2.5 education>=master "
                                   "location:\"New York\" job:12 after:2024-05-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (filter->skills), ==, 2);
  g_assert_cmpstr (filter->skills[0], ==, "machine learning");
  g_assert_cmpstr (filter->skills[1], ==, "Python");
  g_assert_false (filter->skills_any);
  g_assert_cmpfloat (filter->min_years, ==, 2.5);
  g_assert_cmpint (filter->min_education, ==, 4);
  g_assert_cmpstr (filter->location, ==, "New York");
  g_assert_cmpint (filter->job_id, ==, 12);
  /* After 1 May means from 2 May 00:00 UTC. */
  g_assert_cmpint (filter->imported_after, ==, 1714608000 - 1);
  g_clear_pointer (&filter, sl_search_filter_free);

  filter = sl_search_filter_parse ("skills:go|rust", &error);
  g_assert_no_error (error);
  g_assert_true (filter->skills_any);
}

static void
test_fts_query (void)
{
  g_autofree char *q = sl_search_build_fts_query ("C++ and \"Python\" OR python; DROP TABLE");
  g_autofree char *none = sl_search_build_fts_query (" , and the ");

  /* Words are quoted (no FTS5 syntax gets through), folded, deduplicated; stopwords go. */
  g_assert_cmpstr (q, ==, "\"c\" OR \"python\" OR \"drop\" OR \"table\"");
  g_assert_null (none);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/search/filter-grammar", test_filter_grammar);
  g_test_add_func ("/sl/search/fts-query", test_fts_query);
  g_test_add ("/sl/search/hybrid", Fixture, NULL, fixture_set_up, test_hybrid, fixture_tear_down);
  g_test_add ("/sl/search/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/sl/search/incremental-and-cache", Fixture, NULL, fixture_set_up,
              test_incremental_and_cache, fixture_tear_down);
  g_test_add ("/sl/search/async-and-duplicates", Fixture, NULL, fixture_set_up,
              test_async_and_duplicates, fixture_tear_down);

  return g_test_run ();
}
