#define G_LOG_DOMAIN "sl-embedder"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-embedder.h"

G_DEFINE_QUARK (sl-embedder-error-quark, sl_embedder_error)
G_DEFINE_INTERFACE (SlEmbedder, sl_embedder, G_TYPE_OBJECT)

static void
sl_embedder_default_init (SlEmbedderInterface *iface)
{
}

const char *
sl_embedder_get_model_id (SlEmbedder *self)
{
  g_return_val_if_fail (SL_IS_EMBEDDER (self), NULL);
  return SL_EMBEDDER_GET_IFACE (self)->get_model_id (self);
}

guint
sl_embedder_get_dimension (SlEmbedder *self)
{
  g_return_val_if_fail (SL_IS_EMBEDDER (self), 0);
  return SL_EMBEDDER_GET_IFACE (self)->get_dimension (self);
}

gboolean
sl_embedder_embed_batch (SlEmbedder          *self,
                         const char * const  *texts,
                         guint                n_texts,
                         float               *out,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_return_val_if_fail (SL_IS_EMBEDDER (self), FALSE);
  g_return_val_if_fail (n_texts == 0 || (texts != NULL && out != NULL), FALSE);

  if (n_texts == 0)
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  for (guint i = 0; i < n_texts; i++)
    {
      if (texts[i] == NULL || !g_utf8_validate (texts[i], -1, NULL))
        {
          g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT,
                       _("Text %u to embed is not valid UTF-8"), i + 1);
          return FALSE;
        }
    }
  return SL_EMBEDDER_GET_IFACE (self)->embed_batch (self, texts, n_texts, out, cancellable, error);
}

float *
sl_embedder_embed (SlEmbedder    *self,
                   const char    *text,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree float *out = NULL;
  const char *texts[] = { text };

  g_return_val_if_fail (SL_IS_EMBEDDER (self), NULL);

  out = g_new0 (float, sl_embedder_get_dimension (self));
  if (!sl_embedder_embed_batch (self, texts, 1, out, cancellable, error))
    return NULL;
  return g_steal_pointer (&out);
}
