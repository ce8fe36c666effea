"""The offline base map: Natural Earth data, and the prepared layers the map draws."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from routes.basemap import DISPLAY_FILE, build_display_layers, display_layers, load_basemap

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def test_prepared_layers_match_the_sources() -> None:
    # After an edit of the Natural Earth files: python -m routes basemap
    prepared = display_layers(GEODATA)
    assert (GEODATA / "naturalearth" / DISPLAY_FILE).exists()
    assert prepared == build_display_layers(GEODATA)


def test_without_a_prepared_file_the_layers_are_built(tmp_path: Path) -> None:
    folder = tmp_path / "naturalearth"
    folder.mkdir()
    for name in ("countries", "ocean", "lakes", "places", "world_countries_110m"):
        (folder / f"{name}.geojson").write_bytes((GEODATA / "naturalearth" / f"{name}.geojson").read_bytes())
    assert display_layers(tmp_path) == display_layers(GEODATA)


@pytest.mark.parametrize(
    ("lon", "lat", "layer"),
    [(50.5, 41.5, "water"), (35.0, 43.0, "water"), (67.0, 48.0, "land"), (44.8, 41.7, "land")],
)  # mid-Caspian, Black Sea, Kazakh steppe, Tbilisi
def test_drawn_layers_put_land_and_water_where_they_are(lon: float, lat: float, layer: str) -> None:
    features = display_layers(GEODATA)[layer]["features"]
    assert any(shape(f["geometry"]).contains(Point(lon, lat)) for f in features)


def test_labels_are_big_cities_inside_the_view() -> None:
    names = {name for name, _lon, _lat in display_layers(GEODATA)["labels"]}
    assert {"Istanbul", "Tehran"} <= names


def test_full_basemap_has_the_corridor_countries() -> None:
    basemap = load_basemap(GEODATA)
    assert {"CHN", "KAZ", "AZE", "GEO", "TUR", "UKR"} <= set(basemap.countries)
    assert basemap.water.contains(Point(50.5, 41.5)) and not basemap.land.contains(Point(50.5, 41.5))


def test_the_drawn_document_is_the_prepared_layers(tmp_path: Path) -> None:
    from routes.basemap import display_text

    expected = {**display_layers(GEODATA), "labels": [list(x) for x in display_layers(GEODATA)["labels"]]}
    assert json.loads(display_text(GEODATA)) == expected
    (tmp_path / "naturalearth").mkdir()
    for name in ("countries", "ocean", "lakes", "places", "world_countries_110m"):
        shutil.copy(GEODATA / "naturalearth" / f"{name}.geojson", tmp_path / "naturalearth")
    assert json.loads(display_text(tmp_path)) == expected  # built from the sources when not prepared
    assert "<" not in display_text(GEODATA)
