"""Paths shared by the reading tests: hand-made files in ``fixtures/`` and the real articles."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
SHARED = HERE.parents[2] / "shared"  # the shared folder next to the repository
SEED_ARTICLES = SHARED / "examples" / "articles"
DEV_ARTICLES = SHARED / "eval" / "dev" / "articles"


def real_articles() -> list[Path]:
    """The two seed articles and the 24 dev articles (empty when the shared folder is absent)."""
    found: list[Path] = []
    for folder in (SEED_ARTICLES, DEV_ARTICLES):
        if folder.is_dir():
            found.extend(sorted(folder.glob("*.txt")))
    return found
