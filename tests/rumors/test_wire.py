"""The transaction wire as linked moves in the knowledge base (``wire_moves``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hotstove.rumors import wire

# Lines in the wire's own format (MLB.com transaction text; the first one is the 2020 Betts
# trade as the wire states it), plus lines that are not moves between clubs.
WIRE_2020 = (
    "\n".join(
        [
            "date,transaction",
            '2020-02-10,"Los Angeles Dodgers traded CF Alex Verdugo, C Connor Wong and SS '
            'Jeter Downs to Boston Red Sox for RF Mookie Betts, LHP David Price and cash."',
            "2020-02-11,Boston Red Sox optioned RHP Nobody Atall to Pawtucket Red Sox.",
            "2020-03-01,Los Angeles Dodgers signed free agent C Will Smith to a minor league "
            "contract.",
            "2020-03-02,Seattle Mariners designated LHP Nobody Else for assignment.",
        ]
    )
    + "\n"
)


def test_parse_lines_reads_moves_and_skips_the_rest() -> None:
    rows = [(i, line.split(",", 1)[0], line.split(",", 1)[1].strip('"'))
            for i, line in enumerate(WIRE_2020.splitlines()[1:])]  # fmt: skip
    found = wire.parse_lines(rows, workers=1)
    kinds = {(m["name"], m["kind"], m["from_club"], m["to_club"]) for m in found}
    assert ("Mookie Betts", "trade", "BOS", "LAD") in kinds
    assert ("Connor Wong", "trade", "LAD", "BOS") in kinds
    assert any(m["kind"] == "designated" for m in found)
    assert not any(m["name"] == "Nobody Atall" for m in found)  # an option is not a move


@pytest.fixture(scope="module")
def wire_kb(tmp_path_factory: pytest.TempPathFactory, tiny_data: Path) -> Path:
    from hotstove.kb.build import build

    data = tmp_path_factory.mktemp("wiredata")
    shutil.copytree(tiny_data, data, dirs_exist_ok=True)
    folder = data / "transactions" / "mlb-2001-2021"
    folder.mkdir(parents=True)
    (folder / "transactions_2020.csv").write_text(WIRE_2020, "utf-8")
    path = data / "kb.duckdb"
    build(path, data)
    return path


def test_build_stores_linked_wire_moves(wire_kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hotstove.kb.store import KB

    with KB.open(wire_kb) as kb:
        rows = kb.rows("SELECT * FROM wire_moves ORDER BY date, name")
    betts = [r for r in rows if r["name"] == "Mookie Betts"]
    assert len(betts) == 1 and betts[0]["kind"] == "trade" and betts[0]["status"] == "completed"
    assert betts[0]["person_id"] == "605141" and betts[0]["from_club"] == "BOS"
    assert "Alex Verdugo" in betts[0]["with_players"]
    # two Will Smiths in the register: a signing by the Dodgers in 2020 names the catcher
    # only if the clubs say so; the tiny register has both, so the id is given or left empty,
    # never the other man's
    smith = [r for r in rows if r["name"] == "Will Smith"]
    assert smith and smith[0]["person_id"] in (None, "669257")
    # every linked row carries the ids of the person it names
    assert all(r["bbref"] is not None for r in rows if r["person_id"] == "605141")


def test_track_record_judges_open_rumors_from_the_wire(wire_kb: Path, tmp_path: Path) -> None:
    from hotstove.rumors.reporters import fate_from_data
    from hotstove.storage.duck import connect

    con = connect(wire_kb, read_only=True)
    try:
        # a rumor of Betts to Los Angeles first reported in January 2020 came true on 2020-02-10
        assert fate_from_data(con, "605141", "LAD", "BOS", "2020-01-15") == (
            "came_true", "2020-02-10", "transactions")  # fmt: skip
        # the same player rumored to another club: he went elsewhere
        assert fate_from_data(con, "605141", "SD", "BOS", "2020-01-15") == (
            "elsewhere", "2020-02-10", "transactions")  # fmt: skip
        # reported after the move: nothing in the data decides it yet
        assert fate_from_data(con, "605141", "LAD", "BOS", "2030-01-01") is None
    finally:
        con.close()
