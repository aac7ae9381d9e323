"""Minor-league season lines: MLB Stats API totals 2015-2024 and the FanGraphs 2025 leaderboard.

Both are reshaped into the KB's one batting/pitching row shape (see ``hotstove.kb.build``) as the
staging tables ``milb_batting`` and ``milb_pitching``; the build adds the parent club and merges
them with the MLB rows. Published rates are ignored: every rate is recomputed from components
(the Stats-API files carry a wrong OBP column, see the data README).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hotstove.storage.duck import Duck

CREDIT_STATSAPI = "MLB Advanced Media (MLB Stats API), via armstjc/milb-data-repository"
CREDIT_FANGRAPHS = "FanGraphs minor-league leaderboard (2025, scraped 2025-08-26)"

# Level words of the two publishers -> the KB's level codes.
_LEVEL = "CASE upper({col}) WHEN 'ROK' THEN 'RK' WHEN 'R' THEN 'RK' ELSE upper({col}) END"


def folder(data_dir: Path) -> Path:
    return data_dir / "milb"


def present(data_dir: Path | None) -> bool:
    return data_dir is not None and folder(data_dir).is_dir()


def _glob(data_dir: Path, sub: str) -> list[str]:
    return sorted(str(p) for p in (folder(data_dir) / "mlbapi-2015-2024" / sub).glob("*.csv"))


def _outs(ip: str) -> str:
    """SQL for outs from an innings figure written as 66.1 (66 and one third)."""
    return (
        f"CAST(floor(CAST({ip} AS DOUBLE)) * 3 + round((CAST({ip} AS DOUBLE) - "
        f"floor(CAST({ip} AS DOUBLE))) * 10) AS BIGINT)"
    )


def _raw(
    con: Duck, table: str, files: list[str], types: dict[str, str] | None = None
) -> Callable[[str], str]:
    """Read a set of CSVs into a staging table; return a column-or-NULL chooser for its columns.

    Older files lack some columns (runs scored, for one); a missing column is NULL, not zero.
    """
    # Column types are fixed names from this module, never user input.
    typed = ", ".join(f"'{k}': '{v}'" for k, v in (types or {}).items())
    opts = f", types = {{{typed}}}" if typed else ""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv(?, header = true, "
        f"union_by_name = true{opts})",
        [files],
    )
    have = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}

    def col(name: str) -> str:
        return f'CAST("{name}" AS BIGINT)' if name in have else "NULL::BIGINT"

    return col


def load(con: Duck, data_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    bat_files = _glob(data_dir, "batting")
    pit_files = _glob(data_dir, "pitching")
    fg_bat = folder(data_dir) / "fangraphs-2025" / "hitters" / "full_season_data.csv"
    fg_pit = folder(data_dir) / "fangraphs-2025" / "pitchers" / "full_season_pitch_data.csv"
    bat_parts: list[str] = []
    pit_parts: list[str] = []
    params_b: list[object] = []
    params_p: list[object] = []
    if bat_files:
        c = _raw(con, "_raw_milb_batting", bat_files)
        bat_parts.append(f"""
            SELECT CAST(CAST(player_id AS BIGINT) AS VARCHAR) AS person_id,
                   CAST(player_id AS BIGINT) AS mlbam,
                   NULL::VARCHAR AS fangraphs, player_full_name AS name,
                   CAST(season AS INTEGER) AS season,
                   {_LEVEL.format(col="team_level_abv")} AS level,
                   team_abv AS team, team_name, CAST(team_id AS INTEGER) AS team_id,
                   NULL::VARCHAR AS org_hint, NULL::INTEGER AS age, team_league AS league,
                   player_position AS position,
                   {c("G")} AS G, {c("batting_PA")} AS PA, {c("batting_AB")} AS AB,
                   {c("batting_R")} AS R, {c("batting_H")} AS H, {c("batting_2B")} AS "2B",
                   {c("batting_3B")} AS "3B", {c("batting_HR")} AS HR, {c("batting_RBI")} AS RBI,
                   {c("batting_SB")} AS SB, {c("batting_CS")} AS CS, {c("batting_BB")} AS BB,
                   {c("batting_IBB")} AS IBB, {c("batting_SO")} AS SO, {c("batting_HBP")} AS HBP,
                   {c("batting_SH")} AS SH, {c("batting_SF")} AS SF, {c("batting_GiDP")} AS GIDP,
                   'milb-statsapi' AS source
            FROM _raw_milb_batting""")
    if fg_bat.is_file():
        bat_parts.append(f"""
            SELECT NULL::VARCHAR AS person_id, NULL::BIGINT AS mlbam, playerids AS fangraphs,
                   PlayerName AS name, CAST(Season AS INTEGER) AS season,
                   {_LEVEL.format(col="aLevel")} AS level,
                   CASE WHEN TeamName = '- - -' THEN NULL ELSE TeamName END AS team,
                   NULL::VARCHAR AS team_name, NULL::INTEGER AS team_id, AffAbbName AS org_hint,
                   CAST(Age AS INTEGER) AS age,
                   NULL::VARCHAR AS league, NULL::VARCHAR AS position,
                   CAST(G AS BIGINT) AS G, CAST(PA AS BIGINT) AS PA, CAST(AB AS BIGINT) AS AB,
                   CAST(R AS BIGINT) AS R, CAST(H AS BIGINT) AS H, CAST("2B" AS BIGINT) AS "2B",
                   CAST("3B" AS BIGINT) AS "3B", CAST(HR AS BIGINT) AS HR,
                   CAST(RBI AS BIGINT) AS RBI, CAST(SB AS BIGINT) AS SB, CAST(CS AS BIGINT) AS CS,
                   CAST(BB AS BIGINT) AS BB, CAST(IBB AS BIGINT) AS IBB, CAST(SO AS BIGINT) AS SO,
                   CAST(HBP AS BIGINT) AS HBP, CAST(SH AS BIGINT) AS SH, CAST(SF AS BIGINT) AS SF,
                   CAST(GDP AS BIGINT) AS GIDP,
                   'milb-fangraphs' AS source
            FROM read_csv(?, header = true)""")
        params_b.append(str(fg_bat))
    if pit_files:
        c = _raw(con, "_raw_milb_pitching", pit_files, {"pitching_IP_str": "VARCHAR"})
        pit_parts.append(f"""
            SELECT CAST(CAST(player_id AS BIGINT) AS VARCHAR) AS person_id,
                   CAST(player_id AS BIGINT) AS mlbam,
                   NULL::VARCHAR AS fangraphs, player_full_name AS name,
                   CAST(season AS INTEGER) AS season,
                   {_LEVEL.format(col="team_level_abv")} AS level,
                   team_abv AS team, team_name, CAST(team_id AS INTEGER) AS team_id,
                   NULL::VARCHAR AS org_hint, NULL::INTEGER AS age, team_league AS league,
                   player_position AS position,
                   {c("pitching_W")} AS W, {c("pitching_L")} AS L, {c("pitching_G")} AS G,
                   {c("pitching_GS")} AS GS, {c("pitching_CG")} AS CG, {c("pitching_SHO")} AS SHO,
                   {c("pitching_SV")} AS SV, {_outs("pitching_IP_str")} AS IPouts,
                   {c("pitching_H")} AS H, {c("pitching_R")} AS R, {c("pitching_ER")} AS ER,
                   {c("pitching_HR")} AS HR, {c("pitching_BB")} AS BB, {c("pitching_IBB")} AS IBB,
                   {c("pitching_SO")} AS SO, {c("pitching_HBP")} AS HBP, {c("pitching_WP")} AS WP,
                   {c("pitching_BK")} AS BK, {c("pitching_BF")} AS BFP, 'milb-statsapi' AS source
            FROM _raw_milb_pitching""")
    if fg_pit.is_file():
        pit_parts.append(f"""
            SELECT NULL::VARCHAR AS person_id, NULL::BIGINT AS mlbam, playerids AS fangraphs,
                   PlayerName AS name, CAST(Season AS INTEGER) AS season,
                   {_LEVEL.format(col="aLevel")} AS level,
                   CASE WHEN TeamName = '- - -' THEN NULL ELSE TeamName END AS team,
                   NULL::VARCHAR AS team_name, NULL::INTEGER AS team_id, AffAbbName AS org_hint,
                   CAST(Age AS INTEGER) AS age,
                   NULL::VARCHAR AS league, NULL::VARCHAR AS position,
                   CAST(W AS BIGINT) AS W, CAST(L AS BIGINT) AS L, CAST(G AS BIGINT) AS G,
                   CAST(GS AS BIGINT) AS GS, CAST(CG AS BIGINT) AS CG, CAST(ShO AS BIGINT) AS SHO,
                   CAST(SV AS BIGINT) AS SV, {_outs("IP")} AS IPouts, CAST(H AS BIGINT) AS H,
                   CAST(R AS BIGINT) AS R, CAST(ER AS BIGINT) AS ER, CAST(HR AS BIGINT) AS HR,
                   CAST(BB AS BIGINT) AS BB, CAST(IBB AS BIGINT) AS IBB, CAST(SO AS BIGINT) AS SO,
                   CAST(HBP AS BIGINT) AS HBP, CAST(WP AS BIGINT) AS WP, CAST(BK AS BIGINT) AS BK,
                   CAST(TBF AS BIGINT) AS BFP, 'milb-fangraphs' AS source
            FROM read_csv(?, header = true)""")
        params_p.append(str(fg_pit))
    for table, parts, params in (
        ("milb_batting", bat_parts, params_b),
        ("milb_pitching", pit_parts, params_p),
    ):
        if not parts:
            continue
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS " + " UNION ALL BY NAME ".join(parts), params
        )
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    con.execute("DROP TABLE IF EXISTS _raw_milb_batting")
    con.execute("DROP TABLE IF EXISTS _raw_milb_pitching")
    return counts
