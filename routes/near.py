"""The one notion of "near": geodesic kilometres between points and lines, found through an STRtree.

The summary (nodes on the visible route), the checks (nodes far from every line) and the linker
(segments meeting at a named place) all ask the same question with the same radius, here.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from typing import NamedTuple

from pyproj import Geod
from shapely import STRtree
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

NEAR_KM = 5.0  # a place lies on a line it is within this distance of (station coordinates vs track)
_GEOD = Geod(ellps="WGS84")
_KM_PER_DEG_LAT = 110.57  # the smallest length of a degree of latitude (at the equator)


def distance_km(point: Point, geometry: BaseGeometry) -> float:
    """Geodesic distance from a point to the nearest point of a geometry, in kilometres."""
    nearest = nearest_points(geometry, point)[0]
    return _GEOD.inv(point.x, point.y, nearest.x, nearest.y)[2] / 1000.0


def _degrees_around(point: Point, km: float) -> float:
    """A radius in degrees that surely holds every point within km of this one (up to ~80° N)."""
    return km / _KM_PER_DEG_LAT / max(math.cos(math.radians(min(abs(point.y) + 1.0, 80.0))), 0.17)


class NearIndex:
    """Geometries indexed once, asked many times which lie within km of a point."""

    def __init__(self, geometries: Sequence[BaseGeometry]) -> None:
        self.geometries = tuple(geometries)
        self._tree = STRtree(self.geometries)

    def within(self, point: Point, km: float = NEAR_KM) -> list[int]:
        """Indices (in input order) of the geometries within km of the point."""
        box = point.buffer(_degrees_around(point, km), quad_segs=2).envelope
        hits = sorted(int(i) for i in self._tree.query(box))
        return [i for i in hits if distance_km(point, self.geometries[i]) <= km]


class Deviation(NamedTuple):
    """How far a drawn line strays from its reference, sampled along the drawn line."""

    median_km: float
    p90_km: float
    max_km: float


def sample_points(line: LineString | MultiLineString, step_km: float = 1.0) -> list[Point]:
    """Points every ~step_km along a line (its vertices' spacing taken geodesically)."""
    parts = line.geoms if isinstance(line, MultiLineString) else [line]
    points: list[Point] = []
    for part in parts:
        coords = list(part.coords)
        points.append(Point(coords[0]))
        for (x0, y0), (x1, y1) in itertools.pairwise(coords):
            km = _GEOD.inv(x0, y0, x1, y1)[2] / 1000.0
            steps = max(1, math.ceil(km / step_km))
            points += [
                Point(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps) for k in range(1, steps + 1)
            ]
    return points


def deviation(line: LineString | MultiLineString, reference: BaseGeometry, step_km: float = 1.0) -> Deviation:
    """Median, 90th percentile and maximum distance from points along line to the reference."""
    distances = sorted(distance_km(p, reference) for p in sample_points(line, step_km))
    p90 = distances[min(len(distances) - 1, int(0.9 * len(distances)))]
    return Deviation(statistics.median(distances), p90, distances[-1])
