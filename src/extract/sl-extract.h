/* sl-extract.h: the format readers run by shortlist-extract.
 *
 * Every reader takes untrusted bytes and returns UTF-8 NFC text or a
 * GError in SL_EXTRACT_ERROR. They run inside the helper process, under
 * resource limits, and are also linked into the tests and fuzz targets.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sl-extractor.h"

G_BEGIN_DECLS

typedef struct
{
  char     *format;       /* "pdf", "docx", "odt", "rtf", "text", "json-resume" */
  char     *mime_type;
  int       pages;        /* PDF only, else 0 */
  char     *text;         /* UTF-8, NFC, LF line ends */
  JsonNode *json_resume;  /* the parsed document when format is "json-resume" */
} SlExtracted;

void         sl_extracted_free      (SlExtracted  *extracted);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlExtracted, sl_extracted_free)

/* Detects the format from the content and extracts its text. */
SlExtracted *sl_extract_data        (const guint8 *data,
                                     gsize         len,
                                     GError      **error);

/* Readers, one per format. They return the text before normalisation. */
char        *sl_extract_pdf         (GBytes       *bytes,
                                     int          *n_pages,
                                     GError      **error);
/* Renders one page (0-based) as a PNG, scaled, within a pixel budget. */
GBytes      *sl_extract_pdf_render  (GBytes       *bytes,
                                     int           page,
                                     double        scale,
                                     int          *n_pages,
                                     GError      **error);
char        *sl_extract_office      (const guint8 *data,
                                     gsize         len,
                                     const char  **format,
                                     GError      **error);
char        *sl_extract_rtf         (const guint8 *data,
                                     gsize         len,
                                     GError      **error);
/* Decodes plain text (BOM, UTF-8, UTF-16, Latin-1/Windows-1252). */
char        *sl_extract_decode_text (const guint8 *data,
                                     gsize         len,
                                     GError      **error);
/* The XML bodies of DOCX and ODT, exposed for tests and fuzzing. */
char        *sl_extract_docx_xml    (const char   *xml,
                                     gsize         len,
                                     GError      **error);
char        *sl_extract_odt_xml     (const char   *xml,
                                     gsize         len,
                                     gboolean      headers_only,
                                     GError      **error);
/* CRLF → LF, control characters dropped, NFC, capped in size. */
char        *sl_extract_normalize   (const char   *text);

G_END_DECLS
