/* libFuzzer target: format detection and every reader on arbitrary bytes
 * (plain text in any encoding, RTF, zip containers, PDF, JSON). */
#include "config.h"

#include "sl-extract.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

/* A warning or critical is a bug: abort, so libFuzzer keeps the input. */
static void
abort_on_warning (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_printerr ("%s: %s\n", domain ? domain : "", message);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static gboolean initialized;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = NULL;

  if (!initialized)
    {
      g_log_set_default_handler (abort_on_warning, NULL);
      g_log_set_handler ("GLib", G_LOG_LEVEL_MASK, abort_on_warning, NULL);
      initialized = TRUE;
    }

  extracted = sl_extract_data (data, size, &error);
  if (extracted != NULL)
    {
      g_assert (g_utf8_validate (extracted->text, -1, NULL));
      g_assert (extracted->format != NULL && extracted->mime_type != NULL);
    }
  else
    g_assert (error != NULL && error->domain == SL_EXTRACT_ERROR);
  return 0;
}
