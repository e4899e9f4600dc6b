#define G_LOG_DOMAIN "sl-job-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-job-row.h"

struct _SlJobRow
{
  GtkWidget  parent_instance;

  SlJob     *job;

  /* Template children */
  GtkWidget *box;
  GtkLabel  *title_label;
  GtkLabel  *location_label;
  GtkLabel  *status_label;
  GtkButton *delete_button;
};

G_DEFINE_FINAL_TYPE (SlJobRow, sl_job_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (SlJobRow *self)
{
  const char *location;
  gboolean open;

  if (self->job == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->location_label, "");
      gtk_label_set_label (self->status_label, "");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), NULL);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->delete_button), NULL);
      return;
    }

  location = sl_job_get_location (self->job);
  open = sl_job_get_status (self->job) == SL_JOB_STATUS_OPEN;

  gtk_label_set_label (self->title_label, sl_job_get_title (self->job));
  gtk_label_set_label (self->location_label,
                       location != NULL && location[0] != '\0' ? location : _("No location"));
  gtk_label_set_label (self->status_label,
                       open ? C_("job status", "Open") : C_("job status", "Closed"));
  if (open)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "open");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "closed");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "closed");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "open");
    }

  /* Target first: the action takes an id, and a button naming it without
   * one would be a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "x",
                                    sl_job_get_id (self->job));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->delete_button), "jobs.delete");
}

static void
sl_job_row_dispose (GObject *object)
{
  SlJobRow *self = (SlJobRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_JOB_ROW);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (sl_job_row_parent_class)->dispose (object);
}

static void
sl_job_row_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SlJobRow *self = SL_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_row_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SlJobRow *self = SL_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      sl_job_row_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_row_class_init (SlJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_job_row_dispose;
  object_class->get_property = sl_job_row_get_property;
  object_class->set_property = sl_job_row_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, SL_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/sl-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, box);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, location_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SlJobRow, delete_button);
}

static void
sl_job_row_init (SlJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlJob *
sl_job_row_get_job (SlJobRow *self)
{
  g_return_val_if_fail (SL_IS_JOB_ROW (self), NULL);
  return self->job;
}

void
sl_job_row_set_job (SlJobRow *self,
                    SlJob    *job)
{
  g_return_if_fail (SL_IS_JOB_ROW (self));
  g_return_if_fail (job == NULL || SL_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}
