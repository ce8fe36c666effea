"""Typed records for the corridor: segments, nodes and their sources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from shapely.geometry import LineString, MultiLineString, Point

Corridor = Literal["TITR", "BTC"]
Mode = Literal["rail", "sea", "pipeline"]
NodeKind = Literal["port", "border", "terminal", "junction", "city", "station"]

NODE_NEAR_DEG = 0.05  # a node is on a segment it lies within this distance of (~5 km)
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
        """Nodes lying on (within ~5 km of) any of the given segments."""
        wanted = set(segment_ids)
        lines = [s.geometry for s in self.segments if s.id in wanted]
        return tuple(
            n for n in self.nodes if any(g.distance(n.point) <= NODE_NEAR_DEG for g in lines)
        )

    def segment(self, segment_id: str) -> Segment:
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        raise KeyError(segment_id)
