/* sl-extractor.h: text extraction and parsing of untrusted files in a pool
 * of shortlist-extract helper processes.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SL_EXTRACT_ERROR (sl_extract_error_quark ())

/* Why a file could not be read. The stable identifiers (sl_extract_error_to_code)
 * are part of the CLI's JSON contract and of the helper's protocol. */
typedef enum
{
  SL_EXTRACT_ERROR_FAILED,
  SL_EXTRACT_ERROR_UNSUPPORTED,     /* not a format Shortlist reads */
  SL_EXTRACT_ERROR_EMPTY,           /* 0 bytes, or nothing but white space */
  SL_EXTRACT_ERROR_CORRUPT,         /* damaged or malformed */
  SL_EXTRACT_ERROR_ENCRYPTED,       /* needs a password */
  SL_EXTRACT_ERROR_NO_TEXT,         /* e.g. a scanned PDF without a text layer */
  SL_EXTRACT_ERROR_TOO_LARGE,       /* over a size, page or decompression limit */
  SL_EXTRACT_ERROR_TIMEOUT,         /* the reader took too long */
  SL_EXTRACT_ERROR_READER_CRASHED,  /* the helper process died */
  SL_EXTRACT_ERROR_NOT_FOUND,       /* the path does not exist or cannot be opened */
} SlExtractError;

GQuark      sl_extract_error_quark     (void);
const char *sl_extract_error_to_code   (SlExtractError  code);
gboolean    sl_extract_error_from_code (const char     *code,
                                        SlExtractError *out);

/* What the helper does with the text once extracted. */
typedef enum
{
  SL_EXTRACT_PARSE_NONE,
  SL_EXTRACT_PARSE_RESUME,
  SL_EXTRACT_PARSE_JOB,
} SlExtractParse;

/* Limits shared by the client and the helper. */
#define SL_EXTRACT_MAX_FILE_SIZE       (20 * 1024 * 1024)
#define SL_EXTRACT_MAX_PAGES           50
#define SL_EXTRACT_MAX_UNCOMPRESSED    (64 * 1024 * 1024)
#define SL_EXTRACT_MAX_ZIP_ENTRIES     2000
#define SL_EXTRACT_MAX_XML_DEPTH       256
#define SL_EXTRACT_MAX_TEXT            (4 * 1024 * 1024)
#define SL_EXTRACT_MAX_MESSAGE         (16 * 1024 * 1024)
#define SL_EXTRACT_DEFAULT_TIMEOUT_MS  20000

#define SL_TYPE_EXTRACTOR (sl_extractor_get_type ())

G_DECLARE_FINAL_TYPE (SlExtractor, sl_extractor, SL, EXTRACTOR, GObject)

/* Path of the helper: $SHORTLIST_LIBEXECDIR, the installed one, or the build's. */
char        *sl_extractor_dup_helper_path (void) G_GNUC_WARN_UNUSED_RESULT;

/* n_workers 0 means one per processor. Workers start on first use. */
SlExtractor *sl_extractor_new             (guint            n_workers) G_GNUC_WARN_UNUSED_RESULT;
guint        sl_extractor_get_n_workers   (SlExtractor     *self);
void         sl_extractor_set_helper_path (SlExtractor     *self,
                                           const char      *path);
void         sl_extractor_set_timeout     (SlExtractor     *self,
                                           guint            timeout_ms);
guint        sl_extractor_get_timeout     (SlExtractor     *self);
/* Extra arguments for the helper, for tests (e.g. "--test-crash-on=NAME"). */
void         sl_extractor_set_helper_args (SlExtractor        *self,
                                           const char * const *args);

/* Skills users added, in the taxonomy file format (see
 * sl_store_dup_user_skills_tsv()), for the helpers' parsers to recognise;
 * NULL or "" for none. Workers started with other skills are replaced. */
gboolean     sl_extractor_set_user_skills (SlExtractor        *self,
                                           const char         *tsv,
                                           GError            **error);

/* Extracts (and parses) one document in a free worker; blocks the calling
 * thread, so call it from workers or the CLI. Thread-safe. The document's
 * bytes go to the helper through its stdin: it opens no files. name labels
 * the document in logs. Returns the helper's result object:
 * {"format", "mime_type", "pages", "text", "profile"|"job"}. */
JsonNode    *sl_extractor_extract_bytes   (SlExtractor     *self,
                                           GBytes          *document,
                                           const char      *name,
                                           SlExtractParse   parse,
                                           GCancellable    *cancellable,
                                           GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same for a file, read here (regular files up to the size limit). */
JsonNode    *sl_extractor_extract         (SlExtractor     *self,
                                           const char      *path,
                                           SlExtractParse   parse,
                                           GCancellable    *cancellable,
                                           GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Draws page page_index (0-based) of a PDF as a PNG in a helper process,
 * scale 1.0 being 72 pixels per inch, within a pixel budget; n_pages
 * (may be NULL) receives the page count. For showing the original. */
GBytes      *sl_extractor_render_page     (SlExtractor     *self,
                                           GBytes          *pdf,
                                           int              page_index,
                                           double           scale,
                                           int             *n_pages,
                                           GCancellable    *cancellable,
                                           GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Reads a document file for extraction, with the size checks and error
 * codes of the import (not_found, unsupported, empty, too_large). */
GBytes      *sl_extractor_read_file       (const char      *path,
                                           GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Stops all helper processes; they restart on the next request. */
void         sl_extractor_shutdown        (SlExtractor     *self);

G_END_DECLS
