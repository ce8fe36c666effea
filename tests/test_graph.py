"""The corridor graph: stations in order along each line, pieces that add up to the line."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from routes.geodata import load_network
from routes.graph import build_graph
from routes.model import Network

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


@pytest.fixture(scope="module")
def graph(network: Network) -> nx.Graph:
    return build_graph(network)


@pytest.mark.parametrize(
    ("segment_id", "stations"),
    [
        (
            "cn-lianyungang-urumqi",
            ["lianyungang", "zhengzhou", "xian", "baoji", "tianshui", "lanzhou", "urumqi"],
        ),
        ("tr-kars-ankara", ["kars", "erzurum", "sivas", "kayseri", "ankara"]),
        ("btk-akhalkalaki-kars", ["akhalkalaki", "kartsakhi-border", "kars"]),
        ("ua-chornomorsk-mostyska", ["chornomorsk-port", "odesa", "zhmerynka", "lviv", "mostyska-border"]),
    ],
)
def test_a_segment_becomes_a_chain_of_its_stations(graph: nx.Graph, segment_id: str, stations: list[str]):
    pieces = nx.Graph([(a, b) for a, b, d in graph.edges(data=True) if d["edge"].segment == segment_id])
    assert nx.shortest_path(pieces, stations[0], stations[-1]) == stations


@pytest.mark.parametrize("segment_id", ["tr-kars-ankara", "cn-urumqi-alashankou", "caspian-aktau-alat"])
def test_pieces_add_up_to_the_line(network: Network, graph: nx.Graph, segment_id: str) -> None:
    km = sum(d["km"] for _a, _b, d in graph.edges(data=True) if d["edge"].segment == segment_id)
    # The end stations sit on the line's ends, so the pieces cover the whole line.
    assert km == pytest.approx(network.segment(segment_id).length_km, rel=0.01)


def test_every_freight_station_is_reachable_from_china(graph: nx.Graph) -> None:
    reached = nx.node_connected_component(graph, "xian")
    for place in ("istanbul-marmaray", "kapikule-border", "constanta-port", "mostyska-border", "batumi-port",
                  "turkmenbashi-port", "kuryk-port"):  # fmt: skip
        assert place in reached


def test_each_btk_piece_lies_in_the_one_country_it_crosses(graph: nx.Graph) -> None:
    assert graph.edges["akhalkalaki", "kartsakhi-border"]["edge"].countries == ("GEO",)
    assert graph.edges["kartsakhi-border", "kars"]["edge"].countries == ("TUR",)
