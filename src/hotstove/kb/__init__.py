"""The knowledge base: real baseball data in one DuckDB file, and the name and club models."""
