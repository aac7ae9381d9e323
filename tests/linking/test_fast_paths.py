"""The linker's fast paths give what the plain rules give.

Each speed-up (tokens as columns, the word trie, the packed cache, the stepped season count, the
regular expressions that skip ahead, position words found by token) is checked here against a
direct statement of the rule it replaces, on generated input: no knowledge base needed.
"""

from __future__ import annotations

import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from hotstove.linking import gazetteer as G
from hotstove.linking import link as L
from hotstove.linking.text import Tokens, _tokens_slow

NAMEISH = st.text(alphabet=st.sampled_from(list("AJTOaeinrsz'’.-  \nÁéñüçøßŁ'sxJ.,")), max_size=60)
ANY_TEXT = st.one_of(st.text(max_size=80), NAMEISH)


# ------------------------------------------------------------------------------------------
# tokens


@settings(max_examples=400, deadline=None)
@given(ANY_TEXT)
def test_columns_are_the_token_by_token_rules(text: str) -> None:
    tokens = Tokens(text)
    slow = _tokens_slow(text)
    assert tokens.tokens == slow
    assert tokens.keys == [t.key for t in slow]
    assert tokens.caps == [n for n, t in enumerate(slow) if t.cap]
    assert Tokens(text).tokens == slow  # the word memo gives the same the second time


def test_columns_of_a_sentence() -> None:
    text = "J. T. Realmuto's deal, per A.J. Preller"
    tokens = Tokens(text)
    assert tokens.keys == ["jt", "realmuto", "deal", "per", "aj", "preller"]
    assert [text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)] == [
        "J. T.", "Realmuto", "deal", "per", "A.J.", "Preller",
    ]  # fmt: skip
    assert tokens.is_cap == [True, True, False, False, True, True]
    assert tokens.is_upper == [True, False, False, False, True, False]
    assert tokens.name_pairs == []  # initials are all capitals: no "First Last" starts there
    assert not tokens.spaced
    assert Tokens("per Jane Doe, Rob Roe").name_pairs == [1, 3]  # never across the comma


# ------------------------------------------------------------------------------------------
# the word trie and the packed cache

ALIASES = {
    "will smith": [("person", ("p1", "exact", None)), ("person", ("p2", "exact", None))],
    "smith": [("person", ("p1", "variant", None))],
    "red sox": [("club", G.ClubEntry("BOS", "nickname", False, None, None))],
    "boston red sox": [("club", G.ClubEntry("BOS", "full", False, None, None))],
    "boston": [
        ("club", G.ClubEntry("BOS", "city", True, None, None)),
        ("person", ("p3", "exact", None)),
    ],
    "de la cruz": [("person", ("p4", "exact", "jr"))],
    "jr": [("person", ("p5", "alias", ""))],  # an empty-string suffix stays as written
}


def small_gazetteer() -> G.Gazetteer:
    index, stems, persons, other = G._compile({k: list(v) for k, v in ALIASES.items()})
    people = {
        pid: G.person_info(
            pid, pid.upper(), None, None, 2010, 2020, 2008, 2020, 1990, ("C",), None, n
        )  # fmt: skip
        for n, pid in enumerate(["p1", "p2", "p3", "p4", "p5"])
    }
    return G.Gazetteer(
        index, stems, persons, other, people, {"p1": [("BOS", 2011, 2019)]}, {},
        {"smith": G._pack([("will", "p1"), ("wil", "p2")])}, {"will": 1, "wil": 1},
    )  # fmt: skip


def test_trie_and_entries() -> None:
    gaz = small_gazetteer()
    for key, entries in ALIASES.items():
        n = gaz.find(key)
        assert n is not None
        assert gaz.lookup(n) == entries
        assert gaz.entries(key) == entries
    assert gaz.find("will") is None and gaz.find("sox") is None
    assert gaz.stems == {"will", "red", "boston", "boston red", "de", "de la"}
    n = gaz.find("boston")
    assert n is not None
    assert [k for k, _ in gaz.groups(n)] == ["club", "person"]
    assert gaz.surname_pairs("smith") == [("will", "p1"), ("wil", "p2")]
    assert gaz.surname_pairs("jones") == []


def test_cache_round_trip() -> None:
    gaz = small_gazetteer()
    back = pickle.loads(pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.index == gaz.index and back.stems == gaz.stems
    assert back.people == gaz.people
    assert all(isinstance(p, G.PersonInfo) for p in back.people.values())
    for key in ALIASES:
        assert back.entries(key) == gaz.entries(key)
    assert back.people["p2"].prior == gaz.people["p2"].prior > 0
    assert back.people["p1"].first == 2010 and back.people["p1"].last == 2020


WORDS = ["Will", "will", "Smith", "smith", "Red", "Sox", "Boston", "de", "la", "Cruz", "Jr",
         "the"]  # fmt: skip
GAPS = [" ", " ", " ", ", ", " - ", "\n", "  "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GAPS)), max_size=14))
def test_scan_finds_exactly_the_capitalized_keys(parts: list[tuple[str, str]]) -> None:
    """Every run of tokens i..j whose joined keys are a key, first and last capitalized, no
    punctuation between: the definition the scan replaces, checked window by window."""
    text = "".join(w + g for w, g in parts)
    gaz = small_gazetteer()
    tokens = Tokens(text)
    got = {(h.i, h.j, h.kind, tuple(map(repr, h.entries))) for h in L._scan(tokens, gaz)}
    want = set()
    n_tok = len(tokens.keys)
    for i in range(n_tok):
        for j in range(i, n_tok):
            n = gaz.find(" ".join(tokens.keys[i : j + 1]))
            if n is None or not (tokens.is_cap[i] and tokens.is_cap[j]):
                continue
            gaps = [text[tokens.ends[k] : tokens.starts[k + 1]] for k in range(i, j)]
            if any(L._BREAK.search(g) for g in gaps):
                continue
            for kind, group in gaz.groups(n):
                want.add((i, j, kind, tuple(map(repr, group))))
    assert got == want


# ------------------------------------------------------------------------------------------
# the season of an undated story, the patterns, position words

careers_st = st.lists(
    st.tuples(st.integers(1990, 2026), st.integers(0, 8), st.integers(-2, 15)).map(
        lambda t: (t[0], t[0] + t[1], t[0] + t[1] + t[2])
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(careers_st)
def test_season_count_by_steps_is_the_sum(careers: list[tuple[int, int, int]]) -> None:
    latest = 2025
    lo = min(a for a, _, _ in careers)
    hi = min(max(c for _, _, c in careers), latest + 1)

    def weight(y: int) -> float:
        return sum(1.0 if b <= y <= c else 0.5 if a <= y < b else 0.0 for a, b, c in careers)

    counts = {y: weight(y) for y in range(lo, max(lo, hi) + 1)}
    top = max(counts.values())
    want = min([y for y, n in counts.items() if n == top][0], latest)
    from hotstove.records import Article

    story = Article(id="x", source="x", title="t", text="t\nno years here", body_start=2)
    assert L.article_year(story, latest, careers) == want


OLD_YEAR = re.compile(r"\b(18[7-9]\d|19\d\d|20\d\d)\b")
OLD_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s+(?=[\"'‘“(]*[A-Z0-9])|\n\s*")
PUNCT = st.text(alphabet=st.sampled_from(list("12890 a.\n!?\"'’”)(‘“A١x_")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(st.one_of(PUNCT, st.text(max_size=40)))
def test_patterns_match_as_written_before(text: str) -> None:
    assert [m.span() for m in L._YEAR.finditer(text)] == [m.span() for m in OLD_YEAR.finditer(text)]
    assert [m.end() for m in L._SENTENCE_END.finditer(text)] == [
        m.end() for m in OLD_SENTENCE_END.finditer(text)
    ]


POSITIONAL = st.lists(
    st.sampled_from(["catcher", "catchers", "first", "base", "baseman", "behind", "the", "plate",
                     "Smith", "right", "hander", "aces", "ace", "outfield", "outfielder"]),
    max_size=25,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(POSITIONAL, st.integers(0, 24), st.integers(0, 3))
def test_position_cues_are_the_window_rule(words: list[str], i: int, width: int) -> None:
    tokens = Tokens(" ".join(words))
    n_tok = len(tokens.keys)
    if not n_tok:
        return
    i = min(i, n_tok - 1)
    j = min(i + width, n_tok - 1)
    lo, hi = max(0, i - 6), min(n_tok, j + 7)
    joined = " " + " ".join(tokens.keys[lo:hi]) + " "
    want: set[str] = set()
    for w, pos in L.POSITION_WORDS.items():
        if f" {w} " in joined or f" {w}s " in joined:
            want |= pos
    assert L._position_cues(L._position_spots(tokens), n_tok, i, j) == want
