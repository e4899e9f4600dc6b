#define G_LOG_DOMAIN "sl-ranking-item"

#include "config.h"

#include "sl-ranking-item.h"

/* One screened candidate in a job's ranking. The list rows are recycled, so
 * what the user changes on a row (its explanation shown or not) lives here. */
struct _SlRankingItem
{
  GObject     parent_instance;

  guint       rank;
  SlScreened *screened;
  gboolean    expanded;
};

G_DEFINE_FINAL_TYPE (SlRankingItem, sl_ranking_item, G_TYPE_OBJECT)

static void
sl_ranking_item_finalize (GObject *object)
{
  SlRankingItem *self = (SlRankingItem *)object;

  g_clear_pointer (&self->screened, sl_screened_free);

  G_OBJECT_CLASS (sl_ranking_item_parent_class)->finalize (object);
}

static void
sl_ranking_item_class_init (SlRankingItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sl_ranking_item_finalize;
}

static void
sl_ranking_item_init (SlRankingItem *self)
{
}

SlRankingItem *
sl_ranking_item_new (guint       rank,
                     SlScreened *screened)
{
  SlRankingItem *self;

  g_return_val_if_fail (screened != NULL, NULL);

  self = g_object_new (SL_TYPE_RANKING_ITEM, NULL);
  self->rank = rank;
  self->screened = screened;
  return self;
}

guint
sl_ranking_item_get_rank (SlRankingItem *self)
{
  g_return_val_if_fail (SL_IS_RANKING_ITEM (self), 0);
  return self->rank;
}

SlScreened *
sl_ranking_item_get_screened (SlRankingItem *self)
{
  g_return_val_if_fail (SL_IS_RANKING_ITEM (self), NULL);
  return self->screened;
}

gboolean
sl_ranking_item_get_expanded (SlRankingItem *self)
{
  g_return_val_if_fail (SL_IS_RANKING_ITEM (self), FALSE);
  return self->expanded;
}

void
sl_ranking_item_set_expanded (SlRankingItem *self,
                              gboolean       expanded)
{
  g_return_if_fail (SL_IS_RANKING_ITEM (self));
  self->expanded = !!expanded;
}
