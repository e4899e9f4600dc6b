/* The import banner in a real window under Xvfb. A button activated from
 * the keyboard or an assistive technology emits "clicked" a moment after
 * the key press: a Dismiss pressed on one import's summary just before the
 * user drops more files must not put away the new import's progress. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sl-import-banner.h"
#include "sl-store.h"

typedef struct
{
  SlImportBanner *banner;
  GtkRevealer    *revealer;
  guint           clicks;
  gboolean        running_at_click;
  gboolean        revealed_after_click;
} Fixture;

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* The first descendant of widget of the given type, and with the given
 * tooltip when one is given. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
write_resumes (const char *dir,
               guint       first,
               guint       n)
{
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *name = g_strdup_printf ("applicant-%05u.txt", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = g_strdup_printf ("Applicant %u\napplicant%u@example.com\n\n"
                                               "SKILLS\nExcel, payroll, ledger %u\n",
                                               i, i, i);
      g_autoptr(GError) error = NULL;

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }
}

static void
import_and_wait (SlImportBanner *banner,
                 const char     *dir)
{
  const char *paths[] = { dir, NULL };
  guint id = g_timeout_add_seconds (120, timeout_cb, (gpointer)"an import to end");

  sl_import_banner_import (banner, paths);
  g_assert_true (sl_import_banner_get_running (banner));
  while (sl_import_banner_get_running (banner))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

/* Connected after the banner's own handler. */
static void
dismiss_clicked_cb (GtkButton *button,
                    Fixture   *fixture)
{
  fixture->clicks++;
  fixture->running_at_click = sl_import_banner_get_running (fixture->banner);
  fixture->revealed_after_click = gtk_revealer_get_reveal_child (fixture->revealer);
}

static void
wait_for_click (Fixture *fixture,
                guint    clicks)
{
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer)"the Dismiss click");

  while (fixture->clicks < clicks)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
test_late_dismiss (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-import-banner-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "shortlist.db", NULL);
  g_autofree char *first = g_build_filename (dir, "first", NULL);
  g_autofree char *second = g_build_filename (dir, "second", NULL);
  g_autoptr(SlStore) store = NULL;
  Fixture fixture = { 0 };
  GtkWidget *window;
  GtkWidget *dismiss;

  g_assert_no_error (error);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);
  write_resumes (first, 0, 1);
  /* Enough files that the import still runs when the click comes, a
   * quarter of a second after the key press. */
  write_resumes (second, 1, 1000);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 200);
  fixture.banner = SL_IMPORT_BANNER (sl_import_banner_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (fixture.banner));
  sl_import_banner_set_store (fixture.banner, store);
  gtk_window_present (GTK_WINDOW (window));
  fixture.revealer = GTK_REVEALER (find_widget (GTK_WIDGET (fixture.banner), GTK_TYPE_REVEALER, NULL));
  g_assert_nonnull (fixture.revealer);
  g_assert_false (gtk_revealer_get_reveal_child (fixture.revealer));

  import_and_wait (fixture.banner, first);
  g_assert_true (gtk_revealer_get_reveal_child (fixture.revealer));
  dismiss = find_widget (GTK_WIDGET (fixture.banner), GTK_TYPE_BUTTON, "Dismiss");
  g_assert_nonnull (dismiss);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), &fixture);

  /* Dismiss from the keyboard, and more files dropped at once. */
  g_assert_true (gtk_widget_activate (dismiss));
  {
    const char *paths[] = { second, NULL };

    sl_import_banner_import (fixture.banner, paths);
  }
  wait_for_click (&fixture, 1);
  g_assert_true (fixture.running_at_click);
  g_assert_true (fixture.revealed_after_click);
  {
    guint id = g_timeout_add_seconds (120, timeout_cb, (gpointer)"the second import to end");

    while (sl_import_banner_get_running (fixture.banner))
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (id);
  }
  g_assert_true (gtk_revealer_get_reveal_child (fixture.revealer));

  /* Dismiss on the finished import's summary puts the banner away. */
  g_assert_true (gtk_widget_activate (dismiss));
  wait_for_click (&fixture, 2);
  g_assert_false (fixture.running_at_click);
  g_assert_false (gtk_revealer_get_reveal_child (fixture.revealer));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  /* The resumes, the database and the store's copies of the originals. */
  {
    const char *argv[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  &error);
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sl/ui/import-banner/late-dismiss", test_late_dismiss);
  return g_test_run ();
}
