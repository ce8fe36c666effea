"""Greedy label placement for figures: each label takes the first free spot around its point."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.transforms import Bbox

Extent = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in data units
LABEL_SIZE = 6.5  # points
LINE_CLEAR_PX = 6  # half a line's width at 300 dpi, and a little air
AREA_CLEAR_PX = 14  # sea and country names keep further off the lines: nothing points at them

# (dx, dy) in points from the marker, and the text's alignment: right of it first, then around.
PLACES = (
    (5, 0, "left", "center"),
    (4, 4, "left", "bottom"),
    (4, -4, "left", "top"),
    (-5, 0, "right", "center"),
    (-4, 4, "right", "bottom"),
    (-4, -4, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
)


class Labeller:
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
            for dx, dy, ha, va in PLACES:
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
