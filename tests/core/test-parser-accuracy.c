/* Parser accuracy on resumes with known fields: resumes made by
 * tests/gen/sl-resume-gen.c in six layouts, and the labelled synthetic
 * corpus in tests/data/resumes/corpus. Prints a per-field precision and
 * recall table and checks each field against a floor. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sl-job-parser.h"
#include "sl-resume-gen.h"
#include "sl-resume-parser.h"
#include "sl-skill-taxonomy.h"

#define N_GENERATED 250
#define SEED        20261123

typedef struct
{
  const char *field;
  guint       tp;        /* predicted and right */
  guint       predicted; /* predicted (non-null, or list items) */
  guint       expected;  /* expected (non-null, or list items) */
  double      min_precision;
  double      min_recall;
} Score;

/* Names the resume being scored, printed before its first mismatch only. */
static char *current_label;

static void
mismatch (const char *format,
          ...) G_GNUC_PRINTF (1, 2);

static void
mismatch (const char *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (current_label != NULL)
    {
      g_test_message ("%s", current_label);
      g_clear_pointer (&current_label, g_free);
    }
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("  %s", message);
}

static void
set_label (const char *format,
           ...) G_GNUC_PRINTF (1, 2);

static void
set_label (const char *format,
           ...)
{
  va_list args;

  g_free (current_label);
  va_start (args, format);
  current_label = g_strdup_vprintf (format, args);
  va_end (args);
}

static double
precision (const Score *s)
{
  return s->predicted > 0 ? (double)s->tp / s->predicted : 1.0;
}

static double
recall (const Score *s)
{
  return s->expected > 0 ? (double)s->tp / s->expected : 1.0;
}

static const char *
get_str (JsonObject *object,
         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_node_get_string (node);
}

static void
score_string (Score      *s,
              const char *expected,
              const char *got)
{
  if (got != NULL)
    s->predicted++;
  if (expected != NULL)
    s->expected++;
  if (expected != NULL && got != NULL && g_utf8_collate (expected, got) == 0)
    s->tp++;
  else if (expected != NULL && got != NULL)
    {
      g_autofree char *a = g_utf8_casefold (expected, -1);
      g_autofree char *b = g_utf8_casefold (got, -1);

      if (strcmp (a, b) == 0)
        s->tp++;
      else
        mismatch ("%s: expected ‘%s’, got ‘%s’", s->field, expected, got);
    }
  else if (expected != NULL)
    mismatch ("%s: expected ‘%s’, got nothing", s->field, expected);
}

static gboolean
array_contains (JsonArray  *array,
                const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_ascii_strcasecmp (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static void
score_set (Score      *s,
           GPtrArray  *expected,
           JsonArray  *got)
{
  s->expected += expected->len;
  s->predicted += json_array_get_length (got);
  for (guint i = 0; i < expected->len; i++)
    {
      if (array_contains (got, g_ptr_array_index (expected, i)))
        s->tp++;
      else
        mismatch ("%s: missed ‘%s’", s->field, (char *)g_ptr_array_index (expected, i));
    }
}

static void
print_table (const char *title,
             Score      *scores,
             guint       n)
{
  g_test_message ("%s", title);
  g_test_message ("%-16s %9s %9s %7s %7s %9s %9s", "field", "precision", "recall", "tp",
                  "expect", "min P", "min R");
  for (guint i = 0; i < n; i++)
    g_test_message ("%-16s %9.3f %9.3f %7u %7u %9.2f %9.2f", scores[i].field,
                    precision (&scores[i]), recall (&scores[i]), scores[i].tp, scores[i].expected,
                    scores[i].min_precision, scores[i].min_recall);
}

static void
check_table (Score *scores,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      if (precision (&scores[i]) < scores[i].min_precision)
        g_error ("%s: precision %.3f is below %.2f", scores[i].field, precision (&scores[i]),
                 scores[i].min_precision);
      if (recall (&scores[i]) < scores[i].min_recall)
        g_error ("%s: recall %.3f is below %.2f", scores[i].field, recall (&scores[i]),
                 scores[i].min_recall);
    }
}

enum {
  F_NAME, F_HEADLINE, F_EMAIL, F_PHONE, F_LINK, F_LOCATION, F_SKILLS, F_JOB_TITLE,
  F_JOB_COMPANY, F_JOB_START, F_JOB_END, F_JOB_CURRENT, F_YEARS, F_EDU_LEVEL, F_DEGREE,
  F_INSTITUTION, F_CERTS, F_LANGUAGES, N_FIELDS
};

static void
test_generated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new_default (&error);
  /* Each layout is a sixth of the set, so a floor of 0.95 fails as soon
   * as a third of one layout breaks. Skill precision is measured
   * against the skills listed in the skills section: skills rightly found
   * in the prose ("led a team" → Leadership) count against it, hence the
   * low floor there. */
  Score scores[N_FIELDS] = {
    [F_NAME] = { "name", 0, 0, 0, 0.95, 0.95 },
    [F_HEADLINE] = { "headline", 0, 0, 0, 0.95, 0.95 },
    [F_EMAIL] = { "email", 0, 0, 0, 0.95, 0.95 },
    [F_PHONE] = { "phone", 0, 0, 0, 0.95, 0.95 },
    [F_LINK] = { "link", 0, 0, 0, 0.95, 0.95 },
    [F_LOCATION] = { "location", 0, 0, 0, 0.95, 0.95 },
    [F_SKILLS] = { "skills", 0, 0, 0, 0.70, 0.97 },
    [F_JOB_TITLE] = { "job.title", 0, 0, 0, 0.95, 0.95 },
    [F_JOB_COMPANY] = { "job.company", 0, 0, 0, 0.95, 0.95 },
    [F_JOB_START] = { "job.start", 0, 0, 0, 0.95, 0.95 },
    [F_JOB_END] = { "job.end", 0, 0, 0, 0.95, 0.95 },
    [F_JOB_CURRENT] = { "job.current", 0, 0, 0, 0.95, 0.95 },
    [F_YEARS] = { "years", 0, 0, 0, 0.95, 0.95 },
    [F_EDU_LEVEL] = { "education_level", 0, 0, 0, 0.95, 0.95 },
    [F_DEGREE] = { "degree", 0, 0, 0, 0.95, 0.95 },
    [F_INSTITUTION] = { "institution", 0, 0, 0, 0.95, 0.95 },
    [F_CERTS] = { "certifications", 0, 0, 0, 0.95, 0.95 },
    [F_LANGUAGES] = { "languages", 0, 0, 0, 0.95, 0.95 },
  };

  g_assert_no_error (error);

  for (guint i = 0; i < N_GENERATED; i++)
    {
      g_autoptr(SlResumeGen) gen = sl_resume_gen_new (SEED, i);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *profile;
      JsonArray *phones, *links, *experiences, *education;
      double years;

      node = sl_resume_parse_at (gen->text, taxonomy, SL_RESUME_GEN_NOW_YEAR,
                                 SL_RESUME_GEN_NOW_MONTH);
      profile = json_node_get_object (node);

      set_label ("resume %u (layout %d)", i, gen->layout);

      score_string (&scores[F_NAME], gen->name, get_str (profile, "name"));
      score_string (&scores[F_HEADLINE], gen->headline, get_str (profile, "headline"));
      score_string (&scores[F_LOCATION], gen->location, get_str (profile, "location"));

      {
        JsonArray *emails = json_object_get_array_member (profile, "emails");
        const char *email = json_array_get_length (emails) > 0
                              ? json_array_get_string_element (emails, 0) : NULL;

        score_string (&scores[F_EMAIL], gen->email, email);
      }

      phones = json_object_get_array_member (profile, "phones");
      score_string (&scores[F_PHONE], gen->phone_digits,
                    json_array_get_length (phones) > 0 ? json_array_get_string_element (phones, 0)
                                                       : NULL);
      links = json_object_get_array_member (profile, "links");
      score_string (&scores[F_LINK], gen->link,
                    json_array_get_length (links) > 0 ? json_array_get_string_element (links, 0)
                                                      : NULL);

      score_set (&scores[F_SKILLS], gen->skills, json_object_get_array_member (profile, "skills"));

      experiences = json_object_get_array_member (profile, "experiences");
      for (guint k = 0; k < MAX (gen->jobs->len, json_array_get_length (experiences)); k++)
        {
          SlResumeGenJob *job = k < gen->jobs->len ? &g_array_index (gen->jobs, SlResumeGenJob, k) : NULL;
          JsonObject *exp = k < json_array_get_length (experiences)
                              ? json_array_get_object_element (experiences, k) : NULL;
          g_autofree char *start = job ? g_strdup_printf ("%04d-%02d", job->start / 12, job->start % 12 + 1) : NULL;
          g_autofree char *end = job && !job->current ? g_strdup_printf ("%04d-%02d", job->end / 12, job->end % 12 + 1) : NULL;

          score_string (&scores[F_JOB_TITLE], job ? job->title : NULL, exp ? get_str (exp, "title") : NULL);
          score_string (&scores[F_JOB_COMPANY], job ? job->company : NULL, exp ? get_str (exp, "company") : NULL);
          score_string (&scores[F_JOB_START], start, exp ? get_str (exp, "start") : NULL);
          score_string (&scores[F_JOB_END], job ? (end ? end : "present") : NULL,
                        exp ? (get_str (exp, "end") ? get_str (exp, "end")
                                 : json_object_get_boolean_member (exp, "current") ? "present" : NULL)
                            : NULL);
          score_string (&scores[F_JOB_CURRENT], job ? (job->current ? "yes" : "no") : NULL,
                        exp ? (json_object_get_boolean_member (exp, "current") ? "yes" : "no") : NULL);
        }

      years = json_object_get_double_member (profile, "years_experience");
      scores[F_YEARS].expected++;
      scores[F_YEARS].predicted++;
      if (fabs (years - gen->years) <= 0.1)
        scores[F_YEARS].tp++;
      else
        mismatch ("years: expected %.2f, got %.2f", gen->years, years);

      score_string (&scores[F_EDU_LEVEL], gen->education_level, get_str (profile, "education_level"));
      education = json_object_get_array_member (profile, "education");
      {
        JsonObject *edu = json_array_get_length (education) > 0
                            ? json_array_get_object_element (education, 0) : NULL;

        score_string (&scores[F_DEGREE], gen->degree, edu ? get_str (edu, "degree") : NULL);
        score_string (&scores[F_INSTITUTION], gen->institution, edu ? get_str (edu, "institution") : NULL);
      }

      score_set (&scores[F_CERTS], gen->certifications,
                 json_object_get_array_member (profile, "certifications"));
      score_set (&scores[F_LANGUAGES], gen->languages,
                 json_object_get_array_member (profile, "languages"));
    }

  {
    g_autofree char *title = g_strdup_printf ("Generated resumes (%d, %d layouts)", N_GENERATED,
                                              SL_RESUME_GEN_N_LAYOUTS);

    g_clear_pointer (&current_label, g_free);
    print_table (title, scores, N_FIELDS);
  }
  check_table (scores, N_FIELDS);
}

static void
test_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new_default (&error);
  g_autofree char *labels_path = g_test_build_filename (G_TEST_DIST, "data", "resumes", "corpus",
                                                        "labels.jsonl", NULL);
  g_autofree char *labels = NULL;
  g_auto(GStrv) lines = NULL;
  guint not_in_taxonomy = 0, n = 0;
  /* Labels give the skills listed and the current title; skills the
   * taxonomy does not know ("Chess", "Driving licence") are left out of
   * the expected set and counted apart. Precision is against the listed
   * skills only, so skills rightly found in the prose count against it. */
  Score scores[] = {
    { "name", 0, 0, 0, 0.97, 0.97 },
    { "headline", 0, 0, 0, 0.95, 0.95 },
    { "skills", 0, 0, 0, 0.72, 0.97 },
  };

  g_assert_no_error (error);
  g_file_get_contents (labels_path, &labels, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (labels, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) profile_node = NULL;
      g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      JsonObject *label, *profile;
      JsonArray *skills;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      label = json_node_get_object (json_parser_get_root (parser));

      path = g_test_build_filename (G_TEST_DIST, "data", "resumes", "corpus",
                                    json_object_get_string_member (label, "file") + strlen ("resumes/"),
                                    NULL);
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);

      profile_node = sl_resume_parse (text, taxonomy);
      profile = json_node_get_object (profile_node);
      n++;

      set_label ("%s", json_object_get_string_member (label, "id"));
      score_string (&scores[0], json_object_get_string_member (label, "name"), get_str (profile, "name"));
      score_string (&scores[1], json_object_get_string_member (label, "title"), get_str (profile, "headline"));

      skills = json_object_get_array_member (label, "skills");
      for (guint k = 0; k < json_array_get_length (skills); k++)
        {
          const char *canonical = sl_skill_taxonomy_lookup (taxonomy, json_array_get_string_element (skills, k));

          if (canonical == NULL)
            not_in_taxonomy++;
          else if (!g_ptr_array_find_with_equal_func (expected, canonical, g_str_equal, NULL))
            g_ptr_array_add (expected, g_strdup (canonical));
        }
      score_set (&scores[2], expected, json_object_get_array_member (profile, "skills"));
    }

  g_assert_cmpuint (n, >=, 100);
  g_clear_pointer (&current_label, g_free);
  print_table ("Corpus resumes (tests/data/resumes/corpus)", scores, G_N_ELEMENTS (scores));
  g_test_message ("listed skills unknown to the taxonomy: %u", not_in_taxonomy);
  check_table (scores, G_N_ELEMENTS (scores));
}

static GPtrArray *
canonical_set (SlSkillTaxonomy *taxonomy,
               JsonArray       *names,
               guint           *unknown)
{
  GPtrArray *set = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < json_array_get_length (names); k++)
    {
      const char *canonical = sl_skill_taxonomy_lookup (taxonomy, json_array_get_string_element (names, k));

      if (canonical == NULL)
        (*unknown)++;
      else if (!g_ptr_array_find_with_equal_func (set, canonical, g_str_equal, NULL))
        g_ptr_array_add (set, g_strdup (canonical));
    }

  return set;
}

static void
test_jobs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSkillTaxonomy) taxonomy = sl_skill_taxonomy_new_default (&error);
  g_autofree char *labels_path = g_test_build_filename (G_TEST_DIST, "data", "jobs", "corpus",
                                                        "jobs.jsonl", NULL);
  g_autofree char *labels = NULL;
  g_auto(GStrv) lines = NULL;
  guint unknown = 0, n = 0;
  /* The labelled job descriptions of the corpus: one per category, with
   * "Requirements:" and "Nice to have:" lists, duties and a company
   * blurb. Skills named in the duties count as preferred, which the
   * labels do not list: hence the low floor on preferred precision. */
  Score scores[] = {
    { "title", 0, 0, 0, 0.95, 0.95 },
    { "min_years", 0, 0, 0, 0.95, 0.95 },
    { "mandatory", 0, 0, 0, 0.90, 0.95 },
    { "preferred", 0, 0, 0, 0.60, 0.95 },
  };

  g_assert_no_error (error);
  g_file_get_contents (labels_path, &labels, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (labels, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) job_node = NULL;
      g_autoptr(GPtrArray) required = NULL;
      g_autoptr(GPtrArray) nice = NULL;
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autofree char *years = NULL;
      g_autofree char *got_years = NULL;
      JsonObject *label, *job;

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      label = json_node_get_object (json_parser_get_root (parser));

      path = g_test_build_filename (G_TEST_DIST, "data", "jobs", "corpus",
                                    json_object_get_string_member (label, "file") + strlen ("jobs/"),
                                    NULL);
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);

      job_node = sl_job_parse (text, taxonomy);
      job = json_node_get_object (job_node);
      n++;

      set_label ("%s", json_object_get_string_member (label, "id"));
      score_string (&scores[0], json_object_get_string_member (label, "title"), get_str (job, "title"));
      years = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (label, "min_years"));
      if (!json_object_get_null_member (job, "min_years"))
        got_years = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (job, "min_years"));
      score_string (&scores[1], years, got_years);

      required = canonical_set (taxonomy, json_object_get_array_member (label, "required_skills"), &unknown);
      nice = canonical_set (taxonomy, json_object_get_array_member (label, "nice_to_have"), &unknown);
      score_set (&scores[2], required, json_object_get_array_member (job, "mandatory_skills"));
      score_set (&scores[3], nice, json_object_get_array_member (job, "preferred_skills"));
    }

  g_clear_pointer (&current_label, g_free);
  g_assert_cmpuint (n, ==, 17);
  print_table ("Corpus job descriptions (tests/data/jobs/corpus)", scores, G_N_ELEMENTS (scores));
  g_test_message ("labelled skills unknown to the taxonomy: %u", unknown);
  check_table (scores, G_N_ELEMENTS (scores));
}

static void
test_generator_deterministic (void)
{
  g_autoptr(SlResumeGen) a = sl_resume_gen_new (SEED, 7);
  g_autoptr(SlResumeGen) b = sl_resume_gen_new (SEED, 7);
  g_autoptr(SlResumeGen) c = sl_resume_gen_new (SEED + 1, 7);

  g_assert_cmpstr (a->text, ==, b->text);
  g_assert_cmpstr (a->text, !=, c->text);
  g_assert_cmpuint (a->jobs->len, >=, 1);
  g_assert_cmpuint (a->skills->len, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/parser-accuracy/generator", test_generator_deterministic);
  g_test_add_func ("/sl/parser-accuracy/generated", test_generated);
  g_test_add_func ("/sl/parser-accuracy/corpus", test_corpus);
  g_test_add_func ("/sl/parser-accuracy/jobs", test_jobs);

  return g_test_run ();
}
