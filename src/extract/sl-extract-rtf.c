#define G_LOG_DOMAIN "sl-extract"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "sl-extract.h"

/* A small RTF reader: the text of the body, without font tables, pictures,
 * metadata and other destinations that are not part of what a reader sees. */

#define MAX_RTF_DEPTH 256

static const gunichar cp1252_high[32] = {
  0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static const char * const skipped_destinations[] = {
  "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "themedata",
  "datastore", "listtable", "listoverridetable", "rsidtbl", "generator",
  "xmlnstbl", "filetbl", "revtbl", "latentstyles", "fldinst", "colorschememapping",
  "pgdsctbl", "bkmkstart", "bkmkend", "shpinst", "nonshppict", "template",
};

typedef struct
{
  gboolean skip;
  int      uc;     /* characters to skip after \uN */
} GroupState;

static void
append_byte (GString *out,
             guint8   b)
{
  if (b < 0x80)
    g_string_append_c (out, b);
  else if (b < 0xA0)
    g_string_append_unichar (out, cp1252_high[b - 0x80]);
  else
    g_string_append_unichar (out, b);
}

static gboolean
is_skipped (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (skipped_destinations); i++)
    {
      if (strcmp (word, skipped_destinations[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *
sl_extract_rtf (const guint8  *data,
                gsize          len,
                GError       **error)
{
  g_autoptr(GString) out = g_string_sized_new (len / 2 + 1);
  GroupState stack[MAX_RTF_DEPTH];
  int depth = 0;
  int pending_skip = 0;   /* characters still to drop after \uN */
  gsize i = 0;

  stack[0].skip = FALSE;
  stack[0].uc = 1;

  while (i < len)
    {
      guint8 c = data[i];
      GroupState *state = &stack[depth];

      if (c == '{')
        {
          if (depth + 1 >= MAX_RTF_DEPTH)
            {
              g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                                   _("The RTF document is nested too deeply"));
              return NULL;
            }
          stack[depth + 1] = stack[depth];
          depth++;
          pending_skip = 0;
          i++;
        }
      else if (c == '}')
        {
          if (depth > 0)
            depth--;
          pending_skip = 0;
          i++;
        }
      else if (c == '\\' && i + 1 < len)
        {
          guint8 next = data[i + 1];

          if (g_ascii_isalpha (next))
            {
              char word[33];
              gsize n = 0;
              gboolean has_param = FALSE;
              long param = 0;
              gboolean negative = FALSE;

              i++;
              while (i < len && g_ascii_isalpha (data[i]))
                {
                  if (n < sizeof word - 1)
                    word[n++] = data[i];
                  i++;
                }
              word[n] = '\0';
              if (i < len && (data[i] == '-' || g_ascii_isdigit (data[i])))
                {
                  if (data[i] == '-')
                    {
                      negative = TRUE;
                      i++;
                    }
                  while (i < len && g_ascii_isdigit (data[i]))
                    {
                      if (param < 10000000)
                        param = param * 10 + (data[i] - '0');
                      has_param = TRUE;
                      i++;
                    }
                  if (negative)
                    param = -param;
                }
              if (i < len && data[i] == ' ')
                i++;

              if (strcmp (word, "bin") == 0 && has_param && param > 0)
                {
                  i += MIN ((gsize)param, len - i);
                  continue;
                }
              if (is_skipped (word))
                {
                  state->skip = TRUE;
                  continue;
                }
              if (strcmp (word, "uc") == 0)
                {
                  state->uc = CLAMP (param, 0, 8);
                  continue;
                }
              if (state->skip)
                continue;
              if (strcmp (word, "u") == 0 && has_param)
                {
                  gunichar u = param < 0 ? (gunichar)(param + 65536) : (gunichar)param;

                  if (g_unichar_validate (u) && u != 0)
                    g_string_append_unichar (out, u);
                  pending_skip = state->uc;
                  continue;
                }
              if (strcmp (word, "par") == 0 || strcmp (word, "line") == 0 ||
                  strcmp (word, "row") == 0 || strcmp (word, "sect") == 0 ||
                  strcmp (word, "page") == 0)
                g_string_append_c (out, '\n');
              else if (strcmp (word, "tab") == 0 || strcmp (word, "cell") == 0)
                g_string_append_c (out, '\t');
              else if (strcmp (word, "emdash") == 0)
                g_string_append (out, "—");
              else if (strcmp (word, "endash") == 0)
                g_string_append (out, "–");
              else if (strcmp (word, "bullet") == 0)
                g_string_append (out, "•");
              else if (strcmp (word, "lquote") == 0)
                g_string_append (out, "‘");
              else if (strcmp (word, "rquote") == 0)
                g_string_append (out, "’");
              else if (strcmp (word, "ldblquote") == 0)
                g_string_append (out, "“");
              else if (strcmp (word, "rdblquote") == 0)
                g_string_append (out, "”");
              continue;
            }

          i += 2;
          switch (next)
            {
            case '*':
              state->skip = TRUE;
              break;
            case '\'':
              if (i + 1 < len && hex_value (data[i]) >= 0 && hex_value (data[i + 1]) >= 0)
                {
                  guint8 b = hex_value (data[i]) << 4 | hex_value (data[i + 1]);

                  i += 2;
                  if (pending_skip > 0)
                    pending_skip--;
                  else if (!state->skip)
                    append_byte (out, b);
                }
              break;
            case '\\':
            case '{':
            case '}':
              if (pending_skip > 0)
                pending_skip--;
              else if (!state->skip)
                g_string_append_c (out, next);
              break;
            case '~':
              if (!state->skip)
                g_string_append_c (out, ' ');
              break;
            case '_':
              if (!state->skip)
                g_string_append_c (out, '-');
              break;
            case '\n':
            case '\r':
              if (!state->skip)
                g_string_append_c (out, '\n');
              break;
            default:
              break;
            }
        }
      else
        {
          i++;
          if (c == '\r' || c == '\n')
            continue;
          if (pending_skip > 0)
            {
              pending_skip--;
              continue;
            }
          if (!state->skip)
            append_byte (out, c);
        }

      if (out->len > SL_EXTRACT_MAX_TEXT)
        break;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
