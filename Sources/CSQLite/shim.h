#include <sqlite3.h>

/// Turns off SQLite's memory statistics, which take a global mutex on every allocation.
/// `sqlite3_config` is variadic (not callable from Swift) and only works before SQLite is
/// initialised; returns SQLITE_MISUSE after that, which changes nothing.
static inline int nps_sqlite_disable_memory_statistics(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
