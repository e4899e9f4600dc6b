#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <string.h>

#include "sl-doc-gen.h"

static const char * const first_names[] = {
  "Amara", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas",
  "Keiko", "Lars", "Maya", "Nikos", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara",
};
static const char * const last_names[] = {
  "Abbott", "Brennan", "Castillo", "Dvorak", "Eriksen", "Fontaine", "Garcia", "Haddad",
  "Ivanova", "Jensen", "Kowalski", "Lindgren", "Moreau", "Nakamura", "Okafor", "Petrov",
  "Quintero", "Rossi", "Schmidt", "Tanaka",
};
static const char * const titles[] = {
  "Software Engineer", "Data Scientist", "Registered Nurse", "Accountant",
  "Product Manager", "DevOps Engineer", "UX Designer", "Marketing Manager",
};
static const char * const companies[] = {
  "Northwind Labs", "Bluefin Analytics", "Cedar Health", "Granite Finance",
  "Orbit Systems", "Willow Studio", "Summit Logistics", "Harbor Media",
};
static const char * const skill_sets[][4] = {
  { "Python", "Django", "PostgreSQL", "Docker" },
  { "Python", "Machine learning", "SQL", "Pandas" },
  { "Patient care", "Critical care", "Infection control", "Telemetry" },
  { "Accounting", "Bookkeeping", "Excel", "Financial reporting" },
  { "Product management", "Agile", "Scrum", "Roadmapping" },
  { "Kubernetes", "Terraform", "AWS", "CI/CD" },
  { "Figma", "User research", "Prototyping", "UX design" },
  { "SEO", "Content marketing", "Google Analytics", "Copywriting" },
};
static const char * const months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

SlGenResume *
sl_gen_resume_new (guint index)
{
  SlGenResume *r = g_new0 (SlGenResume, 1);
  const char *first = first_names[index % G_N_ELEMENTS (first_names)];
  const char *last = last_names[(index / G_N_ELEMENTS (first_names) + index) % G_N_ELEMENTS (last_names)];
  guint kind = index % G_N_ELEMENTS (titles);
  guint start_year = 2012 + index % 9;
  guint start_month = index % 12;
  g_autofree char *skills_line = NULL;
  g_autofree char *email = NULL;

  r->name = g_strdup_printf ("%s %s", first, last);
  email = g_strdup_printf ("%s.%s.%u@example.com", first, last, index);
  r->email = g_ascii_strdown (email, -1);
  r->phone = g_strdup_printf ("+1 (555) 010-%04u", 1000 + index % 9000);
  r->phone_digits = g_strdup_printf ("+1555010%04u", 1000 + index % 9000);
  r->title = g_strdup (titles[kind]);
  r->company = g_strdup (companies[(kind + index / 8) % G_N_ELEMENTS (companies)]);
  r->start = g_strdup_printf ("%04u-%02u", start_year, start_month + 1);
  for (guint i = 0; i < 4; i++)
    r->skills[i] = g_strdup (skill_sets[kind][i]);
  skills_line = g_strjoin (", ", r->skills[0], r->skills[1], r->skills[2], r->skills[3], NULL);

  r->sidebar = g_strdup_printf ("CONTACT\n%s\n%s\nSpringfield, IL\n\nSKILLS\n%s\n%s\n%s\n%s\n\n"
                                "EDUCATION\nBachelor of Science\nState University, %u\n",
                                r->email, r->phone,
                                r->skills[0], r->skills[1], r->skills[2], r->skills[3],
                                start_year - 1);
  r->main = g_strdup_printf ("SUMMARY\n%s with a record of shipping work\nthat people rely on every day.\n\n"
                             "EXPERIENCE\n%s, %s\n%s %u – Present\n"
                             "Led a team of four and cut costs by 20%%.\n"
                             "Junior %s, Acme Corporation\nJun %u – %s %u\n"
                             "Supported daily operations.\n",
                             r->title, r->title, r->company, months[start_month], start_year,
                             r->title, start_year - 3,
                             months[(start_month + 11) % 12], start_month == 0 ? start_year - 1 : start_year);
  r->text = g_strdup_printf ("%s\n%s\n%s | %s | Springfield, IL\n\n%s\nSKILLS\n%s\n\n"
                             "EDUCATION\nBachelor of Science, State University, %u\n",
                             r->name, r->title, r->email, r->phone, r->main, skills_line, start_year - 1);
  return r;
}

void
sl_gen_resume_free (SlGenResume *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r->email);
  g_free (r->phone);
  g_free (r->phone_digits);
  g_free (r->title);
  g_free (r->company);
  g_free (r->start);
  for (guint i = 0; i < 4; i++)
    g_free (r->skills[i]);
  g_free (r->text);
  g_free (r->sidebar);
  g_free (r->main);
  g_free (r);
}

/* PDF */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
new_pdf (GByteArray *out)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_cb, out, 595, 842);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, "2020-01-01T00:00:00");
  return surface;
}

static void
draw_lines (cairo_t    *cr,
            const char *text,
            double      x,
            double      y,
            double      line_height)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      cairo_move_to (cr, x, y + i * line_height);
      cairo_show_text (cr, lines[i]);
    }
}

/* Lines of text broken at spaces to fit width, as a word processor would. */
static GPtrArray *
wrap_lines (cairo_t    *cr,
            const char *text,
            double      width)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;
      g_autoptr(GString) line = NULL;

      /* Table rows keep their cells on one line (see show_line). */
      if (strchr (lines[i], '\t') != NULL)
        {
          g_ptr_array_add (out, g_strdup (lines[i]));
          continue;
        }
      words = g_strsplit (lines[i], " ", -1);
      line = g_string_new (NULL);

      for (guint j = 0; words[j] != NULL; j++)
        {
          g_autofree char *candidate = line->len > 0 ? g_strconcat (line->str, " ", words[j], NULL)
                                                     : g_strdup (words[j]);
          cairo_text_extents_t extents;

          cairo_text_extents (cr, candidate, &extents);
          if (extents.x_advance > width && line->len > 0)
            {
              g_ptr_array_add (out, g_strdup (line->str));
              g_string_assign (line, words[j]);
            }
          else
            g_string_assign (line, candidate);
        }
      g_ptr_array_add (out, g_string_free (g_steal_pointer (&line), FALSE));
    }
  return out;
}

/* A line; tab-separated cells are laid out as a table row across width. */
static void
show_line (cairo_t    *cr,
           const char *line,
           double      x,
           double      y,
           double      width)
{
  g_auto(GStrv) cells = g_strsplit (line, "\t", -1);
  guint n = g_strv_length (cells);

  for (guint i = 0; i < n; i++)
    {
      cairo_move_to (cr, x + i * (width / MAX (n, 1)), y);
      cairo_show_text (cr, cells[i]);
    }
}

#define PAGE_WIDTH   595.0
#define PAGE_HEIGHT  842.0
#define LINE_HEIGHT  13.0
#define BOTTOM       800.0

GBytes *
sl_gen_pdf (const char *header,
            const char *left,
            const char *right)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = new_pdf (out);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(GPtrArray) left_lines = NULL;
  g_autoptr(GPtrArray) right_lines = NULL;
  double left_x = right == NULL ? 50 : 40;
  double left_width = right == NULL ? PAGE_WIDTH - 100 : 200;
  double right_x = 270;
  double right_width = PAGE_WIDTH - 40 - right_x;
  double top = 60;
  guint left_done = 0;
  guint right_done = 0;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  left_lines = wrap_lines (cr, left, left_width);
  right_lines = right != NULL ? wrap_lines (cr, right, right_width) : g_ptr_array_new ();

  if (header != NULL)
    {
      cairo_set_font_size (cr, 20);
      cairo_move_to (cr, 180, 50);
      cairo_show_text (cr, header);
      cairo_set_font_size (cr, 10);
      top = 90;
    }

  /* Each column flows on to the next page on its own. */
  while (left_done < left_lines->len || right_done < right_lines->len)
    {
      for (double y = top; y < BOTTOM && left_done < left_lines->len; y += LINE_HEIGHT)
        {
          show_line (cr, g_ptr_array_index (left_lines, left_done++), left_x, y, left_width);
        }
      for (double y = top; y < BOTTOM && right_done < right_lines->len; y += LINE_HEIGHT)
        {
          show_line (cr, g_ptr_array_index (right_lines, right_done++), right_x, y, right_width);
        }
      cairo_show_page (cr);
      top = 50;
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
sl_gen_pdf_ruled_table (const char         *title,
                        const char * const *rows)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = new_pdf (out);
  cairo_t *cr = cairo_create (surface);
  double y = 90;

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 20);
  cairo_move_to (cr, 40, 50);
  cairo_show_text (cr, title);
  cairo_set_font_size (cr, 10);
  cairo_set_line_width (cr, 1);

  for (guint r = 0; rows[r] != NULL; r++)
    {
      g_auto(GStrv) cells = g_strsplit (rows[r], "\t", 2);
      g_auto(GStrv) left = g_strsplit (cells[0], "\n", -1);
      g_auto(GStrv) right = g_strsplit (cells[1] != NULL ? cells[1] : "", "\n", -1);
      guint n = MAX (g_strv_length (left), g_strv_length (right));

      /* A rule across the page above each row. */
      cairo_move_to (cr, 40, y - 12);
      cairo_line_to (cr, PAGE_WIDTH - 40, y - 12);
      cairo_stroke (cr);
      for (guint i = 0; left[i] != NULL; i++)
        {
          cairo_move_to (cr, 40, y + i * LINE_HEIGHT);
          cairo_show_text (cr, left[i]);
        }
      for (guint i = 0; right[i] != NULL; i++)
        {
          cairo_move_to (cr, 270, y + i * LINE_HEIGHT);
          cairo_show_text (cr, right[i]);
        }
      y += n * LINE_HEIGHT + 12;
    }
  cairo_move_to (cr, 40, y - 12);
  cairo_line_to (cr, PAGE_WIDTH - 40, y - 12);
  cairo_stroke (cr);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
sl_gen_pdf_pages (const char *text,
                  guint       n_pages)
{
  GByteArray *out = g_byte_array_new ();
  cairo_surface_t *surface = new_pdf (out);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  for (guint page = 0; page < n_pages; page++)
    {
      if (text != NULL)
        draw_lines (cr, text, 50, 60, 14);
      else
        {
          /* What a scan looks like to a text extractor: marks, no glyphs. */
          for (int i = 0; i < 40; i++)
            cairo_rectangle (cr, 50 + (i % 7) * 60, 60 + i * 18, 40 + (i * 13) % 50, 8);
          cairo_fill (cr);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
sl_gen_pdf_encrypted (void)
{
  static const char * const objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    "<< /Filter /Standard /V 1 /R 2 /P -44"
    " /O <6b7b0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9>"
    " /U <0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0> >>",
  };
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[G_N_ELEMENTS (objects)];
  gsize xref;

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", (guint)G_N_ELEMENTS (objects) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    g_string_append_printf (pdf, "%010u 00000 n \n", (guint)offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R /Encrypt 4 0 R"
                          " /ID [<00112233445566778899aabbccddeeff><00112233445566778899aabbccddeeff>] >>\n"
                          "startxref\n%u\n%%%%EOF\n",
                          (guint)G_N_ELEMENTS (objects) + 1, (guint)xref);
  return g_string_free_to_bytes (pdf);
}

/* Zip containers */

static la_ssize_t
archive_write_cb (struct archive *archive,
                  void           *client_data,
                  const void     *buffer,
                  size_t          length)
{
  g_byte_array_append (client_data, buffer, length);
  return length;
}

static void
add_entry (struct archive *archive,
           const char     *name,
           const char     *chunk,
           gsize           chunk_len,
           gsize           total)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize written = 0;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, total);
  archive_entry_set_mtime (entry, 1577836800, 0);
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);
  while (written < total)
    {
      gsize n = MIN (chunk_len, total - written);

      g_assert_cmpint (archive_write_data (archive, chunk, n), ==, (la_ssize_t)n);
      written += n;
    }
  archive_entry_free (entry);
}

static struct archive *
new_zip (GByteArray *out)
{
  struct archive *archive = archive_write_new ();

  archive_write_set_format_zip (archive);
  archive_write_set_bytes_per_block (archive, 0);
  g_assert_cmpint (archive_write_open (archive, out, NULL, archive_write_cb, NULL), ==, ARCHIVE_OK);
  return archive;
}

static GBytes *
close_zip (struct archive *archive,
           GByteArray     *out)
{
  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);
  return g_byte_array_free_to_bytes (out);
}

GBytes *
sl_gen_zip (const char * const *names_and_contents)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *archive = new_zip (out);

  for (guint i = 0; names_and_contents[i] != NULL && names_and_contents[i + 1] != NULL; i += 2)
    {
      const char *content = names_and_contents[i + 1];
      gsize len = strlen (content);

      add_entry (archive, names_and_contents[i], content, MAX (len, 1), len);
    }
  return close_zip (archive, out);
}

#define DOCX_TYPES \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" \
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>" \
  "</Types>"
#define DOCX_NS \
  " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"" \
  " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"" \
  " xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"" \
  " xmlns:v=\"urn:schemas-microsoft-com:vml\""

static void
append_docx_paragraph (GString    *xml,
                       const char *line)
{
  g_autofree char *escaped = g_markup_escape_text (line, -1);

  g_string_append_printf (xml, "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
                          "<w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", escaped);
}

GBytes *
sl_gen_docx (const char *text,
             const char *header_text,
             const char *box_text)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                                         "<w:document" DOCX_NS "><w:body>");
  g_autoptr(GString) header = NULL;
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean in_table = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strchr (lines[i], '\t') != NULL)
        {
          g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

          if (!in_table)
            g_string_append (xml, "<w:tbl>");
          in_table = TRUE;
          g_string_append (xml, "<w:tr>");
          for (guint j = 0; cells[j] != NULL; j++)
            {
              g_string_append (xml, "<w:tc>");
              append_docx_paragraph (xml, cells[j]);
              g_string_append (xml, "</w:tc>");
            }
          g_string_append (xml, "</w:tr>");
          continue;
        }
      if (in_table)
        g_string_append (xml, "</w:tbl>");
      in_table = FALSE;
      append_docx_paragraph (xml, lines[i]);
    }
  if (in_table)
    g_string_append (xml, "</w:tbl>");

  if (box_text != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (box_text, -1);

      g_string_append_printf (xml,
                              "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
                              "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>%s</w:t></w:r></w:p>"
                              "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
                              "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
                              "<w:t>%s</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>"
                              "</mc:Fallback></mc:AlternateContent></w:r></w:p>",
                              escaped, escaped);
    }
  g_string_append (xml, "</w:body></w:document>");

  if (header_text != NULL)
    {
      header = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:hdr" DOCX_NS ">");
      append_docx_paragraph (header, header_text);
      g_string_append (header, "</w:hdr>");
    }

  {
    const char *entries[] = {
      "[Content_Types].xml", DOCX_TYPES,
      "word/document.xml", xml->str,
      header != NULL ? "word/header1.xml" : NULL, header != NULL ? header->str : NULL,
      NULL,
    };

    return sl_gen_zip (entries);
  }
}

GBytes *
sl_gen_docx_with_body (const char *document_xml)
{
  const char *entries[] = {
    "[Content_Types].xml", DOCX_TYPES,
    "word/document.xml", document_xml,
    NULL,
  };

  return sl_gen_zip (entries);
}

GBytes *
sl_gen_docx_bomb (gsize inflated_size)
{
  GByteArray *out = g_byte_array_new ();
  struct archive *archive = new_zip (out);
  g_autofree char *chunk = g_malloc (64 * 1024);

  memset (chunk, ' ', 64 * 1024);
  add_entry (archive, "[Content_Types].xml", DOCX_TYPES, strlen (DOCX_TYPES), strlen (DOCX_TYPES));
  add_entry (archive, "word/document.xml", chunk, 64 * 1024, inflated_size);
  return close_zip (archive, out);
}

GBytes *
sl_gen_odt (const char *text,
            const char *header_text)
{
  g_autoptr(GString) content = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                             "<office:document-content"
                                             " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                             " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                                             " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">"
                                             "<office:body><office:text>");
  g_autoptr(GString) styles = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                            "<office:document-styles"
                                            " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                            " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
                                            " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
                                            "<office:styles><style:style style:name=\"Standard\"/></office:styles>"
                                            "<office:master-styles><style:master-page style:name=\"Standard\">");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      if (strchr (lines[i], '\t') != NULL)
        {
          g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);

          g_string_append (content, "<table:table><table:table-row>");
          for (guint j = 0; cells[j] != NULL; j++)
            {
              g_autofree char *cell = g_markup_escape_text (cells[j], -1);

              g_string_append_printf (content, "<table:table-cell><text:p>%s</text:p></table:table-cell>", cell);
            }
          g_string_append (content, "</table:table-row></table:table>");
          continue;
        }
      g_string_append_printf (content, "<text:p text:style-name=\"Standard\">%s</text:p>", escaped);
    }
  g_string_append (content, "</office:text></office:body></office:document-content>");

  if (header_text != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (header_text, -1);

      g_string_append_printf (styles, "<style:header><text:p>%s</text:p></style:header>", escaped);
    }
  g_string_append (styles, "</style:master-page></office:master-styles></office:document-styles>");

  {
    const char *entries[] = {
      "mimetype", "application/vnd.oasis.opendocument.text",
      "content.xml", content->str,
      "styles.xml", styles->str,
      NULL,
    };

    return sl_gen_zip (entries);
  }
}

gboolean
sl_gen_write (const char  *path,
              GBytes      *bytes,
              GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_file_set_contents (path, data, len, error);
}
