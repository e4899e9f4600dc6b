/* sl-screening.c: score a job's candidates, decide, and explain.
 *
 * Components, each from 0 to 1:
 *   similarity      cosine of the job's and the resume's vectors, rescaled
 *                   from [0.05, 0.45] (the lexical embedder's range from an
 *                   unrelated to a same-field resume on the resume corpus)
 *   skill coverage  (2 × mandatory + preferred) / 3, the share of the job's
 *                   skills the candidate has (names or aliases)
 *   experience fit  years / required years, at most 1
 *   education fit   1 at or above the required level, 0.5 one level below,
 *                   else 0
 * Without a trained model the score is the documented blend
 *   100 × (0.40 similarity + 0.35 skills + 0.15 experience + 0.10 education);
 * a job that lists no skills gives their weight to similarity. The decision
 * is SHORTLIST at or above the threshold (60 by default). The classifier of
 * a trained model (0.6 × this score + 0.4 × 100 × probability) is added by
 * the review and training work; until then classifier is NAN and stored NULL.
 */
#define G_LOG_DOMAIN "sl-screening"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sl-candidate.h"
#include "sl-screening.h"
#include "sl-store-matching.h"
#include "sl-store-screening.h"

#define SIMILARITY_LOW   0.05
#define SIMILARITY_HIGH  0.45
#define WEIGHT_SIMILARITY 0.40
#define WEIGHT_SKILLS     0.35
#define WEIGHT_EXPERIENCE 0.15
#define WEIGHT_EDUCATION  0.10
/* Evidence lines are looked up for the best candidates only: it reads resumes. */
#define EVIDENCE_LIMIT 200
#define MAX_EVIDENCE 3

struct _SlScreening
{
  GObject   parent_instance;

  SlStore  *store;
  SlSearch *search;
  double    threshold;
};

G_DEFINE_FINAL_TYPE (SlScreening, sl_screening, G_TYPE_OBJECT)

void
sl_job_requirements_clear (SlJobRequirements *requirements)
{
  g_clear_pointer (&requirements->mandatory, g_strfreev);
  g_clear_pointer (&requirements->preferred, g_strfreev);
}

void
sl_screening_result_free (SlScreeningResult *result)
{
  if (result == NULL)
    return;
  g_free (result->name);
  g_strfreev (result->matched_mandatory);
  g_strfreev (result->matched_preferred);
  g_strfreev (result->missing_mandatory);
  g_strfreev (result->missing_preferred);
  g_strfreev (result->evidence);
  g_free (result->explanation);
  g_free (result);
}

static void
sl_screening_dispose (GObject *object)
{
  SlScreening *self = (SlScreening *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (sl_screening_parent_class)->dispose (object);
}

static void
sl_screening_class_init (SlScreeningClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sl_screening_dispose;
}

static void
sl_screening_init (SlScreening *self)
{
  self->threshold = SL_SCREENING_DEFAULT_THRESHOLD;
}

SlScreening *
sl_screening_new (SlStore  *store,
                  SlSearch *search)
{
  SlScreening *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (SL_IS_SEARCH (search), NULL);

  self = g_object_new (SL_TYPE_SCREENING, NULL);
  self->store = g_object_ref (store);
  self->search = g_object_ref (search);
  return self;
}

void
sl_screening_set_threshold (SlScreening *self,
                            double       threshold)
{
  g_return_if_fail (SL_IS_SCREENING (self));
  g_return_if_fail (threshold >= 0 && threshold <= 100);
  self->threshold = threshold;
}

double
sl_screening_get_threshold (SlScreening *self)
{
  g_return_val_if_fail (SL_IS_SCREENING (self), SL_SCREENING_DEFAULT_THRESHOLD);
  return self->threshold;
}

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *)a;
  guint32 y = *(const guint32 *)b;

  return x < y ? -1 : x > y;
}

static inline gboolean
has_skill (const SlScreeningInput *input,
           guint32                 skill)
{
  return skill != 0 &&
         bsearch (&skill, input->skill_ids, input->n_skills, sizeof (guint32),
                  compare_guint32) != NULL;
}

void
sl_screening_score (const SlScreeningInput *inputs,
                    guint                   n,
                    const guint32          *mandatory,
                    guint                   n_mandatory,
                    const guint32          *preferred,
                    guint                   n_preferred,
                    double                  min_years,
                    int                     min_education,
                    double                  threshold,
                    SlScreeningResult      *results)
{
  gboolean has_skills = n_mandatory + n_preferred > 0;
  double weight_similarity = WEIGHT_SIMILARITY + (has_skills ? 0 : WEIGHT_SKILLS);
  double weight_skills = has_skills ? WEIGHT_SKILLS : 0;

  for (guint i = 0; i < n; i++)
    {
      const SlScreeningInput *input = &inputs[i];
      SlScreeningResult *result = &results[i];
      guint found_mandatory = 0;
      guint found_preferred = 0;
      double similarity;

      for (guint j = 0; j < n_mandatory; j++)
        found_mandatory += has_skill (input, mandatory[j]);
      for (guint j = 0; j < n_preferred; j++)
        found_preferred += has_skill (input, preferred[j]);

      result->similarity = input->similarity;
      result->years = input->years;
      result->education = input->education;
      result->mandatory_coverage = n_mandatory > 0 ? (double)found_mandatory / n_mandatory : 1;
      result->preferred_coverage = n_preferred > 0 ? (double)found_preferred / n_preferred : 1;
      if (n_mandatory > 0 && n_preferred > 0)
        result->skill_coverage = (2 * result->mandatory_coverage + result->preferred_coverage) / 3;
      else if (n_mandatory > 0)
        result->skill_coverage = result->mandatory_coverage;
      else if (n_preferred > 0)
        result->skill_coverage = result->preferred_coverage;
      else
        result->skill_coverage = 1;
      result->experience_fit = min_years > 0 ? MIN (1.0, input->years / min_years) : 1;
      if (min_education <= 0 || input->education >= min_education)
        result->education_fit = 1;
      else if (input->education == min_education - 1)
        result->education_fit = 0.5;
      else
        result->education_fit = 0;

      similarity = CLAMP ((input->similarity - SIMILARITY_LOW) / (SIMILARITY_HIGH - SIMILARITY_LOW),
                          0, 1);
      result->score = 100 * (weight_similarity * similarity +
                             weight_skills * result->skill_coverage +
                             WEIGHT_EXPERIENCE * result->experience_fit +
                             WEIGHT_EDUCATION * result->education_fit);
      result->classifier = NAN;
      result->shortlisted = result->score >= threshold;
    }
}

static void
split_skills (const char * const *names,
              const guint32      *ids,
              const SlScreeningInput *input,
              GStrv              *matched,
              GStrv              *missing)
{
  g_autoptr(GStrvBuilder) have = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) lack = g_strv_builder_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_strv_builder_add (has_skill (input, ids[i]) ? have : lack, names[i]);
  *matched = g_strv_builder_end (have);
  *missing = g_strv_builder_end (lack);
}

/* The resume lines that name the most matched skills, in resume order. */
static GStrv
find_evidence (const char         *text,
               const char * const *matched_a,
               const char * const *matched_b)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autoptr(GPtrArray) needles = g_ptr_array_new_with_free_func (g_free);
  g_autofree int *hits = NULL;
  guint chosen = 0;
  guint n_lines = g_strv_length (lines);

  for (guint i = 0; matched_a != NULL && matched_a[i] != NULL; i++)
    g_ptr_array_add (needles, g_utf8_casefold (matched_a[i], -1));
  for (guint i = 0; matched_b != NULL && matched_b[i] != NULL; i++)
    g_ptr_array_add (needles, g_utf8_casefold (matched_b[i], -1));
  if (needles->len == 0)
    return g_strv_builder_end (builder);

  hits = g_new0 (int, n_lines + 1);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *folded = NULL;
      gsize length = strlen (g_strstrip (lines[i]));

      if (length < 20 || length > 400 || !g_utf8_validate (lines[i], -1, NULL))
        continue;
      folded = g_utf8_casefold (lines[i], -1);
      for (guint j = 0; j < needles->len; j++)
        hits[i] += strstr (folded, g_ptr_array_index (needles, j)) != NULL;
    }

  /* Up to three lines, the best first found; shown in resume order. */
  for (int want = needles->len; want >= 1 && chosen < MAX_EVIDENCE; want--)
    {
      for (guint i = 0; i < n_lines && chosen < MAX_EVIDENCE; i++)
        {
          if (hits[i] == want)
            {
              hits[i] = -1;
              chosen++;
            }
        }
    }
  for (guint i = 0; i < n_lines; i++)
    {
      if (hits[i] == -1)
        {
          const char *bullet = lines[i];

          /* Bullet glyphs are layout, not evidence. */
          while (*bullet == '-' || *bullet == '*' || *bullet == ' ')
            bullet++;
          if (g_str_has_prefix (bullet, "•"))
            bullet += strlen ("•");
          g_strv_builder_add (builder, g_strstrip ((char *)bullet));
        }
    }
  return g_strv_builder_end (builder);
}

static char *
join_names (const char * const *names)
{
  return g_strjoinv (", ", (GStrv)names);
}

static char *
explain (SlScreeningResult       *result,
         const SlJobRequirements *requirements,
         double                   threshold)
{
  GString *text = g_string_new (NULL);
  guint n_mandatory = g_strv_length (requirements->mandatory);
  guint n_preferred = g_strv_length (requirements->preferred);

  if (n_mandatory > 0)
    {
      g_string_append_printf (text, _("Has %1$u of %2$u required skills."),
                              g_strv_length (result->matched_mandatory), n_mandatory);
      if (result->missing_mandatory[0] != NULL)
        {
          g_autofree char *missing = join_names ((const char * const *)result->missing_mandatory);

          g_string_append_c (text, ' ');
          g_string_append_printf (text, _("Missing: %s."), missing);
        }
    }
  if (n_preferred > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Has %1$u of %2$u preferred skills."),
                              g_strv_length (result->matched_preferred), n_preferred);
    }
  if (text->len > 0)
    g_string_append_c (text, ' ');
  if (requirements->min_years > 0)
    g_string_append_printf (text, _("%1$.1f years of experience; %2$.1f required."),
                            result->years, requirements->min_years);
  else
    g_string_append_printf (text, _("%.1f years of experience."), result->years);
  if (requirements->min_education > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Education: %1$s; %2$s required."),
                              sl_education_level_to_string (result->education),
                              sl_education_level_to_string (requirements->min_education));
    }
  g_string_append_c (text, ' ');
  g_string_append_printf (text, _("Resume similarity to the job: %.2f."), result->similarity);
  g_string_append_c (text, ' ');
  if (result->shortlisted)
    g_string_append_printf (text, _("Score %1$.0f of 100, at or above %2$.0f: shortlist."),
                            result->score, threshold);
  else
    g_string_append_printf (text, _("Score %1$.0f of 100, below %2$.0f: reject."),
                            result->score, threshold);
  return g_string_free (text, FALSE);
}

static guint32 *
resolve_skills (SlStore             *store,
                const char * const  *names,
                GError             **error)
{
  guint n = names != NULL ? g_strv_length ((GStrv)names) : 0;
  g_autofree guint32 *ids = g_new0 (guint32, n + 1);

  for (guint i = 0; i < n; i++)
    {
      gint64 id = 0;

      if (!sl_store_lookup_skill (store, names[i], &id, error))
        return NULL;
      /* 0 stands for a skill nobody has. */
      ids[i] = (guint32)MAX (id, 0);
    }
  return g_steal_pointer (&ids);
}

static int
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const SlScreeningResult *x = *(SlScreeningResult * const *)a;
  const SlScreeningResult *y = *(SlScreeningResult * const *)b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->candidate_id < y->candidate_id ? -1 : x->candidate_id > y->candidate_id;
}

GPtrArray *
sl_screening_run (SlScreening   *self,
                  gint64         job_id,
                  gboolean       all,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_auto(SlJobRequirements) requirements = { 0, };
  g_autoptr(SlJob) job = NULL;
  g_autoptr(SlVectorIndex) index = NULL;
  g_autoptr(SlVectorBitmap) linked = NULL;
  g_autoptr(GArray) metas = NULL;
  g_autoptr(GHashTable) meta_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GHashTable) texts = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree float *job_vector = NULL;
  g_autofree char *job_text = NULL;
  g_autofree guint32 *mandatory = NULL;
  g_autofree guint32 *preferred = NULL;
  g_autofree SlVectorHit *hits = NULL;
  g_autofree SlScreeningInput *inputs = NULL;
  g_autofree SlScreeningResult *scored = NULL;
  SlEmbedder *embedder;
  guint n_hits;
  guint count;

  g_return_val_if_fail (SL_IS_SCREENING (self), NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)sl_screening_result_free);
  if (!(job = sl_store_get_job (self->store, job_id, error)) ||
      !sl_store_get_job_requirements (self->store, job_id, &requirements, error))
    return NULL;
  if (!(mandatory = resolve_skills (self->store, (const char * const *)requirements.mandatory,
                                    error)) ||
      !(preferred = resolve_skills (self->store, (const char * const *)requirements.preferred,
                                    error)))
    return NULL;

  embedder = sl_search_get_embedder (self->search);
  job_text = g_strjoin ("\n", sl_job_get_title (job), sl_job_get_description (job),
                        sl_job_get_requirements (job), NULL);
  if (!(job_vector = sl_embedder_embed (embedder, job_text, cancellable, error)))
    return NULL;

  /* Every candidate's similarity at once: an exact top-k with k = all. */
  index = g_object_ref (sl_search_get_index (self->search));
  if (!all)
    {
      SlVectorFilter filter = { .job_id = job_id };

      linked = sl_vector_index_compile_filter (index, &filter);
    }
  count = sl_vector_index_get_count (index);
  hits = g_new (SlVectorHit, MAX (count, 1));
  n_hits = sl_vector_index_search (index, job_vector, count, linked, hits);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !(metas = sl_store_list_candidate_meta (self->store, error)))
    return NULL;
  for (guint i = 0; i < metas->len; i++)
    {
      SlCandidateMeta *meta = &g_array_index (metas, SlCandidateMeta, i);

      g_array_sort (meta->skill_ids, compare_guint32);
      g_hash_table_insert (meta_by_id, &meta->id, meta);
    }

  inputs = g_new0 (SlScreeningInput, MAX (n_hits, 1));
  scored = g_new0 (SlScreeningResult, MAX (n_hits, 1));
  for (guint i = 0; i < n_hits; i++)
    {
      SlCandidateMeta *meta = g_hash_table_lookup (meta_by_id, &hits[i].id);

      /* Erased since the index was loaded: skipped. */
      if (meta == NULL)
        continue;
      inputs[ids->len] = (SlScreeningInput) {
        .skill_ids = (const guint32 *)(gpointer)meta->skill_ids->data,
        .n_skills = meta->skill_ids->len,
        .years = meta->years_experience,
        .education = meta->education_level,
        .similarity = hits[i].score,
      };
      g_array_append_val (ids, hits[i].id);
    }
  sl_screening_score (inputs, ids->len,
                      mandatory, g_strv_length (requirements.mandatory),
                      preferred, g_strv_length (requirements.preferred),
                      requirements.min_years, requirements.min_education,
                      self->threshold, scored);

  for (guint i = 0; i < ids->len; i++)
    {
      SlScreeningResult *result = g_new (SlScreeningResult, 1);

      *result = scored[i];
      result->candidate_id = g_array_index (ids, gint64, i);
      split_skills ((const char * const *)requirements.mandatory, mandatory, &inputs[i],
                    &result->matched_mandatory, &result->missing_mandatory);
      split_skills ((const char * const *)requirements.preferred, preferred, &inputs[i],
                    &result->matched_preferred, &result->missing_preferred);
      g_ptr_array_add (results, result);
    }
  g_ptr_array_sort (results, compare_results);

  /* Names for everyone; evidence for the best. */
  g_array_set_size (ids, 0);
  for (guint i = 0; i < results->len; i++)
    g_array_append_val (ids, ((SlScreeningResult *)g_ptr_array_index (results, i))->candidate_id);
  if (!(names = sl_store_get_candidate_names (self->store, (const gint64 *)(gpointer)ids->data,
                                              ids->len, error)) ||
      !(texts = sl_store_get_candidate_texts (self->store, (const gint64 *)(gpointer)ids->data,
                                              MIN (ids->len, EVIDENCE_LIMIT), error)))
    return NULL;
  for (guint i = 0; i < results->len; i++)
    {
      SlScreeningResult *result = g_ptr_array_index (results, i);

      result->name = g_strdup (g_hash_table_lookup (names, &result->candidate_id));
      result->evidence = find_evidence (g_hash_table_lookup (texts, &result->candidate_id),
                                        (const char * const *)result->matched_mandatory,
                                        (const char * const *)result->matched_preferred);
      result->explanation = explain (result, &requirements, self->threshold);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !sl_store_save_screenings (self->store, job_id, results, self->threshold,
                                 sl_embedder_get_model_id (embedder), error))
    return NULL;
  return g_steal_pointer (&results);
}
