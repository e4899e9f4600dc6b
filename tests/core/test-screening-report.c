#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>

#include "sl-screening-report.h"

#define N_CANDIDATES 60

typedef struct
{
  char            *tmpdir;
  SlJob           *job;
  SlRequirements  *requirements;
  GPtrArray       *candidates;   /* SlCandidate */
  GPtrArray       *results;      /* SlScreeningResult */
  GPtrArray       *emails;
  SlRankedCandidate ranked[N_CANDIDATES];
  guint            long_rank;    /* the candidate with the very long explanation */
} Fixture;

/* Names that CSV and PDF must carry intact: Unicode, commas, quotes, and
 * one that a spreadsheet would run as a formula. */
static const char * const special_names[] = {
  "Zoë Ångström-Łukasiewicz",
  "Renée \"Ren\" O'Connor, PhD",
  "Σοφία Παπαδοπούλου",
  "Дмитрий Иванов",
  "=HYPERLINK(\"http://evil.example\",\"x\")",
  "Nguyễn Thị Minh Khai",
  "José María García-Pérez, Jr.",
  "@mallory Example",
};

static const char * const first_names[] = {
  "Aino", "Bram", "Chiara", "Dagny", "Emeka", "Farah", "Gustavo", "Hana", "Ilse", "Jonas",
  "Kwame", "Leilani", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tomasz",
};

static const char * const last_names[] = {
  "Abara", "Bergström", "Castellano", "Dubois", "Eriksen", "Fontaine", "Guerrero", "Halvorsen",
};

static const char * const skill_pool[] = {
  "Python", "SQL", "Kubernetes", "AWS", "Docker", "Terraform", "Go", "Excel", "Rust", NULL,
};

static char *
make_name (guint i)
{
  if (i < G_N_ELEMENTS (special_names))
    return g_strdup (special_names[i]);
  return g_strdup_printf ("%s %s", first_names[i % G_N_ELEMENTS (first_names)],
                          last_names[(i / G_N_ELEMENTS (first_names)) % G_N_ELEMENTS (last_names)]);
}

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const SlRankedCandidate *ra = a;
  const SlRankedCandidate *rb = b;

  if (ra->result->score != rb->result->score)
    return ra->result->score > rb->result->score ? -1 : 1;
  return ra->candidate_id < rb->candidate_id ? -1 : ra->candidate_id > rb->candidate_id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const mandatory[] = { "Python", "SQL", "Kubernetes", NULL };
  static const char * const preferred[] = { "AWS", "Docker", "Terraform", NULL };
  g_autoptr(GStrvBuilder) many = g_strv_builder_new ();
  g_autoptr(SlRequirements) long_requirements = NULL;
  g_auto(GStrv) many_skills = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  SlScreeningConfig config;

  f->tmpdir = g_dir_make_tmp ("sl-report-XXXXXX", &error);
  g_assert_no_error (error);

  f->job = sl_job_new ("Senior Data Engineer, Platform & Analytics");
  sl_job_set_location (f->job, "Berlin (hybrid)");
  f->requirements = sl_requirements_new (mandatory, preferred, 5, SL_EDUCATION_BACHELOR);
  f->candidates = g_ptr_array_new_with_free_func (g_object_unref);
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_screening_result_free);
  f->emails = g_ptr_array_new_with_free_func (g_free);

  /* A job with eighty required skills explains itself at great length. */
  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *skill = g_strdup_printf ("Obscure framework number %u", i);

      g_strv_builder_add (many, skill);
    }
  many_skills = g_strv_builder_end (many);
  long_requirements = sl_requirements_new ((const char * const *)many_skills, NULL, 12,
                                           SL_EDUCATION_DOCTORATE);

  sl_screening_config_init_default (&config);

  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_autofree char *name = make_name (i);
      g_autofree char *text = NULL;
      g_autoptr(GStrvBuilder) skills = g_strv_builder_new ();
      g_auto(GStrv) skill_list = NULL;
      g_autofree char *first = NULL;
      SlCandidate *candidate;
      SlScreeningResult *result;
      char *email;

      for (guint s = 0; skill_pool[s] != NULL; s++)
        {
          if (g_rand_int_range (rand, 0, 100) < 55)
            g_strv_builder_add (skills, skill_pool[s]);
        }
      skill_list = g_strv_builder_end (skills);

      first = g_strndup (name, strcspn (name, " "));
      email = g_strdup_printf ("person%u@mail.example", i);
      /* Evidence lines: plain ones, and ones that name the candidate or
       * give contact details, which a blind report must leave out. */
      text = g_strdup_printf ("Summary\n"
                              "Built batch pipelines in Python and SQL for a payments company.\n"
                              "%s moved the Kubernetes clusters to Terraform and Docker.\n"
                              "Reach me about Python or AWS work at %s or +49 30 1234 5678.\n"
                              "Portfolio of SQL and Python projects: "
                              "https://github.com/person%u/portfolio\n",
                              name, email, i);

      candidate = sl_candidate_new (name);
      sl_candidate_set_id (candidate, 1000 + i);
      sl_candidate_set_skills (candidate, (const char * const *)skill_list);
      sl_candidate_set_years_experience (candidate, g_rand_double_range (rand, 0, 12));
      sl_candidate_set_education_level (candidate, g_rand_int_range (rand, SL_EDUCATION_HIGH_SCHOOL,
                                                                      SL_EDUCATION_DOCTORATE + 1));
      g_ptr_array_add (f->candidates, candidate);
      g_ptr_array_add (f->emails, email);

      result = sl_screening_score (i == 17 ? long_requirements : f->requirements, candidate,
                                   g_rand_double_range (rand, 0.0, 0.55),
                                   i % 3 == 0 ? g_rand_double (rand) : -1, &config);
      sl_screening_result_find_evidence (result, text);
      g_ptr_array_add (f->results, result);

      f->ranked[i].candidate_id = sl_candidate_get_id (candidate);
      f->ranked[i].name = sl_candidate_get_name (candidate);
      f->ranked[i].email = i % 7 == 3 ? NULL : email;
      if (i % 5 != 0)
        f->ranked[i].headline = i % 2 == 0 ? "Data engineer" : "Analytics engineer, fintech";
      f->ranked[i].result = result;
    }

  qsort (f->ranked, N_CANDIDATES, sizeof (SlRankedCandidate), compare_ranked);
  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      if (f->ranked[i].candidate_id == 1017)
        f->long_rank = i + 1;
    }
  g_assert_cmpuint (f->long_rank, >, 0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }
  g_remove (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
  g_clear_object (&f->job);
  g_clear_pointer (&f->requirements, sl_requirements_free);
  g_clear_pointer (&f->candidates, g_ptr_array_unref);
  g_clear_pointer (&f->results, g_ptr_array_unref);
  g_clear_pointer (&f->emails, g_ptr_array_unref);
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* CSV */

/* A strict RFC 4180 reader: fields separated by commas, records by CRLF,
 * quoted fields may hold commas, CRLF and doubled quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          g_assert_cmpuint (field->len, ==, 0);
          p++;
          for (;;)
            {
              g_assert_true (*p != '\0');   /* an unterminated quote */
              if (p[0] == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (p[0] == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
          /* After a closing quote comes a separator or the end of the record. */
          g_assert_true (*p == ',' || (p[0] == '\r' && p[1] == '\n'));
        }
      else if (*p == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          p++;
        }
      else if (p[0] == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          fields = g_ptr_array_new_with_free_func (g_free);
          p += 2;
        }
      else
        {
          /* Bare quotes, CR or LF are not allowed outside quotes. */
          g_assert_true (*p != '"' && *p != '\r' && *p != '\n');
          g_string_append_c (field, *p++);
        }
    }
  /* Every record ends with CRLF. */
  g_assert_cmpuint (fields->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);

  return records;
}

static char *
expected_cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

static char *
expected_join (GPtrArray *a,
               GPtrArray *b)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < a->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (a, i));
  for (guint i = 0; i < b->len; i++)
    g_ptr_array_add (all, g_ptr_array_index (b, i));
  g_ptr_array_add (all, NULL);
  return g_strjoinv ("; ", (char **)all->pdata);
}

static char *
fixed (const char *format,
       double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static void
check_csv (Fixture  *f,
           gboolean  blind)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "ranking.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char * const header[] = {
    "rank", "candidate_id", "name", "score", "decision", "similarity", "skill_coverage",
    "experience_fit", "education_fit", "classifier", "matched_skills", "missing_skills",
    "explanation", NULL,
  };

  g_assert_true (sl_screening_report_write_csv (path, f->job, f->ranked, N_CANDIDATES, blind,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));

  records = parse_csv (contents);
  g_assert_cmpuint (records->len, ==, N_CANDIDATES + 1);
  g_assert_cmpstrv (g_ptr_array_index (records, 0), header);

  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      char **row = g_ptr_array_index (records, i + 1);
      SlScreeningResult *result = f->ranked[i].result;
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->ranked[i].candidate_id);
      g_autofree char *name = expected_cell (blind ? NULL : f->ranked[i].name);
      g_autofree char *score = fixed ("%.1f", result->score);
      g_autofree char *similarity = fixed ("%.3f", result->similarity);
      g_autofree char *skills = fixed ("%.3f", result->skill_coverage);
      g_autofree char *experience = fixed ("%.3f", result->experience_fit);
      g_autofree char *education = fixed ("%.3f", result->education_fit);
      g_autofree char *classifier = NULL;
      g_autofree char *matched = expected_join (result->matched_mandatory,
                                                result->matched_preferred);
      g_autofree char *missing = expected_join (result->missing_mandatory,
                                                result->missing_preferred);
      g_autofree char *sentence = sl_screening_result_explain (result);

      classifier = result->classifier >= 0 ? fixed ("%.3f", result->classifier) : g_strdup ("");
      g_assert_cmpuint (g_strv_length (row), ==, 13);
      g_assert_cmpstr (row[0], ==, rank);
      g_assert_cmpstr (row[1], ==, id);
      g_assert_cmpstr (row[2], ==, name);
      g_assert_cmpstr (row[3], ==, score);
      g_assert_cmpstr (row[4], ==, result->shortlist ? "SHORTLIST" : "REJECT");
      g_assert_cmpstr (row[5], ==, similarity);
      g_assert_cmpstr (row[6], ==, skills);
      g_assert_cmpstr (row[7], ==, experience);
      g_assert_cmpstr (row[8], ==, education);
      g_assert_cmpstr (row[9], ==, classifier);
      g_assert_cmpstr (row[10], ==, matched);
      g_assert_cmpstr (row[11], ==, missing);
      g_assert_cmpstr (row[12], ==, sentence);
    }

  if (blind)
    {
      for (guint i = 0; i < N_CANDIDATES; i++)
        {
          g_assert_null (strstr (contents, f->ranked[i].name));
          if (f->ranked[i].email != NULL)
            g_assert_null (strstr (contents, f->ranked[i].email));
        }
    }
  else
    {
      /* Spot checks on the raw bytes: a doubled quote and a defused formula. */
      g_assert_nonnull (strstr (contents, "\"Renée \"\"Ren\"\" O'Connor, PhD\""));
      g_assert_nonnull (strstr (contents,
                                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""));
      g_assert_nonnull (strstr (contents, ",'@mallory Example,"));
    }
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  check_csv (f, FALSE);
}

static void
test_csv_blind (Fixture       *f,
                gconstpointer  data)
{
  check_csv (f, TRUE);
}

static void
test_csv_empty (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *csv = sl_screening_report_build_csv (f->job, NULL, 0, FALSE);
  g_autoptr(GPtrArray) records = parse_csv (csv);

  g_assert_cmpuint (records->len, ==, 1);
}

/* PDF */

/* The text of each page as pdftotext reads it, words separated by one space. */
static GPtrArray *
pdf_pages_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) page_texts = NULL;
  GPtrArray *pages = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (out, -1, NULL));

  /* Every page ends with a form feed. */
  page_texts = g_strsplit (out, "\f", -1);
  for (guint i = 0; page_texts[i] != NULL && page_texts[i + 1] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (page_texts[i], " \t\r\n", -1);
      g_autoptr(GString) collapsed = g_string_new (" ");

      for (guint w = 0; words[w] != NULL; w++)
        {
          if (words[w][0] == '\0')
            continue;
          g_string_append (collapsed, words[w]);
          g_string_append_c (collapsed, ' ');
        }
      g_ptr_array_add (pages, g_string_free (g_steal_pointer (&collapsed), FALSE));
    }
  return pages;
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");

  if (program == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return FALSE;
    }
  return TRUE;
}

static int
find_page (GPtrArray  *pages,
           const char *needle)
{
  for (guint i = 0; i < pages->len; i++)
    {
      if (strstr (g_ptr_array_index (pages, i), needle) != NULL)
        return i;
    }
  return -1;
}

static gboolean
any_page_has (GPtrArray  *pages,
              const char *needle)
{
  return find_page (pages, needle) >= 0;
}

/* Whether @needle occurs in binary @data, which may hold NUL bytes. */
static gboolean
has_bytes (const char *data,
           gsize       length,
           const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= length; i++)
    {
      if (memcmp (data + i, needle, n) == 0)
        return TRUE;
    }
  return FALSE;
}

/* SHORTLIST_TEST_KEEP=DIR keeps a copy of every report, to look at. */
static void
keep_copy (const char *path)
{
  const char *keep = g_getenv ("SHORTLIST_TEST_KEEP");
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  g_autofree char *target = NULL;
  gsize length;

  if (keep == NULL || !g_file_get_contents (path, &contents, &length, NULL))
    return;
  base = g_path_get_basename (path);
  target = g_build_filename (keep, base, NULL);
  g_file_set_contents (target, contents, length, NULL);
}

static void
write_pdf (Fixture    *f,
           gboolean    blind,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_screening_report_write_pdf (path, f->job, f->requirements, f->ranked,
                                                N_CANDIDATES, blind, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  keep_copy (path);
}

static void
check_common (Fixture   *f,
              GPtrArray *pages)
{
  g_autofree char *shortlisted = NULL;
  guint n_shortlisted = 0;

  for (guint i = 0; i < N_CANDIDATES; i++)
    n_shortlisted += f->ranked[i].result->shortlist ? 1 : 0;
  shortlisted = g_strdup_printf (" %u (%.0f %%) ", n_shortlisted,
                                 100.0 * n_shortlisted / N_CANDIDATES);

  g_assert_cmpuint (pages->len, >=, 3);

  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *footer = g_strdup_printf (" Page %u of %u ", i + 1, pages->len);

      g_assert_nonnull (strstr (g_ptr_array_index (pages, i), footer));
    }
  g_assert_true (any_page_has (pages, "Senior Data Engineer, Platform & Analytics"));
  g_assert_true (any_page_has (pages, "Berlin (hybrid)"));
  for (guint i = 0; i < 3; i++)
    {
      const char *mandatory = sl_requirements_get_mandatory_skills (f->requirements)[i];
      const char *preferred = sl_requirements_get_preferred_skills (f->requirements)[i];

      g_assert_true (any_page_has (pages, mandatory));
      g_assert_true (any_page_has (pages, preferred));
    }
  g_assert_true (any_page_has (pages, " Screened "));
  g_assert_true (any_page_has (pages, shortlisted));
  g_assert_true (any_page_has (pages, "Score distribution"));
  /* The very long explanation is shortened to fit its block, which stays on
   * one page; the text layer keeps the elided part for copying. */
  g_assert_true (any_page_has (pages, "Missing required: Obscure framework number 0, "));
  g_assert_true (any_page_has (pages, "Obscure framework number 79"));
}

/* Every word of every page lies inside the margins, and below the content
 * area there is nothing but the footer: no block runs over the page. */
static void
check_margins (const char *path,
               guint       n_pages,
               const char *title)
{
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                        "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">", 0, 0, NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pages = NULL;
  g_auto(GStrv) title_words = g_strsplit (title, " ", -1);
  int status;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  pages = g_strsplit (out, "<page ", -1);
  g_assert_cmpuint (g_strv_length (pages), ==, n_pages + 1);
  for (guint p = 1; pages[p] != NULL; p++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      guint footer_words = 0;

      g_regex_match (word, pages[p], 0, &match);
      while (g_match_info_matches (match))
        {
          double box[4];

          for (guint i = 0; i < 4; i++)
            {
              g_autofree char *number = g_match_info_fetch (match, i + 1);

              box[i] = g_ascii_strtod (number, NULL);
            }
          g_assert_cmpfloat (box[0], >=, 54 - 1);
          g_assert_cmpfloat (box[2], <=, 595.276 - 54 + 1);
          g_assert_cmpfloat (box[1], >=, 48 - 1);
          if (box[3] > 841.89 - 60 + 1)
            {
              /* Only the footer lives down there. */
              g_assert_cmpfloat (box[1], >=, 841.89 - 46);
              footer_words++;
            }
          g_match_info_next (match, NULL);
        }
      /* “Screening report · TITLE” and “Page N of M”. */
      g_assert_cmpuint (footer_words, ==, 3 + g_strv_length (title_words) + 4);
    }
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "report.pdf", NULL);
  g_autoptr(GPtrArray) pages = NULL;

  if (!have_pdftotext ())
    return;

  write_pdf (f, FALSE, path);
  pages = pdf_pages_text (path);
  check_common (f, pages);
  check_margins (path, pages->len, sl_job_get_title (f->job));
  g_assert_false (any_page_has (pages, "Blind report"));

  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      const SlRankedCandidate *c = &f->ranked[i];
      g_autofree char *name = g_strdup_printf (" %s ", c->name);
      g_autofree char *score = g_strdup_printf (" %.1f ", c->result->score);
      g_autofree char *first_evidence = NULL;
      int page = find_page (pages, name);

      g_assert_cmpint (page, >=, 0);
      /* A candidate's block is never split: its score and decision share the page. */
      g_assert_nonnull (strstr (g_ptr_array_index (pages, page), score));
      if (c->email != NULL)
        g_assert_nonnull (strstr (g_ptr_array_index (pages, page), c->email));
      if (c->headline != NULL)
        g_assert_nonnull (strstr (g_ptr_array_index (pages, page), c->headline));
      if (c->result->evidence->len > 0)
        {
          g_auto(GStrv) words = g_strsplit (g_ptr_array_index (c->result->evidence, 0), " ", 4);

          /* The first words of the first evidence line. */
          first_evidence = g_strjoin (" ", words[0], words[1], words[2], NULL);
          g_assert_nonnull (strstr (g_ptr_array_index (pages, page), first_evidence));
        }
    }
  /* Evidence with contact details is shown when the report is not blind. */
  g_assert_true (any_page_has (pages, "github.com/person"));
}

static void
test_pdf_blind (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "blind.pdf", NULL);
  g_autofree char *raw = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GRegex) label = g_regex_new (" Candidate (\\d+) ", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  gboolean seen[N_CANDIDATES + 1] = { FALSE, };
  gsize raw_length;

  if (!have_pdftotext ())
    return;

  write_pdf (f, TRUE, path);
  pages = pdf_pages_text (path);
  check_common (f, pages);
  check_margins (path, pages->len, sl_job_get_title (f->job));
  g_assert_true (any_page_has (pages, "Blind report"));

  for (guint i = 0; i < pages->len; i++)
    g_string_append (all, g_ptr_array_index (pages, i));

  /* No name, no part of a name, no address, link or phone number. */
  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_autofree char *first = g_strndup (f->ranked[i].name, strcspn (f->ranked[i].name, " "));

      g_assert_null (strstr (all->str, f->ranked[i].name));
      if (g_utf8_strlen (first, -1) > 3)
        g_assert_null (strstr (all->str, first));
      g_assert_null (strstr (all->str, g_ptr_array_index (f->emails, i)));
    }
  g_assert_null (strchr (all->str, '@'));
  g_assert_null (strstr (all->str, "github"));
  g_assert_null (strstr (all->str, "1234 5678"));
  /* The evidence without identifying details stays. */
  g_assert_nonnull (strstr (all->str, "Built batch pipelines in Python and SQL"));

  /* Candidates are numbered by rank, each once, on the page with their score. */
  g_regex_match (label, all->str, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);
      guint64 rank = g_ascii_strtoull (number, NULL, 10);

      g_assert_cmpuint (rank, >=, 1);
      g_assert_cmpuint (rank, <=, N_CANDIDATES);
      seen[rank] = TRUE;
      g_match_info_next (match, NULL);
    }
  for (guint rank = 1; rank <= N_CANDIDATES; rank++)
    {
      g_autofree char *needle = g_strdup_printf (" Candidate %u ", rank);
      g_autofree char *score = g_strdup_printf (" %.1f ", f->ranked[rank - 1].result->score);
      int page = find_page (pages, needle);

      g_assert_true (seen[rank]);
      g_assert_cmpint (page, >=, 0);
      g_assert_nonnull (strstr (g_ptr_array_index (pages, page), score));
    }

  /* Nor in the document's metadata or outline, which live in the raw file. */
  g_assert_true (g_file_get_contents (path, &raw, &raw_length, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_CANDIDATES; i++)
    {
      g_assert_false (has_bytes (raw, raw_length, f->ranked[i].name));
      g_assert_false (has_bytes (raw, raw_length, g_ptr_array_index (f->emails, i)));
    }
  g_assert_false (has_bytes (raw, raw_length, "mailto:"));
}

static void
test_pdf_empty (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "empty.pdf", NULL);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_pdftotext ())
    return;

  g_assert_true (sl_screening_report_write_pdf (path, f->job, NULL, NULL, 0, FALSE, NULL, &error));
  g_assert_no_error (error);
  keep_copy (path);
  pages = pdf_pages_text (path);
  g_assert_true (any_page_has (pages, "None stated"));
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_true (any_page_has (pages, "No candidates were screened"));
  g_assert_true (any_page_has (pages, " Page 1 of 1 "));
}

/* Failures */

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *missing_dir = g_build_filename (f->tmpdir, "missing", "report.pdf", NULL);
  g_autofree char *plain = g_build_filename (f->tmpdir, "plain.txt", NULL);
  g_autofree char *under_file = g_build_filename (plain, "report.pdf", NULL);
  g_autofree char *folder = g_build_filename (f->tmpdir, "folder", NULL);
  const char *paths[] = { missing_dir, under_file, folder, f->tmpdir };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (plain, "x", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_false (sl_screening_report_write_pdf (paths[i], f->job, f->requirements, f->ranked,
                                                     N_CANDIDATES, FALSE, NULL, &error));
      g_assert_error (error, G_FILE_ERROR, (i < 2 ? G_FILE_ERROR_NOENT : G_FILE_ERROR_ISDIR));
      g_assert_nonnull (strstr (error->message, "Could not save the report"));
      g_clear_error (&error);

      g_assert_false (sl_screening_report_write_csv (paths[i], f->job, f->ranked, N_CANDIDATES,
                                                     FALSE, &error));
      g_assert_error (error, G_FILE_ERROR, (i < 2 ? G_FILE_ERROR_NOENT : G_FILE_ERROR_ISDIR));
      g_clear_error (&error);
    }

  /* Nothing was left behind: the two entries made above and nothing else. */
  g_assert_cmpuint (count_entries (f->tmpdir), ==, 2);
  g_assert_cmpuint (count_entries (folder), ==, 0);
}

static void
test_write_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "report.pdf", NULL);
  g_autoptr(GError) error = NULL;
  struct rlimit saved, small;
  void (*saved_handler) (int);
  gboolean ok;

  /* A file size limit makes writes fail part-way, as a full disk does. */
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 8192;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok = sl_screening_report_write_pdf (path, f->job, f->requirements, f->ranked, N_CANDIDATES,
                                      FALSE, NULL, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Could not save the report"));
  g_assert_cmpuint (count_entries (f->tmpdir), ==, 0);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "report.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (sl_screening_report_write_pdf (path, f->job, f->requirements, f->ranked,
                                                 N_CANDIDATES, FALSE, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (f->tmpdir), ==, 0);
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  /* An existing file is replaced whole. */
  g_assert_true (g_file_set_contents (path, "old contents that are not a PDF", -1, &error));
  write_pdf (f, FALSE, path);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  /* Tagged for screen readers: a structure tree with headings. */
  g_assert_true (has_bytes (contents, length, "/StructTreeRoot"));
  g_assert_true (has_bytes (contents, length, "/S /H1"));
  /* Addresses are links. */
  g_assert_true (has_bytes (contents, length, "(mailto:person"));
  g_assert_true (has_bytes (contents + length - MIN (length, 32), MIN (length, 32), "%%EOF"));
  g_assert_cmpuint (count_entries (f->tmpdir), ==, 1);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} WriteState;

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  WriteState *state = user_data;

  state->ok = sl_screening_report_write_pdf_finish (result, &state->error);
  state->done = TRUE;
}

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_write (WriteState *state)
{
  gboolean expired = FALSE;
  guint deadline = g_timeout_add_seconds (60, deadline_cb, &expired);

  while (!state->done && !expired)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (deadline);
}

static void
test_pdf_async (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "async.pdf", NULL);
  g_autofree SlRankedCandidate *ranked = g_memdup2 (f->ranked, sizeof f->ranked);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  WriteState state = { FALSE, };

  if (!have_pdftotext ())
    return;

  for (guint i = 0; i < N_CANDIDATES; i++)
    g_ptr_array_add (names, g_strdup (f->ranked[i].name));

  sl_screening_report_write_pdf_async (path, f->job, f->requirements, ranked, N_CANDIDATES, FALSE,
                                       cancellable, write_done_cb, &state);
  /* The operation copied what it needs: drop every input now. */
  memset (ranked, 0, sizeof f->ranked);
  g_clear_pointer (&f->results, g_ptr_array_unref);
  g_clear_pointer (&f->candidates, g_ptr_array_unref);
  g_clear_pointer (&f->requirements, sl_requirements_free);
  g_clear_object (&f->job);

  wait_for_write (&state);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  pages = pdf_pages_text (path);
  for (guint i = 0; i < pages->len; i++)
    g_string_append (all, g_ptr_array_index (pages, i));
  for (guint i = 0; i < names->len; i++)
    g_assert_nonnull (strstr (all->str, g_ptr_array_index (names, i)));
  g_assert_nonnull (strstr (all->str, "Senior Data Engineer, Platform & Analytics"));
  g_assert_nonnull (strstr (all->str, "Kubernetes"));
}

/* Several reports drawn at once on worker threads share no Pango state. */
static void
test_pdf_async_parallel (Fixture       *f,
                         gconstpointer  data)
{
  WriteState states[3] = { { FALSE, }, };
  g_autofree char *first = NULL;
  gsize first_length = 0;

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *name = g_strdup_printf ("parallel-%u.pdf", i);
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);

      sl_screening_report_write_pdf_async (path, f->job, f->requirements, f->ranked,
                                           N_CANDIDATES, i % 2 == 1, NULL, write_done_cb,
                                           &states[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      wait_for_write (&states[i]);
      g_assert_no_error (states[i].error);
      g_assert_true (states[i].ok);
    }

  /* The two reports that are not blind came out alike, page for page. */
  for (guint i = 0; i < G_N_ELEMENTS (states); i += 2)
    {
      g_autofree char *name = g_strdup_printf ("parallel-%u.pdf", i);
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      if (first == NULL)
        {
          first = g_steal_pointer (&contents);
          first_length = length;
        }
      else
        g_assert_cmpuint (length, ==, first_length);
    }
}

static void
test_pdf_async_cancelled (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "async.pdf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  WriteState state = { FALSE, };

  g_cancellable_cancel (cancellable);
  sl_screening_report_write_pdf_async (path, f->job, f->requirements, f->ranked, N_CANDIDATES,
                                       FALSE, cancellable, write_done_cb, &state);
  wait_for_write (&state);
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_assert_cmpuint (count_entries (f->tmpdir), ==, 0);
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->tmpdir, "bad.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->tmpdir, "bad.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  SlRankedCandidate ranked[2];

  /* Text from a damaged import must neither fail the export nor leak
   * invalid bytes into it. */
  memcpy (ranked, f->ranked, sizeof ranked);
  ranked[0].name = "Bad \xff\xfe name, \"quoted\"";
  ranked[0].headline = "Head\xc3line";
  ranked[0].email = "bad\xff@mail.example";
  g_ptr_array_add (ranked[1].result->evidence,
                   g_strdup ("Python and SQL \xff\xfe evidence line"));
  g_ptr_array_add (ranked[0].result->evidence,
                   g_strdup ("Python and SQL work with Quoted partners"));
  sl_job_set_location (f->job, "Berl\xffin");

  for (guint blind = 0; blind < 2; blind++)
    {
      g_assert_true (sl_screening_report_write_pdf (pdf, f->job, f->requirements, ranked, 2, blind,
                                                    NULL, &error));
      g_assert_no_error (error);
      g_assert_true (sl_screening_report_write_csv (csv, f->job, ranked, 2, blind, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (contents, -1, NULL));
      records = parse_csv (contents);
      g_assert_cmpuint (records->len, ==, 3);
      g_assert_cmpuint (g_strv_length (g_ptr_array_index (records, 1)), ==, 13);
      g_clear_pointer (&records, g_ptr_array_unref);
      g_clear_pointer (&contents, g_free);

      if (have_pdftotext ())
        {
          g_autoptr(GPtrArray) pages = pdf_pages_text (pdf);

          /* A blind report still recognises the damaged name in the evidence. */
          g_assert_cmpint (any_page_has (pages, "Quoted partners"), ==, !blind);
          g_assert_cmpint (any_page_has (pages, "Bad"), ==, !blind);
          g_assert_true (any_page_has (pages, "evidence line"));
        }
    }
}

/* Speed, on demand only: test-screening-report -m perf -p /sl/screening-report/perf */
static void
test_perf (Fixture       *f,
           gconstpointer  data)
{
  const guint n = 1000;
  g_autofree char *pdf = g_build_filename (f->tmpdir, "perf.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->tmpdir, "perf.csv", NULL);
  g_autofree SlRankedCandidate *ranked = g_new0 (SlRankedCandidate, n);
  g_autoptr(GError) error = NULL;
  double pdf_s, csv_s, pdf_cpu;
  clock_t cpu;

  if (!g_test_perf ())
    {
      g_test_skip ("Run with -m perf");
      return;
    }

  /* A thousand candidates: the fixture's sixty, over and over. */
  for (guint i = 0; i < n; i++)
    ranked[i] = f->ranked[i % N_CANDIDATES];

  cpu = clock ();
  g_test_timer_start ();
  g_assert_true (sl_screening_report_write_pdf (pdf, f->job, f->requirements, ranked, n, FALSE,
                                                NULL, &error));
  g_assert_no_error (error);
  pdf_s = g_test_timer_elapsed ();
  pdf_cpu = (double)(clock () - cpu) / CLOCKS_PER_SEC;

  g_test_timer_start ();
  g_assert_true (sl_screening_report_write_csv (csv, f->job, ranked, n, FALSE, &error));
  g_assert_no_error (error);
  csv_s = g_test_timer_elapsed ();

  /* CPU time as well: the machine is shared, and waiting for a core is not our cost. */
  g_test_message ("PDF of %u candidates: %.3f s (%.3f s of CPU); CSV: %.3f s",
                  n, pdf_s, pdf_cpu, csv_s);
  g_test_maximized_result (n / pdf_s, "%.0f candidates per second in the PDF report", n / pdf_s);
  g_test_maximized_result (n / csv_s, "%.0f candidates per second in the CSV export", n / csv_s);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sl/screening-report/csv", test_csv);
  ADD ("/sl/screening-report/csv/blind", test_csv_blind);
  ADD ("/sl/screening-report/csv/empty", test_csv_empty);
  ADD ("/sl/screening-report/pdf", test_pdf);
  ADD ("/sl/screening-report/pdf/blind", test_pdf_blind);
  ADD ("/sl/screening-report/pdf/empty", test_pdf_empty);
  ADD ("/sl/screening-report/pdf/replace", test_replace);
  ADD ("/sl/screening-report/pdf/async", test_pdf_async);
  ADD ("/sl/screening-report/pdf/async/cancelled", test_pdf_async_cancelled);
  ADD ("/sl/screening-report/pdf/async/parallel", test_pdf_async_parallel);
  ADD ("/sl/screening-report/invalid-utf8", test_invalid_utf8);
  ADD ("/sl/screening-report/perf", test_perf);
  ADD ("/sl/screening-report/unwritable", test_unwritable);
  ADD ("/sl/screening-report/cancelled", test_cancelled);
  ADD ("/sl/screening-report/write-fails", test_write_fails);

#undef ADD

  return g_test_run ();
}
