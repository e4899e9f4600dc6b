#pragma once

#include "sl-store.h"

G_BEGIN_DECLS

/* Remote embeddings keyed by model and SHA-256 of the text (table
 * embedding_cache), so the same text is never paid for twice. */

/* Fills out[i × dimension …] and found[i] for each hash present. */
gboolean sl_store_embedding_cache_lookup (SlStore             *self,
                                          const char          *model,
                                          const char * const  *text_sha256,
                                          guint                n_texts,
                                          guint                dimension,
                                          float               *out,
                                          gboolean            *found,
                                          GError             **error);
/* Stores n vectors in one transaction (replacing older copies). */
gboolean sl_store_embedding_cache_put    (SlStore             *self,
                                          const char          *model,
                                          const char * const  *text_sha256,
                                          guint                n_texts,
                                          guint                dimension,
                                          const float         *vectors,
                                          GError             **error);

G_END_DECLS
