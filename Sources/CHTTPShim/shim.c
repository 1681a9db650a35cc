#include "CHTTPShim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Trampoline for MHD_OPTION_EXTERNAL_LOGGER: Swift cannot consume a printf format with a va_list,
   so format here and hand over a finished string. */
static void nps_http_log_trampoline(void *cls, const char *format, va_list args) {
  const nps_http_logger *logger = cls;
  char line[512];
  vsnprintf(line, sizeof line, format, args);
  size_t length = strlen(line);
  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) {
    line[--length] = '\0';
  }
  logger->callback(logger->context, line);
}

struct MHD_Daemon *nps_http_start_daemon(const nps_http_daemon_options *options, int *error_number) {
  struct sockaddr_in address4;
  struct sockaddr_in6 address6;
  struct sockaddr *address = NULL;
  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;

  memset(&address4, 0, sizeof address4);
  memset(&address6, 0, sizeof address6);
  if (inet_pton(AF_INET, options->bind_address, &address4.sin_addr) == 1) {
    address4.sin_family = AF_INET;
    address4.sin_port = htons(options->port);
    address = (struct sockaddr *)&address4;
  } else if (inet_pton(AF_INET6, options->bind_address, &address6.sin6_addr) == 1) {
    address6.sin6_family = AF_INET6;
    address6.sin6_port = htons(options->port);
    address = (struct sockaddr *)&address6;
    flags |= MHD_USE_IPv6;
  } else {
    *error_number = EINVAL;
    return NULL;
  }

  struct MHD_OptionItem items[16];
  int n = 0;
  if (options->logger != NULL) {
    /* First, so that MHD's messages about the other options already go to the logger (MHD
       warns when it is not the first option). */
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER,
                                         (intptr_t)nps_http_log_trampoline,
                                         (void *)options->logger};
  }
  items[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, address};
  items[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
                                       options->thread_pool_size > 0 ? options->thread_pool_size : 1,
                                       NULL};
  if (options->connection_limit > 0) {
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, options->connection_limit, NULL};
  }
  items[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
                                       options->connection_timeout_seconds, NULL};
  if (options->connection_memory_limit > 0) {
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                         (intptr_t)options->connection_memory_limit, NULL};
  }
  if (options->listen_backlog > 0) {
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_BACKLOG_SIZE, options->listen_backlog,
                                         NULL};
  }
  /* Without the option libmicrohttpd sets SO_REUSEADDR alone on POSIX systems (a restart binds
     while old connections are in TIME_WAIT). The option's value 1 adds SO_REUSEPORT on Linux,
     which let a second server bind the same port and take half of the connections; its value 0
     sets neither. */
  if (!options->reuse_address) {
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTENING_ADDRESS_REUSE, 0, NULL};
  }
  if (options->uri_callback != NULL) {
    /* The option array carries a function pointer in the intptr_t slot, as MHD documents. */
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK,
                                         (intptr_t)options->uri_callback, options->uri_context};
  }
  if (options->completed_handler != NULL) {
    items[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED,
                                         (intptr_t)options->completed_handler,
                                         options->completed_context};
  }
  items[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

  errno = 0;
  /* The port is taken from the address; given here too only so that libmicrohttpd's own
     messages ("Failed to bind to port N") name it. */
  struct MHD_Daemon *daemon = MHD_start_daemon(flags, options->port, NULL, NULL, options->access_handler,
                                               options->access_context, MHD_OPTION_ARRAY, items,
                                               MHD_OPTION_END);
  if (daemon == NULL) {
    *error_number = errno != 0 ? errno : EIO;
  }
  return daemon;
}

uint16_t nps_http_daemon_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info != NULL ? info->port : 0;
}

unsigned int nps_http_daemon_current_connections(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info =
      MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
  return info != NULL ? info->num_connections : 0;
}

int nps_http_connection_client_ip(struct MHD_Connection *connection, char *buffer, size_t size) {
  const union MHD_ConnectionInfo *info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == NULL || info->client_addr == NULL || size == 0) {
    return -1;
  }
  const struct sockaddr *address = info->client_addr;
  const char *result = NULL;
  if (address->sa_family == AF_INET) {
    result = inet_ntop(AF_INET, &((const struct sockaddr_in *)address)->sin_addr, buffer,
                       (socklen_t)size);
  } else if (address->sa_family == AF_INET6) {
    result = inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)address)->sin6_addr, buffer,
                       (socklen_t)size);
  }
  return result != NULL ? 0 : -1;
}

void nps_http_ignore_signal(int signal_number) { signal(signal_number, SIG_IGN); }
