"""The planned and building projects on the map: one layer of dashed schematic lines and points.

Each line says what it is: the tooltip and popup call a schematic line schematic and give the
status in the year shown, the stated lengths and dates with their sources, and where the geometry
comes from. Data in (routes.planned.Shown), folium out.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium

from routes.elements import BindContent, HitStroke, LineKey, RoutesGroup
from routes.planned import Shown
from routes.text import html_text

PLANNED_STYLE = LineKey("Planned or being built (schematic line)", "#00897b", "7 6", 3)
LAYER_NAME = "Planned and under construction"
# Planned: sparser and fainter than under construction; a point (a port) is a dashed ring.
# (The figure draws them alike: routes.plotting.)
PROJECT_DASH = {"planned": "3 7", "under construction": PLANNED_STYLE.dash}
PROJECT_OPACITY = {"planned": 0.7, "under construction": 0.95}
POINT_RADIUS = 9


def planned_layer(
    shown: Sequence[Shown], pane: str | None = None, hit_pane: str | None = None, hit_weight: int = 14
) -> folium.FeatureGroup:
    """One toggleable group: the projects planned or being built at the end of the year shown.

    pane: where the lines go (over the corridor's, so a second track shows on its line);
    hit_pane: where a wide invisible copy of each line goes, so a thin dashed line is easy to click.
    """
    group = RoutesGroup(name=LAYER_NAME, show=True)
    for item in shown:
        drawing = item.drawing
        style = {
            "color": PLANNED_STYLE.color,
            "weight": PLANNED_STYLE.weight,
            "opacity": PROJECT_OPACITY[item.status],
            "dashArray": PROJECT_DASH[item.status],
            "fill": drawing.how == "point",
            "fillOpacity": 0.15,
            # lets a browser (and its tests) find the drawing and its status
            "className": f"planned planned-{item.project.id} status-{item.status.replace(' ', '-')}"
            + (" schematic" if drawing.schematic else ""),
        }
        feature = {
            "type": "Feature",
            "properties": {"project": item.project.id, "name": item.project.name},
            "geometry": drawing.geometry.__geo_interface__,
        }
        marker = folium.CircleMarker(radius=POINT_RADIUS) if drawing.how == "point" else None
        layer = folium.GeoJson(
            feature, name=item.project.id, style_function=lambda _f, s=style: s, marker=marker,
            control=False, pane=pane,
        )  # fmt: skip
        BindContent(tooltip=tooltip(item), popup=popup_html(item)).add_to(layer)
        if hit_pane is not None and drawing.how != "point":
            HitStroke(hit_pane, hit_weight).add_to(layer)
        layer.add_to(group)
    return group


def tooltip(item: Shown) -> str:
    what = "schematic, " if item.drawing.schematic else ""
    return f"{item.project.name} ({what}{item.status} at the end of {item.year})"


def popup_html(item: Shown) -> str:
    """The project's status that year, stated figures and where its drawing comes from, escaped."""
    project, drawing = item.project, item.drawing
    lengths = " / ".join(f"{v.value:,.0f} km" for v in project.length_km) or "not stated"
    expected = "; ".join(f"{e.what}: {e.year}" for e in project.expected) or "no date stated"
    rows = [
        ("Status", f"{item.status} at the end of {item.year}"),
        ("Kind", project.kind),
        ("Length stated", lengths),
        ("Expected", expected),
        ("Drawn through", " – ".join(drawing.through)),
        ("Geometry", drawing.geometry_source),
    ]
    table = "".join(f"<tr><th>{html_text(k)}</th><td>{html_text(v)}</td></tr>" for k, v in rows)
    links = " · ".join(
        f"<a href='{html_text(s.url)}' target='_blank' rel='noopener'>{html_text(s.title)}</a>"
        for s in project_sources(item)
    )
    return (
        f"<div class='corridor-popup'><h4>{html_text(project.name)}</h4><table>{table}</table>"
        f"<div><small>{html_text(project.note)}</small></div>"
        f"<div><small>Sources: {links}</small></div></div>"
    )


def project_sources(item: Shown) -> tuple:
    """Every source of the project's statuses, figures and drawing, each once, in that order."""
    project = item.project
    found = [s for span in project.statuses for s in span.sources]
    found += [s for v in project.length_km for s in v.sources]
    found += [s for e in project.expected for s in e.sources]
    found += list(item.drawing.sources)
    return tuple(dict.fromkeys(found))
