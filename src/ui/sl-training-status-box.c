#define G_LOG_DOMAIN "sl-training-status-box"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-application.h"
#include "sl-review-tasks.h"
#include "sl-training-status-box.h"

/* How the training data stands: shown in the Reviews and Models views. */
struct _SlTrainingStatusBox
{
  GtkWidget     parent_instance;

  SlStore      *store;
  GSettings    *settings;
  GCancellable *cancellable;

  /* Template children */
  GtkWidget    *content;
  GtkLabel     *readiness_label;
  GtkLevelBar  *level_bar;
  GtkLabel     *counts_label;
  GtkLabel     *new_label;
  GtkWidget    *warning_box;
  GtkLabel     *warning_label;
};

G_DEFINE_FINAL_TYPE (SlTrainingStatusBox, sl_training_status_box, GTK_TYPE_WIDGET)

static void reload (SlTrainingStatusBox *self);

guint
sl_training_status_box_get_threshold (SlTrainingStatusBox *self)
{
  g_return_val_if_fail (SL_IS_TRAINING_STATUS_BOX (self), SL_TRAINING_DEFAULT_THRESHOLD);

  if (self->settings == NULL)
    return SL_TRAINING_DEFAULT_THRESHOLD;
  return MAX (1, g_settings_get_int (self->settings, "training-threshold"));
}

static void
show_status (SlTrainingStatusBox    *self,
             const SlTrainingStatus *status)
{
  g_autofree char *readiness = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *fresh = NULL;
  double share;

  if (status->ready_for_training)
    readiness = g_strdup_printf (_("Ready to train: %u samples, threshold %u"),
                                 status->total_samples, status->threshold);
  else
    readiness = g_strdup_printf (ngettext ("%u more review needed before training (%u of %u)",
                                           "%u more reviews needed before training (%u of %u)",
                                           status->samples_needed),
                                 status->samples_needed, status->total_samples, status->threshold);
  gtk_label_set_label (self->readiness_label, readiness);

  gtk_level_bar_set_max_value (self->level_bar, MAX (1, status->threshold));
  gtk_level_bar_set_value (self->level_bar,
                           MIN (status->total_samples, MAX (1, status->threshold)));

  /* Translators: counts of reviewed samples: all of them, shortlisted, rejected. */
  counts = g_strdup_printf (_("%u samples · %u shortlisted · %u rejected"),
                            status->total_samples, status->positive_samples,
                            status->negative_samples);
  gtk_label_set_label (self->counts_label, counts);

  fresh = g_strdup_printf (ngettext ("%u new since the last model",
                                     "%u new since the last model",
                                     status->new_samples),
                           status->new_samples);
  gtk_label_set_label (self->new_label, fresh);

  gtk_widget_set_visible (self->warning_box, status->imbalanced);
  if (status->imbalanced && status->total_samples > 0)
    {
      g_autofree char *warning = NULL;

      share = 100.0 * status->positive_samples / status->total_samples;
      warning = g_strdup_printf (_("Imbalanced: %.0f %% shortlisted, outside 40–60 %%. "
                                   "The model may lean towards the larger class."),
                                 share);
      gtk_label_set_label (self->warning_label, warning);
    }
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlTrainingStatusBox) self = user_data;
  g_autoptr(GError) error = NULL;
  SlTrainingStatus status;

  if (!sl_review_training_status_finish (SL_STORE (object), result, &status, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Could not read the training status: %s", error->message);
          gtk_label_set_label (self->readiness_label, _("The training status could not be read"));
        }
      return;
    }

  show_status (self, &status);
}

static void
reload (SlTrainingStatusBox *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  sl_review_training_status_async (self->store, sl_training_status_box_get_threshold (self),
                                   self->cancellable, status_cb, g_object_ref (self));
}

static void
sl_training_status_box_dispose (GObject *object)
{
  SlTrainingStatusBox *self = (SlTrainingStatusBox *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_TRAINING_STATUS_BOX);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sl_training_status_box_parent_class)->dispose (object);
}

static void
sl_training_status_box_class_init (SlTrainingStatusBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_training_status_box_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-training-status-box.ui");
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, content);
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, readiness_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, level_bar);
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, counts_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, new_label);
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, warning_box);
  gtk_widget_class_bind_template_child (widget_class, SlTrainingStatusBox, warning_label);
}

static void
sl_training_status_box_init (SlTrainingStatusBox *self)
{
  GApplication *app = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (SL_IS_APPLICATION (app))
    {
      self->settings = g_object_ref (sl_application_get_settings (SL_APPLICATION (app)));
      g_signal_connect_object (self->settings, "changed::training-threshold",
                               G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
}

GtkWidget *
sl_training_status_box_new (void)
{
  return g_object_new (SL_TYPE_TRAINING_STATUS_BOX, NULL);
}

void
sl_training_status_box_set_store (SlTrainingStatusBox *self,
                                  SlStore             *store)
{
  g_return_if_fail (SL_IS_TRAINING_STATUS_BOX (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (!g_set_object (&self->store, store))
    return;

  if (store != NULL)
    {
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_REVIEWS,
                               G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "changed::" SL_STORE_CHANGED_MODELS,
                               G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
    }
  reload (self);
}
