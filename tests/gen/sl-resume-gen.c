#include "config.h"

#include <string.h>

#include "sl-resume-gen.h"

#define MONTH(y, m) ((y) * 12 + (m) - 1)

static const char * const first_names[] = {
  "Grace", "Ben", "Amara", "Kwame", "Lucía", "Hiro", "Nora", "Ravi", "Zoë", "Mateo",
  "Ingrid", "Tomás", "Aisha", "Jonas", "Mei", "Olu", "Priya", "Sven", "Camille", "Diego",
  "Fatima", "Liam", "Yuki", "Elena", "Marek", "Noor", "Chidi", "Hana", "Arjun", "Sofia",
};

static const char * const last_names[] = {
  "Owusu", "Ivanova", "Okafor", "Kim", "Fernández", "Tanaka", "Lindqvist", "Patel",
  "Müller", "García", "Novak", "Reyes", "Haddad", "Berg", "Chen", "Adeyemi", "Rossi",
  "O'Brien", "Nakamura", "Schmidt", "Dubois", "Kowalski", "Mensah", "Silva", "Larsen",
  "van der Berg", "Nguyen", "Hughes", "Costa", "Ahmed",
};

static const char * const locations[] = {
  "Austin, TX", "Dublin, Ireland", "Berlin, Germany", "Toronto, Canada", "Seattle, WA",
  "Lisbon, Portugal", "Bengaluru, India", "Denver, CO", "Manchester, UK", "Nairobi, Kenya",
  "Boston, MA", "Melbourne, Australia", "Chicago, IL", "Madrid, Spain", "Oslo, Norway",
};

static const char * const companies[] = {
  "Northwind Freight", "Bluefield Payments", "Cedar Labs", "Harborleaf Software",
  "Maplebridge Labs", "Ironfield Hospital", "Clearwave Logistics", "Helixline Analytics",
  "Silverleaf Media", "Riverbend Schools", "Oakridge Bank", "Brightpath Health",
  "Summit Retail Group", "Quillstone Consulting", "Copperfield Manufacturing",
  "Lumen Data Inc.", "Granite Insurance", "Pinecrest Foods", "Vantage Networks",
  "Tidewater Energy",
};

typedef struct
{
  const char *written;
  const char *canonical;
} Skill;

typedef struct
{
  const char * const titles[6];
  const Skill        skills[12];
} Category;

static const Category categories[] = {
  {
    { "Software Engineer", "Backend Engineer", "Senior Software Engineer", "Java Developer",
      "Platform Engineer", "Lead Software Engineer" },
    { { "Python", "Python" }, { "Go", "Go" }, { "PostgreSQL", "PostgreSQL" },
      { "Postgres", "PostgreSQL" }, { "Docker", "Docker" }, { "K8s", "Kubernetes" },
      { "REST APIs", "REST APIs" }, { "Microservices", "Microservices" },
      { "Java", "Java" }, { "Spring Boot", "Spring Boot" }, { "CI/CD", "CI/CD" },
      { "Redis", "Redis" } },
  },
  {
    { "Frontend Developer", "Front-End Engineer", "JavaScript Developer", "UI Engineer",
      "Senior Frontend Engineer", "Web Developer" },
    { { "JS", "JavaScript" }, { "TypeScript", "TypeScript" }, { "React", "React" },
      { "Vue.js", "Vue.js" }, { "CSS", "CSS" }, { "HTML5", "HTML" },
      { "Node.js", "Node.js" }, { "Webpack", "Webpack" }, { "Jest", "Jest" },
      { "Accessibility", "Web accessibility" }, { "GraphQL", "GraphQL" },
      { "Tailwind CSS", "Tailwind CSS" } },
  },
  {
    { "Data Scientist", "Machine Learning Engineer", "Senior Data Scientist",
      "Research Scientist", "Data Analyst", "ML Engineer" },
    { { "Machine Learning", "Machine learning" }, { "NLP", "Natural language processing" },
      { "PyTorch", "PyTorch" }, { "scikit-learn", "scikit-learn" }, { "pandas", "pandas" },
      { "SQL", "SQL" }, { "R", "R" }, { "Deep Learning", "Deep learning" },
      { "Statistics", "Statistics" }, { "Apache Spark", "Apache Spark" },
      { "TensorFlow", "TensorFlow" }, { "A/B testing", "A/B testing" } },
  },
  {
    { "Registered Nurse", "ICU Nurse", "Charge Nurse", "Staff Nurse", "Nurse Practitioner",
      "Clinical Nurse Specialist" },
    { { "Patient care", "Patient care" }, { "Medication administration", "Medication administration" },
      { "BLS", "BLS" }, { "ACLS", "ACLS" }, { "EHR", "Electronic health records" },
      { "Epic", "Epic Systems" }, { "Wound care", "Wound care" },
      { "Infection control", "Infection control" }, { "Triage", "Emergency care" },
      { "Patient education", "Patient education" }, { "IV therapy", "IV therapy" },
      { "Critical care", "Critical care" } },
  },
  {
    { "Accountant", "Senior Accountant", "Financial Analyst", "Staff Accountant",
      "Finance Manager", "Bookkeeper" },
    { { "Bookkeeping", "Bookkeeping" }, { "Accounts payable", "Accounts payable" },
      { "GAAP", "GAAP" }, { "QuickBooks", "QuickBooks" }, { "Excel", "Microsoft Excel" },
      { "Financial reporting", "Financial reporting" }, { "Month-end close", "Month-end close" },
      { "Reconciliation", "Account reconciliation" }, { "SAP", "SAP" },
      { "Budgeting", "Budget management" }, { "FP&A", "Financial planning and analysis" },
      { "Auditing", "Auditing" } },
  },
  {
    { "Marketing Manager", "Digital Marketing Specialist", "Content Strategist",
      "Growth Marketer", "SEO Specialist", "Marketing Coordinator" },
    { { "SEO", "Search engine optimization" }, { "SEM", "Search engine marketing" },
      { "Content marketing", "Content marketing" }, { "Google Analytics", "Google Analytics" },
      { "HubSpot", "HubSpot" }, { "Email marketing", "Email marketing" },
      { "Social media marketing", "Social media marketing" }, { "Copywriting", "Copywriting" },
      { "PPC", "Search engine marketing" }, { "Marketing automation", "Marketing automation" },
      { "Brand management", "Brand management" }, { "A/B testing", "A/B testing" } },
  },
  {
    { "Product Manager", "Senior Product Manager", "Product Owner", "Project Manager",
      "Program Manager", "Scrum Master" },
    { { "Agile", "Agile" }, { "Scrum", "Scrum" }, { "Jira", "Jira" },
      { "Product roadmap", "Product roadmap" }, { "Stakeholder management", "Stakeholder management" },
      { "User stories", "User stories" }, { "OKRs", "OKRs" }, { "Kanban", "Kanban" },
      { "Risk management", "Risk management" }, { "Confluence", "Confluence" },
      { "Market research", "Market research" }, { "Project management", "Project management" } },
  },
  {
    { "Customer Support Specialist", "Technical Support Engineer", "Help Desk Analyst",
      "Customer Success Manager", "Support Team Lead", "Client Services Representative" },
    { { "Customer service", "Customer service" }, { "Zendesk", "Zendesk" },
      { "Troubleshooting", "Troubleshooting" }, { "Ticketing systems", "Ticketing systems" },
      { "CRM", "CRM" }, { "Salesforce", "Salesforce" }, { "SLA management", "SLA management" },
      { "Conflict resolution", "Conflict resolution" }, { "Intercom", "Intercom" },
      { "Live chat support", "Live chat support" }, { "ITIL", "ITIL" },
      { "Knowledge base", "Knowledge base management" } },
  },
};

typedef struct
{
  const char *degree;
  const char *level;
} Degree;

static const Degree degrees[] = {
  { "High School Diploma", "high_school" },
  { "Associate of Applied Science in Nursing", "associate" },
  { "A.A.S. Information Technology", "associate" },
  { "B.Sc. Computer Science", "bachelor" },
  { "Bachelor of Arts in Economics", "bachelor" },
  { "BA Communications", "bachelor" },
  { "Bachelor's degree in Accounting", "bachelor" },
  { "BSN, Nursing", "bachelor" },
  { "M.Sc. Data Science", "master" },
  { "Master of Business Administration (MBA)", "master" },
  { "MS in Computer Science", "master" },
  { "Ph.D. in Statistics", "doctorate" },
  { "Doctor of Philosophy in Physics", "doctorate" },
};

static const char * const institutions[] = {
  "University of Northbridge", "Riverside College", "Lakeshore State University",
  "Westbrook Institute of Technology", "Southern Plains University", "Eastfield Community College",
  "Central High School", "Kingsgate University",
};

static const char * const certifications[] = {
  "AWS Certified Solutions Architect - Associate", "PMP", "Certified ScrumMaster (CSM)",
  "Certified Public Accountant (CPA)", "BLS Certification", "Google Analytics Certification",
  "CompTIA Security+", "Certified Kubernetes Administrator (CKA)", "ITIL 4 Foundation",
  "HubSpot Inbound Marketing",
};

static const char * const languages[] = {
  "English", "Spanish", "French", "German", "Portuguese", "Mandarin", "Hindi", "Arabic",
  "Swahili", "Japanese",
};

static const char * const proficiency[] = {
  " (native)", " (fluent)", " - B2", ": intermediate", " (professional working proficiency)", "",
};

static const char * const experience_titles[] = {
  "Experience", "Work Experience", "Professional Experience", "EMPLOYMENT HISTORY",
  "Work History", "Career History", "Employment", "Relevant Experience",
};

static const char * const education_titles[] = {
  "Education", "EDUCATION", "Academic Background", "Education & Training", "Qualifications",
};

static const char * const skills_titles[] = {
  "Skills", "Technical Skills", "Core Competencies", "KEY SKILLS", "Areas of Expertise",
  "Skills & Tools",
};

static const char * const summary_titles[] = {
  "Summary", "Professional Summary", "Profile", "About Me", "Objective",
};

static const char * const cert_titles[] = {
  "Certifications", "Licenses & Certifications", "Certificates",
};

static const char * const language_titles[] = {
  "Languages", "LANGUAGES", "Language Skills",
};

static const char * const duties[] = {
  "Led a team of 5 and delivered the quarterly roadmap on time.",
  "Reduced turnaround time by 30% through process changes.",
  "Mentored two new colleagues during their first year.",
  "Worked closely with partners across three departments.",
  "Wrote and maintained internal documentation and runbooks.",
  "Presented monthly results to senior leadership.",
};

static const char * const month_short[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static const char * const month_long[] = {
  "January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static void
block_free (gpointer data)
{
  SlResumeGenBlock *block = data;

  g_free (block->heading);
  g_free (block->kind);
  g_ptr_array_unref (block->lines);
  g_free (block);
}

static SlResumeGenBlock *
add_block (SlResumeGen *gen,
           const char  *kind,
           const char  *heading,
           gboolean     side)
{
  SlResumeGenBlock *block = g_new0 (SlResumeGenBlock, 1);

  block->kind = g_strdup (kind);
  block->heading = g_strdup (heading);
  block->side = side;
  block->lines = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (gen->blocks, block);
  return block;
}

static void
job_clear (gpointer data)
{
  SlResumeGenJob *job = data;

  g_free (job->title);
  g_free (job->company);
}

void
sl_resume_gen_free (SlResumeGen *gen)
{
  if (gen == NULL)
    return;

  g_free (gen->name);
  g_free (gen->headline);
  g_free (gen->email);
  g_free (gen->phone);
  g_free (gen->phone_digits);
  g_free (gen->location);
  g_free (gen->link);
  g_ptr_array_unref (gen->skills);
  g_array_unref (gen->jobs);
  g_free (gen->degree);
  g_free (gen->institution);
  g_ptr_array_unref (gen->certifications);
  g_ptr_array_unref (gen->languages);
  g_ptr_array_unref (gen->header);
  g_ptr_array_unref (gen->blocks);
  g_free (gen->text);
  g_free (gen);
}

/* Date styles: "Jan 2019", "January 2019", "2019-01", "01/2019", "2019". */
static char *
format_month (int month,
              int style)
{
  int y = month / 12, m = month % 12 + 1;

  switch (style)
    {
    case 0:
      return g_strdup_printf ("%s %d", month_short[m - 1], y);
    case 1:
      return g_strdup_printf ("%s %d", month_long[m - 1], y);
    case 2:
      return g_strdup_printf ("%d-%02d", y, m);
    case 3:
      return g_strdup_printf ("%02d/%d", m, y);
    default:
      return g_strdup_printf ("%d", y);
    }
}

static char *
format_range (const SlResumeGenJob *job,
              int                   style,
              int                   sep)
{
  static const char * const seps[] = { " – ", " - ", " to ", "–" };
  static const char * const present[] = { "Present", "present", "Current", "Now" };
  g_autofree char *a = format_month (job->start, style);
  g_autofree char *b = job->current ? g_strdup (present[sep % G_N_ELEMENTS (present)])
                                    : format_month (job->end, style);

  return g_strdup_printf ("%s%s%s", a, seps[sep], b);
}

/* Months covered by the jobs, overlaps once, computed on a month map
 * (independently of the parser's interval merge). */
static double
merged_years (GArray *jobs,
              int     now)
{
  g_autofree guint8 *map = g_new0 (guint8, now + 2);
  int months = 0;

  for (guint i = 0; i < jobs->len; i++)
    {
      SlResumeGenJob *job = &g_array_index (jobs, SlResumeGenJob, i);
      int end = job->current ? now : job->end;

      for (int m = job->start; m <= end && m <= now; m++)
        map[m] = 1;
    }
  for (int m = 0; m <= now; m++)
    months += map[m];

  return months / 12.0;
}

static void
append_line (GString    *text,
             const char *line)
{
  g_string_append (text, line);
  g_string_append_c (text, '\n');
}

static char *
heading_for (SlResumeGenLayout  layout,
             const char        *title)
{
  switch (layout)
    {
    case SL_RESUME_GEN_LAYOUT_CLASSIC:
      return g_utf8_strup (title, -1);
    case SL_RESUME_GEN_LAYOUT_MARKDOWN:
      return g_strdup_printf ("## %s", title);
    case SL_RESUME_GEN_LAYOUT_MODERN:
      return g_strdup_printf ("=== %s ===", title);
    case SL_RESUME_GEN_LAYOUT_TWO_LINE:
      return g_strdup_printf ("%s:", title);
    case SL_RESUME_GEN_LAYOUT_TABLE:
      return g_strdup_printf ("%s\t", title);
    case SL_RESUME_GEN_LAYOUT_TWO_COLUMN:
    case SL_RESUME_GEN_N_LAYOUTS:
    default:
      return g_strdup (title);
    }
}

static void
render_text (SlResumeGen *gen)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < gen->header->len; i++)
    append_line (text, g_ptr_array_index (gen->header, i));
  append_line (text, "");

  if (gen->layout != SL_RESUME_GEN_LAYOUT_TWO_COLUMN)
    {
      for (guint i = 0; i < gen->blocks->len; i++)
        {
          SlResumeGenBlock *block = g_ptr_array_index (gen->blocks, i);
          g_autofree char *heading = heading_for (gen->layout, block->heading);

          append_line (text, heading);
          for (guint k = 0; k < block->lines->len; k++)
            append_line (text, g_ptr_array_index (block->lines, k));
          append_line (text, "");
        }
    }
  else
    {
      /* Side column, 34 characters wide, then three spaces or more. */
      g_autoptr(GPtrArray) left = g_ptr_array_new ();
      g_autoptr(GPtrArray) right = g_ptr_array_new ();
      g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < gen->blocks->len; i++)
        {
          SlResumeGenBlock *block = g_ptr_array_index (gen->blocks, i);
          GPtrArray *column = block->side ? left : right;
          char *heading = g_utf8_strup (block->heading, -1);

          g_ptr_array_add (owned, heading);
          if (column->len > 0)
            g_ptr_array_add (column, (gpointer)"");
          g_ptr_array_add (column, heading);
          for (guint k = 0; k < block->lines->len; k++)
            g_ptr_array_add (column, g_ptr_array_index (block->lines, k));
        }

      for (guint i = 0; i < MAX (left->len, right->len); i++)
        {
          const char *l = i < left->len ? g_ptr_array_index (left, i) : "";
          const char *r = i < right->len ? g_ptr_array_index (right, i) : "";
          glong pad = 38 - g_utf8_strlen (l, -1);

          g_string_append (text, l);
          if (r[0] != '\0')
            {
              for (glong k = 0; k < MAX (pad, 3); k++)
                g_string_append_c (text, ' ');
              g_string_append (text, r);
            }
          g_string_append_c (text, '\n');
        }
    }

  gen->text = g_string_free (text, FALSE);
}

SlResumeGen *
sl_resume_gen_new (guint32 seed,
                   guint   index)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ (index * 2654435761u));
  SlResumeGen *gen = g_new0 (SlResumeGen, 1);
  const Category *cat = &categories[index % G_N_ELEMENTS (categories)];
  const int now = MONTH (SL_RESUME_GEN_NOW_YEAR, SL_RESUME_GEN_NOW_MONTH);
  const char *first = PICK (rand, first_names);
  const char *last = PICK (rand, last_names);
  int date_style = g_rand_int_range (rand, 0, 5);
  int sep_style = g_rand_int_range (rand, 0, 4);
  guint n_jobs = g_rand_int_range (rand, 1, 5);
  guint n_skills = g_rand_int_range (rand, 4, 10);
  gboolean skills_as_bullets = g_rand_boolean (rand);
  const Degree *degree = &PICK (rand, degrees);
  int cursor;
  SlResumeGenBlock *block;
  g_autofree char *email_user = NULL;
  g_autofree gboolean *taken = g_new0 (gboolean, 12);
  guint phone_style = g_rand_int_range (rand, 0, 4);
  guint area = g_rand_int_range (rand, 100, 199);

  gen->layout = index % SL_RESUME_GEN_N_LAYOUTS;
  gen->skills = g_ptr_array_new_with_free_func (g_free);
  gen->jobs = g_array_new (FALSE, TRUE, sizeof (SlResumeGenJob));
  g_array_set_clear_func (gen->jobs, job_clear);
  gen->certifications = g_ptr_array_new_with_free_func (g_free);
  gen->languages = g_ptr_array_new_with_free_func (g_free);
  gen->header = g_ptr_array_new_with_free_func (g_free);
  gen->blocks = g_ptr_array_new_with_free_func (block_free);

  gen->name = g_strdup_printf ("%s %s", first, last);
  gen->location = g_strdup (PICK (rand, locations));
  {
    g_autofree char *ascii = g_str_to_ascii (gen->name, "C");
    g_autofree char *lower = g_ascii_strdown (ascii, -1);

    g_strdelimit (lower, " '", '.');
    email_user = g_steal_pointer (&lower);
  }
  gen->email = g_strdup_printf ("%s%u@example.%s", email_user, index,
                                g_rand_boolean (rand) ? "com" : "org");
  gen->link = g_strdup_printf ("linkedin.com/in/%s-%u", first, index);
  g_strdelimit (gen->link + strlen ("linkedin.com/in/"), "ëéíáöüñ", 'x');

  /* 555-01xx numbers are reserved for fiction. */
  switch (phone_style)
    {
    case 0:
      gen->phone = g_strdup_printf ("+1 (555) 010-0%03u", area);
      gen->phone_digits = g_strdup_printf ("+15550100%03u", area);
      break;
    case 1:
      gen->phone = g_strdup_printf ("555-010-0%03u", area);
      gen->phone_digits = g_strdup_printf ("5550100%03u", area);
      break;
    case 2:
      gen->phone = g_strdup_printf ("+44 20 7946 0%03u", area);
      gen->phone_digits = g_strdup_printf ("+442079460%03u", area);
      break;
    default:
      gen->phone = g_strdup_printf ("(555) 010 0%03u", area);
      gen->phone_digits = g_strdup_printf ("5550100%03u", area);
      break;
    }

  /* Jobs, most recent first; sometimes one overlaps the next. */
  cursor = now - g_rand_int_range (rand, 0, 3);
  for (guint i = 0; i < n_jobs; i++)
    {
      SlResumeGenJob job = { 0, };
      int length = g_rand_int_range (rand, 8, 50);

      job.current = i == 0 && g_rand_int_range (rand, 0, 3) > 0;
      job.end = job.current ? 0 : cursor;
      job.start = (job.current ? now : cursor) - length;
      job.title = g_strdup (cat->titles[g_rand_int_range (rand, 0, 6)]);
      job.company = g_strdup (PICK (rand, companies));

      /* A year-only style loses the months: start in January, end in December. */
      if (date_style == 4)
        {
          job.start = (job.start / 12) * 12;
          if (!job.current)
            job.end = (job.end / 12) * 12 + 11;
        }

      g_array_append_val (gen->jobs, job);
      if (g_rand_int_range (rand, 0, 4) == 0)
        cursor = job.start + g_rand_int_range (rand, 1, 6);   /* overlap */
      else
        cursor = job.start - g_rand_int_range (rand, 1, 10);  /* gap */
    }
  gen->years = merged_years (gen->jobs, now);
  gen->headline = g_strdup (g_array_index (gen->jobs, SlResumeGenJob, 0).title);

  /* Skills, without repeating a canonical skill. */
  {
    g_autoptr(GPtrArray) written = g_ptr_array_new ();

    for (guint i = 0; i < n_skills; i++)
      {
        guint k = g_rand_int_range (rand, 0, 12);
        gboolean dup = FALSE;

        if (taken[k])
          continue;
        for (guint j = 0; j < gen->skills->len; j++)
          if (strcmp (g_ptr_array_index (gen->skills, j), cat->skills[k].canonical) == 0)
            dup = TRUE;
        if (dup)
          continue;
        taken[k] = TRUE;
        g_ptr_array_add (gen->skills, g_strdup (cat->skills[k].canonical));
        g_ptr_array_add (written, (gpointer)cat->skills[k].written);
      }

    /* Header */
    if (gen->layout == SL_RESUME_GEN_LAYOUT_CLASSIC)
      g_ptr_array_add (gen->header, g_utf8_strup (gen->name, -1));
    else if (gen->layout == SL_RESUME_GEN_LAYOUT_MARKDOWN)
      g_ptr_array_add (gen->header, g_strdup_printf ("# %s", gen->name));
    else
      g_ptr_array_add (gen->header, g_strdup (gen->name));

    if (gen->layout == SL_RESUME_GEN_LAYOUT_MODERN)
      {
        g_autofree char *first_line = g_ptr_array_steal_index (gen->header, 0);

        g_ptr_array_add (gen->header, g_strdup_printf ("%s — %s", first_line, gen->headline));
      }
    else
      g_ptr_array_add (gen->header, g_strdup (gen->headline));

    if (gen->layout == SL_RESUME_GEN_LAYOUT_TWO_COLUMN)
      {
        block = add_block (gen, "contact", "Contact", TRUE);
        g_ptr_array_add (block->lines, g_strdup (gen->email));
        g_ptr_array_add (block->lines, g_strdup (gen->phone));
        g_ptr_array_add (block->lines, g_strdup (gen->location));
        g_ptr_array_add (block->lines, g_strdup (gen->link));
      }
    else if (gen->layout == SL_RESUME_GEN_LAYOUT_TABLE)
      {
        g_ptr_array_add (gen->header, g_strdup_printf ("%s\t%s\t%s", gen->email, gen->phone,
                                                       gen->location));
        g_ptr_array_add (gen->header, g_strdup (gen->link));
      }
    else if (gen->layout == SL_RESUME_GEN_LAYOUT_TWO_LINE)
      {
        g_ptr_array_add (gen->header, g_strdup (gen->location));
        g_ptr_array_add (gen->header, g_strdup_printf ("Email: %s", gen->email));
        g_ptr_array_add (gen->header, g_strdup_printf ("Phone: %s", gen->phone));
        g_ptr_array_add (gen->header, g_strdup_printf ("https://www.%s", gen->link));
      }
    else
      {
        g_ptr_array_add (gen->header, g_strdup_printf ("%s | %s | %s", gen->location, gen->email,
                                                       gen->phone));
        g_ptr_array_add (gen->header, g_strdup (gen->link));
      }

    if (gen->layout == SL_RESUME_GEN_LAYOUT_TWO_LINE)
      {
        g_free (gen->link);
        gen->link = g_strdup_printf ("https://www.linkedin.com/in/%s-%u", first, index);
        g_strdelimit (gen->link + strlen ("https://www.linkedin.com/in/"), "ëéíáöüñ", 'x');
        g_free (g_ptr_array_steal_index (gen->header, gen->header->len - 1));
        g_ptr_array_add (gen->header, g_strdup (gen->link));
      }

    /* Summary */
    block = add_block (gen, "summary", PICK (rand, summary_titles), FALSE);
    g_ptr_array_add (block->lines,
                     g_strdup_printf ("%s with %d years of experience who enjoys careful, "
                                      "well-documented work.", gen->headline, (int)gen->years));

    /* Skills */
    block = add_block (gen, "skills", PICK (rand, skills_titles),
                       gen->layout == SL_RESUME_GEN_LAYOUT_TWO_COLUMN);
    if (gen->layout == SL_RESUME_GEN_LAYOUT_TABLE)
      {
        /* Three cells a row. */
        for (guint i = 0; i < written->len; i += 3)
          g_ptr_array_add (block->lines,
                           g_strdup_printf ("%s\t%s\t%s", (char *)g_ptr_array_index (written, i),
                                            i + 1 < written->len ? (char *)g_ptr_array_index (written, i + 1) : "",
                                            i + 2 < written->len ? (char *)g_ptr_array_index (written, i + 2) : ""));
      }
    else if (skills_as_bullets || gen->layout == SL_RESUME_GEN_LAYOUT_TWO_COLUMN)
      for (guint i = 0; i < written->len; i++)
        g_ptr_array_add (block->lines, g_strdup_printf ("• %s", (char *)g_ptr_array_index (written, i)));
    else
      {
        g_ptr_array_add (written, NULL);
        g_ptr_array_add (block->lines, g_strjoinv (", ", (char **)written->pdata));
      }
  }

  /* Experience */
  block = add_block (gen, "experience", PICK (rand, experience_titles), FALSE);
  for (guint i = 0; i < gen->jobs->len; i++)
    {
      SlResumeGenJob *job = &g_array_index (gen->jobs, SlResumeGenJob, i);
      g_autofree char *range = format_range (job, date_style, sep_style);

      switch (gen->layout)
        {
        case SL_RESUME_GEN_LAYOUT_CLASSIC:
          g_ptr_array_add (block->lines, g_strdup_printf ("%s, %s, %s, %s", job->title, job->company,
                                                          gen->location, range));
          break;
        case SL_RESUME_GEN_LAYOUT_MODERN:
          g_ptr_array_add (block->lines, g_strdup_printf ("%s — %s    %s", job->company, job->title,
                                                          range));
          break;
        case SL_RESUME_GEN_LAYOUT_TWO_LINE:
          g_ptr_array_add (block->lines, g_strdup (job->title));
          g_ptr_array_add (block->lines, g_strdup_printf ("%s | %s", job->company, range));
          break;
        case SL_RESUME_GEN_LAYOUT_TABLE:
          g_ptr_array_add (block->lines, g_strdup_printf ("%s\t%s\t%s", range, job->title, job->company));
          break;
        case SL_RESUME_GEN_LAYOUT_MARKDOWN:
          g_ptr_array_add (block->lines, g_strdup_printf ("### %s at %s", job->title, job->company));
          g_ptr_array_add (block->lines, g_strdup_printf ("*%s*", range));
          break;
        case SL_RESUME_GEN_LAYOUT_TWO_COLUMN:
        case SL_RESUME_GEN_N_LAYOUTS:
        default:
          g_ptr_array_add (block->lines, g_strdup (job->title));
          g_ptr_array_add (block->lines, g_strdup (job->company));
          g_ptr_array_add (block->lines, g_strdup (range));
          break;
        }
      g_ptr_array_add (block->lines, g_strdup_printf ("- %s", PICK (rand, duties)));
      g_ptr_array_add (block->lines, g_strdup_printf ("- %s", PICK (rand, duties)));
      if (gen->layout != SL_RESUME_GEN_LAYOUT_TWO_COLUMN)
        g_ptr_array_add (block->lines, g_strdup (""));
    }

  /* Education */
  {
    int grad = g_array_index (gen->jobs, SlResumeGenJob, gen->jobs->len - 1).start / 12;
    const char *school = strcmp (degree->level, "high_school") == 0
                           ? "Central High School"
                           : institutions[g_rand_int_range (rand, 0, G_N_ELEMENTS (institutions) - 1)];

    gen->degree = g_strdup (degree->degree);
    gen->education_level = degree->level;
    gen->institution = g_strdup (school);
    block = add_block (gen, "education", PICK (rand, education_titles), FALSE);
    if (gen->layout == SL_RESUME_GEN_LAYOUT_TABLE)
      g_ptr_array_add (block->lines, g_strdup_printf ("%d\t%s\t%s", grad, gen->degree, school));
    else if (g_rand_boolean (rand))
      g_ptr_array_add (block->lines, g_strdup_printf ("%s, %s, %d", gen->degree, school, grad));
    else
      {
        g_ptr_array_add (block->lines, g_strdup (gen->degree));
        g_ptr_array_add (block->lines, g_strdup_printf ("%s    %d", school, grad));
      }
  }

  /* Certifications and languages, sometimes */
  if (g_rand_boolean (rand))
    {
      guint n = g_rand_int_range (rand, 1, 3);

      block = add_block (gen, "certifications", PICK (rand, cert_titles),
                         gen->layout == SL_RESUME_GEN_LAYOUT_TWO_COLUMN);
      for (guint i = 0; i < n; i++)
        {
          const char *cert = PICK (rand, certifications);
          gboolean dup = FALSE;

          for (guint j = 0; j < gen->certifications->len; j++)
            if (strcmp (g_ptr_array_index (gen->certifications, j), cert) == 0)
              dup = TRUE;
          if (dup)
            continue;
          g_ptr_array_add (gen->certifications, g_strdup (cert));
          g_ptr_array_add (block->lines, g_strdup_printf ("- %s", cert));
        }
    }

  if (g_rand_int_range (rand, 0, 3) > 0)
    {
      guint n = g_rand_int_range (rand, 1, 4);
      GString *line = g_string_new (NULL);

      block = add_block (gen, "languages", PICK (rand, language_titles),
                         gen->layout == SL_RESUME_GEN_LAYOUT_TWO_COLUMN);
      for (guint i = 0; i < n; i++)
        {
          const char *lang = PICK (rand, languages);
          gboolean dup = FALSE;

          for (guint j = 0; j < gen->languages->len; j++)
            if (strcmp (g_ptr_array_index (gen->languages, j), lang) == 0)
              dup = TRUE;
          if (dup)
            continue;
          g_ptr_array_add (gen->languages, g_strdup (lang));
          if (gen->layout == SL_RESUME_GEN_LAYOUT_TWO_COLUMN)
            g_ptr_array_add (block->lines, g_strdup_printf ("%s%s", lang, PICK (rand, proficiency)));
          else
            g_string_append_printf (line, "%s%s%s", line->len > 0 ? ", " : "", lang,
                                    PICK (rand, proficiency));
        }
      if (line->len > 0)
        g_ptr_array_add (block->lines, g_string_free (line, FALSE));
      else
        g_string_free (line, TRUE);
    }

  render_text (gen);
  return gen;
}
