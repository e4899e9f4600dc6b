#pragma once

#include "sl-cli.h"

G_BEGIN_DECLS

struct _SlCli
{
  char    *db_path;
  SlStore *store;
  int      exit_status;
  guint    json : 1;
  guint    verbose : 1;
};

G_END_DECLS
