"""Word tokens of an article with their spans, and the normal form the name index is keyed by.

The normal form matches ``hotstove.kb.names.name_key`` for names written in running text: ASCII,
lower case, apostrophes dropped (O'Neill -> oneill), a possessive 's dropped (Rushing's ->
rushing), hyphens and other punctuation as word breaks (Kiner-Falefa -> kiner falefa), and dotted
initials joined (J.T. / J. T. -> jt). ``Tokens.norm`` joins the token keys with single spaces, so
a multi-word key found in it by the automaton maps back to a span of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’]")
PARTICLES = frozenset({"de", "del", "la", "le", "da", "di", "dos", "das", "van", "von", "y", "st"})


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    return _APOSTROPHE.sub("", anyascii(word).lower())


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # span in the original text
    end: int
    key: str  # normal form
    cap: bool  # written with a capital (or a particle such as "de")
    upper: bool  # all capitals (datelines, acronyms)


class Tokens:
    """The tokens of a text and the joined normal form with offsets back to tokens."""

    def __init__(self, text: str) -> None:
        self.text = text
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
            if pos and pos.start() >= 2:  # "Rushing's" -> "Rushing"; "A's" and "O's" stay
                word = word[: pos.start()]
                end = start + len(word)
            key = word_key(word)
            if key:
                cap = word[:1].isupper() or any(c.isupper() for c in word[1:]) or key in PARTICLES
                toks.append(Token(start, end, key, cap, word.isupper() and len(word) > 1))
            i += 1
        self.tokens = toks
        parts: list[str] = []
        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        pos_ = 0
        for idx, tok in enumerate(toks):
            starts[pos_] = idx
            parts.append(tok.key)
            pos_ += len(tok.key)
            ends[pos_] = idx
            pos_ += 1
        self.norm = " ".join(parts)
        self._starts = starts
        self._ends = ends

    def token_range(self, norm_start: int, norm_end: int) -> tuple[int, int] | None:
        """Token indexes [i, j] of a match in ``norm`` aligned with token boundaries, else None."""
        i = self._starts.get(norm_start)
        j = self._ends.get(norm_end)
        if i is None or j is None:
            return None
        return i, j

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.tokens[i].start, self.tokens[j].end


def text_key(text: str) -> str:
    """The normal form of a short string, by the same rules as article text."""
    return Tokens(text).norm
