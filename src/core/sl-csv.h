/* sl-csv.h: RFC 4180 comma-separated values, read with limits and written
 * with quoting, for the training data exchange.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SL_CSV_ERROR (sl_csv_error_quark ())

typedef enum
{
  SL_CSV_ERROR_SYNTAX,        /* a stray quote, or an unterminated quoted field */
  SL_CSV_ERROR_COLUMNS,       /* a record with another number of fields than the header */
  SL_CSV_ERROR_TOO_LARGE,     /* the file, a record, a field or the number of rows is over a limit */
  SL_CSV_ERROR_ENCODING,      /* not UTF-8, or a NUL byte */
  SL_CSV_ERROR_EMPTY,         /* no header */
} SlCsvError;

typedef struct
{
  gsize max_bytes;            /* the whole input */
  guint max_rows;             /* records, the header included */
  guint max_fields;           /* fields per record */
  gsize max_field_bytes;      /* bytes in one field */
} SlCsvLimits;

/* Generous for a training export, small enough that a hostile file cannot
 * exhaust memory: 64 MiB, a million rows, 4,096 columns, 64 KiB a field. */
#define SL_CSV_DEFAULT_MAX_BYTES       ((gsize) 64 * 1024 * 1024)
#define SL_CSV_DEFAULT_MAX_ROWS        1000000
#define SL_CSV_DEFAULT_MAX_FIELDS      4096
#define SL_CSV_DEFAULT_MAX_FIELD_BYTES ((gsize) 64 * 1024)

GQuark      sl_csv_error_quark       (void);
void        sl_csv_limits_init       (SlCsvLimits        *limits);
/* Parses the whole text into rows (GStrv each, the header first). Every
 * record must have as many fields as the header; a final line break is
 * optional; a UTF-8 byte order mark is skipped. limits may be NULL for the
 * defaults. */
GPtrArray  *sl_csv_parse             (const char         *data,
                                      gsize               length,
                                      const SlCsvLimits  *limits,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *sl_csv_parse_file        (const char         *path,
                                      const SlCsvLimits  *limits,
                                      GError            **error) G_GNUC_WARN_UNUSED_RESULT;
/* Appends one record ending in CRLF, quoting the fields that need it. */
void        sl_csv_append_row        (GString            *out,
                                      const char * const *fields,
                                      gsize               n_fields);
void        sl_csv_append_field      (GString            *out,
                                      const char         *field,
                                      gboolean            first);

G_END_DECLS
