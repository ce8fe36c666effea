"""Rebuild segments.geojson and nodes.geojson from the sources in geodata/sources/, offline.

Each segment is a recipe (`segments.recipe.json`): its stated facts, its end stations and the
pieces of source lines it is made of, in order. A piece is a whole source line or a stretch of
one between two places; the build refuses a piece that misses a station it must pass or makes
a detour. Where pieces do not meet, they are joined by a straight link whose length is recorded,
so no line is bent to make a figure come out. Lines are simplified to within ~100 m of their
source for display. Same sources in, same bytes out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from routes.basemap import load_basemap
from routes.errors import DataError, Problem
from routes.files import write_text_atomic
from routes.geodata import NODES_FILE, SEGMENTS_FILE, geodesic_length_km
from routes.near import NEAR_KM, NearIndex, distance_km

SOURCES_DIR = "sources"
CATALOG_FILE = "sources.json"
RECIPE_FILE = "segments.recipe.json"
STATIONS_FILE = "stations.geojson"
PROVENANCE_FILE = "PROVENANCE.md"
OUTPUT_FILES = (SEGMENTS_FILE, NODES_FILE, PROVENANCE_FILE)
SIMPLIFY_DEG = 0.0009  # ≤ 100 m: a degree of latitude is ≥ 110.57 km, of longitude less
DETOUR_RATIO = 1.6  # a source path this much longer than the distance between its ends is a detour
LINK_MIN_KM = 0.05  # gaps below this are rounding, not links
DECIMALS = 5  # ~1 m


@dataclass(frozen=True)
class SourceLine:
    source: str  # catalog name, e.g. "scgraph"
    key: str  # e.g. "Almaty–Shymkent"
    line: LineString


@dataclass(frozen=True)
class SourceCatalog:
    """Every source file's lines and how to credit them."""

    entries: dict[str, dict[str, Any]]
    lines: dict[tuple[str, str], SourceLine]

    def label(self, source: str) -> str:
        return str(self.entries[source]["label"])

    def licence(self, source: str) -> str:
        return str(self.entries[source]["licence"])


def read_json(path: Path, problems: list[Problem]) -> Any:
    """A JSON file, or None with the problem recorded (missing, not text, not JSON)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(path.name, "file not found"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(path.name, f"not readable JSON: {exc}"))
    return None


def load_sources(sources_dir: Path, problems: list[Problem]) -> SourceCatalog:
    entries = read_json(sources_dir / CATALOG_FILE, problems) or {}
    lines: dict[tuple[str, str], SourceLine] = {}
    for name, entry in sorted(entries.items()):
        doc = read_json(sources_dir / entry["file"], problems) or {"features": []}
        for feature in doc["features"]:
            key = "–".join(str(feature["properties"][k]) for k in entry["key"])
            lines[(name, key)] = SourceLine(name, key, LineString(feature["geometry"]["coordinates"]))
    return SourceCatalog(entries, lines)


def load_stations(sources_dir: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    doc = read_json(sources_dir / STATIONS_FILE, problems)
    return list(doc["features"]) if doc else []


# --- one segment ---------------------------------------------------------------------------------


@dataclass
class _Assembly:
    """The coordinates of one segment as its pieces are added, with what each piece added."""

    coords: list[tuple[float, float]]
    parts: list[dict[str, Any]]

    def add(self, coords: list[tuple[float, float]], part: dict[str, Any] | None) -> None:
        if self.coords and coords:
            gap = distance_km(Point(self.coords[-1]), Point(coords[0]))
            if gap >= LINK_MIN_KM:
                self.parts.append({"source": "link", "km": round(gap, 1)})
            else:
                coords = coords[1:]
        self.coords += coords
        if part is not None:
            self.parts.append(part)


def _oriented(line: LineString, towards: Point | None) -> LineString:
    """The line running away from `towards` (the point the segment has reached so far)."""
    if towards is None:
        return line
    start, end = Point(line.coords[0]), Point(line.coords[-1])
    return line.reverse() if towards.distance(end) < towards.distance(start) else line


class _SegmentBuilder:
    def __init__(self, recipe: dict[str, Any], catalog: SourceCatalog, stations: dict[str, Point],
                 borders: dict[str, Any], problems: list[Problem]) -> None:  # fmt: skip
        self.recipe, self.catalog, self.stations = recipe, catalog, stations
        self.borders, self.problems = borders, problems
        self.where = f"id={recipe.get('id')}"

    def fail(self, message: str) -> None:
        self.problems.append(Problem(RECIPE_FILE, message, self.where))

    def station(self, ident: str | None) -> Point | None:
        if ident is None:
            return None
        if ident not in self.stations:
            self.fail(f"unknown station {ident!r} (not in {STATIONS_FILE})")
            return None
        return self.stations[ident]

    def source_line(self, piece: dict[str, Any]) -> SourceLine | None:
        found = self.catalog.lines.get((piece.get("source", ""), piece.get("line", "")))
        if found is None:
            self.fail(f"no source line {piece.get('line')!r} in source {piece.get('source')!r}")
        return found

    def check(self, piece: dict[str, Any], src: SourceLine) -> bool:
        ok = True
        if not self.catalog.entries[src.source].get("hand"):  # hand-drawn lines have no detours to refuse
            ends_km = distance_km(Point(src.line.coords[0]), Point(src.line.coords[-1]))
            ratio = geodesic_length_km(src.line) / max(ends_km, 1e-6)
            if ratio > DETOUR_RATIO:
                self.fail(
                    f"{src.source} line {src.key!r} is a detour ({ratio:.1f}× the distance between its ends)"
                )
                ok = False
        for ident in piece.get("passes", ()):
            point = self.station(ident)
            if point is not None and (km := distance_km(point, src.line)) > NEAR_KM:
                self.fail(
                    f"{src.source} line {src.key!r} misses {ident} by {km:.1f} km (limit {NEAR_KM:g} km)"
                )
                ok = False
        return ok

    def build(self) -> dict[str, Any] | None:
        start_station = self.station(self.recipe.get("from"))
        end_station = self.station(self.recipe.get("to"))
        pieces = self.recipe.get("pieces") or []
        assembly = _Assembly([], [])
        if start_station is not None:
            assembly.add([(start_station.x, start_station.y)], None)
        used: list[str] = []
        for index, piece in enumerate(pieces):
            src = self.source_line(piece)
            if src is None or not self.check(piece, src):
                continue
            reached = Point(assembly.coords[-1]) if assembly.coords else None
            line = self.stretch(piece, src, reached, pieces[index + 1] if index + 1 < len(pieces) else None)
            if line is None:
                continue
            assembly.add(list(line.coords), {"source": src.source, "line": src.key,
                                             "km": round(geodesic_length_km(line), 1)})  # fmt: skip
            used.append(src.source)
        if end_station is not None:
            assembly.add([(end_station.x, end_station.y)], None)
        if not pieces:
            self.fail("no pieces: a segment needs at least one source line")
        if len(assembly.coords) < 2 or not used:
            return None  # what went wrong is already reported
        return self._feature(assembly, used)

    def stretch(self, piece: dict[str, Any], src: SourceLine, reached: Point | None,
                following: dict[str, Any] | None) -> LineString | None:  # fmt: skip
        """The part of the source line this piece uses, running in the segment's direction."""
        if "country" in piece:
            return self.country_stretch(src.line, piece["country"])
        start = piece.get("start")
        begin = reached if start in (None, "previous") else self.station(start)
        end = piece.get("end")
        if end == "next":
            finish = self.next_start(following, begin)
        elif end is not None:
            finish = self.station(end)
        else:  # only to orient the line: towards where the segment ends
            finish = self.station(self.recipe.get("to"))
        line = src.line
        if begin is not None and finish is not None and line.project(begin) > line.project(finish):
            line = line.reverse()
        elif begin is not None and finish is None:
            line = _oriented(line, begin)
        lo = line.project(begin) if start is not None and begin is not None else 0.0
        hi = line.project(finish) if end is not None and finish is not None else line.length
        if hi <= lo:
            self.fail(f"piece {src.key!r}: its end comes before its start along the line")
            return None
        return substring(line, lo, hi)

    def next_start(self, following: dict[str, Any] | None, begin: Point | None) -> Point | None:
        """Where the next piece begins: the end of its source line nearer to where this one begins."""
        src = self.source_line(following) if following else None
        if src is None:
            self.fail("'end': 'next' needs a following piece")
            return None
        ends = [Point(src.line.coords[0]), Point(src.line.coords[-1])]
        return min(ends, key=begin.distance) if begin is not None else ends[0]

    def country_stretch(self, line: LineString, code: str) -> LineString | None:
        """The stretch of the line inside one country, cut where it leaves for good."""
        cuts = country_cuts(line, self.borders)
        if code not in cuts:
            self.fail(f"the line never enters {code}")
            return None
        begin, end = cuts[code]
        return substring(line, begin, end)

    def _feature(self, assembly: _Assembly, used: list[str]) -> dict[str, Any]:
        line = LineString(assembly.coords).simplify(SIMPLIFY_DEG, preserve_topology=False)
        coords = _rounded(line.coords)
        labels = list(dict.fromkeys(self.catalog.label(s) for s in used))
        licences = list(dict.fromkeys(self.catalog.licence(s) for s in used))
        links = sum(p["km"] for p in assembly.parts if p["source"] == "link")
        props = {"id": self.recipe["id"], **self.recipe.get("properties", {})}
        props["geometry_source"] = " + ".join(labels)
        props["geometry_licence"] = "; ".join(licences)
        props["geometry_links_km"] = round(links, 1)
        props["geometry_parts"] = assembly.parts
        return {"type": "Feature", "properties": props,
                "geometry": {"type": "LineString", "coordinates": coords}}  # fmt: skip


def _rounded(coords: Any) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in coords:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def country_cuts(
    line: LineString, countries: dict[str, Any], step_deg: float = 0.01
) -> dict[str, tuple[float, float]]:
    """For each country the line crosses, the stretch (as distances along the line) that is its own.

    A line may step back and forth over a border; a country's stretch ends where the line
    leaves it for the last time, so the stretches meet end to end with no gap and no overlap.
    """
    total = line.length
    count = max(2, int(total / step_deg))
    samples = [total * i / count for i in range(count + 1)]
    owners = [_country_at(line.interpolate(t), countries) for t in samples]
    last: dict[str, int] = {}
    for index, code in enumerate(owners):
        if code is not None:
            last[code] = index
    order = sorted(last, key=last.get)  # type: ignore[arg-type]
    cuts, begin = {}, 0.0
    for code in order:
        index = last[code]
        end = total if index == count else _bisect(line, countries, code, samples[index], samples[index + 1])
        cuts[code] = (begin, end)
        begin = end
    return cuts


def _country_at(point: Point, countries: dict[str, Any]) -> str | None:
    for code, polygon in countries.items():
        if polygon.contains(point):
            return code
    return None


def _bisect(line: LineString, countries: dict[str, Any], code: str, inside: float, outside: float) -> float:
    for _ in range(40):
        middle = (inside + outside) / 2
        if _country_at(line.interpolate(middle), countries) == code:
            inside = middle
        else:
            outside = middle
    return inside


# --- the whole build -----------------------------------------------------------------------------


def build_geodata(geodata_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Segments and nodes as GeoJSON FeatureCollections, or DataError listing every problem."""
    problems: list[Problem] = []
    sources_dir = geodata_dir / SOURCES_DIR
    catalog = load_sources(sources_dir, problems)
    station_features = load_stations(sources_dir, problems)
    recipes = read_json(sources_dir / RECIPE_FILE, problems) or []
    stations = {f["properties"]["id"]: Point(f["geometry"]["coordinates"]) for f in station_features}
    borders = _borders(geodata_dir, recipes)
    segments = [
        feature
        for recipe in recipes
        if (feature := _SegmentBuilder(recipe, catalog, stations, borders, problems).build()) is not None
    ]
    if problems:
        raise DataError(problems)
    return _collection(segments), _collection(_nodes(station_features, segments))


def _borders(geodata_dir: Path, recipes: list[dict[str, Any]]) -> dict[str, BaseGeometry]:
    """The country polygons that pieces split at (only those named, in a fixed order)."""
    wanted = sorted({p["country"] for r in recipes for p in r.get("pieces", ()) if "country" in p})
    if not wanted:
        return {}
    countries = load_basemap(geodata_dir).countries
    return {code: countries[code] for code in wanted if code in countries}


def _nodes(station_features: list[dict[str, Any]], segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every station with the ids of the segments it lies on."""
    index = NearIndex([shape(s["geometry"]) for s in segments])
    ids = [s["properties"]["id"] for s in segments]
    out = []
    for feature in station_features:
        on = [ids[i] for i in index.within(Point(feature["geometry"]["coordinates"]))]
        out.append({"type": "Feature", "properties": {**feature["properties"], "segments": on},
                    "geometry": feature["geometry"]})  # fmt: skip
    return out


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def collection_text(collection: dict[str, Any]) -> str:
    """One feature per line: diffs of the data stay readable."""
    lines = [json.dumps(f, ensure_ascii=False) for f in collection["features"]]
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"


def provenance_table(segments: dict[str, Any]) -> str:
    """A Markdown table: where each segment's line comes from, and its lengths side by side."""
    rows = [
        "# Where each line comes from",
        "",
        f"Written by `python -m routes build-geodata` from `{SOURCES_DIR}/`; do not edit by hand.",
        "Straight links join pieces where the sources do not meet, and station points to the track.",
        "",
        "| segment | geometry source | computed km | stated km | straight links km |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for feature in segments["features"]:
        props = feature["properties"]
        km = geodesic_length_km(shape(feature["geometry"]))
        stated = props.get("length_km_stated")
        rows.append(
            f"| {props['id']} | {props['geometry_source']} | {km:,.0f} | "
            f"{f'{stated:,}' if stated else '–'} | {props['geometry_links_km']:g} |"
        )
    return "\n".join(rows) + "\n"


def write_geodata(geodata_dir: Path, out_dir: Path) -> list[Path]:
    """Build from geodata_dir/sources and write segments, nodes and the provenance table into out_dir."""
    segments, nodes = build_geodata(geodata_dir)
    return [
        write_text_atomic(out_dir / SEGMENTS_FILE, collection_text(segments)),
        write_text_atomic(out_dir / NODES_FILE, collection_text(nodes)),
        write_text_atomic(out_dir / PROVENANCE_FILE, provenance_table(segments)),
    ]
