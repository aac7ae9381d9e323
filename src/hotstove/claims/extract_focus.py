"""Who a number is about: sentences, the names and pronouns in them, and the player in focus.

A number belongs to the last anchor before it in its sentence: a linked player's mention, a
pronoun ("he", "his"), or a descriptor ("the 24-year-old", "the catcher", "The Dodgers' catcher").
A pronoun or descriptor means the sentence's subject when that is a player named before it, else
the player in focus carried from the sentences before (the last sentence's player subject, or
the last player it named). A number with no anchor before it ("Over 53 games, he slashed ...")
goes to the sentence's subject, else to the player in focus. A club or non-player person as the
sentence's subject with no player anchor between ("The Cubs won 92 games") owns the number: it
is not about a player.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from hotstove.records import LinkedArticle

_ABBREV = {
    "jr", "sr", "st", "no", "nos", "mr", "dr", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "vs", "p.m", "a.m", "ft", "mt", "gen", "lt", "u.s",
}  # fmt: skip
_SENT_END = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“(‘]?[A-Z0-9])|\n\s*\n|\n")
_PRONOUN = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)
_ROLE = (
    r"(?:\d{2}-year-old|veteran|right-hander|left-hander|righty|lefty|southpaw|catcher|"
    r"infielder|outfielder|slugger|first baseman|second baseman|third baseman|shortstop|"
    r"center fielder|left fielder|right fielder|reliever|closer|starter|rookie|youngster|"
    r"backstop|utilityman|utility man|hurler|ace|designated hitter|two-way star)"
)
_DESCRIPTOR = re.compile(
    rf"\b[Tt]he\s+(?:[A-Z][\w.]*(?:\s[A-Z][\w.]*)*['’]s?\s+)?(?:[\w-]+\s+)?{_ROLE}\b"
)
_MODIFIER = re.compile(r"['’]?s?\s+(?:trade|deal|era|signing|extension|contract|sweepstakes)\b")
_INTRO = re.compile(
    r"^(?:After|When|Before|Although|Though|While|If|As|Since|Until|Once|In|Over|At|For|With|"
    r"Along|Despite|Between|During|Across|Through|By|Then|Still|Yet|And|But|So|Now|Instead|"
    r"Meanwhile|Offensively|Defensively)\b[^,]{0,90},\s*"
)


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    kind: str  # "player", "person", "club", "pronoun", "descriptor"
    player: int | None = None  # index into linked.players


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    anchors: list[Anchor]
    subject: Anchor | None
    carried_in: int | None  # player in focus entering the sentence

    def owner(self, pos: int) -> tuple[int | None, str]:
        """The player a number at ``pos`` is about, and how it was decided."""
        before = [a for a in self.anchors if a.end <= pos and a.kind not in {"club", "person"}]
        if before:
            last = before[-1]
            if last.kind == "player":
                return last.player, "named"
            if last.kind in {"person", "club"}:
                return None, f"about a {'non-player' if last.kind == 'person' else 'club'}"
            return self._resolve(last), last.kind
        subj = self.subject
        if subj is not None and subj.kind == "player":
            return subj.player, "subject"
        if subj is not None and subj.kind in {"person", "club"} and subj.start < pos:
            return None, f"about a {'non-player' if subj.kind == 'person' else 'club'}"
        return self.carried_in, "in focus"

    def _resolve(self, a: Anchor) -> int | None:
        subj = self.subject
        if subj is not None and subj.kind == "player" and subj.end <= a.start:
            return subj.player
        if subj is not None and subj.kind in {"pronoun", "descriptor"}:
            return self.carried_in
        players = [x for x in self.anchors if x.kind == "player" and x.end <= a.start]
        if players and (subj is None or subj.kind != "player"):
            return players[-1].player
        return self.carried_in

    def carried_out(self) -> int | None:
        subj = self.subject
        if subj is not None and subj.kind == "player":
            return subj.player
        if subj is not None and subj.kind in {"pronoun", "descriptor"}:
            return self.carried_in
        players = [x for x in self.anchors if x.kind == "player"]
        return players[-1].player if players else self.carried_in


def split_sentences(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 8) : m.start()])
            w = word.group(1).lower() if word else ""
            if w in _ABBREV or re.fullmatch(r"[a-z]|(?:[a-z]\.)+[a-z]", w):
                continue
        end = m.end()
        if text[start:end].strip():
            out.append((start, end))
        start = end
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def build_sentences(linked: LinkedArticle) -> list[Sentence]:
    text = linked.article.text
    raw: list[Anchor] = []
    for i, p in enumerate(linked.players):
        for m in p.mentions:
            # "the John Doe trade", "the Jim Roe deal": a name used as a modifier
            if _MODIFIER.match(text, m.end):
                continue
            raw.append(Anchor(m.start, m.end, "player", i))
    for person in linked.people:
        raw += [Anchor(m.start, m.end, "person") for m in person.mentions]
    for c in linked.clubs:
        raw += [Anchor(m.start, m.end, "club") for m in c.mentions]
    raw += [Anchor(m.start(), m.end(), "pronoun") for m in _PRONOUN.finditer(text)]
    raw += [Anchor(m.start(), m.end(), "descriptor") for m in _DESCRIPTOR.finditer(text)]
    # a name inside a descriptor or a longer name wins; drop anchors nested in another
    raw.sort(key=lambda a: (a.start, -(a.end - a.start)))
    anchors: list[Anchor] = []
    for a in raw:
        if anchors and a.start < anchors[-1].end:
            prev = anchors[-1]
            if prev.kind == "descriptor" and a.kind == "player":
                anchors[-1] = a  # "the catcher Jane Doe": the name
            continue
        anchors.append(a)
    starts = [a.start for a in anchors]
    sentences: list[Sentence] = []
    carried: int | None = None
    for s, e in split_sentences(text):
        lo, hi = bisect_right(starts, s - 1), bisect_right(starts, e - 1)
        inside = anchors[lo:hi]
        body = text[s:e]
        lead = len(body) - len(body.lstrip(' \t\n"“(‘-–—'))
        intro = _INTRO.match(body[lead:])
        main = s + lead + (intro.end() if intro else 0)
        subject = next((a for a in inside if a.start >= main), None)
        if subject is not None and subject.start - main > 30:
            subject = None
        sent = Sentence(s, e, inside, subject, carried)
        sentences.append(sent)
        carried = sent.carried_out()
    return sentences
