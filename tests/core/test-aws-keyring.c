/* Keys entered in Preferences go to the Secret Service and come back as
 * the last link of the credentials chain. Run by tests/fakes/with-keyring.sh
 * inside a private session bus with a throwaway keyring. */
#include "config.h"

#include <glib/gstdio.h>

#include "sl-aws-credentials.h"
#include "sl-aws-error.h"

static void
test_round_trip (void)
{
  g_autoptr(SlAwsCredentials) saved = sl_aws_credentials_new ("AKIDKEYRING",
                                                              "keyringSecret/0123456789", "keyringToken");
  g_autoptr(SlAwsCredentials) loaded = NULL;
  g_autoptr(SlAwsCredentials) chained = NULL;
  g_autoptr(SlAwsCredentials) gone = NULL;
  g_autoptr(SlAwsCredentials) replaced = NULL;
  g_autoptr(SlAwsCredentials) second = sl_aws_credentials_new ("AKIDSECOND", "secondSecret", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (sl_aws_credentials_save_to_keyring (saved, NULL, &error));
  g_assert_no_error (error);

  loaded = sl_aws_credentials_load_from_keyring (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->access_key_id, ==, "AKIDKEYRING");
  g_assert_cmpstr (loaded->secret_access_key, ==, "keyringSecret/0123456789");
  g_assert_cmpstr (loaded->session_token, ==, "keyringToken");
  g_assert_cmpstr (loaded->source, ==, "keyring");

  /* Nothing in the environment or the files: the chain ends in the keyring. */
  chained = sl_aws_credentials_resolve (NULL, SL_AWS_CHAIN_DEFAULT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chained->source, ==, "keyring");

  /* Saving again replaces, never duplicates. */
  g_assert_true (sl_aws_credentials_save_to_keyring (second, NULL, &error));
  replaced = sl_aws_credentials_load_from_keyring (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced->access_key_id, ==, "AKIDSECOND");
  g_assert_null (replaced->session_token);

  g_assert_true (sl_aws_credentials_clear_keyring (NULL, &error));
  g_assert_no_error (error);
  gone = sl_aws_credentials_resolve (NULL, SL_AWS_CHAIN_DEFAULT, NULL, &error);
  g_assert_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NO_CREDENTIALS);
  g_assert_null (gone);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_SHARED_CREDENTIALS_FILE");
  g_unsetenv ("AWS_CONFIG_FILE");
  home = g_dir_make_tmp ("shortlist-keyring-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("Run this test through tests/fakes/with-keyring.sh\n");
      return 77;
    }

  g_test_add_func ("/sl/aws/keyring/round-trip", test_round_trip);
  status = g_test_run ();
  g_rmdir (home);
  return status;
}
