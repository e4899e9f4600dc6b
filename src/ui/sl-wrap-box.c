#define G_LOG_DOMAIN "sl-wrap-box"

#include "config.h"

#include "sl-wrap-box.h"

/* Lays its children out in reading order, starting a new line when the next
 * one does not fit, each at its natural size, like words in a paragraph.
 * GtkFlowBox aligns children in columns, which leaves one long skill per
 * line; libadwaita's wrap box is newer than our floor. */
struct _SlWrapBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (SlWrapBox, sl_wrap_box, GTK_TYPE_WIDGET)

#define SPACING 6

/* Places the children in lines for a width; returns the height used.
 * With allocate, also allocates them. */
static int
layout (SlWrapBox *self,
        int        width,
        gboolean   allocate)
{
  int x = 0;
  int y = 0;
  int line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width;
      int child_height;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      child_width = MIN (child_width, MAX (width, 1));
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height,
                          NULL, NULL);

      if (x > 0 && x + child_width > width)
        {
          x = 0;
          y += line_height + SPACING;
          line_height = 0;
        }

      if (allocate)
        {
          GtkAllocation allocation = { x, y, child_width, child_height };

          if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
            allocation.x = width - x - child_width;
          gtk_widget_size_allocate (child, &allocation, -1);
        }

      x += child_width + SPACING;
      line_height = MAX (line_height, child_height);
    }

  return y + line_height;
}

static GtkSizeRequestMode
sl_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sl_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SlWrapBox *self = SL_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int min = 0;
      int nat = 0;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min;
          int child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += child_nat + (nat > 0 ? SPACING : 0);
        }
      *minimum = min;
      *natural = nat;
    }
  else
    {
      int height;

      int min_width;

      if (for_size < 0)
        sl_wrap_box_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &for_size,
                             NULL, NULL);
      height = layout (self, for_size, FALSE);
      *minimum = height;
      *natural = height;
    }
}

static void
sl_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  layout (SL_WRAP_BOX (widget), width, TRUE);
}

static void
sl_wrap_box_dispose (GObject *object)
{
  sl_wrap_box_remove_all (SL_WRAP_BOX (object));

  G_OBJECT_CLASS (sl_wrap_box_parent_class)->dispose (object);
}

static void
sl_wrap_box_class_init (SlWrapBoxClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sl_wrap_box_dispose;
  widget_class->get_request_mode = sl_wrap_box_get_request_mode;
  widget_class->measure = sl_wrap_box_measure;
  widget_class->size_allocate = sl_wrap_box_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sl_wrap_box_init (SlWrapBox *self)
{
}

GtkWidget *
sl_wrap_box_new (void)
{
  return g_object_new (SL_TYPE_WRAP_BOX, NULL);
}

void
sl_wrap_box_append (SlWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (SL_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}

void
sl_wrap_box_remove_all (SlWrapBox *self)
{
  GtkWidget *child;

  g_return_if_fail (SL_IS_WRAP_BOX (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}
