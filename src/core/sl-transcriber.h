#pragma once

#include <gio/gio.h>

#include "sl-speech-transcript.h"

G_BEGIN_DECLS

#define SL_TRANSCRIBER_ERROR (sl_transcriber_error_quark ())

typedef enum
{
  SL_TRANSCRIBER_ERROR_FAILED,
  SL_TRANSCRIBER_ERROR_UNAVAILABLE,   /* engine or model not installed, not configured, offline */
  SL_TRANSCRIBER_ERROR_UNSUPPORTED,   /* the audio cannot be read */
} SlTranscriberError;

GQuark sl_transcriber_error_quark (void);

/* Called on the thread that started the operation, a few times a second
 * at most, with a fraction from 0 to 1. */
typedef void (*SlTranscriberProgress) (double   fraction,
                                       gpointer user_data);

#define SL_TYPE_TRANSCRIBER (sl_transcriber_get_type ())

G_DECLARE_INTERFACE (SlTranscriber, sl_transcriber, SL, TRANSCRIBER, GObject)

struct _SlTranscriberInterface
{
  GTypeInterface parent_iface;

  /* A stable id such as "pocketsphinx-en-us" or "amazon-transcribe". */
  const char         *(*get_engine_id) (SlTranscriber          *self);
  /* Blocking; runs on a worker thread. keywords are words worth
   * spotting (expected keywords); fillers are always looked for.
   * progress is called from the worker: implementations must not
   * assume a thread. */
  SlSpeechTranscript *(*transcribe)    (SlTranscriber          *self,
                                        const char             *path,
                                        const char * const     *keywords,
                                        SlTranscriberProgress   progress,
                                        gpointer                progress_data,
                                        GCancellable           *cancellable,
                                        GError                **error);
};

const char         *sl_transcriber_get_engine_id     (SlTranscriber          *self);
/* The synchronous form, for workers and the CLI. */
SlSpeechTranscript *sl_transcriber_transcribe        (SlTranscriber          *self,
                                                      const char             *path,
                                                      const char * const     *keywords,
                                                      GCancellable           *cancellable,
                                                      GError                **error) G_GNUC_WARN_UNUSED_RESULT;
/* progress, if not NULL, runs on the caller's thread-default main context. */
void                sl_transcriber_transcribe_async  (SlTranscriber          *self,
                                                      const char             *path,
                                                      const char * const     *keywords,
                                                      SlTranscriberProgress   progress,
                                                      gpointer                progress_data,
                                                      GCancellable           *cancellable,
                                                      GAsyncReadyCallback     callback,
                                                      gpointer                user_data);
SlSpeechTranscript *sl_transcriber_transcribe_finish (SlTranscriber          *self,
                                                      GAsyncResult           *result,
                                                      GError                **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
