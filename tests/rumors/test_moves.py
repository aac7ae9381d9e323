"""Move extraction: the seed articles on the real KB, hand-written sentences per kind and status,
transaction-wire lines with a fake resolver, and robustness on arbitrary text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotstove.records import (
    Article,
    LinkedArticle,
    LinkedClub,
    LinkedPerson,
    LinkedPlayer,
    Move,
    Span,
)
from hotstove.rumors.moves import extract_moves, parse_wire_line

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev" / "articles"


def keys(moves: list[Move]) -> set[tuple[str | None, str | None, str | None, str, str]]:
    return {(m.player, m.from_club, m.to_club, m.kind, m.status) for m in moves}


# --- the seed articles, linked against the real KB ----------------------------------------------


@pytest.fixture(scope="module")
def seeds(real_kb_path: Path) -> dict[str, LinkedArticle]:
    import hotstove

    paths = sorted(DEV.glob("seed-*.txt"))
    if not paths:
        pytest.skip("dev articles not present")
    out: dict[str, LinkedArticle] = {}
    for item in hotstove.read(paths, db=real_kb_path):
        assert isinstance(item, LinkedArticle)
        out[Path(item.article.source).stem[:8]] = item
    return out


def test_seed_rushing_interest_credited_to_mcadam(seeds: dict[str, LinkedArticle]) -> None:
    moves = extract_moves(seeds["seed-000"])
    rushing = [m for m in moves if m.player == "rushida01"]
    assert [(m.from_club, m.to_club, m.kind, m.status) for m in rushing] == [
        ("LAD", "BOS", "trade", "interest")
    ]
    assert rushing[0].source == "Sean McAdam"
    assert rushing[0].outlet == "MassLive"


def test_seed_recalled_moves_are_completed(seeds: dict[str, LinkedArticle]) -> None:
    got = keys(extract_moves(seeds["seed-000"]))
    assert ("barneau01", "LAD", None, "designated", "completed") in got
    assert ("rortvbe01", "LAD", "CIN", "waiver_claim", "completed") in got
    assert ("buschmi02", "LAD", "CHC", "trade", "completed") in got
    # the hedge ("no indication they are open to trading Rushing") adds no move
    assert not any(k[0] == "rushida01" and k[4] != "interest" for k in got)


def test_seed_betts_trade_names_every_player(seeds: dict[str, LinkedArticle]) -> None:
    moves = extract_moves(seeds["seed-003"])
    got = keys(moves)
    for pid in ("verdual01", "wongco01", "downsje01"):
        assert (pid, "LAD", "BOS", "trade", "completed") in got
    assert ("bettsmo01", "BOS", "LAD", "trade", "completed") in got
    assert ("rushida01", "LAD", "BOS", "trade", "talks") in got
    betts = next(m for m in moves if m.player == "bettsmo01")
    assert {"verdual01", "downsje01"} <= set(betts.with_players)


# --- hand-written sentences ---------------------------------------------------------------------

CLUBS = {
    "Red Sox": "BOS",
    "Boston": "BOS",
    "Dodgers": "LAD",
    "Cardinals": "STL",
    "Mets": "NYM",
    "Reds": "CIN",
    "Cubs": "CHC",
    "Orioles": "BAL",
    "Royals": "KC",
    "Tigers": "DET",
    "Twins": "MIN",
    "Yankees": "NYY",
}
PLAYERS = {
    "Dalton Rushing": "rushida01",
    "Austin Barnes": "barneau01",
    "Ben Rortvedt": "rortvbe01",
    "Willson Contreras": "contrwi01",
    "Hunter Dobbins": "dobbihu01",
    "Pete Alonso": "alonspe01",
    "Maikel Garcia": "garcima01",
    "Tarik Skubal": "skubata01",
    "Nico Hoerner": "hoernni01",
    "Evan Phillips": "phillev01",
    "Nick Castellanos": "casteni01",
}
REPORTERS = {"Jeff Passan": "ESPN", "Sean McAdam": "MassLive"}


def linked(body: str) -> LinkedArticle:
    """A linked article built by hand: every known name in ``body`` becomes a mention."""
    text = "Title\n\n" + body
    art = Article(id="t", source="t.txt", title="Title", text=text, body_start=7)

    def spans(name: str) -> list[Span]:
        out, at = [], text.find(name)
        while at >= 0:
            out.append(Span(at, at + len(name), name))
            at = text.find(name, at + len(name))
        return out

    players = [
        LinkedPlayer(
            name=n, person_id=pid, bbref=pid, mlbam=None, confidence=1.0, mentions=spans(n)
        )
        for n, pid in PLAYERS.items()
        if n in text
    ]
    for p in players:  # surname mentions too
        last = p.name.split()[-1]
        p.mentions += [
            s for s in spans(last) if not any(m.start <= s.start < m.end for m in p.mentions)
        ]
    by_code: dict[str, LinkedClub] = {}
    for surface, code in CLUBS.items():
        for s in spans(surface):
            if any(o.start <= s.start < o.end for c in by_code.values() for o in c.mentions):
                continue
            by_code.setdefault(code, LinkedClub(code, 1.0)).mentions.append(s)
    people = [
        LinkedPerson(name=n, role="reporter", outlet=o, mentions=spans(n))
        for n, o in REPORTERS.items()
        if n in text
    ]
    return LinkedArticle(art, players, list(by_code.values()), people, [])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The Cincinnati Reds claimed Ben Rortvedt off waivers from the Dodgers.",
            ("rortvbe01", "LAD", "CIN", "waiver_claim", "completed"),
        ),
        (
            "The Dodgers designated Austin Barnes for assignment on Monday.",
            ("barneau01", "LAD", None, "designated", "completed"),
        ),
        (
            "The Dodgers non-tendered Evan Phillips in November.",
            ("phillev01", "LAD", None, "other", "completed"),
        ),
        (
            "The Phillies' bench got thinner when the Twins released Nick Castellanos.",
            ("casteni01", "MIN", None, "release", "completed"),
        ),
        (
            "Boston acquired Willson Contreras from the Cardinals, "
            "sending Hunter Dobbins to St. Louis.",
            ("contrwi01", "STL", "BOS", "trade", "completed"),
        ),
        (
            "Boston acquired Willson Contreras from the Cardinals, "
            "sending Hunter Dobbins to the Cardinals.",
            ("dobbihu01", "BOS", "STL", "trade", "completed"),
        ),
        (
            "Pete Alonso signed with the Orioles last week.",
            ("alonspe01", None, "BAL", "signing", "completed"),
        ),
        (
            "Pete Alonso and the Orioles have agreed to a five-year deal, pending a physical.",
            ("alonspe01", None, "BAL", "signing", "agreement"),
        ),
        (
            "Maikel Garcia and the Royals are finalizing a five-year extension.",
            ("garcima01", "KC", "KC", "extension", "agreement"),
        ),
        (
            "The Mets have checked in on Willson Contreras, "
            "who is under contract with the Cardinals.",
            ("contrwi01", "STL", "NYM", "trade", "interest"),
        ),
        (
            "The Red Sox are in talks with the Dodgers about a trade for Dalton Rushing.",
            ("rushida01", "LAD", "BOS", "trade", "talks"),
        ),
        (
            "In my view, the Cubs should decide to trade Nico Hoerner before spring.",
            ("hoernni01", "CHC", None, "trade", "speculation"),
        ),
        (
            "The Tigers denied that they would trade Tarik Skubal this winter.",
            ("skubata01", "DET", None, "trade", "denied"),
        ),
    ],
)
def test_sentence_kinds_and_statuses(body: str, expected: tuple[Any, ...]) -> None:
    assert expected in keys(extract_moves(linked(body)))


def test_hedge_is_not_interest() -> None:
    body = (
        "Dalton Rushing is the Dodgers' top catching prospect. There has not been any "
        "indication the Dodgers are open to trading Rushing."
    )
    assert not [m for m in extract_moves(linked(body)) if m.player == "rushida01"]


def test_source_credited_per_reporter() -> None:
    body = (
        "The Red Sox have shown interest in Dodgers catcher Dalton Rushing, according to "
        "Sean McAdam of MassLive.com."
    )
    moves = extract_moves(linked(body))
    assert [(m.player, m.from_club, m.to_club, m.status, m.source) for m in moves] == [
        ("rushida01", "LAD", "BOS", "interest", "Sean McAdam")
    ]


def test_move_record_serializes_from_and_to() -> None:
    m = extract_moves(linked("The Dodgers designated Austin Barnes for assignment."))[0]
    d = m.to_dict()
    assert d["from"] == "LAD" and d["to"] is None and d["kind"] == "designated"
    assert m.span is not None and m.text is not None and "designated" in m.text


# --- the transaction wire -----------------------------------------------------------------------


def fake_resolve(name: str, club: str | None, season: int | None) -> dict[str, Any] | None:
    ids = {
        "Alex Verdugo": "verdual01",
        "Connor Wong": "wongco01",
        "Jeter Downs": "downsje01",
        "Mookie Betts": "bettsmo01",
        "David Price": "priceda01",
        "Ben Rortvedt": "rortvbe01",
        "Austin Barnes": "barneau01",
        "Heathcliff Slocumb": "slocuhe01",
    }
    return {"bbref": ids[name], "name": name} if name in ids else None


def test_wire_trade_names_every_player() -> None:
    line = (
        "Los Angeles Dodgers traded CF Alex Verdugo, C Connor Wong and SS Jeter Downs to "
        "Boston Red Sox for RF Mookie Betts, LHP David Price and cash."
    )
    moves = parse_wire_line(line, dt.date(2020, 2, 10), fake_resolve)
    assert {(m.player, m.from_club, m.to_club, m.kind, m.status) for m in moves} == {
        ("verdual01", "LAD", "BOS", "trade", "completed"),
        ("wongco01", "LAD", "BOS", "trade", "completed"),
        ("downsje01", "LAD", "BOS", "trade", "completed"),
        ("bettsmo01", "BOS", "LAD", "trade", "completed"),
        ("priceda01", "BOS", "LAD", "trade", "completed"),
    }
    betts = next(m for m in moves if m.player == "bettsmo01")
    assert set(betts.with_players) == {"verdual01", "wongco01", "downsje01", "priceda01"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Cincinnati Reds claimed C Ben Rortvedt off waivers from Los Angeles Dodgers.",
            ("rortvbe01", "LAD", "CIN", "waiver_claim"),
        ),
        (
            "Florida Marlins Pitcher Horacio Estrada claimed off waivers "
            "from the Milwaukee Brewers",
            ("Horacio Estrada", "MIL", "MIA", "waiver_claim"),
        ),
        (
            "Los Angeles Dodgers designated C Austin Barnes for assignment.",
            ("barneau01", "LAD", None, "designated"),
        ),
        (
            "San Diego Padres Released pitcher Heathcliff Slocumb.",
            ("slocuhe01", "SD", None, "release"),
        ),
        (
            "Houston Astros Signed free agent pitcher Kent Bottenfield, who had been with the "
            "Philadelphia Phillies, to a one-year contract.",
            ("Kent Bottenfield", None, "HOU", "signing"),
        ),
    ],
)
def test_wire_lines(line: str, expected: tuple[Any, ...]) -> None:
    moves = parse_wire_line(line, "2001-03-27", fake_resolve)
    got = {(m.player or m.name, m.from_club, m.to_club, m.kind) for m in moves}
    assert expected in got
    assert all(m.status == "completed" for m in moves)


def test_wire_resolver_failure_is_not_fatal() -> None:
    def broken(name: str, club: str | None, season: int | None) -> Any:
        raise RuntimeError("no KB")

    moves = parse_wire_line(
        "Los Angeles Dodgers designated C Austin Barnes for assignment.", None, broken
    )
    assert [(m.name, m.kind) for m in moves] == [("Austin Barnes", "designated")]


# --- never raises -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_wire_never_raises(text: str) -> None:
    assert isinstance(parse_wire_line(text, None, fake_resolve), list)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("abc XYZ.,'-\n")
            + ["Dodgers", " traded ", "Ben Rortvedt", " for ", " to ", "Reds", " he "]
        ),
        max_size=60,
    )
)
def test_articles_never_raise(words: list[str]) -> None:
    assert isinstance(extract_moves(linked("".join(words))), list)
