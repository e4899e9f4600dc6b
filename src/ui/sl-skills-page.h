/* sl-skills-page.h: the Preferences page where users add skills of their
 * own for the parsers to recognise, and remove them again. */
#pragma once

#include <adwaita.h>

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_TYPE_SKILLS_PAGE (sl_skills_page_get_type ())

G_DECLARE_FINAL_TYPE (SlSkillsPage, sl_skills_page, SL, SKILLS_PAGE, AdwPreferencesPage)

SlStore *sl_skills_page_get_store (SlSkillsPage *self);
void     sl_skills_page_set_store (SlSkillsPage *self,
                                   SlStore      *store);

G_END_DECLS
