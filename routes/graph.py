"""The corridor as a graph (networkx): stations, ports and borders joined by the pieces of segments.

Each freight segment (rail or sea; the pipeline carries no cargo) is cut at the nodes that lie on
it, in their order along the line; each piece becomes an edge with its mode, geodesic km along the
geometry, countries and segment id. Ports where rail meets sea need no edge of their own: a route
changes mode there, and the planner reports it as a transshipment.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from shapely.geometry import LineString, MultiLineString
from shapely.ops import linemerge, substring

from routes.geodata import geodesic_length_km
from routes.model import Network, Node, Segment
from routes.near import NearIndex

if TYPE_CHECKING:
    import networkx as nx

FREIGHT_MODES = ("rail", "sea")


@dataclass(frozen=True)
class Edge:
    """One piece of a segment between two neighbouring nodes on it."""

    segment: str
    mode: str
    km: float
    countries: tuple[str, ...]
    gauge_mm: object | None = None


def _single_line(geometry: LineString | MultiLineString) -> LineString:
    if isinstance(geometry, LineString):
        return geometry
    merged = linemerge(geometry)
    return (
        merged
        if isinstance(merged, LineString)
        else LineString([c for g in geometry.geoms for c in g.coords])
    )


def _piece_countries(segment: Segment, a: Node, b: Node) -> tuple[str, ...]:
    """A piece's countries: the segment's own when it has one, else those both end nodes share
    (Akhalkalaki–Kartsakhi is Georgian), else those either end node is in."""
    if len(segment.countries) <= 1 or segment.mode == "sea":
        return segment.countries
    for ends in (set(a.countries) & set(b.countries), set(a.countries) | set(b.countries)):
        found = tuple(c for c in segment.countries if c in ends)
        if found:
            return found
    return segment.countries


def build_graph(network: Network) -> nx.Graph:
    """Nodes keyed by node id (with the Node under "node"); edges carry an Edge under "edge"."""
    import networkx as nx  # here, not at import: the app starts ~0.3 s sooner without it

    graph = nx.Graph()
    for node in network.nodes:
        graph.add_node(node.id, node=node)
    freight = [s for s in network.segments if s.mode in FREIGHT_MODES]
    lines = NearIndex([s.geometry for s in freight])
    on: dict[str, list[Node]] = {s.id: [] for s in freight}
    for node in network.nodes:
        for i in lines.within(node.point):
            on[freight[i].id].append(node)
    for segment in freight:
        line = _single_line(segment.geometry)
        ordered = sorted(on[segment.id], key=lambda n: line.project(n.point))
        for a, b in itertools.pairwise(ordered):
            start, end = line.project(a.point), line.project(b.point)
            if end - start <= 0:
                continue
            km = geodesic_length_km(substring(line, start, end))
            edge = Edge(
                segment.id, segment.mode, km, _piece_countries(segment, a, b), segment.facts.get("gauge_mm")
            )
            previous = graph.get_edge_data(a.id, b.id)
            if previous is None or previous["edge"].km > km:
                graph.add_edge(a.id, b.id, edge=edge, km=km)
    return graph


@lru_cache(maxsize=4)
def corridor_graph(network: Network) -> nx.Graph:
    """The graph of a network, built once per network (networks are immutable)."""
    return build_graph(network)


def piece_line(network: Network, a: str, b: str) -> LineString:
    """The drawn line between two neighbouring nodes of the graph (the piece its km were measured on)."""
    graph = corridor_graph(network)
    line = _single_line(network.segment(graph.edges[a, b]["edge"].segment).geometry)
    ends = sorted(line.project(graph.nodes[n]["node"].point) for n in (a, b))
    return substring(line, *ends)
