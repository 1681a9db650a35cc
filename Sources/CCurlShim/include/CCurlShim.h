#ifndef NPS_CCURLSHIM_H
#define NPS_CCURLSHIM_H
/* Wrappers for libcurl functions Swift cannot call (variadic curl_easy_setopt/getinfo). */
#endif
