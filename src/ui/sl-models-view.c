#define G_LOG_DOMAIN "sl-models-view"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-models-view.h"
#include "sl-store-list.h"
#include "sl-summary-row.h"

struct _SlModelsView
{
  GtkWidget       parent_instance;

  SlStore        *store;
  SlStoreList    *items;

  /* Template children */
  GtkStack       *stack;
  GtkNoSelection *selection;
};

G_DEFINE_FINAL_TYPE (SlModelsView, sl_models_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_page (SlModelsView *self)
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

static void
sl_models_view_dispose (GObject *object)
{
  SlModelsView *self = (SlModelsView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_MODELS_VIEW);
  g_clear_object (&self->items);
  g_clear_object (&self->store);

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

  g_type_ensure (SL_TYPE_SUMMARY_ROW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-models-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlModelsView, selection);
}

static void
sl_models_view_init (SlModelsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_page (self);
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

  if (!g_set_object (&self->store, store))
    return;

  g_clear_object (&self->items);
  if (store != NULL)
    {
      self->items = sl_store_list_new (store, SL_STORE_LIST_MODELS);
      g_signal_connect_object (self->items, "items-changed", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->items, "notify::loading", G_CALLBACK (update_page), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->items));
  update_page (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}
