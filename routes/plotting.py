"""The layers of a figure, drawn with geopandas and matplotlib on one axes in a projected CRS:
the Natural Earth background, a graticule, the segments (in the year shown) and nodes styled as on
the web map, the planned projects, the scale bar and the legend's entries."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, box
from shapely.geometry.base import BaseGeometry

from routes.basemap import BASEMAP_DIR
from routes.export import route_notes
from routes.files import PathError
from routes.labels import Extent
from routes.mapview import (
    BORDER_STYLE,
    FADED_OPACITY,
    GAUGE_BREAK_FILL,
    HIGHLIGHT,
    MODE_STYLES,
    NODE_FILL,
    STATUS_STYLES,
    WATER,
)
from routes.mapview import LAND_STYLE as MAP_LAND_STYLE
from routes.model import Node, Segment
from routes.planned import Shown
from routes.plannedmap import PLANNED_STYLE, POINT_RADIUS, PROJECT_DASH, PROJECT_OPACITY
from routes.planner import Route

if TYPE_CHECKING:
    from matplotlib.axes import Axes

PX = 0.45  # points per pixel of the web map's styles: the figure's lines are as the map's, finer
PNG_WIDTH_PX = 3000  # background shapes are simplified to a pixel of the widest figure
LAND_FILL, LAND_EDGE = MAP_LAND_STYLE["fillColor"], BORDER_STYLE["color"]
WATER_FILL, WATER_EDGE = WATER, "#9fbfd6"  # the shore line the web map drew before it dropped outlines
OUTSIDE = "#f6f4ee"  # beyond the bundled Natural Earth extract (the web map's background)
CORNERS = ("lower left", "lower right", "upper left", "upper right")
BAR_HEIGHT = 0.06  # the scale bar with its labels, as a share of the map's height
_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
_GEOD = Geod(ellps="WGS84")
NATURAL_EARTH = ("countries", "ocean", "lakes")  # the files of geodata/naturalearth a figure draws


@dataclass(frozen=True)
class ScaleBar:
    """A bar of `km` true kilometres drawn from (x0, y) to (x1, y), in the figure's projection."""

    x0: float
    x1: float
    y: float
    km: float

    @property
    def label(self) -> str:
        return f"{self.km:,.0f} km"


def scale_bar(crs: CRS, extent: Extent, share: float = 0.2, corner: str = "lower left") -> ScaleBar:
    """A round number of km, about `share` of the map's width, measured on the ellipsoid where it lies.

    Distances vary across a conic map; the bar is true along itself, in the corner it is drawn in.
    """
    xmin, ymin, xmax, ymax = extent
    width, height = xmax - xmin, ymax - ymin
    right = corner.endswith("right")
    anchor = xmax - 0.03 * width if right else xmin + 0.03 * width
    y = ymax - 0.05 * height - BAR_HEIGHT * height if corner.startswith("upper") else ymin + 0.05 * height
    to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def ends(length: float) -> tuple[float, float]:
        return (anchor - length, anchor) if right else (anchor, anchor + length)

    def true_km(length: float) -> float:
        (lon0, lon1), (lat0, lat1) = to_lonlat.transform(list(ends(length)), [y, y])
        return _GEOD.inv(lon0, lat0, lon1, lat1)[2] / 1000

    km = max([n for n in _NICE_KM if n <= true_km(share * width)] or [_NICE_KM[0]])
    length = km * 1000.0
    for _ in range(4):  # the projection's scale is smooth: a few steps make it exact
        length *= km / true_km(length)
    return ScaleBar(*ends(length), y, km)


def project_point(crs: CRS, lon: float, lat: float) -> tuple[float, float]:
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    return float(x), float(y)


def projector(crs: CRS):
    """A function projecting lon/lat shapely geometries into `crs`."""
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform
    return lambda geom: shapely.transform(geom, forward, interleaved=False)


def lonlat_box(crs: CRS, extent: Extent, margin: float = 1.0) -> BaseGeometry:
    """The lon/lat box holding the figure's extent (its edges are curves in lon/lat)."""
    xmin, ymin, xmax, ymax = extent
    inverse = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    edge = box(xmin, ymin, xmax, ymax).exterior.segmentize((xmax - xmin) / 50)
    lons, lats = inverse.transform(*zip(*edge.coords, strict=True))
    return box(min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def background(
    ax: Axes, geodata_dir: Path, crs: CRS, extent: Extent
) -> list[tuple[str, tuple[float, float]]]:
    """Natural Earth land and water, clipped to the figure; returns where country names could go."""
    import geopandas
    import pandas

    folder = geodata_dir / BASEMAP_DIR
    clip = lonlat_box(crs, extent)
    for name in NATURAL_EARTH:
        if not (folder / f"{name}.geojson").is_file():
            raise PathError(folder / f"{name}.geojson", "not found (the figure's base map)")
    read = lambda name: geopandas.read_file(folder / f"{name}.geojson", bbox=clip.bounds)  # noqa: E731
    countries = geopandas.clip(read("countries"), clip).to_crs(crs)
    lakes = read("lakes")
    if "source" in lakes:
        lakes = lakes[lakes["source"] != "ne_10m_ocean"]  # the ocean layer already holds the Caspian
    water = geopandas.clip(pandas.concat([read("ocean"), lakes], ignore_index=True), clip).to_crs(crs)
    tolerance = (extent[2] - extent[0]) / PNG_WIDTH_PX  # about a pixel of the PNG
    countries["geometry"] = countries.simplify(tolerance)
    water["geometry"] = water.simplify(tolerance)
    countries.plot(ax=ax, facecolor=LAND_FILL, edgecolor=LAND_EDGE, linewidth=0.3, zorder=1)
    water.plot(ax=ax, facecolor=WATER_FILL, edgecolor=WATER_EDGE, linewidth=0.25, zorder=2)
    frame = box(*extent)
    spots = []
    for name, geom in zip(countries["NAME"], countries.geometry, strict=True):
        inside = geom.intersection(frame)
        if inside.is_empty or inside.area < 0.004 * frame.area:
            continue
        largest = max(getattr(inside, "geoms", [inside]), key=lambda g: g.area)
        point = largest.representative_point()
        spots.append((str(name), (point.x, point.y), inside.area))
    spots.sort(key=lambda s: -s[2])
    return [(name, xy) for name, xy, _ in spots]


def graticule(ax: Axes, crs: CRS, extent: Extent, project) -> None:
    """Meridians and parallels every 10° (5° or 2° on a small map), faint."""
    west, south, east, north = lonlat_box(crs, extent, margin=0).bounds
    step = 10 if east - west > 40 else 5 if east - west > 12 else 2
    lines = [
        LineString([(lon, lat / 4) for lat in range(int(south * 4) - 4, int(north * 4) + 5)])
        for lon in range(int(west // step * step), int(east) + step, step)
    ]
    lines += [
        LineString([(lon / 4, lat) for lon in range(int(west * 4) - 4, int(east * 4) + 5)])
        for lat in range(int(south // step * step), int(north) + step, step)
    ]
    for line in lines:
        xs, ys = project(line).xy
        ax.plot(xs, ys, color="#9c9582", linewidth=0.3, alpha=0.5, zorder=3)


def dashes(dash: str | None, weight: float) -> Any:
    if not dash:
        return "-"
    return (0, tuple(float(v) / weight for v in dash.split()))


def segment_style(segment: Segment, status: str | None = None, faded: bool = False) -> tuple[str, Any, float]:
    """Colour, matplotlib dashes and opacity of a segment, as the web map draws it in the year shown
    (routes.mapview.STATUS_STYLES: dashed while planned or being built, dotted purple if disrupted)."""
    style = MODE_STYLES[segment.mode]
    year_style = STATUS_STYLES.get(status or "", {})
    color = str(year_style.get("color", style.color))
    dash = year_style.get("dashArray", style.dash)
    alpha = FADED_OPACITY if faded else float(year_style.get("opacity", 0.95))  # type: ignore[arg-type]
    return color, dashes(str(dash) if dash else None, style.weight), alpha


def draw_segments(
    ax: Axes,
    segments: Iterable[Segment],
    extent: Extent,
    project,
    on_route: Collection[str] | None,
    ids: str = "",
    statuses: Mapping[str, str] | None = None,
) -> list[tuple[float, float]]:
    """Draw each segment as on the map (colour, dashes, its status in the year shown); return points
    along them for the labeller."""
    points: list[tuple[float, float]] = []
    xmin, _ymin, xmax, _ymax = extent
    step = (xmax - xmin) / 500
    for seg in segments:
        faded = on_route is not None and seg.id not in on_route
        color, dash, alpha = segment_style(seg, (statuses or {}).get(seg.id), faded)
        line = project(seg.geometry)
        for number, part in enumerate(getattr(line, "geoms", [line])):
            xs, ys = part.xy
            part_tag = f"-{number + 1}" if number else ""  # SVG ids stay unique
            ax.plot(
                xs,
                ys,
                color=color,
                linewidth=MODE_STYLES[seg.mode].weight * PX,
                linestyle=dash,
                alpha=alpha,
                solid_capstyle="round",
                dash_capstyle="butt",
                zorder=5,
                gid=f"{ids}seg-{seg.id}{part_tag}",
            )
            points += list(part.segmentize(step).coords)
    return points


def draw_planned(
    ax: Axes, planned: Iterable[Shown], extent: Extent, project, ids: str = ""
) -> list[tuple[float, float]]:
    """The projects planned or being built, teal and dashed as on the map (a port: a dashed ring),
    over the corridor's lines so a second track shows on its line; return points for the labeller."""
    from matplotlib.patches import Circle

    points: list[tuple[float, float]] = []
    step = (extent[2] - extent[0]) / 500
    width = PLANNED_STYLE.weight * PX
    for item in planned:
        style = {
            "color": PLANNED_STYLE.color,
            "linestyle": dashes(PROJECT_DASH[item.status], PLANNED_STYLE.weight),
            "alpha": PROJECT_OPACITY[item.status],
            "zorder": 5.5,
            "gid": f"{ids}planned-{item.project.id}",
        }
        shape = project(item.drawing.geometry)
        if item.drawing.how == "point":
            # The map's ring is POINT_RADIUS pixels wide at any zoom: as many points here.
            metres_per_pt = (extent[2] - extent[0]) / (ax.get_window_extent().width / ax.figure.dpi * 72)
            x, y = shape.coords[0]
            radius = POINT_RADIUS * PX * 1.2 * metres_per_pt
            color = style.pop("color")
            ring = Circle((x, y), radius, linewidth=width, edgecolor=color, facecolor="none", **style)
            ax.add_patch(ring)
            points.append((x, y))
            continue
        for number, part in enumerate(getattr(shape, "geoms", [shape])):
            xs, ys = part.xy
            gid = f"{style['gid']}-{number + 1}" if number else style["gid"]
            ax.plot(xs, ys, linewidth=width, dash_capstyle="butt", **{**style, "gid": gid})
            points += list(part.segmentize(step).coords)
    return points


def draw_route(ax: Axes, pieces: Iterable[tuple[str, str, BaseGeometry]], project, ids: str = "") -> None:
    """The planned route's halo, piece by piece from station to station (as the map's highlight),
    so a segment the route leaves halfway is lit only as far as the route goes."""
    for a, b, line in pieces:
        xs, ys = project(line).xy
        ax.plot(
            xs,
            ys,
            color=HIGHLIGHT["color"],
            linewidth=HIGHLIGHT["weight"] * PX,
            alpha=HIGHLIGHT["opacity"],
            solid_capstyle="round",
            zorder=4,
            gid=f"{ids}route-{a}--{b}",
        )


def marker_size(node: Node | None = None, gauge_break: bool = False) -> float:
    """Marker diameter in points: the web map's radius, scaled as the lines are."""
    big = gauge_break or (node is not None and node.gauge_break)
    return (6 if big else 4) * 2 * PX * 1.2


def draw_nodes(ax: Axes, nodes: Iterable[Node], project, ids: str = "") -> None:
    """Small white markers; breaks of gauge larger and orange, as on the map."""
    for node in nodes:
        x, y = project(node.point).coords[0]
        fill = GAUGE_BREAK_FILL if node.gauge_break else NODE_FILL
        ax.plot(
            [x],
            [y],
            marker="o",
            markersize=marker_size(node),
            markerfacecolor=fill,
            markeredgecolor="#333333",
            markeredgewidth=0.5,
            linestyle="none",
            zorder=6,
            gid=f"{ids}node-{node.id}",
        )


def bar_box(bar: ScaleBar, extent: Extent) -> Extent:
    """The scale bar's white backing, labels included, in data units."""
    xmin, ymin, xmax, ymax = extent
    pad_x, pad_y = 0.012 * (xmax - xmin), 0.02 * (ymax - ymin)
    return (bar.x0 - pad_x, bar.y - pad_y, bar.x1 + pad_x, bar.y + pad_y + BAR_HEIGHT * (ymax - ymin))


def place_scale_bar(crs: CRS, extent: Extent, points: Sequence[tuple[float, float]]) -> ScaleBar:
    """The bar in the first corner with nothing drawn under it (the lower left if none is free)."""
    for corner in CORNERS:
        bar = scale_bar(crs, extent, corner=corner)
        x0, y0, x1, y1 = bar_box(bar, extent)
        if not any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
            return bar
    return scale_bar(crs, extent)


def draw_scale_bar(ax: Axes, bar: ScaleBar, extent: Extent, ids: str = "") -> Extent:
    """Draw the bar (two halves, black and white) with its labels; return its box in data units."""
    from matplotlib.patches import Rectangle

    height = extent[3] - extent[1]
    thick = 0.012 * height
    half = (bar.x1 - bar.x0) / 2
    back = bar_box(bar, extent)
    ax.add_patch(
        Rectangle(
            back[:2],
            back[2] - back[0],
            back[3] - back[1],
            facecolor="white",
            alpha=0.8,
            edgecolor="none",
            zorder=7,
        )
    )
    for i, fill in enumerate(("#222222", "white")):
        ax.add_patch(
            Rectangle(
                (bar.x0 + i * half, bar.y),
                half,
                thick,
                facecolor=fill,
                edgecolor="#222222",
                linewidth=0.5,
                zorder=8,
            )
        )
    top = bar.y + thick + 0.01 * height
    # Both labels inside the bar's ends, so inside its white box: nothing else is placed there.
    ax.text(bar.x0, top, "0", fontsize=6.5, ha="left", va="bottom", zorder=8, parse_math=False)
    ax.text(
        bar.x1,
        top,
        bar.label,
        fontsize=6.5,
        ha="right",
        va="bottom",
        zorder=8,
        parse_math=False,
        gid=f"{ids}scale-bar-label",
    )
    return back


# The legend's words for the year's styles (routes.asof statuses; projects: routes.planned).
STATUS_LABELS = {
    "planned": "Planned or being built (dashed, its mode's colour)",
    "under construction": "Planned or being built (dashed, its mode's colour)",
    "disrupted": "Disrupted (dotted)",
    "status unknown": "No source for that year (faint)",
}
PROJECT_LABELS = {"planned": "Project planned", "under construction": "Project being built"}
STATUS_KEY_COLOR = "#555555"  # a planned line keeps its mode's colour: its key shows only the dashes
KEY_WEIGHT = 4  # px, as every mode's line


def legend_keys(
    segments: Sequence[Segment],
    nodes: Sequence[Node],
    route: Route | None,
    statuses: Mapping[str, str] | None = None,
    planned: Sequence[Shown] = (),
) -> list[dict[str, Any]]:
    """The legend's entries as Line2D keywords, only for what the figure draws: the route (named, with
    its km), the modes in their colours, the year's statuses, the projects, the node markers."""
    statuses = statuses or {}
    keys: list[dict[str, Any]] = []
    if route is not None:
        keys.append({"color": HIGHLIGHT["color"], "linewidth": HIGHLIGHT["weight"] * PX,
                     "alpha": HIGHLIGHT["opacity"], "label": route_notes([route])[0]})  # fmt: skip
    for mode, style in MODE_STYLES.items():
        # A line planned, being built or disrupted has the year's dashes, not its mode's.
        if any(s.mode == mode and statuses.get(s.id) in (None, "status unknown") for s in segments):
            keys.append({"color": style.color, "linewidth": style.weight * PX,
                         "linestyle": dashes(style.dash, style.weight), "label": style.label})  # fmt: skip
    drawn = {statuses[s.id] for s in segments if s.id in statuses}
    for status, label in STATUS_LABELS.items():
        if status in drawn and all(k["label"] != label for k in keys):
            year_style = STATUS_STYLES[status]
            dash = year_style.get("dashArray")
            keys.append({
                "color": year_style.get("color", STATUS_KEY_COLOR), "linewidth": KEY_WEIGHT * PX,
                "linestyle": dashes(str(dash) if dash else None, KEY_WEIGHT),
                "alpha": year_style.get("opacity", 0.95), "label": label,
            })  # fmt: skip
    for status, label in PROJECT_LABELS.items():
        shown = [p for p in planned if p.status == status]
        style = {"color": PLANNED_STYLE.color, "alpha": PROJECT_OPACITY[status]}
        if any(p.drawing.how != "point" for p in shown):
            keys.append({**style, "linewidth": PLANNED_STYLE.weight * PX, "label": label,
                         "linestyle": dashes(PROJECT_DASH[status], PLANNED_STYLE.weight)})  # fmt: skip
        if any(p.drawing.how == "point" for p in shown):
            keys.append({**style, "marker": "o", "linestyle": "none", "markerfacecolor": "none",
                         "markeredgecolor": PLANNED_STYLE.color, "markersize": POINT_RADIUS * 2 * PX * 1.2,
                         "label": f"{label} (port)"})  # fmt: skip
    marker = {"marker": "o", "linestyle": "none", "markeredgecolor": "#333333", "markeredgewidth": 0.5}
    keys.append({**marker, "markerfacecolor": NODE_FILL, "markersize": marker_size(),
                 "label": "Station, port, border, terminal"})  # fmt: skip
    if any(n.gauge_break for n in nodes):
        size = marker_size(gauge_break=True)
        keys.append(
            {**marker, "markerfacecolor": GAUGE_BREAK_FILL, "markersize": size, "label": "Break of gauge"}
        )
    return keys


def legend_handles(keys: Sequence[dict[str, Any]]) -> list[Any]:
    from matplotlib.lines import Line2D

    return [Line2D([], [], **key) for key in keys]


def rectangle(extent: Extent, **style: Any) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (extent[0], extent[1]), extent[2] - extent[0], extent[3] - extent[1], fill=False, **style
    )
