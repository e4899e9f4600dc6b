#define G_LOG_DOMAIN "sl-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sl-job.h"

struct _SlJob
{
  GObject      parent_instance;

  gint64       id;
  char        *title;
  char        *description;
  char        *requirements;
  char        *location;
  char        *parsed;
  SlJobStatus  status;
  gint64       created_at;
  gint64       updated_at;
};

G_DEFINE_FINAL_TYPE (SlJob, sl_job, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (SlJobStatus, sl_job_status,
  G_DEFINE_ENUM_VALUE (SL_JOB_STATUS_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (SL_JOB_STATUS_CLOSED, "closed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_REQUIREMENTS,
  PROP_LOCATION,
  PROP_STATUS,
  PROP_STATUS_LABEL,
  PROP_PARSED,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
sl_job_status_to_string (SlJobStatus status)
{
  return status == SL_JOB_STATUS_CLOSED ? "closed" : "open";
}

gboolean
sl_job_status_from_string (const char  *str,
                           SlJobStatus *status)
{
  if (g_strcmp0 (str, "open") == 0)
    *status = SL_JOB_STATUS_OPEN;
  else if (g_strcmp0 (str, "closed") == 0)
    *status = SL_JOB_STATUS_CLOSED;
  else
    return FALSE;
  return TRUE;
}

static void
sl_job_finalize (GObject *object)
{
  SlJob *self = (SlJob *)object;

  g_free (self->title);
  g_free (self->description);
  g_free (self->requirements);
  g_free (self->location);
  g_free (self->parsed);

  G_OBJECT_CLASS (sl_job_parent_class)->finalize (object);
}

static void
sl_job_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  SlJob *self = SL_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_REQUIREMENTS:
      g_value_set_string (value, self->requirements);
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_LABEL:
      g_value_set_string (value,
                          self->status == SL_JOB_STATUS_OPEN ? C_("job status", "Open")
                                                             : C_("job status", "Closed"));
      break;
    case PROP_PARSED:
      g_value_set_string (value, self->parsed);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  SlJob *self = SL_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:
      sl_job_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_TITLE:
      sl_job_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      sl_job_set_description (self, g_value_get_string (value));
      break;
    case PROP_REQUIREMENTS:
      sl_job_set_requirements (self, g_value_get_string (value));
      break;
    case PROP_LOCATION:
      sl_job_set_location (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      sl_job_set_status (self, g_value_get_enum (value));
      break;
    case PROP_PARSED:
      sl_job_set_parsed (self, g_value_get_string (value));
      break;
    case PROP_CREATED_AT:
      sl_job_set_created_at (self, g_value_get_int64 (value));
      break;
    case PROP_UPDATED_AT:
      sl_job_set_updated_at (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_job_class_init (SlJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sl_job_finalize;
  object_class->get_property = sl_job_get_property;
  object_class->set_property = sl_job_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIREMENTS] =
    g_param_spec_string ("requirements", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_string ("location", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, SL_TYPE_JOB_STATUS, SL_JOB_STATUS_OPEN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_LABEL] =
    g_param_spec_string ("status-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARSED] =
    g_param_spec_string ("parsed", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_job_init (SlJob *self)
{
  self->title = g_strdup ("");
  self->description = g_strdup ("");
  self->requirements = g_strdup ("");
  self->location = g_strdup ("");
  self->status = SL_JOB_STATUS_OPEN;
}

SlJob *
sl_job_new (const char *title)
{
  return g_object_new (SL_TYPE_JOB, "title", title ? title : "", NULL);
}

SlJob *
sl_job_copy (SlJob *self)
{
  SlJob *copy;

  g_return_val_if_fail (SL_IS_JOB (self), NULL);

  copy = sl_job_new (self->title);
  copy->id = self->id;
  sl_job_set_description (copy, self->description);
  sl_job_set_requirements (copy, self->requirements);
  sl_job_set_location (copy, self->location);
  sl_job_set_parsed (copy, self->parsed);
  copy->status = self->status;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;

  return copy;
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

gint64
sl_job_get_id (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), 0);
  return self->id;
}

void
sl_job_set_id (SlJob  *self,
               gint64  id)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
sl_job_get_title (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  return self->title;
}

void
sl_job_set_title (SlJob      *self,
                  const char *title)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (replace_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
sl_job_get_description (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  return self->description;
}

void
sl_job_set_description (SlJob      *self,
                        const char *description)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (replace_string (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
sl_job_get_requirements (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  return self->requirements;
}

void
sl_job_set_requirements (SlJob      *self,
                         const char *requirements)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (replace_string (&self->requirements, requirements))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIREMENTS]);
}

const char *
sl_job_get_location (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  return self->location;
}

void
sl_job_set_location (SlJob      *self,
                     const char *location)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (replace_string (&self->location, location))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
}

SlJobStatus
sl_job_get_status (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), SL_JOB_STATUS_OPEN);
  return self->status;
}

void
sl_job_set_status (SlJob       *self,
                   SlJobStatus  status)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_LABEL]);
}

const char *
sl_job_get_parsed (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), NULL);
  return self->parsed;
}

void
sl_job_set_parsed (SlJob      *self,
                   const char *parsed_json)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (g_strcmp0 (self->parsed, parsed_json) == 0)
    return;
  g_free (self->parsed);
  self->parsed = g_strdup (parsed_json);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARSED]);
}

gint64
sl_job_get_created_at (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), 0);
  return self->created_at;
}

void
sl_job_set_created_at (SlJob  *self,
                       gint64  created_at)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (self->created_at == created_at)
    return;
  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
sl_job_get_updated_at (SlJob *self)
{
  g_return_val_if_fail (SL_IS_JOB (self), 0);
  return self->updated_at;
}

void
sl_job_set_updated_at (SlJob  *self,
                       gint64  updated_at)
{
  g_return_if_fail (SL_IS_JOB (self));
  if (self->updated_at == updated_at)
    return;
  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}
