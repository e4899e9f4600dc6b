#define G_LOG_DOMAIN "sl-aws-credentials"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "sl-aws-credentials.h"
#include "sl-aws-error.h"

/* Shared files larger than this are not AWS configuration. */
#define MAX_SHARED_FILE_SIZE (1024 * 1024)

static const SecretSchema *
get_keyring_schema (void)
{
  static const SecretSchema schema = {
    "io.github.shortlist.Shortlist.AwsCredentials", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "access-key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

SlAwsCredentials *
sl_aws_credentials_new (const char *access_key_id,
                        const char *secret_access_key,
                        const char *session_token)
{
  SlAwsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (SlAwsCredentials, 1);
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = session_token != NULL && *session_token != '\0' ? g_strdup (session_token) : NULL;
  self->source = g_strdup ("explicit");

  return self;
}

SlAwsCredentials *
sl_aws_credentials_copy (const SlAwsCredentials *self)
{
  SlAwsCredentials *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sl_aws_credentials_new (self->access_key_id, self->secret_access_key, self->session_token);
  g_free (copy->source);
  copy->source = g_strdup (self->source);

  return copy;
}

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

void
sl_aws_credentials_free (SlAwsCredentials *self)
{
  if (self == NULL)
    return;

  g_free (self->access_key_id);
  clear_secret (&self->secret_access_key);
  clear_secret (&self->session_token);
  g_free (self->source);
  g_free (self);
}

const char *
sl_aws_profile_name (const char *profile)
{
  const char *env;

  if (profile != NULL && *profile != '\0')
    return profile;
  env = g_getenv ("AWS_PROFILE");
  if (env != NULL && *env != '\0')
    return env;
  return "default";
}

static char *
shared_file_path (const char *variable,
                  const char *basename)
{
  const char *env = g_getenv (variable);

  if (env != NULL && *env != '\0')
    {
      if (g_str_has_prefix (env, "~/"))
        return g_build_filename (g_get_home_dir (), env + 2, NULL);
      return g_strdup (env);
    }
  return g_build_filename (g_get_home_dir (), ".aws", basename, NULL);
}

/* Reads one section of an AWS shared file into a table of key → value.
 * Returns TRUE with *found FALSE when the file or the section is missing,
 * FALSE on a malformed file. The error names the file and the line, never
 * the line's text, which may hold a secret. */
static gboolean
read_shared_section (const char  *path,
                     const char  *section,
                     gboolean     is_config,
                     GHashTable  *values,
                     gboolean    *found,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *wanted = NULL;
  gboolean in_section = FALSE;
  gboolean in_subsection = FALSE;
  gsize length = 0;

  *found = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                   _("Could not read the AWS file “%s”"), path);
      return FALSE;
    }
  if (length > MAX_SHARED_FILE_SIZE || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                   _("The AWS file “%s” is not a text file of settings"), path);
      return FALSE;
    }

  if (is_config && g_strcmp0 (section, "default") != 0)
    wanted = g_strdup_printf ("profile %s", section);
  else
    wanted = g_strdup (section);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *eq;
      char *stripped;

      if (g_ascii_isspace (line[0]) && in_subsection)
        {
          /* The nested keys of "s3 =" and similar: not ours. */
          if (*g_strstrip (line) == '\0')
            in_subsection = FALSE;
          continue;
        }
      in_subsection = FALSE;

      stripped = g_strstrip (line);
      if (*stripped == '\0' || *stripped == '#' || *stripped == ';')
        continue;

      if (*stripped == '[')
        {
          char *end = strchr (stripped, ']');
          char *name;

          if (end == NULL)
            {
              g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                           _("The AWS file “%s” is malformed at line %u: a section name is not closed"),
                           path, i + 1);
              return FALSE;
            }
          *end = '\0';
          name = g_strstrip (stripped + 1);
          /* A config file may also name the default profile "[profile default]". */
          in_section = g_strcmp0 (name, wanted) == 0 ||
                       (is_config && g_strcmp0 (section, "default") == 0 &&
                        g_strcmp0 (name, "profile default") == 0);
          if (in_section)
            *found = TRUE;
          continue;
        }

      eq = strchr (stripped, '=');
      if (eq == NULL)
        {
          g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                       _("The AWS file “%s” is malformed at line %u: expected “name = value”"),
                       path, i + 1);
          return FALSE;
        }

      *eq = '\0';
      {
        char *key = g_strstrip (stripped);
        char *value = g_strstrip (eq + 1);

        if (*key == '\0')
          {
            g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                         _("The AWS file “%s” is malformed at line %u: a setting has no name"),
                         path, i + 1);
            return FALSE;
          }
        if (*value == '\0')
          {
            in_subsection = TRUE;
            continue;
          }
        if (in_section)
          g_hash_table_replace (values, g_ascii_strdown (key, -1), g_strdup (value));
      }
    }

  return TRUE;
}

static gboolean
read_profile (const char  *profile,
              GHashTable **out_credentials,
              GHashTable **out_config,
              GError     **error)
{
  g_autofree char *credentials_path = shared_file_path ("AWS_SHARED_CREDENTIALS_FILE",
                                                        "credentials");
  g_autofree char *config_path = shared_file_path ("AWS_CONFIG_FILE", "config");
  g_autoptr(GHashTable) credentials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             g_free);
  g_autoptr(GHashTable) config = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean found;

  if (!read_shared_section (credentials_path, profile, FALSE, credentials, &found, error) ||
      !read_shared_section (config_path, profile, TRUE, config, &found, error))
    return FALSE;

  *out_credentials = g_steal_pointer (&credentials);
  *out_config = g_steal_pointer (&config);
  return TRUE;
}

static SlAwsCredentials *
credentials_from_table (GHashTable *table,
                        const char *source)
{
  const char *id = g_hash_table_lookup (table, "aws_access_key_id");
  const char *secret = g_hash_table_lookup (table, "aws_secret_access_key");
  SlAwsCredentials *creds;

  if (id == NULL || secret == NULL)
    return NULL;

  creds = sl_aws_credentials_new (id, secret, g_hash_table_lookup (table, "aws_session_token"));
  g_free (creds->source);
  creds->source = g_strdup (source);
  return creds;
}

static gboolean
session_bus_available (void)
{
  g_autofree char *bus = NULL;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;
  /* Without a bus address GDBus would try to autolaunch one: only go on if
   * the user's bus socket exists. */
  bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (bus, G_FILE_TEST_EXISTS);
}

SlAwsCredentials *
sl_aws_credentials_resolve (const char       *profile,
                            SlAwsChainFlags   flags,
                            GCancellable     *cancellable,
                            GError          **error)
{
  const char *env_id = g_getenv ("AWS_ACCESS_KEY_ID");
  const char *env_secret = g_getenv ("AWS_SECRET_ACCESS_KEY");
  g_autoptr(GHashTable) file_credentials = NULL;
  g_autoptr(GHashTable) file_config = NULL;
  const char *name = sl_aws_profile_name (profile);
  SlAwsCredentials *creds;

  if (env_id != NULL && *env_id != '\0' && env_secret != NULL && *env_secret != '\0')
    {
      creds = sl_aws_credentials_new (env_id, env_secret, g_getenv ("AWS_SESSION_TOKEN"));
      g_free (creds->source);
      creds->source = g_strdup ("environment");
      g_debug ("Using AWS credentials from the environment");
      return creds;
    }

  if (!read_profile (name, &file_credentials, &file_config, error))
    return NULL;

  /* The credentials file wins over keys written in the config file. */
  if ((creds = credentials_from_table (file_credentials, "shared-files")) != NULL ||
      (creds = credentials_from_table (file_config, "shared-files")) != NULL)
    {
      g_debug ("Using AWS credentials of profile “%s” from the shared files", name);
      return creds;
    }

  if ((flags & SL_AWS_CHAIN_NO_KEYRING) == 0 && session_bus_available ())
    {
      g_autoptr(GError) keyring_error = NULL;

      creds = sl_aws_credentials_load_from_keyring (cancellable, &keyring_error);
      if (creds != NULL)
        {
          g_debug ("Using AWS credentials from the keyring");
          return creds;
        }
      if (keyring_error != NULL)
        g_debug ("Keyring lookup failed: %s", keyring_error->message);
    }

  g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NO_CREDENTIALS,
               _("No AWS credentials found: set them in Preferences, in the environment or in the profile “%s” of ~/.aws/credentials"),
               name);
  return NULL;
}

char *
sl_aws_region_resolve (const char  *profile,
                       const char  *fallback,
                       GError     **error)
{
  const char *env = g_getenv ("AWS_REGION");
  g_autoptr(GHashTable) file_credentials = NULL;
  g_autoptr(GHashTable) file_config = NULL;
  const char *region;

  if (env == NULL || *env == '\0')
    env = g_getenv ("AWS_DEFAULT_REGION");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  if (!read_profile (sl_aws_profile_name (profile), &file_credentials, &file_config, error))
    return NULL;
  region = g_hash_table_lookup (file_config, "region");
  if (region != NULL && *region != '\0')
    return g_strdup (region);

  if (fallback != NULL && *fallback != '\0')
    return g_strdup (fallback);

  g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_NO_REGION,
               _("No AWS region is set: choose one in Preferences or set AWS_REGION"));
  return NULL;
}

gboolean
sl_aws_credentials_save_to_keyring (const SlAwsCredentials  *self,
                                    GCancellable            *cancellable,
                                    GError                 **error)
{
  g_autoptr(GVariantBuilder) builder = NULL;
  g_autofree char *secret = NULL;
  g_autoptr(GVariant) variant = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  /* One item holds the whole set, so a token never outlives its keys. */
  builder = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (builder, "{ss}", "secret_access_key", self->secret_access_key);
  if (self->session_token != NULL)
    g_variant_builder_add (builder, "{ss}", "session_token", self->session_token);
  variant = g_variant_ref_sink (g_variant_builder_end (builder));
  secret = g_variant_print (variant, FALSE);

  if (!sl_aws_credentials_clear_keyring (cancellable, error))
    return FALSE;

  return secret_password_store_sync (get_keyring_schema (), SECRET_COLLECTION_DEFAULT,
                                     _("Shortlist AWS access key"), secret, cancellable, error,
                                     "kind", "aws",
                                     "access-key-id", self->access_key_id,
                                     NULL);
}

SlAwsCredentials *
sl_aws_credentials_load_from_keyring (GCancellable  *cancellable,
                                      GError       **error)
{
  g_autolist(SecretRetrievable) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GVariant) variant = NULL;
  const char *id;
  const char *text;
  const char *secret = NULL;
  const char *token = NULL;
  SlAwsCredentials *creds;

  items = secret_password_search_sync (get_keyring_schema (),
                                       SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                       cancellable, error,
                                       "kind", "aws",
                                       NULL);
  if (items == NULL)
    return NULL;

  value = secret_retrievable_retrieve_secret_sync (items->data, cancellable, error);
  if (value == NULL)
    return NULL;
  attributes = secret_retrievable_get_attributes (items->data);
  id = g_hash_table_lookup (attributes, "access-key-id");
  text = secret_value_get_text (value);
  if (id == NULL || text == NULL ||
      !(variant = g_variant_parse (G_VARIANT_TYPE ("a{ss}"), text, NULL, NULL, NULL)) ||
      !g_variant_lookup (variant, "secret_access_key", "&s", &secret))
    {
      g_set_error (error, SL_AWS_ERROR, SL_AWS_ERROR_CONFIG,
                   _("The AWS key saved in the keyring is damaged: enter it again in Preferences"));
      return NULL;
    }
  g_variant_lookup (variant, "session_token", "&s", &token);

  creds = sl_aws_credentials_new (id, secret, token);
  g_free (creds->source);
  creds->source = g_strdup ("keyring");
  return creds;
}

gboolean
sl_aws_credentials_clear_keyring (GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_sync (get_keyring_schema (), cancellable, &local_error, "kind", "aws",
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
