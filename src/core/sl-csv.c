#define G_LOG_DOMAIN "sl-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "sl-csv.h"

G_DEFINE_QUARK (sl-csv-error-quark, sl_csv_error)

void
sl_csv_limits_init (SlCsvLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_bytes = SL_CSV_DEFAULT_MAX_BYTES;
  limits->max_rows = SL_CSV_DEFAULT_MAX_ROWS;
  limits->max_fields = SL_CSV_DEFAULT_MAX_FIELDS;
  limits->max_field_bytes = SL_CSV_DEFAULT_MAX_FIELD_BYTES;
}

static gboolean
finish_field (GPtrArray          *record,
              GString            *field,
              const SlCsvLimits  *limits,
              guint               line,
              GError            **error)
{
  if (record->len >= limits->max_fields)
    {
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE,
                   _("Line %u has more than %u fields"), line, limits->max_fields);
      return FALSE;
    }
  g_ptr_array_add (record, g_strndup (field->str, field->len));
  g_string_truncate (field, 0);
  return TRUE;
}

static gboolean
finish_record (GPtrArray          *rows,
               GPtrArray         **record,
               const SlCsvLimits  *limits,
               guint               line,
               GError            **error)
{
  GPtrArray *done = *record;
  guint expected;

  if (rows->len >= limits->max_rows)
    {
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE,
                   _("The file has more than %u rows"), limits->max_rows);
      return FALSE;
    }
  if (rows->len > 0)
    {
      expected = g_strv_length (g_ptr_array_index (rows, 0));
      if (done->len != expected)
        {
          g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_COLUMNS,
                       _("Line %u has %u fields, but the header has %u"),
                       line, done->len, expected);
          return FALSE;
        }
    }
  g_ptr_array_add (done, NULL);
  g_ptr_array_add (rows, g_ptr_array_free (done, FALSE));
  *record = g_ptr_array_new_with_free_func (g_free);
  return TRUE;
}

GPtrArray *
sl_csv_parse (const char         *data,
              gsize               length,
              const SlCsvLimits  *limits,
              GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) record = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  SlCsvLimits defaults;
  gboolean quoted = FALSE;      /* inside a quoted field */
  gboolean was_quoted = FALSE;  /* the current field had quotes: only a separator may follow */
  gboolean in_record = FALSE;
  guint line = 1;
  guint record_line = 1;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (limits == NULL)
    {
      sl_csv_limits_init (&defaults);
      limits = &defaults;
    }

  if (length > limits->max_bytes)
    {
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than %" G_GSIZE_FORMAT " bytes"), limits->max_bytes);
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, SL_CSV_ERROR, SL_CSV_ERROR_ENCODING,
                           _("The file is not UTF-8 text"));
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;

  for (; i < length; i++)
    {
      char c = data[i];

      if (!in_record)
        {
          in_record = TRUE;
          record_line = line;
        }

      if (quoted)
        {
          if (c == '"')
            {
              if (i + 1 < length && data[i + 1] == '"')
                {
                  g_string_append_c (field, '"');
                  i++;
                }
              else
                quoted = FALSE;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
        }
      else if (c == ',')
        {
          if (!finish_field (record, field, limits, record_line, error))
            return NULL;
          was_quoted = FALSE;
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && i + 1 < length && data[i + 1] == '\n')
            i++;
          if (!finish_field (record, field, limits, record_line, error) ||
              !finish_record (rows, &record, limits, record_line, error))
            return NULL;
          was_quoted = FALSE;
          in_record = FALSE;
          line++;
        }
      else if (c == '"')
        {
          if (field->len > 0 || was_quoted)
            {
              g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_SYNTAX,
                           _("Line %u has a quote inside an unquoted field"), line);
              return NULL;
            }
          quoted = TRUE;
          was_quoted = TRUE;
        }
      else
        {
          if (was_quoted)
            {
              g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_SYNTAX,
                           _("Line %u has text after a closing quote"), line);
              return NULL;
            }
          g_string_append_c (field, c);
        }

      if (field->len > limits->max_field_bytes)
        {
          g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE,
                       _("Line %u has a field longer than %" G_GSIZE_FORMAT " bytes"),
                       record_line, limits->max_field_bytes);
          return NULL;
        }
    }

  if (quoted)
    {
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_SYNTAX,
                   _("Line %u opens a quoted field that never closes"), record_line);
      return NULL;
    }
  if (in_record)
    {
      if (!finish_field (record, field, limits, record_line, error) ||
          !finish_record (rows, &record, limits, record_line, error))
        return NULL;
    }
  if (rows->len == 0)
    {
      g_set_error_literal (error, SL_CSV_ERROR, SL_CSV_ERROR_EMPTY,
                           _("The file is empty: a header line is needed"));
      return NULL;
    }

  return g_steal_pointer (&rows);
}

GPtrArray *
sl_csv_parse_file (const char         *path,
                   const SlCsvLimits  *limits,
                   GError            **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *contents = NULL;
  SlCsvLimits defaults;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (limits == NULL)
    {
      sl_csv_limits_init (&defaults);
      limits = &defaults;
    }

  /* Check the size before reading, so a huge file is refused without loading it. */
  file = g_file_new_for_path (path);
  if (!(info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                  G_FILE_QUERY_INFO_NONE, NULL, error)))
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file"), path);
      return NULL;
    }
  if ((guint64)g_file_info_get_size (info) > limits->max_bytes)
    {
      g_set_error (error, SL_CSV_ERROR, SL_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than %" G_GSIZE_FORMAT " bytes"), limits->max_bytes);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return sl_csv_parse (contents, length, limits, error);
}

void
sl_csv_append_field (GString    *out,
                     const char *field,
                     gboolean    first)
{
  g_return_if_fail (out != NULL);

  if (!first)
    g_string_append_c (out, ',');
  if (field == NULL)
    return;

  /* A leading byte order mark is quoted, or a reader would take it for the file's. */
  if (strpbrk (field, ",\"\r\n") != NULL || g_str_has_prefix (field, "\xEF\xBB\xBF"))
    {
      g_string_append_c (out, '"');
      for (const char *p = field; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, field);
}

void
sl_csv_append_row (GString            *out,
                   const char * const *fields,
                   gsize               n_fields)
{
  g_return_if_fail (out != NULL);

  for (gsize i = 0; i < n_fields; i++)
    sl_csv_append_field (out, fields[i], i == 0);
  g_string_append (out, "\r\n");
}
