#ifndef NPS_CHTTPSHIM_H
#define NPS_CHTTPSHIM_H
/* Wrappers for libmicrohttpd functions Swift cannot call (variadic). Filled in by HTTPServer work. */
#endif
