#define G_LOG_DOMAIN "sl-candidates-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-candidate-page.h"
#include "sl-candidates-view.h"
#include "sl-embedder-factory.h"
#include "sl-files.h"
#include "sl-format.h"
#include "sl-lexical-embedder.h"
#include "sl-search.h"
#include "sl-store-import.h"
#include "sl-store-list.h"

/* How many results a search shows. */
#define SEARCH_TOP 200

typedef enum
{
  COLUMN_NAME,
  COLUMN_HEADLINE,
  COLUMN_SKILLS,
  COLUMN_IMPORTED,
  COLUMN_SCORE,
} Column;

struct _SlCandidatesView
{
  GtkWidget            parent_instance;

  SlStore             *store;
  char                *provider;     /* the active embedding provider */
  SlFiles             *files;
  SlStoreList         *candidates;
  GtkFilterListModel  *filter_model;
  GtkSortListModel    *sort_model;
  GtkSingleSelection  *selection;
  GtkColumnViewColumn *score_column;

  /* Erasure: ids hidden from the list while their toast offers Undo. */
  GHashTable          *hidden;
  GHashTable          *pending;     /* id → AdwToast */

  /* Search: results of the hybrid search replace the list while the entry
   * holds a query. */
  SlSearch            *search;
  gboolean             search_stale;
  GCancellable        *search_cancellable;
  GListStore          *results;
  GHashTable          *scores;      /* id → double */
  char               **terms;       /* case-folded query words, for highlighting */
  gboolean             searching;
  GdkFrameClock       *keep_top_clock;  /* weak, while keep_top_id is connected */
  gulong               keep_top_id;
  GHashTable          *by_id;       /* id → SlCandidate of the full list, built lazily */

  /* Template children */
  GtkStack            *page_stack;
  SlCandidatePage     *candidate_page;
  GtkStack            *stack;
  GtkStack            *results_stack;
  GtkColumnView       *column_view;
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filters_button;
  GtkEntry            *skills_entry;
  GtkCheckButton      *skills_any_check;
  GtkSpinButton       *years_spin;
  GtkDropDown         *education_dropdown;
  GtkEntry            *location_entry;
  GtkEntry            *after_entry;
  GtkLabel            *filter_error_label;
  GtkLabel            *search_status_label;
  AdwStatusPage       *no_results_page;
};

G_DEFINE_FINAL_TYPE (SlCandidatesView, sl_candidates_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Prepare and run are serialised: the index is rebuilt by one worker at a time. */
static GMutex prepare_mutex;

static gint64 *
id_new (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  SlCandidatesView *self = user_data;
  gint64 id = sl_candidate_get_id (item);

  return !g_hash_table_contains (self->hidden, &id);
}

static void
refilter (SlCandidatesView *self,
          GtkFilterChange   change)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->filter_model), change);
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

  /* Outside a search, the status tells how many candidates the list holds:
   * it grows while an import runs. */
  if (!self->searching)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model));
      g_autofree char *status = NULL;

      /* Translators: the number of candidates in the list. */
      status = g_strdup_printf (ngettext ("%u candidate", "%u candidates", n), n);
      gtk_label_set_label (self->search_status_label, status);
    }

  if (self->searching && g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0 &&
      gtk_filter_list_model_get_pending (self->filter_model) == 0)
    gtk_stack_set_visible_child_name (self->results_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->results_stack, "table");
}

/* Markup of text with every occurrence of a search term in bold; the rest
 * escaped. Case-insensitive, character by character. */
static char *
highlight_markup (const char         *text,
                  const char * const *terms)
{
  GString *markup = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *next = g_utf8_next_char (p);
      gsize match = 0;

      for (guint i = 0; terms != NULL && terms[i] != NULL && match == 0; i++)
        {
          glong n = g_utf8_strlen (terms[i], -1);
          const char *end = p;
          g_autofree char *folded = NULL;
          glong j;

          for (j = 0; j < n && *end != '\0'; j++)
            end = g_utf8_next_char (end);
          if (j < n)
            continue;
          folded = g_utf8_casefold (p, end - p);
          if (g_str_equal (folded, terms[i]))
            match = end - p;
        }

      if (match > 0)
        {
          g_autofree char *escaped = g_markup_escape_text (p, match);

          g_string_append_printf (markup, "<b>%s</b>", escaped);
          p += match;
        }
      else
        {
          g_autofree char *escaped = g_markup_escape_text (p, next - p);

          g_string_append (markup, escaped);
          p = next;
        }
    }

  return g_string_free (markup, FALSE);
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
  SlCandidatesView *self = g_object_get_data (G_OBJECT (factory), "view");
  Column column = GPOINTER_TO_INT (user_data);
  SlCandidate *candidate = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;
  gint64 id = sl_candidate_get_id (candidate);

  switch (column)
    {
    case COLUMN_NAME:
    case COLUMN_HEADLINE:
      {
        const char *value = column == COLUMN_NAME ? sl_candidate_get_name (candidate)
                                                  : sl_candidate_get_headline (candidate);

        if (column == COLUMN_NAME && value[0] == '\0')
          gtk_inscription_set_text (GTK_INSCRIPTION (child), _("Unnamed Candidate"));
        else if (self->searching && self->terms != NULL)
          {
            g_autofree char *markup = highlight_markup (value,
                                                        (const char * const *)self->terms);

            gtk_inscription_set_markup (GTK_INSCRIPTION (child), markup);
          }
        else
          gtk_inscription_set_text (GTK_INSCRIPTION (child), value);
      }
      break;
    case COLUMN_SKILLS:
      text = g_strdup_printf ("%u", sl_candidate_get_skills_count (candidate));
      gtk_label_set_label (GTK_LABEL (child), text);
      break;
    case COLUMN_IMPORTED:
      text = sl_format_date (sl_candidate_get_imported_at (candidate));
      gtk_label_set_label (GTK_LABEL (child), text);
      break;
    case COLUMN_SCORE:
      {
        double *score = self->scores ? g_hash_table_lookup (self->scores, &id) : NULL;

        text = score != NULL ? g_strdup_printf ("%.2f", *score) : g_strdup ("");
        gtk_label_set_label (GTK_LABEL (child), text);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static GtkColumnViewColumn *
add_column (SlCandidatesView *self,
            Column            column,
            const char       *title,
            GtkSorter        *sorter,
            gboolean          expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "view", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);

  g_clear_object (&sorter);
  return view_column;
}

/* Search */

typedef struct
{
  SlSearch       *search;
  char           *query;
  SlSearchFilter *filter;
  gboolean        prepare;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->search);
  g_free (data->query);
  g_clear_pointer (&data->filter, sl_search_filter_free);
  g_free (data);
}

static void
search_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchData *data = task_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  /* A query waits for a preparation under way, so it sees the whole index;
   * a preparation always finishes, even when its query is cancelled. */
  g_mutex_lock (&prepare_mutex);
  if (data->prepare && !sl_search_prepare (data->search, NULL, &error))
    {
      g_mutex_unlock (&prepare_mutex);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->query == NULL)
    {
      g_mutex_unlock (&prepare_mutex);
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  results = sl_search_run (data->search, data->query, data->filter, SEARCH_TOP,
                           SL_SEARCH_MODE_HYBRID, cancellable, &error);
  g_mutex_unlock (&prepare_mutex);
  if (results == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&results), (GDestroyNotify)g_ptr_array_unref);
}

static SlCandidate *
lookup_candidate (SlCandidatesView *self,
                  gint64            id)
{
  if (self->by_id == NULL)
    {
      GListModel *model = G_LIST_MODEL (self->candidates);
      guint n = model ? g_list_model_get_n_items (model) : 0;

      self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
      for (guint i = 0; i < n; i++)
        {
          SlCandidate *candidate = g_list_model_get_item (model, i);

          g_hash_table_insert (self->by_id, id_new (sl_candidate_get_id (candidate)), candidate);
        }
    }
  return g_hash_table_lookup (self->by_id, &id);
}

static void
set_searching (SlCandidatesView *self,
               gboolean          searching)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  if (self->searching == searching)
    return;
  self->searching = searching;

  /* While searching, the list holds the results best first; the column
   * sorter applies again to the whole list afterwards. */
  gtk_column_view_column_set_visible (self->score_column, searching);
  if (searching)
    {
      gtk_sort_list_model_set_sorter (self->sort_model, NULL);
      gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->results));
    }
  else
    {
      g_list_store_remove_all (self->results);
      g_clear_pointer (&self->terms, g_strfreev);
      gtk_label_set_label (self->search_status_label, "");
      gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->candidates));
      gtk_sort_list_model_set_sorter (self->sort_model, sorter);
    }
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlCandidatesView) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *status = NULL;
  GTask *task = G_TASK (result);

  if (!(results = g_task_propagate_pointer (task, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Search failed: %s", error->message);
      if (self->searching)
        {
          /* Translators: %s says why the search failed. */
          status = g_strdup_printf (_("Search failed: %s"), error->message);
          gtk_label_set_label (self->search_status_label, status);
        }
      return;
    }

  if (g_object_get_data (G_OBJECT (task), "prepare-only") != NULL || !self->searching)
    return;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_remove_all (self->scores);
  for (guint i = 0; i < results->len; i++)
    {
      SlSearchResult *hit = g_ptr_array_index (results, i);
      SlCandidate *candidate = lookup_candidate (self, hit->candidate_id);
      double *score = g_new (double, 1);

      if (candidate != NULL)
        g_object_ref (candidate);
      else
        {
          /* Imported after the list last loaded: show what the search knows. */
          candidate = sl_candidate_new (hit->name);
          sl_candidate_set_id (candidate, hit->candidate_id);
        }
      *score = hit->score;
      g_hash_table_insert (self->scores, id_new (hit->candidate_id), score);
      g_ptr_array_add (items, candidate);
    }
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       items->pdata, items->len);

  status = g_strdup_printf (ngettext ("%u match", "%u matches", results->len), results->len);
  gtk_label_set_label (self->search_status_label, status);
  update_page (self);
}

/* The filter popover's fields as filter text (see sl-search-filter.h). */
static char *
build_filter_text (SlCandidatesView *self)
{
  GString *text = g_string_new (NULL);
  g_autofree char *skills_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->skills_entry)));
  g_auto(GStrv) skills = g_strsplit_set (skills_text, ",;|", -1);
  g_autofree char *location = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->location_entry)));
  g_autofree char *after = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->after_entry)));
  gboolean any = gtk_check_button_get_active (self->skills_any_check);
  double years = gtk_spin_button_get_value (self->years_spin);
  guint education = gtk_drop_down_get_selected (self->education_dropdown);
  gboolean first = TRUE;

  for (guint i = 0; skills[i] != NULL; i++)
    {
      char *skill = g_strdelimit (g_strstrip (skills[i]), "\" ", '_');

      if (skill[0] == '\0')
        continue;
      g_string_append (text, first ? " skills:" : (any ? "|" : ","));
      g_string_append (text, skill);
      first = FALSE;
    }
  if (years > 0)
    g_string_append_printf (text, " years>=%g", years);
  if (education > 0 && education != GTK_INVALID_LIST_POSITION)
    g_string_append_printf (text, " education>=%s", sl_education_level_to_string (education - 1));
  g_strdelimit (g_strstrip (location), "\"", ' ');
  if (location[0] != '\0')
    g_string_append_printf (text, " location:\"%s\"", location);
  g_strstrip (after);
  if (after[0] != '\0')
    g_string_append_printf (text, " after:%s", after);

  return g_strstrip (g_string_free (text, FALSE));
}

static void
start_search (SlCandidatesView *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autofree char *filter_text = build_filter_text (self);
  g_autoptr(SlSearchFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  SearchData *data;
  GStrvBuilder *builder;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (!(filter = sl_search_filter_parse (filter_text, &error)))
    {
      gtk_label_set_label (self->filter_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), FALSE);

  if (sl_search_filter_is_empty (filter))
    gtk_widget_remove_css_class (GTK_WIDGET (self->filters_button), "accent");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->filters_button), "accent");

  if (query[0] == '\0' || self->search == NULL)
    {
      set_searching (self, FALSE);
      update_page (self);
      return;
    }

  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (folded, " \t\n", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      /* Single letters would light up half of every name. */
      if (g_utf8_strlen (words[i], -1) >= 2)
        g_strv_builder_add (builder, words[i]);
    }
  g_strfreev (self->terms);
  self->terms = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  set_searching (self, TRUE);
  gtk_label_set_label (self->search_status_label, _("Searching…"));

  data = g_new0 (SearchData, 1);
  data->search = g_object_ref (self->search);
  data->query = g_steal_pointer (&query);
  data->filter = g_steal_pointer (&filter);
  data->prepare = self->search_stale;
  self->search_stale = FALSE;

  self->search_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->search_cancellable, search_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, data, (GDestroyNotify)search_data_free);
  g_task_run_in_thread (task, search_worker);
}

/* Builds the index in the background so the first query answers at once. */
static void
prepare_search (SlCandidatesView *self)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data = g_new0 (SearchData, 1);

  data->search = g_object_ref (self->search);
  data->prepare = TRUE;
  self->search_stale = FALSE;

  task = g_task_new (self, NULL, search_cb, g_object_ref (self));
  g_task_set_source_tag (task, prepare_search);
  g_object_set_data (G_OBJECT (task), "prepare-only", GINT_TO_POINTER (TRUE));
  g_task_set_task_data (task, data, (GDestroyNotify)search_data_free);
  g_task_run_in_thread (task, search_worker);
}

static void
search_changed_cb (SlCandidatesView *self)
{
  start_search (self);
}

static void
filters_changed_cb (SlCandidatesView *self)
{
  start_search (self);
}

static void
clear_filters_cb (SlCandidatesView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->skills_entry), "");
  gtk_check_button_set_active (self->skills_any_check, FALSE);
  gtk_spin_button_set_value (self->years_spin, 0);
  gtk_drop_down_set_selected (self->education_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->location_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->after_entry), "");
  start_search (self);
}

static void
store_changed_cb (SlCandidatesView *self,
                  const char       *what)
{
  if (g_strcmp0 (what, SL_STORE_CHANGED_CANDIDATES) != 0)
    return;
  /* New or erased candidates: the index catches up before the next query,
   * and a search on screen runs again to include them. */
  self->search_stale = TRUE;
  if (self->searching)
    start_search (self);
}

/* Runs after the window's layout in the frame that shows new rows at
 * the top: scroll back up to them before anything is drawn. */
static void
keep_top_layout_cb (SlCandidatesView *self,
                    GdkFrameClock    *frame_clock)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  g_clear_signal_handler (&self->keep_top_id, frame_clock);
  g_clear_weak_pointer (&self->keep_top_clock);
  if (gtk_adjustment_get_value (vadjustment) > gtk_adjustment_get_lower (vadjustment))
    gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
}

/* Connected after the table's models, so the table already holds the
 * change. */
static void
candidates_changed_cb (SlCandidatesView *self,
                       guint             position,
                       guint             removed,
                       guint             added)
{
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view));

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  update_page (self);

  /* The table keeps the rows on screen where they are when others are
   * added above them. A user at the top of the list keeps seeing the top,
   * where an import's newest candidates arrive. */
  if (added > 0 && vadjustment != NULL && frame_clock != NULL && self->keep_top_clock == NULL &&
      gtk_adjustment_get_value (vadjustment) <= gtk_adjustment_get_lower (vadjustment))
    {
      g_set_weak_pointer (&self->keep_top_clock, frame_clock);
      self->keep_top_id = g_signal_connect_object (frame_clock, "layout",
                                                   G_CALLBACK (keep_top_layout_cb), self,
                                                   G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
}

/* The candidate page and erasure */

static void
open_candidate (SlCandidatesView *self,
                gint64            id)
{
  if (self->store == NULL || id <= 0 || g_hash_table_contains (self->hidden, &id))
    return;
  sl_candidate_page_load (self->candidate_page, self->store, self->files, id);
  gtk_stack_set_visible_child_name (self->page_stack, "candidate");
  /* Into the page (its Back button first), so Escape and Delete reach it. */
  gtk_widget_child_focus (GTK_WIDGET (self->candidate_page), GTK_DIR_TAB_FORWARD);
}

static void
activate_cb (SlCandidatesView *self,
             guint             position,
             GtkColumnView    *column_view)
{
  g_autoptr(SlCandidate) candidate = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                            position);

  if (candidate != NULL)
    open_candidate (self, sl_candidate_get_id (candidate));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_candidate (SL_CANDIDATES_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (widget);

  gtk_stack_set_visible_child_name (self->page_stack, "browse");
  sl_candidate_page_clear (self->candidate_page);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

typedef struct
{
  GWeakRef      view;
  GApplication *app;
  SlStore      *store;
  SlFiles      *files;
  gint64        candidate_id;
} EraseData;

static void
erase_data_free (EraseData *data)
{
  g_weak_ref_clear (&data->view);
  g_clear_object (&data->app);
  g_clear_object (&data->store);
  g_clear_object (&data->files);
  g_free (data);
}

static void
erase_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EraseData *data = task_data;
  g_auto(GStrv) orphans = NULL;
  g_autoptr(GError) error = NULL;

  if (!sl_store_import_erase_candidate (data->store, data->candidate_id, &orphans, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* As `shortlist-cli candidate delete`: originals no one refers to any more go too. */
  for (guint i = 0; orphans != NULL && orphans[i] != NULL; i++)
    {
      g_autoptr(GError) file_error = NULL;

      if (!sl_files_remove_unreferenced (data->files, data->store, orphans[i], &file_error))
        g_debug ("Could not remove an original: %s", file_error->message);
    }

  g_task_return_boolean (task, TRUE);
}

static void
erase_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  EraseData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(SlCandidatesView) self = g_weak_ref_get (&data->view);
  g_autoptr(GError) error = NULL;

  if (data->app != NULL)
    g_application_release (data->app);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;

  g_debug ("Could not erase candidate %lld: %s", (long long)data->candidate_id, error->message);
  if (self != NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      g_hash_table_remove (self->hidden, &data->candidate_id);
      refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                     adw_toast_new (_("Could not erase the candidate")));
    }
}

static void
erase_for_real (SlCandidatesView *self,
                gint64            candidate_id)
{
  g_autoptr(GTask) task = NULL;
  EraseData *data = g_new0 (EraseData, 1);

  g_weak_ref_init (&data->view, self);
  data->store = g_object_ref (self->store);
  data->files = g_object_ref (self->files);
  data->candidate_id = candidate_id;

  /* Keep the application running until the erasure is written, even if
   * the window closes or the user quits right after. */
  if ((data->app = g_application_get_default ()) != NULL)
    {
      g_object_ref (data->app);
      g_application_hold (data->app);
    }

  task = g_task_new (NULL, NULL, erase_cb, NULL);
  g_task_set_source_tag (task, erase_for_real);
  g_task_set_task_data (task, data, (GDestroyNotify)erase_data_free);
  g_task_run_in_thread (task, erase_worker);
}

static void
toast_undo_cb (SlCandidatesView *self,
               AdwToast         *toast)
{
  gint64 *id = g_object_get_data (G_OBJECT (toast), "candidate-id");

  g_object_set_data (G_OBJECT (toast), "undone", GINT_TO_POINTER (TRUE));
  g_hash_table_remove (self->pending, id);
  g_hash_table_remove (self->hidden, id);
  refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
}

static void
toast_dismissed_cb (SlCandidatesView *self,
                    AdwToast         *toast)
{
  gint64 id = *(gint64 *)g_object_get_data (G_OBJECT (toast), "candidate-id");

  if (g_object_get_data (G_OBJECT (toast), "undone") != NULL)
    return;

  g_hash_table_remove (self->pending, &id);
  erase_for_real (self, id);
}

static void
start_erase (SlCandidatesView *self,
             gint64            candidate_id,
             const char       *name)
{
  g_autofree char *message = NULL;
  GtkWidget *overlay;
  AdwToast *toast;

  if (g_hash_table_contains (self->hidden, &candidate_id))
    return;

  g_hash_table_add (self->hidden, id_new (candidate_id));
  refilter (self, GTK_FILTER_CHANGE_MORE_STRICT);
  if (sl_candidate_page_get_candidate_id (self->candidate_page) == candidate_id)
    gtk_widget_activate_action (GTK_WIDGET (self), "candidates.show-list", NULL);

  /* Translators: %s is a candidate's name; the toast offers Undo. */
  message = g_strdup_printf (_("‘%s’ erased"), name[0] != '\0' ? name : _("Unnamed Candidate"));
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "candidate-id", id_new (candidate_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_hash_table_insert (self->pending, id_new (candidate_id), g_object_ref (toast));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    adw_toast_dismiss (toast);
}

typedef struct
{
  SlCandidatesView *view;
  gint64            candidate_id;
  char             *name;
} ConfirmedErase;

static void
confirmed_erase_cb (gpointer user_data)
{
  ConfirmedErase *confirmed = user_data;

  if (confirmed->view->store != NULL)
    start_erase (confirmed->view, confirmed->candidate_id, confirmed->name);
  g_object_unref (confirmed->view);
  g_free (confirmed->name);
  g_free (confirmed);
}

static void
erase_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SlCandidatesView *self)
{
  ConfirmedErase *confirmed;

  if (g_strcmp0 (response, "erase") != 0)
    return;

  /* Once the dialog is gone and the focus is back on the page: leaving the
   * page while the dialog still holds the focus sends the accessibility
   * bus a focus change for a widget that is no longer shown. */
  confirmed = g_new0 (ConfirmedErase, 1);
  confirmed->view = g_object_ref (self);
  confirmed->candidate_id = *(gint64 *)g_object_get_data (G_OBJECT (dialog), "candidate-id");
  confirmed->name = g_strdup (g_object_get_data (G_OBJECT (dialog), "candidate-name"));
  g_idle_add_once (confirmed_erase_cb, confirmed);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  const char *name = "";
  SlCandidate *candidate;
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->store == NULL || g_hash_table_contains (self->hidden, &id))
    return;
  if (sl_candidate_page_get_candidate_id (self->candidate_page) == id)
    name = sl_candidate_page_get_name (self->candidate_page);
  else if ((candidate = lookup_candidate (self, id)) != NULL)
    name = sl_candidate_get_name (candidate);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Erase Candidate?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is a candidate's name. */
                                  _("Everything about ‘%s’ goes: the resume, the profile, "
                                    "the search data and the personal details of their "
                                    "reviews. You can undo this for a few seconds."),
                                  name[0] != '\0' ? name : _("Unnamed Candidate"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "candidate-id", id_new (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "candidate-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
erase_selected_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (widget);
  SlCandidate *candidate = gtk_single_selection_get_selected_item (self->selection);

  if (candidate != NULL)
    gtk_widget_activate_action (widget, "candidates.erase", "x", sl_candidate_get_id (candidate));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SlCandidatesView *self = SL_CANDIDATES_VIEW (widget);

  gtk_stack_set_visible_child_name (self->page_stack, "browse");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
sl_candidates_view_dispose (GObject *object)
{
  SlCandidatesView *self = (SlCandidatesView *)object;
  GHashTableIter iter;
  gpointer key, value;

  if (self->keep_top_clock != NULL)
    g_clear_signal_handler (&self->keep_top_id, self->keep_top_clock);
  g_clear_weak_pointer (&self->keep_top_clock);

  /* The view goes away (window closed, application quitting) while toasts
   * still offer Undo: the user did not undo, so erase now. */
  if (self->pending != NULL)
    {
      g_hash_table_iter_init (&iter, self->pending);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_signal_handlers_disconnect_by_data (value, self);
          if (self->store != NULL)
            erase_for_real (self, *(gint64 *)key);
        }
      g_hash_table_remove_all (self->pending);
    }

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CANDIDATES_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->results);
  g_clear_object (&self->candidates);
  g_clear_object (&self->search);
  g_clear_object (&self->files);
  g_clear_object (&self->store);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (sl_candidates_view_parent_class)->dispose (object);
}

static void
sl_candidates_view_finalize (GObject *object)
{
  SlCandidatesView *self = (SlCandidatesView *)object;

  g_clear_pointer (&self->terms, g_strfreev);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->scores, g_hash_table_unref);

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

  g_type_ensure (SL_TYPE_CANDIDATE_PAGE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-candidates-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, candidate_page);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, results_stack);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, filters_button);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, skills_entry);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, skills_any_check);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, years_spin);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, education_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, location_entry);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, after_entry);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, filter_error_label);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, search_status_label);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatesView, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_install_action (widget_class, "candidates.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "candidates.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "candidates.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "candidates.erase", "x", erase_action);
  gtk_widget_class_install_action (widget_class, "candidates.erase-selected", NULL,
                                   erase_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "candidates.search", NULL);
}

static gboolean
column_view_key_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    SlCandidatesView      *self)
{
  if (keyval == GDK_KEY_Delete && (state & gtk_accelerator_get_default_mod_mask ()) == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "candidates.erase-selected", NULL);
      return TRUE;
    }
  return FALSE;
}

static void
sl_candidates_view_init (SlCandidatesView *self)
{
  GtkEventController *keys;
  GtkSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->hidden = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->scores = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->results = g_list_store_new (SL_TYPE_CANDIDATE);

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
  self->score_column = add_column (self, COLUMN_SCORE, _("Score"), NULL, FALSE);
  gtk_column_view_column_set_visible (self->score_column, FALSE);

  /* The core model, then filter and sort, both incremental so 100,000
   * candidates never stall the main loop, then the selection. */
  self->filter_model = gtk_filter_list_model_new (NULL,
                                                  GTK_FILTER (gtk_custom_filter_new (filter_func,
                                                                                     self, NULL)));
  gtk_filter_list_model_set_incremental (self->filter_model, FALSE);
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

  /* Delete on a selected row erases it (after confirmation). */
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (column_view_key_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), keys);

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

/* The active provider's embedder; the built-in one if it cannot be made. */
static SlEmbedder *
new_embedder (SlCandidatesView *self)
{
  g_autoptr(GError) error = NULL;
  SlEmbedder *embedder = NULL;

  /* The built-in model comes from the factory too, configured (with the
   * skills taxonomy) as screening configures it, so both use one set of
   * stored vectors. */
  if (!(embedder = sl_embedder_new_for_provider (self->store, self->provider, &error)))
    {
      g_debug ("Searching with the built-in model: %s", error->message);
      g_clear_error (&error);
      embedder = sl_embedder_new_for_provider (self->store, SL_EMBEDDER_PROVIDER_LEXICAL, &error);
    }
  if (embedder == NULL)
    embedder = SL_EMBEDDER (sl_lexical_embedder_new (0));
  return embedder;
}

void
sl_candidates_view_set_embedding_provider (SlCandidatesView *self,
                                           const char       *provider)
{
  g_autoptr(SlEmbedder) embedder = NULL;

  g_return_if_fail (SL_IS_CANDIDATES_VIEW (self));

  if (g_strcmp0 (self->provider, provider) == 0)
    return;
  g_free (self->provider);
  self->provider = g_strdup (provider);
  if (self->store == NULL)
    return;

  /* Searches under way finish with the search they hold. */
  embedder = new_embedder (self);
  g_clear_object (&self->search);
  self->search = sl_search_new (self->store, embedder);
  prepare_search (self);
  if (self->searching)
    start_search (self);
}

void
sl_candidates_view_set_store (SlCandidatesView *self,
                              SlStore          *store)
{
  g_return_if_fail (SL_IS_CANDIDATES_VIEW (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;

  set_searching (self, FALSE);
  g_clear_object (&self->candidates);
  g_clear_object (&self->files);
  g_clear_object (&self->search);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  if (store != NULL)
    {
      g_autoptr(SlEmbedder) embedder = new_embedder (self);

      self->files = sl_files_new_for_store (store);
      self->search = sl_search_new (store, embedder);
      self->candidates = sl_store_list_new (store, SL_STORE_LIST_CANDIDATES);
      g_signal_connect_object (self->candidates, "items-changed",
                               G_CALLBACK (candidates_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      g_signal_connect_object (self->candidates, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      prepare_search (self);
    }
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (self->candidates));
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
