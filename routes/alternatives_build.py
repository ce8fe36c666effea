"""Build geodata/alternatives.geojson: context routes computed on real networks, at build time only.

- Rail over `scgraph-data`'s `world_railways` graph (OpenStreetMap, ODbL) routed with `scgraph`;
  each leg is refused if it makes a detour (more than 1.6× the distance between its ends) or
  misses a place it must pass (more than 5 km away), as `routes/build.py` does.
- Sea with `searoute` (Eurostat's MARNET network). Passing `restrictions` replaces searoute's
  default `['northwest']`, so the recipe keeps 'northwest' in every list (else the route goes
  through the Arctic); a route must traverse the passages its recipe names and avoid the others.

The packages are large (scgraph-data is ~300 MB), so they are an optional `build` extra and are
imported only here, lazily. The build writes the routes and a digest of its inputs
(`alternatives.inputs.json`), which a test compares against the committed inputs without the
packages. Same inputs and same pinned packages in, same bytes out.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, Point, box, shape

from routes.alternatives import ALTERNATIVES_FILE
from routes.build import DETOUR_RATIO, SOURCES_DIR, collection_text, read_json
from routes.errors import DataError, Problem
from routes.files import write_text_atomic
from routes.geodata import NODES_FILE, SEGMENTS_FILE, geodesic_length_km
from routes.near import NEAR_KM, distance_km

RECIPE_FILE = "alternatives.recipe.json"
INPUTS_FILE = "alternatives.inputs.json"
OUTPUT_FILES = (ALTERNATIVES_FILE, INPUTS_FILE)
PINS = {"scgraph": "2.15.0", "scgraph-data": "2.0.0", "searoute": "1.6.0"}
SIMPLIFY_DEG = 0.02  # ~2 km: context lines, drawn small; the km are measured before simplifying
DECIMALS = 3  # ~100 m
# searoute's lanes end at the nearest MARNET node, off the port in its roadstead (Lianyungang 10 km,
# Poti 14 km, Gdańsk 29 km from the port's position): a sea leg may end this far from its port.
SEA_NEAR_KM = 35.0
RAIL_LABEL = "scgraph-data world_railways (OSM)"
RAIL_CREDIT = "© OpenStreetMap contributors (ODbL); scgraph-data (MIT)"
SEA_LABEL = "searoute (Eurostat MARNET)"
SEA_CREDIT = "searoute (Apache 2.0) on Eurostat's MARNET network (Eurostat SeaRoute, EUPL 1.1)"
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
STRAIGHT_LABEL = "straight line"
OWN_WORK = "this project (MIT)"

RailRouter = Callable[[Point, Point], LineString]
SeaRouter = Callable[[Point, Point, list[str]], tuple[LineString, list[str]]]


class MissingPackages(Exception):
    """The build extra is not installed, or not at the pinned versions."""


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    point: Point


@dataclass
class _Route:
    """The legs of one alternative as they are computed."""

    legs: list[dict[str, Any]] = field(default_factory=list)
    lines: list[LineString] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)
    detours: list[str] = field(default_factory=list)

    def add(self, start: Place, end: Place, mode: str, line: LineString, label: str, credit: str) -> None:
        km = geodesic_length_km(line)
        self.legs.append({"from": start.id, "to": end.id, "mode": mode, "km": round(km, 1), "source": label})
        self.lines.append(line)
        self.labels.append(label)
        self.credits.append(credit)


def installed_versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in PINS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def check_packages() -> None:
    """Refuse to build with missing or other versions: the output must not depend on the machine."""
    found = installed_versions()
    wrong = [f"{n} {found[n] or 'missing'} (pinned {v})" for n, v in PINS.items() if found[n] != v]
    if wrong:
        raise MissingPackages(
            "build-alternatives needs the build extra at its pinned versions "
            f"(pip install -c requirements.lock -e '.[build]'): {', '.join(wrong)}"
        )


def scgraph_rail() -> RailRouter:
    from scgraph_data.world_railways import world_railways_geograph as graph  # ~300 MB, build only

    def route(a: Point, b: Point) -> LineString:
        chatter = io.StringIO()  # scgraph prints its own advice and a traceback before it raises
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            out = graph.get_shortest_path(
                origin_node={"latitude": a.y, "longitude": a.x},
                destination_node={"latitude": b.y, "longitude": b.x},
                output_units="km",
            )
        return LineString([(lon, lat) for lat, lon in out["coordinate_path"]])

    return route


def searoute_sea() -> SeaRouter:
    import searoute

    def route(a: Point, b: Point, restrictions: list[str]) -> tuple[LineString, list[str]]:
        feature = searoute.searoute(
            (a.x, a.y), (b.x, b.y), units="km", restrictions=list(restrictions),
            append_orig_dest=True, return_passages=True,
        )  # fmt: skip
        passages = sorted(feature["properties"].get("traversed_passages") or [])
        return LineString(feature["geometry"]["coordinates"]), passages

    return route


# --- inputs ------------------------------------------------------------------------------------




def node_ids(geodata_dir: Path) -> list[str]:
    """The ids a trip may start or end at (geodata/nodes.geojson); [] when the file is unreadable."""
    doc = read_json(geodata_dir / NODES_FILE, [])
    return [f["properties"]["id"] for f in doc["features"]] if doc else []


def _places(geodata_dir: Path, recipe: dict[str, Any], problems: list[Problem]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    doc = read_json(geodata_dir / NODES_FILE, problems) or {"features": []}
    for f in doc["features"]:
        props = f["properties"]
        places[props["id"]] = Place(props["id"], props["name"], Point(f["geometry"]["coordinates"]))
    for ident, place in recipe.get("places", {}).items():
        places[ident] = Place(ident, place["name"], Point(place["coordinates"]))
    return places


def _segment_lines(geodata_dir: Path, problems: list[Problem]) -> dict[str, LineString]:
    doc = read_json(geodata_dir / SEGMENTS_FILE, problems) or {"features": []}
    return {f["properties"]["id"]: shape(f["geometry"]) for f in doc["features"]}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _canonical(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def inputs_digest(geodata_dir: Path, output_text: str) -> dict[str, Any]:
    """What the output depends on, hashed: the recipe, the code, the pins, and only the parts of the
    built corridor data it reads (station names and positions, the feeder segments' lines), so a
    rebuild of unrelated segments does not make the alternatives look stale."""
    problems: list[Problem] = []
    recipe = read_json(geodata_dir / SOURCES_DIR / RECIPE_FILE, problems) or {}
    nodes = read_json(geodata_dir / NODES_FILE, problems) or {"features": []}
    segments = read_json(geodata_dir / SEGMENTS_FILE, problems) or {"features": []}
    feeders = sorted(f["segment"] for f in recipe.get("feeders", {}).values())
    stations = [[f["properties"]["id"], f["properties"]["name"], f["geometry"]["coordinates"]]
                for f in nodes["features"]]  # fmt: skip
    lines = {
        f["properties"]["id"]: f["geometry"] for f in segments["features"] if f["properties"]["id"] in feeders
    }
    return {
        "about": f"Inputs of {ALTERNATIVES_FILE} (sha256), written by python -m routes build-alternatives; "
        "a test recomputes them from the committed files, so a change that needs a rebuild is noticed "
        "without installing the build extra.",
        "packages": dict(PINS),
        "inputs": {
            f"{SOURCES_DIR}/{RECIPE_FILE}": _sha256(geodata_dir / SOURCES_DIR / RECIPE_FILE),
            "routes/alternatives_build.py": _sha256(Path(__file__)),
            f"{NODES_FILE} (ids, names, positions)": _canonical(stations),
            f"{SEGMENTS_FILE} (feeders {', '.join(feeders)})": _canonical(lines),
        },
        "output": {ALTERNATIVES_FILE: hashlib.sha256(output_text.encode()).hexdigest()},
    }


# --- the build ---------------------------------------------------------------------------------


class _Builder:
    def __init__(self, geodata_dir: Path, recipe: dict[str, Any], rail: RailRouter, sea: SeaRouter,
                 problems: list[Problem]) -> None:  # fmt: skip
        self.recipe, self.rail_router, self.sea_router = recipe, rail, sea
        self.problems = problems
        self.places = _places(geodata_dir, recipe, problems)
        self.segments = _segment_lines(geodata_dir, problems)
        self.where = ""

    def fail(self, message: str) -> None:
        self.problems.append(Problem(RECIPE_FILE, message, self.where))

    def place(self, ident: str) -> Place | None:
        if ident not in self.places:
            self.fail(f"unknown place {ident!r} (not in {NODES_FILE} nor the recipe's places)")
            return None
        return self.places[ident]

    # legs

    def rail(self, route: _Route, start: Place, end: Place) -> bool:
        """A land leg from start to end: a feeder segment first where one is needed."""
        override = self.recipe.get("legs", {}).get(f"{start.id}→{end.id}")
        if override and override.get("method") == "straight":
            line = LineString([start.point, end.point])
            route.add(start, end, override["mode"], line, STRAIGHT_LABEL, OWN_WORK)
            return True
        feeder = self.recipe.get("feeders", {}).get(start.id)
        if feeder:
            joins = self.place(feeder["joins_at"])
            line = self.segments.get(feeder["segment"])
            if joins is None or line is None:
                self.fail(f"feeder {feeder['segment']!r} or its end {feeder['joins_at']!r} not found")
                return False
            if start.point.distance(Point(line.coords[-1])) < start.point.distance(Point(line.coords[0])):
                line = line.reverse()
            route.add(start, joins, "rail", line, f"corridor segment {feeder['segment']} (OSM)", OSM_CREDIT)
            start = joins
        try:
            line = self.rail_router(start.point, end.point)
        except Exception as exc:  # scgraph raises a bare Exception on disconnected nodes
            self.fail(f"no rail path {start.id} → {end.id} on scgraph-data ({str(exc).splitlines()[0]})")
            return False
        return self.checked(route, start, end, "rail", line, RAIL_LABEL, RAIL_CREDIT)

    def checked(self, route: _Route, start: Place, end: Place, mode: str, line: LineString,
                label: str, credit: str) -> bool:  # fmt: skip
        ok, near = True, SEA_NEAR_KM if mode == "sea" else NEAR_KM
        for place in (start, end):
            if (km := distance_km(place.point, line)) > near:
                self.fail(f"{mode} path {start.id} → {end.id} misses {place.id} by {km:.1f} km "
                          f"(limit {near:g} km)")  # fmt: skip
                ok = False
        ends_km = distance_km(start.point, end.point)
        ratio = geodesic_length_km(line) / max(ends_km, 1e-6)
        if mode == "rail" and ratio > DETOUR_RATIO:
            self.fail(f"rail path {start.id} → {end.id} is a detour "
                      f"({ratio:.1f}× the distance between its ends)")  # fmt: skip
            ok = False
        if ok:
            route.add(start, end, mode, line, label, credit)
        return ok

    def sea(self, route: _Route, start: Place, end: Place, spec: dict[str, Any]) -> bool:
        restrictions = list(spec["restrictions"])
        line, passages = self.sea_router(start.point, end.point, restrictions)
        for canal in self.recipe.get("closed_canals", ()):
            if not line.intersects(box(*canal["box"])):
                continue
            via = Point(canal["detour_via"])
            first = self.sea_router(start.point, via, restrictions)
            second = self.sea_router(via, end.point, restrictions)
            line = LineString([*first[0].coords, *second[0].coords])
            passages = sorted({*first[1], *second[1]})
            if line.intersects(box(*canal["box"])):
                self.fail(f"sea route {start.id} → {end.id} still passes the closed {canal['name']}")
                return False
            route.detours.append(f"{canal['name']} avoided: {canal['why']}")
        missing = sorted(set(spec["must_pass"]) - set(passages))
        crossed = sorted(set(spec["must_avoid"]) & set(passages))
        if missing or crossed:
            self.fail(f"sea route {start.id} → {end.id} passes {passages}: "
                      f"should pass {missing or '–'}, should avoid {crossed or '–'}")  # fmt: skip
            return False
        route.passages = passages
        return self.checked(route, start, end, "sea", line, SEA_LABEL, SEA_CREDIT)

    # alternatives

    def nearest(self, ids: list[str], to: Place) -> Place | None:
        found = [p for i in ids if (p := self.place(i)) is not None]
        return min(found, key=lambda p: distance_km(p.point, to.point)) if found else None

    def northern(self, origin: Place, spec: dict[str, Any]) -> _Route | None:
        route, here = _Route(), origin
        for ident in spec["via"]:
            stop = self.place(ident)
            if stop is None:
                return None
            if stop.id != here.id and not self.rail(route, here, stop):
                return None
            here = stop
        whole = [*route.lines]
        for ident in spec.get("passes", ()):
            stop = self.place(ident)
            if stop is not None and (km := min(distance_km(stop.point, line) for line in whole)) > NEAR_KM:
                self.fail(f"the northern route misses {ident} by {km:.1f} km (limit {NEAR_KM:g} km)")
                return None
        return route

    def by_sea(self, origin: Place, destination: Place, spec: dict[str, Any]) -> _Route | None:
        loading = self.nearest(self.recipe["loading_ports"], origin)
        discharge = self.nearest(self.recipe["discharge_ports"], destination)
        if loading is None or discharge is None:
            return None
        route = _Route()
        if loading.id != origin.id and not self.rail(route, origin, loading):
            return None
        if not self.sea(route, loading, discharge, spec):
            return None
        if discharge.id != destination.id and not self.rail(route, discharge, destination):
            return None
        return route

    def feature(self, pair: dict[str, Any], key: str) -> dict[str, Any] | None:
        spec = self.recipe["alternatives"][key]
        self.where = f"{pair['from']}→{pair['to']} {key}"
        origin, destination = self.place(pair["from"]), self.place(pair["to"])
        if origin is None or destination is None:
            return None
        route = self.northern(origin, spec) if key == "northern" else self.by_sea(origin, destination, spec)
        if route is None:
            return None
        by_mode: dict[str, float] = {}
        for leg in route.legs:
            by_mode[leg["mode"]] = by_mode.get(leg["mode"], 0.0) + leg["km"]
        end = route.legs[-1]["to"]
        props: dict[str, Any] = {
            "from": origin.id,
            "to": destination.id,
            "key": key,
            "name": spec["name"],
            "mode": spec["mode"],
            "km": round(sum(by_mode.values())),
            "km_by_mode": {mode: round(km) for mode, km in by_mode.items()},
            "legs": route.legs,
            "ends_at": self.places[end].name if end != destination.id else None,
            "passages": route.passages,
            "detours": route.detours,
            "geometry_source": " + ".join(dict.fromkeys(route.labels)),
            "geometry_licence": "; ".join(dict.fromkeys(route.credits)),
            "days_stated": spec.get("days_stated") or {},
            "note": spec.get("note", ""),
        }
        coords = [_display(line) for line in route.lines]
        return {"type": "Feature", "properties": props,
                "geometry": {"type": "MultiLineString", "coordinates": coords}}  # fmt: skip


def _display(line: LineString) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in line.simplify(SIMPLIFY_DEG, preserve_topology=False).coords:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def build_alternatives(
    geodata_dir: Path,
    pairs: list[tuple[str, str]] | None = None,
    rail: RailRouter | None = None,
    sea: SeaRouter | None = None,
) -> dict[str, Any]:
    """The alternatives of the recipe's pairs (or of `pairs`), or DataError listing every problem."""
    problems: list[Problem] = []
    recipe = read_json(geodata_dir / SOURCES_DIR / RECIPE_FILE, problems)
    if recipe is None:
        raise DataError(problems)
    todo = recipe["pairs"]
    if pairs is not None:
        keys = [k for k in recipe["alternatives"]]
        todo = [{"from": a, "to": b, "alternatives": keys} for a, b in pairs]
    if rail is None or sea is None:
        check_packages()
        rail, sea = rail or scgraph_rail(), sea or searoute_sea()
    builder = _Builder(geodata_dir, recipe, rail, sea, problems)
    features = [
        feature
        for pair in todo
        for key in pair["alternatives"]
        if (feature := builder.feature(pair, key)) is not None
    ]
    if problems:
        raise DataError(problems)
    return {"type": "FeatureCollection", "features": features}


def write_alternatives(
    geodata_dir: Path, out_dir: Path, pairs: list[tuple[str, str]] | None = None
) -> list[Path]:
    """Build and write alternatives.geojson and the digest of its inputs into out_dir."""
    text = collection_text(build_alternatives(geodata_dir, pairs))
    digest = json.dumps(inputs_digest(geodata_dir, text), ensure_ascii=False, indent=2) + "\n"
    return [
        write_text_atomic(out_dir / ALTERNATIVES_FILE, text),
        write_text_atomic(out_dir / INPUTS_FILE, digest),
    ]
