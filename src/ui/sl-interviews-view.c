#define G_LOG_DOMAIN "sl-interviews-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sl-interview-new-window.h"
#include "sl-interview-practice.h"
#include "sl-interview-session.h"
#include "sl-interviews-view.h"
#include "sl-store-interviews.h"
#include "sl-store-list.h"
#include "sl-store-summaries.h"
#include "sl-summary-row.h"
#include "sl-trend-chart.h"

typedef enum
{
  METRIC_OVERALL,
  METRIC_CONTENT,
  METRIC_DELIVERY,
  METRIC_WPM,
  METRIC_FILLERS,
  N_METRICS
} Metric;

struct _SlInterviewsView
{
  GtkWidget            parent_instance;

  SlStore             *store;
  SlStoreList         *items;
  GCancellable        *cancellable;         /* opening a session; cancelled in dispose */
  GCancellable        *trend_cancellable;   /* replaced by each reload of the trend */
  GArray              *trend[N_METRICS];   /* double, oldest first */
  GPtrArray           *trend_labels;

  /* Template children */
  GtkStack            *main_stack;
  GtkStack            *stack;
  GtkNoSelection      *selection;
  GtkListView         *list_view;
  GtkDropDown         *metric_dropdown;
  GtkStack            *trend_stack;
  SlTrendChart        *trend_chart;
  SlInterviewPractice *practice;
};

G_DEFINE_FINAL_TYPE (SlInterviewsView, sl_interviews_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
metric_name (Metric metric)
{
  switch (metric)
    {
    case METRIC_OVERALL:
      return _("Overall score");
    case METRIC_CONTENT:
      return _("Content score");
    case METRIC_DELIVERY:
      return _("Delivery score");
    case METRIC_WPM:
      return _("Words per minute");
    case METRIC_FILLERS:
      return _("Fillers per minute");
    case N_METRICS:
    default:
      return "";
    }
}

static void
update_page (SlInterviewsView *self)
{
  const char *page = "loading";

  if (self->items != NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) > 0)
        page = "list";
      else if (!sl_store_list_get_loading (self->items))
        page = "empty";
    }

  gtk_stack_set_visible_child_name (self->stack, page);
}

/* The trend chart */

static void
update_chart (SlInterviewsView *self)
{
  Metric metric = gtk_drop_down_get_selected (self->metric_dropdown);
  GArray *values;
  double max = 0.0;

  if (metric >= N_METRICS || self->trend[0] == NULL || self->trend[0]->len == 0)
    {
      gtk_stack_set_visible_child_name (self->trend_stack, "none");
      return;
    }

  values = self->trend[metric];
  for (guint i = 0; i < values->len; i++)
    if (isfinite (g_array_index (values, double, i)))
      max = MAX (max, g_array_index (values, double, i));

  sl_trend_chart_clear (self->trend_chart);
  g_ptr_array_add (self->trend_labels, NULL);
  sl_trend_chart_set_x_labels (self->trend_chart, (const char * const *)self->trend_labels->pdata);
  g_ptr_array_set_size (self->trend_labels, self->trend_labels->len - 1);
  if (metric <= METRIC_DELIVERY)
    sl_trend_chart_set_range (self->trend_chart, 0.0, 100.0);
  else
    sl_trend_chart_set_range (self->trend_chart, 0.0, max > 0.0 ? ceil (max * 1.2) : 1.0);
  sl_trend_chart_set_series (self->trend_chart, metric_name (metric),
                             (const double *)(gpointer)values->data, values->len);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->trend_chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, metric_name (metric),
                                  -1);
  gtk_stack_set_visible_child_name (self->trend_stack, "chart");
}

static double
report_metric (const char *report_json,
               const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *metrics;

  if (report_json == NULL || !json_parser_load_from_data (parser, report_json, -1, NULL))
    return NAN;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "metrics") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "metrics")))
    return NAN;
  metrics = json_object_get_object_member (json_node_get_object (root), "metrics");
  if (!json_object_has_member (metrics, name) ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (metrics, name)))
    return NAN;
  return json_object_get_double_member (metrics, name);
}

static void
trend_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions;

  if (!(sessions = sl_store_list_interview_sessions (SL_STORE (source_object), &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, sessions, (GDestroyNotify)g_ptr_array_unref);
}

static void
trend_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SlInterviewsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;

  if (!(sessions = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the practice sessions: %s", error->message);
      return;
    }

  for (guint m = 0; m < N_METRICS; m++)
    g_array_set_size (self->trend[m], 0);
  g_ptr_array_set_size (self->trend_labels, 0);

  /* Newest first from the store; the chart runs oldest to newest. */
  for (guint i = sessions->len; i-- > 0;)
    {
      SlInterviewSessionRecord *record = sessions->pdata[i];
      g_autoptr(GDateTime) date = NULL;
      double values[N_METRICS];

      if (record->score_overall < 0)
        continue;
      values[METRIC_OVERALL] = record->score_overall;
      values[METRIC_CONTENT] = record->score_content;
      values[METRIC_DELIVERY] = record->score_delivery;
      values[METRIC_WPM] = report_metric (record->report_json, "wpm");
      values[METRIC_FILLERS] = report_metric (record->report_json, "fillers_per_minute");
      for (guint m = 0; m < N_METRICS; m++)
        g_array_append_val (self->trend[m], values[m]);
      date = g_date_time_new_from_unix_local (record->created_at);
      /* Translators: a short date under the trend chart, see g_date_time_format(). */
      g_ptr_array_add (self->trend_labels, date != NULL ? g_date_time_format (date, _("%b %e")) : g_strdup (""));
    }

  update_chart (self);
}

static void
reload_trend (SlInterviewsView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;

  /* Only the trend's own load: a session being opened must survive the
   * list reloading underneath it. */
  g_cancellable_cancel (self->trend_cancellable);
  g_clear_object (&self->trend_cancellable);
  self->trend_cancellable = g_cancellable_new ();
  task = g_task_new (self->store, self->trend_cancellable, trend_loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, reload_trend);
  g_task_run_in_thread (task, trend_worker);
}

static void
items_changed_cb (SlInterviewsView *self)
{
  update_page (self);
  reload_trend (self);
}

/* Sessions */

static void
show_history (SlInterviewsView *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "history");
}

static void
open_session (SlInterviewsView   *self,
              SlInterviewSession *session,
              const char         *title)
{
  sl_interview_practice_set_store (self->practice, self->store);
  sl_interview_practice_set_session (self->practice, session);
  sl_interview_practice_set_title (self->practice, title);
  gtk_stack_set_visible_child_name (self->main_stack, "practice");
}

static void
session_created_cb (SlInterviewNewWindow *window,
                    SlInterviewSession   *session,
                    SlInterviewsView     *self)
{
  open_session (self, session, sl_interview_new_window_get_session_title (window));
}

typedef struct
{
  SlInterviewsView *self;
  char             *title;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_object_unref (data->self);
  g_free (data->title);
  g_free (data);
}

static void
session_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlInterviewSession) session = NULL;

  if ((session = sl_interview_session_load_finish (result, &error)) != NULL)
    open_session (data->self, session, data->title);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not open the practice session: %s", error->message);
  open_data_free (data);
}

static void
activate_cb (GtkListView      *list_view,
             guint             position,
             SlInterviewsView *self)
{
  g_autoptr(SlSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  OpenData *data;

  if (summary == NULL || self->store == NULL)
    return;

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->title = g_strdup (sl_summary_get_title (summary));
  sl_interview_session_load_async (self->store, sl_summary_get_id (summary), self->cancellable,
                                   session_loaded_cb, data);
}

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SlInterviewsView *self = SL_INTERVIEWS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SlInterviewNewWindow *window;

  if (self->store == NULL)
    return;

  window = sl_interview_new_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store);
  g_signal_connect_object (window, "session-created", G_CALLBACK (session_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
sl_interviews_view_dispose (GObject *object)
{
  SlInterviewsView *self = (SlInterviewsView *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->trend_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_INTERVIEWS_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->trend_cancellable);
  g_clear_object (&self->items);
  g_clear_object (&self->store);
  for (guint m = 0; m < N_METRICS; m++)
    g_clear_pointer (&self->trend[m], g_array_unref);
  g_clear_pointer (&self->trend_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_interviews_view_parent_class)->dispose (object);
}

static void
sl_interviews_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SlInterviewsView *self = SL_INTERVIEWS_VIEW (object);

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
sl_interviews_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SlInterviewsView *self = SL_INTERVIEWS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_interviews_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_interviews_view_class_init (SlInterviewsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_interviews_view_dispose;
  object_class->get_property = sl_interviews_view_get_property;
  object_class->set_property = sl_interviews_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SL_TYPE_SUMMARY_ROW);
  g_type_ensure (SL_TYPE_TREND_CHART);
  g_type_ensure (SL_TYPE_INTERVIEW_PRACTICE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-interviews-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, selection);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, trend_stack);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, trend_chart);
  gtk_widget_class_bind_template_child (widget_class, SlInterviewsView, practice);

  gtk_widget_class_install_action (widget_class, "interviews.new-session", NULL, new_session_action);
}

static void
sl_interviews_view_init (SlInterviewsView *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Wherever the focus is, while the view is shown. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("interviews.new-session")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->cancellable = g_cancellable_new ();
  for (guint m = 0; m < N_METRICS; m++)
    self->trend[m] = g_array_new (FALSE, FALSE, sizeof (double));
  self->trend_labels = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (activate_cb), self, 0);
  g_signal_connect_object (self->metric_dropdown, "notify::selected", G_CALLBACK (update_chart), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->practice, "closed", G_CALLBACK (show_history), self, G_CONNECT_SWAPPED);
  update_page (self);
  update_chart (self);
}

GtkWidget *
sl_interviews_view_new (void)
{
  return g_object_new (SL_TYPE_INTERVIEWS_VIEW, NULL);
}

SlStore *
sl_interviews_view_get_store (SlInterviewsView *self)
{
  g_return_val_if_fail (SL_IS_INTERVIEWS_VIEW (self), NULL);
  return self->store;
}

void
sl_interviews_view_set_store (SlInterviewsView *self,
                              SlStore          *store)
{
  g_return_if_fail (SL_IS_INTERVIEWS_VIEW (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_object (&self->items);
  sl_interview_practice_set_store (self->practice, store);
  if (store != NULL)
    {
      self->items = sl_store_list_new (store, SL_STORE_LIST_INTERVIEWS);
      g_signal_connect_object (self->items, "items-changed", G_CALLBACK (items_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->items, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->items));
  update_page (self);
  reload_trend (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
