"""The route planner: routes a planner would recognise, places as people type them, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes.cli import main
from routes.errors import NoRouteError, PlaceError
from routes.geodata import load_network
from routes.graph import corridor_graph
from routes.model import Network
from routes.planner import plan, resolve

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


def best(network: Network, start: str, end: str, via: str | None = None):
    return plan(
        network, resolve(network, start), resolve(network, end), resolve(network, via) if via else None
    )


@pytest.mark.parametrize(
    ("start", "end", "gauge_breaks", "transshipments", "countries"),
    [
        ("Xi'an", "Istanbul", ["alashankou-dostyk", "akhalkalaki"], ["aktau-port", "alat-port"],
         ["CHN", "KAZ", "AZE", "GEO", "TUR"]),
        # Starting at the border itself: the break of gauge is where the trip begins.
        ("Khorgos", "Poti", ["khorgos-altynkol"], ["aktau-port", "alat-port"], ["KAZ", "AZE", "GEO"]),
        ("Aktau", "Baku", [], ["alat-port"], ["KAZ", "AZE"]),
        ("Lianyungang", "Constanța", ["alashankou-dostyk"], ["aktau-port", "alat-port", "poti-port"],
         ["CHN", "KAZ", "AZE", "GEO", "ROU"]),
        ("Urumqi", "Mostyska", ["alashankou-dostyk", "mostyska-border"],
         ["aktau-port", "alat-port", "poti-port", "chornomorsk-port"], ["CHN", "KAZ", "AZE", "GEO", "UKR"]),
        ("Tbilisi", "Kars", ["akhalkalaki"], [], ["GEO", "TUR"]),
    ],
)  # fmt: skip
def test_best_route_has_its_breaks_of_gauge_and_changes_of_mode(
    network: Network,
    start: str,
    end: str,
    gauge_breaks: list[str],
    transshipments: list[str],
    countries: list[str],
) -> None:
    route = best(network, start, end)[0]
    assert [g.node for g in route.gauge_breaks] == gauge_breaks
    assert [t.node for t in route.transshipments] == transshipments
    assert list(route.countries) == countries
    assert route.km_total == pytest.approx(sum(route.km_by_mode.values()))


def test_alternatives_differ_by_caspian_port_and_border(network: Network) -> None:
    routes = best(network, "Xian", "Istanbul")
    assert routes[0].km_total <= routes[-1].km_total
    ports = {n for r in routes for n in r.nodes if n in ("aktau-port", "kuryk-port")}
    borders = {n for r in routes for n in r.nodes if n in ("alashankou-dostyk", "khorgos-altynkol")}
    assert ports == {"aktau-port", "kuryk-port"} and borders == {"alashankou-dostyk", "khorgos-altynkol"}
    assert len({r.name for r in routes}) == len(routes)


def test_alternatives_include_the_black_sea_and_turkiye(network: Network) -> None:
    # Tbilisi to Europe's edge: by BTK and Türkiye to Kapıkule, or by ferry from Poti.
    to_turkey = best(network, "Tbilisi", "Kapıkule")[0]
    assert "kartsakhi-border" in to_turkey.nodes and "sea" not in to_turkey.km_by_mode
    to_romania = best(network, "Tbilisi", "Constanta")[0]
    assert "blacksea-poti-constanta" in to_romania.segments


def test_a_route_never_leaves_a_country_and_comes_back(network: Network) -> None:
    # From Khorgos the graph could run back into China and out again at Alashankou.
    for route in best(network, "Khorgos", "Poti"):
        assert "alashankou-dostyk" not in route.nodes


def test_via_is_passed(network: Network) -> None:
    route = best(network, "Xian", "Kapikule", via="Poti")[0]
    assert "poti-port" in route.nodes and route.nodes[-1] == "kapikule-border"


def test_stated_transit_times_come_with_their_sources(network: Network) -> None:
    routes = best(network, "Kuryk", "Baku")
    [stated] = routes[0].days_stated
    assert stated["label"] == "18 hours" and stated["sources"][0]["url"].startswith("http")


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("Xian", "xian"), ("Xi'an", "xian"), ("XI’AN", "xian"), ("xi an", "xian"),
        ("İstanbul", "istanbul-marmaray"), ("istanbul", "istanbul-marmaray"),
        ("Khorgos–Altynkol", "khorgos-altynkol"), ("khorgos-altynkol", "khorgos-altynkol"),
        ("Böyük Kəsik", "boyuk-kasik-gardabani"), ("Ürümqi", "urumqi"), ("URUMQI", "urumqi"),
        ("43.1,40.6", "kars"),
    ],
)  # fmt: skip
def test_places_are_found_as_people_type_them(network: Network, text: str, node: str) -> None:
    assert resolve(network, text).node.id == node


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Xyzzy", "unknown place 'Xyzzy'"),
        ("Tbilsi", "closest known: Tbilisi"),
        ("200,100", "is not a position"),
    ],
)
def test_an_unknown_place_is_named_with_the_closest_names(network: Network, text: str, message: str) -> None:
    with pytest.raises(PlaceError, match=message):
        resolve(network, text)


def test_a_place_off_the_freight_lines_has_no_route(network: Network) -> None:
    with pytest.raises(NoRouteError, match="Ceyhan"):
        best(network, "Baku", "Ceyhan")


def test_cli_route_json_has_the_documented_shape(capsys) -> None:
    assert main(["route", "Xian", "Poti", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc) == {"from", "to", "routes", "alternatives"}
    assert doc["alternatives"] == []  # none precomputed for Xi'an → Poti
    assert doc["from"]["id"] == "xian" and doc["to"]["id"] == "poti-port"
    first = doc["routes"][0]
    assert set(first) >= {"km_total", "km_by_mode", "countries", "border_crossings", "gauge_breaks",
                          "transshipments", "segments", "days_stated"}  # fmt: skip
    dostyk = {"node": "alashankou-dostyk", "name": "Alashankou – Dostyk border crossing"}
    assert first["gauge_breaks"][0] == {**dostyk, "gauges": "1,435 mm ↔ 1,520 mm"}


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["route", "Xyzzy", "Poti"], 2, "error: unknown place 'Xyzzy'"),
        (["route", "Xian", "Poti", "--via", "Nowhere"], 2, "error: unknown place 'Nowhere'"),
        (["route", "Baku", "Ceyhan"], 1, "error: no freight line joins Baku and Ceyhan"),
    ],
)
def test_cli_route_errors_are_one_line(capsys, argv: list[str], code: int, message: str) -> None:
    assert main(argv) == code
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert captured.out == ""


def test_cli_route_text_names_the_changes(capsys) -> None:
    assert main(["route", "Aktau", "Baku"]) == 0
    out = capsys.readouterr().out
    assert "Port of Baku (Alat) (sea → rail)" in out and "km" in out


def test_the_pipeline_carries_no_freight(network: Network) -> None:
    graph = corridor_graph(network)
    assert all(data["edge"].mode in ("rail", "sea") for _a, _b, data in graph.edges(data=True))


def test_cli_route_lists_the_context_alternatives_with_their_sources(capsys) -> None:
    assert main(["route", "Xian", "Istanbul", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    by_key = {a["key"]: a for a in doc["alternatives"]}
    assert set(by_key) == {"northern", "suez", "cape"}
    assert by_key["suez"]["km"] < by_key["cape"]["km"]
    for alternative in by_key.values():
        assert set(alternative) >= {"name", "mode", "km", "days_stated", "sources"}
        assert alternative["sources"] and all(s["url"].startswith("http") for s in alternative["sources"])
    assert by_key["northern"]["days_stated"]["min"] < by_key["suez"]["days_stated"]["min"]


@pytest.mark.parametrize(
    ("closed", "must_avoid", "must_use"),
    [
        # Before BTK (2017) Tbilisi–Kars had no railway: no route at all.
        ({"btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"}, None, None),
        # With the Aktau ferry closed, the best crossing is from Kuryk.
        ({"caspian-aktau-alat"}, "caspian-aktau-alat", "caspian-kuryk-alat"),
    ],
)
def test_closed_segments_are_not_used(network: Network, closed: set[str], must_avoid, must_use) -> None:
    if must_use is None:
        with pytest.raises(NoRouteError):
            plan(network, resolve(network, "Tbilisi"), resolve(network, "Kars"), closed=closed)
        return
    routes = plan(network, resolve(network, "Xian"), resolve(network, "Poti"), closed=closed)
    assert all(must_avoid not in r.segments for r in routes)
    assert must_use in routes[0].segments
