/* sl-store-models.h: screenings as training material, human reviews,
 * training samples and status, and the versions of the trained model
 * (champion/challenger, rollback, shadow bookkeeping).
 */
#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

#define SL_STORE_CHANGED_SCREENINGS "screenings"
#define SL_STORE_CHANGED_REVIEWS    "reviews"
#define SL_STORE_CHANGED_MODELS     "models"

/* The training threshold the CLI and the app use unless told otherwise. */
#define SL_TRAINING_DEFAULT_THRESHOLD 100

/* One screening result as the screening writes it. */
typedef struct
{
  gint64       job_id;
  gint64       candidate_id;
  double       score;               /* 0–100 */
  double       similarity;
  double       skill_coverage;
  double       mandatory_coverage;
  double       preferred_coverage;
  double       experience_fit;
  double       education_fit;
  double       classifier;          /* the active model's probability, NAN if none */
  double       shadow_classifier;   /* the shadow model's probability, NAN if none */
  gint64       shadow_model_id;     /* 0 if none */
  const char  *decision;            /* "shortlist" or "reject" */
  double       threshold;
  gint64       model_id;            /* 0 if no model scored */
  const char  *embedder;
  const char  *explanation_json;    /* NULL for {} */
  const float *features;            /* may be NULL */
  gsize        n_features;
  /* TRUE when features holds only the scalar features: the embedding part
   * is made from the job vector below and the candidate's stored vector
   * when the result is reviewed (sl_screening_expand_features()). */
  gboolean     features_partial;
  gint64       job_embedding_id;    /* 0 if none; see sl_screening_writer_add_job_vector() */
} SlScreeningRecord;

/* A row of a labelled import: a candidate by id, or by the file name of its resume. */
typedef struct
{
  guint        line;                /* for error messages */
  gint64       job_id;
  gint64       candidate_id;        /* 0: use resume_file */
  const char  *resume_file;
  const char  *decision;
} SlTrainingImportRow;

/* Reviewed samples with features of one dimension, for training or export. */
typedef struct
{
  gsize    n;
  gsize    d;
  float   *x;             /* n × d */
  guint8  *y;             /* 1 shortlist, 0 reject */
  gint64  *review_ids;
  gint64  *job_ids;       /* 0 when the job was deleted */
  gint64  *candidate_ids; /* 0 when the candidate was erased */
  gint64  *reviewed_at;
  double  *confidence;
  gsize    skipped;       /* reviews left out: no features, or another dimension */
} SlTrainingSet;

typedef struct
{
  gint64  since;          /* reviewed at or after this Unix time; 0 for all */
  double  min_confidence; /* 0 for all */
  gint64  job_id;         /* 0 for all jobs */
} SlTrainingFilter;

typedef struct
{
  guint    total_samples;
  guint    positive_samples;
  guint    negative_samples;
  guint    threshold;
  guint    samples_needed;
  guint    new_samples;     /* not yet used by any model */
  gboolean ready_for_training;
  gboolean imbalanced;      /* positives outside 40–60 % */
} SlTrainingStatus;

typedef struct
{
  gint64   id;
  char    *kind;
  char    *feature_spec;
  GBytes  *parameters;      /* NULL when listed without them */
  char    *metrics_json;
  char    *sample_ids_json;
  gint64   parent_id;       /* 0 if none */
  gboolean active;
  gboolean shadow;
  char    *reason;
  gint64   created_at;
} SlModelVersion;

/* An unreviewed screening result in the review queue. */
typedef struct
{
  gint64  screening_id;
  gint64  job_id;
  gint64  candidate_id;
  double  score;
  double  threshold;
  char   *decision;
  char   *explanation_json;
  gint64  model_id;         /* 0 if no model scored */
  /* What the explanation's sentence says besides the stored explanation. */
  double  similarity;
  double  education_fit;
  double  classifier;       /* NAN if no model scored */
} SlReviewItem;

typedef struct
{
  gint64 shadow_id;
  guint  compared;          /* screenings scored by both models */
  guint  agreed;
  guint  reviewed;          /* of those, reviewed by a person */
  guint  champion_correct;
  guint  shadow_correct;
} SlShadowStats;

void            sl_training_set_free             (SlTrainingSet        *set);
void            sl_review_item_free              (SlReviewItem         *item);
/* Whether the app should train by itself: ready, and at least min_new samples
 * that no model has learnt from yet. */
gboolean        sl_training_status_should_auto_train (const SlTrainingStatus *status,
                                                      guint                   min_new);
void            sl_model_version_free            (SlModelVersion       *version);

/* Screenings. Marks earlier screenings of the pair as not current. Returns the id, 0 on error. */
gint64          sl_store_add_screening           (SlStore              *self,
                                                  const SlScreeningRecord *record,
                                                  GError              **error);

/* Reviews. decision is "shortlist" or "reject". A second review of the same
 * screening changes the first (audit log keeps the history). Returns the review id. */
gint64          sl_store_review_screening        (SlStore              *self,
                                                  gint64                screening_id,
                                                  const char           *decision,
                                                  const char           *notes,
                                                  GError              **error);
/* Undoes a review (the UI's undo of the last decision); the audit log keeps it. */
gboolean        sl_store_delete_review           (SlStore              *self,
                                                  gint64                review_id,
                                                  GError              **error);
/* Current unreviewed screenings, borderline first (score nearest the
 * threshold); job_id 0 for every job, limit 0 for all. *remaining gets the
 * size of the whole queue. */
GPtrArray      *sl_store_list_review_queue       (SlStore              *self,
                                                  gint64                job_id,
                                                  guint                 limit,
                                                  guint                *remaining,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* All rows in one transaction: any bad row imports nothing. */
gboolean        sl_store_import_reviews          (SlStore              *self,
                                                  const SlTrainingImportRow *rows,
                                                  gsize                 n_rows,
                                                  guint                *n_with_features,
                                                  GError              **error);

SlTrainingSet  *sl_store_load_training_set       (SlStore              *self,
                                                  const SlTrainingFilter *filter,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        sl_store_get_training_status     (SlStore              *self,
                                                  guint                 threshold,
                                                  SlTrainingStatus     *status,
                                                  GError              **error);

/* Model versions. Stores a version (and activates it if asked, in the same
 * transaction), marking its samples as used. Returns the id, 0 on error. */
gint64          sl_store_add_model_version       (SlStore              *self,
                                                  const char           *kind,
                                                  const char           *feature_spec,
                                                  GBytes               *parameters,
                                                  const char           *metrics_json,
                                                  const gint64         *sample_ids,
                                                  gsize                 n_samples,
                                                  gint64                parent_id,
                                                  const char           *reason,
                                                  gboolean              activate,
                                                  GError              **error);
/* Newest first. */
GPtrArray      *sl_store_list_model_versions     (SlStore              *self,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SlModelVersion *sl_store_get_model_version       (SlStore              *self,
                                                  gint64                version_id,
                                                  GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE with *version NULL when no version is active. */
gboolean        sl_store_get_active_model_version (SlStore             *self,
                                                   SlModelVersion     **version,
                                                   GError             **error);
gboolean        sl_store_activate_model_version  (SlStore              *self,
                                                  gint64                version_id,
                                                  const char           *reason,
                                                  GError              **error);
/* Goes back to the version that was active before the active one, as the
 * audit log remembers it. Returns that version's id, 0 on error. */
gint64          sl_store_rollback_model          (SlStore              *self,
                                                  GError              **error);
/* 0 turns shadow mode off. The active version cannot be its own shadow. */
gboolean        sl_store_set_shadow_model        (SlStore              *self,
                                                  gint64                version_id,
                                                  GError              **error);
/* *shadow_id is 0 when shadow mode is off. */
gboolean        sl_store_get_shadow_model_id     (SlStore              *self,
                                                  gint64               *shadow_id,
                                                  GError              **error);
/* Agreement of the champion and a shadow version at probability 0.5, and
 * each one's accuracy on the screenings a person has since reviewed. */
gboolean        sl_store_get_shadow_stats        (SlStore              *self,
                                                  gint64                shadow_id,
                                                  SlShadowStats        *stats,
                                                  GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlTrainingSet, sl_training_set_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlModelVersion, sl_model_version_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlReviewItem, sl_review_item_free)

G_END_DECLS
