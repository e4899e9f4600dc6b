#define G_LOG_DOMAIN "sl-extract"

#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sl-extract.h"

/* DOCX and ODT: a zip container read with libarchive, under caps on the
 * number of entries and on the bytes inflated (zip bombs), and XML bodies
 * read with GMarkup, which knows no DTD and expands no entity except the
 * five predefined ones, so entity-expansion attacks fail as parse errors.
 * Nesting is capped as well. */

#define MAX_XML_ENTRY (16 * 1024 * 1024)

typedef struct
{
  GString  *out;
  GPtrArray *stack;        /* local element names, from known_names */
  int       skip_depth;    /* > 0 while inside something we do not read */
  gboolean  odt;
  gboolean  headers_only;  /* ODT styles.xml: only page headers and footers */
  int       in_header;     /* depth of style:header/footer nesting */
  gboolean  in_text;       /* DOCX w:t */
  int       in_paragraph;  /* ODT text:p / text:h */
} XmlState;

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

/* Element names are stored as pointers into this table, never interned:
 * a worker reads many untrusted documents, and GLib's interned strings are
 * never freed. Unknown names share the empty string. */
static const char * const known_names[] = {
  "", "r", "t", "p", "h", "tab", "br", "cr", "tc", "tr", "s", "Fallback", "delText",
  "instrText", "noBreakHyphen", "annotation", "tracked-changes", "line-break",
  "table-cell", "table-row", "header", "footer", "header-left", "footer-left",
  "header-first", "footer-first",
};

static const char *
known_name (const char *name)
{
  for (guint i = 1; i < G_N_ELEMENTS (known_names); i++)
    {
      if (strcmp (name, known_names[i]) == 0)
        return known_names[i];
    }
  return known_names[0];
}

static const char *
parent_name (XmlState *state)
{
  if (state->stack->len < 2)
    return "";
  return g_ptr_array_index (state->stack, state->stack->len - 2);
}

static void
trim_trailing_newline (GString *out)
{
  while (out->len > 0 && (out->str[out->len - 1] == '\n' || out->str[out->len - 1] == ' '))
    g_string_truncate (out, out->len - 1);
}

static gboolean
emitting (XmlState *state)
{
  return state->skip_depth == 0 && (!state->headers_only || state->in_header > 0);
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  XmlState *state = user_data;
  const char *name = known_name (local_name (element_name));

  g_ptr_array_add (state->stack, (gpointer)name);
  if (state->stack->len > SL_EXTRACT_MAX_XML_DEPTH)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "XML nested too deeply");
      return;
    }

  if (state->skip_depth > 0)
    {
      state->skip_depth++;
      return;
    }

  if (!state->odt)
    {
      /* mc:Fallback repeats the text of mc:Choice (text boxes); deleted
       * revisions and field codes are not what the reader sees. */
      if (g_str_equal (name, "Fallback") || g_str_equal (name, "delText") ||
          g_str_equal (name, "instrText"))
        state->skip_depth = 1;
      else if (g_str_equal (name, "t"))
        state->in_text = TRUE;
      else if (g_str_equal (parent_name (state), "r"))
        {
          if (g_str_equal (name, "tab"))
            g_string_append_c (state->out, '\t');
          else if (g_str_equal (name, "br") || g_str_equal (name, "cr"))
            g_string_append_c (state->out, '\n');
          else if (g_str_equal (name, "noBreakHyphen"))
            g_string_append_c (state->out, '-');
        }
      return;
    }

  if (g_str_equal (name, "header") || g_str_equal (name, "footer") ||
      g_str_equal (name, "header-left") || g_str_equal (name, "footer-left") ||
      g_str_equal (name, "header-first") || g_str_equal (name, "footer-first"))
    state->in_header++;
  if (g_str_equal (name, "annotation") || g_str_equal (name, "tracked-changes"))
    {
      state->skip_depth = 1;
      return;
    }
  if (!emitting (state))
    return;
  if (g_str_equal (name, "p") || g_str_equal (name, "h"))
    state->in_paragraph++;
  else if (g_str_equal (name, "tab"))
    g_string_append_c (state->out, '\t');
  else if (g_str_equal (name, "line-break"))
    g_string_append_c (state->out, '\n');
  else if (g_str_equal (name, "s"))
    {
      int count = 1;

      for (guint i = 0; attribute_names[i] != NULL; i++)
        {
          if (g_str_equal (local_name (attribute_names[i]), "c"))
            count = CLAMP (atoi (attribute_values[i]), 1, 100);
        }
      for (int i = 0; i < count; i++)
        g_string_append_c (state->out, ' ');
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  XmlState *state = user_data;
  const char *name = local_name (element_name);

  if (state->stack->len > 0)
    g_ptr_array_set_size (state->stack, state->stack->len - 1);

  if (state->skip_depth > 0)
    {
      state->skip_depth--;
      return;
    }

  if (!state->odt)
    {
      if (g_str_equal (name, "t"))
        state->in_text = FALSE;
      else if (g_str_equal (name, "p"))
        g_string_append_c (state->out, '\n');
      else if (g_str_equal (name, "tc"))
        {
          /* Cells of a row read left to right on one line. */
          trim_trailing_newline (state->out);
          g_string_append_c (state->out, '\t');
        }
      else if (g_str_equal (name, "tr"))
        {
          while (state->out->len > 0 && state->out->str[state->out->len - 1] == '\t')
            g_string_truncate (state->out, state->out->len - 1);
          g_string_append_c (state->out, '\n');
        }
      return;
    }

  if (emitting (state))
    {
      if (g_str_equal (name, "p") || g_str_equal (name, "h"))
        {
          state->in_paragraph = MAX (0, state->in_paragraph - 1);
          g_string_append_c (state->out, '\n');
        }
      else if (g_str_equal (name, "table-cell"))
        {
          trim_trailing_newline (state->out);
          g_string_append_c (state->out, '\t');
        }
      else if (g_str_equal (name, "table-row"))
        {
          while (state->out->len > 0 && state->out->str[state->out->len - 1] == '\t')
            g_string_truncate (state->out, state->out->len - 1);
          g_string_append_c (state->out, '\n');
        }
    }
  if (g_str_has_prefix (name, "header") || g_str_has_prefix (name, "footer"))
    state->in_header = MAX (0, state->in_header - 1);
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  XmlState *state = user_data;

  if (!emitting (state))
    return;
  if ((!state->odt && state->in_text) || (state->odt && state->in_paragraph > 0))
    g_string_append_len (state->out, text, text_len);
  if (state->out->len > SL_EXTRACT_MAX_TEXT)
    g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "too much text");
}

static void
passthrough_cb (GMarkupParseContext  *context,
                const char           *text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  /* Office documents never carry a DTD; one here is an attack or garbage. */
  if (text_len >= 9 && g_ascii_strncasecmp (text, "<!DOCTYPE", 9) == 0)
    g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                         "document type declarations are not allowed");
}

static const GMarkupParser xml_parser = {
  start_element_cb,
  end_element_cb,
  text_cb,
  passthrough_cb,
  NULL,
};

static char *
read_xml (const char  *xml,
          gsize        len,
          gboolean     odt,
          gboolean     headers_only,
          GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  XmlState state = { 0 };

  state.out = out;
  state.stack = stack;
  state.odt = odt;
  state.headers_only = headers_only;

  /* Office XML is UTF-8 without NUL bytes. Checking first also avoids
   * GLib 2.74's GMarkup, which on some invalid UTF-8 reports one error
   * over another. */
  if (memchr (xml, '\0', len) != NULL || !g_utf8_validate (xml, len, NULL))
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                           _("The document’s XML is malformed (it is not UTF-8 text)"));
      return NULL;
    }

  context = g_markup_parse_context_new (&xml_parser, 0, &state, NULL);
  if (!g_markup_parse_context_parse (context, xml, len, &local_error) || local_error != NULL ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      if (out->len > SL_EXTRACT_MAX_TEXT)
        return g_string_free (g_steal_pointer (&out), FALSE);
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                   _("The document’s XML is malformed (%s)"), local_error->message);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sl_extract_docx_xml (const char  *xml,
                     gsize        len,
                     GError     **error)
{
  return read_xml (xml, len, FALSE, FALSE, error);
}

char *
sl_extract_odt_xml (const char  *xml,
                    gsize        len,
                    gboolean     headers_only,
                    GError     **error)
{
  return read_xml (xml, len, TRUE, headers_only, error);
}

static gboolean
wanted_entry (const char *name)
{
  return g_str_equal (name, "word/document.xml") ||
         (g_str_has_prefix (name, "word/header") && g_str_has_suffix (name, ".xml")) ||
         (g_str_has_prefix (name, "word/footer") && g_str_has_suffix (name, ".xml")) ||
         g_str_equal (name, "content.xml") ||
         g_str_equal (name, "styles.xml") ||
         g_str_equal (name, "mimetype");
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
free_archive (struct archive *archive)
{
  archive_read_free (archive);
}

typedef struct archive SlArchive;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlArchive, free_archive)

char *
sl_extract_office (const guint8  *data,
                   gsize          len,
                   const char   **format,
                   GError       **error)
{
  g_autoptr(SlArchive) archive = archive_read_new ();
  g_autoptr(GHashTable) entries = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                         g_free, (GDestroyNotify)g_bytes_unref);
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GPtrArray) footers = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  struct archive_entry *entry;
  gsize total = 0;
  guint n_entries = 0;
  GBytes *body;
  int rc;

  archive_read_support_format_zip (archive);
  if (archive_read_open_memory (archive, data, len) != ARCHIVE_OK)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                   _("The document’s container is damaged (%s)"), archive_error_string (archive));
      return NULL;
    }

  while ((rc = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      g_autoptr(GByteArray) buffer = NULL;
      char chunk[64 * 1024];
      la_ssize_t n;

      if (++n_entries > SL_EXTRACT_MAX_ZIP_ENTRIES)
        {
          g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                       _("The document holds more than %d parts"), SL_EXTRACT_MAX_ZIP_ENTRIES);
          return NULL;
        }
      if (name == NULL || !wanted_entry (name))
        {
          archive_read_data_skip (archive);
          continue;
        }
      if (archive_entry_is_encrypted (entry))
        {
          g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_ENCRYPTED,
                               _("The document is protected by a password"));
          return NULL;
        }

      buffer = g_byte_array_new ();
      while ((n = archive_read_data (archive, chunk, sizeof chunk)) > 0)
        {
          total += n;
          if (buffer->len + n > MAX_XML_ENTRY || total > SL_EXTRACT_MAX_UNCOMPRESSED)
            {
              g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                           _("The document inflates to more than %d MiB"),
                           MAX_XML_ENTRY / (1024 * 1024));
              return NULL;
            }
          g_byte_array_append (buffer, (const guint8 *)chunk, n);
        }
      if (n < 0)
        {
          g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                       _("A part of the document is damaged (%s)"), archive_error_string (archive));
          return NULL;
        }
      g_hash_table_replace (entries, g_strdup (name), g_byte_array_free_to_bytes (g_steal_pointer (&buffer)));
    }
  if (rc != ARCHIVE_EOF)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                   _("The document’s container is damaged (%s)"), archive_error_string (archive));
      return NULL;
    }

  if ((body = g_hash_table_lookup (entries, "word/document.xml")) != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      *format = "docx";
      g_hash_table_iter_init (&iter, entries);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          if (g_str_has_prefix (key, "word/header"))
            g_ptr_array_add (headers, key);
          else if (g_str_has_prefix (key, "word/footer"))
            g_ptr_array_add (footers, key);
        }
      g_ptr_array_sort (headers, compare_names);
      g_ptr_array_sort (footers, compare_names);

      /* Reading order: page headers (often name and contacts), body, footers. */
      for (guint i = 0; i < headers->len + 1 + footers->len; i++)
        {
          GBytes *part;
          g_autofree char *text = NULL;
          gsize size;
          const char *xml;

          if (i < headers->len)
            part = g_hash_table_lookup (entries, g_ptr_array_index (headers, i));
          else if (i == headers->len)
            part = body;
          else
            part = g_hash_table_lookup (entries, g_ptr_array_index (footers, i - headers->len - 1));
          xml = g_bytes_get_data (part, &size);
          if (!(text = sl_extract_docx_xml (xml, size, error)))
            return NULL;
          g_string_append (out, text);
          g_string_append_c (out, '\n');
        }
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  if ((body = g_hash_table_lookup (entries, "content.xml")) != NULL)
    {
      GBytes *mimetype = g_hash_table_lookup (entries, "mimetype");
      GBytes *styles = g_hash_table_lookup (entries, "styles.xml");
      g_autofree char *text = NULL;
      g_autofree char *header_text = NULL;
      const char *xml;
      gsize size;

      if (mimetype != NULL)
        {
          const char *type = g_bytes_get_data (mimetype, &size);

          if (size < 39 || strncmp (type, "application/vnd.oasis.opendocument.text", 39) != 0)
            {
              g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED,
                                   _("Only OpenDocument text documents are supported, not spreadsheets or slides"));
              return NULL;
            }
        }
      *format = "odt";
      if (styles != NULL)
        {
          xml = g_bytes_get_data (styles, &size);
          if (!(header_text = sl_extract_odt_xml (xml, size, TRUE, error)))
            return NULL;
          g_string_append (out, header_text);
        }
      xml = g_bytes_get_data (body, &size);
      if (!(text = sl_extract_odt_xml (xml, size, FALSE, error)))
        return NULL;
      g_string_append (out, text);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED,
                       _("The zip archive is not a DOCX or ODT document"));
  return NULL;
}
