/* Field accuracy through the whole reading path: generated resumes with
 * known fields, rendered as text, PDF (one and two columns), DOCX and ODT,
 * read and parsed by the helper processes. The same resumes in every format,
 * so a format that loses or scrambles text shows up as a lower score than
 * plain text. Prints a per-format, per-field table. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sl-doc-gen.h"
#include "sl-extractor.h"
#include "sl-skill-taxonomy.h"

#define N_RESUMES 40

enum {
  FIELD_NAME,
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_HEADLINE,
  FIELD_COMPANY,
  FIELD_START,
  FIELD_EDUCATION,
  FIELD_SKILLS,
  N_FIELDS
};

static const char * const field_names[N_FIELDS] = {
  "name", "email", "phone", "headline", "company", "start", "education", "skills",
};

/* Recall floors per field, the same for every format: the parser's own
 * accuracy is measured on text by its own test; here a format may not lose
 * more than a few fields to extraction. Set below what every format reached
 * when this test was written (recall 1.00 everywhere; skills precision 0.91),
 * leaving room for parser changes. */
static const double min_recall[N_FIELDS] = {
  0.90, 0.97, 0.95, 0.85, 0.85, 0.85, 0.90, 0.90,
};

typedef struct
{
  guint predicted[N_FIELDS];
  guint correct[N_FIELDS];
  guint expected[N_FIELDS];
} Scores;

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
array_contains (JsonObject *object,
                const char *name,
                const char *value)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
          g_ascii_strcasecmp (json_node_get_string (element), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
array_length (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

static void
score_single (Scores     *scores,
              int         field,
              const char *got,
              const char *want)
{
  scores->expected[field]++;
  if (got != NULL && got[0] != '\0')
    scores->predicted[field]++;
  if (got != NULL && g_strcmp0 (got, want) == 0)
    scores->correct[field]++;
}

static void
score (Scores          *scores,
       SlGenResume     *resume,
       SlSkillTaxonomy *taxonomy,
       JsonObject      *profile)
{
  JsonObject *first = NULL;
  JsonNode *experiences = json_object_get_member (profile, "experiences");
  guint n_skills = array_length (profile, "skills");

  if (experiences != NULL && JSON_NODE_HOLDS_ARRAY (experiences) &&
      json_array_get_length (json_node_get_array (experiences)) > 0)
    first = json_array_get_object_element (json_node_get_array (experiences), 0);

  score_single (scores, FIELD_NAME, string_member (profile, "name"), resume->name);
  scores->expected[FIELD_EMAIL]++;
  scores->predicted[FIELD_EMAIL] += array_length (profile, "emails") > 0;
  scores->correct[FIELD_EMAIL] += array_contains (profile, "emails", resume->email);
  scores->expected[FIELD_PHONE]++;
  scores->predicted[FIELD_PHONE] += array_length (profile, "phones") > 0;
  scores->correct[FIELD_PHONE] += array_contains (profile, "phones", resume->phone_digits);
  score_single (scores, FIELD_HEADLINE, string_member (profile, "headline"), resume->title);
  score_single (scores, FIELD_COMPANY, string_member (first, "company"), resume->company);
  score_single (scores, FIELD_START, string_member (first, "start"), resume->start);
  score_single (scores, FIELD_EDUCATION, string_member (profile, "education_level"), "bachelor");

  /* Skills as sets: precision over what was found, recall over the four. */
  scores->expected[FIELD_SKILLS] += 4;
  scores->predicted[FIELD_SKILLS] += n_skills;
  for (guint i = 0; i < 4; i++)
    {
      /* The parser names skills by their canonical name ("AWS" → "Amazon Web Services"). */
      const char *canonical = sl_skill_taxonomy_lookup (taxonomy, resume->skills[i]);

      scores->correct[FIELD_SKILLS] += array_contains (profile, "skills",
                                                       canonical != NULL ? canonical : resume->skills[i]);
    }
}

static GBytes *
render (SlGenResume *resume,
        const char  *format)
{
  if (g_str_equal (format, "pdf"))
    return sl_gen_pdf (NULL, resume->text, NULL);
  if (g_str_equal (format, "pdf-2col"))
    return sl_gen_pdf (resume->name, resume->sidebar, resume->main);
  if (g_str_equal (format, "docx"))
    return sl_gen_docx (resume->text, NULL, NULL);
  if (g_str_equal (format, "odt"))
    return sl_gen_odt (resume->text, NULL);
  return g_bytes_new (resume->text, strlen (resume->text));
}

static void
test_accuracy (void)
{
  static const char * const formats[] = { "text", "pdf", "pdf-2col", "docx", "odt" };
  g_autoptr(SlExtractor) extractor = sl_extractor_new (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-import-accuracy-XXXXXX", &error);
  Scores scores[G_N_ELEMENTS (formats)] = { 0 };

  g_assert_no_error (error);
  taxonomy = sl_skill_taxonomy_new_default (&error);
  g_assert_no_error (error);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      for (guint i = 0; i < N_RESUMES; i++)
        {
          g_autoptr(SlGenResume) resume = sl_gen_resume_new (100 + i);
          g_autoptr(GBytes) bytes = render (resume, formats[f]);
          g_autofree char *path = g_build_filename (dir, "resume", NULL);
          g_autoptr(JsonNode) reply = NULL;
          JsonObject *profile;

          g_assert_true (sl_gen_write (path, bytes, &error));
          reply = sl_extractor_extract (extractor, path, SL_EXTRACT_PARSE_RESUME, NULL, &error);
          g_assert_no_error (error);
          profile = json_object_get_object_member (json_node_get_object (reply), "profile");
          g_assert_nonnull (profile);
          score (&scores[f], resume, taxonomy, profile);
          g_unlink (path);
        }
    }
  g_rmdir (dir);

  g_test_message ("%-10s %-9s %9s %6s", "format", "field", "precision", "recall");
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      for (int field = 0; field < N_FIELDS; field++)
        {
          Scores *s = &scores[f];
          double precision = s->predicted[field] ? (double)s->correct[field] / s->predicted[field] : 0;
          double recall = (double)s->correct[field] / s->expected[field];

          g_test_message ("%-10s %-9s %9.2f %6.2f", formats[f], field_names[field], precision, recall);
        }
    }
  /* Asserted once the whole table is printed. */
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      for (int field = 0; field < N_FIELDS; field++)
        g_assert_cmpfloat ((double)scores[f].correct[field] / scores[f].expected[field], >=, min_recall[field]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/import/accuracy", test_accuracy);

  return g_test_run ();
}
