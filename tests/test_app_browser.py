"""The real app in a real browser: `streamlit run app.py` driven by Chromium through Playwright.

Every request that does not go to 127.0.0.1 is blocked, so these tests also prove the app works
offline. One app server per module (over a temporary copy of the corpus); a fresh browser
context per test. On failure a screenshot lands in test-output/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import browser_support as bs  # tests/ is on sys.path (rootdir conftest, no package)
import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PROJECT = bs.PROJECT
OUTPUT = PROJECT / "test-output"
GEODATA = PROJECT / "geodata"
SEGMENT_NAMES = {
    f["properties"]["id"]: f["properties"]["name"]
    for f in json.loads((GEODATA / "segments.geojson").read_text(encoding="utf-8"))["features"]
}
ALL_IDS = set(SEGMENT_NAMES)
SCRIPT_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_TEMPLATE = "${alert(1)}"
# A dated article beside the bundled one of 2019-07-03: the article dates can leave one out.
DATED_ARTICLE = """---
title: Ferry record
date: '2024-05-14'
outlet: Test Wire
author: Test Writer
---

The Aktau–Alat ferry line carried a record number of wagons in May.
"""
XSS_ARTICLE = f"""By Test Author

The Baku-Tbilisi-Ceyhan pipeline {XSS_IMG} carries oil.

The BTC pipeline {XSS_SCRIPT} runs from Sangachal to Ceyhan.

The Baku-Tbilisi-Ceyhan oil pipeline {XSS_TEMPLATE} crosses three countries.
"""


def _require_browser() -> None:
    required = os.environ.get("ROUTES_REQUIRE_BROWSER") == "1"
    problem = None
    if not bs.CHROMIUM.exists():
        problem = f"{bs.CHROMIUM} is missing"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed"
    if problem:
        if required:
            pytest.fail(f"ROUTES_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A private copy of the bundled articles plus one hostile article; uploads land here."""
    folder = tmp_path_factory.mktemp("browser") / "articles"
    shutil.copytree(GEODATA / "articles", folder)
    (folder / "zz_xss_test.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    (folder / "zz_dated.md").write_text(DATED_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(corpus, tmp_path_factory):
    _require_browser()
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with bs.running_app(corpus, log) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = bs.launch_chromium(pw)
        try:
            yield chromium
        finally:
            chromium.close()


class Session:
    """One browser context (its own cookies, its own Streamlit session) with the network guard."""

    def __init__(self, browser, server) -> None:
        self.context = browser.new_context(viewport={"width": 1500, "height": 1000})
        self.context.set_default_timeout(15_000)
        self.guard = bs.NetworkGuard().install(self.context)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = self.new_page()
        self.server = server

    def new_page(self):
        page = self.context.new_page()
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, query: str = "") -> None:
        bs.open_app(self.page, self.server, query)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser, server, request):
    """A fresh context; screenshot into test-output/ when the test failed."""
    failed_before = request.session.testsfailed
    sess = Session(browser, server)
    yield sess
    report = getattr(request.node, "rep_call", None)
    failed = report.failed if report is not None else request.session.testsfailed > failed_before
    if failed:
        OUTPUT.mkdir(exist_ok=True)
        for i, page in enumerate(sess.context.pages):
            try:
                page.screenshot(path=str(OUTPUT / f"{request.node.name}-{i}.png"), full_page=True)
            except PlaywrightError as exc:  # the page may be the very thing that broke
                print(f"screenshot failed: {exc}")
        print(f"server log:\n{server.log()}")
    sess.close()


def _panel_excerpt(page, text: str):
    return page.locator(".excerpt").filter(has_text=text).first


def _wait_selected(page, seg_id: str) -> None:
    page.get_by_role("heading", name=SEGMENT_NAMES[seg_id], exact=True).wait_for()
    page.wait_for_url(f"**sel={seg_id}**")


# 1 ------------------------------------------------------------------------------------------


def test_map_renders_offline(session):
    session.open()
    page = session.page
    frame = bs.map_frame_object(page)
    assert frame.evaluate("() => typeof L === 'object' && L.version") == "1.9.3"
    assert frame.evaluate("() => !!(window.map && window.map.getZoom)")
    assert bs.segment_ids_drawn(page) == ALL_IDS
    # The tab shows the app's train icon (an SVG: no emoji table imported for it).
    icon = page.locator('link[rel*="icon"]').first.get_attribute("href")
    assert icon.startswith("data:image/svg+xml;base64,")
    # Leaflet came from the app's static folder, not from a CDN.
    assert any(u.endswith("/app/static/leaflet.js") for u in session.guard.allowed)
    page.wait_for_timeout(300)
    assert session.guard.blocked == [], f"requests left 127.0.0.1: {session.guard.blocked}"
    assert session.errors == []


# 2 ------------------------------------------------------------------------------------------


def test_toggle_keeps_zoom_and_iframe(session):
    session.open()
    page = session.page
    # The first render may still fit the bounds once just after the first path shows up (the
    # script's first run settling): zoom in after that, as a user would, then mark the window.
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(500)
    frame = bs.map_frame_object(page)
    frame.evaluate("() => window.map.setView([42.5, 51.0], 6, {animate: false})")
    page.wait_for_timeout(300)
    frame.evaluate("() => { window.__browserTestMarker = 'still here'; }")
    before = bs.map_view(page)
    assert before["zoom"] == 6

    seg = "kz-beineu-aktau"
    bs.set_segment_checkbox(page, SEGMENT_NAMES[seg], False)
    bs.map_frame(page).locator(f"path.seg-{seg}").wait_for(state="detached")
    page.wait_for_url(lambda url: "show=" in url and seg not in url)
    page.wait_for_timeout(400)  # let any late re-render or setView happen before asserting
    frame = bs.map_frame_object(page)
    assert frame.evaluate("() => window.__browserTestMarker") == "still here", "iframe reloaded"
    after = bs.map_view(page)
    assert after["zoom"] == before["zoom"]
    assert after["lat"] == pytest.approx(before["lat"], abs=1e-6)
    assert after["lng"] == pytest.approx(before["lng"], abs=1e-6)
    assert bs.segment_ids_drawn(page) == ALL_IDS - {seg}

    # And back: the path returns, the view still has not moved.
    bs.set_segment_checkbox(page, SEGMENT_NAMES[seg], True)
    bs.map_frame(page).locator(f"path.seg-{seg}").wait_for(state="attached")
    page.wait_for_timeout(300)
    assert bs.map_frame_object(page).evaluate("() => window.__browserTestMarker") == "still here"
    assert bs.map_view(page) == after
    assert session.guard.blocked == []


# 3, 4 ---------------------------------------------------------------------------------------


def test_click_caspian_crossing_shows_its_excerpt(session):
    session.open()
    page = session.page
    bs.click_segment(page, "caspian-aktau-alat")
    _wait_selected(page, "caspian-aktau-alat")
    card = _panel_excerpt(page, "an important international traffic artery")
    card.wait_for()
    assert "Caspian Sea" in card.locator("mark").all_inner_texts()
    assert "001_454bf1c631e23a3d.txt" in card.inner_text()  # the citation names the file
    assert page.locator("table.facts").count() == 1
    paragraph = card.locator("details p.para")
    assert not paragraph.is_visible()  # folded until asked for
    card.locator("summary", has_text="Paragraph").click()
    assert "traffic artery" in paragraph.inner_text()
    assert session.guard.blocked == []


def test_one_click_opens_a_popup_that_stays_open(session):
    # A long line far from others: at the first zoom, short ones sit under node markers.
    seg = "cn-lianyungang-urumqi"
    session.open()
    page = session.page
    bs.click_segment(page, seg)
    _wait_selected(page, seg)
    page.wait_for_timeout(800)  # the rerun after the click has reached the map by now
    frame = bs.map_frame(page)
    assert frame.locator(".leaflet-popup-content").count() == 1
    assert "Lianyungang" in frame.locator(".leaflet-popup-content h4").inner_text()
    assert frame.locator(f"path.seg-{seg}.selected").count() == 1


def test_a_click_on_the_map_leaves_the_sidebar_alone(session):
    # A click reruns only the page under the title: the sidebar's widgets (a toggle per segment
    # and more), most of a full run's messages to the browser, are not sent again for it.
    received: list[int] = []
    session.page.on("websocket", lambda ws: ws.on("framereceived", lambda _data: received.append(1)))
    seg = "cn-lianyungang-urumqi"
    session.open()
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(300)
    toggles = page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').count()
    received.clear()
    bs.click_segment(page, seg)
    _wait_selected(page, seg)
    page.wait_for_timeout(100)
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(300)
    on_click = len(received)
    received.clear()
    bs.set_segment_checkbox(page, SEGMENT_NAMES["tr-marmaray"], False)
    bs.map_frame(page).locator("path.seg-tr-marmaray").wait_for(state="detached")
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(300)
    on_toggle = len(received)
    assert toggles >= len(SEGMENT_NAMES)
    assert on_toggle - on_click >= toggles, (on_click, on_toggle, toggles)
    assert page.get_by_role("heading", name=SEGMENT_NAMES[seg], exact=True).is_visible()


@pytest.mark.parametrize("seg_id", ["kz-beineu-aktau", "az-alat-boyukkasik"])
def test_click_titr_segment_names_the_route(session, seg_id):
    session.open()
    page = session.page
    bs.click_segment(page, seg_id)
    _wait_selected(page, seg_id)
    card = _panel_excerpt(page, "Trans-Caspian International Transport Route")
    card.wait_for()
    assert "Trans-Caspian International Transport Route" in card.locator("mark").all_inner_texts()
    assert session.guard.blocked == []


# 5 ------------------------------------------------------------------------------------------


def _download(page, label: str, target: Path) -> Path:
    # A button clicked while a rerun still replaces it can lose the click (its data is deferred).
    page.wait_for_selector(SCRIPT_IDLE)
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(target)
    return target


def _open_offline_file(browser, path: Path):
    """A new context where nothing but file:// may load; returns (context, page, requests, dialogs)."""
    context = browser.new_context(viewport={"width": 1400, "height": 800})
    requests: list[str] = []
    dialogs: list[str] = []
    context.on("request", lambda r: requests.append(r.url))

    def only_files(route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", only_files)
    page = context.new_page()

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri())
    page.locator("path.segment").first.wait_for(state="attached", timeout=15_000)
    return context, page, requests, dialogs


def _drawn_in(page) -> set[str]:
    classes = page.evaluate(
        "() => Array.from(document.querySelectorAll('path.segment')).map(p => p.getAttribute('class'))"
    )
    return {t.removeprefix("seg-") for c in classes for t in c.split() if t.startswith("seg-")}


def test_export_html_offline_with_hidden_segments(session, browser, tmp_path):
    shown = {"caspian-aktau-alat", "btc-georgia"}
    session.open("show=" + ",".join(sorted(shown)))
    page = session.page
    assert bs.segment_ids_drawn(page) == shown
    html = _download(page, "Download map (HTML)", tmp_path / "map.html")
    geojson = _download(page, "Download GeoJSON", tmp_path / "segments.geojson")
    features = [f["properties"] for f in json.loads(geojson.read_text())["features"]]
    assert {f["id"] for f in features if not f.get("planned")} == shown
    # What the map shows of this year's planned projects goes along (schematic, with status and sources).
    planned = [f for f in features if f.get("planned")]
    this_year = dt.date.today().year
    assert planned and all(f["year"] == this_year and f["sources"] and f["geometry_source"] for f in planned)

    context, offline, requests, dialogs = _open_offline_file(browser, html)
    try:
        assert offline.evaluate("() => typeof L === 'object' && L.version") == "1.9.3"
        assert _drawn_in(offline) == shown
        offline.wait_for_timeout(300)
        outside = [u for u in requests if not u.startswith(("file://", "data:"))]
        assert outside == [], f"the export tried to load: {outside}"
        assert dialogs == []
    finally:
        context.close()


def test_download_figure_png_of_the_view(session, tmp_path):
    """The figure button sends a 300 dpi PNG of what is shown, drawn when clicked, offline."""
    from PIL import Image

    shown = {"btc-georgia", "btc-turkey"}
    session.open("show=" + ",".join(sorted(shown)))
    page = session.page
    assert bs.segment_ids_drawn(page) == shown
    figure = _download(page, "Download figure (PNG)", tmp_path / "figure.png")
    with Image.open(figure) as image:
        assert image.format == "PNG" and image.size[0] == 3000
        assert [round(d) for d in image.info["dpi"]] == [300, 300]
    assert session.guard.blocked == []


# 6 ------------------------------------------------------------------------------------------


def test_hostile_article_text_stays_text(session, browser, tmp_path):
    session.open()
    page = session.page
    seg = "btc-turkey"
    bs.click_segment(page, seg)
    _wait_selected(page, seg)
    # The side panel shows the sentences literally.
    for payload in (XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE):
        _panel_excerpt(page, payload).wait_for()
    assert page.locator(".excerpt img, .excerpt script, .para img").count() == 0
    for card in page.locator(".excerpt").filter(has_text="Test Author").all():
        assert "Test Author" in card.locator(".cite").inner_text()

    # The popup on the map, opened by that same click (it stays open through the rerun).
    popup = bs.map_frame(page).locator(".leaflet-popup-content")
    popup.wait_for()
    popup_text = popup.inner_text()
    assert any(p in popup_text for p in (XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE)), popup_text
    assert popup.locator("img, script").count() == 0

    # The exported standalone map, with its popup opened.
    html = _download(page, "Download map (HTML)", tmp_path / "map.html")
    context, offline, _requests, dialogs = _open_offline_file(browser, html)
    try:
        x, y = bs.segment_point(offline, seg, frame=offline)
        offline.mouse.click(x, y)
        exported_popup = offline.locator(".leaflet-popup-content")
        exported_popup.wait_for()
        assert any(p in exported_popup.inner_text() for p in (XSS_IMG, XSS_SCRIPT, XSS_TEMPLATE))
        assert exported_popup.locator("img, script").count() == 0
        offline.wait_for_timeout(300)
        assert dialogs == []
    finally:
        context.close()
    page.wait_for_timeout(300)
    assert session.dialogs == []
    assert session.guard.blocked == []


# 7 ------------------------------------------------------------------------------------------

SESSIONS = [  # (segment hidden, segment selected), all different
    ("ua-chornomorsk-mostyska", "caspian-aktau-alat"),
    ("ge-samtredia-batumi", "kz-beineu-aktau"),
    ("kz-dostyk-mointy", "btc-turkey"),
    ("cn-jinghe-khorgos", "tr-kars-ankara"),
    ("blacksea-poti-chornomorsk", "cn-lianyungang-urumqi"),
]


def test_five_sessions_keep_their_own_state(browser, server, session):
    sessions = [session] + [Session(browser, server) for _ in SESSIONS[1:]]
    try:
        for sess in sessions:
            sess.page.goto(server.url, wait_until="domcontentloaded")
        for sess in sessions:
            bs.wait_for_map(sess.page)
        # Fire all toggles before waiting for any, then all clicks: the server serves 5 at once.
        for sess, (hidden, _sel) in zip(sessions, SESSIONS, strict=True):
            bs.set_segment_checkbox(sess.page, SEGMENT_NAMES[hidden], False)
        for sess, (hidden, _sel) in zip(sessions, SESSIONS, strict=True):
            bs.map_frame(sess.page).locator(f"path.seg-{hidden}").wait_for(state="detached")
        for sess, (_hidden, selected) in zip(sessions, SESSIONS, strict=True):
            bs.click_segment(sess.page, selected)
        for sess, (_hidden, selected) in zip(sessions, SESSIONS, strict=True):
            _wait_selected(sess.page, selected)
        time.sleep(0.5)  # any cross-talk would have arrived by now
        for sess, (hidden, selected) in zip(sessions, SESSIONS, strict=True):
            page = sess.page
            assert bs.segment_ids_drawn(page) == ALL_IDS - {hidden}
            headings = page.locator("[data-testid='stHeading'] h3").all_inner_texts()
            assert [h.strip() for h in headings] == [SEGMENT_NAMES[selected]]
            assert f"sel={selected}" in page.url
            assert bs.sidebar_checkbox(page, SEGMENT_NAMES[hidden]).is_checked() is False
            others = [h for h, _ in SESSIONS if h != hidden]
            assert all(bs.sidebar_checkbox(page, SEGMENT_NAMES[o]).is_checked() for o in others)
            assert sess.guard.blocked == []
    finally:
        for sess in sessions[1:]:
            sess.close()


# Presets and shared links ---------------------------------------------------------------------


def test_a_preset_swaps_the_layers_in_the_running_map(session):
    session.open()
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    page.locator(".st-key-preset-btc button").filter(has_text="BTC only").click()
    bs.map_frame(page).locator("path.seg-kz-beineu-aktau").wait_for(state="detached")
    page.wait_for_url(lambda url: "show=" in url)
    page.wait_for_timeout(300)
    assert bs.segment_ids_drawn(page) == {i for i in ALL_IDS if i.startswith("btc-")}
    page.locator(".st-key-preset-all button").filter(has_text="Show all").click()
    bs.map_frame(page).locator("path.seg-kz-beineu-aktau").wait_for(state="attached")
    assert bs.segment_ids_drawn(page) == ALL_IDS


def test_a_link_with_unknown_ids_warns_and_draws_every_segment(session):
    session.open("sel=nonexistent&show=garbage")
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(1000)  # the map's own first report must not make the warning go away
    warning = page.locator("[data-testid='stAlertContentWarning']")
    assert warning.inner_text().strip() == (
        "This link names segments or places the map does not have, left out: “garbage”, “nonexistent”."
    )  # Markdown escapes do not show
    assert bs.segment_ids_drawn(page) == ALL_IDS
    assert "garbage" not in page.url and "nonexistent" not in page.url


def _pick(page, label: str, option: str) -> None:
    """Choose an option in a sidebar selectbox the way a user does: open it, type, press Enter."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.wait_for_selector(SCRIPT_IDLE)


def _path_classes(page, seg_id: str) -> str:
    return bs.map_frame(page).locator(f"path.seg-{seg_id}").first.get_attribute("class") or ""


def test_route_pickers_highlight_the_route_and_fill_the_table(session):
    session.open()
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    bs.map_frame_object(page).evaluate("() => window.map.setView([42.0, 60.0], 5)")
    page.wait_for_timeout(500)
    view_before = bs.map_view(page)
    _pick(page, "From", "Xi'an")
    _pick(page, "To", "Port of Poti")
    page.wait_for_url(lambda url: "from=xian" in url and "to=poti-port" in url)
    table = page.locator("[data-testid='stDataFrame']")
    table.wait_for()
    bs.map_frame(page).locator("path.seg-btc-turkey.faded").wait_for(state="attached")
    assert "faded" not in _path_classes(page, "caspian-aktau-alat")
    assert "faded" in _path_classes(page, "caspian-kuryk-alat")
    assert bs.map_view(page) == view_before  # the layers changed inside the map: no reload
    # The second route crosses from Kuryk instead of Aktau: the highlight moves with the choice.
    page.get_by_text("2. via Alashankou, Kuryk, Alat, Boyuk Kasik", exact=False).click()
    bs.map_frame(page).locator("path.seg-caspian-aktau-alat.faded").wait_for(state="attached")
    assert "faded" not in _path_classes(page, "caspian-kuryk-alat")
    summary = page.get_by_text("Route via Alashankou, Kuryk, Alat, Boyuk Kasik")
    summary.wait_for()
    assert session.guard.blocked == [] and session.errors == []


def test_the_year_slider_changes_the_map_without_reloading_it(session):
    session.open()
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    frame = bs.map_frame_object(page)
    frame.evaluate("() => window.map.setView([41.5, 45.0], 6)")
    page.wait_for_timeout(500)
    before = bs.map_view(page)
    thumb = page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input").first
    thumb.focus()
    for _ in range(10):  # 2026 → 2016, one year a key press
        page.keyboard.press("ArrowLeft")
    page.wait_for_selector(SCRIPT_IDLE)
    bs.map_frame(page).locator("path.seg-caspian-kuryk-alat").wait_for(state="detached")
    bs.map_frame(page).locator("path.seg-btk-akhalkalaki-kars.status-under-construction").wait_for(
        state="attached"
    )
    assert thumb.input_value() == "2016"
    assert bs.map_view(page) == before  # same zoom and centre: the layers changed in place
    assert session.guard.blocked == [] and session.errors == []


def _wait_for_year(page, thumb, year: int, timeout_s: float = 30, or_later: bool = False) -> None:
    """Until the slider shows the year (or a later one: under load a year can pass between polls)."""
    deadline = time.monotonic() + timeout_s
    while not (thumb.input_value() == str(year) or (or_later and int(thumb.input_value()) > year)):
        assert time.monotonic() < deadline, f"the slider stayed at {thumb.input_value()}, not {year}"
        page.wait_for_timeout(100)


def test_play_steps_through_the_years_and_keeps_the_zoom(session):
    session.open()
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(500)
    frame = bs.map_frame_object(page)
    frame.evaluate("() => window.map.setView([44.0, 70.0], 5, {animate: false})")
    page.wait_for_timeout(300)
    frame.evaluate("() => { window.__browserTestMarker = 'still here'; }")
    before = bs.map_view(page)
    thumb = page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input").first
    thumb.focus()
    for _ in range(4):  # 2026 → 2022: the second track Dostyk – Moiynty is being built
        page.keyboard.press("ArrowLeft")
    page.wait_for_selector(SCRIPT_IDLE)
    _wait_for_year(page, thumb, 2022)
    second_track = bs.map_frame(page).locator("path.planned-kz-dostyk-mointy-second-track")
    second_track.wait_for(state="attached")
    page.get_by_role("button", name="▶ Play").click()
    _wait_for_year(page, thumb, 2024, or_later=True)  # two steps, each a rerun that swaps the layers in place
    assert bs.map_view(page) == before
    _wait_for_year(page, thumb, 2025, or_later=True)
    second_track.wait_for(state="detached")  # opened in September 2025
    bs.map_frame(page).locator("path.planned-kz-bakhty-ayagoz.schematic").wait_for(state="attached")
    _wait_for_year(page, thumb, 2026)
    expect(page.get_by_role("button", name="▶ Play")).to_be_enabled()  # stopped at the last year
    page.wait_for_selector(SCRIPT_IDLE)
    page.wait_for_timeout(2000)
    assert thumb.input_value() == "2026"  # no further step once stopped
    assert bs.map_frame_object(page).evaluate("() => window.__browserTestMarker") == "still here", "reloaded"
    assert bs.map_view(page) == before  # same zoom and centre all along
    assert session.guard.blocked == [] and session.errors == []


def test_show_on_map_brings_the_map_into_view(session):
    session.open()
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    page.get_by_label("Search the excerpts", exact=True).fill("Kazakhstan")  # five hits, the last far down
    page.keyboard.press("Enter")
    buttons = page.get_by_role("button", name="Show on map")
    expect(buttons).to_have_count(5)  # every hit drawn (the idle state may be the one before Enter)
    button = buttons.last
    button.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    frame = page.locator(bs.MAP_FRAME)
    assert not _in_viewport(frame)  # the last result sits far below the map
    button.click()
    page.wait_for_function(
        "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.top < window.innerHeight && r.bottom > 0; }",
        arg=bs.MAP_FRAME,
    )
    assert _in_viewport(frame)
    # A second request scrolls again (the first one's script is not simply kept).
    page.wait_for_selector(SCRIPT_IDLE)
    other = buttons.nth(3)
    other.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert not _in_viewport(frame)
    other.click()
    page.wait_for_function(
        "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.top < window.innerHeight && r.bottom > 0; }",
        arg=bs.MAP_FRAME,
    )


def _in_viewport(locator) -> bool:
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    )


def test_a_typed_article_date_applies_on_enter(session):
    """Typed, then Enter: the excerpts follow at once, while the cursor is still in the field."""
    session.open("sel=caspian-aktau-alat")
    page = session.page
    page.wait_for_selector(SCRIPT_IDLE)
    old = _panel_excerpt(page, "an important international traffic artery")  # 2019-07-03
    new = _panel_excerpt(page, "a record number of wagons")  # 2024-05-14
    old.wait_for()
    new.wait_for()
    field = page.locator("[data-testid='stSidebar'] input[aria-label='Articles from']")
    assert field.get_attribute("placeholder") == "2019-07-03"  # the corpus's first date
    field.click()
    page.keyboard.type("2020-01-01")
    page.keyboard.press("Enter")
    old.wait_for(state="detached")
    page.wait_for_selector(SCRIPT_IDLE)
    assert new.is_visible()
    assert field.evaluate("e => document.activeElement === e")  # applied without leaving the field
    assert session.errors == [] and session.guard.blocked == []


# 8 (last: an upload changes the corpus the other tests read) -------------------------------


def _sidebar_upload(page, name: str, data: bytes, mime: str) -> None:
    page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": data}]
    )


def _corpus_files(corpus: Path) -> set[str]:
    return {p.name for p in corpus.iterdir()}


def test_upload_valid_article(session, corpus):
    session.open()
    page = session.page
    before = _corpus_files(corpus)
    body = b"By Test Author\n\nThe Middle Corridor ferry from Aktau reached Alat on time.\n"
    _sidebar_upload(page, "browser upload.txt", body, "text/plain")
    page.locator("[data-testid='stSidebar'] [data-testid='stAlertContentSuccess']").filter(
        has_text="Added browser-upload.txt to the corpus."
    ).wait_for()
    assert _corpus_files(corpus) - before == {"browser-upload.txt"}
    assert (corpus / "browser-upload.txt").read_bytes() == body


@pytest.mark.parametrize(
    ("name", "size", "mime", "message"),
    [
        # Refused by Streamlit's uploader itself (type=[txt, md, html, htm, pdf]): never reaches the server.
        ("photo.png", 1_000, "image/png", "image/png files are not allowed"),
        # Reaches routes.uploads.save_upload, which reads it and refuses it by name.
        ("report.pdf", 1_000, "application/pdf", "report.pdf: not a PDF file (no %PDF- header)"),
        # Reaches routes.uploads.save_upload, which refuses it: st.error in the sidebar.
        ("huge.txt", 3 * 1024 * 1024, "text/plain", "huge.txt: 3.0 MB is over the 2 MB upload limit"),
    ],
)
def test_upload_refused(session, corpus, name, size, mime, message):
    session.open()
    page = session.page
    before = _corpus_files(corpus)
    data = (b"The Middle Corridor via Aktau. " * (size // 31 + 1))[:size]
    _sidebar_upload(page, name, data, mime)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(message, exact=False).first.wait_for()
    page.wait_for_timeout(500)
    assert sidebar.locator("[data-testid='stAlertContentSuccess']").count() == 0
    assert _corpus_files(corpus) == before, "a refused upload wrote something"
