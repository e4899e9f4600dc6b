/* sl-store-screening-bulk.c: bulk reads and writes for screening. */
#define G_LOG_DOMAIN "sl-store"

#include "config.h"


#include "sl-store-private.h"
#include "sl-store-screening-bulk.h"

void
sl_screening_pool_free (SlScreeningPool *pool)
{
  if (pool == NULL)
    return;
  g_free (pool->ids);
  g_free (pool->years);
  g_free (pool->education);
  g_free (pool->skill_start);
  g_free (pool->skill_ids);
  g_free (pool->names);
  g_free (pool->headlines);
  g_free (pool->emails);
  if (pool->strings != NULL)
    g_string_chunk_free (pool->strings);
  g_free (pool);
}

static gboolean
step (SlStore      *self,
      sqlite3_stmt *stmt,
      gboolean     *has_row,
      GError      **error)
{
  if (_sl_store_step_row (self, stmt, has_row, error))
    return TRUE;
  sqlite3_reset (stmt);
  return FALSE;
}

/* Position of @id in the pool's ascending ids, or -1. */
static gint
pool_find (SlScreeningPool *pool,
           gint64           id)
{
  guint lo = 0, hi = pool->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (pool->ids[mid] < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < pool->n && pool->ids[lo] == id ? (gint)lo : -1;
}

static gboolean
load_candidates (SlStore          *self,
                 SlScreeningPool  *pool,
                 GHashTable       *wanted,
                 GError          **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GByteArray) education = g_byte_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) headlines = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT id, name, headline, years_experience, education_level"
                                  " FROM candidates ORDER BY id", error)))
    return FALSE;
  while (step (self, stmt, &has_row, error) && has_row)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      double y = sqlite3_column_double (stmt, 3);
      guint8 level = CLAMP (sqlite3_column_int (stmt, 4), 0, 5);

      if (wanted != NULL && !g_hash_table_contains (wanted, &id))
        continue;
      g_array_append_val (ids, id);
      g_array_append_val (years, y);
      g_byte_array_append (education, &level, 1);
      g_ptr_array_add (names, g_string_chunk_insert (pool->strings, _sl_store_column_text (stmt, 1)));
      g_ptr_array_add (headlines, g_string_chunk_insert (pool->strings, _sl_store_column_text (stmt, 2)));
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  sqlite3_reset (stmt);

  pool->n = ids->len;
  pool->ids = (gint64 *)(void *)g_array_free (g_steal_pointer (&ids), FALSE);
  pool->years = (double *)(void *)g_array_free (g_steal_pointer (&years), FALSE);
  pool->education = g_byte_array_free (g_steal_pointer (&education), FALSE);
  pool->names = (const char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
  pool->headlines = (const char **)g_ptr_array_free (g_steal_pointer (&headlines), FALSE);
  return TRUE;
}

static gboolean
load_skills (SlStore          *self,
             SlScreeningPool  *pool,
             GError          **error)
{
  g_autoptr(GArray) skills = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gboolean has_row;
  guint at = 0;

  pool->skill_start = g_new0 (guint, pool->n + 1);
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT candidate_id, skill_id FROM candidate_skills"
                                  " ORDER BY candidate_id, skill_id", error)))
    return FALSE;
  while (step (self, stmt, &has_row, error) && has_row)
    {
      gint64 candidate = sqlite3_column_int64 (stmt, 0);
      gint64 skill = sqlite3_column_int64 (stmt, 1);

      /* Both run by ascending candidate: close the candidates passed. */
      while (at < pool->n && pool->ids[at] < candidate)
        pool->skill_start[++at] = skills->len;
      if (at < pool->n && pool->ids[at] == candidate)
        g_array_append_val (skills, skill);
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  sqlite3_reset (stmt);
  while (at < pool->n)
    pool->skill_start[++at] = skills->len;
  pool->skill_ids = (gint64 *)(void *)g_array_free (g_steal_pointer (&skills), FALSE);
  return TRUE;
}

static gboolean
load_emails (SlStore          *self,
             SlScreeningPool  *pool,
             GError          **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  pool->emails = g_new0 (const char *, pool->n + 1);
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT candidate_id, value FROM candidate_contacts"
                                  " WHERE kind = 'email' ORDER BY candidate_id, position, value",
                                  error)))
    return FALSE;
  while (step (self, stmt, &has_row, error) && has_row)
    {
      gint i = pool_find (pool, sqlite3_column_int64 (stmt, 0));

      if (i >= 0 && pool->emails[i] == NULL)
        pool->emails[i] = g_string_chunk_insert (pool->strings, _sl_store_column_text (stmt, 1));
    }
  if (error != NULL && *error != NULL)
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

SlScreeningPool *
sl_store_load_screening_pool (SlStore  *self,
                              GArray   *only,
                              GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(SlScreeningPool) pool = g_new0 (SlScreeningPool, 1);
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  if (only != NULL)
    {
      wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < only->len; i++)
        g_hash_table_add (wanted, &g_array_index (only, gint64, i));
    }
  pool->strings = g_string_chunk_new (64 * 1024);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  /* One read transaction: the three queries see the same candidates. */
  if (!_sl_store_exec (self, "BEGIN", &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!load_candidates (self, pool, wanted, &local_error) ||
      !load_skills (self, pool, &local_error) ||
      !load_emails (self, pool, &local_error))
    {
      _sl_store_rollback (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!_sl_store_commit (self, error))
    {
      _sl_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&pool);
}

gboolean
sl_store_list_skill_names (SlStore    *self,
                           GArray    **ids,
                           GPtrArray **names,
                           GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GArray) out_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) out_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, "SELECT id, name FROM skills ORDER BY id", error)))
    return FALSE;
  while (step (self, stmt, &has_row, &local_error) && has_row)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (out_ids, id);
      g_ptr_array_add (out_names, g_strdup (_sl_store_column_text (stmt, 1)));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  sqlite3_reset (stmt);
  *ids = g_steal_pointer (&out_ids);
  *names = g_steal_pointer (&out_names);
  return TRUE;
}

struct _SlScreeningWriter
{
  SlStore      *store;
  GMutex       *lock;
  gboolean      open;     /* a transaction to commit or roll back */
  gboolean      retired;  /* the job's current results were retired at once */
  guint         added;
  /* Resume texts by ascending id, read along with the pool: through the
   * store's reader connection when it has one (texts_store; another
   * thread may read them while this one writes), else the writer's. */
  SlStore      *texts_store;
  GMutex       *texts_lock;
  sqlite3_stmt *texts;
  gboolean      texts_row;
  gint64        texts_asked;
  /* Rows added many at a time get their ids from here: the writer holds
   * the write transaction, so nobody else adds a row meanwhile. */
  gint64        next_id;
  char         *insert_many;  /* SQL inserting ROWS_PER_INSERT rows */
};

/* A bulk write touches thousands of pages of the screenings table and its
 * two indexes: with SQLite's default 2 MB cache they spill to the WAL and
 * are read back again and again. The writer gets 64 MB while it lives. */
#define WRITER_CACHE_SIZE  "PRAGMA cache_size = -65536"
#define DEFAULT_CACHE_SIZE "PRAGMA cache_size = -2000"
/* Its commit leaves tens of megabytes in the WAL: the automatic checkpoint
 * would copy them to the database before the commit returns. The writer
 * turns it off and has another thread do it afterwards. */
#define WRITER_AUTOCHECKPOINT  "PRAGMA wal_autocheckpoint = 0"
#define DEFAULT_AUTOCHECKPOINT "PRAGMA wal_autocheckpoint = 1000"

SlScreeningWriter *
sl_store_begin_screenings (SlStore  *self,
                           GError  **error)
{
  SlScreeningWriter *writer;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  writer = g_new0 (SlScreeningWriter, 1);
  writer->store = g_object_ref (self);
  writer->lock = _sl_store_get_mutex (self);
  g_mutex_lock (writer->lock);
  if (!_sl_store_begin (self, error))
    {
      sl_screening_writer_free (writer);
      return NULL;
    }
  writer->open = TRUE;
  writer->texts_store = _sl_store_get_reader (self);
  writer->texts_lock = writer->texts_store != self ? _sl_store_get_mutex (writer->texts_store) : NULL;
  _sl_store_exec (self, WRITER_CACHE_SIZE, NULL);
  _sl_store_exec (self, WRITER_AUTOCHECKPOINT, NULL);
  return writer;
}

gboolean
sl_screening_writer_retire (SlScreeningWriter  *writer,
                            gint64              job_id,
                            GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 first_id;

  g_return_val_if_fail (writer != NULL && writer->open, FALSE);

  if (!_sl_store_next_screening_id (writer->store, &first_id, error))
    return FALSE;
  /* Every row added from now on gets a higher id than any row so far: the
   * job's earlier rows stop being current by moving its mark past them,
   * one row written instead of one per earlier result (migration 5). */
  if (!(stmt = _sl_store_prepare (writer->store,
                                  "INSERT INTO screening_runs (job_id, first_id)"
                                  " VALUES (?1, ?2)"
                                  " ON CONFLICT (job_id) DO UPDATE SET first_id = excluded.first_id",
                                  error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job_id);
  sqlite3_bind_int64 (stmt, 2, first_id);
  if (!_sl_store_step_done (writer->store, stmt, error))
    return FALSE;
  writer->retired = TRUE;
  return TRUE;
}

gboolean
sl_screening_writer_texts_apart (SlScreeningWriter *writer)
{
  g_return_val_if_fail (writer != NULL, FALSE);

  return writer->texts_lock != NULL;
}

static void
reset_texts (SlScreeningWriter *writer)
{
  if (writer->texts_lock != NULL)
    g_mutex_lock (writer->texts_lock);
  if (writer->texts != NULL)
    sqlite3_reset (g_steal_pointer (&writer->texts));
  if (writer->texts_lock != NULL)
    g_mutex_unlock (writer->texts_lock);
}

static char *
dup_text_locked (SlScreeningWriter  *writer,
                 gint64              candidate_id,
                 GError            **error)
{
  SlStore *store = writer->texts_store;
  gboolean has_row;

  /* Callers ask by ascending id: one cursor walks the table along with
   * them instead of a lookup per candidate. Asking backwards restarts it.
   * The reader's cursor starts after the writer's transaction did: no
   * write can come between, so it reads what the writer would. */
  if (candidate_id < writer->texts_asked && writer->texts != NULL)
    sqlite3_reset (g_steal_pointer (&writer->texts));
  writer->texts_asked = candidate_id;
  if (writer->texts == NULL)
    {
      if (!(writer->texts = _sl_store_prepare (store,
                                               "SELECT id, text FROM candidates"
                                               " WHERE id >= ?1 ORDER BY id", error)))
        return NULL;
      sqlite3_bind_int64 (writer->texts, 1, candidate_id);
      if (!step (store, writer->texts, &writer->texts_row, error))
        {
          writer->texts = NULL;
          return NULL;
        }
    }
  while (writer->texts_row && sqlite3_column_int64 (writer->texts, 0) < candidate_id)
    if (!step (store, writer->texts, &writer->texts_row, error))
      {
        writer->texts = NULL;
        return NULL;
      }
  has_row = writer->texts_row && sqlite3_column_int64 (writer->texts, 0) == candidate_id;
  return g_strdup (has_row ? _sl_store_column_text (writer->texts, 1) : "");
}

char *
sl_screening_writer_dup_text (SlScreeningWriter  *writer,
                              gint64              candidate_id,
                              GError            **error)
{
  char *text;

  g_return_val_if_fail (writer != NULL && writer->open, NULL);

  if (writer->texts_lock != NULL)
    g_mutex_lock (writer->texts_lock);
  text = dup_text_locked (writer, candidate_id, error);
  if (writer->texts_lock != NULL)
    g_mutex_unlock (writer->texts_lock);
  return text;
}

gint64
sl_screening_writer_add_job_vector (SlScreeningWriter  *writer,
                                    gint64              job_id,
                                    const char         *model,
                                    const float        *vector,
                                    guint               dimension,
                                    GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;
  gint64 id = 0;

  g_return_val_if_fail (writer != NULL && writer->open, 0);
  g_return_val_if_fail (model != NULL && vector != NULL && dimension > 0, 0);

  /* Screening again an unchanged job reuses its row. */
  if (!(stmt = _sl_store_prepare (writer->store,
                                  "SELECT id FROM job_embeddings"
                                  " WHERE job_id = ?1 AND model = ?2 AND dimension = ?3"
                                  " AND vector = ?4 ORDER BY id DESC LIMIT 1", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, job_id);
  _sl_store_bind_text (stmt, 2, model);
  sqlite3_bind_int (stmt, 3, dimension);
  sqlite3_bind_blob (stmt, 4, vector, dimension * sizeof (float), SQLITE_STATIC);
  if (!step (writer->store, stmt, &has_row, error))
    return 0;
  if (has_row)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id > 0)
    return id;

  if (!(stmt = _sl_store_prepare (writer->store,
                                  "INSERT INTO job_embeddings (job_id, model, dimension, vector,"
                                  " created_at) VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, job_id);
  _sl_store_bind_text (stmt, 2, model);
  sqlite3_bind_int (stmt, 3, dimension);
  sqlite3_bind_blob (stmt, 4, vector, dimension * sizeof (float), SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, _sl_store_now ());
  if (!_sl_store_step_done (writer->store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_sl_store_get_db (writer->store));
}

gint64
sl_screening_writer_add (SlScreeningWriter       *writer,
                         const SlScreeningRecord *record,
                         GError                 **error)
{
  gint64 id;

  g_return_val_if_fail (writer != NULL && writer->open, 0);
  g_return_val_if_fail (record != NULL, 0);

  if ((id = _sl_store_insert_screening (writer->store, record, FALSE, !writer->retired, error)))
    {
      writer->added++;
      /* The ids sl_screening_writer_add_many() hands out come after it. */
      if (writer->next_id != 0)
        writer->next_id = MAX (writer->next_id, id + 1);
    }
  return id;
}

/* Rows per INSERT statement: one statement runs a VDBE program and binds
 * its parameters once for all of them (ROWS_PER_INSERT × 22 parameters). */
#define ROWS_PER_INSERT 64
#define PARAMETERS_PER_ROW (SL_STORE_SCREENING_PARAMETERS + 1)

/* INSERT … VALUES (…), (…), … of @rows rows, each with an explicit id
 * bound after the record's values (see _sl_store_bind_screening()). */
static char *
insert_sql (guint rows)
{
  GString *sql = g_string_new ("INSERT INTO screenings (id, " SL_STORE_SCREENING_COLUMNS ") VALUES ");

  for (guint r = 0; r < rows; r++)
    {
      int o = (int)r * PARAMETERS_PER_ROW;

      g_string_append (sql, r > 0 ? ", (" : "(");
      g_string_append_printf (sql, "?%d", o + PARAMETERS_PER_ROW);
      for (int p = 1; p <= SL_STORE_SCREENING_PARAMETERS; p++)
        {
          /* "current" comes between features (18) and created_at (19). */
          if (p == 19)
            g_string_append (sql, ", 1");
          g_string_append_printf (sql, ", ?%d", o + p);
        }
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

static gboolean
insert_rows (SlScreeningWriter        *writer,
             const char               *sql,
             const SlScreeningRecord  *records,
             guint                     rows,
             gint64                   *ids,
             gint64                    now,
             GError                  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!(stmt = _sl_store_prepare (writer->store, sql, error)))
    return FALSE;
  for (guint r = 0; r < rows; r++)
    {
      int o = (int)r * PARAMETERS_PER_ROW;

      ids[r] = writer->next_id++;
      _sl_store_bind_screening (stmt, o, &records[r], now);
      sqlite3_bind_int64 (stmt, o + PARAMETERS_PER_ROW, ids[r]);
    }
  ok = _sl_store_step_done (writer->store, stmt, error);
  /* The texts and features were bound without a copy. */
  sqlite3_clear_bindings (stmt);
  return ok;
}

gboolean
sl_screening_writer_add_many (SlScreeningWriter        *writer,
                              const SlScreeningRecord  *records,
                              guint                     n,
                              gint64                   *ids,
                              GError                  **error)
{
  g_autofree char *insert_one = NULL;
  gint64 now = _sl_store_now ();
  guint done = 0;

  g_return_val_if_fail (writer != NULL && writer->open, FALSE);
  g_return_val_if_fail (n == 0 || (records != NULL && ids != NULL), FALSE);

  for (guint i = 0; i < n; i++)
    if (!_sl_store_check_screening (&records[i], error))
      return FALSE;

  /* Each row retires its pair's current one before the next is added. */
  if (!writer->retired)
    {
      for (guint i = 0; i < n; i++)
        if (!(ids[i] = sl_screening_writer_add (writer, &records[i], error)))
          return FALSE;
      return TRUE;
    }

  if (writer->next_id == 0 &&
      !_sl_store_next_screening_id (writer->store, &writer->next_id, error))
    return FALSE;
  if (writer->insert_many == NULL)
    writer->insert_many = insert_sql (ROWS_PER_INSERT);

  for (; n - done >= ROWS_PER_INSERT; done += ROWS_PER_INSERT)
    if (!insert_rows (writer, writer->insert_many, records + done, ROWS_PER_INSERT, ids + done,
                      now, error))
      return FALSE;
  if (done < n)
    {
      insert_one = insert_sql (1);
      for (; done < n; done++)
        if (!insert_rows (writer, insert_one, records + done, 1, ids + done, now, error))
          return FALSE;
    }
  writer->added += n;
  return TRUE;
}

gboolean
sl_screening_writer_commit (SlScreeningWriter  *writer,
                            gint64              job_id,
                            GError            **error)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (writer != NULL && writer->open, FALSE);

  reset_texts (writer);
  /* One audit row for the whole screening: 100,000 rows saying the same
   * thing would cost more than the screening itself. */
  detail = g_strdup_printf ("{\"job_id\":%" G_GINT64_FORMAT ",\"results\":%u}", job_id,
                            writer->added);
  if (writer->added > 0 &&
      !_sl_store_audit (writer->store, "screening.run", "job", job_id, detail, error))
    return FALSE;
  writer->open = FALSE;
  if (!_sl_store_commit (writer->store, error))
    {
      _sl_store_rollback (writer->store);
      return FALSE;
    }
  if (writer->added > 0)
    {
      _sl_store_checkpoint_soon (writer->store);
      _sl_store_queue_changed (writer->store, SL_STORE_CHANGED_SCREENINGS);
    }
  return TRUE;
}

void
sl_screening_writer_free (SlScreeningWriter *writer)
{
  if (writer == NULL)
    return;
  reset_texts (writer);
  if (writer->open)
    _sl_store_rollback (writer->store);
  _sl_store_exec (writer->store, DEFAULT_CACHE_SIZE, NULL);
  _sl_store_exec (writer->store, DEFAULT_AUTOCHECKPOINT, NULL);
  g_mutex_unlock (writer->lock);
  g_free (writer->insert_many);
  g_object_unref (writer->store);
  g_free (writer);
}
