#define G_LOG_DOMAIN "sl-document-view"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "sl-document-view.h"

/* Pages render at this many pixels per PDF point: sharp on a normal screen
 * when the picture is scaled down to the pane's width. */
#define RENDER_SCALE 1.5

/* poppler-glib 22.12 defines no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

struct _SlDocumentView
{
  GtkWidget     parent_instance;

  GCancellable *cancellable;
  GBytes       *pdf;
  char         *text;
  int           page;
  int           n_pages;

  /* Template children */
  GtkStack     *stack;
  GtkLabel     *filename_label;
  GtkLabel     *page_label;
  GtkWidget    *previous_button;
  GtkWidget    *next_button;
  GtkWidget    *page_box;
  GtkPicture   *picture;
  GtkTextView  *text_view;
  AdwStatusPage *missing_page;
};

G_DEFINE_FINAL_TYPE (SlDocumentView, sl_document_view, GTK_TYPE_WIDGET)

typedef struct
{
  SlFiles *files;
  char    *sha256;
  GBytes  *pdf;
  int      page;
} RenderRequest;

typedef struct
{
  GBytes *pdf;
  GBytes *pixels;
  int     width;
  int     height;
  int     stride;
  int     n_pages;
} RenderResult;

static void
render_request_free (RenderRequest *request)
{
  g_clear_object (&request->files);
  g_free (request->sha256);
  g_clear_pointer (&request->pdf, g_bytes_unref);
  g_free (request);
}

static void
render_result_free (RenderResult *result)
{
  g_clear_pointer (&result->pdf, g_bytes_unref);
  g_clear_pointer (&result->pixels, g_bytes_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderResult, render_result_free)

static void
render_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderRequest *request = task_data;
  g_autoptr(RenderResult) result = g_new0 (RenderResult, 1);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) page = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  int page_index;

  if (request->pdf != NULL)
    result->pdf = g_bytes_ref (request->pdf);
  else if (!(result->pdf = sl_files_load (request->files, request->sha256, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(document = poppler_document_new_from_bytes (result->pdf, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->n_pages = poppler_document_get_n_pages (document);
  if (result->n_pages <= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("The document has no pages"));
      return;
    }
  page_index = CLAMP (request->page, 0, result->n_pages - 1);
  page = poppler_document_get_page (document, page_index);
  poppler_page_get_size (page, &width, &height);

  result->width = MAX (1, (int)(width * RENDER_SCALE));
  result->height = MAX (1, (int)(height * RENDER_SCALE));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, result->width, result->height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, RENDER_SCALE, RENDER_SCALE);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  result->stride = cairo_image_surface_get_stride (surface);
  result->pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                                (gsize)result->stride * result->height);
  cairo_surface_destroy (surface);

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)render_result_free);
}

static void
update_controls (SlDocumentView *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->page_box, self->n_pages > 1);
  gtk_widget_set_sensitive (self->previous_button, self->page > 0);
  gtk_widget_set_sensitive (self->next_button, self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.next-page",
                                 self->page + 1 < self->n_pages);

  /* Translators: the page shown of the original document. */
  text = g_strdup_printf (_("Page %d of %d"), self->page + 1, MAX (self->n_pages, 1));
  gtk_label_set_label (self->page_label, text);
}

static void
show_text (SlDocumentView *self)
{
  const char *text = self->text != NULL ? self->text : "";

  if (text[0] == '\0')
    {
      adw_status_page_set_title (self->missing_page, _("No Original Document"));
      adw_status_page_set_description (self->missing_page,
                                       _("This candidate was added without a resume file."));
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
  gtk_stack_set_visible_child_name (self->stack, "text");
}

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SlDocumentView) self = user_data;
  g_autoptr(RenderResult) rendered = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (!(rendered = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Could not render the original: %s", error->message);
      /* Show what was extracted, with a word about the original. */
      if (self->text != NULL && self->text[0] != '\0')
        {
          show_text (self);
          return;
        }
      adw_status_page_set_title (self->missing_page, _("Could Not Show the Original"));
      adw_status_page_set_description (self->missing_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }

  if (self->pdf == NULL)
    self->pdf = g_bytes_ref (rendered->pdf);
  self->n_pages = rendered->n_pages;
  self->page = CLAMP (self->page, 0, self->n_pages - 1);

  texture = gdk_memory_texture_new (rendered->width, rendered->height,
                                    GDK_MEMORY_DEFAULT, rendered->pixels, rendered->stride);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  /* Translators: the accessible description of a rendered page. */
  description = g_strdup_printf (_("Page %d of the original resume"), self->page + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_stack_set_visible_child_name (self->stack, "pdf");
  update_controls (self);
}

static void
render_page (SlDocumentView *self,
             SlFiles        *files,
             const char     *sha256)
{
  g_autoptr(GTask) task = NULL;
  RenderRequest *request = g_new0 (RenderRequest, 1);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  request->files = files ? g_object_ref (files) : NULL;
  request->sha256 = g_strdup (sha256);
  request->pdf = self->pdf ? g_bytes_ref (self->pdf) : NULL;
  request->page = self->page;

  task = g_task_new (NULL, self->cancellable, render_cb, g_object_ref (self));
  g_task_set_source_tag (task, render_page);
  g_task_set_task_data (task, request, (GDestroyNotify)render_request_free);
  g_task_run_in_thread (task, render_worker);
}

static void
go_to_page (SlDocumentView *self,
            int             page)
{
  if (self->pdf == NULL || page < 0 || page >= self->n_pages || page == self->page)
    return;
  self->page = page;
  update_controls (self);
  render_page (self, NULL, NULL);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SlDocumentView *self = SL_DOCUMENT_VIEW (widget);

  go_to_page (self, self->page - 1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SlDocumentView *self = SL_DOCUMENT_VIEW (widget);

  go_to_page (self, self->page + 1);
}

static void
sl_document_view_dispose (GObject *object)
{
  SlDocumentView *self = (SlDocumentView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SL_TYPE_DOCUMENT_VIEW);
  /* The template's top box has no id, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->pdf, g_bytes_unref);

  G_OBJECT_CLASS (sl_document_view_parent_class)->dispose (object);
}

static void
sl_document_view_finalize (GObject *object)
{
  SlDocumentView *self = (SlDocumentView *)object;

  g_free (self->text);

  G_OBJECT_CLASS (sl_document_view_parent_class)->finalize (object);
}

static void
sl_document_view_class_init (SlDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sl_document_view_dispose;
  object_class->finalize = sl_document_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/sl-document-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, stack);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, filename_label);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, page_label);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, next_button);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, page_box);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, picture);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, text_view);
  gtk_widget_class_bind_template_child (widget_class, SlDocumentView, missing_page);

  gtk_widget_class_install_action (widget_class, "document.previous-page", NULL,
                                   previous_page_action);
  gtk_widget_class_install_action (widget_class, "document.next-page", NULL, next_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "document.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "document.next-page", NULL);
}

static void
sl_document_view_init (SlDocumentView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_controls (self);
}

GtkWidget *
sl_document_view_new (void)
{
  return g_object_new (SL_TYPE_DOCUMENT_VIEW, NULL);
}

void
sl_document_view_clear (SlDocumentView *self)
{
  g_return_if_fail (SL_IS_DOCUMENT_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->text, g_free);
  self->page = 0;
  self->n_pages = 0;
  gtk_picture_set_paintable (self->picture, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  gtk_label_set_label (self->filename_label, "");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  update_controls (self);
}

void
sl_document_view_show (SlDocumentView       *self,
                       SlFiles              *files,
                       const SlDocumentInfo *info,
                       const char           *text)
{
  g_return_if_fail (SL_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (files == NULL || SL_IS_FILES (files));

  sl_document_view_clear (self);
  self->text = g_strdup (text);

  if (info == NULL)
    {
      gtk_label_set_label (self->filename_label, _("Extracted text"));
      show_text (self);
      return;
    }

  gtk_label_set_label (self->filename_label, info->filename);
  if (files != NULL && g_strcmp0 (info->mime_type, "application/pdf") == 0)
    render_page (self, files, info->sha256);
  else
    show_text (self);
}

int
sl_document_view_get_page (SlDocumentView *self)
{
  g_return_val_if_fail (SL_IS_DOCUMENT_VIEW (self), 0);
  return self->page;
}

int
sl_document_view_get_n_pages (SlDocumentView *self)
{
  g_return_val_if_fail (SL_IS_DOCUMENT_VIEW (self), 0);
  return self->n_pages;
}
