"""The small Leaflet behaviours: their scripts carry data as JSON and text escaped."""

from __future__ import annotations

import folium
import pytest
from conftest import bound_contents

from routes.elements import (
    BindContent,
    ClickSelect,
    InitialSelection,
    Legend,
    LineKey,
    MarkerKey,
    NodeMarkers,
)

HOSTILE = '</script><script>alert(1)</script> "${x}"'


def rendered_with(element, layer: bool = False) -> str:
    fmap = folium.Map(tiles=None)
    parent = folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(fmap) if layer else fmap
    element.add_to(parent)
    return fmap.get_root().render()


def test_legend_escapes_its_labels() -> None:
    html = rendered_with(Legend(HOSTILE, [LineKey(HOSTILE, "#000", None, 3)], [MarkerKey("Port", "#fff", 4)]))
    assert "<script>alert(1)" not in html and "${x}" not in html
    assert "Port" in html


@pytest.mark.parametrize("popup", ["<b>Facts</b>", "<div>" + "x" * 5000 + "</div>"])
def test_bound_content_is_json_and_the_tooltip_escaped(popup: str) -> None:
    html = rendered_with(BindContent(tooltip=HOSTILE, popup=popup), layer=True)
    tooltip, bound_popup = bound_contents(html)
    assert "<script" not in tooltip and "&lt;/script&gt;" in tooltip
    assert bound_popup == popup
    assert html.count("</script>") == html.count("<script")  # nothing ends a script early


def test_click_select_and_initial_selection_carry_the_id_as_json() -> None:
    html = rendered_with(ClickSelect('a"b</script>'), layer=True)
    assert '"a\\"b\\u003c/script\\u003e"' in html
    assert "window.routesSelected = null;" in rendered_with(InitialSelection(None))
    assert 'window.routesSelected = "btc-georgia";' in rendered_with(InitialSelection("btc-georgia"))


def test_node_markers_are_drawn_from_one_list() -> None:
    markers = [{"lat": 43.6, "lon": 51.2, "radius": 4, "fill": "#fff", "tip": "Aktau", "label": "Aktau"}]
    html = rendered_with(NodeMarkers(markers), layer=True)
    assert html.count("L.circleMarker(") == 1 and '"lat": 43.6' in html
