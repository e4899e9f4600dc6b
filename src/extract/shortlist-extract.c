/* shortlist-extract: reads untrusted documents for Shortlist.
 *
 * Run by SlExtractor as a pooled worker (--worker): requests and responses
 * are JSON objects, each preceded by its length as a 4-byte big-endian
 * integer, on stdin and stdout; a request {"name", "parse", "size"} is
 * followed by the document's size bytes, so the worker opens no files.
 * The process limits its own address space, CPU time, file size and open
 * files, so a hostile document can at worst kill this process, which the
 * client notices and reports for that file.
 *
 * Without --worker it reads the files named on the command line and prints
 * one result per line, which helps when debugging a document.
 */
#define G_LOG_DOMAIN "shortlist-extract"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sl-extract.h"
#include "sl-job-parser.h"
#include "sl-json-resume.h"
#include "sl-resume-parser.h"
#include "sl-skill-taxonomy.h"

#if defined(__SANITIZE_ADDRESS__)
# define SL_HAVE_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define SL_HAVE_ASAN 1
# endif
#endif

/* CPU seconds one document may use; the client's wall-clock timeout is the
 * outer bound, this one stops a busy loop even if the client is gone. */
#define CPU_SECONDS_PER_FILE 30
#define DEFAULT_MEMORY_MIB   1024

static int protocol_fd = -1;
static int cpu_seconds = CPU_SECONDS_PER_FILE;
static SlSkillTaxonomy *taxonomy;
static char *user_skills;
static char *crash_on;
static char *hang_on;

static rlim_t
current_address_space (void)
{
  g_autofree char *statm = NULL;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  return (rlim_t)g_ascii_strtoull (statm, NULL, 10) * sysconf (_SC_PAGESIZE);
}

/* memory_mib is the budget for reading documents, on top of what the
 * process uses once started (its libraries and the skills taxonomy). */
static void
apply_limits (guint    memory_mib,
              gboolean worker)
{
  struct rlimit limit;

  /* AddressSanitizer reserves terabytes of address space for its shadow
   * memory: an address space limit would stop sanitized builds at once. */
#if !defined(SL_HAVE_ASAN)
  limit.rlim_cur = limit.rlim_max = current_address_space () + (rlim_t)memory_mib * 1024 * 1024;
  if (setrlimit (RLIMIT_AS, &limit) != 0)
    g_debug ("RLIMIT_AS: %s", g_strerror (errno));
#endif
  /* A reader has no business writing files. (In one-shot mode stdout may
   * be a file, which this limit would forbid as well.) */
  limit.rlim_cur = limit.rlim_max = 0;
  if (worker)
    setrlimit (RLIMIT_FSIZE, &limit);
  setrlimit (RLIMIT_CORE, &limit);
  limit.rlim_cur = limit.rlim_max = 32;
  setrlimit (RLIMIT_NOFILE, &limit);
}

static void
arm_cpu_limit (void)
{
  struct rusage usage;
  struct rlimit limit;

  /* RLIMIT_CPU counts the whole life of the process; a pooled worker moves
   * the soft limit forward before each document. */
  if (getrusage (RUSAGE_SELF, &usage) != 0 || getrlimit (RLIMIT_CPU, &limit) != 0)
    return;
  limit.rlim_cur = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + cpu_seconds;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_cur > limit.rlim_max)
    limit.rlim_cur = limit.rlim_max;
  setrlimit (RLIMIT_CPU, &limit);
}

static SlSkillTaxonomy *
get_taxonomy (void)
{
  g_autoptr(GError) error = NULL;

  static gboolean tried;

  if (tried)
    return taxonomy;
  tried = TRUE;
  if (!(taxonomy = sl_skill_taxonomy_new_default (&error)))
    {
      g_autofree char *source = g_build_filename (SOURCE_DATADIR, "skills.tsv", NULL);

      /* An uninstalled build reads the taxonomy from the source tree. */
      g_clear_error (&error);
      if (!(taxonomy = sl_skill_taxonomy_new_from_file (source, &error)))
        g_message ("Skills will not be recognised: %s", error->message);
    }
  if (user_skills != NULL)
    {
      g_clear_error (&error);
      if (taxonomy == NULL)
        taxonomy = sl_skill_taxonomy_new ();
      /* The user's own skills join the shipped ones; a bad file only costs them. */
      if (!sl_skill_taxonomy_merge_file (taxonomy, user_skills, &error))
        g_message ("The user's skills will not be recognised: %s", error->message);
    }
  return taxonomy;
}

static char *
read_document (const char  *path,
               gsize       *len,
               GError     **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NOT_FOUND,
                   _("Could not open the file: %s"), g_strerror (errsv));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED,
                           _("Not a regular file"));
      return NULL;
    }
  if (st.st_size > SL_EXTRACT_MAX_FILE_SIZE)
    {
      close (fd);
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MiB"), SL_EXTRACT_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  data = g_malloc (st.st_size + 1);
  while (done < (gsize)st.st_size)
    {
      ssize_t n = read (fd, data + done, st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  close (fd);
  data[done] = '\0';
  *len = done;
  return g_steal_pointer (&data);
}

static void
add_error (JsonBuilder  *builder,
           const GError *error)
{
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder,
                                 error->domain == SL_EXTRACT_ERROR
                                 ? sl_extract_error_to_code (error->code) : "corrupt");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
}

/* name only labels the document (and triggers the test hooks); data
 * is the document itself, or NULL with read_error set. */
static JsonNode *
handle (const char     *name,
        const char     *data,
        gsize           len,
        const GError   *read_error,
        SlExtractParse  parse)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SlExtracted) extracted = NULL;
  g_autoptr(GError) error = read_error != NULL ? g_error_copy (read_error) : NULL;

  if (crash_on != NULL && strstr (name, crash_on) != NULL)
    abort ();
  if (hang_on != NULL && strstr (name, hang_on) != NULL)
    {
      volatile guint64 spin = 0;

      while (TRUE)
        spin++;
    }

  json_builder_begin_object (builder);
  if (data == NULL || !(extracted = sl_extract_data ((const guint8 *)data, len, &error)))
    {
      add_error (builder, error);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }

  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);

  if (parse == SL_EXTRACT_PARSE_RESUME)
    {
      g_autoptr(JsonNode) profile = NULL;

      if (extracted->json_resume != NULL && sl_json_resume_detect (extracted->json_resume))
        {
          g_autoptr(GError) map_error = NULL;

          profile = sl_json_resume_to_profile (extracted->json_resume, get_taxonomy (), &map_error);
          if (profile != NULL)
            {
              g_free (extracted->format);
              extracted->format = g_strdup ("json-resume");
            }
          else
            g_debug ("JSON Resume not mapped: %s", map_error->message);
        }
      if (profile == NULL)
        profile = sl_resume_parse (extracted->text, get_taxonomy ());
      json_builder_set_member_name (builder, "profile");
      json_builder_add_value (builder, g_steal_pointer (&profile));
    }
  else if (parse == SL_EXTRACT_PARSE_JOB)
    {
      json_builder_set_member_name (builder, "job");
      json_builder_add_value (builder, sl_job_parse (extracted->text, get_taxonomy ()));
    }

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, extracted->format);
  json_builder_set_member_name (builder, "mime_type");
  json_builder_add_string_value (builder, extracted->mime_type);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, extracted->pages);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, extracted->text);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Pictures of PDF pages for the candidate page: drawn here too, since
 * drawing a hostile PDF is as risky as reading it. */
static JsonNode *
handle_render (const char *data,
               gsize       len,
               int         page,
               double      scale)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) document = g_bytes_new_static (data, len);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;
  int n_pages = 0;

  json_builder_begin_object (builder);
  if (!(png = sl_extract_pdf_render (document, page, scale, &n_pages, &error)))
    {
      add_error (builder, error);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }
  encoded = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, n_pages);
  json_builder_set_member_name (builder, "png");
  json_builder_add_string_value (builder, encoded);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_full (int    fd,
           void  *buf,
           gsize  len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = read (fd, (char *)buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

static gboolean
write_full (int         fd,
            const void *buf,
            gsize       len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = write (fd, (const char *)buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += n;
    }
  return TRUE;
}

static gboolean
parse_mode (const char     *text,
            SlExtractParse *parse)
{
  if (text == NULL || g_str_equal (text, "none"))
    *parse = SL_EXTRACT_PARSE_NONE;
  else if (g_str_equal (text, "resume"))
    *parse = SL_EXTRACT_PARSE_RESUME;
  else if (g_str_equal (text, "job"))
    *parse = SL_EXTRACT_PARSE_JOB;
  else
    return FALSE;
  return TRUE;
}

/* The answer for a document that needs more memory than the limit allows,
 * prepared at start-up: when it is needed, nothing can be allocated. */
static char *out_of_memory_reply;
static gsize out_of_memory_reply_len;

static void
prepare_out_of_memory_reply (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "exiting");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "too_large");
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, _("Reading the file needs more memory than Shortlist allows"));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  len = strlen (text);

  out_of_memory_reply = g_malloc (len + 4);
  out_of_memory_reply[0] = len >> 24;
  out_of_memory_reply[1] = len >> 16;
  out_of_memory_reply[2] = len >> 8;
  out_of_memory_reply[3] = len;
  memcpy (out_of_memory_reply + 4, text, len);
  out_of_memory_reply_len = len + 4;
}

static gboolean write_full (int fd, const void *buf, gsize len);

/* GLib ends the process when an allocation fails; before it does, answer
 * that the document is too large and leave (the client starts another
 * worker), rather than look like a crash. */
static void
fatal_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        user_data)
{
  if (out_of_memory_reply != NULL && message != NULL && strstr (message, "failed to allocate") != NULL)
    {
      write_full (protocol_fd, out_of_memory_reply, out_of_memory_reply_len);
      _exit (0);
    }
  g_log_default_handler (domain, level, message, user_data);
}

static gboolean
send_message (const char *text)
{
  gsize len = strlen (text);
  guint8 header[4] = { len >> 24, len >> 16, len >> 8, len };

  return write_full (protocol_fd, header, 4) && write_full (protocol_fd, text, len);
}

static int
run_worker (void)
{
  prepare_out_of_memory_reply ();
  g_log_set_handler ("GLib", G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL, fatal_log_cb, NULL);

  /* Ready: the client's clock for each document starts after this, so
   * loading the taxonomy at start-up does not eat into the first file's time. */
  if (!send_message ("{\"ready\":true}"))
    return 2;

  while (TRUE)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonNode) response = NULL;
      g_autofree char *payload = NULL;
      g_autofree char *text = NULL;
      g_autofree char *document = NULL;
      guint8 header[4];
      guint32 len;
      gint64 size;
      JsonObject *request;
      SlExtractParse parse;

      if (!read_full (STDIN_FILENO, header, 4))
        return 0;
      len = (guint32)header[0] << 24 | header[1] << 16 | header[2] << 8 | header[3];
      if (len == 0 || len > SL_EXTRACT_MAX_MESSAGE)
        return 2;
      payload = g_malloc (len + 1);
      if (!read_full (STDIN_FILENO, payload, len))
        return 2;
      payload[len] = '\0';

      if (!json_parser_load_from_data (parser, payload, len, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return 2;
      request = json_node_get_object (json_parser_get_root (parser));
      size = json_object_get_int_member_with_default (request, "size", -1);
      if (size < 0 || size > SL_EXTRACT_MAX_FILE_SIZE ||
          !parse_mode (json_object_get_string_member_with_default (request, "parse", "none"), &parse))
        return 2;

      /* The document follows its header: this process opens no files. */
      document = g_malloc (size + 1);
      if (!read_full (STDIN_FILENO, document, size))
        return 2;
      document[size] = '\0';

      arm_cpu_limit ();
      if (g_strcmp0 (json_object_get_string_member_with_default (request, "op", "extract"), "render") == 0)
        response = handle_render (document, size,
                                  json_object_get_int_member_with_default (request, "page", 0),
                                  json_object_get_double_member_with_default (request, "scale", 1.0));
      else
        response = handle (json_object_get_string_member_with_default (request, "name", ""),
                           document, size, NULL, parse);
      text = json_to_string (response, FALSE);
      if (!send_message (text))
        return 2;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parse_text = NULL;
  gboolean worker = FALSE;
  int memory_mib = DEFAULT_MEMORY_MIB;
  SlExtractParse parse;
  const GOptionEntry entries[] = {
    { "worker", 0, 0, G_OPTION_ARG_NONE, &worker, "Serve length-prefixed JSON requests on stdin", NULL },
    { "parse", 0, 0, G_OPTION_ARG_STRING, &parse_text, "none, resume or job", "MODE" },
    { "max-memory", 0, 0, G_OPTION_ARG_INT, &memory_mib, "Memory for reading documents, in MiB", "MIB" },
    { "cpu-seconds", 0, 0, G_OPTION_ARG_INT, &cpu_seconds, "Processor time allowed per document", "SECONDS" },
    { "user-skills", 0, 0, G_OPTION_ARG_FILENAME, &user_skills, "More skills, in the taxonomy's format", "FILE" },
    { "test-crash-on", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &crash_on, NULL, NULL },
    { "test-hang-on", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &hang_on, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new ("[FILE…]");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || !parse_mode (parse_text, &parse))
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "unknown --parse mode");
      return 2;
    }

  /* Only the protocol goes to the real stdout; anything a library prints
   * lands on stderr. */
  protocol_fd = dup (STDOUT_FILENO);
  if (protocol_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return 2;

  cpu_seconds = CLAMP (cpu_seconds, 1, 3600);
  if (worker || parse != SL_EXTRACT_PARSE_NONE)
    get_taxonomy ();
  apply_limits (CLAMP (memory_mib, 16, 65536), worker);

  if (worker)
    return run_worker ();

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(JsonNode) result = NULL;
      g_autoptr(GError) read_error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *data = NULL;
      gsize len = 0;

      data = read_document (argv[i], &len, &read_error);
      arm_cpu_limit ();
      result = handle (argv[i], data, len, read_error, parse);
      text = json_to_string (result, FALSE);
      if (!write_full (protocol_fd, text, strlen (text)) || !write_full (protocol_fd, "\n", 1))
        return 2;
    }
  return 0;
}
