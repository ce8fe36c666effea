"""The app's excerpt-language filter, through Streamlit's AppTest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PROJECT = Path(__file__).resolve().parent.parent
LANGUAGES_DIR = PROJECT / "tests" / "data" / "languages"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled English articles and one article in each of the six languages."""
    folder = tmp_path / "articles"
    shutil.copytree(PROJECT / "geodata" / "articles", folder)
    for path in LANGUAGES_DIR.iterdir():
        shutil.copy(path, folder)
    monkeypatch.setenv("ROUTES_ARTICLES", str(folder))
    monkeypatch.delenv("ROUTES_GEODATA", raising=False)
    return folder


def _cards(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html") if 'class="excerpt"' in e.proto.body)


def test_the_language_filter_keeps_only_the_chosen_languages(corpus: Path) -> None:
    at = AppTest.from_file(str(PROJECT / "app.py"), default_timeout=60)
    at.query_params["sel"] = "btk-akhalkalaki-kars"
    at.run()
    assert not at.exception
    choice = at.multiselect(key="languages")
    assert choice.options == ["Azerbaijani", "English", "Georgian", "Kazakh", "Russian", "Turkish", "Chinese"]
    cards = _cards(at)
    assert "<mark>ბაქო-თბილისი-ყარსის რკინიგზაზე</mark>" in cards  # Georgian, highlighted as written
    assert "<mark>Bakü-Tiflis-Kars demiryolunun</mark>" in cards
    assert "in Georgian · ka-btk.txt" in cards

    choice.select("tr").run()
    cards = _cards(at)
    assert "Bakü-Tiflis-Kars demiryolunun" in cards and "ბაქო" not in cards

    at.text_input(key="query").input("Ceyhan").run()  # the search follows the filter too
    assert "Bakü-Tiflis-Ceyhan boru hattından" in _cards(at)
