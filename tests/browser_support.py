"""Helpers for driving the real app in a real browser: server process, Chromium, map clicks.

Used by tests/test_app_browser.py and benchmarks/bench_app.py. Nothing here needs pytest,
except `pytest_runtest_makereport`-style bookkeeping, which lives in tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class AppServer:
    """A `streamlit run app.py` subprocess on a free port."""

    articles: Path
    port: int = field(default_factory=free_port)
    project: Path = PROJECT
    script: str = "app.py"  # relative to project, or absolute (the benchmark's baseline)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    started_at: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, log_path: Path | None = None) -> AppServer:
        env = {k: v for k, v in os.environ.items() if k != "ROUTES_ARTICLES"}
        env["PYTHONUNBUFFERED"] = "1"
        cmd = [
            sys.executable, "-m", "streamlit", "run", self.script,
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--", "--articles", str(self.articles),
        ]  # fmt: skip
        self.log_path = log_path
        out = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            cmd, cwd=self.project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        if log_path:
            out.close()
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Until the server answers its health check (it does before the first script run)."""
        deadline = time.monotonic() + timeout
        health = f"http://127.0.0.1:{self.port}/_stcore/health"
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}: {self.log()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(health, timeout=1) as resp:
                if resp.status == 200:
                    return
            time.sleep(0.05)
        raise TimeoutError(f"streamlit not ready after {timeout}s: {self.log()}")

    def log(self) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-4000:]
        return ""

    def stop(self) -> None:
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        # Our own process group (start_new_session): the streamlit process and nothing else.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@contextlib.contextmanager
def running_app(articles: Path, log_path: Path | None = None, project: Path = PROJECT) -> Iterator[AppServer]:
    server = AppServer(articles, project=project).start(log_path)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return True
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname in LOCAL_HOSTS


class NetworkGuard:
    """Routes every request of a context: local ones continue, anything else is aborted and logged."""

    def __init__(self, allow=is_local) -> None:
        self.allow = allow
        self.blocked: list[str] = []
        self.allowed: list[str] = []

    def install(self, context) -> NetworkGuard:
        context.route("**/*", self._handle)
        # Websockets bypass page.route in some versions; record them through the page events too.
        context.on("page", lambda page: page.on("websocket", self._on_ws))
        return self

    def _on_ws(self, ws) -> None:
        if not self.allow(ws.url):
            self.blocked.append(ws.url)

    def _handle(self, route) -> None:
        url = route.request.url
        if self.allow(url):
            self.allowed.append(url)
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")


def map_frame(page):
    return page.frame_locator(MAP_FRAME)


def map_frame_object(page, timeout: float = 15_000):
    """The Frame object of the st_folium iframe (for evaluate)."""
    handle = page.wait_for_selector(MAP_FRAME, timeout=timeout)
    frame = handle.content_frame()
    if frame is None:
        raise RuntimeError("map iframe has no content frame")
    return frame


def wait_for_map(page, timeout: float = 20_000) -> None:
    """Until at least one segment path is drawn in the map."""
    map_frame(page).locator("path.segment").first.wait_for(state="attached", timeout=timeout)


def open_app(page, server: AppServer, query: str = "", timeout: float = 20_000) -> None:
    page.goto(server.url + (f"?{query}" if query else ""), wait_until="domcontentloaded")
    wait_for_map(page, timeout)


_POINT_ON_STROKE = """(path, fractions) => {
    // Lines share track (e.g. the Aktau and Kuryk ferries, the Azerbaijani railway and the BTC):
    // take the first point along the stroke where this path is the topmost element, and is so a
    // pixel around too (a click a fraction of a pixel off must not reach the neighbour).
    const len = path.getTotalLength();
    const m = path.getScreenCTM();
    const on = (x, y) => x >= 0 && y >= 0 && x < window.innerWidth && y < window.innerHeight &&
        document.elementFromPoint(x, y) === path;
    let first = null, top = null;
    for (const f of fractions) {
        const p = path.getPointAtLength(len * f);
        const pt = {x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f};
        if (first === null) first = pt;
        if (!on(pt.x, pt.y)) continue;
        if (top === null) top = pt;
        if ([[1, 0], [-1, 0], [0, 1], [0, -1]].every(([dx, dy]) => on(pt.x + dx, pt.y + dy))) return pt;
    }
    return top || first;
}"""
_SETTLE_TRIES = 30
_FRACTIONS = [0.5, *(f for k in range(1, 10) for f in (0.5 - k * 0.05, 0.5 + k * 0.05)), 0.02, 0.98]


def segment_point(page, seg_id: str, fraction: float | None = None, frame=None) -> tuple[float, float]:
    """Page coordinates of a point on a segment's stroke where the segment is on top.

    getPointAtLength through getScreenCTM gives coordinates in the map's document; for the app's
    map (frame=None) the iframe's offset is added. Pass frame=page for a map in the page itself
    (the exported standalone HTML).
    """
    root = map_frame(page) if frame is None else frame
    path = root.locator(f"path.seg-{seg_id}").first
    path.wait_for(state="attached")
    fractions = [fraction] if fraction is not None else _FRACTIONS
    inner = path.evaluate(_POINT_ON_STROKE, fractions)
    if frame is not None:
        return inner["x"], inner["y"]
    box = page.locator(MAP_FRAME).bounding_box()
    if box is None:
        raise RuntimeError("map iframe is not visible")
    return box["x"] + inner["x"], box["y"] + inner["y"]


def click_segment(page, seg_id: str, fraction: float | None = None) -> None:
    """Click on the stroke of a segment (a polyline's box centre is usually not on the line)."""
    # Just after the map is drawn it may still be settling, and no point of the line is on top
    # yet: try again for a moment rather than click on a neighbour that runs alongside.
    for _ in range(_SETTLE_TRIES):
        x, y = segment_point(page, seg_id, fraction)
        if _on_top(page, seg_id, x, y):
            break
        time.sleep(0.1)
    page.mouse.click(x, y)


def _on_top(page, seg_id: str, x: float, y: float) -> bool:
    """Whether the segment's line is the topmost element at page point (x, y) of the app's map."""
    box = page.locator(MAP_FRAME).bounding_box()
    if box is None:
        return False
    return map_frame_object(page).evaluate(
        "([x, y, cls]) => { const e = document.elementFromPoint(x, y);"
        " return !!e && e.classList.contains(cls); }",
        [x - box["x"], y - box["y"], f"seg-{seg_id}"],
    )


def close_popups(page) -> None:
    """Close Leaflet popups so they do not cover the next click."""
    frame = map_frame_object(page)
    frame.evaluate("() => window.map && window.map.closePopup()")


def map_view(page) -> dict:
    frame = map_frame_object(page)
    return frame.evaluate(
        "() => { const c = window.map.getCenter();"
        " return {zoom: window.map.getZoom(), lat: c.lat, lng: c.lng}; }"
    )


def segment_ids_drawn(page) -> set[str]:
    frame = map_frame_object(page)
    classes = frame.evaluate(
        "() => Array.from(document.querySelectorAll('path.segment')).map(p => p.getAttribute('class'))"
    )
    ids = set()
    for cls in classes:
        for token in (cls or "").split():
            if token.startswith("seg-"):
                ids.add(token.removeprefix("seg-"))
    return ids


def sidebar_checkbox(page, name: str):
    return page.locator('[data-testid="stSidebar"]').get_by_role("checkbox", name=name, exact=True)


def set_segment_checkbox(page, name: str, checked: bool) -> None:
    """Tick or untick a segment's sidebar checkbox (Streamlit hides the input: click its label)."""
    box = sidebar_checkbox(page, name)
    if box.is_checked() != checked:
        inner = page.get_by_role("checkbox", name=name, exact=True)
        page.locator('[data-testid="stSidebar"] label').filter(has=inner).click()


def panel_subheader(page, name: str):
    return page.get_by_role("heading", name=name)
