#pragma once

#include <json-glib/json-glib.h>

#include "sl-skill-taxonomy.h"

G_BEGIN_DECLS

/* Parses the text of a job description into its requirements:
 *
 *   {"title", "mandatory_skills": [], "preferred_skills": [],
 *    "min_years": number|null, "education_level", "location", "remote": bool,
 *    "work_mode": "remote|hybrid|onsite"|null, "salary_min": number|null,
 *    "salary_max": number|null, "currency": "USD"|…|null,
 *    "seniority": "intern|junior|mid|senior|lead|principal"|null}
 *
 * Pure and thread-safe; taxonomy may be NULL (no skills then). Never
 * returns NULL. */
JsonNode *sl_job_parse (const char      *text,
                        SlSkillTaxonomy *taxonomy) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
