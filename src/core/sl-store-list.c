#define G_LOG_DOMAIN "sl-store-list"

#include "config.h"

#include "sl-store-list.h"
#include "sl-store-private.h"
#include "sl-store-summaries.h"

/* Changes come in bursts (an import commits a candidate at a time): after
 * a load, the next one triggered by a change waits this long. */
#define MIN_RELOAD_INTERVAL_MS 500

struct _SlStoreList
{
  GObject          parent_instance;

  SlStore         *store;
  SlStoreListKind  kind;
  GPtrArray       *items;
  GCancellable    *cancellable;
  GError          *error;
  gint64           last_load_at;   /* monotonic µs */
  guint            throttle_id;
  guint            loading : 1;
  guint            reload_pending : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SlStoreList, sl_store_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  SlStoreList *self = SL_STORE_LIST (model);

  switch (self->kind)
    {
    case SL_STORE_LIST_JOBS:
      return SL_TYPE_JOB;
    case SL_STORE_LIST_CANDIDATES:
      return SL_TYPE_CANDIDATE;
    case SL_STORE_LIST_REVIEWS:
    case SL_STORE_LIST_INTERVIEWS:
    case SL_STORE_LIST_MODELS:
    default:
      return SL_TYPE_SUMMARY;
    }
}

static guint
get_n_items (GListModel *model)
{
  return SL_STORE_LIST (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SlStoreList *self = SL_STORE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
set_loading (SlStoreList *self,
             gboolean     loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
same_candidate (SlCandidate *a,
                SlCandidate *b)
{
  return sl_candidate_get_id (a) == sl_candidate_get_id (b) &&
         sl_candidate_get_imported_at (a) == sl_candidate_get_imported_at (b) &&
         sl_candidate_get_years_experience (a) == sl_candidate_get_years_experience (b) &&
         sl_candidate_get_education_level (a) == sl_candidate_get_education_level (b) &&
         sl_candidate_get_skills_count (a) == sl_candidate_get_skills_count (b) &&
         g_strcmp0 (sl_candidate_get_name (a), sl_candidate_get_name (b)) == 0 &&
         g_strcmp0 (sl_candidate_get_headline (a), sl_candidate_get_headline (b)) == 0 &&
         g_strcmp0 (sl_candidate_get_location (a), sl_candidate_get_location (b)) == 0;
}

/* Takes the items of a new load of candidates and reports only the range
 * that differs from what the list held: during an import the candidate
 * list grows at its head (newest first) every half second, and views
 * must not rebuild thousands of rows each time. Unchanged candidates keep
 * their objects. */
static void
replace_changed_range (SlStoreList *self,
                       GPtrArray   *items)
{
  GPtrArray *old = self->items;
  guint prefix = 0, suffix = 0;
  guint limit = MIN (old->len, items->len);

  while (prefix < limit &&
         same_candidate (g_ptr_array_index (old, prefix), g_ptr_array_index (items, prefix)))
    prefix++;
  while (suffix < limit - prefix &&
         same_candidate (g_ptr_array_index (old, old->len - 1 - suffix),
                         g_ptr_array_index (items, items->len - 1 - suffix)))
    suffix++;

  for (guint i = 0; i < prefix; i++)
    {
      g_object_unref (g_ptr_array_index (items, i));
      g_ptr_array_index (items, i) = g_object_ref (g_ptr_array_index (old, i));
    }
  for (guint i = 0; i < suffix; i++)
    {
      g_object_unref (g_ptr_array_index (items, items->len - 1 - i));
      g_ptr_array_index (items, items->len - 1 - i) = g_object_ref (g_ptr_array_index (old, old->len - 1 - i));
    }

  self->items = items;
  if (old->len - prefix - suffix > 0 || items->len - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix, items->len - prefix - suffix);
  g_ptr_array_unref (old);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(SlStoreList) self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint old_len;

  switch (self->kind)
    {
    case SL_STORE_LIST_JOBS:
      items = sl_store_list_jobs_finish (SL_STORE (object), result, &error);
      break;
    case SL_STORE_LIST_CANDIDATES:
      items = sl_store_list_candidates_finish (SL_STORE (object), result, &error);
      break;
    case SL_STORE_LIST_REVIEWS:
      items = sl_store_summarize_pending_reviews_finish (SL_STORE (object), result, &error);
      break;
    case SL_STORE_LIST_INTERVIEWS:
      items = sl_store_summarize_interview_sessions_finish (SL_STORE (object), result, &error);
      break;
    case SL_STORE_LIST_MODELS:
      items = sl_store_summarize_model_versions_finish (SL_STORE (object), result, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);

  if (items == NULL)
    {
      g_debug ("Could not load the list: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      return;
    }
  g_clear_error (&self->error);

  old_len = self->items->len;
  if (self->kind == SL_STORE_LIST_CANDIDATES)
    replace_changed_range (self, g_steal_pointer (&items));
  else
    {
      g_clear_pointer (&self->items, g_ptr_array_unref);
      self->items = g_steal_pointer (&items);
      if (old_len > 0 || self->items->len > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
    }
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      sl_store_list_reload (self);
    }
}

void
sl_store_list_reload (SlStoreList *self)
{
  SlStore *store;

  g_return_if_fail (SL_IS_STORE_LIST (self));

  g_clear_handle_id (&self->throttle_id, g_source_remove);

  /* One load at a time; a change during a load triggers one more. */
  if (self->cancellable != NULL)
    {
      self->reload_pending = TRUE;
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->last_load_at = g_get_monotonic_time ();
  set_loading (self, TRUE);

  /* Through the store's reader: a long write (an import) does not hold
   * the list back, and the list shows each candidate once committed. */
  store = _sl_store_get_reader (self->store);
  switch (self->kind)
    {
    case SL_STORE_LIST_JOBS:
      sl_store_list_jobs_async (store, self->cancellable, load_cb, g_object_ref (self));
      break;
    case SL_STORE_LIST_CANDIDATES:
      sl_store_list_candidates_async (store, self->cancellable, load_cb, g_object_ref (self));
      break;
    case SL_STORE_LIST_REVIEWS:
      sl_store_summarize_pending_reviews_async (store, self->cancellable, load_cb,
                                                g_object_ref (self));
      break;
    case SL_STORE_LIST_INTERVIEWS:
      sl_store_summarize_interview_sessions_async (store, self->cancellable, load_cb,
                                                   g_object_ref (self));
      break;
    case SL_STORE_LIST_MODELS:
      sl_store_summarize_model_versions_async (store, self->cancellable, load_cb,
                                               g_object_ref (self));
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
throttle_cb (gpointer user_data)
{
  SlStoreList *self = user_data;

  self->throttle_id = 0;
  sl_store_list_reload (self);
}

static void
store_changed_cb (SlStoreList *self,
                  const char  *what,
                  SlStore     *store)
{
  gint64 wait_us;

  if (self->throttle_id != 0)
    return;
  /* The first change after a quiet spell shows at once; the rest of a
   * burst at most every MIN_RELOAD_INTERVAL_MS. */
  wait_us = self->last_load_at + MIN_RELOAD_INTERVAL_MS * G_TIME_SPAN_MILLISECOND - g_get_monotonic_time ();
  if (wait_us <= 0)
    sl_store_list_reload (self);
  else
    self->throttle_id = g_timeout_add_once (wait_us / G_TIME_SPAN_MILLISECOND + 1, throttle_cb, self);
}

static void
sl_store_list_dispose (GObject *object)
{
  SlStoreList *self = (SlStoreList *)object;

  g_clear_handle_id (&self->throttle_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sl_store_list_parent_class)->dispose (object);
}

static void
sl_store_list_finalize (GObject *object)
{
  SlStoreList *self = (SlStoreList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sl_store_list_parent_class)->finalize (object);
}

static void
sl_store_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SlStoreList *self = SL_STORE_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sl_store_list_class_init (SlStoreListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sl_store_list_dispose;
  object_class->finalize = sl_store_list_finalize;
  object_class->get_property = sl_store_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sl_store_list_init (SlStoreList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
connect_changed (SlStoreList *self,
                 const char  *what)
{
  g_autofree char *signal = g_strconcat ("changed::", what, NULL);

  g_signal_connect_object (self->store, signal, G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

SlStoreList *
sl_store_list_new (SlStore         *store,
                   SlStoreListKind  kind)
{
  SlStoreList *self;

  g_return_val_if_fail (SL_IS_STORE (store), NULL);
  g_return_val_if_fail (kind <= SL_STORE_LIST_MODELS, NULL);

  self = g_object_new (SL_TYPE_STORE_LIST, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  switch (kind)
    {
    case SL_STORE_LIST_JOBS:
      connect_changed (self, SL_STORE_CHANGED_JOBS);
      break;
    case SL_STORE_LIST_CANDIDATES:
      connect_changed (self, SL_STORE_CHANGED_CANDIDATES);
      break;
    case SL_STORE_LIST_REVIEWS:
      /* Pending reviews also show job titles and candidate names, and go
       * away with the job or candidate they belong to. */
      connect_changed (self, SL_STORE_CHANGED_REVIEWS);
      connect_changed (self, SL_STORE_CHANGED_JOBS);
      connect_changed (self, SL_STORE_CHANGED_CANDIDATES);
      break;
    case SL_STORE_LIST_INTERVIEWS:
      connect_changed (self, SL_STORE_CHANGED_INTERVIEWS);
      connect_changed (self, SL_STORE_CHANGED_JOBS);
      break;
    case SL_STORE_LIST_MODELS:
      connect_changed (self, SL_STORE_CHANGED_MODELS);
      break;
    default:
      g_assert_not_reached ();
    }
  sl_store_list_reload (self);

  return self;
}

gboolean
sl_store_list_get_loading (SlStoreList *self)
{
  g_return_val_if_fail (SL_IS_STORE_LIST (self), FALSE);
  return self->loading;
}

const GError *
sl_store_list_get_error (SlStoreList *self)
{
  g_return_val_if_fail (SL_IS_STORE_LIST (self), NULL);
  return self->error;
}
