#define G_LOG_DOMAIN "sl-import-problems-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-import-problems-dialog.h"
#include "sl-importer.h"

struct _SlImportProblemsDialog
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwPreferencesGroup *errors_group;
  AdwPreferencesGroup *duplicates_group;
};

G_DEFINE_FINAL_TYPE (SlImportProblemsDialog, sl_import_problems_dialog, ADW_TYPE_WINDOW)

static const char *
duplicate_reason_text (SlDuplicateReason reason)
{
  switch (reason)
    {
    case SL_DUPLICATE_FILE:
      return _("the same file");
    case SL_DUPLICATE_TEXT:
      return _("the same text");
    case SL_DUPLICATE_EMAIL:
      return _("the same e-mail address");
    case SL_DUPLICATE_PHONE:
      return _("the same phone number");
    case SL_DUPLICATE_NONE:
    default:
      return _("the same person");
    }
}

static GtkWidget *
new_row (const char *path,
         const char *subtitle,
         const char *icon_name)
{
  g_autofree char *basename = g_path_get_basename (path);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), basename);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, path);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
sl_import_problems_dialog_class_init (SlImportProblemsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-import-problems-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SlImportProblemsDialog, errors_group);
  gtk_widget_class_bind_template_child (widget_class, SlImportProblemsDialog, duplicates_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sl_import_problems_dialog_init (SlImportProblemsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sl_import_problems_dialog_new (GtkWindow  *parent,
                               GPtrArray  *results,
                               GHashTable *names)
{
  SlImportProblemsDialog *self;
  guint n_errors = 0;
  guint n_duplicates = 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (results != NULL, NULL);

  self = g_object_new (SL_TYPE_IMPORT_PROBLEMS_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const SlImportResult *result = g_ptr_array_index (results, i);
      g_autofree char *subtitle = NULL;

      /* Files skipped by a cancelled import are counted in the summary,
       * not listed as problems. */
      if (result->status == SL_IMPORT_STATUS_ERROR &&
          g_error_matches (result->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        continue;
      if (result->status == SL_IMPORT_STATUS_ERROR)
        {
          /* Translators: why a file could not be imported, then its error code. */
          subtitle = g_strdup_printf (_("%1$s (%2$s)"),
                                      result->error ? result->error->message : _("Unknown error"),
                                      sl_import_result_get_error_code (result));
          adw_preferences_group_add (self->errors_group,
                                     new_row (result->path, subtitle, "dialog-warning-symbolic"));
          n_errors++;
        }
      else if (result->status == SL_IMPORT_STATUS_DUPLICATE)
        {
          const char *name = names ? g_hash_table_lookup (names, &result->candidate_id) : NULL;

          if (name == NULL || name[0] == '\0')
            name = _("an unnamed candidate");
          /* Translators: a duplicate file: the existing candidate's name, then the reason. */
          subtitle = g_strdup_printf (_("Already here as ‘%1$s’: %2$s"), name,
                                      duplicate_reason_text (result->duplicate_reason));
          adw_preferences_group_add (self->duplicates_group,
                                     new_row (result->path, subtitle, "edit-copy-symbolic"));
          n_duplicates++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->errors_group), n_errors > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), n_duplicates > 0);

  return GTK_WIDGET (self);
}
