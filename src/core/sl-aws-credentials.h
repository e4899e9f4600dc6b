#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An access key pair, with the session token of temporary credentials.
 * The secret and the token are never logged nor put in an error message. */
typedef struct
{
  char *access_key_id;
  char *secret_access_key;
  char *session_token;     /* NULL for long-term keys */
  char *source;            /* "environment", "shared-files", "keyring", "explicit" */
} SlAwsCredentials;

typedef enum
{
  SL_AWS_CHAIN_DEFAULT    = 0,
  SL_AWS_CHAIN_NO_KEYRING = 1 << 0,  /* skip the Secret Service (headless tools, tests) */
} SlAwsChainFlags;

SlAwsCredentials *sl_aws_credentials_new          (const char        *access_key_id,
                                                   const char        *secret_access_key,
                                                   const char        *session_token) G_GNUC_WARN_UNUSED_RESULT;
SlAwsCredentials *sl_aws_credentials_copy         (const SlAwsCredentials *self) G_GNUC_WARN_UNUSED_RESULT;
void              sl_aws_credentials_free         (SlAwsCredentials  *self);

/* The standard chain: environment, then the shared files for profile (NULL:
 * $AWS_PROFILE or "default"), then the keys saved in Preferences. */
SlAwsCredentials *sl_aws_credentials_resolve      (const char        *profile,
                                                   SlAwsChainFlags    flags,
                                                   GCancellable      *cancellable,
                                                   GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* $AWS_REGION, $AWS_DEFAULT_REGION, the profile's region, then fallback. */
char             *sl_aws_region_resolve           (const char        *profile,
                                                   const char        *fallback,
                                                   GError           **error) G_GNUC_WARN_UNUSED_RESULT;
/* The profile in use: profile if set, else $AWS_PROFILE, else "default". */
const char       *sl_aws_profile_name             (const char        *profile);

/* Keys entered in Preferences, kept in the Secret Service only. */
gboolean          sl_aws_credentials_save_to_keyring   (const SlAwsCredentials *self,
                                                        GCancellable      *cancellable,
                                                        GError           **error);
SlAwsCredentials *sl_aws_credentials_load_from_keyring (GCancellable      *cancellable,
                                                        GError           **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean          sl_aws_credentials_clear_keyring     (GCancellable      *cancellable,
                                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlAwsCredentials, sl_aws_credentials_free)

G_END_DECLS
