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

char *
sl_format_time_ago (gint64 unix_time)
{
  gint64 seconds = g_get_real_time () / G_USEC_PER_SEC - unix_time;
  gint64 n;

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    {
      n = seconds / 60;
      return g_strdup_printf (ngettext ("%lld minute ago", "%lld minutes ago", n), (long long)n);
    }
  if (seconds < 86400)
    {
      n = seconds / 3600;
      return g_strdup_printf (ngettext ("%lld hour ago", "%lld hours ago", n), (long long)n);
    }
  if (seconds < 30 * 86400)
    {
      n = seconds / 86400;
      return g_strdup_printf (ngettext ("%lld day ago", "%lld days ago", n), (long long)n);
    }
  return sl_format_date (unix_time);
}
