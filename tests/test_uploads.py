"""Uploads: what is stored, under which name, and that a refusal leaves the folder untouched."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from routes.articles import load_corpus
from routes.errors import UploadError
from routes.uploads import MAX_UPLOAD_BYTES, safe_name, save_upload

GOOD = b"By Jane Roe\n\nThe Middle Corridor carried more containers in 2023.\n"
GOOD_MD = b"---\ntitle: Ferry\ndate: 2023-05-17\n---\nThe Aktau ferry is busy.\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def test_upload_is_stored_verbatim_and_loads_as_an_article(tmp_path) -> None:
    path = save_upload(tmp_path, "ferry.txt", GOOD)
    assert path == tmp_path / "ferry.txt"
    assert path.read_bytes() == GOOD
    corpus = load_corpus(tmp_path)
    assert [a.file_name for a in corpus.articles] == ["ferry.txt"]
    assert corpus.articles[0].author == "Jane Roe"


def test_markdown_upload_with_front_matter_is_accepted(tmp_path) -> None:
    assert save_upload(tmp_path, "Ferry News.MD", GOOD_MD).name == "Ferry-News.md"


def test_folder_is_created_when_missing(tmp_path) -> None:
    assert save_upload(tmp_path / "new" / "dir", "a.txt", GOOD).exists()


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\evil.md", "evil.md"),
        ("/abs/path/news.txt", "news.txt"),
        ("my report (final).txt", "my-report-final.txt"),
        (".hidden.txt", "hidden.txt"),
        ("Qazaqstan\u2013Baku news.txt", "Qazaqstan-Baku-news.txt"),
        ("README.md", "README-article.md"),
    ],
)
def test_names_are_reduced_to_a_safe_basename(tmp_path, filename: str, stored: str) -> None:
    path = save_upload(tmp_path, filename, GOOD)
    assert path.name == stored
    assert path.parent == tmp_path


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("../../etc/passwd", GOOD, "only .txt, .md, .html, .htm and .pdf"),
        ("report.docx", GOOD, "only .txt, .md, .html, .htm and .pdf"),
        ("archive.txt.exe", GOOD, "only .txt, .md, .html, .htm and .pdf"),
        ("report.pdf", GOOD, "not a PDF file"),
        ("page.html", GOOD, "not an HTML page"),
        ("...", GOOD, "no usable file name"),
        ("", GOOD, "no usable file name"),
        ("big.txt", b"a " * (MAX_UPLOAD_BYTES // 2 + 1), "upload limit"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("empty.txt", b"", "empty"),
        ("bad.md", b"---\ntitle: [oops\n---\nText\n", "broken front matter"),
    ],
)
def test_refused_uploads_name_the_file_and_change_nothing(
    tmp_path, filename: str, data: bytes, reason: str
) -> None:
    (tmp_path / "existing.txt").write_bytes(GOOD)
    before = _files(tmp_path)
    with pytest.raises(UploadError) as info:
        save_upload(tmp_path, filename, data)
    assert reason in str(info.value)
    assert (filename or "(no name)") in str(info.value)
    assert _files(tmp_path) == before


def test_refusal_does_not_create_the_folder(tmp_path) -> None:
    with pytest.raises(UploadError):
        save_upload(tmp_path / "new", "x.docx", GOOD)
    assert not (tmp_path / "new").exists()


def test_a_clash_gets_a_new_name_and_never_overwrites(tmp_path) -> None:
    first = save_upload(tmp_path, "news.txt", GOOD)
    second = save_upload(tmp_path, "news.txt", GOOD + b"Another.\n")
    third = save_upload(tmp_path, "news.txt", GOOD)
    assert [first.name, second.name, third.name] == ["news.txt", "news-2.txt", "news-3.txt"]
    assert first.read_bytes() == GOOD


def test_no_temporary_files_are_left_behind(tmp_path) -> None:
    save_upload(tmp_path, "a.txt", GOOD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_two_sessions_saving_the_same_name_at_once_both_survive(tmp_path) -> None:
    count = 16
    barrier = threading.Barrier(count)
    results: list[Path] = []
    errors: list[BaseException] = []

    def upload(i: int) -> None:
        data = GOOD + f"Upload number {i}.\n".encode()
        barrier.wait()
        try:
            results.append(save_upload(tmp_path, "same.txt", data))
        except BaseException as exc:  # collected so the main thread can fail the test
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({p.name for p in results}) == count
    contents = {p.read_bytes() for p in results}
    assert contents == {GOOD + f"Upload number {i}.\n".encode() for i in range(count)}
    assert len(list(tmp_path.iterdir())) == count


def test_safe_name_strips_everything_but_the_basename() -> None:
    assert safe_name("a/b/../c d.TXT") == "c-d.txt"
