"""The app's logic through Streamlit's AppTest: toggles, selection, URL state, bad data."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PROJECT = Path(__file__).resolve().parent.parent
APP = str(PROJECT / "app.py")
GEODATA = PROJECT / "geodata"
ARTIFACT = "important international traffic artery"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled articles, so nothing the app does touches the real corpus."""
    folder = tmp_path / "articles"
    shutil.copytree(GEODATA / "articles", folder)
    monkeypatch.setenv("ROUTES_ARTICLES", str(folder))
    monkeypatch.delenv("ROUTES_GEODATA", raising=False)
    return folder


def run(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def map_script(at: AppTest) -> str:
    """What streamlit-folium was asked to draw (map and feature groups)."""
    return at.get("component_instance")[0].proto.json_args


def html_text(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def test_app_starts_with_every_segment_shown(corpus: Path) -> None:
    at = run()
    assert not at.exception
    segments = json.loads((GEODATA / "segments.geojson").read_text("utf-8"))["features"]
    assert len(at.checkbox) == len(segments) and all(cb.value for cb in at.checkbox)
    script = map_script(at)
    assert all(f"seg-{f['properties']['id']}" in script for f in segments)
    assert "cdn.jsdelivr" not in script and "/app/static/leaflet.js" in script
    summary = "\n".join(m.value for m in at.markdown)
    assert "**Countries crossed:** Azerbaijan, China, Georgia, Kazakhstan" in summary
    assert "1,435 mm" in summary  # breaks of gauge are listed


def test_unchecking_a_segment_removes_it_and_updates_the_url(corpus: Path) -> None:
    at = run()
    at.checkbox(key="seg:tr-marmaray").uncheck()
    at.run()
    assert "seg-tr-marmaray" not in map_script(at)
    assert "seg-tr-kars-ankara" in map_script(at)
    assert "tr-marmaray" not in at.query_params["show"]


def test_hide_all_in_a_group_hides_only_that_group(corpus: Path) -> None:
    at = run()
    at.button(key="none:BTC pipeline").click()
    at.run()
    assert not [cb for cb in at.checkbox if cb.key.startswith("seg:btc-") and cb.value]
    assert at.checkbox(key="seg:kz-beineu-aktau").value
    assert "seg-btc-georgia" not in map_script(at)


def test_url_reopens_the_same_view(corpus: Path) -> None:
    at = run({"show": "caspian-aktau-alat,btc-georgia", "sel": "caspian-aktau-alat"})
    shown = {cb.key.removeprefix("seg:") for cb in at.checkbox if cb.value}
    assert shown == {"caspian-aktau-alat", "btc-georgia"}
    assert at.subheader[0].value == "Aktau – Alat (Baku) ferry"
    assert ARTIFACT in html_text(at)


def test_selected_segment_panel_shows_facts_sources_and_highlighted_excerpts(corpus: Path) -> None:
    at = run({"sel": "btc-georgia"})
    text = html_text(at)
    assert "249 km stated" in text
    assert "<mark>Baku-Tbilisi-Ceyhan oil pipeline</mark>" in text
    assert "AzerNews · Leman Mammadova · 2019-07-03 · 001_454bf1c631e23a3d.txt" in text
    assert "https://" in text  # sources are links


def test_search_lists_matching_excerpts_with_a_way_to_the_map(corpus: Path) -> None:
    at = run()
    at.text_input(key="query").input("traffic artery")
    at.run()
    assert ARTIFACT in html_text(at)
    at.button(key="hit:0").click()
    at.run()
    assert at.query_params["sel"].startswith("caspian-")


def test_empty_corpus_still_draws_the_map_and_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ROUTES_ARTICLES", str(tmp_path / "nothing-here"))
    at = run({"sel": "btc-georgia"})
    assert not at.exception
    assert "seg-btc-georgia" in map_script(at)
    assert any("no articles" in i.value for i in at.info)


@pytest.fixture
def broken_geodata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path) -> Path:
    folder = tmp_path / "geodata"
    folder.mkdir()
    shutil.copy(GEODATA / "nodes.geojson", folder)
    doc = json.loads((GEODATA / "segments.geojson").read_text("utf-8"))
    doc["features"][3]["properties"]["mode"] = "hovercraft"
    (folder / "segments.geojson").write_text(json.dumps(doc), "utf-8")
    monkeypatch.setenv("ROUTES_GEODATA", str(folder))
    return folder


def test_one_bad_feature_is_named_and_the_rest_is_drawn(broken_geodata: Path) -> None:
    at = run()
    assert not at.exception
    bad_id = json.loads((broken_geodata / "segments.geojson").read_text("utf-8"))["features"][3][
        "properties"
    ]["id"]
    assert any(f"feature 3 (id={bad_id})" in e.value and "hovercraft" in e.value for e in at.error)
    assert f"seg-{bad_id}" not in map_script(at)
    assert "seg-btc-georgia" in map_script(at)


def test_invalid_json_shows_an_error_box_not_a_traceback(broken_geodata: Path) -> None:
    (broken_geodata / "segments.geojson").write_text("{oops", "utf-8")
    at = run()
    assert not at.exception
    assert any("segments.geojson: invalid JSON" in e.value for e in at.error)


def test_a_new_article_in_the_corpus_is_linked_on_the_next_run(corpus: Path) -> None:
    at = run()
    (corpus / "new.txt").write_text(
        "By Test Author\n\nThe Kuryk port ferry terminal doubled its unique zebra cargo.\n", "utf-8"
    )
    at.text_input(key="query").input("zebra cargo")
    at.run()
    assert "unique zebra cargo" in html_text(at)


def test_zoom_to_segment_moves_the_map_every_time_it_is_asked(corpus: Path) -> None:
    at = run({"sel": "btc-georgia"})
    at.button(key="zoom-selected").click()
    at.run()
    first = at.session_state["center"]
    lat, lon = first
    assert 41.0 < lat < 42.5 and 42.0 < lon < 45.5  # Georgia
    at.button(key="zoom-selected").click()
    at.run()
    assert at.session_state["center"] != first  # a new request, even for the same view


# --- uploads into the user's own folder ------------------------------------------------------

DATA = PROJECT / "tests" / "data"


@pytest.fixture
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No --articles: the app reads the bundled corpus and keeps uploads in the user's folder."""
    monkeypatch.delenv("ROUTES_ARTICLES", raising=False)
    monkeypatch.delenv("ROUTES_GEODATA", raising=False)
    monkeypatch.setenv("ROUTES_USER_DATA", str(tmp_path / "user"))
    return tmp_path / "user" / "articles"


def _repository_state() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=PROJECT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def _sidebar_messages(at: AppTest) -> list[str]:
    return [m.value for m in (*at.sidebar.success, *at.sidebar.error)]


def _search(at: AppTest, words: str) -> str:
    at.text_input(key="query").input(words)
    at.run()
    return html_text(at)


@pytest.mark.parametrize(
    ("fixture", "mime", "words", "cited"),
    [
        ("report.pdf", "application/pdf", "bottleneck of the route", "report.pdf · p. 2"),
        ("saved-page.html", "text/html", "carried more containers in April",
         "Caspian Wire · Aida Karimova · 2024-05-14 · saved-page.html"),
    ],
)  # fmt: skip
def test_an_upload_lands_in_the_users_folder_is_listed_and_can_be_removed(
    user_folder: Path, fixture: str, mime: str, words: str, cited: str
) -> None:
    before = _repository_state()
    at = run()
    assert "None yet" in "\n".join(m.value for m in at.sidebar.markdown)
    at.sidebar.file_uploader[0].set_value((fixture, (DATA / fixture).read_bytes(), mime))
    at.run()
    assert not at.exception
    assert _sidebar_messages(at) == [f"Added {fixture} to the corpus."]
    assert [p.name for p in user_folder.iterdir()] == [fixture]
    assert _repository_state() == before  # the bundled corpus and the repository are untouched
    assert at.sidebar.expander[-1].label == "Your articles (1)"
    assert cited in _search(at, words)

    at.selectbox(key="remove-choice").select(fixture)
    at.button(key="remove-upload").click()
    at.run()
    assert f"Removed {fixture}." in _sidebar_messages(at)
    assert list(user_folder.iterdir()) == []
    assert at.sidebar.expander[-1].label == "Your articles (0)"
    assert cited not in _search(at, words)


def test_a_broken_upload_is_refused_by_name_and_the_corpus_still_loads(user_folder: Path) -> None:
    at = run()
    broken = (DATA / "report.pdf").read_bytes()[:5000]
    at.sidebar.file_uploader[0].set_value(("cut.pdf", broken, "application/pdf"))
    at.run()
    assert not at.exception
    assert any(m.startswith("cut.pdf: broken PDF") for m in _sidebar_messages(at))
    assert not user_folder.exists() or list(user_folder.iterdir()) == []
    assert ARTIFACT in _search(at, "traffic artery")  # the bundled articles are all still there


def test_broken_files_in_the_users_folder_are_named_and_everything_else_loads(user_folder: Path) -> None:
    user_folder.mkdir(parents=True)
    (user_folder / "cut.pdf").write_bytes((DATA / "report.pdf").read_bytes()[:5000])
    (user_folder / "notes.html").write_bytes(b"Just a note, no markup.\n")
    (user_folder / "odd.txt").write_bytes(b"\xff\xfeA\x00B")
    shutil.copy(DATA / "saved-page.html", user_folder)
    at = run()
    assert not at.exception
    assert "3 article file(s) skipped" in [e.label for e in at.expander]
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("cut.pdf: broken PDF") for w in warnings)
    assert "notes.html: not an HTML page (no HTML tags found)" in warnings
    assert "odd.txt: not valid UTF-16 after its byte-order mark" in warnings
    assert "Caspian Wire · Aida Karimova" in _search(at, "carried more containers in April")
    assert ARTIFACT in _search(at, "traffic artery")
