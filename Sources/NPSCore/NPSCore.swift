// The NPS domain, with no I/O.
