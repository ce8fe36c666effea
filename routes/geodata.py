"""Load and validate the corridor data in geodata/: segments and nodes as typed records."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point

from routes.errors import DataError, Problem

if TYPE_CHECKING:
    from geopandas import GeoDataFrame

from routes.model import CORRIDORS, FACT_FIELDS, MODES, NODE_KINDS, Network, Node, Segment, Source

SEGMENTS_FILE = "segments.geojson"
NODES_FILE = "nodes.geojson"

_GEOD = Geod(ellps="WGS84")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
# Bounding box of the region the corridor lies in (the Natural Earth extract's clip box). Points
# outside it, whose swapped [lat, lon] falls inside, were almost surely written in the wrong order.
_REGION = {"west": 5.0, "south": 25.0, "east": 125.0, "north": 60.0}


def geodesic_length_km(geometry: LineString | MultiLineString) -> float:
    """Length on the WGS84 ellipsoid, in kilometres."""
    return _GEOD.geometry_length(geometry) / 1000.0


def latlon(lon_lat: tuple[float, float] | list[float]) -> tuple[float, float]:
    """Swap one GeoJSON [lon, lat] position into folium's (lat, lon) order."""
    lon, lat = lon_lat[0], lon_lat[1]
    return (lat, lon)


def read_network(folder: Path) -> tuple[Network, tuple[Problem, ...]]:
    """Load what is valid and report every problem; bad features are left out, good ones kept."""
    problems: list[Problem] = []
    seg_path, node_path = folder / SEGMENTS_FILE, folder / NODES_FILE
    segments = [s for s in (_segment(*item, problems) for item in _features(seg_path, problems)) if s]
    nodes = [n for n in (_node(*item, problems) for item in _features(node_path, problems)) if n]
    seen: dict[str, str] = {}
    kept_segments, kept_nodes = [], []
    for record, path in [*((s, seg_path) for s in segments), *((n, node_path) for n in nodes)]:
        if record.id in seen:
            problems.append(
                Problem(
                    path.name,
                    f"duplicate id (already used in {seen[record.id]})",
                    f"id={record.id}",
                )
            )
            continue
        seen[record.id] = path.name
        (kept_segments if isinstance(record, Segment) else kept_nodes).append(record)
    return Network(tuple(kept_segments), tuple(kept_nodes)), tuple(problems)


def load_network(folder: Path) -> Network:
    """Load the network, or raise DataError listing every problem found."""
    network, problems = read_network(folder)
    if problems:
        raise DataError(problems)
    return network


def _features(path: Path, problems: list[Problem]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """Yield (file name, index, feature) for each feature dict in a FeatureCollection file."""
    name = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(name, "file not found"))
        return
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"))
        return
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        problems.append(Problem(name, "not a GeoJSON FeatureCollection"))
        return
    features = doc.get("features")
    if not isinstance(features, list):
        problems.append(Problem(name, "'features' must be a list"))
        return
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem(name, "not a GeoJSON Feature", f"feature {index}"))
            continue
        yield name, index, feature


class _Checker:
    """Collects the problems of one feature so all of them are reported together."""

    def __init__(self, file: str, index: int, feature: dict[str, Any], problems: list[Problem]):
        props = feature.get("properties")
        self.props: dict[str, Any] = props if isinstance(props, dict) else {}
        ident = self.props.get("id")
        self.where = f"feature {index}" + (f" (id={ident})" if isinstance(ident, str) else "")
        self.file, self.problems, self.start = file, problems, len(problems)
        if not isinstance(props, dict):
            self.fail("'properties' must be an object")

    @property
    def ok(self) -> bool:
        return len(self.problems) == self.start

    def fail(self, message: str) -> None:
        self.problems.append(Problem(self.file, message, self.where))

    def text(self, key: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.props.get(key)
        if value is None:
            self.fail(f"missing required property '{key}'")
        elif not isinstance(value, str) or not value.strip():
            self.fail(f"'{key}' must be a non-empty string")
        elif pattern and not pattern.match(value):
            self.fail(f"'{key}' {value!r} is not a lowercase slug like 'kz-beineu-aktau'")
        else:
            return value
        return ""

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(key)
        if value and value not in allowed:
            self.fail(f"unknown {key} {value!r} (expected one of: {', '.join(allowed)})")
        return value

    def strings(
        self, key: str, required: bool = True, pattern: re.Pattern[str] | None = None
    ) -> tuple[str, ...]:
        value = self.props.get(key)
        if value is None:
            if required:
                self.fail(f"missing required property '{key}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"'{key}' must be a list of non-empty strings")
            return ()
        bad = [v for v in value if pattern and not pattern.match(v)]
        if bad:
            self.fail(f"'{key}' has invalid codes {bad} (expected ISO 3166-1 alpha-3, e.g. 'KAZ')")
        return tuple(value)

    def sources(self, required: bool) -> tuple[Source, ...]:
        value = self.props.get("sources")
        if value is None:
            if required:
                self.fail("missing required property 'sources' (every stated fact needs one)")
            return ()
        ok = isinstance(value, list) and all(
            isinstance(s, dict)
            and isinstance(s.get("title"), str)
            and isinstance(s.get("url"), str)
            and s["url"].startswith(("http://", "https://"))
            for s in value
        )
        if not ok or (required and not value):
            self.fail("'sources' must be a non-empty list of {title, url} with http(s) URLs")
            return ()
        return tuple(Source(s["title"], s["url"]) for s in value)

    def positions(self, raw: Any) -> list[tuple[float, float]] | None:
        """Check one line's list of [lon, lat] positions; None when it is unusable."""
        if not isinstance(raw, list) or len(raw) < 2:
            self.fail("a line needs a list of at least 2 positions")
            return None
        out = [self.position(pos) for pos in raw]
        return None if any(p is None for p in out) else out  # type: ignore[return-value]

    def position(self, pos: Any) -> tuple[float, float] | None:
        """Check one [lon, lat] position: two finite numbers, in range, in the right order."""
        if (
            not isinstance(pos, list | tuple)
            or len(pos) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
            or not all(math.isfinite(v) for v in pos[:2])
        ):
            self.fail(f"position {pos!r} is not a pair of finite numbers [lon, lat]")
            return None
        lon, lat = float(pos[0]), float(pos[1])
        swapped = _swapped(lon, lat)
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            hint = " (looks like [lat, lon]; GeoJSON wants [lon, lat])" if swapped else ""
            self.fail(f"position [{lon}, {lat}] is out of range{hint}")
            return None
        if not _in_region(lon, lat):
            hint = " (looks like [lat, lon]; GeoJSON wants [lon, lat])" if swapped else ""
            self.fail(f"position [{lon}, {lat}] lies outside the corridor's region{hint}")
            return None
        return lon, lat


def _in_region(lon: float, lat: float) -> bool:
    r = _REGION
    return r["west"] <= lon <= r["east"] and r["south"] <= lat <= r["north"]


def _swapped(lon: float, lat: float) -> bool:
    return _in_region(lat, lon) and not _in_region(lon, lat)


def _facts(props: dict[str, Any]) -> dict[str, object]:
    return {key: props[key] for key in FACT_FIELDS if props.get(key) not in (None, "")}


def _segment(file: str, index: int, feature: dict[str, Any], problems: list[Problem]) -> Segment | None:
    check = _Checker(file, index, feature, problems)
    ident = check.text("id", _SLUG)
    name = check.text("name")
    corridor = check.choice("corridor", CORRIDORS)
    mode = check.choice("mode", MODES)
    countries = check.strings("countries", pattern=_ISO3)
    aliases = check.strings("aliases")
    sources = check.sources(required=True)
    group = check.props.get("group") if isinstance(check.props.get("group"), str) else corridor
    geometry_source = check.text("geometry_source")
    geometry_licence = check.text("geometry_licence")
    links = check.props.get("geometry_links_km", 0.0)
    if not isinstance(links, int | float) or isinstance(links, bool) or links < 0:
        check.fail("'geometry_links_km' must be a number of kilometres, 0 or more")
    stated = check.props.get("length_km_stated")
    if stated is not None and (
        not isinstance(stated, int | float) or isinstance(stated, bool) or stated <= 0
    ):
        check.fail("'length_km_stated' must be a positive number of kilometres")
    geometry = _line_geometry(check, feature.get("geometry"))
    if not check.ok or geometry is None:
        return None
    return Segment(
        id=ident, name=name, corridor=corridor, mode=mode, countries=countries, aliases=aliases,
        geometry=geometry, group=group or corridor, facts=_facts(check.props), sources=sources,
        length_km=geodesic_length_km(geometry), geometry_source=geometry_source,
        geometry_licence=geometry_licence, geometry_links_km=float(links),
    )  # fmt: skip


def _line_geometry(check: _Checker, geom: Any) -> LineString | MultiLineString | None:
    if not isinstance(geom, dict):
        check.fail("missing geometry")
        return None
    kind, coords = geom.get("type"), geom.get("coordinates")
    if kind == "LineString":
        line = check.positions(coords)
        return LineString(line) if line and check.ok else None
    if kind == "MultiLineString":
        if not isinstance(coords, list) or not coords:
            check.fail("a MultiLineString needs a non-empty list of lines")
            return None
        lines = [check.positions(part) for part in coords]
        return MultiLineString(lines) if all(lines) and check.ok else None
    check.fail(f"geometry type {kind!r} is not allowed for a segment (LineString or MultiLineString)")
    return None


def _node(file: str, index: int, feature: dict[str, Any], problems: list[Problem]) -> Node | None:
    check = _Checker(file, index, feature, problems)
    ident = check.text("id", _SLUG)
    name = check.text("name")
    kind = check.choice("kind", NODE_KINDS)
    aliases = check.strings("aliases")
    countries = check.strings("countries", required=False, pattern=_ISO3)
    geom = feature.get("geometry")
    point = None
    if not isinstance(geom, dict) or geom.get("type") != "Point":
        found = geom.get("type") if isinstance(geom, dict) else None
        check.fail(f"geometry type {found!r} is not allowed for a node (Point)")
    else:
        position = check.position(geom.get("coordinates"))
        point = Point(position) if position else None
    gauge, note = check.props.get("gauge_break"), check.props.get("note")
    if not check.ok or point is None:
        return None
    return Node(
        id=ident, name=name, kind=kind, aliases=aliases, point=point, countries=countries,
        gauge_break=gauge if isinstance(gauge, str) else None,
        note=note if isinstance(note, str) else None,
    )  # fmt: skip


def to_geodataframe(network: Network) -> GeoDataFrame:
    """The segments as a GeoDataFrame (EPSG:4326), for analysis in pandas/geopandas."""
    import geopandas  # only analysts need it; the app and CLI start faster without it

    rows = [
        {
            "id": s.id,
            "name": s.name,
            "corridor": s.corridor,
            "mode": s.mode,
            "group": s.group,
            "countries": ",".join(s.countries),
            "length_km": round(s.length_km, 1),
            "length_km_stated": s.length_km_stated,
            "geometry_source": s.geometry_source,
            "geometry_licence": s.geometry_licence,
            "geometry": s.geometry,
        }
        for s in network.segments
    ]
    return geopandas.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
