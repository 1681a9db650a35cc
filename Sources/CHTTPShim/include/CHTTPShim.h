#ifndef NPS_CHTTPSHIM_H
#define NPS_CHTTPSHIM_H

/*
 * Wrappers for the parts of libmicrohttpd that Swift cannot call directly.
 *
 * - MHD_start_daemon is variadic: nps_http_start_daemon builds an MHD_OPTION_ARRAY from a plain struct.
 * - MHD_get_daemon_info and MHD_get_connection_info are variadic: one named getter per value we need.
 * - MHD_OPTION_EXTERNAL_LOGGER hands a printf format and a va_list: the shim formats it with
 *   vsnprintf and forwards one finished line.
 * - The socket address for MHD_OPTION_SOCK_ADDR is built here with inet_pton, which keeps the
 *   sockaddr_in/sockaddr_in6 juggling out of Swift.
 */

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

/* Receives one formatted log line from libmicrohttpd (trailing newlines removed). */
typedef void (*nps_http_log_callback)(void *context, const char *message);

/* Where MHD's log lines go. MHD keeps a pointer to it, so the caller allocates it and keeps it
   alive (and unchanged) until MHD_stop_daemon has returned. */
typedef struct nps_http_logger {
  nps_http_log_callback callback;
  void *context;
} nps_http_logger;

/* Everything nps_http_start_daemon needs; the caller owns the strings until the call returns. */
typedef struct nps_http_daemon_options {
  /* Numeric IPv4 or IPv6 address to bind, e.g. "127.0.0.1", "0.0.0.0", "::1". */
  const char *bind_address;
  /* TCP port; 0 asks the kernel for a free one (read it back with nps_http_daemon_port). */
  uint16_t port;
  /* Threads of the internal epoll thread pool (MHD_OPTION_THREAD_POOL_SIZE); at least 1. */
  unsigned int thread_pool_size;
  /* Maximum concurrent connections (MHD_OPTION_CONNECTION_LIMIT); 0 keeps MHD's default. */
  unsigned int connection_limit;
  /* Idle connection timeout in seconds (MHD_OPTION_CONNECTION_TIMEOUT); 0 means none. */
  unsigned int connection_timeout_seconds;
  /* Memory pool per connection (MHD_OPTION_CONNECTION_MEMORY_LIMIT); bounds the request line and
     headers. 0 keeps MHD's default (32 KiB). */
  size_t connection_memory_limit;
  /* listen() backlog (MHD_OPTION_LISTEN_BACKLOG_SIZE); 0 keeps MHD's default. */
  unsigned int listen_backlog;
  /* Non-zero: SO_REUSEADDR (never SO_REUSEPORT) on the listening socket; zero: neither. */
  int reuse_address;

  MHD_AccessHandlerCallback access_handler;
  void *access_context;
  /* MHD_OPTION_URI_LOG_CALLBACK: called once per request with the raw request target; its
     return value becomes *req_cls of the access handler. */
  void *(*uri_callback)(void *context, const char *uri, struct MHD_Connection *connection);
  void *uri_context;
  /* MHD_OPTION_NOTIFY_COMPLETED: called when a request ends (answered or aborted). */
  MHD_RequestCompletedCallback completed_handler;
  void *completed_context;
  /* Optional (NULL: MHD logs to stderr): MHD's own error messages (MHD_OPTION_EXTERNAL_LOGGER). */
  const nps_http_logger *logger;
} nps_http_daemon_options;

/* Starts an internal-thread epoll daemon with a thread pool.
   Returns NULL on failure and stores errno (or EINVAL for a bad address) in *error_number. */
struct MHD_Daemon *nps_http_start_daemon(const nps_http_daemon_options *options, int *error_number);

/* The bound port (MHD_get_daemon_info with MHD_DAEMON_INFO_BIND_PORT); 0 when unknown. */
uint16_t nps_http_daemon_port(struct MHD_Daemon *daemon);

/* Open connections (MHD_get_daemon_info with MHD_DAEMON_INFO_CURRENT_CONNECTIONS). */
unsigned int nps_http_daemon_current_connections(struct MHD_Daemon *daemon);

/* Writes the client's numeric IP address (MHD_CONNECTION_INFO_CLIENT_ADDRESS, inet_ntop) into
   buffer, 0-terminated. Returns 0 on success, -1 when unknown. */
int nps_http_connection_client_ip(struct MHD_Connection *connection, char *buffer, size_t size);

/* Sets the disposition of signal_number to SIG_IGN for the whole process (SIG_IGN is a macro
   that expands to a cast of -1 to a function pointer; Swift's import of it is unreliable).
   Used for SIGPIPE, and by ShutdownSignal before it listens for SIGTERM/SIGINT. */
void nps_http_ignore_signal(int signal_number);

#endif
