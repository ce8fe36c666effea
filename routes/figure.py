"""Static figures for reports: the map's data drawn with geopandas and matplotlib (PNG, SVG, PDF).

Pure: data in, bytes out. Drawn in an equidistant conic projection fitted to what is shown, so the
scale bar measures true kilometres. matplotlib is imported only when a figure is drawn: the app and
the other commands start without it.
"""

from __future__ import annotations

import io
import itertools
import math
import textwrap
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyproj import CRS, Transformer
from shapely.geometry import MultiLineString, box
from shapely.geometry.base import BaseGeometry

from routes.asof import YearView
from routes.basemap import ATTRIBUTION
from routes.export import TITLE, route_notes
from routes.files import PathError, write_bytes_atomic
from routes.graph import piece_line
from routes.labels import Extent, Labeller
from routes.mapview import MODE_STYLES
from routes.model import Network, Node, Segment
from routes.planned import Shown
from routes.planner import Route
from routes.plotting import (
    OUTSIDE,
    background,
    draw_nodes,
    draw_planned,
    draw_route,
    draw_scale_bar,
    draw_segments,
    graticule,
    legend_handles,
    legend_keys,
    place_scale_bar,
    project_point,
    projector,
    rectangle,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DPI = 300  # PNG resolution; SVG and PDF are vectors
WIDTH_IN = 10.0  # the whole figure; the map is as wide less the margins
MARGIN_IN = 0.3
TOP_IN = 0.75  # title above the map; legend and credits below it (Layout.bottom_in)
LEGEND_COLUMNS, LEGEND_ROW_IN = 3, 0.18
NOTE_ROW_IN, NOTE_CHARS = 0.13, 175  # the projects' list under the legend: a line's height, its width
EXTRACT_BOX = (5.0, 25.0, 125.0, 60.0)  # what geodata/naturalearth covers (its README): lon, lat
ASPECT_RANGE = (1.25, 3.0)  # map width / height: a narrow selection is widened, not stretched
PAD = 0.06  # around what is drawn, as a share of its projected extent
MODE_NAMES = {"rail": "rail", "sea": "sea legs", "pipeline": "the oil pipeline"}  # in the subtitle
COUNTRY_SIZE, SEA_SIZE = 7.0, 7.0
# Where the sea names go, in order of preference (lon, lat): off the ferry lanes.
SEA_LABELS = (
    ("Caspian Sea", ((51.0, 38.6), (50.6, 37.9), (49.6, 45.2), (51.6, 41.6))),
    ("Black Sea", ((34.6, 42.5), (33.0, 43.2), (37.5, 42.9), (39.2, 42.1))),
)
SALT = "transcaspian-figure"  # fixed SVG ids: the same figure gives the same file
# Regions too crowded at the scale of the whole corridor: drawn again, enlarged, in a corner.
INSETS = (("Caucasus", (40.5, 39.3, 50.6, 42.9)),)
INSET_WHEN_WIDER_KM = 3000  # the main map's width from which an inset is worth its space
INSET_MIN_NODES = 6
INSET_WIDTH = 0.32  # of the map's width
INSET_PAD_KM, INSET_ASPECT = 60, 2.2


@dataclass(frozen=True)
class Layout:
    """What a figure shows and where, before anything is drawn."""

    projection: Conic
    extent: Extent  # projected xmin, ymin, xmax, ymax (metres)
    segments: tuple[Segment, ...]  # drawn: the visible ones that exist in the year shown
    nodes: tuple[Node, ...]
    route: Route | None
    year: YearView | None = None
    planned: tuple[Shown, ...] = ()  # the year's projects that fall inside the extent
    hidden: int = 0  # segments asked for but not yet open in the year: left out

    @property
    def statuses(self) -> dict[str, str]:
        return self.year.statuses if self.year else {}

    @property
    def legend(self) -> list[dict[str, Any]]:
        return legend_keys(self.segments, self.nodes, self.route, self.statuses, self.planned)

    @property
    def project_note(self) -> list[str]:
        """The projects drawn, each with its status and whether its line is schematic, wrapped."""
        if not self.planned or self.year is None:
            return []
        items = "; ".join(
            f"{p.project.name} ({p.status}, {'schematic' if p.drawing.schematic else p.drawing.how})"
            for p in self.planned
        )
        text = f"Projects at the end of {self.year.year} (teal): {items}."
        if any(p.drawing.schematic for p in self.planned):
            text += " Schematic: no alignment is published; drawn through the places the sources name."
        return textwrap.wrap(text, NOTE_CHARS)

    @property
    def crs(self) -> CRS:
        return self.projection.crs

    @property
    def map_height_in(self) -> float:
        xmin, ymin, xmax, ymax = self.extent
        return (WIDTH_IN - 2 * MARGIN_IN) * (ymax - ymin) / (xmax - xmin)

    @property
    def bottom_in(self) -> float:
        """Below the map: the legend's rows, the projects drawn, then two lines of credits."""
        entries = len(self.legend) - (self.route is not None)
        rows = math.ceil(entries / LEGEND_COLUMNS) + (self.route is not None)
        return 0.5 + rows * LEGEND_ROW_IN + len(self.project_note) * NOTE_ROW_IN

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


def layout(
    network: Network,
    visible: Iterable[str] | None = None,
    route: Route | None = None,
    year: YearView | None = None,
    planned: Iterable[Shown] = (),
) -> Layout:
    """The segments and nodes to draw (visible ones plus the route's), the projection and extent.

    year: the network at the end of a year; its lines not yet open are left out, but the figure keeps
    the frame of every visible segment, so the figures of several years of one view match.
    planned: the year's projects; those inside the frame are drawn.
    """
    wanted = set(visible if visible is not None else (s.id for s in network.segments))
    wanted |= set(route.segments if route else ())
    framed = tuple(s for s in network.segments if s.id in wanted)
    drawn = wanted - (year.hidden if year else frozenset())
    segments = tuple(s for s in framed if s.id in drawn)
    if not segments:
        raise ValueError("a figure needs at least one segment")
    nodes = network.nodes_on(drawn)
    bounds = _bounds([s.geometry for s in framed])
    projection = figure_projection(bounds)
    crs = projection.crs
    project = projector(crs)
    xmin, ymin, xmax, ymax = _bounds([project(s.geometry) for s in framed])
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
    data = _bounds([project(s.geometry) for s in framed])
    keep = (data[0] - pad / 2, data[1] - pad / 2, data[2] + pad / 2, data[3] + pad / 2)
    extent = _within_extract(crs, (xmin, ymin, xmax, ymax), keep)
    inside = tuple(p for p in planned if project(p.drawing.geometry).intersects(box(*extent)))
    return Layout(projection, extent, segments, nodes, route, year, inside, len(framed) - len(segments))


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


def attribution(network: Network, segment_ids: Iterable[str]) -> str:
    """The base map, then whom the drawn lines must credit (as the web map says it)."""
    credits = network.credits(segment_ids)
    return ATTRIBUTION + (f" · Lines: {', '.join(credits)}" if credits else "")


def titles(network: Network, lay: Layout) -> tuple[str, str]:
    """The figure's title and the line under it; with a year, the title says which."""
    route, year = lay.route, lay.year
    when = f" at the end of {year.year}" if year else ""
    if route is None:
        count, total = len(lay.segments), len(network.segments)
        shown = f"all {total} segments" if count == total else f"{count} of {total} segments"
        if lay.hidden:
            shown += f", {lay.hidden} not yet open"
        modes = [MODE_NAMES[m] for m in MODE_STYLES if any(s.mode == m for s in lay.segments)]
        what = ", ".join(modes[:-1]) + " and " + modes[-1] if len(modes) > 1 else modes[0]
        projects = f", {len(lay.planned)} project(s) planned or being built" if lay.planned else ""
        return TITLE + when, f"{what[0].upper()}{what[1:]}: {shown}{projects}"
    names = {n.id: n.name for n in network.nodes}
    title = f"{names[route.nodes[0]]} → {names[route.nodes[-1]]}"
    title += f", on the network at the end of {year.year}" if year else ""
    return title, f"{TITLE}: the best route, {route_notes([route])[0].removeprefix('Route ')}"


def render_figure(
    network: Network,
    geodata_dir: Path,
    visible: Iterable[str] | None = None,
    *,
    route: Route | None = None,
    fmt: str = "png",
    year: YearView | None = None,
    planned: Iterable[Shown] = (),
) -> bytes:
    """The figure as PNG (300 dpi), SVG (text kept as text) or PDF bytes; the same input, the same bytes.

    visible: segment ids to draw (default: all); route: a planned route, highlighted and named;
    year: the network as it stood at the end of a year (routes.asof.year_view), styled as the map
    styles it; planned: the projects planned or being built that year (routes.planned.shown_in).
    """
    if fmt not in FORMATS.values():
        raise ValueError(f"unknown figure format {fmt!r}")
    import matplotlib as mpl

    fig = draw_figure(network, geodata_dir, visible, route=route, year=year, planned=planned)
    out = io.BytesIO()
    with mpl.rc_context(_RC):
        fig.savefig(out, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
    return out.getvalue()


def draw_figure(
    network: Network,
    geodata_dir: Path,
    visible: Iterable[str] | None = None,
    *,
    route: Route | None = None,
    year: YearView | None = None,
    planned: Iterable[Shown] = (),
) -> Figure:
    """The figure as a matplotlib Figure (Agg canvas), for render_figure and for tests to inspect."""
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        return _draw(network, geodata_dir, layout(network, visible, route, year, planned))


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
    project = projector(lay.crs)
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
    bottom = _legend(fig, lay, height)
    for number, line in enumerate(lay.project_note):
        y = bottom - 0.04 - number * NOTE_ROW_IN
        fig.text(left, y / height, line, fontsize=6.5, color="#333333", va="top", parse_math=False)
    credit = attribution(network, (s.id for s in lay.segments))
    for line, y in ((credit, 0.26), (lay.projection.note() + " Lengths are computed along the lines.", 0.1)):
        fig.text(left, y / height, line, fontsize=6, color="#555555", va="bottom", parse_math=False)
    return fig


@dataclass
class _Panel:
    """One map drawn on one axes (the main map or an inset), ready for its labels."""

    ax: Axes
    extent: Extent
    labeller: Labeller
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
        nodes = lay.route.nodes if lay.route else ()
        self.route_pieces = [(a, b, piece_line(network, a, b)) for a, b in itertools.pairwise(nodes)]

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
        crs = self.lay.crs
        countries = background(ax, self.geodata_dir, crs, extent)
        ax.set_xlabel("")  # geopandas names the projected axes; a map needs no "Easting [metre]"
        ax.set_ylabel("")
        graticule(ax, crs, extent, self.project)
        if self.lay.route is not None:
            draw_route(ax, self.route_pieces, self.project, ids)
        lay = self.lay
        lines = draw_segments(ax, lay.segments, extent, self.project, self.on_route, ids, lay.statuses)
        lines += draw_planned(ax, lay.planned, extent, self.project, ids)
        markers = [self.project(n.point).coords[0] for n in self.lay.nodes]
        draw_nodes(ax, self.lay.nodes, self.project, ids)
        bar = place_scale_bar(crs, extent, lines + markers)
        bar_box = draw_scale_bar(ax, bar, extent, ids)
        labeller = Labeller(ax, ax.figure.canvas.get_renderer(), lines, [bar_box])  # type: ignore[attr-defined]
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
            main.ax.add_patch(rectangle(extent, edgecolor="#333333", linewidth=0.6, zorder=7))
            (fx0, fy0), (fx1, fy1) = fig.transFigure.inverted().transform(
                main.ax.transData.transform([(x0, y0), (x0 + w, y0 + h)])
            )
            ax = fig.add_axes((fx0, fy0, fx1 - fx0, fy1 - fy0), zorder=10)
            panel = sheet.draw(ax, extent, frame="#333333", ids="inset-")
            title = ax.text(
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
                bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
            )
            panel.labeller.taken.append(title.get_window_extent(panel.labeller.renderer).padded(2))
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


def _legend(fig: Figure, lay: Layout, height: float) -> float:
    """Draw the legend; return the height (inches) of its last row's bottom."""
    handles = legend_handles(lay.legend)
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
    return top - math.ceil(len(handles) / LEGEND_COLUMNS) * LEGEND_ROW_IN


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


def _bounds(geoms: Sequence[BaseGeometry]) -> Extent:
    boxes = [g.bounds for g in geoms]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
