"""Uploads: what is stored, under which name, and that a refusal leaves the folder untouched."""

from __future__ import annotations

import hashlib
import subprocess
import threading
from pathlib import Path

import pytest

from routes.articles import load_corpus
from routes.errors import UploadError
from routes.paths import ARTICLES_ENV, bundled_geodata, corpus_folders
from routes.uploads import (
    MAX_PDF_UPLOAD_BYTES,
    MAX_UPLOAD_BYTES,
    list_uploads,
    remove_upload,
    safe_name,
    save_upload,
)

DATA = Path(__file__).resolve().parent / "data"
PROJECT = Path(__file__).resolve().parent.parent

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


# --- formats, the user's own folder, listing and removing -----------------------------------


@pytest.mark.parametrize(
    ("fixture", "title"),
    [
        ("saved-page.html", "Middle Corridor ferries carry record cargo"),
        ("report.pdf", "Middle Corridor capacity report"),
        ("ru-utf16.txt", "Паром Актау — Баку снова ходит по расписанию"),
        ("ru-cp1251.txt", "Транскаспийский маршрут растёт"),
        ("headers.txt", "Kazakhstan and Azerbaijan agree on ferry tariffs"),
    ],
)
def test_every_article_format_can_be_uploaded_and_is_stored_verbatim(tmp_path, fixture, title) -> None:
    data = (DATA / fixture).read_bytes()
    path = save_upload(tmp_path, fixture, data)
    assert path.read_bytes() == data
    assert [a.title for a in load_corpus(tmp_path).articles] == [title]


@pytest.mark.parametrize(
    ("filename", "size", "message"),
    [
        ("big.pdf", MAX_PDF_UPLOAD_BYTES + 1, "big.pdf: 5.0 MB is over the 5 MB upload limit"),
        ("big.html", MAX_UPLOAD_BYTES + 1, "big.html: 2.0 MB is over the 2 MB upload limit"),
    ],
)
def test_a_pdf_may_be_bigger_than_a_text_but_not_without_limit(tmp_path, filename, size, message) -> None:
    with pytest.raises(UploadError) as info:
        save_upload(tmp_path, filename, b"%PDF-1.7\n" + b"0" * size)
    assert str(info.value) == message
    assert _files(tmp_path) == {}


def _repository_state() -> tuple[str, str]:
    """`git status --porcelain` of the project and a hash of every file under geodata/."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    digest = hashlib.sha256()
    for path in sorted(bundled_geodata().rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(PROJECT)).encode() + b"\0" + path.read_bytes())
    return status, digest.hexdigest()


def test_default_upload_goes_to_the_user_folder_and_the_repository_is_unchanged(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROUTES_USER_DATA", str(tmp_path / "user"))
    monkeypatch.delenv(ARTICLES_ENV, raising=False)
    before = _repository_state()
    folders = corpus_folders()
    saved = save_upload(folders.uploads, "ferry.txt", GOOD)
    assert saved == tmp_path / "user" / "articles" / "ferry.txt"
    assert _repository_state() == before
    assert saved.parent in folders.read


def test_an_upload_into_the_bundled_corpus_is_refused_and_writes_nothing() -> None:
    before = _repository_state()
    with pytest.raises(UploadError) as info:
        save_upload(bundled_geodata() / "articles", "ferry.txt", GOOD)
    assert "read-only" in str(info.value)
    assert _repository_state() == before


def test_the_users_articles_are_listed_and_one_can_be_removed(tmp_path) -> None:
    for name in ("b.txt", "a.pdf"):
        save_upload(tmp_path, name, GOOD if name.endswith(".txt") else (DATA / "report.pdf").read_bytes())
    (tmp_path / ".upload-x.tmp").write_bytes(b"half")
    (tmp_path / "README.md").write_bytes(b"folder doc")
    (tmp_path / "sub").mkdir()
    assert list_uploads(tmp_path) == ["a.pdf", "b.txt"]
    remove_upload(tmp_path, "a.pdf")
    assert list_uploads(tmp_path) == ["b.txt"]
    assert [a.file_name for a in load_corpus(tmp_path).articles] == ["b.txt"]


def test_listing_a_folder_that_does_not_exist_yet_is_empty(tmp_path) -> None:
    assert list_uploads(tmp_path / "never-created") == []


@pytest.mark.parametrize("name", ["../outside.txt", ".upload-x.tmp", "README.md", "sub", "missing.txt", ""])
def test_only_a_listed_article_can_be_removed(tmp_path, name: str) -> None:
    folder = tmp_path / "mine"
    save_upload(folder, "kept.txt", GOOD)
    (folder / ".upload-x.tmp").write_bytes(b"half")
    (folder / "README.md").write_bytes(b"doc")
    (folder / "sub").mkdir()
    (tmp_path / "outside.txt").write_bytes(GOOD)
    before = _tree(tmp_path)
    with pytest.raises(UploadError) as info:
        remove_upload(folder, name)
    assert "not one of your articles" in str(info.value)
    assert _tree(tmp_path) == before


def _tree(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def test_removing_from_the_bundled_corpus_is_refused() -> None:
    with pytest.raises(UploadError, match="read-only"):
        remove_upload(bundled_geodata() / "articles", "000_240b149e65d7c298.txt")
    assert (bundled_geodata() / "articles" / "000_240b149e65d7c298.txt").exists()
