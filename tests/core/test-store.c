/* Placeholder replaced by the store tests in the next commit. */
#include <glib.h>

static void
test_nothing (void)
{
  g_assert_true (TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sl/store/placeholder", test_nothing);
  return g_test_run ();
}
