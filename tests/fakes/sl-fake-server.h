/* Starts one of the Node fakes in this directory from a C test: on
 * 127.0.0.1, a free port, stopped when the test ends (its stdin closes). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define FAKE_ACCESS_KEY "AKIDSHORTLISTTEST"
#define FAKE_SECRET_KEY "shortlist/test/secret/KEY0123456789abcdef"
#define FAKE_TOKEN      "FwoGZXIvYXdzEShortlistTestSessionToken0123456789"

typedef struct
{
  GSubprocess *process;
  guint        port;
  char        *base_url;
} FakeServer;

static inline void
fake_server_stop (FakeServer *server)
{
  if (server == NULL)
    return;
  if (server->process != NULL)
    {
      g_output_stream_close (g_subprocess_get_stdin_pipe (server->process), NULL, NULL);
      if (!g_subprocess_wait (server->process, NULL, NULL))
        g_subprocess_force_exit (server->process);
      g_clear_object (&server->process);
    }
  g_free (server->base_url);
  g_free (server);
}

/* Returns NULL (and marks the test skipped) when node is not installed. */
static inline FakeServer *
fake_server_start (const char *script,
                   const char *session_token)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fakes", NULL);
  g_autofree char *modules = g_build_filename (dir, "node_modules", "@smithy", "signature-v4",
                                               NULL);
  g_autofree char *path = g_build_filename (dir, script, NULL);
  g_autofree char *line = NULL;
  FakeServer *server;

  if (node == NULL)
    {
      g_test_skip ("node is not installed");
      return NULL;
    }
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    g_error ("The test servers are not installed: run “npm ci” in %s", dir);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "FAKE_AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "FAKE_AWS_SECRET_ACCESS_KEY", FAKE_SECRET_KEY, TRUE);
  if (session_token != NULL)
    g_subprocess_launcher_setenv (launcher, "FAKE_AWS_SESSION_TOKEN", session_token, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "FAKE_AWS_SESSION_TOKEN");

  server = g_new0 (FakeServer, 1);
  server->process = g_subprocess_launcher_spawn (launcher, &error, node, path, NULL);
  g_assert_no_error (error);

  /* The server prints its port once it listens: no polling, no sleeping. */
  input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  server->port = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)),
                                             "port");
  g_assert_cmpuint (server->port, >, 0);
  server->base_url = g_strdup_printf ("http://127.0.0.1:%u", server->port);

  return server;
}

/* A control request to the fake (/__count/NAME, /__offline/on, …). */
static inline JsonObject *
fake_server_control (FakeServer *server,
                     const char *method,
                     const char *path)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (g_bytes_get_size (body) == 0)
    return json_object_new ();
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeServer, fake_server_stop)
