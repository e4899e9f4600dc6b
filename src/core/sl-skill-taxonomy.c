#define G_LOG_DOMAIN "sl-skill-taxonomy"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-data.h"
#include "sl-skill-taxonomy.h"

/* Names that are ordinary words or single letters: they only count as a
 * skill when they stand alone as an item of a list ("Python, R, Go"). */
static const char * const ambiguous_keys[] = {
  "c", "r", "d", "go", "swift", "rust", "dart", "chef", "puppet", "spark", "hive",
  "express", "next", "node", "vue", "ember", "backbone", "meteor", "elm", "julia",
  "crystal", "ruby", "pascal", "processing", "make", "ant", "salt", "vault", "consul",
  "notion", "slack", "teams", "zoom", "jade", "mercury", "react", "flutter",
  "transformers", "torch", "snowflake", "excel", "outlook", "word", "access", "project",
  "windows", "unity", "maya", "blender", "houdini", "nuke", "sage", "prism", "maple",
  "lean", "sales", "operations", "monitoring", "teaching", "compliance", "cloud",
  "discovery", "leadership", "communication", "teamwork", "creativity", "adaptability",
  "mentoring", "scheduling", "networking", "hiring", "personas", "closing", "events",
  "ux", "ui", "ia", "ar", "er", "ha", "ga4", "tutor", "instruction", "flexibility",
  "empathy", "typing", "collaboration", "strategy", "partnerships", "metrics",
  "documentation", "analytics", "containers", "forecasting", "collections", "audit",
  "sprints", "triage", "charting", "differentiation", "facilitation", "drafting",
  "logistics", "manufacturing", "machining", "blueprints", "firmware", "positioning",
  "messaging", "segmentation", "selling", "taxation", "treasury", "reconciliation",
  "compensation", "recruitment", "coaching", "presentations", "prioritizing",
  "ml", "dl", "rl", "gl", "ap", "pr", "qa", "qc", "sla", "bi",
  "spring", "beam", "inventor", "safari", "groovy", "bamboo", "illustrator", "sketch",
  "blink", "loom", "padlet", "eko", "squeegee", "seesaw", "ada", "lever", "greenhouse",
  "workday", "gong", "outreach", "ethereal", "tadpoles", "shell", "chrome", "solr",
  NULL
};

struct _SlSkillTaxonomy
{
  GObject     parent_instance;

  /* key (normalised name or alias) → Entry* */
  GHashTable *keys;
  /* every prefix of every key, for early exit while scanning text */
  GHashTable *prefixes;
  /* canonical name (as written) → category, owning the canonical strings */
  GHashTable *categories;
  GHashTable *ambiguous;
  guint       max_key_len;
};

typedef struct
{
  const char *canonical;   /* owned by categories */
  guint       context_only : 1;
  guint       upper_only : 1;
} Entry;

G_DEFINE_FINAL_TYPE (SlSkillTaxonomy, sl_skill_taxonomy, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-skill-taxonomy-error-quark, sl_skill_taxonomy_error)

static void
sl_skill_taxonomy_finalize (GObject *object)
{
  SlSkillTaxonomy *self = (SlSkillTaxonomy *)object;

  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->prefixes, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);
  g_clear_pointer (&self->ambiguous, g_hash_table_unref);

  G_OBJECT_CLASS (sl_skill_taxonomy_parent_class)->finalize (object);
}

static void
sl_skill_taxonomy_class_init (SlSkillTaxonomyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_skill_taxonomy_finalize;
}

static void
sl_skill_taxonomy_init (SlSkillTaxonomy *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->prefixes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ambiguous = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; ambiguous_keys[i] != NULL; i++)
    g_hash_table_add (self->ambiguous, (gpointer)ambiguous_keys[i]);
}

SlSkillTaxonomy *
sl_skill_taxonomy_new (void)
{
  return g_object_new (SL_TYPE_SKILL_TAXONOMY, NULL);
}

/* Lower-cases ASCII letters (byte for byte, so offsets into the text stay
 * valid while scanning), maps any whitespace run to one space and trims. */
static char *
normalize_key (const char *str)
{
  GString *out = g_string_sized_new (strlen (str));
  gboolean space = FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, g_ascii_tolower (*p));
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_word_char (const char *text,
              gsize       len,
              gsize       pos)
{
  gunichar c;

  if (pos >= len)
    return FALSE;
  if ((guchar)text[pos] < 0x80)
    return g_ascii_isalnum (text[pos]);
  c = g_utf8_get_char_validated (text + pos, len - pos);
  if (c == (gunichar)-1 || c == (gunichar)-2)
    return FALSE;
  return g_unichar_isalnum (c);
}

static gboolean
key_has_lower_letters_only (const char *key)
{
  gsize n = 0;

  for (const char *p = key; *p != '\0'; p++, n++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return n > 0;
}

static gboolean
is_acronym (const char *name)
{
  guint letters = 0;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_islower (*p) || (guchar)*p >= 0x80)
        return FALSE;
      if (g_ascii_isupper (*p))
        letters++;
    }
  return letters >= 2;
}

static void
add_key (SlSkillTaxonomy *self,
         const char      *canonical,
         const char      *name)
{
  g_autofree char *key = NULL;
  gboolean context_only = FALSE;
  Entry *entry;
  gsize len;

  if (name[0] == '~')
    {
      context_only = TRUE;
      name++;
    }

  key = normalize_key (name);
  len = strlen (key);
  if (len == 0)
    return;

  /* The first skill to claim a name keeps it. */
  if (g_hash_table_contains (self->keys, key))
    return;

  entry = g_new0 (Entry, 1);
  entry->canonical = canonical;
  entry->context_only = context_only ||
                        g_hash_table_contains (self->ambiguous, key) ||
                        g_utf8_strlen (key, -1) == 1;
  /* Two-letter abbreviations ("ML", "AI", "UX") must be written in capitals
   * to count outside a list, so "ml" (millilitres) is not machine learning. */
  entry->upper_only = len == 2 && key_has_lower_letters_only (key);
  /* Acronyms ("ETC", "ROS") match as acronyms, not as the word "etc". */
  entry->upper_only |= len <= 4 && is_acronym (name);

  for (gsize i = 1; i < len; i++)
    g_hash_table_add (self->prefixes, g_strndup (key, i));

  self->max_key_len = MAX (self->max_key_len, len);
  g_hash_table_insert (self->keys, g_steal_pointer (&key), entry);
}

void
sl_skill_taxonomy_add (SlSkillTaxonomy    *self,
                       const char         *canonical,
                       const char * const *aliases,
                       const char         *category)
{
  g_autofree char *key = NULL;
  const char *stored = NULL;
  Entry *entry;

  g_return_if_fail (SL_IS_SKILL_TAXONOMY (self));
  g_return_if_fail (canonical != NULL);

  while (g_ascii_isspace (*canonical) || *canonical == '~')
    canonical++;
  if (*canonical == '\0')
    return;

  key = normalize_key (canonical);
  entry = g_hash_table_lookup (self->keys, key);

  /* Adding to a skill known under this exact name merges the aliases. */
  if (entry != NULL && g_ascii_strcasecmp (entry->canonical, canonical) == 0)
    stored = entry->canonical;

  if (stored == NULL)
    {
      if (!g_hash_table_lookup_extended (self->categories, canonical,
                                         (gpointer *)&stored, NULL))
        {
          char *copy = g_strstrip (g_strdup (canonical));

          g_hash_table_insert (self->categories, copy, g_strdup (category ? category : ""));
          stored = copy;
        }
      add_key (self, stored, stored);
    }
  else if (category != NULL && category[0] != '\0')
    {
      const char *old = g_hash_table_lookup (self->categories, stored);

      /* insert, not replace: the stored key is what entries point to. */
      if (old == NULL || old[0] == '\0')
        g_hash_table_insert (self->categories, g_strdup (stored), g_strdup (category));
    }

  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    add_key (self, stored, aliases[i]);
}

static gboolean
load_file (SlSkillTaxonomy  *self,
           const char       *path,
           gboolean          join_known,
           GError          **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;

  if (!g_utf8_validate (contents, len, NULL))
    {
      g_set_error (error, SL_SKILL_TAXONOMY_ERROR, SL_SKILL_TAXONOMY_ERROR_INVALID,
                   _("The skills file ‘%s’ is not valid UTF-8"), path);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_auto(GStrv) aliases = NULL;
      char *line = lines[i];
      gsize n;

      g_strchomp (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (i == 0 && g_str_has_prefix (line, "canonical\t"))
        continue;

      fields = g_strsplit (line, "\t", 4);
      n = g_strv_length (fields);
      if (n < 1 || fields[0][0] == '\0')
        {
          g_set_error (error, SL_SKILL_TAXONOMY_ERROR, SL_SKILL_TAXONOMY_ERROR_INVALID,
                       _("Line %u of the skills file ‘%s’ has no skill name"), i + 1, path);
          return FALSE;
        }

      if (n >= 2 && fields[1][0] != '\0')
        {
          aliases = g_strsplit (fields[1], ",", -1);
          for (guint j = 0; aliases[j] != NULL; j++)
            g_strstrip (aliases[j]);
        }

      if (join_known)
        sl_skill_taxonomy_merge (self, fields[0], (const char * const *)aliases,
                                 n >= 3 && fields[2][0] != '\0' ? fields[2] : NULL);
      else
        sl_skill_taxonomy_add (self, fields[0], (const char * const *)aliases,
                               n >= 3 ? fields[2] : NULL);
    }

  return TRUE;
}

SlSkillTaxonomy *
sl_skill_taxonomy_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autoptr(SlSkillTaxonomy) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = sl_skill_taxonomy_new ();
  if (!load_file (self, path, FALSE, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
sl_skill_taxonomy_merge (SlSkillTaxonomy    *self,
                         const char         *name,
                         const char * const *aliases,
                         const char         *category)
{
  const char *known;

  g_return_if_fail (SL_IS_SKILL_TAXONOMY (self));
  g_return_if_fail (name != NULL);

  /* Aliases added to a known skill (or one of its aliases) join that skill. */
  known = sl_skill_taxonomy_lookup (self, name);
  sl_skill_taxonomy_add (self, known != NULL ? known : name, aliases, category);
}

gboolean
sl_skill_taxonomy_merge_file (SlSkillTaxonomy  *self,
                              const char       *path,
                              GError          **error)
{
  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return load_file (self, path, TRUE, error);
}

SlSkillTaxonomy *
sl_skill_taxonomy_new_default (GError **error)
{
  g_autofree char *path = sl_data_find_file ("skills.tsv");

  return sl_skill_taxonomy_new_from_file (path, error);
}

const char *
sl_skill_taxonomy_lookup (SlSkillTaxonomy *self,
                          const char      *name_or_alias)
{
  g_autofree char *key = NULL;
  Entry *entry;

  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), NULL);

  if (name_or_alias == NULL)
    return NULL;

  key = normalize_key (name_or_alias);
  entry = g_hash_table_lookup (self->keys, key);

  return entry != NULL ? entry->canonical : NULL;
}

const char *
sl_skill_taxonomy_get_category (SlSkillTaxonomy *self,
                                const char      *canonical)
{
  const char *found;

  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), NULL);

  if (canonical == NULL)
    return NULL;

  if ((found = sl_skill_taxonomy_lookup (self, canonical)) == NULL)
    return NULL;

  return g_hash_table_lookup (self->categories, found);
}

GStrv
sl_skill_taxonomy_dup_aliases (SlSkillTaxonomy *self,
                               const char      *name_or_alias)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  GHashTableIter iter;
  const char *canonical;
  gpointer key, value;

  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), NULL);

  if ((canonical = sl_skill_taxonomy_lookup (self, name_or_alias)) == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, canonical);
  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Entry *entry = value;

      /* Context-only aliases ("R", "Go") would match ordinary words in speech. */
      if (entry->canonical == canonical && !entry->context_only)
        g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}

char **
sl_skill_taxonomy_keyword_aliases (const char *keyword,
                                   gpointer    taxonomy)
{
  return sl_skill_taxonomy_dup_aliases (taxonomy, keyword);
}

guint
sl_skill_taxonomy_get_size (SlSkillTaxonomy *self)
{
  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), 0);

  return g_hash_table_size (self->categories);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements. */
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
sl_skill_taxonomy_list_skills (SlSkillTaxonomy *self)
{
  GPtrArray *ret;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), NULL);

  ret = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->categories);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ret, g_strdup (key));
  g_ptr_array_sort (ret, compare_strings);

  return ret;
}

static gboolean
is_list_separator (const char *text,
                   gsize       len,
                   gsize       pos)
{
  gunichar c;

  if ((guchar)text[pos] < 0x80)
    return strchr (",;|/:()[]\n\r\t*-+&", text[pos]) != NULL;

  /* Bullets, dashes and other symbols people put between list items. */
  c = g_utf8_get_char_validated (text + pos, len - pos);
  if (c == (gunichar)-1 || c == (gunichar)-2)
    return FALSE;
  return g_unichar_ispunct (c) || g_unichar_type (c) == G_UNICODE_OTHER_SYMBOL ||
         g_unichar_type (c) == G_UNICODE_MATH_SYMBOL;
}

static gboolean
has_word_before (const char *text,
                 gsize       pos,
                 const char *word)
{
  gsize n = strlen (word);

  if (pos < n)
    return FALSE;
  if (g_ascii_strncasecmp (text + pos - n, word, n) != 0)
    return FALSE;
  return pos == n || !g_ascii_isalnum (text[pos - n - 1]);
}

/* Whether [start, end) stands alone as an item of a list: "Python, R, SQL",
 * "Skills: Go", "• C", "Java and C". */
static gboolean
is_list_item (const char *text,
              gsize       len,
              gsize       start,
              gsize       end)
{
  gsize before = start;
  gsize after = end;
  gboolean ok_before = FALSE;
  gboolean ok_after = FALSE;

  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t'))
    before--;
  /* Table cells and aligned columns are separated by runs of spaces. */
  if (before == 0 || text[before - 1] == '\n' || text[before - 1] == '\r' || start - before >= 2 ||
      (before < start && text[before] == '\t'))
    ok_before = TRUE;
  else if (has_word_before (text, before, "and") || has_word_before (text, before, "or"))
    ok_before = before != start;
  else
    {
      const char *prev = g_utf8_find_prev_char (text, text + before);

      ok_before = prev != NULL && is_list_separator (text, len, prev - text);
    }

  while (after < len && (text[after] == ' ' || text[after] == '\t'))
    after++;
  if (after >= len || text[after] == '\n' || text[after] == '\r' || after - end >= 2 ||
      (after > end && text[end] == '\t'))
    ok_after = TRUE;
  else if (text[after] == '.')
    ok_after = after + 1 >= len || g_ascii_isspace (text[after + 1]);
  else if (after != end && (g_ascii_strncasecmp (text + after, "and ", 4) == 0 ||
                            g_ascii_strncasecmp (text + after, "or ", 3) == 0))
    ok_after = TRUE;
  else
    ok_after = is_list_separator (text, len, after) && text[after] != '(' && text[after] != '[';

  return ok_before && ok_after;
}

static gboolean
is_upper_in_text (const char *text,
                  gsize       start,
                  gsize       end)
{
  for (gsize i = start; i < end; i++)
    if (g_ascii_islower (text[i]))
      return FALSE;
  return TRUE;
}

/* "written in Go and Python", "reports in Excel": a capital in the middle
 * of a lower-case sentence marks a name, not the ordinary word. */
static gboolean
is_capitalized_in_sentence (const char *text,
                            gsize       start)
{
  gsize p = start;
  gsize word_end;

  if (!g_ascii_isupper (text[start]))
    return FALSE;

  while (p > 0 && text[p - 1] == ' ')
    p--;
  if (p == 0 || p == start)
    return FALSE;

  word_end = p;
  while (p > 0 && g_ascii_isalpha (text[p - 1]))
    p--;
  if (p == word_end)
    return FALSE;

  return g_ascii_islower (text[p]);
}

GPtrArray *
sl_skill_taxonomy_find_in_text (SlSkillTaxonomy *self,
                                const char      *text)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) buf = NULL;
  g_autoptr(GArray) ends = NULL;
  GPtrArray *ret;
  gboolean prev_word = FALSE;
  gsize len;
  gsize s = 0;

  g_return_val_if_fail (SL_IS_SKILL_TAXONOMY (self), NULL);

  ret = g_ptr_array_new_with_free_func (g_free);
  if (text == NULL)
    return ret;

  len = strlen (text);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  buf = g_string_sized_new (self->max_key_len + 8);
  ends = g_array_new (FALSE, FALSE, sizeof (gsize));

  while (s < len)
    {
      gsize next = s + 1;
      gsize matched_end = 0;

      while (next < len && ((guchar)text[next] & 0xC0) == 0x80)
        next++;

      if (!prev_word && !g_ascii_isspace (text[s]))
        {
          g_string_truncate (buf, 0);
          g_array_set_size (ends, 0);

          for (gsize p = s; p < len && buf->len <= self->max_key_len; p++)
            {
              char c = text[p];

              if (g_ascii_isspace (c))
                {
                  /* A tab or a run of spaces separates table cells: no
                   * name spans it ("React   JS" is two skills). */
                  if (c == '\t' || (c == ' ' && p + 1 < len && text[p + 1] == ' ' && p > s &&
                                     text[p - 1] != '\n'))
                    break;
                  if (buf->str[buf->len - 1] == ' ')
                    continue;
                  c = ' ';
                }
              g_string_append_c (buf, g_ascii_tolower (c));

              if (g_hash_table_contains (self->keys, buf->str) &&
                  !is_word_char (text, len, p + 1) &&
                  (p + 1 >= len || (text[p + 1] != '+' && text[p + 1] != '#')))
                {
                  gsize end = p + 1;

                  g_array_append_val (ends, end);
                }

              if (!g_hash_table_contains (self->prefixes, buf->str))
                break;
            }

          /* The longest name that is acceptable here wins. */
          for (guint i = ends->len; i > 0 && matched_end == 0; i--)
            {
              gsize end = g_array_index (ends, gsize, i - 1);
              g_autofree char *key = g_strndup (text + s, end - s);
              g_autofree char *norm = normalize_key (key);
              Entry *entry = g_hash_table_lookup (self->keys, norm);
              gboolean listed;

              if (entry == NULL)
                continue;

              listed = is_list_item (text, len, s, end);
              if (!listed && entry->context_only &&
                  !(end - s > 1 && is_capitalized_in_sentence (text, s)) &&
                  !(end - s == 2 && is_upper_in_text (text, s, end)))
                continue;
              if (!listed && !entry->context_only && entry->upper_only &&
                  !is_upper_in_text (text, s, end))
                continue;

              matched_end = end;
              if (g_hash_table_add (seen, (gpointer)entry->canonical))
                g_ptr_array_add (ret, g_strdup (entry->canonical));
            }
        }

      if (matched_end > 0)
        {
          /* The match ended at a boundary, so the next character starts afresh. */
          s = matched_end;
          prev_word = FALSE;
          continue;
        }

      prev_word = is_word_char (text, len, s);
      s = next;
    }

  return ret;
}
