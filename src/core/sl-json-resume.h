#pragma once

#include <json-glib/json-glib.h>

#include "sl-skill-taxonomy.h"

G_BEGIN_DECLS

#define SL_JSON_RESUME_ERROR (sl_json_resume_error_quark ())

typedef enum
{
  SL_JSON_RESUME_ERROR_INVALID,
} SlJsonResumeError;

GQuark    sl_json_resume_error_quark (void);

/* TRUE when node looks like a jsonresume.org document (an object with a
 * "basics" object, or "work"/"education"/"skills" arrays). */
gboolean  sl_json_resume_detect      (JsonNode        *node);
/* Maps a JSON Resume onto the profile object of sl_resume_parse(). */
JsonNode *sl_json_resume_to_profile  (JsonNode        *json_resume,
                                      SlSkillTaxonomy *taxonomy,
                                      GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
