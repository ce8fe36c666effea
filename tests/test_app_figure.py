"""The app's "Download figure (PNG)" button, through Streamlit's AppTest."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from routes.figure import render_figure
from routes.geodata import load_network
from routes.planner import plan, resolve

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
    image = png(downloads["transcaspian-figure.png"]())
    assert image.size[0] == 3000 and [round(d) for d in image.info["dpi"]] == [300, 300]


def test_the_figure_follows_the_planned_route(downloads) -> None:
    at = run({"from": "aktau-port", "to": "poti-port"})
    assert not at.exception
    network = load_network(GEODATA)
    route = plan(network, resolve(network, "aktau-port"), resolve(network, "poti-port"))[0]
    data = downloads["transcaspian-figure.png"]()
    png(data)
    # The very figure the command draws for this trip: every segment, the best route highlighted.
    assert data == render_figure(network, GEODATA, [s.id for s in network.segments], route=route)


def test_with_nothing_shown_the_figure_button_is_disabled(downloads) -> None:
    at = run({"show": "none"})
    assert not at.exception
    assert at.get("download_button")[2].proto.disabled
