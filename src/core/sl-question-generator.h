#pragma once

#include <gio/gio.h>

#include "sl-question.h"

G_BEGIN_DECLS

#define SL_QUESTION_GENERATOR_ERROR (sl_question_generator_error_quark ())

typedef enum
{
  SL_QUESTION_GENERATOR_ERROR_FAILED,
  SL_QUESTION_GENERATOR_ERROR_UNAVAILABLE,   /* not configured, offline, no credentials */
  SL_QUESTION_GENERATOR_ERROR_INVALID,       /* bad request or unusable response */
} SlQuestionGeneratorError;

GQuark sl_question_generator_error_quark (void);

/* What to generate questions for. Plain data, copied for workers. */
typedef struct
{
  char           *job_title;          /* may be NULL */
  char           *job_description;    /* may be NULL (generic questions) */
  GStrv           mandatory_skills;   /* NULL: extracted from the description */
  GStrv           preferred_skills;   /* NULL: extracted from the description */
  GStrv           candidate_skills;   /* from the resume, may be NULL */
  guint           count;              /* default 8 */
  SlQuestionKind  kinds;              /* default all */
  guint32         seed;               /* another seed regenerates other questions */
  GStrv           exclude;            /* texts already in the session */
} SlQuestionRequest;

#define SL_TYPE_QUESTION_REQUEST (sl_question_request_get_type ())

GType              sl_question_request_get_type (void) G_GNUC_CONST;
SlQuestionRequest *sl_question_request_new      (void) G_GNUC_WARN_UNUSED_RESULT;
SlQuestionRequest *sl_question_request_copy     (const SlQuestionRequest *request) G_GNUC_WARN_UNUSED_RESULT;
void               sl_question_request_free     (SlQuestionRequest       *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlQuestionRequest, sl_question_request_free)

#define SL_TYPE_QUESTION_GENERATOR (sl_question_generator_get_type ())

G_DECLARE_INTERFACE (SlQuestionGenerator, sl_question_generator, SL, QUESTION_GENERATOR, GObject)

struct _SlQuestionGeneratorInterface
{
  GTypeInterface parent_iface;

  /* "local", "bedrock-claude", … */
  const char *(*get_id)   (SlQuestionGenerator      *self);
  /* Blocking, on a worker: returns SlQuestion objects, no duplicates,
   * only the requested kinds. */
  GPtrArray  *(*generate) (SlQuestionGenerator      *self,
                           const SlQuestionRequest  *request,
                           GCancellable             *cancellable,
                           GError                  **error);
};

const char *sl_question_generator_get_id          (SlQuestionGenerator      *self);
GPtrArray  *sl_question_generator_generate        (SlQuestionGenerator      *self,
                                                   const SlQuestionRequest  *request,
                                                   GCancellable             *cancellable,
                                                   GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
/* Tries primary (an LLM-backed generator, may be NULL) and falls back to
 * fallback (the local generator) when it fails for any reason other than
 * cancellation. */
GPtrArray  *sl_question_generator_generate_with_fallback (SlQuestionGenerator     *primary,
                                                          SlQuestionGenerator     *fallback,
                                                          const SlQuestionRequest *request,
                                                          GCancellable            *cancellable,
                                                          GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same in a worker thread; the request is copied. */
void        sl_question_generator_generate_async  (SlQuestionGenerator      *primary,
                                                   SlQuestionGenerator      *fallback,
                                                   const SlQuestionRequest  *request,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
GPtrArray  *sl_question_generator_generate_finish (SlQuestionGenerator      *fallback,
                                                   GAsyncResult             *result,
                                                   GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
