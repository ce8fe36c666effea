"""Context routes between the ends of a corridor trip: rail via Russia, sea via Suez, sea round the Cape.

Computed at build time on real networks (`python -m routes build-alternatives`, see
`routes/alternatives_build.py`) and stored in geodata/alternatives.geojson; this module only reads
that file, so the app and the planner never load the large graphs. Look a trip up with
`load_alternatives(geodata_dir).between(from_id, to_id)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from shapely.geometry import LineString, MultiLineString

from routes.errors import DataError, Problem
from routes.model import OWN_WORK, Source

ALTERNATIVES_FILE = "alternatives.geojson"
AlternativeKey = Literal["northern", "suez", "cape"]
KEYS: tuple[str, ...] = ("northern", "suez", "cape")
LEG_MODES: tuple[str, ...] = ("rail", "sea", "land")


@dataclass(frozen=True)
class DaysStated:
    """A published transit time (a range where the sources disagree) and what it covers."""

    min_days: int
    max_days: int
    covers: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Leg:
    """One stretch of an alternative in one mode, with where its line comes from."""

    start: str
    end: str
    mode: str
    km: float
    source: str


@dataclass(frozen=True)
class Alternative:
    """One context route between the ends of a corridor trip."""

    from_id: str
    to_id: str
    key: AlternativeKey
    name: str
    mode: str
    km: float
    km_by_mode: dict[str, float] = field(hash=False, compare=False)
    legs: tuple[Leg, ...]
    geometry: MultiLineString = field(hash=False, compare=False)
    geometry_source: str
    geometry_licence: str
    days_stated: DaysStated | None = None
    ends_at: str | None = None  # where the route ends when it cannot reach the trip's own end
    note: str = ""

    @property
    def days_label(self) -> str:
        """"12–18 days" as published, or a dash where no source states a time."""
        days = self.days_stated
        if days is None:
            return "—"
        span = f"{days.min_days}" if days.min_days == days.max_days else f"{days.min_days}–{days.max_days}"
        return f"{span} days"

    def to_dict(self) -> dict[str, Any]:
        """As the CLI, the app and the exports give it: km computed, days as published, with sources."""
        days = self.days_stated
        return {
            "key": self.key,
            "name": self.name,
            "mode": self.mode,
            "km": round(self.km, 1),
            "km_by_mode": {mode: round(km, 1) for mode, km in self.km_by_mode.items()},
            "days_stated": (
                {"min": days.min_days, "max": days.max_days, "covers": days.covers} if days else None
            ),
            "sources": [{"title": s.title, "url": s.url} for s in days.sources] if days else [],
            "ends_at": self.ends_at,
            "geometry_source": self.geometry_source,
            "geometry_licence": self.geometry_licence,
        }


@dataclass(frozen=True)
class Alternatives:
    """Every precomputed alternative, looked up by the ends of a trip."""

    routes: tuple[Alternative, ...]

    def between(self, from_id: str, to_id: str) -> tuple[Alternative, ...]:
        """The alternatives for a trip, in file order (empty when none was precomputed)."""
        return tuple(a for a in self.routes if a.from_id == from_id and a.to_id == to_id)

    def pairs(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((a.from_id, a.to_id) for a in self.routes))

    def credits(self) -> tuple[str, ...]:
        """Whom the context lines credit, each once."""
        parts = [p.strip() for a in self.routes for p in a.geometry_licence.split(";")]
        return tuple(dict.fromkeys(p for p in parts if p and p != OWN_WORK))

    def __iter__(self) -> Iterator[Alternative]:
        return iter(self.routes)


def load_alternatives(geodata_dir: Path) -> Alternatives:
    """Read geodata_dir/alternatives.geojson; DataError lists every problem found."""
    path = geodata_dir / ALTERNATIVES_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(ALTERNATIVES_FILE, "file not found")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(ALTERNATIVES_FILE, f"not readable JSON: {exc}")]) from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise DataError([Problem(ALTERNATIVES_FILE, "not a GeoJSON FeatureCollection")])
    problems: list[Problem] = []
    routes = [r for i, f in enumerate(features) if (r := _alternative(i, f, problems)) is not None]
    seen: set[tuple[str, str, str]] = set()
    for r in routes:
        if (r.from_id, r.to_id, r.key) in seen:
            problems.append(Problem(ALTERNATIVES_FILE, "appears twice", f"{r.from_id}→{r.to_id} {r.key}"))
        seen.add((r.from_id, r.to_id, r.key))
    if problems:
        raise DataError(problems)
    return Alternatives(tuple(routes))


def _alternative(index: int, feature: Any, problems: list[Problem]) -> Alternative | None:
    where = f"feature {index}"
    found = len(problems)

    def fail(message: str) -> None:
        problems.append(Problem(ALTERNATIVES_FILE, message, where))

    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        fail("no properties")
        return None
    for key in ("from", "to", "name", "mode", "geometry_source", "geometry_licence"):
        if not isinstance(props.get(key), str) or not props[key]:
            fail(f"missing or empty {key!r}")
    if props.get("key") not in KEYS:
        fail(f"'key' must be one of {', '.join(KEYS)}")
    km_by_mode = props.get("km_by_mode")
    if not isinstance(km_by_mode, dict) or not km_by_mode or set(km_by_mode) - set(LEG_MODES):
        fail(f"'km_by_mode' must map some of {', '.join(LEG_MODES)} to kilometres")
        km_by_mode = {}
    if not isinstance(props.get("km"), int | float) or props["km"] <= 0:
        fail("'km' must be a positive number")
    geometry = _geometry(feature.get("geometry"))
    if geometry is None:
        fail("geometry must be a LineString or MultiLineString of [lon, lat] positions")
    legs = _legs(props.get("legs"), fail)
    days = _days(props.get("days_stated"), fail)
    if len(problems) > found or geometry is None:
        return None
    return Alternative(
        from_id=props["from"],
        to_id=props["to"],
        key=props["key"],
        name=props["name"],
        mode=props["mode"],
        km=float(props["km"]),
        km_by_mode={str(k): float(v) for k, v in km_by_mode.items()},
        legs=legs,
        geometry=geometry,
        geometry_source=props["geometry_source"],
        geometry_licence=props["geometry_licence"],
        days_stated=days,
        ends_at=props.get("ends_at"),
        note=str(props.get("note") or ""),
    )


def _geometry(raw: Any) -> MultiLineString | None:
    try:
        if raw["type"] == "LineString":
            return MultiLineString([LineString(raw["coordinates"])])
        if raw["type"] == "MultiLineString":
            return MultiLineString([LineString(c) for c in raw["coordinates"]])
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _legs(raw: Any, fail: Any) -> tuple[Leg, ...]:
    if not isinstance(raw, list) or not raw:
        fail("'legs' must list the route's legs")
        return ()
    legs = []
    for leg in raw:
        try:
            legs.append(Leg(str(leg["from"]), str(leg["to"]), str(leg["mode"]), float(leg["km"]),
                            str(leg["source"])))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            fail(f"a leg needs from, to, mode, km and source: {leg!r}")
    return tuple(legs)


def _days(raw: Any, fail: Any) -> DaysStated | None:
    if raw in (None, {}):
        return None
    try:
        sources = tuple(Source(str(s["title"]), str(s["url"])) for s in raw["sources"])
        days = DaysStated(int(raw["min"]), int(raw["max"]), str(raw["covers"]), sources)
    except (KeyError, TypeError, ValueError):
        fail("'days_stated' needs min, max, covers and sources (title, url)")
        return None
    if not sources or days.min_days > days.max_days:
        fail("'days_stated' needs at least one source and min ≤ max")
        return None
    return days


def context_for(geodata_dir: Path, from_id: str, to_id: str) -> tuple[Alternative, ...]:
    """The alternatives precomputed for a trip; none when the folder has no alternatives file."""
    if not (geodata_dir / ALTERNATIVES_FILE).exists():
        return ()
    return load_alternatives(geodata_dir).between(from_id, to_id)
