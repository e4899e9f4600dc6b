/* The main window's views fit a narrow window: each view's minimum width,
 * with a store in a temporary directory, is at most that of a tiled
 * half-screen window. The view stack is homogeneous, so every view counts
 * toward the window's minimum whichever is shown. With SL_SCREENSHOT_DIR
 * set, the views are saved as pictures at 640 and 1000 px, to look at. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sl-candidates-view.h"
#include "sl-interviews-view.h"
#include "sl-models-view.h"
#include "sl-reviews-view.h"
#include "sl-store.h"

#define NARROW_WIDTH 640

typedef GtkWidget *(*ViewNew) (void);
typedef void (*ViewSetStore) (GtkWidget *view, SlStore *store);

typedef struct
{
  const char   *name;
  ViewNew       view_new;
  ViewSetStore  set_store;
} View;

static void
candidates_set_store (GtkWidget *view, SlStore *store)
{
  sl_candidates_view_set_store (SL_CANDIDATES_VIEW (view), store);
}

static void
reviews_set_store (GtkWidget *view, SlStore *store)
{
  sl_reviews_view_set_store (SL_REVIEWS_VIEW (view), store);
}

static void
interviews_set_store (GtkWidget *view, SlStore *store)
{
  sl_interviews_view_set_store (SL_INTERVIEWS_VIEW (view), store);
}

static void
models_set_store (GtkWidget *view, SlStore *store)
{
  sl_models_view_set_store (SL_MODELS_VIEW (view), store);
}

static const View views[] = {
  { "candidates", sl_candidates_view_new, candidates_set_store },
  { "reviews", sl_reviews_view_new, reviews_set_store },
  { "interviews", sl_interviews_view_new, interviews_set_store },
  { "models", sl_models_view_new, models_set_store },
};

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* Shows widget alone in a window of the given width, once laid out. */
static GtkWidget *
show_in_window (GtkWidget *widget,
                int        width)
{
  GtkWidget *window = gtk_window_new ();
  guint id;

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  id = g_timeout_add_seconds (30, timeout_cb, (gpointer)"the window to be laid out");
  while (gtk_widget_get_width (widget) != width)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (id);
  return window;
}

/* With SL_SCREENSHOT_DIR set, saves what the window shows, to look at. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("SL_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("%s: nothing drawn yet, no screenshot", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         NULL);
  file = g_strdup_printf ("narrow-%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                &error);
  g_assert_no_error (error);
}

static void
test_view_fits (gconstpointer data)
{
  const View *view = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-narrow-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(SlStore) store = NULL;
  const int widths[] = { NARROW_WIDTH, 1000 };

  g_assert_no_error (error);
  db = g_build_filename (dir, "shortlist.db", NULL);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      GtkWidget *widget = view->view_new ();
      GtkWidget *window;
      g_autofree char *name = g_strdup_printf ("%s-%d", view->name, widths[i]);
      int minimum = -1;

      view->set_store (widget, store);
      window = show_in_window (widget, widths[i]);
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      g_test_message ("%s: minimum width %d", view->name, minimum);
      g_assert_cmpint (minimum, >, 0);
      g_assert_cmpint (minimum, <=, NARROW_WIDTH);
      save_screenshot (window, name);
      gtk_window_destroy (GTK_WINDOW (window));
    }

  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&store);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (gsize i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sl/ui/narrow/%s", views[i].name);

      g_test_add_data_func (path, &views[i], test_view_fits);
    }
  return g_test_run ();
}
