"""Infrastructure every layer may use: paths, settings, atomic writes, lazy regexes."""
