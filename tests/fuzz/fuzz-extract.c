/* libFuzzer target: format detection and every reader on arbitrary bytes
 * (plain text in any encoding, RTF, zip containers, PDF, JSON). */
#include "config.h"

#include "sl-extract.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = sl_extract_data (data, size, &error);

  if (extracted != NULL)
    {
      g_assert (g_utf8_validate (extracted->text, -1, NULL));
      g_assert (extracted->format != NULL && extracted->mime_type != NULL);
    }
  else
    g_assert (error != NULL && error->domain == SL_EXTRACT_ERROR);
  return 0;
}
