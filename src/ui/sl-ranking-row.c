#define G_LOG_DOMAIN "sl-ranking-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-ranking-row.h"

/* One candidate in a job's ranking: rank, name, headline, a score bar with
 * the number, the decision in words, and the explanation behind a "Why"
 * expander. Rows are recycled: everything comes from the item. */
struct _SlRankingRow
{
  GtkWidget      parent_instance;

  SlRankingItem *item;

  /* Template children */
  GtkLabel      *rank_label;
  GtkLabel      *name_label;
  GtkLabel      *headline_label;
  GtkLevelBar   *score_bar;
  GtkLabel      *score_label;
  GtkLabel      *decision_label;
  GtkExpander   *expander;
  GtkLabel      *sentence_label;
  GtkLabel      *matched_label;
  GtkLabel      *missing_label;
  GtkLabel      *evidence_label;
};

G_DEFINE_FINAL_TYPE (SlRankingRow, sl_ranking_row, GTK_TYPE_WIDGET)

static void
expanded_cb (SlRankingRow *self,
             GParamSpec   *pspec,
             GtkExpander  *expander)
{
  if (self->item != NULL)
    sl_ranking_item_set_expanded (self->item, gtk_expander_get_expanded (expander));
}

/* Joins two lists of skill names, each escaped for markup. */
static char *
join_skills (GPtrArray *first,
             GPtrArray *second)
{
  GString *str = g_string_new (NULL);
  GPtrArray *lists[] = { first, second };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
        {
          g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (lists[l], i), -1);

          if (str->len > 0)
            g_string_append (str, ", ");
          g_string_append (str, escaped);
        }
    }
  return g_string_free (str, FALSE);
}

static void
set_markup_line (GtkLabel   *label,
                 const char *title,
                 const char *text)
{
  g_autofree char *markup = NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
  if (text == NULL || *text == '\0')
    return;
  /* Translators: a heading and its list, as in “Matched: Python, SQL”. */
  markup = g_strdup_printf (_("<b>%1$s</b> %2$s"), title, text);
  gtk_label_set_markup (label, markup);
}

static void
update (SlRankingRow *self)
{
  SlScreened *screened;
  SlScreeningResult *result;
  g_autofree char *rank = NULL;
  g_autofree char *score = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *matched = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GString) evidence = NULL;
  g_autofree char *accessible = NULL;
  const char *decision;

  if (self->item == NULL)
    return;

  screened = sl_ranking_item_get_screened (self->item);
  result = screened->result;

  rank = g_strdup_printf ("%u", sl_ranking_item_get_rank (self->item));
  gtk_label_set_text (self->rank_label, rank);
  gtk_label_set_text (self->name_label, screened->name != NULL && *screened->name != '\0'
                                          ? screened->name : _("Unnamed candidate"));
  gtk_label_set_text (self->headline_label, screened->headline != NULL ? screened->headline : "");
  gtk_widget_set_visible (GTK_WIDGET (self->headline_label),
                          screened->headline != NULL && *screened->headline != '\0');

  gtk_level_bar_set_value (self->score_bar, CLAMP (result->score, 0, 100));
  score = g_strdup_printf ("%.0f", result->score);
  gtk_label_set_text (self->score_label, score);

  decision = result->shortlist ? _("Shortlist") : _("Reject");
  gtk_label_set_text (self->decision_label, decision);
  gtk_widget_remove_css_class (GTK_WIDGET (self->decision_label),
                               result->shortlist ? "reject" : "shortlist");
  gtk_widget_add_css_class (GTK_WIDGET (self->decision_label),
                            result->shortlist ? "shortlist" : "reject");

  /* Translators: the accessible description of a score bar, out of 100. */
  accessible = g_strdup_printf (_("Score %s of 100"), score);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->score_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  sentence = sl_screening_result_explain (result);
  gtk_label_set_text (self->sentence_label, sentence);

  matched = join_skills (result->matched_mandatory, result->matched_preferred);
  missing = join_skills (result->missing_mandatory, result->missing_preferred);
  set_markup_line (self->matched_label, _("Matched skills:"), matched);
  set_markup_line (self->missing_label, _("Missing skills:"), missing);

  evidence = g_string_new (NULL);
  for (guint i = 0; result->evidence != NULL && i < result->evidence->len; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (result->evidence, i),
                                                       -1);

      g_string_append_printf (evidence, "%s<i>“%s”</i>", evidence->len > 0 ? "\n" : "", escaped);
    }
  gtk_label_set_markup (self->evidence_label, evidence->str);
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_label), evidence->len > 0);

  gtk_expander_set_expanded (self->expander, sl_ranking_item_get_expanded (self->item));
}

static void
sl_ranking_row_dispose (GObject *object)
{
  SlRankingRow *self = (SlRankingRow *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_RANKING_ROW);
  /* The template's top box has no id, so disposing the template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (sl_ranking_row_parent_class)->dispose (object);
}

static void
sl_ranking_row_class_init (SlRankingRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sl_ranking_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sl-ranking-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, headline_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, score_bar);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, score_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, decision_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, expander);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, matched_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, missing_label);
  gtk_widget_class_bind_template_child (widget_class, SlRankingRow, evidence_label);
  gtk_widget_class_bind_template_callback (widget_class, expanded_cb);
}

static void
sl_ranking_row_init (SlRankingRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_ranking_row_new (void)
{
  return g_object_new (SL_TYPE_RANKING_ROW, NULL);
}

void
sl_ranking_row_set_item (SlRankingRow  *self,
                         SlRankingItem *item)
{
  g_return_if_fail (SL_IS_RANKING_ROW (self));
  g_return_if_fail (item == NULL || SL_IS_RANKING_ITEM (item));

  /* Drop the old item first, so restoring the expander does not write into it. */
  g_clear_object (&self->item);
  if (item != NULL)
    self->item = g_object_ref (item);
  update (self);
}
