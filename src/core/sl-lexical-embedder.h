#pragma once

#include <gio/gio.h>

#include "sl-embedder.h"

G_BEGIN_DECLS

/* Dimension of the hashed feature space; see sl-lexical-embedder.c for why. */
#define SL_LEXICAL_EMBEDDER_DEFAULT_DIMENSION 512

/* Maps a normalised (case-folded) word or phrase of one to three words to
 * the canonical name of a concept, or NULL. Called from worker threads. */
typedef const char *(*SlConceptFunc) (const char *phrase,
                                      gpointer    user_data);

#define SL_TYPE_LEXICAL_EMBEDDER (sl_lexical_embedder_get_type ())

G_DECLARE_FINAL_TYPE (SlLexicalEmbedder, sl_lexical_embedder, SL, LEXICAL_EMBEDDER, GObject)

/* dimension 0 picks SL_LEXICAL_EMBEDDER_DEFAULT_DIMENSION. */
SlLexicalEmbedder *sl_lexical_embedder_new                  (guint               dimension) G_GNUC_WARN_UNUSED_RESULT;
/* Replaces the concept mapping (NULL: none). The default is the small
 * built-in table of sl_lexical_embedder_builtin_concept(). Vectors made
 * with different mappings must never meet, so the model id names the
 * mapping: "lexical-v1/512" with the built-in table, "lexical-v1/512+ID"
 * with another one (@concepts_id, e.g. "skills" for the skills taxonomy;
 * NULL names no mapping "none" and any other "custom"). Call it before the
 * embedder is used: the id of a running embedder must not change. */
void               sl_lexical_embedder_set_concept_func     (SlLexicalEmbedder  *self,
                                                             const char         *concepts_id,
                                                             SlConceptFunc       func,
                                                             gpointer            user_data,
                                                             GDestroyNotify      destroy);
/* A few common abbreviations (JS, K8s, Postgres, …), for tests and as a fallback. */
const char        *sl_lexical_embedder_builtin_concept      (const char         *phrase,
                                                             gpointer            user_data);

/* Whether a case-folded word is too common to carry meaning ("and", "the", …). */
gboolean           sl_lexical_embedder_is_stopword          (const char         *word);

/* The distinct features of a text, as counted in document frequencies
 * ("w:" words, "c:" concepts). */
GStrv              sl_lexical_embedder_extract_terms        (SlLexicalEmbedder  *self,
                                                             const char         *text) G_GNUC_WARN_UNUSED_RESULT;
/* Replaces the corpus statistics: term → document frequency (GINT_TO_POINTER), and N. */
void               sl_lexical_embedder_set_term_stats       (SlLexicalEmbedder  *self,
                                                             GHashTable         *doc_freq,
                                                             gint64              n_documents);
/* Adds (sign 1) or removes (sign -1) the terms of one document to the statistics. */
void               sl_lexical_embedder_count_document       (SlLexicalEmbedder  *self,
                                                             const char * const *terms,
                                                             int                 sign);
gint64             sl_lexical_embedder_get_n_documents      (SlLexicalEmbedder  *self);
guint              sl_lexical_embedder_get_document_frequency (SlLexicalEmbedder *self,
                                                               const char        *term);

G_END_DECLS
