#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_EMBEDDER_ERROR (sl_embedder_error_quark ())

typedef enum
{
  SL_EMBEDDER_ERROR_FAILED,
  SL_EMBEDDER_ERROR_UNAVAILABLE,   /* provider not configured, offline, no weights */
  SL_EMBEDDER_ERROR_INVALID_INPUT,
} SlEmbedderError;

GQuark sl_embedder_error_quark (void);

#define SL_TYPE_EMBEDDER (sl_embedder_get_type ())

G_DECLARE_INTERFACE (SlEmbedder, sl_embedder, SL, EMBEDDER, GObject)

struct _SlEmbedderInterface
{
  GTypeInterface parent_iface;

  const char *(*get_model_id)  (SlEmbedder          *self);
  guint       (*get_dimension) (SlEmbedder          *self);
  /* Fills out (n_texts × dimension floats, row-major) with L2-normalised
   * vectors. Called from worker threads: implementations are thread-safe. */
  gboolean    (*embed_batch)   (SlEmbedder          *self,
                                const char * const  *texts,
                                guint                n_texts,
                                float               *out,
                                GCancellable        *cancellable,
                                GError             **error);
};

/* A stable identifier that includes the dimension, e.g. "lexical-v1/384". */
const char *sl_embedder_get_model_id  (SlEmbedder          *self);
guint       sl_embedder_get_dimension (SlEmbedder          *self);
gboolean    sl_embedder_embed_batch   (SlEmbedder          *self,
                                       const char * const  *texts,
                                       guint                n_texts,
                                       float               *out,
                                       GCancellable        *cancellable,
                                       GError             **error);
/* One text; returns a newly allocated vector of get_dimension() floats. */
float      *sl_embedder_embed         (SlEmbedder          *self,
                                       const char          *text,
                                       GCancellable        *cancellable,
                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
