"""Word tokens of an article with their spans, and the normal form the name index is keyed by.

The normal form matches ``hotstove.kb.names.name_key`` for names written in running text: ASCII,
lower case, apostrophes dropped (O'Neill -> oneill), a possessive 's dropped (Doe's ->
rushing), hyphens and other punctuation as word breaks (Kiner-Falefa -> kiner falefa), and dotted
initials joined (J.T. / J. T. -> jt). ``Tokens.norm`` joins the token keys with single spaces, so
a multi-word key found in it by the automaton maps back to a span of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, compress, pairwise
from operator import add
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
    """The tokens of a text and the joined normal form with offsets back to tokens.

    ``caps`` lists the indexes of capitalized tokens and ``name_pairs`` the indexes ``n`` where
    tokens ``n`` and ``n + 1`` are both capitalized, neither all capitals, one space apart: the
    only places a "First Last" name can start.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        cols = _columns(text)
        if cols is None:  # a word whose key is empty or spaced: the token-by-token rules
            toks = _tokens_slow(text)
            starts = [t.start for t in toks]
            ends = [t.end for t in toks]
            keys = [t.key for t in toks]
            caps = [t.cap for t in toks]
            uppers = [t.upper for t in toks]
            self.norm = norm = " ".join(keys)
        else:
            starts, ends, keys, caps, uppers, norm = cols
            toks = list(map(Token, starts, ends, keys, caps, uppers))
            self.norm = norm
        self.tokens = toks
        n_tok = len(toks)
        # offsets of each key in ``norm``: the lengths of the keys before it, plus one space each
        cum = list(accumulate(map(len, keys), initial=0))
        self._starts = dict(zip(map(add, cum, range(n_tok)), range(n_tok), strict=True))
        self._ends = dict(zip(map(add, cum[1:], range(n_tok)), range(n_tok), strict=True))
        capidx = list(compress(range(n_tok), caps))
        self.caps = capidx
        self.name_pairs = [
            n for n, m in pairwise(capidx)
            if m == n + 1 and not uppers[n] and not uppers[m] and ends[n] + 1 == starts[m]
            and text[ends[n]] == " "
        ]  # fmt: skip

    def token_range(self, norm_start: int, norm_end: int) -> tuple[int, int] | None:
        """Token indexes [i, j] of a match in ``norm`` aligned with token boundaries, else None."""
        i = self._starts.get(norm_start)
        j = self._ends.get(norm_end)
        if i is None or j is None:
            return None
        return i, j

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.tokens[i].start, self.tokens[j].end


@lru_cache(maxsize=65536)
def text_key(text: str) -> str:
    """The normal form of a short string, by the same rules as article text."""
    return Tokens(text).norm


_GROUP = re.Match.group
_SPAN = re.Match.span
# where two dotted initials may begin ("J.T.", "J. T."): a superset of the runs the rules join
_INITIALS = re.compile(r"(?=[^\W_]\.\s?[^\W_]\.)")
_POSSESSIVE_ENDS = frozenset(a + s for a in "'\u2019" for s in "sS\u017f")  # what _POSSESSIVE finds


def _columns(
    text: str,
) -> tuple[list[int], list[int], list[str], list[bool], list[bool], str] | None:
    """The tokens of ``text`` as columns (starts, ends, keys, caps, uppers) and the normal form,
    computed a column at a time; None when a key is empty or holds a space (then the
    token-by-token rules of :func:`_tokens_slow` apply)."""
    ms = list(_WORD.finditer(text))
    words = list(map(_GROUP, ms))
    spans = list(map(_SPAN, ms))
    joined: dict[int, tuple[int, int, str]] = {}  # first raw index -> (last raw index, end, key)
    if "." in text:
        raw_starts = [sp[0] for sp in spans]
        n_raw = len(ms)
        upto = -1
        for cm in _INITIALS.finditer(text):
            i = bisect_left(raw_starts, cm.start())
            if i <= upto or i >= n_raw or raw_starts[i] != cm.start():
                continue
            word = words[i]
            end = spans[i][1]
            if not (len(word) == 1 and text[end : end + 1] == "." and word.isalpha()):
                continue
            j = i
            letters = [word]
            last_end = end + 1
            while j + 1 < n_raw:
                w2 = words[j + 1]
                s2, e2 = spans[j + 1]
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
    if "'" in text or "\u2019" in text:
        for n, w in enumerate(words):
            if w[-2:] in _POSSESSIVE_ENDS and len(w) >= 4:  # "Doe's"; "A's" and "O's" stay
                words[n] = w[:-2]
                spans[n] = (spans[n][0], spans[n][1] - 2)
    keys = list(map(word_key, words))
    if joined:
        for i in sorted(joined, reverse=True):
            j, last_end, key = joined[i]
            words[i : j + 1] = ["J.T."]  # any all-capitals word: a joined token is cap and upper
            spans[i : j + 1] = [(spans[i][0], last_end)]
            keys[i : j + 1] = [key]
    norm = " ".join(keys)
    if "" in keys or norm.count(" ") != len(keys) - 1:
        return None
    starts = [sp[0] for sp in spans]
    ends = [sp[1] for sp in spans]
    uppers = [u and len(w) > 1 for w, u in zip(words, map(str.isupper, words), strict=True)]
    caps = [
        k in PARTICLES if low else (up or any(map(str.isupper, w)) or k in PARTICLES)
        for w, k, low, up in zip(words, keys, map(str.islower, words), uppers, strict=True)
    ]  # fmt: skip
    return starts, ends, keys, caps, uppers, norm


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
