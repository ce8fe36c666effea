"""Routes from A to B on the corridor graph: the best one and the alternatives that differ in a way
that matters (another border crossing, another Caspian port, Türkiye or the Black Sea)."""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shapely.geometry import Point

from routes.alternatives import Alternative
from routes.errors import NoRouteError, PlaceError
from routes.graph import Edge, corridor_graph
from routes.model import Network, Node, Source
from routes.near import distance_km
from routes.normalise import place_key
from routes.views import transit_label

if TYPE_CHECKING:
    import networkx as nx

MAX_ROUTES = 6
PATHS_EXAMINED = 80  # k-shortest paths looked at to find MAX_ROUTES distinct ones
_LON_LAT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Place:
    """Where a route starts or ends: a node, and how far the asked point was from it."""

    node: Node
    asked: str
    snapped_km: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.node.id, "name": self.node.name, "kind": self.node.kind,
                               "lon": self.node.point.x, "lat": self.node.point.y}  # fmt: skip
        if self.snapped_km:
            out["snapped_km"] = round(self.snapped_km, 1)
        return out


@dataclass(frozen=True)
class Stop:
    """A node on a route where something happens: a border, a break of gauge, a change of mode."""

    node: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class Route:
    name: str
    nodes: tuple[str, ...]
    segments: tuple[str, ...]
    km_by_mode: dict[str, float] = field(hash=False, compare=False)
    countries: tuple[str, ...] = ()
    border_crossings: tuple[Stop, ...] = ()
    gauge_breaks: tuple[Stop, ...] = ()
    transshipments: tuple[Stop, ...] = ()
    days_stated: tuple[dict[str, Any], ...] = ()

    @property
    def km_total(self) -> float:
        return sum(self.km_by_mode.values())

    def to_dict(self) -> dict[str, Any]:
        stops = lambda items, key: [{"node": s.node, "name": s.name, key: s.detail} for s in items]  # noqa: E731
        return {
            "name": self.name,
            "km_total": round(self.km_total, 1),
            "km_by_mode": {mode: round(km, 1) for mode, km in self.km_by_mode.items()},
            "countries": list(self.countries),
            "border_crossings": [{"node": s.node, "name": s.name} for s in self.border_crossings],
            "gauge_breaks": stops(self.gauge_breaks, "gauges"),
            "transshipments": stops(self.transshipments, "modes"),
            "segments": list(self.segments),
            "nodes": list(self.nodes),
            "days_stated": list(self.days_stated),
        }


# --- places --------------------------------------------------------------------------------------


def place_index(network: Network) -> dict[str, Node]:
    """Every folded name and alias of every node, pointing at its node (ids too)."""
    index: dict[str, Node] = {}
    for node in network.nodes:
        for name in (node.id, node.name, *node.aliases):
            index.setdefault(place_key(name), node)
    return index


def resolve(network: Network, text: str) -> Place:
    """A node id, name or alias (folded for case, accents, apostrophes, dashes), or "lon,lat"."""
    coords = _LON_LAT.match(text)
    if coords:
        lon, lat = float(coords.group(1)), float(coords.group(2))
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise PlaceError(f"{text!r} is not a position (expected lon,lat in degrees)")
        point = Point(lon, lat)
        node = min(network.nodes, key=lambda n: distance_km(point, n.point))
        return Place(node, text, distance_km(point, node.point))
    index = place_index(network)
    found = index.get(place_key(text))
    if found is not None:
        return Place(found, text)
    close = difflib.get_close_matches(place_key(text), list(index), n=4, cutoff=0.6)
    names = list(dict.fromkeys(index[k].name for k in close))
    hint = f"; closest known: {', '.join(names)}" if names else "; try a station, port or border name"
    raise PlaceError(f"unknown place {text!r}{hint}")


# --- routes --------------------------------------------------------------------------------------


def plan(network: Network, start: Place, end: Place, via: Place | None = None,
         limit: int = MAX_ROUTES, closed: Collection[str] = ()) -> list[Route]:  # fmt: skip
    """The best route first, then alternatives that differ in their borders, ports or modes.

    closed: segments no route may use (not yet open, only planned, or disrupted in the year shown).
    """
    import networkx as nx  # only when a trip is planned: the app starts ~0.3 s sooner without it

    full = corridor_graph(network)
    shut = frozenset(closed)
    graph = nx.subgraph_view(full, filter_edge=lambda a, b: full.edges[a, b]["edge"].segment not in shut)
    if via is None:
        paths = _distinct_paths(graph, start.node.id, end.node.id, limit)
    else:
        heads = _distinct_paths(graph, start.node.id, via.node.id, limit)
        tails = _distinct_paths(graph, via.node.id, end.node.id, limit)
        joined = sorted((h + t[1:] for h, t in itertools.product(heads, tails)), key=lambda p: _km(graph, p))
        paths = _unique_by_signature(graph, joined, limit)
    if not paths:
        raise NoRouteError(f"no freight line joins {start.node.name} and {end.node.name}")
    return [_route(network, graph, path) for path in paths]


@dataclass(frozen=True)
class PlannedTrip:
    """A trip as asked (places as typed, resolved) and its routes, best first."""

    start: Place
    end: Place
    via: Place | None
    routes: list[Route]


def plan_trip(network: Network, start: str, end: str, via: str | None = None,
              closed: Collection[str] = ()) -> PlannedTrip:  # fmt: skip
    """Resolve the places as people type them and plan (PlaceError, NoRouteError)."""
    ends = resolve(network, start), resolve(network, end)
    through = resolve(network, via) if via else None
    return PlannedTrip(*ends, through, plan(network, *ends, via=through, closed=closed))


def _km(graph: nx.Graph, path: list[str]) -> float:
    return sum(graph.edges[a, b]["km"] for a, b in itertools.pairwise(path))


def _distinct_paths(graph: nx.Graph, source: str, target: str, limit: int) -> list[list[str]]:
    import networkx as nx

    if source == target:
        return [[source]]
    try:
        candidates = list(itertools.islice(nx.shortest_simple_paths(graph, source, target, weight="km"),
                                           PATHS_EXAMINED))  # fmt: skip
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return _unique_by_signature(graph, candidates, limit)


def _signature(graph: nx.Graph, path: list[str]) -> tuple[str, ...]:
    """What makes two routes different to a planner: the borders, ports and segments chosen."""
    edges = [graph.edges[a, b]["edge"] for a, b in itertools.pairwise(path)]
    choices = [n for n in path if graph.nodes[n]["node"].kind in ("border", "port")]
    return (*choices, *sorted({e.segment for e in edges if e.mode == "sea"}))


def _doubles_back(graph: nx.Graph, path: list[str]) -> bool:
    """Crossing between the same two countries twice (out of China at Khorgos and in again)."""
    pairs = [
        frozenset(graph.nodes[n]["node"].countries) for n in path if graph.nodes[n]["node"].kind == "border"
    ]
    return len(pairs) != len(set(pairs))


def _unique_by_signature(graph: nx.Graph, paths: list[list[str]], limit: int) -> list[list[str]]:
    seen: dict[tuple[str, ...], list[str]] = {}
    for path in paths:
        if _doubles_back(graph, path):
            continue
        seen.setdefault(_signature(graph, path), path)
        if len(seen) >= limit:
            break
    return list(seen.values())


def _route(network: Network, graph: nx.Graph, path: list[str]) -> Route:
    edges: list[Edge] = [graph.edges[a, b]["edge"] for a, b in itertools.pairwise(path)]
    nodes: list[Node] = [graph.nodes[n]["node"] for n in path]
    km_by_mode: dict[str, float] = {}
    for edge in edges:
        km_by_mode[edge.mode] = km_by_mode.get(edge.mode, 0.0) + edge.km
    segments = tuple(dict.fromkeys(e.segment for e in edges))
    ends = {0, len(nodes) - 1}
    borders = tuple(Stop(n.id, n.name) for n in nodes if n.kind == "border")
    gauges = tuple(
        Stop(n.id, n.name, n.gauge_break)
        for i, n in enumerate(nodes)
        if n.gauge_break and (i not in ends or n.kind == "border")
    )
    changes = tuple(
        Stop(nodes[i + 1].id, nodes[i + 1].name, f"{a.mode} → {b.mode}")
        for i, (a, b) in enumerate(itertools.pairwise(edges))
        if a.mode != b.mode
    )
    days = tuple(
        {"segment": seg.id, "name": seg.name, "days": seg.facts["transit_days"],
         "label": transit_label(seg.facts["transit_days"]), "sources": [_source(s) for s in seg.sources]}
        for seg in (network.segment(i) for i in segments)
        if "transit_days" in seg.facts
    )  # fmt: skip
    return Route(
        name=_name(nodes), nodes=tuple(path), segments=segments, km_by_mode=km_by_mode,
        countries=tuple(dict.fromkeys(c for e in edges for c in e.countries)),
        border_crossings=borders, gauge_breaks=gauges, transshipments=changes, days_stated=days,
    )  # fmt: skip


def _name(nodes: list[Node]) -> str:
    """ "via Alashankou, Aktau, Alat, Kartsakhi": the borders and ports a route goes through."""
    inner = [n for n in nodes[1:-1] if n.kind in ("border", "port")]
    short = [n.aliases[0] if n.aliases else n.name for n in inner]
    return "via " + ", ".join(short) if short else "direct"


def _source(source: Source) -> dict[str, str]:
    return {"title": source.title, "url": source.url}


def comparison_rows(
    routes: list[Route], country_names: dict[str, str] | None = None, context: Sequence[Alternative] = ()
) -> list[dict[str, Any]]:
    """The routes side by side, one row each, as a planner reads them (for the app's table);
    then the context alternatives between the same ends (rail via Russia, sea via Suez …)."""
    names = country_names or {}
    rows = []
    for number, route in enumerate(routes, 1):
        rows.append(
            {
                "#": str(number),
                "Route": route.name,
                "Total km": round(route.km_total),
                "Rail km": round(route.km_by_mode.get("rail", 0.0)),
                "Sea km": round(route.km_by_mode.get("sea", 0.0)),
                "Days stated": "; ".join(f"{d['name']}: {d['label']}" for d in route.days_stated) or "—",
                "Breaks of gauge": ", ".join(s.name for s in route.gauge_breaks) or "—",
                "Changes of mode": ", ".join(f"{s.name} ({s.detail})" for s in route.transshipments) or "—",
                "Countries": " – ".join(names.get(c, c) for c in route.countries),
                "Border crossings": ", ".join(s.name for s in route.border_crossings) or "—",
            }
        )
    for alternative in context:
        rows.append(
            {
                "#": "context",
                "Route": alternative.name + (f" (to {alternative.ends_at})" if alternative.ends_at else ""),
                "Total km": round(alternative.km),
                "Rail km": round(alternative.km_by_mode.get("rail", 0.0)),
                "Sea km": round(alternative.km_by_mode.get("sea", 0.0)),
                "Days stated": alternative.days_label,
                "Breaks of gauge": "—", "Changes of mode": "—", "Countries": "—", "Border crossings": "—",
            }
        )  # fmt: skip
    return rows
