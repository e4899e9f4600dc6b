#define G_LOG_DOMAIN "sl-format"

#include "config.h"

#include <glib/gi18n.h>

#include "sl-format.h"

char *
sl_format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time <= 0)
    return g_strdup ("");

  if (!(utc = g_date_time_new_from_unix_utc (unix_time)))
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  /* Translators: a date in lists, in g_date_time_format() syntax:
   * day of the month, abbreviated month, year ("23 Nov 2026"). */
  return g_date_time_format (local, _("%-d %b %Y"));
}
