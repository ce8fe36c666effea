"""Where articles are read from and where uploads go: never into the bundled geodata/."""

from __future__ import annotations

from pathlib import Path

import pytest

from routes.paths import (
    ARTICLES_ENV,
    USER_DATA_ENV,
    bundled_geodata,
    corpus_folders,
    is_bundled,
    user_articles,
    user_data_dir,
)

BUNDLED_ARTICLES = bundled_geodata() / "articles"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(USER_DATA_ENV, str(tmp_path / "user"))
    monkeypatch.delenv(ARTICLES_ENV, raising=False)
    return tmp_path / "user"


def test_user_data_folder_follows_the_environment_variable(user_dir: Path) -> None:
    assert user_data_dir() == user_dir
    assert user_articles() == user_dir / "articles"


def test_without_the_variable_it_is_the_platforms_per_user_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(USER_DATA_ENV)
    folder = user_data_dir()
    assert folder.name == "transcaspian-routes"
    assert folder.is_absolute() and not is_bundled(folder)


@pytest.mark.parametrize(
    ("articles", "env", "read", "uploads"),
    [
        # nothing chosen: the bundled corpus plus the user's own, uploads to the user's own
        (None, None, "bundled+user", "user"),
        # a folder of one's own, by flag or environment: read it, upload into it
        ("mine", None, "mine", "mine"),
        (None, "mine", "mine", "mine"),
        # the bundled folder chosen explicitly is still read-only
        ("bundled", None, "bundled+user", "user"),
        (None, "bundled", "bundled+user", "user"),
    ],
)
def test_corpus_folders(
    user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, articles, env, read: str, uploads: str
) -> None:
    names = {"mine": tmp_path / "mine", "bundled": BUNDLED_ARTICLES, "user": user_dir / "articles"}
    if env:
        monkeypatch.setenv(ARTICLES_ENV, str(names[env]))
    folders = corpus_folders(names[articles] if articles else None)
    assert folders.read == tuple(names[n].resolve() for n in read.split("+"))
    assert folders.uploads == names[uploads].resolve()
    assert not is_bundled(folders.uploads)


@pytest.mark.parametrize(
    ("folder", "bundled"),
    [
        (BUNDLED_ARTICLES, True),
        (bundled_geodata(), True),
        (BUNDLED_ARTICLES / "sub", True),
        (BUNDLED_ARTICLES / ".." / ".." / "tests", False),
        (Path("/tmp/elsewhere"), False),
    ],
)
def test_is_bundled(folder: Path, bundled: bool) -> None:
    assert is_bundled(folder) is bundled


def test_a_link_to_the_bundled_folder_is_bundled(tmp_path: Path) -> None:
    link = tmp_path / "articles-link"
    link.symlink_to(BUNDLED_ARTICLES, target_is_directory=True)
    assert is_bundled(link)
    assert corpus_folders(link).uploads != link.resolve()
