#define G_LOG_DOMAIN "sl-parse-common"

#include "config.h"

#include <string.h>

#include "sl-parse-common.h"

typedef struct
{
  const char *title;
  SlSection   section;
} Heading;

/* Titles people give resume and job description sections, normalised:
 * lower case, letters and single spaces, "&" as "and". */
static const Heading resume_headings[] = {
  { "summary", SL_SECTION_SUMMARY },
  { "professional summary", SL_SECTION_SUMMARY },
  { "career summary", SL_SECTION_SUMMARY },
  { "executive summary", SL_SECTION_SUMMARY },
  { "summary of qualifications", SL_SECTION_SUMMARY },
  { "profile", SL_SECTION_SUMMARY },
  { "professional profile", SL_SECTION_SUMMARY },
  { "personal profile", SL_SECTION_SUMMARY },
  { "career profile", SL_SECTION_SUMMARY },
  { "about", SL_SECTION_SUMMARY },
  { "about me", SL_SECTION_SUMMARY },
  { "objective", SL_SECTION_SUMMARY },
  { "career objective", SL_SECTION_SUMMARY },
  { "professional objective", SL_SECTION_SUMMARY },
  { "personal statement", SL_SECTION_SUMMARY },
  { "overview", SL_SECTION_SUMMARY },
  { "introduction", SL_SECTION_SUMMARY },
  { "highlights", SL_SECTION_SUMMARY },
  { "experience", SL_SECTION_EXPERIENCE },
  { "work experience", SL_SECTION_EXPERIENCE },
  { "professional experience", SL_SECTION_EXPERIENCE },
  { "relevant experience", SL_SECTION_EXPERIENCE },
  { "industry experience", SL_SECTION_EXPERIENCE },
  { "employment", SL_SECTION_EXPERIENCE },
  { "employment history", SL_SECTION_EXPERIENCE },
  { "employment experience", SL_SECTION_EXPERIENCE },
  { "work history", SL_SECTION_EXPERIENCE },
  { "career history", SL_SECTION_EXPERIENCE },
  { "professional history", SL_SECTION_EXPERIENCE },
  { "professional background", SL_SECTION_EXPERIENCE },
  { "experience history", SL_SECTION_EXPERIENCE },
  { "positions held", SL_SECTION_EXPERIENCE },
  { "career", SL_SECTION_EXPERIENCE },
  { "work", SL_SECTION_EXPERIENCE },
  { "experience and employment", SL_SECTION_EXPERIENCE },
  { "education", SL_SECTION_EDUCATION },
  { "education and training", SL_SECTION_EDUCATION },
  { "education history", SL_SECTION_EDUCATION },
  { "educational background", SL_SECTION_EDUCATION },
  { "academic background", SL_SECTION_EDUCATION },
  { "academic history", SL_SECTION_EDUCATION },
  { "academic qualifications", SL_SECTION_EDUCATION },
  { "academics", SL_SECTION_EDUCATION },
  { "qualifications", SL_SECTION_EDUCATION },
  { "degrees", SL_SECTION_EDUCATION },
  { "studies", SL_SECTION_EDUCATION },
  { "education and qualifications", SL_SECTION_EDUCATION },
  { "education and certifications", SL_SECTION_EDUCATION },
  { "skills", SL_SECTION_SKILLS },
  { "key skills", SL_SECTION_SKILLS },
  { "technical skills", SL_SECTION_SKILLS },
  { "core skills", SL_SECTION_SKILLS },
  { "relevant skills", SL_SECTION_SKILLS },
  { "professional skills", SL_SECTION_SKILLS },
  { "hard skills", SL_SECTION_SKILLS },
  { "soft skills", SL_SECTION_SKILLS },
  { "skills summary", SL_SECTION_SKILLS },
  { "skill set", SL_SECTION_SKILLS },
  { "skillset", SL_SECTION_SKILLS },
  { "skills and tools", SL_SECTION_SKILLS },
  { "skills and abilities", SL_SECTION_SKILLS },
  { "skills and expertise", SL_SECTION_SKILLS },
  { "skills and competencies", SL_SECTION_SKILLS },
  { "skills and technologies", SL_SECTION_SKILLS },
  { "core competencies", SL_SECTION_SKILLS },
  { "key competencies", SL_SECTION_SKILLS },
  { "competencies", SL_SECTION_SKILLS },
  { "areas of expertise", SL_SECTION_SKILLS },
  { "expertise", SL_SECTION_SKILLS },
  { "technical expertise", SL_SECTION_SKILLS },
  { "technical proficiencies", SL_SECTION_SKILLS },
  { "proficiencies", SL_SECTION_SKILLS },
  { "technologies", SL_SECTION_SKILLS },
  { "tools", SL_SECTION_SKILLS },
  { "tools and technologies", SL_SECTION_SKILLS },
  { "tech stack", SL_SECTION_SKILLS },
  { "toolbox", SL_SECTION_SKILLS },
  { "strengths", SL_SECTION_SKILLS },
  { "programming languages", SL_SECTION_SKILLS },
  { "computer skills", SL_SECTION_SKILLS },
  { "it skills", SL_SECTION_SKILLS },
  { "projects", SL_SECTION_PROJECTS },
  { "personal projects", SL_SECTION_PROJECTS },
  { "selected projects", SL_SECTION_PROJECTS },
  { "key projects", SL_SECTION_PROJECTS },
  { "side projects", SL_SECTION_PROJECTS },
  { "academic projects", SL_SECTION_PROJECTS },
  { "notable projects", SL_SECTION_PROJECTS },
  { "open source", SL_SECTION_PROJECTS },
  { "portfolio", SL_SECTION_PROJECTS },
  { "certifications", SL_SECTION_CERTIFICATIONS },
  { "certification", SL_SECTION_CERTIFICATIONS },
  { "certificates", SL_SECTION_CERTIFICATIONS },
  { "professional certifications", SL_SECTION_CERTIFICATIONS },
  { "licenses", SL_SECTION_CERTIFICATIONS },
  { "licences", SL_SECTION_CERTIFICATIONS },
  { "licensure", SL_SECTION_CERTIFICATIONS },
  { "licenses and certifications", SL_SECTION_CERTIFICATIONS },
  { "licences and certifications", SL_SECTION_CERTIFICATIONS },
  { "certifications and licenses", SL_SECTION_CERTIFICATIONS },
  { "certifications and licences", SL_SECTION_CERTIFICATIONS },
  { "certifications and training", SL_SECTION_CERTIFICATIONS },
  { "training and certifications", SL_SECTION_CERTIFICATIONS },
  { "credentials", SL_SECTION_CERTIFICATIONS },
  { "accreditations", SL_SECTION_CERTIFICATIONS },
  { "courses", SL_SECTION_CERTIFICATIONS },
  { "training", SL_SECTION_CERTIFICATIONS },
  { "languages", SL_SECTION_LANGUAGES },
  { "language", SL_SECTION_LANGUAGES },
  { "spoken languages", SL_SECTION_LANGUAGES },
  { "language skills", SL_SECTION_LANGUAGES },
  { "language proficiency", SL_SECTION_LANGUAGES },
  { "awards", SL_SECTION_AWARDS },
  { "honors", SL_SECTION_AWARDS },
  { "honours", SL_SECTION_AWARDS },
  { "awards and honors", SL_SECTION_AWARDS },
  { "honors and awards", SL_SECTION_AWARDS },
  { "achievements", SL_SECTION_AWARDS },
  { "key achievements", SL_SECTION_AWARDS },
  { "accomplishments", SL_SECTION_AWARDS },
  { "interests", SL_SECTION_INTERESTS },
  { "hobbies", SL_SECTION_INTERESTS },
  { "hobbies and interests", SL_SECTION_INTERESTS },
  { "interests and hobbies", SL_SECTION_INTERESTS },
  { "personal interests", SL_SECTION_INTERESTS },
  { "outside work", SL_SECTION_INTERESTS },
  { "volunteering", SL_SECTION_VOLUNTEER },
  { "volunteer", SL_SECTION_VOLUNTEER },
  { "volunteer experience", SL_SECTION_VOLUNTEER },
  { "volunteer work", SL_SECTION_VOLUNTEER },
  { "community involvement", SL_SECTION_VOLUNTEER },
  { "community service", SL_SECTION_VOLUNTEER },
  { "publications", SL_SECTION_PUBLICATIONS },
  { "research", SL_SECTION_PUBLICATIONS },
  { "talks", SL_SECTION_PUBLICATIONS },
  { "publications and talks", SL_SECTION_PUBLICATIONS },
  { "references", SL_SECTION_REFERENCES },
  { "referees", SL_SECTION_REFERENCES },
  { "contact", SL_SECTION_CONTACT },
  { "contact information", SL_SECTION_CONTACT },
  { "contact info", SL_SECTION_CONTACT },
  { "contact details", SL_SECTION_CONTACT },
  { "personal details", SL_SECTION_CONTACT },
  { "personal information", SL_SECTION_CONTACT },
  { "personal info", SL_SECTION_CONTACT },
  { "additional information", SL_SECTION_OTHER },
  { "other", SL_SECTION_OTHER },
  { "miscellaneous", SL_SECTION_OTHER },
  { "activities", SL_SECTION_OTHER },
  { "extracurricular activities", SL_SECTION_OTHER },
  { "leadership experience", SL_SECTION_OTHER },
  { "affiliations", SL_SECTION_OTHER },
  { "memberships", SL_SECTION_OTHER },
  { "professional memberships", SL_SECTION_OTHER },
};

static const Heading job_headings[] = {
  { "about us", SL_SECTION_JOB_ABOUT },
  { "about the company", SL_SECTION_JOB_ABOUT },
  { "who we are", SL_SECTION_JOB_ABOUT },
  { "company", SL_SECTION_JOB_ABOUT },
  { "about the role", SL_SECTION_JOB_ABOUT },
  { "about the job", SL_SECTION_JOB_ABOUT },
  { "about the position", SL_SECTION_JOB_ABOUT },
  { "the role", SL_SECTION_JOB_ABOUT },
  { "role", SL_SECTION_JOB_ABOUT },
  { "overview", SL_SECTION_JOB_ABOUT },
  { "job summary", SL_SECTION_JOB_ABOUT },
  { "position summary", SL_SECTION_JOB_ABOUT },
  { "summary", SL_SECTION_JOB_ABOUT },
  { "job description", SL_SECTION_JOB_ABOUT },
  { "description", SL_SECTION_JOB_ABOUT },
  { "the opportunity", SL_SECTION_JOB_ABOUT },
  { "responsibilities", SL_SECTION_JOB_RESPONSIBILITIES },
  { "key responsibilities", SL_SECTION_JOB_RESPONSIBILITIES },
  { "job responsibilities", SL_SECTION_JOB_RESPONSIBILITIES },
  { "duties", SL_SECTION_JOB_RESPONSIBILITIES },
  { "duties and responsibilities", SL_SECTION_JOB_RESPONSIBILITIES },
  { "roles and responsibilities", SL_SECTION_JOB_RESPONSIBILITIES },
  { "what you will do", SL_SECTION_JOB_RESPONSIBILITIES },
  { "what youll do", SL_SECTION_JOB_RESPONSIBILITIES },
  { "what you ll do", SL_SECTION_JOB_RESPONSIBILITIES },
  { "what you will be doing", SL_SECTION_JOB_RESPONSIBILITIES },
  { "your role", SL_SECTION_JOB_RESPONSIBILITIES },
  { "in this role you will", SL_SECTION_JOB_RESPONSIBILITIES },
  { "the job", SL_SECTION_JOB_RESPONSIBILITIES },
  { "requirements", SL_SECTION_JOB_REQUIRED },
  { "job requirements", SL_SECTION_JOB_REQUIRED },
  { "minimum requirements", SL_SECTION_JOB_REQUIRED },
  { "qualifications", SL_SECTION_JOB_REQUIRED },
  { "required qualifications", SL_SECTION_JOB_REQUIRED },
  { "minimum qualifications", SL_SECTION_JOB_REQUIRED },
  { "basic qualifications", SL_SECTION_JOB_REQUIRED },
  { "required skills", SL_SECTION_JOB_REQUIRED },
  { "required experience", SL_SECTION_JOB_REQUIRED },
  { "requirements and qualifications", SL_SECTION_JOB_REQUIRED },
  { "skills and qualifications", SL_SECTION_JOB_REQUIRED },
  { "skills and experience", SL_SECTION_JOB_REQUIRED },
  { "skills", SL_SECTION_JOB_REQUIRED },
  { "must have", SL_SECTION_JOB_REQUIRED },
  { "must haves", SL_SECTION_JOB_REQUIRED },
  { "must have skills", SL_SECTION_JOB_REQUIRED },
  { "what you need", SL_SECTION_JOB_REQUIRED },
  { "what you will need", SL_SECTION_JOB_REQUIRED },
  { "what youll need", SL_SECTION_JOB_REQUIRED },
  { "what you ll need", SL_SECTION_JOB_REQUIRED },
  { "what you bring", SL_SECTION_JOB_REQUIRED },
  { "what we are looking for", SL_SECTION_JOB_REQUIRED },
  { "what were looking for", SL_SECTION_JOB_REQUIRED },
  { "what we re looking for", SL_SECTION_JOB_REQUIRED },
  { "who you are", SL_SECTION_JOB_REQUIRED },
  { "you have", SL_SECTION_JOB_REQUIRED },
  { "about you", SL_SECTION_JOB_REQUIRED },
  { "your profile", SL_SECTION_JOB_REQUIRED },
  { "your background", SL_SECTION_JOB_REQUIRED },
  { "experience", SL_SECTION_JOB_REQUIRED },
  { "nice to have", SL_SECTION_JOB_PREFERRED },
  { "nice to haves", SL_SECTION_JOB_PREFERRED },
  { "nice to have skills", SL_SECTION_JOB_PREFERRED },
  { "preferred", SL_SECTION_JOB_PREFERRED },
  { "preferred qualifications", SL_SECTION_JOB_PREFERRED },
  { "preferred skills", SL_SECTION_JOB_PREFERRED },
  { "preferred experience", SL_SECTION_JOB_PREFERRED },
  { "desired skills", SL_SECTION_JOB_PREFERRED },
  { "desired qualifications", SL_SECTION_JOB_PREFERRED },
  { "desirable", SL_SECTION_JOB_PREFERRED },
  { "bonus", SL_SECTION_JOB_PREFERRED },
  { "bonus points", SL_SECTION_JOB_PREFERRED },
  { "bonus skills", SL_SECTION_JOB_PREFERRED },
  { "pluses", SL_SECTION_JOB_PREFERRED },
  { "plus", SL_SECTION_JOB_PREFERRED },
  { "extra credit", SL_SECTION_JOB_PREFERRED },
  { "it would be great if you", SL_SECTION_JOB_PREFERRED },
  { "benefits", SL_SECTION_JOB_BENEFITS },
  { "perks", SL_SECTION_JOB_BENEFITS },
  { "perks and benefits", SL_SECTION_JOB_BENEFITS },
  { "benefits and perks", SL_SECTION_JOB_BENEFITS },
  { "what we offer", SL_SECTION_JOB_BENEFITS },
  { "compensation", SL_SECTION_JOB_BENEFITS },
  { "salary", SL_SECTION_JOB_BENEFITS },
  { "compensation and benefits", SL_SECTION_JOB_BENEFITS },
  { "why join us", SL_SECTION_JOB_BENEFITS },
  { "location", SL_SECTION_OTHER },
  { "how to apply", SL_SECTION_OTHER },
  { "equal opportunity", SL_SECTION_OTHER },
};

static const char * const section_names[] = {
  [SL_SECTION_NONE] = "none",
  [SL_SECTION_HEADER] = "header",
  [SL_SECTION_SUMMARY] = "summary",
  [SL_SECTION_EXPERIENCE] = "experience",
  [SL_SECTION_EDUCATION] = "education",
  [SL_SECTION_SKILLS] = "skills",
  [SL_SECTION_PROJECTS] = "projects",
  [SL_SECTION_CERTIFICATIONS] = "certifications",
  [SL_SECTION_LANGUAGES] = "languages",
  [SL_SECTION_AWARDS] = "awards",
  [SL_SECTION_INTERESTS] = "interests",
  [SL_SECTION_VOLUNTEER] = "volunteer",
  [SL_SECTION_PUBLICATIONS] = "publications",
  [SL_SECTION_REFERENCES] = "references",
  [SL_SECTION_CONTACT] = "contact",
  [SL_SECTION_JOB_ABOUT] = "about",
  [SL_SECTION_JOB_RESPONSIBILITIES] = "responsibilities",
  [SL_SECTION_JOB_REQUIRED] = "required",
  [SL_SECTION_JOB_PREFERRED] = "preferred",
  [SL_SECTION_JOB_BENEFITS] = "benefits",
  [SL_SECTION_OTHER] = "other",
};

const char *
_sl_section_to_string (SlSection section)
{
  if ((guint)section >= G_N_ELEMENTS (section_names))
    return "other";
  return section_names[section];
}

static char *
normalize_heading (const char *str,
                   gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      char c = str[i];

      if (g_ascii_isalpha (c))
        g_string_append_c (out, g_ascii_tolower (c));
      else if (c == '&' || c == '+')
        g_string_append (out, out->len > 0 && out->str[out->len - 1] != ' ' ? " and " : "and ");
      else if (c == '\'' || (guchar)c >= 0x80)
        {
          /* Apostrophes vanish ("you'll"); other non-ASCII is a separator. */
          if (c != '\'' && out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else if (g_ascii_isdigit (c))
        {
          /* "1. Experience" */
          if (out->len > 0)
            {
              g_string_free (out, TRUE);
              return NULL;
            }
        }
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }

  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static SlSection
lookup_heading (const char *norm,
                gboolean    job)
{
  const Heading *table = job ? job_headings : resume_headings;
  guint n = job ? G_N_ELEMENTS (job_headings) : G_N_ELEMENTS (resume_headings);

  if (norm == NULL || norm[0] == '\0')
    return SL_SECTION_NONE;

  for (guint i = 0; i < n; i++)
    if (strcmp (norm, table[i].title) == 0)
      return table[i].section;

  return SL_SECTION_NONE;
}

SlSection
_sl_section_from_heading (const char  *line,
                          gboolean     job,
                          const char **rest)
{
  g_autofree char *norm = NULL;
  const char *colon;
  gsize len;
  SlSection section;

  *rest = NULL;

  if (line == NULL)
    return SL_SECTION_NONE;

  while (*line == ' ')
    line++;
  len = strlen (line);
  if (len == 0 || len > 60)
    goto inline_title;

  /* A sentence is not a title. */
  if (len > 2 && line[len - 1] == '.' && line[len - 2] != '.')
    return SL_SECTION_NONE;

  norm = normalize_heading (line, len);
  if ((section = lookup_heading (norm, job)) != SL_SECTION_NONE)
    return section;

inline_title:
  /* "Skills: Python, Go" */
  colon = strchr (line, ':');
  if (colon != NULL && colon - line <= 40 && colon[1] != '\0')
    {
      g_clear_pointer (&norm, g_free);
      norm = normalize_heading (line, colon - line);
      if ((section = lookup_heading (norm, job)) != SL_SECTION_NONE)
        {
          const char *p = colon + 1;

          while (*p == ' ')
            p++;
          *rest = *p != '\0' ? p : NULL;
          return section;
        }
    }

  return SL_SECTION_NONE;
}

/* Degree patterns per level, from high school (1) to doctorate (5). The
 * word forms ignore case; abbreviations must be written as such. */
static const char * const degree_patterns[6] = {
  NULL,
  "(?i:\\bhigh[ -]school\\b|\\bsecondary school\\b|\\bG\\.?E\\.?D\\b|\\bA[ -]levels?\\b|"
  "\\bhigh school diploma\\b)",
  "(?i:\\bassociate(?:'s|’s|s)?\\s+(?:degree|of|in)\\b|\\bassociate(?:'s|’s) \\w)|"
  "\\bA\\.A\\.S?\\.|\\bA\\.S\\.|\\bAAS\\b|\\bADN\\b",
  "(?i:\\bbachelor(?:'s|’s|s)?\\b|\\bundergraduate degree\\b|\\bbaccalaureate degree\\b)|"
  "\\bB\\.?Sc\\b|\\bB\\.S\\.|\\bB\\.A\\.|\\bB\\.?Eng\\b|\\bBBA\\b|\\bB\\.B\\.A\\b|\\bBFA\\b|"
  "\\bBSN\\b|\\bB\\.?Tech\\b|\\bB\\.?Com\\b|\\bLL\\.?B\\b|\\bB\\.?Ed\\b|\\bBCA\\b|"
  "\\bB\\.?S\\.? ?(?:in|of)\\b|\\bB\\.?A\\.? ?(?:in|of)\\b|\\bBS/|\\bBA/",
  "(?i:\\bmaster(?:'s|’s|s)?\\s+(?:degree|of|in)\\b|\\bmaster(?:'s|’s)(?:\\s|$)|\\bgraduate degree\\b)|"
  "\\bM\\.?Sc\\b|\\bM\\.S\\.|\\bM\\.A\\.|\\bMBA\\b|\\bM\\.B\\.A\\b|\\bM\\.?Eng\\b|\\bMFA\\b|"
  "\\bMPH\\b|\\bMSN\\b|\\bM\\.Ed\\b|\\bMEd\\b|\\bLL\\.?M\\b|\\bMPA\\b|\\bMPP\\b|\\bM\\.?Tech\\b|"
  "\\bMCA\\b|\\bMRes\\b|\\bM\\.?Phil\\b|\\bM\\.?S\\.? ?(?:in|of)\\b|\\bM\\.?A\\.? ?(?:in|of)\\b|"
  "/MS\\b|/M\\.S\\.",
  "(?i:\\bdoctor(?:ate)?\\s+of\\b|\\bdoctorate\\b|\\bdoctoral\\b)|\\bPh\\.? ?D\\b|\\bPhD\\b|"
  "\\bD\\.?Phil\\b|\\bEd\\.?D\\b|\\bM\\.D\\.|\\bDNP\\b|\\bPharm\\.?D\\b|\\bJ\\.D\\.|\\bJD\\b|"
  "/PhD\\b",
};

static const char * const loose_patterns[6] = {
  NULL, NULL, "(?<!, )\\bAA\\b(?!,)|(?<!, )\\bAS\\b(?= [A-Z])",
  "(?<!, )\\b(?:BS|BA)\\b(?!,)|(?<!, )\\bBE\\b(?= [A-Z])",
  "(?<!, )\\bMS\\b(?!,| (?:Excel|Word|Office|Access|Project|Teams|Outlook|SQL|PowerPoint|Visio))|"
  "(?<!, )\\bMA\\b(?!,)",
  NULL,
};

static GRegex *degree_regex[6];
static GRegex *loose_regex[6];

static void
ensure_degree_regex (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 1; i < 6; i++)
        {
          degree_regex[i] = g_regex_new (degree_patterns[i], G_REGEX_OPTIMIZE, 0, NULL);
          g_assert (degree_regex[i] != NULL);
          if (loose_patterns[i] != NULL)
            {
              loose_regex[i] = g_regex_new (loose_patterns[i], G_REGEX_OPTIMIZE, 0, NULL);
              g_assert (loose_regex[i] != NULL);
            }
        }
      g_once_init_leave (&initialized, 1);
    }
}

guint
_sl_degree_levels_in (const char *str,
                      gboolean    loose)
{
  guint mask = 0;

  if (str == NULL)
    return 0;

  ensure_degree_regex ();

  for (guint i = 1; i < 6; i++)
    {
      if (g_regex_match (degree_regex[i], str, 0, NULL))
        mask |= 1 << i;
      else if (loose && loose_regex[i] != NULL && g_regex_match (loose_regex[i], str, 0, NULL))
        mask |= 1 << i;
    }

  /* "Scrum Master", "Master Data Management" are not degrees; the pattern
   * already needs "of", "in", "degree" or "'s" after "master". */
  return mask;
}

static const char * const us_states[] = {
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
  "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
  "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
  "VA", "WA", "WV", "WI", "WY", "DC", NULL
};

static const char * const countries[] = {
  "usa", "us", "u.s.", "united states", "uk", "united kingdom", "england", "scotland",
  "wales", "ireland", "canada", "australia", "new zealand", "india", "germany", "france",
  "spain", "italy", "portugal", "netherlands", "belgium", "sweden", "norway", "denmark",
  "finland", "poland", "switzerland", "austria", "czech republic", "japan", "china",
  "singapore", "brazil", "mexico", "argentina", "chile", "colombia", "nigeria", "kenya",
  "south africa", "egypt", "ghana", "uae", "israel", "turkey", "greece", "romania",
  "ukraine", "philippines", "indonesia", "vietnam", "korea", "south korea", "pakistan",
  "bangladesh", "estonia", "remote", NULL
};

gboolean
_sl_is_place_word (const char *seg)
{
  g_autofree char *lower = g_ascii_strdown (seg, -1);

  for (guint i = 0; us_states[i] != NULL; i++)
    if (strcmp (seg, us_states[i]) == 0)
      return TRUE;
  for (guint i = 0; countries[i] != NULL; i++)
    if (strcmp (lower, countries[i]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
_sl_line_is_bullet (const char *line)
{
  gunichar c;

  while (*line == ' ')
    line++;
  if (*line == '\0')
    return FALSE;
  if ((line[0] == '-' || line[0] == '*' || line[0] == '+' || line[0] == '>') && line[1] == ' ')
    return TRUE;
  if ((guchar)line[0] < 0x80)
    return FALSE;
  c = g_utf8_get_char (line);
  return c == 0x2022 || c == 0x25CF || c == 0x25AA || c == 0x25E6 || c == 0x2023 ||
         c == 0x2043 || c == 0x25A0 || c == 0x25A1 || c == 0x2013 || c == 0x2014 ||
         c == 0x00B7 || c == 0x27A2 || c == 0x2192 || c == 0x2713 || c == 0x2714 ||
         c == 0x25B8 || c == 0x25BA || c == 0x2219 || c == 0xF0B7;
}

typedef struct
{
  gunichar *chars;
  glong     len;
} ULine;

/* Where the second column starts on this line (in characters), or -1: the
 * end of the first run of three or more spaces after some text. */
static glong
column_start (const ULine *line)
{
  glong i = 0;

  while (i < line->len && line->chars[i] == ' ')
    i++;
  if (i >= line->len)
    return -1;

  for (; i < line->len; i++)
    {
      glong j = i;

      while (j < line->len && line->chars[j] == ' ')
        j++;
      if (j - i >= 3 && j < line->len)
        return j;
      i = j;
    }

  return -1;
}

char *
_sl_text_unsplit_columns (const char *text)
{
  g_auto(GStrv) lines = NULL;
  g_autofree ULine *ulines = NULL;
  g_autoptr(GString) left = NULL;
  g_autoptr(GString) right = NULL;
  g_autofree int *hist = NULL;
  guint n, nonempty = 0, best_count = 0;
  glong best = -1, max_len = 0;

  if (text == NULL)
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  if (n < 6)
    return NULL;

  ulines = g_new0 (ULine, n);
  for (guint i = 0; i < n; i++)
    {
      ulines[i].chars = g_utf8_to_ucs4_fast (lines[i], -1, &ulines[i].len);
      max_len = MAX (max_len, ulines[i].len);
    }

  hist = g_new0 (int, max_len + 2);
  for (guint i = 0; i < n; i++)
    {
      glong start = column_start (&ulines[i]);
      gboolean blank = TRUE;

      for (glong k = 0; k < ulines[i].len; k++)
        if (ulines[i].chars[k] != ' ')
          blank = FALSE;
      if (!blank)
        nonempty++;
      /* A line holding only right-column text starts with its indent. */
      if (start < 0 && !blank && ulines[i].len > 0 && ulines[i].chars[0] == ' ')
        {
          start = 0;
          while (start < ulines[i].len && ulines[i].chars[start] == ' ')
            start++;
          if (start < 12)
            start = -1;
        }
      if (start > 0)
        hist[start]++;
    }

  for (glong p = 1; p <= max_len; p++)
    {
      guint count = hist[p] + hist[p - 1] + hist[p + 1];

      if (count > best_count)
        {
          best_count = count;
          best = p;
        }
    }

  /* Columns only when a good share of the lines break at the same place. */
  if (best < 10 || best_count < 5 || best_count * 10 < nonempty * 4)
    {
      for (guint i = 0; i < n; i++)
        g_free (ulines[i].chars);
      return NULL;
    }

  left = g_string_new (NULL);
  right = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      ULine *l = &ulines[i];
      glong cut = -1;

      /* Cut where a gap of two or more spaces ends near the column. */
      for (glong p = MAX (2, best - 2); p <= best + 2 && p < l->len; p++)
        if (l->chars[p - 1] == ' ' && l->chars[p - 2] == ' ' && l->chars[p] != ' ')
          {
            cut = p;
            break;
          }

      /* A side-column item longer than the column pushes the main text
       * right: cut at its gap instead. */
      if (cut < 0 && l->len > best)
        {
          glong start = column_start (l);

          if (start > best)
            cut = start;
        }

      if (l->len <= best - 2 || cut < 0)
        {
          g_autofree char *whole = g_ucs4_to_utf8 (l->chars, l->len, NULL, NULL, NULL);

          g_string_append (left, whole ? whole : "");
          g_string_append_c (left, '\n');
          continue;
        }
      else
        {
          g_autofree char *a = g_ucs4_to_utf8 (l->chars, cut, NULL, NULL, NULL);
          g_autofree char *b = g_ucs4_to_utf8 (l->chars + cut, l->len - cut, NULL, NULL, NULL);

          g_string_append (left, a ? g_strchomp (a) : "");
          g_string_append_c (left, '\n');
          g_string_append (right, b ? g_strstrip (b) : "");
          g_string_append_c (right, '\n');
        }
    }

  for (guint i = 0; i < n; i++)
    g_free (ulines[i].chars);

  g_string_append_c (left, '\n');
  g_string_append (left, right->str);
  return g_string_free (g_steal_pointer (&left), FALSE);
}
