"""Context routes for corridor trips: the committed file, what it says, and how it is built.

The build needs the large `build` extra (scgraph-data is ~300 MB); these tests do not. They check
the committed geodata/alternatives.geojson, that it is current (a digest of its inputs, recomputed
here from the committed files), and the build's refusals with stand-in routers. The one test that
rebuilds for real runs only where the extra is installed at its pinned versions.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from shapely.geometry import LineString, MultiLineString, Point, box
from shapely.ops import substring

from routes.alternatives import ALTERNATIVES_FILE, Alternative, load_alternatives
from routes.alternatives_build import (
    INPUTS_FILE,
    PINS,
    RECIPE_FILE,
    SEA_NEAR_KM,
    build_alternatives,
    inputs_digest,
    installed_versions,
)
from routes.basemap import load_basemap
from routes.checks import country_lengths, length_within_km
from routes.cli import main
from routes.errors import DataError
from routes.geodata import geodesic_length_km
from routes.model import Segment
from routes.near import NEAR_KM, distance_km

PROJECT = Path(__file__).resolve().parent.parent
GEODATA = PROJECT / "geodata"
RECIPE = json.loads((GEODATA / "sources" / RECIPE_FILE).read_text(encoding="utf-8"))
NODES = {
    f["properties"]["id"]: Point(f["geometry"]["coordinates"])
    for f in json.loads((GEODATA / "nodes.geojson").read_text(encoding="utf-8"))["features"]
}
PLACES = {**NODES, **{k: Point(v["coordinates"]) for k, v in RECIPE["places"].items()}}
NM = 1.852  # km in a nautical mile
ROUTES = load_alternatives(GEODATA)
EXPECTED = [(p["from"], p["to"], key) for p in RECIPE["pairs"] for key in p["alternatives"]]


def route(from_id: str, to_id: str, key: str) -> Alternative:
    [found] = [a for a in ROUTES.between(from_id, to_id) if a.key == key]
    return found


def one_line(alt: Alternative) -> LineString:
    """The route's legs end to end (they are stored in travel order)."""
    return LineString([c for part in alt.geometry.geoms for c in part.coords])


def stretch_km(alt: Alternative, a: Point, b: Point) -> float:
    """Kilometres along the route between the points nearest a and b."""
    line = one_line(alt)
    lo, hi = sorted((line.project(a), line.project(b)))
    return geodesic_length_km(substring(line, lo, hi))


# --- the loader ----------------------------------------------------------------------------------


def test_the_planner_finds_every_precomputed_trip_by_its_ends() -> None:
    assert [(a.from_id, a.to_id, a.key) for a in ROUTES] == EXPECTED
    for from_id, to_id in ROUTES.pairs():
        assert from_id in NODES and to_id in NODES


@pytest.mark.parametrize(
    ("from_id", "to_id", "names"),
    [
        (
            "xian",
            "istanbul-marmaray",
            ["Northern route (rail via Russia)", "Sea via Suez", "Sea round the Cape"],
        ),
        (
            "xian",
            "mostyska-border",
            ["Northern route (rail via Russia)", "Sea via Suez", "Sea round the Cape"],
        ),
        (
            "lianyungang",
            "constanta-port",
            ["Northern route (rail via Russia)", "Sea via Suez", "Sea round the Cape"],
        ),
        ("khorgos-altynkol", "poti-port", ["Sea via Suez", "Sea round the Cape"]),
        ("istanbul-marmaray", "xian", []),  # not precomputed: nothing, and no error
    ],
)
def test_alternatives_between_two_nodes(from_id: str, to_id: str, names: list[str]) -> None:
    assert [a.name for a in ROUTES.between(from_id, to_id)] == names


@pytest.mark.parametrize("alt", list(ROUTES), ids=lambda a: f"{a.from_id}-{a.to_id}-{a.key}")
def test_each_route_adds_up_and_says_where_it_comes_from(alt: Alternative) -> None:
    assert isinstance(alt.geometry, MultiLineString)
    assert len(alt.geometry.geoms) == len(alt.legs)  # one line per leg, in travel order
    assert alt.km == pytest.approx(sum(alt.km_by_mode.values()), abs=2)
    assert alt.km == pytest.approx(sum(leg.km for leg in alt.legs), abs=2)
    assert alt.km == pytest.approx(geodesic_length_km(alt.geometry), rel=0.03)  # simplified for display
    assert alt.legs[0].start == alt.from_id
    for before, after in zip(alt.legs, alt.legs[1:], strict=False):
        assert before.end == after.start
    if alt.key == "northern":
        assert alt.km_by_mode.keys() == {"rail"} and alt.ends_at and "Brest" in alt.ends_at
    else:
        assert alt.legs[-1].end == alt.to_id and alt.ends_at is None
        assert alt.km_by_mode["sea"] > 10_000
    credits = {"rail": "OpenStreetMap", "sea": "MARNET"}
    for leg in alt.legs:
        if leg.mode in credits:
            assert credits[leg.mode] in alt.geometry_licence


def test_the_file_stays_small() -> None:
    assert (GEODATA / ALTERNATIVES_FILE).stat().st_size < 100_000


# --- published figures -----------------------------------------------------------------------------
# RailTurkey, "China–Europe railway routes" (2014),
#   https://railturkey.org/2014/10/09/china-europe-railway-routes/ :
#   "The distance to Brest is 5750 km from Urumqi" on the southern route via Dostyk, Kazakhstan and Russia.
# Port Economics, Management and Policy, "Routing options between Shanghai, Rotterdam and New York",
#   https://porteconomicsmanagement.org/pemp/contents/part1/interoceanic-passages/
#   routing-options-shanghai-rotterdam :
#   Shanghai–Rotterdam about 10,600 nm via Suez and 13,800 nm round the Cape of Good Hope.
# Splash247, "Constanta transforms in the wake of war",
#   https://splash247.com/constanta-transforms-in-the-wake-of-war/ :
#   the port of Constanța lies 179 nautical miles from the Bosphorus.
# Suez Canal Authority figures quoted by seapace.com, http://seapace.com/scinfo/scinfo_r2.htm :
#   Jeddah–Constanța 11,771 nm via the Cape against 1,698 nm via Suez: the most the Cape can add to a
#   Black Sea voyage from east of Suez.


@pytest.mark.parametrize(
    ("from_id", "to_id"),
    [("xian", "istanbul-marmaray"), ("xian", "mostyska-border"), ("lianyungang", "constanta-port")],
)
def test_northern_route_urumqi_to_brest_is_about_the_published_5750_km(from_id: str, to_id: str) -> None:
    # scgraph-data's lines are simplified and run up to ~10-20 % short in mountains (shared/railgeo notes).
    km = stretch_km(route(from_id, to_id, "northern"), NODES["urumqi"], PLACES["brest"])
    assert 5750 * 0.9 <= km <= 5750 * 1.05


@pytest.mark.parametrize(("key", "low_nm", "high_nm"), [("suez", 10_600, 12_000), ("cape", 13_800, 15_300)])
def test_sea_to_gdansk_is_a_little_over_shanghai_rotterdam(key: str, low_nm: int, high_nm: int) -> None:
    # Lianyungang lies ~300 nm north of Shanghai and Gdańsk ~750 nm beyond Rotterdam.
    sea_km = route("xian", "mostyska-border", key).km_by_mode["sea"]
    assert low_nm * NM <= sea_km <= high_nm * NM


def test_constanta_is_179_nm_from_the_bosporus_on_the_suez_route() -> None:
    bosporus_north = Point(29.12, 41.22)
    km = stretch_km(route("lianyungang", "constanta-port", "suez"), bosporus_north, NODES["constanta-port"])
    assert km == pytest.approx(179 * NM, rel=0.15)


@pytest.mark.parametrize(("from_id", "to_id"), [(p["from"], p["to"]) for p in RECIPE["pairs"]])
def test_the_cape_adds_what_the_published_figures_allow(from_id: str, to_id: str) -> None:
    extra = route(from_id, to_id, "cape").km_by_mode["sea"] - route(from_id, to_id, "suez").km_by_mode["sea"]
    assert (13_800 - 10_600) * NM * 0.9 <= extra <= (11_771 - 1_698) * NM


@pytest.mark.parametrize(
    ("key", "min_days", "max_days"),
    [("northern", 12, 18), ("suez", 30, 40), ("cape", 40, 50)],
)
def test_stated_transit_times_come_with_their_sources(key: str, min_days: int, max_days: int) -> None:
    for alt in ROUTES:
        if alt.key != key:
            continue
        days = alt.days_stated
        assert days is not None and (days.min_days, days.max_days) == (min_days, max_days)
        assert days.sources and all(s.url.startswith(("https://", "http://")) for s in days.sources)
        if min_days != max_days:
            assert len(days.sources) >= 2  # a range: the sources disagree, both are cited


# --- where the lines run -----------------------------------------------------------------------------

# Where a sea lane may cross the base map's land: the Suez Canal is not drawn in Natural Earth's
# ocean, and MARNET's straight lane cuts the bends of the Dardanelles (1.2–6 km wide).
NARROWS = {
    "Suez Canal": (box(32.2, 29.9, 32.65, 31.35), 160.0),
    "Dardanelles": (box(26.1, 40.0, 26.7, 40.45), 25.0),
}
WRONG_SURFACE_KM = 3.0  # as routes/checks.py: a port approach may cross this much of a generalised coast


def legs(mode: str) -> list[tuple[str, LineString]]:
    return [
        (f"{a.from_id}-{a.to_id}-{a.key}-{leg.start}-{leg.end}", part)
        for a in ROUTES
        for leg, part in zip(a.legs, a.geometry.geoms, strict=True)
        if leg.mode == mode
    ]


@pytest.mark.parametrize(("name", "line"), legs("sea"), ids=[n for n, _ in legs("sea")])
def test_sea_legs_stay_on_water(name: str, line: LineString) -> None:
    land = load_basemap(GEODATA).land  # the extract covers lon 5..125, lat 25..60: Europe to China
    outside = line
    for area, most_km in NARROWS.values():
        assert length_within_km(line, area.intersection(land)) <= most_km
        outside = outside.difference(area)
    assert length_within_km(outside, land) <= WRONG_SURFACE_KM


def test_no_sea_route_sails_through_the_corinth_canal() -> None:
    corinth = box(*RECIPE["closed_canals"][0]["box"])
    assert not [n for n, line in legs("sea") if line.intersects(corinth)]


@pytest.mark.parametrize(("name", "line"), legs("rail"), ids=[n for n, _ in legs("rail")])
def test_rail_legs_stay_on_land(name: str, line: LineString) -> None:
    assert length_within_km(line, load_basemap(GEODATA).water) <= 10.0  # lake shores at 1:10m


@pytest.mark.parametrize("alt", [a for a in ROUTES if a.key == "northern"], ids=lambda a: a.from_id)
def test_northern_route_runs_through_kazakhstan_russia_and_belarus(alt: Alternative) -> None:
    stand_in = Segment("x", "x", "TITR", "rail", (), (), one_line(alt), "x")
    countries = {c for c, km in country_lengths(stand_in, load_basemap(GEODATA)).items() if km > 50}
    assert countries == {"CHN", "KAZ", "RUS", "BLR"}
    for place in ("alashankou-dostyk", "moscow", "brest"):
        assert distance_km(PLACES[place], alt.geometry) <= NEAR_KM + 2  # +2: simplified for display


@pytest.mark.parametrize(
    "alt", [a for a in ROUTES if a.key != "northern"], ids=lambda a: f"{a.from_id}-{a.key}"
)
def test_sea_routes_use_the_ports_nearest_the_ends(alt: Alternative) -> None:
    [sea] = [leg for leg in alt.legs if leg.mode == "sea"]
    assert sea.start == min(
        RECIPE["loading_ports"], key=lambda p: distance_km(PLACES[p], PLACES[alt.from_id])
    )
    assert sea.end == min(RECIPE["discharge_ports"], key=lambda p: distance_km(PLACES[p], PLACES[alt.to_id]))


# --- the file is current ---------------------------------------------------------------------------


def test_the_committed_routes_match_the_digest_of_their_inputs() -> None:
    committed = json.loads((GEODATA / INPUTS_FILE).read_text(encoding="utf-8"))
    current = inputs_digest(GEODATA, (GEODATA / ALTERNATIVES_FILE).read_text(encoding="utf-8"))
    stale = "alternatives.geojson is stale: run make alternatives (installs the build extra)"
    assert current["inputs"] == committed["inputs"], stale
    assert current["packages"] == committed["packages"], stale
    assert current["output"] == committed["output"], "alternatives.geojson was edited by hand: rebuild it"


def test_the_build_extra_is_pinned_in_pyproject_and_the_lock() -> None:
    lock = dict(
        line.split("==") for line in (PROJECT / "requirements.lock").read_text().splitlines() if "==" in line
    )
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    for name, version in PINS.items():
        assert lock[name] == version
        assert f'"{name}=={version}"' in pyproject


@pytest.mark.skipif(installed_versions() != PINS, reason="the build extra is not installed at its pins")
def test_the_build_reproduces_the_committed_files(tmp_path: Path) -> None:
    assert main(["build-alternatives", "--out", str(tmp_path)]) == 0
    for name in (ALTERNATIVES_FILE, INPUTS_FILE):
        assert (tmp_path / name).read_bytes() == (GEODATA / name).read_bytes(), f"{name} is stale"


# --- the build's refusals (stand-in routers: no large packages needed) --------------------------------


def straight_rail(a: Point, b: Point) -> LineString:
    return LineString([a, b])


def detour_rail(a: Point, b: Point) -> LineString:
    return LineString([a, (a.x, a.y + 20), (b.x, b.y + 20), b])


def sea_with(passages: list[str]) -> object:
    def sea(a: Point, b: Point, restrictions: list[str]) -> tuple[LineString, list[str]]:
        return LineString([a, (60.0, 10.0), b]), passages

    return sea


@pytest.mark.parametrize(
    ("rail", "passages", "message"),
    [
        (detour_rail, ["suez", "babalmandab"], r"is a detour \(\d+\.\d× the distance between its ends\)"),
        (straight_rail, ["suez", "babalmandab"], r"the northern route misses karaganda by \d+\.\d km"),
        (straight_rail, ["south_africa", "suez"], r"cape: sea route .* should avoid \['suez'\]"),
        (straight_rail, ["south_africa"], r"suez: sea route .* should pass \['babalmandab', 'suez'\]"),
    ],
)
def test_the_build_refuses_detours_and_wrong_passages(rail, passages: list[str], message: str) -> None:
    with pytest.raises(DataError) as caught:
        build_alternatives(GEODATA, [("xian", "constanta-port")], rail=rail, sea=sea_with(passages))
    assert any(re.search(message, str(p)) for p in caught.value.problems), caught.value


def test_the_sea_leg_may_end_in_the_roadstead_not_further() -> None:
    assert SEA_NEAR_KM <= 35.0


# --- the command line --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pair", "unknown"),
    [
        (["xian", "atlantis"], "atlantis"),
        (["nowhere", "poti-port"], "nowhere"),
        (["Xian", "poti"], "Xian, poti"),
    ],
)
def test_an_unknown_node_id_is_one_line_and_exit_2(
    tmp_path: Path, capsys, pair: list[str], unknown: str
) -> None:
    code = main(["build-alternatives", "--out", str(tmp_path), "--pair", *pair])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith(f"python -m routes build-alternatives: error: unknown node id(s) {unknown};")
    assert list(tmp_path.iterdir()) == []


def test_without_the_build_extra_the_command_says_how_to_install_it(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("routes.alternatives_build.installed_versions", lambda: dict.fromkeys(PINS))
    assert main(["build-alternatives", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: build-alternatives needs the build extra")
    assert "pip install -c requirements.lock -e '.[build]'" in err[0]
    assert list(tmp_path.iterdir()) == []


# --- the loader's errors -----------------------------------------------------------------------------


def _copy_with(tmp_path: Path, edit) -> Path:
    doc = json.loads((GEODATA / ALTERNATIVES_FILE).read_text(encoding="utf-8"))
    edit(doc["features"])
    (tmp_path / ALTERNATIVES_FILE).write_text(json.dumps(doc), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("edit", "messages"),
    [
        (lambda fs: fs[0]["properties"].pop("from"), ["feature 0: missing or empty 'from'"]),
        (lambda fs: fs[1]["properties"].update(key="air"), ["feature 1: 'key' must be one of"]),
        (lambda fs: fs[2]["properties"].update(km=-1), ["feature 2: 'km' must be a positive number"]),
        (
            lambda fs: fs[0].update(geometry={"type": "Point", "coordinates": [1, 2]}),
            ["feature 0: geometry must"],
        ),
        (
            lambda fs: fs[3]["properties"]["days_stated"].update(sources=[]),
            ["feature 3: 'days_stated' needs"],
        ),
        (lambda fs: fs.append(fs[0]), ["xian→istanbul-marmaray northern: appears twice"]),
        (
            lambda fs: (fs[0]["properties"].pop("name"), fs[4]["properties"].update(km_by_mode={"air": 5})),
            ["feature 0: missing or empty 'name'", "feature 4: 'km_by_mode' must map"],
        ),
    ],
)
def test_a_broken_file_is_refused_with_every_problem(tmp_path: Path, edit, messages: list[str]) -> None:
    with pytest.raises(DataError) as caught:
        load_alternatives(_copy_with(tmp_path, edit))
    found = [str(p) for p in caught.value.problems]
    assert len(found) == len(messages)
    for message, problem in zip(messages, found, strict=True):
        assert message in problem


def test_a_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"alternatives\.geojson: file not found"):
        load_alternatives(tmp_path)


def test_the_loader_needs_nothing_from_the_build(tmp_path: Path) -> None:
    shutil.copyfile(GEODATA / ALTERNATIVES_FILE, tmp_path / ALTERNATIVES_FILE)
    assert load_alternatives(tmp_path).between("xian", "mostyska-border")
