"""Transaction wire lines (MLB.com text) and Dodgers roster snapshots, as published.

The lines are kept as text with their date and source here; turning them into structured, linked
moves is the rumor extractor's job (one piece of code reads a news story and a wire line alike).
"""

from __future__ import annotations

from pathlib import Path

from hotstove.storage.duck import Duck

CREDIT = "MLB.com transaction wire, via dmolitor/mlb-data (2001-2021) and stiles/dodgers (MIT)"


def folder(data_dir: Path) -> Path:
    return data_dir / "transactions"


def present(data_dir: Path | None) -> bool:
    return data_dir is not None and folder(data_dir).is_dir()


def load(con: Duck, data_dir: Path) -> dict[str, int]:
    f = folder(data_dir)
    parts: list[str] = []
    params: list[object] = []
    league = sorted(str(p) for p in (f / "mlb-2001-2021").glob("transactions_*.csv"))
    if league:
        parts.append(
            'SELECT TRY_CAST(date AS DATE) AS date, "transaction" AS text, '
            "NULL::VARCHAR AS club, 'mlb-2001-2021' AS source "
            "FROM read_csv(?, header = true, all_varchar = true)"
        )
        params.append(league)
    lad = f / "lad-2025-2026" / "dodgers_transactions_all_versions.json"
    if lad.is_file():
        parts.append(
            "SELECT TRY_CAST(date AS DATE) AS date, \"transaction\" AS text, 'LAD' AS club, "
            "'lad-2025-2026' AS source FROM read_json(?, format = 'array')"
        )
        params.append(str(lad))
    counts: dict[str, int] = {}
    if parts:
        con.execute(
            "CREATE OR REPLACE TABLE transaction_lines AS SELECT DISTINCT * FROM ("
            + " UNION ALL ".join(parts)
            + ") WHERE text IS NOT NULL ORDER BY date, text",
            params,
        )
        counts["transaction_lines"] = _count(con, "transaction_lines")
    rosters = sorted((f / "lad-2025-2026").glob("dodgers_roster_current_*.csv"))
    if rosters:
        con.execute(
            """
            CREATE OR REPLACE TABLE rosters AS
            SELECT 'LAD' AS club, 119 AS team_id,
                   CAST(regexp_extract(filename, '(\\d{4}-\\d{2}-\\d{2})', 1) AS DATE) AS date,
                   TRY_CAST(player_id AS BIGINT) AS mlbam, name, jersey,
                   position_group AS position, status,
                   TRY_CAST(is_40_man AS BOOLEAN) AS is_40_man,
                   TRY_CAST(is_active_roster AS BOOLEAN) AS is_active,
                   'lad-2025-2026' AS source
            FROM read_csv(?, header = true, all_varchar = true, filename = true)
            """,
            [[str(p) for p in rosters]],
        )
        counts["rosters"] = _count(con, "rosters")
    return counts


def _count(con: Duck, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
