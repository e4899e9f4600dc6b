/* sl-resume-gen.h: deterministic generator of resumes with known fields,
 * for the parser accuracy test and for tests that render the same resumes
 * to DOCX or PDF. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SL_RESUME_GEN_LAYOUT_CLASSIC,     /* CAPS titles; "Title, Company, Place, Dates" */
  SL_RESUME_GEN_LAYOUT_MODERN,      /* "Company — Title    Dates" */
  SL_RESUME_GEN_LAYOUT_TWO_LINE,    /* "Title" then "Company | Dates" */
  SL_RESUME_GEN_LAYOUT_MARKDOWN,    /* "## Experience", "### Title, Company" */
  SL_RESUME_GEN_LAYOUT_TWO_COLUMN,  /* side column (contact, skills…) beside the main one */
  SL_RESUME_GEN_LAYOUT_TABLE,       /* table rows as extracted: cells separated by tabs */
  SL_RESUME_GEN_N_LAYOUTS
} SlResumeGenLayout;

typedef struct
{
  char     *title;
  char     *company;
  int       start;      /* year * 12 + month - 1 */
  int       end;        /* same; 0 when current */
  gboolean  current;
} SlResumeGenJob;

typedef struct
{
  char      *heading;   /* as printed, e.g. "Work History" */
  char      *kind;      /* "summary", "experience", "education", "skills", … */
  gboolean   side;      /* belongs in the side column of two-column layouts */
  GPtrArray *lines;     /* char*, as printed in the one-column text */
} SlResumeGenBlock;

typedef struct
{
  /* Known fields */
  char              *name;
  char              *headline;
  char              *email;
  char              *phone;          /* as printed */
  char              *phone_digits;   /* normalised: "+15550100199" */
  char              *location;
  char              *link;
  GPtrArray         *skills;         /* canonical names of the skills listed */
  GArray            *jobs;           /* SlResumeGenJob, most recent first */
  double             years;          /* months covered, overlaps merged, / 12 */
  const char        *education_level;
  char              *degree;
  char              *institution;
  GPtrArray         *certifications;
  GPtrArray         *languages;

  /* Presentation */
  SlResumeGenLayout  layout;
  GPtrArray         *header;         /* char*: name line, headline, contacts */
  GPtrArray         *blocks;         /* SlResumeGenBlock* in printed order */
  char              *text;           /* the whole resume as plain text */
} SlResumeGen;

/* The reference month for jobs held "to present": June 2026. */
#define SL_RESUME_GEN_NOW_YEAR  2026
#define SL_RESUME_GEN_NOW_MONTH 6

SlResumeGen *sl_resume_gen_new  (guint32      seed,
                                 guint        index);
void         sl_resume_gen_free (SlResumeGen *gen);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlResumeGen, sl_resume_gen_free)

G_END_DECLS
