#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-screening.h"
#include "sl-store-models.h"
#include "sl-store-private.h"

/* Feature vectors the screening writes stay far below this. */
#define MAX_FEATURES 65536

void
sl_training_set_free (SlTrainingSet *set)
{
  if (set == NULL)
    return;
  g_free (set->x);
  g_free (set->y);
  g_free (set->review_ids);
  g_free (set->job_ids);
  g_free (set->candidate_ids);
  g_free (set->reviewed_at);
  g_free (set->confidence);
  g_free (set);
}

void
sl_model_version_free (SlModelVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->kind);
  g_free (version->feature_spec);
  g_clear_pointer (&version->parameters, g_bytes_unref);
  g_free (version->metrics_json);
  g_free (version->sample_ids_json);
  g_free (version->reason);
  g_free (version);
}

void
sl_review_item_free (SlReviewItem *item)
{
  if (item == NULL)
    return;
  g_free (item->decision);
  g_free (item->explanation_json);
  g_free (item);
}

gboolean
sl_training_status_should_auto_train (const SlTrainingStatus *status,
                                      guint                   min_new)
{
  g_return_val_if_fail (status != NULL, FALSE);

  return status->ready_for_training && status->new_samples >= MAX (min_new, 1);
}

static gboolean
valid_decision (const char *decision)
{
  return g_strcmp0 (decision, "shortlist") == 0 || g_strcmp0 (decision, "reject") == 0;
}

static gboolean
check_decision (const char  *decision,
                GError     **error)
{
  if (valid_decision (decision))
    return TRUE;
  g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
               _("The decision must be “shortlist” or “reject”, not “%s”"),
               decision != NULL ? decision : "");
  return FALSE;
}

static void
bind_optional_double (sqlite3_stmt *stmt,
                      int           index,
                      double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_optional_id (sqlite3_stmt *stmt,
                  int           index,
                  gint64        id)
{
  if (id > 0)
    sqlite3_bind_int64 (stmt, index, id);
  else
    sqlite3_bind_null (stmt, index);
}

/* Features travel as little-endian float32, as the schema's BLOB promises. */
static void
bind_features (sqlite3_stmt *stmt,
               int           index,
               const float  *features,
               gsize         n_features)
{
  guint32 *le;

  if (features == NULL || n_features == 0)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  le = g_new (guint32, n_features);
  for (gsize i = 0; i < n_features; i++)
    {
      guint32 bits;

      memcpy (&bits, &features[i], sizeof bits);
      le[i] = GUINT32_TO_LE (bits);
    }
  sqlite3_bind_blob (stmt, index, le, n_features * sizeof (guint32), g_free);
}

static char *
build_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static gboolean
row_exists (SlStore     *self,
            const char  *sql,
            gint64       id,
            gboolean    *exists,
            GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_sl_store_step_row (self, stmt, exists, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Marks the current screening of a pair, if any, as no longer current. */
gboolean
_sl_store_retire_screening (SlStore  *self,
                            gint64    job_id,
                            gint64    candidate_id,
                            GError  **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self,
                                  /* By candidate: a job may have 100,000 current rows. */
                                  "UPDATE screenings SET current = 0"
                                  " WHERE candidate_id = ?2 AND +job_id = ?1 AND "
                                  SL_STORE_SCREENING_IS_CURRENT ("screenings", "?1"), error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, candidate_id);
  return _sl_store_step_done (self, stmt, error);
}

gboolean
_sl_store_check_screening (const SlScreeningRecord  *record,
                           GError                  **error)
{
  if (!check_decision (record->decision, error))
    return FALSE;
  if (!isfinite (record->score) || record->score < 0 || record->score > 100)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A screening score must lie between 0 and 100"));
      return FALSE;
    }
  if (record->n_features > MAX_FEATURES)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("A screening has too many features (%" G_GSIZE_FORMAT ")"), record->n_features);
      return FALSE;
    }
  return TRUE;
}

/* Binds without a copy: the record outlives the statement's step, and
 * the caller clears the bindings afterwards. 100,000 rows of a screening
 * would otherwise copy and free every text and feature vector once more. */
static void
bind_static_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  sqlite3_bind_text (stmt, index, text != NULL ? text : "", -1, SQLITE_STATIC);
}

static void
bind_static_features (sqlite3_stmt *stmt,
                      int           index,
                      const float  *features,
                      gsize         n_features)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (features != NULL && n_features > 0)
    {
      sqlite3_bind_blob (stmt, index, features, n_features * sizeof (float), SQLITE_STATIC);
      return;
    }
#endif
  bind_features (stmt, index, features, n_features);
}

void
_sl_store_bind_screening (sqlite3_stmt            *stmt,
                          int                      offset,
                          const SlScreeningRecord *record,
                          gint64                   now)
{
  sqlite3_bind_int64 (stmt, offset + 1, record->job_id);
  sqlite3_bind_int64 (stmt, offset + 2, record->candidate_id);
  sqlite3_bind_double (stmt, offset + 3, record->score);
  sqlite3_bind_double (stmt, offset + 4, record->similarity);
  sqlite3_bind_double (stmt, offset + 5, record->skill_coverage);
  sqlite3_bind_double (stmt, offset + 6, record->mandatory_coverage);
  sqlite3_bind_double (stmt, offset + 7, record->preferred_coverage);
  sqlite3_bind_double (stmt, offset + 8, record->experience_fit);
  sqlite3_bind_double (stmt, offset + 9, record->education_fit);
  bind_optional_double (stmt, offset + 10, record->classifier);
  bind_optional_double (stmt, offset + 11, record->shadow_classifier);
  bind_optional_id (stmt, offset + 12, record->shadow_model_id);
  bind_static_text (stmt, offset + 13, record->decision);
  sqlite3_bind_double (stmt, offset + 14, record->threshold);
  bind_optional_id (stmt, offset + 15, record->model_id);
  bind_static_text (stmt, offset + 16, record->embedder);
  bind_static_text (stmt, offset + 17, record->explanation_json != NULL ? record->explanation_json : "{}");
  bind_static_features (stmt, offset + 18, record->features, record->n_features);
  sqlite3_bind_int64 (stmt, offset + 19, now);
  sqlite3_bind_int (stmt, offset + 20, record->features_partial && record->features != NULL);
  bind_optional_id (stmt, offset + 21, record->job_embedding_id);
}

gboolean
_sl_store_next_screening_id (SlStore  *self,
                             gint64   *id,
                             GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  /* Above every row, and at or above every job's mark, even when the rows
   * of the latest runs were erased since: a new row is never taken for
   * one of an earlier run. */
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT max ((SELECT coalesce (max (id), 0) + 1 FROM screenings),"
                                  " (SELECT coalesce (max (first_id), 1) FROM screening_runs))",
                                  error)) ||
      !_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  *id = has_row ? sqlite3_column_int64 (stmt, 0) : 1;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Validates and inserts one screening, retiring the pair's current one.
 * Call with the lock held, inside a transaction. */
gint64
_sl_store_insert_screening (SlStore                 *self,
                            const SlScreeningRecord *record,
                            gboolean                 audit,
                            gboolean                 retire,
                            GError                 **error)
{
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;
  gint64 id;

  if (!_sl_store_check_screening (record, error))
    return 0;
  if (retire && !_sl_store_retire_screening (self, record->job_id, record->candidate_id, error))
    return 0;

  if (!_sl_store_next_screening_id (self, &id, error))
    return 0;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO screenings (" SL_STORE_SCREENING_COLUMNS ", id)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
                                  " ?14, ?15, ?16, ?17, ?18, 1, ?19, ?20, ?21, ?22)", error)))
    return 0;
  _sl_store_bind_screening (stmt, 0, record, _sl_store_now ());
  sqlite3_bind_int64 (stmt, SL_STORE_SCREENING_PARAMETERS + 1, id);
  ok = _sl_store_step_done (self, stmt, error);
  sqlite3_clear_bindings (stmt);
  if (!ok)
    return 0;
  if (!audit)
    return id;

  detail = g_strdup_printf ("{\"job_id\":%" G_GINT64_FORMAT ",\"candidate_id\":%" G_GINT64_FORMAT "}",
                            record->job_id, record->candidate_id);
  if (!_sl_store_audit (self, "screening.add", "screening", id, detail, error))
    return 0;
  return id;
}

gint64
sl_store_add_screening (SlStore                 *self,
                        const SlScreeningRecord *record,
                        GError                 **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 id;

  g_return_val_if_fail (SL_IS_STORE (self), 0);
  g_return_val_if_fail (record != NULL, 0);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return 0;
  if (!(id = _sl_store_insert_screening (self, record, TRUE, TRUE, error)) ||
      !_sl_store_commit (self, error))
    {
      _sl_store_rollback (self);
      return 0;
    }

  _sl_store_queue_changed (self, SL_STORE_CHANGED_SCREENINGS);
  return id;
}

static float *
features_from_blob (const guint8 *blob,
                    int           bytes,
                    gsize        *n)
{
  float *features;

  *n = 0;
  if (blob == NULL || bytes <= 0 || bytes % 4 != 0 || bytes / 4 > MAX_FEATURES)
    return NULL;
  *n = bytes / 4;
  features = g_new (float, *n);
  for (gsize j = 0; j < *n; j++)
    {
      guint32 bits;

      memcpy (&bits, blob + 4 * j, sizeof bits);
      bits = GUINT32_FROM_LE (bits);
      memcpy (&features[j], &bits, sizeof bits);
    }
  return features;
}

/* The classifier features of a screening for its review. A screening of
 * schema 1 stored them all; a newer one stores the scalar ones and the job
 * vector it used, and the embedding part is made here from that vector and
 * the candidate's stored one (zeros without one, as screening does). NULL
 * (not trainable) when they cannot be made. */
static gboolean
review_features (SlStore  *self,
                 gint64    screening_id,
                 float   **out,
                 gsize    *n_out,
                 GError  **error)
{
  g_autofree float *stored = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean partial;
  gsize n = 0;
  guint dimension = 0;
  gboolean has_candidate;

  *out = NULL;
  *n_out = 0;
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT s.features, s.features_partial, j.dimension, j.vector,"
                                  " e.vector"
                                  " FROM screenings s"
                                  " LEFT JOIN job_embeddings j ON j.id = s.job_embedding_id"
                                  " LEFT JOIN candidate_embeddings e ON e.candidate_id = s.candidate_id"
                                  "  AND e.model = s.embedder AND e.dimension = j.dimension"
                                  " WHERE s.id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, screening_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  stored = features_from_blob (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), &n);
  partial = sqlite3_column_int (stmt, 1) != 0;
  if (!partial || stored == NULL)
    {
      sqlite3_reset (stmt);
      *out = g_steal_pointer (&stored);
      *n_out = n;
      return TRUE;
    }

  dimension = sqlite3_column_int (stmt, 2);
  has_candidate = sqlite3_column_bytes (stmt, 4) == (int)(dimension * sizeof (float));
  if (n != SL_SCREENING_N_SCALAR_FEATURES || dimension == 0 ||
      sqlite3_column_bytes (stmt, 3) != (int)(dimension * sizeof (float)) ||
      sl_screening_n_features (dimension) > MAX_FEATURES)
    {
      g_debug ("Screening %" G_GINT64_FORMAT " has no job vector: its review cannot train",
               screening_id);
      sqlite3_reset (stmt);
      return TRUE;
    }
  *n_out = sl_screening_n_features (dimension);
  *out = g_new (float, *n_out);
  sl_screening_expand_features (stored, sqlite3_column_blob (stmt, 3),
                                has_candidate ? sqlite3_column_blob (stmt, 4) : NULL,
                                dimension, *out);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Inserts or changes the review of a screening, inside a transaction. */
static gint64
review_screening_locked (SlStore     *self,
                         gint64       screening_id,
                         const char  *decision,
                         const char  *notes,
                         GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *detail = NULL;
  g_autofree char *old_decision = NULL;
  g_autofree char *machine_decision = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 review_id = 0;
  gint64 model_id;
  gint64 now = _sl_store_now ();

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT s.decision, r.id, r.decision, coalesce (s.model_id, 0) FROM screenings s"
                                  " LEFT JOIN reviews r ON r.screening_id = s.id WHERE s.id = ?1", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, screening_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return 0;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no screening result %" G_GINT64_FORMAT), screening_id);
      return 0;
    }
  machine_decision = g_strdup (_sl_store_column_text (stmt, 0));
  model_id = sqlite3_column_int64 (stmt, 3);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      review_id = sqlite3_column_int64 (stmt, 1);
      old_decision = g_strdup (_sl_store_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);

  if (review_id == 0)
    {
      g_autofree float *features = NULL;
      gsize n_features = 0;

      /* The result becomes training data now: its features are frozen. */
      if (!review_features (self, screening_id, &features, &n_features, error))
        return 0;
      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO reviews (screening_id, job_id, candidate_id, decision,"
                                      " machine_decision, notes, model_id, features, needs_training,"
                                      " created_at, updated_at)"
                                      " SELECT id, job_id, candidate_id, ?2, decision, ?3, model_id,"
                                      " ?5, 1, ?4, ?4 FROM screenings WHERE id = ?1", error)))
        return 0;
      sqlite3_bind_int64 (stmt, 1, screening_id);
      _sl_store_bind_text (stmt, 2, decision);
      _sl_store_bind_text (stmt, 3, notes);
      sqlite3_bind_int64 (stmt, 4, now);
      bind_features (stmt, 5, features, n_features);
      if (!_sl_store_step_done (self, stmt, error))
        return 0;
      review_id = sqlite3_last_insert_rowid (_sl_store_get_db (self));
    }
  else
    {
      /* A changed decision is a correction: the sample must be learnt again. */
      if (!(stmt = _sl_store_prepare (self,
                                      "UPDATE reviews SET decision = ?2,"
                                      " notes = CASE WHEN ?3 IS NULL THEN notes ELSE ?3 END,"
                                      " needs_training = CASE WHEN decision <> ?2 THEN 1 ELSE needs_training END,"
                                      " updated_at = ?4 WHERE id = ?1", error)))
        return 0;
      sqlite3_bind_int64 (stmt, 1, review_id);
      _sl_store_bind_text (stmt, 2, decision);
      if (notes != NULL)
        _sl_store_bind_text (stmt, 3, notes);
      else
        sqlite3_bind_null (stmt, 3);
      sqlite3_bind_int64 (stmt, 4, now);
      if (!_sl_store_step_done (self, stmt, error))
        return 0;
    }

  /* The audit row keeps the history of decisions, never the notes. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "screening_id");
  json_builder_add_int_value (builder, screening_id);
  if (old_decision != NULL)
    {
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, old_decision);
    }
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, decision);
  json_builder_set_member_name (builder, "agrees");
  json_builder_add_boolean_value (builder, g_strcmp0 (machine_decision, decision) == 0);
  /* The model version whose result was reviewed. */
  json_builder_set_member_name (builder, "model_id");
  if (model_id > 0)
    json_builder_add_int_value (builder, model_id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  detail = build_json (builder);
  if (!_sl_store_audit (self, old_decision != NULL ? "review.change" : "review.add",
                        "review", review_id, detail, error))
    return 0;

  return review_id;
}

gint64
sl_store_review_screening (SlStore     *self,
                           gint64       screening_id,
                           const char  *decision,
                           const char  *notes,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gint64 review_id;

  g_return_val_if_fail (SL_IS_STORE (self), 0);

  if (!check_decision (decision, error))
    return 0;
  if (notes != NULL && !g_utf8_validate (notes, -1, NULL))
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                           _("The notes are not UTF-8 text"));
      return 0;
    }

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return 0;
  if (!(review_id = review_screening_locked (self, screening_id, decision, notes, error)) ||
      !_sl_store_commit (self, error))
    {
      _sl_store_rollback (self);
      return 0;
    }

  _sl_store_queue_changed (self, SL_STORE_CHANGED_REVIEWS);
  return review_id;
}

gboolean
sl_store_delete_review (SlStore  *self,
                        gint64    review_id,
                        GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *decision = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 screening_id = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT coalesce (screening_id, 0), decision FROM reviews WHERE id = ?1",
                                  error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, review_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no review %" G_GINT64_FORMAT), review_id);
      goto failed;
    }
  screening_id = sqlite3_column_int64 (stmt, 0);
  decision = g_strdup (_sl_store_column_text (stmt, 1));
  sqlite3_reset (stmt);

  if (!(stmt = _sl_store_prepare (self, "DELETE FROM reviews WHERE id = ?1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, review_id);
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;

  detail = g_strdup_printf ("{\"screening_id\":%" G_GINT64_FORMAT ",\"decision\":\"%s\"}",
                            screening_id, g_str_equal (decision, "shortlist") ? "shortlist" : "reject");
  if (!_sl_store_audit (self, "review.undo", "review", review_id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_REVIEWS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

GPtrArray *
sl_store_list_review_queue (SlStore  *self,
                            gint64    job_id,
                            guint     limit,
                            guint    *remaining,
                            GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_review_item_free);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (remaining != NULL)
    {
      if (!(stmt = _sl_store_prepare (self,
                                      "SELECT count(*) FROM screenings s"
                                      " WHERE " SL_STORE_SCREENING_IS_CURRENT ("s", "s.job_id")
                                      " AND (?1 = 0 OR s.job_id = ?1)"
                                      " AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.screening_id = s.id"
                                      "                 OR (r.job_id = s.job_id AND r.candidate_id = s.candidate_id))",
                                      error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 1, job_id);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      *remaining = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_reset (stmt);
    }

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT s.id, s.job_id, s.candidate_id, s.score, s.threshold, s.decision,"
                                  " s.explanation, coalesce (s.model_id, 0), s.similarity, s.education_fit,"
                                  " s.classifier FROM screenings s"
                                  " WHERE " SL_STORE_SCREENING_IS_CURRENT ("s", "s.job_id")
                                      " AND (?1 = 0 OR s.job_id = ?1)"
                                  " AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.screening_id = s.id"
                                  "                 OR (r.job_id = s.job_id AND r.candidate_id = s.candidate_id))"
                                  " ORDER BY abs (s.score - s.threshold), s.id LIMIT ?2", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64)limit : -1);
  while (TRUE)
    {
      SlReviewItem *item;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      item = g_new0 (SlReviewItem, 1);
      item->screening_id = sqlite3_column_int64 (stmt, 0);
      item->job_id = sqlite3_column_int64 (stmt, 1);
      item->candidate_id = sqlite3_column_int64 (stmt, 2);
      item->score = sqlite3_column_double (stmt, 3);
      item->threshold = sqlite3_column_double (stmt, 4);
      item->decision = g_strdup (_sl_store_column_text (stmt, 5));
      item->explanation_json = g_strdup (_sl_store_column_text (stmt, 6));
      item->model_id = sqlite3_column_int64 (stmt, 7);
      item->similarity = sqlite3_column_double (stmt, 8);
      item->education_fit = sqlite3_column_double (stmt, 9);
      item->classifier = sqlite3_column_type (stmt, 10) == SQLITE_NULL
                           ? NAN : sqlite3_column_double (stmt, 10);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&items);
}

static gboolean
resolve_candidate (SlStore                   *self,
                   const SlTrainingImportRow *row,
                   gint64                    *candidate_id,
                   GError                   **error)
{
  g_autofree char *base = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gboolean exists;

  if (row->candidate_id > 0)
    {
      if (!row_exists (self, "SELECT 1 FROM candidates WHERE id = ?1", row->candidate_id, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                       _("Line %u: there is no candidate %" G_GINT64_FORMAT),
                       row->line, row->candidate_id);
          return FALSE;
        }
      *candidate_id = row->candidate_id;
      return TRUE;
    }

  if (row->resume_file == NULL || row->resume_file[0] == '\0')
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("Line %u names neither a candidate nor a resume file"), row->line);
      return FALSE;
    }

  /* Match the file's base name against the imported documents; it must be unambiguous. */
  base = g_path_get_basename (row->resume_file);
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT c.id FROM candidates c JOIN documents d ON d.id = c.document_id"
                                  " WHERE d.filename = ?1 ORDER BY c.id LIMIT 2", error)))
    return FALSE;
  _sl_store_bind_text (stmt, 1, base);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("Line %u: no imported resume is called “%s”"), row->line, base);
      return FALSE;
    }
  *candidate_id = sqlite3_column_int64 (stmt, 0);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("Line %u: several candidates have a resume called “%s”; use the candidate id"),
                   row->line, base);
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_store_import_reviews (SlStore                   *self,
                         const SlTrainingImportRow *rows,
                         gsize                      n_rows,
                         guint                     *n_with_features,
                         GError                   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  guint with_features = 0;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (rows != NULL || n_rows == 0, FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  for (gsize i = 0; i < n_rows; i++)
    {
      const SlTrainingImportRow *row = &rows[i];
      sqlite3_stmt *stmt;
      gboolean has_row;
      gboolean exists;
      gint64 candidate_id = 0;
      gint64 screening_id = 0;
      gboolean has_features = FALSE;

      if (!valid_decision (row->decision))
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("Line %u: the decision must be “shortlist” or “reject”, not “%s”"),
                       row->line, row->decision != NULL ? row->decision : "");
          goto failed;
        }
      if (!row_exists (self, "SELECT 1 FROM jobs WHERE id = ?1", row->job_id, &exists, error))
        goto failed;
      if (!exists)
        {
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                       _("Line %u: there is no job %" G_GINT64_FORMAT), row->line, row->job_id);
          goto failed;
        }
      if (!resolve_candidate (self, row, &candidate_id, error))
        goto failed;

      /* Attach the label to the screening a person reviewed already (a
       * later screening of the pair does not make it a new sample), else
       * to the pair's current screening, whose features make it trainable. */
      if (!(stmt = _sl_store_prepare (self,
                                      "SELECT s.id, s.features IS NOT NULL AND"
                                      " (s.features_partial = 0 OR s.job_embedding_id IS NOT NULL)"
                                      " FROM screenings s"
                                      " LEFT JOIN reviews r ON r.screening_id = s.id"
                                      " WHERE s.job_id = ?1 AND s.candidate_id = ?2"
                                      " AND (" SL_STORE_SCREENING_IS_CURRENT ("s", "?1")
                                      "  OR r.id IS NOT NULL)"
                                      " ORDER BY r.id IS NOT NULL DESC, s.id DESC LIMIT 1", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, row->job_id);
      sqlite3_bind_int64 (stmt, 2, candidate_id);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (has_row)
        {
          screening_id = sqlite3_column_int64 (stmt, 0);
          has_features = sqlite3_column_int (stmt, 1) != 0;
        }
      sqlite3_reset (stmt);

      if (screening_id > 0)
        {
          if (!review_screening_locked (self, screening_id, row->decision, NULL, error))
            {
              g_prefix_error (error, _("Line %u: "), row->line);
              goto failed;
            }
          if (has_features)
            with_features++;
          continue;
        }

      if (!(stmt = _sl_store_prepare (self,
                                      "INSERT INTO reviews (job_id, candidate_id, decision, notes,"
                                      " needs_training, created_at, updated_at)"
                                      " VALUES (?1, ?2, ?3, '', 1, ?4, ?4)", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, row->job_id);
      sqlite3_bind_int64 (stmt, 2, candidate_id);
      _sl_store_bind_text (stmt, 3, row->decision);
      sqlite3_bind_int64 (stmt, 4, _sl_store_now ());
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  detail = g_strdup_printf ("{\"rows\":%" G_GSIZE_FORMAT ",\"with_features\":%u}", n_rows, with_features);
  if (!_sl_store_audit (self, "review.import", "review", 0, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  if (n_with_features != NULL)
    *n_with_features = with_features;
  _sl_store_queue_changed (self, SL_STORE_CHANGED_REVIEWS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

typedef struct
{
  gint64  review_id;
  gint64  job_id;
  gint64  candidate_id;
  gint64  reviewed_at;
  double  confidence;
  guint8  label;
  gsize   dim;
  float  *features;
} Sample;

static void
sample_clear (gpointer data)
{
  Sample *sample = data;

  g_free (sample->features);
}

SlTrainingSet *
sl_store_load_training_set (SlStore                *self,
                            const SlTrainingFilter *filter,
                            GError                **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  g_autoptr(SlTrainingSet) set = g_new0 (SlTrainingSet, 1);
  SlTrainingFilter no_filter = { 0 };
  sqlite3_stmt *stmt;
  gboolean has_row;
  gsize dim = 0;
  gsize k = 0;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  if (filter == NULL)
    filter = &no_filter;
  g_array_set_clear_func (samples, sample_clear);

  /* Confidence is how sure the machine was: 2 · |p − ½| of the classifier's
   * probability, or of score / 100 without a classifier; a label with no
   * screening behind it (imported) counts as certain. */
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT r.id, r.job_id, r.candidate_id, r.updated_at,"
                                  " r.decision = 'shortlist', r.features,"
                                  " CASE WHEN s.id IS NULL THEN 1.0"
                                  "  WHEN s.classifier IS NOT NULL THEN 2 * abs (s.classifier - 0.5)"
                                  "  ELSE 2 * abs (s.score / 100.0 - 0.5) END"
                                  " FROM reviews r LEFT JOIN screenings s ON s.id = r.screening_id"
                                  " WHERE r.updated_at >= ?1 AND (?2 = 0 OR r.job_id = ?2)"
                                  " ORDER BY r.id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, filter->since);
  sqlite3_bind_int64 (stmt, 2, filter->job_id);

  while (TRUE)
    {
      Sample sample = { 0 };
      const guint8 *blob;
      int bytes;

      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      blob = sqlite3_column_blob (stmt, 5);
      bytes = sqlite3_column_bytes (stmt, 5);
      sample.confidence = sqlite3_column_double (stmt, 6);
      if (sample.confidence < filter->min_confidence)
        continue;
      if (blob == NULL || bytes <= 0 || bytes % 4 != 0 || bytes / 4 > MAX_FEATURES)
        {
          set->skipped++;
          continue;
        }
      sample.review_id = sqlite3_column_int64 (stmt, 0);
      sample.job_id = sqlite3_column_int64 (stmt, 1);
      sample.candidate_id = sqlite3_column_int64 (stmt, 2);
      sample.reviewed_at = sqlite3_column_int64 (stmt, 3);
      sample.label = sqlite3_column_int (stmt, 4) != 0;
      sample.dim = bytes / 4;
      sample.features = g_new (float, sample.dim);
      for (gsize j = 0; j < sample.dim; j++)
        {
          guint32 bits;

          memcpy (&bits, blob + 4 * j, sizeof bits);
          bits = GUINT32_FROM_LE (bits);
          memcpy (&sample.features[j], &bits, sizeof bits);
        }
      g_array_append_val (samples, sample);
    }
  sqlite3_reset (stmt);

  /* Train on the layout of the newest sample: older layouts cannot be mixed in. */
  if (samples->len > 0)
    dim = g_array_index (samples, Sample, samples->len - 1).dim;
  for (guint i = 0; i < samples->len; i++)
    {
      if (g_array_index (samples, Sample, i).dim == dim)
        set->n++;
      else
        set->skipped++;
    }

  set->d = dim;
  set->x = g_new (float, MAX (set->n * dim, 1));
  set->y = g_new (guint8, MAX (set->n, 1));
  set->review_ids = g_new (gint64, MAX (set->n, 1));
  set->job_ids = g_new (gint64, MAX (set->n, 1));
  set->candidate_ids = g_new (gint64, MAX (set->n, 1));
  set->reviewed_at = g_new (gint64, MAX (set->n, 1));
  set->confidence = g_new (double, MAX (set->n, 1));
  for (guint i = 0; i < samples->len; i++)
    {
      Sample *sample = &g_array_index (samples, Sample, i);

      if (sample->dim != dim)
        continue;
      memcpy (set->x + k * dim, sample->features, dim * sizeof (float));
      set->y[k] = sample->label;
      set->review_ids[k] = sample->review_id;
      set->job_ids[k] = sample->job_id;
      set->candidate_ids[k] = sample->candidate_id;
      set->reviewed_at[k] = sample->reviewed_at;
      set->confidence[k] = sample->confidence;
      k++;
    }

  return g_steal_pointer (&set);
}

gboolean
sl_store_get_training_status (SlStore          *self,
                              guint             threshold,
                              SlTrainingStatus *status,
                              GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  double fraction;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);
  status->threshold = threshold;

  /* Only reviews with features are samples: an imported label waits for its screening. */
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT count(*), coalesce (sum (decision = 'shortlist'), 0),"
                                  " coalesce (sum (needs_training), 0)"
                                  " FROM reviews WHERE features IS NOT NULL", error)))
    return FALSE;
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      status->total_samples = sqlite3_column_int64 (stmt, 0);
      status->positive_samples = sqlite3_column_int64 (stmt, 1);
      status->new_samples = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  status->negative_samples = status->total_samples - status->positive_samples;
  status->samples_needed = status->total_samples >= threshold ? 0 : threshold - status->total_samples;
  status->ready_for_training = status->total_samples >= threshold &&
                               status->positive_samples > 0 && status->negative_samples > 0;
  fraction = status->total_samples > 0
    ? (double)status->positive_samples / status->total_samples : 0.5;
  status->imbalanced = status->total_samples > 0 && (fraction < 0.4 || fraction > 0.6);
  return TRUE;
}

static char *
sample_ids_json (const gint64 *ids,
                 gsize         n)
{
  GString *out = g_string_new ("[");

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static gboolean
get_active_id_locked (SlStore  *self,
                      gint64   *active_id,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  *active_id = 0;
  if (!(stmt = _sl_store_prepare (self, "SELECT id FROM model_versions WHERE active = 1", error)) ||
      !_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *active_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Makes version_id the active one and writes the audit row; inside a transaction. */
static gboolean
activate_locked (SlStore     *self,
                 gint64       version_id,
                 const char  *action,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gint64 previous;
  gboolean exists;

  if (!row_exists (self, "SELECT 1 FROM model_versions WHERE id = ?1", version_id, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no model version %" G_GINT64_FORMAT), version_id);
      return FALSE;
    }
  if (!get_active_id_locked (self, &previous, error))
    return FALSE;

  /* A version cannot shadow itself: activating the shadow ends shadow mode. */
  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE model_versions SET active = 0 WHERE active = 1", error)) ||
      !_sl_store_step_done (self, stmt, error))
    return FALSE;
  if (!(stmt = _sl_store_prepare (self,
                                  "UPDATE model_versions SET active = 1, shadow = 0 WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!_sl_store_step_done (self, stmt, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  if (previous > 0)
    json_builder_add_int_value (builder, previous);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_int_value (builder, version_id);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason != NULL ? reason : "");
  json_builder_end_object (builder);
  detail = build_json (builder);
  return _sl_store_audit (self, action, "model_version", version_id, detail, error);
}

gint64
sl_store_add_model_version (SlStore      *self,
                            const char   *kind,
                            const char   *feature_spec,
                            GBytes       *parameters,
                            const char   *metrics_json,
                            const gint64 *sample_ids,
                            gsize         n_samples,
                            gint64        parent_id,
                            const char   *reason,
                            gboolean      activate,
                            GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *ids_json = NULL;
  sqlite3_stmt *stmt;
  gconstpointer data;
  gsize size;
  gint64 id;

  g_return_val_if_fail (SL_IS_STORE (self), 0);
  g_return_val_if_fail (kind != NULL && feature_spec != NULL && metrics_json != NULL, 0);
  g_return_val_if_fail (parameters != NULL, 0);
  g_return_val_if_fail (sample_ids != NULL || n_samples == 0, 0);

  ids_json = sample_ids_json (sample_ids, n_samples);
  data = g_bytes_get_data (parameters, &size);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return 0;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO model_versions (kind, feature_spec, parameters, metrics,"
                                  " sample_ids, parent_id, reason, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error)))
    goto failed;
  _sl_store_bind_text (stmt, 1, kind);
  _sl_store_bind_text (stmt, 2, feature_spec);
  sqlite3_bind_blob (stmt, 3, size > 0 ? data : "", size, SQLITE_TRANSIENT);
  _sl_store_bind_text (stmt, 4, metrics_json);
  _sl_store_bind_text (stmt, 5, ids_json);
  bind_optional_id (stmt, 6, parent_id);
  _sl_store_bind_text (stmt, 7, reason);
  sqlite3_bind_int64 (stmt, 8, _sl_store_now ());
  if (!_sl_store_step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (_sl_store_get_db (self));

  for (gsize i = 0; i < n_samples; i++)
    {
      if (!(stmt = _sl_store_prepare (self, "UPDATE reviews SET needs_training = 0 WHERE id = ?1", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, sample_ids[i]);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  if (!_sl_store_audit (self, "model.add", "model_version", id, NULL, error))
    goto failed;
  if (activate && !activate_locked (self, id, "model.activate", reason, error))
    goto failed;
  if (!_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_MODELS);
  return id;

failed:
  _sl_store_rollback (self);
  return 0;
}

#define VERSION_COLUMNS \
  "id, kind, feature_spec, metrics, sample_ids, coalesce (parent_id, 0), active, shadow, reason," \
  " created_at, parameters"

static SlModelVersion *
read_version (sqlite3_stmt *stmt,
              gboolean      with_parameters)
{
  SlModelVersion *version = g_new0 (SlModelVersion, 1);

  version->id = sqlite3_column_int64 (stmt, 0);
  version->kind = g_strdup (_sl_store_column_text (stmt, 1));
  version->feature_spec = g_strdup (_sl_store_column_text (stmt, 2));
  version->metrics_json = g_strdup (_sl_store_column_text (stmt, 3));
  version->sample_ids_json = g_strdup (_sl_store_column_text (stmt, 4));
  version->parent_id = sqlite3_column_int64 (stmt, 5);
  version->active = sqlite3_column_int (stmt, 6) != 0;
  version->shadow = sqlite3_column_int (stmt, 7) != 0;
  version->reason = g_strdup (_sl_store_column_text (stmt, 8));
  version->created_at = sqlite3_column_int64 (stmt, 9);
  if (with_parameters)
    version->parameters = g_bytes_new (sqlite3_column_blob (stmt, 10), sqlite3_column_bytes (stmt, 10));
  return version;
}

GPtrArray *
sl_store_list_model_versions (SlStore  *self,
                              GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) versions =
    g_ptr_array_new_with_free_func ((GDestroyNotify)sl_model_version_free);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT " VERSION_COLUMNS " FROM model_versions ORDER BY id DESC", error)))
    return NULL;
  while (TRUE)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (versions, read_version (stmt, FALSE));
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&versions);
}

SlModelVersion *
sl_store_get_model_version (SlStore  *self,
                            gint64    version_id,
                            GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  SlModelVersion *version;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT " VERSION_COLUMNS " FROM model_versions WHERE id = ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, version_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                   _("There is no model version %" G_GINT64_FORMAT), version_id);
      return NULL;
    }
  version = read_version (stmt, TRUE);
  sqlite3_reset (stmt);
  return version;
}

gboolean
sl_store_get_active_model_version (SlStore         *self,
                                   SlModelVersion **version,
                                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  *version = NULL;
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT " VERSION_COLUMNS " FROM model_versions WHERE active = 1", error)))
    return FALSE;
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *version = read_version (stmt, TRUE);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sl_store_activate_model_version (SlStore     *self,
                                 gint64       version_id,
                                 const char  *reason,
                                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;
  if (!activate_locked (self, version_id, "model.activate", reason, error) ||
      !_sl_store_commit (self, error))
    {
      _sl_store_rollback (self);
      return FALSE;
    }
  _sl_store_queue_changed (self, SL_STORE_CHANGED_MODELS);
  return TRUE;
}

gint64
sl_store_rollback_model (SlStore  *self,
                         GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 active;
  gint64 previous = 0;

  g_return_val_if_fail (SL_IS_STORE (self), 0);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return 0;
  if (!get_active_id_locked (self, &active, error))
    goto failed;
  if (active == 0)
    {
      g_set_error_literal (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                           _("No model version is active, so there is nothing to roll back"));
      goto failed;
    }

  /* The activation that made the active version active names its predecessor.
   * Rollbacks are not activations, so repeated rollbacks walk further back. */
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT coalesce (json_extract (a.detail, '$.from'), 0) FROM audit_log a"
                                  " WHERE a.action = 'model.activate' AND a.subject_id = ?1"
                                  " ORDER BY a.id DESC LIMIT 1", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, active);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    goto failed;
  if (has_row)
    previous = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (previous > 0)
    {
      gboolean exists;

      if (!row_exists (self, "SELECT 1 FROM model_versions WHERE id = ?1", previous, &exists, error))
        goto failed;
      if (!exists)
        previous = 0;
    }
  if (previous == 0 || previous == active)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                   _("Version %" G_GINT64_FORMAT " has no earlier active version to roll back to"),
                   active);
      goto failed;
    }

  if (!activate_locked (self, previous, "model.rollback", NULL, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_MODELS);
  return previous;

failed:
  _sl_store_rollback (self);
  return 0;
}

gboolean
sl_store_set_shadow_model (SlStore  *self,
                           gint64    version_id,
                           GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!_sl_store_begin (self, error))
    return FALSE;

  if (version_id > 0)
    {
      gboolean has_row;

      if (!(stmt = _sl_store_prepare (self, "SELECT active FROM model_versions WHERE id = ?1", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, version_id);
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        goto failed;
      if (!has_row)
        {
          sqlite3_reset (stmt);
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_NOT_FOUND,
                       _("There is no model version %" G_GINT64_FORMAT), version_id);
          goto failed;
        }
      if (sqlite3_column_int (stmt, 0) != 0)
        {
          sqlite3_reset (stmt);
          g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_INVALID,
                       _("Version %" G_GINT64_FORMAT " is the active one; a shadow runs beside it"),
                       version_id);
          goto failed;
        }
      sqlite3_reset (stmt);
    }

  if (!(stmt = _sl_store_prepare (self, "UPDATE model_versions SET shadow = 0 WHERE shadow = 1", error)) ||
      !_sl_store_step_done (self, stmt, error))
    goto failed;
  if (version_id > 0)
    {
      if (!(stmt = _sl_store_prepare (self, "UPDATE model_versions SET shadow = 1 WHERE id = ?1", error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, version_id);
      if (!_sl_store_step_done (self, stmt, error))
        goto failed;
    }

  detail = g_strdup_printf ("{\"shadow\":%" G_GINT64_FORMAT "}", MAX (version_id, 0));
  if (!_sl_store_audit (self, version_id > 0 ? "model.shadow" : "model.shadow_off",
                        "model_version", version_id, detail, error) ||
      !_sl_store_commit (self, error))
    goto failed;

  _sl_store_queue_changed (self, SL_STORE_CHANGED_MODELS);
  return TRUE;

failed:
  _sl_store_rollback (self);
  return FALSE;
}

gboolean
sl_store_get_shadow_model_id (SlStore  *self,
                              gint64   *shadow_id,
                              GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (shadow_id != NULL, FALSE);

  *shadow_id = 0;
  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT id FROM model_versions WHERE shadow = 1", error)) ||
      !_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *shadow_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
sl_store_get_shadow_stats (SlStore       *self,
                           gint64         shadow_id,
                           SlShadowStats *stats,
                           GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  stats->shadow_id = shadow_id;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT count(*),"
                                  " coalesce (sum ((s.classifier >= 0.5) = (s.shadow_classifier >= 0.5)), 0),"
                                  " coalesce (sum (r.id IS NOT NULL), 0),"
                                  " coalesce (sum (r.id IS NOT NULL AND"
                                  "  (s.classifier >= 0.5) = (r.decision = 'shortlist')), 0),"
                                  " coalesce (sum (r.id IS NOT NULL AND"
                                  "  (s.shadow_classifier >= 0.5) = (r.decision = 'shortlist')), 0)"
                                  " FROM screenings s LEFT JOIN reviews r ON r.screening_id = s.id"
                                  " WHERE s.shadow_model_id = ?1 AND s.classifier IS NOT NULL"
                                  " AND s.shadow_classifier IS NOT NULL", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, shadow_id);
  if (!_sl_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      stats->compared = sqlite3_column_int64 (stmt, 0);
      stats->agreed = sqlite3_column_int64 (stmt, 1);
      stats->reviewed = sqlite3_column_int64 (stmt, 2);
      stats->champion_correct = sqlite3_column_int64 (stmt, 3);
      stats->shadow_correct = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  return TRUE;
}
