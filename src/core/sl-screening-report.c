#define G_LOG_DOMAIN "sl-screening-report"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "sl-screening-report.h"

G_DEFINE_QUARK (sl-screening-report-error-quark, sl_screening_report_error)

/* A4 in PostScript points; the Pango context runs at 72 dpi, so one Pango
 * pixel is one point. */
#define PAGE_WIDTH      595.276
#define PAGE_HEIGHT     841.890
#define MARGIN_X        54.0
#define MARGIN_TOP      48.0
#define CONTENT_BOTTOM  (PAGE_HEIGHT - 60.0)
#define FOOTER_Y        (PAGE_HEIGHT - 40.0)
#define CONTENT_WIDTH   (PAGE_WIDTH - 2 * MARGIN_X)
#define FONT_FAMILY     "Cantarell,Sans"
#define N_BINS          10
#define MAX_CHIPS       40
#define RANK_COLUMN     40.0
#define SCORE_COLUMN    128.0

/* The GNOME palette. */
#define INK             0x241f31
#define SECONDARY       0x5e5c64
#define TERTIARY        0x77767b
#define RULE            0xdeddda
#define SURFACE         0xf6f5f4
#define BORDER          0xc0bfbc
#define ACCENT          0x1c71d8
#define BAR_SHORTLIST   0x3584e4
#define BAR_REJECT      0x9a9996
#define BADGE_SHORTLIST 0x26a269
#define BADGE_BLIND     0x3d3846

/* Addresses, links and phone numbers (nine digits or more, so that year
 * ranges such as 2015–2019 stay). */
#define CONTACT_PATTERN \
  "[^\\s@]+@[^\\s@]+|" \
  "(?:https?://|www\\.)\\S+|" \
  "\\b(?:linkedin|github|gitlab|twitter|xing)\\.(?:com|io)\\b|" \
  "\\+?\\d(?:[\\s()./-]*\\d){8,}"

typedef struct
{
  cairo_t                 *cr;
  cairo_surface_t         *pdf;       /* NULL while measuring */
  PangoContext            *pango;
  double                   y;
  int                      page;
  int                      n_pages;   /* known in the drawing pass only */
  int                      outline_ranking;

  SlJob                   *job;
  SlRequirements          *requirements;
  const SlRankedCandidate *ranked;
  guint                    n_ranked;
  gboolean                 blind;

  double                   threshold;
  guint                    n_shortlisted;
  double                   median;
  guint                    bins[N_BINS][2];
  char                    *date;
  GRegex                  *contact;
  struct _Block           *block;     /* the last candidate laid out */
} Report;

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static PangoLayout *
make_layout (Report      *self,
             const char  *text,
             gboolean     markup,
             double       size,
             PangoWeight  weight,
             double       width,
             int          max_lines)
{
  PangoLayout *layout = pango_layout_new (self->pango);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, FONT_FAMILY);
  pango_font_description_set_size (desc, (int)(size * PANGO_SCALE));
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int)(width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }

  if (markup)
    {
      pango_layout_set_markup (layout, text, -1);
    }
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

      pango_layout_set_text (layout, valid, -1);
    }

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double)height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double)width / PANGO_SCALE;
}

/* Shows @layout as a structure element @tag ("P", "H1"…) of the tagged PDF,
 * so that screen readers and reflowing viewers read the report in order. */
static void
show_tagged (Report      *self,
             PangoLayout *layout,
             double       x,
             double       y,
             guint32      color,
             const char  *tag)
{
  if (self->pdf != NULL)
    cairo_tag_begin (self->cr, tag, NULL);
  cairo_move_to (self->cr, x, y);
  set_color (self->cr, color);
  pango_cairo_show_layout (self->cr, layout);
  if (self->pdf != NULL)
    cairo_tag_end (self->cr, tag);
}

static void
show_layout (Report      *self,
             PangoLayout *layout,
             double       x,
             double       y,
             guint32      color)
{
  show_tagged (self, layout, x, y, color, "P");
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '+' || c == '#';
}

/* Whether @needle occurs in @haystack (both case-folded) as a whole word. */
static gboolean
contains_word (const char *haystack,
               const char *needle)
{
  gsize len = strlen (needle);

  if (len == 0)
    return FALSE;
  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    {
      gboolean start_ok = p == haystack ||
                          !is_word_char (g_utf8_get_char (g_utf8_find_prev_char (haystack, p)));
      gboolean end_ok = p[len] == '\0' || !is_word_char (g_utf8_get_char (p + len));

      if (start_ok && end_ok)
        return TRUE;
    }
  return FALSE;
}

/* Whether @text would identify the candidate: their name or any part of it,
 * their address, or any address, link or phone number at all. */
static gboolean
identifies (Report                  *self,
            const SlRankedCandidate *candidate,
            const char              *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL || text[0] == '\0')
    return FALSE;

  valid = g_utf8_make_valid (text, -1);
  if (g_regex_match (self->contact, valid, 0, NULL))
    return TRUE;

  folded = g_utf8_casefold (valid, -1);
  if (candidate->email != NULL && candidate->email[0] != '\0')
    {
      g_autofree char *valid_email = g_utf8_make_valid (candidate->email, -1);
      g_autofree char *email = g_utf8_casefold (valid_email, -1);

      if (strstr (folded, email) != NULL)
        return TRUE;
    }
  if (candidate->name != NULL)
    {
      g_autofree char *valid_name = g_utf8_make_valid (candidate->name, -1);
      g_autofree char *name = g_utf8_casefold (valid_name, -1);
      g_auto(GStrv) tokens = g_strsplit_set (name, " \t,.;:()\"'’‘“”-", -1);

      for (guint i = 0; tokens[i] != NULL; i++)
        {
          if (g_utf8_strlen (tokens[i], -1) >= 2 && contains_word (folded, tokens[i]))
            return TRUE;
        }
    }
  return FALSE;
}

static const char *
education_label (int level)
{
  switch (level)
    {
    case SL_EDUCATION_HIGH_SCHOOL:
      return _("High-school diploma");
    case SL_EDUCATION_ASSOCIATE:
      return _("Associate degree");
    case SL_EDUCATION_BACHELOR:
      return _("Bachelor’s degree");
    case SL_EDUCATION_MASTER:
      return _("Master’s degree");
    case SL_EDUCATION_DOCTORATE:
      return _("Doctorate");
    default:
      return _("None stated");
    }
}

static char *
join_arrays (GPtrArray  *first,
             GPtrArray  *second,
             const char *separator)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *arrays[] = { first, second };

  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    {
      for (guint i = 0; arrays[a] != NULL && i < arrays[a]->len; i++)
        {
          if (text->len > 0)
            g_string_append (text, separator);
          g_string_append (text, g_ptr_array_index (arrays[a], i));
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_percent (double fraction)
{
  /* Translators: a percentage such as “75 %”; use your language’s spacing. */
  return g_strdup_printf (_("%.0f %%"), 100.0 * CLAMP (fraction, 0.0, 1.0));
}

static char *
format_years (double years)
{
  if (fabs (years - round (years)) < 0.05)
    return g_strdup_printf (ngettext ("%.0f year", "%.0f years", (gulong)round (years)), years);
  return g_strdup_printf (_("%.1f years"), years);
}

static const char *
job_title (SlJob *job)
{
  const char *title = sl_job_get_title (job);

  return title != NULL && title[0] != '\0' ? title : _("Untitled job");
}

static char *
candidate_label (Report                  *self,
                 guint                    rank)
{
  const SlRankedCandidate *candidate = &self->ranked[rank - 1];

  if (self->blind)
    /* Translators: %u is the candidate’s rank in a blind report. */
    return g_strdup_printf (_("Candidate %u"), rank);
  if (candidate->name == NULL || candidate->name[0] == '\0')
    return g_strdup (_("Unnamed candidate"));
  return g_utf8_make_valid (candidate->name, -1);
}

/* Pages */

static void
draw_footer (Report *self)
{
  g_autofree char *title = NULL;
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;

  /* Translators: the page number in the report footer. */
  number = g_strdup_printf (_("Page %1$d of %2$d"), self->page, MAX (self->n_pages, self->page));
  right = make_layout (self, number, FALSE, 8.5, PANGO_WEIGHT_NORMAL, 0, 0);
  /* Translators: %s is the job title, in the report footer. */
  title = g_strdup_printf (_("Screening report · %s"), job_title (self->job));
  left = make_layout (self, title, FALSE, 8.5, PANGO_WEIGHT_NORMAL,
                      CONTENT_WIDTH - layout_width (right) - 24, 1);

  set_color (self->cr, RULE);
  cairo_set_line_width (self->cr, 0.75);
  cairo_move_to (self->cr, MARGIN_X, FOOTER_Y - 8);
  cairo_line_to (self->cr, MARGIN_X + CONTENT_WIDTH, FOOTER_Y - 8);
  cairo_stroke (self->cr);

  show_layout (self, left, MARGIN_X, FOOTER_Y, TERTIARY);
  show_layout (self, right, MARGIN_X + CONTENT_WIDTH - layout_width (right), FOOTER_Y, TERTIARY);
}

static void
next_page (Report *self)
{
  if (self->page > 0 && self->pdf != NULL)
    {
      draw_footer (self);
      cairo_show_page (self->cr);
    }
  self->page++;
  self->y = MARGIN_TOP;
}

/* Starts a new page unless @height fits below the current position. A block
 * taller than a page starts at the top and is clipped, which the callers
 * prevent by limiting the number of lines of every free text. */
static void
ensure_space (Report *self,
              double  height)
{
  if (self->y + height > CONTENT_BOTTOM && self->y > MARGIN_TOP)
    next_page (self);
}

static void
add_outline (Report     *self,
             int         parent,
             const char *title,
             double      y,
             int        *id)
{
  g_autofree char *link = NULL;
  cairo_pdf_outline_flags_t flags;
  int added;

  if (self->pdf == NULL)
    return;
  link = g_strdup_printf ("page=%d pos=[%d %d]", self->page, (int)MARGIN_X, (int)MAX (y - 8, 0));
  flags = parent == CAIRO_PDF_OUTLINE_ROOT ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0;
  added = cairo_pdf_surface_add_outline (self->pdf, parent, title, link, flags);
  if (id != NULL)
    *id = added;
}

/* Sections: each returns its height and draws only when @draw is set. */

static double
section_heading (Report     *self,
                 const char *title,
                 gboolean    draw)
{
  g_autoptr(PangoLayout) layout = NULL;
  double height;

  layout = make_layout (self, title, FALSE, 13, PANGO_WEIGHT_BOLD, CONTENT_WIDTH, 1);
  height = layout_height (layout);

  if (draw)
    show_tagged (self, layout, MARGIN_X, self->y, INK, "H2");
  return height + 10;
}

static double
title_block (Report   *self,
             gboolean  draw)
{
  g_autoptr(PangoLayout) kicker = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) meta = NULL;
  g_autoptr(PangoLayout) badge = NULL;
  g_autoptr(PangoLayout) note = NULL;
  g_autofree char *meta_text = NULL;
  const char *location = sl_job_get_location (self->job);
  double badge_width = 0;
  double y = self->y;

  kicker = make_layout (self, _("SCREENING REPORT"), FALSE, 8.5, PANGO_WEIGHT_BOLD,
                        CONTENT_WIDTH, 1);
  if (self->blind)
    {
      badge = make_layout (self, _("Blind report"), FALSE, 9, PANGO_WEIGHT_BOLD, 0, 0);
      badge_width = layout_width (badge) + 20;
    }
  title = make_layout (self, job_title (self->job), FALSE, 22, PANGO_WEIGHT_BOLD,
                       CONTENT_WIDTH - badge_width - 12, 3);
  if (location != NULL && location[0] != '\0')
    /* Translators: the job’s location, then the date the report was made. */
    meta_text = g_strdup_printf (_("%1$s · Generated on %2$s"), location, self->date);
  else
    meta_text = g_strdup_printf (_("Generated on %s"), self->date);
  meta = make_layout (self, meta_text, FALSE, 10.5, PANGO_WEIGHT_NORMAL, CONTENT_WIDTH, 2);

  if (draw)
    show_layout (self, kicker, MARGIN_X, y, ACCENT);
  y += layout_height (kicker) + 4;

  if (draw)
    {
      show_tagged (self, title, MARGIN_X, y, INK, "H1");
      if (badge != NULL)
        {
          double bh = layout_height (badge) + 8;
          double bx = MARGIN_X + CONTENT_WIDTH - badge_width;
          double by = y + 6;

          rounded_rect (self->cr, bx, by, badge_width, bh, bh / 2);
          set_color (self->cr, BADGE_BLIND);
          cairo_fill (self->cr);
          show_layout (self, badge, bx + 10, by + 4, 0xffffff);
        }
    }
  y += layout_height (title) + 4;

  if (draw)
    show_layout (self, meta, MARGIN_X, y, SECONDARY);
  y += layout_height (meta);

  if (self->blind)
    {
      note = make_layout (self, _("Names, contact details and evidence that could identify a "
                               "candidate are left out. Candidates are numbered by rank."),
                          FALSE, 9.5, PANGO_WEIGHT_NORMAL, CONTENT_WIDTH, 3);
      y += 4;
      if (draw)
        show_layout (self, note, MARGIN_X, y, SECONDARY);
      y += layout_height (note);
    }

  y += 14;
  if (draw)
    {
      set_color (self->cr, RULE);
      cairo_set_line_width (self->cr, 1);
      cairo_move_to (self->cr, MARGIN_X, y);
      cairo_line_to (self->cr, MARGIN_X + CONTENT_WIDTH, y);
      cairo_stroke (self->cr);
    }
  y += 18;

  return y - self->y;
}

/* Skills as rounded chips that wrap; returns the height. */
static double
chips (Report             *self,
       const char * const *items,
       double              x,
       double              y,
       double              width,
       gboolean            draw)
{
  double cx = x;
  double row_height = 0;
  double top = y;
  guint n = items != NULL ? g_strv_length ((char **)items) : 0;

  for (guint i = 0; i < n && i <= MAX_CHIPS; i++)
    {
      g_autofree char *more = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      const char *text = items[i];
      double w, h;

      if (i == MAX_CHIPS)
        {
          /* Translators: the last chip when a long list of skills is cut short. */
          more = g_strdup_printf (_("+%u more"), n - MAX_CHIPS);
          text = more;
        }
      layout = make_layout (self, text, FALSE, 9.5, PANGO_WEIGHT_NORMAL, width - 16, 1);
      w = layout_width (layout) + 16;
      h = layout_height (layout) + 6;
      row_height = MAX (row_height, h);
      if (cx > x && cx + w > x + width)
        {
          cx = x;
          y += row_height + 5;
        }
      if (draw)
        {
          rounded_rect (self->cr, cx, y, w, h, h / 2);
          set_color (self->cr, SURFACE);
          cairo_fill_preserve (self->cr);
          set_color (self->cr, BORDER);
          cairo_set_line_width (self->cr, 0.6);
          cairo_stroke (self->cr);
          show_layout (self, layout, cx + 8, y + 3, INK);
        }
      cx += w + 5;
    }
  return n > 0 ? y + row_height - top : 0;
}

static double
requirements_block (Report   *self,
                    gboolean  draw)
{
  const char * const *mandatory = NULL;
  const char * const *preferred = NULL;
  const double label_width = 128;
  const double value_x = MARGIN_X + label_width;
  const double value_width = CONTENT_WIDTH - label_width;
  double min_years = -1;
  int education = -1;
  double y = self->y;

  if (self->requirements != NULL)
    {
      mandatory = sl_requirements_get_mandatory_skills (self->requirements);
      preferred = sl_requirements_get_preferred_skills (self->requirements);
      min_years = sl_requirements_get_min_years (self->requirements);
      education = sl_requirements_get_education_level (self->requirements);
    }

  if (draw)
    add_outline (self, CAIRO_PDF_OUTLINE_ROOT, _("Requirements"), y, NULL);
  y += section_heading (self, _("Requirements"), draw);

  for (guint row = 0; row < 4; row++)
    {
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) value = NULL;
      g_autofree char *text = NULL;
      const char * const *list = NULL;
      const char *label_text = NULL;
      double height;

      switch (row)
        {
        case 0:
          label_text = _("Required skills");
          list = mandatory;
          break;
        case 1:
          label_text = _("Preferred skills");
          list = preferred;
          break;
        case 2:
          label_text = _("Experience");
          if (min_years > 0)
            {
              g_autofree char *years = format_years (min_years);

              /* Translators: %s is a duration such as “5 years”. */
              text = g_strdup_printf (_("At least %s"), years);
            }
          break;
        default:
          label_text = _("Education");
          if (education > 0)
            /* Translators: %s is a level such as “Bachelor’s degree”. */
            text = g_strdup_printf (_("%s or higher"), education_label (education));
          break;
        }

      label = make_layout (self, label_text, FALSE, 10, PANGO_WEIGHT_NORMAL, label_width - 8, 2);
      if (row < 2 && list != NULL && list[0] != NULL)
        {
          height = chips (self, list, value_x, y - 2, value_width, draw) - 2;
        }
      else
        {
          value = make_layout (self, text != NULL ? text : _("None stated"), FALSE, 10,
                               PANGO_WEIGHT_NORMAL, value_width, 2);
          height = layout_height (value);
          if (draw)
            show_layout (self, value, value_x, y, text != NULL ? INK : TERTIARY);
        }
      if (draw)
        show_layout (self, label, MARGIN_X, y, SECONDARY);
      y += MAX (height, layout_height (label)) + 9;
    }

  return y - self->y + 12;
}

static double
summary_block (Report   *self,
               gboolean  draw)
{
  const double gap = 10;
  const double card_width = (CONTENT_WIDTH - 3 * gap) / 4;
  const double card_height = 56;
  double y = self->y;

  if (draw)
    add_outline (self, CAIRO_PDF_OUTLINE_ROOT, _("Summary"), y, NULL);
  y += section_heading (self, _("Summary"), draw);

  if (draw)
    {
      for (guint i = 0; i < 4; i++)
        {
          g_autoptr(PangoLayout) label = NULL;
          g_autoptr(PangoLayout) value = NULL;
          g_autofree char *value_text = NULL;
          const char *label_text;
          double x = MARGIN_X + i * (card_width + gap);

          switch (i)
            {
            case 0:
              label_text = _("Screened");
              value_text = g_strdup_printf ("%u", self->n_ranked);
              break;
            case 1:
              label_text = _("Shortlisted");
              if (self->n_ranked > 0)
                {
                  double share = (double)self->n_shortlisted / self->n_ranked;
                  g_autofree char *percent = format_percent (share);

                  /* Translators: Pango markup; a count, then its share such as “12 %”. */
                  value_text = g_strdup_printf (_("%1$u <span size=\"small\" weight=\"normal\">"
                                                  "(%2$s)</span>"),
                                                self->n_shortlisted, percent);
                }
              else
                value_text = g_strdup ("0");
              break;
            case 2:
              label_text = _("Median score");
              if (self->n_ranked > 0)
                value_text = g_strdup_printf ("%.1f", self->median);
              else
                value_text = g_strdup ("–");
              break;
            default:
              label_text = _("Threshold");
              if (isnan (self->threshold))
                value_text = g_strdup ("–");
              else
                value_text = g_strdup_printf ("%.0f", self->threshold);
              break;
            }

          rounded_rect (self->cr, x, y, card_width, card_height, 8);
          set_color (self->cr, SURFACE);
          cairo_fill (self->cr);

          label = make_layout (self, label_text, FALSE, 9, PANGO_WEIGHT_NORMAL, card_width - 24, 1);
          value = make_layout (self, value_text, TRUE, 18, PANGO_WEIGHT_BOLD, card_width - 24, 1);
          show_layout (self, label, x + 12, y + 9, SECONDARY);
          show_layout (self, value, x + 12, y + 9 + layout_height (label) + 3, INK);
        }
    }
  y += card_height + 22;

  return y - self->y;
}

/* A step of 1, 2 or 5 times a power of ten that divides 0…@max into at most four. */
static guint
nice_step (guint max)
{
  for (guint magnitude = 1;; magnitude *= 10)
    {
      if (magnitude * 4 >= max)
        return magnitude;
      if (magnitude * 2 * 4 >= max)
        return magnitude * 2;
      if (magnitude * 5 * 4 >= max)
        return magnitude * 5;
    }
}

static double
histogram_block (Report   *self,
                 gboolean  draw)
{
  const double chart_height = 110;
  const double axis_width = 26;
  const double chart_x = MARGIN_X + axis_width;
  const double chart_width = CONTENT_WIDTH - axis_width;
  const double slot = chart_width / N_BINS;
  g_autoptr(PangoLayout) heading = NULL;
  g_autoptr(PangoLayout) legend_a = NULL;
  g_autoptr(PangoLayout) legend_b = NULL;
  guint max_count = 1;
  guint step, scale;
  double top, base;
  double y = self->y;

  heading = make_layout (self, _("Score distribution"), FALSE, 11, PANGO_WEIGHT_BOLD,
                         CONTENT_WIDTH, 1);
  if (draw)
    show_tagged (self, heading, MARGIN_X, y, INK, "H3");
  y += layout_height (heading) + 14;

  top = y + 12;
  base = top + chart_height;

  /* A scale with round steps and room above the tallest bar for its count. */
  for (guint i = 0; i < N_BINS; i++)
    max_count = MAX (max_count, self->bins[i][0] + self->bins[i][1]);
  scale = (guint)ceil (max_count * 1.15);
  step = nice_step (scale);
  scale = (scale + step - 1) / step * step;

  if (draw)
    {
      cairo_t *cr = self->cr;

      /* Horizontal grid with counts. */
      cairo_set_line_width (cr, 0.5);
      for (guint tick = 0; tick <= scale; tick += step)
        {
          g_autofree char *count = g_strdup_printf ("%u", tick);
          g_autoptr(PangoLayout) label = NULL;
          double gy = base - chart_height * tick / scale;

          label = make_layout (self, count, FALSE, 8, PANGO_WEIGHT_NORMAL, 0, 0);
          set_color (cr, RULE);
          cairo_move_to (cr, chart_x, gy);
          cairo_line_to (cr, chart_x + chart_width, gy);
          cairo_stroke (cr);
          show_layout (self, label, chart_x - 6 - layout_width (label),
                       gy - layout_height (label) / 2, TERTIARY);
        }

      for (guint i = 0; i < N_BINS; i++)
        {
          guint total = self->bins[i][0] + self->bins[i][1];
          double x = chart_x + i * slot + 4;
          double w = slot - 8;
          double h_short = chart_height * self->bins[i][0] / scale;
          double h_reject = chart_height * self->bins[i][1] / scale;

          if (h_reject > 0)
            {
              cairo_rectangle (cr, x, base - h_reject, w, h_reject);
              set_color (cr, BAR_REJECT);
              cairo_fill (cr);
            }
          if (h_short > 0)
            {
              cairo_rectangle (cr, x, base - h_reject - h_short, w, h_short);
              set_color (cr, BAR_SHORTLIST);
              cairo_fill (cr);
            }
          if (total > 0)
            {
              g_autofree char *count = g_strdup_printf ("%u", total);
              g_autoptr(PangoLayout) label = NULL;

              label = make_layout (self, count, FALSE, 8, PANGO_WEIGHT_BOLD, 0, 0);
              show_layout (self, label, x + (w - layout_width (label)) / 2,
                           base - h_reject - h_short - layout_height (label) - 1, SECONDARY);
            }
        }

      /* The axis, labelled every ten points. */
      set_color (cr, BORDER);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, chart_x, base);
      cairo_line_to (cr, chart_x + chart_width, base);
      cairo_stroke (cr);
      for (guint i = 0; i <= N_BINS; i++)
        {
          g_autofree char *value = g_strdup_printf ("%u", i * (100 / N_BINS));
          g_autoptr(PangoLayout) label = NULL;

          label = make_layout (self, value, FALSE, 8, PANGO_WEIGHT_NORMAL, 0, 0);
          /* The last label ends at the margin rather than across it. */
          show_layout (self, label,
                       MIN (chart_x + i * slot - layout_width (label) / 2,
                            chart_x + chart_width - layout_width (label)),
                       base + 4, TERTIARY);
        }

      if (!isnan (self->threshold))
        {
          g_autofree char *text = g_strdup_printf (_("Threshold %.0f"), self->threshold);
          g_autoptr(PangoLayout) label = make_layout (self, text, FALSE, 8, PANGO_WEIGHT_BOLD,
                                                      0, 0);
          double tx = chart_x + chart_width * CLAMP (self->threshold, 0, 100) / 100;
          double lx = CLAMP (tx - layout_width (label) / 2, chart_x,
                             chart_x + chart_width - layout_width (label));
          double dash[] = { 3, 2 };

          set_color (cr, INK);
          cairo_set_line_width (cr, 1);
          cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
          cairo_move_to (cr, tx, top - 4);
          cairo_line_to (cr, tx, base);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          show_layout (self, label, lx, top - 6 - layout_height (label), INK);
        }
    }
  y = base + 22;

  legend_a = make_layout (self, _("Shortlisted"), FALSE, 9, PANGO_WEIGHT_NORMAL, 0, 0);
  legend_b = make_layout (self, _("Rejected"), FALSE, 9, PANGO_WEIGHT_NORMAL, 0, 0);
  if (draw)
    {
      double x = chart_x;
      double sh = layout_height (legend_a);

      cairo_rectangle (self->cr, x, y + (sh - 9) / 2, 9, 9);
      set_color (self->cr, BAR_SHORTLIST);
      cairo_fill (self->cr);
      show_layout (self, legend_a, x + 14, y, SECONDARY);
      x += 14 + layout_width (legend_a) + 18;
      cairo_rectangle (self->cr, x, y + (sh - 9) / 2, 9, 9);
      set_color (self->cr, BAR_REJECT);
      cairo_fill (self->cr);
      show_layout (self, legend_b, x + 14, y, SECONDARY);
    }
  y += layout_height (legend_a) + 26;

  return y - self->y;
}

typedef struct _Block
{
  guint        rank;
  PangoLayout *rank_layout;
  PangoLayout *name;
  PangoLayout *detail;
  int          email_start;  /* byte range of the address in @detail */
  int          email_end;
  char        *email;        /* valid UTF-8, or NULL */
  PangoLayout *score;
  PangoLayout *decision;
  PangoLayout *components;
  PangoLayout *explanation;
  PangoLayout *matched;
  PangoLayout *missing;
  GPtrArray   *evidence;
} Block;

static void
block_clear (Block *b)
{
  g_clear_object (&b->rank_layout);
  g_clear_object (&b->name);
  g_clear_object (&b->detail);
  g_clear_object (&b->score);
  g_clear_object (&b->decision);
  g_clear_object (&b->components);
  g_clear_object (&b->explanation);
  g_clear_object (&b->matched);
  g_clear_object (&b->missing);
  g_clear_pointer (&b->evidence, g_ptr_array_unref);
  g_clear_pointer (&b->email, g_free);
  b->email_start = b->email_end = 0;
  b->rank = 0;
}

/* Shaping text is most of the work: a block is laid out once, then
 * measured and drawn with the same layouts. */
static Block *
get_block (Report *self,
           guint   rank)
{
  const SlRankedCandidate *candidate = &self->ranked[rank - 1];
  SlScreeningResult *result = candidate->result;
  const double text_width = CONTENT_WIDTH - RANK_COLUMN;
  g_autoptr(GString) detail_text = g_string_new (NULL);
  g_autoptr(GString) components_text = g_string_new (NULL);
  g_autofree char *label = NULL;
  g_autofree char *rank_text = NULL;
  g_autofree char *score_text = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *matched_list = NULL;
  g_autofree char *missing_list = NULL;
  const char *headline = candidate->headline;
  Block *b = self->block;
  const struct { const char *name; double value; } parts[] = {
    { _("Similarity"), result->similarity },
    { _("Skills"), result->skill_coverage },
    { _("Experience"), result->experience_fit },
    { _("Education"), result->education_fit },
    { _("Model"), result->classifier },
  };

  if (b->rank == rank)
    return b;
  block_clear (b);
  b->rank = rank;
  b->evidence = g_ptr_array_new_with_free_func (g_object_unref);

  label = candidate_label (self, rank);
  rank_text = g_strdup_printf ("%u", rank);
  score_text = g_strdup_printf ("%.1f", result->score);
  sentence = sl_screening_result_explain (result);
  matched_list = join_arrays (result->matched_mandatory, result->matched_preferred, _(", "));
  missing_list = join_arrays (result->missing_mandatory, result->missing_preferred, _(", "));

  /* The header: rank, name and details on the left; score and decision on the right. */
  b->rank_layout = make_layout (self, rank_text, FALSE, 10, PANGO_WEIGHT_BOLD, 0, 0);
  b->name = make_layout (self, label, FALSE, 12, PANGO_WEIGHT_BOLD, text_width - SCORE_COLUMN, 2);
  /* Valid text only, so that byte offsets hold in the layout. */
  if (headline != NULL && headline[0] != '\0' &&
      !(self->blind && identifies (self, candidate, headline)))
    {
      g_autofree char *valid = g_utf8_make_valid (headline, -1);

      g_string_append (detail_text, valid);
    }
  if (!self->blind && candidate->email != NULL && candidate->email[0] != '\0')
    {
      if (detail_text->len > 0)
        g_string_append (detail_text, " · ");
      b->email = g_utf8_make_valid (candidate->email, -1);
      b->email_start = detail_text->len;
      g_string_append (detail_text, b->email);
      b->email_end = detail_text->len;
    }
  if (detail_text->len > 0)
    b->detail = make_layout (self, detail_text->str, FALSE, 9, PANGO_WEIGHT_NORMAL,
                             text_width - SCORE_COLUMN, 2);
  b->score = make_layout (self, score_text, FALSE, 17, PANGO_WEIGHT_BOLD, 0, 0);
  b->decision = make_layout (self, result->shortlist ? _("Shortlist") : _("Reject"), FALSE, 8.5,
                             PANGO_WEIGHT_BOLD, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *name_markup = NULL;

      if (i == G_N_ELEMENTS (parts) - 1 && parts[i].value < 0)
        break;
      value = parts[i].value >= 0 ? format_percent (parts[i].value) : g_strdup ("–");
      name_markup = g_markup_escape_text (parts[i].name, -1);
      if (components_text->len > 0)
        g_string_append (components_text, "     ");
      g_string_append_printf (components_text, "%s <b>%s</b>", name_markup, value);
    }
  b->components = make_layout (self, components_text->str, TRUE, 8, PANGO_WEIGHT_NORMAL,
                               text_width, 2);
  b->explanation = make_layout (self, sentence, FALSE, 9.5, PANGO_WEIGHT_NORMAL, text_width, 8);

  if (matched_list[0] != '\0')
    {
      g_autofree char *markup = NULL;

      markup = g_markup_printf_escaped ("<span foreground=\"#26a269\">✓</span> <b>%s</b>  %s",
                                        _("Matched"), matched_list);
      b->matched = make_layout (self, markup, TRUE, 8.5, PANGO_WEIGHT_NORMAL, text_width, 2);
    }
  if (missing_list[0] != '\0')
    {
      g_autofree char *markup = NULL;

      markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">✗</span> <b>%s</b>  %s",
                                        _("Missing"), missing_list);
      b->missing = make_layout (self, markup, TRUE, 8.5, PANGO_WEIGHT_NORMAL, text_width, 2);
    }

  for (guint i = 0; result->evidence != NULL && i < result->evidence->len; i++)
    {
      const char *line = g_ptr_array_index (result->evidence, i);
      g_autofree char *quoted = NULL;
      PangoFontDescription *desc;
      PangoLayout *layout;

      if (self->blind && identifies (self, candidate, line))
        continue;
      /* Translators: an evidence line quoted from a resume. */
      quoted = g_strdup_printf (_("“%s”"), line);
      layout = make_layout (self, quoted, FALSE, 8.5, PANGO_WEIGHT_NORMAL, text_width - 10, 2);
      desc = pango_font_description_copy (pango_layout_get_font_description (layout));
      pango_font_description_set_style (desc, PANGO_STYLE_ITALIC);
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      g_ptr_array_add (b->evidence, layout);
    }

  return b;
}

/* Makes the address in a block's detail line a mailto: link, when it sits on
 * one line of the layout drawn at @x, @y. */
static void
link_email (Report *self,
            Block  *b,
            double  x,
            double  y)
{
  g_autoptr(GString) attributes = NULL;
  PangoRectangle start, end;

  if (self->pdf == NULL || b->email == NULL || b->email_end <= b->email_start)
    return;
  pango_layout_index_to_pos (b->detail, b->email_start, &start);
  pango_layout_index_to_pos (b->detail, b->email_end, &end);
  if (start.y != end.y || end.x <= start.x)
    return;

  /* cairo reads the URI between single quotes, with \ as the escape. */
  attributes = g_string_new (NULL);
  g_string_append_printf (attributes, "rect=[%d %d %d %d] uri='mailto:",
                          (int)(x + (double)start.x / PANGO_SCALE),
                          (int)(y + (double)start.y / PANGO_SCALE),
                          (int)ceil ((double)(end.x - start.x) / PANGO_SCALE),
                          (int)ceil ((double)start.height / PANGO_SCALE));
  for (const char *p = b->email; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (attributes, '\\');
      g_string_append_c (attributes, *p);
    }
  g_string_append_c (attributes, '\'');

  cairo_tag_begin (self->cr, CAIRO_TAG_LINK, attributes->str);
  cairo_tag_end (self->cr, CAIRO_TAG_LINK);
}

static double
candidate_block (Report   *self,
                 guint     rank,
                 gboolean  draw)
{
  SlScreeningResult *result = self->ranked[rank - 1].result;
  const double text_x = MARGIN_X + RANK_COLUMN;
  const double text_width = CONTENT_WIDTH - RANK_COLUMN;
  Block *b = get_block (self, rank);
  double header_height, badge_height, badge_width, bar_y, y = self->y;

  badge_height = layout_height (b->decision) + 6;
  badge_width = layout_width (b->decision) + 16;

  header_height = layout_height (b->name) + (b->detail != NULL ? layout_height (b->detail) + 1 : 0);
  header_height = MAX (header_height, layout_height (b->score));

  /* A rule between candidates, but none at the top of a page. */
  if (draw && rank > 1 && self->y > MARGIN_TOP)
    {
      set_color (self->cr, RULE);
      cairo_set_line_width (self->cr, 0.75);
      cairo_move_to (self->cr, text_x, y);
      cairo_line_to (self->cr, MARGIN_X + CONTENT_WIDTH, y);
      cairo_stroke (self->cr);
    }

  y += 10;
  if (draw)
    {
      double cy = y + layout_height (b->name) / 2;
      double rx = MARGIN_X + 13;
      double score_x = MARGIN_X + CONTENT_WIDTH - badge_width - 10 - layout_width (b->score);
      double badge_x = MARGIN_X + CONTENT_WIDTH - badge_width;
      double badge_y = y + (layout_height (b->score) - badge_height) / 2;

      cairo_new_path (self->cr);
      cairo_arc (self->cr, rx, cy, 12, 0, 2 * G_PI);
      set_color (self->cr, SURFACE);
      cairo_fill_preserve (self->cr);
      set_color (self->cr, RULE);
      cairo_set_line_width (self->cr, 0.75);
      cairo_stroke (self->cr);
      show_layout (self, b->rank_layout, rx - layout_width (b->rank_layout) / 2,
                   cy - layout_height (b->rank_layout) / 2, SECONDARY);

      show_tagged (self, b->name, text_x, y, INK, "H3");
      if (b->detail != NULL)
        {
          show_layout (self, b->detail, text_x, y + layout_height (b->name) + 1, SECONDARY);
          link_email (self, b, text_x, y + layout_height (b->name) + 1);
        }

      show_layout (self, b->score, score_x, y, INK);
      rounded_rect (self->cr, badge_x, badge_y, badge_width, badge_height, badge_height / 2);
      if (result->shortlist)
        {
          set_color (self->cr, BADGE_SHORTLIST);
          cairo_fill (self->cr);
          show_layout (self, b->decision, badge_x + 8, badge_y + 3, 0xffffff);
        }
      else
        {
          set_color (self->cr, SURFACE);
          cairo_fill_preserve (self->cr);
          set_color (self->cr, BORDER);
          cairo_set_line_width (self->cr, 0.75);
          cairo_stroke (self->cr);
          show_layout (self, b->decision, badge_x + 8, badge_y + 3, SECONDARY);
        }
    }
  y += header_height + 6;

  /* The b->score bar, with the threshold marked. */
  bar_y = y;
  if (draw)
    {
      double fill = text_width * CLAMP (result->score, 0, 100) / 100;
      double tx = text_x + text_width * CLAMP (result->threshold, 0, 100) / 100;

      rounded_rect (self->cr, text_x, bar_y, text_width, 6, 3);
      set_color (self->cr, SURFACE);
      cairo_fill_preserve (self->cr);
      set_color (self->cr, RULE);
      cairo_set_line_width (self->cr, 0.5);
      cairo_stroke (self->cr);
      if (fill > 0)
        {
          rounded_rect (self->cr, text_x, bar_y, MAX (fill, 6), 6, 3);
          set_color (self->cr, result->shortlist ? BAR_SHORTLIST : BAR_REJECT);
          cairo_fill (self->cr);
        }
      set_color (self->cr, INK);
      cairo_set_line_width (self->cr, 1);
      cairo_move_to (self->cr, tx, bar_y - 2);
      cairo_line_to (self->cr, tx, bar_y + 8);
      cairo_stroke (self->cr);
    }
  y += 6 + 6;

  if (draw)
    show_layout (self, b->components, text_x, y, SECONDARY);
  y += layout_height (b->components) + 4;

  if (draw)
    show_layout (self, b->explanation, text_x, y, INK);
  y += layout_height (b->explanation) + 4;

  if (b->matched != NULL)
    {
      if (draw)
        show_layout (self, b->matched, text_x, y, INK);
      y += layout_height (b->matched) + 2;
    }
  if (b->missing != NULL)
    {
      if (draw)
        show_layout (self, b->missing, text_x, y, INK);
      y += layout_height (b->missing) + 2;
    }

  if (b->evidence->len > 0)
    y += 3;
  for (guint i = 0; i < b->evidence->len; i++)
    {
      PangoLayout *line = g_ptr_array_index (b->evidence, i);
      double h = layout_height (line);

      if (draw)
        {
          cairo_rectangle (self->cr, text_x, y + 1, 2, h - 2);
          set_color (self->cr, BORDER);
          cairo_fill (self->cr);
          show_layout (self, line, text_x + 10, y, SECONDARY);
        }
      y += h + 2;
    }

  y += 9;

  return y - self->y;
}

static gboolean
render (Report        *self,
        GCancellable  *cancellable,
        GError       **error)
{
  /* The measuring pass lays out everything and draws nothing. */
  gboolean draw = self->pdf != NULL;
  double height;

  self->page = 0;
  next_page (self);

  self->y += title_block (self, draw);

  height = requirements_block (self, FALSE);
  ensure_space (self, height);
  self->y += requirements_block (self, draw);

  height = summary_block (self, FALSE);
  if (self->n_ranked > 0)
    height += histogram_block (self, FALSE);
  ensure_space (self, height);
  self->y += summary_block (self, draw);
  if (self->n_ranked > 0)
    self->y += histogram_block (self, draw);

  /* The heading stays with the first candidate. */
  height = section_heading (self, _("Ranked candidates"), FALSE);
  if (self->n_ranked > 0)
    height += candidate_block (self, 1, FALSE);
  ensure_space (self, height);
  add_outline (self, CAIRO_PDF_OUTLINE_ROOT, _("Ranked candidates"), self->y,
               &self->outline_ranking);
  self->y += section_heading (self, _("Ranked candidates"), draw);

  if (self->n_ranked == 0)
    {
      g_autoptr(PangoLayout) empty = NULL;

      empty = make_layout (self, _("No candidates were screened for this job."), FALSE, 10,
                           PANGO_WEIGHT_NORMAL, CONTENT_WIDTH, 2);

      if (draw)
        show_layout (self, empty, MARGIN_X, self->y, SECONDARY);
    }

  for (guint rank = 1; rank <= self->n_ranked; rank++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      height = candidate_block (self, rank, FALSE);
      ensure_space (self, height);
      if (self->pdf != NULL)
        {
          g_autofree char *label = candidate_label (self, rank);
          g_autofree char *entry = g_strdup_printf ("%u. %s", rank, label);

          add_outline (self, self->outline_ranking, entry, self->y, NULL);
        }
      self->y += candidate_block (self, rank, draw);
    }

  if (draw)
    {
      draw_footer (self);
      cairo_show_page (self->cr);
    }

  if (cairo_status (self->cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_SCREENING_REPORT_ERROR, SL_SCREENING_REPORT_ERROR_FAILED,
                   _("Could not draw the report: %s"),
                   cairo_status_to_string (cairo_status (self->cr)));
      return FALSE;
    }
  return TRUE;
}


static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a;
  double db = *(const double *)b;

  return da < db ? -1 : da > db;
}

static void
report_init (Report                  *self,
             SlJob                   *job,
             SlRequirements          *requirements,
             const SlRankedCandidate *ranked,
             guint                    n_ranked,
             gboolean                 blind)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree double *scores = g_new (double, MAX (n_ranked, 1));

  memset (self, 0, sizeof *self);
  self->job = job;
  self->requirements = requirements;
  self->ranked = ranked;
  self->n_ranked = n_ranked;
  self->blind = blind;
  self->threshold = NAN;
  /* Translators: the report’s date; see g_date_time_format() for the codes. */
  self->date = g_date_time_format (now, _("%-d %B %Y"));
  if (self->date == NULL)
    self->date = g_date_time_format (now, "%Y-%m-%d");
  self->contact = g_regex_new (CONTACT_PATTERN, G_REGEX_OPTIMIZE, 0, NULL);
  self->block = g_new0 (Block, 1);
  g_assert (self->contact != NULL);

  for (guint i = 0; i < n_ranked; i++)
    {
      SlScreeningResult *result = ranked[i].result;
      guint bin = (guint)CLAMP (result->score / (100.0 / N_BINS), 0, N_BINS - 1);

      if (i == 0)
        self->threshold = result->threshold;
      if (result->shortlist)
        self->n_shortlisted++;
      self->bins[bin][result->shortlist ? 0 : 1]++;
      scores[i] = result->score;
    }
  if (n_ranked > 0)
    {
      qsort (scores, n_ranked, sizeof (double), compare_doubles);
      self->median = n_ranked % 2 == 1 ? scores[n_ranked / 2]
                                     : (scores[n_ranked / 2 - 1] + scores[n_ranked / 2]) / 2;
    }
}

static void
report_clear (Report *self)
{
  if (self->block != NULL)
    block_clear (self->block);
  g_clear_pointer (&self->block, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->contact, g_regex_unref);
}

static gboolean
check_folder (const char  *path,
              GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("Could not save the report: the folder “%s” does not exist"), display);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("Could not save the report: “%s” is a folder"), display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_atomically (const char    *path,
                 const guint8  *data,
                 gsize          length,
                 GError       **error)
{
  /* g_file_set_contents_full() writes a temporary file beside @path and
   * renames it over, and removes the temporary file when anything fails. */
  if (!g_file_set_contents_full (path, (const char *)data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, error))
    {
      g_prefix_error (error, _("Could not save the report: "));
      return FALSE;
    }
  return TRUE;
}

/* A file written beside its final name and renamed over it once complete,
 * so that a reader never sees half a report and a failure leaves nothing. */
typedef struct
{
  char          *path;
  char          *tmp_path;
  GOutputStream *stream;
  GError        *error;      /* the first failed write */
} AtomicFile;

static void
set_save_error (GError     **error,
                const char  *path,
                int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: %1$s is a file name, %2$s the system’s reason. */
               _("Could not save the report “%1$s”: %2$s"), display, g_strerror (saved_errno));
}

static gboolean
atomic_file_open (AtomicFile  *file,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp_path = g_build_filename (folder, name, NULL);
  int fd;

  memset (file, 0, sizeof *file);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_save_error (error, path, errno);
      return FALSE;
    }
  file->path = g_strdup (path);
  file->tmp_path = g_steal_pointer (&tmp_path);
  file->stream = g_unix_output_stream_new (fd, TRUE);
  return TRUE;
}

static cairo_status_t
write_to_file_cb (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  AtomicFile *file = closure;

  if (file->error != NULL ||
      !g_output_stream_write_all (file->stream, data, length, NULL, NULL, &file->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

/* Flushes, closes and renames the file over its final name when @commit is
 * set and every write succeeded; otherwise removes it and, when @commit is
 * set, says why. */
static gboolean
atomic_file_finish (AtomicFile  *file,
                    gboolean     commit,
                    GError     **error)
{
  g_autofree char *display = g_filename_display_name (file->path);
  g_autoptr(GError) close_error = NULL;
  int fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (file->stream));
  gboolean ok = commit;

  if (ok && file->error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&file->error),
                                  _("Could not save the report “%s”: "), display);
      ok = FALSE;
    }
  if (ok && fsync (fd) != 0)
    {
      set_save_error (error, file->path, errno);
      ok = FALSE;
    }
  if (!g_output_stream_close (file->stream, NULL, &close_error) && ok)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&close_error),
                                  _("Could not save the report “%s”: "), display);
      ok = FALSE;
    }
  if (ok && g_rename (file->tmp_path, file->path) != 0)
    {
      set_save_error (error, file->path, errno);
      ok = FALSE;
    }
  if (!ok)
    g_unlink (file->tmp_path);

  g_clear_object (&file->stream);
  g_clear_error (&file->error);
  g_clear_pointer (&file->tmp_path, g_free);
  g_clear_pointer (&file->path, g_free);
  return ok;
}

gboolean
sl_screening_report_write_pdf (const char               *path,
                               SlJob                    *job,
                               SlRequirements           *requirements,
                               const SlRankedCandidate  *ranked,
                               guint                     n_ranked,
                               gboolean                  blind,
                               GCancellable             *cancellable,
                               GError                  **error)
{
  g_autoptr(PangoFontMap) font_map = NULL;
  g_autoptr(GObject) pango_ref = NULL;
  PangoContext *pango;
  g_autofree char *title = NULL;
  g_autofree char *valid_title = NULL;
  cairo_font_options_t *options;
  cairo_surface_t *measure_surface;
  cairo_surface_t *surface;
  g_autoptr(GError) render_error = NULL;
  cairo_status_t status;
  AtomicFile file;
  Report report;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (SL_IS_JOB (job), FALSE);
  g_return_val_if_fail (ranked != NULL || n_ranked == 0, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_ranked; i++)
    g_return_val_if_fail (ranked[i].result != NULL, FALSE);

  if (!check_folder (path, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* A private font map and context: the report may be drawn on a worker
   * thread, and unhinted metrics make both passes lay out alike. */
  font_map = pango_cairo_font_map_new ();
  pango = pango_font_map_create_context (font_map);
  pango_ref = G_OBJECT (pango);
  pango_cairo_context_set_resolution (pango, 72);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango, options);
  cairo_font_options_destroy (options);

  report_init (&report, job, requirements, ranked, n_ranked, blind);
  report.pango = pango;

  /* First pass: count the pages, so that every footer can say “of N”. */
  measure_surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  report.cr = cairo_create (measure_surface);
  ok = render (&report, cancellable, error);
  report.n_pages = report.page;
  cairo_destroy (report.cr);
  cairo_surface_destroy (measure_surface);
  if (!ok)
    {
      report_clear (&report);
      return FALSE;
    }

  if (!atomic_file_open (&file, path, error))
    {
      report_clear (&report);
      return FALSE;
    }

  surface = cairo_pdf_surface_create_for_stream (write_to_file_cb, &file, PAGE_WIDTH, PAGE_HEIGHT);
  /* Translators: the PDF document title; %s is the job title. */
  title = g_strdup_printf (_("Screening report: %s"), job_title (job));
  valid_title = g_utf8_make_valid (title, -1);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, valid_title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Shortlist");
  report.pdf = surface;
  report.cr = cairo_create (surface);
  ok = render (&report, cancellable, &render_error);
  if (ok && report.page != report.n_pages)
    g_debug ("Measured %d pages but drew %d", report.n_pages, report.page);
  cairo_destroy (report.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  report_clear (&report);

  /* A failed write shows as a cairo error too: the file's own says more. */
  if (file.error != NULL)
    return atomic_file_finish (&file, TRUE, error);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&render_error));
      return atomic_file_finish (&file, FALSE, NULL);
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_SCREENING_REPORT_ERROR, SL_SCREENING_REPORT_ERROR_FAILED,
                   _("Could not draw the report: %s"), cairo_status_to_string (status));
      return atomic_file_finish (&file, FALSE, NULL);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return atomic_file_finish (&file, FALSE, NULL);

  return atomic_file_finish (&file, TRUE, error);
}

/* The asynchronous form */

typedef struct
{
  char              *path;
  SlJob             *job;
  SlRequirements    *requirements;
  SlRankedCandidate *ranked;
  guint              n_ranked;
  gboolean           blind;
} WriteData;

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

/* A deep copy; the arrays are the only members that SlScreeningResult owns. */
static SlScreeningResult *
copy_result (const SlScreeningResult *result)
{
  SlScreeningResult *copy = g_new (SlScreeningResult, 1);

  *copy = *result;
  copy->matched_mandatory = copy_strings (result->matched_mandatory);
  copy->matched_preferred = copy_strings (result->matched_preferred);
  copy->missing_mandatory = copy_strings (result->missing_mandatory);
  copy->missing_preferred = copy_strings (result->missing_preferred);
  copy->evidence = copy_strings (result->evidence);
  return copy;
}

static void
write_data_free (gpointer data)
{
  WriteData *self = data;

  for (guint i = 0; i < self->n_ranked; i++)
    {
      g_free ((char *)self->ranked[i].name);
      g_free ((char *)self->ranked[i].email);
      g_free ((char *)self->ranked[i].headline);
      sl_screening_result_free (self->ranked[i].result);
    }
  g_free (self->ranked);
  g_clear_pointer (&self->requirements, sl_requirements_free);
  g_clear_object (&self->job);
  g_free (self->path);
  g_free (self);
}

static void
write_pdf_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!sl_screening_report_write_pdf (data->path, data->job, data->requirements, data->ranked,
                                      data->n_ranked, data->blind, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sl_screening_report_write_pdf_async (const char               *path,
                                     SlJob                    *job,
                                     SlRequirements           *requirements,
                                     const SlRankedCandidate  *ranked,
                                     guint                     n_ranked,
                                     gboolean                  blind,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (SL_IS_JOB (job));
  g_return_if_fail (ranked != NULL || n_ranked == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  for (guint i = 0; i < n_ranked; i++)
    g_return_if_fail (ranked[i].result != NULL);

  data = g_new0 (WriteData, 1);
  data->path = g_strdup (path);
  data->job = sl_job_copy (job);
  if (requirements != NULL)
    data->requirements = sl_requirements_new (sl_requirements_get_mandatory_skills (requirements),
                                              sl_requirements_get_preferred_skills (requirements),
                                              sl_requirements_get_min_years (requirements),
                                              sl_requirements_get_education_level (requirements));
  data->ranked = g_new0 (SlRankedCandidate, MAX (n_ranked, 1));
  data->n_ranked = n_ranked;
  data->blind = blind;
  for (guint i = 0; i < n_ranked; i++)
    {
      data->ranked[i].candidate_id = ranked[i].candidate_id;
      data->ranked[i].name = g_strdup (ranked[i].name);
      data->ranked[i].email = g_strdup (ranked[i].email);
      data->ranked[i].headline = g_strdup (ranked[i].headline);
      data->ranked[i].result = copy_result (ranked[i].result);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_screening_report_write_pdf_async);
  g_task_set_task_data (task, data, write_data_free);
  g_task_run_in_thread (task, write_pdf_worker);
}

gboolean
sl_screening_report_write_pdf_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, sl_screening_report_write_pdf_async),
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* CSV */

static void
append_cell (GString    *out,
             const char *value,
             gboolean    text)
{
  g_autofree char *valid = g_utf8_make_valid (value != NULL ? value : "", -1);
  /* A spreadsheet runs a cell that starts with one of these as a formula. */
  gboolean formula = text && valid[0] != '\0' && strchr ("=+-@\t\r", valid[0]) != NULL;
  gboolean quote = strpbrk (valid, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
append_number (GString    *out,
               const char *format,
               double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

char *
sl_screening_report_build_csv (SlJob                   *job,
                               const SlRankedCandidate *ranked,
                               guint                    n_ranked,
                               gboolean                 blind)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (job == NULL || SL_IS_JOB (job), NULL);
  g_return_val_if_fail (ranked != NULL || n_ranked == 0, NULL);

  g_string_append (out, "rank,candidate_id,name,score,decision,similarity,skill_coverage,"
                        "experience_fit,education_fit,classifier,matched_skills,missing_skills,"
                        "explanation\r\n");

  for (guint i = 0; i < n_ranked; i++)
    {
      SlScreeningResult *result = ranked[i].result;
      g_autofree char *matched = NULL;
      g_autofree char *missing = NULL;
      g_autofree char *sentence = NULL;

      g_return_val_if_fail (result != NULL, NULL);

      matched = join_arrays (result->matched_mandatory, result->matched_preferred, "; ");
      missing = join_arrays (result->missing_mandatory, result->missing_preferred, "; ");
      sentence = sl_screening_result_explain (result);

      g_string_append_printf (out, "%u,%" G_GINT64_FORMAT ",", i + 1, ranked[i].candidate_id);
      append_cell (out, blind ? NULL : ranked[i].name, TRUE);
      g_string_append_c (out, ',');
      append_number (out, "%.1f", result->score);
      g_string_append (out, result->shortlist ? ",SHORTLIST," : ",REJECT,");
      append_number (out, "%.3f", result->similarity);
      g_string_append_c (out, ',');
      append_number (out, "%.3f", result->skill_coverage);
      g_string_append_c (out, ',');
      append_number (out, "%.3f", result->experience_fit);
      g_string_append_c (out, ',');
      append_number (out, "%.3f", result->education_fit);
      g_string_append_c (out, ',');
      if (result->classifier >= 0)
        append_number (out, "%.3f", result->classifier);
      g_string_append_c (out, ',');
      append_cell (out, matched, TRUE);
      g_string_append_c (out, ',');
      append_cell (out, missing, TRUE);
      g_string_append_c (out, ',');
      append_cell (out, sentence, TRUE);
      g_string_append (out, "\r\n");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
sl_screening_report_write_csv (const char               *path,
                               SlJob                    *job,
                               const SlRankedCandidate  *ranked,
                               guint                     n_ranked,
                               gboolean                  blind,
                               GError                  **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (job == NULL || SL_IS_JOB (job), FALSE);
  g_return_val_if_fail (ranked != NULL || n_ranked == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_folder (path, error))
    return FALSE;
  csv = sl_screening_report_build_csv (job, ranked, n_ranked, blind);
  return save_atomically (path, (const guint8 *)csv, strlen (csv), error);
}
