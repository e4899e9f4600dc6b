#define G_LOG_DOMAIN "sl-text-util"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sl-text-util.h"

static const char * const month_names[12][3] = {
  { "january", "jan", NULL },
  { "february", "feb", NULL },
  { "march", "mar", NULL },
  { "april", "apr", NULL },
  { "may", NULL, NULL },
  { "june", "jun", NULL },
  { "july", "jul", NULL },
  { "august", "aug", NULL },
  { "september", "sep", "sept" },
  { "october", "oct", NULL },
  { "november", "nov", NULL },
  { "december", "dec", NULL },
};

int
sl_text_month_from_name (const char *word,
                         gssize      len)
{
  if (word == NULL)
    return 0;
  if (len < 0)
    len = strlen (word);
  if (len > 0 && word[len - 1] == '.')
    len--;

  for (int m = 0; m < 12; m++)
    for (int k = 0; k < 3 && month_names[m][k] != NULL; k++)
      if ((gsize)len == strlen (month_names[m][k]) &&
          g_ascii_strncasecmp (word, month_names[m][k], len) == 0)
        return m + 1;

  return 0;
}

static const char * const number_words[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
  "eighteen", "nineteen", "twenty",
};

int
sl_text_number_from_word (const char *word,
                          gssize      len)
{
  if (word == NULL)
    return -1;
  if (len < 0)
    len = strlen (word);
  if (len == 0)
    return -1;

  if (g_ascii_isdigit (word[0]))
    {
      int n = 0;

      for (gssize i = 0; i < len; i++)
        {
          if (!g_ascii_isdigit (word[i]) || n > 100000)
            return -1;
          n = n * 10 + (word[i] - '0');
        }
      return n;
    }

  for (guint i = 0; i < G_N_ELEMENTS (number_words); i++)
    if ((gsize)len == strlen (number_words[i]) &&
        g_ascii_strncasecmp (word, number_words[i], len) == 0)
      return i;

  return -1;
}

static gsize
read_digits (const char *str,
             int        *value,
             gsize       max)
{
  gsize n = 0;

  *value = 0;
  while (n < max && g_ascii_isdigit (str[n]))
    {
      *value = *value * 10 + (str[n] - '0');
      n++;
    }
  return n;
}

static gboolean
valid_year (int year)
{
  return year >= 1940 && year <= 2100;
}

gsize
sl_text_parse_date (const char *str,
                    gboolean    is_end,
                    SlMonth    *month,
                    gboolean   *present)
{
  static const char * const present_words[] = {
    "present", "current", "now", "today", "ongoing", "date", NULL
  };
  int a, b;
  gsize n, m;

  *month = 0;
  *present = FALSE;

  if (str == NULL || *str == '\0')
    return 0;

  for (guint i = 0; present_words[i] != NULL; i++)
    {
      gsize l = strlen (present_words[i]);

      if (g_ascii_strncasecmp (str, present_words[i], l) == 0 && !g_ascii_isalnum (str[l]))
        {
          *present = TRUE;
          return l;
        }
    }

  if (g_ascii_isalpha (*str))
    {
      gsize w = 0;
      int mon;

      while (g_ascii_isalpha (str[w]))
        w++;
      if (str[w] == '.')
        w++;
      if ((mon = sl_text_month_from_name (str, w)) == 0)
        return 0;
      n = w;
      while (str[n] == ' ' || str[n] == ',' || str[n] == '\'')
        n++;
      m = read_digits (str + n, &a, 5);
      if (m == 4 && valid_year (a))
        {
          *month = SL_MONTH (a, mon);
          return n + m;
        }
      if (m == 2 && str[n - 1] == '\'')
        {
          *month = SL_MONTH (a < 50 ? 2000 + a : 1900 + a, mon);
          return n + m;
        }
      return 0;
    }

  n = read_digits (str, &a, 5);
  if (n == 4 && valid_year (a))
    {
      /* 2019-01, 2019/01, 2019.01 */
      if ((str[4] == '-' || str[4] == '/' || str[4] == '.') && g_ascii_isdigit (str[5]))
        {
          m = read_digits (str + 5, &b, 3);
          if (m >= 1 && m <= 2 && b >= 1 && b <= 12)
            {
              gsize total = 5 + m;

              /* Skip a day: 2019-01-15. */
              if (str[total] == str[4] && g_ascii_isdigit (str[total + 1]))
                {
                  int d;

                  total += 1 + read_digits (str + total + 1, &d, 3);
                }
              *month = SL_MONTH (a, b);
              return total;
            }
        }
      *month = SL_MONTH (a, is_end ? 12 : 1);
      return 4;
    }

  /* 01/2019, 1.2019, 01-2019 */
  if ((n == 1 || n == 2) && a >= 1 && a <= 12 &&
      (str[n] == '/' || str[n] == '.' || str[n] == '-'))
    {
      m = read_digits (str + n + 1, &b, 5);
      if (m == 4 && valid_year (b))
        {
          *month = SL_MONTH (b, a);
          return n + 1 + m;
        }
    }

  return 0;
}

static gboolean
is_range_separator (const char *p,
                    gsize      *len)
{
  static const char * const seps[] = {
    " - ", " – ", " — ", " to ", " until ", " till ", "-", "–", "—", " -", "- ",
    " –", "– ", " —", "— ", " ~ ", " → ", "→", NULL
  };

  for (guint i = 0; seps[i] != NULL; i++)
    {
      gsize l = strlen (seps[i]);

      if (g_ascii_strncasecmp (p, seps[i], l) == 0)
        {
          *len = l;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
sl_text_find_date_range (const char *line,
                         SlMonth    *start,
                         SlMonth    *end,
                         gboolean   *current,
                         gsize      *span_start,
                         gsize      *span_end)
{
  gsize len;

  *start = *end = 0;
  *current = FALSE;

  if (line == NULL)
    return FALSE;

  len = strlen (line);

  for (gsize i = 0; i < len; i++)
    {
      SlMonth a = 0, b = 0;
      gboolean pa = FALSE, pb = FALSE;
      gsize n, sep, k, m;

      if (i > 0 && g_ascii_isalnum (line[i - 1]))
        continue;
      if (!g_ascii_isalnum (line[i]))
        continue;

      /* "since 2019" means from then to now. */
      if ((n = sl_text_parse_date (line + i, FALSE, &a, &pa)) == 0 || pa)
        continue;
      if (g_ascii_isalnum (line[i + n]))
        continue;

      k = i + n;
      while (line[k] == ' ' || line[k] == '\t')
        k++;
      if (!is_range_separator (line + k, &sep))
        {
          /* A separator right after the date, maybe with spaces around. */
          if (k > i + n && is_range_separator (line + k - 1, &sep))
            k--;
          else
            continue;
        }
      k += sep;
      while (line[k] == ' ' || line[k] == '\t')
        k++;

      if ((m = sl_text_parse_date (line + k, TRUE, &b, &pb)) == 0)
        continue;
      if (g_ascii_isalnum (line[k + m]))
        continue;

      /* "Jan - Mar 2019": no year on the start is not handled; a bare
       * year for the end of a month start ("Jan 2019 - 2020") is fine. */
      if (!pb && b < a)
        continue;

      *start = a;
      *end = pb ? 0 : b;
      *current = pb;
      if (span_start != NULL)
        *span_start = i;
      if (span_end != NULL)
        *span_end = k + m;
      return TRUE;
    }

  /* "since March 2021", "Since 2019": from then to now. */
  for (const char *p = line; (p = strstr (p, "ince ")) != NULL; p++)
    {
      SlMonth a = 0;
      gboolean pa = FALSE;
      gsize n;

      if (p == line || (p[-1] != 's' && p[-1] != 'S') || (p - 1 > line && g_ascii_isalnum (p[-2])))
        continue;
      if ((n = sl_text_parse_date (p + 5, FALSE, &a, &pa)) == 0 || pa || g_ascii_isalnum (p[5 + n]))
        continue;

      *start = a;
      *end = 0;
      *current = TRUE;
      if (span_start != NULL)
        *span_start = p - 1 - line;
      if (span_end != NULL)
        *span_end = p + 5 + n - line;
      return TRUE;
    }

  return FALSE;
}

char *
sl_text_month_to_string (SlMonth month)
{
  if (month <= 0)
    return NULL;
  return g_strdup_printf ("%04d-%02d", SL_MONTH_YEAR (month), SL_MONTH_MONTH (month));
}

SlMonth
sl_text_month_from_iso (const char *str)
{
  int y, m = 1;
  gsize n;

  if (str == NULL)
    return 0;
  while (*str == ' ')
    str++;
  n = read_digits (str, &y, 5);
  if (n != 4 || !valid_year (y))
    return 0;
  if (str[4] == '-' && read_digits (str + 5, &m, 3) >= 1 && (m < 1 || m > 12))
    m = 1;
  return SL_MONTH (y, m);
}

SlMonth
sl_text_month_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return SL_MONTH (g_date_time_get_year (now), g_date_time_get_month (now));
}

static gboolean
is_strip_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isspace (c) || strchr ("-*,;|:>_=~", c) != NULL;
  return g_unichar_isspace (c) || g_unichar_ispunct (c) ||
         g_unichar_type (c) == G_UNICODE_OTHER_SYMBOL;
}

char *
sl_text_strip_item (const char *str,
                    gssize      len)
{
  const char *begin, *end;

  if (str == NULL)
    return NULL;
  if (len < 0)
    len = strlen (str);

  begin = str;
  end = str + len;

  /* A leading "+" is a bullet; a trailing one is part of "C++" or "Security+". */
  while (begin < end && (is_strip_char (g_utf8_get_char (begin)) || *begin == '+'))
    begin = g_utf8_next_char (begin);
  while (end > begin)
    {
      const char *prev = g_utf8_find_prev_char (begin, end);

      if (prev == NULL || !is_strip_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  return g_strndup (begin, end - begin);
}

char *
sl_text_sanitize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        {
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
        }
      else if (c == '\t')
        /* Table cells come out tab-separated: keep them apart. */
        g_string_append (out, "   ");
      else if (c == 0x00A0 || c == 0x2007 || c == 0x202F || c == '\f' || c == '\v')
        g_string_append_c (out, c == '\f' || c == '\v' ? '\n' : ' ');
      else if (c == 0x2028 || c == 0x2029)
        g_string_append_c (out, '\n');
      else if (c == 0xFEFF || c == 0x200B)
        ;
      else if (c < 0x20 && c != '\n')
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}
