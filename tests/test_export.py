"""Exports: a standalone offline HTML file and GeoJSON of the visible segments (golden file)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from conftest import bound_contents
from shapely.geometry import LineString

from routes.export import export_geojson, export_html, geojson_text
from routes.geodata import geodesic_length_km, load_network
from routes.model import OWN_WORK, Network, Segment, Source
from routes.text import html_text
from routes.views import ExcerptView

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


def tiny_network() -> Network:
    def seg(ident: str, mode: str, coords: list[tuple[float, float]], origin: tuple[str, str],
            **facts: object) -> Segment:  # fmt: skip
        line = LineString(coords)
        return Segment(
            id=ident, name=ident.title(), corridor="TITR", mode=mode, countries=("KAZ", "AZE"),
            aliases=(), geometry=line, group="Caspian Sea", facts=dict(facts),
            sources=(Source("Example source", "https://example.org/" + ident),),
            length_km=geodesic_length_km(line), geometry_source=origin[0], geometry_licence=origin[1],
        )  # fmt: skip

    hand, osm = ("hand-drawn through stations", OWN_WORK), ("osm", "© OpenStreetMap contributors (ODbL)")
    return Network(
        segments=(
            seg("aktau-alat", "sea", [(51.2, 43.6), (50.5, 41.0), (49.4268, 39.9436)], hand, operator="ASCO"),
            seg("alat-baku", "rail", [(49.4268, 39.9436), (49.85, 40.38)], osm, length_km_stated=66),
        ),
        nodes=(),
    )


EXCERPT = ExcerptView(
    segment_id="aktau-alat",
    sentence="The Caspian Sea is an important international traffic artery.",
    paragraph="For both, the use of the Caspian Sea as an important international traffic artery.",
    spans=((4, 15),),
    matched=("Caspian Sea",),
    specificity=5,  # names the segment (routes.linking.SEGMENT)
    article="001_454bf1c631e23a3d.txt",
    outlet="AzerNews",
    author="Leman Mammadova",
    date=dt.date(2019, 7, 3),
)


def test_geojson_export_matches_golden_file() -> None:
    text = geojson_text(
        export_geojson(tiny_network(), ["aktau-alat", "alat-baku"], {"aktau-alat": [EXCERPT]})
    )
    golden = GOLDEN / "export_tiny.geojson"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_geojson_export_holds_only_visible_segments_with_facts_and_excerpts(network: Network) -> None:
    out = export_geojson(network, ["btc-georgia", "caspian-aktau-alat"], {"caspian-aktau-alat": [EXCERPT]})
    by_id = {f["properties"]["id"]: f["properties"] for f in out["features"]}
    assert set(by_id) == {"btc-georgia", "caspian-aktau-alat"}
    assert by_id["btc-georgia"]["length_km_stated"] == 249
    assert by_id["btc-georgia"]["sources"]
    assert by_id["caspian-aktau-alat"]["excerpts"][0]["article"] == "001_454bf1c631e23a3d.txt"
    # RFC 7946: [lon, lat]
    lon, lat = out["features"][0]["geometry"]["coordinates"][0]
    assert 40 < lon < 52 and 39 < lat < 44


@pytest.fixture(scope="module")
def exported(network: Network) -> str:
    visible = ["caspian-aktau-alat", "btc-georgia", "kz-beineu-aktau"]
    hostile = ExcerptView(
        **{
            **EXCERPT.__dict__,
            "segment_id": "btc-georgia",
            "spans": (),
            "sentence": "BTC <script>alert(1)</script> ${x} {{ 7*7 }}",
        }
    )
    return export_html(network, GEODATA, visible, {"btc-georgia": [hostile]}, selected="btc-georgia")


def test_exported_html_is_standalone(exported: str) -> None:
    assert not re.search(r"<script[^>]+src=", exported)
    assert not re.search(r"<link[^>]+href=", exported)
    assert "L.map(" in exported and "Leaflet" in exported  # Leaflet inlined


def test_exported_html_shows_visible_segments_only(exported: str) -> None:
    for shown in ("caspian-aktau-alat", "btc-georgia", "kz-beineu-aktau"):
        assert f"seg-{shown}" in exported
    assert "seg-tr-marmaray" not in exported


def test_exported_html_escapes_excerpts(exported: str) -> None:
    assert "<script>alert(1)" not in exported and "${x}" not in exported
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in "".join(bound_contents(exported))
    assert "{{ 7*7 }}" in "".join(bound_contents(exported))  # an article's text is never run as a template


def test_exported_html_carries_the_base_map_inline(exported: str) -> None:
    assert 'draw({"land":' in exported and '"/app/static/' not in exported


def test_exported_html_of_everything_stays_under_two_megabytes(network: Network) -> None:
    html = export_html(network, GEODATA, [s.id for s in network.segments], {})
    assert len(html.encode()) < 2_000_000
    assert json.dumps("Trans-Caspian corridor")[1:-1] in html


OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
GEM_CREDIT = "Global Energy Monitor (CC BY 4.0)"


@pytest.mark.parametrize(
    ("visible", "credited", "not_credited"),
    [
        (["btc-georgia", "ge-tbilisi-poti"], [OSM_CREDIT, GEM_CREDIT], []),
        (["btc-georgia"], [GEM_CREDIT], [OSM_CREDIT]),
        (["ge-tbilisi-poti"], [OSM_CREDIT], [GEM_CREDIT]),
    ],
)
def test_both_exports_credit_the_sources_of_the_lines_they_hold(
    network: Network, visible: list[str], credited: list[str], not_credited: list[str]
) -> None:
    html = export_html(network, GEODATA, visible, {})
    attribution = export_geojson(network, visible, {})["attribution"]
    for credit in credited:
        assert json.dumps(html_text(credit))[1:-1] in html  # in the map's attribution line (as JS)
        assert credit in attribution
    for credit in not_credited:
        assert json.dumps(html_text(credit))[1:-1] not in html and credit not in attribution


def test_geojson_export_carries_each_lines_provenance(network: Network) -> None:
    out = export_geojson(network, ["btc-turkey"], {})
    [props] = [f["properties"] for f in out["features"]]
    assert props["geometry_source"] == "gem:P0644" and props["geometry_licence"] == GEM_CREDIT


def test_exports_carry_the_planned_route_and_the_comparison(network: Network) -> None:
    from routes.planner import plan, resolve

    routes = plan(network, resolve(network, "Xian"), resolve(network, "Poti"))
    out = export_geojson(network, ["btc-georgia"], {}, routes, chosen=1)
    assert out["route"]["name"] == routes[1].name
    assert [r["name"] for r in out["comparison"]] == [r.name for r in routes]
    drawn = {f["properties"]["id"] for f in out["features"]}
    assert set(routes[1].segments) <= drawn and "btc-georgia" in drawn  # the route even if hidden
    html = export_html(network, GEODATA, ["btc-georgia"], {}, routes=routes, chosen=1)
    assert json.dumps(html_text(f"Route {routes[1].name}"))[1:-1] in html
    assert "seg-btc-georgia faded" in html and f'seg-{routes[1].segments[0]}"' in html


def test_exports_draw_and_list_the_context_alternatives(network: Network) -> None:
    from routes.alternatives import load_alternatives

    context = load_alternatives(GEODATA).between("xian", "istanbul-marmaray")
    out = export_geojson(network, ["btc-georgia"], {}, context=context)
    assert [a["key"] for a in out["alternatives"]] == ["northern", "suez", "cape"]
    assert sum(1 for f in out["features"] if f["properties"].get("context")) == 3
    html = export_html(network, GEODATA, ["btc-georgia"], {}, context=context)
    assert "ctx-suez" in html and json.dumps(html_text("Context: Sea via Suez"))[1:-1] in html


# --- planned and building projects ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shown_2024(network: Network):
    from routes.planned import load_drawings, shown_in
    from routes.timeline import load_planned

    return shown_in(load_planned(GEODATA), load_drawings(GEODATA, network), 2024)


def test_geojson_export_holds_the_years_projects_marked_schematic(network: Network, shown_2024) -> None:
    out = export_geojson(network, ["kz-dostyk-mointy"], {}, planned=shown_2024)
    planned = {f["properties"]["project"]: f for f in out["features"] if f["properties"].get("planned")}
    assert set(planned) == {
        "kz-dostyk-mointy-second-track", "kz-bakhty-ayagoz", "cku-railway", "ge-anaklia-port",
        "tr-halkali-kapikule-hsr", "az-baku-port-phase-2",
    }  # fmt: skip
    cku = planned["cku-railway"]
    props = cku["properties"]
    assert props["schematic"] and props["geometry_source"].startswith("schematic:")
    assert props["status_in_year"] == "under construction" and props["year"] == 2024
    assert props["drawn_through"] == ["Kashgar", "Torugart pass", "Jalal-Abad", "Andijan"]
    assert props["length_km_stated"] == [523] and any("tengritimes" in s["url"] for s in props["sources"])
    lon, lat = cku["geometry"]["coordinates"][0]  # RFC 7946: [lon, lat] (Kashgar)
    assert (lon, lat) == (75.96993, 39.47634)
    assert planned["ge-anaklia-port"]["geometry"]["type"] == "Point"
    assert not planned["kz-dostyk-mointy-second-track"]["properties"]["schematic"]
    json.loads(geojson_text(out))  # writes as plain JSON


def test_exported_html_with_every_segment_and_project_stays_under_two_megabytes(
    network: Network, shown_2024
) -> None:
    html = export_html(network, GEODATA, [s.id for s in network.segments], {}, planned=shown_2024)
    assert len(html.encode()) < 2_000_000
    assert "planned planned-cku-railway status-under-construction schematic" in html
    assert "Planned or being built (schematic line)" in html  # the legend names them
