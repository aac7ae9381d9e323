"""Storage at the edge: the only place that opens DuckDB connections."""
