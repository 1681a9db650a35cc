// The Mail module. See docs/architecture.md.
