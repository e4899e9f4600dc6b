#pragma once

#include <gio/gio.h>

#include "sl-search.h"
#include "sl-store.h"

G_BEGIN_DECLS

/* Default decision threshold on the 0–100 score. */
#define SL_SCREENING_DEFAULT_THRESHOLD 60.0

/* What a job asks for. */
typedef struct
{
  GStrv  mandatory;       /* skill names */
  GStrv  preferred;
  double min_years;       /* 0: none */
  int    min_education;   /* SlEducationLevel, 0: none */
} SlJobRequirements;

void sl_job_requirements_clear (SlJobRequirements *requirements);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SlJobRequirements, sl_job_requirements_clear)

/* One candidate screened for one job. */
typedef struct
{
  gint64    result_id;            /* the screenings row, once saved */
  gint64    candidate_id;
  char     *name;
  double    score;                /* 0–100 */
  double    similarity;           /* cosine of job and resume vectors */
  double    skill_coverage;       /* (2 × mandatory + preferred) / 3 */
  double    mandatory_coverage;
  double    preferred_coverage;
  double    experience_fit;
  double    education_fit;
  double    classifier;           /* NAN without an active model */
  gboolean  shortlisted;
  GStrv     matched_mandatory;
  GStrv     matched_preferred;
  GStrv     missing_mandatory;
  GStrv     missing_preferred;
  double    years;
  int       education;
  GStrv     evidence;             /* 0–3 lines of the resume */
  char     *explanation;          /* the same, as sentences */
} SlScreeningResult;

void sl_screening_result_free (SlScreeningResult *result);

#define SL_TYPE_SCREENING (sl_screening_get_type ())

G_DECLARE_FINAL_TYPE (SlScreening, sl_screening, SL, SCREENING, GObject)

/* The search object brings the embedder and the loaded vector index. */
SlScreening *sl_screening_new           (SlStore       *store,
                                         SlSearch      *search) G_GNUC_WARN_UNUSED_RESULT;
void         sl_screening_set_threshold (SlScreening   *self,
                                         double         threshold);
double       sl_screening_get_threshold (SlScreening   *self);
/* Scores the job's linked candidates (every candidate when all is TRUE),
 * saves the results as the job's current screening and returns them best
 * first (SlScreeningResult). The search must be prepared. */
GPtrArray   *sl_screening_run           (SlScreening   *self,
                                         gint64         job_id,
                                         gboolean       all,
                                         GCancellable  *cancellable,
                                         GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* The scoring itself, without the database: n candidates with their
 * similarities, skill ids (sorted), years and education, against required
 * skill ids. Fills the numeric fields of results (n entries). Used by
 * sl_screening_run() and the throughput benchmark. */
typedef struct
{
  const guint32 *skill_ids;
  guint          n_skills;
  double         years;
  int            education;
  double         similarity;
} SlScreeningInput;

void         sl_screening_score         (const SlScreeningInput *inputs,
                                         guint                   n,
                                         const guint32          *mandatory,
                                         guint                   n_mandatory,
                                         const guint32          *preferred,
                                         guint                   n_preferred,
                                         double                  min_years,
                                         int                     min_education,
                                         double                  threshold,
                                         SlScreeningResult      *results);

G_END_DECLS
