"""Word tokens of an article with their spans, and the normal form the name index is keyed by.

The normal form matches ``hotstove.kb.names.name_key`` for names written in running text: ASCII,
lower case, apostrophes dropped (O'Neill -> oneill), a possessive 's dropped (Doe's ->
rushing), hyphens and other punctuation as word breaks (Kiner-Falefa -> kiner falefa), and dotted
initials joined (J.T. / J. T. -> jt). ``Tokens.norm`` joins the token keys with single spaces, so
a multi-word key found in it by the automaton maps back to a span of the original text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, compress, pairwise
from operator import add, sub
from typing import NamedTuple

from anyascii import anyascii

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’]")
PARTICLES = frozenset({"de", "del", "la", "le", "da", "di", "dos", "das", "van", "von", "y", "st"})


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    return _APOSTROPHE.sub("", anyascii(word).lower())


class Token(NamedTuple):
    start: int  # span in the original text
    end: int
    key: str  # normal form
    cap: bool  # written with a capital (or a particle such as "de")
    upper: bool  # all capitals (datelines, acronyms)


class Tokens:
    """The tokens of a text as columns, and their joined normal form.

    Token ``n`` spans ``text[starts[n]:ends[n]]`` and has the normal form ``keys[n]``;
    ``is_cap[n]`` says it is written with a capital (or is a particle such as "de") and
    ``is_upper[n]`` that it is all capitals. ``caps`` lists the indexes of capitalized tokens and
    ``name_pairs`` the indexes ``n`` where tokens ``n`` and ``n + 1`` are both capitalized,
    neither all capitals, one space apart: the only places a "First Last" name can start.
    ``spaced`` says some key holds a space (then a key is more than one word of ``norm``).
    ``tokens`` gives the same as :class:`Token` tuples.
    """

    __slots__ = (
        "text", "norm", "starts", "ends", "keys", "is_cap", "is_upper", "caps", "name_pairs",
        "spaced", "_tokens", "_offsets",
    )  # fmt: skip

    def __init__(self, text: str) -> None:
        self.text = text
        cols = _columns(text)
        if cols is None:  # a word whose key is empty or spaced: the token-by-token rules
            toks = _tokens_slow(text)
            self.starts = starts = [t.start for t in toks]
            self.ends = ends = [t.end for t in toks]
            self.keys = [t.key for t in toks]
            self.is_cap = caps = [t.cap for t in toks]
            self.is_upper = uppers = [t.upper for t in toks]
            self.norm = " ".join(self.keys)
            self.spaced = any(" " in k for k in self.keys)  # a key of more than one word
            self._tokens: list[Token] | None = toks
        else:
            starts, ends, self.keys, caps, uppers, self.norm = cols
            self.starts, self.ends, self.is_cap, self.is_upper = starts, ends, caps, uppers
            self.spaced = False
            self._tokens = None
        self._offsets: tuple[dict[int, int], dict[int, int]] | None = None
        self.caps = capidx = list(compress(range(len(caps)), caps))
        self.name_pairs = [
            n for n, m in pairwise(capidx)
            if m == n + 1 and not uppers[n] and not uppers[m] and ends[n] + 1 == starts[m]
            and text[ends[n]] == " "
        ]  # fmt: skip

    @property
    def tokens(self) -> list[Token]:
        """The tokens as :class:`Token` tuples (built on first use)."""
        if self._tokens is None:
            self._tokens = list(
                map(Token, self.starts, self.ends, self.keys, self.is_cap, self.is_upper)
            )
        return self._tokens

    def token_range(self, norm_start: int, norm_end: int) -> tuple[int, int] | None:
        """Token indexes [i, j] of a match in ``norm`` aligned with token boundaries, else None."""
        if self._offsets is None:
            # offsets of each key in ``norm``: the lengths of the keys before it, one space each
            n_tok = len(self.keys)
            cum = list(accumulate(map(len, self.keys), initial=0))
            self._offsets = (
                dict(zip(map(add, cum, range(n_tok)), range(n_tok), strict=False)),
                dict(zip(map(add, cum[1:], range(n_tok)), range(n_tok), strict=True)),
            )
        i = self._offsets[0].get(norm_start)
        j = self._offsets[1].get(norm_end)
        if i is None or j is None:
            return None
        return i, j

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.starts[i], self.ends[j]


@lru_cache(maxsize=65536)
def text_key(text: str) -> str:
    """The normal form of a short string, by the same rules as article text."""
    return Tokens(text).norm


# the word pattern with its match kept: split() gives gap, word, gap, word, ..., gap
_SPLIT = re.compile(f"({_WORD.pattern})", re.UNICODE)
_POSSESSIVE_ENDS = frozenset(a + s for a in "'\u2019" for s in "sS\u017f")  # what _POSSESSIVE finds


_WORD_INFO: dict[str, tuple[str, bool, bool, int]] = {}  # word -> _word_info(word), as met
_WORD_INFO_MAX = 1 << 18  # words kept before the memo starts over


def _word_info(word: str) -> tuple[str, bool, bool, int]:
    """Key, capitalized, all capitals, and how many characters a possessive ending cuts off
    ("Doe's" -> 2; "A's" and "O's" stay whole) of one word as the pattern finds it."""
    cut = 2 if len(word) >= 4 and word[-2:] in _POSSESSIVE_ENDS else 0
    if cut:
        word = word[:-2]
    key = word_key(word)
    upper = word.isupper() and len(word) > 1
    if word.islower():
        cap = key in PARTICLES
    else:
        cap = upper or any(map(str.isupper, word)) or key in PARTICLES
    return key, cap, upper, cut


def _columns(
    text: str,
) -> tuple[list[int], list[int], list[str], list[bool], list[bool], str] | None:
    """The tokens of ``text`` as columns (starts, ends, keys, caps, uppers) and the normal form,
    computed a column at a time; None when a key is empty or holds a space (then the
    token-by-token rules of :func:`_tokens_slow` apply)."""
    parts = _SPLIT.split(text)
    words = parts[1::2]
    if not words:
        return [], [], [], [], [], ""
    cum = list(accumulate(map(len, parts), initial=0))
    starts = cum[1:-1:2]
    ends = cum[2::2]
    infos = list(map(_WORD_INFO.get, words))  # one probe a word; a new word is worked out once
    if None in infos:
        if len(_WORD_INFO) > _WORD_INFO_MAX:
            _WORD_INFO.clear()
        for n, info in enumerate(infos):
            if info is None:
                infos[n] = _WORD_INFO[words[n]] = _word_info(words[n])
    keys_t, caps_t, uppers_t, cuts = zip(*infos, strict=True)
    keys, caps, uppers = list(keys_t), list(caps_t), list(uppers_t)
    if any(cuts):
        ends = list(map(sub, ends, cuts))
    if "." in text:
        _join_initials(text, words, starts, ends, keys, caps, uppers)
    norm = " ".join(keys)
    if "" in keys or norm.count(" ") != len(keys) - 1:
        return None
    return starts, ends, keys, caps, uppers, norm


def _join_initials(
    text: str, words: list[str], starts: list[int], ends: list[int], keys: list[str],
    caps: list[bool], uppers: list[bool],
) -> None:  # fmt: skip
    """Dotted initials ("J.T.", "J. T.") as one token, in place: capitalized and all capitals."""
    joined: dict[int, tuple[int, int, str]] = {}  # first raw index -> (last raw index, end, key)
    n_raw = len(words)
    upto = -1
    for i in compress(range(n_raw), map((1).__eq__, map(len, words))):  # one-letter words
        if i <= upto:
            continue
        word = words[i]
        end = ends[i]
        if not (len(word) == 1 and text[end : end + 1] == "." and word.isalpha()):
            continue
        j = i
        letters = [word]
        last_end = end + 1
        while j + 1 < n_raw:
            w2 = words[j + 1]
            s2, e2 = starts[j + 1], ends[j + 1]
            gap = text[last_end:s2]
            if (len(w2) == 1 and w2.isalpha() and gap.strip() == "" and len(gap) <= 1
                    and text[e2 : e2 + 1] == "."):  # fmt: skip
                letters.append(w2)
                last_end = e2 + 1
                j += 1
            else:
                break
        if len(letters) > 1:
            joined[i] = (j, last_end, word_key("".join(letters)))
            upto = j
    for i in sorted(joined, reverse=True):
        j, last_end, key = joined[i]
        ends[i : j + 1] = [last_end]
        del starts[i + 1 : j + 1]
        keys[i : j + 1] = [key]
        caps[i : j + 1] = [True]  # any all-capitals word, as "J.T." is
        uppers[i : j + 1] = [True]


def _tokens_slow(text: str) -> list[Token]:
    """The tokens of ``text``, a word at a time."""
    toks: list[Token] = []
    raw = list(_WORD.finditer(text))
    i = 0
    while i < len(raw):
        m = raw[i]
        word, start, end = m.group(), m.start(), m.end()
        # dotted initials: "J.T." or "J. T." -> one token "jt"
        if len(word) == 1 and word.isalpha() and text[end : end + 1] == ".":
            j = i
            letters = [word]
            last_end = end + 1
            while j + 1 < len(raw):
                n = raw[j + 1]
                gap = text[last_end : n.start()]
                if (len(n.group()) == 1 and n.group().isalpha() and gap.strip() == ""
                        and len(gap) <= 1 and text[n.end() : n.end() + 1] == "."):  # fmt: skip
                    letters.append(n.group())
                    last_end = n.end() + 1
                    j += 1
                else:
                    break
            if len(letters) > 1:
                key = word_key("".join(letters))
                toks.append(Token(start, last_end, key, True, True))
                i = j + 1
                continue
        pos = _POSSESSIVE.search(word)
        if pos and pos.start() >= 2:  # "Doe's" -> "Doe"; "A's" and "O's" stay
            word = word[: pos.start()]
            end = start + len(word)
        key = word_key(word)
        if key:
            cap = word[:1].isupper() or any(c.isupper() for c in word[1:]) or key in PARTICLES
            toks.append(Token(start, end, key, cap, word.isupper() and len(word) > 1))
        i += 1
    return toks
