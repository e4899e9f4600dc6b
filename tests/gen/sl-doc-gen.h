/* sl-doc-gen.h: documents generated at test time: resumes with known fields
 * rendered as PDF (cairo, one or two columns), DOCX and ODT (libarchive zip
 * writer), and hostile files. Deterministic: same arguments, same bytes
 * (apart from the PDF creation date cairo writes).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *email;
  char *phone;        /* as printed */
  char *phone_digits; /* normalised: +1 and ten digits */
  char *title;
  char *company;
  char *start;        /* YYYY-MM */
  char *skills[4];
  char *text;         /* the whole resume as plain text, one item per line */
  char *sidebar;      /* contact and skills block for two-column layouts */
  char *main;         /* summary and work history for two-column layouts */
} SlGenResume;

SlGenResume *sl_gen_resume_new    (guint               index);
void         sl_gen_resume_free   (SlGenResume        *resume);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlGenResume, sl_gen_resume_free)

/* A PDF with the lines of text; right != NULL puts it in a second column
 * beside left, under an optional full-width header line. */
GBytes *sl_gen_pdf                (const char         *header,
                                   const char         *left,
                                   const char         *right);
/* A title over a two-column table, a rule across the page between rows;
 * each row is "left cell\tright cell", lines in a cell split by '\n'. */
GBytes *sl_gen_pdf_ruled_table    (const char         *title,
                                   const char * const *rows);
/* n_pages pages of text, or of shapes only (no text layer) when text is NULL. */
GBytes *sl_gen_pdf_pages          (const char         *text,
                                   guint               n_pages);
/* A PDF whose trailer names a standard security handler no password opens. */
GBytes *sl_gen_pdf_encrypted      (void);

/* A zip archive of name/content pairs (NULL-terminated, contents as text). */
GBytes *sl_gen_zip                (const char * const *names_and_contents);
/* A DOCX: one paragraph per line; lines with tabs become table rows;
 * header_text (optional) goes to a page header, box_text (optional) into
 * a text box written as Word does, with an mc:Fallback copy. */
GBytes *sl_gen_docx               (const char         *text,
                                   const char         *header_text,
                                   const char         *box_text);
/* document.xml as given, in an otherwise valid DOCX container. */
GBytes *sl_gen_docx_with_body     (const char         *document_xml);
GBytes *sl_gen_odt                (const char         *text,
                                   const char         *header_text);
/* A DOCX whose document.xml inflates to inflated_size bytes. */
GBytes *sl_gen_docx_bomb          (gsize               inflated_size);

gboolean sl_gen_write             (const char         *path,
                                   GBytes             *bytes,
                                   GError            **error);

G_END_DECLS
