#define G_LOG_DOMAIN "sl-question-bank"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sl-question-bank.h"

struct _SlQuestionBank
{
  GObject    parent_instance;
  GPtrArray *questions;
};

G_DEFINE_FINAL_TYPE (SlQuestionBank, sl_question_bank, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-question-bank-error-quark, sl_question_bank_error)

static void
sl_question_bank_finalize (GObject *object)
{
  SlQuestionBank *self = (SlQuestionBank *)object;

  g_clear_pointer (&self->questions, g_ptr_array_unref);

  G_OBJECT_CLASS (sl_question_bank_parent_class)->finalize (object);
}

static void
sl_question_bank_class_init (SlQuestionBankClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_question_bank_finalize;
}

static void
sl_question_bank_init (SlQuestionBank *self)
{
  self->questions = g_ptr_array_new_with_free_func (g_object_unref);
}

char *
sl_question_bank_dup_data_dir (void)
{
  const char *env = g_getenv ("SHORTLIST_DATADIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_strdup (PKGDATADIR);
}

SlQuestionBank *
sl_question_bank_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(SlQuestionBank) self = g_object_new (SL_TYPE_QUESTION_BANK, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *questions;

  g_return_val_if_fail (path != NULL, NULL);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    {
      g_prefix_error (error, _("Could not read the question bank: "));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      json_object_get_array_member (json_node_get_object (root), "questions") == NULL)
    {
      g_set_error (error, SL_QUESTION_BANK_ERROR, SL_QUESTION_BANK_ERROR_INVALID,
                   _("The question bank “%s” has no questions"), path);
      return NULL;
    }
  questions = json_object_get_array_member (json_node_get_object (root), "questions");
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonNode *node = json_array_get_element (questions, i);
      g_autoptr(GError) local_error = NULL;
      SlQuestion *question;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !(question = sl_question_new_from_json (json_node_get_object (node), &local_error)))
        {
          g_set_error (error, SL_QUESTION_BANK_ERROR, SL_QUESTION_BANK_ERROR_INVALID,
                       _("Question %u of the bank is not valid: %s"), i + 1,
                       local_error != NULL ? local_error->message : _("not an object"));
          return NULL;
        }
      sl_question_set_source (question, "bank");
      g_ptr_array_add (self->questions, question);
    }
  return g_steal_pointer (&self);
}

SlQuestionBank *
sl_question_bank_new_default (GError **error)
{
  g_autofree char *dir = sl_question_bank_dup_data_dir ();
  g_autofree char *path = g_build_filename (dir, "questions.json", NULL);

  return sl_question_bank_new_from_file (path, error);
}

guint
sl_question_bank_get_n_questions (SlQuestionBank *self)
{
  g_return_val_if_fail (SL_IS_QUESTION_BANK (self), 0);

  return self->questions->len;
}

SlQuestion *
sl_question_bank_get_question (SlQuestionBank *self,
                               guint           index)
{
  g_return_val_if_fail (SL_IS_QUESTION_BANK (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);

  return self->questions->pdata[index];
}

GPtrArray *
sl_question_bank_list (SlQuestionBank     *self,
                       SlQuestionKind      kinds,
                       const char * const *roles)
{
  GPtrArray *specific = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) general = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SL_IS_QUESTION_BANK (self), specific);

  for (guint i = 0; i < self->questions->len; i++)
    {
      SlQuestion *question = self->questions->pdata[i];
      const char * const *question_roles = sl_question_get_roles (question);
      gboolean matches = FALSE;

      if ((sl_question_get_kind (question) & kinds) == 0)
        continue;
      for (guint r = 0; roles != NULL && roles[r] != NULL && !matches; r++)
        matches = g_strv_contains (question_roles, roles[r]);
      if (matches)
        g_ptr_array_add (specific, g_object_ref (question));
      else if (g_strv_contains (question_roles, "any"))
        g_ptr_array_add (general, g_object_ref (question));
    }
  g_ptr_array_extend_and_steal (specific, g_steal_pointer (&general));
  return specific;
}
