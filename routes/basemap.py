"""The offline base map: Natural Earth land, water and labels, bundled in geodata/naturalearth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from routes.files import write_text_atomic

BASEMAP_DIR = "naturalearth"
ATTRIBUTION = "Base map: Natural Earth (public domain)"
# What the map shows: from central Europe to the Yellow Sea, the Persian Gulf to Siberia.
DISPLAY_BOX = {"west": 15.0, "south": 28.0, "east": 125.0, "north": 57.0}
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


@lru_cache(maxsize=8)
def layer_text(geodata_dir: Path, name: str) -> str:
    """One drawn layer ("land" or "water") as GeoJSON text."""
    return json.dumps(display_layers(geodata_dir)[name], separators=(",", ":"))


def write_display_layers(geodata_dir: Path) -> Path:
    """Prepare the drawn layers (run after editing the Natural Earth files)."""
    text = json.dumps(build_display_layers(geodata_dir), separators=(",", ":")) + "\n"
    return write_text_atomic(geodata_dir / BASEMAP_DIR / DISPLAY_FILE, text)


def build_display_layers(geodata_dir: Path) -> dict[str, Any]:
    """Simplified GeoJSON to draw: land, water and label points, clipped to the view.

    Read straight from the files, without the unions the checks need.
    """
    folder = geodata_dir / BASEMAP_DIR
    view = box(DISPLAY_BOX["west"], DISPLAY_BOX["south"], DISPLAY_BOX["east"], DISPLAY_BOX["north"])

    def simplified(features: list[dict[str, Any]], name_key: str | None) -> dict[str, Any]:
        out = []
        for feature in features:
            geom = shape(feature["geometry"])
            if not geom.intersects(view):
                continue
            clipped = geom.intersection(view).simplify(DISPLAY_TOLERANCE_DEG, preserve_topology=True)
            if clipped.is_empty:
                continue
            name = feature["properties"].get(name_key) if name_key else None
            out.append(
                {"type": "Feature", "properties": {"name": name}, "geometry": _rounded(mapping(clipped))}
            )
        return {"type": "FeatureCollection", "features": out}

    lakes = [f for f in _read(folder / "lakes.geojson") if f["properties"].get("source") != "ne_10m_ocean"]
    water = [*_read(folder / "ocean.geojson"), *lakes]  # the ocean layer already holds the Caspian
    labels = tuple(
        (f["properties"]["name"], *f["geometry"]["coordinates"][:2])
        for f in _read(folder / "places.geojson")
        if f["properties"]["pop_max"] >= LABEL_MIN_POPULATION and view.contains(shape(f["geometry"]))
    )
    return {
        "land": simplified(_read(folder / "countries.geojson"), "NAME"),
        "water": simplified(water, "name"),
        "labels": labels,
    }


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
