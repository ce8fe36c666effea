"""How planned and building projects are drawn: schematic lines and points, never an invented alignment.

No source found gives the alignment of a planned line. So each project in planned.json says in its
`drawing` how the map may show it:

- "schematic": great-circle lines through the places its sources name, in order (stations of the
  network, or places in planned_places.geojson, each with the source of its position); its
  `geometry_source` must start with "schematic:" and say that the alignment is not published;
- "point": one such place (a port);
- "along segment": along a drawn segment (a second track beside an existing line);
- "not drawn": no position of its ends was found; `why` says so, and the app only lists it.

A drawing shows in a year while its project is planned or under construction at the end of that
year: not before the project was announced, not once it opened (routes.timeline's status rule).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point

from routes.errors import DataError, Problem
from routes.model import Network, Source
from routes.timeline import PLANNED_FILE, Project

PLACES_FILE = "planned_places.geojson"
HOWS: tuple[str, ...] = ("schematic", "point", "along segment", "not drawn")
SHOWN_STATUSES: tuple[str, ...] = ("planned", "under construction")
SCHEMATIC_PREFIX = "schematic:"
NOT_PUBLISHED = "not published"
STEP_KM = 25.0  # vertices along a great circle: smooth at any zoom, small in the export
_GEOD = Geod(ellps="WGS84")
# The corridor's region (the Natural Earth extract): a place outside it is a typing error.
_REGION = (5.0, 25.0, 125.0, 60.0)


@dataclass(frozen=True)
class Place:
    """A place a project names that is not a station of the network."""

    id: str
    name: str
    point: Point
    position_source: Source


@dataclass(frozen=True)
class Drawing:
    """One project as the map draws it (a line or a point), with where its geometry comes from."""

    project_id: str
    how: str  # "schematic", "point" or "along segment"
    geometry: LineString | MultiLineString | Point
    through: tuple[str, ...]  # names of the places drawn through, in order
    geometry_source: str
    sources: tuple[Source, ...]  # who names those places (and the positions' sources)

    @property
    def schematic(self) -> bool:
        return self.geometry_source.startswith(SCHEMATIC_PREFIX)


@dataclass(frozen=True)
class Drawings:
    """Every project's drawing, and why the others are not drawn."""

    drawn: Mapping[str, Drawing]
    not_drawn: Mapping[str, str]  # project id -> why


@dataclass(frozen=True)
class Shown:
    """A project drawn in a year: its record, its drawing and its status at the end of that year."""

    project: Project
    drawing: Drawing
    status: str
    year: int


def shown_in(projects: Iterable[Project], drawings: Drawings, year: int) -> list[Shown]:
    """The drawn projects planned or being built at the end of a year (hidden once open)."""
    shown = []
    for project in projects:
        drawing = drawings.drawn.get(project.id)
        status = project.status_at_end_of(year)
        if drawing is not None and status in SHOWN_STATUSES:
            shown.append(Shown(project, drawing, status, year))
    return shown


def great_circle(points: Iterable[Point], step_km: float = STEP_KM) -> LineString:
    """A line through the points along the great circles between them (WGS84 geodesics)."""
    points = list(points)
    coords: list[tuple[float, float]] = [(points[0].x, points[0].y)]
    for a, b in itertools.pairwise(points):
        _az, _back, metres = _GEOD.inv(a.x, a.y, b.x, b.y)
        between = int(metres / 1000 // step_km)
        coords += [(round(x, 5), round(y, 5)) for x, y in _GEOD.npts(a.x, a.y, b.x, b.y, between)]
        coords.append((b.x, b.y))
    return LineString(coords)


# --- loading and checking ------------------------------------------------------------------------


def load_drawings(folder: Path, network: Network) -> Drawings:
    drawings, problems = read_drawings(folder, network)
    if problems:
        raise DataError(problems)
    return drawings


def read_drawings(folder: Path, network: Network) -> tuple[Drawings, list[Problem]]:
    """Read each project's `drawing` (planned.json) against the network and the places file.

    Every problem is listed (a project without a drawing, a schematic line not marked so, a place
    nobody uses, a position outside the region …); the valid drawings are kept.
    """
    problems: list[Problem] = []
    places = _read_places(folder / PLACES_FILE, problems)
    try:
        doc = json.loads((folder / PLANNED_FILE).read_text(encoding="utf-8"))
        raw_projects = doc["projects"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems.append(Problem(PLANNED_FILE, f"cannot read the projects' drawings ({exc})"))
        return Drawings({}, {}), problems
    drawn: dict[str, Drawing] = {}
    not_drawn: dict[str, str] = {}
    used: set[str] = set()
    for i, raw in enumerate(raw_projects if isinstance(raw_projects, list) else []):
        ident = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(ident, str):
            continue  # routes.timeline.read_planned names this problem
        where = f"projects[{i}] (id={ident}) drawing"
        found = _drawing(ident, raw.get("drawing"), network, places, where, problems, used)
        if isinstance(found, Drawing):
            drawn[ident] = found
        elif isinstance(found, str):
            not_drawn[ident] = found
    problems += [
        Problem(PLACES_FILE, "no project draws through this place", f"id={place_id}")
        for place_id in sorted(set(places) - used)
    ]
    return Drawings(drawn, not_drawn), problems


def _drawing(
    ident: str, raw: Any, network: Network, places: Mapping[str, Place], where: str,
    problems: list[Problem], used: set[str],
) -> Drawing | str | None:  # fmt: skip
    def fail(message: str) -> None:
        problems.append(Problem(PLANNED_FILE, message, where))

    if not isinstance(raw, dict):
        fail(f"missing: every project needs a 'drawing' with 'how' one of {', '.join(HOWS)}")
        return None
    how = raw.get("how")
    if how not in HOWS:
        fail(f"'how' is {how!r}, not one of {', '.join(HOWS)}")
        return None
    if how == "not drawn":
        why = raw.get("why")
        if not isinstance(why, str) or not why.strip():
            fail("'not drawn' needs a 'why' saying what is missing")
            return None
        return why
    before = len(problems)
    source_text = raw.get("geometry_source")
    if not isinstance(source_text, str) or not source_text.strip():
        fail("'geometry_source' must say where the drawn geometry comes from")
        source_text = ""
    elif how in ("schematic", "point") and not (
        source_text.startswith(SCHEMATIC_PREFIX) and NOT_PUBLISHED in source_text
    ):
        fail(
            f"a {how} drawing is not an alignment: 'geometry_source' must start with "
            f"'{SCHEMATIC_PREFIX}' and say the alignment or layout is '{NOT_PUBLISHED}'"
        )
    sources = _sources(raw.get("sources"), fail)
    if how == "along segment":
        seg_id = raw.get("segment")
        try:
            segment = network.segment(seg_id) if isinstance(seg_id, str) else None
        except KeyError:
            segment = None
        if segment is None:
            fail(f"'segment' {seg_id!r} is not a segment of the network")
        elif seg_id not in source_text:
            fail(f"'geometry_source' must name the segment it follows ({seg_id})")
        if len(problems) > before or segment is None:
            return None
        return Drawing(ident, how, segment.geometry, (segment.name,), source_text, sources)
    refs = _through(raw.get("through"), network, places, fail, used)
    if refs is not None and how == "point" and len(refs) != 1:
        fail("a point drawing goes through exactly one place")
    elif refs is not None and how == "schematic" and len(refs) < 2:
        fail("a schematic line goes through at least two places")
    if len(problems) > before or not refs:
        return None
    names = tuple(name for name, _point, _source in refs)
    extra = tuple(source for _name, _point, source in refs if source is not None)
    all_sources = tuple(dict.fromkeys((*sources, *extra)))
    if how == "point":
        return Drawing(ident, how, refs[0][1], names, source_text, all_sources)
    return Drawing(ident, how, great_circle(p for _n, p, _s in refs), names, source_text, all_sources)


def _sources(value: Any, fail) -> tuple[Source, ...]:
    if not value or not isinstance(value, list) or not all(
        isinstance(s, dict) and isinstance(s.get("title"), str) and s["title"].strip()
        and isinstance(s.get("url"), str) and s["url"].startswith(("http://", "https://"))
        for s in value
    ):  # fmt: skip
        fail("'sources' must list who names the places drawn ({title, url}, http(s) URLs)")
        return ()
    return tuple(Source(s["title"], s["url"]) for s in value)


def _through(
    value: Any, network: Network, places: Mapping[str, Place], fail, used: set[str]
) -> list[tuple[str, Point, Source | None]] | None:
    if not isinstance(value, list) or not value:
        fail("'through' must list the places drawn through: {station: id} or {place: id}")
        return None
    nodes = {n.id: n for n in network.nodes}
    out: list[tuple[str, Point, Source | None]] = []
    for j, ref in enumerate(value):
        if isinstance(ref, dict) and isinstance(ref.get("station"), str):
            node = nodes.get(ref["station"])
            if node is None:
                fail(f"through[{j}]: unknown station id {ref['station']!r}")
                continue
            out.append((node.name, node.point, None))
        elif isinstance(ref, dict) and isinstance(ref.get("place"), str):
            place = places.get(ref["place"])
            if place is None:
                fail(f"through[{j}]: unknown place id {ref['place']!r} (not in {PLACES_FILE})")
                continue
            used.add(place.id)
            out.append((place.name, place.point, place.position_source))
        else:
            fail(f"through[{j}]: must be {{station: id}} or {{place: id}}")
    return out


def _read_places(path: Path, problems: list[Problem]) -> dict[str, Place]:
    def fail(message: str, where: str | None = None) -> None:
        problems.append(Problem(PLACES_FILE, message, where))

    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except FileNotFoundError:
        return {}  # no schematic place: every drawing uses stations
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"cannot read ({exc})")
        return {}
    places: dict[str, Place] = {}
    for i, feature in enumerate(features if isinstance(features, list) else []):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geom = feature.get("geometry") if isinstance(feature, dict) else None
        ident = props.get("id") if isinstance(props, dict) else None
        where = f"feature {i}" + (f" (id={ident})" if isinstance(ident, str) else "")
        if not isinstance(props, dict) or not isinstance(ident, str) or not ident:
            fail("needs properties with an 'id'", where)
            continue
        if ident in places:
            fail("duplicate id", where)
            continue
        name, source = props.get("name"), props.get("position_source")
        coords = geom.get("coordinates") if isinstance(geom, dict) and geom.get("type") == "Point" else None
        ok = True
        if not isinstance(name, str) or not name.strip():
            fail("needs a 'name'", where)
            ok = False
        if not (
            isinstance(source, dict)
            and isinstance(source.get("title"), str)
            and source["title"].strip()
            and isinstance(source.get("url"), str)
            and source["url"].startswith(("http://", "https://"))
        ):
            fail("needs a 'position_source' {title, url}: who says the place lies there", where)
            ok = False
        if not (
            isinstance(coords, list)
            and len(coords) == 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        ):
            fail("geometry must be a Point [lon, lat]", where)
            ok = False
        elif not (_REGION[0] <= coords[0] <= _REGION[2] and _REGION[1] <= coords[1] <= _REGION[3]):
            fail(f"position {coords} lies outside the corridor's region (is it [lat, lon]?)", where)
            ok = False
        if ok:
            places[ident] = Place(ident, name, Point(coords), Source(source["title"], source["url"]))
    return places
