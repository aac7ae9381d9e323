"""Files and folders: bad inputs become one-line ReadErrors and never stop the others."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from reading_paths import DEV_ARTICLES, FIXTURES

from hotstove.reading import read
from hotstove.records import Article, ReadError

NOT_ENGLISH = "not English text (hotstove reads English articles)"
STORY = "Red Sox Add a Catcher\n\nThe Boston Red Sox traded for a catcher on Friday night.\n"


def _only(path: Path | str, **kw: object) -> Article | ReadError:
    items = list(read([path], **kw))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_missing_file() -> None:
    missing = FIXTURES / "no-such-article.txt"
    assert _only(missing) == ReadError(str(missing), "no such file or folder")


def test_empty_and_blank_files(tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_bytes(b"\xef\xbb\xbf  \r\n\n\t\n")
    assert _only(empty) == ReadError(str(empty), "empty file")
    assert _only(blank) == ReadError(str(blank), "empty file")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Title\n\nSome text\x00\x01\x02 then binary", "binary file (NUL bytes), not text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (a PDF), not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PNG image), not text"),
        (b"Title\n\n" + bytes(range(1, 9)) * 20 + b" words", "binary data (control characters)"),
        (b"Title\n\nabc \x81\x8d\x8f\x90\x9d def", "undecodable bytes"),
    ],
)
def test_binary_files(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    item = _only(path)
    assert isinstance(item, ReadError)
    assert item.message.startswith(message)


def test_file_over_the_size_cap_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:  # a sparse 20 MB file: the size is checked before reading
        out.truncate(20_000_000)
    item = _only(path)
    assert item == ReadError(str(path), "file is 20.0 MB, over the 5 MB limit; not read")
    small = tmp_path / "small.txt"
    small.write_text(STORY, "utf-8")
    assert isinstance(_only(small, max_bytes=10), ReadError)


@pytest.mark.parametrize("name", ["spanish.txt", "japanese.txt"])
def test_non_english_text(name: str) -> None:
    assert _only(FIXTURES / name) == ReadError(str(FIXTURES / name), NOT_ENGLISH)


def test_non_english_page(tmp_path: Path) -> None:
    body = (FIXTURES / "spanish.txt").read_text("utf-8").split("\n", 2)[2]
    path = tmp_path / "pagina.html"
    path.write_text(f"<html><head><title>Titular</title></head><body><p>{body}</p></body></html>")
    assert _only(path) == ReadError(str(path), NOT_ENGLISH)


def test_decoding_utf8_bom_and_cp1252(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + STORY.replace("\n", "\r\n").encode("utf-8"))
    item = _only(bom)
    assert isinstance(item, Article) and item.text == STORY

    win = tmp_path / "win.txt"
    win.write_bytes(
        "Narváez Stays\r\n\r\nThe Red Sox said Carlos Narváez is their catcher.\r\n".replace(
            "\u2019", "'"
        ).encode("cp1252")
    )
    item = _only(win)
    assert isinstance(item, Article)
    assert item.title == "Narváez Stays"
    assert item.text == "Narváez Stays\n\nThe Red Sox said Carlos Narváez is their catcher.\n"


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/a.txt", "javascript:alert(1)", "data:text/html,hi"],
)
def test_other_url_schemes(url: str) -> None:
    assert _only(url) == ReadError(url, "only http and https URLs are read")


def test_folder_mixing_good_and_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    (folder / "sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    shutil.copy(FIXTURES / "header.txt", folder / "a-header.txt")
    shutil.copy(FIXTURES / "spanish.txt", folder / "b-spanish.txt")
    (folder / "c-empty.txt").write_bytes(b"")
    (folder / "d-binary.bin").write_bytes(b"\x00\x01\x02\x03")
    shutil.copy(FIXTURES / "feed_rss.xml", folder / "sub" / "e-feed.xml")
    shutil.copy(FIXTURES / "page.html", folder / "sub" / "f-page.html")
    shutil.copy(FIXTURES / "articles.jsonl", folder / "g.jsonl")
    (folder / ".DS_Store").write_bytes(b"\x00junk")
    (folder / ".hidden" / "secret.txt").write_text(STORY, "utf-8")

    items = list(read([folder]))
    kinds = [(Path(i.source.split("#")[0]).name, type(i).__name__) for i in items]
    assert kinds == [
        ("a-header.txt", "Article"),
        ("b-spanish.txt", "ReadError"),
        ("c-empty.txt", "ReadError"),
        ("d-binary.bin", "ReadError"),
        ("g.jsonl", "Article"),
        ("g.jsonl", "Article"),
        ("g.jsonl", "ReadError"),
        ("g.jsonl", "Article"),
        ("e-feed.xml", "Article"),
        ("e-feed.xml", "ReadError"),
        ("e-feed.xml", "Article"),
        ("f-page.html", "Article"),
    ]
    assert all("\n" not in i.message for i in items if isinstance(i, ReadError))


def test_sources_are_read_in_order_and_errors_do_not_stop_them(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, "utf-8")
    items = list(read([good, tmp_path / "missing.txt", "ftp://x/y", str(good)]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "ReadError", "Article"]
    assert items[0].id == items[3].id  # type: ignore[union-attr]


def test_a_single_path_is_one_source(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, "utf-8")
    assert len(list(read(str(good)))) == 1  # type: ignore[arg-type]


def test_empty_folder(tmp_path: Path) -> None:
    assert _only(tmp_path) == ReadError(str(tmp_path), "the folder has no files to read")


def test_dev_folder_reads_every_article() -> None:
    if not DEV_ARTICLES.is_dir():
        pytest.skip("no shared articles folder")
    items = list(read([DEV_ARTICLES], published=dt.date(2026, 1, 15)))
    assert len(items) == 24 and all(isinstance(i, Article) for i in items)
    assert len({i.id for i in items}) == 24  # type: ignore[union-attr]
    assert [Path(i.source).name for i in items] == sorted(os.listdir(DEV_ARTICLES))


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "locked.txt"
    path.write_text(STORY, "utf-8")
    path.chmod(0)
    item = _only(path)
    assert isinstance(item, ReadError) and item.message.startswith("cannot read it")


def test_a_parser_crash_is_one_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hotstove.reading import _read

    def boom(*_a: object, **_k: object) -> Article:
        raise RuntimeError("parser bug")

    monkeypatch.setattr(_read, "read_html", boom)
    good = tmp_path / "good.txt"
    good.write_text(STORY, "utf-8")
    items = list(read([FIXTURES / "page.html", good]))
    assert items[0] == ReadError(
        str(FIXTURES / "page.html"), "could not read it (RuntimeError: parser bug)"
    )
    assert isinstance(items[1], Article)
