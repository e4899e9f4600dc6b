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
  guint  line;
} Box;

/* Glyphs of one line closer than this many glyph heights are one phrase:
 * the space between two words is not a gutter. */
#define PHRASE_GAP 1.5

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
typedef PopplerDocument SlPopplerDocument;
typedef PopplerPage SlPopplerPage;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlPopplerPage, g_object_unref)

/* Fraction of glyphs each side of a gutter must hold to count as a column. */
#define MIN_COLUMN_SHARE 0.2
/* A header crossing the gutter may take this much of the page's height. */
#define MAX_HEADER_SHARE 0.3

static void
append_char (GString  *out,
             gunichar  c)
{
  /* One line break at a time: a column's lines end where the other's did. */
  if (c == '\n' && (out->len == 0 || out->str[out->len - 1] == '\n'))
    return;
  g_string_append_unichar (out, c);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Poppler's text is in its reading order; keeping that order but sorting
 * each character into the header, the left or the right column reads each
 * column whole, even where poppler joined lines across the gutter.
 *
 * Rules drawn across the gutter (rules[], sorted by height on the page)
 * cut the columns into bands: a table whose rows are separated by rules,
 * or full-width sections. Each band is read left then right, so a table
 * reads row by row with every cell whole. */
static char *
split_columns (const char             *text,
               const PopplerRectangle *rects,
               guint                   n_rects,
               int                     gutter,
               double                  header_bottom,
               const double           *rules,
               guint                   n_rules)
{
  g_autoptr(GString) header = g_string_new (NULL);
  g_autoptr(GPtrArray) sides = g_ptr_array_new_with_free_func (string_free);
  GString *last = header;
  const char *p = text;

  /* Left then right of each band. */
  for (guint i = 0; i < 2 * (n_rules + 1); i++)
    g_ptr_array_add (sides, g_string_new (NULL));

  for (guint i = 0; i < n_rects && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      double cx = (rects[i].x1 + rects[i].x2) / 2;
      double cy = (rects[i].y1 + rects[i].y2) / 2;

      if (c == '\n')
        {
          append_char (header, c);
          for (guint s = 0; s < sides->len; s++)
            append_char (g_ptr_array_index (sides, s), c);
          continue;
        }
      /* Spaces carry poor boxes: they follow the character before them. */
      if (!g_unichar_isspace (c))
        {
          guint band = 0;

          while (band < n_rules && rules[band] < cy)
            band++;
          last = cy < header_bottom ? header : g_ptr_array_index (sides, 2 * band + (cx < gutter ? 0 : 1));
        }
      append_char (last, c);
    }

  for (guint s = 0; s < sides->len; s++)
    {
      GString *side = g_ptr_array_index (sides, s);

      append_char (header, '\n');
      g_string_append (header, side->str);
    }
  return g_string_free (g_steal_pointer (&header), FALSE);
}

/* A rule is a mark at most this many points tall. */
#define MAX_RULE_HEIGHT 3

/* Finds horizontal rules that cross the gutter below the header, from the
 * ink in a strip a few points wide drawn around the gutter (no text crosses
 * it there: what is drawn is graphics). Returns how many were stored. */
static guint
find_rules (PopplerPage *page,
            double       height,
            int          gutter,
            double       header_bottom,
            double      *rules,
            guint        max_rules)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;
  int rows = (int)ceil (height);
  int stride;
  int run_start = -1;
  guint n_rules = 0;

  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 3, rows);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return 0;
    }
  cr = cairo_create (surface);
  cairo_translate (cr, 1 - gutter, 0);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = MAX (0, (int)ceil (header_bottom)); y <= rows; y++)
    {
      gboolean ink = FALSE;

      for (int x = 0; y < rows && x < 3; x++)
        ink = ink || data[y * stride + x] > 64;
      if (ink && run_start < 0)
        run_start = y;
      else if (!ink && run_start >= 0)
        {
          /* Taller marks (a vertical divider, a picture) are no rules. */
          if (y - run_start <= MAX_RULE_HEIGHT && n_rules < max_rules)
            rules[n_rules++] = (run_start + y) / 2.0;
          run_start = -1;
        }
    }
  cairo_surface_destroy (surface);
  return n_rules;
}

typedef struct
{
  GString *text;
  double   x1, x2, y, height;   /* over the line's visible glyphs */
  gboolean has_glyphs;
  gboolean consumed;
} Line;

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_string_free (line->text, TRUE);
}

static gboolean
rows_align (const Line *a,
            const Line *b)
{
  return a->has_glyphs && b->has_glyphs && !b->consumed &&
         fabs (a->y - b->y) <= 0.3 * a->height &&
         fabs (a->height - b->height) <= 0.15 * a->height &&
         b->x1 > a->x2 + PHRASE_GAP * a->height;
}

/* Poppler reads a table column by column: all the dates, then all the
 * titles. Where two or more lines later in the text sit on the baselines
 * of as many earlier lines, in the same type, to their right, they are
 * the next cells of those rows: join them with tabs, row by row. Later
 * passes add further cells, one row at a time if need be. */
static char *
join_table_rows (const char             *text,
                 const PopplerRectangle *rects,
                 guint                   n_rects)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;
  Line *line;
  guint i = 0;

  g_array_set_clear_func (lines, line_clear);
  g_array_set_size (lines, 1);
  line = &g_array_index (lines, Line, 0);
  line->text = g_string_new (NULL);

  for (; i < n_rects && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        {
          g_array_set_size (lines, lines->len + 1);
          line = &g_array_index (lines, Line, lines->len - 1);
          line->text = g_string_new (NULL);
          continue;
        }
      g_string_append_unichar (line->text, c);
      if (g_unichar_isspace (c) || rects[i].x2 <= rects[i].x1 || rects[i].y2 <= rects[i].y1)
        continue;
      if (!line->has_glyphs)
        {
          line->x1 = rects[i].x1;
          line->x2 = rects[i].x2;
          line->y = rects[i].y2;
          line->height = rects[i].y2 - rects[i].y1;
          line->has_glyphs = TRUE;
        }
      line->x1 = MIN (line->x1, rects[i].x1);
      line->x2 = MAX (line->x2, rects[i].x2);
      line->y = MAX (line->y, rects[i].y2);
      line->height = MAX (line->height, rects[i].y2 - rects[i].y1);
    }
  /* Text beyond the rectangles (there should be none) stays as it is. */
  if (*p != '\0')
    g_string_append (line->text, p);

  for (guint pass = 0; pass < 4; pass++)
    {
      gboolean changed = FALSE;

      for (guint a = 0; a < lines->len; a++)
        {
          Line *first = &g_array_index (lines, Line, a);
          guint b;
          guint run = 0;

          if (first->consumed || !first->has_glyphs)
            continue;
          for (b = a + 1; b < lines->len && b <= a + 80; b++)
            {
              if (rows_align (first, &g_array_index (lines, Line, b)))
                break;
            }
          if (b >= lines->len || b > a + 80)
            continue;
          while (a + run < b && b + run < lines->len &&
                 !g_array_index (lines, Line, a + run).consumed &&
                 rows_align (&g_array_index (lines, Line, a + run), &g_array_index (lines, Line, b + run)))
            run++;
          /* A lone aligned line is only trusted as the next cell of a row
           * already known to be a table row. */
          if (run == 0 || (run < 2 && strchr (first->text->str, '\t') == NULL))
            continue;

          for (guint r = 0; r < run; r++)
            {
              Line *left = &g_array_index (lines, Line, a + r);
              Line *right = &g_array_index (lines, Line, b + r);

              g_string_append_c (left->text, '\t');
              g_string_append (left->text, right->text->str);
              left->x2 = right->x2;
              right->consumed = TRUE;
            }
          changed = TRUE;
        }
      if (!changed)
        break;
    }

  for (guint l = 0; l < lines->len; l++)
    {
      Line *row = &g_array_index (lines, Line, l);

      if (row->consumed)
        continue;
      g_string_append (out, row->text->str);
      if (l + 1 < lines->len)
        g_string_append_c (out, '\n');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
page_text (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  g_autofree PopplerRectangle *rects = NULL;
  g_autofree Box *boxes = NULL;
  g_autofree Box *spans = NULL;
  guint n_spans = 0;
  guint line = 0;
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

      if (c == '\n')
        line++;
      if (g_unichar_isspace (c))
        continue;
      if (rects[i].x2 <= rects[i].x1 || rects[i].x1 < 0 || rects[i].x2 > width)
        continue;
      boxes[n_boxes].x1 = rects[i].x1;
      boxes[n_boxes].y1 = rects[i].y1;
      boxes[n_boxes].x2 = rects[i].x2;
      boxes[n_boxes].y2 = rects[i].y2;
      boxes[n_boxes].line = line;
      n_boxes++;
    }
  if (n_boxes < 100)
    return join_table_rows (text, rects, n_rects);

  /* Phrases: runs of glyphs on one line without a wide gap. */
  spans = g_new (Box, n_boxes);
  for (guint i = 0; i < n_boxes; i++)
    {
      Box *span = n_spans > 0 ? &spans[n_spans - 1] : NULL;
      double glyph_height = boxes[i].y2 - boxes[i].y1;

      if (span != NULL && span->line == boxes[i].line &&
          boxes[i].x1 >= span->x1 && boxes[i].x1 - span->x2 <= PHRASE_GAP * glyph_height)
        {
          span->x2 = MAX (span->x2, boxes[i].x2);
          span->y1 = MIN (span->y1, boxes[i].y1);
          span->y2 = MAX (span->y2, boxes[i].y2);
        }
      else
        spans[n_spans++] = boxes[i];
    }

  /* How many phrases cover each whole point of the page's width. */
  w = (int)ceil (width) + 2;
  coverage = g_new0 (int, w + 1);
  for (guint i = 0; i < n_spans; i++)
    {
      int a = (int)floor (spans[i].x1);
      int b = (int)ceil (spans[i].x2);

      coverage[CLAMP (a, 0, w)]++;
      coverage[CLAMP (b, 0, w)]--;
    }
  for (int x = 1; x <= w; x++)
    coverage[x] += coverage[x - 1];

  /* The gutter: the widest band of the middle half of the page that the
   * fewest phrases cross; its middle is where the columns part. */
  {
    int lo = (int)(width * 0.25);
    int hi = (int)(width * 0.75);
    int best_run = 0;

    for (int x = lo; x <= hi; x++)
      best_count = MIN (best_count, coverage[x]);
    for (int x = lo; x <= hi; x++)
      {
        int start = x;

        if (coverage[x] != best_count)
          continue;
        while (x + 1 <= hi && coverage[x + 1] == best_count)
          x++;
        if (x - start + 1 > best_run)
          {
            best_run = x - start + 1;
            best_x = (start + x) / 2;
          }
      }
  }
  if (best_x < 0 || best_count > (int)(n_spans / 50) + 1)
    return join_table_rows (text, rects, n_rects);

  {
    double header_bottom = 0;
    double rules[64];
    guint n_rules;
    guint n_left = 0;
    guint n_right = 0;

    /* Phrases that cross the gutter must all belong to a header at the top. */
    for (guint i = 0; i < n_spans; i++)
      {
        if (spans[i].x1 < best_x && spans[i].x2 > best_x)
          header_bottom = MAX (header_bottom, spans[i].y2);
      }
    if (header_bottom > height * MAX_HEADER_SHARE)
      return join_table_rows (text, rects, n_rects);

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
      return join_table_rows (text, rects, n_rects);

    n_rules = find_rules (page, height, best_x, header_bottom, rules, G_N_ELEMENTS (rules));
    g_debug ("Two columns split at x=%d below y=%.0f, %u rules across", best_x, header_bottom, n_rules);
    return split_columns (text, rects, n_rects, best_x, header_bottom, rules, n_rules);
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

/* No rendered page may exceed this many pixels (about 2500 × 3500). */
#define MAX_RENDER_PIXELS (9 * 1024 * 1024)

static cairo_status_t
png_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
free_surface (cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

typedef cairo_surface_t SlCairoSurface;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlCairoSurface, free_surface)

GBytes *
sl_extract_pdf_render (GBytes  *bytes,
                       int      page_index,
                       double   scale,
                       int     *n_pages,
                       GError **error)
{
  g_autoptr(SlPopplerDocument) document = NULL;
  g_autoptr(SlPopplerPage) page = NULL;
  g_autoptr(SlCairoSurface) surface = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GByteArray) png = g_byte_array_new ();
  double width, height;
  int pixel_width, pixel_height;
  cairo_t *cr;

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
  *n_pages = poppler_document_get_n_pages (document);
  if (page_index < 0 || page_index >= *n_pages || !(page = poppler_document_get_page (document, page_index)))
    {
      g_set_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NOT_FOUND,
                   _("The PDF has no page %d"), page_index + 1);
      return NULL;
    }

  poppler_page_get_size (page, &width, &height);
  scale = CLAMP (scale, 0.05, 8.0);
  if (width <= 0 || height <= 0 || width * height * scale * scale > MAX_RENDER_PIXELS)
    scale = width > 0 && height > 0 ? sqrt (MAX_RENDER_PIXELS / (width * height)) : 1;
  pixel_width = MAX (1, (int)ceil (width * scale));
  pixel_height = MAX (1, (int)ceil (height * scale));
  if ((double)pixel_width * pixel_height > MAX_RENDER_PIXELS * 1.01)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE,
                           _("The page is too large to show"));
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pixel_width, pixel_height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream (surface, png_write_cb, png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_FAILED,
                           _("The page could not be drawn"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}
