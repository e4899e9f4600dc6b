#pragma once

#include "sl-embedder.h"
#include "sl-store.h"

G_BEGIN_DECLS

/* The offline default. */
#define SL_EMBEDDER_PROVIDER_LEXICAL "lexical"
#define SL_EMBEDDER_PROVIDER_BEDROCK "bedrock"

/* An embedder for a provider name (NULL: the default). The lexical embedder
 * maps skill aliases to one concept through the store's skills taxonomy.
 * Providers that are not configured fail with SL_EMBEDDER_ERROR_UNAVAILABLE. */
SlEmbedder *sl_embedder_new_for_provider (SlStore     *store,
                                          const char  *provider,
                                          GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
