#define G_LOG_DOMAIN "sl-import-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-import-banner.h"
#include "sl-import-problems-dialog.h"
#include "sl-importer.h"

struct _SlImportBanner
{
  GtkWidget       parent_instance;

  SlStore        *store;
  SlImporter     *importer;
  GCancellable   *cancellable;
  GPtrArray      *results;      /* SlImportResult of the import shown */
  GHashTable     *names;        /* duplicate's candidate id → name */
  GQueue          queue;        /* GStrv of paths waiting their turn */
  gboolean        running;

  /* Template children */
  GtkRevealer    *revealer;
  GtkStack       *stack;
  GtkLabel       *progress_label;
  GtkLabel       *file_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *summary_label;
  GtkWidget      *problems_button;
  GtkImage       *summary_icon;
};

G_DEFINE_FINAL_TYPE (SlImportBanner, sl_import_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_next (SlImportBanner *self);

/* Shows one page of the banner. The other page stays in the widget tree;
 * it is marked hidden so assistive technologies do not offer a Cancel
 * button or progress that are no longer on screen. */
static void
show_page (SlImportBanner *self,
           const char     *name)
{
  const char *names[] = { "progress", "summary" };

  gtk_stack_set_visible_child_name (self->stack, name);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_accessible_update_state (GTK_ACCESSIBLE (gtk_stack_get_child_by_name (self->stack, names[i])),
                                 GTK_ACCESSIBLE_STATE_HIDDEN, !g_str_equal (names[i], name),
                                 -1);
}

/* Reveals or puts away the banner. Put away, its content stays in the
 * widget tree, so it is marked hidden too: a screen reader must not read
 * out the summary of an import the user has dismissed. */
static void
set_revealed (SlImportBanner *self,
              gboolean        revealed)
{
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->stack),
                               GTK_ACCESSIBLE_STATE_HIDDEN, !revealed,
                               -1);
}

static void
set_running (SlImportBanner *self,
             gboolean        running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
progress_cb (const SlImportResult *result,
             guint                 done,
             guint                 total,
             gpointer              user_data)
{
  SlImportBanner *self = user_data;
  g_autofree char *title = NULL;
  g_autofree char *basename = NULL;

  if (self->results == NULL)
    return;
  g_ptr_array_add (self->results, sl_import_result_copy (result));

  /* Translators: import progress, files done of files found. */
  title = g_strdup_printf (_("Importing %u of %u…"), MIN (done + 1, total), total);
  gtk_label_set_label (self->progress_label, title);
  basename = g_path_get_basename (result->path);
  gtk_label_set_label (self->file_label, basename);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double)done / total : 0);
}

static void
names_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GArray *ids = task_data;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(SlCandidate) candidate = sl_store_get_candidate (source_object, id, NULL);

      if (candidate != NULL)
        g_hash_table_insert (names, g_memdup2 (&id, sizeof id),
                             g_strdup (sl_candidate_get_name (candidate)));
    }
  g_task_return_pointer (task, g_steal_pointer (&names), (GDestroyNotify)g_hash_table_unref);
}

static void
names_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SlImportBanner) self = user_data;

  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = g_task_propagate_pointer (G_TASK (result), NULL);
}

static void
show_summary (SlImportBanner *self,
              gboolean        cancelled)
{
  g_autoptr(GArray) duplicate_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GTask) task = NULL;
  g_autofree char *imported_text = NULL;
  g_autofree char *duplicates_text = NULL;
  g_autofree char *problems_text = NULL;
  g_autofree char *skipped_text = NULL;
  g_autofree char *summary = NULL;
  guint imported = 0, duplicates = 0, problems = 0, skipped = 0;

  for (guint i = 0; i < self->results->len; i++)
    {
      const SlImportResult *result = g_ptr_array_index (self->results, i);

      if (result->status == SL_IMPORT_STATUS_IMPORTED)
        imported++;
      else if (result->status == SL_IMPORT_STATUS_DUPLICATE)
        {
          duplicates++;
          g_array_append_val (duplicate_ids, result->candidate_id);
        }
      else if (g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Not read because the user cancelled: not a problem with the file. */
        skipped++;
      else
        problems++;
    }

  imported_text = g_strdup_printf (ngettext ("%u imported", "%u imported", imported), imported);
  duplicates_text = g_strdup_printf (ngettext ("%u duplicate", "%u duplicates", duplicates),
                                     duplicates);
  problems_text = g_strdup_printf (ngettext ("%u problem", "%u problems", problems), problems);
  if (cancelled || skipped > 0)
    {
      skipped_text = g_strdup_printf (ngettext ("%u skipped", "%u skipped", skipped), skipped);
      /* Translators: the summary of a cancelled import: imported, files
       * skipped (not read), duplicates, problems. */
      summary = g_strdup_printf (_("Import cancelled: %1$s, %2$s, %3$s, %4$s"), imported_text,
                                 skipped_text, duplicates_text, problems_text);
    }
  else
    /* Translators: the summary of an import: imported, duplicates, problems. */
    summary = g_strdup_printf (_("Import finished: %1$s, %2$s, %3$s"), imported_text,
                               duplicates_text, problems_text);
  gtk_label_set_label (self->summary_label, summary);
  /* In a narrow window the summary is cut short; the whole of it stays in
   * the tooltip (a wrapping label here gives the window inconsistent
   * heights for its width). */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), summary);
  gtk_image_set_from_icon_name (self->summary_icon,
                                problems > 0 ? "dialog-warning-symbolic"
                                             : "emblem-ok-symbolic");
  gtk_widget_set_visible (self->problems_button, problems + duplicates > 0);
  show_page (self, "summary");

  /* The names of the candidates that files duplicate, for the problems dialog. */
  g_clear_pointer (&self->names, g_hash_table_unref);
  if (duplicate_ids->len > 0 && self->store != NULL)
    {
      task = g_task_new (self->store, NULL, names_cb, g_object_ref (self));
      g_task_set_source_tag (task, show_summary);
      g_task_set_task_data (task, g_steal_pointer (&duplicate_ids), (GDestroyNotify)g_array_unref);
      g_task_run_in_thread (task, names_worker);
    }
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlImportBanner) self = user_data;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gboolean cancelled = FALSE;

  if (!(results = sl_importer_import_finish (SL_IMPORTER (object), result, &error)))
    {
      cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (!cancelled)
        g_debug ("Import failed: %s", error->message);
    }

  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  if (self->results != NULL)
    show_summary (self, cancelled);

  if (!g_queue_is_empty (&self->queue))
    start_next (self);
}

static void
start_next (SlImportBanner *self)
{
  g_auto(GStrv) paths = g_queue_pop_head (&self->queue);

  if (paths == NULL || self->importer == NULL)
    return;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_import_result_free);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);

  gtk_label_set_label (self->progress_label, _("Looking for resumes…"));
  gtk_label_set_label (self->file_label, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  show_page (self, "progress");
  set_revealed (self, TRUE);

  sl_importer_import_async (self->importer, (const char * const *)paths,
                            progress_cb, g_object_ref (self), g_object_unref,
                            self->cancellable, import_cb, g_object_ref (self));
}

static void
cancel_cb (SlImportBanner *self)
{
  g_cancellable_cancel (self->cancellable);
  /* What waits in line goes too: the user wants the importing to stop. */
  g_queue_clear_full (&self->queue, (GDestroyNotify)g_strfreev);
}

/* Dismiss belongs to the summary of an import that has ended. A button
 * activated from the keyboard or an assistive technology emits "clicked"
 * a moment later, by which time the user may have dropped more files: the
 * new import's progress must then stay on screen. */
static void
dismiss_cb (SlImportBanner *self)
{
  if (self->running)
    return;
  set_revealed (self, FALSE);
}

static void
problems_cb (SlImportBanner *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (self->results == NULL)
    return;
  dialog = sl_import_problems_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          self->results, self->names);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sl_import_banner_dispose (GObject *object)
{
  SlImportBanner *self = (SlImportBanner *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->queue, (GDestroyNotify)g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_IMPORT_BANNER);
  g_clear_object (&self->importer);
  g_clear_object (&self->store);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (sl_import_banner_parent_class)->dispose (object);
}

static void
sl_import_banner_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlImportBanner *self = SL_IMPORT_BANNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_import_banner_class_init (SlImportBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_import_banner_dispose;
  object_class->get_property = sl_import_banner_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-import-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, stack);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, file_label);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, problems_button);
  gtk_widget_class_bind_template_child (widget_class, SlImportBanner, summary_icon);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_cb);
  gtk_widget_class_bind_template_callback (widget_class, problems_cb);
}

static void
sl_import_banner_init (SlImportBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_queue_init (&self->queue);
  set_revealed (self, FALSE);
}

GtkWidget *
sl_import_banner_new (void)
{
  return g_object_new (SL_TYPE_IMPORT_BANNER, NULL);
}

void
sl_import_banner_set_store (SlImportBanner *self,
                            SlStore        *store)
{
  g_return_if_fail (SL_IS_IMPORT_BANNER (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->importer);
  if (store != NULL)
    {
      g_autoptr(SlExtractor) extractor = sl_extractor_new (0);

      self->importer = sl_importer_new (store, extractor, NULL);
    }
}

void
sl_import_banner_import (SlImportBanner     *self,
                         const char * const *paths)
{
  g_return_if_fail (SL_IS_IMPORT_BANNER (self));

  if (paths == NULL || paths[0] == NULL || self->importer == NULL)
    return;

  g_queue_push_tail (&self->queue, g_strdupv ((char **)paths));
  if (!self->running)
    start_next (self);
}

gboolean
sl_import_banner_get_running (SlImportBanner *self)
{
  g_return_val_if_fail (SL_IS_IMPORT_BANNER (self), FALSE);
  return self->running;
}
