#define G_LOG_DOMAIN "sl-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sl-store-private.h"
#include "sl-store-schema.h"

/* "SLST" marks a database as ours, so a foreign SQLite file is never migrated. */
#define SL_STORE_APPLICATION_ID 0x534c5354
#define BUSY_TIMEOUT_MS 5000

struct _SlStore
{
  GObject       parent_instance;

  GMutex        mutex;
  sqlite3      *db;
  char         *path;
  GHashTable   *statements;     /* SQL text → sqlite3_stmt */
  GMainContext *owner_context;
  /* A second, query-only connection to the same file, with its own mutex
   * and statements, for loading lists: in WAL mode it reads the last
   * committed state while the main connection is in a write transaction. */
  SlStore      *reader;

  GMutex        changed_mutex;
  GHashTable   *changed_pending; /* interned table names */
  guint         changed_queued : 1;

  /* A checkpoint of the WAL after a large write, on a thread of its own
   * (see _sl_store_checkpoint_soon()); the fields under checkpoint_mutex. */
  GMutex        checkpoint_mutex;
  GThread      *checkpointer;
  guint         checkpoint_running : 1;
  guint         checkpoint_again : 1;
};

G_DEFINE_FINAL_TYPE (SlStore, sl_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (sl-store-error-quark, sl_store_error)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
sl_store_finalize (GObject *object)
{
  SlStore *self = (SlStore *)object;

  /* A checkpoint under way finishes before its connection's file goes. */
  if (self->checkpointer != NULL)
    g_thread_join (g_steal_pointer (&self->checkpointer));
  /* The reader first: the main connection closes last and checkpoints. */
  g_clear_object (&self->reader);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Checkpoint so the WAL does not grow without bound between runs. */
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->changed_pending, g_hash_table_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_free (self->path);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->changed_mutex);
  g_mutex_clear (&self->checkpoint_mutex);

  G_OBJECT_CLASS (sl_store_parent_class)->finalize (object);
}

static void
sl_store_class_init (SlStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_store_finalize;

  /**
   * SlStore::changed:
   * @what: the kind of record that changed ("jobs", "candidates", …)
   *
   * Emitted on the context that created the store, after a write committed.
   * The signal is detailed by @what.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sl_store_init (SlStore *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->changed_mutex);
  g_mutex_init (&self->checkpoint_mutex);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->changed_pending = g_hash_table_new (NULL, NULL);
  self->owner_context = g_main_context_ref_thread_default ();
}

int
sl_store_get_schema_version (void)
{
  return SL_STORE_SCHEMA_VERSION;
}

char *
sl_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "shortlist", "shortlist.db", NULL);
}

/* Internal helpers shared with the other sl-store*.c files */

GMutex *
_sl_store_get_mutex (SlStore *self)
{
  return &self->mutex;
}

SlStore *
_sl_store_get_reader (SlStore *self)
{
  return self->reader != NULL ? self->reader : self;
}

sqlite3 *
_sl_store_get_db (SlStore *self)
{
  return self->db;
}

gint64
_sl_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static int
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return SL_STORE_ERROR_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SL_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return SL_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return SL_STORE_ERROR_CANT_OPEN;
    default:
      return SL_STORE_ERROR_FAILED;
    }
}

static void
set_error_from_code (sqlite3  *db,
                     int       rc,
                     GError  **error)
{
  int code = error_code_for_sqlite (rc);
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (code)
    {
    case SL_STORE_ERROR_CONSTRAINT:
      g_set_error (error, SL_STORE_ERROR, code,
                   _("The change was refused because it would break the data’s rules (%s)"), detail);
      break;
    case SL_STORE_ERROR_BUSY:
      g_set_error (error, SL_STORE_ERROR, code,
                   _("The database is busy in another program; try again (%s)"), detail);
      break;
    case SL_STORE_ERROR_CORRUPT:
      g_set_error (error, SL_STORE_ERROR, code,
                   _("The file is not a readable Shortlist database (%s)"), detail);
      break;
    case SL_STORE_ERROR_CANT_OPEN:
      g_set_error (error, SL_STORE_ERROR, code,
                   _("The database cannot be opened for writing (%s)"), detail);
      break;
    default:
      g_set_error (error, SL_STORE_ERROR, code, _("Database error: %s"), detail);
    }
}

void
_sl_store_set_error (SlStore  *self,
                     GError  **error)
{
  set_error_from_code (self->db, sqlite3_extended_errcode (self->db), error);
}

gboolean
_sl_store_exec (SlStore     *self,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error_from_code (self->db, rc, error);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
_sl_store_prepare (SlStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error_from_code (self->db, rc, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_sl_store_step_done (SlStore       *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_error_from_code (self->db, sqlite3_extended_errcode (self->db), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
_sl_store_step_row (SlStore       *self,
                    sqlite3_stmt  *stmt,
                    gboolean      *has_row,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *has_row = TRUE;
      return TRUE;
    }
  *has_row = FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;
  set_error_from_code (self->db, sqlite3_extended_errcode (self->db), error);
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
_sl_store_begin (SlStore  *self,
                 GError  **error)
{
  return _sl_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_sl_store_commit (SlStore  *self,
                  GError  **error)
{
  return _sl_store_exec (self, "COMMIT", error);
}

/* Copies what the WAL holds into the database file, on a connection of
 * its own so the store's stays free, for as long as writes asked for it
 * meanwhile. PASSIVE: it neither waits for nor blocks readers and writers,
 * and what it cannot copy yet a later checkpoint does. */
static gpointer
checkpoint_thread (gpointer data)
{
  SlStore *self = data;

  for (;;)
    {
      sqlite3 *db = NULL;
      int rc;
      int wal_frames = 0, copied = 0;
      gint64 started = g_get_monotonic_time ();

      rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
      /* A new connection learns that the file is in WAL mode by reading it. */
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "PRAGMA journal_mode", NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied);
      if (rc == SQLITE_OK)
        g_debug ("Checkpointed %d of %d WAL frames of %s in %.3f s", copied, wal_frames,
                 self->path, (g_get_monotonic_time () - started) / 1e6);
      else
        g_debug ("No checkpoint of %s: %s", self->path, sqlite3_errstr (rc));
      sqlite3_close (db);

      g_mutex_lock (&self->checkpoint_mutex);
      if (!self->checkpoint_again)
        {
          self->checkpoint_running = FALSE;
          g_mutex_unlock (&self->checkpoint_mutex);
          return NULL;
        }
      self->checkpoint_again = FALSE;
      g_mutex_unlock (&self->checkpoint_mutex);
    }
}

void
_sl_store_checkpoint_soon (SlStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GThread *finished = NULL;

  /* A private or in-memory database has no second connection to do it. */
  if (self->reader == NULL)
    return;

  locker = g_mutex_locker_new (&self->checkpoint_mutex);
  if (self->checkpoint_running)
    {
      self->checkpoint_again = TRUE;
      return;
    }
  finished = g_steal_pointer (&self->checkpointer);
  self->checkpoint_running = TRUE;
  self->checkpointer = g_thread_new ("sl-store-checkpoint", checkpoint_thread, self);
  g_clear_pointer (&locker, g_mutex_locker_free);
  /* Done already: joining it does not wait. */
  if (finished != NULL)
    g_thread_join (finished);
}

void
_sl_store_wait_for_checkpoint (SlStore *self)
{
  GThread *thread;

  g_mutex_lock (&self->checkpoint_mutex);
  thread = g_steal_pointer (&self->checkpointer);
  g_mutex_unlock (&self->checkpoint_mutex);
  if (thread != NULL)
    g_thread_join (thread);
}

void
_sl_store_rollback (SlStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

void
_sl_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *text)
{
  sqlite3_bind_text (stmt, index, text ? text : "", -1, SQLITE_TRANSIENT);
}

const char *
_sl_store_column_text (sqlite3_stmt *stmt,
                       int           index)
{
  const char *text = (const char *)sqlite3_column_text (stmt, index);

  return text ? text : "";
}

gboolean
_sl_store_audit (SlStore     *self,
                 const char  *action,
                 const char  *subject_kind,
                 gint64       subject_id,
                 const char  *detail_json,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _sl_store_prepare (self,
                                  "INSERT INTO audit_log (at, action, subject_kind, subject_id, detail) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, _sl_store_now ());
  _sl_store_bind_text (stmt, 2, action);
  _sl_store_bind_text (stmt, 3, subject_kind);
  if (subject_id > 0)
    sqlite3_bind_int64 (stmt, 4, subject_id);
  else
    sqlite3_bind_null (stmt, 4);
  _sl_store_bind_text (stmt, 5, detail_json ? detail_json : "{}");
  return _sl_store_step_done (self, stmt, error);
}

static gboolean
emit_changed_cb (gpointer user_data)
{
  SlStore *self = user_data;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&self->changed_mutex);
  g_hash_table_iter_init (&iter, self->changed_pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_hash_table_remove_all (self->changed_pending);
  self->changed_queued = FALSE;
  g_mutex_unlock (&self->changed_mutex);

  for (guint i = 0; i < names->len; i++)
    {
      const char *what = g_ptr_array_index (names, i);

      g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_string (what), what);
    }

  return G_SOURCE_REMOVE;
}

void
_sl_store_queue_changed (SlStore    *self,
                         const char *what)
{
  gboolean schedule;

  g_mutex_lock (&self->changed_mutex);
  g_hash_table_add (self->changed_pending, (gpointer)g_intern_string (what));
  schedule = !self->changed_queued;
  self->changed_queued = TRUE;
  g_mutex_unlock (&self->changed_mutex);

  /* Always through an idle source: the caller holds the store's lock, and a
   * handler that calls back into the store must not run under it. At the
   * default priority, not the idle one: while a window animates (an
   * import's spinner) and drawing a frame takes longer than the frame
   * interval, the redraws would starve an idle source for the whole import. */
  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, emit_changed_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[shortlist] store changed");
      g_source_attach (source, self->owner_context);
    }
}

/* Opening and migrating */

static gboolean
query_int (SlStore     *self,
           const char  *sql,
           int         *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Not cached: used only while opening. */
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_error_from_code (self->db, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
set_user_version (SlStore  *self,
                  int       version,
                  GError  **error)
{
  /* PRAGMA takes no bound parameters; the value is our own integer, never input. */
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return _sl_store_exec (self, sql, error);
}

static gboolean
migrate (SlStore  *self,
         int       from_version,
         int       to_version,
         GError  **error)
{
  for (int version = from_version; version < to_version; version++)
    {
      g_debug ("Migrating %s from schema %d to %d", self->path, version, version + 1);

      if (!_sl_store_begin (self, error))
        return FALSE;
      if (!_sl_store_exec (self, sl_store_migrations[version], error) ||
          !set_user_version (self, version + 1, error) ||
          (version == 0 && !_sl_store_exec (self, "PRAGMA application_id = 1397510996", error)) ||
          !_sl_store_audit (self, "store.migrate", "store", 0, NULL, error) ||
          !_sl_store_commit (self, error))
        {
          _sl_store_rollback (self);
          g_prefix_error (error, _("Could not upgrade the database to version %d: "), version + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
open_database (SlStore  *self,
               int       target_version,
               GError  **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int user_version = 0;
  int application_id = 0;
  int n_objects = 0;
  int rc;

  G_STATIC_ASSERT (SL_STORE_APPLICATION_ID == 1397510996);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CANT_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CANT_OPEN,
                   _("Could not open the database “%s”: %s"), self->path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* Read-only checks first: a file we must refuse is never written to. */
  if (!query_int (self, "PRAGMA user_version", &user_version, error) ||
      !query_int (self, "PRAGMA application_id", &application_id, error) ||
      !query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    {
      g_prefix_error (error, _("Could not read “%s”: "), self->path);
      return FALSE;
    }

  if (user_version > SL_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Shortlist "
                     "(schema %d; this version understands up to %d). "
                     "Update Shortlist to open it; the file was not changed."),
                   self->path, user_version, SL_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  if ((application_id != 0 && application_id != SL_STORE_APPLICATION_ID) ||
      (application_id == 0 && user_version == 0 && n_objects > 0))
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("“%s” is an SQLite database of another program; "
                     "Shortlist will not change it."), self->path);
      return FALSE;
    }

  if (!_sl_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_sl_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_sl_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;

  return migrate (self, user_version, target_version, error);
}

/* The reader of an opened store, or NULL (a private in-memory or
 * temporary database has no second connection; lists then read through
 * the main one). */
static SlStore *
open_reader (SlStore *self)
{
  g_autoptr(SlStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  int rc;

  if (self->path[0] == '\0' || g_str_equal (self->path, ":memory:") || g_str_has_prefix (self->path, "file:"))
    return NULL;

  reader = g_object_new (SL_TYPE_STORE, NULL);
  reader->path = g_strdup (self->path);
  rc = sqlite3_open_v2 (reader->path, &reader->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_debug ("No reader for %s: %s", self->path, sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (reader->db, TRUE);
  sqlite3_busy_timeout (reader->db, BUSY_TIMEOUT_MS);
  if (!_sl_store_exec (reader, "PRAGMA query_only = ON", &error))
    {
      g_debug ("No reader for %s: %s", self->path, error->message);
      return NULL;
    }
  return g_steal_pointer (&reader);
}

SlStore *
sl_store_new (const char  *path,
              GError     **error)
{
  g_autoptr(SlStore) self = NULL;

  self = g_object_new (SL_TYPE_STORE, NULL);
  self->path = path != NULL ? g_strdup (path) : sl_store_dup_default_path ();

  if (!open_database (self, SL_STORE_SCHEMA_VERSION, error))
    return NULL;
  self->reader = open_reader (self);

  g_debug ("Opened %s at schema %d", self->path, SL_STORE_SCHEMA_VERSION);
  return g_steal_pointer (&self);
}

gboolean
_sl_store_migrate_file_to (const char  *path,
                           int          version,
                           GError     **error)
{
  g_autoptr(SlStore) self = g_object_new (SL_TYPE_STORE, NULL);

  g_return_val_if_fail (version >= 0 && version <= SL_STORE_SCHEMA_VERSION, FALSE);

  self->path = g_strdup (path);
  return open_database (self, version, error);
}

static void
new_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  SlStore *store;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(store = sl_store_new (task_data, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
sl_store_new_async (const char          *path,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_store_new_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, new_worker);
}

SlStore *
sl_store_new_finish (GAsyncResult  *result,
                     GError       **error)
{
  SlStore *store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  store = g_task_propagate_pointer (G_TASK (result), error);
  if (store != NULL)
    {
      /* The worker created it: deliver "changed" to the caller's context instead. */
      g_main_context_unref (store->owner_context);
      store->owner_context = g_main_context_ref_thread_default ();
    }
  return store;
}

const char *
sl_store_get_path (SlStore *self)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);
  return self->path;
}

gboolean
sl_store_check_integrity (SlStore  *self,
                          GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);

  if (!(stmt = _sl_store_prepare (self, "PRAGMA integrity_check", error)))
    return FALSE;
  while (_sl_store_step_row (self, stmt, &has_row, error) && has_row)
    {
      const char *line = _sl_store_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s; ", line);
    }
  sqlite3_reset (stmt);

  if (!(stmt = _sl_store_prepare (self, "PRAGMA foreign_key_check", error)))
    return FALSE;
  while (_sl_store_step_row (self, stmt, &has_row, error) && has_row)
    g_string_append_printf (problems, "foreign key in %s; ", _sl_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (problems->len > 0)
    {
      g_set_error (error, SL_STORE_ERROR, SL_STORE_ERROR_CORRUPT,
                   _("The database failed its integrity check: %s"), problems->str);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
sl_store_list_audit (SlStore     *self,
                     const char  *subject_kind,
                     gint64       subject_id,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row;

  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!(stmt = _sl_store_prepare (self,
                                  "SELECT json_object ('id', id, 'at', at, 'action', action,"
                                  " 'subject_kind', subject_kind, 'subject_id', subject_id,"
                                  " 'detail', json (detail)) FROM audit_log"
                                  " WHERE (?1 IS NULL OR subject_kind = ?1)"
                                  " AND (?2 = 0 OR subject_id = ?2) ORDER BY id DESC", error)))
    return NULL;
  if (subject_kind != NULL)
    _sl_store_bind_text (stmt, 1, subject_kind);
  sqlite3_bind_int64 (stmt, 2, subject_id);

  while (TRUE)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (rows, g_strdup (_sl_store_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&rows);
}
