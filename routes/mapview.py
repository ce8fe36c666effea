"""Build the folium map: data in, folium.Map out. Used by the app, the exporter and the tests."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

import folium
from markupsafe import Markup
from shapely.geometry.base import BaseGeometry

from routes.alternatives import Alternative
from routes.assets import use_cdn_names
from routes.basemap import ATTRIBUTION, CONTEXT_BOX, display_file_name, display_text
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
    RoutesGroup,
    ViewBounds,
)
from routes.fragments import render
from routes.geodata import latlon
from routes.layers import BaseLayers, LineLayer
from routes.model import Network, Node, Segment
from routes.planned import Shown
from routes.plannedmap import PLANNED_STYLE, planned_layer
from routes.text import html_text
from routes.views import ExcerptView, fact_rows

INITIAL_CENTER = (41.5, 68.0)  # until fit_bounds runs; roughly the Aral Sea, mid-corridor
INITIAL_ZOOM = 4


MODE_STYLES: dict[str, LineKey] = {
    "rail": LineKey("Rail (TITR)", "#c0392b", None, 4),
    "sea": LineKey("Ferry / sea leg (TITR)", "#1f5fa8", "8 7", 4),
    "pipeline": LineKey("Oil pipeline (BTC)", "#2d2d2d", "2 6", 4),
}
GAUGE_BREAK_FILL, NODE_FILL = "#f39c12", "#ffffff"
NODE_LEGEND = (
    MarkerKey("Station, port, border, terminal", NODE_FILL, 4),
    MarkerKey("Break of gauge", GAUGE_BREAK_FILL, 5),
)
HIGHLIGHT = {"color": "#ffcc00", "weight": 12, "opacity": 0.85}
FADED_OPACITY = 0.25  # segments off the planned route stay visible as context
# How a line looks in a year when it is not simply open (see routes.asof): dashed while only
# planned or being built, dotted and dark when disrupted, lighter where no source covers the year.
STATUS_STYLES: dict[str, dict[str, object]] = {
    "planned": {"dashArray": "10 8", "opacity": 0.55},
    "under construction": {"dashArray": "10 8", "opacity": 0.7},
    "disrupted": {"dashArray": "2 7", "color": "#5b2c6f", "opacity": 0.95},
    "status unknown": {"opacity": 0.45},
}
WATER = "#c7dceb"  # also the map's background, beyond the drawn land
LAND_STYLE = {"fillColor": "#f3efe4", "stroke": False, "fillOpacity": 1.0}
WATER_STYLE = {"fillColor": WATER, "stroke": False, "fillOpacity": 1.0}
BORDER_STYLE = {"color": "#b9b2a0", "weight": 0.6, "fill": False}
# Panes over Leaflet's overlayPane (400, the base map): wide invisible hit strokes, then the node
# markers, then the lines, so that a line is clickable where a marker sits on it.
HIT_PANE, NODE_PANE, LINE_PANE = "routes-hits", "routes-nodes", "routes-lines"
PANES = ((HIT_PANE, 410), (NODE_PANE, 420), (LINE_PANE, 430))
HIT_WEIGHT = 14  # px: the clickable width of every line


def base_map(
    geodata_dir: Path,
    *,
    fit: Sequence[BaseGeometry] = (),
    selected: str | None = None,
    web_tiles: bool = False,
    credits: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> folium.Map:
    """The static part of the map: offline Natural Earth background, labels and legend.

    credits: whom the drawn lines must credit (Network.credits()), shown beside Natural Earth.
    """
    fmap = folium.Map(
        location=INITIAL_CENTER, zoom_start=INITIAL_ZOOM, tiles=None, min_zoom=3, max_zoom=12,
        control_scale=True, zoom_snap=0.25, zoom_delta=0.5,
    )  # fmt: skip
    use_cdn_names(fmap)  # only Leaflet, bundled (see routes.assets)
    Panes(PANES).add_to(fmap)
    ViewBounds(CONTEXT_BOX).add_to(fmap)
    # Bottom first; the areas are drawn without outline (an outline would draw the extract's box).
    drawn = (
        ("context", LAND_STYLE), ("context_borders", BORDER_STYLE),
        ("land", LAND_STYLE), ("water", WATER_STYLE), ("borders", BORDER_STYLE),
    )  # fmt: skip
    BaseLayers(
        display_text(geodata_dir), display_file_name(geodata_dir), drawn, attribution_html(credits)
    ).add_to(fmap)
    if web_tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap (online)", overlay=False).add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(_CSS))
    Legend(
        "Trans-Caspian corridor",
        [*MODE_STYLES.values(), PLANNED_STYLE, CONTEXT_STYLE],
        NODE_LEGEND,
        [*notes, "Click a line for its facts and news excerpts."],
    ).add_to(fmap)
    if fit:
        west, south, east, north = _bounds(fit)
        FitView([latlon((west, south)), latlon((east, north))]).add_to(fmap)
    LabelPlacer(obstacles=f".leaflet-{NODE_PANE}-pane path").add_to(fmap)
    InitialSelection(selected).add_to(fmap)
    return fmap


def attribution_html(credits: Sequence[str]) -> str:
    """The map's attribution line: the base map, then the sources of the lines."""
    text = ATTRIBUTION + (f" · Lines: {', '.join(credits)}" if credits else "")
    return html_text(text)


_CSS = (
    """<style>
.place-label{font:11px sans-serif;color:#666;white-space:nowrap;text-shadow:0 0 2px #fff}
.place-label-icon{background:none;border:none}
.leaflet-tooltip.node-label{background:none;border:none;box-shadow:none;padding:0 0 0 2px;
  font:600 11px sans-serif;color:#333;text-shadow:0 0 2px #fff,0 0 2px #fff}
.leaflet-tooltip.node-label:before{display:none}
.leaflet-tooltip-left.node-label{padding:0 2px 0 0}
.label-hidden{visibility:hidden}
path.leaflet-interactive:focus{outline:none}
path.segment.selected{filter:drop-shadow(0 0 3px #ffcc00) drop-shadow(0 0 3px #ffcc00);stroke-width:6px}
div.leaflet-container{background:#c7dceb}
.leaflet-control-attribution{font-size:10px;line-height:1.3;max-width:70%}
.corridor-popup{max-height:300px;overflow-y:auto}
.corridor-popup h4{margin:0 0 4px;font-size:14px}
.corridor-popup table{font-size:12px;border-collapse:collapse}
.corridor-popup td,.corridor-popup th{padding:1px 6px 1px 0;vertical-align:top;text-align:left}
.corridor-popup blockquote{margin:4px 0;padding-left:6px;border-left:3px solid #ccc;font-size:12px}
.corridor-popup mark{background:#fff2a8}"""
    + Legend.CSS
    + "</style>"
)


def segment_layer(
    segment: Segment, excerpts: Sequence[ExcerptView] = (), *, selected: bool = False, faded: bool = False,
    status: str | None = None,
) -> folium.FeatureGroup:
    """One toggleable layer: the segment's line, its tooltip and popup (and a halo if selected).

    faded: a planned route is shown and this segment is not on it.
    status: in the year shown, "planned", "under construction", "disrupted" or "status unknown".
    """  # fmt: skip
    style = MODE_STYLES[segment.mode]
    group = RoutesGroup(name=segment.name, show=True)
    feature = {
        "type": "Feature",
        "properties": {"id": segment.id, "name": segment.name},
        "geometry": segment.geometry.__geo_interface__,
    }
    if selected:
        LineLayer(feature, HIGHLIGHT, interactive=False).add_to(group)
    line_style = {
        "color": style.color,
        "weight": style.weight,
        "opacity": FADED_OPACITY if faded else 0.9,
        "dashArray": style.dash,
        # lets a browser (and its tests) find the line
        "className": f"segment seg-{segment.id}" + (" faded" if faded else "")
        + (f" status-{status.replace(' ', '-')}" if status else ""),
        **STATUS_STYLES.get(status or "", {}),
    }  # fmt: skip
    if faded:
        line_style["opacity"] = FADED_OPACITY
    layer = LineLayer(
        feature, line_style, pane=LINE_PANE, highlight={"weight": style.weight + 4, "opacity": 1.0}
    )
    tooltip = segment.name + (f" ({status} in the year shown)" if status else "")
    BindContent(tooltip=tooltip, popup=popup_html(segment, excerpts)).add_to(layer)
    HitStroke(HIT_PANE, HIT_WEIGHT).add_to(layer)
    ClickSelect(segment.id).add_to(layer)
    layer.add_to(group)
    return group


def popup_html(segment: Segment, excerpts: Sequence[ExcerptView], limit: int = 3) -> Markup:
    """Short version of the side panel: facts, the best excerpts and the sources."""
    return render(
        "segment_popup.html", name=segment.name, rows=fact_rows(segment, short=True),
        excerpts=excerpts[:limit], more=len(excerpts) - limit, sources=segment.sources,
    )  # fmt: skip


# From which zoom a node's label may show (if it fits), and which labels win a place first.
LABEL_MIN_ZOOM = {"port": 0.0, "terminal": 0.0, "city": 4.5, "border": 5.0, "junction": 5.5, "station": 6.5}
GAUGE_BREAK_LABEL_ZOOM = 4.5


def short_name(node: Node) -> str:
    """The node's shortest name among its name and first alias ("Port of Aktau" -> "Aktau")."""
    return min((node.name, *node.aliases[:1]), key=len)


def _label_zoom(node: Node) -> float:
    zoom = LABEL_MIN_ZOOM.get(node.kind, 6.5)
    return min(zoom, GAUGE_BREAK_LABEL_ZOOM) if node.gauge_break else zoom


def _marker(node: Node, rank: int) -> dict[str, object]:
    lat, lon = latlon((node.point.x, node.point.y))
    tip = f"{node.name} ({node.kind})" + (f" · break of gauge {node.gauge_break}" if node.gauge_break else "")
    return {
        "lat": lat,
        "lon": lon,
        "radius": 6 if node.gauge_break else 4,
        "fill": GAUGE_BREAK_FILL if node.gauge_break else NODE_FILL,
        "tip": html_text(tip),
        "label": html_text(short_name(node)),
        "rank": rank,
        "min_zoom": _label_zoom(node),
    }


CONTEXT_STYLE = LineKey("Alternative route (context)", "#7a7a7a", "3 7", 3)


def context_layer(alternative: Alternative) -> folium.FeatureGroup:
    """A grey context line: another way between the same ends (rail via Russia, sea via Suez …)."""
    group = RoutesGroup(name=alternative.name, show=True)
    style = {
        "color": CONTEXT_STYLE.color, "weight": CONTEXT_STYLE.weight, "opacity": 0.8,
        "dashArray": CONTEXT_STYLE.dash, "className": f"context ctx-{alternative.key}",
    }  # fmt: skip
    feature = {"type": "Feature", "properties": {"key": alternative.key},
               "geometry": alternative.geometry.__geo_interface__}  # fmt: skip
    layer = LineLayer(feature, style)
    tip = f"{alternative.name}: {alternative.km:,.0f} km computed · {alternative.days_label} stated"
    BindContent(tooltip=tip, popup=context_popup_html(alternative)).add_to(layer)
    layer.add_to(group)
    return group


def context_popup_html(alternative: Alternative) -> Markup:
    """What a context line says when clicked: its length, the published time and its sources."""
    data = alternative.to_dict()
    modes = ", ".join(f"{mode} {km:,.0f} km" for mode, km in data["km_by_mode"].items())
    rows = [
        ("Computed", f"{alternative.km:,.0f} km ({modes})"),
        ("Stated transit", alternative.days_label),
        *([("Ends at", alternative.ends_at)] if alternative.ends_at else []),
        ("Geometry", f"{alternative.geometry_source} · {alternative.geometry_licence}"),
    ]
    return render(
        "context_popup.html", name=alternative.name, rows=rows, note=alternative.note, sources=data["sources"]
    )


def nodes_layer(nodes: Iterable[Node]) -> folium.FeatureGroup:
    """Small markers for stations, ports, borders and terminals; gauge breaks stand out.

    Every node has a label; the browser shows those that fit (LabelPlacer): ports and terminals
    from the first view, then cities and gauge breaks, borders, junctions, stations as you zoom in.
    """
    ordered = sorted(nodes, key=lambda n: (_label_zoom(n), n.name))
    group = RoutesGroup(name="Ports, borders and terminals", show=True)
    NodeMarkers([_marker(node, rank) for rank, node in enumerate(ordered)], pane=NODE_PANE).add_to(group)
    return group


def segment_layers(
    network: Network,
    visible: Iterable[str],
    excerpts: Mapping[str, Sequence[ExcerptView]],
    selected: str | None = None,
    route: Collection[str] | None = None,
    context: Sequence[Alternative] = (),
    statuses: Mapping[str, str] | None = None,
) -> list[folium.FeatureGroup]:
    """The dynamic part of the map: context lines, one layer per visible segment, the node markers.

    route: the segments of a planned route; they are drawn even if hidden, the others faded.
    context: alternatives between the same ends, drawn grey under the corridor.
    statuses: the year's status of the segments that are not simply open (routes.asof.YearView).
    """
    wanted = set(visible) | set(route or ())
    shown = [s for s in network.segments if s.id in wanted]
    layers = [
        segment_layer(s, excerpts.get(s.id, ()), selected=s.id == selected,
                      faded=route is not None and s.id not in route, status=(statuses or {}).get(s.id))
        for s in shown
    ]  # fmt: skip
    return [*(context_layer(a) for a in context), *layers, nodes_layer(network.nodes_on(wanted))]


def build_map(
    network: Network,
    geodata_dir: Path,
    visible: Iterable[str],
    excerpts: Mapping[str, Sequence[ExcerptView]],
    *,
    selected: str | None = None,
    web_tiles: bool = False,
    route: Collection[str] | None = None,
    notes: Sequence[str] = (),
    context: Sequence[Alternative] = (),
    statuses: Mapping[str, str] | None = None,
    planned: Sequence[Shown] = (),
) -> folium.Map:
    """The whole map in one object (for export and tests): base map plus the visible layers.

    notes: lines for the legend, e.g. the planned route and its length.
    planned: projects planned or being built in the year shown (routes.planned.shown_in).
    """
    wanted = set(visible) | set(route or ())
    shown = [s.geometry for s in network.segments if s.id in wanted]
    fmap = base_map(
        geodata_dir, fit=shown, selected=selected, web_tiles=web_tiles, credits=network.credits(wanted),
        notes=notes,
    )  # fmt: skip
    for layer in segment_layers(network, wanted, excerpts, selected, route, context, statuses):
        layer.add_to(fmap)
    if planned:
        planned_layer(planned, LINE_PANE, HIT_PANE, HIT_WEIGHT).add_to(fmap)
    return fmap


def _bounds(geoms: Sequence) -> tuple[float, float, float, float]:
    boxes = [g.bounds for g in geoms]
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )  # fmt: skip


def view_of(geoms: Sequence) -> tuple[tuple[float, float], int]:
    """Centre (lat, lon) and a zoom level that fits the given geometries in a ~900 px map."""
    west, south, east, north = _bounds(geoms)
    span = max(east - west, (north - south) * 1.4, 0.05)
    zoom = 3
    while zoom < 10 and 360 / 2 ** (zoom + 1) * 3.5 >= span:
        zoom += 1
    return latlon(((west + east) / 2, (south + north) / 2)), zoom
