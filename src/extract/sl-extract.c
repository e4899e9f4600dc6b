#define G_LOG_DOMAIN "sl-extract"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-extract.h"

/* Windows-1252 for 0x80–0x9F; the rest of Latin-1 maps one to one. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

void
sl_extracted_free (SlExtracted *extracted)
{
  if (extracted == NULL)
    return;
  g_free (extracted->format);
  g_free (extracted->mime_type);
  g_free (extracted->text);
  g_clear_pointer (&extracted->json_resume, json_node_unref);
  g_free (extracted);
}

char *
sl_extract_normalize (const char *text)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (text) + 1);
  g_autofree char *nfc = NULL;
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      if (c == 0xFEFF || c == 0xFFFD)
        continue;
      if (c == 0x00A0)
        c = ' ';
      if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c < 0xA0) ||
          (g_unichar_type (c) == G_UNICODE_FORMAT && c != 0x200D) ||
          g_unichar_type (c) == G_UNICODE_SURROGATE || g_unichar_type (c) == G_UNICODE_UNASSIGNED)
        continue;
      g_string_append_unichar (out, c);
      if (out->len >= SL_EXTRACT_MAX_TEXT)
        break;
    }

  nfc = g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
  return nfc != NULL ? g_steal_pointer (&nfc) : g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
decode_latin1 (const guint8 *data,
               gsize         len)
{
  GString *out = g_string_sized_new (len + len / 4 + 1);

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];

      if (b < 0x80)
        g_string_append_c (out, b);
      else if (b < 0xA0)
        g_string_append_unichar (out, cp1252_high[b - 0x80]);
      else
        g_string_append_unichar (out, b);
    }
  return g_string_free (out, FALSE);
}

static char *
decode_utf16 (const guint8  *data,
              gsize          len,
              gboolean       big_endian,
              GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (len + 1);

  for (gsize i = 0; i + 1 < len; i += 2)
    {
      gunichar c = big_endian ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);

      if (c >= 0xD800 && c < 0xDC00 && i + 3 < len)
        {
          gunichar lo = big_endian ? (data[i + 2] << 8 | data[i + 3]) : (data[i + 3] << 8 | data[i + 2]);

          if (lo >= 0xDC00 && lo < 0xE000)
            {
              c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
              i += 2;
            }
          else
            c = 0xFFFD;
        }
      else if (c >= 0xD800 && c < 0xE000)
        c = 0xFFFD;
      if (c == 0)
        {
          g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED,
                               _("The file looks like binary data, not text"));
          return NULL;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sl_extract_decode_text (const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  gsize n_controls = 0;
  gsize even_nuls = 0;
  gsize odd_nuls = 0;

  if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      data += 3;
      len -= 3;
    }
  else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    return decode_utf16 (data + 2, len - 2, FALSE, error);
  else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    return decode_utf16 (data + 2, len - 2, TRUE, error);

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = data[i];

      if (b == 0)
        {
          if (i % 2 == 0)
            even_nuls++;
          else
            odd_nuls++;
        }
      else if ((b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') || b == 0x7F)
        n_controls++;
    }

  /* UTF-16 without a byte order mark: every other byte of ASCII text is 0. */
  if (len >= 4 && odd_nuls > len / 4 && even_nuls == 0)
    return decode_utf16 (data, len, FALSE, error);
  if (len >= 4 && even_nuls > len / 4 && odd_nuls == 0)
    return decode_utf16 (data, len, TRUE, error);

  if (even_nuls + odd_nuls > 0 || n_controls > len / 100 + 1)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED,
                           _("The file looks like binary data, not text"));
      return NULL;
    }

  if (g_utf8_validate ((const char *)data, len, NULL))
    return g_strndup ((const char *)data, len);

  /* Not UTF-8: the common single-byte encoding of older editors. */
  return decode_latin1 (data, len);
}

static gboolean
has_prefix_after_space (const guint8 *data,
                        gsize         len,
                        const char   *prefix)
{
  gsize n = strlen (prefix);
  gsize i = 0;

  while (i < len && i < 1024 && g_ascii_isspace (data[i]))
    i++;
  return len - i >= n && memcmp (data + i, prefix, n) == 0;
}

static gboolean
find_in_head (const guint8 *data,
              gsize         len,
              const char   *needle)
{
  gsize n = strlen (needle);
  gsize limit = MIN (len, 1024);

  for (gsize i = 0; i + n <= limit; i++)
    {
      if (memcmp (data + i, needle, n) == 0)
        return TRUE;
    }
  return FALSE;
}

/* JSON nesting deeper than this is not a resume, and would only make the
 * recursive parser dig deep into the stack. */
#define MAX_JSON_DEPTH 64

static gboolean
json_depth_ok (const char *text)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if (*p == '}' || *p == ']')
        depth--;
    }
  return TRUE;
}

static void
flatten_json (JsonNode *node,
              GString  *out)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, &member))
          {
            /* Links and pictures are not words anyone searches for. */
            if (g_strcmp0 (name, "image") == 0 || g_strcmp0 (name, "picture") == 0)
              continue;
            flatten_json (member, out);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          flatten_json (json_array_get_element (array, i), out);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (node);

          if (s != NULL && s[0] != '\0')
            {
              g_string_append (out, s);
              g_string_append_c (out, '\n');
            }
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

SlExtracted *
sl_extract_data (const guint8  *data,
                 gsize          len,
                 GError       **error)
{
  g_autoptr(SlExtracted) result = g_new0 (SlExtracted, 1);
  g_autofree char *raw = NULL;

  if (len == 0)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_EMPTY, _("The file is empty"));
      return NULL;
    }
  if (len > SL_EXTRACT_MAX_FILE_SIZE)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MiB"), SL_EXTRACT_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  if (find_in_head (data, len, "%PDF-"))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (data, len);

      result->format = g_strdup ("pdf");
      result->mime_type = g_strdup ("application/pdf");
      if (!(raw = sl_extract_pdf (bytes, &result->pages, error)))
        return NULL;
    }
  else if (len >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    {
      const char *format = NULL;

      if (!(raw = sl_extract_office (data, len, &format, error)))
        return NULL;
      result->format = g_strdup (format);
      result->mime_type = g_strdup (g_str_equal (format, "docx")
                                    ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                                    : "application/vnd.oasis.opendocument.text");
    }
  else if (has_prefix_after_space (data, len, "{\\rtf"))
    {
      result->format = g_strdup ("rtf");
      result->mime_type = g_strdup ("application/rtf");
      if (!(raw = sl_extract_rtf (data, len, error)))
        return NULL;
    }
  else
    {
      g_autofree char *decoded = NULL;

      if (!(decoded = sl_extract_decode_text (data, len, error)))
        return NULL;

      g_strstrip (decoded);
      if (decoded[0] == '{' && json_depth_ok (decoded))
        {
          g_autoptr(JsonParser) parser = json_parser_new_immutable ();
          JsonNode *root;

          if (json_parser_load_from_data (parser, decoded, -1, NULL) &&
              (root = json_parser_get_root (parser)) != NULL &&
              JSON_NODE_HOLDS_OBJECT (root))
            {
              g_autoptr(GString) flat = g_string_new (NULL);

              flatten_json (root, flat);
              result->json_resume = json_node_copy (root);
              result->format = g_strdup ("json");
              result->mime_type = g_strdup ("application/json");
              raw = g_string_free (g_steal_pointer (&flat), FALSE);
            }
        }
      if (raw == NULL)
        {
          result->format = g_strdup ("text");
          result->mime_type = g_strdup ("text/plain");
          raw = g_steal_pointer (&decoded);
        }
    }

  result->text = sl_extract_normalize (raw);
  if (is_blank (result->text))
    {
      if (g_str_equal (result->format, "text"))
        g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_EMPTY,
                             _("The file contains only white space"));
      else
        g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NO_TEXT,
                             _("The document has no text layer (is it a scan?)"));
      return NULL;
    }

  return g_steal_pointer (&result);
}
