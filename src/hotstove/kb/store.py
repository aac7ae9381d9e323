"""A read-only handle on a built knowledge base, given to every stage that reads it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hotstove import config
from hotstove.storage.duck import Duck, open_kb


class KB:
    """The built knowledge base. Open it with ``KB.open()``; close it or use it as a context."""

    def __init__(self, con: Duck, path: Path | None = None) -> None:
        self.con = con
        self.path = path
        self._tables: set[str] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> KB:
        from hotstove.kb.build import SCHEMA_VERSION

        p = config.db_path(path)
        return cls(open_kb(p, SCHEMA_VERSION), p)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> KB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, table: str) -> bool:
        if self._tables is None:
            self._tables = {
                r[0]
                for r in self.con.execute(
                    "SELECT table_name FROM information_schema.tables"
                ).fetchall()
            }
        return table in self._tables

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query with bound parameters; each row as a dict (missing values are None)."""
        import duckdb

        from hotstove.errors import KBCorrupt

        try:
            cur = self.con.execute(sql, params or [])
        except duckdb.CatalogException as exc:
            where = self.path or "the knowledge base"
            reason = str(exc).splitlines()[0].removeprefix("Catalog Error: ")
            raise KBCorrupt(Path(str(where)), f"it lacks a table: {reason}") from None
        cols = [d[0] for d in cur.description or []]
        return [dict(zip(cols, (_plain(v) for v in r), strict=True)) for r in cur.fetchall()]

    def one(self, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
        got = self.rows(sql, params)
        return got[0] if got else None

    def source(self, name: str) -> dict[str, Any] | None:
        """The build's record of a source: present or not, credit, as-of date."""
        if not self.has("sources"):
            return None
        rows = self.rows("SELECT * FROM sources WHERE source = ?", [name])
        if not rows:
            return None
        first = dict(rows[0])
        first["tables"] = {r["table_name"]: r["rows"] for r in rows if r["table_name"]}
        first.pop("table_name", None)
        first.pop("rows", None)
        return first


def _plain(v: Any) -> Any:
    """DuckDB values as plain JSON-friendly Python values (NaN and NA become None)."""
    import datetime as dt
    import decimal

    if v is None:
        return None
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return v
