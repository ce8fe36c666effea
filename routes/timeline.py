"""The corridor over time: when each part opened, its status in any year, planned projects, volumes.

Reads geodata/timeline.json, planned.json and volumes.csv. Every reader collects all the problems
of its file (unknown ids, statuses or units, a fact without a source, bad years) and the load_*
functions raise one DataError listing them. The query functions are pure: data in, answer out.

The rule for "as of a year": a status holds from its `from` date until its `to` date (exclusive) or,
without `to`, until a later entry starts; partial dates ("2008", "2008-08") start on the first day of
that year or month; a year is judged at the end of its 31 December. So a disruption that ended within
the year does not count (BTC, shut 5–25 August 2008, is open at the end of 2008), and
disruptions_in(year) lists what was disrupted at any time during it.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from routes.errors import DataError, Problem
from routes.model import Source

TIMELINE_FILE = "timeline.json"
PLANNED_FILE = "planned.json"
VOLUMES_FILE = "volumes.csv"
SEGMENTS_FILE = "segments.geojson"
NODES_FILE = "nodes.geojson"

STATUSES: tuple[str, ...] = ("planned", "under construction", "open", "disrupted")
UNITS: tuple[str, ...] = ("t", "TEU", "bbl", "bbl/d", "wagons", "vehicles")
VOLUME_COLUMNS: tuple[str, ...] = (
    "year",
    "series",
    "value",
    "unit",
    "definition",
    "source_title",
    "source_url",
    "note",
)
FIRST_YEAR, LAST_YEAR = 1800, 2100  # dates outside this range are typing errors, not history

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SERIES = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """'2008', '2008-08' or '2008-08-05'; ValueError for anything else."""
        match = _DATE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a date like 2008, 2008-08 or 2008-08-05")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
        date(year, month or 1, day or 1)  # raises ValueError for month 13 or 31 February
        return cls(year, month, day)

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}", *(f"{p:02d}" for p in (self.month, self.day) if p is not None)]
        return "-".join(parts)


@dataclass(frozen=True)
class StatusSpan:
    """One status of a segment, node or project, from a date (until another, if it ended)."""

    status: str
    start: PartialDate
    end: PartialDate | None
    why: str
    sources: tuple[Source, ...]

    def holds_on(self, day: date) -> bool:
        return self.start.first_day() <= day and (self.end is None or day < self.end.first_day())

    def overlaps_year(self, year: int) -> bool:
        return self.start.first_day() <= date(year, 12, 31) and (
            self.end is None or self.end.first_day() > date(year, 1, 1)
        )


@dataclass(frozen=True)
class Opening:
    """When a segment or node opened (year None where no source says); the note says what is dated."""

    year: int | None
    date: PartialDate | None
    note: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Dated:
    """The history of one segment or node."""

    id: str
    opened: Opening
    statuses: tuple[StatusSpan, ...]

    def status_on(self, day: date) -> str | None:
        return status_on(self.statuses, day)

    def status_at_end_of(self, year: int) -> str | None:
        return status_on(self.statuses, date(year, 12, 31))


@dataclass(frozen=True)
class Timeline:
    segments: Mapping[str, Dated]
    nodes: Mapping[str, Dated]

    def item(self, item_id: str) -> Dated:
        if item_id in self.segments:
            return self.segments[item_id]
        return self.nodes[item_id]


@dataclass(frozen=True)
class NetworkState:
    """Which ids stood in which status at the end of a year.

    `not_yet_open`: no status yet and its opening year lies after this one; `unknown`: no source
    covers it in this year (e.g. only known to be running from a later date).
    """

    year: int
    open: frozenset[str]
    under_construction: frozenset[str]
    planned: frozenset[str]
    disrupted: frozenset[str]
    not_yet_open: frozenset[str]
    unknown: frozenset[str]

    def ids(self, status: str) -> frozenset[str]:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        return getattr(self, status.replace(" ", "_"))


@dataclass(frozen=True)
class StatedValue:
    value: float
    note: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Expected:
    year: int
    what: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Project:
    """A planned, building or finished project that changes the corridor (no geometry)."""

    id: str
    name: str
    kind: str
    countries: tuple[str, ...]
    stations: tuple[str, ...]  # ids from stations.geojson
    places: tuple[str, ...]  # named places that have no station id
    segments: tuple[str, ...]  # drawn segments it changes
    length_km: tuple[StatedValue, ...]
    expected: tuple[Expected, ...]
    statuses: tuple[StatusSpan, ...]
    note: str

    def status_at_end_of(self, year: int) -> str | None:
        return status_on(self.statuses, date(year, 12, 31))


@dataclass(frozen=True)
class VolumeRow:
    """One sourced yearly figure; rows that disagree are all kept."""

    year: int
    series: str
    value: float
    unit: str
    definition: str
    source: Source
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if self.value.is_integer() else self.value
        return {
            "year": self.year,
            "series": self.series,
            "value": value,
            "unit": self.unit,
            "definition": self.definition,
            "source_title": self.source.title,
            "source_url": self.source.url,
            "note": self.note,
        }


# --- queries -------------------------------------------------------------------------------------


def status_on(spans: Iterable[StatusSpan], day: date) -> str | None:
    """The status holding on a day: of the entries holding then, the one that started last."""
    holding = [s for s in spans if s.holds_on(day)]
    return max(holding, key=lambda s: s.start.first_day()).status if holding else None


def network_as_of(timeline: Timeline, year: int, kind: str = "segment") -> NetworkState:
    """Ids of segments (or nodes) open, building, planned, disrupted or unknown at the end of a year."""
    items = timeline.segments if kind == "segment" else timeline.nodes
    groups: dict[str | None, set[str]] = {s: set() for s in (*STATUSES, "not yet open", None)}
    for item_id, dated in items.items():
        status = dated.status_at_end_of(year)
        if status is None and dated.opened.year is not None and dated.opened.year > year:
            status = "not yet open"
        groups[status].add(item_id)
    return NetworkState(
        year=year,
        open=frozenset(groups["open"]),
        under_construction=frozenset(groups["under construction"]),
        planned=frozenset(groups["planned"]),
        disrupted=frozenset(groups["disrupted"]),
        not_yet_open=frozenset(groups["not yet open"]),
        unknown=frozenset(groups[None]),
    )


def status_as_of(timeline: Timeline, item_id: str, year: int) -> str | None:
    """The status of one segment or node at the end of a year (None: no source covers it)."""
    return timeline.item(item_id).status_at_end_of(year)


def disruptions_in(timeline: Timeline, year: int) -> dict[str, tuple[StatusSpan, ...]]:
    """Segments and nodes disrupted at any time during a year, with the spans that say so."""
    found = {}
    for item_id, dated in (*timeline.segments.items(), *timeline.nodes.items()):
        spans = tuple(s for s in dated.statuses if s.status == "disrupted" and s.overlaps_year(year))
        if spans:
            found[item_id] = spans
    return found


def opening_years(timeline: Timeline, kind: str = "segment") -> dict[str, int | None]:
    items = timeline.segments if kind == "segment" else timeline.nodes
    return {item_id: dated.opened.year for item_id, dated in items.items()}


def earliest_opening(
    timeline: Timeline, ids: Iterable[str] | None = None
) -> tuple[int, tuple[str, ...]] | None:
    """The earliest opening year among the given segments (all by default) and which opened then."""
    years = opening_years(timeline)
    wanted = set(years) if ids is None else set(ids)
    known = {i: y for i, y in years.items() if i in wanted and y is not None}
    if not known:
        return None
    first = min(known.values())
    return first, tuple(sorted(i for i, y in known.items() if y == first))


def projects_as_of(projects: Iterable[Project], year: int) -> dict[str, str | None]:
    return {p.id: p.status_at_end_of(year) for p in projects}


def volumes_table(rows: Iterable[VolumeRow], series: str | None = None) -> list[dict[str, Any]]:
    """Rows as dicts, by series, year and unit; several sources for one year all stay."""
    chosen = [r for r in rows if series is None or r.series == series]
    chosen.sort(key=lambda r: (r.series, r.year, r.unit, r.source.title))
    return [r.to_dict() for r in chosen]


def series_names(rows: Iterable[VolumeRow]) -> tuple[str, ...]:
    return tuple(sorted({r.series for r in rows}))


# --- loading -------------------------------------------------------------------------------------


def load_timeline(folder: Path) -> Timeline:
    timeline, problems = read_timeline(folder / TIMELINE_FILE, *_network_ids(folder))
    if problems:
        raise DataError(problems)
    return timeline


def load_planned(folder: Path) -> tuple[Project, ...]:
    segment_ids, node_ids = _network_ids(folder)
    projects, problems = read_planned(folder / PLANNED_FILE, segment_ids, node_ids)
    if problems:
        raise DataError(problems)
    return projects


def load_volumes(folder: Path) -> tuple[VolumeRow, ...]:
    rows, problems = read_volumes(folder / VOLUMES_FILE)
    if problems:
        raise DataError(problems)
    return rows


def timeline_problems(folder: Path, segment_ids: Iterable[str], node_ids: Iterable[str]) -> list[Problem]:
    """Every problem of the timeline files present in a folder (a folder may hold none of them)."""
    segment_ids, node_ids = set(segment_ids), set(node_ids)
    found: list[Problem] = []
    if (folder / TIMELINE_FILE).exists():
        found += read_timeline(folder / TIMELINE_FILE, segment_ids, node_ids)[1]
    if (folder / PLANNED_FILE).exists():
        found += read_planned(folder / PLANNED_FILE, segment_ids, node_ids)[1]
    if (folder / VOLUMES_FILE).exists():
        found += read_volumes(folder / VOLUMES_FILE)[1]
    return found


def _network_ids(folder: Path) -> tuple[set[str], set[str]]:
    """Segment and node ids of a geodata folder, read without building any geometry."""
    ids = []
    for name in (SEGMENTS_FILE, NODES_FILE):
        try:
            doc = json.loads((folder / name).read_text(encoding="utf-8"))
            features = doc.get("features", []) if isinstance(doc, dict) else []
        except (OSError, ValueError) as exc:
            raise DataError([Problem(name, f"cannot read the ids the timeline refers to ({exc})")]) from exc
        ids.append(
            {
                f["properties"]["id"]
                for f in features
                if isinstance(f, dict)
                and isinstance(f.get("properties"), dict)
                and isinstance(f["properties"].get("id"), str)
            }
        )
    return ids[0], ids[1]


# --- reading and checking ------------------------------------------------------------------------


class _Check:
    """Collects the problems of one file, each with its place."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, where: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, message, where))

    def text(self, obj: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"'{key}' must be a non-empty string")
            return ""
        return value

    def sources(self, value: Any, where: str) -> tuple[Source, ...]:
        if not value:
            self.fail(where, "no source (every fact needs at least one {title, url})")
            return ()
        if not isinstance(value, list) or not all(
            isinstance(s, dict)
            and isinstance(s.get("title"), str)
            and s["title"].strip()
            and isinstance(s.get("url"), str)
            and s["url"].startswith(("http://", "https://"))
            for s in value
        ):
            self.fail(where, "'sources' must be a list of {title, url} with http(s) URLs")
            return ()
        return tuple(Source(s["title"], s["url"]) for s in value)

    def partial_date(self, value: Any, key: str, where: str) -> PartialDate | None:
        if not isinstance(value, str):
            self.fail(where, f"'{key}' must be a date string like 2008-08-05, not {value!r}")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.fail(where, f"bad '{key}': {exc}")
            return None

    def year(self, value: Any, where: str, key: str = "year") -> int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(where, f"'{key}' must be a whole year, not {value!r}")
            return None
        if not FIRST_YEAR <= value <= LAST_YEAR:
            self.fail(where, f"'{key}' {value} is outside {FIRST_YEAR}–{LAST_YEAR}")
            return None
        return value

    def statuses(self, value: Any, where: str) -> tuple[StatusSpan, ...]:
        if not isinstance(value, list):
            self.fail(where, "'statuses' must be a list")
            return ()
        spans: list[StatusSpan] = []
        for j, raw in enumerate(value):
            spot = f"{where} statuses[{j}]"
            if not isinstance(raw, dict):
                self.fail(spot, "must be an object")
                continue
            before = len(self.problems)
            status = raw.get("status")
            if status not in STATUSES:
                self.fail(spot, f"unknown status {status!r} (expected one of: {', '.join(STATUSES)})")
            start = self.partial_date(raw.get("from"), "from", spot)
            end = self.partial_date(raw["to"], "to", spot) if raw.get("to") is not None else None
            if start and end and end.first_day() <= start.first_day():
                self.fail(spot, f"'to' {end} is not after 'from' {start}")
            if spans and start and start.first_day() < spans[-1].start.first_day():
                self.fail(spot, f"'from' {start} comes before the previous entry's {spans[-1].start}")
            why = self.text(raw, "why", spot)
            sources = self.sources(raw.get("sources"), spot)
            if len(self.problems) == before and start is not None:
                spans.append(StatusSpan(str(status), start, end, why, sources))
        return tuple(spans)


def _read_json(path: Path, check: _Check) -> dict[str, Any] | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        check.fail(None, "file not found")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        check.fail(None, f"cannot read: {exc}")
        return None
    except json.JSONDecodeError as exc:
        check.fail(None, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return None
    if not isinstance(doc, dict):
        check.fail(None, "must be a JSON object")
        return None
    return doc


def read_timeline(
    path: Path, segment_ids: Iterable[str], node_ids: Iterable[str]
) -> tuple[Timeline, list[Problem]]:
    """Read timeline.json against the network's ids; what is valid is kept, every problem listed."""
    check = _Check(path.name)
    doc = _read_json(path, check) or {}
    parts: dict[str, dict[str, Dated]] = {}
    for key, known in (("segments", set(segment_ids)), ("nodes", set(node_ids))):
        parts[key] = _dated_items(doc.get(key), key, known, check) if doc else {}
        if doc and key == "segments":
            for missing in sorted(known - set(parts[key])):
                check.fail(None, f"no entry for segment {missing!r} (every segment needs one)")
    return Timeline(parts["segments"], parts["nodes"]), check.problems


def _dated_items(value: Any, key: str, known: set[str], check: _Check) -> dict[str, Dated]:
    if not isinstance(value, list):
        check.fail(None, f"'{key}' must be a list")
        return {}
    items: dict[str, Dated] = {}
    what = key.rstrip("s")
    for i, raw in enumerate(value):
        ident = raw.get("id") if isinstance(raw, dict) else None
        where = f"{key}[{i}]" + (f" (id={ident})" if isinstance(ident, str) else "")
        if not isinstance(raw, dict):
            check.fail(where, "must be an object")
            continue
        if not isinstance(ident, str) or ident not in known:
            check.fail(where, f"unknown {what} id {ident!r}")
            continue
        if ident in items:
            check.fail(where, f"duplicate entry for {ident!r}")
            continue
        opened = _opening(raw.get("opened"), where, check)
        statuses = check.statuses(raw.get("statuses"), where)
        if opened is not None:
            items[ident] = Dated(ident, opened, statuses)
    return items


def _opening(value: Any, where: str, check: _Check) -> Opening | None:
    if not isinstance(value, dict):
        check.fail(where, "'opened' must be an object {year, date?, note?, sources}")
        return None
    spot = f"{where} opened"
    note = check.text(value, "note", spot, required=False)
    if value.get("year") is None:  # no source dates it: the note says why; sources are optional
        if not note:
            check.fail(spot, "'year' is null: a 'note' must say why no date is given")
        sources = check.sources(value["sources"], spot) if value.get("sources") else ()
        return Opening(None, None, note, sources)
    year = check.year(value.get("year"), spot)
    day = check.partial_date(value["date"], "date", spot) if value.get("date") is not None else None
    if year is not None and day is not None and day.year != year:
        check.fail(spot, f"'date' {day} is not in 'year' {year}")
    sources = check.sources(value.get("sources"), spot)
    return Opening(year, day, note, sources) if year is not None and sources else None


def read_planned(
    path: Path, segment_ids: Iterable[str], station_ids: Iterable[str]
) -> tuple[tuple[Project, ...], list[Problem]]:
    """Read planned.json: each project's stations and segments must exist; every fact sourced."""
    check = _Check(path.name)
    doc = _read_json(path, check)
    if doc is None:
        return (), check.problems
    raw_projects = doc.get("projects")
    if not isinstance(raw_projects, list):
        check.fail(None, "'projects' must be a list")
        return (), check.problems
    segments, stations = set(segment_ids), set(station_ids)
    projects: list[Project] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_projects):
        ident = raw.get("id") if isinstance(raw, dict) else None
        where = f"projects[{i}]" + (f" (id={ident})" if isinstance(ident, str) else "")
        if not isinstance(raw, dict):
            check.fail(where, "must be an object")
            continue
        before = len(check.problems)
        if not isinstance(ident, str) or not _SLUG.match(ident):
            check.fail(where, f"'id' {ident!r} is not a lowercase slug like 'kz-bakhty-ayagoz'")
        elif ident in seen:
            check.fail(where, f"duplicate project id {ident!r}")
        name, kind = check.text(raw, "name", where), check.text(raw, "kind", where)
        station_refs, places = _connects(raw.get("connects"), stations, where, check)
        project_segments = _id_list(raw.get("segments", []), segments, "segment", where, check)
        lengths = tuple(
            _stated(v, f"{where} length_km[{j}]", check) for j, v in enumerate(raw.get("length_km") or [])
        )
        expected = tuple(
            _expected(v, f"{where} expected[{j}]", check) for j, v in enumerate(raw.get("expected") or [])
        )
        statuses = check.statuses(raw.get("statuses"), where)
        if not statuses and len(check.problems) == before:
            check.fail(where, "needs at least one status")
        countries = raw.get("countries") or []
        if len(check.problems) == before:
            seen.add(str(ident))
            projects.append(
                Project(
                    id=str(ident),
                    name=name,
                    kind=kind,
                    countries=tuple(countries),
                    stations=station_refs,
                    places=places,
                    segments=project_segments,
                    length_km=tuple(v for v in lengths if v is not None),
                    expected=tuple(e for e in expected if e is not None),
                    statuses=statuses,
                    note=str(raw.get("note") or ""),
                )
            )
    return tuple(projects), check.problems


def _connects(
    value: Any, stations: set[str], where: str, check: _Check
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(value, list) or not value:
        check.fail(where, "'connects' must list the stations or places the project connects")
        return (), ()
    ids, names = [], []
    for j, ref in enumerate(value):
        spot = f"{where} connects[{j}]"
        if isinstance(ref, dict) and isinstance(ref.get("station"), str):
            if ref["station"] in stations:
                ids.append(ref["station"])
            else:
                check.fail(spot, f"unknown station id {ref['station']!r}")
        elif isinstance(ref, dict) and isinstance(ref.get("name"), str) and ref["name"].strip():
            names.append(ref["name"])
        else:
            check.fail(spot, "must be {station: id} or {name: text}")
    return tuple(ids), tuple(names)


def _id_list(value: Any, known: set[str], what: str, where: str, check: _Check) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.fail(where, f"'{what}s' must be a list of {what} ids")
        return ()
    for unknown in [v for v in value if v not in known]:
        check.fail(where, f"unknown {what} id {unknown!r}")
    return tuple(v for v in value if v in known)


def _stated(raw: Any, where: str, check: _Check) -> StatedValue | None:
    value = raw.get("value") if isinstance(raw, dict) else None
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not math.isfinite(value)
        or value <= 0
    ):
        check.fail(where, f"'value' must be a positive number, not {value!r}")
        return None
    sources = check.sources(raw.get("sources"), where)
    return StatedValue(float(value), str(raw.get("note") or ""), sources) if sources else None


def _expected(raw: Any, where: str, check: _Check) -> Expected | None:
    if not isinstance(raw, dict):
        check.fail(where, "must be an object {year, what, sources}")
        return None
    year = check.year(raw.get("year"), where)
    what = check.text(raw, "what", where)
    sources = check.sources(raw.get("sources"), where)
    return Expected(year, what, sources) if year is not None and what and sources else None


def read_volumes(path: Path, this_year: int | None = None) -> tuple[tuple[VolumeRow, ...], list[Problem]]:
    """Read volumes.csv: every row needs a past year, a known unit, a number and a source."""
    check = _Check(path.name)
    last = this_year if this_year is not None else date.today().year
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        check.fail(None, "file not found")
        return (), check.problems
    except (OSError, UnicodeDecodeError) as exc:
        check.fail(None, f"cannot read: {exc}")
        return (), check.problems
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in VOLUME_COLUMNS if c != "note" and c not in (reader.fieldnames or [])]
    if missing:
        check.fail(
            "header", f"missing column(s) {', '.join(missing)} (expected: {', '.join(VOLUME_COLUMNS)})"
        )
        return (), check.problems
    rows: list[VolumeRow] = []
    seen: set[tuple[int, str, str, str]] = set()
    for record in reader:
        row = _volume_row(record, f"line {reader.line_num}", last, check)
        if row is None:
            continue
        key = (row.year, row.series, row.unit, row.source.url)
        if key in seen:
            check.fail(
                f"line {reader.line_num}",
                f"duplicate row: {row.series} {row.year} ({row.unit}) from the same source",
            )
            continue
        seen.add(key)
        rows.append(row)
    return tuple(rows), check.problems


def _volume_row(record: dict[str, Any], where: str, last_year: int, check: _Check) -> VolumeRow | None:
    before = len(check.problems)
    if None in record:
        check.fail(where, "more fields than columns (quote values that contain commas)")
    cell = {k: (record.get(k) or "").strip() for k in VOLUME_COLUMNS}
    year = None
    if not re.fullmatch(r"\d{4}", cell["year"]):
        check.fail(where, f"year {cell['year']!r} is not a four-digit year")
    elif not FIRST_YEAR <= int(cell["year"]) <= last_year:
        check.fail(where, f"year {cell['year']} is outside {FIRST_YEAR}–{last_year} (no forecasts here)")
    else:
        year = int(cell["year"])
    if not _SERIES.match(cell["series"]):
        check.fail(where, f"series {cell['series']!r} is not a name like 'titr_cargo'")
    try:
        value = float(cell["value"])
        if not math.isfinite(value) or value < 0:
            raise ValueError
    except ValueError:
        check.fail(where, f"value {cell['value']!r} is not a non-negative number")
        value = math.nan
    if cell["unit"] not in UNITS:
        check.fail(where, f"unknown unit {cell['unit']!r} (expected one of: {', '.join(UNITS)})")
    if not cell["definition"]:
        check.fail(where, "no definition (say what the publisher counts)")
    if not cell["source_title"] or not cell["source_url"]:
        check.fail(where, "no source (source_title and source_url are required)")
    elif not cell["source_url"].startswith(("http://", "https://")):
        check.fail(where, f"source_url {cell['source_url']!r} is not an http(s) URL")
    if len(check.problems) > before or year is None:
        return None
    return VolumeRow(
        year=year,
        series=cell["series"],
        value=value,
        unit=cell["unit"],
        definition=cell["definition"],
        source=Source(cell["source_title"], cell["source_url"]),
        note=cell["note"],
    )
