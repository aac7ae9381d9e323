"""Ingest and threads: idempotent, resumable, one thread per rumor across outlets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hotstove import api
from hotstove.kb.store import KB

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = SHARED / "examples" / "articles"
DEV = SHARED / "eval" / "dev" / "articles"

pytestmark = pytest.mark.kb


@pytest.fixture
def scratch_kb(real_kb_path: Path, tmp_path: Path) -> Path:
    db = tmp_path / "kb.duckdb"
    shutil.copy(real_kb_path, db)
    return db


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with KB.open(db) as kb:
        return {
            t: sorted(map(tuple, kb.con.execute(f"SELECT * EXCLUDE (minhash) FROM {t}").fetchall()))
            if t == "threads"
            else sorted(map(tuple, kb.con.execute(f"SELECT * FROM {t}").fetchall()), key=repr)
            for t in ("articles", "article_moves", "threads", "thread_articles", "thread_bands")
        }


def test_seeds_form_one_rushing_thread_credited_to_mcadam(scratch_kb: Path) -> None:
    report = api.ingest([SEEDS], db=scratch_kb)
    assert report.stored == 2 and not report.failed
    threads = api.rumors(db=scratch_kb)
    rushing = [t for t in threads if t["player"]["bbref"] == "rushida01"
               and t["status"] != "completed"]  # fmt: skip
    assert len(rushing) == 1, rushing
    t = rushing[0]
    assert (t["from"], t["to"], t["kind"]) == ("LAD", "BOS", "trade")
    assert len(t["articles"]) == 2
    assert t["first_source"]["reporter"] == "Sean McAdam"
    assert t["first_source"]["outlet"] == "MassLive"
    # recalled old deals are stored as completed moves but are not rumor threads
    with KB.open(scratch_kb) as kb:
        recalled = kb.rows(
            "SELECT name, status, thread_id FROM article_moves WHERE player = 'bettsmo01'"
        )
    assert recalled and all(r["status"] == "completed" and r["thread_id"] is None for r in recalled)
    assert any(r["reporter"] == "Sean McAdam" for r in api.reporters(db=scratch_kb))


def test_ingest_twice_changes_nothing(scratch_kb: Path) -> None:
    api.ingest([SEEDS], db=scratch_kb)
    before = _snapshot(scratch_kb)
    again = api.ingest([SEEDS], db=scratch_kb)
    assert again.stored == 0 and again.skipped == 2
    assert _snapshot(scratch_kb) == before


def test_killed_ingest_resumes_without_duplicates(
    scratch_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotstove.rumors import threads

    real_assign = threads.assign
    calls = {"n": 0}

    def dies_on_third(con, la, seq):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C inside the third article
        return real_assign(con, la, seq)

    paths = sorted(DEV.glob("d0*.txt"))[:5]
    monkeypatch.setattr(threads, "assign", dies_on_third)
    with pytest.raises(KeyboardInterrupt):
        api.ingest(paths, db=scratch_kb)
    with KB.open(scratch_kb) as kb:
        n = kb.one("SELECT count(*) AS n FROM articles")
    assert n == {"n": 2}  # the two finished articles are kept, the third rolled back
    monkeypatch.setattr(threads, "assign", real_assign)
    report = api.ingest(paths, db=scratch_kb)
    assert (report.stored, report.skipped) == (3, 2)
    with KB.open(scratch_kb) as kb:
        dupes = kb.one("SELECT count(*) - count(DISTINCT id) AS d FROM articles")
    assert dupes == {"d": 0}


def test_dev_threads_pair_the_same_rumor_only(scratch_kb: Path) -> None:
    api.ingest([DEV], db=scratch_kb)
    with KB.open(scratch_kb) as kb:
        by_source = {
            r["id"]: Path(r["source"]).stem for r in kb.rows("SELECT id, source FROM articles")
        }
    groups = [sorted(by_source[a] for a in t["articles"]) for t in api.rumors(db=scratch_kb)]
    together = {tuple(g) for g in groups if len(g) > 1}
    assert ("d08-contreras-red-sox-mets", "d09-contreras-trade-done") in together
    # two stories that only mention the same rumor in passing do not make a thread
    assert not any("d07-alonso-orioles-agreement" in g and len(g) > 1 for g in groups)


def test_rebuild_keeps_the_archive(scratch_kb: Path, tmp_path: Path) -> None:
    from hotstove import config
    from hotstove.kb.build import build

    api.ingest([SEEDS], db=scratch_kb)
    before = api.rumors(db=scratch_kb)
    data = config.data_dir()
    if data is None:
        pytest.skip("no data folder")
    build(scratch_kb, data)
    assert api.rumors(db=scratch_kb) == before
