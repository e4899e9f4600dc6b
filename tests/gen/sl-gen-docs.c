/* sl-gen-docs: writes generated resumes and hostile files into a folder,
 * for the CLI tests and the import benchmark.
 *
 *   sl-gen-docs --resumes N [--format pdf|pdf2|docx|odt|txt] [--first I] DIR
 *   sl-gen-docs --hostile DIR
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sl-doc-gen.h"

#define MAX_FILE_SIZE (20 * 1024 * 1024)

static void
write_or_die (const char *dir,
              const char *name,
              GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!sl_gen_write (path, bytes, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
}

static void
write_resumes (const char *dir,
               guint       first,
               guint       n,
               const char *format)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(SlGenResume) resume = sl_gen_resume_new (i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      const char *ext = format;

      if (g_str_equal (format, "pdf"))
        bytes = sl_gen_pdf (NULL, resume->text, NULL);
      else if (g_str_equal (format, "pdf2"))
        {
          bytes = sl_gen_pdf (resume->name, resume->sidebar, resume->main);
          ext = "pdf";
        }
      else if (g_str_equal (format, "docx"))
        bytes = sl_gen_docx (resume->text, NULL, NULL);
      else if (g_str_equal (format, "odt"))
        bytes = sl_gen_odt (resume->text, NULL);
      else
        {
          bytes = g_bytes_new (resume->text, strlen (resume->text));
          ext = "txt";
        }
      name = g_strdup_printf ("resume-%04u.%s", i, ext);
      write_or_die (dir, name, bytes);
      /* The expected fields, for tests that check what was parsed. */
      printf ("%s\t%s\t%s\t%s\n", name, resume->name, resume->email, resume->phone_digits);
    }
}

static void
write_hostile (const char *dir)
{
  g_autoptr(SlGenResume) resume = sl_gen_resume_new (0);
  g_autoptr(GBytes) pdf = sl_gen_pdf (NULL, resume->text, NULL);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (pdf, 0, 300);
  g_autoptr(GBytes) bomb = sl_gen_docx_bomb (64 * 1024 * 1024);
  g_autoptr(GBytes) encrypted = sl_gen_pdf_encrypted ();
  g_autoptr(GBytes) scanned = sl_gen_pdf_pages (NULL, 1);
  g_autoptr(GBytes) entities = sl_gen_docx_with_body (
    "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
    "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>");
  g_autoptr(GString) deep = g_string_new ("<w:document xmlns:w=\"x\"><w:body>");
  g_autoptr(GBytes) nested = NULL;
  g_autoptr(GBytes) binary = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autofree char *big = g_build_filename (dir, "oversized.txt", NULL);
  guint8 noise[1024];
  int fd;

  for (int i = 0; i < 10000; i++)
    g_string_append (deep, "<w:p>");
  nested = sl_gen_docx_with_body (deep->str);
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (i * 2654435761u) >> 13;
  binary = g_bytes_new (noise, sizeof noise);

  write_or_die (dir, "truncated.pdf", truncated);
  write_or_die (dir, "zip-bomb.docx", bomb);
  write_or_die (dir, "encrypted.pdf", encrypted);
  write_or_die (dir, "scanned.pdf", scanned);
  write_or_die (dir, "entities.docx", entities);
  write_or_die (dir, "nested.docx", nested);
  write_or_die (dir, "binary.pdf", binary);
  write_or_die (dir, "empty.txt", empty);
  fd = g_open (big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate (fd, MAX_FILE_SIZE + 1) != 0)
    exit (1);
  g_close (fd, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  gboolean hostile = FALSE;
  int n = 0;
  int first = 0;
  const GOptionEntry entries[] = {
    { "resumes", 0, 0, G_OPTION_ARG_INT, &n, "Number of resumes", "N" },
    { "first", 0, 0, G_OPTION_ARG_INT, &first, "Index of the first resume", "I" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, "pdf, pdf2, docx, odt or txt", "FORMAT" },
    { "hostile", 0, 0, G_OPTION_ARG_NONE, &hostile, "Write the hostile files", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || n < 0 || first < 0)
    {
      fprintf (stderr, "usage: sl-gen-docs [--resumes N --format F | --hostile] DIR\n");
      return 2;
    }
  g_mkdir_with_parents (argv[1], 0700);
  if (hostile)
    write_hostile (argv[1]);
  if (n > 0)
    write_resumes (argv[1], first, n, format != NULL ? format : "pdf");
  return 0;
}
