"""Contract engines: amendments applied to the register, and the checks the risk scan reads (pure, polars)."""
