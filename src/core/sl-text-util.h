#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A month as year * 12 + (month - 1); 0 means unknown. */
typedef int SlMonth;

#define SL_MONTH(y, m) ((y) * 12 + (m) - 1)
#define SL_MONTH_YEAR(mo) ((mo) / 12)
#define SL_MONTH_MONTH(mo) ((mo) % 12 + 1)

/* "jan", "January", "Sept." → 1 … 12; 0 if not a month name. len may be -1. */
int       sl_text_month_from_name    (const char *word,
                                      gssize      len);
/* "one" … "twenty" and digits → the number, or -1. */
int       sl_text_number_from_word   (const char *word,
                                      gssize      len);
/* Parses one date at the start of str ("Jan 2019", "2019-01", "01/2019",
 * "2019", "Present"). Returns the number of bytes read, 0 if none. A year
 * alone gives month 1 for a start and 12 for an end (is_end). */
gsize     sl_text_parse_date         (const char *str,
                                      gboolean    is_end,
                                      SlMonth    *month,
                                      gboolean   *present);
/* Finds a date range ("Jan 2019 – Present", "2018 - 2020", "March 2017 to
 * June 2019") in line. Returns TRUE and the byte span of the range. */
gboolean  sl_text_find_date_range    (const char *line,
                                      SlMonth    *start,
                                      SlMonth    *end,
                                      gboolean   *current,
                                      gsize      *span_start,
                                      gsize      *span_end);
/* "YYYY-MM", or NULL for 0. */
char     *sl_text_month_to_string    (SlMonth     month) G_GNUC_WARN_UNUSED_RESULT;
/* "2019-01", "2019-01-15", "2019" → a month, or 0. */
SlMonth   sl_text_month_from_iso     (const char *str);
/* The current month, in local time. */
SlMonth   sl_text_month_now          (void);
/* Trims spaces and the bullets, dashes and separators people put around
 * items; returns a new string. */
char     *sl_text_strip_item         (const char *str,
                                      gssize      len) G_GNUC_WARN_UNUSED_RESULT;
/* Replaces invalid UTF-8 and NUL bytes, unifies line ends and
 * non-breaking spaces, so parsers may assume clean text. */
char     *sl_text_sanitize           (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
