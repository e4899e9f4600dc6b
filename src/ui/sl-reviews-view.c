#define G_LOG_DOMAIN "sl-reviews-view"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "sl-application.h"
#include "sl-review-tasks.h"
#include "sl-reviews-view.h"
#include "sl-screening.h"
#include "sl-training-status-box.h"

/* The review queue, one result at a time, borderline first, for fast
 * keyboard review: S shortlists, R rejects, N adds a note, K or Space skips,
 * Ctrl+Z undoes the last review. */
struct _SlReviewsView
{
  GtkWidget            parent_instance;

  SlStore             *store;
  GSettings           *settings;
  GCancellable        *load_cancellable;
  GCancellable        *cancellable;

  SlReviewNext        *current;
  GArray              *skipped;      /* screening ids */
  GArray              *undo_stack;   /* review ids, newest last */
  char                *note;
  guint                reviewed;     /* in this session */
  guint                busy : 1;

  /* Template children */
  GtkWidget           *content;
  GtkLabel            *counts_label;
  GtkCheckButton      *blind_check;
  SlTrainingStatusBox *status_box;
  GtkStack            *stack;
  GtkWidget           *card_box;
  GtkLabel            *name_label;
  GtkLabel            *contact_label;
  GtkLabel            *job_label;
  GtkLabel            *score_label;
  GtkLabel            *decision_label;
  GtkLabel            *sentence_label;
  GtkLabel            *matched_label;
  GtkLabel            *missing_label;
  GtkLabel            *evidence_label;
  GtkLabel            *note_label;
  GtkRevealer         *note_revealer;
  GtkEntry            *note_entry;
  GtkTextView         *resume_view;
};

G_DEFINE_FINAL_TYPE (SlReviewsView, sl_reviews_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_next (SlReviewsView *self);

static gboolean
blind (SlReviewsView *self)
{
  return gtk_check_button_get_active (self->blind_check);
}

static void
update_actions (SlReviewsView *self)
{
  gboolean has_item = self->current != NULL && self->current->item != NULL;
  gboolean can_act = has_item && !self->busy;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.shortlist", can_act);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.reject", can_act);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.note", can_act);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.skip", can_act);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.undo",
                                 !self->busy && self->undo_stack->len > 0);
}

static void
update_counts (SlReviewsView *self)
{
  g_autofree char *text = NULL;
  guint remaining = self->current != NULL ? self->current->remaining : 0;

  /* Translators: reviews done in this session, and results still waiting. */
  text = g_strdup_printf (_("%u reviewed · %u remaining"), self->reviewed, remaining);
  gtk_label_set_label (self->counts_label, text);
}

static char *
join_strv (JsonObject *object,
           const char *member)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    return NULL;

  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *name = json_array_get_string_element (array, i);

      if (name == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, name);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* Resume lines quoted one per line. */
static char *
join_lines (JsonObject *object,
            const char *member)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  if (object == NULL || !json_object_has_member (object, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    return NULL;

  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *line = json_array_get_string_element (array, i);

      if (line == NULL)
        continue;
      /* Each quote on a line of its own, below the caption. */
      g_string_append_c (text, '\n');
      /* Translators: a line quoted from a resume. */
      g_string_append_printf (text, _("“%s”"), line);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static char *
join_two (JsonObject *object,
          const char *first,
          const char *second)
{
  g_autofree char *a = join_strv (object, first);
  g_autofree char *b = join_strv (object, second);

  if (a != NULL && b != NULL)
    return g_strconcat (a, ", ", b, NULL);
  return a != NULL ? g_steal_pointer (&a) : g_steal_pointer (&b);
}

static void
set_list_label (GtkLabel   *label,
                const char *title,
                const char *values)
{
  g_autofree char *escaped = NULL;
  g_autofree char *markup = NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), values != NULL);
  if (values == NULL)
    return;

  escaped = g_markup_escape_text (values, -1);
  markup = g_strdup_printf ("<b>%s</b> %s", title, escaped);
  gtk_label_set_markup (label, markup);
}

static void
replace_all (GString    *text,
             const char *needle,
             const char *replacement)
{
  if (needle == NULL || strlen (needle) < 3)
    return;
  g_string_replace (text, needle, replacement, 0);
}

static gboolean
redact_match_cb (const GMatchInfo *match_info,
                 GString          *result,
                 gpointer          user_data)
{
  g_autofree char *match = g_match_info_fetch (match_info, 0);
  guint digits = 0;

  /* Phone numbers, not year ranges or other figures: nine digits or more. */
  if (GPOINTER_TO_INT (user_data))
    {
      for (const char *p = match; *p != '\0'; p++)
        digits += g_ascii_isdigit (*p) ? 1 : 0;
      if (digits < 9)
        {
          g_string_append (result, match);
          return FALSE;
        }
    }

  g_string_append (result, _("[hidden]"));
  return FALSE;
}

static char *
redact_pattern (const char *text,
                const char *pattern,
                gboolean    phone)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, NULL);

  g_assert (regex != NULL);
  return g_regex_replace_eval (regex, text, -1, 0, 0, redact_match_cb, GINT_TO_POINTER (phone),
                               NULL);
}

/* The resume without what identifies the person, for blind review: the
 * candidate's name and contact details as stored, and anything else that
 * looks like an e-mail address, a link or a phone number. */
static char *
redact (SlCandidate *candidate,
        const char  *text)
{
  g_autoptr(GString) redacted = g_string_new (text);
  const char *hidden = _("[hidden]");
  const char * const *lists[3];
  g_auto(GStrv) words = NULL;
  g_autofree char *step1 = NULL;
  g_autofree char *step2 = NULL;

  lists[0] = sl_candidate_get_emails (candidate);
  lists[1] = sl_candidate_get_phones (candidate);
  lists[2] = sl_candidate_get_links (candidate);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    for (guint j = 0; lists[i] != NULL && lists[i][j] != NULL; j++)
      replace_all (redacted, lists[i][j], hidden);

  /* Any word holding a part of the name, in any case: also user names
   * such as "apennyworth" in profile links. */
  if (sl_candidate_get_name (candidate) != NULL)
    {
      g_autoptr(GString) pattern = g_string_new ("\\S*(");
      gboolean any = FALSE;

      words = g_strsplit (sl_candidate_get_name (candidate), " ", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          g_autofree char *escaped = NULL;

          if (g_utf8_strlen (words[i], -1) < 3)
            continue;
          escaped = g_regex_escape_string (words[i], -1);
          g_string_append_printf (pattern, "%s%s", any ? "|" : "", escaped);
          any = TRUE;
        }
      g_string_append (pattern, ")\\S*");
      if (any)
        {
          g_autoptr(GRegex) regex = g_regex_new (pattern->str, G_REGEX_CASELESS, 0, NULL);
          g_autofree char *replaced = NULL;

          if (regex != NULL &&
              (replaced = g_regex_replace_literal (regex, redacted->str, -1, 0, hidden, 0, NULL)))
            g_string_assign (redacted, replaced);
        }
    }

  step1 = redact_pattern (redacted->str, "[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+", FALSE);
  step2 = redact_pattern (step1,
                          "\\b(https?://\\S+|www\\.\\S+|[\\w-]+\\.(com|org|net|io|dev|me|co)/\\S*)",
                          FALSE);
  return redact_pattern (step2, "\\+?\\(?\\d[\\d ().-]{7,}\\d", TRUE);
}

static char *
contact_line (SlCandidate *candidate)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char * const *lists[3];

  lists[0] = sl_candidate_get_emails (candidate);
  lists[1] = sl_candidate_get_phones (candidate);
  lists[2] = sl_candidate_get_links (candidate);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i] != NULL && lists[i][0] != NULL)
      g_ptr_array_add (parts, (gpointer)lists[i][0]);
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **)parts->pdata);
}

static void
show_current (SlReviewsView *self)
{
  SlReviewItem *item;
  SlCandidate *candidate;
  g_autoptr(JsonNode) explanation = NULL;
  JsonObject *object = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *job = NULL;
  g_autofree char *score = NULL;
  g_autofree char *matched = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *resume = NULL;
  g_autoptr(SlScreeningResult) result = NULL;
  g_autofree char *sentence = NULL;
  gboolean shortlist;

  update_counts (self);
  update_actions (self);

  if (self->current == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }
  if ((item = self->current->item) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  candidate = self->current->candidate;
  if (blind (self) || candidate == NULL)
    name = g_strdup_printf (_("Candidate %lld"), (long long)item->candidate_id);
  else
    name = g_strdup (sl_candidate_get_name (candidate));
  gtk_label_set_label (self->name_label, name);

  if (candidate != NULL && !blind (self))
    contact = contact_line (candidate);
  else if (candidate != NULL)
    contact = g_strdup (_("Name and contact details hidden for blind review"));
  gtk_label_set_label (self->contact_label, contact != NULL ? contact : "");
  gtk_widget_set_visible (GTK_WIDGET (self->contact_label), contact != NULL && contact[0] != '\0');

  if (self->current->job_title != NULL)
    job = g_strdup_printf (_("For “%s”"), self->current->job_title);
  else
    job = g_strdup (_("For a job that was deleted"));
  gtk_label_set_label (self->job_label, job);

  score = g_strdup_printf (_("Score %.0f of 100"), item->score);
  gtk_label_set_label (self->score_label, score);
  shortlist = g_strcmp0 (item->decision, "shortlist") == 0;
  gtk_label_set_label (self->decision_label,
                       shortlist ? _("Suggested: Shortlist") : _("Suggested: Reject"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->decision_label), shortlist ? "closed" : "open");
  gtk_widget_add_css_class (GTK_WIDGET (self->decision_label), shortlist ? "open" : "closed");

  if (item->explanation_json != NULL)
    explanation = json_from_string (item->explanation_json, NULL);
  if (explanation != NULL && JSON_NODE_HOLDS_OBJECT (explanation))
    object = json_node_get_object (explanation);

  /* The stored explanation has no sentence: it is said in the reader's
   * language from the explanation and the stored scores. */
  result = sl_screening_result_new_from_json_string (item->explanation_json);
  result->similarity = item->similarity;
  result->education_fit = item->education_fit;
  result->classifier = isnan (item->classifier) ? -1 : item->classifier;
  result->score = item->score;
  result->threshold = item->threshold;
  result->shortlist = g_strcmp0 (item->decision, "shortlist") == 0;
  sentence = sl_screening_result_explain (result);
  gtk_label_set_label (self->sentence_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label), TRUE);

  matched = join_two (object, "matched_mandatory", "matched_preferred");
  missing = join_two (object, "missing_mandatory", "missing_preferred");
  evidence = join_lines (object, "evidence");
  set_list_label (self->matched_label, _("Matched:"), matched);
  set_list_label (self->missing_label, _("Missing:"), missing);
  if (evidence != NULL && blind (self) && candidate != NULL)
    {
      g_autofree char *plain = g_steal_pointer (&evidence);

      evidence = redact (candidate, plain);
    }
  set_list_label (self->evidence_label, _("Evidence:"), evidence);

  gtk_widget_set_visible (GTK_WIDGET (self->note_label), self->note != NULL);
  if (self->note != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("Note: %s"), self->note);

      gtk_label_set_label (self->note_label, note);
    }

  if (candidate == NULL)
    resume = g_strdup (_("The candidate was erased; the resume is no longer available."));
  else if (blind (self))
    resume = redact (candidate, sl_candidate_get_text (candidate));
  else
    resume = g_strdup (sl_candidate_get_text (candidate));
  if (resume == NULL || resume[0] == '\0')
    {
      g_free (resume);
      resume = g_strdup (_("No text was extracted from this candidate’s resume."));
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->resume_view), resume, -1);

  gtk_stack_set_visible_child_name (self->stack, "review");

  /* Keep the keys working from one result to the next. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      !gtk_revealer_get_reveal_child (self->note_revealer))
    gtk_widget_grab_focus (self->card_box);
}

static void
load_next_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SlReviewsView) self = user_data;
  g_autoptr(SlReviewNext) next = NULL;
  g_autoptr(GError) error = NULL;

  if (!(next = sl_review_load_next_finish (SL_STORE (object), result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not load the review queue: %s", error->message);
      return;
    }

  /* Everything left was skipped: go round again. */
  if (next->item != NULL)
    {
      gboolean skipped = FALSE;

      for (guint i = 0; i < self->skipped->len; i++)
        if (g_array_index (self->skipped, gint64, i) == next->item->screening_id)
          skipped = TRUE;
      if (skipped)
        g_array_set_size (self->skipped, 0);
    }

  g_clear_pointer (&self->current, sl_review_next_free);
  self->current = g_steal_pointer (&next);
  show_current (self);
}

static void
load_next (SlReviewsView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->store == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  sl_review_load_next_async (self->store, self->skipped, self->load_cancellable, load_next_cb,
                             g_object_ref (self));
}

static void
toast (SlReviewsView *self,
       const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
review_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlReviewsView) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 review_id;

  self->busy = FALSE;
  review_id = sl_review_screening_finish (SL_STORE (object), result, &error);
  if (review_id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      update_actions (self);
      return;
    }

  g_array_append_val (self->undo_stack, review_id);
  self->reviewed++;
  g_clear_pointer (&self->note, g_free);
  load_next (self);
  update_actions (self);
}

static void
review (SlReviewsView *self,
        const char    *decision)
{
  if (self->busy || self->current == NULL || self->current->item == NULL)
    return;

  self->busy = TRUE;
  update_actions (self);
  sl_review_screening_async (self->store, self->current->item->screening_id, decision,
                             self->note, self->cancellable, review_cb, g_object_ref (self));
}

static void
review_shortlist_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  review (SL_REVIEWS_VIEW (widget), "shortlist");
}

static void
review_reject_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  review (SL_REVIEWS_VIEW (widget), "reject");
}

static void
review_skip_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (widget);

  if (self->current == NULL || self->current->item == NULL)
    return;

  g_array_append_val (self->skipped, self->current->item->screening_id);
  g_clear_pointer (&self->note, g_free);
  load_next (self);
}

static void
review_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), self->note != NULL ? self->note : "");
  gtk_revealer_set_reveal_child (self->note_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->note_entry));
}

static void
review_close_note_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (widget);

  if (!gtk_revealer_get_reveal_child (self->note_revealer))
    return;
  gtk_revealer_set_reveal_child (self->note_revealer, FALSE);
  gtk_widget_grab_focus (self->card_box);
}

static void
note_activate_cb (SlReviewsView *self,
                  GtkEntry      *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_clear_pointer (&self->note, g_free);
  if (text[0] != '\0')
    self->note = g_strdup (text);
  gtk_revealer_set_reveal_child (self->note_revealer, FALSE);
  show_current (self);
  gtk_widget_grab_focus (self->card_box);
}

static void
undo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlReviewsView) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!sl_review_undo_finish (SL_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      update_actions (self);
      return;
    }

  g_array_set_size (self->undo_stack, self->undo_stack->len - 1);
  if (self->reviewed > 0)
    self->reviewed--;
  /* The result goes back to the queue; show it again rather than what was skipped. */
  g_array_set_size (self->skipped, 0);
  toast (self, _("Review undone"));
  load_next (self);
  update_actions (self);
}

static void
review_undo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (widget);
  gint64 review_id;

  if (self->busy || self->undo_stack->len == 0 || self->store == NULL)
    return;

  review_id = g_array_index (self->undo_stack, gint64, self->undo_stack->len - 1);
  self->busy = TRUE;
  update_actions (self);
  sl_review_undo_async (self->store, review_id, self->cancellable, undo_cb, g_object_ref (self));
}

static void
sl_reviews_view_map (GtkWidget *widget)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (widget);

  GTK_WIDGET_CLASS (sl_reviews_view_parent_class)->map (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0)
    gtk_widget_grab_focus (self->card_box);
}

static void
sl_reviews_view_dispose (GObject *object)
{
  SlReviewsView *self = (SlReviewsView *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_REVIEWS_VIEW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->current, sl_review_next_free);

  G_OBJECT_CLASS (sl_reviews_view_parent_class)->dispose (object);
}

static void
sl_reviews_view_finalize (GObject *object)
{
  SlReviewsView *self = (SlReviewsView *)object;

  g_clear_pointer (&self->skipped, g_array_unref);
  g_clear_pointer (&self->undo_stack, g_array_unref);
  g_free (self->note);

  G_OBJECT_CLASS (sl_reviews_view_parent_class)->finalize (object);
}

static void
sl_reviews_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (object);

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
sl_reviews_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SlReviewsView *self = SL_REVIEWS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_reviews_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_reviews_view_class_init (SlReviewsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_reviews_view_dispose;
  object_class->finalize = sl_reviews_view_finalize;
  object_class->get_property = sl_reviews_view_get_property;
  object_class->set_property = sl_reviews_view_set_property;
  widget_class->map = sl_reviews_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_TRAINING_STATUS_BOX);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-reviews-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, content);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, blind_check);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, status_box);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, card_box);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, name_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, contact_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, job_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, score_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, decision_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, matched_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, missing_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, evidence_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, note_label);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, note_revealer);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, note_entry);
  gtk_widget_class_bind_template_child (widget_class, SlReviewsView, resume_view);
  gtk_widget_class_bind_template_callback (widget_class, note_activate_cb);

  gtk_widget_class_install_action (widget_class, "review.shortlist", NULL,
                                   review_shortlist_action);
  gtk_widget_class_install_action (widget_class, "review.reject", NULL, review_reject_action);
  gtk_widget_class_install_action (widget_class, "review.note", NULL, review_note_action);
  gtk_widget_class_install_action (widget_class, "review.skip", NULL, review_skip_action);
  gtk_widget_class_install_action (widget_class, "review.undo", NULL, review_undo_action);
  gtk_widget_class_install_action (widget_class, "review.close-note", NULL,
                                   review_close_note_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "review.shortlist", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "review.reject", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "review.note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "review.skip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "review.skip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "review.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "review.close-note",
                                       NULL);
}

static void
sl_reviews_view_init (SlReviewsView *self)
{
  GApplication *app = g_application_get_default ();

  self->skipped = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->undo_stack = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (SL_IS_APPLICATION (app))
    {
      self->settings = g_object_ref (sl_application_get_settings (SL_APPLICATION (app)));
      g_settings_bind (self->settings, "blind-review", self->blind_check, "active",
                       G_SETTINGS_BIND_DEFAULT);
    }
  g_signal_connect_object (self->blind_check, "notify::active", G_CALLBACK (show_current),
                           self, G_CONNECT_SWAPPED);

  show_current (self);
}

GtkWidget *
sl_reviews_view_new (void)
{
  return g_object_new (SL_TYPE_REVIEWS_VIEW, NULL);
}

SlStore *
sl_reviews_view_get_store (SlReviewsView *self)
{
  g_return_val_if_fail (SL_IS_REVIEWS_VIEW (self), NULL);
  return self->store;
}

static void
store_changed_cb (SlReviewsView *self)
{
  /* Our own reviews reload in their callbacks; this covers new screenings
   * and reviews made elsewhere (the CLI, another window). */
  if (!self->busy)
    load_next (self);
}

void
sl_reviews_view_set_store (SlReviewsView *self,
                           SlStore       *store)
{
  g_return_if_fail (SL_IS_REVIEWS_VIEW (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;

  g_clear_pointer (&self->current, sl_review_next_free);
  g_array_set_size (self->skipped, 0);
  g_array_set_size (self->undo_stack, 0);
  self->reviewed = 0;

  if (store != NULL)
    {
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_SCREENINGS,
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_REVIEWS,
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_CANDIDATES,
                               G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  sl_training_status_box_set_store (self->status_box, store);
  show_current (self);
  load_next (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
