#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SL_EDUCATION_NONE,
  SL_EDUCATION_HIGH_SCHOOL,
  SL_EDUCATION_ASSOCIATE,
  SL_EDUCATION_BACHELOR,
  SL_EDUCATION_MASTER,
  SL_EDUCATION_DOCTORATE,
} SlEducationLevel;

#define SL_TYPE_EDUCATION_LEVEL (sl_education_level_get_type ())
GType        sl_education_level_get_type    (void);
/* Stable identifiers (none, high_school, …) used by the CLI and JSON. */
const char  *sl_education_level_to_string   (SlEducationLevel  level);
gboolean     sl_education_level_from_string (const char       *str,
                                             SlEducationLevel *level);

#define SL_TYPE_CANDIDATE (sl_candidate_get_type ())

G_DECLARE_FINAL_TYPE (SlCandidate, sl_candidate, SL, CANDIDATE, GObject)

SlCandidate        *sl_candidate_new                  (const char          *name) G_GNUC_WARN_UNUSED_RESULT;
gint64              sl_candidate_get_id               (SlCandidate         *self);
void                sl_candidate_set_id               (SlCandidate         *self,
                                                       gint64               id);
const char         *sl_candidate_get_name             (SlCandidate         *self);
void                sl_candidate_set_name             (SlCandidate         *self,
                                                       const char          *name);
const char         *sl_candidate_get_headline         (SlCandidate         *self);
void                sl_candidate_set_headline         (SlCandidate         *self,
                                                       const char          *headline);
const char         *sl_candidate_get_location         (SlCandidate         *self);
void                sl_candidate_set_location         (SlCandidate         *self,
                                                       const char          *location);
const char         *sl_candidate_get_text             (SlCandidate         *self);
void                sl_candidate_set_text             (SlCandidate         *self,
                                                       const char          *text);
double              sl_candidate_get_years_experience (SlCandidate         *self);
void                sl_candidate_set_years_experience (SlCandidate         *self,
                                                       double               years);
SlEducationLevel    sl_candidate_get_education_level  (SlCandidate         *self);
void                sl_candidate_set_education_level  (SlCandidate         *self,
                                                       SlEducationLevel     level);
const char * const *sl_candidate_get_skills           (SlCandidate         *self);
void                sl_candidate_set_skills           (SlCandidate         *self,
                                                       const char * const  *skills);
guint               sl_candidate_get_skills_count     (SlCandidate         *self);
/* For summaries loaded without the skill names (list views). */
void                sl_candidate_set_skills_count     (SlCandidate         *self,
                                                       guint                count);
const char * const *sl_candidate_get_emails           (SlCandidate         *self);
void                sl_candidate_set_emails           (SlCandidate         *self,
                                                       const char * const  *emails);
const char * const *sl_candidate_get_phones           (SlCandidate         *self);
void                sl_candidate_set_phones           (SlCandidate         *self,
                                                       const char * const  *phones);
const char * const *sl_candidate_get_links            (SlCandidate         *self);
void                sl_candidate_set_links            (SlCandidate         *self,
                                                       const char * const  *links);
const char * const *sl_candidate_get_certifications   (SlCandidate         *self);
void                sl_candidate_set_certifications   (SlCandidate         *self,
                                                       const char * const  *certifications);
const char * const *sl_candidate_get_languages        (SlCandidate         *self);
void                sl_candidate_set_languages        (SlCandidate         *self,
                                                       const char * const  *languages);
gint64              sl_candidate_get_imported_at      (SlCandidate         *self);
void                sl_candidate_set_imported_at      (SlCandidate         *self,
                                                       gint64               imported_at);

G_END_DECLS
