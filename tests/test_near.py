"""One notion of "near": geodesic kilometres, the same radius for the summary, the checks and linking."""

from __future__ import annotations

import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point

from routes.articles import Article
from routes.checks import far_nodes
from routes.linking import Linker
from routes.model import Network, Node, Segment
from routes.near import NEAR_KM, NearIndex, deviation, distance_km, sample_points
from routes.summary import summarise
from routes.vocabulary import Vocabulary

GEOD = Geod(ellps="WGS84")
# An east–west line along 45° N, around the Caspian's latitude.
LINE = LineString([(50.0, 45.0), (52.0, 45.0)])


def north_of(lon: float, lat: float, km: float) -> Point:
    x, y, _ = GEOD.fwd(lon, lat, 0.0, km * 1000.0)
    return Point(x, y)


@pytest.mark.parametrize("km", [0.5, 2.0, 4.9, 5.1, 12.0])
def test_distance_is_geodesic_kilometres(km: float) -> None:
    assert distance_km(north_of(51.0, 45.0, km), LINE) == pytest.approx(km, abs=0.01)


@pytest.mark.parametrize(("km", "found"), [(4.9, [0]), (5.1, []), (0.0, [0])])
def test_within_uses_the_one_radius(km: float, found: list[int]) -> None:
    index = NearIndex([LINE, LineString([(60.0, 40.0), (61.0, 40.0)])])
    assert index.within(north_of(51.0, 45.0, km)) == found


def test_radius_in_km_holds_at_high_latitude() -> None:
    # A degree of longitude is ~55 km at 60° N: a degree-based radius would be off by half.
    line = LineString([(30.0, 60.0), (30.0, 61.0)])
    x, y, _ = GEOD.fwd(30.0, 60.5, 90.0, 4_500.0)
    assert NearIndex([line]).within(Point(x, y)) == [0]
    x, y, _ = GEOD.fwd(30.0, 60.5, 90.0, 5_500.0)
    assert NearIndex([line]).within(Point(x, y)) == []


def test_deviation_of_a_line_from_itself_and_from_a_parallel() -> None:
    assert deviation(LINE, LINE).max_km == pytest.approx(0.0, abs=1e-6)
    south = LineString([(50.0, 44.99), (52.0, 44.99)])  # 0.01° ≈ 1.11 km
    found = deviation(LINE, south)
    assert found.median_km == pytest.approx(1.11, abs=0.02)
    assert found.max_km == pytest.approx(1.11, abs=0.02)


def test_samples_are_about_a_kilometre_apart() -> None:
    points = sample_points(LINE, step_km=1.0)
    length = GEOD.geometry_length(LINE) / 1000
    assert len(points) == pytest.approx(length + 1, abs=2)


def _network(node_km: float) -> Network:
    segment = Segment(
        id="a-b", name="A – B railway", corridor="TITR", mode="rail", countries=("KAZ",), aliases=(),
        geometry=LINE, group="Kazakhstan", geometry_source="test", geometry_licence="test",
    )  # fmt: skip
    town = north_of(51.0, 45.0, node_km)
    node = Node(id="town", name="Townsk", kind="border", aliases=("Townsk",), point=town)
    return Network((segment,), (node,))


@pytest.mark.parametrize("node_km", [NEAR_KM - 0.2, NEAR_KM + 0.2])
def test_summary_checks_and_linking_agree_on_near(node_km: float) -> None:
    network = _network(node_km)
    on_line = node_km <= NEAR_KM
    assert bool(summarise(network, ["a-b"]).border_crossings) is on_line
    assert (not list(far_nodes(network))) is on_line
    linker = Linker(network, {"TITR": Vocabulary("Middle Corridor", ())}, {})
    text = "Freight trains now cross at Townsk every day."
    links = linker.link_article(Article(file_name="t.txt", location="t.txt", paragraphs=(text,)))
    assert bool(links) is on_line
