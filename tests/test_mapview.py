"""The map builder: layers, styles, popups and escaping, without a browser."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import folium
import pytest
from conftest import bound_contents

from routes.geodata import load_network
from routes.mapview import (
    MODE_STYLES,
    base_map,
    build_map,
    popup_html,
    segment_layer,
    segment_layers,
    view_of,
)
from routes.model import Network
from routes.views import ExcerptView

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)> ${alert(1)} `x` \\x3cimg"


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network(GEODATA)


def excerpt(segment_id: str, sentence: str, **kw) -> ExcerptView:
    defaults = dict(
        paragraph=sentence, spans=(), matched=(), specificity=2, article="a.txt",
        outlet="AzerNews", author="Leman Mammadova", date=dt.date(2019, 7, 3),
    )  # fmt: skip
    return ExcerptView(segment_id=segment_id, sentence=sentence, **{**defaults, **kw})


def rendered(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def test_map_draws_only_visible_segments(network: Network) -> None:
    html = rendered(build_map(network, GEODATA, ["caspian-aktau-alat", "btc-georgia"], {}))
    assert "seg-caspian-aktau-alat" in html and "seg-btc-georgia" in html
    assert "seg-tr-marmaray" not in html and "seg-cn-lianyungang-urumqi" not in html


@pytest.mark.parametrize(
    ("segment_id", "mode"),
    [("kz-beineu-aktau", "rail"), ("caspian-aktau-alat", "sea"), ("btc-turkey", "pipeline")],
)
def test_each_mode_has_its_own_colour_and_dash(network: Network, segment_id: str, mode: str) -> None:
    html = rendered(segment_layer(network.segment(segment_id)).add_to(folium.Map(tiles=None)))
    style = MODE_STYLES[mode]
    assert f'"color": "{style.color}"' in html
    assert (f'"dashArray": "{style.dash}"' in html) == bool(style.dash)


def test_selected_segment_gets_a_highlight_halo(network: Network) -> None:
    seg = network.segment("ge-tbilisi-poti")
    plain = rendered(segment_layer(seg).add_to(folium.Map(tiles=None)))
    halo = rendered(segment_layer(seg, selected=True).add_to(folium.Map(tiles=None)))
    assert "#ffcc00" in halo and "#ffcc00" not in plain


def test_popup_shows_facts_excerpts_and_sources(network: Network) -> None:
    seg = network.segment("btc-georgia")
    html = popup_html(
        seg, [excerpt(seg.id, "The Baku-Tbilisi-Ceyhan oil pipeline opened.", spans=((4, 23),))]
    )
    assert "<mark>Baku-Tbilisi-Ceyhan</mark>" in html
    assert "AzerNews · Leman Mammadova · 2019-07-03 · a.txt" in html
    assert "249 km stated" in html
    assert all(s.url in html for s in seg.sources)


def test_popup_counts_excerpts_beyond_the_first_three(network: Network) -> None:
    seg = network.segment("btc-georgia")
    html = popup_html(seg, [excerpt(seg.id, f"Sentence {i}.") for i in range(5)])
    assert "Sentence 2." in html and "Sentence 3." not in html and "2 more in the side panel" in html


def test_untrusted_text_is_escaped_in_popups(network: Network) -> None:
    seg = network.segment("btc-georgia")
    html = rendered(segment_layer(seg, [excerpt(seg.id, XSS, author=XSS)]).add_to(folium.Map(tiles=None)))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "${alert" not in html  # would run inside a JS template literal
    popup = "".join(bound_contents(html))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup and "<script" not in popup
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup


def test_nodes_follow_the_visible_segments(network: Network) -> None:
    only_btc = segment_layers(network, ["btc-turkey"], {})
    html = rendered(only_btc[-1].add_to(folium.Map(tiles=None)))
    assert "Ceyhan" in html and "Aktau" not in html


def test_gauge_breaks_are_marked_on_the_map(network: Network) -> None:
    html = rendered(segment_layers(network, ["btk-akhalkalaki-kars"], {})[-1].add_to(folium.Map(tiles=None)))
    assert "break of gauge" in html


def test_base_map_is_offline_with_legend_and_attribution() -> None:
    html = rendered(base_map(GEODATA))
    assert "tile.openstreetmap" not in html
    assert "Natural Earth" in html and "corridor-legend" in html
    assert "Oil pipeline (BTC)" in html


def test_web_tiles_are_an_option() -> None:
    assert "tile.openstreetmap.org" in rendered(base_map(GEODATA, web_tiles=True))


def test_view_of_a_short_segment_zooms_closer_than_a_long_one(network: Network) -> None:
    (lat, lon), near = view_of([network.segment("tr-marmaray").geometry])
    _, far = view_of([network.segment("cn-lianyungang-urumqi").geometry])
    assert 40.5 < lat < 41.5 and 28 < lon < 30
    assert near > far


def test_map_scripts_come_only_from_leaflet(network: Network) -> None:
    html = rendered(build_map(network, GEODATA, [s.id for s in network.segments], {}))
    links = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert all("leaflet" in url for url in links), links


def _markers(html: str) -> list[dict]:
    return json.loads(re.search(r"(\[\{.*?\}\])\.forEach", html).group(1))


def test_nodes_carry_short_labels_ports_first_stations_only_close_up(network: Network) -> None:
    html = rendered(build_map(network, GEODATA, [s.id for s in network.segments], {}))
    markers = {m["label"]: m for m in _markers(html)}
    assert 'className: "node-label"' in html
    # The short name: "Port of Aktau" -> "Aktau", "Gardabani station" (first alias) -> "Gardabani".
    assert {"Aktau", "Alat", "Ceyhan", "Gardabani", "Istanbul", "Kars"} <= set(markers)
    zoom = {name: markers[name]["min_zoom"] for name in ("Aktau", "Ankara", "Erzurum", "Kars", "Sivas")}
    assert zoom["Aktau"] < zoom["Ankara"] == zoom["Erzurum"] < zoom["Kars"] < zoom["Sivas"]
    assert markers["Akhalkalaki"]["min_zoom"] <= zoom["Ankara"]  # a break of gauge is shown early
    ranks = [m["rank"] for m in markers.values()]
    assert sorted(ranks) == list(range(len(ranks)))  # one order, ports and terminals first
    assert markers["Aktau"]["rank"] < markers["Ankara"]["rank"] < markers["Kars"]["rank"]


def test_labels_are_escaped(network: Network) -> None:
    from dataclasses import replace

    from routes.mapview import nodes_layer

    node = replace(network.nodes[0], name="<b>x</b>`${alert(1)}`", aliases=())
    html = rendered(nodes_layer([node]).add_to(folium.Map(tiles=None)))
    assert "<b>x" not in html and "${alert" not in html
    assert _markers(html)[0]["label"] == "&lt;b&gt;x&lt;/b&gt;&#96;&#36;{alert(1)}&#96;"


def test_lines_are_drawn_over_markers_with_a_wide_hit_stroke(network: Network) -> None:
    from routes.mapview import HIT_PANE, HIT_WEIGHT, LINE_PANE, NODE_PANE, PANES

    z = dict(PANES)
    assert 400 < z[HIT_PANE] < z[NODE_PANE] < z[LINE_PANE] < 600  # above the base map, under markerPane
    layers = segment_layers(network, ["btk-akhalkalaki-kars"], {})
    fmap = base_map(GEODATA)
    for layer in layers:
        layer.add_to(fmap)
    html = rendered(fmap)
    assert f'pane: "{LINE_PANE}"' in html  # the visible line, still class seg-<id>
    assert "segment seg-btk-akhalkalaki-kars" in html
    assert f'pane: "{HIT_PANE}", weight: {HIT_WEIGHT}, color: "#000", opacity: 0' in html
    assert f'fillColor: m.fill, pane: "{NODE_PANE}"' in html
    assert json.dumps([[name, zi] for name, zi in PANES]) in html


def test_first_view_fits_the_lines_with_padding_inside_bounded_view(network: Network) -> None:
    from routes.basemap import CONTEXT_BOX

    html = rendered(build_map(network, GEODATA, ["btc-azerbaijan", "btc-georgia", "btc-turkey"], {}))
    fit = re.search(r"L\.latLngBounds\((\[\[[^)]*\]\])\)\);", html.split("paddingTopLeft")[-1]).group(1)
    (south, west), (north, east) = json.loads(fit)
    assert 36 < south < 37 and 35 < west < 36 and 41 < north < 42 and 49 < east < 50  # Ceyhan to Sangachal
    assert re.search(r"paddingTopLeft: \[5\d, \d+\]", html)  # clears the zoom buttons
    box = [[CONTEXT_BOX["south"], CONTEXT_BOX["west"]], [CONTEXT_BOX["north"], CONTEXT_BOX["east"]]]
    assert f"L.latLngBounds({json.dumps(box)})" in html
    assert "map.getBoundsZoom(box, true)" in html  # no zooming out past the drawn base map


def test_popup_is_the_short_version_without_the_long_note(network: Network) -> None:
    seg = network.segment("btc-turkey")
    assert "note" in seg.facts
    assert str(seg.facts["note"]) not in popup_html(seg, [])


def test_drawing_a_map_leaves_the_cached_base_layers_as_they_were() -> None:
    from routes.basemap import display_layers

    before = json.dumps(display_layers(GEODATA))
    base_map(GEODATA).get_root().render()
    assert json.dumps(display_layers(GEODATA)) == before


# --- planned and building projects -------------------------------------------------------------------


def _shown(network: Network, year: int):
    from routes.planned import load_drawings, shown_in
    from routes.timeline import load_planned

    return shown_in(load_planned(GEODATA), load_drawings(GEODATA, network), year)


@pytest.mark.parametrize(
    ("year", "dashed", "absent"),
    [
        (2016, {"ge-anaklia-port": "planned"}, {"cku-railway", "kz-bakhty-ayagoz"}),
        (2023, {"kz-dostyk-mointy-second-track": "under-construction", "kz-bakhty-ayagoz":
                "under-construction"}, {"cku-railway"}),  # the CKU agreement came in June 2024
        (2026, {"cku-railway": "under-construction", "az-baku-port-phase-2": "planned"},
         {"kz-dostyk-mointy-second-track"}),  # open since September 2025
    ],
)  # fmt: skip
def test_projects_are_dashed_in_their_years(network: Network, year: int, dashed: dict, absent: set) -> None:
    html = rendered(build_map(network, GEODATA, ["kz-dostyk-mointy"], {}, planned=_shown(network, year)))
    for project, status in dashed.items():
        assert re.search(rf"planned planned-{project} status-{status}\b", html), project
    assert not any(f"planned-{p} " in html for p in absent)
    assert '"dashArray": "3 7"' in html or '"dashArray": "7 6"' in html


def test_a_schematic_line_says_so_in_tooltip_and_popup(network: Network) -> None:
    html = rendered(build_map(network, GEODATA, [], {}, planned=_shown(network, 2024)))
    contents = bound_contents(html)
    tip = next(c for c in contents if c.startswith("Bakhty"))
    assert tip.endswith("China crossing) (schematic, under construction at the end of 2024)")
    popup = next(c for c in contents if "<h4>Bakhty" in c)
    assert "schematic: great-circle line between Ayagoz and the Bakhty border crossing" in popup
    assert "272 km / 295 km" in popup and "railwaygazette.com" in popup and "de.wikipedia.org" in popup
    second = next(c for c in contents if c.startswith("Dostyk – Moiynty second track"))
    assert "schematic" not in second  # it follows the line it doubles


def test_planned_text_is_escaped(network: Network) -> None:
    from dataclasses import replace

    from routes.plannedmap import popup_html, tooltip

    item = _shown(network, 2024)[0]
    hostile = replace(item, project=replace(item.project, name=XSS, note=XSS))
    assert "<script>" not in popup_html(hostile) and "&lt;script&gt;" in popup_html(hostile)
    layer = rendered(build_map(network, GEODATA, [], {}, planned=[hostile]))
    assert "<script>alert(1)</script>" not in "".join(bound_contents(layer))
    assert XSS in tooltip(hostile)  # plain text; BindContent escapes it


def test_the_legend_names_the_schematic_lines() -> None:
    assert "Planned or being built (schematic line)" in rendered(base_map(GEODATA))
