"""The map's data drawn as Leaflet layers: a line from a GeoJSON feature, the whole base map."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from jinja2 import Template

from routes.elements import RoutesElement


class LineLayer(RoutesElement):
    """One GeoJSON feature drawn as a Leaflet GeoJSON layer with a fixed style, and optionally a
    hover style (a highlight, undone on mouseout). folium.GeoJson does the same in general, at
    several times the render cost per line."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.feature | tojson }}, {
            style: {{ this.style | tojson }}, pane: {{ this.pane | tojson }},
            interactive: {{ this.interactive | tojson }},
            {%- if this.highlight %}
            onEachFeature: function (feature, part) {
                part.on("mouseover", function () { part.setStyle({{ this.highlight | tojson }}); });
                part.on("mouseout", function () { {{ this.get_name() }}.resetStyle(part); });
            }
            {%- endif %}
        });
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self, feature: Mapping[str, object], style: Mapping[str, object], *, pane: str = "overlayPane",
        highlight: Mapping[str, object] | None = None, interactive: bool = True,
    ) -> None:  # fmt: skip
        """feature: a GeoJSON Feature (its text is written with tojson: safe in a script)."""
        super().__init__()
        self._name = "LineLayer"
        self.feature = feature
        self.style = dict(style)
        self.pane = pane
        self.highlight = dict(highlight) if highlight else None
        self.interactive = interactive


class BaseLayers(RoutesElement):
    """The base map's areas, outlines and place names, drawn from one JSON document.

    Inline for a standalone export; in the app, fetched from the static folder (`url`), so each run
    sends Streamlit a few hundred bytes instead of the whole document, which the browser keeps in
    its cache. The layers are drawn non-interactive, under everything else, in the order given.
    Once drawn, the map has `routesBaseMapDrawn` set and fires "routesbasemap".
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, styles) {
            var group = L.featureGroup().addTo(map);
            if (map.attributionControl) {
                map.attributionControl.addAttribution({{ this.attribution | tojson }});
            }
            function draw(data) {
                styles.forEach(function (s) {
                    L.geoJson(data[s[0]], {style: s[1], interactive: false}).addTo(group);
                });
                data.labels.forEach(function (place) {  // [name, lon, lat]
                    var div = document.createElement("div");
                    div.className = "place-label";
                    div.textContent = place[0];
                    L.marker([place[2], place[1]], {
                        interactive: false, icon: L.divIcon({html: div, className: "place-label-icon"})
                    }).addTo(group);
                });
                map.routesBaseMapDrawn = true;
                map.fire("routesbasemap");
            }
            {% if this.url %}
            fetch({{ this.url | tojson }})
                .then(function (r) {
                    if (!r.ok) { throw new Error(r.status + " " + r.statusText); }
                    return r.json();
                })
                .then(draw)
                .catch(function (e) { console.error("base map " + {{ this.url | tojson }} + ": " + e); });
            {% else %}
            draw({{ this.data }});
            {% endif %}
        })({{ this._parent.get_name() }}, {{ this.styles | tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self, data: str, file_name: str, styles: Sequence[tuple[str, Mapping[str, object]]],
        attribution: str = "",
    ) -> None:  # fmt: skip
        """data: the JSON document (layers by name, and "labels"), its "<" escaped as in
        routes.basemap.display_text; file_name: its name in the app's static folder;
        styles: (layer name, Leaflet path style), bottom first; attribution: HTML, escaped."""
        super().__init__()
        self._name = "BaseLayers"
        self.data = data
        self.file_name = file_name
        self.url: str | None = None  # set by routes.assets.use_static_urls
        self.styles = [[name, dict(style)] for name, style in styles]
        self.attribution = attribution
