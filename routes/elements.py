"""Small Leaflet behaviours for the map, one element each, their JavaScript in a template."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from folium.map import FeatureGroup
from jinja2 import Template

from routes.fragments import render
from routes.text import html_text

_ids = itertools.count()


class _Rendered(Element):
    """Text already rendered, put into the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    @classmethod
    def _generate_id(cls) -> str:
        # Only unique names are needed (a map makes hundreds of these per run): branca's 16 bytes
        # from os.urandom cost ~0.1 ms each on this machine.
        return f"{next(_ids):032x}"

    def render(self, **kwargs: Any) -> str:
        return self.text


def _render_parts(element: MacroElement, kwargs: dict[str, Any]) -> None:
    """Each macro of the element's class template, rendered once, into the page; then its children.

    branca's MacroElement compiles each rendered part as a new Jinja template and renders that
    again: slow for long scripts (most of a map's render time), and it would evaluate any "{{ … }}"
    an article's text brought into a popup.
    """
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{element._name} can only be rendered inside a Figure (a folium Map)")
    macros = element._template.module.__dict__
    for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
        if part in macros:
            target.add_child(_Rendered(macros[part](element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class RoutesElement(MacroElement):
    """A MacroElement whose rendered parts go into the page as they are (see _render_parts)."""

    def render(self, **kwargs: Any) -> None:
        _render_parts(self, kwargs)


class _AddTo(ElementAddToElement, RoutesElement):
    """folium's "add this layer to its parent" script, rendered as a RoutesElement."""


class RoutesGroup(FeatureGroup):
    """folium's FeatureGroup (one toggleable layer), rendered as a RoutesElement: streamlit-folium
    renders every layer on every run, and branca's way costs two template compilations each."""

    def render(self, **kwargs: Any) -> None:
        if self.show:  # as folium's Layer.render
            self.add_child(_AddTo(self.get_name(), self._parent.get_name()), name=self.get_name() + "_add")
        _render_parts(self, kwargs)


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


class Legend(RoutesElement):
    """The key to line colours and markers, in a corner, folded away by a small toggle button.

    Starts open unless, at the first view (once its lines are drawn), it would lie over a line or a
    marker; the reader's choice is kept (in the map's window) while the map lives, across layer swaps.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        function routesStyled(map) {  // laid out, with Leaflet's stylesheet applied (measurable)
            var el = map.getContainer(), corner = el.querySelector(".leaflet-top");
            return el.clientWidth > 0 && el.clientHeight > 0 && !!corner &&
                getComputedStyle(corner).position === "absolute";
        }
        (function (map) {
            var w = window, legend = L.control({position: {{ this.position | tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "corridor-legend");
                div.innerHTML = {{ this.html | tojson }};
                var button = div.querySelector("button.legend-toggle");
                function show(collapsed) {
                    div.classList.toggle("collapsed", collapsed);
                    button.setAttribute("aria-expanded", String(!collapsed));
                    button.title = collapsed ? "Show the legend" : "Hide the legend";
                    map.fire("routeslegend");
                }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                L.DomEvent.on(button, "click", function () {
                    w.routesLegendCollapsed = !div.classList.contains("collapsed");
                    show(w.routesLegendCollapsed);
                });
                legend.routesShow = show;
                show(w.routesLegendCollapsed === true);
                return div;
            };
            legend.addTo(map);
            // The first view: fold the legend away if it lies over a line or a marker.
            function covers() {
                var c = map.getContainer().getBoundingClientRect();
                var r = legend.getContainer().getBoundingClientRect();
                var box = {left: r.left - c.left - 4, top: r.top - c.top - 4,
                           right: r.right - c.left + 4, bottom: r.bottom - c.top + 4};
                function inside(p, pad) {
                    return p.x >= box.left - pad && p.x <= box.right + pad &&
                           p.y >= box.top - pad && p.y <= box.bottom + pad;
                }
                var hit = false;
                map.eachLayer(function (layer) {
                    if (hit) { return; }
                    if (layer instanceof L.CircleMarker) {
                        hit = inside(map.latLngToContainerPoint(layer.getLatLng()), layer.getRadius());
                    } else if (layer instanceof L.Polyline &&
                               / segment /.test(" " + layer.options.className + " ")) {
                        var lines = layer.getLatLngs();
                        lines = lines.length && !(lines[0] instanceof L.LatLng) ? lines : [lines];
                        lines.forEach(function (line) {
                            for (var i = 1; i < line.length && !hit; i++) {
                                var a = map.latLngToContainerPoint(line[i - 1]);
                                var b = map.latLngToContainerPoint(line[i]);
                                var steps = Math.max(1, Math.ceil(a.distanceTo(b) / 3));
                                for (var k = 0; k <= steps && !hit; k++) {
                                    hit = inside(a.add(b.subtract(a).multiplyBy(k / steps)), 3);
                                }
                            }
                        });
                    }
                });
                return hit;
            }
            // Decided once, when the first view is there with its lines; the reader's choice wins.
            var timer = null, events = "layeradd moveend resize", decided = false;
            function lines() {
                var found = false;
                map.eachLayer(function (l) {
                    found = found || / segment /.test(" " + l.options.className + " ");
                });
                return found;
            }
            function firstView() {
                timer = null;
                if (decided) { return; }
                if (!routesStyled(map) || map.routesFitPending) {
                    timer = setTimeout(firstView, 100);
                    return;
                }
                if (!lines()) { return; }  // the app adds them after the map: the next layeradd
                done();
                if (w.routesLegendCollapsed === undefined && covers()) { legend.routesShow(true); }
            }
            function later() { if (timer === null && !decided) { timer = setTimeout(firstView, 0); } }
            function done() { decided = true; map.off(events, later); }
            map.on(events, later);
            later();
            // An open popup is what the reader looks at: where it runs under the legend (a
            // control, drawn above every popup), the legend fades and lets clicks through.
            function makeWay() {
                var popup = map.routesOpenPopup && map.routesOpenPopup.getElement();
                var box = legend.getContainer(), over = false;
                if (popup) {
                    var a = popup.getBoundingClientRect(), b = box.getBoundingClientRect();
                    over = a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;
                }
                box.classList.toggle("under-popup", over);
            }
            map.on("popupopen", function (e) { map.routesOpenPopup = e.popup; makeWay(); });
            map.on("popupclose", function () { map.routesOpenPopup = null; makeWay(); });
            map.on("moveend", makeWay);  // the popup's own pan into view moves it after it opens
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        lines: Sequence[LineKey],
        markers: Sequence[MarkerKey] = (),
        extra: Sequence[str] = (),
        position: str = "topright",
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.html = render("legend.html", title=title, lines=lines, markers=markers, notes=extra)

    CSS = """
.corridor-legend{background:rgba(255,255,255,.92);padding:5px 8px;border-radius:4px;
  font:12px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:280px;transition:opacity .2s}
.corridor-legend.under-popup{opacity:.12;pointer-events:none}
.corridor-legend .legend-head{display:flex;align-items:center;gap:8px;justify-content:space-between}
.corridor-legend button.legend-toggle{border:1px solid #bbb;background:#fff;border-radius:3px;
  font:600 12px/1.2 sans-serif;padding:1px 6px;cursor:pointer;color:#333}
.corridor-legend .when-closed,.corridor-legend.collapsed .when-open,.corridor-legend.collapsed .legend-body,
.corridor-legend.collapsed .legend-title{display:none}
.corridor-legend.collapsed .when-closed{display:inline}
.corridor-legend.collapsed{padding:2px}
.corridor-legend.collapsed button.legend-toggle{border:none}
"""


class BindContent(RoutesElement):
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
            .bindPopup(function () { return {{ this.popup | tojson }}; },
                       {maxWidth: 380, autoPanPaddingTopLeft: [{{ this.clear_left }}, 10]});
        {% endmacro %}
        """
    )

    # Leaflet's zoom buttons take the top-left corner: a popup opened near the map's left edge is
    # panned clear of them (Leaflet's default padding, 5 px, left its title under the "+").
    clear_left = 56

    def __init__(self, tooltip: str, popup: str) -> None:
        super().__init__()
        self._name = "BindContent"
        self.tooltip = html_text(tooltip)  # text, escaped here
        self.popup = popup  # HTML built from escaped parts by popup_html


class ClickSelect(RoutesElement):
    """Marks a clicked segment as selected in the browser, at once and across layer swaps.

    The server learns of the click too, but it does not redraw the layers for it: swapping them
    would close the popup the click just opened. In the app the click is reported at once:
    streamlit-folium reports it only after a 250 ms debounce, a good part of a click's wait. The
    value sent is the one streamlit-folium would send (with returned_objects=["last_active_drawing"],
    the only case handled), and is recorded as sent, so its own report later finds nothing new.
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
            function report(e) {  // see the docstring; a no-op outside streamlit-folium
                var data = w.__GLOBAL_DATA__, wanted = data && data.returned_objects;
                if (!w.Streamlit || !wanted || wanted.length !== 1 || wanted[0] !== "last_active_drawing" ||
                        !e.layer || typeof e.layer.toGeoJSON !== "function") { return; }
                var value = {last_active_drawing: e.layer.toGeoJSON()};
                if (JSON.stringify(value) === JSON.stringify(data.previous_data)) { return; }
                data.last_active_drawing = value.last_active_drawing;
                data.previous_data = value;
                w.Streamlit.setComponentValue(value);
            }
            layer.on("click", function (e) { w.routesSelected = id; adopt(); report(e); });
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


class InitialSelection(RoutesElement):
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


class Panes(RoutesElement):
    """Map panes stacked by z-index: lines above markers, so a short line can still be clicked."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            {{ this.panes | tojson }}.forEach(function (p) {
                (map.getPane(p[0]) || map.createPane(p[0])).style.zIndex = p[1];
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, panes: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self._name = "Panes"
        self.panes = [[name, int(z)] for name, z in panes]


class HitStroke(RoutesElement):
    """A wide invisible copy of each line of a layer, in a pane under the lines, that is part of the layer.

    A click or hover on it is one on the layer (its popup, tooltip and ClickSelect), and reports the
    same feature; hovering it highlights the visible line. The visible lines keep their class.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (layer) {
            var parts = [];
            layer.eachLayer(function (part) { if (part.getLatLngs) { parts.push(part); } });
            parts.forEach(function (part) {
                var hit = L.polyline(part.getLatLngs(), {
                    pane: {{ this.pane | tojson }}, weight: {{ this.weight }}, color: "#000", opacity: 0,
                    className: "segment-hit", interactive: true
                });
                hit.feature = part.feature;
                ["mouseover", "mouseout"].forEach(function (type) {
                    hit.on(type, function (e) { part.fire(type, e); });
                });
                layer.addLayer(hit);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, pane: str, weight: int) -> None:
        super().__init__()
        self._name = "HitStroke"
        self.pane = pane
        self.weight = int(weight)


class FitView(RoutesElement):
    """The first view: the given bounds, padded so that no end hides under a control.

    The padding clears the zoom buttons (top left), the scale (bottom left) and the attribution
    (bottom right), and leaves room on the right for the label of an eastern end; the map may zoom
    out below its minimum to show them whole (see ViewBounds).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function fit(map, bounds) {
            var el = map.getContainer();
            map.routesFitPending = true;  // the legend waits for the first view (see Legend)
            if (!(el.clientWidth && el.clientHeight)) {  // not laid out yet (the app's iframe): wait
                setTimeout(function () { fit(map, bounds); }, 50);
                return;
            }
            map.invalidateSize({pan: false});
            var options = {paddingTopLeft: {{ this.top_left | tojson }},
                           paddingBottomRight: {{ this.bottom_right | tojson }}};
            var padding = L.point(options.paddingTopLeft).add(options.paddingBottomRight);
            var floor = map.getMinZoom();
            map.options.minZoom = 0;  // the zoom the bounds need, not the one the map allows
            var zoom = map.getBoundsZoom(bounds, false, padding);
            map.options.minZoom = floor;
            map.routesFitPending = false;
            if (!isFinite(zoom)) { return; }
            map.routesFirstZoom = zoom;  // kept by ViewBounds on resize
            if (zoom < floor) { map.setMinZoom(zoom); }
            map.fitBounds(bounds, options);
        })({{ this._parent.get_name() }}, L.latLngBounds({{ this.bounds | tojson }}));
        {% endmacro %}
        """
    )

    def __init__(
        self,
        bounds: Sequence[Sequence[float]],
        top_left: tuple[int, int] = (56, 24),
        bottom_right: tuple[int, int] = (80, 60),
    ) -> None:
        """bounds: [[south, west], [north, east]]; paddings in px, [x, y]."""
        super().__init__()
        self._name = "FitView"
        self.bounds = [list(map(float, corner)) for corner in bounds]
        self.top_left = [int(v) for v in top_left]
        self.bottom_right = [int(v) for v in bottom_right]


class ViewBounds(RoutesElement):
    """Keep the view inside the drawn base map: no zooming out or panning past its edge.

    The minimum zoom is the one at which the map's box fills the view, recomputed on resize; a
    first view that needs less (FitView) lowers it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function bound(map, box) {
            var el = map.getContainer();
            if (!(el.clientWidth && el.clientHeight)) {  // not laid out yet (the app's iframe): wait
                setTimeout(function () { bound(map, box); }, 50);
                return;
            }
            map.invalidateSize({pan: false});
            map.setMaxBounds(box);
            map.options.maxBoundsViscosity = 1.0;
            function fill() {
                var zoom = map.getBoundsZoom(box, true);
                if (map.routesFirstZoom !== undefined) { zoom = Math.min(zoom, map.routesFirstZoom); }
                map.setMinZoom(zoom);
            }
            map.on("resize", fill);
            fill();
        })({{ this._parent.get_name() }}, L.latLngBounds({{ this.box | tojson }}));
        {% endmacro %}
        """
    )

    def __init__(self, box: Mapping[str, float]) -> None:
        super().__init__()
        self._name = "ViewBounds"
        self.box = [[box["south"], box["west"]], [box["north"], box["east"]]]


class LabelPlacer(RoutesElement):
    """Shows the node labels that fit: by rank, from their zoom on, none over another or a control.

    Each label tries the right of its marker, then the left, above and below; a label that fits
    nowhere in the view (over no control, marker or other label) waits for a closer zoom. The base
    map's place names give way to them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        function routesStyled(map) {  // laid out, with Leaflet's stylesheet applied (measurable)
            var el = map.getContainer(), corner = el.querySelector(".leaflet-top");
            return el.clientWidth > 0 && el.clientHeight > 0 && !!corner &&
                getComputedStyle(corner).position === "absolute";
        }
        (function (map) {
            var timer = null;
            function overlaps(a, b) {
                return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            }
            function place() {
                timer = null;
                if (!routesStyled(map)) { timer = setTimeout(place, 100); return; }
                var zoom = map.getZoom(), root = map.getContainer(), view = root.getBoundingClientRect();
                var taken = [];
                root.querySelectorAll(".leaflet-control").forEach(function (el) {
                    var r = el.getBoundingClientRect();
                    if (r.width && r.height) { taken.push(r); }
                });
                // Markers are obstacles too (a little inside their box: a label sits just beside its own).
                root.querySelectorAll({{ this.obstacles | tojson }}).forEach(function (el) {
                    var r = el.getBoundingClientRect();
                    if (r.width && r.height) {
                        taken.push({left: r.left + 2, top: r.top + 2,
                                    right: r.right - 2, bottom: r.bottom - 2});
                    }
                });
                function fits(r) {
                    return r.left >= view.left && r.right <= view.right && r.top >= view.top &&
                        r.bottom <= view.bottom && !taken.some(function (t) { return overlaps(t, r); });
                }
                var labels = [];
                map.eachLayer(function (layer) {
                    if (layer instanceof L.Tooltip && layer.options.routesRank !== undefined &&
                            layer._container) {
                        labels.push(layer);
                    }
                });
                labels.sort(function (a, b) { return a.options.routesRank - b.options.routesRank; });
                labels.forEach(function (tip) {
                    var shown = false;
                    if (zoom >= tip.options.routesMinZoom) {
                        ["right", "left", "top", "bottom"].some(function (side) {
                            if (tip.options.direction !== side) {
                                tip.options.direction = side;
                                tip.update();
                            }
                            var r = tip._container.getBoundingClientRect();
                            shown = fits(r);
                            if (shown) { taken.push(r); }
                            return shown;
                        });
                    }
                    tip._container.classList.toggle("label-hidden", !shown);
                });
                root.querySelectorAll(".place-label").forEach(function (el) {
                    var r = el.getBoundingClientRect(), shown = fits(r);
                    if (shown) { taken.push(r); }
                    el.classList.toggle("label-hidden", !shown);
                });
            }
            function later() { if (timer === null) { timer = setTimeout(place, 0); } }
            map.on("zoomend moveend resize layeradd layerremove routeslegend", later);
            map.routesPlaceLabels = place;
            later();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, obstacles: str = ".leaflet-control") -> None:
        """obstacles: a CSS selector of more things no label may cover (e.g. the node markers)."""
        super().__init__()
        self._name = "LabelPlacer"
        self.obstacles = obstacles


class NodeMarkers(RoutesElement):
    """Circle markers for nodes and their labels, drawn from one JSON list in one script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group) {
            {{ this.markers | tojson }}.forEach(function (m) {
                var marker = L.circleMarker([m.lat, m.lon], {
                    radius: m.radius, color: "#000", weight: 1, fill: true, fillOpacity: 1.0,
                    fillColor: m.fill, pane: {{ this.pane | tojson }}
                });
                marker.bindTooltip(m.tip);
                marker.addTo(group);
                if (m.label) {  // placed, or hidden, by LabelPlacer
                    L.tooltip({
                        permanent: true, direction: "right", className: "node-label", interactive: false,
                        offset: [m.radius - 4, 0], routesRank: m.rank, routesMinZoom: m.min_zoom
                    }).setLatLng([m.lat, m.lon]).setContent(m.label).addTo(group);
                }
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, markers: Sequence[Mapping[str, object]], pane: str = "overlayPane") -> None:
        """markers: dicts with lat, lon, radius, fill, tip (escaped HTML), and label (escaped HTML, or
        None), rank (lower first) and min_zoom for the label."""
        super().__init__()
        self._name = "NodeMarkers"
        self.markers = list(markers)
        self.pane = pane
