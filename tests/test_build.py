"""The geometry build: reproducible, faithful to its sources, credited, and strict about bad pieces."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import LineString, MultiLineString, shape
from shapely.ops import unary_union

from routes.build import RECIPE_FILE, SIMPLIFY_DEG, build_geodata, write_geodata
from routes.cli import main
from routes.errors import DataError
from routes.geodata import load_network
from routes.model import Network
from routes.near import deviation, distance_km

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
SOURCES = GEODATA / "sources"
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
GEM_CREDIT = "Global Energy Monitor (CC BY 4.0)"
SEGMENT_IDS = [r["id"] for r in json.loads((SOURCES / RECIPE_FILE).read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


@pytest.fixture(scope="module")
def built() -> dict[str, dict]:
    segments, _nodes = build_geodata(GEODATA)
    return {f["properties"]["id"]: f for f in segments["features"]}


def source_lines(file: str, *keys: str) -> dict[str, LineString]:
    doc = json.loads((SOURCES / file).read_text(encoding="utf-8"))
    return {
        "–".join(str(f["properties"][k]) for k in keys): LineString(f["geometry"]["coordinates"])
        for f in doc["features"]
    }


def test_the_build_reproduces_the_committed_files(tmp_path: Path) -> None:
    assert main(["build-geodata", "--out", str(tmp_path)]) == 0
    for name in ("segments.geojson", "nodes.geojson", "PROVENANCE.md"):
        stale = f"{name} is stale: run make geodata"
        assert (tmp_path / name).read_bytes() == (GEODATA / name).read_bytes(), stale


def test_btc_follows_the_gem_route(network: Network) -> None:
    [gem] = source_lines("btc-gem.geojson", "ProjectID").values()
    btc = MultiLineString([s.geometry for s in network.segments if s.corridor == "BTC"])
    found = deviation(btc, gem)
    assert found.median_km <= 3.0
    assert found.max_km <= 15.0


NOT_ON_THE_CORRIDOR = {"Tbilisi–Borjomi"}  # the BTK leaves this line at Marabda; kept as a source only
OSM_LINES = [
    (file, key)
    for file in ("georgia-osm.geojson", "xinjiang-shaanxi-osm.geojson")
    for key in source_lines(file, "from", "to")
    if key not in NOT_ON_THE_CORRIDOR
]


@pytest.mark.parametrize(("file", "key"), OSM_LINES)
def test_ninety_percent_of_every_osm_track_lies_within_2_km_of_the_map(network: Network, file: str, key: str):
    track = source_lines(file, "from", "to")[key]
    drawn = unary_union([s.geometry for s in network.segments if s.mode == "rail"])
    assert deviation(track, drawn).p90_km <= 2.0


def _pieces_reference(feature: dict) -> LineString | MultiLineString:
    """The raw source lines a segment says it is made of (unclipped), from the files themselves."""
    catalog = json.loads((SOURCES / "sources.json").read_text(encoding="utf-8"))
    lines = []
    for part in feature["properties"]["geometry_parts"]:
        if part["source"] == "link":
            continue
        entry = catalog[part["source"]]
        lines.append(source_lines(entry["file"], *entry["key"])[part["line"]])
    return unary_union(lines)


@pytest.mark.parametrize("segment_id", SEGMENT_IDS)
def test_each_segment_stays_on_its_sources(built: dict[str, dict], network: Network, segment_id: str) -> None:
    feature = built[segment_id]
    found = deviation(network.segment(segment_id).geometry, _pieces_reference(feature))
    links = [p["km"] for p in feature["properties"]["geometry_parts"] if p["source"] == "link"]
    assert found.median_km <= 0.1  # simplified for display within ~100 m
    # Off the source only along a straight link (to an end station, or where two sources do not
    # meet), never further than that link is long; elsewhere only by the display simplification.
    assert found.max_km <= max([0.0, *links]) + 0.15


def test_display_simplification_keeps_within_100_m() -> None:
    assert SIMPLIFY_DEG * 110.57 <= 0.1


@pytest.mark.parametrize("segment_id", SEGMENT_IDS)
def test_every_segment_says_where_its_line_comes_from(network: Network, segment_id: str) -> None:
    seg = network.segment(segment_id)
    assert seg.geometry_source and seg.geometry_licence
    if "osm" in seg.geometry_source.lower():
        assert OSM_CREDIT in seg.geometry_licence
    if seg.geometry_source.startswith("gem:"):
        assert seg.geometry_licence == GEM_CREDIT


def test_both_open_sources_are_credited(network: Network) -> None:
    assert {OSM_CREDIT, GEM_CREDIT} <= set(network.credits())


@pytest.mark.parametrize(
    ("station", "expected"),
    [
        ("xian", {"cn-lianyungang-urumqi"}),
        ("jinghe", {"cn-urumqi-alashankou", "cn-jinghe-khorgos"}),
        ("tbilisi", {"ge-gardabani-tbilisi", "ge-tbilisi-poti", "btk-tbilisi-akhalkalaki"}),
        ("kars", {"btk-akhalkalaki-kars", "tr-kars-ankara"}),
        ("sivas", {"tr-kars-ankara"}),
        ("shymkent", {"kz-altynkol-saksaulskaya"}),
        ("alat-port", {"caspian-aktau-alat", "caspian-kuryk-alat", "caspian-turkmenbashi-alat",
                       "az-alat-baku", "az-alat-boyukkasik"}),
    ],
)  # fmt: skip
def test_stations_are_nodes_on_their_lines(station: str, expected: set[str]) -> None:
    nodes = json.loads((GEODATA / "nodes.geojson").read_text(encoding="utf-8"))["features"]
    [node] = [n for n in nodes if n["properties"]["id"] == station]
    assert expected <= set(node["properties"]["segments"])
    assert node["properties"]["aliases"]


def test_every_named_station_is_a_node(network: Network) -> None:
    names = {n.name for n in network.nodes}
    for name in ("Xi'an", "Lanzhou", "Ürümqi", "Almaty", "Shymkent", "Ganja", "Tbilisi", "Kars", "Erzurum",
                 "Sivas", "Ankara"):  # fmt: skip
        assert name in names
    assert any(n.name.startswith("Istanbul") for n in network.nodes)


def _edited_copy(tmp_path: Path, segment_id: str, pieces: list[dict]) -> Path:
    """A copy of the bundled geodata with one segment's recipe replaced."""
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder, ignore=shutil.ignore_patterns("articles"))
    path = folder / "sources" / RECIPE_FILE
    recipes = json.loads(path.read_text(encoding="utf-8"))
    for recipe in recipes:
        if recipe["id"] == segment_id:
            recipe["pieces"] = pieces
    path.write_text(json.dumps(recipes, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("segment_id", "pieces", "expected"),
    [
        ("kz-altynkol-saksaulskaya", [{"source": "scgraph", "line": "Shymkent–Kyzylorda"}],
         "'Shymkent–Kyzylorda' is a detour (7.8×"),
        ("btk-akhalkalaki-kars",
         [{"source": "scgraph", "line": "Akhalkalaki–Kars", "passes": ["kartsakhi-border"]}],
         "'Akhalkalaki–Kars' misses kartsakhi-border by 16.7 km"),
        ("tr-marmaray", [{"source": "scgraph", "line": "Gebze–Halkali"}], "no source line 'Gebze–Halkali'"),
        ("tr-marmaray", [{"source": "handdrawn", "line": "tr-marmaray", "end": "atlantis"}],
         "unknown station 'atlantis'"),
        ("btc-georgia", [{"source": "gem", "line": "P0644", "country": "ARM"}], "never enters ARM"),
    ],
)  # fmt: skip
def test_a_bad_piece_is_refused_by_name(tmp_path: Path, segment_id: str, pieces: list[dict], expected: str):
    folder = _edited_copy(tmp_path, segment_id, pieces)
    with pytest.raises(DataError) as info:
        write_geodata(folder, tmp_path / "out")
    messages = [str(p) for p in info.value.problems]
    assert any(expected in m and f"id={segment_id}" in m for m in messages), messages
    assert not (tmp_path / "out").exists()  # nothing half-built is written


def test_a_bad_recipe_is_one_line_per_problem_on_the_command_line(tmp_path: Path, capsys) -> None:
    folder = _edited_copy(tmp_path, "tr-marmaray", [{"source": "scgraph", "line": "Gebze–Halkali"}])
    assert main(["build-geodata", "--geodata", str(folder), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: segments.recipe.json: id=tr-marmaray: no source line 'Gebze–Halkali' in source 'scgraph'"
    ]


def test_sea_legs_and_ports_meet_exactly(network: Network) -> None:
    alat = network.segment("az-alat-baku").geometry.coords[0]
    for ferry in ("caspian-aktau-alat", "caspian-kuryk-alat", "caspian-turkmenbashi-alat"):
        assert network.segment(ferry).geometry.coords[-1] == alat


def test_a_link_is_recorded_with_its_length(built: dict[str, dict]) -> None:
    # Neither source has track between the Jinghe–Yining branch and the main line: a 10.6 km link,
    # from a point on the main line (where the Jinghe station node is placed).
    parts = built["cn-jinghe-khorgos"]["properties"]["geometry_parts"]
    assert parts[0] == {"source": "link", "km": 10.6}
    start = shape({"type": "Point", "coordinates": built["cn-jinghe-khorgos"]["geometry"]["coordinates"][0]})
    assert distance_km(start, shape(built["cn-urumqi-alashankou"]["geometry"])) < 0.2


@pytest.mark.parametrize("segment_id", ["blacksea-poti-chornomorsk", "blacksea-poti-constanta"])
def test_black_sea_legs_keep_well_off_crimea(network: Network, segment_id: str) -> None:
    # Cape Sarych (Crimea's southern tip) and Cape Tarkhankut (its western tip).
    line = network.segment(segment_id).geometry
    for lon, lat in ((33.77, 44.39), (32.49, 45.37)):
        assert distance_km(shape({"type": "Point", "coordinates": [lon, lat]}), line) > 100


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--out", "{file}"], "is not a folder"),
        (["--out", "{tmp}/out", "--geodata", "{tmp}/missing"], "geodata folder not found"),
    ],
)
def test_build_path_errors_are_one_line(tmp_path: Path, capsys, args: list[str], expected: str) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    argv = [a.format(file=tmp_path / "a-file", tmp=tmp_path) for a in args]
    assert main(["build-geodata", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
