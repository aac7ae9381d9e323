"""Linking on the full knowledge base, through the public API (``hotstove.read`` / ``read_text``).

Two kinds of evidence: the two real seed articles (every name in them linked to the right
identity, every span pointing at the words written), and short stories written here, in our own
words, each proving one general behaviour (a namesake decided by the season, "the Sox" by
context, a dateline that is not a club, an eponym that is not a player, a reporter the staff file
does not know...). The stories are not taken from the dev set and are not tuned to it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from linking_seeds import (
    NOT_PLAYERS_BBREF,
    SEED_CLUBS,
    SEED_PLAYERS_BBREF,
    SEED_PLAYERS_MLBAM,
    SEEDS,
)

import hotstove
from hotstove.records import LinkedArticle, LinkedPlayer, ReadError

pytestmark = pytest.mark.kb

# ------------------------------------------------------------------------------------------
# helpers


@pytest.fixture(scope="module")
def link(real_kb_path: Path) -> Any:
    def _link(text: str, published: dt.date | None = None) -> LinkedArticle:
        return hotstove.read_text(text, published=published, db=real_kb_path)

    return _link


def by_bbref(la: LinkedArticle) -> dict[str | None, LinkedPlayer]:
    return {p.bbref: p for p in la.players}


def bbrefs(la: LinkedArticle) -> set[str | None]:
    return {p.bbref for p in la.players}


def clubs(la: LinkedArticle) -> set[str]:
    return {c.code for c in la.clubs}


def club_texts(la: LinkedArticle, code: str) -> list[str]:
    return [m.text for c in la.clubs if c.code == code for m in c.mentions]


def player_with_mention_at(la: LinkedArticle, start: int) -> LinkedPlayer:
    got = [p for p in la.players if any(m.start == start for m in p.mentions)]
    assert len(got) == 1, [(p.name, [m.start for m in p.mentions]) for p in la.players]
    return got[0]


def people(la: LinkedArticle, role: str | None = None) -> dict[str, Any]:
    return {p.name: p for p in la.people if role is None or p.role == role}


def all_spans(la: LinkedArticle) -> list[Any]:
    found = [m for p in la.players for m in p.mentions]
    found += [m for c in la.clubs for m in c.mentions]
    found += [m for p in la.people for m in p.mentions]
    found += [m for u in la.unresolved for m in u.mentions]
    return found


# ------------------------------------------------------------------------------------------
# the two seed articles

needs_seeds = pytest.mark.skipif(len(SEEDS) != 2, reason="the shared seed articles are absent")


@pytest.fixture(scope="module")
def seeds(real_kb_path: Path) -> dict[str, LinkedArticle]:
    if len(SEEDS) != 2:
        pytest.skip("the shared seed articles are absent")
    got = list(hotstove.read(SEEDS, db=real_kb_path))
    assert not [x for x in got if isinstance(x, ReadError)], got
    return {Path(la.article.source).name.split("-")[1]: la for la in got}  # type: ignore[union-attr]


def both(seeds: dict[str, LinkedArticle]) -> list[LinkedArticle]:
    return [seeds["000"], seeds["003"]]


@needs_seeds
def test_seed_players_by_bbref(seeds: dict[str, LinkedArticle]) -> None:
    found = {p.bbref: p for la in both(seeds) for p in la.players if p.bbref}
    missing = {b: n for b, n in SEED_PLAYERS_BBREF.items() if b not in found}
    assert not missing, f"not linked: {missing}; got {sorted(found)}"
    for la in both(seeds):
        for p in la.players:
            if p.bbref:
                assert p.bbref in SEED_PLAYERS_BBREF, f"{p.name} ({p.bbref}) is not in the seeds"


@needs_seeds
def test_seed_prospect_without_mlb_game_by_mlbam(seeds: dict[str, LinkedArticle]) -> None:
    tibbs = [p for p in seeds["003"].players if p.mlbam in SEED_PLAYERS_MLBAM]
    assert len(tibbs) == 1
    assert tibbs[0].bbref is None  # no MLB game, so no Baseball-Reference MLB id
    assert tibbs[0].mentions[0].text.startswith("James Tibbs")


@needs_seeds
def test_seed_player_ids_agree(seeds: dict[str, LinkedArticle]) -> None:
    """The same player in both articles carries the same ids; MLB players have both ids."""
    ids: dict[str, tuple[str | None, int | None]] = {}
    for la in both(seeds):
        for p in la.players:
            assert ids.setdefault(p.person_id, (p.bbref, p.mlbam)) == (p.bbref, p.mlbam)
            if p.bbref:
                assert p.mlbam is not None
    assert ids["687221"] == ("rushida01", 687221)


@needs_seeds
def test_seed_which_article_names_whom(seeds: dict[str, LinkedArticle]) -> None:
    first, second = bbrefs(seeds["000"]), bbrefs(seeds["003"])
    assert {
        "rushida01",
        "barneau01",
        "kershcl01",
        "smithwi05",
        "freemfr01",
        "hernate01",
        "narvaca01",
        "wongco01",
        "rortvbe01",
        "buschmi02",
    } <= first
    assert {
        "rushida01",
        "realmjt01",
        "caratvi01",
        "narvaca01",
        "wongco01",
        "bettsmo01",
        "verdual01",
        "downsje01",
        "maydu01",
        "deverra01",
    } <= second
    assert "smithwi04" not in first  # the catcher, not the reliever


@needs_seeds
def test_seed_misspelled_first_name(seeds: dict[str, LinkedArticle]) -> None:
    wong = by_bbref(seeds["000"])["wongco01"]
    assert [m.text for m in wong.mentions] == ["Conor Wong"]
    assert "Connor Wong" in [m.text for m in by_bbref(seeds["003"])["wongco01"].mentions]


@needs_seeds
def test_seed_clubs(seeds: dict[str, LinkedArticle]) -> None:
    assert clubs(seeds["000"]) == SEED_CLUBS
    assert clubs(seeds["003"]) == {"BOS", "LAD"}
    # "Triple-A Oklahoma City" is the Dodgers' affiliate
    assert "Oklahoma City" in club_texts(seeds["000"], "LAD")
    # "the Sox" and "L.A." resolved from context
    assert "Sox" in club_texts(seeds["003"], "BOS")
    assert "L.A." in club_texts(seeds["003"], "LAD")


@needs_seeds
def test_seed_people(seeds: dict[str, LinkedArticle]) -> None:
    roberts = people(seeds["000"])["Dave Roberts"]
    assert (roberts.role, roberts.club) == ("manager", "LAD")
    mcadam = people(seeds["000"])["Sean McAdam"]
    assert mcadam.role == "reporter"
    assert mcadam.outlet == "MassLive"
    breslow = people(seeds["003"])["Craig Breslow"]
    assert (breslow.role, breslow.club) == ("executive", "BOS")
    for la in both(seeds):
        for bbref, name in NOT_PLAYERS_BBREF.items():
            assert bbref not in bbrefs(la), f"{name} is listed as a player"
            assert name not in {p.name for p in la.players}


@needs_seeds
def test_seed_surnames_attach_to_the_player(seeds: dict[str, LinkedArticle]) -> None:
    rushing = by_bbref(seeds["000"])["rushida01"]
    texts = [m.text for m in rushing.mentions]
    assert texts.count("Dalton Rushing") == 3  # title, body, subhead
    assert texts.count("Rushing") >= 8  # including "Rushing's", whose span stops before 's
    assert "Barnes" in [m.text for m in by_bbref(seeds["000"])["barneau01"].mentions]
    wong = [m.text for m in by_bbref(seeds["003"])["wongco01"].mentions]
    assert wong.count("Wong") >= 4


@needs_seeds
def test_seed_spans_point_at_the_article_text(seeds: dict[str, LinkedArticle]) -> None:
    for la in both(seeds):
        raw = Path(la.article.source).read_text("utf-8")
        assert la.article.text == raw  # a plain-text file is read exactly
        spans = all_spans(la)
        assert len(spans) > 20
        for m in spans:
            assert raw[m.start : m.end] == m.text, m


@needs_seeds
def test_seed_nothing_unresolved_and_confident(seeds: dict[str, LinkedArticle]) -> None:
    for la in both(seeds):
        assert la.unresolved == []
        for p in la.players:
            assert 0.5 <= p.confidence <= 1.0, p


@needs_seeds
def test_same_file_read_twice_has_the_same_id(real_kb_path: Path) -> None:
    got = list(hotstove.read([SEEDS[0], SEEDS[0], SEEDS[1]], db=real_kb_path))
    ids = [x.article.id for x in got if isinstance(x, LinkedArticle)]
    assert len(ids) == 3
    assert ids[0] == ids[1] != ids[2]
    pasted = hotstove.read_text(SEEDS[0].read_text("utf-8"), db=real_kb_path)
    assert pasted.article.id == ids[0]


# ------------------------------------------------------------------------------------------
# namesakes: the story's season and the words beside the name decide


@pytest.mark.parametrize(
    ("text", "published", "bbref"),
    [
        (
            "Mariners weigh offers for their ace\n\nSeattle is listening to offers for Randy "
            "Johnson, the tall left-hander who can become a free agent after the season. The "
            "Mariners would want young pitching in return.",
            dt.date(1998, 7, 1),
            "johnsra05",
        ),
        (
            "Braves like their infield glove\n\nAtlanta started Randy Johnson at third base "
            "again on Sunday, and the Braves are happy with his glove there.",
            dt.date(1983, 7, 1),
            "johnsra04",
        ),
        (
            "Marlins keep their leadoff man\n\nThe Marlins plan to keep Luis Castillo at second "
            "base, and Florida loves his speed at the top of the order.",
            dt.date(2003, 7, 1),
            "castilu01",
        ),
        (
            "Mariners starter draws interest\n\nSeveral clubs have called Seattle about Luis "
            "Castillo, the veteran right-hander in the Mariners' rotation.",
            dt.date(2025, 7, 1),
            "castilu02",
        ),
    ],
    ids=["randy-johnson-1998", "randy-johnson-1983", "luis-castillo-2003", "luis-castillo-2025"],
)
def test_namesake_decided_by_the_season(
    link: Any, text: str, published: dt.date, bbref: str
) -> None:
    la = link(text, published)
    assert len(la.players) == 1, [(p.name, p.bbref) for p in la.players]
    assert la.players[0].bbref == bbref


def test_two_namesakes_in_one_story(link: Any) -> None:
    text = (
        "Dodgers keep their catcher, add a lefty\n\n"
        "The Dodgers will keep Will Smith behind the plate for years to come. In a separate "
        "move, Los Angeles signed Will Smith, the left-handed reliever, to a one-year deal for "
        "the bullpen."
    )
    la = link(text, dt.date(2025, 1, 15))
    first = text.index("Will Smith")
    second = text.index("Will Smith", first + 1)
    assert player_with_mention_at(la, first).bbref == "smithwi05"  # the catcher
    assert player_with_mention_at(la, second).bbref == "smithwi04"  # the reliever
    assert clubs(la) == {"LAD"}


# ------------------------------------------------------------------------------------------
# clubs from context, affiliates, and places that are not clubs


@pytest.mark.parametrize(
    ("text", "code", "other"),
    [
        (
            "Boston looks for pitching\n\nThe Red Sox have asked about several starters this "
            "week. The Sox believe they need another arm behind Garrett Crochet.",
            "BOS",
            "CWS",
        ),
        (
            "Chicago rebuild rolls on\n\nThe White Sox are listening on every veteran this "
            "winter. The Sox want prospects in return, people familiar with the talks said.",
            "CWS",
            "BOS",
        ),
    ],
    ids=["boston", "chicago"],
)
def test_the_sox_decided_by_context(link: Any, text: str, code: str, other: str) -> None:
    la = link(text, dt.date(2025, 12, 1))
    assert "Sox" in club_texts(la, code)
    assert other not in clubs(la)


@pytest.mark.parametrize(
    ("first", "code", "other"), [("Angels", "LAA", "LAD"), ("Dodgers", "LAD", "LAA")]
)
def test_la_follows_the_club_named_before(link: Any, first: str, code: str, other: str) -> None:
    text = (
        f"{first} shop for a starter\n\nThe {first} are looking for a starting pitcher. "
        "One scout said he expects L.A. to add help before camp opens."
    )
    la = link(text, dt.date(2025, 12, 1))
    assert "L.A." in club_texts(la, code)
    assert other not in clubs(la)


def test_affiliate_credited_to_its_parent(link: Any) -> None:
    text = (
        "Top prospect moves up\n\nRoman Anthony was promoted to Triple-A Worcester on Monday "
        "after a strong month at the plate."
    )
    la = link(text, dt.date(2024, 6, 1))
    assert clubs(la) == {"BOS"}
    bos = next(c for c in la.clubs if c.code == "BOS")
    assert "affiliate" in bos.via
    assert [m.text for m in bos.mentions] == ["Worcester"]
    assert bbrefs(la) == {"anthoro01"}


def test_dateline_and_birthplace_are_not_clubs(link: Any) -> None:
    text = (
        "Mets add a reliever\n\n"
        "MIAMI -- The Mets acquired a reliever on Tuesday. Francisco Lindor and Pete Alonso "
        "welcomed the newcomer, who was born in Houston and went to college in Texas."
    )
    la = link(text, dt.date(2025, 7, 1))
    assert clubs(la) == {"NYM"}
    assert bbrefs(la) == {"lindofr01", "alonspe01"}


def test_eponyms_are_not_players(link: Any) -> None:
    text = (
        "Rangers ace on track\n\nThe Rangers said Jacob deGrom will not need Tommy John "
        "surgery again. deGrom, who won the Cy Young Award twice, threw on Friday."
    )
    la = link(text, dt.date(2025, 3, 1))
    assert bbrefs(la) == {"degroja01"}
    assert "johnto01" not in bbrefs(la) and "youngcy01" not in bbrefs(la)
    assert {p.name for p in la.people} == set()


def test_surname_alone_attaches_to_the_player_named(link: Any) -> None:
    text = (
        "Mets keep their slugger\n\nThe Mets agreed with Pete Alonso on a new deal. Alonso hit "
        "34 home runs last year, and the club believes Alonso can do it again."
    )
    la = link(text, dt.date(2025, 2, 1))
    assert len(la.players) == 1
    alonso = la.players[0]
    assert alonso.bbref == "alonspe01"
    assert [m.text for m in alonso.mentions] == ["Pete Alonso", "Alonso", "Alonso"]


# ------------------------------------------------------------------------------------------
# people: reporters, executives, managers


@pytest.mark.parametrize(
    ("text", "name", "outlet"),
    [
        (
            "Padres talks heat up\n\nThe Padres are talking with the Orioles about a trade, "
            "according to Jordan Smithfield of The Athletic.",
            "Jordan Smithfield",
            "The Athletic",
        ),
        (
            "Cubs check in\n\nESPN's Margaret Quillbury reported that the Cubs have checked in "
            "on several relievers.",
            "Margaret Quillbury",
            "ESPN",
        ),
        (
            "Yankees interest\n\nThe Yankees have checked in on the Marlins' top starter, "
            "according to Ken Rosenthal of The Athletic.",
            "Ken Rosenthal",
            "The Athletic",
        ),
    ],
    ids=["according-to-unknown", "outlets-unknown-reported", "according-to-known"],
)
def test_reporter_credited(link: Any, text: str, name: str, outlet: str) -> None:
    la = link(text, dt.date(2025, 12, 1))
    reporters = people(la, "reporter")
    assert name in reporters, la.people
    assert reporters[name].outlet == outlet
    assert [m.text for m in reporters[name].mentions] == [name]
    assert la.players == []


def test_executive_by_cue(link: Any) -> None:
    """A former player (Sam Fuld, 2007-2015) named by his title is an executive, not a player,
    though the staff file does not list him."""
    text = (
        "Phillies eye bullpen help\n\nPhillies general manager Sam Fuld said Tuesday that the "
        "club would look for relief help. Philadelphia has money to spend."
    )
    la = link(text, dt.date(2022, 12, 1))
    assert people(la, "executive").keys() == {"Sam Fuld"}
    assert "fuldsa01" not in bbrefs(la)


def test_executive_by_cue_unknown_to_the_data(link: Any) -> None:
    text = (
        "Tigers hire a general manager\n\nThe Tigers named Bartholomew Quenneville their "
        "general manager. General manager Bartholomew Quenneville said Detroit would be busy."
    )
    la = link(text, dt.date(2025, 12, 1))
    assert la.players == []
    assert "Bartholomew Quenneville" in people(la, "executive")


def test_manager_named_in_his_role_is_not_a_player(link: Any) -> None:
    text = (
        "Giants hire a skipper\n\nThe Giants named Bob Melvin their manager on Wednesday. "
        "Manager Bob Melvin said he was thrilled to be back in the Bay Area."
    )
    la = link(text, dt.date(2023, 10, 25))
    melvin = people(la)["Bob Melvin"]
    assert (melvin.role, melvin.club) == ("manager", "SF")
    assert "melvibo01" not in bbrefs(la)


# ------------------------------------------------------------------------------------------
# names the data does not know


def test_unknown_name_is_not_linked(link: Any) -> None:
    text = (
        "Yankees add depth\n\nThe Yankees signed right-hander Zebediah Thornquist to a minor "
        "league deal on Friday. Thornquist spent last season in an independent league."
    )
    la = link(text, dt.date(2025, 12, 1))
    assert la.players == []
    assert all("Thornquist" in u.text for u in la.unresolved)
    assert clubs(la) == {"NYY"}


def test_unknown_first_name_with_a_named_players_surname(link: Any) -> None:
    text = (
        "Dodgers notes\n\nFreddie Freeman took batting practice on Monday. The Dodgers also "
        "signed Zebediah Freeman, an outfielder from a junior college, to a minor league deal."
    )
    la = link(text, dt.date(2025, 7, 1))
    freddie = by_bbref(la)["freemfr01"]
    assert [m.text for m in freddie.mentions] == ["Freddie Freeman"]


def test_unknown_namesake_of_a_retired_star_is_not_confident(link: Any) -> None:
    text = (
        "Padres sign a young arm\n\nThe Padres signed Randy Johnson, a 22-year-old "
        "right-hander out of a junior college, to a minor league deal on Tuesday."
    )
    la = link(text, dt.date(2025, 7, 1))
    assert all(p.confidence < 0.8 for p in la.players if p.bbref == "johnsra05")


# ------------------------------------------------------------------------------------------
# the output record


def test_to_dict_has_the_format_fields(link: Any) -> None:
    text = (
        "Phillies catcher stays put\n\nThe Phillies will keep J. T. Realmuto behind the plate, "
        "according to Jordan Smithfield of The Athletic. JT Realmuto caught 130 games."
    )
    la = link(text, dt.date(2025, 12, 1))
    d = json.loads(json.dumps(la.to_dict()))  # plain JSON all the way down
    for key in (
        "source",
        "id",
        "title",
        "outlet",
        "published",
        "players",
        "clubs",
        "people",
        "unresolved",
    ):
        assert key in d, key
    assert d["id"] == la.article.id and len(d["id"]) == 16
    assert d["title"] == "Phillies catcher stays put"
    assert d["published"] == "2025-12-01"
    assert d["clubs"] == ["PHI"]
    [player] = d["players"]
    assert (player["name"], player["bbref"], player["mlbam"]) == (
        "J. T. Realmuto",
        "realmjt01",
        592663,
    )
    assert 0.5 <= player["confidence"] <= 1.0
    assert [m["text"] for m in player["mentions"]] == ["J. T. Realmuto", "JT Realmuto"]
    for m in player["mentions"]:
        assert set(m) == {"start", "end", "text"}
        assert la.article.text[m["start"] : m["end"]] == m["text"]
    [reporter] = d["people"]
    assert reporter["name"] == "Jordan Smithfield" and reporter["role"] == "reporter"
    assert d["unresolved"] == []
