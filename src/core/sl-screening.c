#define G_LOG_DOMAIN "sl-screening"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sl-screening.h"

/* Embedding cosines between a job description and a resume rarely leave
 * 0.05–0.50 with the lexical embedder; this maps that band onto 0–1. */
#define SIMILARITY_FLOOR 0.05
#define SIMILARITY_CEIL  0.50
#define MAX_EVIDENCE     3
#define MAX_SNIPPET      200

struct _SlRequirements
{
  GStrv  mandatory;
  GStrv  preferred;
  GStrv  mandatory_folded;
  GStrv  preferred_folded;
  guint  n_mandatory;
  guint  n_preferred;
  double min_years;
  int    education_level;
};

char *
sl_screening_fold_skill (const char *name)
{
  return g_strstrip (g_utf8_casefold (name, -1));
}

static GStrv
fold_all (const char * const *values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *folded = sl_screening_fold_skill (values[i]);

      g_strv_builder_add (builder, folded);
    }
  return g_strv_builder_end (builder);
}

static GStrv
copy_nonempty (const char * const *values)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (values[i]));
      char *folded;

      if (trimmed[0] == '\0' || !g_utf8_validate (trimmed, -1, NULL))
        continue;
      folded = g_utf8_casefold (trimmed, -1);
      if (!g_hash_table_add (seen, folded))
        continue;
      g_strv_builder_add (builder, trimmed);
    }
  return g_strv_builder_end (builder);
}

SlRequirements *
sl_requirements_new (const char * const *mandatory_skills,
                     const char * const *preferred_skills,
                     double              min_years,
                     int                 education_level)
{
  SlRequirements *self = g_new0 (SlRequirements, 1);

  self->mandatory = copy_nonempty (mandatory_skills);
  self->preferred = copy_nonempty (preferred_skills);
  self->mandatory_folded = fold_all ((const char * const *)self->mandatory);
  self->preferred_folded = fold_all ((const char * const *)self->preferred);
  self->n_mandatory = g_strv_length (self->mandatory);
  self->n_preferred = g_strv_length (self->preferred);
  self->min_years = isfinite (min_years) && min_years > 0 ? MIN (min_years, 60) : -1;
  self->education_level = CLAMP (education_level, -1, SL_EDUCATION_DOCTORATE);
  if (self->education_level == SL_EDUCATION_NONE)
    self->education_level = -1;

  return self;
}

static GStrv
strv_from_array (JsonObject *object,
                 const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

SlRequirements *
sl_requirements_new_from_json (JsonObject *parsed)
{
  g_auto(GStrv) mandatory = NULL;
  g_auto(GStrv) preferred = NULL;
  SlEducationLevel level = SL_EDUCATION_NONE;
  double min_years = -1;
  JsonNode *node;

  if (parsed == NULL)
    return sl_requirements_new (NULL, NULL, -1, -1);

  mandatory = strv_from_array (parsed, "mandatory_skills");
  preferred = strv_from_array (parsed, "preferred_skills");
  node = json_object_get_member (parsed, "min_years");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
        min_years = json_node_get_double (node);
    }
  node = json_object_get_member (parsed, "education_level");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    sl_education_level_from_string (json_node_get_string (node), &level);

  return sl_requirements_new ((const char * const *)mandatory, (const char * const *)preferred,
                              min_years, level == SL_EDUCATION_NONE ? -1 : (int)level);
}

void
sl_requirements_free (SlRequirements *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->mandatory);
  g_strfreev (self->preferred);
  g_strfreev (self->mandatory_folded);
  g_strfreev (self->preferred_folded);
  g_free (self);
}

const char * const *
sl_requirements_get_mandatory_skills (SlRequirements *self)
{
  return (const char * const *)self->mandatory;
}

const char * const *
sl_requirements_get_preferred_skills (SlRequirements *self)
{
  return (const char * const *)self->preferred;
}

const char * const *
sl_requirements_get_mandatory_folded (SlRequirements *self)
{
  return (const char * const *)self->mandatory_folded;
}

const char * const *
sl_requirements_get_preferred_folded (SlRequirements *self)
{
  return (const char * const *)self->preferred_folded;
}

double
sl_requirements_get_min_years (SlRequirements *self)
{
  return self->min_years;
}

int
sl_requirements_get_education_level (SlRequirements *self)
{
  return self->education_level;
}

void
sl_screening_config_init_default (SlScreeningConfig *config)
{
  config->weight_similarity = 0.40;
  config->weight_skills = 0.35;
  config->weight_experience = 0.15;
  config->weight_education = 0.10;
  config->model_weight = 0.40;
  config->threshold = 50.0;
}

/* The numbers of a result from what the candidate matched: no allocation,
 * so that ranking 100,000 candidates stays a tight loop. */
void
sl_screening_compute (SlRequirements          *requirements,
                      guint                    mandatory_hits,
                      guint                    preferred_hits,
                      double                   years,
                      int                      education_level,
                      double                   cosine,
                      double                   classifier,
                      const SlScreeningConfig *config,
                      SlScreeningResult       *result)
{
  guint n_mandatory = requirements->n_mandatory;
  guint n_preferred = requirements->n_preferred;
  double blend;

  result->cosine = isfinite (cosine) ? CLAMP (cosine, -1.0, 1.0) : 0.0;
  result->similarity = CLAMP ((result->cosine - SIMILARITY_FLOOR) / (SIMILARITY_CEIL - SIMILARITY_FLOOR),
                              0.0, 1.0);

  result->mandatory_coverage = n_mandatory == 0 ? 1.0 : (double)mandatory_hits / n_mandatory;
  result->preferred_coverage = n_preferred == 0 ? 1.0 : (double)preferred_hits / n_preferred;
  result->n_missing_mandatory = n_mandatory - MIN (mandatory_hits, n_mandatory);
  if (n_mandatory + n_preferred == 0)
    result->skill_coverage = result->similarity;
  else
    result->skill_coverage = (2.0 * n_mandatory * result->mandatory_coverage +
                              n_preferred * result->preferred_coverage) /
                             (2.0 * n_mandatory + n_preferred);

  result->years = years;
  result->min_years = requirements->min_years;
  if (result->min_years <= 0)
    result->experience_fit = 1.0;
  else
    result->experience_fit = CLAMP (result->years / result->min_years, 0.0, 1.0);

  result->education_level = education_level;
  result->required_education = requirements->education_level;
  if (result->required_education < 0 || result->education_level >= result->required_education)
    result->education_fit = 1.0;
  else if (result->education_level == result->required_education - 1)
    result->education_fit = 0.5;
  else
    result->education_fit = 0.0;

  blend = config->weight_similarity * result->similarity +
          config->weight_skills * result->skill_coverage +
          config->weight_experience * result->experience_fit +
          config->weight_education * result->education_fit;
  blend /= MAX (config->weight_similarity + config->weight_skills +
                config->weight_experience + config->weight_education, 1e-9);

  result->classifier = classifier >= 0 && isfinite (classifier) ? CLAMP (classifier, 0.0, 1.0) : -1.0;
  if (result->classifier >= 0)
    blend = (1.0 - config->model_weight) * blend + config->model_weight * result->classifier;

  result->score = CLAMP (100.0 * blend, 0.0, 100.0);
  result->threshold = config->threshold;
  result->shortlist = result->score >= config->threshold;
}

static guint
split_names (GStrv           names,
             const gboolean *matched,
             GPtrArray      *hit,
             GPtrArray      *missing)
{
  guint hits = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (matched[i])
        {
          hits++;
          g_ptr_array_add (hit, g_strdup (names[i]));
        }
      else
        g_ptr_array_add (missing, g_strdup (names[i]));
    }
  return hits;
}

SlScreeningResult *
sl_screening_score_matched (SlRequirements          *requirements,
                            const gboolean          *mandatory_matched,
                            const gboolean          *preferred_matched,
                            double                   years,
                            int                      education_level,
                            double                   cosine,
                            double                   classifier,
                            const SlScreeningConfig *config)
{
  SlScreeningResult *result;
  guint mandatory_hits, preferred_hits;

  g_return_val_if_fail (requirements != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  result = g_new0 (SlScreeningResult, 1);
  result->matched_mandatory = g_ptr_array_new_with_free_func (g_free);
  result->matched_preferred = g_ptr_array_new_with_free_func (g_free);
  result->missing_mandatory = g_ptr_array_new_with_free_func (g_free);
  result->missing_preferred = g_ptr_array_new_with_free_func (g_free);
  result->evidence = g_ptr_array_new_with_free_func (g_free);

  mandatory_hits = split_names (requirements->mandatory, mandatory_matched,
                                result->matched_mandatory, result->missing_mandatory);
  preferred_hits = split_names (requirements->preferred, preferred_matched,
                                result->matched_preferred, result->missing_preferred);
  sl_screening_compute (requirements, mandatory_hits, preferred_hits, years, education_level,
                        cosine, classifier, config, result);
  return result;
}

static gboolean *
match_folded (GStrv       folded,
              GHashTable *have)
{
  guint n = g_strv_length (folded);
  gboolean *matched = g_new0 (gboolean, n + 1);

  for (guint i = 0; i < n; i++)
    matched[i] = g_hash_table_contains (have, folded[i]);
  return matched;
}

SlScreeningResult *
sl_screening_score (SlRequirements          *requirements,
                    SlCandidate             *candidate,
                    double                   cosine,
                    double                   classifier,
                    const SlScreeningConfig *config)
{
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gboolean *mandatory_matched = NULL;
  g_autofree gboolean *preferred_matched = NULL;
  const char * const *skills;

  g_return_val_if_fail (requirements != NULL, NULL);
  g_return_val_if_fail (SL_IS_CANDIDATE (candidate), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  skills = sl_candidate_get_skills (candidate);
  for (guint i = 0; skills != NULL && skills[i] != NULL; i++)
    g_hash_table_add (have, sl_screening_fold_skill (skills[i]));

  mandatory_matched = match_folded (requirements->mandatory_folded, have);
  preferred_matched = match_folded (requirements->preferred_folded, have);
  return sl_screening_score_matched (requirements, mandatory_matched, preferred_matched,
                                     sl_candidate_get_years_experience (candidate),
                                     sl_candidate_get_education_level (candidate),
                                     cosine, classifier, config);
}

void
sl_screening_result_free (SlScreeningResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->matched_mandatory);
  g_ptr_array_unref (result->matched_preferred);
  g_ptr_array_unref (result->missing_mandatory);
  g_ptr_array_unref (result->missing_preferred);
  g_ptr_array_unref (result->evidence);
  g_free (result);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '+' || c == '#';
}

/* Whether @needle occurs in @haystack (both case-folded) as a whole word. */
static gboolean
contains_word (const char *haystack,
               const char *needle)
{
  gsize len = strlen (needle);

  if (len == 0)
    return FALSE;
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    {
      gboolean start_ok = p == haystack ||
                          !is_word_char (g_utf8_get_char (g_utf8_find_prev_char (haystack, p)));
      gboolean end_ok = p[len] == '\0' || !is_word_char (g_utf8_get_char (p + len));

      if (start_ok && end_ok)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  char *line;
  guint hits;
  guint position;
} Snippet;

static int
compare_snippets (gconstpointer a,
                  gconstpointer b)
{
  const Snippet *sa = *(const Snippet * const *)a;
  const Snippet *sb = *(const Snippet * const *)b;

  if (sa->hits != sb->hits)
    return sa->hits > sb->hits ? -1 : 1;
  return sa->position < sb->position ? -1 : sa->position > sb->position;
}

static void
snippet_free (gpointer data)
{
  Snippet *snippet = data;

  g_free (snippet->line);
  g_free (snippet);
}

void
sl_screening_result_find_evidence (SlScreeningResult *result,
                                   const char        *text)
{
  g_autoptr(GPtrArray) snippets = g_ptr_array_new_with_free_func (snippet_free);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (result != NULL);

  g_ptr_array_set_size (result->evidence, 0);
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;

  /* Mandatory skills count twice: lines that prove them come first. */
  for (guint i = 0; i < result->matched_mandatory->len; i++)
    {
      g_ptr_array_add (needles, g_utf8_casefold (g_ptr_array_index (result->matched_mandatory, i), -1));
      g_ptr_array_add (needles, g_utf8_casefold (g_ptr_array_index (result->matched_mandatory, i), -1));
    }
  for (guint i = 0; i < result->matched_preferred->len; i++)
    g_ptr_array_add (needles, g_utf8_casefold (g_ptr_array_index (result->matched_preferred, i), -1));
  if (needles->len == 0)
    return;

  lines = g_strsplit_set (text, "\n\r", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      g_autofree char *folded = NULL;
      guint hits = 0;

      /* A line of bare skills proves little; prefer sentences. */
      if (g_utf8_strlen (line, -1) < 25)
        continue;
      folded = g_utf8_casefold (line, -1);
      for (guint j = 0; j < needles->len; j++)
        {
          if (contains_word (folded, g_ptr_array_index (needles, j)))
            hits++;
        }
      if (hits > 0)
        {
          Snippet *snippet = g_new0 (Snippet, 1);

          if (g_utf8_strlen (line, -1) > MAX_SNIPPET)
            {
              char *cut = g_utf8_substring (line, 0, MAX_SNIPPET - 1);

              snippet->line = g_strconcat (cut, "…", NULL);
              g_free (cut);
            }
          else
            snippet->line = g_steal_pointer (&line);
          snippet->hits = hits;
          snippet->position = i;
          g_ptr_array_add (snippets, snippet);
        }
    }

  g_ptr_array_sort (snippets, compare_snippets);
  for (guint i = 0; i < snippets->len && result->evidence->len < MAX_EVIDENCE; i++)
    {
      Snippet *snippet = g_ptr_array_index (snippets, i);

      g_ptr_array_add (result->evidence, g_strdup (snippet->line));
    }
}

static const char *
education_label (int level)
{
  switch (level)
    {
    case SL_EDUCATION_HIGH_SCHOOL:
      return _("high-school diploma");
    case SL_EDUCATION_ASSOCIATE:
      return _("associate degree");
    case SL_EDUCATION_BACHELOR:
      return _("bachelor’s degree");
    case SL_EDUCATION_MASTER:
      return _("master’s degree");
    case SL_EDUCATION_DOCTORATE:
      return _("doctorate");
    default:
      return _("no degree listed");
    }
}

/* Long lists help nobody: the first few names, the rest as a count. */
#define MAX_NAMED 5

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < names->len && i < MAX_NAMED; i++)
    {
      if (i > 0)
        /* Translators: separates items in a list of skills. */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (names, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
sl_screening_result_explain (SlScreeningResult *result)
{
  g_autoptr(GPtrArray) sentences = g_ptr_array_new_with_free_func (g_free);
  guint n_mandatory = result->matched_mandatory->len + result->missing_mandatory->len;
  guint n_preferred = result->matched_preferred->len + result->missing_preferred->len;

  if (n_mandatory > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (ngettext ("Has %1$u of the %2$u required skill.",
                                                "Has %1$u of the %2$u required skills.", n_mandatory),
                                      result->matched_mandatory->len, n_mandatory));
  if (result->missing_mandatory->len > 0)
    {
      g_autofree char *missing = join_names (result->missing_mandatory);
      guint more = result->missing_mandatory->len > MAX_NAMED ? result->missing_mandatory->len - MAX_NAMED : 0;

      if (more == 0)
        g_ptr_array_add (sentences, g_strdup_printf (_("Missing required: %s."), missing));
      else
        g_ptr_array_add (sentences,
                         g_strdup_printf (ngettext ("Missing required: %1$s and %2$u more.",
                                                    "Missing required: %1$s and %2$u more.", more),
                                          missing, more));
    }
  if (n_preferred > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (ngettext ("Has %1$u of the %2$u preferred skill.",
                                                "Has %1$u of the %2$u preferred skills.", n_preferred),
                                      result->matched_preferred->len, n_preferred));
  if (result->min_years > 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (_("%1$.1f years of experience against %2$.0f required."),
                                      result->years, result->min_years));
  if (result->required_education > 0)
    g_ptr_array_add (sentences,
                     /* Translators: %1$s and %2$s are levels such as “bachelor’s degree”. */
                     g_strdup_printf (result->education_fit >= 1.0
                                        ? _("Education: %1$s, which meets the requirement (%2$s).")
                                        : _("Education: %1$s, below the requirement (%2$s)."),
                                      education_label (result->education_level),
                                      education_label (result->required_education)));
  g_ptr_array_add (sentences,
                   g_strdup_printf (_("The resume’s wording matches the job description at %.0f %%."),
                                    100.0 * result->similarity));
  if (result->classifier >= 0)
    g_ptr_array_add (sentences,
                     g_strdup_printf (_("The trained model gives a %.0f %% chance of a shortlist."),
                                      100.0 * result->classifier));
  g_ptr_array_add (sentences, NULL);

  return g_strjoinv (" ", (char **)sentences->pdata);
}

static void
add_names (JsonBuilder *builder,
           const char  *member,
           GPtrArray   *names)
{
  if (names->len == 0)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < names->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (names, i));
  json_builder_end_array (builder);
}

JsonNode *
sl_screening_result_to_json (SlScreeningResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_names (builder, "matched_mandatory", result->matched_mandatory);
  add_names (builder, "missing_mandatory", result->missing_mandatory);
  add_names (builder, "matched_preferred", result->matched_preferred);
  add_names (builder, "missing_preferred", result->missing_preferred);
  json_builder_set_member_name (builder, "years");
  json_builder_add_double_value (builder, result->years);
  if (result->min_years > 0)
    {
      json_builder_set_member_name (builder, "min_years");
      json_builder_add_double_value (builder, result->min_years);
    }
  json_builder_set_member_name (builder, "education_level");
  json_builder_add_string_value (builder, sl_education_level_to_string (result->education_level));
  if (result->required_education > 0)
    {
      json_builder_set_member_name (builder, "required_education");
      json_builder_add_string_value (builder, sl_education_level_to_string (result->required_education));
    }
  add_names (builder, "evidence", result->evidence);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
append_json_string (GString    *out,
                    const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_json_names (GString    *out,
                   const char *member,
                   GPtrArray  *names)
{
  if (names->len == 0)
    return;
  g_string_append_printf (out, "\"%s\":[", member);
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_json_string (out, g_ptr_array_index (names, i));
    }
  g_string_append (out, "],");
}

static void
append_json_double (GString *out,
                    double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, value));
}

char *
sl_screening_result_to_json_string (SlScreeningResult *result)
{
  GString *out = g_string_sized_new (256);

  g_string_append_c (out, '{');
  append_json_names (out, "matched_mandatory", result->matched_mandatory);
  append_json_names (out, "missing_mandatory", result->missing_mandatory);
  append_json_names (out, "matched_preferred", result->matched_preferred);
  append_json_names (out, "missing_preferred", result->missing_preferred);
  g_string_append (out, "\"years\":");
  append_json_double (out, result->years);
  if (result->min_years > 0)
    {
      g_string_append (out, ",\"min_years\":");
      append_json_double (out, result->min_years);
    }
  g_string_append (out, ",\"education_level\":");
  append_json_string (out, sl_education_level_to_string (result->education_level));
  if (result->required_education > 0)
    {
      g_string_append (out, ",\"required_education\":");
      append_json_string (out, sl_education_level_to_string (result->required_education));
    }
  g_string_append_c (out, ',');
  append_json_names (out, "evidence", result->evidence);
  /* No comma after the last member. */
  g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* The strings of an array member (anything else in it is skipped). */
static GPtrArray *
stored_names (JsonObject *object,
              const char *member)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return names;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (names, g_strdup (json_node_get_string (element)));
    }
  return names;
}

static double
stored_number (JsonObject *object,
               const char *member,
               double      missing)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return missing;
  value = json_node_get_double (node);
  return isfinite (value) ? value : missing;
}

static int
stored_education (JsonObject *object,
                  const char *member)
{
  const char *name = object != NULL ? json_object_get_string_member_with_default (object, member, NULL)
                                    : NULL;
  SlEducationLevel level;

  if (name == NULL || !sl_education_level_from_string (name, &level))
    return -1;
  return level;
}

SlScreeningResult *
sl_screening_result_new_from_json_string (const char *explanation_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *explanation = NULL;
  SlScreeningResult *result = g_new0 (SlScreeningResult, 1);

  if (explanation_json != NULL &&
      json_parser_load_from_data (parser, explanation_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    explanation = json_node_get_object (json_parser_get_root (parser));

  result->cosine = NAN;
  result->classifier = -1;
  result->years = stored_number (explanation, "years", 0);
  result->min_years = stored_number (explanation, "min_years", -1);
  result->education_level = MAX (stored_education (explanation, "education_level"), 0);
  result->required_education = stored_education (explanation, "required_education");
  result->matched_mandatory = stored_names (explanation, "matched_mandatory");
  result->matched_preferred = stored_names (explanation, "matched_preferred");
  result->missing_mandatory = stored_names (explanation, "missing_mandatory");
  result->missing_preferred = stored_names (explanation, "missing_preferred");
  result->evidence = stored_names (explanation, "evidence");
  result->n_missing_mandatory = result->missing_mandatory->len;
  return result;
}

static const char * const scalar_feature_names[SL_SCREENING_N_SCALAR_FEATURES] = {
  "cosine", "similarity", "mandatory_coverage", "preferred_coverage", "skill_coverage",
  "experience_fit", "education_fit", "years_ratio", "missing_mandatory", "has_min_years",
};

guint
sl_screening_n_features (guint dimension)
{
  return SL_SCREENING_N_SCALAR_FEATURES + 2 * dimension;
}

void
sl_screening_features (SlScreeningResult *result,
                       const float       *job_vector,
                       const float       *candidate_vector,
                       guint              dimension,
                       float             *out)
{
  double years_ratio = result->min_years > 0 ? MIN (result->years / result->min_years, 3.0)
                                             : MIN (result->years / 5.0, 3.0);

  out[0] = result->cosine;
  out[1] = result->similarity;
  out[2] = result->mandatory_coverage;
  out[3] = result->preferred_coverage;
  out[4] = result->skill_coverage;
  out[5] = result->experience_fit;
  out[6] = result->education_fit;
  out[7] = years_ratio;
  out[8] = result->n_missing_mandatory;
  out[9] = result->min_years > 0 ? 1.0f : 0.0f;

  sl_screening_expand_features (out, job_vector, candidate_vector, dimension, out);
}

void
sl_screening_expand_features (const float *scalars,
                              const float *job_vector,
                              const float *candidate_vector,
                              guint        dimension,
                              float       *out)
{
  if (out != scalars)
    memmove (out, scalars, SL_SCREENING_N_SCALAR_FEATURES * sizeof (float));
  for (guint i = 0; i < dimension; i++)
    {
      float a = job_vector != NULL ? job_vector[i] : 0.0f;
      float b = candidate_vector != NULL ? candidate_vector[i] : 0.0f;

      out[SL_SCREENING_N_SCALAR_FEATURES + i] = a * b;
      out[SL_SCREENING_N_SCALAR_FEATURES + dimension + i] = fabsf (a - b);
    }
}

JsonNode *
sl_screening_feature_spec (guint dimension)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, SL_SCREENING_FEATURES_VERSION);
  json_builder_set_member_name (builder, "dimension");
  json_builder_add_int_value (builder, sl_screening_n_features (dimension));
  json_builder_set_member_name (builder, "embedding_dimension");
  json_builder_add_int_value (builder, dimension);
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; i < SL_SCREENING_N_SCALAR_FEATURES; i++)
    json_builder_add_string_value (builder, scalar_feature_names[i]);
  for (guint i = 0; i < dimension; i++)
    {
      g_autofree char *name = g_strdup_printf ("product_%u", i);

      json_builder_add_string_value (builder, name);
    }
  for (guint i = 0; i < dimension; i++)
    {
      g_autofree char *name = g_strdup_printf ("absdiff_%u", i);

      json_builder_add_string_value (builder, name);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
