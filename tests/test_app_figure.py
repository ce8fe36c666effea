"""The app's "Download figure (PNG)" button, through Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from routes.asof import year_view
from routes.figure import render_figure
from routes.geodata import load_network
from routes.planned import load_drawings, shown_in
from routes.planner import plan, resolve
from routes.timeline import load_planned, load_timeline

PROJECT = Path(__file__).resolve().parent.parent
APP = str(PROJECT / "app.py")
GEODATA = PROJECT / "geodata"
LABEL = "Download figure (PNG)"


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], object]]:
    """The app on a copy of the bundled articles; collects what each deferred download would send."""
    folder = tmp_path / "articles"
    shutil.copytree(GEODATA / "articles", folder)
    monkeypatch.setenv("ROUTES_ARTICLES", str(folder))
    monkeypatch.delenv("ROUTES_GEODATA", raising=False)
    made: dict[str, Callable[[], object]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable  # what the browser gets when the button is clicked
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


def run(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def png(data: object) -> Image.Image:
    assert isinstance(data, bytes) and data.startswith(b"\x89PNG\r\n\x1a\n")
    return Image.open(io.BytesIO(data))


def test_the_figure_button_sits_beside_the_other_downloads_and_gives_a_300_dpi_png(downloads) -> None:
    at = run({"show": "btc-georgia,btc-turkey"})
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download map (HTML)", "Download GeoJSON", LABEL]
    image = png(downloads[f"transcaspian-figure-{dt.date.today().year}.png"]())  # the year shown
    assert image.size[0] == 3000 and [round(d) for d in image.info["dpi"]] == [300, 300]


def the_command_s_figure(
    year: int, trip: tuple[str, str] | None = None, shown: list[str] | None = None
) -> bytes:
    """What `python -m routes figure --year YEAR [--from --to] [--segments]` draws."""
    network = load_network(GEODATA)
    view = year_view(load_timeline(GEODATA), year, dt.date.today().year)
    route = None
    if trip is not None:
        ends = resolve(network, trip[0]), resolve(network, trip[1])
        route = plan(network, *ends, closed=view.closed)[0]
    planned = shown_in(load_planned(GEODATA), load_drawings(GEODATA, network), year)
    visible = shown or [s.id for s in network.segments]
    return render_figure(network, GEODATA, visible, route=route, year=view, planned=planned)


def test_the_figure_follows_the_planned_route(downloads) -> None:
    at = run({"from": "aktau-port", "to": "poti-port"})
    assert not at.exception
    data = downloads[f"transcaspian-figure-{dt.date.today().year}.png"]()
    png(data)
    # The very figure the command draws for this trip in the year shown (today's): every segment,
    # the best route highlighted.
    assert data == the_command_s_figure(dt.date.today().year, ("aktau-port", "poti-port"))


@pytest.mark.parametrize("year", [2005, 2016])
def test_the_figure_follows_the_year_slider(downloads, year: int) -> None:
    at = run({"show": "btc-georgia,btc-turkey,btk-tbilisi-akhalkalaki"})
    at.slider(key="year").set_value(year).run()
    assert not at.exception
    data = downloads[f"transcaspian-figure-{year}.png"]()  # the file says which year it shows
    png(data)
    shown = ["btc-georgia", "btc-turkey", "btk-tbilisi-akhalkalaki"]
    assert data == the_command_s_figure(year, shown=shown)
    assert data != the_command_s_figure(dt.date.today().year, shown=shown)


def test_with_nothing_of_the_view_built_yet_the_figure_button_is_disabled(downloads) -> None:
    at = run({"show": "btc-georgia"})
    assert not at.get("download_button")[2].proto.disabled
    at.slider(key="year").set_value(1990).run()  # the BTC was built from 2003
    assert not at.exception
    assert at.get("download_button")[2].proto.disabled


def test_with_nothing_shown_the_figure_button_is_disabled(downloads) -> None:
    at = run({"show": "none"})
    assert not at.exception
    assert at.get("download_button")[2].proto.disabled
