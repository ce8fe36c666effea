"""Static figures for reports: the map's data drawn with geopandas and matplotlib (PNG, SVG, PDF).

Pure: data in, bytes out. Drawn in an equidistant conic projection fitted to what is shown, so the
scale bar measures true kilometres. matplotlib is imported only when a figure is drawn: the app and
the other commands start without it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import LineString, MultiLineString, box
from shapely.geometry.base import BaseGeometry

from routes.basemap import ATTRIBUTION, BASEMAP_DIR
from routes.export import TITLE, route_notes
from routes.files import PathError, write_bytes_atomic
from routes.mapview import FADED_OPACITY, GAUGE_BREAK_FILL, HIGHLIGHT, MODE_STYLES, NODE_FILL, WATER_STYLE
from routes.mapview import LAND_STYLE as MAP_LAND_STYLE
from routes.model import Network, Node, Segment
from routes.planner import Route

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DPI = 300  # PNG resolution; SVG and PDF are vectors
WIDTH_IN = 10.0  # the whole figure; the map is as wide less the margins
MARGIN_IN = 0.3
TOP_IN = 0.75  # title above the map; legend and credits below it (Layout.bottom_in)
LEGEND_COLUMNS, LEGEND_ROW_IN = 3, 0.18
EXTRACT_BOX = (5.0, 25.0, 125.0, 60.0)  # what geodata/naturalearth covers (its README): lon, lat
ASPECT_RANGE = (1.25, 3.0)  # map width / height: a narrow selection is widened, not stretched
PAD = 0.06  # around what is drawn, as a share of its projected extent
PX = 0.45  # points per pixel of the web map's styles: the figure's lines are as the map's, finer
LAND_FILL, LAND_EDGE = MAP_LAND_STYLE["fillColor"], MAP_LAND_STYLE["color"]
WATER_FILL, WATER_EDGE = WATER_STYLE["fillColor"], WATER_STYLE["color"]
OUTSIDE = "#f6f4ee"  # beyond the bundled Natural Earth extract (the web map's background)
MODE_NAMES = {"rail": "rail", "sea": "sea legs", "pipeline": "the oil pipeline"}  # in the subtitle
LABEL_SIZE, COUNTRY_SIZE, SEA_SIZE = 6.5, 7.0, 7.0
LINE_CLEAR_PX = 6  # half a line's width at 300 dpi, and a little air
AREA_CLEAR_PX = 14  # sea and country names keep further off the lines: nothing points at them
# Where the sea names go, in order of preference (lon, lat): off the ferry lanes.
SEA_LABELS = (
    ("Caspian Sea", ((51.0, 38.6), (50.6, 37.9), (49.6, 45.2), (51.6, 41.6))),
    ("Black Sea", ((34.6, 42.5), (33.0, 43.2), (37.5, 42.9), (39.2, 42.1))),
)
SALT = "transcaspian-figure"  # fixed SVG ids: the same figure gives the same file
_GEOD = Geod(ellps="WGS84")
Extent = tuple[float, float, float, float]  # projected xmin, ymin, xmax, ymax (metres)
_BAR_HEIGHT = 0.06  # the scale bar with its labels, as a share of the map's height
CORNERS = ("lower left", "lower right", "upper left", "upper right")
# Regions too crowded at the scale of the whole corridor: drawn again, enlarged, in a corner.
INSETS = (("Caucasus", (40.5, 39.3, 50.6, 42.9)),)
INSET_WHEN_WIDER_KM = 3000  # the main map's width from which an inset is worth its space
INSET_MIN_NODES = 6
INSET_WIDTH = 0.32  # of the map's width
INSET_PAD_KM, INSET_ASPECT = 60, 2.2
_NICE_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
# (dx, dy) in points from the marker, and the text's alignment: right of it first, then around.
_PLACES = (
    (5, 0, "left", "center"),
    (4, 4, "left", "bottom"),
    (4, -4, "left", "top"),
    (-5, 0, "right", "center"),
    (-4, 4, "right", "bottom"),
    (-4, -4, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
)


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


@dataclass(frozen=True)
class Layout:
    """What a figure shows and where, before anything is drawn."""

    projection: Conic
    extent: Extent  # projected xmin, ymin, xmax, ymax (metres)
    segments: tuple[Segment, ...]
    nodes: tuple[Node, ...]
    route: Route | None

    @property
    def crs(self) -> CRS:
        return self.projection.crs

    @property
    def map_height_in(self) -> float:
        xmin, ymin, xmax, ymax = self.extent
        return (WIDTH_IN - 2 * MARGIN_IN) * (ymax - ymin) / (xmax - xmin)

    @property
    def bottom_in(self) -> float:
        """Below the map: the legend's rows, then two lines of credits."""
        modes = {s.mode for s in self.segments}
        entries = len(modes) + 1 + any(n.gauge_break for n in self.nodes)
        rows = math.ceil(entries / LEGEND_COLUMNS) + (self.route is not None)
        return 0.5 + rows * LEGEND_ROW_IN

    @property
    def size_in(self) -> tuple[float, float]:
        return WIDTH_IN, round(TOP_IN + self.map_height_in + self.bottom_in, 2)


def figure_format(path: Path) -> str:
    """png, svg or pdf, from the file's suffix (raises PathError for any other)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PathError(path, "unknown figure format; name the file .png, .svg or .pdf")
    return fmt


@dataclass(frozen=True)
class Conic:
    """An equidistant conic: true scale along every meridian and along both standard parallels."""

    lon_0: float
    lat_0: float
    lat_1: float
    lat_2: float

    @property
    def crs(self) -> CRS:
        return CRS.from_proj4(
            f"+proj=eqdc +lat_0={self.lat_0} +lon_0={self.lon_0} +lat_1={self.lat_1} +lat_2={self.lat_2} "
            "+ellps=WGS84 +units=m +no_defs"
        )

    def note(self) -> str:
        return (
            f"Equidistant conic projection (standard parallels {self.lat_1:.1f}° N and {self.lat_2:.1f}° N, "
            f"central meridian {self.lon_0:.1f}° E); the scale bar is true where it is drawn."
        )


def figure_projection(bounds: Extent) -> Conic:
    """The conic fitted to a lon/lat box: its standard parallels a sixth in from the top and bottom."""
    west, south, east, north = bounds
    span = max(north - south, 2.0)
    mid = (south + north) / 2
    return Conic(
        round((west + east) / 2, 1), round(mid, 1), round(mid - span / 3, 1), round(mid + span / 3, 1)
    )


def layout(network: Network, visible: Iterable[str] | None = None, route: Route | None = None) -> Layout:
    """The segments and nodes to draw (visible ones plus the route's), the projection and extent."""
    wanted = set(visible if visible is not None else (s.id for s in network.segments))
    wanted |= set(route.segments if route else ())
    segments = tuple(s for s in network.segments if s.id in wanted)
    if not segments:
        raise ValueError("a figure needs at least one segment")
    nodes = network.nodes_on(wanted)
    bounds = _bounds([s.geometry for s in segments])
    projection = figure_projection(bounds)
    crs = projection.crs
    project = _projector(crs)
    xmin, ymin, xmax, ymax = _bounds([project(s.geometry) for s in segments])
    pad = PAD * max(xmax - xmin, ymax - ymin, 200_000)
    xmin, ymin, xmax, ymax = xmin - pad, ymin - pad, xmax + pad, ymax + pad
    low, high = ASPECT_RANGE
    width, height = xmax - xmin, ymax - ymin
    if width / height < low:  # too tall: widen
        grow = (height * low - width) / 2
        xmin, xmax = xmin - grow, xmax + grow
    elif width / height > high:  # too flat: heighten
        grow = (width / high - height) / 2
        ymin, ymax = ymin - grow, ymax + grow
    data = _bounds([project(s.geometry) for s in segments])
    keep = (data[0] - pad / 2, data[1] - pad / 2, data[2] + pad / 2, data[3] + pad / 2)
    extent = _within_extract(crs, (xmin, ymin, xmax, ymax), keep)
    return Layout(projection, extent, segments, nodes, route)


def _within_extract(crs: CRS, extent: Extent, data: Extent) -> Extent:
    """Pull in the sides that reach past the Natural Earth extract (a conic's corners do), keeping
    what is drawn inside: beyond the extract the figure would show neither land nor water."""
    inverse = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    west, south, east, north = EXTRACT_BOX
    xmin, ymin, xmax, ymax = extent
    for _ in range(100):

        def edge(x0: float, y0: float, x1: float, y1: float) -> tuple[Any, Any]:
            return inverse.transform(
                [x0 + (x1 - x0) * i / 40 for i in range(41)], [y0 + (y1 - y0) * i / 40 for i in range(41)]
            )

        dx, dy = 0.01 * (xmax - xmin), 0.01 * (ymax - ymin)
        out_east = max(edge(xmax, ymin, xmax, ymax)[0]) > east
        out_west = min(edge(xmin, ymin, xmin, ymax)[0]) < west
        can = {
            "east": xmax - dx > data[2],
            "west": xmin + dx < data[0],
            "north": ymax - dy > data[3],
            "south": ymin + dy < data[1],
        }
        moves = {
            "east": out_east and can["east"],
            "west": out_west and can["west"],
            # a corner past the extract's east or west edge: lower the top (or raise the bottom) instead
            "north": (
                max(edge(xmin, ymax, xmax, ymax)[1]) > north
                or (out_east and not can["east"])
                or (out_west and not can["west"])
            )
            and can["north"],
            "south": min(edge(xmin, ymin, xmax, ymin)[1]) < south and can["south"],
        }
        if not any(moves.values()):
            break
        xmax -= dx * moves["east"]
        xmin += dx * moves["west"]
        ymax -= dy * moves["north"]
        ymin += dy * moves["south"]
    return xmin, ymin, xmax, ymax


def scale_bar(crs: CRS, extent: Extent, share: float = 0.2, corner: str = "lower left") -> ScaleBar:
    """A round number of km, about `share` of the map's width, measured on the ellipsoid where it lies.

    Distances vary across a conic map; the bar is true along itself, in the corner it is drawn in.
    """
    xmin, ymin, xmax, ymax = extent
    width, height = xmax - xmin, ymax - ymin
    right = corner.endswith("right")
    anchor = xmax - 0.03 * width if right else xmin + 0.03 * width
    y = ymax - 0.05 * height - _BAR_HEIGHT * height if corner.startswith("upper") else ymin + 0.05 * height
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


def attribution(network: Network, segment_ids: Iterable[str]) -> str:
    """The base map, then whom the drawn lines must credit (as the web map says it)."""
    credits = network.credits(segment_ids)
    return ATTRIBUTION + (f" · Lines: {', '.join(credits)}" if credits else "")


def titles(network: Network, lay: Layout) -> tuple[str, str]:
    """The figure's title and the line under it."""
    route = lay.route
    if route is None:
        count, total = len(lay.segments), len(network.segments)
        shown = f"all {total} segments" if count == total else f"{count} of {total} segments"
        modes = [MODE_NAMES[m] for m in MODE_STYLES if any(s.mode == m for s in lay.segments)]
        what = ", ".join(modes[:-1]) + " and " + modes[-1] if len(modes) > 1 else modes[0]
        return TITLE, f"{what[0].upper()}{what[1:]}: {shown}"
    names = {n.id: n.name for n in network.nodes}
    title = f"{names[route.nodes[0]]} → {names[route.nodes[-1]]}"
    return title, f"{TITLE}: the best route, {route_notes([route])[0].removeprefix('Route ')}"


def render_figure(
    network: Network,
    geodata_dir: Path,
    visible: Iterable[str] | None = None,
    *,
    route: Route | None = None,
    fmt: str = "png",
) -> bytes:
    """The figure as PNG (300 dpi), SVG (text kept as text) or PDF bytes; the same input, the same bytes.

    visible: segment ids to draw (default: all); route: a planned route, highlighted and named.
    """
    if fmt not in FORMATS.values():
        raise ValueError(f"unknown figure format {fmt!r}")
    import matplotlib as mpl

    fig = draw_figure(network, geodata_dir, visible, route=route)
    out = io.BytesIO()
    with mpl.rc_context(_RC):
        fig.savefig(out, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
    return out.getvalue()


def draw_figure(
    network: Network, geodata_dir: Path, visible: Iterable[str] | None = None, *, route: Route | None = None
) -> Figure:
    """The figure as a matplotlib Figure (Agg canvas), for render_figure and for tests to inspect."""
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        return _draw(network, geodata_dir, layout(network, visible, route))


def write_figure(path: Path, data: bytes) -> Path:
    return write_bytes_atomic(path, data)


# --- drawing -------------------------------------------------------------------------------------

_RC: dict[str, Any] = {
    "svg.fonttype": "none",  # labels stay text: searchable, selectable, editable
    "svg.hashsalt": SALT,
    "pdf.fonttype": 42,  # TrueType in the PDF: its text can be searched too
    "font.family": "DejaVu Sans",
    "axes.linewidth": 0.5,
}
_METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
}


def _draw(network: Network, geodata_dir: Path, lay: Layout) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = lay.size_in
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    map_w, map_h = WIDTH_IN - 2 * MARGIN_IN, lay.map_height_in
    ax = fig.add_axes((MARGIN_IN / width, lay.bottom_in / height, map_w / width, map_h / height))
    project = _projector(lay.crs)
    sheet = _Sheet(network, geodata_dir, lay, project)
    main = sheet.draw(ax, lay.extent)
    inset = _inset(sheet, main, fig)
    main.label(lay, project, skip=inset.nodes if inset else set())
    if inset is not None:
        inset.panel.label(lay, project)

    title, subtitle = titles(network, lay)
    left = MARGIN_IN / width
    fig.text(left, 1 - 0.2 / height, title, fontsize=13, fontweight="bold", va="top", parse_math=False)
    fig.text(left, 1 - 0.5 / height, subtitle, fontsize=8.5, color="#444444", va="top", parse_math=False)
    _legend(fig, lay, height)
    credit = attribution(network, (s.id for s in lay.segments))
    for line, y in ((credit, 0.26), (lay.projection.note() + " Lengths are computed along the lines.", 0.1)):
        fig.text(left, y / height, line, fontsize=6, color="#555555", va="bottom", parse_math=False)
    return fig


@dataclass
class _Panel:
    """One map drawn on one axes (the main map or an inset), ready for its labels."""

    ax: Axes
    extent: Extent
    labeller: _Labeller
    countries: list[tuple[str, tuple[float, float]]]

    def label(self, lay: Layout, project, skip: Collection[str] = ()) -> None:
        for node, rank in _label_order(lay, project):
            x, y = project(node.point).coords[0]
            if node.id not in skip and _contains(self.extent, x, y):
                self.labeller.place(_short(node), x, y, strict=rank >= 3, bold=rank < 0)
        for name, points in SEA_LABELS:
            self.labeller.place_at(
                name,
                [project_point(lay.crs, lon, lat) for lon, lat in points],
                size=SEA_SIZE,
                color="#3f6f96",
                style="italic",
            )
        for name, (x, y) in self.countries:
            self.labeller.place_at(name, [(x, y)], size=COUNTRY_SIZE, color="#8a8373")


class _Sheet:
    """What every panel of one figure draws: the background, the lines, the nodes, a scale bar."""

    def __init__(self, network: Network, geodata_dir: Path, lay: Layout, project) -> None:
        self.network, self.geodata_dir, self.lay, self.project = network, geodata_dir, lay, project
        self.on_route = set(lay.route.segments) if lay.route else None

    def draw(self, ax: Axes, extent: Extent, *, frame: str = "#888888", ids: str = "") -> _Panel:
        """Draw on `ax`; ids: a prefix keeping the SVG ids of an inset apart from the main map's."""
        xmin, ymin, xmax, ymax = extent
        ax.set_xlim(xmin, xmax)
        ax.set_ylim(ymin, ymax)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(OUTSIDE)
        for spine in ax.spines.values():
            spine.set_edgecolor(frame)
        panel = replace(self.lay, extent=extent)
        countries = _background(ax, self.geodata_dir, panel)
        ax.set_xlabel("")  # geopandas names the projected axes; a map needs no "Easting [metre]"
        ax.set_ylabel("")
        _graticule(ax, panel, self.project)
        lines = _segments(ax, panel, self.project, self.on_route, ids)
        markers = [self.project(n.point).coords[0] for n in self.lay.nodes]
        _nodes(ax, self.lay, self.project, ids)
        bar = _place_scale_bar(self.lay.crs, extent, lines + markers)
        bar_box = _scale_bar(ax, bar, extent, ids)
        labeller = _Labeller(ax, ax.figure.canvas.get_renderer(), lines, [bar_box])  # type: ignore[attr-defined]
        labeller.add_markers(markers)
        return _Panel(ax, extent, labeller, countries)


def _inside(nodes: Iterable[Node], project, extent: Extent) -> set[str]:
    return {n.id for n in nodes if _contains(extent, *project(n.point).coords[0])}


def _contains(extent: Extent, x: float, y: float) -> bool:
    return extent[0] <= x <= extent[2] and extent[1] <= y <= extent[3]


@dataclass(frozen=True)
class _Inset:
    panel: _Panel
    nodes: set[str]  # labelled in the inset only


def _inset(sheet: _Sheet, main: _Panel, fig: Figure) -> _Inset | None:
    """The crowded region drawn again, enlarged, in a corner of the main map that holds no line or
    node (and not the region itself); None when the map is small enough or no corner is free."""
    lay, project = sheet.lay, sheet.project
    xmin, ymin, xmax, ymax = lay.extent
    if (xmax - xmin) / 1000 < INSET_WHEN_WIDER_KM:
        return None
    for name, (west, south, east, north) in INSETS:
        region = box(west, south, east, north)
        points = [project(n.point) for n in lay.nodes if region.contains(n.point)]
        if len(points) < INSET_MIN_NODES:
            continue
        extent = _padded(_bounds(points), INSET_PAD_KM * 1000, INSET_ASPECT)
        w = INSET_WIDTH * (xmax - xmin)
        h = w * (extent[3] - extent[1]) / (extent[2] - extent[0])
        if h > 0.6 * (ymax - ymin):
            continue
        gap_x, gap_y = 0.012 * (xmax - xmin), 0.02 * (ymax - ymin)
        for corner in ("upper right", "upper left", "lower right", "lower left"):
            x0 = xmax - gap_x - w if corner.endswith("right") else xmin + gap_x
            y0 = ymax - gap_y - h if corner.startswith("upper") else ymin + gap_y
            spot = (x0 - gap_x, y0 - gap_y, x0 + w + gap_x, y0 + h + gap_y)
            if not _free(main, spot) or box(*spot).intersects(box(*extent)):
                continue
            main.ax.add_patch(_rectangle(extent, edgecolor="#333333", linewidth=0.6, zorder=7))
            (fx0, fy0), (fx1, fy1) = fig.transFigure.inverted().transform(
                main.ax.transData.transform([(x0, y0), (x0 + w, y0 + h)])
            )
            ax = fig.add_axes((fx0, fy0, fx1 - fx0, fy1 - fy0), zorder=10)
            panel = sheet.draw(ax, extent, frame="#333333", ids="inset-")
            ax.text(
                0.01,
                0.98,
                name,
                transform=ax.transAxes,
                fontsize=7,
                fontweight="bold",
                va="top",
                color="#333333",
                zorder=10,
                parse_math=False,
            )
            main.labeller.taken += [main.labeller.box(spot), main.labeller.box(extent)]
            return _Inset(panel, {n.id for n in lay.nodes if region.contains(n.point)})
    return None


def _padded(bounds: Extent, pad: float, aspect: float) -> Extent:
    """Bounds grown by `pad` on every side, then widened (or heightened) to width / height = aspect."""
    xmin, ymin, xmax, ymax = bounds[0] - pad, bounds[1] - pad, bounds[2] + pad, bounds[3] + pad
    grow_x = max(0.0, (ymax - ymin) * aspect - (xmax - xmin)) / 2
    grow_y = max(0.0, (xmax - xmin) / aspect - (ymax - ymin)) / 2
    return xmin - grow_x, ymin - grow_y, xmax + grow_x, ymax + grow_y


def _free(panel: _Panel, spot: Extent) -> bool:
    """No line, node or scale bar of the panel in `spot` (data units)."""
    return panel.labeller.free(panel.labeller.box(spot))


def _rectangle(extent: Extent, **style: Any) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (extent[0], extent[1]), extent[2] - extent[0], extent[3] - extent[1], fill=False, **style
    )


def project_point(crs: CRS, lon: float, lat: float) -> tuple[float, float]:
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    return float(x), float(y)


def _projector(crs: CRS):
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform
    return lambda geom: shapely.transform(geom, forward, interleaved=False)


def _lonlat_box(lay: Layout, margin: float = 1.0) -> BaseGeometry:
    """The lon/lat box holding the figure's extent (its edges are curves in lon/lat)."""
    xmin, ymin, xmax, ymax = lay.extent
    inverse = Transformer.from_crs(lay.crs, "EPSG:4326", always_xy=True)
    edge = box(xmin, ymin, xmax, ymax).exterior.segmentize((xmax - xmin) / 50)
    lons, lats = inverse.transform(*zip(*edge.coords, strict=True))
    return box(min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def _background(ax: Axes, geodata_dir: Path, lay: Layout) -> list[tuple[str, tuple[float, float]]]:
    """Natural Earth land and water, clipped to the figure; returns where country names could go."""
    import geopandas
    import pandas

    folder = geodata_dir / BASEMAP_DIR
    clip = _lonlat_box(lay)
    read = lambda name: geopandas.read_file(folder / f"{name}.geojson", bbox=clip.bounds)  # noqa: E731
    countries = geopandas.clip(read("countries"), clip).to_crs(lay.crs)
    lakes = read("lakes")
    if "source" in lakes:
        lakes = lakes[lakes["source"] != "ne_10m_ocean"]  # the ocean layer already holds the Caspian
    water = geopandas.clip(pandas.concat([read("ocean"), lakes], ignore_index=True), clip).to_crs(lay.crs)
    tolerance = (lay.extent[2] - lay.extent[0]) / (WIDTH_IN * DPI)  # a pixel of the PNG
    countries["geometry"] = countries.simplify(tolerance)
    water["geometry"] = water.simplify(tolerance)
    countries.plot(ax=ax, facecolor=LAND_FILL, edgecolor=LAND_EDGE, linewidth=0.3, zorder=1)
    water.plot(ax=ax, facecolor=WATER_FILL, edgecolor=WATER_EDGE, linewidth=0.25, zorder=2)
    frame = box(*lay.extent)
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


def _graticule(ax: Axes, lay: Layout, project) -> None:
    west, south, east, north = _lonlat_box(lay, margin=0).bounds
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


def _dashes(dash: str | None, weight: float) -> Any:
    if not dash:
        return "-"
    return (0, tuple(float(v) / weight for v in dash.split()))


def _segments(
    ax: Axes, lay: Layout, project, on_route: set[str] | None, ids: str = ""
) -> list[tuple[float, float]]:
    """Draw each segment as on the map (colour, dashes); return points along them for the labeller."""
    points: list[tuple[float, float]] = []
    xmin, _ymin, xmax, _ymax = lay.extent
    step = (xmax - xmin) / 500
    for seg in lay.segments:
        style = MODE_STYLES[seg.mode]
        line = project(seg.geometry)
        faded = on_route is not None and seg.id not in on_route
        for number, part in enumerate(getattr(line, "geoms", [line])):
            xs, ys = part.xy
            part_tag = f"-{number + 1}" if number else ""  # SVG ids stay unique
            if on_route and seg.id in on_route:
                ax.plot(
                    xs,
                    ys,
                    color=HIGHLIGHT["color"],
                    linewidth=HIGHLIGHT["weight"] * PX,
                    alpha=HIGHLIGHT["opacity"],
                    solid_capstyle="round",
                    zorder=4,
                    gid=f"{ids}route-{seg.id}{part_tag}",
                )
            ax.plot(
                xs,
                ys,
                color=style.color,
                linewidth=style.weight * PX,
                linestyle=_dashes(style.dash, style.weight),
                alpha=FADED_OPACITY if faded else 0.95,
                solid_capstyle="round",
                dash_capstyle="butt",
                zorder=5,
                gid=f"{ids}seg-{seg.id}{part_tag}",
            )
            points += list(part.segmentize(step).coords)
    return points


def _marker_size(node: Node | None = None, gauge_break: bool = False) -> float:
    """Marker diameter in points: the web map's radius, scaled as the lines are."""
    big = gauge_break or (node is not None and node.gauge_break)
    return (6 if big else 4) * 2 * PX * 1.2


def _nodes(ax: Axes, lay: Layout, project, ids: str = "") -> None:
    for node in lay.nodes:
        x, y = project(node.point).coords[0]
        fill = GAUGE_BREAK_FILL if node.gauge_break else NODE_FILL
        ax.plot(
            [x],
            [y],
            marker="o",
            markersize=_marker_size(node),
            markerfacecolor=fill,
            markeredgecolor="#333333",
            markeredgewidth=0.5,
            linestyle="none",
            zorder=6,
            gid=f"{ids}node-{node.id}",
        )


def _bar_box(bar: ScaleBar, extent: Extent) -> Extent:
    """The scale bar's white backing, labels included, in data units."""
    xmin, ymin, xmax, ymax = extent
    pad_x, pad_y = 0.012 * (xmax - xmin), 0.02 * (ymax - ymin)
    return (bar.x0 - pad_x, bar.y - pad_y, bar.x1 + pad_x, bar.y + pad_y + _BAR_HEIGHT * (ymax - ymin))


def _place_scale_bar(crs: CRS, extent: Extent, points: Sequence[tuple[float, float]]) -> ScaleBar:
    """The bar in the first corner with nothing drawn under it (the lower left if none is free)."""
    for corner in CORNERS:
        bar = scale_bar(crs, extent, corner=corner)
        x0, y0, x1, y1 = _bar_box(bar, extent)
        if not any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
            return bar
    return scale_bar(crs, extent)


def _scale_bar(ax: Axes, bar: ScaleBar, extent: Extent, ids: str = "") -> Extent:
    """Draw the bar (two halves, black and white) with its labels; return its box in data units."""
    from matplotlib.patches import Rectangle

    height = extent[3] - extent[1]
    thick = 0.012 * height
    half = (bar.x1 - bar.x0) / 2
    back = _bar_box(bar, extent)
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


def legend_handles(lay: Layout) -> list[Any]:
    """The legend's entries: the route (named, with its km), the modes drawn, the node markers."""
    from matplotlib.lines import Line2D

    handles = []
    if lay.route is not None:
        note = route_notes([lay.route])[0]
        handles.append(
            Line2D(
                [],
                [],
                color=HIGHLIGHT["color"],
                linewidth=HIGHLIGHT["weight"] * PX,
                alpha=HIGHLIGHT["opacity"],
                label=note,
            )
        )
    for mode, style in MODE_STYLES.items():
        if any(s.mode == mode for s in lay.segments):
            handles.append(
                Line2D(
                    [],
                    [],
                    color=style.color,
                    linewidth=style.weight * PX,
                    linestyle=_dashes(style.dash, style.weight),
                    label=style.label,
                )
            )
    marker = {"marker": "o", "linestyle": "none", "markeredgecolor": "#333333", "markeredgewidth": 0.5}
    handles.append(
        Line2D(
            [],
            [],
            markerfacecolor=NODE_FILL,
            markersize=_marker_size(),
            label="Station, port, border, terminal",
            **marker,
        )
    )
    if any(n.gauge_break for n in lay.nodes):
        handles.append(
            Line2D(
                [],
                [],
                markerfacecolor=GAUGE_BREAK_FILL,
                markersize=_marker_size(gauge_break=True),
                label="Break of gauge",
                **marker,
            )
        )
    return handles


def _legend(fig: Figure, lay: Layout, height: float) -> None:
    handles = legend_handles(lay)
    if lay.route is not None:  # the route's line is long: on a row of its own
        route, handles = handles[:1], handles[1:]
        fig.legend(
            handles=route,
            loc="upper left",
            bbox_to_anchor=(MARGIN_IN / WIDTH_IN, (lay.bottom_in - 0.06) / height),
            frameon=False,
            fontsize=7,
            handlelength=3,
            borderaxespad=0,
        )
    top = lay.bottom_in - 0.06 - (LEGEND_ROW_IN if lay.route is not None else 0)
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(MARGIN_IN / WIDTH_IN, top / height),
        ncol=LEGEND_COLUMNS,
        frameon=False,
        fontsize=7,
        handlelength=3,
        columnspacing=2,
        borderaxespad=0,
    )


# --- labels --------------------------------------------------------------------------------------


def _short(node: Node) -> str:
    """The short name the map labels a node with (Port of Baku (Alat) → Alat)."""
    return min((node.name, *node.aliases[:1]), key=len)


def _label_order(lay: Layout, project) -> list[tuple[Node, int]]:
    """Nodes in the order their labels are placed: route ends, ports and cities, terminals, breaks of
    gauge and the ends of segments, border crossings, then the other stations where there is room."""
    ends = [p for s in lay.segments for p in _endpoints(project(s.geometry))]
    route_ends = {lay.route.nodes[0], lay.route.nodes[-1]} if lay.route else set()

    def rank(node: Node) -> int:
        if node.id in route_ends:
            return -1
        if node.kind in ("port", "city"):
            return 0
        point = project(node.point)
        if node.kind == "terminal" or node.gauge_break or any(point.distance(e) < 5_000 for e in ends):
            return 1
        return 2 if node.kind == "border" else 3

    ranked = [(node, rank(node)) for node in lay.nodes]
    return sorted(ranked, key=lambda item: item[1])


def _endpoints(geom: BaseGeometry) -> list[BaseGeometry]:
    parts = geom.geoms if isinstance(geom, MultiLineString) else [geom]
    return [p for part in parts for p in part.boundary.geoms]


class _Labeller:
    """Greedy label placement: each label takes the first spot around its point that overlaps no
    label, marker or the scale bar (and, if it can, no line); a label with no such spot is left out."""

    def __init__(
        self,
        ax: Axes,
        renderer: RendererBase,
        line_points: Sequence[tuple[float, float]],
        boxes: Iterable[Extent],
    ) -> None:
        import numpy as np

        self.ax, self.renderer = ax, renderer
        self.frame = ax.get_window_extent(renderer)
        to_px = ax.transData.transform
        self.lines = to_px(np.asarray(line_points)) if line_points else np.empty((0, 2))
        self.taken: list[Bbox] = [self.box(b) for b in boxes]
        self.placed: list[str] = []

    def box(self, extent: Extent) -> Bbox:
        """A box in data units as a box in pixels."""
        (a, b), (c, d) = self.ax.transData.transform([extent[:2], extent[2:]])
        return _bbox(a, b, c, d)

    def free(self, extent: Bbox, clear_of_lines: bool = True, clearance: float = LINE_CLEAR_PX) -> bool:
        """Nothing taken (labels, markers, scale bar) in the box, nor any line within `clearance` px."""
        if any(extent.overlaps(other) for other in self.taken):
            return False
        if clear_of_lines and len(self.lines):
            xs, ys = self.lines[:, 0], self.lines[:, 1]
            box = extent.padded(clearance)  # the lines' points run down their middle
            inside = (xs >= box.x0) & (xs <= box.x1) & (ys >= box.y0) & (ys <= box.y1)
            return not inside.any()
        return True

    def add_markers(self, points: Sequence[tuple[float, float]], radius_px: float = 6.0) -> None:
        for px, py in self.ax.transData.transform(points) if points else []:
            self.taken.append(_bbox(px - radius_px, py - radius_px, px + radius_px, py + radius_px))

    def place(self, text: str, x: float, y: float, *, strict: bool = False, bold: bool = False) -> bool:
        """Label a marker at (x, y): first a spot clear of lines too, then one clear of labels only."""
        artist = self.ax.annotate(
            text,
            (x, y),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=LABEL_SIZE,
            fontweight="bold" if bold else "normal",
            color="#222222",
            zorder=9,
            annotation_clip=False,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.65},
        )
        for clear_of_lines in (True, False) if not strict else (True,):
            for dx, dy, ha, va in _PLACES:
                artist.xyann = (dx, dy)
                artist.set_horizontalalignment(ha)
                artist.set_verticalalignment(va)
                if self._fits(artist, clear_of_lines):
                    return True
        artist.remove()
        return False

    def place_at(self, text: str, spots: Sequence[tuple[float, float]], **style: Any) -> bool:
        """A name centred on the first free spot (seas, countries): clear of everything or left out."""
        size, color, fontstyle = (
            style.get("size", 7),
            style.get("color", "#555555"),
            style.get("style", "normal"),
        )
        artist = self.ax.text(
            0,
            0,
            text,
            ha="center",
            va="center",
            fontsize=size,
            color=color,
            fontstyle=fontstyle,
            zorder=3.5,
            parse_math=False,
        )
        for x, y in spots:
            artist.set_position((x, y))
            if self._fits(artist, clear_of_lines=True, clearance=AREA_CLEAR_PX):
                return True
        artist.remove()
        return False

    def _fits(self, artist: Any, clear_of_lines: bool, clearance: float = LINE_CLEAR_PX) -> bool:
        extent = artist.get_window_extent(self.renderer).padded(1.5)
        if not (self.frame.contains(extent.x0, extent.y0) and self.frame.contains(extent.x1, extent.y1)):
            return False
        if not self.free(extent, clear_of_lines, clearance):
            return False
        self.taken.append(extent)
        self.placed.append(artist.get_text())
        return True


def _bbox(x0: float, y0: float, x1: float, y1: float) -> Bbox:
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _bounds(geoms: Sequence[BaseGeometry]) -> Extent:
    boxes = [g.bounds for g in geoms]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
