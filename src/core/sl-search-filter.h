#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SL_SEARCH_ERROR (sl_search_error_quark ())

typedef enum
{
  SL_SEARCH_ERROR_FAILED,
  SL_SEARCH_ERROR_INVALID_FILTER,
  SL_SEARCH_ERROR_INVALID_QUERY,
} SlSearchError;

GQuark sl_search_error_quark (void);

/* A parsed search filter. The grammar, terms separated by spaces, values
 * in double quotes when they hold spaces:
 *
 *   skills:python,aws           has every listed skill (names or aliases)
 *   skills:python|aws           has at least one of them
 *   years>=3                    at least three years of experience
 *   education>=bachelor         none, high_school, associate, bachelor, master, doctorate
 *   location:berlin             the location contains the text (any case)
 *   job:12                      applied to (linked to) job 12
 *   after:2024-05-01            imported after that day (UTC)
 */
typedef struct
{
  GStrv    skills;          /* NULL: no skill filter */
  gboolean skills_any;      /* TRUE: any of skills; FALSE: all of them */
  double   min_years;       /* < 0: none */
  int      min_education;   /* < 0: none */
  char    *location;
  gint64   job_id;          /* 0: none */
  gint64   imported_after;  /* Unix seconds, exclusive; 0: none */
} SlSearchFilter;

#define SL_TYPE_SEARCH_FILTER (sl_search_filter_get_type ())

GType           sl_search_filter_get_type (void);
SlSearchFilter *sl_search_filter_new      (void) G_GNUC_WARN_UNUSED_RESULT;
/* NULL or blank text gives a filter that accepts everything. */
SlSearchFilter *sl_search_filter_parse    (const char           *text,
                                           GError              **error) G_GNUC_WARN_UNUSED_RESULT;
SlSearchFilter *sl_search_filter_copy     (const SlSearchFilter *filter) G_GNUC_WARN_UNUSED_RESULT;
void            sl_search_filter_free     (SlSearchFilter       *filter);
gboolean        sl_search_filter_is_empty (const SlSearchFilter *filter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlSearchFilter, sl_search_filter_free)

G_END_DECLS
