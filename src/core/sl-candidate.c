#define G_LOG_DOMAIN "sl-candidate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-candidate.h"

struct _SlCandidate
{
  GObject           parent_instance;

  gint64            id;
  char             *name;
  char             *headline;
  char             *location;
  char             *text;
  double            years_experience;
  SlEducationLevel  education_level;
  GStrv             skills;
  guint             skills_count;
  GStrv             emails;
  GStrv             phones;
  GStrv             links;
  GStrv             certifications;
  GStrv             languages;
  gint64            imported_at;
};

G_DEFINE_FINAL_TYPE (SlCandidate, sl_candidate, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SlEducationLevel, sl_education_level,
  G_DEFINE_ENUM_VALUE (SL_EDUCATION_NONE, "none"),
  G_DEFINE_ENUM_VALUE (SL_EDUCATION_HIGH_SCHOOL, "high_school"),
  G_DEFINE_ENUM_VALUE (SL_EDUCATION_ASSOCIATE, "associate"),
  G_DEFINE_ENUM_VALUE (SL_EDUCATION_BACHELOR, "bachelor"),
  G_DEFINE_ENUM_VALUE (SL_EDUCATION_MASTER, "master"),
  G_DEFINE_ENUM_VALUE (SL_EDUCATION_DOCTORATE, "doctorate"))

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_HEADLINE,
  PROP_LOCATION,
  PROP_YEARS_EXPERIENCE,
  PROP_EDUCATION_LEVEL,
  PROP_SKILLS_COUNT,
  PROP_SKILLS_LABEL,
  PROP_IMPORTED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const education_ids[] = {
  "none", "high_school", "associate", "bachelor", "master", "doctorate",
};

const char *
sl_education_level_to_string (SlEducationLevel level)
{
  if ((guint)level >= G_N_ELEMENTS (education_ids))
    return "none";
  return education_ids[level];
}

gboolean
sl_education_level_from_string (const char       *str,
                                SlEducationLevel *level)
{
  for (guint i = 0; i < G_N_ELEMENTS (education_ids); i++)
    {
      if (g_strcmp0 (str, education_ids[i]) == 0)
        {
          *level = (SlEducationLevel)i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
sl_candidate_finalize (GObject *object)
{
  SlCandidate *self = (SlCandidate *)object;

  g_free (self->name);
  g_free (self->headline);
  g_free (self->location);
  g_free (self->text);
  g_strfreev (self->skills);
  g_strfreev (self->emails);
  g_strfreev (self->phones);
  g_strfreev (self->links);
  g_strfreev (self->certifications);
  g_strfreev (self->languages);

  G_OBJECT_CLASS (sl_candidate_parent_class)->finalize (object);
}

static void
sl_candidate_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SlCandidate *self = SL_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->name[0] != '\0' ? self->name : _("Unnamed candidate"));
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_YEARS_EXPERIENCE:
      g_value_set_double (value, self->years_experience);
      break;
    case PROP_EDUCATION_LEVEL:
      g_value_set_enum (value, self->education_level);
      break;
    case PROP_SKILLS_COUNT:
      g_value_set_uint (value, sl_candidate_get_skills_count (self));
      break;
    case PROP_SKILLS_LABEL:
      {
        guint n = sl_candidate_get_skills_count (self);

        g_value_take_string (value, g_strdup_printf (ngettext ("%u skill", "%u skills", n), n));
      }
      break;
    case PROP_IMPORTED_AT:
      g_value_set_int64 (value, self->imported_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_candidate_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SlCandidate *self = SL_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_ID:
      sl_candidate_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_NAME:
      sl_candidate_set_name (self, g_value_get_string (value));
      break;
    case PROP_HEADLINE:
      sl_candidate_set_headline (self, g_value_get_string (value));
      break;
    case PROP_LOCATION:
      sl_candidate_set_location (self, g_value_get_string (value));
      break;
    case PROP_YEARS_EXPERIENCE:
      sl_candidate_set_years_experience (self, g_value_get_double (value));
      break;
    case PROP_EDUCATION_LEVEL:
      sl_candidate_set_education_level (self, g_value_get_enum (value));
      break;
    case PROP_IMPORTED_AT:
      sl_candidate_set_imported_at (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_candidate_class_init (SlCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_candidate_finalize;
  object_class->get_property = sl_candidate_get_property;
  object_class->set_property = sl_candidate_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEADLINE] =
    g_param_spec_string ("headline", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_YEARS_EXPERIENCE] =
    g_param_spec_double ("years-experience", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDUCATION_LEVEL] =
    g_param_spec_enum ("education-level", NULL, NULL, SL_TYPE_EDUCATION_LEVEL, SL_EDUCATION_NONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SKILLS_COUNT] =
    g_param_spec_uint ("skills-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SKILLS_LABEL] =
    g_param_spec_string ("skills-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMPORTED_AT] =
    g_param_spec_int64 ("imported-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_candidate_init (SlCandidate *self)
{
  self->name = g_strdup ("");
  self->headline = g_strdup ("");
  self->location = g_strdup ("");
  self->text = g_strdup ("");
  self->skills = g_new0 (char *, 1);
  self->emails = g_new0 (char *, 1);
  self->phones = g_new0 (char *, 1);
  self->links = g_new0 (char *, 1);
  self->certifications = g_new0 (char *, 1);
  self->languages = g_new0 (char *, 1);
}

SlCandidate *
sl_candidate_new (const char *name)
{
  return g_object_new (SL_TYPE_CANDIDATE, "name", name ? name : "", NULL);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
replace_strv (GStrv              *field,
              const char * const *value)
{
  static const char * const empty[] = { NULL };

  g_strfreev (*field);
  *field = g_strdupv ((char **)(value ? value : empty));
}

gint64
sl_candidate_get_id (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), 0);
  return self->id;
}

void
sl_candidate_set_id (SlCandidate *self,
                     gint64       id)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
sl_candidate_get_name (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), NULL);
  return self->name;
}

void
sl_candidate_set_name (SlCandidate *self,
                       const char  *name)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (!replace_string (&self->name, name))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
sl_candidate_get_headline (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), NULL);
  return self->headline;
}

void
sl_candidate_set_headline (SlCandidate *self,
                           const char  *headline)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (replace_string (&self->headline, headline))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADLINE]);
}

const char *
sl_candidate_get_location (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), NULL);
  return self->location;
}

void
sl_candidate_set_location (SlCandidate *self,
                           const char  *location)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (replace_string (&self->location, location))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
}

const char *
sl_candidate_get_text (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), NULL);
  return self->text;
}

void
sl_candidate_set_text (SlCandidate *self,
                       const char  *text)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  replace_string (&self->text, text);
}

double
sl_candidate_get_years_experience (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), 0);
  return self->years_experience;
}

void
sl_candidate_set_years_experience (SlCandidate *self,
                                   double       years)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (self->years_experience == years)
    return;
  self->years_experience = MAX (years, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEARS_EXPERIENCE]);
}

SlEducationLevel
sl_candidate_get_education_level (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), SL_EDUCATION_NONE);
  return self->education_level;
}

void
sl_candidate_set_education_level (SlCandidate      *self,
                                  SlEducationLevel  level)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (self->education_level == level)
    return;
  self->education_level = level;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDUCATION_LEVEL]);
}

const char * const *
sl_candidate_get_skills (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), NULL);
  return (const char * const *)self->skills;
}

void
sl_candidate_set_skills (SlCandidate        *self,
                         const char * const *skills)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  replace_strv (&self->skills, skills);
  self->skills_count = g_strv_length (self->skills);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS_LABEL]);
}

guint
sl_candidate_get_skills_count (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), 0);
  return self->skills_count;
}

void
sl_candidate_set_skills_count (SlCandidate *self,
                               guint        count)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (self->skills_count == count)
    return;
  self->skills_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS_LABEL]);
}

#define STRV_ACCESSORS(field)                                                  \
const char * const *                                                           \
sl_candidate_get_##field (SlCandidate *self)                                   \
{                                                                              \
  g_return_val_if_fail (SL_IS_CANDIDATE (self), NULL);                         \
  return (const char * const *)self->field;                                    \
}                                                                              \
                                                                               \
void                                                                           \
sl_candidate_set_##field (SlCandidate        *self,                            \
                          const char * const *value)                           \
{                                                                              \
  g_return_if_fail (SL_IS_CANDIDATE (self));                                   \
  replace_strv (&self->field, value);                                          \
}

STRV_ACCESSORS (emails)
STRV_ACCESSORS (phones)
STRV_ACCESSORS (links)
STRV_ACCESSORS (certifications)
STRV_ACCESSORS (languages)

gint64
sl_candidate_get_imported_at (SlCandidate *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE (self), 0);
  return self->imported_at;
}

void
sl_candidate_set_imported_at (SlCandidate *self,
                              gint64       imported_at)
{
  g_return_if_fail (SL_IS_CANDIDATE (self));
  if (self->imported_at == imported_at)
    return;
  self->imported_at = imported_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTED_AT]);
}
