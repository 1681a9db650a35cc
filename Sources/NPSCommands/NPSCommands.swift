// Command-line commands.
