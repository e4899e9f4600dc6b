/* The format readers, in process: every format, every hostile file. */
#include "config.h"

#include <string.h>

#include "sl-doc-gen.h"
#include "sl-extract.h"

static SlExtracted *
extract_bytes (GBytes  *bytes,
               GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  return sl_extract_data (data, len, error);
}

static SlExtracted *
extract_string (const char  *text,
                gsize        len,
                GError     **error)
{
  return sl_extract_data ((const guint8 *)text, len, error);
}

static void
assert_fails (GBytes         *bytes,
              SlExtractError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (bytes, &error);

  g_assert_null (extracted);
  g_assert_error (error, SL_EXTRACT_ERROR, (int)code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* Plain text */

static void
test_text_encodings (void)
{
  static const guint8 utf8_bom[] = { 0xEF, 0xBB, 0xBF, 'J', 'o', 's', 0xC3, 0xA9, '\r', '\n', 'x' };
  static const guint8 utf16le[] = { 0xFF, 0xFE, 'J', 0, 'o', 0, 's', 0, 0xE9, 0, '\n', 0 };
  static const guint8 utf16be[] = { 0xFE, 0xFF, 0, 'J', 0, 'o', 0, 's', 0, 0xE9 };
  static const guint8 utf16le_nobom[] = { 'J', 0, 'o', 0, 's', 0, 0xE9, 0, ' ', 0, 'X', 0 };
  static const guint8 latin1[] = { 'J', 'o', 's', 0xE9, ' ', 0x96, ' ', 'M', 0xFC, 'l', 'l', 'e', 'r' };
  const struct { const guint8 *data; gsize len; const char *expected; } cases[] = {
    { utf8_bom, sizeof utf8_bom, "José\nx" },
    { utf16le, sizeof utf16le, "José" },
    { utf16be, sizeof utf16be, "José" },
    { utf16le_nobom, sizeof utf16le_nobom, "José X" },
    { latin1, sizeof latin1, "José – Müller" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SlExtracted) extracted = sl_extract_data (cases[i].data, cases[i].len, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (extracted->format, ==, "text");
      g_assert_true (g_utf8_validate (extracted->text, -1, NULL));
      g_assert_true (g_str_has_prefix (extracted->text, cases[i].expected));
    }
}

static void
test_text_nfc (void)
{
  /* "e" + combining acute accent composes to a single "é". */
  const char *decomposed = "Rene\xCC\x81 Dupont\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_string (decomposed, strlen (decomposed), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (extracted->text, ==, "René Dupont");
}

static void
test_text_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = NULL;
  guint8 binary[512];
  g_autofree guint8 *huge = NULL;
  GRand *rand = g_rand_new_with_seed (42);

  /* 0 bytes, white space only. */
  extracted = extract_string ("", 0, &error);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_EMPTY);
  g_clear_error (&error);
  extracted = extract_string (" \n\t \r\n", 6, &error);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_EMPTY);
  g_clear_error (&error);

  /* Random binary data (named .pdf or not, it does not matter). */
  for (guint i = 0; i < sizeof binary; i++)
    binary[i] = g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  extracted = sl_extract_data (binary, sizeof binary, &error);
  g_assert_null (extracted);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Over the size limit: refused before anything reads it. */
  huge = g_malloc0 (SL_EXTRACT_MAX_FILE_SIZE + 1);
  extracted = sl_extract_data (huge, SL_EXTRACT_MAX_FILE_SIZE + 1, &error);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_TOO_LARGE);
}

static void
test_text_invalid_utf8 (void)
{
  /* Mostly ASCII with stray bytes that are not UTF-8: read as Latin-1,
   * never passed on as invalid text. */
  const char *text = "Name: Ana \xFF\xFEGarc\xED" "a\nSkills: SQL\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_string (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (extracted->text, -1, NULL));
  g_assert_nonnull (strstr (extracted->text, "García"));
}

static void
test_json_resume (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", "tomas-reyes-nurse.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  extracted = extract_string (contents, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (extracted->format, ==, "json");
  g_assert_nonnull (extracted->json_resume);
  g_assert_nonnull (strstr (extracted->text, "Tomás Reyes"));

  /* Nested far deeper than any resume: read as text, the parser never recurses. */
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autoptr(SlExtracted) other = NULL;

    for (int i = 0; i < 100000; i++)
      g_string_append (deep, "{\"a\":[");
    other = extract_string (deep->str, deep->len, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (other->format, ==, "text");
    g_assert_null (other->json_resume);
  }
}

/* RTF */

static void
test_rtf (void)
{
  const char *rtf =
    "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\fswiss Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
    "{\\*\\generator Writer;}{\\info{\\author Secret Author}}"
    "\\pard\\plain Jos\\'e9 Mart\\'ednez\\par "
    "Senior Engineer \\emdash  Acme\\par\n"
    "{\\pict\\pngblip 89504e470d0a1a0a}"
    "Caf\\u233?s and \\u8364? prices\\tab end\\par "
    "Escaped \\{braces\\} and \\\\ backslash\\par}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_string (rtf, strlen (rtf), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (extracted->format, ==, "rtf");
  g_assert_nonnull (strstr (extracted->text, "José Martínez\n"));
  g_assert_nonnull (strstr (extracted->text, "Senior Engineer — Acme"));
  g_assert_nonnull (strstr (extracted->text, "Cafés and € prices\tend"));
  g_assert_nonnull (strstr (extracted->text, "Escaped {braces} and \\ backslash"));
  g_assert_null (strstr (extracted->text, "Arial"));
  g_assert_null (strstr (extracted->text, "Secret Author"));
  g_assert_null (strstr (extracted->text, "Writer"));
  g_assert_null (strstr (extracted->text, "89504e"));
}

static void
test_rtf_hostile (void)
{
  g_autoptr(GString) deep = g_string_new ("{\\rtf1 ");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '{');
  extracted = extract_string (deep->str, deep->len, &error);
  g_assert_null (extracted);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Only destinations nobody reads: no text. */
  extracted = extract_string ("{\\rtf1{\\fonttbl Arial;}}", 24, &error);
  g_assert_null (extracted);
  g_assert_error (error, SL_EXTRACT_ERROR, SL_EXTRACT_ERROR_NO_TEXT);
}

/* DOCX and ODT */

static void
test_docx (void)
{
  g_autoptr(GBytes) docx = sl_gen_docx ("Jane Roe\nExperience\nJan 2019 – Present\tData Engineer\tAcme & Co\n"
                                        "Skills: SQL, Python",
                                        "jane.roe@example.com | +1 555 010 0199",
                                        "Text box: Portfolio");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (docx, &error);
  const char *header, *body, *box;

  g_assert_no_error (error);
  g_assert_cmpstr (extracted->format, ==, "docx");
  header = strstr (extracted->text, "jane.roe@example.com");
  body = strstr (extracted->text, "Jane Roe\nExperience\n");
  box = strstr (extracted->text, "Text box: Portfolio");
  g_assert_nonnull (header);
  g_assert_nonnull (body);
  g_assert_nonnull (box);
  /* Page header first, then the body; the text box once, not twice. */
  g_assert_true (header < body);
  g_assert_null (strstr (box + 1, "Text box: Portfolio"));
  /* A table row reads as one line, cells separated by tabs. */
  g_assert_nonnull (strstr (extracted->text, "Jan 2019 – Present\tData Engineer\tAcme & Co\n"));
  /* Tab stops in paragraph properties are not text. */
  g_assert_true (g_str_has_prefix (body, "Jane Roe\n"));
  g_assert_cmpint (extracted->text[strlen (extracted->text) - 1], !=, '\t');
}

static void
test_odt (void)
{
  g_autoptr(GBytes) odt = sl_gen_odt ("Jane Roe\nExperience\n2019-01\tData Engineer", "Page header line");
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (odt, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (extracted->format, ==, "odt");
  g_assert_true (g_str_has_prefix (extracted->text, "Page header line\nJane Roe\nExperience\n"));
  g_assert_nonnull (strstr (extracted->text, "2019-01\tData Engineer"));
}

static void
test_zip_others (void)
{
  const char *spreadsheet[] = {
    "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
    "content.xml", "<office:document-content><office:body/></office:document-content>",
    NULL,
  };
  const char *plain_zip[] = { "readme.txt", "hello", NULL };
  g_autoptr(GBytes) ods = sl_gen_zip (spreadsheet);
  g_autoptr(GBytes) zip = sl_gen_zip (plain_zip);

  assert_fails (ods, SL_EXTRACT_ERROR_UNSUPPORTED);
  assert_fails (zip, SL_EXTRACT_ERROR_UNSUPPORTED);
}

static void
test_docx_hostile (void)
{
  g_autoptr(GBytes) bomb = sl_gen_docx_bomb (200 * 1024 * 1024);
  g_autoptr(GString) nested = g_string_new ("<w:document xmlns:w=\"x\"><w:body>");
  g_autoptr(GBytes) nested_docx = NULL;
  g_autoptr(GBytes) entities_docx = NULL;
  g_autoptr(GBytes) unknown_entity_docx = NULL;
  g_autoptr(GBytes) malformed_docx = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) many_docx = NULL;
  g_autoptr(GBytes) docx = sl_gen_docx ("Some text\nMore text", NULL, NULL);

  /* 200 MiB of XML in well under a megabyte of zip. */
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 1024 * 1024);
  assert_fails (bomb, SL_EXTRACT_ERROR_TOO_LARGE);

  for (int i = 0; i < 5000; i++)
    g_string_append (nested, "<w:p>");
  nested_docx = sl_gen_docx_with_body (nested->str);
  assert_fails (nested_docx, SL_EXTRACT_ERROR_CORRUPT);

  /* Billion laughs: GMarkup has no DTD support, and we refuse DOCTYPEs. */
  entities_docx = sl_gen_docx_with_body (
    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
    "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>");
  assert_fails (entities_docx, SL_EXTRACT_ERROR_CORRUPT);
  unknown_entity_docx = sl_gen_docx_with_body (
    "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>");
  assert_fails (unknown_entity_docx, SL_EXTRACT_ERROR_CORRUPT);
  malformed_docx = sl_gen_docx_with_body ("<w:document><w:body><w:p></w:body>");
  assert_fails (malformed_docx, SL_EXTRACT_ERROR_CORRUPT);

  /* Thousands of parts. */
  for (int i = 0; i < 2500; i++)
    {
      g_ptr_array_add (many, g_strdup_printf ("word/media/image%d.png", i));
      g_ptr_array_add (many, g_strdup ("x"));
    }
  g_ptr_array_add (many, NULL);
  many_docx = sl_gen_zip ((const char * const *)many->pdata);
  assert_fails (many_docx, SL_EXTRACT_ERROR_TOO_LARGE);

  /* A zip cut in half. */
  truncated = g_bytes_new_from_bytes (docx, 0, g_bytes_get_size (docx) / 2);
  assert_fails (truncated, SL_EXTRACT_ERROR_CORRUPT);
}

/* PDF */

static void
test_pdf_one_column (void)
{
  g_autoptr(SlGenResume) resume = sl_gen_resume_new (3);
  g_autoptr(GBytes) pdf = sl_gen_pdf (NULL, resume->text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (pdf, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (extracted->format, ==, "pdf");
  g_assert_cmpint (extracted->pages, ==, 1);
  g_assert_nonnull (strstr (extracted->text, resume->name));
  g_assert_nonnull (strstr (extracted->text, resume->email));
}

static void
test_pdf_two_columns (void)
{
  g_autoptr(SlGenResume) resume = sl_gen_resume_new (5);
  g_autoptr(GBytes) pdf = sl_gen_pdf (resume->name, resume->sidebar, resume->main);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (pdf, &error);
  g_autofree char *job_line = g_strdup_printf ("%s, %s\n", resume->title, resume->company);
  const char *name, *skills, *summary, *job;

  g_assert_no_error (error);
  name = strstr (extracted->text, resume->name);
  skills = strstr (extracted->text, "SKILLS");
  summary = strstr (extracted->text, "SUMMARY");
  job = strstr (extracted->text, job_line);
  g_assert_nonnull (name);
  g_assert_nonnull (skills);
  g_assert_nonnull (summary);
  g_assert_nonnull (job);
  /* Header, then the whole left column, then the whole right column: the
   * job's dates follow its title instead of a line of the sidebar. */
  g_assert_true (name < skills);
  g_assert_true (skills < summary);
  {
    const char *next = job + strlen (job_line);
    const char *end = strchr (next, '\n');

    g_assert_nonnull (end);
    g_assert_nonnull (g_strstr_len (next, end - next, "Present"));
  }
  g_assert_null (strstr (summary, "CONTACT"));
}

static void
test_pdf_table (void)
{
  g_autoptr(GBytes) pdf = sl_gen_pdf (NULL,
                                      "Jane Roe\nExperience\n"
                                      "Jan 2019 – Present\tData Engineer\tAcme & Co\n"
                                      "Mar 2015 – Dec 2018\tAnalyst\tGlobex\n"
                                      "Jun 2012 – Feb 2015\tIntern\tInitech\n"
                                      "Skills: SQL, Python",
                                      NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (pdf, &error);

  /* Poppler reads the table column by column; rows must come back whole. */
  g_assert_no_error (error);
  g_assert_nonnull (strstr (extracted->text, "Jan 2019 – Present\tData Engineer\tAcme & Co\n"));
  g_assert_nonnull (strstr (extracted->text, "Mar 2015 – Dec 2018\tAnalyst\tGlobex\n"));
  g_assert_nonnull (strstr (extracted->text, "Jun 2012 – Feb 2015\tIntern\tInitech\n"));
  g_assert_true (g_str_has_prefix (extracted->text, "Jane Roe\nExperience\n"));
}

static void
test_pdf_ruled_table (void)
{
  const char * const rows[] = {
    "2019 – Present\nAcme Corporation\nBerlin, Germany\tSenior Data Engineer\nBuilt the streaming pipelines in Python\nand SQL that feed the analytics team.",
    "2015 – 2018\nGlobex Industries\nLisbon, Portugal\tData Analyst\nReported weekly on sales with Tableau\nand automated the reports in R.",
    "2012 – 2015\nInitech Limited\nPorto, Portugal\tJunior Analyst\nCleaned customer data in Excel and\nwrote the first data dictionary.",
    NULL
  };
  g_autoptr(GBytes) pdf = sl_gen_pdf_ruled_table ("Work History", rows);
  g_autoptr(GError) error = NULL;
  g_autoptr(SlExtracted) extracted = extract_bytes (pdf, &error);
  const char *order[] = {
    "Work History",
    "2019 – Present", "Acme Corporation", "Senior Data Engineer", "analytics team.",
    "2015 – 2018", "Globex Industries", "Data Analyst", "automated the reports",
    "2012 – 2015", "Initech Limited", "Junior Analyst", "data dictionary.",
  };
  const char *at = NULL;

  /* Rules across the gutter: row by row, each cell whole. */
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *found = strstr (extracted->text, order[i]);

      if (found == NULL || found < at)
        g_error ("“%s” out of order in:\n%s", order[i], extracted->text);
      at = found;
    }
}

static void
test_pdf_hostile (void)
{
  g_autoptr(GBytes) encrypted = sl_gen_pdf_encrypted ();
  g_autoptr(GBytes) scanned = sl_gen_pdf_pages (NULL, 2);
  g_autoptr(GBytes) long_pdf = sl_gen_pdf_pages ("Page text", SL_EXTRACT_MAX_PAGES + 1);
  g_autoptr(GBytes) good = sl_gen_pdf (NULL, "Some text\nin a PDF", NULL);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (good, 0, 300);
  g_autoptr(GByteArray) corrupt = g_byte_array_new ();
  g_autoptr(GBytes) corrupt_bytes = NULL;

  assert_fails (encrypted, SL_EXTRACT_ERROR_ENCRYPTED);
  assert_fails (scanned, SL_EXTRACT_ERROR_NO_TEXT);
  assert_fails (long_pdf, SL_EXTRACT_ERROR_TOO_LARGE);
  assert_fails (truncated, SL_EXTRACT_ERROR_CORRUPT);

  /* A PDF header followed by garbage. */
  g_byte_array_append (corrupt, (const guint8 *)"%PDF-1.7\n", 9);
  for (guint i = 0; i < 4096; i++)
    {
      guint8 b = (i * 7919) % 251;

      g_byte_array_append (corrupt, &b, 1);
    }
  corrupt_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&corrupt));
  assert_fails (corrupt_bytes, SL_EXTRACT_ERROR_CORRUPT);
}

static void
test_pdf_fixtures (void)
{
  const struct { const char *file; const char *expected; } cases[] = {
    { "john_doe.pdf", "JOHN DOE" },
    { "harvey_dent_mle.pdf", "Harvey Dent" },
    { "job_desc_java_developer.pdf", "Java Developer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", cases[i].file, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SlExtracted) extracted = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &contents, &len, &error));
      extracted = extract_string (contents, len, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (extracted->format, ==, "pdf");
      g_assert_cmpint (extracted->pages, >=, 1);
      g_assert_nonnull (strstr (extracted->text, cases[i].expected));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sl/extract/text/encodings", test_text_encodings);
  g_test_add_func ("/sl/extract/text/nfc", test_text_nfc);
  g_test_add_func ("/sl/extract/text/hostile", test_text_hostile);
  g_test_add_func ("/sl/extract/text/invalid-utf8", test_text_invalid_utf8);
  g_test_add_func ("/sl/extract/json-resume", test_json_resume);
  g_test_add_func ("/sl/extract/rtf/text", test_rtf);
  g_test_add_func ("/sl/extract/rtf/hostile", test_rtf_hostile);
  g_test_add_func ("/sl/extract/docx/text", test_docx);
  g_test_add_func ("/sl/extract/docx/hostile", test_docx_hostile);
  g_test_add_func ("/sl/extract/odt/text", test_odt);
  g_test_add_func ("/sl/extract/zip/others", test_zip_others);
  g_test_add_func ("/sl/extract/pdf/one-column", test_pdf_one_column);
  g_test_add_func ("/sl/extract/pdf/two-columns", test_pdf_two_columns);
  g_test_add_func ("/sl/extract/pdf/table", test_pdf_table);
  g_test_add_func ("/sl/extract/pdf/ruled-table", test_pdf_ruled_table);
  g_test_add_func ("/sl/extract/pdf/hostile", test_pdf_hostile);
  g_test_add_func ("/sl/extract/pdf/fixtures", test_pdf_fixtures);

  return g_test_run ();
}
