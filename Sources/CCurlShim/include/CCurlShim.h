#ifndef NPS_CCURLSHIM_H
#define NPS_CCURLSHIM_H
/*
 * Wrappers for libcurl functions Swift cannot call.
 *
 * curl_easy_setopt and curl_easy_getinfo are variadic C functions, which Swift cannot call; the
 * value's C type depends on the option. Following swift-corelibs-foundation's
 * CFURLSessionInterface.c, there is one named wrapper per argument type, each forwarding to the
 * variadic function with exactly that type. CURL_GLOBAL_ALL is a macro built from other macros,
 * so it gets a function too.
 */
#include <curl/curl.h>

/** curl_global_init(CURL_GLOBAL_ALL). Call once, before any thread uses curl. */
CURLcode nps_curl_global_init_all(void);

/** curl_global_init(CURL_GLOBAL_ALL) exactly once per process (pthread_once), whichever
 *  Swift module asks first; returns the result of that one call. */
CURLcode nps_curl_global_init_once(void);

/** curl_easy_setopt(CURLOPT_WRITEFUNCTION). */
CURLcode nps_curl_easy_setopt_write_function(CURL *handle, curl_write_callback callback);

/** curl_easy_setopt for options taking a `long`. */
CURLcode nps_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);

/** curl_easy_setopt for options taking a `curl_off_t`. */
CURLcode nps_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/** curl_easy_setopt for options taking a NUL-terminated string (curl copies it). */
CURLcode nps_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);

/** curl_easy_setopt for options taking a data pointer (READDATA, DEBUGDATA, ERRORBUFFER). */
CURLcode nps_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);

/** curl_easy_setopt for options taking a `struct curl_slist *` (MAIL_RCPT). curl keeps the
 *  pointer, not a copy: the list must outlive every transfer that uses it. */
CURLcode nps_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);

/** curl_easy_setopt(CURLOPT_READFUNCTION). */
CURLcode nps_curl_easy_setopt_read_function(CURL *handle, curl_read_callback callback);

/** curl_easy_setopt(CURLOPT_DEBUGFUNCTION). */
CURLcode nps_curl_easy_setopt_debug_function(CURL *handle, curl_debug_callback callback);

/** curl_easy_getinfo for infos returning a `long`. */
CURLcode nps_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/** curl_easy_getinfo for infos returning a `curl_off_t`. */
CURLcode nps_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);

/** CURL_ERROR_SIZE, the size curl requires of an error buffer. */
size_t nps_curl_error_size(void);

#endif
