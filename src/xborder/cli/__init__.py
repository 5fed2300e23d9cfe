"""The `xborder` command: thin shells around the library."""
