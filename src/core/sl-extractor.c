#define G_LOG_DOMAIN "sl-extractor"

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sl-extractor.h"

/* A pool of shortlist-extract processes. Each request takes an idle worker
 * (starting one if fewer than n_workers run), writes a length-prefixed JSON
 * request, and waits for the answer until the deadline. A worker that times
 * out is killed; one that dies is reaped; either way the next request gets
 * a fresh process, and only the file at hand gets the error. */

typedef struct
{
  GSubprocess *process;
  int          in_fd;     /* the helper's stdin */
  int          out_fd;    /* the helper's stdout */
  guint        n_served;
  guint        generation;  /* of the user skills it loaded */
} Worker;

struct _SlExtractor
{
  GObject    parent_instance;

  GMutex     mutex;
  GCond      cond;
  GPtrArray *idle;        /* Worker * */
  guint      n_workers;
  guint      n_started;
  char      *helper_path;
  GStrv      helper_args;
  guint      timeout_ms;
  char      *user_skills;       /* taxonomy lines, or NULL */
  char      *user_skills_path;  /* a private copy the workers read at start-up */
  guint      generation;
};

G_DEFINE_FINAL_TYPE (SlExtractor, sl_extractor, G_TYPE_OBJECT)
G_DEFINE_QUARK (sl-extract-error-quark, sl_extract_error)

static const char * const error_codes[] = {
  [SL_EXTRACT_ERROR_FAILED] = "failed",
  [SL_EXTRACT_ERROR_UNSUPPORTED] = "unsupported",
  [SL_EXTRACT_ERROR_EMPTY] = "empty",
  [SL_EXTRACT_ERROR_CORRUPT] = "corrupt",
  [SL_EXTRACT_ERROR_ENCRYPTED] = "encrypted",
  [SL_EXTRACT_ERROR_NO_TEXT] = "no_text",
  [SL_EXTRACT_ERROR_TOO_LARGE] = "too_large",
  [SL_EXTRACT_ERROR_TIMEOUT] = "timeout",
  [SL_EXTRACT_ERROR_READER_CRASHED] = "reader_crashed",
  [SL_EXTRACT_ERROR_NOT_FOUND] = "not_found",
};

const char *
sl_extract_error_to_code (SlExtractError code)
{
  if ((guint)code >= G_N_ELEMENTS (error_codes))
    return "failed";
  return error_codes[code];
}

gboolean
sl_extract_error_from_code (const char     *code,
                            SlExtractError *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
    {
      if (g_strcmp0 (code, error_codes[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
worker_free (Worker *worker)
{
  if (worker == NULL)
    return;
  if (worker->process != NULL)
    {
      /* Idle workers hold no state worth a goodbye: stop them at once. */
      g_subprocess_force_exit (worker->process);
      g_subprocess_wait (worker->process, NULL, NULL);
    }
  g_clear_object (&worker->process);
  g_free (worker);
}

static void
sl_extractor_finalize (GObject *object)
{
  SlExtractor *self = (SlExtractor *)object;

  g_clear_pointer (&self->idle, g_ptr_array_unref);
  g_clear_pointer (&self->helper_path, g_free);
  g_clear_pointer (&self->helper_args, g_strfreev);
  if (self->user_skills_path != NULL)
    g_unlink (self->user_skills_path);
  g_clear_pointer (&self->user_skills_path, g_free);
  g_clear_pointer (&self->user_skills, g_free);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (sl_extractor_parent_class)->finalize (object);
}

static void
sl_extractor_class_init (SlExtractorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_extractor_finalize;
}

static void
sl_extractor_init (SlExtractor *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->idle = g_ptr_array_new_with_free_func ((GDestroyNotify)worker_free);
  self->timeout_ms = SL_EXTRACT_DEFAULT_TIMEOUT_MS;
  self->helper_path = sl_extractor_dup_helper_path ();
}

char *
sl_extractor_dup_helper_path (void)
{
  const char *dir = g_getenv ("SHORTLIST_LIBEXECDIR");
  g_autofree char *installed = g_build_filename (LIBEXECDIR, "shortlist-extract", NULL);

  if (dir != NULL && dir[0] != '\0')
    return g_build_filename (dir, "shortlist-extract", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return g_build_filename (BUILD_LIBEXECDIR, "shortlist-extract", NULL);
}

SlExtractor *
sl_extractor_new (guint n_workers)
{
  SlExtractor *self = g_object_new (SL_TYPE_EXTRACTOR, NULL);
  struct sigaction action;

  self->n_workers = n_workers > 0 ? n_workers : MAX (1, g_get_num_processors ());

  /* Writing to a helper that just died must be an error, not a signal
   * that kills the whole application. */
  if (sigaction (SIGPIPE, NULL, &action) == 0 && action.sa_handler == SIG_DFL)
    signal (SIGPIPE, SIG_IGN);

  return self;
}

guint
sl_extractor_get_n_workers (SlExtractor *self)
{
  g_return_val_if_fail (SL_IS_EXTRACTOR (self), 0);
  return self->n_workers;
}

void
sl_extractor_set_helper_path (SlExtractor *self,
                              const char  *path)
{
  g_return_if_fail (SL_IS_EXTRACTOR (self));

  g_mutex_lock (&self->mutex);
  g_free (self->helper_path);
  self->helper_path = path != NULL ? g_strdup (path) : sl_extractor_dup_helper_path ();
  g_mutex_unlock (&self->mutex);
}

void
sl_extractor_set_helper_args (SlExtractor        *self,
                              const char * const *args)
{
  g_return_if_fail (SL_IS_EXTRACTOR (self));

  g_mutex_lock (&self->mutex);
  g_strfreev (self->helper_args);
  self->helper_args = g_strdupv ((char **)args);
  g_mutex_unlock (&self->mutex);
}

void
sl_extractor_set_timeout (SlExtractor *self,
                          guint        timeout_ms)
{
  g_return_if_fail (SL_IS_EXTRACTOR (self));
  self->timeout_ms = MAX (timeout_ms, 10);
}

guint
sl_extractor_get_timeout (SlExtractor *self)
{
  g_return_val_if_fail (SL_IS_EXTRACTOR (self), 0);
  return self->timeout_ms;
}

gboolean
sl_extractor_set_user_skills (SlExtractor  *self,
                              const char   *tsv,
                              GError      **error)
{
  g_autofree char *path = NULL;
  int fd;

  g_return_val_if_fail (SL_IS_EXTRACTOR (self), FALSE);

  if (tsv != NULL && tsv[0] == '\0')
    tsv = NULL;

  g_mutex_lock (&self->mutex);
  if (g_strcmp0 (tsv, self->user_skills) == 0)
    {
      g_mutex_unlock (&self->mutex);
      return TRUE;
    }
  g_mutex_unlock (&self->mutex);

  if (tsv != NULL)
    {
      if ((fd = g_file_open_tmp ("shortlist-skills-XXXXXX.tsv", &path, error)) < 0)
        return FALSE;
      close (fd);
      if (!g_file_set_contents_full (path, tsv, -1, G_FILE_SET_CONTENTS_NONE, 0600, error))
        {
          g_unlink (path);
          return FALSE;
        }
    }

  /* Idle workers know the old skills: they go now, busy ones when they
   * come back (release_worker), and new ones read the new file. */
  g_mutex_lock (&self->mutex);
  if (self->user_skills_path != NULL)
    g_unlink (self->user_skills_path);
  g_free (self->user_skills_path);
  self->user_skills_path = g_steal_pointer (&path);
  g_free (self->user_skills);
  self->user_skills = g_strdup (tsv);
  self->generation++;
  self->n_started -= self->idle->len;
  g_ptr_array_set_size (self->idle, 0);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  return TRUE;
}

void
sl_extractor_shutdown (SlExtractor *self)
{
  g_return_if_fail (SL_IS_EXTRACTOR (self));

  g_mutex_lock (&self->mutex);
  self->n_started -= self->idle->len;
  g_ptr_array_set_size (self->idle, 0);
  g_mutex_unlock (&self->mutex);
}

static Worker *
acquire_worker (SlExtractor   *self,
                GCancellable  *cancellable,
                GError       **error)
{
  Worker *worker = NULL;

  g_mutex_lock (&self->mutex);
  while (self->idle->len == 0 && self->n_started >= self->n_workers)
    {
      gint64 until = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

      g_cond_wait_until (&self->cond, &self->mutex, until);
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_mutex_unlock (&self->mutex);
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return NULL;
        }
    }
  if (self->idle->len > 0)
    worker = g_ptr_array_steal_index (self->idle, self->idle->len - 1);
  else
    {
      worker = g_new0 (Worker, 1);
      self->n_started++;
    }
  g_mutex_unlock (&self->mutex);

  return worker;
}

static void
release_worker (SlExtractor *self,
                Worker      *worker)
{
  g_mutex_lock (&self->mutex);
  if (worker->process != NULL && worker->generation == self->generation)
    g_ptr_array_add (self->idle, worker);
  else
    {
      self->n_started--;
      worker_free (worker);
    }
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

static gboolean
start_worker (SlExtractor  *self,
              Worker       *worker,
              GError      **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  GOutputStream *stdin_pipe;
  GInputStream *stdout_pipe;

  if (!g_log_get_debug_enabled ())
    flags |= G_SUBPROCESS_FLAGS_STDERR_SILENCE;

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (argv, g_strdup (self->helper_path));
  g_ptr_array_add (argv, g_strdup ("--worker"));
  for (guint i = 0; self->helper_args != NULL && self->helper_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (self->helper_args[i]));
  if (self->user_skills_path != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("--user-skills=%s", self->user_skills_path));
  g_ptr_array_add (argv, NULL);
  worker->generation = self->generation;
  g_mutex_unlock (&self->mutex);

  launcher = g_subprocess_launcher_new (flags);
  worker->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, error);
  if (worker->process == NULL)
    {
      g_prefix_error (error, _("Could not start the document reader: "));
      return FALSE;
    }
  stdin_pipe = g_subprocess_get_stdin_pipe (worker->process);
  stdout_pipe = g_subprocess_get_stdout_pipe (worker->process);
  worker->in_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (stdin_pipe));
  worker->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (stdout_pipe));
  worker->n_served = 0;
  g_debug ("Started %s (pid %s)", (char *)argv->pdata[0], g_subprocess_get_identifier (worker->process));
  return TRUE;
}

static void
kill_worker (Worker *worker)
{
  if (worker->process == NULL)
    return;
  g_subprocess_force_exit (worker->process);
  g_subprocess_wait (worker->process, NULL, NULL);
  g_clear_object (&worker->process);
}

static gboolean
write_all (int         fd,
           const void *data,
           gsize       len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = write (fd, (const char *)data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

typedef enum
{
  READ_OK,
  READ_EOF,
  READ_TIMEOUT,
  READ_CANCELLED,
} ReadStatus;

static ReadStatus
read_all (int           fd,
          void         *data,
          gsize         len,
          gint64        deadline,
          GCancellable *cancellable)
{
  GPollFD fds[2];
  gsize done = 0;
  int n_fds = 1;

  fds[0].fd = fd;
  fds[0].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
  if (g_cancellable_make_pollfd (cancellable, &fds[1]))
    n_fds = 2;

  while (done < len)
    {
      gint64 remaining = (deadline - g_get_monotonic_time ()) / 1000;
      ssize_t n;
      int rc;

      if (remaining <= 0)
        {
          if (n_fds == 2)
            g_cancellable_release_fd (cancellable);
          return READ_TIMEOUT;
        }
      fds[0].revents = 0;
      if (n_fds == 2)
        fds[1].revents = 0;
      rc = g_poll (fds, n_fds, (int)MIN (remaining, G_MAXINT));
      if (rc < 0 && errno == EINTR)
        continue;
      if (g_cancellable_is_cancelled (cancellable))
        {
          if (n_fds == 2)
            g_cancellable_release_fd (cancellable);
          return READ_CANCELLED;
        }
      if (rc == 0)
        continue;
      n = read (fd, (char *)data + done, len - done);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n <= 0)
        {
          if (n_fds == 2)
            g_cancellable_release_fd (cancellable);
          return READ_EOF;
        }
      done += n;
    }
  if (n_fds == 2)
    g_cancellable_release_fd (cancellable);
  return READ_OK;
}

static void
set_death_error (Worker  *worker,
                 GError **error)
{
  gboolean cpu_limit = FALSE;

  g_subprocess_wait (worker->process, NULL, NULL);
  if (g_subprocess_get_if_signaled (worker->process))
    {
      int sig = g_subprocess_get_term_sig (worker->process);

      g_debug ("Reader died with signal %d", sig);
      cpu_limit = sig == SIGXCPU;
    }
  g_clear_object (&worker->process);

  if (cpu_limit)
    g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TIMEOUT,
                         _("Reading the file used too much processor time"));
  else
    g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_READER_CRASHED,
                         _("The document reader crashed on this file"));
}

/* Workers may take this long to start (loading the skills taxonomy). */
#define STARTUP_TIMEOUT_MS 30000

/* Starts the worker if needed and waits for it to say it is ready. */
static gboolean
ensure_worker (SlExtractor   *self,
               Worker        *worker,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *message = NULL;
  guint8 header[4];
  guint32 len;
  gint64 deadline;
  ReadStatus status;

  if (worker->process != NULL)
    return TRUE;
  if (!start_worker (self, worker, error))
    return FALSE;

  deadline = g_get_monotonic_time () + STARTUP_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  status = read_all (worker->out_fd, header, 4, deadline, cancellable);
  if (status == READ_OK)
    {
      len = (guint32)header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3];
      if (len == 0 || len > 1024)
        status = READ_EOF;
      else
        {
          message = g_malloc0 (len + 1);
          status = read_all (worker->out_fd, message, len, deadline, cancellable);
        }
    }
  if (status == READ_OK && strstr (message, "\"ready\"") != NULL)
    return TRUE;

  kill_worker (worker);
  if (status == READ_CANCELLED)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  else
    g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_FAILED,
                         _("The document reader did not start"));
  return FALSE;
}

static JsonNode *
transact (SlExtractor   *self,
          Worker        *worker,
          const char    *request,
          GBytes        *document,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *payload = NULL;
  gsize len = strlen (request);
  guint8 header[4] = { len >> 24, len >> 16, len >> 8, len };
  gsize document_len;
  const guint8 *document_data = g_bytes_get_data (document, &document_len);
  gint64 deadline;
  guint32 reply_len;
  ReadStatus status;

  for (guint attempt = 0; ; attempt++)
    {
      if (!ensure_worker (self, worker, cancellable, error))
        return NULL;

      /* An idle worker reads the whole request before doing anything else,
       * so these writes cannot block for long. */
      if (write_all (worker->in_fd, header, 4) && write_all (worker->in_fd, request, len) &&
          write_all (worker->in_fd, document_data, document_len))
        break;

      /* A worker that died while idle (killed from outside) is replaced
       * once: the document at hand did nothing wrong yet. */
      if (attempt > 0)
        {
          set_death_error (worker, error);
          return NULL;
        }
      g_debug ("Worker gone before the request; starting another");
      kill_worker (worker);
    }

  deadline = g_get_monotonic_time () + (gint64)self->timeout_ms * G_TIME_SPAN_MILLISECOND;
  status = read_all (worker->out_fd, header, 4, deadline, cancellable);
  if (status == READ_OK)
    {
      reply_len = (guint32)header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3];
      if (reply_len == 0 || reply_len > SL_EXTRACT_MAX_MESSAGE)
        {
          kill_worker (worker);
          g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_READER_CRASHED,
                               _("The document reader sent a malformed answer"));
          return NULL;
        }
      payload = g_malloc (reply_len + 1);
      status = read_all (worker->out_fd, payload, reply_len, deadline, cancellable);
      payload[reply_len] = '\0';
    }

  switch (status)
    {
    case READ_OK:
      break;
    case READ_EOF:
      set_death_error (worker, error);
      return NULL;
    case READ_TIMEOUT:
      kill_worker (worker);
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TIMEOUT,
                   _("Reading the file took longer than %.1f seconds"), self->timeout_ms / 1000.0);
      return NULL;
    case READ_CANCELLED:
    default:
      kill_worker (worker);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }

  worker->n_served++;
  if (!json_parser_load_from_data (parser, payload, reply_len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      kill_worker (worker);
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_READER_CRASHED,
                           _("The document reader sent a malformed answer"));
      return NULL;
    }
  /* A worker out of memory answers, then leaves: reap it now. */
  if (json_object_get_boolean_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                   "exiting", FALSE))
    kill_worker (worker);
  return json_parser_steal_root (parser);
}

GBytes *
sl_extractor_read_file (const char  *path,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NOT_FOUND,
                   _("Could not open the file: %s"), g_strerror (errsv));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED, _("Not a regular file"));
      return NULL;
    }
  if (st.st_size == 0)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }
  if (st.st_size > SL_EXTRACT_MAX_FILE_SIZE)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MiB"), SL_EXTRACT_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NOT_FOUND,
                   _("Could not read the file: %s"), local_error->message);
      return NULL;
    }
  /* It may have grown since the check. */
  if (len > SL_EXTRACT_MAX_FILE_SIZE)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MiB"), SL_EXTRACT_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

/* Sends request (an object builder still open) with document, and turns
 * a failure the helper reports into a GError. */
static JsonNode *
request_document (SlExtractor   *self,
                  JsonBuilder   *builder,
                  GBytes        *document,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *request_text = NULL;
  JsonObject *object;
  Worker *worker;

  if (g_bytes_get_size (document) > SL_EXTRACT_MAX_FILE_SIZE)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MiB"), SL_EXTRACT_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, g_bytes_get_size (document));
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  request_text = json_to_string (request, FALSE);

  if (!(worker = acquire_worker (self, cancellable, error)))
    return NULL;
  reply = transact (self, worker, request_text, document, cancellable, error);
  release_worker (self, worker);
  if (reply == NULL)
    return NULL;

  object = json_node_get_object (reply);
  if (!json_object_get_boolean_member_with_default (object, "ok", FALSE))
    {
      JsonObject *err = json_object_get_object_member (object, "error");
      SlExtractError code = SL_EXTRACT_ERROR_FAILED;
      const char *message = NULL;

      if (err != NULL)
        {
          const char *code_text = json_object_get_string_member_with_default (err, "code", "");

          sl_extract_error_from_code (code_text, &code);
          message = json_object_get_string_member_with_default (err, "message", NULL);
        }
      g_set_error_literal (error, SL_EXTRACT_ERROR, code,
                           message != NULL ? message : _("The file could not be read"));
      return NULL;
    }

  return g_steal_pointer (&reply);
}

JsonNode *
sl_extractor_extract_bytes (SlExtractor     *self,
                            GBytes          *document,
                            const char      *name,
                            SlExtractParse   parse,
                            GCancellable    *cancellable,
                            GError         **error)
{
  static const char * const parse_names[] = { "none", "resume", "job" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *display = NULL;

  g_return_val_if_fail (SL_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail ((guint)parse < G_N_ELEMENTS (parse_names), NULL);

  display = g_utf8_make_valid (name != NULL ? name : "", -1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "extract");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, display);
  json_builder_set_member_name (builder, "parse");
  json_builder_add_string_value (builder, parse_names[parse]);
  return request_document (self, builder, document, cancellable, error);
}

GBytes *
sl_extractor_render_page (SlExtractor   *self,
                          GBytes        *pdf,
                          int            page_index,
                          double         scale,
                          int           *n_pages,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) reply = NULL;
  const char *encoded;
  guchar *png;
  gsize png_len = 0;

  g_return_val_if_fail (SL_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "render");
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, page_index);
  json_builder_set_member_name (builder, "scale");
  json_builder_add_double_value (builder, scale);
  if (!(reply = request_document (self, builder, pdf, cancellable, error)))
    return NULL;

  encoded = json_object_get_string_member_with_default (json_node_get_object (reply), "png", NULL);
  if (encoded == NULL)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_READER_CRASHED,
                           _("The document reader sent a malformed answer"));
      return NULL;
    }
  if (n_pages != NULL)
    *n_pages = json_object_get_int_member_with_default (json_node_get_object (reply), "pages", 0);
  png = g_base64_decode (encoded, &png_len);
  return g_bytes_new_take (png, png_len);
}

JsonNode *
sl_extractor_extract (SlExtractor     *self,
                      const char      *path,
                      SlExtractParse   parse,
                      GCancellable    *cancellable,
                      GError         **error)
{
  g_autoptr(GBytes) document = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (SL_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!(document = sl_extractor_read_file (path, error)))
    return NULL;
  name = g_path_get_basename (path);
  return sl_extractor_extract_bytes (self, document, name, parse, cancellable, error);
}
