/* Speed of the SigV4 signer (suite bench: meson test -C build --suite bench).
 * Every AWS call signs once per attempt; a large batch of S3 uploads or
 * embeddings must never wait on it. Target: 5,000 signatures a second on
 * one core of a loaded laptop. */
#include "config.h"

#include "sl-sigv4.h"

#define N_REQUESTS 20000

static void
test_sign_rate (void)
{
  g_autoptr(SlAwsCredentials) creds = sl_aws_credentials_new ("AKIDEXAMPLE",
                                                              "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token");
  g_autoptr(GDateTime) time = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  gint64 start = g_get_monotonic_time ();
  double seconds;
  double rate;

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      g_autoptr(SlSigv4Request) request = sl_sigv4_request_new ("PUT",
                                                                "/bucket/resumes/42/R%C3%A9sum%C3%A9.pdf", "partNumber=3&uploadId=abc");
      g_autoptr(SlSigv4Result) result = NULL;

      sl_sigv4_request_add_header (request, "Host", "s3.eu-west-1.amazonaws.com");
      sl_sigv4_request_add_header (request, "Content-Type", "application/pdf");
      sl_sigv4_request_add_header (request, "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==");
      sl_sigv4_request_set_payload_hash (request, SL_SIGV4_EMPTY_SHA256);
      result = sl_sigv4_sign_headers (request, creds, "eu-west-1", "s3", time,
                                      SL_SIGV4_S3_PATH | SL_SIGV4_CONTENT_SHA256);
      g_assert_nonnull (result->signature);
    }

  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  rate = N_REQUESTS / seconds;
  g_test_message ("signed %d S3 requests in %.3f s: %.0f signatures/s", N_REQUESTS, seconds, rate);
  g_test_minimized_result (seconds, "%.3f s for %d signatures", seconds, N_REQUESTS);
  g_assert_cmpfloat (rate, >=, 5000.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sl/aws/bench/sigv4-sign-rate", test_sign_rate);
  return g_test_run ();
}
