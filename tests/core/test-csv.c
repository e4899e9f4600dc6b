#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "sl-csv.h"

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  return sl_csv_parse (text, strlen (text), NULL, error);
}

static void
assert_row (GPtrArray          *rows,
            guint               index,
            const char * const *expected)
{
  char **row;

  g_assert_cmpuint (index, <, rows->len);
  row = g_ptr_array_index (rows, index);
  g_assert_cmpstrv (row, expected);
}

static void
test_csv_simple (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = parse ("job,candidate,decision\n1,2,shortlist\n3,,reject", &error);
  const char * const header[] = { "job", "candidate", "decision", NULL };
  const char * const first[] = { "1", "2", "shortlist", NULL };
  const char * const second[] = { "3", "", "reject", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, header);
  assert_row (rows, 1, first);
  assert_row (rows, 2, second);
}

static void
test_csv_quoting (void)
{
  g_autoptr(GError) error = NULL;
  /* A byte order mark, CRLF, a quoted comma, doubled quotes, a line break inside a field. */
  g_autoptr(GPtrArray) rows =
    parse ("\xEF\xBB\xBF" "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",\"\"\r\n", &error);
  const char * const header[] = { "a", "b", NULL };
  const char * const first[] = { "x, y", "say \"hi\"", NULL };
  const char * const second[] = { "two\nlines", "", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, header);
  assert_row (rows, 1, first);
  assert_row (rows, 2, second);
}

static void
test_csv_round_trip (void)
{
  const char * const records[][4] = {
    { "plain", "with,comma", "with \"quotes\"", "line\r\nbreak" },
    { "", "ünïcödé ✓", "\"", "," },
    { "trailing space ", " leading", "=1+2", "last" },
    { "\xEF\xBB\xBF" "starts with a byte order mark", "", "", "" },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  /* The record with the byte order mark first, where a reader would skip it. */
  sl_csv_append_row (out, records[3], 4);
  for (guint i = 0; i < 3; i++)
    sl_csv_append_row (out, records[i], 4);
  rows = sl_csv_parse (out->str, out->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (records));
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      char **row = g_ptr_array_index (rows, i);
      guint r = (i + 3) % 4;

      g_assert_cmpuint (g_strv_length (row), ==, 4);
      for (guint j = 0; j < 4; j++)
        g_assert_cmpstr (row[j], ==, records[r][j]);
    }
}

static void
assert_fails (const char *text,
              gsize       length,
              int         code,
              const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = sl_csv_parse (text, length, NULL, &error);

  g_assert_null (rows);
  g_assert_error (error, SL_CSV_ERROR, code);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_csv_hostile (void)
{
  assert_fails ("a,b\n1,\"open\n", strlen ("a,b\n1,\"open\n"), SL_CSV_ERROR_SYNTAX, "Line 2");
  assert_fails ("a,b\n1,x\"y\n", strlen ("a,b\n1,x\"y\n"), SL_CSV_ERROR_SYNTAX, "Line 2");
  assert_fails ("a,b\n\"1\"x,2\n", strlen ("a,b\n\"1\"x,2\n"), SL_CSV_ERROR_SYNTAX, "Line 2");
  assert_fails ("a,b\n1,2\n3\n", strlen ("a,b\n1,2\n3\n"), SL_CSV_ERROR_COLUMNS, "Line 3");
  assert_fails ("a,b\n1,2,3\n", strlen ("a,b\n1,2,3\n"), SL_CSV_ERROR_COLUMNS, "Line 2");
  assert_fails ("a,b\n1,\xff\n", strlen ("a,b\n1,\xff\n"), SL_CSV_ERROR_ENCODING, NULL);
  assert_fails ("a,b\n1,\0002\n", 8, SL_CSV_ERROR_ENCODING, NULL);
  assert_fails ("", 0, SL_CSV_ERROR_EMPTY, NULL);
}

static void
test_csv_limits (void)
{
  g_autoptr(GString) big = g_string_new ("a\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  SlCsvLimits limits;

  sl_csv_limits_init (&limits);
  limits.max_rows = 3;
  rows = sl_csv_parse ("a\n1\n2\n3\n", 8, &limits, &error);
  g_assert_null (rows);
  g_assert_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  sl_csv_limits_init (&limits);
  limits.max_fields = 2;
  rows = sl_csv_parse ("a,b,c\n", 6, &limits, &error);
  g_assert_null (rows);
  g_assert_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  sl_csv_limits_init (&limits);
  limits.max_field_bytes = 4;
  rows = sl_csv_parse ("a\n\"12345\"\n", 10, &limits, &error);
  g_assert_null (rows);
  g_assert_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A huge file is refused by its size, before it is read. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (big, "1234567890\n");
  sl_csv_limits_init (&limits);
  limits.max_bytes = 1024;
  dir = g_dir_make_tmp ("test-csv-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "big.csv", NULL);
  g_file_set_contents (path, big->str, big->len, &error);
  g_assert_no_error (error);
  rows = sl_csv_parse_file (path, &limits, &error);
  g_assert_null (rows);
  g_assert_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE);
  g_clear_error (&error);

  limits.max_bytes = big->len;
  rows = sl_csv_parse_file (path, &limits, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1001);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/csv/simple", test_csv_simple);
  g_test_add_func ("/sl/csv/quoting", test_csv_quoting);
  g_test_add_func ("/sl/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/sl/csv/hostile", test_csv_hostile);
  g_test_add_func ("/sl/csv/limits", test_csv_limits);

  return g_test_run ();
}
