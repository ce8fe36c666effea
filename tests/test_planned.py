"""Planned and building projects as the map draws them: schematic, sourced, and only in their years."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import Point

from routes.cli import main
from routes.geodata import load_network
from routes.model import Network
from routes.planned import (
    PLACES_FILE,
    Drawings,
    great_circle,
    load_drawings,
    read_drawings,
    shown_in,
)
from routes.timeline import PLANNED_FILE, Project, load_planned

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


@pytest.fixture(scope="module")
def projects() -> tuple[Project, ...]:
    return load_planned(GEODATA)


@pytest.fixture(scope="module")
def drawings(network: Network) -> Drawings:
    return load_drawings(GEODATA, network)


# --- which project shows in which year --------------------------------------------------------------


@pytest.mark.parametrize(
    ("project", "shown_year", "status", "hidden_year", "why_hidden"),
    [
        ("kz-dostyk-mointy-second-track", 2023, "under construction", 2025, "opened 30 Sep 2025"),
        ("kz-dostyk-mointy-second-track", 2022, "under construction", 2021, "not yet begun"),
        ("kz-bakhty-ayagoz", 2024, "under construction", 2022, "started 21 Dec 2023"),
        ("cku-railway", 2024, "under construction", 2023, "agreement of 6 Jun 2024"),
        ("ge-anaklia-port", 2016, "planned", 2015, "consortium chosen Feb 2016"),
        ("ge-anaklia-port", 2021, "planned", 2015, "halted in 2020: planned again"),
        ("tr-halkali-kapikule-hsr", 2019, "under construction", 2018, "agreement of 28 Feb 2019"),
        ("az-baku-port-phase-2", 2021, "planned", 2020, "announced April 2021"),
    ],
)
def test_a_project_is_drawn_in_its_years_and_hidden_otherwise(
    projects, drawings, project, shown_year, status, hidden_year, why_hidden
) -> None:
    shown = {s.project.id: s for s in shown_in(projects, drawings, shown_year)}
    assert shown[project].status == status and shown[project].year == shown_year
    assert project not in {s.project.id for s in shown_in(projects, drawings, hidden_year)}, why_hidden


@pytest.mark.parametrize("project", ["kz-darbaza-maktaaral", "kz-moiynty-kyzylzhar"])
def test_a_project_whose_ends_no_source_places_is_not_drawn_and_says_why(projects, drawings, project) -> None:
    assert project not in drawings.drawn
    assert "No source found here gives where" in drawings.not_drawn[project]
    years = range(2023, 2027)
    assert all(s.project.id != project for year in years for s in shown_in(projects, drawings, year))


def test_every_project_is_drawn_or_says_why_not(projects, drawings) -> None:
    assert {p.id for p in projects} == set(drawings.drawn) | set(drawings.not_drawn)


# --- honest geometry ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("project", "through", "kind"),
    [
        ("kz-bakhty-ayagoz", ("Ayagoz", "Bakhty – Baktu border crossing"), "LineString"),
        ("cku-railway", ("Kashgar", "Torugart pass", "Jalal-Abad", "Andijan"), "LineString"),
        (
            "tr-halkali-kapikule-hsr",
            ("Halkalı", "Çerkezköy", "Kapıkule (Türkiye–Bulgaria border)"),
            "LineString",
        ),
        ("ge-anaklia-port", ("Anaklia",), "Point"),
        ("az-baku-port-phase-2", ("Port of Baku (Alat)",), "Point"),
    ],
)
def test_schematic_drawings_go_through_the_places_the_sources_name(drawings, project, through, kind) -> None:
    drawing = drawings.drawn[project]
    assert drawing.through == through and drawing.geometry.geom_type == kind
    assert drawing.schematic and drawing.geometry_source.startswith("schematic:")
    assert "not published" in drawing.geometry_source
    assert drawing.sources and all(s.url.startswith(("http://", "https://")) for s in drawing.sources)


def test_the_second_track_follows_the_line_it_doubles(network, drawings) -> None:
    drawing = drawings.drawn["kz-dostyk-mointy-second-track"]
    assert drawing.how == "along segment" and not drawing.schematic
    assert drawing.geometry.equals(network.segment("kz-dostyk-mointy").geometry)
    assert "kz-dostyk-mointy" in drawing.geometry_source


def test_a_schematic_line_between_two_places_is_their_great_circle() -> None:
    a, b = Point(80.43333, 47.96667), Point(82.8, 46.68333)  # Ayagoz, Bakhty
    line = great_circle([a, b])
    assert line.coords[0] == (a.x, a.y) and line.coords[-1] == (b.x, b.y)
    direct = GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000
    assert GEOD.geometry_length(line) / 1000 == pytest.approx(direct, rel=1e-4)  # no detour added
    assert len(line.coords) == int(direct // 25) + 2  # a vertex every 25 km


def test_every_place_says_where_its_position_comes_from() -> None:
    features = json.loads((GEODATA / PLACES_FILE).read_text("utf-8"))["features"]
    assert features
    for feature in features:
        source = feature["properties"]["position_source"]
        assert source["title"] and source["url"].startswith(("http://", "https://")), feature


# --- validation catches each dishonest or broken drawing ------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in (PLANNED_FILE, PLACES_FILE):
        shutil.copy(GEODATA / name, tmp_path / name)
    return tmp_path


def _project(doc: dict, pid: str) -> dict:
    return next(p for p in doc["projects"] if p["id"] == pid)


def _edit(path: Path, change: Callable[[dict], None]) -> None:
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def _place(doc: dict, pid: str) -> dict:
    return next(f for f in doc["features"] if f["properties"]["id"] == pid)


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            PLANNED_FILE,
            lambda d: _project(d, "cku-railway").pop("drawing"),
            "every project needs a 'drawing'",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "cku-railway")["drawing"].update(how="straight"),
            "'how' is 'straight'",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "kz-bakhty-ayagoz")["drawing"].update(geometry_source="railway to China"),
            "must start with 'schematic:'",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "kz-bakhty-ayagoz")["drawing"].update(geometry_source="schematic: a line"),
            "'not published'",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "kz-bakhty-ayagoz")["drawing"].update(sources=[]),
            "'sources' must list",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "kz-bakhty-ayagoz")["drawing"].update(through=[{"place": "ayagoz"}]),
            "at least two places",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "cku-railway")["drawing"]["through"].append({"place": "atlantis"}),
            "unknown place id 'atlantis'",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "az-baku-port-phase-2")["drawing"].update(through=[{"station": "nowhere"}]),
            "unknown station id 'nowhere'",
        ),
        (
            PLANNED_FILE,
            lambda d: _project(d, "kz-dostyk-mointy-second-track")["drawing"].update(segment="kz-nowhere"),
            "is not a segment of the network",
        ),
        (PLANNED_FILE, lambda d: _project(d, "kz-darbaza-maktaaral")["drawing"].pop("why"), "needs a 'why'"),
        (PLANNED_FILE, lambda d: _project(d, "ge-anaklia-port").pop("drawing"), "no project draws through"),
        (
            PLACES_FILE,
            lambda d: _place(d, "ayagoz")["properties"].pop("position_source"),
            "'position_source'",
        ),
        (
            PLACES_FILE,
            lambda d: _place(d, "ayagoz")["geometry"].update(coordinates=[47.96667, 80.43333]),
            "outside the corridor's region (is it [lat, lon]?)",
        ),
    ],
)
def test_drawing_check_catches(network, data_copy, file, change, expected) -> None:
    _edit(data_copy / file, change)
    problems = [str(p) for p in read_drawings(data_copy, network)[1]]
    assert any(expected in p for p in problems), problems


def test_the_bundled_drawings_have_no_problems(network) -> None:
    assert read_drawings(GEODATA, network)[1] == []


def test_validate_reports_a_drawing_that_is_not_marked_schematic(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder, ignore=shutil.ignore_patterns("articles"))
    _edit(
        folder / PLANNED_FILE,
        lambda d: _project(d, "cku-railway")["drawing"].update(geometry_source="the CKU railway"),
    )
    assert main(["validate", "--geodata", str(folder)]) == 1
    out = capsys.readouterr().out
    assert (
        "planned.json: projects[4] (id=cku-railway) drawing: a schematic drawing is not an alignment" in out
    )
