/* Shared set-up of the libFuzzer targets: one taxonomy for all inputs. */
#pragma once

#include <stdint.h>
#include <stdlib.h>

#include "sl-skill-taxonomy.h"

static SlSkillTaxonomy *fuzz_taxonomy;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* Warnings are bugs here too. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  if ((fuzz_taxonomy = sl_skill_taxonomy_new_default (&error)) == NULL)
    {
      g_printerr ("fuzz: %s (set SHORTLIST_DATADIR)\n", error->message);
      abort ();
    }
  return 0;
}

/* A NUL-terminated copy: the parsers take C strings. */
static char *
fuzz_dup (const uint8_t *data,
          size_t         size)
{
  char *text = g_malloc (size + 1);

  memcpy (text, data, size);
  text[size] = '\0';
  return text;
}
