"""The build: every source loaded, absent ones named, atomic swap, idempotent reruns."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hotstove.errors import KBCorrupt, KBNotBuilt, SourceUnavailable
from hotstove.kb import build as build_mod
from hotstove.kb.build import build
from hotstove.kb.store import KB


def _digest(path: Path) -> dict[str, object]:
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for t in ("people", "batting", "pitching", "fielding", "name_aliases", "catcher_blocking"):
        out[t] = con.execute(
            f"SELECT count(*), sum(hash(COLUMNS(*))) FROM (SELECT * FROM {t})"
        ).fetchall()
    con.close()
    return out


def test_sources_present_and_absent(tiny_kb: KB) -> None:
    got = {r["source"]: r["present"] for r in tiny_kb.rows("SELECT * FROM sources")}
    assert got["lahman"] and got["chadwick"] and got["milb"] and got["savant"]
    # the tiny folder has no contracts or transactions: said so, never loaded as zero rows
    assert got["contracts"] is False and got["transactions"] is False
    note = tiny_kb.one("SELECT note FROM sources WHERE source = 'contracts'")
    assert note and "absent" in note["note"]


def test_every_mlb_player_has_a_person(tiny_kb: KB) -> None:
    row = tiny_kb.one(
        "SELECT count(*) AS n FROM lahman_people WHERE playerID NOT IN "
        "(SELECT lahman_id FROM people WHERE lahman_id IS NOT NULL)"
    )
    assert row == {"n": 0}
    # register people get the MLBAM id as key; Lahman-only people keep the Lahman id
    rushing = tiny_kb.one("SELECT * FROM people WHERE bbref = 'rushida01'")
    assert rushing and rushing["person_id"] == "687221" and rushing["retro"] == "rushd001"
    ruth = tiny_kb.one("SELECT * FROM people WHERE lahman_id = 'ruthba01'")
    assert ruth and ruth["person_id"] == "ruthba01" and ruth["mlbam"] is None


def test_minor_league_rows_join_the_batting_table(tiny_kb: KB) -> None:
    rows = tiny_kb.rows(
        "SELECT season, level, team, org, G, AB, H, HR, source FROM batting "
        "WHERE person_id = '687221' ORDER BY season, level"
    )
    levels = {(r["season"], r["level"]) for r in rows}
    assert {(2024, "AA"), (2024, "AAA"), (2025, "AAA"), (2025, "MLB")} <= levels
    aa = next(r for r in rows if (r["season"], r["level"]) == (2024, "AA"))
    assert (aa["G"], aa["AB"], aa["H"], aa["HR"]) == (77, 281, 76, 17)
    assert aa["org"] == "LAD"  # Tulsa is the Dodgers' Double-A club
    fg = next(r for r in rows if (r["season"], r["level"]) == (2025, "AAA"))
    assert fg["org"] == "LAD" and fg["source"] == "milb-fangraphs"


def test_rebuild_is_idempotent(tiny_data: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build(a, tiny_data)
    build(b, tiny_data)
    build(b, tiny_data)  # refresh in place
    assert _digest(a) == _digest(b)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.duckdb", "b.duckdb"]


def test_killed_build_leaves_previous_database(
    tiny_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "kb.duckdb"
    build(db, tiny_data)
    before = _digest(db)

    def boom(con: object) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-build

    monkeypatch.setattr(build_mod, "_fielding", boom)
    with pytest.raises(KeyboardInterrupt):
        build(db, tiny_data)
    assert _digest(db) == before
    assert [p.name for p in tmp_path.iterdir()] == ["kb.duckdb"]


def test_without_a_data_folder_lahman_alone(tmp_path: Path) -> None:
    db = tmp_path / "kb.duckdb"
    report = build(db, None)
    absent = {s.source for s in report.sources if not s.present}
    assert {"chadwick", "milb", "savant", "contracts", "transactions"} <= absent
    with KB.open(db) as kb:
        p = kb.one("SELECT person_id, mlbam FROM people WHERE lahman_id = 'rushida01'")
        assert p == {"person_id": "rushida01", "mlbam": None}


def test_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="does not exist"):
        build(tmp_path / "kb.duckdb", tmp_path / "nope")


def test_open_missing_or_corrupt(tmp_path: Path) -> None:
    with pytest.raises(KBNotBuilt):
        KB.open(tmp_path / "absent.duckdb")
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(KBCorrupt):
        KB.open(bad)


def test_fangraphs_only_prospect_linked_by_name_and_age(tiny_kb: KB) -> None:
    # FanGraphs knows Tyler Hardman by a minor-league id the register lacks; name and age agree
    row = tiny_kb.one(
        "SELECT person_id, mlbam, org, source FROM batting "
        "WHERE source = 'milb-fangraphs' AND person_id = '676205'"
    )
    assert row is not None and row["mlbam"] == 676205 and row["org"] == "NYY"
    assert tiny_kb.one("SELECT count(*) AS n FROM people WHERE name_last = 'Hardman'") == {"n": 1}
