"""The corridor over time: what stood open in a given year, planned projects, volumes, and the checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import GEODATA

from routes.cli import main
from routes.errors import DataError
from routes.timeline import (
    PLANNED_FILE,
    STATUSES,
    TIMELINE_FILE,
    UNITS,
    VOLUMES_FILE,
    PartialDate,
    Timeline,
    disruptions_in,
    earliest_opening,
    load_planned,
    load_timeline,
    load_volumes,
    network_as_of,
    opening_years,
    projects_as_of,
    read_planned,
    read_timeline,
    read_volumes,
    status_as_of,
    volumes_table,
)

BTC = ("btc-azerbaijan", "btc-georgia", "btc-turkey")


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return load_timeline(GEODATA)


def _ids(name: str) -> set[str]:
    return {f["properties"]["id"] for f in json.loads((GEODATA / name).read_text("utf-8"))["features"]}


SEGMENT_IDS, NODE_IDS = _ids("segments.geojson"), _ids("nodes.geojson")


# --- what stood in a given year (rule: the status at the end of 31 December) ------------------------


@pytest.mark.parametrize(
    ("year", "item", "status"),
    [
        (2005, "btc-turkey", "under construction"),  # no BTC oil yet
        (2006, "btc-turkey", "open"),  # first oil at Ceyhan, May 2006
        (2008, "btc-turkey", "open"),  # shut 5–25 August, open again by 31 December
        (2008, "ge-tbilisi-poti", "open"),  # Kaspi bridge blown up 16 August, bypass from the 24th
        (2013, "kz-zhezkazgan-beineu", "under construction"),
        (2014, "kz-zhezkazgan-beineu", "open"),
        (2016, "btk-akhalkalaki-kars", "under construction"),
        (2017, "btk-akhalkalaki-kars", "open"),
        (2016, "btk-tbilisi-akhalkalaki", "under construction"),
        (2017, "btk-tbilisi-akhalkalaki", "open"),
        (2013, "tr-marmaray", "open"),
        (2013, "alat-port", "under construction"),
        (2015, "alat-port", "open"),  # every ferry sails from Alat from 6 Oct 2014
        (2000, "caspian-aktau-alat", None),
        (2001, "caspian-aktau-alat", "open"),  # Aktau – Baku ferries inaugurated 6 Sep 2001
        (1995, "blacksea-poti-chornomorsk", None),
        (1996, "blacksea-poti-chornomorsk", "open"),  # a ten-year-old link in March 2006
        (2018, "alat-port", "open"),
        (2016, "caspian-kuryk-alat", None),
        (2017, "caspian-kuryk-alat", "open"),
        (2021, "blacksea-poti-chornomorsk", "open"),
        (2022, "blacksea-poti-chornomorsk", "disrupted"),
        (2025, "blacksea-poti-chornomorsk", "disrupted"),  # 2025 sailings go to Batumi, not Poti
        (2021, "chornomorsk-port", "open"),
        (2022, "chornomorsk-port", "disrupted"),
        (2022, "ua-chornomorsk-mostyska", "disrupted"),
        (2022, "blacksea-poti-constanta", "open"),  # Romania's port: not a war disruption
    ],
)
def test_status_at_the_end_of_a_year(timeline, year, item, status) -> None:
    assert status_as_of(timeline, item, year) == status


@pytest.mark.parametrize(
    ("year", "open_", "not_open"),
    [
        (2005, set(), set(BTC)),
        (2006, set(BTC), set()),
        (2012, {"cn-jinghe-khorgos", "ge-tbilisi-poti"}, {"tr-marmaray", "kz-zhezkazgan-beineu"}),
        (2016, {"kz-zhezkazgan-beineu", "tr-marmaray"}, {"btk-akhalkalaki-kars", "btk-tbilisi-akhalkalaki"}),
        (2017, {"btk-akhalkalaki-kars", "btk-tbilisi-akhalkalaki", "caspian-kuryk-alat"}, set()),
        (2021, {"blacksea-poti-chornomorsk", "ua-chornomorsk-mostyska"}, set()),
        (2022, set(), {"blacksea-poti-chornomorsk", "ua-chornomorsk-mostyska"}),
    ],
)
def test_network_as_of_a_year(timeline, year, open_, not_open) -> None:
    state = network_as_of(timeline, year)
    assert open_ <= state.open
    assert not (not_open & state.open)


def test_every_segment_falls_in_exactly_one_group(timeline) -> None:
    for year in (1990, 2008, 2017, 2022):
        state = network_as_of(timeline, year)
        groups = [state.ids(s) for s in STATUSES] + [state.not_yet_open, state.unknown]
        assert sum(len(g) for g in groups) == len(SEGMENT_IDS)
        assert set().union(*groups) == SEGMENT_IDS


def test_lines_not_built_yet_are_told_apart_from_lines_no_source_covers(timeline) -> None:
    state = network_as_of(timeline, 2010)
    assert {"tr-marmaray", "kz-zhezkazgan-beineu"} <= state.not_yet_open
    assert "kz-beineu-aktau" in state.unknown  # only known to run from 2013
    assert "caspian-aktau-alat" in state.open  # ferries since 2001
    assert "caspian-aktau-alat" in network_as_of(timeline, 2000).not_yet_open


def test_2008_btc_outage_shows_within_the_year_but_not_at_its_end(timeline) -> None:
    btc = timeline.segments["btc-turkey"]
    assert btc.status_on(date(2008, 8, 4)) == "open"
    assert btc.status_on(date(2008, 8, 10)) == "disrupted"
    assert btc.status_on(date(2008, 8, 25)) == "open"
    during = disruptions_in(timeline, 2008)
    assert set(BTC) | {"ge-tbilisi-poti"} <= set(during)
    assert during["btc-turkey"][0].end == PartialDate(2008, 8, 25)
    assert not set(BTC) & set(disruptions_in(timeline, 2009))
    assert disruptions_in(timeline, 2007) == {}


def test_black_sea_legs_disrupted_since_february_2022(timeline) -> None:
    assert timeline.segments["blacksea-poti-chornomorsk"].status_on(date(2022, 2, 23)) == "open"
    assert timeline.segments["blacksea-poti-chornomorsk"].status_on(date(2022, 2, 24)) == "disrupted"
    assert {"blacksea-poti-chornomorsk", "ua-chornomorsk-mostyska", "chornomorsk-port"} <= set(
        disruptions_in(timeline, 2024)
    )


@pytest.mark.parametrize(
    ("item", "year"),
    [
        ("btc-azerbaijan", 2006),
        ("tr-marmaray", 2013),
        ("kz-zhezkazgan-beineu", 2014),
        ("btk-akhalkalaki-kars", 2017),
        ("caspian-kuryk-alat", 2017),
        ("ge-tbilisi-poti", 1872),
    ],
)
def test_opening_years_the_issue_names(timeline, item, year) -> None:
    assert opening_years(timeline)[item] == year


def test_new_port_of_baku_at_alat_opened_2018(timeline) -> None:
    alat = timeline.nodes["alat-port"].opened
    assert (alat.year, str(alat.date)) == (2018, "2018-05-14")
    assert opening_years(timeline, kind="node")["turkmenbashi-port"] == 2018


def test_earliest_opening(timeline) -> None:
    assert earliest_opening(timeline) == (1872, ("ge-tbilisi-poti",))
    assert earliest_opening(timeline, BTC) == (2006, BTC)
    assert earliest_opening(timeline, ["kz-beineu-aktau"]) is None


def test_every_segment_has_an_entry_and_every_date_a_source(timeline) -> None:
    assert set(timeline.segments) == SEGMENT_IDS
    for dated in (*timeline.segments.values(), *timeline.nodes.values()):
        assert dated.opened.sources or dated.opened.year is None, dated.id
        if dated.opened.year is None:
            assert dated.opened.note, dated.id  # says why no date is given
        for span in dated.statuses:
            assert span.sources and span.why, dated.id
            assert all(s.url.startswith(("http://", "https://")) for s in span.sources)


def test_parts_of_different_ages_say_what_is_dated(timeline) -> None:
    note = timeline.segments["btk-tbilisi-akhalkalaki"].opened.note
    assert "1986" in note and "through route" in note
    assert "2019" in timeline.segments["tr-marmaray"].opened.note  # full Gebze–Halkalı line


# --- planned projects ---------------------------------------------------------------------------------


def test_planned_projects_by_year() -> None:
    projects = load_planned(GEODATA)
    by_id = {p.id: p for p in projects}
    assert {"kz-bakhty-ayagoz", "kz-darbaza-maktaaral", "kz-moiynty-kyzylzhar", "cku-railway"} <= set(by_id)
    assert projects_as_of(projects, 2024)["kz-dostyk-mointy-second-track"] == "under construction"
    assert projects_as_of(projects, 2025)["kz-dostyk-mointy-second-track"] == "open"
    assert projects_as_of(projects, 2022)["kz-bakhty-ayagoz"] is None
    assert projects_as_of(projects, 2024)["kz-bakhty-ayagoz"] == "under construction"
    assert projects_as_of(projects, 2021)["ge-anaklia-port"] == "planned"  # halted in 2020
    assert by_id["kz-moiynty-kyzylzhar"].stations == ("mointy",)
    assert len(by_id["kz-moiynty-kyzylzhar"].length_km) == 3  # sources disagree: all kept


# --- volumes ------------------------------------------------------------------------------------------


def test_volumes_show_titr_growth_and_keep_disagreeing_sources() -> None:
    rows = load_volumes(GEODATA)
    titr = {(r["year"], r["value"]) for r in volumes_table(rows, "titr_cargo")}
    assert (2021, 586000) in titr and (2024, 4484000) in titr
    assert {v for y, v in titr if y == 2022} == {1485000, 1700000}  # ministry vs president
    assert all(r.unit in UNITS and r.source.url.startswith("http") for r in rows)


@pytest.mark.parametrize(
    ("series", "unit", "year", "values"),
    [
        ("caspian_ferry_wagons_baku", "wagons", 2020, {37447}),
        ("caspian_ferry_wagons_baku", "wagons", 2024, {37515}),
        ("caspian_ferry_wagons_baku_kazakhstan", "wagons", 2023, {18700}),
        ("caspian_ferry_trucks_baku", "vehicles", 2025, {59900}),
        ("caspian_ferry_trucks_baku_kazakhstan", "vehicles", 2021, {15955}),
        ("baku_port_cargo", "t", 2023, {7300000, 7400000}),  # port vs Cabinet of Ministers: both kept
        ("baku_port_cargo", "t", 2020, {4800000, 5000000}),  # press release vs director general
        ("baku_port_containers", "TEU", 2024, {76775}),
    ],
)
def test_caspian_ferry_and_port_traffic_by_year(series, unit, year, values) -> None:
    rows = [r for r in load_volumes(GEODATA) if r.series == series and r.year == year]
    assert {r.value for r in rows} == values and {r.unit for r in rows} == {unit}
    assert all(r.definition and r.source.title and r.source.url.startswith("http") for r in rows)


# --- validation catches each kind of bad row -----------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    for name in (TIMELINE_FILE, PLANNED_FILE, VOLUMES_FILE, "segments.geojson", "nodes.geojson"):
        shutil.copy(GEODATA / name, tmp_path / name)
    return tmp_path


def edit_json(path: Path, change: Callable[[dict], None]) -> None:
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), "utf-8")


def _segment(doc: dict, sid: str) -> dict:
    return next(s for s in doc["segments"] if s["id"] == sid)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: _segment(d, "tr-marmaray").update(id="tr-nowhere"), "unknown segment id 'tr-nowhere'"),
        (lambda d: _segment(d, "tr-marmaray").update(id="tr-nowhere"), "no entry for segment 'tr-marmaray'"),
        (
            lambda d: _segment(d, "btc-turkey")["statuses"][1].update(status="closed"),
            "unknown status 'closed'",
        ),
        (lambda d: _segment(d, "btc-turkey")["statuses"][1].update(sources=[]), "statuses[1]: no source"),
        (lambda d: _segment(d, "btc-turkey")["opened"].update(sources=[]), "opened: no source"),
        (lambda d: _segment(d, "btc-turkey")["opened"].update(year="2006"), "'year' must be a whole year"),
        (lambda d: _segment(d, "btc-turkey")["opened"].update(year=206), "'year' 206 is outside"),
        (
            lambda d: _segment(d, "btc-turkey")["opened"].update(date="2007-05-28"),
            "'date' 2007-05-28 is not in",
        ),
        (lambda d: _segment(d, "btc-turkey")["statuses"][2].update(to="2008-08-01"), "is not after 'from'"),
        (lambda d: _segment(d, "btc-turkey")["statuses"][2].update({"from": "2008-13"}), "bad 'from'"),
        (lambda d: _segment(d, "btc-turkey")["statuses"].reverse(), "comes before the previous entry"),
        (lambda d: _segment(d, "kz-beineu-aktau")["opened"].pop("note"), "a 'note' must say why"),
        (lambda d: d["nodes"][0].update(id="atlantis"), "unknown node id 'atlantis'"),
        (lambda d: d["segments"].append(d["segments"][0]), "duplicate entry"),
    ],
)
def test_timeline_check_catches(data_copy, change, expected) -> None:
    edit_json(data_copy / TIMELINE_FILE, change)
    problems = read_timeline(data_copy / TIMELINE_FILE, SEGMENT_IDS, NODE_IDS)[1]
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]


def _project(doc: dict, pid: str) -> dict:
    return next(p for p in doc["projects"] if p["id"] == pid)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: _project(d, "kz-moiynty-kyzylzhar")["connects"].append({"station": "atlantis"}),
            "unknown station id",
        ),
        (
            lambda d: _project(d, "kz-moiynty-kyzylzhar")["segments"].append("kz-nowhere"),
            "unknown segment id",
        ),
        (
            lambda d: _project(d, "kz-bakhty-ayagoz")["statuses"][0].update(status="rumoured"),
            "unknown status",
        ),
        (lambda d: _project(d, "kz-bakhty-ayagoz")["length_km"][0].update(sources=[]), "no source"),
        (lambda d: _project(d, "kz-bakhty-ayagoz")["expected"][0].update(year=27), "'year' 27 is outside"),
    ],
)
def test_planned_check_catches(data_copy, change, expected) -> None:
    edit_json(data_copy / PLANNED_FILE, change)
    problems = read_planned(data_copy / PLANNED_FILE, SEGMENT_IDS, NODE_IDS)[1]
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]


HEADER = "year,series,value,unit,definition,source_title,source_url,note\n"
GOOD = "2024,titr_cargo,4484000,t,Cargo on the TITR,Report,https://example.org/r,\n"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2024,titr_cargo,4484000,kg,Cargo,Report,https://example.org/r,\n", "unknown unit 'kg'"),
        ("2024,titr_cargo,4484000,t,Cargo,,,\n", "no source"),
        ("2024,titr_cargo,4484000,t,Cargo,Report,example.org,\n", "is not an http(s) URL"),
        (
            "20x4,titr_cargo,4484000,t,Cargo,Report,https://example.org/r,\n",
            "'20x4' is not a four-digit year",
        ),
        ("1700,titr_cargo,4484000,t,Cargo,Report,https://example.org/r,\n", "year 1700 is outside"),
        ("2999,titr_cargo,4484000,t,Cargo,Report,https://example.org/r,\n", "no forecasts"),
        ("2024,titr_cargo,-5,t,Cargo,Report,https://example.org/r,\n", "not a non-negative number"),
        ("2024,titr_cargo,4.5 million,t,Cargo,Report,https://example.org/r,\n", "not a non-negative number"),
        ("2024,TITR cargo,4484000,t,Cargo,Report,https://example.org/r,\n", "is not a name like"),
        ("2024,titr_cargo,4484000,t,,Report,https://example.org/r,\n", "no definition"),
        (GOOD, "duplicate row"),
        ("2024,titr_cargo,4484000,t,Cargo,Report,https://example.org/r,x,y\n", "more fields than columns"),
    ],
)
def test_volumes_check_catches(tmp_path, row, expected) -> None:
    path = tmp_path / VOLUMES_FILE
    path.write_text(HEADER + GOOD + row, "utf-8")
    rows, problems = read_volumes(path, this_year=2026)
    assert any(expected in str(p) and "line 3" in str(p) for p in problems), [str(p) for p in problems]
    assert len(rows) == 1  # the good row is kept


def test_volumes_without_a_source_column_is_refused(tmp_path) -> None:
    path = tmp_path / VOLUMES_FILE
    path.write_text("year,series,value,unit\n2024,titr_cargo,1,t\n", "utf-8")
    assert "missing column(s) definition, source_title, source_url" in str(read_volumes(path)[1][0])


def test_every_problem_is_listed_in_one_pass(data_copy) -> None:
    (data_copy / VOLUMES_FILE).write_text(HEADER + "20x4,a,1,kg,d,,,\n", "utf-8")
    with pytest.raises(DataError) as info:
        load_volumes(data_copy)
    messages = " | ".join(str(p) for p in info.value.problems)
    assert "four-digit year" in messages and "unknown unit" in messages and "no source" in messages


@pytest.mark.parametrize("text", ["2008-02-30", "08", "2008-8", "May 2008", "1799"])
def test_bad_dates_are_refused(text) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_bundled_files_have_no_problems() -> None:
    assert read_timeline(GEODATA / TIMELINE_FILE, SEGMENT_IDS, NODE_IDS)[1] == []
    assert read_planned(GEODATA / PLANNED_FILE, SEGMENT_IDS, NODE_IDS)[1] == []
    assert read_volumes(GEODATA / VOLUMES_FILE)[1] == []


# --- command line -------------------------------------------------------------------------------------


def test_volumes_command_prints_a_sourced_table(capsys) -> None:
    assert main(["volumes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["year", "series", "value", "unit", "source"]
    line = next(x for x in lines if x.startswith("2024  titr_cargo"))
    assert "4,484,000  t" in line and "Report.az" in line


def test_volumes_command_json_one_series(capsys) -> None:
    assert main(["volumes", "--series", "btc_throughput", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["series"] for r in rows} == {"btc_throughput"}
    assert {r["unit"] for r in rows} == {"t", "bbl"}
    assert all(r["source_url"].startswith("http") and r["definition"] for r in rows)


@pytest.mark.parametrize(
    ("setup", "argv", "expected"),
    [
        (
            lambda d: (d / VOLUMES_FILE).write_text(HEADER + "2024,a,1,kg,d,,,\n", "utf-8"),
            [],
            "unknown unit 'kg'",
        ),
        (lambda d: (d / VOLUMES_FILE).unlink(), [], "volumes.csv: file not found"),
        (lambda d: None, ["--series", "nope"], "unknown series 'nope'"),
        (lambda d: shutil.rmtree(d), [], "geodata folder not found"),
    ],
)
def test_volumes_command_bad_input_is_one_line_and_exit_2(data_copy, setup, argv, expected, capsys) -> None:
    setup(data_copy)
    assert main(["volumes", "--geodata", str(data_copy), *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and expected in err and "Traceback" not in err


def test_validate_reports_timeline_problems(data_copy, capsys) -> None:
    edit_json(
        data_copy / TIMELINE_FILE, lambda d: _segment(d, "btc-turkey")["statuses"][1].update(status="x")
    )
    assert main(["validate", "--geodata", str(data_copy)]) == 1
    assert "timeline.json: segments[" in capsys.readouterr().out
