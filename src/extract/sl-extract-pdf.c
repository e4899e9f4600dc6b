#define G_LOG_DOMAIN "sl-extract"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "sl-extract.h"

/* Two-column pages (a sidebar with contact details and skills beside the
 * work history is a common resume layout) come out of a plain text dump
 * with the columns interleaved line by line. We look at where poppler put
 * each glyph, find a vertical gutter that no glyph crosses below a
 * possible full-width header, and read header, left column, right column
 * in that order. */

typedef struct
{
  double x1, y1, x2, y2;
} Box;

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
typedef PopplerDocument SlPopplerDocument;
typedef PopplerPage SlPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPopplerPage, g_object_unref)

/* Fraction of glyphs each side of a gutter must hold to count as a column. */
#define MIN_COLUMN_SHARE 0.2
/* A header crossing the gutter may take this much of the page's height. */
#define MAX_HEADER_SHARE 0.3

static char *
text_for_area (PopplerPage *page,
               double       x1,
               double       y1,
               double       x2,
               double       y2)
{
  PopplerRectangle area = { x1, y1, x2, y2 };

  return poppler_page_get_text_for_area (page, &area);
}

static char *
page_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autofree Box *boxes = NULL;
  g_autofree int *coverage = NULL;
  guint n_rects = 0;
  guint n_boxes = 0;
  double width, height;
  const char *p;
  int w;
  int best_x = -1;
  int best_count = G_MAXINT;

  if (text == NULL)
    return g_strdup ("");

  poppler_page_get_size (page, &width, &height);
  if (width < 50 || height < 50 || width > 20000 || height > 20000)
    return g_steal_pointer (&text);
  if (!poppler_page_get_text_layout (page, &rects, &n_rects) || n_rects == 0)
    return g_steal_pointer (&text);

  /* One rectangle per character of the text; keep the visible glyphs. */
  boxes = g_new (Box, n_rects);
  p = text;
  for (guint i = 0; i < n_rects && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        continue;
      if (rects[i].x2 <= rects[i].x1 || rects[i].x1 < 0 || rects[i].x2 > width)
        continue;
      boxes[n_boxes].x1 = rects[i].x1;
      boxes[n_boxes].y1 = rects[i].y1;
      boxes[n_boxes].x2 = rects[i].x2;
      boxes[n_boxes].y2 = rects[i].y2;
      n_boxes++;
    }
  if (n_boxes < 100)
    return g_steal_pointer (&text);

  /* How many glyphs cover each whole point of the page's width. */
  w = (int)ceil (width) + 2;
  coverage = g_new0 (int, w + 1);
  for (guint i = 0; i < n_boxes; i++)
    {
      int a = (int)floor (boxes[i].x1);
      int b = (int)ceil (boxes[i].x2);

      coverage[CLAMP (a, 0, w)]++;
      coverage[CLAMP (b, 0, w)]--;
    }
  for (int x = 1; x <= w; x++)
    coverage[x] += coverage[x - 1];

  for (int x = (int)(width * 0.25); x <= (int)(width * 0.75); x++)
    {
      if (coverage[x] < best_count)
        {
          best_count = coverage[x];
          best_x = x;
        }
    }
  if (best_x < 0 || best_count > (int)(n_boxes / 50) + 1)
    return g_steal_pointer (&text);

  {
    double header_bottom = 0;
    guint n_left = 0;
    guint n_right = 0;
    g_autofree char *header = NULL;
    g_autofree char *left = NULL;
    g_autofree char *right = NULL;

    /* Glyphs that cross the gutter must all belong to a header at the top. */
    for (guint i = 0; i < n_boxes; i++)
      {
        if (boxes[i].x1 < best_x && boxes[i].x2 > best_x)
          header_bottom = MAX (header_bottom, boxes[i].y2);
      }
    if (header_bottom > height * MAX_HEADER_SHARE)
      return g_steal_pointer (&text);

    for (guint i = 0; i < n_boxes; i++)
      {
        if (boxes[i].y1 < header_bottom)
          continue;
        if (boxes[i].x2 <= best_x)
          n_left++;
        else
          n_right++;
      }
    if (n_left < n_boxes * MIN_COLUMN_SHARE || n_right < n_boxes * MIN_COLUMN_SHARE)
      return g_steal_pointer (&text);

    g_debug ("Two columns split at x=%d below y=%.0f", best_x, header_bottom);
    header = header_bottom > 0 ? text_for_area (page, 0, 0, width, header_bottom + 0.5) : g_strdup ("");
    left = text_for_area (page, 0, header_bottom + 0.5, best_x, height);
    right = text_for_area (page, best_x, header_bottom + 0.5, width, height);
    return g_strjoin ("\n", header ? header : "", left ? left : "", right ? right : "", NULL);
  }
}

char *
sl_extract_pdf (GBytes  *bytes,
                int     *n_pages,
                GError **error)
{
  g_autoptr(SlPopplerDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int pages;

  *n_pages = 0;
  if (!(document = poppler_document_new_from_bytes (bytes, NULL, &local_error)))
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_ENCRYPTED,
                             _("The PDF is protected by a password"));
      else
        g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                     _("The PDF is damaged and cannot be read (%s)"), local_error->message);
      return NULL;
    }

  pages = poppler_document_get_n_pages (document);
  if (pages <= 0)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT,
                           _("The PDF has no pages"));
      return NULL;
    }
  if (pages > SL_EXTRACT_MAX_PAGES)
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                   _("The PDF has %d pages; Shortlist reads resumes of up to %d pages"),
                   pages, SL_EXTRACT_MAX_PAGES);
      return NULL;
    }
  *n_pages = pages;

  for (int i = 0; i < pages; i++)
    {
      g_autoptr(SlPopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *text = NULL;

      if (page == NULL)
        continue;
      text = page_text (page);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, text);
      if (out->len > SL_EXTRACT_MAX_TEXT)
        break;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
