#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "sl-job-parser.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_dup (data, size);
  g_autoptr(JsonNode) node = sl_job_parse (text, fuzz_taxonomy);
  g_autofree char *json = NULL;

  g_assert (JSON_NODE_HOLDS_OBJECT (node));
  json = json_to_string (node, FALSE);
  g_assert (g_utf8_validate (json, -1, NULL));
  return 0;
}
