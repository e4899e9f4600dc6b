#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SL_TYPE_CLOUD_PAGE (sl_cloud_page_get_type ())

G_DECLARE_FINAL_TYPE (SlCloudPage, sl_cloud_page, SL, CLOUD_PAGE, AdwPreferencesPage)

/* Preferences → Cloud: region, profile or keys (saved to the keyring), S3
 * bucket and prefix, Bedrock models, SageMaker endpoint, one switch per
 * feature, and Test Connection. */
GtkWidget *sl_cloud_page_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
