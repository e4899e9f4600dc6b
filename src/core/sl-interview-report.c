#define G_LOG_DOMAIN "sl-interview-report"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "sl-interview-report.h"

G_DEFINE_QUARK (sl-interview-report-error-quark, sl_interview_report_error)

/* A4 in points, with 50 pt margins. */
#define PAGE_WIDTH  595.0
#define PAGE_HEIGHT 842.0
#define MARGIN      50.0

static JsonObject *
parse_metrics (const char  *json,
               JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  *parser_out = NULL;
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (json_parser_get_root (*parser_out));
}

static double
member_number (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : 0;
}

char *
sl_interview_report_build_json (SlInterviewSessionRecord *session,
                                GPtrArray                *answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) tip_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tips = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  double wpm = 0, fpm = 0, coverage = 0;
  guint pauses = 0, answered = 0;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (answers != NULL, NULL);

  for (guint i = 0; i < answers->len; i++)
    {
      SlInterviewAnswerRecord *answer = answers->pdata[i];
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *metrics = parse_metrics (answer->metrics_json, &parser);
      JsonArray *answer_tips;

      if (metrics == NULL)
        continue;
      answered++;
      wpm += member_number (metrics, "wpm");
      coverage += member_number (metrics, "keyword_coverage");
      pauses += (guint)member_number (metrics, "long_pauses");
      if (json_object_has_member (metrics, "fillers"))
        fpm += member_number (json_object_get_object_member (metrics, "fillers"), "per_minute");
      answer_tips = json_object_has_member (metrics, "tips") ? json_object_get_array_member (metrics, "tips") : NULL;
      /* The first tip of each answer is its most useful one. */
      for (guint t = 0; answer_tips != NULL && t < json_array_get_length (answer_tips); t++)
        {
          const char *tip = json_array_get_string_element (answer_tips, t);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (tip_counts, tip));

          g_hash_table_insert (tip_counts, g_strdup (tip), GUINT_TO_POINTER (count + (t == 0 ? 3 : 1)));
        }
    }

  g_hash_table_iter_init (&iter, tip_counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (tips, key);
  /* Highest weight first, then alphabetical for a stable order. */
  for (guint i = 0; i < tips->len; i++)
    for (guint j = i + 1; j < tips->len; j++)
      {
        guint a = GPOINTER_TO_UINT (g_hash_table_lookup (tip_counts, tips->pdata[i]));
        guint b = GPOINTER_TO_UINT (g_hash_table_lookup (tip_counts, tips->pdata[j]));

        if (b > a || (b == a && g_strcmp0 (tips->pdata[j], tips->pdata[i]) < 0))
          {
            gpointer tmp = tips->pdata[i];

            tips->pdata[i] = tips->pdata[j];
            tips->pdata[j] = tmp;
          }
      }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "session_id");
  json_builder_add_int_value (builder, session->id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, session->title);
  json_builder_set_member_name (builder, "questions");
  json_builder_add_int_value (builder, answers->len);
  json_builder_set_member_name (builder, "answered");
  json_builder_add_int_value (builder, answered);
  json_builder_set_member_name (builder, "score");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_add_int_value (builder, session->score_content >= 0 ? (gint64)(session->score_content + 0.5) : 0);
  json_builder_set_member_name (builder, "delivery");
  json_builder_add_int_value (builder, session->score_delivery >= 0 ? (gint64)(session->score_delivery + 0.5) : 0);
  json_builder_set_member_name (builder, "overall");
  json_builder_add_int_value (builder, session->score_overall >= 0 ? (gint64)(session->score_overall + 0.5) : 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "wpm");
  json_builder_add_double_value (builder, answered > 0 ? wpm / answered : 0);
  json_builder_set_member_name (builder, "fillers_per_minute");
  json_builder_add_double_value (builder, answered > 0 ? fpm / answered : 0);
  json_builder_set_member_name (builder, "long_pauses");
  json_builder_add_int_value (builder, pauses);
  json_builder_set_member_name (builder, "keyword_coverage");
  json_builder_add_double_value (builder, answered > 0 ? coverage / answered : 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "tips");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tips->len && i < 3; i++)
    json_builder_add_string_value (builder, tips->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* ---- PDF --------------------------------------------------------------- */

typedef struct
{
  cairo_t *cr;
  double   y;
  int      page;
} Writer;

static void
new_page_if_needed (Writer *w,
                    double  needed)
{
  if (w->y + needed <= PAGE_HEIGHT - MARGIN)
    return;
  cairo_show_page (w->cr);
  w->page++;
  w->y = MARGIN;
}

/* Lays out wrapped text at the current position and advances. */
static void
text (Writer     *w,
      const char *markup_or_text,
      const char *font,
      gboolean    markup,
      double      indent)
{
  PangoLayout *layout = pango_cairo_create_layout (w->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int width, height;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int)((PAGE_WIDTH - 2 * MARGIN - indent) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (markup)
    pango_layout_set_markup (layout, markup_or_text, -1);
  else
    pango_layout_set_text (layout, markup_or_text, -1);
  pango_layout_get_size (layout, &width, &height);
  new_page_if_needed (w, (double)height / PANGO_SCALE);
  cairo_set_source_rgb (w->cr, 0.1, 0.1, 0.1);
  cairo_move_to (w->cr, MARGIN + indent, w->y);
  pango_cairo_show_layout (w->cr, layout);
  w->y += (double)height / PANGO_SCALE + 4;
  pango_font_description_free (desc);
  g_object_unref (layout);
}

/* Bars of the overall score per answer, labelled with numbers so colour
 * is not the only carrier of meaning. */
static void
score_chart (Writer    *w,
             GPtrArray *answers)
{
  const double height = 120;
  double width = PAGE_WIDTH - 2 * MARGIN;
  double bar = answers->len > 0 ? MIN (40, width / answers->len - 6) : 40;
  cairo_t *cr = w->cr;

  new_page_if_needed (w, height + 30);
  cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
  cairo_set_line_width (cr, 0.5);
  for (int level = 0; level <= 100; level += 50)
    {
      double y = w->y + height - height * level / 100.0;

      cairo_move_to (cr, MARGIN, y);
      cairo_line_to (cr, MARGIN + width, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < answers->len; i++)
    {
      SlInterviewAnswerRecord *answer = answers->pdata[i];
      double x = MARGIN + i * (bar + 6);
      double score = MAX (answer->score_overall, 0);
      double h = height * score / 100.0;
      g_autofree char *label = answer->score_overall >= 0 ? g_strdup_printf ("%.0f", score) : g_strdup ("–");
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_rectangle (cr, x, w->y + height - h, bar, h);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 8);
      cairo_move_to (cr, x + 2, w->y + height - h - 3);
      cairo_show_text (cr, label);
      cairo_move_to (cr, x + 2, w->y + height + 10);
      cairo_show_text (cr, number);
    }
  w->y += height + 24;
}

gboolean
sl_interview_report_write_pdf (SlInterviewSessionRecord  *session,
                               GPtrArray                 *answers,
                               const char                *path,
                               GError                   **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  Writer w = { NULL, MARGIN, 1 };
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *scores = NULL;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_INTERVIEW_REPORT_ERROR, SL_INTERVIEW_REPORT_ERROR_FAILED,
                   _("Could not create “%s”: %s"), path, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Interview practice report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Shortlist");
  w.cr = cairo_create (surface);

  when = g_date_time_new_from_unix_local (session->created_at);
  date = when != NULL ? g_date_time_format (when, "%x") : g_strdup ("");
  title = g_markup_printf_escaped ("<b>%s</b>", _("Interview practice report"));
  text (&w, title, "Sans 18", TRUE, 0);
  text (&w, session->title != NULL && *session->title != '\0' ? session->title : _("Practice session"), "Sans 12", FALSE, 0);
  text (&w, date, "Sans 10", FALSE, 0);
  w.y += 8;
  if (session->score_overall >= 0)
    /* Translators: scores out of 100. */
    scores = g_strdup_printf (_("Overall %.0f · Content %.0f · Delivery %.0f (out of 100)"),
                              floor (session->score_overall + 0.5), floor (session->score_content + 0.5),
                              floor (session->score_delivery + 0.5));
  else
    scores = g_strdup (_("No answers were scored yet."));
  text (&w, scores, "Sans Bold 12", FALSE, 0);
  w.y += 8;
  score_chart (&w, answers);

  for (guint i = 0; i < answers->len; i++)
    {
      SlInterviewAnswerRecord *answer = answers->pdata[i];
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *metrics = parse_metrics (answer->metrics_json, &parser);
      g_autofree char *heading = g_markup_printf_escaped ("<b>%u. %s</b>", i + 1, sl_question_get_text (answer->question));

      w.y += 6;
      text (&w, heading, "Sans 11", TRUE, 0);
      if (metrics == NULL)
        {
          text (&w, _("Not answered."), "Sans Italic 9", FALSE, 12);
          continue;
        }
      {
        JsonObject *fillers = json_object_has_member (metrics, "fillers")
                              ? json_object_get_object_member (metrics, "fillers") : NULL;
        g_autofree char *line = g_strdup_printf (_("Score %.0f (content %.0f, delivery %.0f) · %.0f s · %.0f words per minute · "
                                                   "%.0f fillers (%.1f per minute) · %.0f long pauses · keywords %.0f %%"),
                                                 answer->score_overall, answer->score_content, answer->score_delivery,
                                                 member_number (metrics, "duration_s"), member_number (metrics, "wpm"),
                                                 member_number (fillers, "total"), member_number (fillers, "per_minute"),
                                                 member_number (metrics, "long_pauses"),
                                                 100 * member_number (metrics, "keyword_coverage"));
        JsonArray *tips = json_object_has_member (metrics, "tips") ? json_object_get_array_member (metrics, "tips") : NULL;
        const char *transcript = json_object_get_string_member_with_default (metrics, "transcript", "");
        gboolean draft = json_object_get_boolean_member_with_default (metrics, "draft", FALSE);

        text (&w, line, "Sans 9", FALSE, 12);
        for (guint t = 0; tips != NULL && t < json_array_get_length (tips); t++)
          {
            g_autofree char *tip = g_strdup_printf ("• %s", json_array_get_string_element (tips, t));

            text (&w, tip, "Sans 9", FALSE, 12);
          }
        if (*transcript != '\0')
          {
            g_autofree char *label = g_strdup_printf ("%s %s", draft ? _("Transcript (draft):") : _("Transcript:"),
                                                      transcript);

            text (&w, label, "Sans Italic 8", FALSE, 12);
          }
      }
    }

  cairo_destroy (w.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SL_INTERVIEW_REPORT_ERROR, SL_INTERVIEW_REPORT_ERROR_FAILED,
                   _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64  session_id;
  char   *path;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
write_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr(SlInterviewSessionRecord) session = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(session = sl_store_get_interview_session (source_object, data->session_id, &error)) ||
      !(answers = sl_store_list_interview_answers (source_object, data->session_id, &error)) ||
      !sl_interview_report_write_pdf (session, answers, data->path, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sl_interview_report_write_pdf_async (SlStore             *store,
                                     gint64               session_id,
                                     const char          *path,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (path != NULL);

  data = g_new0 (WriteData, 1);
  data->session_id = session_id;
  data->path = g_strdup (path);
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_interview_report_write_pdf_async);
  g_task_set_task_data (task, data, (GDestroyNotify)write_data_free);
  g_task_run_in_thread (task, write_worker);
}

gboolean
sl_interview_report_write_pdf_finish (SlStore       *store,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
