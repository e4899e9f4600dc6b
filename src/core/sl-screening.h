#pragma once

#include <json-glib/json-glib.h>

#include "sl-candidate.h"
#include "sl-model.h"

G_BEGIN_DECLS

/* What a job asks for, usually from the job parser's JSON. */
typedef struct _SlRequirements SlRequirements;

SlRequirements *sl_requirements_new            (const char * const *mandatory_skills,
                                                const char * const *preferred_skills,
                                                double              min_years,
                                                int                 education_level);
/* Reads mandatory_skills, preferred_skills, min_years, education_level from a job parser object. */
SlRequirements *sl_requirements_new_from_json  (JsonObject         *parsed);
void            sl_requirements_free           (SlRequirements     *self);
const char * const *sl_requirements_get_mandatory_skills (SlRequirements *self);
const char * const *sl_requirements_get_preferred_skills (SlRequirements *self);
/* The skills case-folded as sl_screening_fold_skill() does, in the same order. */
const char * const *sl_requirements_get_mandatory_folded (SlRequirements *self);
const char * const *sl_requirements_get_preferred_folded (SlRequirements *self);
double          sl_requirements_get_min_years  (SlRequirements     *self);
int             sl_requirements_get_education_level (SlRequirements *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlRequirements, sl_requirements_free)

typedef struct
{
  /* The blend without a trained model; the weights sum to 1. */
  double weight_similarity;
  double weight_skills;
  double weight_experience;
  double weight_education;
  /* With a model: score = (1 − model_weight) × blend + model_weight × classifier. */
  double model_weight;
  /* SHORTLIST when the score is at least this (0–100). */
  double threshold;
} SlScreeningConfig;

void sl_screening_config_init_default (SlScreeningConfig *config);

typedef struct
{
  double      cosine;              /* raw embedding similarity, −1…1 */
  double      similarity;          /* calibrated to 0…1 */
  double      mandatory_coverage;  /* 0…1; 1 when the job names none */
  double      preferred_coverage;
  double      skill_coverage;      /* mandatory weighs twice as much as preferred */
  double      experience_fit;
  double      education_fit;
  double      classifier;          /* probability, or < 0 without a model */
  double      score;               /* 0…100 */
  gboolean    shortlist;
  double      threshold;
  double      years;
  double      min_years;           /* < 0 when the job names none */
  int         education_level;
  int         required_education;  /* < 0 when the job names none */
  guint       n_missing_mandatory;
  GPtrArray  *matched_mandatory;
  GPtrArray  *matched_preferred;
  GPtrArray  *missing_mandatory;
  GPtrArray  *missing_preferred;
  GPtrArray  *evidence;            /* up to three resume lines that support the match */
} SlScreeningResult;

SlScreeningResult *sl_screening_score          (SlRequirements          *requirements,
                                                SlCandidate             *candidate,
                                                double                   cosine,
                                                double                   classifier,
                                                const SlScreeningConfig *config) G_GNUC_WARN_UNUSED_RESULT;
/* The same from what the candidate matched: one flag per mandatory and per
 * preferred skill of the requirements, in their order. */
SlScreeningResult *sl_screening_score_matched  (SlRequirements          *requirements,
                                                const gboolean          *mandatory_matched,
                                                const gboolean          *preferred_matched,
                                                double                   years,
                                                int                      education_level,
                                                double                   cosine,
                                                double                   classifier,
                                                const SlScreeningConfig *config) G_GNUC_WARN_UNUSED_RESULT;
/* Only the numbers (and n_missing_mandatory) of a result, into @result,
 * whose name lists are left alone: for ranking many candidates. */
void               sl_screening_compute        (SlRequirements          *requirements,
                                                guint                    mandatory_hits,
                                                guint                    preferred_hits,
                                                double                   years,
                                                int                      education_level,
                                                double                   cosine,
                                                double                   classifier,
                                                const SlScreeningConfig *config,
                                                SlScreeningResult       *result);
/* A skill name as screening compares them: case-folded and trimmed. */
char              *sl_screening_fold_skill     (const char              *name) G_GNUC_WARN_UNUSED_RESULT;
void               sl_screening_result_free    (SlScreeningResult       *result);
/* Finds up to three resume lines that mention matched skills. Kept apart
 * from scoring, which must stay fast enough for 100,000 candidates a second:
 * call it for the results that are shown or stored. */
void               sl_screening_result_find_evidence (SlScreeningResult *result,
                                                      const char        *text);
/* The explanation in sentences, for people. */
char              *sl_screening_result_explain (SlScreeningResult       *result) G_GNUC_WARN_UNUSED_RESULT;
/* The structured explanation: {"matched_mandatory":[…], …, "evidence":[…]},
 * without the empty lists, and without min_years and required_education
 * when the job names none (readers take a missing member for those).
 * It holds no sentence: sl_screening_result_explain() renders one, in the
 * reader's language, from a result read back with
 * sl_screening_result_new_from_json_string(). */
JsonNode          *sl_screening_result_to_json (SlScreeningResult       *result) G_GNUC_WARN_UNUSED_RESULT;
/* The same object as compact JSON text, written directly: screening
 * stores one for each of 100,000 candidates. */
char              *sl_screening_result_to_json_string (SlScreeningResult *result) G_GNUC_WARN_UNUSED_RESULT;
/* A result from a stored explanation (JSON text, not trusted: what cannot
 * be read stays empty). The explanation holds the lists, years and
 * education; the caller sets the numbers from the stored row (similarity,
 * the fits, classifier, score, shortlist, threshold), which are left at 0
 * but for cosine (NAN) and classifier (-1, no model). */
SlScreeningResult *sl_screening_result_new_from_json_string (const char *explanation_json) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlScreeningResult, sl_screening_result_free)

/* Classifier features for a (job, candidate) pair: the screening components
 * followed by the element-wise product and absolute difference of the two
 * embeddings. The layout is versioned with SL_SCREENING_FEATURES_VERSION. */
#define SL_SCREENING_FEATURES_VERSION SL_FEATURE_SPEC_VERSION
#define SL_SCREENING_N_SCALAR_FEATURES 10

guint              sl_screening_n_features     (guint                    dimension);
void               sl_screening_features       (SlScreeningResult       *result,
                                                const float             *job_vector,
                                                const float             *candidate_vector,
                                                guint                    dimension,
                                                float                   *out);
/* The features of sl_screening_features() from its first
 * SL_SCREENING_N_SCALAR_FEATURES values (@scalars) and the two vectors;
 * a NULL vector counts as zeros. */
void               sl_screening_expand_features (const float            *scalars,
                                                 const float            *job_vector,
                                                 const float            *candidate_vector,
                                                 guint                   dimension,
                                                 float                  *out);
/* {"version", "dimension": n_features, "embedding_dimension", "names": [...]} */
JsonNode          *sl_screening_feature_spec   (guint                    dimension) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
