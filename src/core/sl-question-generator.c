#define G_LOG_DOMAIN "sl-question-generator"

#include "config.h"

#include "sl-question-generator.h"

G_DEFINE_INTERFACE (SlQuestionGenerator, sl_question_generator, G_TYPE_OBJECT)

G_DEFINE_QUARK (sl-question-generator-error-quark, sl_question_generator_error)

G_DEFINE_BOXED_TYPE (SlQuestionRequest, sl_question_request, sl_question_request_copy, sl_question_request_free)

static void
sl_question_generator_default_init (SlQuestionGeneratorInterface *iface)
{
}

SlQuestionRequest *
sl_question_request_new (void)
{
  SlQuestionRequest *request = g_new0 (SlQuestionRequest, 1);

  request->count = 8;
  request->kinds = SL_QUESTION_KIND_ALL;
  return request;
}

SlQuestionRequest *
sl_question_request_copy (const SlQuestionRequest *request)
{
  SlQuestionRequest *copy = g_new0 (SlQuestionRequest, 1);

  copy->job_title = g_strdup (request->job_title);
  copy->job_description = g_strdup (request->job_description);
  copy->mandatory_skills = g_strdupv (request->mandatory_skills);
  copy->preferred_skills = g_strdupv (request->preferred_skills);
  copy->candidate_skills = g_strdupv (request->candidate_skills);
  copy->count = request->count;
  copy->kinds = request->kinds;
  copy->seed = request->seed;
  copy->exclude = g_strdupv (request->exclude);
  return copy;
}

void
sl_question_request_free (SlQuestionRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->job_title);
  g_free (request->job_description);
  g_strfreev (request->mandatory_skills);
  g_strfreev (request->preferred_skills);
  g_strfreev (request->candidate_skills);
  g_strfreev (request->exclude);
  g_free (request);
}

const char *
sl_question_generator_get_id (SlQuestionGenerator *self)
{
  g_return_val_if_fail (SL_IS_QUESTION_GENERATOR (self), NULL);

  return SL_QUESTION_GENERATOR_GET_IFACE (self)->get_id (self);
}

GPtrArray *
sl_question_generator_generate (SlQuestionGenerator      *self,
                                const SlQuestionRequest  *request,
                                GCancellable             *cancellable,
                                GError                  **error)
{
  g_return_val_if_fail (SL_IS_QUESTION_GENERATOR (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  return SL_QUESTION_GENERATOR_GET_IFACE (self)->generate (self, request, cancellable, error);
}

GPtrArray *
sl_question_generator_generate_with_fallback (SlQuestionGenerator     *primary,
                                              SlQuestionGenerator     *fallback,
                                              const SlQuestionRequest *request,
                                              GCancellable            *cancellable,
                                              GError                 **error)
{
  g_return_val_if_fail (primary == NULL || SL_IS_QUESTION_GENERATOR (primary), NULL);
  g_return_val_if_fail (SL_IS_QUESTION_GENERATOR (fallback), NULL);

  if (primary != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      GPtrArray *questions = sl_question_generator_generate (primary, request, cancellable, &local_error);

      if (questions != NULL && questions->len > 0)
        return questions;
      g_clear_pointer (&questions, g_ptr_array_unref);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_debug ("%s failed (%s); using %s", sl_question_generator_get_id (primary),
               local_error != NULL ? local_error->message : "no questions",
               sl_question_generator_get_id (fallback));
    }
  return sl_question_generator_generate (fallback, request, cancellable, error);
}

typedef struct
{
  SlQuestionGenerator *primary;
  SlQuestionRequest   *request;
} GenerateData;

static void
generate_data_free (GenerateData *data)
{
  g_clear_object (&data->primary);
  sl_question_request_free (data->request);
  g_free (data);
}

static void
generate_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GenerateData *data = task_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *questions;

  if (g_task_return_error_if_cancelled (task))
    return;
  questions = sl_question_generator_generate_with_fallback (data->primary, source_object, data->request,
                                                            cancellable, &error);
  if (questions == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, questions, (GDestroyNotify)g_ptr_array_unref);
}

void
sl_question_generator_generate_async (SlQuestionGenerator     *primary,
                                      SlQuestionGenerator     *fallback,
                                      const SlQuestionRequest *request,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GenerateData *data;

  g_return_if_fail (primary == NULL || SL_IS_QUESTION_GENERATOR (primary));
  g_return_if_fail (SL_IS_QUESTION_GENERATOR (fallback));
  g_return_if_fail (request != NULL);

  data = g_new0 (GenerateData, 1);
  data->primary = primary != NULL ? g_object_ref (primary) : NULL;
  data->request = sl_question_request_copy (request);

  task = g_task_new (fallback, cancellable, callback, user_data);
  g_task_set_source_tag (task, sl_question_generator_generate_async);
  g_task_set_task_data (task, data, (GDestroyNotify)generate_data_free);
  g_task_run_in_thread (task, generate_worker);
}

GPtrArray *
sl_question_generator_generate_finish (SlQuestionGenerator  *fallback,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, fallback), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
