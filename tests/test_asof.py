"""The corridor as it stood at the end of a year: hidden, planned, disrupted, and closed to routes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes.asof import YearError, year_range, year_view
from routes.cli import main
from routes.timeline import Timeline, load_timeline

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
THIS_YEAR = 2026


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return load_timeline(GEODATA)


@pytest.mark.parametrize(
    ("year", "segment", "expected"),
    [
        (2005, "btc-turkey", "under construction"),
        (2006, "btc-turkey", "open"),
        (2016, "btk-akhalkalaki-kars", "under construction"),
        (2017, "btk-akhalkalaki-kars", "open"),
        (2011, "kz-zhezkazgan-beineu", "hidden"),
        (2013, "kz-zhezkazgan-beineu", "under construction"),
        (2014, "kz-zhezkazgan-beineu", "open"),
        (2016, "caspian-kuryk-alat", "hidden"),
        (2017, "caspian-kuryk-alat", "open"),
        (2021, "blacksea-poti-chornomorsk", "open"),
        (2022, "blacksea-poti-chornomorsk", "disrupted"),
        (2026, "ua-chornomorsk-mostyska", "disrupted"),
    ],
)
def test_each_year_shows_what_stood_then(timeline: Timeline, year: int, segment: str, expected: str) -> None:
    view = year_view(timeline, year, THIS_YEAR)
    found = "hidden" if segment in view.hidden else view.statuses.get(segment, "open")
    assert found == expected


@pytest.mark.parametrize(
    ("year", "closed", "usable"),
    [
        (2016, {"btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars", "caspian-kuryk-alat"},
         {"caspian-aktau-alat"}),
        (2022, {"blacksea-poti-chornomorsk", "ua-chornomorsk-mostyska"}, {"blacksea-poti-constanta"}),
    ],
)  # fmt: skip
def test_routes_may_not_use_what_was_not_running(timeline: Timeline, year: int, closed: set, usable: set):
    view = year_view(timeline, year, THIS_YEAR)
    assert closed <= view.closed and not usable & view.closed


def test_the_slider_runs_from_the_earliest_opening_to_this_year(timeline: Timeline) -> None:
    assert year_range(timeline, THIS_YEAR) == (1872, THIS_YEAR)  # Tbilisi–Poti, 1872


@pytest.mark.parametrize("year", [1871, THIS_YEAR + 1])
def test_a_year_outside_the_timeline_is_refused(timeline: Timeline, year: int) -> None:
    with pytest.raises(YearError, match=f"year {year} is outside the timeline"):
        year_view(timeline, year, THIS_YEAR)


def test_export_as_of_a_year_leaves_out_what_was_not_open(tmp_path: Path, capsys) -> None:
    out, geojson = tmp_path / "map.html", tmp_path / "map.geojson"
    assert main(["export", "--out", str(out), "--geojson", str(geojson), "--year", "2016"]) == 0
    assert "as of the end of 2016" in capsys.readouterr().out
    doc = json.loads(geojson.read_text(encoding="utf-8"))
    segments = [f["properties"] for f in doc["features"] if not f["properties"].get("planned")]
    status = {p["id"]: p["status_in_year"] for p in segments}
    assert doc["year"] == 2016 and "caspian-kuryk-alat" not in status
    assert status["btk-akhalkalaki-kars"] == "under construction" and status["btc-turkey"] == "open"
    html = out.read_text(encoding="utf-8")
    assert "seg-caspian-kuryk-alat" not in html and "status-under-construction" in html


@pytest.mark.parametrize(
    ("year", "drawn", "hidden"),
    [
        (2016, {"ge-anaklia-port": "planned"}, {"cku-railway", "kz-dostyk-mointy-second-track"}),
        (2024, {"cku-railway": "under construction", "kz-dostyk-mointy-second-track": "under construction"},
         {"kz-moiynty-kyzylzhar"}),  # under construction, but no source places Kyzylzhar
        (2025, {"kz-bakhty-ayagoz": "under construction"}, {"kz-dostyk-mointy-second-track"}),  # opened
    ],
)  # fmt: skip
def test_export_as_of_a_year_draws_the_projects_of_that_year(
    tmp_path: Path, capsys, year: int, drawn: dict, hidden: set
) -> None:
    out, geojson = tmp_path / "map.html", tmp_path / "map.geojson"
    assert main(["export", "--out", str(out), "--geojson", str(geojson), "--year", str(year)]) == 0
    assert "planned or building project(s)" in capsys.readouterr().out
    doc = json.loads(geojson.read_text(encoding="utf-8"))
    planned = {
        f["properties"]["project"]: f["properties"] for f in doc["features"] if f["properties"].get("planned")
    }
    assert {p: planned[p]["status_in_year"] for p in drawn} == drawn and not hidden & set(planned)
    assert all(p["year"] == year and p["sources"] and p["geometry_source"] for p in planned.values())
    html = out.read_text(encoding="utf-8")
    assert all(f"planned-{p}" in html for p in drawn) and not any(f"planned-{p} " in html for p in hidden)


@pytest.mark.parametrize(
    ("year", "message"), [("1700", "year 1700 is outside"), ("abc", "'abc' is not a year")]
)
def test_export_with_a_bad_year_is_one_line(tmp_path: Path, capsys, year: str, message: str) -> None:
    assert main(["export", "--out", str(tmp_path / "m.html"), "--year", year]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert not (tmp_path / "m.html").exists()
