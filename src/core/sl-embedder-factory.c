#define G_LOG_DOMAIN "sl-embedder-factory"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-bedrock-embedder.h"
#include "sl-embedder-factory.h"
#include "sl-lexical-embedder.h"
#include "sl-skill-taxonomy.h"
#include "sl-store-skills.h"

static const char *
taxonomy_concept (const char *phrase,
                  gpointer    user_data)
{
  const char *canonical = sl_skill_taxonomy_lookup (user_data, phrase);

  /* Skills the taxonomy does not know may still be common abbreviations. */
  return canonical != NULL ? canonical : sl_lexical_embedder_builtin_concept (phrase, NULL);
}

static SlEmbedder *
new_lexical (SlStore  *store,
             GError  **error)
{
  g_autoptr(SlLexicalEmbedder) embedder = sl_lexical_embedder_new (0);
  g_autoptr(SlSkillTaxonomy) taxonomy = NULL;
  g_autoptr(GError) local_error = NULL;

  if (store != NULL)
    taxonomy = sl_store_dup_taxonomy (store, &local_error);
  else
    taxonomy = sl_skill_taxonomy_new_default (&local_error);

  /* Without the taxonomy the embedder still works, with fewer concepts. */
  if (taxonomy == NULL)
    g_debug ("Embedding without the skills taxonomy: %s", local_error->message);
  else
    sl_lexical_embedder_set_concept_func (embedder, "skills", taxonomy_concept,
                                          g_steal_pointer (&taxonomy), g_object_unref);

  return SL_EMBEDDER (g_steal_pointer (&embedder));
}

SlEmbedder *
sl_embedder_new_for_provider (SlStore     *store,
                              const char  *provider,
                              GError     **error)
{
  g_return_val_if_fail (store == NULL || SL_IS_STORE (store), NULL);

  if (provider == NULL || g_str_equal (provider, SL_EMBEDDER_PROVIDER_LEXICAL))
    return new_lexical (store, error);

  if (g_str_equal (provider, SL_EMBEDDER_PROVIDER_BEDROCK))
    return sl_bedrock_embedder_new_from_settings (store, error);

  g_set_error (error, SL_EMBEDDER_ERROR, SL_EMBEDDER_ERROR_INVALID_INPUT,
               _("Unknown embedding provider “%s”: use lexical or bedrock"), provider);
  return NULL;
}
