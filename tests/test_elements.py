"""The small Leaflet behaviours: their scripts carry data as JSON and text escaped."""

from __future__ import annotations

import folium
import pytest
from conftest import bound_contents

from routes.elements import (
    BindContent,
    ClickSelect,
    FitView,
    HitStroke,
    InitialSelection,
    LabelPlacer,
    Legend,
    LineKey,
    MarkerKey,
    NodeMarkers,
    Panes,
    ViewBounds,
)

HOSTILE = '</script><script>alert(1)</script> "${x}"'


def rendered_with(element, layer: bool = False) -> str:
    fmap = folium.Map(tiles=None)
    parent = folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(fmap) if layer else fmap
    element.add_to(parent)
    return fmap.get_root().render()


def test_legend_escapes_its_labels() -> None:
    html = rendered_with(
        Legend(HOSTILE, [LineKey(HOSTILE, "#000", None, 3)], [MarkerKey("Port", "#fff", 4)], [HOSTILE])
    )
    assert "<script>alert(1)" not in html and "${x}" not in html
    assert "Port" in html
    assert html.count("</script>") == html.count("<script")


def test_legend_folds_with_a_button_and_keeps_the_choice() -> None:
    legend = Legend("Key", [LineKey("Rail", "#c00", None, 4)])
    assert '<button type="button" class="legend-toggle" aria-expanded="true"' in legend.html
    html = rendered_with(legend)
    assert 'L.control({position: "topright"})' in html
    assert "w.routesLegendCollapsed = !div.classList.contains(\"collapsed\")" in html
    assert "show(w.routesLegendCollapsed === true)" in html  # the choice survives a new control
    assert ".corridor-legend.collapsed .legend-body" in Legend.CSS


def test_hit_stroke_is_a_wide_invisible_part_of_the_same_layer() -> None:
    html = rendered_with(HitStroke("routes-hits", 14), layer=True)
    assert 'pane: "routes-hits", weight: 14, color: "#000", opacity: 0' in html
    assert 'className: "segment-hit"' in html  # not "segment": tests and ClickSelect find the line
    assert "hit.feature = part.feature;" in html and "layer.addLayer(hit);" in html


def test_panes_fit_and_bounds_carry_numbers_as_json() -> None:
    html = rendered_with(Panes([("routes-lines", 430)]))
    assert '[["routes-lines", 430]].forEach' in html
    html = rendered_with(FitView([[36.8, 35.9], [40.2, 49.5]], top_left=(56, 24), bottom_right=(24, 60)))
    assert "paddingTopLeft: [56, 24]" in html and "paddingBottomRight: [24, 60]" in html
    assert "L.latLngBounds([[36.8, 35.9], [40.2, 49.5]])" in html
    html = rendered_with(ViewBounds({"west": -25, "south": -5, "east": 165, "north": 78}))
    assert "L.latLngBounds([[-5, -25], [78, 165]])" in html and "maxBoundsViscosity = 1.0" in html


def test_label_placer_avoids_controls_and_the_given_obstacles() -> None:
    html = rendered_with(LabelPlacer(obstacles='.x path, a[title="</script>"]'))
    assert 'querySelectorAll(".leaflet-control")' in html
    assert '".x path, a[title=\\"\\u003c/script\\u003e\\"]"' in html
    assert html.count("</script>") == html.count("<script")


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
    markers = [
        {"lat": 43.6, "lon": 51.2, "radius": 4, "fill": "#fff", "tip": "Aktau", "label": "Aktau",
         "rank": 0, "min_zoom": 0.0}
    ]  # fmt: skip
    html = rendered_with(NodeMarkers(markers, pane="routes-nodes"), layer=True)
    assert html.count("L.circleMarker(") == 1 and '"lat": 43.6' in html
    assert 'pane: "routes-nodes"' in html
    assert "routesRank: m.rank, routesMinZoom: m.min_zoom" in html  # placed by LabelPlacer


def test_text_that_looks_like_a_template_is_shown_as_written() -> None:
    """An article may hold "{{ … }}": it reaches the popup as text, never run as a Jinja template."""
    popup = "<p>{{ 7*7 }} {{ cycler.__init__.__globals__.os.name }} {% if 1 %}x{% endif %}</p>"
    html = rendered_with(BindContent(tooltip="{{ 6*7 }}", popup=popup), layer=True)
    assert bound_contents(html) == ["{{ 6*7 }}", popup]
