"""Roster moves in a story or a transaction-wire line: who, from where, to where, what, how far.

    LinkedArticle --extract_moves--> [Move]        wire line --parse_wire_line--> [Move]

One reader understands both. A text is cut into sentences; each sentence becomes a stream of
entities (players, clubs, reporters, executives) over its words; a verb lexicon finds the
*actions* in it (``traded``, ``acquired``, ``signed with``, ``claimed off waivers``,
``designated for assignment``, ``released``, ``non-tendered``, an extension) and the *rumor
cues* (``interested``, ``checked in``, ``in talks``, ``agreed``, ``pending a physical``). Each
action reads its clause by role: the club before the verb acts, ``to``/``from``/``by``/``with``
name the other club, the players after the verb are moved, the players after ``for`` (or
``sending``, ``giving up``) go the other way. The tense of the verb and the words around it give
the status: a past action is completed; an agreement is an agreement; interest and talks come
from their cues; the writer's own ideas ("should", "in my view") are speculation; denials are
denied; hedged and negated cues ("no indication they are open to trading him") are dropped.

A player's current club, where the sentence does not name it, comes from the article: a club
written as his attribute ("Dodgers catcher John Doe", "the Dodgers' top prospect"), else
the club named most often with him, else (for a trade rumor) the article's most named other club.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from hotstove.records import LinkedArticle, Move, MoveKind, MoveStatus

__all__ = ["extract_moves", "parse_wire_line", "Resolver"]

Resolver = Callable[[str, "str | None", "int | None"], Any]
"""``resolve(name, club_code, season)`` -> a player (``LinkedPlayer``-like: ``bbref``, ``mlbam``,
``person_id``, ``name`` attributes, or a dict with those keys), a bare id string, or None."""

EntKind = Literal["player", "club", "reporter", "staff"]


@dataclass(frozen=True, slots=True)
class _Ent:
    start: int  # offsets into the sentence text
    end: int
    kind: EntKind
    key: str  # player key (person_id / id), club code, or person name
    attr: str | None = None  # a staff member's club; a reporter's outlet


@dataclass(frozen=True, slots=True)
class _PlayerRef:
    key: str
    player: str | None
    person_id: str | None
    name: str


@dataclass(slots=True)
class _Sentence:
    start: int  # offset into the document
    text: str
    ents: list[_Ent]
    para: int

    def players(self, lo: int = 0, hi: int | None = None) -> list[_Ent]:
        hi = len(self.text) if hi is None else hi
        return [e for e in self.ents if e.kind == "player" and lo <= e.start < hi]

    def clubs(self, lo: int = 0, hi: int | None = None) -> list[_Ent]:
        hi = len(self.text) if hi is None else hi
        return [e for e in self.ents if e.kind == "club" and lo <= e.start < hi]


@dataclass(slots=True)
class _Doc:
    sentences: list[_Sentence]
    refs: dict[str, _PlayerRef]
    free_agents: set[str] = field(default_factory=set)
    home: dict[str, str] = field(default_factory=dict)  # player key -> attributed club
    club_counts: Counter[str] = field(default_factory=Counter)
    cooccur: dict[str, Counter[str]] = field(default_factory=dict)


# --- the lexicon --------------------------------------------------------------------------------

# Actions: (regex, kind, direction, tense). Direction says how the clause's clubs are read:
#   "send": the acting club gives the players up (to -> the club after "to")
#   "get": the acting club receives the players (from -> the club after "from")
#   "go": the player is the subject and goes "to" a club
#   "come": the player comes "over" to the acting/focus club
#   "nominal": "the John Doe trade" names the trade by a player in it
_W = r"(?<![\w-])"
_E = r"(?![\w-])"

_ACTIONS: list[tuple[str, MoveKind, str]] = [
    # waivers first: "claimed ... off waivers" is not a signing
    (
        r"claim(?:ed|s|ing)?\b[^.;]{0,80}?\boff (?:of )?waivers|"
        r"put in a claim(?: and got \w+ back)?|waiver claim",
        "waiver_claim",
        "get",
    ),
    (
        r"designat(?:ed|es|e|ing)\b[^.;]{0,80}?\bfor assignment|designated again|"
        r"designated(?! hitter)|\bDFA(?:'d|ed)?",
        "designated",
        "drop",
    ),
    (r"non-?tender(?:ed|s|ing)?", "other", "drop"),
    (r"releas(?:ed|es|e|ing)", "release", "drop"),
    (r"extension|extend(?:ed|s|ing)?\b|lock(?:ed|s|ing)? up", "extension", "extend"),
    (r"re-sign(?:ed|s|ing)?|sign(?:ed|s|ing)?|signing", "signing", "sign"),
    (r"accept(?:ed|s|ing)?\b[^.;]{0,60}?qualifying offer", "signing", "sign_subj"),
    (r"(?:finaliz|complet)(?:ed|es|ing) an? [^.;]{0,50}?(?:contract|deal) with", "signing", "sign"),
    (r"caught on with|catch(?:es)? on with", "signing", "sign_subj"),
    (r"agree(?:d|s)?\b|agreeing|agreement", "signing", "agree"),
    (r"(?:took|takes|take) an? [\w\s,$.-]{0,40}?(?:deal|contract)", "signing", "sign_subj"),
    (r"return(?:ed|s)? on an? [\w\s,$.-]{0,40}?(?:deal|contract)", "signing", "sign_subj"),
    (r"brought \w+(?: \w+)? back|bring(?:ing)? \w+(?: \w+)? back", "signing", "sign"),
    (
        r"traded|trades|trading|"
        r"trade(?! (?:deadline|talks|interest|rumou?rs|chip|market|questions?|candidate))|"
        r"dealt|deal(?:ing)? (?=\w)(?!with)|shipped|ships|flipped|flips|sent|sends|sending|send",
        "trade",
        "send",
    ),
    (r"moved (?=him\b|them\b|[A-Z])", "trade", "send"),
    (r"swap(?:ped|s)?", "trade", "swap"),
    (
        r"acquir(?:ed|es|e|ing)|landed|lands|land|\bgot\b(?! here)|\bgets\b|"
        r"\bget\b(?! here| there| better| healthy)|"
        r"received|receives|brought(?! \w+(?: \w+)? back)",
        "trade",
        "get",
    ),
    (r"reached (?=[A-Z])", "trade", "go"),
    (r"(?:is |was |are )?(?:headed|heading|goes|going|went) to|go(?:es)? to", "trade", "go"),
    (r"com(?:es|ing) to", "trade", "go"),
    (r"(?:came|coming|comes) over", "trade", "come"),
    (r"re-joined|rejoin(?:ed|s)?|went back to|came back to", "signing", "go"),
]
_ACTION_RES = [(re.compile(_W + "(?:" + rx + ")", re.I), kind, d) for rx, kind, d in _ACTIONS]

_PAST = re.compile(
    r"\b(?:\w+ed|sent|dealt|got|went|came|took|brought|was|were|had|flipped|landed|signed|re-signed)\b",
    re.I,
)
_PRESENT_DONE = re.compile(
    r"\b(?:gets|goes|comes|sends|trades|acquires|lands|signs|swap|swaps|heads|headed|is headed)\b",
    re.I,
)

_INTEREST = re.compile(
    _W + r"(?:interest(?:ed)?|target(?:s|ed|ing)?|check(?:ed|s|ing)? in|in on|eye(?:ing|d|s)|"
    r"kick(?:ed|ing|s)? the tires|pursu(?:it|e|ed|ing)|chas(?:ed|ing|e)|explor(?:e|es|ed|ing)|"
    r"met with|meet with|link(?:ed)? to|(?:a )?(?:logical|natural) (?:landing spot|fit)|"
    r"viewed [^.]{0,40}? as a fit|as a fit|asked (?:\w+ )?about|inquir(?:ed|ies|y)|"
    r"scout(?:ed|ing)|(?:in|on) (?:the|their) (?:radar|wish list)|"
    r"(?:looking|look|looked) (?:at|to add)|weighing)" + _E,
    re.I,
)
_TALKS = re.compile(
    _W + r"(?:in talks|talks|talked|talking|discuss(?:ed|ing|ions?)|negotiat\w*|engaged|"
    r"in contact|(?:made|make) an offer|offered|offer(?:s)?|attempt to keep|attempt to re-sign|"
    r"in discussions?|held discussions|been in contact|conversations?)" + _E,
    re.I,
)
_AGREE = re.compile(
    _W + r"(?:agreed|agree|agreement|agrees|pending (?:a|the) physical|finaliz(?:ing|e)|"
    r"close to (?:a )?deal|nearing|near a deal)" + _E,
    re.I,
)
_DENY = re.compile(
    _W + r"(?:den(?:y|ied|ies)|no truth|not true|shot down|refut\w+|rather than trad\w+|"
    r"would keep|will keep|not (?:be )?(?:traded|moved|going anywhere)|"
    r"(?:has|have) no (?:plans|intention) to trade)" + _E,
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:not been any indication|no indication|not clear (?:if|whether)|unclear (?:if|whether)|"
    r"no sign that|nothing to suggest|not (?:open|willing) to|no interest|not interested|"
    r"declined to say|would not comment|won't comment|did not rule|has not ruled)\b",
    re.I,
)
_SPECULATE = re.compile(
    r"\b(?:should|my own|in my view|my view|speculation|makes (?:more )?sense|would make sense|"
    r"idea|ought to|could|might|may ultimately|stand to benefit|"
    r"if (?:the|they|he)\b[^.]{0,40}\bdecide|"
    r"obvious next move|nobody has reported|no one has reported|nobody in the organization|"
    r"i would|i'd|here is)\b",
    re.I,
)
_RECALL = re.compile(
    r"\b(?:ago|last (?:year|season|winter|summer|month|week|june|july|december|november)|"
    r"in (?:19|20)\d\d|before the (?:19|20)\d\d season|"
    r"at the (?:(?:19|20)\d\d )?(?:trade )?deadline|"
    r"originally|since|already|earlier|back in|previously|once)\b",
    re.I,
)
_REPORTED = re.compile(
    r"\b(?:reported(?:ly)?|reports?|according to|per|had it first|broke)\b", re.I
)
_FOR = re.compile(
    _W + r"(?:in exchange for|in return for|for|sending|giving up|gave up|give up|"
    r"in a deal for|the other way)" + _E,
    re.I,
)
_NOMINAL = re.compile(r"(?:trade|deal|swap)s?" + _E, re.I)
_MONEY_FOR = re.compile(
    r"^\s*(?:cash|money|international|a player to be named|future|\$|a draft)", re.I
)

_PRONOUN = re.compile(
    _W + r"(?:he|him|his|the (?:veteran|left-hander|right-hander|slugger|"
    r"catcher|infielder|outfielder|reliever|closer|first baseman|third baseman|"
    r"shortstop|second baseman|center fielder|five-time [\w-]+ [\w-]+|"
    r"(?:\w+-)?time all-star [\w-]+))" + _E,
    re.I,
)

_ABBREV = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Jr|Sr|St|Mr|Dr|Ft|Mt|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|No|vs|"
    r"p\.m|a\.m|Inc|Co)\.)$"
)
_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(‘]?[A-Z0-9])")


# --- sentences ----------------------------------------------------------------------------------


def _sentences(text: str, start: int = 0) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of each sentence of ``text[start:]``."""
    out: list[tuple[int, int, int]] = []
    para = 0
    pos = start
    for block in re.split(r"(\n\s*\n|\n)", text[start:]):
        if not block or block.isspace():
            pos += len(block)
            if block.count("\n"):
                para += 1
            continue
        cuts = [0]
        for m in _SPLIT.finditer(block):
            if _ABBREV.search(block[: m.start()].rstrip('"”’)')):
                continue
            cuts.append(m.end())
        cuts.append(len(block))
        for a, b in zip(cuts, cuts[1:], strict=False):
            seg = block[a:b]
            lead = len(seg) - len(seg.lstrip())
            s, e = pos + a + lead, pos + a + len(seg.rstrip())
            if e > s:
                out.append((s, e, para))
        pos += len(block)
    return out


# --- from a linked article ----------------------------------------------------------------------


def _player_key(bbref: str | None, mlbam: int | None) -> str | None:
    if bbref:
        return bbref
    if mlbam:
        return str(mlbam)
    return None


def _doc_from_article(linked: LinkedArticle) -> _Doc:
    art = linked.article
    text = art.text
    spans: list[tuple[int, int, EntKind, str, str | None]] = []
    refs: dict[str, _PlayerRef] = {}
    for i, p in enumerate(linked.players):
        key = p.person_id or f"p{i}"
        refs[key] = _PlayerRef(key, _player_key(p.bbref, p.mlbam), p.person_id, p.name)
        for m in p.mentions:
            spans.append((m.start, m.end, "player", key, None))
    for c in linked.clubs:
        for m in c.mentions:
            spans.append((m.start, m.end, "club", c.code, None))
    for q in linked.people:
        kind: EntKind = "reporter" if q.role == "reporter" else "staff"
        attr = q.outlet if q.role == "reporter" else q.club
        for m in q.mentions:
            spans.append((m.start, m.end, kind, q.name, attr))
    spans.sort()
    sents: list[_Sentence] = []
    for s, e, para in _sentences(text, art.body_start):
        ents = [
            _Ent(a - s, b - s, k, key, attr) for a, b, k, key, attr in spans if s <= a and b <= e
        ]
        sents.append(_Sentence(s, text[s:e], _dedupe(ents), para))
    return _prepare(_Doc(sents, refs))


def _dedupe(ents: list[_Ent]) -> list[_Ent]:
    out: list[_Ent] = []
    for e in sorted(ents, key=lambda x: (x.start, -x.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


_ATTR_BEFORE = re.compile(
    r"^(?:'s?|’s?)?\s*(?:\w+[- ]){0,4}?(?:catcher|prospect|infielder|outfielder|pitcher|"
    r"left-hander|right-hander|reliever|closer|starter|shortstop|baseman|fielder|slugger|"
    r"utilityman|ace|star|veteran|lefty|righty)s?\b[^.;]{0,30}$",
    re.I,
)
_FREE_AGENT = re.compile(r"free[- ]agent|free agency|qualifying offer|opted out|posting", re.I)


def _prepare(doc: _Doc) -> _Doc:
    """Article-level facts: attributed clubs, co-occurrence, free agents, club counts."""
    for s in doc.sentences:
        for e in s.ents:
            if e.kind == "club":
                doc.club_counts[e.key] += 1
        clubs = {e.key for e in s.clubs()}
        for i, e in enumerate(s.ents):
            if e.kind != "player":
                continue
            doc.cooccur.setdefault(e.key, Counter()).update(clubs)
            if _FREE_AGENT.search(s.text):
                near = s.text[max(0, e.start - 60) : e.end + 60]
                if _FREE_AGENT.search(near):
                    doc.free_agents.add(e.key)
            # "Dodgers catcher John Doe", "the Dodgers' top prospect, Doe"
            prev = s.ents[i - 1] if i else None
            if prev is not None and prev.kind == "club" and e.key not in doc.home:
                between = s.text[prev.end : e.start]
                if _ATTR_BEFORE.match(between) and len(between) < 50:
                    doc.home[e.key] = prev.key
            after = s.text[e.end : e.end + 40]
            m = re.match(r"^,? (?:the|a|an) (\w+)['’]s? ", after)
            if m and e.key not in doc.home:
                for c in s.clubs(e.end, e.end + 30):
                    if c.start == e.end + m.start(1):
                        doc.home[e.key] = c.key
    return doc


# --- reading one sentence -----------------------------------------------------------------------


@dataclass(slots=True)
class _Action:
    start: int
    end: int
    kind: MoveKind
    direction: str
    word: str


def _actions(text: str) -> list[_Action]:
    found: list[_Action] = []
    for rx, kind, d in _ACTION_RES:
        for m in rx.finditer(text):
            if any(m.start() < a.end and a.start < m.end() for a in found):
                continue
            found.append(_Action(m.start(), m.end(), kind, d, m.group(0)))
    found.sort(key=lambda a: a.start)
    # "acquired X ..., sending Y to Z": the return leg of the same trade, not a new action
    out: list[_Action] = []
    for a in found:
        if (
            a.kind == "trade"
            and a.direction == "send"
            and out
            and out[-1].direction == "get"
            and re.match(r"(?:sending|send|sends)$", a.word, re.I)
        ):
            continue
        out.append(a)
    return out


def _status_of(sent: str, act: _Action | None, clause: str) -> MoveStatus | None:
    """The status a clause gives its move; None when hedged or negated away."""
    word = act.word.lower() if act else ""
    if act is None:
        if _HEDGE.search(clause):
            return None
    else:
        at = sent.find(act.word)
        if at >= 0 and _HEDGE.search(sent[max(0, at - 90) : at]):
            return None
    if _DENY.search(clause):
        return "denied"
    if act is not None and act.direction == "agree" or _AGREE.search(clause):
        if (
            act is not None
            and re.search(r"\b(?:agreed|agreement)\b", word)
            and _RECALL.search(clause)
        ):
            return "completed"
        return "agreement"
    if _TALKS.search(clause) and not (act and _is_done(word, clause)):
        return "talks"
    if _INTEREST.search(clause) and not (act and _is_done(word, clause)):
        return "interest"
    if act is not None and _is_done(word, clause):
        if _SPECULATE.search(sent) and not _PAST.search(word):
            return "speculation"
        return "completed"
    head = word.split(" ")[0] if word else ""
    if act is not None and re.match(r"(?:\w+ing)$", head):
        at = sent.lower().find(head)
        if at >= 0 and re.search(r"\b(?:by|after|before|in|since)\s+$", sent[:at].lower()):
            return "completed"
    if _SPECULATE.search(sent):
        return "speculation"
    if act is not None and act.kind == "extension":
        return "completed"  # a named extension with no cue is a recalled fact
    return None


def _is_done(word: str, clause: str) -> bool:
    w = word.lower()
    if re.search(r"(?:ed|sent|dealt|got|went|came|took|brought|landed)\b", w) and not re.search(
        r"\b(?:would|could|should|might|may|will|to) (?:have )?(?:been )?$",
        clause[: clause.lower().find(w)] if w in clause.lower() else "",
    ):
        return True
    if _PRESENT_DONE.search(w) or w.startswith(("the ", "in the ")):
        return True
    return w in {"put in a claim", "waiver claim", "dfa", "came over", "coming over", "comes over"}


@dataclass(slots=True)
class _Found:
    player: str
    from_club: str | None
    to_club: str | None
    kind: MoveKind
    status: MoveStatus
    sent_index: int
    group: int  # moves of one trade share a group
    strength: int = 1


class _Reader:
    def __init__(self, doc: _Doc) -> None:
        self.doc = doc
        self.nominals: set[str] = set()
        self.handled: set[str] = set()
        self.found: list[_Found] = []
        self.group = 0
        self.last_player: str | None = None
        self.last_named: str | None = None
        self.last_actor: str | None = None
        self.current: dict[str, str] = {}  # a player's club after the moves read so far

    # the club a player is with, by the article
    def club_of(self, player: str, exclude: Iterable[str | None] = ()) -> str | None:
        ex = {c for c in exclude if c}
        if player in self.current and self.current[player] not in ex:
            return self.current[player]
        home = self.doc.home.get(player)
        if home and home not in ex:
            return home
        co = self.doc.cooccur.get(player, Counter())
        for code, _n in co.most_common():
            if code not in ex:
                return code
        return self.focus(ex)

    def referent(self, region: str) -> str:
        """Who "he"/"him" (the story's main recent player) or "the right-hander" (the last) is."""
        if re.search(r"\b(?:he|him|his)\b", region, re.I) or self.last_named is None:
            return self.last_player or ""
        return self.last_named

    def focus(self, exclude: Iterable[str | None] = ()) -> str | None:
        ex = {c for c in exclude if c}
        for code, _n in self.doc.club_counts.most_common():
            if code not in ex:
                return code
        return None

    def add(
        self,
        i: int,
        player: str,
        frm: str | None,
        to: str | None,
        kind: MoveKind,
        status: MoveStatus,
        strength: int = 1,
    ) -> None:
        if frm is not None and frm == to and kind != "extension":
            return
        if kind == "extension":
            club = to or frm
            frm = to = club
        self.found.append(_Found(player, frm, to, kind, status, i, self.group, strength))
        if status == "completed" and to and kind in ("trade", "signing", "waiver_claim"):
            self.current[player] = to

    def read(self) -> list[_Found]:
        counts: Counter[str] = Counter(
            e.key for s in self.doc.sentences for e in s.ents if e.kind == "player"
        )
        recent: list[str] = []
        for i, s in enumerate(self.doc.sentences):
            self.sentence(i, s)
            ps = [e.key for e in s.players()]
            if ps:
                recent = (recent + ps)[-6:]
                # "he", "the left-hander": the story's main player among the recent ones,
                # else the last
                self.last_player = max(reversed(recent), key=lambda k: (counts[k] >= 3, 0))
                self.last_named = ps[-1]
        return self.found

    def sentence(self, i: int, s: _Sentence) -> None:
        text = s.text
        self.nominals = {e.key for e in s.players() if self._is_nominal(s, e)}
        nominal_ends = [e.end for e in s.players() if e.key in self.nominals]
        acts = [
            a
            for a in _actions(text)
            if self._real_action(text, a)
            and not any(
                0 <= a.start - end <= 40
                and re.fullmatch(
                    r"(?:(?:,| and| or)(?: the)? [A-Z][\w.' -]{2,30}?)?\s+", text[end : a.start]
                )
                for end in nominal_ends
            )
        ]
        before = len(self.found)
        if not any(a.kind == "trade" and a.direction in ("send", "get") for a in acts):
            self._nominal(i, s)
        handled = {f.player for f in self.found[before:]}
        prev_end = 0
        actor_carry: str | None = None
        for j, act in enumerate(acts):
            nxt = acts[j + 1].start if j + 1 < len(acts) else len(text)
            self.group += 1
            self.handled = handled
            actor_carry = self.clause(i, s, act, prev_end, nxt, actor_carry, False)
            prev_end = act.end
        moved = {f.player for f in self.found[before:]}
        self.rumor_only(i, s, moved)

    def _real_action(self, text: str, a: _Action) -> bool:
        w = a.word.lower()
        after = text[a.end : a.end + 30].lower()
        before = text[max(0, a.start - 30) : a.start].lower()
        if a.kind == "trade" and a.direction == "send" and w.startswith("deal"):
            return False
        if (
            a.direction == "get"
            and a.kind == "trade"
            and re.match(
                r"^\s*(?:in the way|ahead|better|hurt|healthy|paid|to (?!\w+ (?:him|[A-Z])))", after
            )
        ):
            return False
        if (
            a.direction == "send"
            and w in ("sent",)
            and re.match(r"^\s*(?:to the minors|down)", after)
        ):
            return False
        if (
            a.kind == "signing"
            and w.startswith("sign")
            and re.match(r"^\s*(?:bonus|s of|ing bonus)", after)
        ):
            return False
        if a.kind == "signing" and re.match(r"^\s*(?:through|beyond|long-term)", after):
            return False
        if a.kind == "release" and "release" in w and "waivers" in after:
            return True
        if w in ("land", "lands") and re.search(r"\b(?:to)\s*$", before):
            return True
        return True

    @staticmethod
    def _is_nominal(s: _Sentence, e: _Ent) -> bool:
        tail = s.text[e.end : e.end + 40]
        m = re.match(
            r"^(?:(?:,| and| or)(?: the)? [A-Z][\w.' -]{2,30}?)?\s+(?:trade|deal|swap)s?(?![\w-])",
            tail,
        )
        head = s.text[max(0, e.start - 12) : e.start].lower()
        return bool(m) and bool(re.search(r"(?:the|in|that|and)\s*$", head))

    # "the John Doe trade", "the Jim Roe trade", "the John Doe deal"
    def _nominal(self, i: int, s: _Sentence) -> bool:
        done = False
        for e in s.players():
            if not self._is_nominal(s, e):
                continue
            partner_players = [p for p in s.players() if p.key != e.key]
            clubs = [c.key for c in s.clubs()]
            near = clubs or [c.key for c in self._recent_clubs(i)]
            focus = self.focus()
            if len(set(near)) >= 2:
                a, b = near[0], next(c for c in near if c != near[0])
            elif near and focus and near[0] != focus:
                a, b = focus, near[0]
            else:
                continue
            # the named player went from the story's club (a) to the other (b); companions came back
            self.group += 1
            if a == focus or self.club_of(e.key, ()) in (a, None):
                frm, to = a, b
            else:
                frm, to = b, a
            self.add(i, e.key, frm, to, "trade", "completed")
            companions = [
                p
                for p in partner_players
                if p.start > e.end
                and re.search(r"\bwith\b|\bbrought\b|\breturn\b|,", s.text[e.end : p.start])
                and p.key not in self.nominals
            ]
            companions += [
                p
                for p in partner_players
                if p.end < e.start
                and re.search(
                    r"\b(?:came|come|comes|coming) over\b|\bacquired in\b|\barrived in\b",
                    s.text[p.end : e.start],
                )
            ]
            for p in companions:
                self.add(i, p.key, to, frm, "trade", "completed")
            done = True
        return done

    def _recent_clubs(self, i: int) -> list[_Ent]:
        out: list[_Ent] = []
        for k in range(i - 1, max(-1, i - 4), -1):
            out.extend(self.doc.sentences[k].clubs())
        return out

    def actor_before(self, s: _Sentence, lo: int, hi: int, carry: str | None) -> str | None:
        region = s.text[lo:hi]
        clubs = s.clubs(lo, hi)
        # a club that is the subject: not after "to"/"from"/"with"/"for" and not an attribute
        for c in reversed(clubs):
            pre = s.text[max(lo, c.start - 12) : c.start].lower()
            if re.search(r"\b(?:to|from|with|for|by|of|at|in|about|on)\s+(?:the\s+)?$", pre):
                continue
            nxt = [e for e in s.ents if e.start >= c.end and e.start < hi]
            if nxt and nxt[0].kind == "player" and _ATTR_BEFORE.match(s.text[c.end : nxt[0].start]):
                continue
            return c.key
        staff = [e for e in s.ents if e.kind == "staff" and lo <= e.start < hi and e.attr]
        if staff:
            return staff[-1].attr
        if re.search(r"\b(?:they|he|the club|the team|the front office|it)\b", region, re.I):
            return carry or self.last_actor
        return carry

    def clause(
        self,
        i: int,
        s: _Sentence,
        act: _Action,
        lo: int,
        hi: int,
        carry: str | None,
        nominal_done: bool,
    ) -> str | None:
        text = s.text
        status = _status_of(text, act, text[lo:hi] if act.direction != "agree" else text)
        if status is None:
            return carry
        subj_lo = lo
        actor = self.actor_before(s, subj_lo, act.start, carry)
        by = self._after_prep(s, act.end, hi, "by")
        to_c = self._after_prep(s, act.end, hi, "to")
        from_c = self._after_prep(s, act.end, hi, "from")
        sub = re.search(
            r"\b(?:after|when|while|before|because|since|although)\b", text[act.end : hi]
        )
        main_hi = act.end + sub.start() if sub else hi
        with_c = self._after_prep(s, max(subj_lo, act.start - 80), main_hi, "with")
        fm = _FOR.search(text, act.end, hi)
        obj_hi = fm.start() if fm else hi
        first = re.match(r"\S+", act.word)
        obj_lo = act.start + (first.end() if first else 0)
        skip = self.nominals | self.handled
        objects = _coordinated(s, [p for p in s.players(obj_lo, obj_hi) if p.key not in skip])
        if act.kind == "trade":
            objects = [p.key for p in s.players(obj_lo, obj_hi) if p.key not in skip]
        returns = [p.key for p in s.players(fm.end(), hi) if p.key not in skip] if fm else []
        subj_ents = [p for p in s.players(subj_lo, act.start) if p.key not in skip]
        subjects = [p.key for p in subj_ents]
        nearest = subjects[-1:] if subj_ents else []
        if by:
            actor = by
        kind = act.kind
        d = act.direction
        self.last_actor = actor or self.last_actor
        if d in ("drop", "extend", "sign", "sign_subj", "agree") or kind == "waiver_claim":
            with_after = re.match(r"^\s+with\b", text[act.end :])
            players = objects if objects and not with_after else nearest
            if not players and _PRONOUN.search(text[lo:hi]) and self.last_player:
                players = [self.referent(text[lo:hi])]
            if d == "sign_subj" or d == "agree" or with_after:
                players = nearest or objects or players
            if with_after and d == "sign":
                wc = self._after_prep(s, act.end, hi, "with")
                if wc:
                    actor = wc
            for p in players:
                if kind == "designated" or kind == "release" or kind == "other":
                    frm = actor or by or from_c or self.club_of(p)
                    if kind == "release" and status != "completed" and not actor:
                        continue
                    self.add(i, p, frm, None, kind, status)
                elif kind == "waiver_claim":
                    to = actor or by or to_c
                    frm = from_c or self.club_of(p, (to,))
                    self.add(i, p, frm, to, kind, status)
                elif kind == "extension":
                    club = actor or with_c or self.club_of(p)
                    self.add(i, p, club, club, kind, status)
                else:
                    to = actor if d in ("sign",) and actor else None
                    to = to or with_c or to_c or actor
                    only = {c.key for c in s.clubs()}
                    if to is None and len(only) == 1:
                        to = next(iter(only))
                    if to is None and (
                        status != "completed"
                        or re.search(
                            r"re-sign|return|back", act.word + text[act.end : act.end + 12], re.I
                        )
                    ):
                        to = self.club_of(p)
                    if to is None:
                        continue
                    self.add(i, p, None, to, "signing", status)
            return actor
        if d == "swap":
            clubs = [c.key for c in s.clubs(lo, hi)]
            ps = s.players(lo, hi)
            uniq = list(dict.fromkeys(clubs))
            if len(uniq) >= 2 and len(ps) >= 2:
                for n, pe in enumerate(ps[:2]):
                    a, b = (uniq[0], uniq[1]) if n == 0 else (uniq[1], uniq[0])
                    frm = self.club_of(pe.key, ()) if pe.key in self.doc.home else a
                    self.add(i, pe.key, frm, b if frm == a else a, "trade", status)
            return actor
        if d in ("go", "come"):
            players = subjects or objects
            if not players and self.last_player and _PRONOUN.search(text[lo : act.start]):
                players = [self.referent(text[lo : act.start])]
            if not players:
                return actor
            p = players[-1]
            if d == "go":
                to = to_c or (s.clubs(act.end, hi)[0].key if s.clubs(act.end, hi) else None)
                with_clubs = [
                    c.key
                    for c in s.clubs(act.end)
                    if re.search(r"\bwith\s+(?:the\s+)?$", text[max(0, c.start - 10) : c.start])
                ]
                frm = from_c or self.club_of(p, [*with_clubs, to])
            else:
                frm = from_c
                to = actor if actor and actor != frm else self.focus((frm,))
                if frm is None:
                    frm = self.club_of(p, (to,))
            if to is None:
                return actor
            if kind == "signing":
                self.add(i, p, None, to, "signing", status)
                return actor
            self.add(i, p, frm, to, "trade", status)
            for r in returns:
                self.add(i, r, to, frm, "trade", status)
            return actor
        # trade: send or get
        if status in ("interest", "talks", "speculation", "denied", "agreement"):
            return self._trade_rumor(i, s, act, lo, hi, actor, status, objects + returns, subjects)
        if d == "send":
            frm = actor
            to = to_c or by
            if frm is None and to is not None:
                frm = self._other_club(s, lo, hi, (to,))
            players = objects
            if not players and self.last_player and _PRONOUN.search(text[act.end : obj_hi]):
                players = [self.referent(text[act.end : obj_hi])]
            if (
                not players
                and subjects
                and re.search(r"\b(?:was|were|been|is|are|be)\s+$", text[: act.start])
            ):
                players = subjects
                to = to_c
                frm = from_c or by or self.club_of(players[0], (to,))
            if fm and re.match(
                r"\s*(?:sending|giving up|gave up)", text[fm.start() : fm.end()], re.I
            ):
                pass
            ents = {e.key: e for e in s.players(act.end, obj_hi)}
            for p in players:
                e = ents.get(p)
                pf, pt = frm, to
                if e is not None and len(players) > 1:
                    nxt_e = [x for x in s.players(e.end, obj_hi)]
                    seg_hi = nxt_e[0].start if nxt_e else obj_hi
                    pf = self._after_prep(s, e.end, seg_hi, "from") or frm
                    pt = self._after_prep(s, e.end, seg_hi, "to") or to
                f = pf or self.club_of(p, (pt,))
                self.add(i, p, f, pt, "trade", status)
            for r in returns:
                if to or frm:
                    self.add(i, r, to, frm, "trade", status)
            return actor
        # get
        to = actor
        frm = from_c
        players = objects
        if not players and _PRONOUN.search(text[act.end : obj_hi]) and self.last_player:
            players = [self.referent(text[act.end : obj_hi])]
        if to is None and subjects:
            return actor
        if frm is None and returns:
            frm = self._after_prep(s, fm.end() if fm else act.end, hi, "to")
        ents = {e.key: e for e in s.players(obj_lo, obj_hi)}
        for p in players:
            e = ents.get(p)
            pf = (
                self._after_prep(s, e.end, obj_hi, "from")
                if e is not None and len(players) > 1
                else None
            )
            f = pf or frm or self.club_of(p, (to,))
            self.add(i, p, f, to, "trade", status)
            frm = frm or f
        for r in returns:
            if to or frm:
                self.add(i, r, to, frm, "trade", status)
        return actor

    def _trade_rumor(
        self,
        i: int,
        s: _Sentence,
        act: _Action,
        lo: int,
        hi: int,
        actor: str | None,
        status: MoveStatus,
        objects: list[str],
        subjects: list[str],
    ) -> str | None:
        players = list(objects)
        if not players:
            players = [
                p.key
                for p in s.players(max(0, act.start - 25), act.start)
                if re.fullmatch(r"['’]?s?\s*", s.text[p.end : act.start])
            ]
        if not players and self.last_player and _PRONOUN.search(s.text[lo:hi]):
            players = [self.referent(s.text[lo:hi])]
        sells = (
            act.direction == "send"
            and bool(objects)
            and not re.match(r"\s+for\b", s.text[act.end :])
        )
        for p in players:
            if sells or (status == "speculation" and not objects):
                # "decide to trade John Doe", "trading Jim Roe Jr.": the actor sells
                home = actor if sells and actor else self.club_of(p)
                buyer = self._after_prep(s, act.end, hi, "to") or self._after_prep(
                    s, act.end, hi, "for"
                )
                if buyer == home:
                    buyer = None
                if status not in ("denied", "speculation") and buyer is None:
                    continue
                self.add(i, p, home, buyer, "trade", status)
                continue
            named = [c.key for c in s.clubs() if c.key != actor]
            home = named[0] if len(set(named)) == 1 and actor else self.club_of(p, (actor,))
            buyer = actor if actor and actor != home else None
            if buyer is None:
                others = [c.key for c in s.clubs() if c.key != home]
                buyer = others[0] if others and status != "speculation" else None
            if status in ("denied", "speculation") and actor == home:
                buyer = None
            if buyer is None and status not in ("denied", "speculation"):
                continue
            self.add(i, p, home, buyer, "trade", status)
        return actor

    def _other_club(self, s: _Sentence, lo: int, hi: int, ex: Iterable[str | None]) -> str | None:
        exs = set(ex)
        for c in s.clubs(lo, hi):
            if c.key not in exs:
                return c.key
        return None

    def _after_prep(self, s: _Sentence, lo: int, hi: int, prep: str) -> str | None:
        for c in s.clubs(lo, hi):
            pre = s.text[max(lo, c.start - 30) : c.start]
            if re.search(
                rf"\b{prep}\s+(?:the\s+)?(?:[\w.-]+\s+){{0,2}}$", pre, re.I
            ) and not re.search(
                rf"\b{prep}\s+(?:the\s+)?(?:[\w.-]+\s+){{0,2}}$", pre[:-1] if False else "", re.I
            ):
                between = re.search(rf"\b{prep}\s+(?:the\s+)?((?:[\w.-]+\s+){{0,2}})$", pre, re.I)
                if (
                    between
                    and between.group(1).strip()
                    and not re.fullmatch(
                        r"(?:new\s+|los\s+|san\s+|st\.\s+|kansas\s+|tampa\s+|\w+\s+)?",
                        between.group(1),
                        re.I,
                    )
                ):
                    continue
                return c.key
        return None

    # a sentence with a rumor cue and no action verb: "the Red Sox have checked in on Contreras"
    def rumor_only(self, i: int, s: _Sentence, moved: set[str]) -> None:
        text = s.text
        if _HEDGE.search(text):
            return
        if _DENY.search(text):
            status: MoveStatus = "denied"
        elif _AGREE.search(text):
            status = "agreement"
        elif _TALKS.search(text):
            status = "talks"
        elif _INTEREST.search(text):
            status = "interest"
        else:
            return
        cue = (
            _DENY.search(text)
            or _AGREE.search(text)
            or _TALKS.search(text)
            or _INTEREST.search(text)
        )
        assert cue is not None
        after_cue = [
            p for p in s.players(cue.start()) if p.key not in moved and p.key not in self.nominals
        ]
        players = _coordinated(s, after_cue)
        if not players:
            players = [
                p.key
                for p in s.players(0, cue.start())
                if p.key not in moved
                and p.key not in self.nominals
                and re.search(r"\b(?:in|on|for|about|with)\s+(?:\w+\s+){0,3}$", text[: p.start])
            ]
        if not players and not moved and self.last_player and _PRONOUN.search(text):
            players = [self.referent(text)]
        if not players:
            return
        actor = self.actor_before(s, 0, cue.start(), None)
        if actor is None:
            # "Boston's interest in", "interest from the Boston Red Sox"
            for c in s.clubs():
                tail = text[c.end : c.end + 4]
                pre = text[max(0, c.start - 12) : c.start].lower()
                if tail.startswith(("'s", "’s", "' ")) or re.search(r"\bfrom\s+(?:the\s+)?$", pre):
                    actor = c.key
                    break
        if actor is None:
            return
        self.group += 1
        self.last_actor = actor
        for p in players:
            home = self.club_of(p, (actor,))
            if home == actor:
                home = None
            kind: MoveKind = "trade"
            if (
                p in self.doc.free_agents
                or any(f.player == p and f.kind == "signing" for f in self.found)
                or re.search(r"\bsign|free[- ]agent|re-sign|reunion|keep\b", text, re.I)
            ):
                kind = "signing"
                home = None
            elif home is None:
                kind = "signing"
            self.add(i, p, home, actor, kind, status)


def _coordinated(s: _Sentence, ents: list[_Ent]) -> list[str]:
    """The first player named and those joined to him by "and" or commas ("A, B and C")."""
    if not ents:
        return []
    out = [ents[0].key]
    for prev, e in zip(ents, ents[1:], strict=False):
        between = s.text[prev.end : e.start]
        if not re.fullmatch(r"\s*(?:,|,? and|,? or)\s+(?:[\w-]+\s+){0,3}", between):
            break
        out.append(e.key)
    return out


# --- source credit ------------------------------------------------------------------------------


def _credit(doc: _Doc, i: int, status: MoveStatus) -> tuple[str | None, str | None]:
    s = doc.sentences[i]
    reps = [e for e in s.ents if e.kind == "reporter"]
    if reps:
        return reps[0].key, reps[0].attr
    if status == "completed" and not _REPORTED.search(s.text):
        return None, None
    if not _REPORTED.search(s.text) and status == "completed":
        return None, None
    for k in (i + 1, i - 1, i + 2):
        if 0 <= k < len(doc.sentences):
            t = doc.sentences[k]
            reps = [e for e in t.ents if e.kind == "reporter"]
            if reps and (_REPORTED.search(t.text) or "reported" in t.text):
                return reps[0].key, reps[0].attr
    return None, None


_STATUS_RANK = {
    "completed": 5,
    "agreement": 4,
    "denied": 3,
    "talks": 2,
    "interest": 1,
    "speculation": 0,
}


def _to_moves(doc: _Doc, found: Sequence[_Found]) -> list[Move]:
    best: dict[tuple[str, str | None, str | None, MoveKind], _Found] = {}
    order: list[tuple[str, str | None, str | None, MoveKind]] = []
    parent: dict[int, int] = {}

    def root(g: int) -> int:
        while parent.get(g, g) != g:
            g = parent[g]
        return g

    for f in found:
        k = (f.player, f.from_club, f.to_club, f.kind)
        held = best.get(k)
        if held is None:
            best[k] = f
            order.append(k)
            continue
        if f.kind == "trade" and f.status == held.status:  # one trade told twice: one group
            parent[root(f.group)] = root(held.group)
        if _STATUS_RANK[f.status] > _STATUS_RANK[held.status] and held.status != "completed":
            best[k] = f
    groups: dict[int, list[str]] = {}
    for f in found:
        if f.kind == "trade":
            groups.setdefault(root(f.group), []).append(f.player)
    moves: list[Move] = []
    for k in order:
        f = best[k]
        ref = doc.refs.get(f.player)
        s = doc.sentences[f.sent_index]
        source, outlet = _credit(doc, f.sent_index, f.status)
        others = (
            [
                (doc.refs[o].player or o) if o in doc.refs else o
                for o in dict.fromkeys(groups.get(root(f.group), []))
                if o != f.player
            ]
            if f.kind == "trade"
            else []
        )
        moves.append(
            Move(
                player=ref.player if ref else f.player,
                person_id=ref.person_id if ref else None,
                name=ref.name if ref else f.player,
                from_club=f.from_club,
                to_club=f.to_club,
                kind=f.kind,
                status=f.status,
                source=source,
                outlet=outlet,
                span=(s.start, s.start + len(s.text)),
                text=s.text,
                with_players=[o for o in dict.fromkeys(others) if o],
                confidence=0.7 if f.status in ("speculation", "interest") else 0.85,
            )
        )
    return moves


def extract_moves(linked: LinkedArticle) -> list[Move]:
    """Every roster move the article reports, rumors or recalls, in reading order."""
    doc = _doc_from_article(linked)
    return _to_moves(doc, _Reader(doc).read())


# --- the transaction wire -----------------------------------------------------------------------

_POS = (
    r"(?:RHP|LHP|C|1B|2B|3B|SS|LF|CF|RF|OF|IF|INF|DH|P|UT|"
    r"(?i:(?:right-handed |left-handed )?(?:pitcher|catcher|infielder|outfielder|first baseman|"
    r"second baseman|third baseman|shortstop|designated hitter|left fielder|center fielder|"
    r"right fielder|utility player|reliever|starter)))"
)
_NAME = (
    r"(?:[A-Z][\w'’.-]*|de|De|la|La|van|Van|del|Del)"
    r"(?: (?:[A-Z][\w'’.-]*|de|la|del|van|Jr\.|Sr\.|II|III|IV))+"
)
WIRE_PLAYER = re.compile(rf"(?<![\w-]){_POS} (?P<name>{_NAME})")
_WIRE_CLUB_WORDS = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}")
_NOT_WIRE_NAME = re.compile(r"^(?:Future Considerations|Triple-A|Double-A|Single-A)", re.I)


def _wire_clubs(text: str, season: int | None) -> list[tuple[int, int, str]]:
    from hotstove.kb.clubs import club_candidates

    out: list[tuple[int, int, str]] = []
    for m in _WIRE_CLUB_WORDS.finditer(text):
        words = m.group(0).split(" ")
        # the longest run of words that names a club
        i = 0
        while i < len(words):
            hit = None
            for j in range(len(words), i, -1):
                surface = " ".join(words[i:j])
                if len(surface) < 4:
                    continue
                try:
                    # the wire spells clubs out: only exact forms (a close spelling scores < 90)
                    cands = club_candidates(surface, season=season, fuzzy=False)
                except Exception:  # noqa: BLE001 - an odd surface is simply not a club
                    cands = []
                if (
                    cands
                    and getattr(cands[0], "score", 0) >= 90
                    and len(
                        {getattr(c, "code", None) for c in cands if getattr(c, "score", 0) >= 90}
                    )
                    == 1
                ):
                    hit = (j, cands[0].code)
                    break
            if hit:
                a = m.start() + len(" ".join(words[:i])) + (1 if i else 0)
                b = m.start() + len(" ".join(words[: hit[0]]))
                out.append((a, b, hit[1]))
                i = hit[0]
            else:
                i += 1
    return out


def _as_ref(found: Any, name: str) -> _PlayerRef:
    if found is None:
        return _PlayerRef(name, None, None, name)
    if isinstance(found, (str, int)):
        return _PlayerRef(str(found), str(found), str(found), name)
    get = found.get if isinstance(found, dict) else (lambda k, d=None: getattr(found, k, d))
    bbref, mlbam = get("bbref"), get("mlbam")
    pid = get("person_id") or bbref or (str(mlbam) if mlbam else None)
    key = _player_key(bbref, mlbam) or pid or name
    return _PlayerRef(str(key), _player_key(bbref, mlbam), pid, get("name") or name)


def parse_wire_line(text: str, date: Any = None, resolve: Resolver | None = None) -> list[Move]:
    """A transaction-wire line as structured moves, read by the same rules as an article.

    ``resolve(name, club_code, season)`` links a name (the caller's name model); names it cannot
    link stay as their text in ``player``/``name``.
    """
    if not text or not text.strip():
        return []
    season = getattr(date, "year", None)
    if season is None and isinstance(date, str) and re.match(r"\d{4}", date):
        season = int(date[:4])
    line = text.strip()
    # "Anaheim Angels Justin Baughman: Designated ..." -> drop the header name
    line = re.sub(r"^((?:[A-Z][\w.]*\s){1,4})(?:[A-Z][\w'.-]*\s){1,3}[A-Z][\w'.-]*:\s", r"\1", line)
    clubs = _wire_clubs(line, season)
    if clubs and clubs[0][0] == 0 and WIRE_PLAYER.match(line, clubs[0][1] + 1):
        # "Florida Marlins Pitcher Horacio Estrada claimed ...": the heading club is the actor
        line = line[: clubs[0][1]] + ":" + line[clubs[0][1] :]
        clubs = _wire_clubs(line, season)
    ents: list[_Ent] = [_Ent(a, b, "club", code) for a, b, code in clubs]
    refs: dict[str, _PlayerRef] = {}
    for m in WIRE_PLAYER.finditer(line):
        a, b = m.start("name"), m.end("name")
        name = m.group("name")
        if name.endswith(".") and not re.search(r"\b(?:Jr|Sr|[A-Z])\.$", name):
            name, b = name[:-1], b - 1
        if any(a < e.end and e.start < b for e in ents) or _NOT_WIRE_NAME.match(name):
            continue
        near = [c for c in clubs if c[1] <= a]
        club_hint = near[-1][2] if near else None
        try:
            ref = _as_ref(resolve(name, club_hint, season) if resolve else None, name)
        except Exception:  # noqa: BLE001 - the caller's resolver failing leaves the name unlinked
            ref = _PlayerRef(name, None, None, name)
        refs[ref.key] = ref
        ents.append(_Ent(a, b, "player", ref.key))
    ents = _dedupe(ents)
    # a wire line's subject is its club: "Houston Astros Signed free agent ..." reads as a sentence
    line_cf = re.sub(
        r"(?<= )(Signed|Traded|Released|Designated|Claimed|Agreed|Acquired)\b",
        lambda mm: mm.group(1).lower(),
        line,
    )
    doc = _prepare(_Doc([_Sentence(0, line_cf, ents, 0)], refs))
    for k in refs:
        doc.free_agents.discard(k)
    moves = _to_moves(doc, _Reader(doc).read())
    out: list[Move] = []
    for mv in moves:
        if mv.status != "completed":
            mv.status = "completed"
        mv.text = text
        mv.span = (0, len(text))
        out.append(mv)
    return out
