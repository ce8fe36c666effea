"""The map as a reader sees it, in real Chromium: the legend, what it covers, clickable short lines
and the station labels. In the running app and in an exported standalone file, offline."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import browser_support as bs  # tests/ is on sys.path (rootdir conftest, no package)
import pytest

from routes.export import export_html
from routes.geodata import load_network

pytestmark = pytest.mark.browser

GEODATA = bs.PROJECT / "geodata"
SEGMENT_NAMES = {
    f["properties"]["id"]: f["properties"]["name"]
    for f in json.loads((GEODATA / "segments.geojson").read_text(encoding="utf-8"))["features"]
}
BTK = "btk-akhalkalaki-kars"

# The container point of the marker whose hover tip starts with the given name, or null.
_MARKER_POINT = """(name) => {
    let found = null;
    window.map.eachLayer((layer) => {
        const tip = layer instanceof L.CircleMarker && layer.getTooltip && layer.getTooltip();
        if (tip && String(tip.getContent()).startsWith(name)) {
            const p = window.map.latLngToContainerPoint(layer.getLatLng());
            found = {x: p.x, y: p.y};
        }
    });
    return found;
}"""
# Is that point of the map's container covered by the legend (or any control)?
_UNDER_A_CONTROL = """(p) => {
    const box = window.map.getContainer().getBoundingClientRect();
    const x = box.left + p.x, y = box.top + p.y;
    const inView = p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
    const legend = document.querySelector(".corridor-legend").getBoundingClientRect();
    const underLegend = x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom;
    const top = document.elementFromPoint(x, y);
    return {inView, underLegend, underControl: !!(top && top.closest(".leaflet-control"))};
}"""
_LABELS = """() => Array.from(document.querySelectorAll(".leaflet-tooltip.node-label"))
    .filter((el) => !el.classList.contains("label-hidden"))
    .map((el) => { const r = el.getBoundingClientRect();
                   return {text: el.textContent, left: r.left, top: r.top,
                           right: r.right, bottom: r.bottom}; })"""


def _require_browser() -> None:
    problem = None
    if not bs.CHROMIUM.exists():
        problem = f"{bs.CHROMIUM} is missing"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed"
    if problem:
        if os.environ.get("ROUTES_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ROUTES_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _require_browser()
    articles = tmp_path_factory.mktemp("map-browser") / "articles"
    shutil.copytree(GEODATA / "articles", articles)
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    with bs.running_app(articles, log) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = bs.launch_chromium(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The standalone map of every segment, as `python -m routes export` writes it."""
    network = load_network(GEODATA)
    path = tmp_path_factory.mktemp("export") / "map.html"
    path.write_text(export_html(network, GEODATA, [s.id for s in network.segments], {}), encoding="utf-8")
    return path


def _page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    guard = bs.NetworkGuard(allow=lambda url: bs.is_local(url) or url.startswith("file://")).install(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page, guard, errors


def _app_map(browser, server, width: int = 1500, height: int = 1000):
    context, page, guard, errors = _page(browser, width, height)
    bs.open_app(page, server)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    frame = bs.map_frame_object(page)
    frame.wait_for_function("() => window.map && document.querySelectorAll('.node-label').length > 0")
    page.wait_for_timeout(500)  # the first view and the label placement have run
    return context, page, frame, guard, errors


def _export_map(browser, path: Path, width: int = 1400, height: int = 800):
    context, page, guard, errors = _page(browser, width, height)
    page.goto(path.as_uri())
    page.locator("path.segment").first.wait_for(state="attached")
    # The standalone file names its map by folium's id: give it the app's name for the helpers.
    page.evaluate("() => { window.map = Object.values(window).find((v) => v instanceof L.Map); }")
    page.wait_for_timeout(500)
    return context, page, page, guard, errors


def _legend_state(frame) -> dict:
    return frame.evaluate(
        """() => { const legend = document.querySelector(".corridor-legend");
                   const body = legend.querySelector(".legend-body");
                   return {collapsed: legend.classList.contains("collapsed"),
                           bodyShown: body.getBoundingClientRect().height > 0,
                           button: legend.querySelector("button.legend-toggle").innerText.trim()}; }"""
    )


def test_legend_folds_and_unfolds_and_stays_folded_across_a_layer_swap(browser, server):
    context, page, frame, guard, errors = _app_map(browser, server)
    try:
        assert _legend_state(frame) == {"collapsed": False, "bodyShown": True, "button": "−"}
        legend = bs.map_frame(page).locator(".corridor-legend")
        assert "Oil pipeline (BTC)" in legend.inner_text()
        legend.locator("button.legend-toggle").click()
        assert _legend_state(frame) == {"collapsed": True, "bodyShown": False, "button": "Legend"}
        # A toggle in the sidebar swaps the layers inside the running map: the legend stays folded.
        seg = "kz-beineu-aktau"
        bs.set_segment_checkbox(page, SEGMENT_NAMES[seg], False)
        bs.map_frame(page).locator(f"path.seg-{seg}").wait_for(state="detached")
        page.wait_for_timeout(300)
        assert _legend_state(bs.map_frame_object(page))["collapsed"] is True
        legend.locator("button.legend-toggle").click()
        unfolded = _legend_state(bs.map_frame_object(page))
        assert unfolded == {"collapsed": False, "bodyShown": True, "button": "−"}
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


@pytest.mark.parametrize(
    ("where", "width", "height"),
    [("app", 1500, 1000), ("app", 1000, 760), ("export", 1400, 800), ("export", 900, 700)],
)
def test_ceyhan_and_alat_are_not_under_the_legend_at_the_first_view(
    browser, server, exported, where, width, height
):
    if where == "app":
        context, _, frame, guard, errors = _app_map(browser, server, width, height)
    else:
        context, _, frame, guard, errors = _export_map(browser, exported, width, height)
    try:
        for name in ("Ceyhan", "Port of Baku (Alat)", "Port of Lianyungang", "Mostyska"):
            point = frame.evaluate(_MARKER_POINT, name)
            assert point is not None, name
            seen = frame.evaluate(_UNDER_A_CONTROL, point)
            assert seen == {"inView": True, "underLegend": False, "underControl": False}, (name, seen)
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


def test_the_short_btk_line_opens_its_popup_at_the_default_zoom(browser, server):
    context, page, frame, guard, errors = _app_map(browser, server)
    try:
        first_zoom = frame.evaluate("() => window.map.getZoom()")
        assert first_zoom < 5  # the whole corridor: the BTK line is a few pixels long
        bs.click_segment(page, BTK)
        popup = bs.map_frame(page).locator(".leaflet-popup-content h4")
        popup.wait_for()
        assert popup.inner_text() == SEGMENT_NAMES[BTK]
        page.get_by_role("heading", name=SEGMENT_NAMES[BTK], exact=True).wait_for()  # the side panel
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


_POPUP_VS_CONTROLS = """() => {
    const box = (sel) => document.querySelector(sel).getBoundingClientRect();
    const popup = box(".leaflet-popup-content-wrapper"), zoom = box(".leaflet-control-zoom");
    const legend = document.querySelector(".corridor-legend"), l = legend.getBoundingClientRect();
    const meets = (a, b) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
    return {underZoom: meets(popup, zoom), overLegend: meets(popup, l),
            legendFaded: legend.classList.contains("under-popup")};
}"""


@pytest.mark.parametrize(
    ("where", "center", "side"),
    [("app", (36.0, 64.0), "left"), ("app", (39.0, 44.0), "right"), ("export", (36.0, 64.0), "left")],
)  # fmt: skip
def test_an_open_popup_clears_the_zoom_buttons_and_the_legend_makes_way(
    browser, server, exported, where, center, side
):
    """The Kuryk ferry's popup, opened with the line near the map's top-left corner (the zoom
    buttons) or its top-right one (the legend, which Leaflet draws above popups): never under the
    "+", and over the legend only with the legend faded, until the popup closes."""
    if where == "app":
        context, page, frame, guard, errors = _app_map(browser, server)
    else:
        context, page, frame, guard, errors = _export_map(browser, exported)
    seg = "caspian-kuryk-alat"
    try:
        frame.evaluate("(c) => window.map.setView(c, 5, {animate: false})", list(center))
        page.wait_for_timeout(300)
        if where == "app":
            bs.click_segment(page, seg)
        else:
            near = page.evaluate(_NEAR_THE_STROKE, [seg, 0])
            page.mouse.click(near["x"], near["y"])
        frame.wait_for_selector(".leaflet-popup-content h4")
        page.wait_for_timeout(600)  # the popup's pan into view
        seen = frame.evaluate(_POPUP_VS_CONTROLS)
        assert seen["underZoom"] is False, seen
        assert seen["legendFaded"] == seen["overLegend"], seen
        assert seen["overLegend"] or side == "left", seen  # the line at the right: the fade is tried
        frame.evaluate("() => window.map.closePopup()")
        page.wait_for_timeout(300)
        faded = "() => document.querySelector('.corridor-legend').classList.contains('under-popup')"
        assert frame.evaluate(faded) is False
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


_NEAR_THE_STROKE = """([id, offset]) => {
    // A point `offset` px beside the middle of the line, across its direction.
    const path = document.querySelector("path.seg-" + id);
    const len = path.getTotalLength(), m = path.getScreenCTM();
    const a = path.getPointAtLength(len * 0.5), b = path.getPointAtLength(len * 0.5 + 2);
    const dx = b.x - a.x, dy = b.y - a.y, n = Math.hypot(dx, dy) || 1;
    const x = a.x - dy / n * offset, y = a.y + dx / n * offset;
    const pt = {x: x * m.a + y * m.c + m.e, y: x * m.b + y * m.d + m.f};
    const top = document.elementFromPoint(pt.x, pt.y);
    return {x: pt.x, y: pt.y, hit: top ? top.getAttribute("class") : null};
}"""


def test_a_click_beside_a_thin_line_still_opens_its_popup(browser, exported):
    context, page, _frame, guard, errors = _export_map(browser, exported)
    try:
        page.evaluate("() => window.map.setView([41.0, 43.3], 8, {animate: false})")
        page.wait_for_timeout(300)
        near = page.evaluate(_NEAR_THE_STROKE, [BTK, 5])
        assert "segment-hit" in (near["hit"] or ""), near  # off the 4 px stroke, on the hit stroke
        page.mouse.click(near["x"], near["y"])
        popup = page.locator(".leaflet-popup-content h4")
        popup.wait_for()
        assert popup.inner_text() == SEGMENT_NAMES[BTK]
        assert page.locator(f"path.seg-{BTK}.selected").count() == 1
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


def _overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


def test_inland_station_labels_appear_closer_in_and_never_overlap(browser, server):
    context, page, frame, guard, errors = _app_map(browser, server)
    try:
        first = frame.evaluate(_LABELS)
        names = {label["text"] for label in first}
        assert {"Ceyhan", "Aktau"} <= names  # ports and terminals from the first view
        assert not {"Kars", "Erzurum", "Ankara"} & names  # no room for them yet
        assert _overlapping(first) == []
        # Eastern Türkiye, closer in, as a reader would zoom.
        frame.evaluate("() => window.map.setView([40.3, 38.2], 6, {animate: false})")
        page.wait_for_timeout(400)
        closer = frame.evaluate(_LABELS)
        assert {"Kars", "Erzurum", "Ankara"} <= {label["text"] for label in closer}
        assert _overlapping(closer) == []
        frame.evaluate("() => window.map.setView([40.3, 38.2], 8, {animate: false})")
        page.wait_for_timeout(400)
        assert _overlapping(frame.evaluate(_LABELS)) == []
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


# Neighbours (markers without labels) around a labelled marker at (0, 0), at zoom 7 (~91 px a
# degree): each blocks one side of the label.
_BESIDE = {"right": (0.0, 0.35), "left": (0.0, -0.35), "top": (0.15, 0.0), "bottom": (-0.15, 0.0)}


@pytest.mark.parametrize(
    ("blocked", "expected"),
    [
        ((), "right"),
        (("right",), "left"),
        (("right", "left"), "top"),  # a port between two stations keeps its name
        (("right", "left", "top"), "bottom"),
        (("right", "left", "top", "bottom"), None),  # no room anywhere: waits for a closer zoom
    ],
)
def test_a_label_with_no_room_beside_its_marker_goes_above_or_below(browser, tmp_path, blocked, expected):
    import folium

    from routes.elements import LabelPlacer, NodeMarkers
    from routes.export import render_standalone

    def marker(lat: float, lon: float, label: str | None) -> dict[str, object]:
        return {"lat": lat, "lon": lon, "radius": 5, "fill": "#fff", "tip": "", "label": label,
                "rank": 0, "min_zoom": 0}  # fmt: skip

    fmap = folium.Map(location=[0, 0], zoom_start=7, tiles=None, zoom_control=False)
    markers = [marker(0, 0, "Middle"), *(marker(*_BESIDE[side], None) for side in blocked)]
    NodeMarkers(markers).add_to(fmap)
    LabelPlacer(obstacles="path.leaflet-interactive").add_to(fmap)
    path = tmp_path / "labels.html"
    path.write_text(render_standalone(fmap), encoding="utf-8")
    context, page, guard, errors = _page(browser, 800, 600)
    try:
        page.goto(path.as_uri())
        page.locator(".node-label").wait_for(state="attached")
        page.wait_for_timeout(300)  # the placement runs after the first layout
        label = page.evaluate(
            """() => { const el = document.querySelector(".node-label");
                       const side = ["right", "left", "top", "bottom"].find(
                           (s) => el.classList.contains("leaflet-tooltip-" + s));
                       return {hidden: el.classList.contains("label-hidden"), side}; }"""
        )
        if expected is None:
            assert label["hidden"]
        else:
            assert label == {"hidden": False, "side": expected}
            shown = page.evaluate(_LABELS)
            markers_boxes = page.evaluate(
                """() => Array.from(document.querySelectorAll("path.leaflet-interactive")).map((el) => {
                       const r = el.getBoundingClientRect();
                       return {text: "marker", left: r.left + 2, top: r.top + 2,
                               right: r.right - 2, bottom: r.bottom - 2}; })"""
            )
            assert _overlapping(shown + markers_boxes) == []
        assert errors == [] and guard.blocked == []
    finally:
        context.close()


_CLICK_AND_READ = """(id) => {
    // A click on the line, then at once (before any timer could run) what the app was sent.
    const path = document.querySelector("path.seg-" + id);
    const box = path.getBoundingClientRect();
    path.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true, view: window,
        clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
    return JSON.parse(JSON.stringify(window.__GLOBAL_DATA__.previous_data));
}"""


def test_the_base_map_is_fetched_once_and_a_click_reaches_the_app_at_once(browser, server):
    context, page, frame, guard, errors = _app_map(browser, server)
    try:
        frame.wait_for_function("() => window.map.routesBaseMapDrawn === true")
        assert frame.locator(".place-label").count() > 5  # the base map's city names
        fetched = [url for url in guard.allowed if "/app/static/basemap-" in url]
        assert len(fetched) == 1, fetched
        seg = "caspian-aktau-alat"
        sent = frame.evaluate(_CLICK_AND_READ, seg)
        assert sent["last_active_drawing"]["properties"]["id"] == seg  # not 250 ms later
        page.get_by_role("heading", name=SEGMENT_NAMES[seg], exact=True).wait_for()
        assert errors == [] and guard.blocked == []
    finally:
        context.close()
