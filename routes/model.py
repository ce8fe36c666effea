"""Typed records for the corridor: segments, nodes and their sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from shapely.geometry import LineString, MultiLineString, Point

from routes.near import NearIndex

Corridor = Literal["TITR", "BTC"]
Mode = Literal["rail", "sea", "pipeline"]
NodeKind = Literal["port", "border", "terminal", "junction", "city", "station"]

OWN_WORK = "this project (MIT)"  # hand-drawn lines: nothing to credit beyond the project itself
CORRIDORS: tuple[str, ...] = ("TITR", "BTC")
MODES: tuple[str, ...] = ("rail", "sea", "pipeline")
NODE_KINDS: tuple[str, ...] = ("port", "border", "terminal", "junction", "city", "station")

# Stated facts a segment may carry; each is shown with the segment's sources.
FACT_FIELDS: tuple[str, ...] = (
    "length_km_stated",
    "capacity",
    "operator",
    "opened",
    "transit_days",
    "gauge_mm",
    "status",
    "underwater",
    "note",
    "length_note",
)


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Segment:
    """One toggleable piece of a corridor, drawn along its real alignment."""

    id: str
    name: str
    corridor: Corridor
    mode: Mode
    countries: tuple[str, ...]
    aliases: tuple[str, ...]
    geometry: LineString | MultiLineString
    group: str
    facts: dict[str, object] = field(default_factory=dict, hash=False, compare=False)
    sources: tuple[Source, ...] = ()
    length_km: float = 0.0  # geodesic length on WGS84, computed at load
    geometry_source: str = ""  # where the line comes from, e.g. "gem:P0644" or "osm + hand-drawn …"
    geometry_licence: str = ""  # whom to credit for it, e.g. "© OpenStreetMap contributors (ODbL)"
    geometry_links_km: float = 0.0  # straight links where the sources do not meet

    @property
    def length_km_stated(self) -> float | None:
        value = self.facts.get("length_km_stated")
        return float(value) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class Node:
    """A port, border crossing, terminal or junction on the routes."""

    id: str
    name: str
    kind: NodeKind
    aliases: tuple[str, ...]
    point: Point
    countries: tuple[str, ...] = ()
    gauge_break: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Network:
    """Everything loaded from one geodata folder."""

    segments: tuple[Segment, ...]
    nodes: tuple[Node, ...]

    def nodes_on(self, segment_ids: Iterable[str]) -> tuple[Node, ...]:
        """Nodes lying on (within NEAR_KM of) any of the given segments."""
        return _nodes_on(self, frozenset(segment_ids))

    def credits(self, segment_ids: Iterable[str] | None = None) -> tuple[str, ...]:
        """Whom the drawn lines must credit, each once, in the order the segments come."""
        wanted = None if segment_ids is None else set(segment_ids)
        parts = [
            part.strip()
            for s in self.segments
            if wanted is None or s.id in wanted
            for part in s.geometry_licence.split(";")
            if part.strip() and part.strip() != OWN_WORK
        ]
        return tuple(dict.fromkeys(parts))

    def segment(self, segment_id: str) -> Segment:
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        raise KeyError(segment_id)


@lru_cache(maxsize=64)
def _nodes_on(network: Network, wanted: frozenset[str]) -> tuple[Node, ...]:
    # Asked on every app run with the same visible set (map and summary): answer it once.
    index = NearIndex([s.geometry for s in network.segments if s.id in wanted])
    return tuple(n for n in network.nodes if index.within(n.point))
