#pragma once

#include <gio/gio.h>

#include "sl-question.h"

G_BEGIN_DECLS

#define SL_QUESTION_BANK_ERROR (sl_question_bank_error_quark ())

typedef enum
{
  SL_QUESTION_BANK_ERROR_INVALID,
} SlQuestionBankError;

GQuark sl_question_bank_error_quark (void);

#define SL_TYPE_QUESTION_BANK (sl_question_bank_get_type ())

G_DECLARE_FINAL_TYPE (SlQuestionBank, sl_question_bank, SL, QUESTION_BANK, GObject)

/* The curated bank shipped as questions.json in the data directory
 * (SHORTLIST_DATADIR when set, else the installed pkgdatadir). */
SlQuestionBank *sl_question_bank_new_default (GError         **error) G_GNUC_WARN_UNUSED_RESULT;
SlQuestionBank *sl_question_bank_new_from_file (const char     *path,
                                                GError        **error) G_GNUC_WARN_UNUSED_RESULT;
guint           sl_question_bank_get_n_questions (SlQuestionBank *self);
/* Borrowed. */
SlQuestion     *sl_question_bank_get_question  (SlQuestionBank *self,
                                                guint           index);
/* Questions of the given kinds that suit one of the roles (or "any");
 * role-specific matches first. New references. */
GPtrArray      *sl_question_bank_list          (SlQuestionBank     *self,
                                                SlQuestionKind      kinds,
                                                const char * const *roles) G_GNUC_WARN_UNUSED_RESULT;

/* The data directory the app reads at run time. */
char           *sl_question_bank_dup_data_dir  (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
