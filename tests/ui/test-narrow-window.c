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
#include "sl-job-page.h"
#include "sl-jobs-view.h"
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
jobs_set_store (GtkWidget *view, SlStore *store)
{
  sl_jobs_view_set_store (SL_JOBS_VIEW (view), store);
}

static void
job_page_set_store (GtkWidget *view, SlStore *store)
{
  sl_job_page_set_store (SL_JOB_PAGE (view), store);
}

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
  { "jobs", sl_jobs_view_new, jobs_set_store },
  { "job-page", sl_job_page_new, job_page_set_store },
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

/* The first descendant of widget of the given type. */
static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

/* Until the leaflet shows the named child and a few frames were drawn. */
static void
wait_for_child (AdwLeaflet *leaflet,
                const char *name)
{
  guint frames = 0;
  guint id = g_timeout_add_seconds (30, timeout_cb, (gpointer)name);
  guint tick = gtk_widget_add_tick_callback (GTK_WIDGET (leaflet), tick_cb, &frames, NULL);

  while (g_strcmp0 (adw_leaflet_get_visible_child_name (leaflet), name) != 0 || frames < 3)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (leaflet), tick);
  g_source_remove (id);
  iterate ();
}

/* Narrow, the job page shows the ranking, and the requirements one button
 * away, and back; the focus follows. Wide, both side by side. */
static void
test_job_page_folds (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sl-narrow-XXXXXX", &error);
  g_autofree char *db = NULL;
  g_autoptr(SlStore) store = NULL;
  GtkWidget *page;
  GtkWidget *window;
  AdwLeaflet *leaflet;
  GtkWidget *focus;

  g_assert_no_error (error);
  db = g_build_filename (dir, "shortlist.db", NULL);
  store = sl_store_new (db, &error);
  g_assert_no_error (error);

  page = sl_job_page_new ();
  sl_job_page_set_store (SL_JOB_PAGE (page), store);
  window = show_in_window (page, NARROW_WIDTH);
  leaflet = ADW_LEAFLET (find_widget (page, ADW_TYPE_LEAFLET));
  g_assert_nonnull (leaflet);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "ranking");

  g_assert_true (gtk_widget_activate_action (page, "page.show-requirements", NULL));
  wait_for_child (leaflet, "requirements");
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, adw_leaflet_get_visible_child (leaflet)));
  g_assert_true (gtk_widget_get_mapped (focus));
  save_screenshot (window, "job-page-requirements");

  /* The focused button goes back. */
  g_assert_true (gtk_widget_activate (gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON)));
  wait_for_child (leaflet, "ranking");
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, adw_leaflet_get_visible_child (leaflet)));
  g_assert_true (gtk_widget_get_mapped (focus));
  save_screenshot (window, "job-page-ranking");
  gtk_window_destroy (GTK_WINDOW (window));

  page = sl_job_page_new ();
  sl_job_page_set_store (SL_JOB_PAGE (page), store);
  window = show_in_window (page, 1000);
  leaflet = ADW_LEAFLET (find_widget (page, ADW_TYPE_LEAFLET));
  g_assert_false (adw_leaflet_get_folded (leaflet));
  gtk_window_destroy (GTK_WINDOW (window));

  iterate ();
  g_clear_object (&store);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The leaflet's transitions end at once. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sl/ui/narrow/%s", views[i].name);

      g_test_add_data_func (path, &views[i], test_view_fits);
    }
  g_test_add_func ("/sl/ui/narrow/job-page-folds", test_job_page_folds);
  return g_test_run ();
}
