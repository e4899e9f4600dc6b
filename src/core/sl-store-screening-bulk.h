/* sl-store-screening-bulk.h: what screening many candidates at once reads
 * and writes, in a few queries and one transaction.
 */
#pragma once

#include "sl-store.h"
#include "sl-store-models.h"

G_BEGIN_DECLS

/* Every candidate's scoring inputs, by ascending id. Skill ids of candidate
 * i are skill_ids[skill_start[i]] … skill_ids[skill_start[i + 1] − 1],
 * ascending. The strings belong to the pool. */
typedef struct
{
  guint         n;
  gint64       *ids;
  double       *years;
  guint8       *education;
  guint        *skill_start;
  gint64       *skill_ids;
  const char  **names;
  const char  **headlines;
  const char  **emails;      /* the first address, or NULL */
  GStringChunk *strings;
} SlScreeningPool;

void             sl_screening_pool_free        (SlScreeningPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlScreeningPool, sl_screening_pool_free)

/* The candidates of @only (ids; unknown ones are left out), or all of them when NULL. */
SlScreeningPool *sl_store_load_screening_pool  (SlStore         *self,
                                                GArray          *only,
                                                GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* Every skill's id and name, in two arrays of the same length. */
gboolean         sl_store_list_skill_names     (SlStore         *self,
                                                GArray         **ids,
                                                GPtrArray      **names,
                                                GError         **error);

/* Stores many screenings in one transaction. The writer holds the store
 * while it lives: use only its own functions until it is freed, which
 * rolls back what was not committed. */
typedef struct _SlScreeningWriter SlScreeningWriter;

SlScreeningWriter *sl_store_begin_screenings   (SlStore            *self,
                                                GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Retires every current result of @job_id at once, for a screening of
 * all candidates; otherwise each added result retires the pair's own. */
gboolean           sl_screening_writer_retire  (SlScreeningWriter  *writer,
                                                gint64              job_id,
                                                GError            **error);
/* The resume text of a candidate, "" when it is gone. Fastest when asked
 * by ascending id. When sl_screening_writer_texts_apart() says so, one
 * other thread may ask for them while this one writes; else only the
 * thread that writes. */
gboolean           sl_screening_writer_texts_apart (SlScreeningWriter *writer);
char              *sl_screening_writer_dup_text (SlScreeningWriter *writer,
                                                 gint64             candidate_id,
                                                 GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* Records the job vector a screening scores against, for its rows'
 * job_embedding_id: the id of the job's latest vector of @model when it is
 * the same, else of a new row. */
gint64             sl_screening_writer_add_job_vector (SlScreeningWriter  *writer,
                                                       gint64              job_id,
                                                       const char         *model,
                                                       const float        *vector,
                                                       guint               dimension,
                                                       GError            **error);
/* Adds one result. Unlike sl_store_add_screening(), the audit log gets one
 * row per commit, not one per result. */
gint64             sl_screening_writer_add     (SlScreeningWriter       *writer,
                                                const SlScreeningRecord *record,
                                                GError                 **error);
/* Adds @n results, their ids into @ids, several rows per statement.
 * Every record is checked before any is added. */
gboolean           sl_screening_writer_add_many (SlScreeningWriter        *writer,
                                                 const SlScreeningRecord  *records,
                                                 guint                     n,
                                                 gint64                   *ids,
                                                 GError                  **error);
/* Commits; @job_id names the job in the audit row. */
gboolean           sl_screening_writer_commit  (SlScreeningWriter  *writer,
                                                gint64              job_id,
                                                GError            **error);
void               sl_screening_writer_free    (SlScreeningWriter  *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlScreeningWriter, sl_screening_writer_free)

G_END_DECLS
