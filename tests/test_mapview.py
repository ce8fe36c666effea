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


def test_map_scripts_come_only_from_leaflet_and_jquery(network: Network) -> None:
    html = rendered(build_map(network, GEODATA, [s.id for s in network.segments], {}))
    links = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert all(("leaflet" in url or "jquery" in url) for url in links), links


def test_ports_carry_short_permanent_labels_that_hide_when_zoomed_out(network: Network) -> None:
    html = rendered(build_map(network, GEODATA, ["caspian-aktau-alat"], {}))
    markers = json.loads(re.search(r"(\[\{.*?\}\])\.forEach", html).group(1))
    aktau = next(m for m in markers if "Port of Aktau" in m["tip"])
    assert aktau["label"] == "Aktau"  # the short name, shown permanently
    assert 'className: "node-label"' in html
    assert re.search(r'classList.toggle\("labels-off", map.getZoom\(\) < 4.5\)', html)


def test_popup_is_the_short_version_without_the_long_note(network: Network) -> None:
    seg = network.segment("btc-turkey")
    assert "note" in seg.facts
    assert str(seg.facts["note"]) not in popup_html(seg, [])


def test_drawing_a_map_leaves_the_cached_base_layers_as_they_were() -> None:
    from routes.basemap import display_layers

    before = json.dumps(display_layers(GEODATA))
    base_map(GEODATA).get_root().render()
    assert json.dumps(display_layers(GEODATA)) == before
