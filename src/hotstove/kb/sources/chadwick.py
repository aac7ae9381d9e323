"""The Chadwick Baseball Bureau register: every person in professional baseball with cross-ids.

Local copy: ``$HOTSTOVE_DATA/chadwick/people-*.csv`` and ``names.csv``. Users with internet get the
same files with ``hotstove data fetch`` (see ``chadwick_fetch``).
"""

from __future__ import annotations

from pathlib import Path

from hotstove.storage.duck import Duck

CREDIT = "Chadwick Baseball Bureau register; Open Data Commons Attribution License 1.0"
SHARDS = [f"people-{c}.csv" for c in "0123456789abcdef"]


def folder(data_dir: Path) -> Path:
    return data_dir / "chadwick"


def present(data_dir: Path | None) -> bool:
    return data_dir is not None and all((folder(data_dir) / s).is_file() for s in SHARDS)


def load(con: Duck, data_dir: Path) -> dict[str, int]:
    """Create ``register`` (all people) and ``register_names`` (alternate names)."""
    files = [str(folder(data_dir) / s) for s in SHARDS]
    con.execute(
        "CREATE OR REPLACE TABLE register AS SELECT * FROM read_csv(?, header = true, "
        "all_varchar = true, union_by_name = true)",
        [files],
    )
    counts = {"register": _count(con, "register")}
    names = folder(data_dir) / "names.csv"
    if names.is_file():
        con.execute(
            "CREATE OR REPLACE TABLE register_names AS SELECT * FROM read_csv(?, header = true, "
            "all_varchar = true)",
            [str(names)],
        )
        counts["register_names"] = _count(con, "register_names")
    return counts


def _count(con: Duck, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
