#define G_LOG_DOMAIN "sl-reembed-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-embedder-factory.h"
#include "sl-reembed-banner.h"
#include "sl-search.h"
#include "sl-window.h"

/* A change of embedding provider, in the background: a new SlSearch for the
 * chosen provider is prepared (every candidate without a vector of its
 * model is embedded and stored, batch by batch) while the views keep
 * searching and screening with the active provider's vectors. When every
 * candidate has one, the chosen provider becomes the active one and the
 * views switch to it; cancelled or failed, the choice goes back to the
 * active provider, and a toast says why. */
struct _SlReembedBanner
{
  GtkWidget       parent_instance;

  SlStore        *store;
  GSettings      *settings;
  SlSearch       *search;       /* being prepared for the chosen provider */
  GCancellable   *cancellable;
  char           *provider;     /* the one being embedded */
  gboolean        reverting;

  GtkRevealer    *revealer;
  GtkLabel       *title_label;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (SlReembedBanner, sl_reembed_banner, GTK_TYPE_WIDGET)

static void start (SlReembedBanner *self);

static const char *
provider_label (const char *provider)
{
  if (g_strcmp0 (provider, SL_EMBEDDER_PROVIDER_BEDROCK) == 0)
    return _("Amazon Bedrock Titan");
  return _("the built-in model");
}

static void
toast (SlReembedBanner *self,
       const char      *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (SL_IS_WINDOW (root))
    {
      /* The outcome of minutes of work, or why it did not happen: it stays
       * until dismissed, so it is not missed. */
      toast = adw_toast_new (message);
      adw_toast_set_timeout (toast, 0);
      sl_window_add_toast (SL_WINDOW (root), toast);
    }
  else
    g_message ("%s", message);
}

static void
stop (SlReembedBanner *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->search != NULL)
    g_signal_handlers_disconnect_by_data (self->search, self);
  g_clear_object (&self->search);
  g_clear_pointer (&self->provider, g_free);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
}

/* Back to the provider in use, without starting anything. */
static void
revert (SlReembedBanner *self)
{
  g_autofree char *active = g_settings_get_string (self->settings, "embedding-provider-active");

  self->reverting = TRUE;
  g_settings_set_string (self->settings, "embedding-provider", active);
  self->reverting = FALSE;
}

static void
progress_cb (SlSearch        *search,
             GParamSpec      *pspec,
             SlReembedBanner *self)
{
  double fraction = sl_search_get_progress (search);
  g_autofree char *text = g_strdup_printf ("%.0f %%", fraction * 100);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
prepare_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlReembedBanner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *message = NULL;
  gboolean done = sl_search_prepare_finish (SL_SEARCH (object), result, &error);

  /* Replaced by a newer change, or the window is closing. */
  if (self->search != SL_SEARCH (object) || self->settings == NULL)
    return;

  provider = g_steal_pointer (&self->provider);
  stop (self);
  if (done)
    {
      /* Every candidate has a vector of the new model: switch the views. */
      g_settings_set_string (self->settings, "embedding-provider-active", provider);
      /* Translators: %s is a provider, “Amazon Bedrock Titan”. */
      message = g_strdup_printf (_("Search and screening now use %s"), provider_label (provider));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      revert (self);
      message = g_strdup (_("Embedding cancelled: search keeps the current provider"));
    }
  else
    {
      revert (self);
      g_debug ("Re-embedding with %s failed: %s", provider, error->message);
      /* Translators: %s says why, e.g. that Bedrock cannot be reached. */
      message = g_strdup_printf (_("Kept the current provider: %s"), error->message);
    }
  toast (self, message);
}

static void
start (SlReembedBanner *self)
{
  g_autofree char *chosen = NULL;
  g_autofree char *active = NULL;
  g_autofree char *title = NULL;
  g_autoptr(SlEmbedder) embedder = NULL;
  g_autoptr(GError) error = NULL;

  /* Not before the window shows: what happens must be seen. */
  if (self->store == NULL || self->settings == NULL || self->reverting ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  chosen = g_settings_get_string (self->settings, "embedding-provider");
  active = g_settings_get_string (self->settings, "embedding-provider-active");
  if (self->provider != NULL && g_str_equal (self->provider, chosen))
    return;
  stop (self);
  if (g_str_equal (chosen, active))
    return;

  if (!(embedder = sl_embedder_new_for_provider (self->store, chosen, &error)))
    {
      g_autofree char *message = NULL;

      revert (self);
      /* Translators: %s says why, e.g. that Bedrock is not set up. */
      message = g_strdup_printf (_("Kept the current provider: %s"), error->message);
      toast (self, message);
      return;
    }

  self->provider = g_steal_pointer (&chosen);
  self->cancellable = g_cancellable_new ();
  self->search = sl_search_new (self->store, embedder);
  g_signal_connect (self->search, "notify::progress", G_CALLBACK (progress_cb), self);
  sl_search_prepare_async (self->search, self->cancellable, prepare_cb, g_object_ref (self));

  /* Translators: %s is a provider, “Amazon Bedrock Titan”. */
  title = g_strdup_printf (_("Embedding candidates with %s…"), provider_label (self->provider));
  gtk_label_set_label (self->title_label, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "0 %");
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
cancel_cb (SlReembedBanner *self)
{
  g_cancellable_cancel (self->cancellable);
}

static void
sl_reembed_banner_dispose (GObject *object)
{
  SlReembedBanner *self = (SlReembedBanner *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->search != NULL)
    g_signal_handlers_disconnect_by_data (self->search, self);
  g_clear_object (&self->search);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->provider, g_free);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sl_reembed_banner_parent_class)->dispose (object);
}

static void
sl_reembed_banner_class_init (SlReembedBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_reembed_banner_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sl_reembed_banner_init (SlReembedBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Cancel"));

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  /* Looks like the import banner. */
  gtk_widget_add_css_class (box, "sl-import-banner");
  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Embedding progress"), -1);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel embedding"), -1);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (cancel_cb), self);
  gtk_box_append (GTK_BOX (box), button);
  gtk_revealer_set_child (self->revealer, box);
  /* A switch left unfinished goes on once the window is up. */
  g_signal_connect (self, "map", G_CALLBACK (start), NULL);
}

GtkWidget *
sl_reembed_banner_new (void)
{
  return g_object_new (SL_TYPE_REEMBED_BANNER, NULL);
}

void
sl_reembed_banner_set_store (SlReembedBanner *self,
                             SlStore         *store,
                             GSettings       *settings)
{
  g_return_if_fail (SL_IS_REEMBED_BANNER (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));
  g_return_if_fail (G_IS_SETTINGS (settings));

  stop (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->store, store);
  g_set_object (&self->settings, settings);
  g_signal_connect_swapped (settings, "changed::embedding-provider", G_CALLBACK (start), self);
  /* A change that did not finish before the app closed goes on now. */
  start (self);
}

gboolean
sl_reembed_banner_get_running (SlReembedBanner *self)
{
  g_return_val_if_fail (SL_IS_REEMBED_BANNER (self), FALSE);
  return self->search != NULL;
}
