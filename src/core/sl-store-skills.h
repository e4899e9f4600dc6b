/* sl-store-skills.h: skills and aliases users add to the taxonomy, kept in
 * the skills and skill_aliases tables. */
#pragma once

#include "sl-skill-taxonomy.h"
#include "sl-store.h"

G_BEGIN_DECLS

#define SL_STORE_CHANGED_SKILLS "skills"

typedef struct
{
  char  *name;
  char  *category;
  char **aliases;
} SlStoreSkill;

void             sl_store_skill_free        (SlStoreSkill        *skill);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlStoreSkill, sl_store_skill_free)

/* Adds a user-defined skill, or aliases to a skill already stored. An
 * alias another skill owns fails with SL_STORE_ERROR_CONSTRAINT. */
gboolean         sl_store_add_skill         (SlStore             *self,
                                             const char          *name,
                                             const char * const  *aliases,
                                             const char          *category,
                                             GError             **error);
/* Removes what users added for a skill: its aliases, and the skill itself
 * unless candidates or jobs refer to it (SL_STORE_ERROR_NOT_FOUND when
 * there is nothing stored under that name). Shipped skills stay, and so
 * does a referenced skill, no longer user-defined. */
gboolean         sl_store_remove_skill      (SlStore             *self,
                                             const char          *name,
                                             GError             **error);
/* User-defined skills, and aliases added to any skill, sorted by name. */
GPtrArray       *sl_store_list_user_skills  (SlStore             *self,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The shipped taxonomy plus everything users added: a new object, to be
 * shared read-only between threads. */
SlSkillTaxonomy *sl_store_dup_taxonomy      (SlStore             *self,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* The user's skills in the taxonomy file format (canonical, aliases,
 * category; one per line), for sl_skill_taxonomy_merge_file(). */
char            *sl_store_dup_user_skills_tsv (SlStore           *self,
                                               GError           **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
