#define G_LOG_DOMAIN "sl-skills-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-skills-page.h"
#include "sl-store-skills.h"

/* Every store call runs in a thread and answers with the user's skills as
 * they are afterwards, so the list always shows what is stored. */

typedef enum
{
  OP_LIST,
  OP_ADD,
  OP_REMOVE,
} Op;

typedef struct
{
  Op     op;
  char  *name;
  GStrv  aliases;
  char  *category;
} Request;

struct _SlSkillsPage
{
  AdwPreferencesPage  parent_instance;

  SlStore            *store;
  GCancellable       *cancellable;

  /* Template children */
  AdwEntryRow        *name_row;
  AdwEntryRow        *aliases_row;
  GtkButton          *add_button;
  GtkListBox         *skills_list;
};

G_DEFINE_FINAL_TYPE (SlSkillsPage, sl_skills_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request (SlSkillsPage       *self,
                     Op                  op,
                     const char         *name,
                     const char * const *aliases,
                     const char         *category);

static void
request_free (Request *req)
{
  g_free (req->name);
  g_strfreev (req->aliases);
  g_free (req->category);
  g_free (req);
}

static SlStoreSkill *
skill_copy (const SlStoreSkill *skill)
{
  SlStoreSkill *copy = g_new0 (SlStoreSkill, 1);

  copy->name = g_strdup (skill->name);
  copy->category = g_strdup (skill->category);
  copy->aliases = g_strdupv (skill->aliases);
  return copy;
}

static void
show_toast (SlSkillsPage *self,
            AdwToast     *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
undo_remove_cb (AdwToast     *toast,
                SlSkillsPage *self)
{
  SlStoreSkill *skill = g_object_get_data (G_OBJECT (toast), "skill");

  request (self, OP_ADD, skill->name, (const char * const *)skill->aliases, skill->category);
}

static void
remove_clicked_cb (GtkButton    *button,
                   SlSkillsPage *self)
{
  SlStoreSkill *skill = g_object_get_data (G_OBJECT (button), "skill");
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* A toast's title is markup. Translators: %s is a skill's name. */
  title = g_markup_printf_escaped (_("Removed “%s”"), skill->name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "skill", skill_copy (skill),
                          (GDestroyNotify)sl_store_skill_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_remove_cb), self, 0);
  show_toast (self, toast);

  request (self, OP_REMOVE, skill->name, NULL, NULL);
}

static void
clear_list (SlSkillsPage *self)
{
  GtkListBoxRow *row;

  /* gtk_list_box_remove_all () is GTK 4.12. */
  while ((row = gtk_list_box_get_row_at_index (self->skills_list, 0)) != NULL)
    gtk_list_box_remove (self->skills_list, GTK_WIDGET (row));
}

static void
show_skills (SlSkillsPage *self,
             GPtrArray    *skills)
{
  clear_list (self);

  if (skills == NULL || skills->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No skills of your own yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->skills_list, row);
      return;
    }

  for (guint i = 0; i < skills->len; i++)
    {
      SlStoreSkill *skill = g_ptr_array_index (skills, i);
      g_autofree char *aliases = g_strjoinv (", ", skill->aliases);
      g_autofree char *label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), skill->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), aliases);

      /* Translators: %s is a skill's name; the label of its Remove button. */
      label = g_strdup_printf (_("Remove %s"), skill->name);
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "skill", skill_copy (skill),
                              (GDestroyNotify)sl_store_skill_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->skills_list, row);
    }
}

static void
request_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SlStore *store = source_object;
  Request *req = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *skills;

  if ((req->op == OP_ADD &&
       !sl_store_add_skill (store, req->name, (const char * const *)req->aliases, req->category, &error)) ||
      (req->op == OP_REMOVE && !sl_store_remove_skill (store, req->name, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(skills = sl_store_list_user_skills (store, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, skills, (GDestroyNotify)g_ptr_array_unref);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlSkillsPage) self = user_data;
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(GError) error = NULL;
  Request *req = g_task_get_task_data (G_TASK (result));

  if (!(skills = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_markup_escape_text (error->message, -1);
      show_toast (self, adw_toast_new (message));
      return;
    }

  if (req->op == OP_ADD &&
      g_strcmp0 (req->name, gtk_editable_get_text (GTK_EDITABLE (self->name_row))) == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->aliases_row), "");
    }
  show_skills (self, skills);
}

static void
request (SlSkillsPage       *self,
         Op                  op,
         const char         *name,
         const char * const *aliases,
         const char         *category)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  if (self->store == NULL)
    return;

  req = g_new0 (Request, 1);
  req->op = op;
  req->name = g_strdup (name);
  req->aliases = g_strdupv ((char **)aliases);
  req->category = g_strdup (category);

  task = g_task_new (self->store, self->cancellable, request_cb, g_object_ref (self));
  g_task_set_source_tag (task, request);
  g_task_set_task_data (task, req, (GDestroyNotify)request_free);
  g_task_run_in_thread (task, request_worker);
}

static void
entry_changed_cb (SlSkillsPage *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            self->store != NULL && g_strstrip (name)[0] != '\0');
}

static void
add_cb (SlSkillsPage *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_auto(GStrv) split = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->aliases_row)), ",", -1);
  g_autoptr(GPtrArray) aliases = g_ptr_array_new ();

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return;
  for (guint i = 0; split[i] != NULL; i++)
    {
      if (g_strstrip (split[i])[0] != '\0')
        g_ptr_array_add (aliases, split[i]);
    }
  g_ptr_array_add (aliases, NULL);

  /* The entry is cleared once the store has it (see request_cb). */
  request (self, OP_ADD, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
           (const char * const *)aliases->pdata, NULL);
}

SlStore *
sl_skills_page_get_store (SlSkillsPage *self)
{
  g_return_val_if_fail (SL_IS_SKILLS_PAGE (self), NULL);
  return self->store;
}

void
sl_skills_page_set_store (SlSkillsPage *self,
                          SlStore      *store)
{
  g_return_if_fail (SL_IS_SKILLS_PAGE (self));
  g_return_if_fail (store == NULL || SL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  entry_changed_cb (self);
  if (store != NULL)
    request (self, OP_LIST, NULL, NULL, NULL);
  else
    show_skills (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
sl_skills_page_dispose (GObject *object)
{
  SlSkillsPage *self = (SlSkillsPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_SKILLS_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_skills_page_parent_class)->dispose (object);
}

static void
sl_skills_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SlSkillsPage *self = SL_SKILLS_PAGE (object);

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
sl_skills_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SlSkillsPage *self = SL_SKILLS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      sl_skills_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_skills_page_class_init (SlSkillsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_skills_page_dispose;
  object_class->get_property = sl_skills_page_get_property;
  object_class->set_property = sl_skills_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-skills-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SlSkillsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SlSkillsPage, aliases_row);
  gtk_widget_class_bind_template_child (widget_class, SlSkillsPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, SlSkillsPage, skills_list);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_cb);
}

static void
sl_skills_page_init (SlSkillsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  show_skills (self, NULL);
}
