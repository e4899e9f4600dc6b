#define G_LOG_DOMAIN "sl-job-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sl-embedder-factory.h"
#include "sl-format.h"
#include "sl-histogram.h"
#include "sl-importer.h"
#include "sl-job-page.h"
#include "sl-job-parser.h"
#include "sl-ranking-item.h"
#include "sl-ranking-row.h"
#include "sl-screener.h"
#include "sl-screening-report.h"
#include "sl-skill-taxonomy.h"
#include "sl-store-skills.h"
#include "sl-store-matching.h"
#include "sl-wrap-box.h"

/* A job's page: the job, its parsed requirements (editable), screening with
 * progress, the ranking with its score distribution, export and import. */
struct _SlJobPage
{
  GtkWidget             parent_instance;

  SlStore              *store;
  SlJob                *job;
  /* The requirements being shown and edited, the job parser's object. */
  JsonObject           *parsed;
  GSettings            *settings;
  GListStore           *ranking;
  GCancellable         *screen_cancellable;
  GCancellable         *parse_cancellable;
  GCancellable         *import_cancellable;
  GCancellable         *load_cancellable;
  SlImporter           *importer;
  GtkFileChooserNative *chooser;
  guint                 saves_pending;
  gboolean              populating;
  gboolean              stale;

  /* Template children */
  AdwLeaflet           *leaflet;
  GtkWidget            *show_ranking_button;
  GtkWidget            *show_requirements_button;
  GtkLabel             *title_label;
  GtkLabel             *status_label;
  GtkLabel             *meta_label;
  GtkLabel             *description_label;
  GtkSpinner           *parse_spinner;
  SlWrapBox            *mandatory_box;
  SlWrapBox            *preferred_box;
  GtkEntry             *skill_entry;
  GtkSpinButton        *years_spin;
  AdwComboRow          *education_row;
  AdwActionRow         *work_mode_row;
  AdwActionRow         *salary_row;
  AdwActionRow         *seniority_row;
  GtkButton            *screen_button;
  GtkSwitch            *all_switch;
  GtkLabel             *threshold_label;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkLabel             *stale_label;
  GtkStack             *result_stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *error_page;
  GtkLabel             *summary_label;
  GtkCheckButton       *blind_check;
  SlHistogram          *histogram;
  GtkListView          *ranking_view;
  GtkNoSelection       *ranking_selection;
};

G_DEFINE_FINAL_TYPE (SlJobPage, sl_job_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void populate (SlJobPage *self);

static void
toast (SlJobPage  *self,
       const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_debug ("%s", message);
}

/* Disposed: the callbacks still hold a reference, but the widgets are gone. */
static gboolean
gone (SlJobPage *self)
{
  return self->ranking == NULL;
}

static gboolean
busy (SlJobPage *self)
{
  return self->screen_cancellable != NULL || self->import_cancellable != NULL;
}

static void
update_actions (SlJobPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_job = self->job != NULL && self->store != NULL;
  gboolean has_results = self->ranking != NULL &&
                         g_list_model_get_n_items (G_LIST_MODEL (self->ranking)) > 0;

  gtk_widget_action_set_enabled (widget, "page.screen", has_job && !busy (self));
  gtk_widget_action_set_enabled (widget, "page.import-files", has_job && !busy (self));
  gtk_widget_action_set_enabled (widget, "page.import-folder", has_job && !busy (self));
  gtk_widget_action_set_enabled (widget, "page.cancel", busy (self));
  gtk_widget_action_set_enabled (widget, "page.export-csv", has_results && self->chooser == NULL);
  gtk_widget_action_set_enabled (widget, "page.export-pdf", has_results && self->chooser == NULL);
  gtk_widget_action_set_enabled (widget, "page.add-skill", self->parsed != NULL);
  gtk_widget_action_set_enabled (widget, "page.edit", has_job);

  gtk_widget_set_visible (GTK_WIDGET (self->stale_label), self->stale && has_results);
  gtk_button_set_label (self->screen_button,
                        has_results ? _("_Screen Again") : _("_Screen Candidates"));
  /* GTK 4.8: setting the label overwrites the accessible label. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->screen_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  has_results ? _("Screen Again") : _("Screen Candidates"), -1);
}

static void
show_progress (SlJobPage  *self,
               double      fraction,
               const char *text)
{
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
hide_progress (SlJobPage *self)
{
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

/* Requirements. */

/* The strings of an array member (anything else in it is skipped). */
static GPtrArray *
strings_member (JsonObject *object,
                const char *member)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return strings;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (strings, g_strdup (json_node_get_string (element)));
    }
  return strings;
}

static GPtrArray *
dup_skills (SlJobPage  *self,
            const char *member)
{
  return strings_member (self->parsed, member);
}

static void
set_skills (SlJobPage  *self,
            const char *member,
            GPtrArray  *skills)
{
  JsonArray *array = json_array_sized_new (skills->len);

  for (guint i = 0; i < skills->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (skills, i));
  json_object_set_array_member (self->parsed, member, array);
}

static gboolean
remove_skill (GPtrArray  *skills,
              const char *skill)
{
  for (guint i = 0; i < skills->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (skills, i), skill) == 0)
        {
          g_ptr_array_remove_index (skills, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlJobPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->saves_pending--;
  if (sl_store_save_job_finish (SL_STORE (object), result, &error) == 0)
    {
      g_autofree char *message = NULL;

      g_debug ("Could not save the requirements: %s", error->message);
      /* Translators: %s says why. */
      message = g_strdup_printf (_("Could not save the requirements: %s"), error->message);
      toast (self, message);
    }
}

/* Writes the edited requirements into the job's parsed JSON and saves it. */
static void
save_requirements (SlJobPage *self)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (self->parsed == NULL || self->job == NULL || self->store == NULL)
    return;

  node = json_node_init_object (json_node_alloc (), self->parsed);
  text = json_to_string (node, FALSE);
  sl_job_set_parsed (self->job, text);

  self->saves_pending++;
  sl_store_save_job_async (self->store, self->job, NULL, save_cb, g_object_ref (self));

  self->stale = TRUE;
  update_actions (self);
}

static void
chip_remove_cb (GtkButton *button,
                SlJobPage *self)
{
  const char *skill = g_object_get_data (G_OBJECT (button), "skill");
  gboolean mandatory = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mandatory"));
  const char *member = mandatory ? "mandatory_skills" : "preferred_skills";
  g_autoptr(GPtrArray) skills = dup_skills (self, member);

  if (!remove_skill (skills, skill))
    return;
  set_skills (self, member, skills);
  populate (self);
  save_requirements (self);
}

static void
chip_move_cb (GtkButton *button,
              SlJobPage *self)
{
  g_autofree char *skill = g_strdup (g_object_get_data (G_OBJECT (button), "skill"));
  gboolean mandatory = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "mandatory"));
  const char *from = mandatory ? "mandatory_skills" : "preferred_skills";
  const char *to = mandatory ? "preferred_skills" : "mandatory_skills";
  g_autoptr(GPtrArray) from_skills = dup_skills (self, from);
  g_autoptr(GPtrArray) to_skills = dup_skills (self, to);

  if (!remove_skill (from_skills, skill))
    return;
  remove_skill (to_skills, skill);
  g_ptr_array_add (to_skills, g_strdup (skill));
  set_skills (self, from, from_skills);
  set_skills (self, to, to_skills);
  populate (self);
  save_requirements (self);
}

static GtkWidget *
chip_button (SlJobPage  *self,
             const char *icon,
             const char *tooltip,
             const char *skill,
             gboolean    mandatory,
             GCallback   callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "skill", g_strdup (skill), g_free);
  g_object_set_data (G_OBJECT (button), "mandatory", GINT_TO_POINTER (mandatory));
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
chip_new (SlJobPage  *self,
          const char *skill,
          gboolean    mandatory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *move = NULL;
  g_autofree char *remove = NULL;

  gtk_widget_add_css_class (box, "sl-chip");
  if (mandatory)
    gtk_widget_add_css_class (box, "mandatory");
  gtk_box_append (GTK_BOX (box), gtk_label_new (skill));

  /* Translators: %s is a skill, on a button that moves it to the other list. */
  move = g_strdup_printf (mandatory ? _("Make ‘%s’ preferred") : _("Make ‘%s’ required"), skill);
  /* Translators: %s is a skill. */
  remove = g_strdup_printf (_("Remove ‘%s’"), skill);
  gtk_box_append (GTK_BOX (box), chip_button (self, mandatory ? "go-down-symbolic"
                                                              : "go-up-symbolic",
                                              move, skill, mandatory,
                                              G_CALLBACK (chip_move_cb)));
  gtk_box_append (GTK_BOX (box), chip_button (self, "window-close-symbolic", remove, skill,
                                              mandatory, G_CALLBACK (chip_remove_cb)));
  return box;
}

static void
fill_chips (SlJobPage  *self,
            SlWrapBox  *box,
            const char *member,
            gboolean    mandatory)
{
  g_autoptr(GPtrArray) skills = dup_skills (self, member);

  sl_wrap_box_remove_all (box);

  if (skills->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("None"));

      gtk_widget_add_css_class (none, "dim-label");
      sl_wrap_box_append (box, none);
      return;
    }

  for (guint i = 0; i < skills->len; i++)
    sl_wrap_box_append (box, chip_new (self, g_ptr_array_index (skills, i), mandatory));
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
number_member (JsonObject *object,
               const char *member,
               double     *value)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

static char *
salary_text (JsonObject *parsed)
{
  const char *currency = string_member (parsed, "currency");
  double low = 0;
  double high = 0;
  gboolean has_low = number_member (parsed, "salary_min", &low);
  gboolean has_high = number_member (parsed, "salary_max", &high);

  if (currency == NULL)
    currency = "";
  if (has_low && has_high && low != high)
    /* Translators: a salary range, e.g. “90000–120000 USD”. */
    return g_strdup_printf (_("%1$.0f–%2$.0f %3$s"), low, high, currency);
  if (has_low || has_high)
    return g_strdup_printf ("%.0f %s", has_low ? low : high, currency);
  return g_strdup (_("Not stated"));
}

static const char *
work_mode_text (JsonObject *parsed)
{
  const char *mode = string_member (parsed, "work_mode");
  JsonNode *remote = parsed != NULL ? json_object_get_member (parsed, "remote") : NULL;

  if (g_strcmp0 (mode, "remote") == 0)
    return _("Remote");
  if (g_strcmp0 (mode, "hybrid") == 0)
    return _("Hybrid");
  if (g_strcmp0 (mode, "onsite") == 0)
    return _("On site");
  if (remote != NULL && JSON_NODE_HOLDS_VALUE (remote) && json_node_get_boolean (remote))
    return _("Remote");
  return _("Not stated");
}

static const char *
seniority_text (JsonObject *parsed)
{
  static const struct { const char *id; const char *name; } names[] = {
    { "intern", N_("Intern") },
    { "junior", N_("Junior") },
    { "mid", N_("Mid-level") },
    { "senior", N_("Senior") },
    { "lead", N_("Lead") },
    { "principal", N_("Principal") },
  };
  const char *seniority = string_member (parsed, "seniority");

  for (guint i = 0; seniority != NULL && i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (seniority, names[i].id))
        return _(names[i].name);
    }
  return _("Not stated");
}

/* Shows self->parsed; edits made while populating are not saved back. */
static void
populate (SlJobPage *self)
{
  g_autofree char *salary = NULL;
  const char *education;
  SlEducationLevel level = SL_EDUCATION_NONE;
  double years = 0;

  self->populating = TRUE;

  fill_chips (self, self->mandatory_box, "mandatory_skills", TRUE);
  fill_chips (self, self->preferred_box, "preferred_skills", FALSE);

  if (!number_member (self->parsed, "min_years", &years))
    years = 0;
  gtk_spin_button_set_value (self->years_spin, years);

  education = string_member (self->parsed, "education_level");
  if (education == NULL || !sl_education_level_from_string (education, &level))
    level = SL_EDUCATION_NONE;
  adw_combo_row_set_selected (self->education_row, level);

  adw_action_row_set_subtitle (self->work_mode_row, work_mode_text (self->parsed));
  salary = salary_text (self->parsed);
  adw_action_row_set_subtitle (self->salary_row, salary);
  adw_action_row_set_subtitle (self->seniority_row, seniority_text (self->parsed));

  self->populating = FALSE;
  update_actions (self);
}

static void
years_changed_cb (SlJobPage     *self,
                  GtkSpinButton *spin)
{
  int years = gtk_spin_button_get_value_as_int (spin);

  if (self->populating || self->parsed == NULL)
    return;
  if (years > 0)
    json_object_set_int_member (self->parsed, "min_years", years);
  else
    json_object_set_null_member (self->parsed, "min_years");
  save_requirements (self);
}

static void
education_changed_cb (SlJobPage   *self,
                      GParamSpec  *pspec,
                      AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->populating || self->parsed == NULL || selected > SL_EDUCATION_DOCTORATE)
    return;
  json_object_set_string_member (self->parsed, "education_level",
                                 sl_education_level_to_string (selected));
  save_requirements (self);
}

static void
add_skill (SlJobPage *self,
           gboolean   mandatory)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->skill_entry));
  g_autofree char *skill = g_strstrip (g_strdup (text));
  const char *member = mandatory ? "mandatory_skills" : "preferred_skills";
  const char *other = mandatory ? "preferred_skills" : "mandatory_skills";
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(GPtrArray) other_skills = NULL;

  if (self->parsed == NULL || *skill == '\0')
    return;

  /* A skill lives in one list only; adding it again moves it to the end. */
  skills = dup_skills (self, member);
  other_skills = dup_skills (self, other);
  remove_skill (skills, skill);
  g_ptr_array_add (skills, g_strdup (skill));
  if (remove_skill (other_skills, skill))
    set_skills (self, other, other_skills);
  set_skills (self, member, skills);

  gtk_editable_set_text (GTK_EDITABLE (self->skill_entry), "");
  populate (self);
  save_requirements (self);
}

static void
page_add_skill_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  add_skill (SL_JOB_PAGE (widget), g_variant_get_boolean (parameter));
}

static void
skill_entry_activate_cb (SlJobPage *self,
                         GtkEntry  *entry)
{
  add_skill (self, TRUE);
}

/* Parsing a job typed in by hand, in a worker. */

static void
stop_parse (SlJobPage *self)
{
  g_cancellable_cancel (self->parse_cancellable);
  g_clear_object (&self->parse_cancellable);
  gtk_spinner_stop (self->parse_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->parse_spinner), FALSE);
}

static void
parse_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;

  /* The shipped skills and the user's own. */
  if (source_object != NULL)
    taxonomy = sl_store_dup_taxonomy (source_object, NULL);
  if (taxonomy == NULL)
    taxonomy = sl_skill_taxonomy_new_default (NULL);

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, sl_job_parse (task_data, taxonomy), (GDestroyNotify)json_node_unref);
}

static void
parse_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlJobPage) self = user_data;
  g_autoptr(JsonNode) node = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled: another job is shown now, or the page is gone. */
  if (node == NULL || gone (self))
    return;

  stop_parse (self);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  g_clear_pointer (&self->parsed, json_object_unref);
  self->parsed = json_object_ref (json_node_get_object (node));
  populate (self);
  /* Keep what was read, so the next screening and the CLI see the same. */
  save_requirements (self);
  self->stale = FALSE;
  update_actions (self);
}

static void
parse_job (SlJobPage *self)
{
  g_autoptr(GTask) task = NULL;
  const char *description;
  const char *requirements;
  char *text;

  stop_parse (self);
  self->parse_cancellable = g_cancellable_new ();

  description = sl_job_get_description (self->job);
  requirements = sl_job_get_requirements (self->job);
  text = g_strjoin ("\n\n", sl_job_get_title (self->job),
                    description != NULL ? description : "",
                    requirements != NULL ? requirements : "", NULL);
  task = g_task_new (self->store, self->parse_cancellable, parse_cb, g_object_ref (self));
  g_task_set_source_tag (task, parse_job);
  g_task_set_task_data (task, text, g_free);
  g_task_run_in_thread (task, parse_worker);

  gtk_widget_set_visible (GTK_WIDGET (self->parse_spinner), TRUE);
  gtk_spinner_start (self->parse_spinner);
}

/* Screening. */

static void
screen_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  SlJobPage *self = user_data;
  g_autofree char *text = NULL;

  if (gone (self) || self->screen_cancellable == NULL)
    return;
  /* Translators: progress of a screening, “12 of 40 candidates”. */
  text = g_strdup_printf (_("Screened %u of %u"), done, total);
  show_progress (self, total > 0 ? (double)done / total : 0, text);
}

static void
show_ranking (SlJobPage  *self,
              GPtrArray  *screened,
              double      threshold,
              const char *note)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree double *scores = g_new0 (double, MAX (screened->len, 1));
  g_autofree char *summary = NULL;
  g_autofree char *shortlisted = NULL;
  guint n_shortlisted = 0;
  guint n = screened->len;

  for (guint i = 0; i < screened->len; i++)
    {
      SlScreened *item = g_ptr_array_index (screened, i);

      scores[i] = item->result->score;
      if (item->result->shortlist)
        n_shortlisted++;
      g_ptr_array_add (items, sl_ranking_item_new (i + 1, item));
    }
  /* The items own the screened structs now. */
  g_ptr_array_set_free_func (screened, NULL);

  g_list_store_splice (self->ranking, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ranking)),
                       items->pdata, items->len);

  sl_histogram_set_values (self->histogram, scores, n, 0, 100, 20);
  sl_histogram_set_threshold (self->histogram, threshold, _("Threshold"));

  shortlisted = g_strdup_printf (ngettext ("%u shortlisted", "%u shortlisted", n_shortlisted),
                                 n_shortlisted);
  /* Translators: “12 candidates ranked · 4 shortlisted”. */
  summary = g_strdup_printf (ngettext ("%1$u candidate ranked · %2$s",
                                       "%1$u candidates ranked · %2$s", n), n, shortlisted);
  if (note != NULL)
    {
      /* Translators: the ranking's summary, then when and how it was made. */
      g_autofree char *noted = g_strdup_printf (_("%1$s · %2$s"), summary, note);

      g_free (summary);
      summary = g_steal_pointer (&noted);
    }
  gtk_label_set_text (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->result_stack, "results");
}

static void
screen_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlJobPage) self = user_data;
  g_autoptr(GPtrArray) screened = NULL;
  g_autoptr(GError) error = NULL;
  double threshold = g_settings_get_int (self->settings, "decision-threshold");

  screened = sl_screener_screen_job_finish (result, &error);
  /* A run for a job no longer shown, or the page is gone. */
  if (gone (self) || g_task_get_cancellable (G_TASK (result)) != self->screen_cancellable)
    return;

  g_clear_object (&self->screen_cancellable);
  hide_progress (self);

  if (screened != NULL)
    {
      self->stale = FALSE;
      g_cancellable_cancel (self->load_cancellable);
      show_ranking (self, screened, threshold, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, _("Screening cancelled"));
  else if (g_error_matches (error, SL_SCREENER_ERROR, SL_SCREENER_ERROR_NO_CANDIDATES))
    {
      g_list_store_remove_all (self->ranking);
      adw_status_page_set_description (self->empty_page,
                                       gtk_switch_get_active (self->all_switch)
                                         ? _("There are no candidates yet. Import resumes first: "
                                             "use Import Applications or drop files here.")
                                         : _("Nobody has applied to this job yet. Import their "
                                             "applications (or drop resumes here), or switch on "
                                             "All candidates to screen everyone."));
      gtk_stack_set_visible_child_name (self->result_stack, "empty");
    }
  else
    {
      g_list_store_remove_all (self->ranking);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->result_stack, "error");
    }
  update_actions (self);
}

/* The last ranking, read back from the store when the page opens. */

typedef struct
{
  GPtrArray *screened;     /* SlScreened, best first */
  double     threshold;
  gint64     screened_at;  /* the newest result's time */
  gint64     model_id;     /* the newest result's model, 0 if none */
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *loaded = data;

  g_clear_pointer (&loaded->screened, g_ptr_array_unref);
  g_free (loaded);
}

/* The result as the screening made it, from its stored components and
 * explanation (which may be anything: the database is not trusted). */
static SlScreened *
screened_from_stored (SlStoredScreening *stored)
{
  SlScreeningResult *result = sl_screening_result_new_from_json_string (stored->explanation_json);
  SlScreened *screened = g_new0 (SlScreened, 1);

  result->similarity = stored->similarity;
  result->mandatory_coverage = stored->mandatory_coverage;
  result->preferred_coverage = stored->preferred_coverage;
  result->skill_coverage = stored->skill_coverage;
  result->experience_fit = stored->experience_fit;
  result->education_fit = stored->education_fit;
  result->classifier = isnan (stored->classifier) ? -1 : stored->classifier;
  result->score = CLAMP (stored->score, 0, 100);
  result->shortlist = g_strcmp0 (stored->decision, "shortlist") == 0;
  result->threshold = stored->threshold;

  screened->result_id = stored->id;
  screened->candidate_id = stored->candidate_id;
  screened->name = g_steal_pointer (&stored->name);
  screened->email = g_steal_pointer (&stored->email);
  screened->headline = g_steal_pointer (&stored->headline);
  screened->result = result;
  return screened;
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SlStore *store = source_object;
  gint64 job_id = *(gint64 *)task_data;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  Loaded *loaded;

  if (!(stored = sl_store_list_job_screenings (store, job_id, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  loaded = g_new0 (Loaded, 1);
  loaded->screened = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_screened_free);
  for (guint i = 0; i < stored->len; i++)
    {
      SlStoredScreening *item = g_ptr_array_index (stored, i);

      if (item->created_at >= loaded->screened_at)
        {
          loaded->screened_at = item->created_at;
          loaded->model_id = item->model_id;
          loaded->threshold = item->threshold;
        }
      g_ptr_array_add (loaded->screened, screened_from_stored (item));
    }
  g_task_return_pointer (task, loaded, loaded_free);
}

static char *
describe_screening (gint64 screened_at,
                    gint64 model_id)
{
  g_autofree char *when = sl_format_time_ago (screened_at);

  if (model_id > 0)
    /* Translators: “screened 2 hours ago with model v3”. */
    return g_strdup_printf (_("screened %1$s with model v%2$lld"), when, (long long)model_id);
  /* Translators: “screened 2 hours ago”, without a trained model. */
  return g_strdup_printf (_("screened %s"), when);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlJobPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), &error);

  /* Another job is shown now, a new screening started, or the page is gone. */
  if (gone (self) || g_task_get_cancellable (G_TASK (result)) != self->load_cancellable ||
      g_cancellable_is_cancelled (self->load_cancellable))
    {
      g_clear_pointer (&loaded, loaded_free);
      return;
    }
  g_clear_object (&self->load_cancellable);

  if (loaded == NULL)
    {
      g_debug ("Could not read the last screening: %s", error->message);
      return;
    }
  if (loaded->screened->len > 0 && self->screen_cancellable == NULL)
    {
      note = describe_screening (loaded->screened_at, loaded->model_id);
      /* Edited (or applications imported) since. */
      self->stale = self->job != NULL && sl_job_get_updated_at (self->job) > loaded->screened_at;
      show_ranking (self, loaded->screened, loaded->threshold, note);
    }
  loaded_free (loaded);
  update_actions (self);
}

static void
load_results (SlJobPage *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 job_id;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->job == NULL || self->store == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self->store, self->load_cancellable, load_cb, g_object_ref (self));
  g_task_set_source_tag (task, load_results);
  job_id = sl_job_get_id (self->job);
  g_task_set_task_data (task, g_memdup2 (&job_id, sizeof job_id), g_free);
  g_task_run_in_thread (task, load_worker);
}

static void
page_screen_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlJobPage *self = SL_JOB_PAGE (widget);
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = NULL;
  SlScreenerOptions options;

  if (self->job == NULL || self->store == NULL || busy (self))
    return;

  /* The provider whose vectors are complete; a change embeds in the background. */
  provider = g_settings_get_string (self->settings, "embedding-provider-active");
  if (!(embedder = sl_embedder_new_for_provider (self->store, provider, &error)))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->result_stack, "error");
      return;
    }

  sl_screener_options_init (&options);
  options.all_candidates = gtk_switch_get_active (self->all_switch);
  options.config.threshold = g_settings_get_int (self->settings, "decision-threshold");
  options.progress = screen_progress_cb;
  options.progress_data = self;   /* the callback's reference keeps us alive */

  self->screen_cancellable = g_cancellable_new ();
  sl_screener_screen_job_async (self->store, embedder, sl_job_get_id (self->job), &options,
                                self->screen_cancellable, screen_cb, g_object_ref (self));
  show_progress (self, 0, _("Preparing…"));
  update_actions (self);
}

static void
page_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlJobPage *self = SL_JOB_PAGE (widget);

  g_cancellable_cancel (self->screen_cancellable);
  g_cancellable_cancel (self->import_cancellable);
}

/* Export. */

static SlRankedCandidate *
collect_ranked (SlJobPage *self,
                guint     *n_ranked)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->ranking));
  SlRankedCandidate *ranked = g_new0 (SlRankedCandidate, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlRankingItem) item = g_list_model_get_item (G_LIST_MODEL (self->ranking), i);
      SlScreened *screened = sl_ranking_item_get_screened (item);

      /* Borrowed: the list store keeps the items alive. */
      ranked[i].candidate_id = screened->candidate_id;
      ranked[i].name = screened->name;
      ranked[i].email = screened->email;
      ranked[i].headline = screened->headline;
      ranked[i].result = screened->result;
    }
  *n_ranked = n;
  return ranked;
}

static SlRequirements *
dup_requirements (SlJobPage *self)
{
  if (self->parsed != NULL)
    return sl_requirements_new_from_json (self->parsed);
  return sl_screener_dup_requirements (self->job);
}

static void
export_done (SlJobPage  *self,
             GFile      *file,
             GError     *error)
{
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (file);

  if (error == NULL)
    /* Translators: %s is a file name. */
    message = g_strdup_printf (_("Exported ‘%s’"), name);
  else
    /* Translators: %1$s is a file name, %2$s says why. */
    message = g_strdup_printf (_("Could not export ‘%1$s’: %2$s"), name, error->message);
  toast (self, message);
}

static void
csv_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SlJobPage) self = user_data;
  g_autoptr(GError) error = NULL;

  g_file_replace_contents_finish (G_FILE (object), result, NULL, &error);
  export_done (self, G_FILE (object), error);
}

typedef struct
{
  SlJobPage *self;
  GFile     *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->file);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
pdf_written_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  g_autoptr(GError) error = NULL;

  sl_screening_report_write_pdf_finish (result, &error);
  export_done (data->self, data->file, error);
}

static void
export_to (SlJobPage *self,
           GFile     *file,
           gboolean   pdf)
{
  g_autofree SlRankedCandidate *ranked = NULL;
  gboolean blind = gtk_check_button_get_active (self->blind_check);
  guint n_ranked = 0;

  ranked = collect_ranked (self, &n_ranked);
  if (pdf)
    {
      g_autoptr(SlRequirements) requirements = dup_requirements (self);
      g_autofree char *path = g_file_get_path (file);
      ExportData *data = g_new0 (ExportData, 1);

      data->self = g_object_ref (self);
      data->file = g_object_ref (file);
      /* The report copies everything it is given. */
      sl_screening_report_write_pdf_async (path, self->job, requirements, ranked, n_ranked, blind,
                                           NULL, pdf_written_cb, data);
    }
  else
    {
      g_autofree char *csv = sl_screening_report_build_csv (self->job, ranked, n_ranked, blind);
      g_autoptr(GBytes) bytes = NULL;
      gsize length = strlen (csv);

      bytes = g_bytes_new_take (g_steal_pointer (&csv), length);
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                           csv_written_cb, g_object_ref (self));
    }
}

static void
export_response_cb (SlJobPage            *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "pdf"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        export_to (self, file, pdf);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  update_actions (self);
}

static void
export (SlJobPage *self,
        gboolean   pdf)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->job == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (pdf ? _("Export PDF Report") : _("Export CSV"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: the suggested file name of an export; %s is the job title. */
  name = g_strdup_printf (pdf ? _("%s – ranking.pdf") : _("%s – ranking.csv"),
                          sl_job_get_title (self->job));
  g_strdelimit (name, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, pdf ? "application/pdf" : "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_set_data (G_OBJECT (self->chooser), "pdf", GINT_TO_POINTER (pdf));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

static void
page_export_csv_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  export (SL_JOB_PAGE (widget), FALSE);
}

static void
page_export_pdf_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  export (SL_JOB_PAGE (widget), TRUE);
}

/* Import. */

static void
import_progress_cb (const SlImportResult *result,
                    guint                 done,
                    guint                 total,
                    gpointer              user_data)
{
  SlJobPage *self = user_data;
  g_autofree char *text = NULL;

  if (gone (self) || self->importer == NULL)
    return;
  /* Translators: progress of an import, “Imported 3 of 10”. */
  text = g_strdup_printf (_("Importing %u of %u"), done, total);
  show_progress (self, total > 0 ? (double)done / total : -1, text);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlJobPage) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint imported = 0;
  guint duplicates = 0;
  guint failed = 0;

  results = sl_importer_import_finish (SL_IMPORTER (object), result, &error);
  /* Resumes imported for a job no longer shown are linked to it all the
   * same; only the summary is left to say. */
  if (!gone (self) && SL_IMPORTER (object) == self->importer)
    {
      g_clear_object (&self->import_cancellable);
      g_clear_object (&self->importer);
      hide_progress (self);
      update_actions (self);
    }

  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("Import cancelled"));
      else
        /* Translators: %s says why. */
        message = g_strdup_printf (_("Could not import: %s"), error->message);
      toast (self, message);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      SlImportResult *r = g_ptr_array_index (results, i);

      if (r->status == SL_IMPORT_STATUS_IMPORTED)
        imported++;
      else if (r->status == SL_IMPORT_STATUS_DUPLICATE)
        duplicates++;
      else
        failed++;
    }

  /* Translators: the summary of an import; both counts are numbers. */
  message = g_strdup_printf (_("%1$u applications imported, %2$u already known, %3$u failed"),
                             imported, duplicates, failed);
  toast (self, message);
  if (!gone (self) && imported + duplicates > 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (self->ranking)) > 0)
    {
      self->stale = TRUE;
      update_actions (self);
    }
}

static void
start_import (SlJobPage          *self,
              const char * const *paths)
{
  if (self->job == NULL || self->store == NULL || busy (self) || paths == NULL || paths[0] == NULL)
    return;

  self->importer = sl_importer_new (self->store, NULL, NULL);
  sl_importer_set_job_id (self->importer, sl_job_get_id (self->job));
  self->import_cancellable = g_cancellable_new ();
  sl_importer_import_async (self->importer, paths, import_progress_cb, g_object_ref (self),
                            g_object_unref, self->import_cancellable, import_cb,
                            g_object_ref (self));
  show_progress (self, -1, _("Importing…"));
  update_actions (self);
}

static void
import_response_cb (SlJobPage            *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      start_import (self, (const char * const *)paths);
    }
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_clear_object (&self->chooser);
  update_actions (self);
}

static void
choose_import (SlJobPage *self,
               gboolean   folder)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->job == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (folder ? _("Import a Folder of Applications")
                                                      : _("Import Applications"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                      : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (import_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

static void
page_import_files_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  choose_import (SL_JOB_PAGE (widget), FALSE);
}

static void
page_import_folder_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  choose_import (SL_JOB_PAGE (widget), TRUE);
}

static gboolean
drop_cb (SlJobPage     *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->job == NULL || busy (self))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  g_slist_free (files);
  paths = g_strv_builder_end (builder);
  if (paths[0] == NULL)
    return FALSE;
  start_import (self, (const char * const *)paths);
  return TRUE;
}

static void
page_edit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlJobPage *self = SL_JOB_PAGE (widget);

  if (self->job != NULL)
    gtk_widget_activate_action (widget, "jobs.edit", "x", sl_job_get_id (self->job));
}

/* In a narrow window the requirements and the ranking are shown one at a
 * time, the ranking first. */

static void
page_show_requirements_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SlJobPage *self = SL_JOB_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "requirements");
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_grab_focus (self->show_ranking_button);
}

static void
page_show_ranking_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SlJobPage *self = SL_JOB_PAGE (widget);

  adw_leaflet_set_visible_child_name (self->leaflet, "ranking");
  if (adw_leaflet_get_folded (self->leaflet))
    gtk_widget_grab_focus (self->show_requirements_button);
}

static void
leaflet_folded_cb (SlJobPage *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "ranking");
}

/* The ranking list. */

static void
ranking_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, sl_ranking_row_new ());
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
ranking_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  sl_ranking_row_set_item (SL_RANKING_ROW (gtk_list_item_get_child (list_item)),
                           gtk_list_item_get_item (list_item));
}

static void
ranking_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  sl_ranking_row_set_item (SL_RANKING_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
threshold_changed_cb (SlJobPage  *self,
                      const char *key,
                      GSettings  *settings)
{
  g_autofree char *text = NULL;

  /* Translators: the decision threshold, a score out of 100. */
  text = g_strdup_printf (_("Shortlist from a score of %d"),
                          g_settings_get_int (settings, "decision-threshold"));
  gtk_label_set_text (self->threshold_label, text);
}

static void
sl_job_page_dispose (GObject *object)
{
  SlJobPage *self = (SlJobPage *)object;
  GtkWidget *child;

  sl_job_page_cancel (self);
  g_cancellable_cancel (self->parse_cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_JOB_PAGE);
  /* The template's top box has no id, so disposing the template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->screen_cancellable);
  g_clear_object (&self->parse_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->importer);
  g_clear_object (&self->ranking);
  g_clear_object (&self->settings);
  g_clear_object (&self->job);
  g_clear_object (&self->store);
  g_clear_pointer (&self->parsed, json_object_unref);

  G_OBJECT_CLASS (sl_job_page_parent_class)->dispose (object);
}

static void
sl_job_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SlJobPage *self = SL_JOB_PAGE (object);

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
sl_job_page_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SlJobPage *self = SL_JOB_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_job_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_page_class_init (SlJobPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_job_page_dispose;
  object_class->get_property = sl_job_page_get_property;
  object_class->set_property = sl_job_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_HISTOGRAM);
  g_type_ensure (SL_TYPE_WRAP_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sl-job-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, show_ranking_button);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, show_requirements_button);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, meta_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, parse_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, mandatory_box);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, preferred_box);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, skill_entry);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, years_spin);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, education_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, work_mode_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, salary_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, seniority_row);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, screen_button);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, all_switch);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, stale_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, blind_check);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, histogram);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, ranking_view);
  gtk_widget_class_bind_template_child (widget_class, SlJobPage, ranking_selection);
  gtk_widget_class_bind_template_callback (widget_class, skill_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, years_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, education_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "page.screen", NULL, page_screen_action);
  gtk_widget_class_install_action (widget_class, "page.cancel", NULL, page_cancel_action);
  gtk_widget_class_install_action (widget_class, "page.export-csv", NULL, page_export_csv_action);
  gtk_widget_class_install_action (widget_class, "page.export-pdf", NULL, page_export_pdf_action);
  gtk_widget_class_install_action (widget_class, "page.import-files", NULL,
                                   page_import_files_action);
  gtk_widget_class_install_action (widget_class, "page.import-folder", NULL,
                                   page_import_folder_action);
  gtk_widget_class_install_action (widget_class, "page.add-skill", "b", page_add_skill_action);
  gtk_widget_class_install_action (widget_class, "page.edit", NULL, page_edit_action);
  gtk_widget_class_install_action (widget_class, "page.show-requirements", NULL,
                                   page_show_requirements_action);
  gtk_widget_class_install_action (widget_class, "page.show-ranking", NULL,
                                   page_show_ranking_action);

}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  SlJobPage *self = user_data;

  /* The widget is the window, which manages the shortcut: act from the page,
   * and only while it is on screen. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), g_variant_get_string (args, NULL), NULL);
}

/* The page's keys work wherever the focus is in the window, even after the
 * focused chip was removed, so they go to the window's shortcut manager. */
static void
add_shortcuts (SlJobPage *self)
{
  static const struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_Escape, 0, "jobs.back" },
    { GDK_KEY_Left, GDK_ALT_MASK, "jobs.back" },
    { GDK_KEY_KP_Left, GDK_ALT_MASK, "jobs.back" },
    { GDK_KEY_Return, GDK_CONTROL_MASK, "page.screen" },
    { GDK_KEY_i, GDK_CONTROL_MASK, "page.import-files" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "page.export-pdf" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (keys[i].key, keys[i].mods);
      GtkShortcutAction *action = gtk_callback_action_new (shortcut_cb, self, NULL);
      GtkShortcut *shortcut = gtk_shortcut_new (trigger, action);

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].action));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
sl_job_page_init (SlJobPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_leaflet_set_visible_child_name (self->leaflet, "ranking");

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::decision-threshold",
                           G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);
  threshold_changed_cb (self, "decision-threshold", self->settings);

  self->ranking = g_list_store_new (SL_TYPE_RANKING_ITEM);
  gtk_no_selection_set_model (self->ranking_selection, G_LIST_MODEL (self->ranking));
  g_signal_connect (factory, "setup", G_CALLBACK (ranking_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (ranking_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (ranking_unbind_cb), NULL);
  gtk_list_view_set_factory (self->ranking_view, factory);

  /* Resumes dropped on the page are applications to this job. */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  add_shortcuts (self);
  update_actions (self);
}

GtkWidget *
sl_job_page_new (void)
{
  return g_object_new (SL_TYPE_JOB_PAGE, NULL);
}

void
sl_job_page_set_store (SlJobPage *self,
                       SlStore   *store)
{
  g_return_if_fail (SL_IS_JOB_PAGE (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gint64
sl_job_page_get_job_id (SlJobPage *self)
{
  g_return_val_if_fail (SL_IS_JOB_PAGE (self), 0);
  return self->job != NULL ? sl_job_get_id (self->job) : 0;
}

void
sl_job_page_cancel (SlJobPage *self)
{
  g_return_if_fail (SL_IS_JOB_PAGE (self));

  g_cancellable_cancel (self->screen_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->load_cancellable);
}

static void
show_job (SlJobPage *self)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  const char *location = sl_job_get_location (self->job);
  const char *description = sl_job_get_description (self->job);
  gboolean open = sl_job_get_status (self->job) == SL_JOB_STATUS_OPEN;

  gtk_label_set_text (self->title_label, sl_job_get_title (self->job));
  gtk_label_set_text (self->status_label, open ? _("Open") : _("Closed"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), open ? "closed" : "open");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), open ? "open" : "closed");

  if (location != NULL && *location != '\0')
    g_string_append (meta, location);
  else
    g_string_append (meta, _("No location"));
  gtk_label_set_text (self->meta_label, meta->str);

  gtk_label_set_text (self->description_label,
                      description != NULL && *description != '\0' ? description
                                                                  : _("No description yet."));
}

void
sl_job_page_set_job (SlJobPage *self,
                     SlJob     *job)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gboolean same;
  const char *parsed;

  g_return_if_fail (SL_IS_JOB_PAGE (self));
  g_return_if_fail (job == NULL || SL_IS_JOB (job));

  same = job != NULL && self->job != NULL && sl_job_get_id (job) == sl_job_get_id (self->job);

  /* Our own saves come back through the jobs list: keep what is being edited. */
  if (same && self->saves_pending > 0)
    return;

  if (!same)
    {
      sl_job_page_cancel (self);
      g_clear_object (&self->screen_cancellable);
      g_clear_object (&self->import_cancellable);
      g_clear_object (&self->importer);
      hide_progress (self);
      g_list_store_remove_all (self->ranking);
      gtk_stack_set_visible_child_name (self->result_stack, "none");
      adw_leaflet_set_visible_child_name (self->leaflet, "ranking");
      gtk_switch_set_active (self->all_switch, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->skill_entry), "");
      self->stale = FALSE;
    }

  g_clear_object (&self->job);
  if (job == NULL)
    {
      stop_parse (self);
      g_clear_pointer (&self->parsed, json_object_unref);
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->status_label, "");
      gtk_label_set_text (self->meta_label, "");
      gtk_label_set_text (self->description_label, "");
      populate (self);
      return;
    }
  self->job = sl_job_copy (job);
  show_job (self);
  if (!same)
    load_results (self);

  parsed = sl_job_get_parsed (self->job);
  if (parsed != NULL && json_parser_load_from_data (parser, parsed, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      stop_parse (self);
      g_clear_pointer (&self->parsed, json_object_unref);
      self->parsed = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
      populate (self);
    }
  else
    {
      /* Typed in by hand and never parsed: read it now, off the main thread. */
      g_clear_pointer (&self->parsed, json_object_unref);
      populate (self);
      parse_job (self);
    }
}
