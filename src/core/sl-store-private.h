/* sl-store-private.h: helpers shared by the sl-store*.c files, the only
 * code that speaks SQL. Nothing outside src/core/sl-store*.c includes this.
 */
#pragma once

#include <sqlite3.h>

#include "sl-store.h"
#include "sl-store-models.h"

G_BEGIN_DECLS

GMutex       *_sl_store_get_mutex      (SlStore       *self);
sqlite3      *_sl_store_get_db         (SlStore       *self);
/* The store's query-only second connection (itself an SlStore with its own
 * mutex), or the store itself when it has none. Reads through it see the
 * last committed state and never wait for a write transaction. */
SlStore      *_sl_store_get_reader     (SlStore       *self);
/* A cached prepared statement, reset and with cleared bindings. Do not finalize. */
sqlite3_stmt *_sl_store_prepare        (SlStore       *self,
                                        const char    *sql,
                                        GError       **error);
gboolean      _sl_store_exec           (SlStore       *self,
                                        const char    *sql,
                                        GError       **error);
/* Steps a statement that returns no row, then resets it. */
gboolean      _sl_store_step_done      (SlStore       *self,
                                        sqlite3_stmt  *stmt,
                                        GError       **error);
/* Steps once: TRUE with *has_row set, or FALSE with error. */
gboolean      _sl_store_step_row       (SlStore       *self,
                                        sqlite3_stmt  *stmt,
                                        gboolean      *has_row,
                                        GError       **error);
gboolean      _sl_store_begin          (SlStore       *self,
                                        GError       **error);
gboolean      _sl_store_commit         (SlStore       *self,
                                        GError       **error);
void          _sl_store_rollback       (SlStore       *self);
/* Appends an audit row; detail_json may be NULL. Call inside a transaction. */
gboolean      _sl_store_audit          (SlStore       *self,
                                        const char    *action,
                                        const char    *subject_kind,
                                        gint64         subject_id,
                                        const char    *detail_json,
                                        GError       **error);
/* Emits "changed::<what>" on the store's owner context once the write committed. */
/* After a write that left a large WAL (its connection's automatic
 * checkpoint turned off): copies it into the database on another thread,
 * off the writer's path. */
void          _sl_store_checkpoint_soon (SlStore      *self);
/* For tests: returns when the checkpoint under way, if any, is done. */
void          _sl_store_wait_for_checkpoint (SlStore    *self);
void          _sl_store_queue_changed  (SlStore       *self,
                                        const char    *what);
/* Turns the last SQLite error into a GError. */
void          _sl_store_set_error      (SlStore       *self,
                                        GError       **error);
gint64        _sl_store_now            (void);
/* Binds text (NULL binds ''), copying it. */
void          _sl_store_bind_text      (sqlite3_stmt  *stmt,
                                        int            index,
                                        const char    *text);
const char   *_sl_store_column_text    (sqlite3_stmt  *stmt,
                                        int            index);

/* Validates and inserts one screening (sl-store-models.c). Call with the
 * lock held, inside a transaction. */
gboolean      _sl_store_retire_screening (SlStore                        *self,
                                          gint64                          job_id,
                                          gint64                          candidate_id,
                                          GError                        **error);
/* The columns _sl_store_bind_screening() binds, in its order; "current"
 * (always 1) comes between features and created_at. */
#define SL_STORE_SCREENING_COLUMNS \
  "job_id, candidate_id, score, similarity, skill_coverage, mandatory_coverage," \
  " preferred_coverage, experience_fit, education_fit, classifier, shadow_classifier," \
  " shadow_model_id, decision, threshold, model_id, embedder, explanation, features," \
  " current, created_at, features_partial, job_embedding_id"
#define SL_STORE_SCREENING_PARAMETERS 21
/* SQL true when screening row @s (an alias) is a current result of job
 * @job (an SQL expression: a parameter, or a column of the outer query):
 * flagged current and not of a run that a later whole run replaced (see
 * migration 5). With a constant @job, the index by (job_id, current)
 * reads the current results as one range. */
#define SL_STORE_SCREENING_IS_CURRENT(s, job) \
  "(" s ".current = 1 AND " s ".id >= coalesce ((SELECT first_id FROM screening_runs" \
  " WHERE job_id = " job "), 0))"
/* The id of the next screening row (see migration 5). */
gboolean      _sl_store_next_screening_id (SlStore                       *self,
                                           gint64                        *id,
                                           GError                       **error);
gboolean      _sl_store_check_screening  (const SlScreeningRecord        *record,
                                          GError                        **error);
/* Binds @record's values to parameters @offset + 1 … @offset + 21, its texts
 * and features without a copy: clear the bindings after the step. */
void          _sl_store_bind_screening   (sqlite3_stmt                   *stmt,
                                          int                             offset,
                                          const SlScreeningRecord        *record,
                                          gint64                          now);
gint64        _sl_store_insert_screening (SlStore                        *self,
                                          const SlScreeningRecord        *record,
                                          gboolean                        audit,
                                          gboolean                        retire,
                                          GError                        **error);

/* For tests: creates or upgrades a database file only up to @version. */
gboolean      _sl_store_migrate_file_to (const char   *path,
                                         int           version,
                                         GError      **error);

G_END_DECLS
