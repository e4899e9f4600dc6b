#define G_LOG_DOMAIN "sl-store-summaries"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-store-private.h"
#include "sl-store-summaries.h"

struct _SlSummary
{
  GObject  parent_instance;

  gint64   id;
  char    *title;
  char    *subtitle;
  gint64   timestamp;
};

G_DEFINE_FINAL_TYPE (SlSummary, sl_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_TIMESTAMP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sl_summary_finalize (GObject *object)
{
  SlSummary *self = (SlSummary *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (sl_summary_parent_class)->finalize (object);
}

static void
sl_summary_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SlSummary *self = SL_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_TIMESTAMP:
      g_value_set_int64 (value, self->timestamp);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_summary_class_init (SlSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_summary_finalize;
  object_class->get_property = sl_summary_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMESTAMP] =
    g_param_spec_int64 ("timestamp", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_summary_init (SlSummary *self)
{
}

SlSummary *
sl_summary_new (gint64      id,
                const char *title,
                const char *subtitle,
                gint64      timestamp)
{
  SlSummary *self = g_object_new (SL_TYPE_SUMMARY, NULL);

  self->id = id;
  self->title = g_strdup (title ? title : "");
  self->subtitle = g_strdup (subtitle ? subtitle : "");
  self->timestamp = MAX (timestamp, 0);

  return self;
}

gint64
sl_summary_get_id (SlSummary *self)
{
  g_return_val_if_fail (SL_IS_SUMMARY (self), 0);
  return self->id;
}

const char *
sl_summary_get_title (SlSummary *self)
{
  g_return_val_if_fail (SL_IS_SUMMARY (self), NULL);
  return self->title;
}

const char *
sl_summary_get_subtitle (SlSummary *self)
{
  g_return_val_if_fail (SL_IS_SUMMARY (self), NULL);
  return self->subtitle;
}

gint64
sl_summary_get_timestamp (SlSummary *self)
{
  g_return_val_if_fail (SL_IS_SUMMARY (self), 0);
  return self->timestamp;
}

/* Queries */

typedef SlSummary *(*RowFunc) (sqlite3_stmt *stmt);

static GPtrArray *
list_summaries (SlStore     *self,
                const char  *sql,
                RowFunc      row_func,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gboolean has_row;

  locker = g_mutex_locker_new (_sl_store_get_mutex (self));
  if (!(stmt = _sl_store_prepare (self, sql, error)))
    return NULL;
  while (TRUE)
    {
      if (!_sl_store_step_row (self, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (items, row_func (stmt));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&items);
}

static const char *
decision_label (const char *decision)
{
  if (g_strcmp0 (decision, "shortlist") == 0)
    return C_("decision", "Shortlist");
  return C_("decision", "Reject");
}

static SlSummary *
pending_review_from_row (sqlite3_stmt *stmt)
{
  const char *name = _sl_store_column_text (stmt, 1);
  g_autofree char *subtitle = NULL;

  /* Translators: %1$s is a job title, %2$s the suggested decision
   * ("Shortlist" or "Reject"), %3$.0f the score out of 100. */
  subtitle = g_strdup_printf (_("%1$s · Suggested: %2$s, score %3$.0f"),
                              _sl_store_column_text (stmt, 2),
                              decision_label (_sl_store_column_text (stmt, 3)),
                              sqlite3_column_double (stmt, 4));

  return sl_summary_new (sqlite3_column_int64 (stmt, 0),
                         name[0] != '\0' ? name : _("Unnamed Candidate"),
                         subtitle,
                         sqlite3_column_int64 (stmt, 5));
}

GPtrArray *
sl_store_summarize_pending_reviews (SlStore  *self,
                               GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return list_summaries (self,
                         "SELECT s.id, c.name, j.title, s.decision, s.score, s.created_at"
                         " FROM screenings s"
                         " JOIN candidates c ON c.id = s.candidate_id"
                         " JOIN jobs j ON j.id = s.job_id"
                         " LEFT JOIN reviews r ON r.screening_id = s.id"
                         " WHERE " SL_STORE_SCREENING_IS_CURRENT ("s", "s.job_id")
                         " AND r.id IS NULL"
                         " ORDER BY s.created_at DESC, s.id DESC",
                         pending_review_from_row, error);
}

static SlSummary *
interview_session_from_row (sqlite3_stmt *stmt)
{
  const char *title = _sl_store_column_text (stmt, 1);
  const char *job_title = _sl_store_column_text (stmt, 2);
  g_autofree char *subtitle = NULL;

  if (title[0] == '\0')
    title = job_title[0] != '\0' ? job_title : _("Practice Session");

  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    subtitle = g_strdup (_("Not finished"));
  else if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    subtitle = g_strdup (_("Finished, not scored yet"));
  else
    /* Translators: the overall score of an interview practice session, out of 100. */
    subtitle = g_strdup_printf (_("Overall score %.0f"), sqlite3_column_double (stmt, 3));

  return sl_summary_new (sqlite3_column_int64 (stmt, 0),
                         title,
                         subtitle,
                         sqlite3_column_int64 (stmt, 5));
}

GPtrArray *
sl_store_summarize_interview_sessions (SlStore  *self,
                                  GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return list_summaries (self,
                         "SELECT i.id, i.title, j.title, i.score_overall, i.finished_at, i.created_at"
                         " FROM interview_sessions i"
                         " LEFT JOIN jobs j ON j.id = i.job_id"
                         " ORDER BY i.created_at DESC, i.id DESC",
                         interview_session_from_row, error);
}

static SlSummary *
model_version_from_row (sqlite3_stmt *stmt)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  const char *kind = _sl_store_column_text (stmt, 1);
  gboolean active = sqlite3_column_int (stmt, 2) != 0;
  gboolean shadow = sqlite3_column_int (stmt, 3) != 0;
  const char *kind_label;
  const char *state_label;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (kind, "mlp") == 0)
    kind_label = _("Small neural network");
  else
    kind_label = _("Logistic regression");

  if (active)
    state_label = C_("model", "Active");
  else if (shadow)
    state_label = C_("model", "Challenger");
  else
    state_label = C_("model", "Inactive");

  number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  /* Translators: %s is the number of a classifier model version. */
  title = g_strdup_printf (_("Version %s"), number);

  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    /* Translators: %1$s is "Active", "Challenger" or "Inactive", %2$s the model kind. */
    subtitle = g_strdup_printf (_("%1$s · %2$s"), state_label, kind_label);
  else
    /* Translators: %1$s is "Active", "Challenger" or "Inactive", %2$s the model kind,
     * %3$.2f the F1 score measured on held-out reviews. */
    subtitle = g_strdup_printf (_("%1$s · %2$s · F1 %3$.2f"),
                                state_label, kind_label, sqlite3_column_double (stmt, 4));

  return sl_summary_new (id, title, subtitle, sqlite3_column_int64 (stmt, 5));
}

GPtrArray *
sl_store_summarize_model_versions (SlStore  *self,
                              GError  **error)
{
  g_return_val_if_fail (SL_IS_STORE (self), NULL);

  return list_summaries (self,
                         "SELECT id, kind, active, shadow, json_extract (metrics, '$.f1'), created_at"
                         " FROM model_versions"
                         " ORDER BY active DESC, created_at DESC, id DESC",
                         model_version_from_row, error);
}

/* Asynchronous forms */

typedef GPtrArray *(*ListFunc) (SlStore  *self,
                                GError  **error);

static void
list_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ListFunc list_func = (ListFunc)task_data;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(items = list_func (source_object, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify)g_ptr_array_unref);
}

static void
list_async (SlStore             *self,
            ListFunc             list_func,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer)list_func, NULL);
  g_task_run_in_thread (task, list_worker);
}

static GPtrArray *
list_finish (SlStore       *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sl_store_summarize_pending_reviews_async (SlStore             *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (SL_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  list_async (self, sl_store_summarize_pending_reviews, sl_store_summarize_pending_reviews_async,
              cancellable, callback, user_data);
}

GPtrArray *
sl_store_summarize_pending_reviews_finish (SlStore       *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return list_finish (self, result, sl_store_summarize_pending_reviews_async, error);
}

void
sl_store_summarize_interview_sessions_async (SlStore             *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (SL_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  list_async (self, sl_store_summarize_interview_sessions, sl_store_summarize_interview_sessions_async,
              cancellable, callback, user_data);
}

GPtrArray *
sl_store_summarize_interview_sessions_finish (SlStore       *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return list_finish (self, result, sl_store_summarize_interview_sessions_async, error);
}

void
sl_store_summarize_model_versions_async (SlStore             *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (SL_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  list_async (self, sl_store_summarize_model_versions, sl_store_summarize_model_versions_async,
              cancellable, callback, user_data);
}

GPtrArray *
sl_store_summarize_model_versions_finish (SlStore       *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return list_finish (self, result, sl_store_summarize_model_versions_async, error);
}
