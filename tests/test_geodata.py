"""Loading and validating geodata/: every bad input is named, good features survive."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routes.errors import DataError
from routes.geodata import geodesic_length_km, latlon, load_network, read_network

GOOD_SEGMENT = {
    "type": "Feature",
    "properties": {
        "id": "kz-beineu-aktau",
        "name": "Beineu – Aktau railway",
        "corridor": "TITR",
        "mode": "rail",
        "group": "Kazakhstan",
        "countries": ["KAZ"],
        "aliases": ["Beineu-Aktau railway"],
        "length_km_stated": 100,
        "sources": [{"title": "Example", "url": "https://example.org/beineu"}],
        "geometry_source": "hand-drawn through stations",
        "geometry_licence": "this project (MIT)",
    },
    "geometry": {"type": "LineString", "coordinates": [[55.19, 45.32], [51.2, 43.65]]},
}
GOOD_NODE = {
    "type": "Feature",
    "properties": {"id": "aktau-port", "name": "Port of Aktau", "kind": "port", "aliases": ["Aktau"]},
    "geometry": {"type": "Point", "coordinates": [51.2, 43.65]},
}


def write_collection(path: Path, features: list[dict]) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")


@pytest.fixture
def geodata(tmp_path: Path) -> Path:
    write_collection(tmp_path / "segments.geojson", [GOOD_SEGMENT])
    write_collection(tmp_path / "nodes.geojson", [GOOD_NODE])
    return tmp_path


def with_change(key: str, value: object) -> dict:
    """The good segment with one property replaced (None deletes it)."""
    feature = copy.deepcopy(GOOD_SEGMENT)
    if key.startswith("geometry."):
        feature["geometry"][key.split(".", 1)[1]] = value
    elif value is None:
        del feature["properties"][key]
    else:
        feature["properties"][key] = value
    return feature


def test_good_data_loads_as_typed_records(geodata: Path) -> None:
    network = load_network(geodata)
    (segment,) = network.segments
    assert segment.id == "kz-beineu-aktau"
    assert segment.countries == ("KAZ",)
    assert segment.facts["length_km_stated"] == 100
    assert segment.sources[0].url == "https://example.org/beineu"
    assert network.nodes[0].point.x == pytest.approx(51.2)


def test_length_is_geodesic_not_planar() -> None:
    # One degree of longitude at 60° N is about 55.8 km on WGS84; planar degrees would say 1.
    from shapely.geometry import LineString

    assert geodesic_length_km(LineString([(30, 60), (31, 60)])) == pytest.approx(55.8, abs=0.2)


def test_latlon_swaps_geojson_order_for_folium() -> None:
    assert latlon([49.4268, 39.9436]) == (39.9436, 49.4268)


@pytest.mark.parametrize(
    ("feature", "expected"),
    [
        (with_change("corridor", "Silk"), "unknown corridor 'Silk'"),
        (with_change("mode", "truck"), "unknown mode 'truck'"),
        (with_change("name", None), "missing required property 'name'"),
        (with_change("id", "Bad Id"), "is not a lowercase slug"),
        (with_change("countries", ["Kazakhstan"]), "ISO 3166-1 alpha-3"),
        (with_change("sources", None), "missing required property 'sources'"),
        (with_change("sources", [{"title": "x", "url": "ftp://x"}]), "http(s) URLs"),
        (with_change("length_km_stated", "long"), "positive number of kilometres"),
        (with_change("geometry_source", None), "missing required property 'geometry_source'"),
        (with_change("geometry_licence", ""), "'geometry_licence' must be a non-empty string"),
        (with_change("geometry_links_km", -1), "'geometry_links_km' must be a number"),
        (with_change("geometry.type", "Polygon"), "geometry type 'Polygon' is not allowed"),
        (with_change("geometry.coordinates", [[55.19, 45.32]]), "at least 2 positions"),
        (with_change("geometry.coordinates", [[55, "x"], [51, 43]]), "pair of finite numbers"),
        (with_change("geometry.coordinates", [[190, 45], [51, 43]]), "out of range"),
        (with_change("geometry.coordinates", [[43.8, 87.6], [44.2, 80.4]]), "looks like [lat, lon]"),
        ({"type": "Feature", "properties": None, "geometry": None}, "'properties' must be an object"),
        ({"type": "Point"}, "not a GeoJSON Feature"),
    ],
)
def test_each_bad_feature_is_named_with_its_problem(tmp_path: Path, feature: dict, expected: str):
    write_collection(tmp_path / "segments.geojson", [GOOD_SEGMENT, feature])
    write_collection(tmp_path / "nodes.geojson", [GOOD_NODE])
    network, problems = read_network(tmp_path)
    assert [s.id for s in network.segments] == ["kz-beineu-aktau"]  # the good one survives
    assert any(expected in str(p) and "segments.geojson: feature 1" in str(p) for p in problems), problems


def test_all_problems_are_reported_in_one_pass(tmp_path: Path) -> None:
    bad = with_change("mode", "truck")
    bad["properties"]["corridor"] = "Silk"
    write_collection(tmp_path / "segments.geojson", [bad, with_change("name", None)])
    write_collection(tmp_path / "nodes.geojson", [{**GOOD_NODE, "geometry": {"type": "Point"}}])
    with pytest.raises(DataError) as info:
        load_network(tmp_path)
    text = str(info.value)
    assert text.startswith("4 problems found")
    for expected in ("unknown mode", "unknown corridor", "'name'", "nodes.geojson: feature 0"):
        assert expected in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "segments.geojson: invalid JSON"),
        ('{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": 3}', "'features' must be a list"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_unreadable_file_is_named(geodata: Path, content: str | bytes, expected: str) -> None:
    target = geodata / "segments.geojson"
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    network, problems = read_network(geodata)
    assert network.segments == ()
    assert len(network.nodes) == 1  # the other file still loads
    assert any(expected in str(p) for p in problems)


def test_missing_file_is_named(tmp_path: Path) -> None:
    write_collection(tmp_path / "segments.geojson", [GOOD_SEGMENT])
    _, problems = read_network(tmp_path)
    assert [str(p) for p in problems] == ["nodes.geojson: file not found"]


def test_duplicate_ids_across_files_are_refused(geodata: Path) -> None:
    node = copy.deepcopy(GOOD_NODE)
    node["properties"]["id"] = "kz-beineu-aktau"
    write_collection(geodata / "nodes.geojson", [node])
    _, problems = read_network(geodata)
    assert any("duplicate id" in str(p) and "kz-beineu-aktau" in str(p) for p in problems)


# Any JSON a hand edit can produce: the loader reports problems, it never crashes.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
features = st.fixed_dictionaries(
    {"type": st.sampled_from(["Feature", "feature", 3])},
    optional={
        "properties": st.one_of(
            json_values,
            st.fixed_dictionaries(
                {k: st.one_of(st.just(v), json_values) for k, v in GOOD_SEGMENT["properties"].items()}
            ),
        ),
        "geometry": st.one_of(
            json_values,
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["LineString", "MultiLineString", "Point", "Polygon"]),
                    "coordinates": json_values,
                }
            ),
        ),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(features, json_values), max_size=5))
def test_loader_never_raises_anything_but_its_own_error(tmp_path: Path, batch: list) -> None:
    write_collection(tmp_path / "segments.geojson", batch)
    write_collection(tmp_path / "nodes.geojson", batch)
    try:
        load_network(tmp_path)
    except DataError as exc:
        assert all(p.source in {"segments.geojson", "nodes.geojson"} for p in exc.problems)


def test_network_as_geodataframe_for_analysts() -> None:
    from routes.geodata import to_geodataframe

    network = load_network(Path(__file__).resolve().parent.parent / "geodata")
    frame = to_geodataframe(network)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["id"]) == [s.id for s in network.segments]
    btc = frame[frame["corridor"] == "BTC"]
    # GEM's mapped route measures 1,654 km from Sangachal to Ceyhan (plus a 2 km link at Sangachal)
    assert btc["length_km"].sum() == pytest.approx(1656, rel=0.01)
    assert set(btc["geometry_source"]) == {"gem:P0644"}
    # the geometry round-trips in [lon, lat]: Ceyhan lies west of Baku
    assert btc.total_bounds[0] < 36.0 < 49.0 < btc.total_bounds[2]
