#define G_LOG_DOMAIN "sl-models-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sl-application.h"
#include "sl-confusion-matrix.h"
#include "sl-embedder-factory.h"
#include "sl-model-item.h"
#include "sl-models-view.h"
#include "sl-rescreen.h"
#include "sl-review-tasks.h"
#include "sl-roc-chart.h"
#include "sl-trainer.h"
#include "sl-training-status-box.h"
#include "sl-trend-chart.h"

/* Seconds of quiet after a review before the app checks whether to train by itself. */
#define AUTO_TRAIN_DELAY_SECONDS 3

struct _SlModelsView
{
  GtkWidget            parent_instance;

  SlStore             *store;
  GSettings           *settings;
  GListStore          *versions;
  SlModelsSnapshot    *snapshot;
  GCancellable        *load_cancellable;
  GCancellable        *cancellable;
  GCancellable        *train_cancellable;
  GCancellable        *rescreen_cancellable;
  SlTrainer           *trainer;
  gint64               selected_id;
  gint64               rescreen_version;
  guint                auto_train_id;
  guint                loaded : 1;
  guint                auto_training : 1;

  /* Template children */
  GtkWidget           *content;
  GtkSpinner          *train_spinner;
  GtkLabel            *train_label;
  GtkWidget           *cancel_button;
  GtkDropDown         *kind_dropdown;
  SlTrainingStatusBox *status_box;
  GtkStack            *stack;
  GtkListView         *list_view;
  GtkSingleSelection  *selection;
  GtkLabel            *title_label;
  GtkWidget           *active_badge;
  GtkWidget           *shadow_badge;
  GtkLabel            *subtitle_label;
  GtkLabel            *reason_label;
  GtkLabel            *auc_value;
  GtkLabel            *f1_value;
  GtkLabel            *accuracy_value;
  GtkLabel            *precision_value;
  GtkLabel            *recall_value;
  GtkLabel            *loss_value;
  GtkButton           *shadow_button;
  GtkLabel            *shadow_label;
  SlRocChart          *roc_chart;
  SlConfusionMatrix   *confusion_matrix;
  SlTrendChart        *trend_chart;
};

G_DEFINE_FINAL_TYPE (SlModelsView, sl_models_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (SlModelsView *self);

static void
toast (SlModelsView *self,
       const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    return;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static SlModelItem *
get_selected (SlModelsView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static void
set_metric (GtkLabel *label,
            double    value)
{
  g_autofree char *text = isfinite (value) ? g_strdup_printf ("%.3f", value) : g_strdup ("–");

  gtk_label_set_label (label, text);
}

static void
update_actions (SlModelsView *self)
{
  SlModelItem *item = get_selected (self);
  gboolean training = self->train_cancellable != NULL;
  gboolean rescreening = self->rescreen_cancellable != NULL;
  gboolean busy = training || rescreening;
  gboolean has_active = FALSE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlModelItem) other = g_list_model_get_item (G_LIST_MODEL (self->versions), i);

      has_active |= sl_model_item_get_active (other);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.train",
                                 self->store != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.cancel-training", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.activate",
                                 item != NULL && !sl_model_item_get_active (item));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.rollback", has_active && n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "models.toggle-shadow",
                                 item != NULL && !sl_model_item_get_active (item));

  gtk_widget_set_visible (GTK_WIDGET (self->train_spinner), busy);
  gtk_spinner_set_spinning (self->train_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->train_label), busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  if (training)
    {
      gtk_label_set_label (self->train_label, _("Training…"));
      gtk_widget_set_tooltip_text (self->cancel_button, _("Stop training; nothing is stored"));
    }
  else if (rescreening)
    gtk_widget_set_tooltip_text (self->cancel_button,
                                 _("Stop re-screening; the jobs not yet re-screened keep "
                                   "their results"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), !training);
}

static void
update_trend (SlModelsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  g_autofree double *auc = g_new0 (double, MAX (n, 1));
  g_autofree double *f1 = g_new0 (double, MAX (n, 1));
  g_autofree double *accuracy = g_new0 (double, MAX (n, 1));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  int active_index = -1;

  /* The store lists the newest first; the trend reads left to right in time. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SlModelItem) item = g_list_model_get_item (G_LIST_MODEL (self->versions),
                                                           n - 1 - i);
      const SlModelMetrics *m = sl_model_item_get_metrics (item);

      auc[i] = m->roc_auc;
      f1[i] = m->f1;
      accuracy[i] = m->accuracy;
      /* Translators: a short label for model version N on a chart axis. */
      g_ptr_array_add (labels,
                       g_strdup_printf (_("v%lld"), (long long)sl_model_item_get_id (item)));
      if (sl_model_item_get_id (item) == self->selected_id)
        active_index = i;
    }
  g_ptr_array_add (labels, NULL);

  sl_trend_chart_clear (self->trend_chart);
  sl_trend_chart_set_range (self->trend_chart, 0.0, 1.0);
  sl_trend_chart_set_x_labels (self->trend_chart, (const char * const *)labels->pdata);
  sl_trend_chart_set_series (self->trend_chart, _("ROC AUC"), auc, n);
  sl_trend_chart_set_series (self->trend_chart, _("F1"), f1, n);
  sl_trend_chart_set_series (self->trend_chart, _("Accuracy"), accuracy, n);
  sl_trend_chart_set_active_index (self->trend_chart, active_index);
}

static void
show_shadow_stats (SlModelsView *self,
                   SlModelItem  *item)
{
  const SlShadowStats *stats;
  g_autoptr(GString) text = NULL;

  if (self->snapshot == NULL || self->snapshot->shadow_id == 0 ||
      !sl_model_item_get_shadow (item))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->shadow_label), FALSE);
      return;
    }

  stats = &self->snapshot->shadow_stats;
  text = g_string_new (NULL);
  if (stats->compared == 0)
    g_string_append (text, _("Runs in shadow beside the active version. No screening has been "
                             "scored by both yet."));
  else
    g_string_append_printf (text,
                            _("Runs in shadow beside the active version: they agree on %u of %u "
                              "screenings (%.0f %%)."),
                            stats->agreed, stats->compared,
                            100.0 * stats->agreed / stats->compared);
  if (stats->reviewed > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text,
                              _("On the %u results reviewed since, the active version was right "
                                "%.0f %% of the time and the shadow %.0f %%."),
                              stats->reviewed, 100.0 * stats->champion_correct / stats->reviewed,
                              100.0 * stats->shadow_correct / stats->reviewed);
    }
  gtk_label_set_label (self->shadow_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->shadow_label), TRUE);
}

static void
show_selected (SlModelsView *self)
{
  SlModelItem *item = get_selected (self);
  const SlModelVersion *version;
  const SlModelMetrics *m;
  g_autofree char *subtitle = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *when = NULL;

  update_actions (self);
  if (item == NULL)
    return;

  version = sl_model_item_get_version (item);
  m = sl_model_item_get_metrics (item);
  self->selected_id = version->id;

  gtk_label_set_label (self->title_label, sl_model_item_get_title (item));
  gtk_widget_set_visible (self->active_badge, version->active);
  gtk_widget_set_visible (self->shadow_badge, sl_model_item_get_shadow (item));

  created = g_date_time_new_from_unix_local (version->created_at);
  when = created != NULL ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");
  /* Translators: kind of model · when it was trained · how many samples it was evaluated on */
  subtitle = g_strdup_printf (ngettext ("%1$s · trained %2$s · evaluated on %3$u sample",
                                        "%1$s · trained %2$s · evaluated on %3$u samples",
                                        m->samples),
                              sl_model_item_get_kind_label (item), when, m->samples);
  gtk_label_set_label (self->subtitle_label, subtitle);

  if (version->reason != NULL && version->reason[0] != '\0')
    {
      g_autofree char *reason = version->active
        ? g_strdup_printf (_("Active: %s"), version->reason)
        : g_strdup_printf (_("Not active: %s"), version->reason);

      gtk_label_set_label (self->reason_label, reason);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label),
                          version->reason != NULL && version->reason[0] != '\0');

  set_metric (self->auc_value, m->roc_auc);
  set_metric (self->f1_value, m->f1);
  set_metric (self->accuracy_value, m->accuracy);
  set_metric (self->precision_value, m->precision);
  set_metric (self->recall_value, m->recall);
  set_metric (self->loss_value, m->log_loss);

  gtk_button_set_label (self->shadow_button, sl_model_item_get_shadow (item)
                                             ? _("Stop _Shadow") : _("Run in _Shadow"));
  show_shadow_stats (self, item);

  sl_roc_chart_set_points (self->roc_chart, (const double *)m->roc_fpr->data,
                           (const double *)m->roc_tpr->data, m->roc_fpr->len, m->roc_auc);
  sl_confusion_matrix_set_counts (self->confusion_matrix, m->tp, m->fp, m->fn, m->tn);
  update_trend (self);
}

static void
selection_changed_cb (SlModelsView *self)
{
  show_selected (self);
}

static void
update_page (SlModelsView *self)
{
  const char *page = "loading";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->versions)) > 0)
    page = "list";
  else if (self->loaded)
    page = "empty";
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlModelsView) self = user_data;
  g_autoptr(SlModelsSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  if (!(snapshot = sl_review_load_models_finish (SL_STORE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < snapshot->versions->len; i++)
    {
      SlModelVersion *version = g_ptr_array_index (snapshot->versions, i);

      /* The items take the versions over. */
      g_ptr_array_index (snapshot->versions, i) = NULL;
      if (version->id == self->selected_id)
        selected = i;
      g_ptr_array_add (items, sl_model_item_new (version,
                                                 version->id == snapshot->shadow_id));
    }

  g_clear_pointer (&self->snapshot, sl_models_snapshot_free);
  self->snapshot = g_steal_pointer (&snapshot);
  self->loaded = TRUE;

  g_list_store_splice (self->versions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->versions)),
                       items->pdata, items->len);
  if (items->len > 0)
    gtk_single_selection_set_selected (self->selection, selected);
  update_page (self);
  show_selected (self);
}

static void
reload (SlModelsView *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  if (self->store == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  sl_review_load_models_async (self->store, self->load_cancellable, load_cb, g_object_ref (self));
}

static guint
get_threshold (SlModelsView *self)
{
  return sl_training_status_box_get_threshold (self->status_box);
}

static void
rescreen_progress_cb (guint    done,
                      guint    total,
                      gpointer user_data)
{
  SlModelsView *self = user_data;
  g_autofree char *label = NULL;

  if (done < total)
    {
      label = g_strdup_printf (_("Re-screening job %u of %u…"), done + 1, total);
      gtk_label_set_label (self->train_label, label);
    }
}

static void
rescreen_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlModelsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;
  guint n = 0;

  ok = sl_rescreen_open_jobs_finish (result, &n, &error);
  /* Cancelled because a newer activation re-screens: that run reports. */
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      self->rescreen_cancellable != NULL && !g_cancellable_is_cancelled (self->rescreen_cancellable))
    return;

  g_clear_object (&self->rescreen_cancellable);
  update_actions (self);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Re-screening cancelled"));
  else if (!ok)
    message = g_strdup_printf (_("Could not re-screen the open jobs: %s"), error->message);
  else if (n > 0)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Re-screened %u open job with version %lld",
                                            "Re-screened %u open jobs with version %lld", n),
                               n, (long long)self->rescreen_version);
  if (message != NULL)
    toast (self, message);
}

/* A newly active model decides the open jobs' rankings from now on:
 * screen them again in the background. */
static void
rescreen_open_jobs (SlModelsView *self,
                    gint64        version_id)
{
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (self->store == NULL)
    return;
  if (self->rescreen_cancellable != NULL)
    {
      GCancellable *previous = g_steal_pointer (&self->rescreen_cancellable);

      g_cancellable_cancel (previous);
      g_object_unref (previous);
    }
  if (!(embedder = sl_embedder_new_for_provider (self->store, NULL, &error)))
    {
      message = g_strdup_printf (_("Could not re-screen the open jobs: %s"), error->message);
      toast (self, message);
      return;
    }

  self->rescreen_version = version_id;
  self->rescreen_cancellable = g_cancellable_new ();
  gtk_label_set_label (self->train_label, _("Re-screening…"));
  update_actions (self);
  sl_rescreen_open_jobs_async (self->store, embedder, rescreen_progress_cb, self,
                               self->rescreen_cancellable, rescreen_cb, g_object_ref (self));
}

static void
train_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlModelsView) self = user_data;
  g_autoptr(SlTrainingOutcome) outcome = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean automatic = self->auto_training;

  outcome = sl_trainer_train_from_store_finish (SL_TRAINER (object), result, &error);
  g_clear_object (&self->train_cancellable);
  g_clear_object (&self->trainer);
  self->auto_training = FALSE;
  update_actions (self);

  if (outcome == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, _("Training cancelled; nothing was stored"));
      else
        {
          message = g_strdup_printf (_("Could not train a model: %s"), error->message);
          toast (self, message);
        }
      return;
    }

  self->selected_id = outcome->version_id;
  if (outcome->activated)
    message = g_strdup_printf (automatic
                               ? _("Trained by itself: version %lld is active: ROC AUC %.2f")
                               : _("Version %lld is active: ROC AUC %.2f"),
                               (long long)outcome->version_id, outcome->metrics->roc_auc);
  else if (isfinite (outcome->champion_auc) && isfinite (outcome->compared_auc))
    /* Both on the samples the active version was not trained on, as they were compared. */
    message = g_strdup_printf (automatic
                               ? _("Trained by itself: version %lld kept inactive: ROC AUC %.2f, "
                                   "the active version %.2f")
                               : _("Version %lld kept inactive: ROC AUC %.2f, the active "
                                   "version %.2f"),
                               (long long)outcome->version_id, outcome->compared_auc,
                               outcome->champion_auc);
  else
    message = g_strdup_printf (automatic
                               ? _("Trained by itself: version %lld kept inactive")
                               : _("Version %lld kept inactive"),
                               (long long)outcome->version_id);
  toast (self, message);
  reload (self);
  if (outcome->activated)
    rescreen_open_jobs (self, outcome->version_id);
}

static void
train (SlModelsView *self,
       gboolean      automatic)
{
  SlTrainingOptions options;
  SlModelKind kind;

  if (self->store == NULL || self->train_cancellable != NULL)
    return;

  kind = gtk_drop_down_get_selected (self->kind_dropdown) == 1 ? SL_MODEL_KIND_MLP
                                                                : SL_MODEL_KIND_LOGREG;
  sl_training_options_init (&options);
  options.threshold = get_threshold (self);
  /* Asking for a model trains it even below the threshold; the app by itself waits. */
  options.force = !automatic;

  self->auto_training = automatic;
  self->trainer = sl_trainer_new (kind);
  self->train_cancellable = g_cancellable_new ();
  update_actions (self);
  sl_trainer_train_from_store_async (self->trainer, self->store, &options,
                                     self->train_cancellable, train_cb, g_object_ref (self));
}

static void
models_train_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  train (SL_MODELS_VIEW (widget), FALSE);
}

static void
models_cancel_training_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SlModelsView *self = SL_MODELS_VIEW (widget);

  g_cancellable_cancel (self->train_cancellable);
  g_cancellable_cancel (self->rescreen_cancellable);
}

static void
auto_train_status_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SlModelsView) self = user_data;
  g_autoptr(GError) error = NULL;
  SlTrainingStatus status;

  if (!sl_review_training_status_finish (SL_STORE (object), result, &status, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the training status: %s", error->message);
      return;
    }

  /* As many new reviews as the threshold asks for before a model is retrained. */
  if (sl_training_status_should_auto_train (&status, status.threshold))
    {
      g_debug ("Training by itself: %u samples, %u new", status.total_samples,
               status.new_samples);
      train (self, TRUE);
    }
}

static gboolean
auto_train_check_cb (gpointer user_data)
{
  SlModelsView *self = user_data;

  self->auto_train_id = 0;
  if (self->store != NULL && self->train_cancellable == NULL)
    sl_review_training_status_async (self->store, get_threshold (self), self->cancellable,
                                     auto_train_status_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
reviews_changed_cb (SlModelsView *self)
{
  g_clear_handle_id (&self->auto_train_id, g_source_remove);
  self->auto_train_id = g_timeout_add_seconds (AUTO_TRAIN_DELAY_SECONDS,
                                               auto_train_check_cb, self);
}

typedef struct
{
  SlModelsView  *self;
  SlModelAction  action;
} ActionData;

static void
model_action_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree ActionData *data = user_data;
  g_autoptr(SlModelsView) self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 id;

  id = sl_review_model_action_finish (SL_STORE (object), result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  switch (data->action)
    {
    case SL_MODEL_ACTION_ACTIVATE:
      message = g_strdup_printf (_("Version %lld is active"), (long long)id);
      break;
    case SL_MODEL_ACTION_ROLLBACK:
      message = g_strdup_printf (_("Rolled back: version %lld is active"), (long long)id);
      break;
    case SL_MODEL_ACTION_SHADOW:
      message = id != 0 ? g_strdup_printf (_("Version %lld runs in shadow"), (long long)id)
                        : g_strdup (_("Shadow mode is off"));
      break;
    default:
      g_assert_not_reached ();
    }
  toast (self, message);
  reload (self);
  if (data->action != SL_MODEL_ACTION_SHADOW)
    rescreen_open_jobs (self, id);
}

static void
run_model_action (SlModelsView  *self,
                  SlModelAction  action,
                  gint64         version_id)
{
  ActionData *data;

  if (self->store == NULL)
    return;

  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->action = action;
  sl_review_model_action_async (self->store, action, version_id, self->cancellable,
                                model_action_cb, data);
}

typedef struct
{
  SlModelsView  *self;
  SlModelAction  action;
  gint64         version_id;
} ConfirmData;

static void
confirm_data_free (gpointer  user_data,
                   GClosure *closure)
{
  ConfirmData *data = user_data;

  g_object_unref (data->self);
  g_free (data);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ConfirmData      *data)
{
  if (g_strcmp0 (response, "confirm") == 0)
    run_model_action (data->self, data->action, data->version_id);
}

static void
confirm (SlModelsView  *self,
         SlModelAction  action,
         gint64         version_id,
         const char    *heading,
         const char    *body,
         const char    *label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  ConfirmData *data;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (ConfirmData, 1);
  data->self = g_object_ref (self);
  data->action = action;
  data->version_id = version_id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), data,
                         confirm_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
models_activate_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SlModelsView *self = SL_MODELS_VIEW (widget);
  SlModelItem *item = get_selected (self);
  g_autofree char *heading = NULL;

  if (item == NULL)
    return;

  heading = g_strdup_printf (_("Activate Version %lld?"), (long long)sl_model_item_get_id (item));
  confirm (self, SL_MODEL_ACTION_ACTIVATE, sl_model_item_get_id (item), heading,
           _("This version will decide new screenings from now on. You can roll back at any time."),
           _("_Activate"));
}

static void
models_rollback_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  confirm (SL_MODELS_VIEW (widget), SL_MODEL_ACTION_ROLLBACK, 0, _("Roll Back the Model?"),
           _("The version that was active before the current one decides new screenings again."),
           _("_Roll Back"));
}

static void
models_toggle_shadow_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SlModelsView *self = SL_MODELS_VIEW (widget);
  SlModelItem *item = get_selected (self);

  if (item == NULL)
    return;

  /* A shadow never decides, so turning it on or off needs no confirmation. */
  run_model_action (self, SL_MODEL_ACTION_SHADOW,
                    sl_model_item_get_shadow (item) ? 0 : sl_model_item_get_id (item));
}

static void
sl_models_view_dispose (GObject *object)
{
  SlModelsView *self = (SlModelsView *)object;

  g_clear_handle_id (&self->auto_train_id, g_source_remove);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->train_cancellable);
  g_clear_object (&self->train_cancellable);
  g_cancellable_cancel (self->rescreen_cancellable);
  g_clear_object (&self->rescreen_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_MODELS_VIEW);
  g_clear_object (&self->trainer);
  g_clear_object (&self->versions);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->snapshot, sl_models_snapshot_free);

  G_OBJECT_CLASS (sl_models_view_parent_class)->dispose (object);
}

static void
sl_models_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlModelsView *self = SL_MODELS_VIEW (object);

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
sl_models_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlModelsView *self = SL_MODELS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_models_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_models_view_class_init (SlModelsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_models_view_dispose;
  object_class->get_property = sl_models_view_get_property;
  object_class->set_property = sl_models_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_MODEL_ITEM);
  g_type_ensure (SL_TYPE_TRAINING_STATUS_BOX);
  g_type_ensure (SL_TYPE_ROC_CHART);
  g_type_ensure (SL_TYPE_CONFUSION_MATRIX);
  g_type_ensure (SL_TYPE_TREND_CHART);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-models-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, content);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, train_spinner);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, train_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, status_box);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, selection);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, active_badge);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, shadow_badge);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, reason_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, auc_value);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, f1_value);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, accuracy_value);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, precision_value);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, recall_value);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, loss_value);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, shadow_button);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, shadow_label);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, roc_chart);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, confusion_matrix);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, trend_chart);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "models.train", NULL, models_train_action);
  gtk_widget_class_install_action (widget_class, "models.cancel-training", NULL,
                                   models_cancel_training_action);
  gtk_widget_class_install_action (widget_class, "models.activate", NULL,
                                   models_activate_action);
  gtk_widget_class_install_action (widget_class, "models.rollback", NULL,
                                   models_rollback_action);
  gtk_widget_class_install_action (widget_class, "models.toggle-shadow", NULL,
                                   models_toggle_shadow_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK,
                                       "models.train", NULL);
}

static void
sl_models_view_init (SlModelsView *self)
{
  self->versions = g_list_store_new (SL_TYPE_MODEL_ITEM);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->versions));
  sl_roc_chart_set_names (self->roc_chart, _("This version"), NULL);
  update_page (self);
  update_actions (self);
}

GtkWidget *
sl_models_view_new (void)
{
  return g_object_new (SL_TYPE_MODELS_VIEW, NULL);
}

SlStore *
sl_models_view_get_store (SlModelsView *self)
{
  g_return_val_if_fail (SL_IS_MODELS_VIEW (self), NULL);
  return self->store;
}

void
sl_models_view_set_store (SlModelsView *self,
                          SlStore      *store)
{
  g_return_if_fail (SL_IS_MODELS_VIEW (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;

  self->loaded = FALSE;
  g_list_store_remove_all (self->versions);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_MODELS,
                               G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
      /* Auto-training: the running app trains by itself once enough reviews are in. */
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_REVIEWS,
                               G_CALLBACK (reviews_changed_cb), self, G_CONNECT_SWAPPED);
    }
  sl_training_status_box_set_store (self->status_box, store);
  update_page (self);
  update_actions (self);
  reload (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
