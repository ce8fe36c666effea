"""Checks of the network as a whole: connected, on land or on water, lengths as stated."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from routes.aliases import unknown_ids
from routes.articles import load_corpus
from routes.basemap import Basemap, load_basemap
from routes.errors import DataError, Problem
from routes.geodata import NODES_FILE, SEGMENTS_FILE, geodesic_length_km, read_network
from routes.linking import Linker
from routes.model import Network, Segment
from routes.near import NEAR_KM, NearIndex, distance_km
from routes.normalise import normalise_alias
from routes.paths import bundled_geodata, vocabulary_dir
from routes.planned import read_drawings
from routes.timeline import PLANNED_FILE, timeline_problems

KM_PER_DEG = 111.0  # rough, only to turn km tolerances into degrees near the corridor
TOUCH_KM = 1.0  # segments that meet must share an endpoint (or a vertex) within this distance
LENGTH_TOLERANCE = 0.05  # beyond this, the segment says why in its length_note
WRONG_SURFACE_KM = 3.0  # a port approach may cross this much of a generalised coastline
COUNTRY_BUFFER_KM = 5.0  # 1:50m borders are ~km off in places


def network_problems(network: Network, basemap: Basemap) -> list[Problem]:
    """Every problem of the whole network, one Problem each."""
    graph = neighbours(network)  # O(n²) distances: computed once for the checks that need it
    return [
        *isolated_segments(network, graph),
        *disconnected_corridors(network, graph),
        *far_nodes(network),
        *shared_aliases(network, graph),
        *length_disagreements(network),
        *surface_problems(network, basemap),
        *country_problems(network, basemap),
    ]


def _where(segment: Segment) -> str:
    return f"id={segment.id}"


def _ends(geometry: BaseGeometry) -> list[Point]:
    lines = geometry.geoms if isinstance(geometry, MultiLineString) else [geometry]
    return [Point(line.coords[i]) for line in lines for i in (0, -1)]


def _touches(a: Segment, b: Segment) -> bool:
    return any(distance_km(p, b.geometry) <= TOUCH_KM for p in _ends(a.geometry)) or any(
        distance_km(p, a.geometry) <= TOUCH_KM for p in _ends(b.geometry)
    )


Graph = dict[str, set[str]]  # segment id -> ids of the segments it meets


def neighbours(network: Network) -> Graph:
    """Which segments meet which (at an end of one of the two)."""
    graph: dict[str, set[str]] = {s.id: set() for s in network.segments}
    segs = network.segments
    for i, a in enumerate(segs):
        for b in segs[i + 1 :]:
            if _touches(a, b):
                graph[a.id].add(b.id)
                graph[b.id].add(a.id)
    return graph


def isolated_segments(network: Network, graph: Graph | None = None) -> Iterable[Problem]:
    graph = graph if graph is not None else neighbours(network)
    for seg in network.segments:
        same = [n for n in graph[seg.id] if network.segment(n).corridor == seg.corridor]
        if len(network.segments) > 1 and not same:
            yield Problem(SEGMENTS_FILE, "its endpoints meet no other segment of its corridor", _where(seg))


def components(network: Network, corridor: str, graph: Graph | None = None) -> list[set[str]]:
    """Connected groups of one corridor's segments."""
    graph = graph if graph is not None else neighbours(network)
    todo = {s.id for s in network.segments if s.corridor == corridor}
    groups = []
    while todo:
        stack, group = [todo.pop()], set()
        while stack:
            current = stack.pop()
            group.add(current)
            for nxt in graph[current]:
                if nxt in todo:
                    todo.discard(nxt)
                    stack.append(nxt)
        groups.append(group)
    return groups


def disconnected_corridors(network: Network, graph: Graph | None = None) -> Iterable[Problem]:
    graph = graph if graph is not None else neighbours(network)
    for corridor in sorted({s.corridor for s in network.segments}):
        groups = components(network, corridor, graph)
        if len(groups) > 1:
            parts = "; ".join(", ".join(sorted(g)) for g in sorted(groups, key=len))
            yield Problem(SEGMENTS_FILE, f"{corridor} falls apart into {len(groups)} pieces: {parts}")


def far_nodes(network: Network) -> Iterable[Problem]:
    lines = NearIndex([s.geometry for s in network.segments])
    for node in network.nodes:
        if network.segments and not lines.within(node.point):
            yield Problem(NODES_FILE, f"lies more than {NEAR_KM:g} km from every segment", f"id={node.id}")


def shared_aliases(network: Network, graph: Graph | None = None) -> Iterable[Problem]:
    owners: dict[str, list[Segment]] = defaultdict(list)
    for seg in network.segments:
        for alias in {normalise_alias(a) for a in seg.aliases}:
            owners[alias].append(seg)
    graph = graph if graph is not None else neighbours(network)
    for alias, segs in sorted(owners.items()):
        for i, a in enumerate(segs):
            for b in segs[i + 1 :]:
                if b.id not in graph[a.id]:
                    yield Problem(
                        SEGMENTS_FILE,
                        f"alias {alias!r} is also used by unrelated {b.id}",
                        _where(a),
                    )


def length_disagreements(network: Network) -> Iterable[Problem]:
    """Stated and computed lengths stay side by side; a gap of more than 5 % must be explained."""
    for seg in network.segments:
        stated = seg.length_km_stated
        off = abs(seg.length_km - stated) / stated if stated else 0.0
        if off > LENGTH_TOLERANCE and not seg.facts.get("length_note"):
            yield Problem(
                SEGMENTS_FILE,
                f"stated length {stated:,.0f} km but the line measures {seg.length_km:,.0f} km "
                f"({(seg.length_km - stated) / stated:+.0%}) and no length_note says why",
                _where(seg),
            )


def length_within_km(geometry: BaseGeometry, area: BaseGeometry) -> float:
    """Geodesic length of the part of a line inside an area."""
    part = geometry.intersection(area)
    lines = [g for g in getattr(part, "geoms", [part]) if isinstance(g, LineString | MultiLineString)]
    return sum(geodesic_length_km(g) for g in lines if not g.is_empty)


def surface_problems(network: Network, basemap: Basemap) -> Iterable[Problem]:
    """Sea legs stay on water; land legs stay on land (a declared tunnel excepted)."""
    for seg in network.segments:
        if seg.mode == "sea":
            wrong, surface = (
                length_within_km(seg.geometry, basemap.land),
                "land",
            )
        elif seg.facts.get("underwater"):  # e.g. Marmaray's tunnel under the Bosphorus
            continue
        else:
            wrong, surface = length_within_km(seg.geometry, basemap.water), "water"
        if wrong > WRONG_SURFACE_KM:
            yield Problem(
                SEGMENTS_FILE,
                f"{wrong:,.1f} km of this {seg.mode} leg lie on {surface}",
                _where(seg),
            )


def country_lengths(segment: Segment, basemap: Basemap) -> dict[str, float]:
    """Kilometres of the segment inside each country it enters (more than 1 km)."""
    out = {}
    for code, polygon in basemap.countries.items():
        if polygon.intersects(segment.geometry):
            km = length_within_km(segment.geometry, polygon)
            if km > 1.0:
                out[code] = km
    return out


def country_problems(network: Network, basemap: Basemap) -> Iterable[Problem]:
    """A land segment lies in the countries it lists, and lists those it enters."""
    for seg in network.segments:
        if seg.mode == "sea":
            continue
        listed = [basemap.countries[c] for c in seg.countries if c in basemap.countries]
        inside = unary_union(listed).buffer(COUNTRY_BUFFER_KM / KM_PER_DEG) if listed else None
        outside = geodesic_length_km(seg.geometry) - (length_within_km(seg.geometry, inside) if inside else 0)
        if outside > COUNTRY_BUFFER_KM:
            found = sorted(set(country_lengths(seg, basemap)) - set(seg.countries))
            yield Problem(
                SEGMENTS_FILE,
                f"{outside:,.0f} km lie outside the listed countries {list(seg.countries)}"
                + (f" (also crosses {found})" if found else ""),
                _where(seg),
            )


def validate(geodata_dir: Path, articles_dir: Path | None = None) -> list[Problem]:
    """Check the data the way the app loads it; every problem in one pass."""
    network, problems = read_network(geodata_dir)
    found = list(problems)
    found += network_problems(network, load_basemap(bundled_geodata()))
    vocabulary = vocabulary_dir(geodata_dir)
    try:
        linker = Linker.from_geodata(network, vocabulary)
    except DataError as exc:
        found += exc.problems
    else:
        # Names for ids the network lacks, in the folder's own language files (the bundled ones
        # name the bundled network, and lend their names to a folder that has none).
        found += [] if vocabulary != geodata_dir else unknown_ids(
            linker.languages,
            {
                "segments": (s.id for s in network.segments),
                "nodes": (n.id for n in network.nodes),
                "corridors": {s.corridor for s in network.segments} | set(linker.corridors),
                "countries": linker.countries,
            },
        )
    found += timeline_problems(
        geodata_dir, (s.id for s in network.segments), (n.id for n in network.nodes)
    )  # timeline.json, planned.json, volumes.csv where the folder has them
    if (geodata_dir / PLANNED_FILE).exists():
        found += read_drawings(geodata_dir, network)[1]  # every project drawn honestly, or says why not
    if articles_dir is not None:
        found += load_corpus(articles_dir).warnings
    return found
