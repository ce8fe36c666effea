"""Benchmark the app as a user meets it: `streamlit run app.py` in headless Chromium, offline.

    .venv/bin/python benchmarks/bench_app.py [--quick]
    .venv/bin/python benchmarks/bench_app.py --screenshots   # only rewrite docs/map.png, docs/app.png

Measures cold start, sidebar toggle → map updated, map click → excerpts shown, the map build in
Python, the exported HTML's size, and the same start and clicks over a synthetic corpus of
2,000 articles. Every request not to 127.0.0.1 is blocked. Prints a Markdown table.

Browser timings are taken with Date.now() inside the pages (a capture listener on the input
event, a MutationObserver on the result), so Playwright's own round trips are not counted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT))

import browser_support as bs  # noqa: E402

GEODATA = PROJECT / "geodata"
VIEWPORT = {"width": 1500, "height": 1000}
CLICK_TIMEOUT_MS = 60_000

# ---------------------------------------------------------------------------------------------
# In-page probes


# Watched from the page, not inside the map's frame: plain st_folium replaces the frame when the
# map changes (a new component key). A frame counts once its map has drawn a segment.
_WATCH_PATH = """(segId) => {
    const sel = 'path.seg-' + segId;
    const state = () => {
        const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
        const doc = frame && frame.contentDocument;
        if (!doc || !doc.querySelector('path.segment')) return null;
        return !!doc.querySelector(sel);
    };
    const w = window.__benchWatch = {present: state(), t: null};
    const tick = () => {
        const now = state();
        if (now !== null && now !== w.present) { w.t = Date.now(); return; }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""

# The clicked segment's heading and one of its excerpt cards, both drawn by this run (not faded
# leftovers of the last one: when the last segment had more cards, those stay until the run ends,
# which "panel complete" measures).
_WATCH_PANEL = """(name) => {
    const w = window.__benchPanel = {t: null};
    const fresh = (el) => !el.closest('[data-stale="true"]');
    const done = () => {
        const heads = Array.from(document.querySelectorAll('[data-testid="stHeading"] h3'));
        return heads.some(h => fresh(h) && h.innerText.trim() === name)
            && Array.from(document.querySelectorAll('.excerpt')).some(fresh);
    };
    if (window.__benchPanelObserver) window.__benchPanelObserver.disconnect();
    window.__benchPanelObserver = new MutationObserver(() => {
        if (w.t === null && done()) w.t = Date.now();
    });
    window.__benchPanelObserver.observe(document.body,
        {childList: true, subtree: true, attributes: true, characterData: true});
}"""

_STAMP_INPUT = """() => {
    window.__benchInput = null;
    if (!window.__benchListening) {
        window.__benchListening = true;
        document.addEventListener('mousedown', () => { window.__benchInput = Date.now(); }, true);
    }
}"""


def _segment_names() -> dict[str, str]:
    import json

    data = json.loads((GEODATA / "segments.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"]["name"] for f in data["features"]}


def cold_start(browser, articles: Path, log: Path, script: str = "app.py") -> tuple[float, bs.AppServer]:
    """Seconds from `streamlit run` starting to the first segment path visible; server stays up."""
    context = browser.new_context(viewport=VIEWPORT)
    guard = bs.NetworkGuard().install(context)
    page = context.new_page()
    server = bs.AppServer(articles, script=script).start(log)
    t0 = server.started_at
    ready = False
    try:
        server.wait_ready(60)
        page.goto(server.url, wait_until="commit")
        bs.map_frame(page).locator("path.segment").first.wait_for(state="visible", timeout=60_000)
        elapsed = time.perf_counter() - t0
        ready = True
    finally:
        context.close()
        if not ready:  # a server that never showed its map is stopped, whatever went wrong
            server.stop()
    if guard.blocked:
        raise AssertionError(f"requests left 127.0.0.1: {guard.blocked}")
    return elapsed, server


def toggle_times(page, names: dict[str, str], seg_id: str, count: int) -> list[float]:
    """Milliseconds from the mousedown on a sidebar checkbox to the segment's path (dis)appearing."""
    inner = page.get_by_role("checkbox", name=names[seg_id], exact=True)
    label = page.locator('[data-testid="stSidebar"] label').filter(has=inner)
    label.scroll_into_view_if_needed()
    page.evaluate(_STAMP_INPUT)
    times = []
    for _ in range(count):
        box = label.bounding_box()
        page.evaluate(_WATCH_PATH, seg_id)
        page.evaluate(_STAMP_INPUT)
        page.mouse.click(box["x"] + 10, box["y"] + box["height"] / 2)
        page.wait_for_function("() => window.__benchWatch.t !== null", timeout=20_000)
        t_change = page.evaluate("() => window.__benchWatch.t")
        t_input = page.evaluate("() => window.__benchInput")
        times.append(t_change - t_input)
        # Let the rerun finish before the next toggle, as a user would.
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        page.wait_for_timeout(100)
    return times


_SCRIPT_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def click_times(
    page, names: dict[str, str], seg_ids: list[str], count: int
) -> tuple[list[float], list[float]]:
    """Per click, milliseconds from the mousedown on a map line to (a) that segment's first fresh
    excerpt shown and (b) the app's script run finished (the whole panel drawn).

    A value of CLICK_TIMEOUT_MS means it did not happen within that time; measuring stops there.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    frame = bs.map_frame_object(page)
    frame.evaluate(_STAMP_INPUT)
    shown, complete = [], []
    for i in range(count):
        seg_id = seg_ids[i % len(seg_ids)]
        frame.evaluate("() => window.map.closePopup()")
        x, y = bs.segment_point(page, seg_id)
        page.evaluate(_WATCH_PANEL, names[seg_id])
        frame.evaluate(_STAMP_INPUT)
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        try:
            page.wait_for_function(
                "() => window.__benchPanel.t !== null", timeout=CLICK_TIMEOUT_MS, polling=50
            )
        except PlaywrightTimeout:
            shown.append(float(CLICK_TIMEOUT_MS))
            break
        t_input = frame.evaluate("() => window.__benchInput")
        shown.append(page.evaluate("() => window.__benchPanel.t") - t_input)
        try:
            page.wait_for_timeout(50)  # the run state flips to "running" a moment after the click
            page.wait_for_selector(_SCRIPT_IDLE, timeout=CLICK_TIMEOUT_MS)
        except PlaywrightTimeout:
            complete.append(float(CLICK_TIMEOUT_MS))
            break
        complete.append(page.evaluate("() => Date.now()") - t_input)
        page.wait_for_timeout(150)
    return shown, complete


def open_page(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    guard = bs.NetworkGuard().install(context)
    page = context.new_page()
    bs.open_app(page, server)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    return context, guard, page


# ---------------------------------------------------------------------------------------------
# Python-side measurements


def st_folium_work(fmap, layers=()) -> int:
    """What `st_folium` does in Python on every run (its own helpers, in its order), without the
    component call; returns the characters it sends to the browser."""
    import streamlit_folium as sf

    fmap.get_root().render()
    fmap.render()
    html, header, leaflet = sf._get_html(fmap), sf._get_header(fmap), sf._get_map_string(fmap)
    groups = "".join(sf._get_feature_group_string(layer, map=fmap, idx=i) for i, layer in enumerate(layers))
    sf.generate_js_hash(leaflet, "map", False)
    return len(html) + len(header) + len(leaflet) + len(groups)


def python_side(articles: Path, repeat: int) -> dict[str, float]:
    from routes.assets import use_static_urls
    from routes.catalog import build_catalog, filtered_catalog_excerpts
    from routes.export import export_html
    from routes.mapview import base_map, build_map, segment_layers

    catalog = build_catalog(GEODATA, articles)
    excerpts = filtered_catalog_excerpts(catalog, None, None)
    network = catalog.network
    ids = [s.id for s in network.segments]
    everything = [s.geometry for s in network.segments]
    selected = "caspian-aktau-alat"
    sent: dict[str, int] = {}

    def app_build() -> None:  # what app.py does on every rerun
        use_static_urls(base_map(GEODATA, fit=everything))
        segment_layers(network, ids, excerpts, selected)

    def app_build_render() -> None:  # plus st_folium's work on it
        fmap = use_static_urls(base_map(GEODATA, fit=everything))
        sent["app"] = st_folium_work(fmap, segment_layers(network, ids, excerpts, selected))

    def export_build() -> None:
        build_map(network, GEODATA, ids, excerpts, selected=selected)

    def baseline_render() -> None:  # the baseline app's run: the whole map through st_folium
        sent["baseline"] = st_folium_work(use_static_urls(build_map(network, GEODATA, ids, excerpts)))

    out = {}
    for name, fn in (("build", app_build), ("render", app_build_render), ("export", export_build),
                     ("baseline_render", baseline_render)):  # fmt: skip
        fn()  # warm caches (display layers, templates)
        samples = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        out[name] = statistics.median(samples)
    out["sent_bytes"], out["baseline_sent_bytes"] = sent["app"], sent["baseline"]
    html = export_html(network, GEODATA, ids, excerpts)
    out["export_bytes"] = len(html.encode("utf-8"))
    return out


# ---------------------------------------------------------------------------------------------
# Synthetic corpus

_OUTLETS = ["AzerNews", "Trend", "Kazinform", "Daily Sabah", "Georgia Today", "The Astana Times"]
_AUTHORS = ["Aida Karimova", "Nurlan Abenov", "Elif Demir", "Giorgi Beridze", "Li Wei", "Sara Novak"]
_TEMPLATES = [
    "Container traffic through the port of Aktau rose {n} percent in {month}, officials said.",
    "The Middle Corridor cut transit times between China and Europe to about {d} days.",
    "A new ferry line across the Caspian Sea will link Aktau with Alat from {month}.",
    "Shipments on the Trans-Caspian International Transport Route reached {n} thousand tonnes.",
    "The Baku-Tbilisi-Ceyhan pipeline carried {n} million barrels of crude in {month}.",
    "Kazakhstan and Azerbaijan agreed to harmonise tariffs on the Middle Corridor.",
    "Georgian Railway said the Baku-Tbilisi-Kars railway handled {n} trains last month.",
    "Operators in Kuryk expect the Caspian Sea ferry fleet to grow by {n} vessels.",
    "Turkey plans to upgrade the Kars to Ankara line to carry more transit cargo.",
    "Freight from Xi'an to Istanbul now crosses Kazakhstan, Azerbaijan and Georgia.",
    "The BTC pipeline remains the main export route for Azerbaijani oil to Ceyhan.",
    "Poti port signed a deal to expand its container terminal by {n} thousand TEU.",
    "Ministers discussed the Trans-Caspian corridor at a meeting in Baku on {month} {day}.",
    "Rail volumes at Dostyk and Khorgos on the Chinese border rose {n} percent.",
    "Analysts said weather on the Caspian Sea still delays ferries at Aktau and Baku.",
    "The weather was mild and the harvest in the region was expected to be good.",
    "The central bank kept its key rate at {n} percent, citing stable inflation.",
    "Officials from Ukraine and Poland discussed cargo flows through Mostyska.",
]
_MONTHS = ["January", "March", "May", "June", "August", "October", "November"]


def synthetic_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2017, 1, 1)
    for i in range(count):
        date = start + dt.timedelta(days=rng.randrange(0, 2900))
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            sentences = [
                rng.choice(_TEMPLATES).format(
                    n=rng.randint(2, 90),
                    d=rng.randint(12, 25),
                    month=rng.choice(_MONTHS),
                    day=rng.randint(1, 28),
                )
                for _ in range(rng.randint(2, 4))
            ]
            paragraphs.append(" ".join(sentences))
        text = (
            f"---\ntitle: Corridor news {i}\noutlet: {rng.choice(_OUTLETS)}\n"
            f"author: {rng.choice(_AUTHORS)}\ndate: {date.isoformat()}\n---\n\n"
            + "\n\n".join(paragraphs)
            + "\n"
        )
        (folder / f"synthetic_{i:05d}.md").write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------------------------------------


def screenshots(browser, work: Path) -> None:
    """docs/map.png: the exported standalone map, offline; docs/app.png: the app with a selection."""
    from routes.catalog import build_catalog, filtered_catalog_excerpts
    from routes.export import export_html

    articles = work / "articles"
    catalog = build_catalog(GEODATA, articles)
    excerpts = filtered_catalog_excerpts(catalog, None, None)
    ids = [s.id for s in catalog.network.segments]
    html = work / "map.html"
    html.write_text(export_html(catalog.network, GEODATA, ids, excerpts), encoding="utf-8")

    context = browser.new_context(viewport={"width": 1400, "height": 800})
    outside: list[str] = []

    def only_files(route) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_files)
    page = context.new_page()
    page.goto(html.as_uri())
    page.locator("path.segment").first.wait_for(state="visible")
    page.wait_for_timeout(500)
    page.screenshot(path=str(PROJECT / "docs" / "map.png"))
    context.close()
    if outside:
        raise AssertionError(f"the export tried to load {outside}")

    names = _segment_names()
    with bs.running_app(articles, work / "shot.log") as server:
        context = browser.new_context(viewport=VIEWPORT)
        guard = bs.NetworkGuard().install(context)
        page = context.new_page()
        bs.open_app(page, server)
        bs.click_segment(page, "caspian-aktau-alat")
        page.get_by_role("heading", name=names["caspian-aktau-alat"], exact=True).wait_for()
        page.locator(".excerpt").first.wait_for()
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        bs.map_frame_object(page).evaluate("() => window.map.closePopup()")
        page.mouse.move(5, 995)  # no tooltip left over the map
        page.wait_for_timeout(700)
        page.screenshot(path=str(PROJECT / "docs" / "app.png"))
        context.close()
        if guard.blocked:
            raise AssertionError(f"requests left 127.0.0.1: {guard.blocked}")


# ---------------------------------------------------------------------------------------------


def fmt_ms(values: list[float]) -> str:
    if not values:
        return "no sample"
    worst = max(values)
    timed_out = f" — not done after {CLICK_TIMEOUT_MS / 1000:.0f} s" if worst >= CLICK_TIMEOUT_MS else ""
    return f"{statistics.median(values):.0f} ms (max {worst:.0f}{timed_out}, n={len(values)})"


def fmt_s(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (runs: {', '.join(f'{s:.2f}' for s in values)})"


def ratio(app: list[float] | float, base: list[float] | float) -> str:
    a = statistics.median(app) if isinstance(app, list) else app
    b = statistics.median(base) if isinstance(base, list) else base
    return f"{a / b:.2f}×" if a and b else "—"


BASELINE = PROJECT / "benchmarks" / "baseline_app.py"
FLOOR = PROJECT / "benchmarks" / "floor_app.py"
CACHE_ENV = "ROUTES_CACHE"  # routes.paths.CACHE_ENV, spelled out: --project may predate it


@dataclass
class Run:
    """What one app (ours or the plain st_folium baseline) measured on one corpus."""

    starts: list[float] = field(default_factory=list)  # s
    toggles: list[float] = field(default_factory=list)  # ms
    shown: list[float] = field(default_factory=list)  # ms, click → excerpts
    complete: list[float] = field(default_factory=list)  # ms, click → script run over


def first_start(browser, articles: Path, work: Path, script: str) -> float:
    """The app's cold start with an empty cache folder, as on its first start after installing."""
    old = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(work / "empty-cache")
    try:
        elapsed, server = cold_start(browser, articles, work / "first-start.log", script)
        server.stop()
    finally:
        if old is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = old
    return elapsed


def measure(
    browser, scripts: dict[str, str], articles: Path, work: Path, *, starts: int, toggles: int,
    clicks: int, click_ids: list[str], names: dict[str, str], blocked: list[str],
) -> dict[str, Run]:  # fmt: skip
    """Cold starts alternated between the apps (so load falls on both alike), then each app's
    toggles and clicks on the server of its last cold start, one app right after the other."""
    runs = {kind: Run() for kind in scripts}
    servers: dict[str, bs.AppServer] = {}
    try:
        for i in range(starts):
            for kind, script in scripts.items():
                log = work / f"{kind}-{articles.name}-{i}.log"
                elapsed, server = cold_start(browser, articles, log, script)
                runs[kind].starts.append(elapsed)
                if kind in servers:
                    servers[kind].stop()
                servers[kind] = server
        for kind, server in servers.items():
            if kind == "floor":  # nothing to toggle or click: only its start counts
                server.stop()
                continue
            print(f"  {kind}: toggles, clicks…", file=sys.stderr)
            context, guard, page = open_page(browser, server)
            if toggles:
                runs[kind].toggles = toggle_times(page, names, "kz-beineu-aktau", toggles)
            runs[kind].shown, runs[kind].complete = click_times(page, names, click_ids, clicks)
            blocked += guard.blocked
            context.close()
            server.stop()
    finally:
        for server in servers.values():
            server.stop()
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--articles-count", type=int, default=2000)
    parser.add_argument("--screenshots", action="store_true", help="write docs/*.png and stop")
    parser.add_argument(
        "--project", type=Path, default=None,
        help="measure the app of another checkout (e.g. an export of main, for a before/after); "
        "the baseline and the Python side then use that checkout's routes package too",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if not bs.CHROMIUM.exists():
        print(f"{bs.CHROMIUM} is missing: cannot run the browser benchmark", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    if args.screenshots:
        work = Path(tempfile.mkdtemp(prefix="bench-shots-"))
        try:
            shutil.copytree(GEODATA / "articles", work / "articles")
            with sync_playwright() as pw:
                browser = bs.launch_chromium(pw)
                screenshots(browser, work)
                browser.close()
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print("wrote docs/map.png and docs/app.png")
        return 0

    app_script = "app.py"
    if args.project is not None:
        project = args.project.resolve()
        app_script = str(project / "app.py")
        # The app's own folder first, for the servers (the baseline too) and for the Python side.
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project), os.environ.get("PYTHONPATH")]))
        sys.path.insert(0, str(project))
        for name in [m for m in sys.modules if m == "routes" or m.startswith("routes.")]:
            del sys.modules[name]

    toggles = 6 if args.quick else 20
    clicks = 4 if args.quick else 10
    starts = 2 if args.quick else 4
    big_clicks = 3 if args.quick else 6
    names = _segment_names()
    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="bench-app-"))
    blocked: list[str] = []
    try:
        bundled = work / "articles"
        shutil.copytree(GEODATA / "articles", bundled)
        # The baseline runs from the temporary folder: Streamlit serves the static/ beside a script.
        baseline_dir = work / "baseline"
        baseline_dir.mkdir()
        shutil.copy(BASELINE, baseline_dir / BASELINE.name)
        from routes.assets import write_static  # the --project's own, when one is given

        floor_dir = work / "floor"
        floor_dir.mkdir()
        shutil.copy(FLOOR, floor_dir / FLOOR.name)
        write_static(floor_dir / "static")  # written before, not by the floor app: it does nothing else
        scripts = {"baseline": str(baseline_dir / BASELINE.name), "app": app_script}
        with_floor = {**scripts, "floor": str(floor_dir / FLOOR.name)}
        print("python side…", file=sys.stderr)
        py = python_side(bundled, 20 if args.quick else 50)

        with sync_playwright() as pw:
            browser = bs.launch_chromium(pw)
            print("bundled corpus: first start with an empty cache…", file=sys.stderr)
            first = first_start(browser, bundled, work, app_script)
            print("bundled corpus: cold starts…", file=sys.stderr)
            small = measure(
                browser, with_floor, bundled, work, starts=starts, toggles=toggles, clicks=clicks,
                click_ids=["caspian-aktau-alat", "kz-beineu-aktau"], names=names, blocked=blocked,
            )  # fmt: skip
            print(f"synthetic corpus of {args.articles_count} articles…", file=sys.stderr)
            big_folder = synthetic_corpus(work / "synthetic", args.articles_count)
            big = measure(
                browser, scripts, big_folder, work, starts=1 if args.quick else 2, toggles=0,
                clicks=big_clicks, click_ids=["caspian-aktau-alat", "kz-beineu-aktau", "btc-turkey"],
                names=names, blocked=blocked,
            )  # fmt: skip
            browser.close()
        py_big = python_side(big_folder, 5)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = os.getloadavg()

    med = statistics.median
    app, base, bapp, bbase = small["app"], small["baseline"], big["app"], big["baseline"]
    floor = small["floor"]
    n = args.articles_count
    rows = [
        ("Cold start → first segment visible", "< 3 s", fmt_s(app.starts), fmt_s(base.starts),
         ratio(app.starts, base.starts), med(app.starts) < 3),
        ("… the first start ever (empty cache: the language model is unpacked)", "< 3 s", fmt_s([first]),
         "—", "—", first < 3),
        ("… the floor: smallest st_folium app (one line, no data; `floor_app.py`)", "—",
         fmt_s(floor.starts), "—", f"app ÷ floor {ratio(app.starts, floor.starts)}", None),
        ("Sidebar toggle → map updated (median)", "< 300 ms", fmt_ms(app.toggles), fmt_ms(base.toggles),
         ratio(app.toggles, base.toggles), med(app.toggles) < 300),
        ("Map click → excerpts shown (median)", "< 400 ms", fmt_ms(app.shown), fmt_ms(base.shown),
         ratio(app.shown, base.shown), med(app.shown) < 400),
        ("Map click → panel complete (script run over, median)", "—", fmt_ms(app.complete),
         fmt_ms(base.complete), ratio(app.complete, base.complete), None),
        ("Map build in Python (median; baseline: build_map)", "< 50 ms", f"{py['build']:.1f} ms",
         f"{py['export']:.1f} ms", ratio(py["build"], py["export"]), py["build"] < 50),
        ("… plus render to HTML/JS (median)", "—", f"{py['render']:.1f} ms",
         f"{py['baseline_render']:.1f} ms", ratio(py["render"], py["baseline_render"]), None),
        ("Map sent to the browser per run (HTML/JS)", "—", f"{py['sent_bytes'] / 1024:.0f} KB",
         f"{py['baseline_sent_bytes'] / 1024:.0f} KB", ratio(py["sent_bytes"], py["baseline_sent_bytes"]),
         None),
        ("Exported HTML size (all segments, bundled corpus)", "< 2 MB",
         f"{py['export_bytes'] / 1_048_576:.2f} MB", "—", "—", py["export_bytes"] < 2 * 1_048_576),
        (f"{n} articles: first render (process start → map)", "< 5 s", fmt_s(bapp.starts),
         fmt_s(bbase.starts), ratio(bapp.starts, bbase.starts), med(bapp.starts) < 5),
        (f"{n} articles: map click → excerpts shown (median; ✅ when every click is)", "< 1 s",
         fmt_ms(bapp.shown),
         fmt_ms(bbase.shown), ratio(bapp.shown, bbase.shown), bool(bapp.shown) and max(bapp.shown) < 1000),
        (f"{n} articles: map click → panel complete (median; ✅ when every click is)", "< 1 s",
         fmt_ms(bapp.complete), fmt_ms(bbase.complete),
         ratio(bapp.complete, bbase.complete), bool(bapp.complete) and max(bapp.complete) < 1000),
        (f"{n} articles: map build + render in Python (median)", "—",
         f"{py_big['build']:.1f} ms build, {py_big['render']:.1f} ms with render",
         f"{py_big['baseline_render']:.1f} ms with render",
         ratio(py_big["render"], py_big["baseline_render"]), None),
        (f"{n} articles: exported HTML size", "< 2 MB", f"{py_big['export_bytes'] / 1_048_576:.2f} MB", "—",
         "—", py_big["export_bytes"] < 2 * 1_048_576),
    ]  # fmt: skip
    print("\n| Metric | Target | App | Baseline: plain st_folium | App ÷ baseline | |")
    print("|---|---|---|---|---|---|")
    for metric, target, measured, baseline, rel, ok in rows:
        mark = "—" if ok is None else ("✅" if ok else "❌")
        print(f"| {metric} | {target} | {measured} | {baseline} | {rel} | {mark} |")
    print(
        f"\nHeadless Chromium ({bs.CHROMIUM}), all requests outside 127.0.0.1 blocked "
        f"({len(blocked)} blocked). Times from the input event to the DOM change, measured in page. "
        f"Load average {load_before[0]:.2f} before, {load_after[0]:.2f} after ({os.cpu_count()} cores)."
    )
    if blocked:
        print(f"Blocked: {blocked[:5]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
