"""Whole-network checks on the bundled data, and each check catching a broken line."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point

from routes.basemap import Basemap, load_basemap
from routes.checks import (
    components,
    country_lengths,
    neighbours,
    network_problems,
)
from routes.geodata import geodesic_length_km, load_network
from routes.model import Network, Node, Segment

GEODATA = Path(__file__).resolve().parent.parent / "geodata"

# BTC Co. / BP: 1,768 km in all, 443 km in Azerbaijan, 249 km in Georgia, 1,076 km in Turkey.
BTC_STATED_KM = {"AZE": 443, "GEO": 249, "TUR": 1076}


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


@pytest.fixture(scope="module")
def basemap() -> Basemap:
    return load_basemap(GEODATA)


def replaced(network: Network, segment_id: str, **changes: object) -> Network:
    segments = tuple(dataclasses.replace(s, **changes) if s.id == segment_id else s for s in network.segments)
    return dataclasses.replace(network, segments=segments)


def test_bundled_network_has_no_problems(network: Network, basemap: Basemap) -> None:
    assert network_problems(network, basemap) == []


@pytest.mark.parametrize("corridor", ["TITR", "BTC"])
def test_each_corridor_is_one_connected_network(network: Network, corridor: str) -> None:
    assert len(components(network, corridor)) == 1


def test_china_reaches_europe_by_both_branches(network: Network) -> None:
    graph = neighbours(network)
    reached, todo = set(), ["cn-lianyungang-urumqi"]
    while todo:
        current = todo.pop()
        if current not in reached:
            reached.add(current)
            todo.extend(graph[current])
    for western_end in ("tr-halkali-kapikule", "ua-chornomorsk-mostyska", "blacksea-poti-constanta"):
        assert western_end in reached


@pytest.mark.parametrize(("segment_id", "country"), [("btc-azerbaijan", "AZE"), ("btc-georgia", "GEO"),
                                                    ("btc-turkey", "TUR")])  # fmt: skip
def test_btc_is_split_at_the_borders(network: Network, basemap: Basemap, segment_id: str, country: str):
    seg = network.segment(segment_id)
    inside = country_lengths(seg, basemap)
    assert set(inside) == {country}
    assert inside[country] == pytest.approx(seg.length_km, rel=0.01)


def test_btc_sections_meet_end_to_end(network: Network) -> None:
    sections = [network.segment(i).geometry for i in ("btc-azerbaijan", "btc-georgia", "btc-turkey")]
    for before, after in itertools.pairwise(sections):
        assert before.coords[-1] == after.coords[0]


@pytest.mark.parametrize(("country", "stated"), sorted(BTC_STATED_KM.items()))
def test_btc_keeps_bp_figures_beside_the_computed_length(network: Network, country: str, stated: int):
    [seg] = [s for s in network.segments if s.corridor == "BTC" and s.countries == (country,)]
    assert seg.length_km_stated == stated
    # GEM's mapped route runs shorter than the buried pipe; never longer, never wildly off.
    assert 0.85 * stated < seg.length_km <= stated * 1.01


def test_every_stated_length_is_within_five_percent_or_explained(network: Network) -> None:
    stated = [s for s in network.segments if s.length_km_stated]
    assert len(stated) >= 5
    for seg in stated:
        off = abs(seg.length_km - seg.length_km_stated) / seg.length_km_stated
        assert off <= 0.05 or len(str(seg.facts.get("length_note", ""))) > 40, seg.id


def test_a_large_length_gap_without_a_note_is_reported(network: Network, basemap: Basemap) -> None:
    seg = network.segment("btc-georgia")
    facts = {k: v for k, v in seg.facts.items() if k != "length_note"}
    problems = network_problems(replaced(network, "btc-georgia", facts=facts), basemap)
    assert [p.where for p in problems if "no length_note says why" in p.message] == ["id=btc-georgia"]


def test_every_segment_has_a_source(network: Network) -> None:
    assert all(s.sources for s in network.segments)


@pytest.mark.parametrize(
    ("segment_id", "expected_vertices_per_100_km"),
    [
        ("cn-lianyungang-urumqi", 3),
        ("tr-kars-ankara", 3),
        ("btc-georgia", 3),
        ("blacksea-poti-chornomorsk", 1),
    ],
)
def test_alignments_are_drawn_not_straight_lines(network, segment_id, expected_vertices_per_100_km):
    seg = network.segment(segment_id)
    assert len(seg.geometry.coords) >= seg.length_km / 100 * expected_vertices_per_100_km


def test_ferry_legs_meet_the_rail_at_alat(network: Network) -> None:
    alat = Point(49.4268, 39.9436)
    touching = {s.id for s in network.segments if any(Point(c).equals(alat) for c in s.geometry.coords)}
    assert {"caspian-aktau-alat", "caspian-kuryk-alat", "az-alat-boyukkasik"} <= touching


# Each broken line below must be caught by the check named in the expected message.
@pytest.mark.parametrize(
    ("segment_id", "changes", "expected"),
    [
        # Poti to Chornomorsk straight across Crimea: a sea leg over land.
        ("blacksea-poti-chornomorsk", {"geometry": LineString([(41.65, 42.15), (30.65, 46.33)])}, "on land"),
        # Aktau to Baku as a railway across the Caspian: a land leg over water.
        (
            "kz-beineu-aktau",
            {"geometry": LineString([(55.2, 45.3), (51.2, 43.65), (49.43, 39.95)])},
            "on water",
        ),
        ("kz-beineu-aktau", {"facts": {"length_km_stated": 900}}, "stated length 900 km"),
        (
            "btc-georgia",
            {"countries": ("GEO",), "geometry": LineString([(44.8, 41.6), (44.9, 40.2)])},
            "outside the listed countries",
        ),
        ("ge-tbilisi-poti", {"geometry": LineString([(60.0, 50.0), (61.0, 50.5)])}, "meet no other segment"),
    ],
)
def test_each_check_catches_its_fault(network, basemap, segment_id, changes, expected) -> None:
    if "geometry" in changes:
        changes["length_km"] = geodesic_length_km(changes["geometry"])
    broken = replaced(network, segment_id, **changes)
    messages = [str(p) for p in network_problems(broken, basemap)]
    assert any(expected in m and segment_id in m for m in messages), messages


def test_an_alias_on_two_distant_segments_is_reported(network: Network, basemap: Basemap) -> None:
    broken = replaced(network, "tr-marmaray", aliases=("Beineu–Aktau railway",))
    broken = replaced(broken, "kz-beineu-aktau", aliases=("Beineu-Aktau railway",))
    messages = [str(p) for p in network_problems(broken, basemap)]
    assert any("'beineu aktau railway' is also used by unrelated" in m for m in messages), messages


def test_a_node_far_from_every_segment_is_reported(network: Network, basemap: Basemap) -> None:
    stray = Node(id="stray", name="Stray", kind="port", aliases=("Stray",), point=Point(60.0, 30.0))
    broken = dataclasses.replace(network, nodes=(*network.nodes, stray))
    assert any(
        "id=stray" in str(p) and "from every segment" in str(p) for p in network_problems(broken, basemap)
    )


def test_a_split_corridor_is_reported(network: Network, basemap: Basemap) -> None:
    alone = Segment(
        id="btc-nowhere", name="Nowhere", corridor="BTC", mode="pipeline", countries=("KAZ",),
        aliases=(), geometry=LineString([(70.0, 48.0), (71.0, 48.0)]), group="BTC",
    )  # fmt: skip
    broken = dataclasses.replace(network, segments=(*network.segments, alone))
    assert any("BTC falls apart into 2 pieces" in str(p) for p in network_problems(broken, basemap))
