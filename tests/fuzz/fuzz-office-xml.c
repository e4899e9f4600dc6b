/* libFuzzer target: the DOCX and ODT XML body readers. The first byte picks
 * the dialect (DOCX body, ODT body, ODT page headers); the rest is the XML. */
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
  g_autofree char *text = NULL;

  if (!initialized)
    {
      g_log_set_default_handler (abort_on_warning, NULL);
      g_log_set_handler ("GLib", G_LOG_LEVEL_MASK, abort_on_warning, NULL);
      initialized = TRUE;
    }

  if (size < 1)
    return 0;
  switch (data[0] % 3)
    {
    case 0:
      text = sl_extract_docx_xml ((const char *)data + 1, size - 1, &error);
      break;
    case 1:
      text = sl_extract_odt_xml ((const char *)data + 1, size - 1, FALSE, &error);
      break;
    default:
      text = sl_extract_odt_xml ((const char *)data + 1, size - 1, TRUE, &error);
      break;
    }
  /* Whatever comes out must be text the rest of the pipeline can take. */
  if (text != NULL)
    {
      g_autofree char *normalized = sl_extract_normalize (g_utf8_validate (text, -1, NULL) ? text : "");

      g_assert (g_utf8_validate (normalized, -1, NULL));
    }
  else
    g_assert (error != NULL && error->domain == SL_EXTRACT_ERROR);
  return 0;
}
