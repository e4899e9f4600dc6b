#define G_LOG_DOMAIN "sl-question-generator-local"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sl-question-generator-local.h"

struct _SlQuestionGeneratorLocal
{
  GObject         parent_instance;
  SlQuestionBank *bank;
};

static void generator_iface_init (SlQuestionGeneratorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlQuestionGeneratorLocal, sl_question_generator_local, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SL_TYPE_QUESTION_GENERATOR, generator_iface_init))

/* "Canonical|alias|alias": lower-case aliases matched on word
 * boundaries (a trailing plural "s" is allowed). */
static const char * const vocabulary[] = {
  "Python", "Java|java development", "Java EE|jee|java ee|jakarta ee", "JavaScript|javascript|ecmascript",
  "TypeScript", "Go|golang", "Rust", "C++|c++", "C#|c#", ".NET|.net|dotnet", "Ruby", "Ruby on Rails|rails",
  "PHP", "Kotlin", "Swift", "Scala", "SQL", "MySQL", "PostgreSQL|postgres", "Oracle", "MongoDB",
  "Redis", "Elasticsearch", "Cassandra", "DynamoDB", "SQLite", "Kafka", "RabbitMQ", "GraphQL",
  "REST|rest api|restful", "gRPC", "microservices", "asyncio|async programming", "Django",
  "Django REST Framework", "FastAPI", "Flask", "Spring Boot", "Spring MVC|spring", "Hibernate",
  "JPA|jpa2", "ORM", "Node.js|nodejs", "Express", "React|react.js|reactjs", "Next.js|nextjs",
  "Vue|vue.js|vuejs", "Angular|angular.js|angularjs", "jQuery", "Svelte", "Redux", "HTML|html5",
  "CSS|css3", "Tailwind CSS|tailwind", "CSS-in-JS", "Sass", "Storybook", "Jest", "Vitest",
  "Playwright", "Cypress", "Selenium", "Webpack", "Vite", "accessibility|wcag|a11y",
  "responsive design", "Core Web Vitals", "design system", "server-side rendering|ssr",
  "Docker|containerization", "Kubernetes|k8s", "ECS", "AWS|amazon web services", "Azure",
  "GCP|google cloud", "Terraform", "Ansible", "CI/CD|ci/cd pipeline|continuous integration",
  "GitHub Actions", "CircleCI", "Jenkins", "Git", "Linux", "Datadog", "OpenTelemetry", "Prometheus",
  "Grafana", "observability", "on-call|on call", "postmortem", "SageMaker", "Spark", "Ray", "Dask",
  "Hadoop", "Airflow", "dbt", "Snowflake", "MLflow", "PyTorch", "TensorFlow", "scikit-learn|sklearn",
  "Hugging Face|huggingface", "Transformers", "feature store", "model registry", "Triton Inference Server|triton",
  "data drift|drift", "machine learning|ml", "deep learning", "NLP|natural language processing",
  "computer vision", "statistics", "A/B testing|a/b test|experimentation", "pandas", "NumPy",
  "data pipeline", "ETL", "data modeling|data modelling", "Tableau", "Power BI", "Looker",
  "Amplitude", "Mixpanel", "Excel", "Salesforce", "HubSpot", "Jira", "Figma", "Sketch",
  "user research", "usability testing", "prototyping", "wireframing", "product management",
  "product roadmap|roadmap", "OKRs|okr", "PRDs|prd|product requirements", "agile", "Scrum",
  "sprint planning", "stakeholder management", "project management", "communication",
  "leadership", "mentoring", "problem-solving|problem solving", "attention to detail",
  "test-driven development|tdd", "unit testing|unit tests", "design patterns",
  "object-oriented|object oriented|oop", "system design", "distributed systems", "caching",
  "security", "OAuth", "penetration testing", "SIEM", "incident response", "networking",
  "patient care", "medication administration", "triage", "BLS|basic life support", "ACLS",
  "electronic health records|ehr", "infection control", "lesson planning", "classroom management",
  "curriculum", "assessment", "differentiation", "safeguarding", "negotiation", "prospecting",
  "account management", "CRM", "SEO", "content marketing", "social media", "budgeting",
  "forecasting", "financial reporting", "reconciliation", "GAAP|ifrs", "payroll", "recruiting|recruitment",
  "onboarding", "employee relations", "customer service|customer support", "Zendesk", "AutoCAD",
  "SolidWorks", "risk management", "quality assurance", "Six Sigma|lean", NULL
};

static const struct { const char *role; const char *patterns; } role_patterns[] = {
  { "backend", "backend|back-end|back end|server-side|api|django|fastapi|microservice" },
  { "frontend", "frontend|front-end|front end|react|css|javascript|ui engineer" },
  { "fullstack", "full stack|full-stack|fullstack" },
  { "software", "engineer|developer|software|programming|java" },
  { "ml", "machine learning|ml engineer|ai platform|pytorch|data scientist|deep learning" },
  { "data", "data engineer|data scientist|analytics engineer|etl|data pipeline|sql" },
  { "devops", "devops|sre|site reliability|platform engineer|infrastructure|kubernetes|on-call" },
  { "security", "security engineer|security analyst|cybersecurity|penetration|soc analyst" },
  { "product", "product manager|product owner|product management|roadmap" },
  { "design", "designer|ux|user experience|ui/ux|figma" },
  { "nursing", "nurse|nursing|icu|patient care|clinical" },
  { "teaching", "teacher|teaching|classroom|pupils|students|curriculum" },
  { "sales", "sales|account executive|business development|quota" },
  { "marketing", "marketing|campaign|seo|brand" },
  { "finance", "accountant|accounting|finance|financial|audit" },
  { "hr", "human resources|recruiter|recruiting|talent acquisition|hr " },
  { "support", "customer support|customer service|help desk|support specialist" },
  { "project", "project manager|project management|programme manager|pmp" },
  { "engineering", "civil engineer|mechanical engineer|structural|autocad|solidworks" },
};

static void
sl_question_generator_local_finalize (GObject *object)
{
  SlQuestionGeneratorLocal *self = (SlQuestionGeneratorLocal *)object;

  g_clear_object (&self->bank);

  G_OBJECT_CLASS (sl_question_generator_local_parent_class)->finalize (object);
}

static void
sl_question_generator_local_class_init (SlQuestionGeneratorLocalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_question_generator_local_finalize;
}

static void
sl_question_generator_local_init (SlQuestionGeneratorLocal *self)
{
}

SlQuestionGenerator *
sl_question_generator_local_new (SlQuestionBank *bank)
{
  SlQuestionGeneratorLocal *self;

  g_return_val_if_fail (SL_IS_QUESTION_BANK (bank), NULL);

  self = g_object_new (SL_TYPE_QUESTION_GENERATOR_LOCAL, NULL);
  self->bank = g_object_ref (bank);
  return SL_QUESTION_GENERATOR (self);
}

/* ---- Skills and roles -------------------------------------------------- */

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || (c & 0x80) != 0;
}

/* First position of pattern in text (both lower case) on word
 * boundaries, allowing a plural "s"; -1 if absent. */
static gssize
find_word (const char *text,
           gsize       length,
           const char *pattern)
{
  gsize plen = strlen (pattern);
  const char *p = text;
  const char *end = text + length;

  while (p < end && (p = g_strstr_len (p, end - p, pattern)) != NULL)
    {
      const char *after = p + plen;
      gboolean start_ok = p == text || !is_word_byte (p[-1]) || !is_word_byte (pattern[0]);

      if (after < end && *after == 's' && (after + 1 >= end || !is_word_byte (after[1])))
        after++;
      if (start_ok && (after >= end || !is_word_byte (*after) || !is_word_byte (pattern[plen - 1])))
        return p - text;
      p++;
    }
  return -1;
}

typedef struct
{
  gssize      position;
  const char *canonical;
  gsize       canonical_len;
} Found;

static int
cmp_found (gconstpointer a,
           gconstpointer b)
{
  const Found *x = a;
  const Found *y = b;

  return (x->position > y->position) - (x->position < y->position);
}

static GStrv
skills_in (const char *lower,
           gsize       length)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; vocabulary[i] != NULL; i++)
    {
      g_auto(GStrv) names = g_strsplit (vocabulary[i], "|", -1);
      gssize best = -1;

      for (guint n = 0; names[n] != NULL; n++)
        {
          g_autofree char *pattern = g_utf8_strdown (names[n], -1);
          gssize at = find_word (lower, length, pattern);

          if (at >= 0 && (best < 0 || at < best))
            best = at;
        }
      if (best >= 0)
        {
          Found f = { best, vocabulary[i], strcspn (vocabulary[i], "|") };

          g_array_append_val (found, f);
        }
    }
  g_array_sort (found, cmp_found);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = &g_array_index (found, Found, i);
      g_autofree char *name = g_strndup (f->canonical, f->canonical_len);

      g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

/* Lower case, every run of white space one space: descriptions wrap
 * lines in the middle of names ("stakeholder\nmanagement"). */
static char *
normalise_text (const char *text,
                gssize      max_len)
{
  g_autofree char *lower = g_utf8_strdown (text != NULL ? text : "", max_len);
  GString *s = g_string_sized_new (strlen (lower));

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (s->len > 0 && s->str[s->len - 1] != ' ')
            g_string_append_c (s, ' ');
        }
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

static gssize
first_marker (const char         *lower,
              gsize               from,
              const char * const *markers)
{
  gssize best = -1;

  for (guint i = 0; markers[i] != NULL; i++)
    {
      gssize at = find_word (lower + from, strlen (lower + from), markers[i]);

      if (at >= 0 && (best < 0 || at < best))
        best = at;
    }
  return best >= 0 ? (gssize)from + best : -1;
}

void
sl_question_extract_skills (const char *description,
                            GStrv      *mandatory,
                            GStrv      *preferred)
{
  static const char * const required_markers[] = {
    "requirements", "required", "qualifications", "must have", "must-have", "what you need",
    "what you will need", "what we're looking for", "what we are looking for", "you have", NULL
  };
  static const char * const preferred_markers[] = {
    "nice to have", "nice-to-have", "preferred", "bonus", "desirable", "a plus", NULL
  };
  static const char * const end_markers[] = {
    "nice to have", "nice-to-have", "preferred qualifications", "bonus", "desirable", "benefits",
    "how to apply", "about us", "perks", "what we offer", "equal opportunity", NULL
  };
  g_autofree char *lower = NULL;
  gssize req;
  gssize pref;
  gsize length;

  g_return_if_fail (mandatory != NULL && preferred != NULL);

  lower = normalise_text (description, -1);
  length = strlen (lower);
  req = first_marker (lower, 0, required_markers);
  pref = first_marker (lower, 0, preferred_markers);

  if (req < 0)
    {
      *mandatory = skills_in (lower, pref >= 0 ? (gsize)pref : length);
    }
  else
    {
      gssize end = first_marker (lower, req + 1, end_markers);

      *mandatory = skills_in (lower + req, (end > req ? (gsize)end : length) - req);
    }

  if (pref >= 0)
    {
      gssize end = first_marker (lower, pref + 12, end_markers);
      g_auto(GStrv) found = skills_in (lower + pref, (end > pref ? (gsize)end : length) - pref);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; found[i] != NULL; i++)
        {
          if (!g_strv_contains ((const char * const *)*mandatory, found[i]))
            g_strv_builder_add (builder, found[i]);
        }
      *preferred = g_strv_builder_end (builder);
    }
  else
    *preferred = g_new0 (char *, 1);
}

GStrv
sl_question_detect_roles (const char *title,
                          const char *description)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *title_lower = normalise_text (title, -1);
  g_autofree char *lower = NULL;
  gboolean any_title = FALSE;

  /* The title decides when it names a role; the description otherwise. */
  for (guint pass = 0; pass < 2; pass++)
    {
      const char *text;

      if (pass == 1 && any_title)
        break;
      if (pass == 1)
        lower = normalise_text (description, 4096);
      text = pass == 0 ? title_lower : lower;
      for (guint i = 0; i < G_N_ELEMENTS (role_patterns); i++)
        {
          g_auto(GStrv) patterns = g_strsplit (role_patterns[i].patterns, "|", -1);

          for (guint p = 0; patterns[p] != NULL; p++)
            {
              if (find_word (text, strlen (text), patterns[p]) >= 0)
                {
                  g_strv_builder_add (builder, role_patterns[i].role);
                  any_title |= pass == 0;
                  break;
                }
            }
        }
    }
  return g_strv_builder_end (builder);
}

/* ---- Generation -------------------------------------------------------- */

static gboolean
already_have (GPtrArray          *questions,
              SlQuestion         *candidate,
              const char * const *exclude)
{
  for (guint i = 0; i < questions->len; i++)
    {
      if (sl_question_equal_text (questions->pdata[i], candidate))
        return TRUE;
    }
  for (guint i = 0; exclude != NULL && exclude[i] != NULL; i++)
    {
      g_autoptr(SlQuestion) other = sl_question_new (exclude[i], SL_QUESTION_KIND_BEHAVIOURAL);

      if (sl_question_equal_text (other, candidate))
        return TRUE;
    }
  return FALSE;
}

static SlQuestionDifficulty
difficulty_for (const char *title,
                const char *description)
{
  g_autofree char *text = g_strconcat (title ? title : "", " ", description ? description : "", NULL);
  g_autofree char *lower = g_utf8_strdown (text, -1);

  static const char * const senior[] = { "senior", "lead", "principal", "staff engineer", "5+ years", "head of", NULL };
  static const char * const junior[] = { "junior", "graduate", "entry level", "entry-level", "intern", "internship", NULL };

  for (guint i = 0; senior[i] != NULL; i++)
    {
      if (find_word (lower, strlen (lower), senior[i]) >= 0)
        return SL_QUESTION_DIFFICULTY_HARD;
    }
  for (guint i = 0; junior[i] != NULL; i++)
    {
      if (find_word (lower, strlen (lower), junior[i]) >= 0)
        return SL_QUESTION_DIFFICULTY_EASY;
    }
  return SL_QUESTION_DIFFICULTY_MEDIUM;
}

static char *
join_skills (const char * const *skills,
             guint               n)
{
  if (n == 1)
    return g_strdup (skills[0]);
  if (n == 2)
    /* Translators: two skills, e.g. “Python and Docker”. */
    return g_strdup_printf (_("%s and %s"), skills[0], skills[1]);
  {
    GString *s = g_string_new (NULL);
    g_autofree char *head = NULL;

    for (guint i = 0; i + 1 < n; i++)
      {
        if (i > 0)
          g_string_append (s, ", ");
        g_string_append (s, skills[i]);
      }
    /* Translators: the end of a list, e.g. “Python, Docker and Redis”. */
    head = g_string_free (s, FALSE);
    return g_strdup_printf (_("%s and %s"), head, skills[n - 1]);
  }
}

static SlQuestion *
technical_for_skills (const char * const   *skills,
                      guint                 n,
                      SlQuestionDifficulty  difficulty,
                      guint                 variant)
{
  g_autofree char *list = join_skills (skills, n);
  g_autoptr(GStrvBuilder) keywords = g_strv_builder_new ();
  g_autofree char *text = NULL;
  SlQuestion *question;
  const char *follow_ups[3] = { NULL };

  if (n == 1)
    {
      switch (variant % 3)
        {
        case 0:
          text = g_strdup_printf (_("Tell me about a project where you used %s. What problem did it solve, "
                                    "and what would you do differently?"), list);
          break;
        case 1:
          text = g_strdup_printf (_("What is the hardest problem you have solved with %s?"), list);
          break;
        default:
          text = g_strdup_printf (_("How would you explain %s to a new colleague, and which mistakes "
                                    "do people often make with it?"), list);
          break;
        }
    }
  else if (variant % 2 == 0)
    text = g_strdup_printf (_("This role needs %s. Which of these have you used most, and how did you "
                              "use them together on a real project?"), list);
  else
    text = g_strdup_printf (_("Walk me through a piece of work where you relied on %s. "
                              "What trade-offs did you make?"), list);

  for (guint i = 0; i < n; i++)
    g_strv_builder_add (keywords, skills[i]);
  g_strv_builder_add (keywords, "example");
  follow_ups[0] = _("How did you know it worked — what did you measure?");
  follow_ups[1] = n > 1 ? _("Which of these would you like to learn more about, and why?")
                        : _("What would you do differently with what you know now?");

  question = sl_question_new (text, SL_QUESTION_KIND_TECHNICAL);
  {
    g_auto(GStrv) strv = g_strv_builder_end (keywords);

    sl_question_set_expected_keywords (question, (const char * const *)strv);
  }
  sl_question_set_follow_ups (question, follow_ups);
  sl_question_set_difficulty (question, difficulty);
  sl_question_set_suggested_seconds (question, difficulty == SL_QUESTION_DIFFICULTY_HARD ? 150 : 120);
  sl_question_set_source (question, "template");
  return question;
}

static SlQuestion *
resume_question (const char *skill,
                 gboolean    needed)
{
  g_autofree char *text = NULL;
  const char *keywords[] = { skill, "project", "result", NULL };
  const char *follow_ups[] = { _("What was your own part, as opposed to the team's?"),
                               _("What would you build differently today?"), NULL };
  SlQuestion *question;

  if (needed)
    text = g_strdup_printf (_("Your resume mentions %s, which this role needs. Tell me about the most "
                              "demanding thing you have done with it."), skill);
  else
    text = g_strdup_printf (_("Your resume mentions %s. Tell me about a project where it made a "
                              "difference."), skill);
  question = sl_question_new (text, SL_QUESTION_KIND_TECHNICAL);
  sl_question_set_expected_keywords (question, keywords);
  sl_question_set_follow_ups (question, follow_ups);
  sl_question_set_suggested_seconds (question, 120);
  sl_question_set_source (question, "template");
  return question;
}

static void
shuffle (GPtrArray *array,
         GRand     *rand,
         guint      from,
         guint      to)
{
  for (guint i = to; i > from + 1; i--)
    {
      guint j = from + g_rand_int_range (rand, 0, i - from);
      gpointer tmp = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = tmp;
    }
}

static GPtrArray *
sl_question_generator_local_generate (SlQuestionGenerator      *generator,
                                      const SlQuestionRequest  *request,
                                      GCancellable             *cancellable,
                                      GError                  **error)
{
  static const SlQuestionKind order[] = {
    SL_QUESTION_KIND_ROLE_SPECIFIC, SL_QUESTION_KIND_BEHAVIOURAL,
    SL_QUESTION_KIND_TECHNICAL, SL_QUESTION_KIND_SITUATIONAL,
  };
  SlQuestionGeneratorLocal *self = SL_QUESTION_GENERATOR_LOCAL (generator);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *by_kind[G_N_ELEMENTS (order)] = { NULL };
  g_auto(GStrv) mandatory = NULL;
  g_auto(GStrv) preferred = NULL;
  g_auto(GStrv) roles = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (request->seed);
  const char * const *exclude = (const char * const *)request->exclude;
  SlQuestionKind kinds = request->kinds != 0 ? request->kinds : SL_QUESTION_KIND_ALL;
  SlQuestionDifficulty difficulty;
  guint count = request->count > 0 ? MIN (request->count, 100) : 8;
  guint n_kinds = 0;
  guint quota[G_N_ELEMENTS (order)] = { 0 };
  guint tech = G_MAXUINT;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (request->mandatory_skills != NULL || request->preferred_skills != NULL)
    {
      mandatory = g_strdupv (request->mandatory_skills != NULL ? request->mandatory_skills : (char *[]) { NULL });
      preferred = g_strdupv (request->preferred_skills != NULL ? request->preferred_skills : (char *[]) { NULL });
    }
  else
    sl_question_extract_skills (request->job_description, &mandatory, &preferred);
  roles = sl_question_detect_roles (request->job_title, request->job_description);
  difficulty = difficulty_for (request->job_title, request->job_description);

  /* How many of each kind: technical gets enough to cover every
   * mandatory skill (up to four skills a question), the rest in turn. */
  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    {
      by_kind[k] = g_ptr_array_new_with_free_func (g_object_unref);
      if (kinds & order[k])
        n_kinds++;
      if (order[k] == SL_QUESTION_KIND_TECHNICAL)
        tech = k;
    }
  if (kinds & SL_QUESTION_KIND_TECHNICAL)
    {
      guint n_mandatory = g_strv_length (mandatory);
      guint wanted = (n_mandatory + 2) / 3;
      guint room = count > n_kinds - 1 ? count - (n_kinds - 1) : 1;

      quota[tech] = MIN (MAX (wanted, count / n_kinds), room);
    }
  for (guint assigned = quota[tech != G_MAXUINT ? tech : 0], k = 0; assigned < count; k = (k + 1) % G_N_ELEMENTS (order))
    {
      if ((kinds & order[k]) == 0 || (order[k] == SL_QUESTION_KIND_TECHNICAL && n_kinds > 1))
        continue;
      quota[k]++;
      assigned++;
    }

  /* Technical: groups of mandatory skills, then preferred, then the
   * candidate's own, then the bank. */
  if (tech != G_MAXUINT && quota[tech] > 0)
    {
      guint n_mandatory = g_strv_length (mandatory);
      guint slots = quota[tech];
      guint group = n_mandatory > 0 ? MAX (1, MIN (4, (n_mandatory + slots - 1) / slots)) : 1;
      guint variant = g_rand_int_range (rand, 0, 6);

      if (n_mandatory > 0 && n_mandatory <= slots)
        group = 1;
      for (guint i = 0; i < n_mandatory && by_kind[tech]->len < slots; i += group, variant++)
        {
          g_autoptr(SlQuestion) q = technical_for_skills ((const char * const *)mandatory + i,
                                                          MIN (group, n_mandatory - i), difficulty, variant);

          if (!already_have (by_kind[tech], q, exclude))
            g_ptr_array_add (by_kind[tech], g_steal_pointer (&q));
        }
      for (guint i = 0; preferred[i] != NULL && by_kind[tech]->len < slots; i++, variant++)
        {
          g_autoptr(SlQuestion) q = technical_for_skills ((const char * const *)preferred + i, 1,
                                                          difficulty > SL_QUESTION_DIFFICULTY_EASY ? difficulty - 1 : difficulty, variant);

          if (!already_have (by_kind[tech], q, exclude))
            g_ptr_array_add (by_kind[tech], g_steal_pointer (&q));
        }
      for (guint i = 0; request->candidate_skills != NULL && request->candidate_skills[i] != NULL &&
                        by_kind[tech]->len < slots; i++)
        {
          const char *skill = request->candidate_skills[i];
          gboolean needed = g_strv_contains ((const char * const *)mandatory, skill) ||
                            g_strv_contains ((const char * const *)preferred, skill);
          g_autoptr(SlQuestion) q = resume_question (skill, needed);

          if (!already_have (by_kind[tech], q, exclude))
            g_ptr_array_add (by_kind[tech], g_steal_pointer (&q));
        }
    }

  /* Everything else from the bank: questions for this role first, each
   * group shuffled by the seed. A kind that runs short (no technical
   * questions for an unknown role) leaves its places to the others. */
  {
    GPtrArray *pools[G_N_ELEMENTS (order)] = { NULL };
    guint next[G_N_ELEMENTS (order)] = { 0 };
    guint total = 0;
    gboolean progress = TRUE;

    for (guint k = 0; k < G_N_ELEMENTS (order); k++)
      {
        guint n_specific = 0;

        pools[k] = (kinds & order[k]) ? sl_question_bank_list (self->bank, order[k], (const char * const *)roles)
                                      : g_ptr_array_new ();
        for (guint i = 0; i < pools[k]->len; i++)
          {
            if (!g_strv_contains (sl_question_get_roles (pools[k]->pdata[i]), "any"))
              n_specific = i + 1;
          }
        shuffle (pools[k], rand, 0, n_specific);
        shuffle (pools[k], rand, n_specific, pools[k]->len);
      }

    for (guint pass = 0; pass < 2 && progress; pass++)
      {
        progress = pass == 0;
        for (guint k = 0; k < G_N_ELEMENTS (order); k++)
          {
            guint limit;

            total = 0;
            for (guint j = 0; j < G_N_ELEMENTS (order); j++)
              total += by_kind[j]->len;
            limit = pass == 0 ? quota[k] : by_kind[k]->len + (count > total ? count - total : 0);
            while (by_kind[k]->len < limit && next[k] < pools[k]->len)
              {
                g_autoptr(SlQuestion) q = sl_question_copy (pools[k]->pdata[next[k]++]);

                if (!already_have (by_kind[k], q, exclude))
                  {
                    g_ptr_array_add (by_kind[k], g_steal_pointer (&q));
                    progress = TRUE;
                  }
              }
          }
      }
    for (guint k = 0; k < G_N_ELEMENTS (order); k++)
      g_ptr_array_unref (pools[k]);
  }

  /* Interleave the kinds, the way an interview alternates them. */
  for (gboolean any = TRUE; any && result->len < count;)
    {
      any = FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (order) && result->len < count; k++)
        {
          if (by_kind[k]->len > 0)
            {
              SlQuestion *q = g_ptr_array_steal_index (by_kind[k], 0);

              if (already_have (result, q, exclude))
                g_object_unref (q);
              else
                g_ptr_array_add (result, q);
              any = TRUE;
            }
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    g_ptr_array_unref (by_kind[k]);

  if (result->len == 0)
    {
      g_set_error (error, SL_QUESTION_GENERATOR_ERROR, SL_QUESTION_GENERATOR_ERROR_INVALID,
                   _("No questions of the requested kinds are left"));
      return NULL;
    }
  return g_steal_pointer (&result);
}

static const char *
sl_question_generator_local_get_id (SlQuestionGenerator *generator)
{
  return "local";
}

static void
generator_iface_init (SlQuestionGeneratorInterface *iface)
{
  iface->get_id = sl_question_generator_local_get_id;
  iface->generate = sl_question_generator_local_generate;
}
