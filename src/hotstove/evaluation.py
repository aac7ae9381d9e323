"""Score hotstove's per-article output against a gold set (the engine of ``hotstove eval``).

A gold set is a folder with ``gold.jsonl`` and ``articles/`` (``shared/eval/FORMAT.md``). The
system output is the list of records ``hotstove read --json`` prints, one per article.

Matching (the same rules as the independent ``shared/eval/score.py``):

- articles: by file stem, gold ``path`` (or ``id`` + ".txt") against the system record's
  ``source`` / ``path`` / ``file`` / ``url`` (else its ``id``); system records for articles not
  in the gold set are ignored, and a gold article with no record is scored as all misses.
- players: a gold player is found when any id (``bbref``, ``mlbam``) agrees with a system
  player's; players with no id at all are compared by normalized name.
- clubs: sets of codes. people: (normalized name, role).
- moves: (player id, from, to, kind); move_status adds ``status``.
- claims: a gold claim is found by the first unused system claim with the same player, season,
  level and stat, the same position when the gold one names one, and a value equal within
  rounding (0.0015 under 2, else 0.051). Contract claims are left out. Verdict accuracy is over
  found gold claims that carry a ``verdict``.

Within one article each field is a set: a duplicate item counts once.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hotstove.errors import BadInput, SourceUnavailable

FIELDS = ("players", "clubs", "people", "moves", "move_status", "claims")
_LIST_FIELDS = ("players", "clubs", "people", "moves", "claims")
# the key in a system record whose absence means a field is not produced at all
_SOURCE_KEY = {
    "players": "players",
    "clubs": "clubs",
    "people": "people",
    "moves": "moves",
    "move_status": "moves",
    "claims": "claims",
}

MissKind = Literal["miss", "false"]


@dataclass(frozen=True, slots=True)
class FieldScore:
    """Counts and rates for one field over the whole set.

    ``produced`` is False when no system record has the field at all: its scores then say the
    field is not implemented, not that it is bad.
    """

    field: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    produced: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "produced": self.produced,
        }


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold item the system missed (``miss``) or a system item not in gold (``false``).

    ``field`` is one of :data:`FIELDS`, or ``verdict`` for a found claim whose verdict differs.
    """

    field: str
    article: str
    kind: MissKind
    item: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "article": self.article, "kind": self.kind, "item": self.item}


@dataclass(frozen=True, slots=True)
class EvalReport:
    fields: dict[str, FieldScore]
    misses: list[Miss]
    verdict_accuracy: float | None
    verdict_n: int
    articles: int
    missing_articles: list[str] = field(default_factory=list)

    @property
    def not_produced(self) -> list[str]:
        return [name for name, s in self.fields.items() if not s.produced]

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": {name: s.to_dict() for name, s in self.fields.items()},
            "not_produced": self.not_produced,
            "verdict_accuracy": (
                None if self.verdict_accuracy is None else round(self.verdict_accuracy, 3)
            ),
            "verdict_n": self.verdict_n,
            "articles": self.articles,
            "missing_articles": list(self.missing_articles),
            "misses": [m.to_dict() for m in self.misses],
        }


# ------------------------------------------------------------------------------------------
# reading a gold set


def _gold_file(setdir: Path) -> Path:
    setdir = Path(setdir)
    return setdir if setdir.is_file() else setdir / "gold.jsonl"


def load_gold(setdir: Path) -> list[dict[str, Any]]:
    """The gold records of a set folder (or of a ``gold.jsonl`` given directly), in file order."""
    path = _gold_file(setdir)
    if not Path(setdir).exists():
        raise SourceUnavailable(f"No gold set at {setdir}.")
    if not path.is_file():
        raise SourceUnavailable(f"No gold.jsonl in {setdir}: not a gold set (see FORMAT.md).")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceUnavailable(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    records: list[dict[str, Any]] = []
    for lineno, bline in enumerate(raw.splitlines(), start=1):
        try:
            line = bline.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(f"{path} line {lineno}: not UTF-8 text.") from exc
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BadInput(
                f"{path} line {lineno}: not valid JSON ({exc.msg} at column {exc.colno})."
            ) from exc
        if not isinstance(rec, dict):
            raise BadInput(f"{path} line {lineno}: expected a JSON object per line.")
        if not rec.get("id") and not rec.get("path"):
            raise BadInput(f"{path} line {lineno}: the record has neither `id` nor `path`.")
        for name in _LIST_FIELDS:
            if rec.get(name) is not None and not isinstance(rec[name], list):
                raise BadInput(f"{path} line {lineno}: `{name}` must be a list.")
        records.append(rec)
    if not records:
        raise BadInput(f"{path} holds no gold records.")
    return records


def _gold_rel(rec: dict[str, Any]) -> str:
    return str(rec.get("path") or f"articles/{rec['id']}.txt")


def article_paths(setdir: Path) -> list[Path]:
    """The article files of a gold set, in gold order (each gold ``path`` under ``setdir``)."""
    base = _gold_file(setdir).parent
    paths = [base / _gold_rel(rec) for rec in load_gold(setdir)]
    absent = [str(p) for p in paths if not p.is_file()]
    if absent:
        more = f" (and {len(absent) - 1} more)" if len(absent) > 1 else ""
        raise SourceUnavailable(f"Gold article missing: {absent[0]}{more}.")
    return paths


# ------------------------------------------------------------------------------------------
# keys


def _stem(value: Any) -> str:
    name = str(value).replace("\\", "/").rsplit("/", 1)[-1]
    return os.path.splitext(name)[0]


def _gold_key(rec: dict[str, Any]) -> str:
    return _stem(_gold_rel(rec))


def _system_key(rec: dict[str, Any]) -> str:
    for name in ("source", "path", "file", "url"):
        if rec.get(name):
            return _stem(rec[name])
    return str(rec.get("id"))


def _norm(text: Any) -> str:
    s = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(s.lower().replace(".", " ").replace("-", " ").split())


def _present(v: Any) -> bool:
    return v is not None and v != "" and v != 0


def _player_ids(p: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    nested = p.get("ids") if isinstance(p.get("ids"), dict) else {}
    for src in (p, nested or {}):
        for name in ("bbref", "mlbam"):
            if _present(src.get(name)):
                found.add(f"{name}:{src[name]}")
    return found


def _player_ref(x: Any) -> str | None:
    """A move's or claim's player as one string id (bbref, else mlbam)."""
    if isinstance(x, dict):
        x = x.get("bbref") or x.get("mlbam") or x.get("id")
    return None if x is None else str(x)


def _h(v: Any) -> Hashable:
    """A value usable in a key (a malformed list or dict in system output must not crash)."""
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, default=str)
    return v


def _close(system: Any, gold: Any) -> bool:
    try:
        a, b = float(system), float(gold)
    except (TypeError, ValueError):
        return str(system) == str(gold)
    return abs(a - b) <= 0.0015 if abs(b) < 2 else abs(a - b) < 0.051


def _list(rec: dict[str, Any], name: str) -> list[Any]:
    v = rec.get(name)
    return v if isinstance(v, list) else []


def _dicts(rec: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [x for x in _list(rec, name) if isinstance(x, dict)]


# ------------------------------------------------------------------------------------------
# labels


class _Names:
    """Player names of one article by id, to make move and claim items readable."""

    def __init__(self, *players: Iterable[dict[str, Any]]) -> None:
        self.by_id: dict[str, str] = {}
        for group in players:
            for p in group:
                if not p.get("name"):
                    continue
                for name in ("bbref", "mlbam"):
                    if _present(p.get(name)):
                        self.by_id.setdefault(str(p[name]), str(p["name"]))

    def label(self, ref: str | None) -> str:
        if ref is None:
            return "(no player)"
        name = self.by_id.get(ref)
        return f"{name} ({ref})" if name else ref


def _player_label(p: dict[str, Any]) -> str:
    ref = p.get("bbref") if _present(p.get("bbref")) else p.get("mlbam")
    name = p.get("name") or "(no name)"
    return f"{name} ({ref})" if _present(ref) else f"{name} (no id)"


def _club(v: Any) -> str:
    return "none" if v is None else str(v)


def _move_label(names: _Names, m: dict[str, Any], with_status: bool) -> str:
    s = (
        f"{names.label(_player_ref(m.get('player')))}: "
        f"{_club(m.get('from'))} -> {_club(m.get('to'))} {m.get('kind')}"
    )
    return f"{s}, {m.get('status')}" if with_status else s


def _claim_label(names: _Names, c: dict[str, Any]) -> str:
    parts = [str(c.get("season")), str(c.get("level")), str(c.get("stat"))]
    if c.get("position"):
        parts.append(str(c["position"]))
    return f"{names.label(_player_ref(c.get('player')))}: {' '.join(parts)} = {c.get('value')}"


# ------------------------------------------------------------------------------------------
# scoring

_Items = dict[Hashable, str]  # key -> readable label, in first-seen order


class _Tally:
    def __init__(self, name: str) -> None:
        self.name = name
        self.tp = self.fp = self.fn = 0
        self.misses: list[Miss] = []

    def add(self, gold: _Items, system: _Items, article: str) -> None:
        self.tp += sum(1 for k in gold if k in system)
        for k, label in gold.items():
            if k not in system:
                self.fn += 1
                self.misses.append(Miss(self.name, article, "miss", label))
        for k, label in system.items():
            if k not in gold:
                self.fp += 1
                self.misses.append(Miss(self.name, article, "false", label))

    def score(self, produced: bool) -> FieldScore:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return FieldScore(self.name, self.tp, self.fp, self.fn, p, r, f, produced)


def _items(pairs: Iterable[tuple[Hashable, str]]) -> _Items:
    out: _Items = {}
    for k, label in pairs:
        out.setdefault(k, label)
    return out


def _players(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> tuple[_Items, _Items]:
    sys_ids = [_player_ids(p) for p in system]
    g_items: _Items = {}
    s_items: _Items = {}
    used: set[int] = set()
    for gp in gold:
        gi = _player_ids(gp)
        key = min(gi) if gi else "name:" + _norm(gp.get("name"))
        g_items.setdefault(key, _player_label(gp))
        # a gold player is found by the first system player sharing an id with him
        j = next((j for j, si in enumerate(sys_ids) if gi & si), None)
        if j is not None:
            used.add(j)
            s_items.setdefault(key, _player_label(gp))
    for j, sp in enumerate(system):
        if j not in used:
            si = sys_ids[j]
            key = min(si) if si else "name:" + _norm(sp.get("name"))
            s_items.setdefault(key, _player_label(sp))
    return g_items, s_items


def _people(rec: dict[str, Any]) -> _Items:
    return _items(
        ((_norm(p.get("name")), _h(p.get("role"))), f"{p.get('name')}/{p.get('role')}")
        for p in _dicts(rec, "people")
    )


def _moves(rec: dict[str, Any], names: _Names, with_status: bool) -> _Items:
    out: list[tuple[Hashable, str]] = []
    for m in _dicts(rec, "moves"):
        key: tuple[Hashable, ...] = (
            _player_ref(m.get("player")),
            _h(m.get("from")),
            _h(m.get("to")),
            _h(m.get("kind")),
        )
        if with_status:
            key += (_h(m.get("status")),)
        out.append((key, _move_label(names, m, with_status)))
    return _items(out)


def _claim_key(c: dict[str, Any]) -> tuple[Hashable, ...]:
    return (
        _player_ref(c.get("player")),
        _h(c.get("season")),
        _h(c.get("level")),
        _h(c.get("stat")),
        _h(c.get("position")),
        str(c.get("value")),
    )


def _claim_found(gold: dict[str, Any], cand: dict[str, Any]) -> bool:
    return (
        _player_ref(cand.get("player")) == _player_ref(gold.get("player"))
        and cand.get("season") == gold.get("season")
        and cand.get("level") == gold.get("level")
        and cand.get("stat") == gold.get("stat")
        and (gold.get("position") is None or cand.get("position") == gold.get("position"))
        and _close(cand.get("value"), gold.get("value"))
    )


def score(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> EvalReport:
    """Score system records against gold records (see the module docstring for the rules)."""
    by_key: dict[str, dict[str, Any]] = {}
    for rec in system:
        if isinstance(rec, dict) and "error" not in rec:
            by_key[_system_key(rec)] = rec  # a later record for the same article wins
    gold_keys = {_gold_key(g) for g in gold}
    produced = {
        name: any(src in rec for k, rec in by_key.items() if k in gold_keys)
        for name, src in _SOURCE_KEY.items()
    }
    tallies = {name: _Tally(name) for name in FIELDS}
    verdict_misses: list[Miss] = []
    verdict_ok = verdict_n = 0
    missing: list[str] = []

    for g in gold:
        art = _gold_key(g)
        s = by_key.get(art)
        if s is None:
            missing.append(art)
            s = {}
        g_players, s_players = _dicts(g, "players"), _dicts(s, "players")
        names = _Names(g_players, s_players)

        tallies["players"].add(*_players(g_players, s_players), art)

        s_clubs = [
            c if isinstance(c, str) else c.get("code")
            for c in _list(s, "clubs")
            if isinstance(c, (str, dict))
        ]
        tallies["clubs"].add(
            _items((_h(c), str(c)) for c in _list(g, "clubs")),
            _items((_h(c), str(c)) for c in s_clubs),
            art,
        )

        tallies["people"].add(_people(g), _people(s), art)
        tallies["moves"].add(_moves(g, names, False), _moves(s, names, False), art)
        tallies["move_status"].add(_moves(g, names, True), _moves(s, names, True), art)

        s_claims = [
            c for c in _dicts(s, "claims") if not str(c.get("stat", "")).startswith("CONTRACT")
        ]
        g_items: list[tuple[Hashable, str]] = []
        s_items: list[tuple[Hashable, str]] = []
        used: set[int] = set()
        for c in _dicts(g, "claims"):
            key, label = _claim_key(c), _claim_label(names, c)
            g_items.append((key, label))
            j = next(
                (j for j, t in enumerate(s_claims) if j not in used and _claim_found(c, t)), None
            )
            if j is None:
                continue
            used.add(j)
            s_items.append((key, label))
            if "verdict" in c:
                verdict_n += 1
                got = s_claims[j].get("verdict")
                if got == c["verdict"]:
                    verdict_ok += 1
                else:
                    verdict_misses.append(
                        Miss("verdict", art, "miss", f"{label}: {c['verdict']}, output says {got}")
                    )
        s_items += [
            (_claim_key(t), _claim_label(names, t)) for j, t in enumerate(s_claims) if j not in used
        ]
        tallies["claims"].add(_items(g_items), _items(s_items), art)

    misses = [m for t in tallies.values() for m in t.misses] + verdict_misses
    order = {k: i for i, k in enumerate(dict.fromkeys(_gold_key(g) for g in gold))}
    misses.sort(key=lambda m: order.get(m.article, len(order)))  # stable: field order kept
    return EvalReport(
        fields={name: t.score(produced[name]) for name, t in tallies.items()},
        misses=misses,
        verdict_accuracy=verdict_ok / verdict_n if verdict_n else None,
        verdict_n=verdict_n,
        articles=len(gold),
        missing_articles=missing,
    )


# ------------------------------------------------------------------------------------------
# text


def render(report: EvalReport, *, misses: bool) -> str:
    """A plain-text table of the scores; with ``misses``, every miss and false hit by article."""
    header = f"{'field':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"
    lines = [header, "-" * len(header)]
    for name, s in report.fields.items():
        row = (
            f"{name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.tp:>5} {s.fp:>5} {s.fn:>5}"
        )
        lines.append(row + ("  not produced" if not s.produced else ""))
    lines.append("")
    if report.verdict_accuracy is None:
        lines.append("claim verdicts: no found gold claim carries a verdict")
    else:
        ok = round(report.verdict_accuracy * report.verdict_n)
        lines.append(
            f"claim verdicts: {report.verdict_accuracy:.3f} accuracy "
            f"({ok}/{report.verdict_n} found claims)"
        )
    lines.append(
        f"articles: {report.articles} in gold, {len(report.missing_articles)} missing "
        "from the output"
        + (": " + ", ".join(report.missing_articles) if report.missing_articles else "")
    )
    if report.not_produced:
        lines.append(
            "not produced: "
            + ", ".join(report.not_produced)
            + " (absent from every output record: not implemented, scored as all misses)"
        )
    if misses:
        skipped = set(report.not_produced)
        shown = [m for m in report.misses if m.field not in skipped]
        lines.append("")
        if skipped:
            lines.append(
                f"(gold items of the fields not produced are not listed: "
                f"{', '.join(sorted(skipped, key=FIELDS.index))})"
            )
        if not shown:
            lines.append("no misses and no false hits")
        article = None
        for m in shown:
            if m.article != article:
                article = m.article
                lines.append(f"{article}")
            lines.append(f"  {m.kind:<5} {m.field}: {m.item}")
    return "\n".join(lines) + "\n"


def thread_pairs(
    gold: list[dict[str, Any]], system: list[dict[str, Any]], threads: list[dict[str, Any]]
) -> FieldScore:
    """Pairwise precision and recall over the article pairs that report the same rumor: gold
    pairs share a ``thread`` label; system pairs share a thread of ``hotstove rumors``."""
    from itertools import combinations

    keys = {_gold_key(g): g for g in gold}
    by_id = {str(r.get("id")): _system_key(r) for r in system}
    want = {
        (a, b) for a, b in combinations(sorted(keys), 2)
        if keys[a].get("thread") and keys[a].get("thread") == keys[b].get("thread")
    }  # fmt: skip
    got: set[tuple[str, str]] = set()
    for t in threads:
        arts = sorted({by_id[str(x)] for x in t.get("articles", []) if str(x) in by_id} & set(keys))
        got.update(combinations(arts, 2))
    tp, fp, fn = len(want & got), len(got - want), len(want - got)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return FieldScore("thread_pairs", tp, fp, fn, p, r, f)
