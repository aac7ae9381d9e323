"""The curated data files shipped in ``hotstove/kb/data/``: read them, load them as KB tables."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from importlib.resources import files

from hotstove.storage.duck import Duck

Columns = Sequence[tuple[str, str]]  # (name, SQL type)


def csv_rows(name: str) -> list[dict[str, str]]:
    text = files("hotstove.kb").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def to_int(value: str) -> int | None:
    return int(value) if value.strip() else None


def typed(value: str, sql_type: str) -> str | int | bool | None:
    """A CSV cell as the table column's type; an empty cell is NULL."""
    if sql_type == "INTEGER":
        return to_int(value)
    if sql_type == "BOOLEAN":
        return value == "true"
    return value or None


def load_csv_tables(con: Duck, tables: Mapping[str, tuple[str, Columns]]) -> None:
    """CREATE OR REPLACE each table from its package CSV, values bound as parameters."""
    for table, (file_name, columns) in tables.items():
        con.execute(
            f"CREATE OR REPLACE TABLE {table} ("
            + ", ".join(f"{name} {sql_type}" for name, sql_type in columns)
            + ")"
        )
        rows = [[typed(r[n], t) for n, t in columns] for r in csv_rows(file_name)]
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        for start in range(0, len(rows), 200):
            chunk = rows[start : start + 200]
            con.execute(
                f"INSERT INTO {table} VALUES " + ", ".join(marks for _ in chunk),
                [v for row in chunk for v in row],
            )
