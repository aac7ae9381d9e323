"""One module per upstream source: where it lives, then one loader per table.

Each loader takes a DuckDB connection being built and the folder the source lives in, creates its
tables with ``CREATE OR REPLACE TABLE ... AS SELECT``, and returns the row counts it made.
"""
