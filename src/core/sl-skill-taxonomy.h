#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_SKILL_TAXONOMY_ERROR (sl_skill_taxonomy_error_quark ())

typedef enum
{
  SL_SKILL_TAXONOMY_ERROR_FAILED,
  SL_SKILL_TAXONOMY_ERROR_NOT_FOUND,
  SL_SKILL_TAXONOMY_ERROR_INVALID,
} SlSkillTaxonomyError;

GQuark sl_skill_taxonomy_error_quark (void);

#define SL_TYPE_SKILL_TAXONOMY (sl_skill_taxonomy_get_type ())

G_DECLARE_FINAL_TYPE (SlSkillTaxonomy, sl_skill_taxonomy, SL, SKILL_TAXONOMY, GObject)

/* An empty taxonomy, to be filled with sl_skill_taxonomy_add(). */
SlSkillTaxonomy *sl_skill_taxonomy_new            (void) G_GNUC_WARN_UNUSED_RESULT;
/* skills.tsv from $SHORTLIST_DATADIR, or PKGDATADIR when that is unset. */
SlSkillTaxonomy *sl_skill_taxonomy_new_default    (GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* canonical<TAB>aliases (comma-separated)<TAB>category, '#' comments, optional header. */
SlSkillTaxonomy *sl_skill_taxonomy_new_from_file  (const char        *path,
                                                   GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* Adds a skill, or more aliases to an existing one. Not thread-safe: add
 * everything before sharing the taxonomy between threads. An alias written
 * with a leading '~' only matches in list context (see find_in_text). */
void             sl_skill_taxonomy_add            (SlSkillTaxonomy   *self,
                                                   const char        *canonical,
                                                   const char * const *aliases,
                                                   const char        *category);
/* Adds a skill users defined: when the name is already known (as a skill
 * or an alias), the aliases join that skill. Same threading rule as add. */
void             sl_skill_taxonomy_merge          (SlSkillTaxonomy   *self,
                                                   const char        *name,
                                                   const char * const *aliases,
                                                   const char        *category);
/* Merges a file in the format of new_from_file, skill by skill as with
 * sl_skill_taxonomy_merge(). */
gboolean         sl_skill_taxonomy_merge_file     (SlSkillTaxonomy   *self,
                                                   const char        *path,
                                                   GError           **error);
/* The canonical name for a name or alias (case-insensitive), or NULL. */
const char      *sl_skill_taxonomy_lookup         (SlSkillTaxonomy   *self,
                                                   const char        *name_or_alias);
const char      *sl_skill_taxonomy_get_category   (SlSkillTaxonomy   *self,
                                                   const char        *canonical);
/* Canonical names of the skills mentioned in text, deduplicated, in order of
 * first occurrence; the array owns its strings. Short or ambiguous names
 * ("R", "C", "Go") count only as items of a list ("Python, R, SQL"). */
GPtrArray       *sl_skill_taxonomy_find_in_text   (SlSkillTaxonomy   *self,
                                                   const char        *text) G_GNUC_WARN_UNUSED_RESULT;
guint            sl_skill_taxonomy_get_size       (SlSkillTaxonomy   *self);
/* The canonical name and every alias of a skill (normalised), or NULL when
 * the taxonomy does not know it. */
GStrv            sl_skill_taxonomy_dup_aliases    (SlSkillTaxonomy   *self,
                                                   const char        *name_or_alias) G_GNUC_WARN_UNUSED_RESULT;
/* The same, shaped as a keyword alias hook (user_data is the taxonomy). */
char           **sl_skill_taxonomy_keyword_aliases (const char       *keyword,
                                                    gpointer          taxonomy);
/* All canonical names, sorted; the array owns its strings. */
GPtrArray       *sl_skill_taxonomy_list_skills    (SlSkillTaxonomy   *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
