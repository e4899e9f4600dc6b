#define G_LOG_DOMAIN "sl-data"

#include "config.h"

#include "sl-data.h"

char *
sl_data_find_file (const char *name)
{
  const char *env = g_getenv ("SHORTLIST_DATADIR");
  const char *dirs[] = { env, PKGDATADIR, SOURCE_DATADIR };

  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || dirs[i][0] == '\0')
        continue;
      path = g_build_filename (dirs[i], name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return g_build_filename (PKGDATADIR, name, NULL);
}
