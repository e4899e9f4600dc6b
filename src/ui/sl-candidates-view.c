#define G_LOG_DOMAIN "sl-candidates-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-candidates-view.h"
#include "sl-format.h"
#include "sl-store-list.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_HEADLINE,
  COLUMN_SKILLS,
  COLUMN_IMPORTED,
} Column;

struct _SlCandidatesView
{
  GtkWidget           parent_instance;

  SlStore            *store;
  SlStoreList        *candidates;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  /* Case-folded search words, or NULL. */
  char              **search_words;

  /* Template children */
  GtkStack           *stack;
  GtkStack           *results_stack;
  GtkColumnView      *column_view;
  GtkSearchEntry     *search_entry;
};

G_DEFINE_FINAL_TYPE (SlCandidatesView, sl_candidates_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  SlCandidatesView *self = user_data;
  SlCandidate *candidate = item;
  g_autofree char *haystack = NULL;
  g_autofree char *folded = NULL;

  if (self->search_words == NULL)
    return TRUE;

  /* Runs incrementally on the main thread: keep it cheap. */
  haystack = g_strconcat (sl_candidate_get_name (candidate), " ",
                          sl_candidate_get_headline (candidate), " ",
                          sl_candidate_get_location (candidate), NULL);
  folded = g_utf8_casefold (haystack, -1);
  for (guint i = 0; self->search_words[i] != NULL; i++)
    {
      if (strstr (folded, self->search_words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
update_page (SlCandidatesView *self)
{
  const char *page = "loading";

  if (self->candidates != NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->candidates)) > 0)
        page = "list";
      else if (!sl_store_list_get_loading (self->candidates))
        page = "empty";
    }
  gtk_stack_set_visible_child_name (self->stack, page);

  /* While an incremental filter runs the count grows; "no results" only
   * once it is done. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0 &&
      gtk_filter_list_model_get_pending (self->filter_model) == 0 &&
      self->search_words != NULL)
    gtk_stack_set_visible_child_name (self->results_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->results_stack, "table");
}

static void
search_changed_cb (SlCandidatesView *self,
                   GtkSearchEntry   *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto(GStrv) old_words = g_steal_pointer (&self->search_words);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;
  GStrvBuilder *builder = g_strv_builder_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0')
        g_strv_builder_add (builder, words[i]);
    }
  self->search_words = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  if (self->search_words[0] == NULL)
    g_clear_pointer (&self->search_words, g_strfreev);

  /* Typing more only narrows the results: let the filter keep its work. */
  if (old_words == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_words == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (g_strv_length (old_words) == g_strv_length (self->search_words))
    {
      gboolean stricter = TRUE;

      for (guint i = 0; old_words[i] != NULL; i++)
        stricter = stricter && strstr (self->search_words[i], old_words[i]) != NULL;
      if (stricter)
        change = GTK_FILTER_CHANGE_MORE_STRICT;
    }

  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filter_model), change);
  update_page (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *child;

  if (column == COLUMN_NAME || column == COLUMN_HEADLINE)
    {
      child = gtk_inscription_new (NULL);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (child),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (child), column == COLUMN_NAME ? 20 : 36);
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0.0);
      gtk_widget_add_css_class (child, "numeric");
    }
  if (column == COLUMN_HEADLINE || column == COLUMN_IMPORTED)
    gtk_widget_add_css_class (child, "dim-label");

  gtk_list_item_set_child (list_item, child);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  SlCandidate *candidate = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      {
        const char *name = sl_candidate_get_name (candidate);

        gtk_inscription_set_text (GTK_INSCRIPTION (child),
                                  name[0] != '\0' ? name : _("Unnamed Candidate"));
      }
      break;
    case COLUMN_HEADLINE:
      gtk_inscription_set_text (GTK_INSCRIPTION (child), sl_candidate_get_headline (candidate));
      break;
    case COLUMN_SKILLS:
      text = g_strdup_printf ("%u", sl_candidate_get_skills_count (candidate));
      gtk_label_set_label (GTK_LABEL (child), text);
      break;
    case COLUMN_IMPORTED:
      text = sl_format_date (sl_candidate_get_imported_at (candidate));
      gtk_label_set_label (GTK_LABEL (child), text);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_column (SlCandidatesView *self,
            Column            column,
            const char       *title,
            GtkSorter        *sorter,
            gboolean          expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);

  g_clear_object (&sorter);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sl_candidates_view_dispose (GObject *object)
{
  SlCandidatesView *self = (SlCandidatesView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CANDIDATES_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->candidates);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_candidates_view_parent_class)->dispose (object);
}

static void
sl_candidates_view_finalize (GObject *object)
{
  SlCandidatesView *self = (SlCandidatesView *)object;

  g_clear_pointer (&self->search_words, g_strfreev);

  G_OBJECT_CLASS (sl_candidates_view_parent_class)->finalize (object);
}

static void
sl_candidates_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_candidates_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_candidates_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_candidates_view_class_init (SlCandidatesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_candidates_view_dispose;
  object_class->finalize = sl_candidates_view_finalize;
  object_class->get_property = sl_candidates_view_get_property;
  object_class->set_property = sl_candidates_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-candidates-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "candidates.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "candidates.search", NULL);
}

static void
sl_candidates_view_init (SlCandidatesView *self)
{
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, COLUMN_NAME, _("Name"),
              GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (SL_TYPE_CANDIDATE,
                                                                              NULL, "name"))),
              FALSE);
  add_column (self, COLUMN_HEADLINE, _("Headline"),
              GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (SL_TYPE_CANDIDATE,
                                                                              NULL, "headline"))),
              TRUE);
  add_column (self, COLUMN_SKILLS, _("Skills"),
              GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (SL_TYPE_CANDIDATE,
                                                                               NULL,
                                                                               "skills-count"))),
              FALSE);
  add_column (self, COLUMN_IMPORTED, _("Imported"),
              GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (SL_TYPE_CANDIDATE,
                                                                               NULL,
                                                                               "imported-at"))),
              FALSE);

  /* The core model, then filter and sort, both incremental so 100,000
   * candidates never stall the main loop, then the selection. */
  self->filter_model = gtk_filter_list_model_new (NULL,
                                                  GTK_FILTER (gtk_custom_filter_new (filter_func,
                                                                                     self, NULL)));
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  sorter = gtk_column_view_get_sorter (self->column_view);
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              sorter ? g_object_ref (sorter) : NULL);
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);

  update_page (self);
}

GtkWidget *
sl_candidates_view_new (void)
{
  return g_object_new (SL_TYPE_CANDIDATES_VIEW, NULL);
}

SlStore *
sl_candidates_view_get_store (SlCandidatesView *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATES_VIEW (self), NULL);
  return self->store;
}

void
sl_candidates_view_set_store (SlCandidatesView *self,
                              SlStore          *store)
{
  g_return_if_fail (SL_IS_CANDIDATES_VIEW (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_object (&self->candidates);
  if (store != NULL)
    {
      self->candidates = sl_store_list_new (store, SL_STORE_LIST_CANDIDATES);
      g_signal_connect_object (self->candidates, "items-changed", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->candidates, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->candidates));
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
