#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A short local date for lists ("23 Nov 2026"), or "" for 0. */
char *sl_format_date (gint64 unix_time) G_GNUC_WARN_UNUSED_RESULT;

/* How long ago, for people ("just now", "5 minutes ago", "2 hours ago",
 * "3 days ago"), else the date. */
char *sl_format_time_ago (gint64 unix_time) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
