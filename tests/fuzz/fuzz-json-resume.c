#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "sl-json-resume.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = fuzz_dup (data, size);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, size, NULL))
    return 0;
  root = json_parser_get_root (parser);
  if (root == NULL)
    return 0;

  profile = sl_json_resume_to_profile (root, fuzz_taxonomy, &error);
  if (sl_json_resume_detect (root))
    {
      g_assert (profile != NULL && JSON_NODE_HOLDS_OBJECT (profile));
      g_assert (error == NULL);
    }
  else
    g_assert (profile == NULL && error != NULL);
  return 0;
}
