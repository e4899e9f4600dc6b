/* sl-parse-common.h: helpers shared by the resume and job parsers. */
#pragma once

#include <glib.h>

#include "sl-text-util.h"

G_BEGIN_DECLS

typedef enum
{
  SL_SECTION_NONE,
  SL_SECTION_HEADER,
  SL_SECTION_SUMMARY,
  SL_SECTION_EXPERIENCE,
  SL_SECTION_EDUCATION,
  SL_SECTION_SKILLS,
  SL_SECTION_PROJECTS,
  SL_SECTION_CERTIFICATIONS,
  SL_SECTION_LANGUAGES,
  SL_SECTION_AWARDS,
  SL_SECTION_INTERESTS,
  SL_SECTION_VOLUNTEER,
  SL_SECTION_PUBLICATIONS,
  SL_SECTION_REFERENCES,
  SL_SECTION_CONTACT,
  /* Job descriptions */
  SL_SECTION_JOB_ABOUT,
  SL_SECTION_JOB_RESPONSIBILITIES,
  SL_SECTION_JOB_REQUIRED,
  SL_SECTION_JOB_PREFERRED,
  SL_SECTION_JOB_BENEFITS,
  SL_SECTION_OTHER,
} SlSection;

const char *_sl_section_to_string        (SlSection    section);
/* Whether line is a section title; *rest points after "Skills:" when the
 * title and the first content share a line (NULL otherwise). */
SlSection   _sl_section_from_heading     (const char  *line,
                                          gboolean     job,
                                          const char **rest);
/* Bit (1 << level) for every education level named in str. loose also
 * accepts bare "BS", "BA", "MS", "MA". */
guint       _sl_degree_levels_in         (const char  *str,
                                          gboolean     loose);
/* Splits text in two columns into left then right column, or returns NULL
 * when the text is not laid out in columns. */
char       *_sl_text_unsplit_columns     (const char  *text) G_GNUC_WARN_UNUSED_RESULT;
gboolean    _sl_line_is_bullet           (const char  *line);
/* A US state code ("CA"), a country ("Germany") or "Remote". */
gboolean    _sl_is_place_word            (const char  *word);

G_END_DECLS
