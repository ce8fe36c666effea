"""Export the current view: a standalone HTML map, or GeoJSON of the visible segments."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import folium

from routes.assets import inline_assets, use_cdn_names
from routes.mapview import build_map
from routes.model import Network
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
) -> str:
    """A single HTML file that opens by double-click, offline: Leaflet and data all inlined."""
    fmap = build_map(network, geodata_dir, list(visible), excerpts, selected=selected)
    return render_standalone(fmap)


def render_standalone(fmap: folium.Map) -> str:
    use_cdn_names(fmap)
    root = fmap.get_root()
    root.title = TITLE
    root.header.add_child(folium.Element(f"<title>{html_text(TITLE)}</title>"))
    return inline_assets(root.render())


def export_geojson(
    network: Network, visible: Iterable[str], excerpts: Mapping[str, Sequence[ExcerptView]]
) -> dict[str, Any]:
    """The visible segments with their facts, sources and references to linked excerpts."""
    wanted = set(visible)
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
    return {"type": "FeatureCollection", "attribution": credits, "features": features}


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
    }


def geojson_text(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
