"""Small Leaflet behaviours for the map, one MacroElement each, their JavaScript in a template."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from branca.element import MacroElement
from jinja2 import Template

from routes.text import html_text


class LineKey(NamedTuple):
    """One line style in the legend."""

    label: str
    color: str
    dash: str | None
    weight: int


class MarkerKey(NamedTuple):
    """One marker style in the legend."""

    label: str
    fill: str
    radius: int


class Legend(MacroElement):
    """A fixed box in the map's corner explaining line colours and styles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "corridor-legend");
                div.innerHTML = {{ this.html | tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        lines: Sequence[LineKey],
        markers: Sequence[MarkerKey] = (),
        extra: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._name = "Legend"
        rows = [
            f'<div><svg width="34" height="10"><line x1="0" y1="5" x2="34" y2="5" '
            f'stroke="{line.color}" stroke-width="{line.weight}" '
            f'stroke-dasharray="{line.dash or "none"}"/></svg> {html_text(line.label)}</div>'
            for line in lines
        ]
        rows += [
            f'<div><svg width="34" height="12"><circle cx="17" cy="6" r="{m.radius}" fill="{m.fill}" '
            f'stroke="#000" stroke-width="1"/></svg> {html_text(m.label)}</div>'
            for m in markers
        ]
        rows += [f"<div class='legend-note'>{html_text(line)}</div>" for line in extra]
        self.html = (
            "<div style='background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;"
            "font:12px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)'>"
            f"<b>{html_text(title)}</b>" + "".join(rows) + "</div>"
        )


class BindContent(MacroElement):
    """A segment line's hover tooltip and click popup, bound in one small script.

    folium's own Tooltip/GeoJsonTooltip/Popup cost three template compilations each per
    segment on every rerun (most of the app's render time), and streamlit-folium expects
    function-valued contents (it calls getContent() on click). Both are escaped HTML here.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}
            .bindTooltip(function () { return {{ this.tooltip | tojson }}; }, {sticky: true})
            .bindPopup(function () { return {{ this.popup | tojson }}; }, {maxWidth: 380});
        {% endmacro %}
        """
    )

    def __init__(self, tooltip: str, popup: str) -> None:
        super().__init__()
        self._name = "BindContent"
        self.tooltip = html_text(tooltip)  # text, escaped here
        self.popup = popup  # HTML built from escaped parts by popup_html


class ClickSelect(MacroElement):
    """Marks a clicked segment as selected in the browser, at once and across layer swaps.

    The server learns of the click too (streamlit-folium reports it), but it does not redraw the
    layers for it: swapping them would close the popup the click just opened.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (layer, id) {
            var w = window;
            function mark(on) {
                layer.eachLayer(function (part) {
                    var el = part.getElement && part.getElement();
                    if (el) { el.classList.toggle("selected", on); }
                });
            }
            layer.routesMark = mark;
            function adopt() {
                if (w.routesSelected !== id) { return; }
                if (w.routesSelectedLayer && w.routesSelectedLayer !== layer) {
                    w.routesSelectedLayer.routesMark(false);
                }
                w.routesSelectedLayer = layer;
                mark(true);
            }
            layer.on("click", function () { w.routesSelected = id; adopt(); });
            layer.on("add", adopt);
            if (layer._map) { adopt(); }
        })({{ this._parent.get_name() }}, {{ this.segment_id | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, segment_id: str) -> None:
        super().__init__()
        self._name = "ClickSelect"
        self.segment_id = segment_id


class InitialSelection(MacroElement):
    """The segment selected when the map is first drawn (e.g. from a shared link)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.routesSelected = {{ this.segment_id | tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, segment_id: str | None) -> None:
        super().__init__()
        self._name = "InitialSelection"
        self.segment_id = segment_id


class LabelZoomGate(MacroElement):
    """Hides the permanent port labels while the map is zoomed out too far for them to fit."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            function gate() {
                map.getContainer().classList.toggle("labels-off", map.getZoom() < {{ this.min_zoom }});
            }
            map.on("zoomend", gate);
            gate();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, min_zoom: float) -> None:
        super().__init__()
        self._name = "LabelZoomGate"
        self.min_zoom = float(min_zoom)


class NodeMarkers(MacroElement):
    """Circle markers for nodes, drawn from one JSON list in one script (not two elements each)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group) {
            {{ this.markers | tojson }}.forEach(function (m) {
                var marker = L.circleMarker([m.lat, m.lon], {
                    radius: m.radius, color: "#000", weight: 1, fill: true, fillOpacity: 1.0,
                    fillColor: m.fill
                });
                if (m.label) {
                    marker.bindTooltip(m.label, {
                        permanent: true, direction: "right", className: "node-label"
                    });
                } else {
                    marker.bindTooltip(m.tip);
                }
                marker.addTo(group);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, markers: Sequence[Mapping[str, object]]) -> None:
        """markers: dicts with lat, lon, radius, fill, tip (escaped HTML) and label (or None)."""
        super().__init__()
        self._name = "NodeMarkers"
        self.markers = list(markers)
