#define G_LOG_DOMAIN "sl-files"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sl-files.h"
#include "sl-store-import.h"

struct _SlFiles
{
  GObject  parent_instance;

  char    *root;
  /* Serialises a write against a removal of the same blob. */
  GMutex   mutex;
};

G_DEFINE_FINAL_TYPE (SlFiles, sl_files, G_TYPE_OBJECT)

static void
sl_files_finalize (GObject *object)
{
  SlFiles *self = (SlFiles *)object;

  g_free (self->root);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (sl_files_parent_class)->finalize (object);
}

static void
sl_files_class_init (SlFilesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_files_finalize;
}

static void
sl_files_init (SlFiles *self)
{
  g_mutex_init (&self->mutex);
}

char *
sl_files_compute_sha256 (const guint8 *data,
                         gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

gboolean
sl_files_is_valid_sha256 (const char *sha256)
{
  if (sha256 == NULL || strlen (sha256) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    {
      if (!g_ascii_isxdigit (sha256[i]) || g_ascii_isupper (sha256[i]))
        return FALSE;
    }
  return TRUE;
}

SlFiles *
sl_files_new (const char *root)
{
  SlFiles *self = g_object_new (SL_TYPE_FILES, NULL);

  self->root = root != NULL
    ? g_strdup (root)
    : g_build_filename (g_get_user_data_dir (), "shortlist", "originals", NULL);
  return self;
}

SlFiles *
sl_files_new_for_store (SlStore *store)
{
  g_autofree char *dir = NULL;
  g_autofree char *root = NULL;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);

  dir = g_path_get_dirname (sl_store_get_path (store));
  root = g_build_filename (dir, "originals", NULL);
  return sl_files_new (root);
}

const char *
sl_files_get_root (SlFiles *self)
{
  g_return_val_if_fail (SL_IS_FILES (self), NULL);
  return self->root;
}

char *
sl_files_dup_path (SlFiles    *self,
                   const char *sha256)
{
  char prefix[3];

  g_return_val_if_fail (SL_IS_FILES (self), NULL);
  g_return_val_if_fail (sl_files_is_valid_sha256 (sha256), NULL);

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';
  return g_build_filename (self->root, prefix, sha256, NULL);
}

gboolean
sl_files_contains (SlFiles    *self,
                   const char *sha256)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SL_IS_FILES (self), FALSE);

  if (!sl_files_is_valid_sha256 (sha256))
    return FALSE;
  path = sl_files_dup_path (self, sha256);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static gboolean
write_atomically (const char    *path,
                  const guint8  *data,
                  gsize          len,
                  GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  gsize done = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  if ((fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Could not keep a copy of the original: %s"), g_strerror (errsv));
      return FALSE;
    }

  while (done < len)
    {
      ssize_t n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : ENOSPC;

          close (fd);
          g_unlink (tmp);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                       _("Could not keep a copy of the original: %s"), g_strerror (errsv));
          return FALSE;
        }
      done += n;
    }

  /* The database will point at this file: it must be on disk first. */
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int errsv = errno;

      g_unlink (tmp);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Could not keep a copy of the original: %s"), g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

gboolean
sl_files_store (SlFiles  *self,
                GBytes   *data,
                char    **out_sha256,
                GError  **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *path = NULL;
  const guint8 *bytes;
  GStatBuf st;
  gsize len;

  g_return_val_if_fail (SL_IS_FILES (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  bytes = g_bytes_get_data (data, &len);
  sha256 = sl_files_compute_sha256 (bytes, len);
  path = sl_files_dup_path (self, sha256);

  locker = g_mutex_locker_new (&self->mutex);
  /* Same name means same content: nothing to write. */
  if (g_stat (path, &st) != 0 || (gsize)st.st_size != len)
    {
      if (!write_atomically (path, bytes, len, error))
        return FALSE;
    }

  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&sha256);
  return TRUE;
}

GBytes *
sl_files_load (SlFiles     *self,
               const char  *sha256,
               GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_return_val_if_fail (SL_IS_FILES (self), NULL);

  if (!sl_files_is_valid_sha256 (sha256))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("Not a document identifier"));
      return NULL;
    }
  path = sl_files_dup_path (self, sha256);
  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

gboolean
sl_files_remove_unreferenced (SlFiles     *self,
                              SlStore     *store,
                              const char  *sha256,
                              GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree char *path = NULL;
  gboolean exists = FALSE;

  g_return_val_if_fail (SL_IS_FILES (self), FALSE);
  g_return_val_if_fail (SL_IS_STORE (store), FALSE);

  if (!sl_files_is_valid_sha256 (sha256))
    return TRUE;

  locker = g_mutex_locker_new (&self->mutex);
  if (!sl_store_import_has_document (store, sha256, &exists, error))
    return FALSE;
  if (exists)
    return TRUE;

  path = sl_files_dup_path (self, sha256);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Could not remove the original “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}
