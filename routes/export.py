"""Export the current view: a standalone HTML map, or GeoJSON of the visible segments."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import folium

from routes.alternatives import Alternative
from routes.asof import YearView
from routes.assets import inline_assets, use_cdn_names
from routes.mapview import build_map
from routes.model import Network
from routes.planner import Route
from routes.text import html_text
from routes.views import ExcerptView

TITLE = "Trans-Caspian corridor and BTC pipeline"


def export_html(
    network: Network,
    geodata_dir: Path,
    visible: Iterable[str],
    excerpts: Mapping[str, Sequence[ExcerptView]],
    *,
    selected: str | None = None,
    routes: Sequence[Route] = (),
    chosen: int = 0,
    context: Sequence[Alternative] = (),
    year: YearView | None = None,
) -> str:
    """A single HTML file that opens by double-click, offline: Leaflet and data all inlined.

    routes: a planned trip's routes (best first); the chosen one is drawn and named in the legend.
    context: alternatives between the same ends, drawn grey and listed in the legend.
    year: the network as it stood at the end of a year: lines not yet open left out, the others
    marked as planned, being built or disrupted.
    """
    route = routes[chosen] if routes else None
    notes = route_notes(routes, chosen)
    notes += [f"Context: {a.name}: {a.km:,.0f} km, {a.days_label}" for a in context]
    shown = [i for i in visible if year is None or i not in year.hidden]
    if year is not None:
        notes.insert(0, f"The network at the end of {year.year}: dashed = planned or being built, "
                        "dotted purple = disrupted.")  # fmt: skip
    fmap = build_map(
        network, geodata_dir, shown, excerpts, selected=selected,
        route=route.segments if route else None, notes=notes, context=context,
        statuses=year.statuses if year else None,
    )  # fmt: skip
    return render_standalone(fmap)


def route_notes(routes: Sequence[Route], chosen: int = 0) -> list[str]:
    """The legend's lines for a planned trip: the chosen route first, then how the others compare."""
    if not routes:
        return []
    lines = [f"Route {routes[chosen].name}: {_km_line(routes[chosen])}"]
    lines += [f"Alternative {r.name}: {_km_line(r)}" for i, r in enumerate(routes) if i != chosen]
    return lines


def _km_line(route: Route) -> str:
    modes = ", ".join(f"{mode} {km:,.0f}" for mode, km in route.km_by_mode.items())
    return f"{route.km_total:,.0f} km ({modes})"


def render_standalone(fmap: folium.Map) -> str:
    use_cdn_names(fmap)
    root = fmap.get_root()
    root.title = TITLE
    root.header.add_child(folium.Element(f"<title>{html_text(TITLE)}</title>"))
    return inline_assets(root.render())


def export_geojson(
    network: Network,
    visible: Iterable[str],
    excerpts: Mapping[str, Sequence[ExcerptView]],
    routes: Sequence[Route] = (),
    chosen: int = 0,
    context: Sequence[Alternative] = (),
    year: YearView | None = None,
) -> dict[str, Any]:
    """The visible segments with their facts, sources and references to linked excerpts.

    With a planned trip: its segments too, the chosen route and the comparison of all its routes.
    """
    wanted = set(visible) | (set(routes[chosen].segments) if routes else set())
    if year is not None:
        wanted -= year.hidden
    features = []
    for seg in network.segments:
        if seg.id not in wanted:
            continue
        properties: dict[str, Any] = {
            "id": seg.id,
            "name": seg.name,
            "corridor": seg.corridor,
            "mode": seg.mode,
            "group": seg.group,
            "countries": list(seg.countries),
            "length_km_computed": round(seg.length_km, 1),
            **seg.facts,
            "geometry_source": seg.geometry_source,
            "geometry_licence": seg.geometry_licence,
            **({"status_in_year": year.statuses.get(seg.id, "open")} if year else {}),
            "sources": [{"title": s.title, "url": s.url} for s in seg.sources],
            "excerpts": [_excerpt_ref(e) for e in excerpts.get(seg.id, ())],
        }
        features.append(
            {
                "type": "Feature",
                "properties": properties,
                "geometry": seg.geometry.__geo_interface__,
            }
        )
    credits = "; ".join(network.credits(wanted))
    trip = {"route": routes[chosen].to_dict(), "comparison": [r.to_dict() for r in routes]} if routes else {}
    if year is not None:
        trip["year"] = year.year
    if context:
        trip["alternatives"] = [a.to_dict() for a in context]
        features += [
            {"type": "Feature", "properties": {"context": True, **a.to_dict()},
             "geometry": a.geometry.__geo_interface__}
            for a in context
        ]  # fmt: skip
    return {"type": "FeatureCollection", "attribution": credits, **trip, "features": features}


def _excerpt_ref(excerpt: ExcerptView) -> dict[str, Any]:
    return {
        "article": excerpt.article,
        "text": excerpt.sentence,
        "matched": list(excerpt.matched),
        "specificity": excerpt.specificity,
        "outlet": excerpt.outlet,
        "author": excerpt.author,
        "date": excerpt.date.isoformat() if excerpt.date else None,
        "url": excerpt.url,
        "language": excerpt.language,
    }


def geojson_text(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
