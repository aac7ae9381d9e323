"""The ``hotstove eval`` engine: gold loading, scoring, misses and the text table.

The tiny gold set in ``tests/fixtures/eval`` is made by hand so that every field has a known
outcome; the same fixture is scored by the independent ``shared/eval/score.py`` (when present) and
the F1s must agree. The real dev gold scored against itself must be perfect.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hotstove.errors import BadInput, SourceUnavailable
from hotstove.evaluation import (
    FIELDS,
    EvalReport,
    Miss,
    article_paths,
    load_gold,
    render,
    score,
)

EVAL = Path(__file__).parent / "fixtures" / "eval"
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEV = SHARED_EVAL / "dev"
SCORER = SHARED_EVAL / "score.py"
T01 = "t01-rushing-trade-talk"
T02 = "t02-quiet-day"


def _system() -> list[dict[str, Any]]:
    lines = (EVAL / "system.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture
def report() -> EvalReport:
    return score(load_gold(EVAL), _system())


def _items(rep: EvalReport, field: str, kind: str, article: str = T01) -> list[str]:
    return [
        m.item for m in rep.misses if m.field == field and m.kind == kind and m.article == article
    ]


# ------------------------------------------------------------------------------------------
# scoring the hand-made fixture


def test_players_match_on_any_id(report: EvalReport) -> None:
    s = report.fields["players"]
    # Wong found by bbref alone, Rushing by mlbam despite a wrong bbref, Busch by mlbam alone;
    # the prospect is missed, Kershaw is a false hit in t01 and a miss in t02 (no output record)
    assert (s.tp, s.fp, s.fn) == (3, 1, 2)
    assert _items(report, "players", "miss") == ["Prospect Nobody (800001)"]
    assert _items(report, "players", "false") == ["Clayton Kershaw (kershcl01)"]
    assert _items(report, "players", "miss", T02) == ["Clayton Kershaw (kershcl01)"]
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_clubs_are_code_sets(report: EvalReport) -> None:
    s = report.fields["clubs"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 2)
    assert _items(report, "clubs", "miss") == ["CHC"]
    assert _items(report, "clubs", "false") == ["CWS"]


def test_people_need_the_right_role(report: EvalReport) -> None:
    s = report.fields["people"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert _items(report, "people", "miss") == ["Dave Roberts/manager"]
    assert _items(report, "people", "false") == ["Dave Roberts/coach"]


def test_moves_and_status(report: EvalReport) -> None:
    moves, status = report.fields["moves"], report.fields["move_status"]
    # the player of a move may be given as a dict of ids
    assert (moves.tp, moves.fp, moves.fn) == (2, 0, 0)
    assert moves.f1 == 1.0
    assert (status.tp, status.fp, status.fn) == (1, 1, 1)
    assert _items(report, "move_status", "miss") == [
        "Dalton Rushing (rushida01): LAD -> BOS trade, interest"
    ]
    assert _items(report, "move_status", "false") == [
        "Dalton Rushing (rushida01): LAD -> BOS trade, talks"
    ]


def test_claims_within_rounding(report: EvalReport) -> None:
    s = report.fields["claims"]
    # AVG .2464 vs .245 (within .0015) and HR 30.04 vs 30 (within .051) are found; OBP .31 vs
    # .3125 is not; the contract claim is left out
    assert (s.tp, s.fp, s.fn) == (3, 1, 1)
    assert _items(report, "claims", "miss") == ["Dalton Rushing (rushida01): 2025 MLB OBP = 0.3125"]
    assert _items(report, "claims", "false") == ["Dalton Rushing (rushida01): 2025 MLB OBP = 0.31"]
    assert not any("CONTRACT" in m.item for m in report.misses)


def test_verdict_accuracy(report: EvalReport) -> None:
    assert report.verdict_n == 3
    assert report.verdict_accuracy == pytest.approx(2 / 3)
    assert [m.item for m in report.misses if m.field == "verdict"] == [
        "Dalton Rushing (rushida01): 2025 MLB G_POS 1B = 8: wrong, output says verified"
    ]


def test_articles_and_extra_output(report: EvalReport) -> None:
    assert report.articles == 2
    assert report.missing_articles == [T02]
    # the record for an article outside the gold set is ignored
    assert not any(m.article == "not-in-gold" or "NYY" in m.item for m in report.misses)
    assert all(s.produced for s in report.fields.values())
    assert report.not_produced == []


def test_misses_are_grouped_by_article_in_gold_order(report: EvalReport) -> None:
    arts = [m.article for m in report.misses]
    assert arts == sorted(arts, key=[T01, T02].index)
    assert all(isinstance(m, Miss) and m.kind in ("miss", "false") for m in report.misses)


def test_field_not_produced_is_scored_and_flagged() -> None:
    system = _system()
    for rec in system:
        rec.pop("moves", None)
        rec.pop("claims", None)
    rep = score(load_gold(EVAL), system)
    for name in ("moves", "move_status", "claims"):
        s = rep.fields[name]
        assert not s.produced
        assert s.tp == 0 and s.fp == 0 and s.f1 == 0.0
    assert rep.fields["moves"].fn == 2
    assert rep.fields["claims"].fn == 4
    assert rep.not_produced == ["moves", "move_status", "claims"]
    assert rep.verdict_n == 0 and rep.verdict_accuracy is None
    assert rep.fields["players"].produced
    text = render(rep, misses=True)
    assert "not produced" in text
    moves_row = next(line for line in text.splitlines() if line.startswith("moves "))
    assert moves_row.endswith("not produced")
    # the gold items of a field not produced are summarized, not listed one by one
    assert "LAD -> CHC" not in text
    d = rep.to_dict()
    assert d["not_produced"] == ["moves", "move_status", "claims"]
    assert d["fields"]["moves"]["produced"] is False


def test_duplicates_in_output_count_once() -> None:
    gold = [{"id": "x", "clubs": ["BOS"], "players": [{"name": "A", "bbref": "aaaa01"}]}]
    system = [
        {
            "id": "x",
            "clubs": ["BOS", "BOS", "NYY", "NYY"],
            "players": [{"name": "A", "bbref": "aaaa01"}, {"name": "A", "bbref": "aaaa01"}],
        }
    ]
    rep = score(gold, system)
    assert (rep.fields["clubs"].tp, rep.fields["clubs"].fp) == (1, 1)
    assert (rep.fields["players"].tp, rep.fields["players"].fp) == (1, 0)


def test_error_records_count_as_missing() -> None:
    gold = [{"id": "x", "path": "articles/x.txt", "clubs": ["BOS"]}]
    system = [{"source": "in/x.txt", "error": "cannot read"}]
    rep = score(gold, system)
    assert rep.missing_articles == ["x"]
    assert rep.fields["clubs"].fn == 1


# ------------------------------------------------------------------------------------------
# output


def test_to_dict_is_json(report: EvalReport) -> None:
    d = json.loads(json.dumps(report.to_dict()))
    assert set(d["fields"]) == set(FIELDS)
    assert d["fields"]["players"] == {
        "field": "players",
        "tp": 3,
        "fp": 1,
        "fn": 2,
        "precision": 0.75,
        "recall": 0.6,
        "f1": 0.667,
        "produced": True,
    }
    assert d["verdict_accuracy"] == 0.667 and d["verdict_n"] == 3
    assert d["missing_articles"] == [T02]
    assert {"field": "clubs", "article": T01, "kind": "false", "item": "CWS"} in d["misses"]


def test_render_table_and_misses(report: EvalReport) -> None:
    table = render(report, misses=False)
    lines = table.splitlines()
    assert lines[0].split() == ["field", "precision", "recall", "F1", "tp", "fp", "fn"]
    assert lines[2].split() == ["players", "0.750", "0.600", "0.667", "3", "1", "2"]
    assert "claim verdicts: 0.667 accuracy (2/3 found claims)" in table
    assert T02 in table  # named as missing from the output
    assert "CWS" not in table

    full = render(report, misses=True)
    assert full.startswith(table.rstrip("\n"))
    body = full[len(table) :].splitlines()
    assert "  false clubs: CWS" in body
    assert "  miss  people: Dave Roberts/manager" in body
    assert "  miss  players: Prospect Nobody (800001)" in body
    # grouped: the t01 heading comes before its items, t02 after all of them
    assert body.index(T01) < body.index("  false clubs: CWS") < body.index(T02)
    assert body.index(T02) > max(i for i, line in enumerate(body) if "CWS" in line)
    assert "  miss  players: Clayton Kershaw (kershcl01)" in body[body.index(T02) :]


# ------------------------------------------------------------------------------------------
# reading a gold set


def test_load_gold_and_article_paths() -> None:
    gold = load_gold(EVAL)
    assert [g["id"] for g in gold] == ["t01", "t02"]
    assert load_gold(EVAL / "gold.jsonl") == gold
    paths = article_paths(EVAL)
    assert paths == [EVAL / "articles" / f"{T01}.txt", EVAL / "articles" / f"{T02}.txt"]
    assert all(p.is_file() for p in paths)


def test_load_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="No gold set"):
        load_gold(tmp_path / "absent")
    with pytest.raises(SourceUnavailable, match="No gold.jsonl"):
        load_gold(tmp_path)
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a"}\n\n{"id": "b", oops}\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"line 3: not valid JSON") as exc:
        load_gold(tmp_path)
    assert "\n" not in str(exc.value)
    gold.write_text('{"id": "a"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(BadInput, match="line 2: expected a JSON object"):
        load_gold(tmp_path)
    gold.write_text('{"id": "a", "clubs": "BOS"}\n', encoding="utf-8")
    with pytest.raises(BadInput, match="line 1: `clubs` must be a list"):
        load_gold(tmp_path)
    gold.write_text('{"outlet": "x"}\n', encoding="utf-8")
    with pytest.raises(BadInput, match="line 1: .*neither `id` nor `path`"):
        load_gold(tmp_path)
    gold.write_text("\n", encoding="utf-8")
    with pytest.raises(BadInput, match="no gold records"):
        load_gold(tmp_path)
    gold.write_bytes(b'{"id": "a"}\n{"id": "\xff"}\n')
    with pytest.raises(BadInput, match="line 2: not UTF-8"):
        load_gold(tmp_path)


def test_article_paths_missing_file(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text(
        '{"id": "a", "path": "articles/a.txt"}\n{"id": "b"}\n', encoding="utf-8"
    )
    with pytest.raises(SourceUnavailable, match=r"a\.txt \(and 1 more\)"):
        article_paths(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("t\nb\n", encoding="utf-8")
    (tmp_path / "articles" / "b.txt").write_text("t\nb\n", encoding="utf-8")
    assert article_paths(tmp_path) == [
        tmp_path / "articles" / "a.txt",
        tmp_path / "articles" / "b.txt",
    ]


# ------------------------------------------------------------------------------------------
# the real dev gold and the independent scorer


@pytest.mark.skipif(not (DEV / "gold.jsonl").is_file(), reason="no dev gold set")
def test_dev_gold_against_itself_is_perfect() -> None:
    gold = load_gold(DEV)
    rep = score(gold, [dict(g) for g in gold])
    assert rep.articles == len(gold) and rep.missing_articles == []
    for name in FIELDS:
        s = rep.fields[name]
        assert s.f1 == 1.0, (name, s)
        assert s.fp == 0 and s.fn == 0
    assert rep.misses == []
    assert rep.verdict_accuracy == 1.0
    assert all(p.is_file() for p in article_paths(DEV))


@pytest.mark.skipif(not SCORER.is_file(), reason="no shared/eval/score.py")
def test_f1_agrees_with_the_independent_scorer(report: EvalReport) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            str(EVAL / "gold.jsonl"),
            str(EVAL / "system.jsonl"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    theirs = json.loads(proc.stdout.strip().splitlines()[-1])
    for name in FIELDS:
        ours = report.fields[name]
        assert round(ours.f1, 3) == theirs[name]["f1"], name
        assert (ours.tp, ours.fp, ours.fn) == (
            theirs[name]["tp"],
            theirs[name]["fp"],
            theirs[name]["fn"],
        ), name
    assert theirs["verdict_accuracy"]["n"] == report.verdict_n
    assert theirs["verdict_accuracy"]["accuracy"] == round(report.verdict_accuracy or 0, 3)
    assert theirs["articles"]["missing_in_output"] == report.missing_articles


def _perturb(gold: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """A plausible imperfect system output made from gold: items dropped, altered and added."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for g in gold:
        if rng.random() < 0.1:
            continue  # article missing from the output
        rec = json.loads(json.dumps(g))
        players = []
        for p in rec.get("players", []):
            r = rng.random()
            if r < 0.15:
                continue
            if r < 0.3:
                p["bbref"] = None  # found by mlbam only
            elif r < 0.4:
                p["mlbam"] = None
                p["bbref"] = "zzzzz01"  # a wrong id: a miss and a false hit
            players.append(p)
        rec["players"] = players
        rec["clubs"] = [c for c in rec.get("clubs", []) if rng.random() > 0.2] + (
            ["CWS"] if rng.random() < 0.3 else []
        )
        for p in rec.get("people", []):
            if rng.random() < 0.2:
                p["role"] = "coach"
        for m in rec.get("moves", []):
            r = rng.random()
            if r < 0.2:
                m["status"] = "talks"
            elif r < 0.3:
                m["to"] = None
        claims = []
        for c in rec.get("claims", []):
            r = rng.random()
            if r < 0.15:
                continue
            if r < 0.35 and isinstance(c.get("value"), (int, float)):
                c["value"] += rng.choice([0.001, 0.002, 0.04, 0.06])
            if rng.random() < 0.2:
                c["verdict"] = "wrong"
            claims.append(c)
        rec["claims"] = claims
        if rng.random() < 0.3:
            rec.pop(rng.choice(["moves", "people"]))
        out.append(rec)
    return out


@pytest.mark.skipif(
    not (SCORER.is_file() and (DEV / "gold.jsonl").is_file()), reason="no scorer or dev gold"
)
@pytest.mark.parametrize("seed", range(5))
def test_counts_agree_with_the_independent_scorer_on_perturbed_dev(
    seed: int, tmp_path: Path
) -> None:
    gold = load_gold(DEV)
    system = _perturb(gold, seed)
    sys_file = tmp_path / "system.jsonl"
    sys_file.write_text("".join(json.dumps(r) + "\n" for r in system), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(DEV / "gold.jsonl"), str(sys_file), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    theirs = json.loads(proc.stdout.strip().splitlines()[-1])
    rep = score(gold, system)
    for name in FIELDS:
        s = rep.fields[name]
        assert (s.tp, s.fp, s.fn) == (
            theirs[name]["tp"],
            theirs[name]["fp"],
            theirs[name]["fn"],
        ), name
        assert round(s.f1, 3) == theirs[name]["f1"], name
    assert theirs["verdict_accuracy"]["n"] == rep.verdict_n
    assert theirs["articles"]["missing_in_output"] == rep.missing_articles
