"""Article tokens and their normal form: the keys the name index is searched with.

Every token keeps its span in the original text, so whatever the linker finds in the joined
normal form points back at the words the writer typed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotstove.linking.text import Tokens, text_key


def keys(text: str) -> list[str]:
    return [t.key for t in Tokens(text).tokens]


def spans(text: str) -> list[str]:
    return [text[t.start : t.end] for t in Tokens(text).tokens]


# ------------------------------------------------------------------------------------------
# the normal form


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("J.T. Realmuto", "jt realmuto"),
        ("J. T. Realmuto", "jt realmuto"),
        ("JT Realmuto", "jt realmuto"),
        ("jt realmuto", "jt realmuto"),
        ("A.J. Preller", "aj preller"),
        ("Paul O'Neill", "paul oneill"),
        ("Paul O’Neill", "paul oneill"),  # a typographic apostrophe is the same
        ("Travis d'Arnaud", "travis darnaud"),
        ("Isiah Kiner-Falefa", "isiah kiner falefa"),
        ("Carlos Narváez", "carlos narvaez"),
        ("Teoscar Hernández", "teoscar hernandez"),
        ("Ronald Acuña Jr.", "ronald acuna jr"),
        ("José Ramírez", "jose ramirez"),
        ("Yoán Moncada", "yoan moncada"),
    ],
)
def test_name_forms_have_one_key(written: str, key: str) -> None:
    assert Tokens(written).norm == key
    assert text_key(written) == key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Rushing's", "rushing"),
        ("Rushing’s", "rushing"),
        ("O'Neill's", "oneill"),
        ("Narváez's", "narvaez"),
        ("the Dodgers' catcher", "the dodgers catcher"),
    ],
)
def test_possessive_is_dropped(written: str, key: str) -> None:
    assert Tokens(written).norm == key


@pytest.mark.parametrize(("written", "key"), [("A's", "as"), ("O's", "os"), ("the A’s", "the as")])
def test_short_club_names_keep_their_s(written: str, key: str) -> None:
    """ "A's" (the Athletics) and "O's" (the Orioles) are names, not possessives."""
    assert Tokens(written).norm == key


def test_possessive_span_excludes_the_s() -> None:
    text = "Amid some of Rushing's growing pains"
    toks = Tokens(text).tokens
    rushing = next(t for t in toks if t.key == "rushing")
    assert text[rushing.start : rushing.end] == "Rushing"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "veteran backstops like J.T. Realmuto and",
            ["veteran", "backstops", "like", "J.T.", "Realmuto", "and"],
        ),
        ("J. T. Realmuto", ["J. T.", "Realmuto"]),
        ("Isiah Kiner-Falefa's glove", ["Isiah", "Kiner", "Falefa", "glove"]),
        ("  Carlos Narváez\n", ["Carlos", "Narváez"]),
        ("MIAMI -- The Marlins", ["MIAMI", "The", "Marlins"]),
    ],
)
def test_spans_map_back_to_the_original_text(text: str, words: list[str]) -> None:
    assert spans(text) == words


def test_span_of_a_multi_token_match() -> None:
    """A key found in ``norm`` maps back, through ``token_range`` and ``span``, to the words."""
    text = "Boston explored signing veteran backstops like J. T. Realmuto before he re-signed."
    tokens = Tokens(text)
    start = tokens.norm.index("jt realmuto")
    rng = tokens.token_range(start, start + len("jt realmuto"))
    assert rng is not None
    a, b = tokens.span(*rng)
    assert text[a:b] == "J. T. Realmuto"


def test_token_range_rejects_a_match_inside_a_word() -> None:
    tokens = Tokens("Mookie Betts")
    start = tokens.norm.index("ookie")
    assert tokens.token_range(start, start + len("ookie betts")) is None
    assert tokens.token_range(0, len("mookie bet")) is None


def test_capitals() -> None:
    toks = {t.key: t for t in Tokens("MIAMI -- the Red Sox and deGrom, per de la Cruz").tokens}
    assert toks["miami"].upper and toks["miami"].cap
    assert not toks["the"].cap
    assert toks["red"].cap and not toks["red"].upper
    assert toks["degrom"].cap  # a capital inside the word counts
    assert toks["de"].cap and toks["la"].cap  # particles belong to names
    assert not toks["per"].cap


def test_empty_and_punctuation_only() -> None:
    for text in ("", "   ", "-- ... !!", "'", "’s"):
        tokens = Tokens(text)
        assert tokens.tokens == [] or all(t.key for t in tokens.tokens)
        assert tokens.norm == " ".join(t.key for t in tokens.tokens)


# ------------------------------------------------------------------------------------------
# properties over any text

NAMEISH = st.text(alphabet=st.sampled_from(list("AJTOaeinrsz'’.-  \nÁéñüçøßŁ'sxJ.")), max_size=40)
ANY_TEXT = st.one_of(st.text(max_size=80), NAMEISH)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_tokens_never_raise_and_keys_come_from_spans(text: str) -> None:
    tokens = Tokens(text)
    assert tokens.norm == " ".join(t.key for t in tokens.tokens)
    prev_end = 0
    for t in tokens.tokens:
        assert 0 <= prev_end <= t.start < t.end <= len(text)  # in order, never overlapping
        prev_end = t.end
        assert text_key(text[t.start : t.end]) == t.key


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_token_range_of_each_token_is_that_token(text: str) -> None:
    tokens = Tokens(text)
    pos = 0
    for idx, t in enumerate(tokens.tokens):
        assert tokens.norm[pos : pos + len(t.key)] == t.key
        assert tokens.token_range(pos, pos + len(t.key)) == (idx, idx)
        assert tokens.span(idx, idx) == (t.start, t.end)
        pos += len(t.key) + 1
