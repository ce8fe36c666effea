"""Shared fixtures: real article files, a small corridor network, and a linker over it."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point

from routes.linking import Linker
from routes.model import Network, Node, Segment
from routes.vocabulary import load_vocabulary

PROJECT = Path(__file__).resolve().parent.parent
GEODATA = PROJECT / "geodata"
BUNDLED_ARTICLES = GEODATA / "articles"
ARTICLE_000 = "000_240b149e65d7c298.txt"
ARTICLE_001 = "001_454bf1c631e23a3d.txt"


@pytest.fixture(scope="session", autouse=True)
def user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """No test writes into the real per-user data folder: $ROUTES_USER_DATA points to a temporary
    one for the whole session (app servers started by browser tests inherit it)."""
    folder = tmp_path_factory.mktemp("user-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ROUTES_USER_DATA", str(folder))
        mp.setenv("ROUTES_CACHE", str(folder / "cache"))
        yield folder


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A folder holding copies of the two bundled sample articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in (ARTICLE_000, ARTICLE_001):
        shutil.copyfile(BUNDLED_ARTICLES / name, folder / name)
    return folder


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a file under tmp_path/corpus and return its path."""
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write


def _seg(sid: str, corridor: str, mode: str, countries: tuple[str, ...], aliases, coords) -> Segment:
    return Segment(
        id=sid,
        name=sid.replace("-", " ").title(),
        corridor=corridor,  # type: ignore[arg-type]
        mode=mode,  # type: ignore[arg-type]
        countries=countries,
        aliases=tuple(aliases),
        geometry=LineString(coords),
        group=countries[0],
    )


def _node(nid: str, name: str, aliases, lon: float, lat: float) -> Node:
    return Node(id=nid, name=name, kind="port", aliases=tuple(aliases), point=Point(lon, lat))


def small_network() -> Network:
    """A dozen segments and a few nodes with the real data's ids and rough alignments."""
    t, b = "TITR", "BTC"
    segments = (
        _seg(
            "cn-lianyungang-urumqi",
            t,
            "rail",
            ("CHN",),
            ["Longhai railway"],
            [(119.4, 34.7), (103.8, 36.1), (87.6, 43.8)],
        ),
        _seg(
            "kz-beineu-aktau",
            t,
            "rail",
            ("KAZ",),
            ["Beineu\u2013Aktau railway"],
            [(55.2, 45.3), (51.2, 43.65)],
        ),
        _seg(
            "caspian-aktau-alat",
            t,
            "sea",
            ("KAZ", "AZE"),
            ["Aktau\u2013Alat ferry", "Caspian Sea"],
            [(51.2, 43.65), (49.45, 39.95)],
        ),
        _seg(
            "caspian-kuryk-alat",
            t,
            "sea",
            ("KAZ", "AZE"),
            ["Kuryk ferry", "Caspian Sea"],
            [(51.65, 43.17), (49.45, 39.95)],
        ),
        _seg(
            "caspian-turkmenbashi-alat",
            t,
            "sea",
            ("TKM", "AZE"),
            ["Turkmenbashi\u2013Baku ferry", "Caspian Sea"],
            [(52.95, 40.0), (49.45, 39.95)],
        ),
        _seg(
            "az-alat-boyukkasik",
            t,
            "rail",
            ("AZE",),
            ["Baku\u2013Boyuk Kasik railway"],
            [(49.45, 39.95), (47.0, 40.6), (45.0, 41.3)],
        ),
        _seg(
            "ge-tbilisi-poti",
            t,
            "rail",
            ("GEO",),
            ["Tbilisi\u2013Poti railway"],
            [(44.8, 41.7), (41.67, 42.15)],
        ),
        _seg(
            "btk-akhalkalaki-kars",
            t,
            "rail",
            ("GEO", "TUR"),
            ["Baku-Tbilisi-Kars railway", "BTK railway"],
            [(43.48, 41.4), (43.1, 40.6)],
        ),
        _seg(
            "tr-kars-ankara",
            t,
            "rail",
            ("TUR",),
            ["Kars\u2013Ankara railway"],
            [(43.1, 40.6), (32.85, 39.93)],
        ),
        _seg(
            "blacksea-poti-constanta",
            t,
            "sea",
            ("GEO", "ROU"),
            ["Poti\u2013Constan\u021ba ferry"],
            [(41.67, 42.15), (28.65, 44.17)],
        ),
        _seg(
            "ua-chornomorsk-mostyska",
            t,
            "rail",
            ("UKR",),
            ["Chornomorsk\u2013Mostyska railway"],
            [(30.65, 46.3), (23.15, 49.8)],
        ),
        _seg(
            "btc-azerbaijan",
            b,
            "pipeline",
            ("AZE",),
            ["BTC pipeline in Azerbaijan"],
            [(49.45, 40.0), (45.0, 41.2)],
        ),
        _seg(
            "btc-georgia", b, "pipeline", ("GEO",), ["BTC pipeline in Georgia"], [(45.0, 41.2), (42.7, 41.5)]
        ),
        _seg("btc-turkey", b, "pipeline", ("TUR",), ["BTC pipeline in Turkey"], [(42.7, 41.5), (35.9, 36.9)]),
    )
    nodes = (
        _node("aktau-port", "Aktau", ["Port of Aktau", "Aktau port"], 51.2, 43.65),
        _node(
            "alat-port", "Port of Baku", ["Baku", "Alat", "Baku International Sea Trade Port"], 49.45, 39.95
        ),
        _node("kars", "Kars", ["Kars station"], 43.1, 40.6),
    )
    return Network(segments, nodes)


@pytest.fixture(scope="session")
def network() -> Network:
    return small_network()


@pytest.fixture(scope="session")
def linker(network: Network) -> Linker:
    """A linker over the small network with the bundled corridor and country vocabulary."""
    return Linker(
        network,
        load_vocabulary(GEODATA / "corridors.json"),
        load_vocabulary(GEODATA / "countries.json"),
    )


@pytest.fixture(scope="session")
def real_network() -> Network:
    """The bundled network from geodata/; skips only while segments.geojson does not exist yet."""
    if not (GEODATA / "segments.geojson").exists():
        pytest.skip("geodata/segments.geojson not built yet")
    from routes.geodata import load_network

    return load_network(GEODATA)


# --- Browser tests (tests/test_app_browser.py; owner: browser-test helper) -------------------
# Keeps each phase's report on the test item (item.rep_setup / rep_call / rep_teardown), so a
# fixture can save a screenshot when the test body failed.
@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def bound_contents(html: str) -> list[str]:
    """The tooltip and popup HTML a rendered map binds to its segment lines (JSON-decoded)."""
    import json
    import re

    return [json.loads(m) for m in re.findall(r'function \(\) \{ return ("(?:[^"\\]|\\.)*"); \}', html)]
