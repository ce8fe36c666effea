"""The map's data layers: their scripts carry data as JSON, safe inside a <script>."""

from __future__ import annotations

from test_elements import HOSTILE, rendered_with

from routes.layers import BaseLayers, LineLayer


def test_a_line_layer_carries_its_feature_and_styles_as_json() -> None:
    feature = {"type": "Feature", "properties": {"id": "a", "name": HOSTILE},
               "geometry": {"type": "LineString", "coordinates": [[49.4, 39.9], [49.8, 40.4]]}}  # fmt: skip
    line = LineLayer(feature, {"color": "#c0392b", "className": "segment seg-a"}, pane="routes-lines",
                     highlight={"weight": 8})  # fmt: skip
    html = rendered_with(line)
    assert '"coordinates": [[49.4, 39.9], [49.8, 40.4]]' in html and "<script>alert(1)" not in html
    assert 'pane: "routes-lines"' in html and '"className": "segment seg-a"' in html
    assert 'part.setStyle({"weight": 8})' in html and ".resetStyle(part)" in html
    assert html.count("</script>") == html.count("<script")
    halo = rendered_with(LineLayer(feature, {"color": "#ffcc00"}, interactive=False))
    assert "interactive: false" in halo and "onEachFeature" not in halo


def test_base_layers_are_inline_or_fetched() -> None:
    data = '{"land":{"type":"FeatureCollection","features":[]},"labels":[["Baku",49.9,40.4]]}'
    layers = BaseLayers(data, "basemap-x.json", [("land", {"fillColor": "#f3efe4"})], "Natural Earth")
    inline = rendered_with(layers)
    assert f"draw({data});" in inline and "fetch(" not in inline
    assert 'addAttribution("Natural Earth")' in inline and '[["land", {"fillColor": "#f3efe4"}]]' in inline
    assert "div.textContent = place[0]" in inline  # a place name is text, never HTML
    layers.url = "/app/static/basemap-x.json"
    fetched = rendered_with(layers)
    assert 'fetch("/app/static/basemap-x.json")' in fetched and data not in fetched
