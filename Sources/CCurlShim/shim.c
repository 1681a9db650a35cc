#include "CCurlShim.h"

#include <pthread.h>

static pthread_once_t nps_curl_once = PTHREAD_ONCE_INIT;
static CURLcode nps_curl_once_result = CURLE_FAILED_INIT;

static void nps_curl_init_once_body(void) { nps_curl_once_result = curl_global_init(CURL_GLOBAL_ALL); }

CURLcode nps_curl_global_init_once(void) {
  pthread_once(&nps_curl_once, nps_curl_init_once_body);
  return nps_curl_once_result;
}

CURLcode nps_curl_easy_setopt_write_function(CURL *handle, curl_write_callback callback) {
  return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode nps_curl_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }

CURLcode nps_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}

CURLcode nps_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
  return curl_easy_setopt(handle, option, value);
}

CURLcode nps_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return curl_easy_setopt(handle, option, value);
}

CURLcode nps_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl_easy_setopt(handle, option, value);
}

CURLcode nps_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
  return curl_easy_setopt(handle, option, value);
}

CURLcode nps_curl_easy_setopt_read_function(CURL *handle, curl_read_callback callback) {
  return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

CURLcode nps_curl_easy_setopt_debug_function(CURL *handle, curl_debug_callback callback) {
  return curl_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback);
}

CURLcode nps_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return curl_easy_getinfo(handle, info, value);
}

CURLcode nps_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
  return curl_easy_getinfo(handle, info, value);
}

size_t nps_curl_error_size(void) { return CURL_ERROR_SIZE; }
