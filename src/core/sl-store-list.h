#pragma once

#include <gio/gio.h>

#include "sl-store.h"

G_BEGIN_DECLS

typedef enum
{
  SL_STORE_LIST_JOBS,
  SL_STORE_LIST_CANDIDATES,
  SL_STORE_LIST_REVIEWS,     /* SlSummary: screenings waiting for review */
  SL_STORE_LIST_INTERVIEWS,  /* SlSummary: interview practice sessions */
  SL_STORE_LIST_MODELS,      /* SlSummary: classifier model versions */
} SlStoreListKind;

#define SL_TYPE_STORE_LIST (sl_store_list_get_type ())

G_DECLARE_FINAL_TYPE (SlStoreList, sl_store_list, SL, STORE_LIST, GObject)

/* A GListModel of SlJob, SlCandidate or SlSummary over the store. It loads in
 * a worker and reloads whenever the store reports a change of its kind. */
SlStoreList  *sl_store_list_new         (SlStore          *store,
                                         SlStoreListKind   kind) G_GNUC_WARN_UNUSED_RESULT;
void          sl_store_list_reload      (SlStoreList      *self);
gboolean      sl_store_list_get_loading (SlStoreList      *self);
const GError *sl_store_list_get_error   (SlStoreList      *self);

G_END_DECLS
