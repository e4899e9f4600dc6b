#define G_LOG_DOMAIN "sl-candidate-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-candidate-page.h"
#include "sl-candidate.h"
#include "sl-document-view.h"
#include "sl-store-import.h"
#include "sl-store-profile.h"

struct _SlCandidatePage
{
  GtkWidget             parent_instance;

  SlStore              *store;
  SlFiles              *files;
  GCancellable         *cancellable;
  gint64                candidate_id;
  SlCandidate          *candidate;
  GPtrArray            *extra_rows;   /* rows added to groups, removed on reload */
  gboolean              filling;

  /* Template children */
  GtkStack             *stack;
  GtkLabel             *title_label;
  GtkWidget            *save_button;
  AdwEntryRow          *name_row;
  AdwEntryRow          *headline_row;
  AdwEntryRow          *location_row;
  AdwActionRow         *years_row;
  GtkSpinButton        *years_spin;
  AdwComboRow          *education_row;
  AdwPreferencesGroup  *contacts_group;
  GtkFlowBox           *skills_box;
  GtkLabel             *no_skills_label;
  GtkBox               *experience_box;
  AdwPreferencesGroup  *experience_group;
  AdwPreferencesGroup  *certifications_group;
  GtkFlowBox           *certifications_box;
  AdwPreferencesGroup  *languages_group;
  GtkFlowBox           *languages_box;
  AdwPreferencesGroup  *duplicates_group;
  SlDocumentView       *document_view;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (SlCandidatePage, sl_candidate_page, GTK_TYPE_WIDGET)

typedef struct
{
  SlCandidate    *candidate;
  GPtrArray      *experiences;
  GPtrArray      *duplicates;
  SlDocumentInfo *document;
  JsonObject     *corrections;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_object (&result->candidate);
  g_clear_pointer (&result->experiences, g_ptr_array_unref);
  g_clear_pointer (&result->duplicates, g_ptr_array_unref);
  g_clear_pointer (&result->document, sl_document_info_free);
  g_clear_pointer (&result->corrections, json_object_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlStore *store = source_object;
  gint64 id = *(gint64 *)task_data;
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GError) error = NULL;

  if (!(result->candidate = sl_store_get_candidate (store, id, &error)) ||
      !(result->experiences = sl_store_import_list_experiences (store, id, &error)) ||
      !(result->duplicates = sl_store_profile_list_duplicates (store, id, &error)) ||
      !(result->corrections = sl_store_profile_dup_corrections (store, id, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->document = sl_store_profile_dup_document (store, id, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)load_result_free);
}

static GtkWidget *
new_chip (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_add_css_class (label, "sl-chip");
  return label;
}

static void
fill_chips (GtkFlowBox         *box,
            const char * const *values)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    gtk_flow_box_append (box, new_chip (values[i]));
}

static void
add_row (SlCandidatePage     *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->extra_rows, g_object_ref (row));
}

static void
remove_extra_rows (SlCandidatePage *self)
{
  for (guint i = 0; i < self->extra_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->extra_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->extra_rows, 0);
}

static void
add_contacts (SlCandidatePage    *self,
              const char * const *values,
              const char         *kind,
              const char         *icon_name)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), values[i]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, kind,
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      add_row (self, self->contacts_group, row);
    }
}

/* "2021-03" as "Mar 2021"; NULL or invalid as NULL. */
static char *
format_month (const char *month)
{
  g_autoptr(GDateTime) date = NULL;
  int year, mon;

  if (month == NULL || sscanf (month, "%d-%d", &year, &mon) != 2 || mon < 1 || mon > 12)
    return NULL;
  date = g_date_time_new_utc (year, mon, 1, 0, 0, 0);
  return date ? g_date_time_format (date, "%b %Y") : NULL;
}

static const char *
experience_start (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  JsonNode *start = json_object_get_member (object, "start");

  return start != NULL && JSON_NODE_HOLDS_VALUE (start) ? json_node_get_string (start) : NULL;
}

/* Latest start first; positions without a start keep their place at the end. */
static int
compare_experiences (gconstpointer a,
                     gconstpointer b)
{
  const char *start_a = experience_start (*(JsonNode **)a);
  const char *start_b = experience_start (*(JsonNode **)b);

  if (start_a == NULL || start_b == NULL)
    return (start_a == NULL) - (start_b == NULL);
  return -g_strcmp0 (start_a, start_b);
}

static void
fill_experiences (SlCandidatePage *self,
                  GPtrArray       *experiences)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (experiences->len);
  GtkWidget *child;

  for (guint i = 0; i < experiences->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (experiences, i));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->experience_box))) != NULL)
    gtk_box_remove (self->experience_box, child);

  /* The latest position first, as on a resume. */
  g_ptr_array_sort (sorted, compare_experiences);
  for (guint i = 0; i < sorted->len; i++)
    {
      JsonObject *object = json_node_get_object (g_ptr_array_index (sorted, i));
      const char *title = json_object_get_string_member_with_default (object, "title", "");
      const char *company = json_object_get_string_member_with_default (object, "company", "");
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *dates = NULL;
      g_autofree char *heading = NULL;
      GtkWidget *entry = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *label;

      if (json_object_has_member (object, "start") &&
          !json_object_get_null_member (object, "start"))
        start = format_month (json_object_get_string_member (object, "start"));
      if (json_object_get_boolean_member_with_default (object, "current", FALSE))
        end = g_strdup (C_("experience end", "Present"));
      else if (json_object_has_member (object, "end") &&
               !json_object_get_null_member (object, "end"))
        end = format_month (json_object_get_string_member (object, "end"));

      if (title[0] != '\0' && company[0] != '\0')
        /* Translators: a position in the experience timeline: job title at company. */
        heading = g_strdup_printf (_("%1$s · %2$s"), title, company);
      else
        heading = g_strdup (title[0] != '\0' ? title : company);

      if (start != NULL || end != NULL)
        /* Translators: the dates of a position, e.g. "Mar 2021 – Present". */
        dates = g_strdup_printf (_("%1$s – %2$s"), start ? start : "?", end ? end : "?");
      else
        dates = g_strdup (_("Dates not given"));

      gtk_widget_add_css_class (entry, "sl-timeline-entry");
      label = gtk_label_new (heading);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (entry), label);
      label = gtk_label_new (dates);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (entry), label);
      gtk_box_append (self->experience_box, entry);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->experience_group), experiences->len > 0);
}

static const char *
duplicate_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "file") == 0)
    return _("The same file");
  if (g_strcmp0 (reason, "text") == 0)
    return _("The same text");
  if (g_strcmp0 (reason, "email") == 0)
    return _("The same e-mail address");
  if (g_strcmp0 (reason, "phone") == 0)
    return _("The same phone number");
  return _("A very similar resume");
}

static void
fill_duplicates (SlCandidatePage *self,
                 GPtrArray       *duplicates)
{
  for (guint i = 0; i < duplicates->len; i++)
    {
      SlDuplicateLink *link = g_ptr_array_index (duplicates, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      if (link->similarity >= 0)
        /* Translators: why two candidates may be one person, and how similar. */
        subtitle = g_strdup_printf (_("%s, %.0f%% similar"), duplicate_reason_label (link->reason),
                                    link->similarity * 100);
      else
        subtitle = g_strdup (duplicate_reason_label (link->reason));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     link->other_name[0] != '\0' ? link->other_name
                                                                 : _("Unnamed Candidate"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "candidates.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", link->other_id);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      add_row (self, self->duplicates_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), duplicates->len > 0);
}

static void
set_corrected (GtkWidget *row,
               gboolean   corrected)
{
  GtkWidget *mark = g_object_get_data (G_OBJECT (row), "corrected-mark");

  gtk_widget_set_visible (mark, corrected);
}

static void
fill_profile (SlCandidatePage *self,
              JsonObject      *corrections)
{
  SlCandidate *candidate = self->candidate;

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), sl_candidate_get_name (candidate));
  gtk_editable_set_text (GTK_EDITABLE (self->headline_row), sl_candidate_get_headline (candidate));
  gtk_editable_set_text (GTK_EDITABLE (self->location_row), sl_candidate_get_location (candidate));
  gtk_spin_button_set_value (self->years_spin, sl_candidate_get_years_experience (candidate));
  adw_combo_row_set_selected (self->education_row, sl_candidate_get_education_level (candidate));
  self->filling = FALSE;

  set_corrected (GTK_WIDGET (self->name_row), json_object_has_member (corrections, "name"));
  set_corrected (GTK_WIDGET (self->headline_row), json_object_has_member (corrections, "headline"));
  set_corrected (GTK_WIDGET (self->location_row), json_object_has_member (corrections, "location"));
  set_corrected (GTK_WIDGET (self->years_row),
                 json_object_has_member (corrections, "years_experience"));
  set_corrected (GTK_WIDGET (self->education_row),
                 json_object_has_member (corrections, "education_level"));
  gtk_widget_set_sensitive (self->save_button, FALSE);
}

static void
fill (SlCandidatePage *self,
      LoadResult      *result)
{
  SlCandidate *candidate = result->candidate;
  const char *name = sl_candidate_get_name (candidate);
  const char * const *skills = sl_candidate_get_skills (candidate);

  g_set_object (&self->candidate, candidate);
  remove_extra_rows (self);

  gtk_label_set_label (self->title_label, name[0] != '\0' ? name : _("Unnamed Candidate"));
  fill_profile (self, result->corrections);

  add_contacts (self, sl_candidate_get_emails (candidate), _("E-mail"), "mail-unread-symbolic");
  add_contacts (self, sl_candidate_get_phones (candidate), _("Phone"), "call-start-symbolic");
  add_contacts (self, sl_candidate_get_links (candidate), _("Link"), "web-browser-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->contacts_group), self->extra_rows->len > 0);

  fill_chips (self->skills_box, skills);
  gtk_widget_set_visible (GTK_WIDGET (self->skills_box), skills != NULL && skills[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->no_skills_label), skills == NULL || skills[0] == NULL);

  fill_chips (self->certifications_box, sl_candidate_get_certifications (candidate));
  gtk_widget_set_visible (GTK_WIDGET (self->certifications_group),
                          sl_candidate_get_certifications (candidate)[0] != NULL);
  fill_chips (self->languages_box, sl_candidate_get_languages (candidate));
  gtk_widget_set_visible (GTK_WIDGET (self->languages_group),
                          sl_candidate_get_languages (candidate)[0] != NULL);

  fill_experiences (self, result->experiences);
  fill_duplicates (self, result->duplicates);

  gtk_stack_set_visible_child_name (self->stack, "profile");
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlCandidatePage) self = user_data;
  g_autoptr(LoadResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gboolean same_document;

  if (!(loaded = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  /* A reload after saving corrections keeps the page of the original shown. */
  same_document = self->candidate != NULL &&
                  sl_candidate_get_id (self->candidate) == sl_candidate_get_id (loaded->candidate);
  fill (self, loaded);
  if (!same_document)
    sl_document_view_show (self->document_view, self->files, loaded->document,
                           sl_candidate_get_text (loaded->candidate));
}

static void
reload (SlCandidatePage *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 *id = g_new (gint64, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  *id = self->candidate_id;
  task = g_task_new (self->store, self->cancellable, load_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, id, g_free);
  g_task_run_in_thread (task, load_worker);
}

static JsonObject *
collect_changes (SlCandidatePage *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  SlCandidate *candidate = self->candidate;
  const char *text;
  double years;
  guint level;

  if (candidate == NULL)
    return NULL;

  text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (g_strcmp0 (text, sl_candidate_get_name (candidate)) != 0)
    json_object_set_string_member (changes, "name", text);
  text = gtk_editable_get_text (GTK_EDITABLE (self->headline_row));
  if (g_strcmp0 (text, sl_candidate_get_headline (candidate)) != 0)
    json_object_set_string_member (changes, "headline", text);
  text = gtk_editable_get_text (GTK_EDITABLE (self->location_row));
  if (g_strcmp0 (text, sl_candidate_get_location (candidate)) != 0)
    json_object_set_string_member (changes, "location", text);
  years = gtk_spin_button_get_value (self->years_spin);
  if (ABS (years - sl_candidate_get_years_experience (candidate)) >= 0.05)
    json_object_set_double_member (changes, "years_experience", years);
  level = adw_combo_row_get_selected (self->education_row);
  if (level <= SL_EDUCATION_DOCTORATE && level != sl_candidate_get_education_level (candidate))
    json_object_set_string_member (changes, "education_level",
                                   sl_education_level_to_string (level));

  return json_object_get_size (changes) > 0 ? g_steal_pointer (&changes) : NULL;
}

static void
profile_changed_cb (SlCandidatePage *self)
{
  g_autoptr(JsonObject) changes = NULL;

  if (self->filling)
    return;
  changes = collect_changes (self);
  gtk_widget_set_sensitive (self->save_button, changes != NULL);
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  JsonObject *changes = task_data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "candidate-id"));
  g_autoptr(GError) error = NULL;

  if (!sl_store_profile_save_corrections (source_object, id, changes, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlCandidatePage) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      /* Translators: %s says why the corrections could not be saved. */
      message = g_strdup_printf (_("Could not save the corrections: %s"), error->message);
      toast = adw_toast_new (message);
      gtk_widget_set_sensitive (self->save_button, TRUE);
    }
  else
    {
      toast = adw_toast_new (_("Corrections saved"));
      /* Unless the user left the page (or opened another) meanwhile. */
      if (self->candidate != NULL && sl_candidate_get_id (self->candidate) == self->candidate_id)
        reload (self);
    }

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SlCandidatePage *self = SL_CANDIDATE_PAGE (widget);
  g_autoptr(JsonObject) changes = collect_changes (self);
  g_autoptr(GTask) task = NULL;

  if (changes == NULL || self->store == NULL)
    return;

  /* Keep the focus on the page, so Escape and Delete still work on it. */
  if (gtk_widget_has_focus (self->save_button))
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  gtk_widget_set_sensitive (self->save_button, FALSE);
  task = g_task_new (self->store, NULL, save_cb, g_object_ref (self));
  g_task_set_source_tag (task, save_action);
  g_object_set_data (G_OBJECT (task), "candidate-id", GSIZE_TO_POINTER (self->candidate_id));
  g_task_set_task_data (task, g_steal_pointer (&changes), (GDestroyNotify)json_object_unref);
  g_task_run_in_thread (task, save_worker);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SlCandidatePage *self = SL_CANDIDATE_PAGE (widget);

  if (self->candidate_id > 0)
    gtk_widget_activate_action (widget, "candidates.erase", "x", self->candidate_id);
}

static GtkWidget *
add_corrected_mark (GtkWidget *row)
{
  GtkWidget *mark = gtk_label_new (_("Corrected"));

  gtk_widget_add_css_class (mark, "dim-label");
  gtk_widget_add_css_class (mark, "caption");
  gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (mark, FALSE);
  g_object_set_data (G_OBJECT (row), "corrected-mark", mark);
  return mark;
}

static void
sl_candidate_page_dispose (GObject *object)
{
  SlCandidatePage *self = (SlCandidatePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->extra_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_CANDIDATE_PAGE);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->candidate);
  g_clear_object (&self->files);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_candidate_page_parent_class)->dispose (object);
}

static void
sl_candidate_page_class_init (SlCandidatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_candidate_page_dispose;

  g_type_ensure (SL_TYPE_DOCUMENT_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-candidate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, stack);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, save_button);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, headline_row);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, location_row);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, years_row);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, years_spin);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, education_row);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, skills_box);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, no_skills_label);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, experience_box);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, experience_group);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, certifications_group);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, certifications_box);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, languages_group);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, languages_box);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, document_view);
  gtk_widget_class_bind_template_child (widget_class, SlCandidatePage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, profile_changed_cb);

  gtk_widget_class_install_action (widget_class, "candidate.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "candidate.erase", NULL, erase_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "candidate.erase", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "candidate.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "candidates.show-list", NULL);
}

static void
sl_candidate_page_init (SlCandidatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->extra_rows = g_ptr_array_new_with_free_func (g_object_unref);

  adw_entry_row_add_suffix (self->name_row, add_corrected_mark (GTK_WIDGET (self->name_row)));
  adw_entry_row_add_suffix (self->headline_row,
                            add_corrected_mark (GTK_WIDGET (self->headline_row)));
  adw_entry_row_add_suffix (self->location_row,
                            add_corrected_mark (GTK_WIDGET (self->location_row)));
  adw_action_row_add_suffix (self->years_row, add_corrected_mark (GTK_WIDGET (self->years_row)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->education_row),
                             add_corrected_mark (GTK_WIDGET (self->education_row)));
}

GtkWidget *
sl_candidate_page_new (void)
{
  return g_object_new (SL_TYPE_CANDIDATE_PAGE, NULL);
}

void
sl_candidate_page_clear (SlCandidatePage *self)
{
  g_return_if_fail (SL_IS_CANDIDATE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  self->candidate_id = 0;
  g_clear_object (&self->candidate);
  remove_extra_rows (self);
  sl_document_view_clear (self->document_view);
  gtk_label_set_label (self->title_label, "");
  gtk_stack_set_visible_child_name (self->stack, "loading");
}

void
sl_candidate_page_load (SlCandidatePage *self,
                        SlStore         *store,
                        SlFiles         *files,
                        gint64           candidate_id)
{
  g_return_if_fail (SL_IS_CANDIDATE_PAGE (self));
  g_return_if_fail (SL_IS_STORE (store));
  g_return_if_fail (files == NULL || SL_IS_FILES (files));

  sl_candidate_page_clear (self);
  g_set_object (&self->store, store);
  g_set_object (&self->files, files);
  self->candidate_id = candidate_id;
  reload (self);
}

gint64
sl_candidate_page_get_candidate_id (SlCandidatePage *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_PAGE (self), 0);
  return self->candidate_id;
}

const char *
sl_candidate_page_get_name (SlCandidatePage *self)
{
  g_return_val_if_fail (SL_IS_CANDIDATE_PAGE (self), "");
  return self->candidate != NULL ? sl_candidate_get_name (self->candidate) : "";
}
