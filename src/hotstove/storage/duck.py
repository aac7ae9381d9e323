"""DuckDB connections: one module owns them, with the same settings everywhere."""

from __future__ import annotations

from pathlib import Path

import duckdb

from hotstove.errors import KBCorrupt, KBNotBuilt

Duck = duckdb.DuckDBPyConnection


def connect(path: Path | None = None, *, read_only: bool = True) -> Duck:
    """Open a database file (or an in-memory one when ``path`` is None)."""
    if path is not None and read_only and not path.exists():
        raise KBNotBuilt(path)
    try:
        con = duckdb.connect(str(path) if path else ":memory:", read_only=read_only)
    except duckdb.Error as exc:
        if path is None:
            raise
        reason = str(exc).splitlines()[0][:160]
        raise KBCorrupt(path, reason) from None
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET python_enable_replacements = false")
    con.execute("SET enable_progress_bar = false")
    return con


def open_kb(path: Path, schema: int | None = None) -> Duck:
    """Open a built knowledge base read-only, checking that it is one, of the expected schema."""
    con = connect(path, read_only=True)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except duckdb.Error:
        con.close()
        raise KBCorrupt(path, "it is not a hotstove knowledge base") from None
    if schema is not None and (row is None or row[0] != str(schema)):
        con.close()
        found = row[0] if row else "none"
        raise KBCorrupt(path, f"it was built by an older hotstove (schema {found}, need {schema})")
    return con
