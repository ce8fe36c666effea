"""The offline base map: Natural Earth land, water and labels, bundled in geodata/naturalearth."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import GeometryCollection, box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, unary_union

from routes.files import write_text_atomic

BASEMAP_DIR = "naturalearth"
ATTRIBUTION = "Base map: Natural Earth (public domain)"
# The detailed layers: the whole regional extract, from western Europe to the Yellow Sea, the
# Sahara to Siberia (the Natural Earth files are cut at this box).
DISPLAY_BOX = {"west": 5.0, "south": 25.0, "east": 125.0, "north": 60.0}
# Beyond it, the world at 1:110m, so that no edge shows; the map never shows more than this box.
CONTEXT_BOX = {"west": -25.0, "south": -5.0, "east": 165.0, "north": 78.0}
CONTEXT_FILE = "world_countries_110m.geojson"
CONTEXT_TOLERANCE_DEG = 0.05
DISPLAY_TOLERANCE_DEG = 0.03  # ~3 km; keeps the map light, invisible at corridor scale
LABEL_MIN_POPULATION = 5_000_000


@dataclass(frozen=True)
class Basemap:
    """Natural Earth layers at full resolution, in lon/lat."""

    countries: dict[str, BaseGeometry]  # ADM0_A3 -> polygon
    country_names: dict[str, str]
    water: BaseGeometry  # ocean incl. the Black and Caspian seas, plus large lakes
    places: tuple[tuple[str, float, float, int], ...]  # name, lon, lat, population
    land: BaseGeometry  # all countries, minus water (Natural Earth's land overlaps some lakes)


@lru_cache(maxsize=4)
def load_basemap(geodata_dir: Path) -> Basemap:
    """Read the bundled Natural Earth files once per process."""
    folder = geodata_dir / BASEMAP_DIR
    countries: dict[str, BaseGeometry] = {}
    names: dict[str, str] = {}
    for feature in _read(folder / "countries.geojson"):
        code = feature["properties"]["ADM0_A3"]
        countries[code] = shape(feature["geometry"]).buffer(0)
        names[code] = feature["properties"]["NAME"]
    water = unary_union(
        [
            shape(f["geometry"]).buffer(0)
            for name in ("ocean", "lakes")
            for f in _read(folder / f"{name}.geojson")
        ]
    )
    places = tuple(
        (
            f["properties"]["name"],
            *f["geometry"]["coordinates"][:2],
            int(f["properties"]["pop_max"]),
        )
        for f in _read(folder / "places.geojson")
    )
    land = unary_union(list(countries.values())).difference(water)
    return Basemap(countries, names, water, places, land)


DISPLAY_FILE = "display.json"  # the drawn layers, prepared once: simplifying them at start costs 0.2 s


@lru_cache(maxsize=4)
def display_layers(geodata_dir: Path) -> dict[str, Any]:
    """The layers to draw: the prepared file when there is one, else built from the sources."""
    prepared = geodata_dir / BASEMAP_DIR / DISPLAY_FILE
    if prepared.exists():
        layers = json.loads(prepared.read_text(encoding="utf-8"))
        return {**layers, "labels": tuple(tuple(label) for label in layers["labels"])}
    return build_display_layers(geodata_dir)


@lru_cache(maxsize=4)
def display_text(geodata_dir: Path) -> str:
    """All drawn layers and the labels as one JSON document, safe inside a <script> ("<" escaped).

    The prepared file as it is, when there is one: it already is that document (parsing and writing
    it again cost the app's start ~40 ms)."""
    prepared = geodata_dir / BASEMAP_DIR / DISPLAY_FILE
    if prepared.exists():
        text = prepared.read_text(encoding="utf-8").strip()
    else:
        layers = display_layers(geodata_dir)
        labels = [list(label) for label in layers["labels"]]
        text = json.dumps({**layers, "labels": labels}, separators=(",", ":"))
    return text.replace("<", "\\u003c")


@lru_cache(maxsize=4)
def display_file_name(geodata_dir: Path) -> str:
    """The document's file name in the app's static folder, named by its content: a browser may keep
    it as long as it likes, and a changed base map gets a new name."""
    digest = hashlib.sha256(display_text(geodata_dir).encode("utf-8")).hexdigest()[:16]
    return f"basemap-{digest}.json"


def write_display_layers(geodata_dir: Path) -> Path:
    """Prepare the drawn layers (run after editing the Natural Earth files)."""
    text = json.dumps(build_display_layers(geodata_dir), separators=(",", ":")) + "\n"
    return write_text_atomic(geodata_dir / BASEMAP_DIR / DISPLAY_FILE, text)


def _box(bounds: dict[str, float]) -> BaseGeometry:
    return box(bounds["west"], bounds["south"], bounds["east"], bounds["north"])


def build_display_layers(geodata_dir: Path) -> dict[str, Any]:
    """Simplified GeoJSON to draw, read straight from the files (without the unions the checks need).

    land, water: the regional areas clipped to DISPLAY_BOX, drawn without outline (an outline would
    draw the box); borders: the countries' outlines (borders and coasts) as lines, cut at the box;
    context: the world's land at 1:110m in CONTEXT_BOX, drawn under the rest; context_borders: its
    outlines between DISPLAY_BOX and CONTEXT_BOX;
    labels: big cities inside DISPLAY_BOX.
    """
    folder = geodata_dir / BASEMAP_DIR
    view = _box(DISPLAY_BOX)
    outside = _box(CONTEXT_BOX).difference(view)

    def simplified(features: list[dict[str, Any]], name_key: str | None, area: BaseGeometry = view,
                   outline: bool = False, tolerance: float = DISPLAY_TOLERANCE_DEG,
                   digits: int = 3) -> dict[str, Any]:  # fmt: skip
        out = []
        if outline:  # the shapes' own edges inside the area, not the edges where the files were cut
            area = area.buffer(-0.005, join_style="mitre")
        for feature in features:
            geom = shape(feature["geometry"])
            if outline:
                geom = geom.boundary
            if not geom.intersects(area):
                continue
            clipped = geom.simplify(tolerance, preserve_topology=True)
            clipped = (clipped if outline else clipped.buffer(0)).intersection(area)
            if outline:
                clipped = _lines(clipped)
            if clipped.is_empty:
                continue
            name = feature["properties"].get(name_key) if name_key else None
            out.append(
                {"type": "Feature", "properties": {"name": name},
                 "geometry": _rounded(mapping(clipped), digits)}
            )  # fmt: skip
        return {"type": "FeatureCollection", "features": out}

    lakes = [f for f in _read(folder / "lakes.geojson") if f["properties"].get("source") != "ne_10m_ocean"]
    water = [*_read(folder / "ocean.geojson"), *lakes]  # the ocean layer already holds the Caspian
    labels = tuple(
        (f["properties"]["name"], *f["geometry"]["coordinates"][:2])
        for f in _read(folder / "places.geojson")
        if f["properties"]["pop_max"] >= LABEL_MIN_POPULATION and view.contains(shape(f["geometry"]))
    )
    countries = _read(folder / "countries.geojson")
    world = _read(folder / CONTEXT_FILE)
    coarse = {"tolerance": CONTEXT_TOLERANCE_DEG, "digits": 2}
    return {
        "land": simplified(countries, "NAME"),
        "water": simplified(water, "name"),
        "borders": simplified(countries, None, outline=True, digits=2),
        # Under the regional layers too: two areas that only meet leave a hairline at the seam.
        "context": simplified(world, "NAME", area=_box(CONTEXT_BOX), **coarse),
        "context_borders": simplified(world, None, area=outside, outline=True, **coarse),
        "labels": labels,
    }


def _lines(geom: BaseGeometry) -> BaseGeometry:
    """Only the line parts of a clipped outline (a clip can leave stray points)."""
    if geom.geom_type in ("LineString", "MultiLineString"):
        return geom
    parts = [g for g in getattr(geom, "geoms", ()) if g.geom_type in ("LineString", "MultiLineString")]
    return linemerge(unary_union(parts)) if parts else GeometryCollection()


def _read(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _rounded(geojson: dict[str, Any], digits: int = 3) -> dict[str, Any]:
    """Round coordinates (~100 m) so the drawn layers stay small."""

    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, digits)
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    return {"type": geojson["type"], "coordinates": walk(geojson["coordinates"])}
