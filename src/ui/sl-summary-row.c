#define G_LOG_DOMAIN "sl-summary-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-format.h"
#include "sl-summary-row.h"

struct _SlSummaryRow
{
  GtkWidget  parent_instance;

  SlSummary *summary;
  guint      position;

  /* Template children */
  GtkWidget *box;
  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkLabel  *date_label;
};

G_DEFINE_FINAL_TYPE (SlSummaryRow, sl_summary_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update (SlSummaryRow *self)
{
  g_autofree char *date = NULL;
  g_autofree char *label = NULL;

  if (self->summary == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->subtitle_label, "");
      gtk_label_set_label (self->date_label, "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  date = sl_format_date (sl_summary_get_timestamp (self->summary));
  gtk_label_set_label (self->title_label, sl_summary_get_title (self->summary));
  gtk_label_set_label (self->subtitle_label, sl_summary_get_subtitle (self->summary));
  gtk_label_set_label (self->date_label, date);
  /* GTK 4.8 gives a list item no name of its own (GtkListItem:accessible-label
   * is 4.12): a screen reader names the row by what it shows. */
  label = g_strjoin (", ", sl_summary_get_title (self->summary),
                     sl_summary_get_subtitle (self->summary), date, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* GTK 4.8 exposes a widget's parameterless actions through AT-SPI but
 * none on a list item, so the row offers its own: it activates its
 * position in the list, as Enter or a click on the row does. */
static void
row_open_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SlSummaryRow *self = SL_SUMMARY_ROW (widget);

  if (self->summary != NULL)
    gtk_widget_activate_action (widget, "list.activate-item", "u", self->position);
}

static void
sl_summary_row_dispose (GObject *object)
{
  SlSummaryRow *self = (SlSummaryRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SUMMARY_ROW);
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (sl_summary_row_parent_class)->dispose (object);
}

static void
sl_summary_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlSummaryRow *self = SL_SUMMARY_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_object (value, self->summary);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_summary_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlSummaryRow *self = SL_SUMMARY_ROW (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      sl_summary_row_set_summary (self, g_value_get_object (value));
      break;
    case PROP_POSITION:
      if (self->position != g_value_get_uint (value))
        {
          self->position = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_summary_row_class_init (SlSummaryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_summary_row_dispose;
  object_class->get_property = sl_summary_row_get_property;
  object_class->set_property = sl_summary_row_set_property;

  properties[PROP_SUMMARY] =
    g_param_spec_object ("summary", NULL, NULL, SL_TYPE_SUMMARY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The row's place in its list view, bound from GtkListItem:position. */
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-summary-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSummaryRow, box);
  gtk_widget_class_bind_template_child (widget_class, SlSummaryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SlSummaryRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SlSummaryRow, date_label);

  gtk_widget_class_install_action (widget_class, "row.open", NULL, row_open_action);
}

static void
sl_summary_row_init (SlSummaryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SlSummary *
sl_summary_row_get_summary (SlSummaryRow *self)
{
  g_return_val_if_fail (SL_IS_SUMMARY_ROW (self), NULL);
  return self->summary;
}

void
sl_summary_row_set_summary (SlSummaryRow *self,
                            SlSummary    *summary)
{
  g_return_if_fail (SL_IS_SUMMARY_ROW (self));
  g_return_if_fail (summary == NULL || SL_IS_SUMMARY (summary));

  if (!g_set_object (&self->summary, summary))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}
