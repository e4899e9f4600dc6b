#pragma once

#include <json-glib/json-glib.h>

#include "sl-candidate.h"
#include "sl-skill-taxonomy.h"

G_BEGIN_DECLS

/* Parses the plain text of a resume into a profile object:
 *
 *   {"name", "headline", "emails": [], "phones": [], "links": [], "location",
 *    "skills": [], "years_experience": number,
 *    "education_level": "none|high_school|associate|bachelor|master|doctorate",
 *    "experiences": [{"title", "company", "start": "YYYY-MM"|null,
 *                     "end": "YYYY-MM"|null, "current": bool}],
 *    "education": [{"degree", "institution", "level", "end"}],
 *    "certifications": [], "languages": [], "sections": {"summary": "...", ...}}
 *
 * Missing strings are null. Pure and thread-safe; taxonomy may be NULL (no
 * skills then). Never returns NULL. */
JsonNode   *sl_resume_parse                   (const char      *text,
                                               SlSkillTaxonomy *taxonomy) G_GNUC_WARN_UNUSED_RESULT;

/* The same, counting jobs held "to present" up to now_year-now_month
 * (1-12) instead of the current month, for reproducible results. */
JsonNode   *sl_resume_parse_at                (const char      *text,
                                               SlSkillTaxonomy *taxonomy,
                                               int              now_year,
                                               int              now_month) G_GNUC_WARN_UNUSED_RESULT;

/* Helpers shared with the job parser and the JSON Resume mapper. */

/* The level (an SlEducationLevel, see sl-candidate.h) a degree name
 * implies ("BSc Computer Science" → SL_EDUCATION_BACHELOR), or -1. */
int         sl_education_level_from_degree   (const char      *degree);
/* Digits only, with a leading '+' when a country code was given; NULL when
 * the text has too few digits to be a phone number. */
char       *sl_resume_normalize_phone         (const char      *text) G_GNUC_WARN_UNUSED_RESULT;
/* Total months covered by [start, end) month ranges (months since year 0),
 * overlaps counted once. */
int         sl_resume_merge_months            (const int       *starts,
                                               const int       *ends,
                                               guint            n);

G_END_DECLS
