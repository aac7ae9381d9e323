"""Player contracts 2011-2026 as scraped from Spotrac (FishOfPitt116/MLBContracts).

The source's MLBAM crosswalk (and its FanGraphs ids) give some ids to two players: two namesakes
can both map to one of them. An id is kept only when that person has the contract's surname and
plays on the same side of the ball; otherwise the one person of that name and side active then is
taken, or none.
"""

from __future__ import annotations

from pathlib import Path

from hotstove.storage.duck import Duck

CREDIT = "Spotrac contract figures, via FishOfPitt116/MLBContracts"


def folder(data_dir: Path) -> Path:
    return data_dir / "contracts"


def present(data_dir: Path | None) -> bool:
    return data_dir is not None and (folder(data_dir) / "contracts_spotrac.csv").is_file()


def load(con: Duck, data_dir: Path) -> dict[str, int]:
    f = folder(data_dir)
    con.execute(
        """
        CREATE OR REPLACE TABLE contracts AS
        WITH c AS (SELECT DISTINCT * FROM read_csv(?, header = true, all_varchar = true)),
             p AS (SELECT DISTINCT ON (player_id) *
                   FROM read_csv(?, header = true, all_varchar = true) ORDER BY player_id),
             -- a key the crosswalk gives two ids is left without one
             x AS (SELECT player_id, CASE WHEN count(DISTINCT mlbam_id) = 1
                                          THEN any_value(mlbam_id) END AS mlbam_id
                   FROM read_csv(?, header = true, all_varchar = true) GROUP BY player_id),
             joined AS (
                SELECT c.contract_id, c.player_id AS spotrac_key, p.first_name, p.last_name,
                       p.position, p.fangraphs_id, p.spotrac_link,
                       TRY_CAST(TRY_CAST(x.mlbam_id AS DOUBLE) AS BIGINT) AS crosswalk_mlbam,
                       TRY_CAST(c.age AS INTEGER) AS age,
                       CASE WHEN c.service_time IN ('-1', '-1.0') THEN NULL
                            ELSE TRY_CAST(c.service_time AS DOUBLE) END AS service_time,
                       TRY_CAST(c.year AS INTEGER) AS first_season,
                       TRY_CAST(c.duration AS INTEGER) AS years,
                       TRY_CAST(c.value AS DOUBLE) AS value_musd, c.type
                FROM c LEFT JOIN p USING (player_id) LEFT JOIN x USING (player_id))
        SELECT j.*, 'Spotrac' AS source FROM joined j
        """,
        [
            str(f / "contracts_spotrac.csv"),
            str(f / "players.csv"),
            str(f / "mlbam_id_crosswalk.csv"),
        ],
    )
    # Keep the crosswalk's id only when that person has the same surname and the same side of the
    # ball (pitcher or not); otherwise take the one person of that name and side active then.
    con.execute(
        """
        CREATE OR REPLACE TABLE contracts AS
        WITH c AS (
            SELECT c.*, c.position IN ('SP', 'RP', 'P', 'CL') AS is_pitcher,
                   strip_accents(lower(c.last_name)) AS last_key,
                   strip_accents(lower(c.first_name)) AS first_key
            FROM contracts c
        ),
        pp AS (
            SELECT person_id, mlbam, strip_accents(lower(name_last)) AS last_key,
                   strip_accents(lower(name_first)) AS first_key,
                   split_part(coalesce(positions, ''), ',', 1) = 'P' AS is_pitcher,
                   mlb_first, mlb_last
            FROM people WHERE mlbam IS NOT NULL AND mlb_first IS NOT NULL
        ),
        by_name AS (
            SELECT c.contract_id, c.spotrac_key, CASE WHEN count(DISTINCT pp.mlbam) = 1
                                                      THEN any_value(pp.mlbam) END AS mlbam
            FROM c JOIN pp ON pp.last_key = c.last_key AND pp.first_key = c.first_key
                          AND pp.is_pitcher = c.is_pitcher
                          AND coalesce(pp.mlb_last, 9999) >= c.first_season - 1
                          AND coalesce(pp.mlb_first, 0) <= c.first_season + 1
            GROUP BY c.contract_id, c.spotrac_key
        )
        SELECT c.* EXCLUDE (is_pitcher, last_key, first_key),
               CASE WHEN x.mlbam IS NOT NULL THEN c.crosswalk_mlbam ELSE b.mlbam END AS mlbam
        FROM c
        LEFT JOIN (SELECT DISTINCT ON (mlbam) * FROM pp) x
               ON x.mlbam = c.crosswalk_mlbam AND x.last_key = c.last_key
                      AND x.is_pitcher = c.is_pitcher
        LEFT JOIN (SELECT DISTINCT ON (contract_id, spotrac_key) * FROM by_name) b
               ON b.contract_id = c.contract_id AND b.spotrac_key = c.spotrac_key
        """
    )
    row = con.execute("SELECT count(*) FROM contracts").fetchone()
    return {"contracts": int(row[0]) if row else 0}
