/* sl-lexical-embedder.c: the built-in embedder, which needs no model weights.
 *
 * A text becomes sparse features: normalised words ("w:") and concepts
 * ("c:"): every word and every phrase of two or three words goes through the
 * concept function, so "K8s" and "Kubernetes" meet, and so do "machine
 * learning" and "ML". Each feature is weighted by sublinear term frequency
 * (1 + ln tf) times a smoothed IDF from the user's own corpus,
 * ln ((N + 1) / (df + 1)) + 1, and hashed with a sign into a fixed number of
 * dimensions (the signed hashing trick keeps inner products unbiased under
 * collisions). The vector is L2-normalised.
 *
 * Word pairs as features of their own were measured and left out: with the
 * quality harness (tests/bench, resume corpus, 17 job descriptions) they
 * doubled the features per resume and so the collisions, and cost 0.08
 * nDCG@R at 512 dimensions (0.955 without, 0.877 with). Phrases that mean
 * something still count, as concepts.
 *
 * Dimension: 512 by default. Measured nDCG@R (job descriptions as queries)
 * by dimension: 256 0.881, 384 0.927, 512 0.955, 768 0.964, 1024 0.975;
 * nDCG@10 reaches 1.0 from 512 on. 512 is where the curve bends: 100,000
 * candidates take 205 MB and one exact query reads them in about 5 ms,
 * while 1024 would double both for 0.02.
 */
#define G_LOG_DOMAIN "sl-lexical-embedder"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-lexical-embedder.h"

#define WEIGHT_WORD    1.0
#define WEIGHT_CONCEPT 1.0
#define MAX_TEXT_BYTES (1024 * 1024)

struct _SlLexicalEmbedder
{
  GObject         parent_instance;

  guint           dim;
  char           *model_id;
  GPtrArray      *old_model_ids;

  GRWLock         lock;
  GHashTable     *doc_freq;     /* term → df */
  gint64          n_documents;
  SlConceptFunc   concept_func;
  gpointer        concept_data;
  GDestroyNotify  concept_destroy;
};

static void embedder_iface_init (SlEmbedderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlLexicalEmbedder, sl_lexical_embedder, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_EMBEDDER, embedder_iface_init))

static const char * const stopwords[] = {
  "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
  "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "each",
  "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is",
  "it", "its", "me", "more", "most", "my", "no", "not", "of", "on", "or", "other", "our", "out",
  "over", "per", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there",
  "these", "they", "this", "those", "through", "to", "up", "us", "using", "was", "we", "were",
  "what", "when", "where", "which", "while", "who", "will", "with", "within", "would", "you",
  "your",
};

/* Canonical names map to themselves so that both spellings share a concept. */
static const struct { const char *alias; const char *concept; } builtin_concepts[] = {
  { "js", "JavaScript" }, { "javascript", "JavaScript" }, { "ecmascript", "JavaScript" },
  { "ts", "TypeScript" }, { "typescript", "TypeScript" },
  { "k8s", "Kubernetes" }, { "kubernetes", "Kubernetes" },
  { "postgres", "PostgreSQL" }, { "postgresql", "PostgreSQL" }, { "psql", "PostgreSQL" },
  { "golang", "Go" }, { "go", "Go" },
  { "py", "Python" }, { "python", "Python" },
  { "ml", "Machine learning" }, { "machine learning", "Machine learning" },
  { "ai", "Artificial intelligence" }, { "artificial intelligence", "Artificial intelligence" },
  { "aws", "Amazon Web Services" }, { "amazon web services", "Amazon Web Services" },
  { "gcp", "Google Cloud Platform" }, { "google cloud", "Google Cloud Platform" },
  { "google cloud platform", "Google Cloud Platform" },
  { "sklearn", "scikit-learn" }, { "scikit learn", "scikit-learn" },
  { "scikit-learn", "scikit-learn" },
  { "react.js", "React" }, { "reactjs", "React" }, { "react", "React" },
  { "node", "Node.js" }, { "node.js", "Node.js" }, { "nodejs", "Node.js" },
  { "ci/cd", "CI/CD" }, { "ci cd", "CI/CD" }, { "continuous integration", "CI/CD" },
  { "sql", "SQL" }, { "structured query language", "SQL" },
  { "ux", "User experience design" }, { "user experience", "User experience design" },
  { "seo", "Search engine optimization" },
  { "search engine optimization", "Search engine optimization" },
  { "crm", "Customer relationship management" },
  { "customer relationship management", "Customer relationship management" },
  { "sfdc", "Salesforce" }, { "salesforce", "Salesforce" },
  { "excel", "Microsoft Excel" }, { "ms excel", "Microsoft Excel" },
  { "microsoft excel", "Microsoft Excel" },
  { "rn", "Registered nurse" }, { "registered nurse", "Registered nurse" },
  { "hr", "Human resources" }, { "human resources", "Human resources" },
};

const char *
sl_lexical_embedder_builtin_concept (const char *phrase,
                                     gpointer    user_data)
{
  static GHashTable *table = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (builtin_concepts); i++)
        g_hash_table_insert (table, (gpointer)builtin_concepts[i].alias,
                             (gpointer)builtin_concepts[i].concept);
      g_once_init_leave (&initialized, 1);
    }
  return phrase != NULL ? g_hash_table_lookup (table, phrase) : NULL;
}

gboolean
sl_lexical_embedder_is_stopword (const char *word)
{
  static GHashTable *table = NULL;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      table = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < G_N_ELEMENTS (stopwords); i++)
        g_hash_table_add (table, (gpointer)stopwords[i]);
      g_once_init_leave (&initialized, 1);
    }
  return g_hash_table_contains (table, word);
}

static gboolean
is_number (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '.' && *p != '+' && *p != '#')
        return FALSE;
    }
  return TRUE;
}

/* Case-folded, compatibility-normalised tokens. Letters, digits, “+” and “#”
 * belong to a word (C++, C#); a “.” or “/” between two of them too (Node.js, CI/CD). */
static GPtrArray *
tokenize (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *normal = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);
  const char *p;

  folded = g_utf8_casefold (text, MIN (strlen (text), MAX_TEXT_BYTES));
  normal = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
  if (normal == NULL)
    {
      g_string_free (word, TRUE);
      return tokens;
    }

  for (p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean inside = g_unichar_isalnum (c) || c == '+' || c == '#';

      if (!inside && (c == '.' || c == '/') && word->len > 0)
        {
          const char *next = g_utf8_next_char (p);

          inside = *next != '\0' && g_unichar_isalnum (g_utf8_get_char (next));
        }
      if (inside)
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          g_ptr_array_add (tokens, g_strndup (word->str, word->len));
          g_string_truncate (word, 0);
        }
    }
  if (word->len > 0)
    g_ptr_array_add (tokens, g_strndup (word->str, word->len));
  g_string_free (word, TRUE);
  return tokens;
}

static void
count_feature (GHashTable *counts,
               char       *feature)
{
  gpointer old = NULL;

  if (g_hash_table_lookup_extended (counts, feature, NULL, &old))
    {
      g_hash_table_insert (counts, feature, GINT_TO_POINTER (GPOINTER_TO_INT (old) + 1));
      return;
    }
  g_hash_table_insert (counts, feature, GINT_TO_POINTER (1));
}

/* Feature → count for one text. Takes the read lock for the concept function. */
static GHashTable *
extract_features (SlLexicalEmbedder *self,
                  const char        *text)
{
  g_autoptr(GPtrArray) tokens = tokenize (text);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      if ((strlen (token) >= 2 || g_ascii_isalpha (token[0])) &&
          !sl_lexical_embedder_is_stopword (token) && !is_number (token))
        count_feature (counts, g_strconcat ("w:", token, NULL));
    }

  g_rw_lock_reader_lock (&self->lock);
  if (self->concept_func != NULL)
    {
      for (guint i = 0; i < tokens->len; i++)
        {
          GString *phrase = g_string_new (NULL);

          for (guint n = 0; n < 3 && i + n < tokens->len; n++)
            {
              const char *concept;

              if (n > 0)
                g_string_append_c (phrase, ' ');
              g_string_append (phrase, g_ptr_array_index (tokens, i + n));
              if ((concept = self->concept_func (phrase->str, self->concept_data)) != NULL)
                count_feature (counts, g_strconcat ("c:", concept, NULL));
            }
          g_string_free (phrase, TRUE);
        }
    }
  g_rw_lock_reader_unlock (&self->lock);

  return counts;
}

/* FNV-1a, 64 bits: stable across platforms and releases (vectors are stored). */
static guint64
hash_feature (const char *feature)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (const guchar *p = (const guchar *)feature; *p != '\0'; p++)
    {
      h ^= *p;
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  /* Final mix so that the low bits (the bucket) depend on every byte. */
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  return h;
}

static double
feature_weight (const char *feature)
{
  return feature[0] == 'c' ? WEIGHT_CONCEPT : WEIGHT_WORD;
}

static void
embed_one (SlLexicalEmbedder *self,
           const char        *text,
           float             *out)
{
  g_autoptr(GHashTable) counts = extract_features (self, text);
  g_autofree double *acc = g_new0 (double, self->dim);
  GHashTableIter iter;
  gpointer key, value;
  double norm = 0;

  g_rw_lock_reader_lock (&self->lock);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *feature = key;
      guint64 h = hash_feature (feature);
      double df = GPOINTER_TO_UINT (g_hash_table_lookup (self->doc_freq, feature));
      double idf = log ((self->n_documents + 1.0) / (df + 1.0)) + 1.0;
      double w = (1.0 + log (GPOINTER_TO_INT (value))) * idf * feature_weight (feature);

      acc[h % self->dim] += (h >> 63) ? -w : w;
    }
  g_rw_lock_reader_unlock (&self->lock);

  for (guint j = 0; j < self->dim; j++)
    norm += acc[j] * acc[j];
  norm = norm > 0 ? 1.0 / sqrt (norm) : 0;
  for (guint j = 0; j < self->dim; j++)
    out[j] = (float)(acc[j] * norm);
}

static const char *
get_model_id (SlEmbedder *embedder)
{
  return SL_LEXICAL_EMBEDDER (embedder)->model_id;
}

static guint
get_dimension (SlEmbedder *embedder)
{
  return SL_LEXICAL_EMBEDDER (embedder)->dim;
}

static gboolean
embed_batch (SlEmbedder          *embedder,
             const char * const  *texts,
             guint                n_texts,
             float               *out,
             GCancellable        *cancellable,
             GError             **error)
{
  SlLexicalEmbedder *self = SL_LEXICAL_EMBEDDER (embedder);

  for (guint i = 0; i < n_texts; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      embed_one (self, texts[i], out + (gsize)i * self->dim);
    }
  return TRUE;
}

static void
embedder_iface_init (SlEmbedderInterface *iface)
{
  iface->get_model_id = get_model_id;
  iface->get_dimension = get_dimension;
  iface->embed_batch = embed_batch;
}

static void
sl_lexical_embedder_finalize (GObject *object)
{
  SlLexicalEmbedder *self = (SlLexicalEmbedder *)object;

  if (self->concept_destroy != NULL)
    self->concept_destroy (self->concept_data);
  g_clear_pointer (&self->doc_freq, g_hash_table_unref);
  g_clear_pointer (&self->model_id, g_free);
  g_clear_pointer (&self->old_model_ids, g_ptr_array_unref);
  g_rw_lock_clear (&self->lock);

  G_OBJECT_CLASS (sl_lexical_embedder_parent_class)->finalize (object);
}

static void
sl_lexical_embedder_class_init (SlLexicalEmbedderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_lexical_embedder_finalize;
}

static void
sl_lexical_embedder_init (SlLexicalEmbedder *self)
{
  g_rw_lock_init (&self->lock);
  self->doc_freq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->concept_func = sl_lexical_embedder_builtin_concept;
  self->old_model_ids = g_ptr_array_new_with_free_func (g_free);
}

SlLexicalEmbedder *
sl_lexical_embedder_new (guint dimension)
{
  SlLexicalEmbedder *self = g_object_new (SL_TYPE_LEXICAL_EMBEDDER, NULL);

  self->dim = dimension > 0 ? dimension : SL_LEXICAL_EMBEDDER_DEFAULT_DIMENSION;
  /* The version changes whenever features, weights or hashing change. */
  self->model_id = g_strdup_printf ("lexical-v1/%u", self->dim);
  return self;
}

void
sl_lexical_embedder_set_concept_func (SlLexicalEmbedder *self,
                                      const char        *concepts_id,
                                      SlConceptFunc      func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;
  char *model_id;

  g_return_if_fail (SL_IS_LEXICAL_EMBEDDER (self));
  g_return_if_fail (concepts_id == NULL || (concepts_id[0] != '\0' && strchr (concepts_id, '/') == NULL));

  if (func == sl_lexical_embedder_builtin_concept && concepts_id == NULL)
    model_id = g_strdup_printf ("lexical-v1/%u", self->dim);
  else
    model_id = g_strdup_printf ("lexical-v1/%u+%s", self->dim,
                                concepts_id != NULL ? concepts_id : func == NULL ? "none" : "custom");

  g_rw_lock_writer_lock (&self->lock);
  old_destroy = self->concept_destroy;
  old_data = self->concept_data;
  self->concept_func = func;
  self->concept_data = user_data;
  self->concept_destroy = destroy;
  /* A caller may still hold the old id: keep it until finalize. */
  g_ptr_array_add (self->old_model_ids, self->model_id);
  self->model_id = model_id;
  g_rw_lock_writer_unlock (&self->lock);

  if (old_destroy != NULL)
    old_destroy (old_data);
}

GStrv
sl_lexical_embedder_extract_terms (SlLexicalEmbedder *self,
                                   const char        *text)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SL_IS_LEXICAL_EMBEDDER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  counts = extract_features (self, text);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (builder, key);
  return g_strv_builder_end (builder);
}

void
sl_lexical_embedder_set_term_stats (SlLexicalEmbedder *self,
                                    GHashTable        *doc_freq,
                                    gint64             n_documents)
{
  g_return_if_fail (SL_IS_LEXICAL_EMBEDDER (self));
  g_return_if_fail (doc_freq != NULL);

  g_rw_lock_writer_lock (&self->lock);
  g_hash_table_unref (self->doc_freq);
  self->doc_freq = g_hash_table_ref (doc_freq);
  self->n_documents = MAX (n_documents, 0);
  g_rw_lock_writer_unlock (&self->lock);
}

void
sl_lexical_embedder_count_document (SlLexicalEmbedder  *self,
                                    const char * const *terms,
                                    int                 sign)
{
  g_return_if_fail (SL_IS_LEXICAL_EMBEDDER (self));
  g_return_if_fail (sign == 1 || sign == -1);

  g_rw_lock_writer_lock (&self->lock);
  self->n_documents = MAX (self->n_documents + sign, 0);
  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    {
      int df = GPOINTER_TO_INT (g_hash_table_lookup (self->doc_freq, terms[i])) + sign;

      if (df <= 0)
        g_hash_table_remove (self->doc_freq, terms[i]);
      else
        g_hash_table_insert (self->doc_freq, g_strdup (terms[i]), GINT_TO_POINTER (df));
    }
  g_rw_lock_writer_unlock (&self->lock);
}

gint64
sl_lexical_embedder_get_n_documents (SlLexicalEmbedder *self)
{
  gint64 n;

  g_return_val_if_fail (SL_IS_LEXICAL_EMBEDDER (self), 0);

  g_rw_lock_reader_lock (&self->lock);
  n = self->n_documents;
  g_rw_lock_reader_unlock (&self->lock);
  return n;
}

guint
sl_lexical_embedder_get_document_frequency (SlLexicalEmbedder *self,
                                            const char        *term)
{
  guint df;

  g_return_val_if_fail (SL_IS_LEXICAL_EMBEDDER (self), 0);

  g_rw_lock_reader_lock (&self->lock);
  df = GPOINTER_TO_UINT (g_hash_table_lookup (self->doc_freq, term));
  g_rw_lock_reader_unlock (&self->lock);
  return df;
}
