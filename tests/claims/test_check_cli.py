"""`hotstove check` through the command line, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "articles"

pytestmark = pytest.mark.kb


def _run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTSTOVE_DB": str(db), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "hotstove", *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)  # fmt: skip


def test_check_marks_every_claim(real_kb_path: Path, tmp_path: Path) -> None:
    text = (SEED / "seed-003-rushing-bold-pursuit.txt").read_text("utf-8")
    altered = tmp_path / "altered.txt"
    altered.write_text(text.replace("striking out 58 times", "striking out 68 times"), "utf-8")
    proc = _run("check", str(altered), "--json", db=real_kb_path)
    assert proc.returncode == 0, proc.stderr
    claims = json.loads(proc.stdout.splitlines()[0])["claims"]
    so = [c for c in claims if c["stat"] == "SO"]
    assert so and so[0]["verdict"] == "wrong" and so[0]["truth"] == 58
    aaa = [c for c in claims if c["level"] == "AAA"]
    assert aaa and all(c["verdict"] == "unverifiable" and c["why"] for c in aaa)
    shown = _run("check", str(altered), db=real_kb_path)
    assert "WRONG" in shown.stdout and "wrong" in shown.stdout.splitlines()[-2]
