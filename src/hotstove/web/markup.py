"""An article's text cut into pieces for the page: each piece knows the name it belongs to (with
the page it links to) and the claim it is part of, so the template can highlight and link without
ever building HTML from the text itself (Jinja escapes every piece).

Works on the article record as ``hotstove read --json`` prints it (``LinkedArticle.to_dict()``),
which is also what the archive stores, so a stored article and a pasted one render alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

VERDICT_ORDER = {"wrong": 0, "unverifiable": 1, "verified": 2}  # the mark shows the worst


@dataclass(slots=True)
class Entity:
    kind: str  # player, club, person
    name: str
    href: str | None
    ident: str  # mlbam / person id, club code, or the person's name
    role: str | None = None


@dataclass(slots=True)
class ClaimGroup:
    """The claims stated by one stretch of text (".204/.258/.324" states three)."""

    index: int
    start: int
    end: int
    text: str
    claims: list[dict[str, Any]]
    verdict: str  # the worst verdict among them

    @property
    def label(self) -> str:
        return verdict_label(self.claims)


@dataclass(slots=True)
class Piece:
    text: str
    entity: Entity | None = None
    claim: ClaimGroup | None = None
    claim_first: bool = False  # the first piece of its claim's stretch
    claim_last: bool = False  # the last piece: the verdict is shown after it


@dataclass(slots=True)
class Marked:
    headline: list[Piece] = field(default_factory=list)
    body: list[Piece] = field(default_factory=list)
    claims: list[ClaimGroup] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """How many claims got each verdict."""
        out = {"verified": 0, "wrong": 0, "unverifiable": 0}
        for g in self.claims:
            for c in g.claims:
                v = c.get("verdict") or "unverifiable"
                out[v] = out.get(v, 0) + 1
        return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def player_href(mlbam: Any, person_id: Any) -> str | None:
    key = mlbam if mlbam not in (None, "") else person_id
    return f"/players/{key}" if key not in (None, "") else None


def _entities(record: dict[str, Any]) -> list[tuple[int, int, Entity]]:
    out: list[tuple[int, int, Entity]] = []
    for p in record.get("players") or []:
        ent = Entity("player", p["name"], player_href(p.get("mlbam"), p.get("person_id")),
                     str(p.get("mlbam") or p.get("person_id")))  # fmt: skip
        out += [(m["start"], m["end"], ent) for m in p.get("mentions") or []]
    for c in record.get("club_mentions") or []:
        ent = Entity("club", c["code"], f"/clubs/{c['code']}", c["code"])
        out += [(m["start"], m["end"], ent) for m in c.get("mentions") or []]
    for q in record.get("people") or []:
        role = q.get("role")
        if role == "reporter":
            href: str | None = f"/reporters#reporter-{slug(q['name'])}"
        elif q.get("club"):
            href = f"/clubs/{q['club']}"
        else:
            href = None
        ent = Entity("person", q["name"], href, q["name"], role)
        out += [(m["start"], m["end"], ent) for m in q.get("mentions") or []]
    return out


def _claim_groups(record: dict[str, Any], length: int) -> list[ClaimGroup]:
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for c in record.get("claims") or []:
        span = c.get("span")
        if not span or len(span) != 2:
            continue
        a, b = int(span[0]), int(span[1])
        if 0 <= a < b <= length:
            spans.setdefault((a, b), []).append(c)
    groups = []
    for i, ((a, b), claims) in enumerate(sorted(spans.items())):
        worst = min((c.get("verdict") or "unverifiable" for c in claims),
                    key=lambda v: VERDICT_ORDER.get(v, 1))  # fmt: skip
        groups.append(ClaimGroup(i, a, b, claims[0].get("text") or "", claims, worst))
    return groups


def mark(text: str, record: dict[str, Any]) -> Marked:
    """Cut ``text`` at every name mention and claim; the first line is the headline."""
    n = len(text)
    ents = [(a, b, e) for a, b, e in _entities(record) if 0 <= a < b <= n]
    groups = _claim_groups(record, n)
    newline = text.find("\n")
    cuts = {0, n}
    if newline > 0:
        cuts.add(newline)
    for a, b, _ in ents:
        cuts.update((a, b))
    for g in groups:
        cuts.update((g.start, g.end))
    bounds = sorted(cuts)
    # the longest mention wins where two overlap ("Los Angeles Dodgers" over "Dodgers")
    ents.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out = Marked(claims=groups)
    pieces: list[tuple[int, Piece]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a == b:
            continue
        ent = next((e for s, t, e in ents if s <= a and b <= t), None)
        grp = next((g for g in groups if g.start <= a and b <= g.end), None)
        pieces.append((a, Piece(text[a:b], ent, grp)))
    # merge neighbours of the same name and claim (one link per mention)
    merged: list[tuple[int, Piece]] = []
    for a, p in pieces:
        if merged:
            prev = merged[-1][1]
            same = prev.entity is p.entity and prev.claim is p.claim
            if same and not (newline > 0 and a == newline):
                prev.text += p.text
                continue
        merged.append((a, p))
    for i, (_a, p) in enumerate(merged):
        if p.claim is not None:
            before = merged[i - 1][1].claim if i else None
            after = merged[i + 1][1].claim if i + 1 < len(merged) else None
            p.claim_first = before is not p.claim
            p.claim_last = after is not p.claim
    for a, p in merged:
        (out.headline if newline > 0 and a < newline else out.body).append(p)
    while out.body and out.body[0].entity is None and out.body[0].claim is None:
        first = out.body[0]
        first.text = first.text.lstrip("\n")  # the blank line after the headline
        if first.text:
            break
        out.body.pop(0)
    return out


def fmt_value(v: Any, stat: str | None = None) -> str:
    """A stat value as a fan writes it: .204, 3.45, 53."""
    if v is None:
        return "?"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer() and stat not in ("AVG", "OBP", "SLG", "OPS", "ERA", "WHIP"):
            return str(int(v))
        if stat in ("AVG", "OBP", "SLG", "OPS"):
            s = f"{v:.3f}"
            return s[1:] if s.startswith("0.") else s
        if stat in ("ERA", "WHIP"):
            return f"{v:.2f}"
        return f"{v:g}"
    return str(v)


def verdict_label(claims: list[dict[str, Any]]) -> str:
    """What the reader is told beside the claim: the true value, or why it cannot be checked
    (one reason said once for the several numbers it covers)."""
    parts: list[str] = []
    reasons: dict[str, list[str]] = {}
    for c in claims:
        stat = c.get("stat") or "?"
        verdict = c.get("verdict")
        if verdict == "verified":
            parts.append(f"{stat} {fmt_value(c.get('truth'), stat)}")
        elif verdict == "wrong":
            parts.append(f"{stat}: actually {fmt_value(c.get('truth'), stat)}")
        else:
            reason = c.get("reason") or c.get("why") or "cannot be checked"
            reasons.setdefault(str(reason), []).append(stat)
    parts += [f"{', '.join(stats)}: {reason}" for reason, stats in reasons.items()]
    return "; ".join(parts)
