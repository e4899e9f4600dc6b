/* sl-store-screening.h: the store's side of screening. */
#pragma once

#include <gio/gio.h>

#include "sl-screening.h"
#include "sl-store.h"

G_BEGIN_DECLS

/* A job's requirements: skills from job_skills (mandatory or not); when the
 * job has none there, from its parsed JSON ("mandatory_skills" or
 * "required_skills", "preferred_skills" or "nice_to_have"). Minimum years
 * ("min_years") and education ("education", an SlEducationLevel id) come
 * from the parsed JSON. */
gboolean    sl_store_get_job_requirements (SlStore           *self,
                                           gint64             job_id,
                                           SlJobRequirements *requirements,
                                           GError           **error);
/* Resume texts by candidate id (id → text, owned). */
GHashTable *sl_store_get_candidate_texts  (SlStore           *self,
                                           const gint64      *ids,
                                           guint              n,
                                           GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* Saves results as the job's current screening (earlier ones of the same
 * candidates stop being current) and sets each result_id. */
gboolean    sl_store_save_screenings      (SlStore           *self,
                                           gint64             job_id,
                                           GPtrArray         *results,
                                           double             threshold,
                                           const char        *embedder,
                                           GError           **error);

G_END_DECLS
