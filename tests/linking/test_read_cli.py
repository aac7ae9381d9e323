"""``hotstove read`` and ``hotstove eval`` as users run them: the real command in a subprocess.

``--json`` prints one object per article per line; an input that cannot be read is one coded
``HS107`` line on stderr while the rest of the batch is still read, and the exit code says that
something failed. Never a traceback.

The subprocesses keep the user's cache directory (where the name index of a knowledge base is
pickled), so only the first run after a knowledge-base build pays for building the index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from linking_seeds import DEV_SET, SEED_PLAYERS_BBREF, SEED_PLAYERS_MLBAM, SEEDS

pytestmark = pytest.mark.kb

NOWHERE = "http://127.0.0.1:9"  # the discard port: refused at once, never the internet
URL_VARS = ("HOTSTOVE_REGISTER_URL", "HOTSTOVE_SAVANT_URL", "HOTSTOVE_STATSAPI_URL")
needs_seeds = pytest.mark.skipif(len(SEEDS) != 2, reason="the shared seed articles are absent")


def run(*args: str, db: Path, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOTSTOVE_")}
    env.update(NO_COLOR="1", COLUMNS="120", TERM="dumb", PYTHONIOENCODING="utf-8")
    env.update(HOTSTOVE_DB=str(db), **dict.fromkeys(URL_VARS, NOWHERE))
    if cache is not None:
        env["HOTSTOVE_CACHE"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "hotstove", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


def records(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines(proc.stdout)]


@needs_seeds
def test_read_seeds_json(real_kb_path: Path) -> None:
    proc = run("read", *map(str, SEEDS), "--json", db=real_kb_path)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    assert proc.stderr == ""
    got = records(proc)
    assert [r["source"] for r in got] == [str(p) for p in SEEDS]
    bbrefs = {p["bbref"] for r in got for p in r["players"] if p["bbref"]}
    mlbams = {p["mlbam"] for r in got for p in r["players"]}
    assert set(SEED_PLAYERS_BBREF) <= bbrefs
    assert set(SEED_PLAYERS_MLBAM) <= mlbams
    assert {c for r in got for c in r["clubs"]} == {"BOS", "LAD", "CIN", "CHC"}
    roles = {(p["name"], p["role"]) for r in got for p in r["people"]}
    assert {
        ("Dave Roberts", "manager"),
        ("Craig Breslow", "executive"),
        ("Sean McAdam", "reporter"),
    } <= roles
    assert not {"roberda07", "breslcr01"} & bbrefs
    for r, path in zip(got, SEEDS, strict=True):
        text = path.read_text("utf-8")
        for p in r["players"]:
            for m in p["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]


@needs_seeds
def test_read_batch_with_bad_inputs(real_kb_path: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.bin"
    binary.write_bytes(bytes(range(256)) * 16)
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body><div><div><span></span></div>", "utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text("Red Sox news\n\n" + "The Red Sox talked trade. " * 800_000, "utf-8")
    assert huge.stat().st_size > 20_000_000
    good = SEEDS[0]
    bad = [empty, binary, broken, huge]

    proc = run("read", *map(str, [*bad, good]), "--json", db=real_kb_path)
    assert proc.returncode == 1, proc.stderr
    assert_no_traceback(proc)
    errors = lines(proc.stderr)
    assert len(errors) == len(bad), proc.stderr
    for line, path in zip(errors, bad, strict=True):
        assert line.startswith(f"HS107: {path}: "), line
    assert "MB" in errors[3]  # the size is named
    [article] = records(proc)
    assert article["source"] == str(good)
    assert "rushida01" in {p["bbref"] for p in article["players"]}


def test_read_ftp_url_is_one_line_error(real_kb_path: Path) -> None:
    proc = run("read", "ftp://example.com/story.txt", "--json", db=real_kb_path)
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert proc.stdout == ""
    [line] = lines(proc.stderr)
    assert line.startswith("HS107: ftp://example.com/story.txt: ")
    assert "http" in line


@pytest.mark.skipif(not (DEV_SET / "gold.jsonl").is_file(), reason="no dev set")
def test_eval_dev_set_players(real_kb_path: Path) -> None:
    proc = run("eval", str(DEV_SET), "--json", "--no-threads", db=real_kb_path)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    report = json.loads(proc.stdout)
    assert report["missing_articles"] == []
    assert report["fields"]["players"]["f1"] >= 0.9, report["fields"]["players"]
    assert report["fields"]["clubs"]["f1"] >= 0.9, report["fields"]["clubs"]
    assert report["fields"]["people"]["f1"] >= 0.8, report["fields"]["people"]


@needs_seeds
def test_first_read_after_build_is_quiet(tiny_kb_path: Path, tmp_path: Path) -> None:
    """The first read of a new knowledge base builds the name index: stderr stays empty."""
    proc = run("read", str(SEEDS[0]), "--json", db=tiny_kb_path, cache=tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert records(proc)
    assert proc.stderr == ""
