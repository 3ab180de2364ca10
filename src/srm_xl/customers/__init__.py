"""Customer engines: classification, complaint service levels, satisfaction surveys (pure, polars, no I/O)."""
