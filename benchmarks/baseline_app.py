"""The benchmark's yardstick: the same map drawn the plain way, by `st_folium` alone.

    streamlit run benchmarks/baseline_app.py -- --articles FOLDER   (bench_app.py runs it)

Every segment, the same base map, popups and node markers as the app's, built in one folium.Map
(`routes.mapview.build_map`) and handed to `st_folium` without `feature_group_to_add`: a toggle
redraws the whole map. A sidebar checkbox per segment; a click on a line shows the segment's name
and its first excerpts, in the same elements the app uses (an h3, `.excerpt` cards), so the
benchmark's probes time both apps alike. Nothing else: no route planner, year, charts or exports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from routes.assets import use_static_urls, write_static
from routes.catalog import Catalog, build_catalog, filtered_catalog_excerpts
from routes.mapview import build_map
from routes.paths import bundled_geodata
from routes.text import html_text

SHOWN = 10  # the app's first page of excerpts


@st.cache_resource(show_spinner=False)
def catalog(articles: str) -> Catalog:
    # Written beside this script: Streamlit serves ./static of the script's folder.
    write_static(Path(__file__).resolve().parent / "static")
    return build_catalog(bundled_geodata(), Path(articles))


def main() -> None:
    st.set_page_config(page_title="Baseline map", layout="wide")
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=Path, required=True)
    args, _ = parser.parse_known_args(sys.argv[1:])
    cat = catalog(str(args.articles.resolve()))
    excerpts = filtered_catalog_excerpts(cat, None, None)
    with st.sidebar:
        visible = [s.id for s in cat.network.segments if st.checkbox(s.name, value=True, key=f"seg:{s.id}")]
    map_col, panel_col = st.columns([7, 3])
    with map_col:
        fmap = use_static_urls(build_map(cat.network, bundled_geodata(), visible, excerpts))
        value = st_folium(
            fmap, key="map", height=560, use_container_width=True, returned_objects=["last_active_drawing"]
        )
    drawing = (value or {}).get("last_active_drawing") or {}
    seg_id = (drawing.get("properties") or {}).get("id")
    with panel_col:
        if seg_id:
            st.subheader(cat.network.segment(seg_id).name)
            for excerpt in excerpts.get(seg_id, ())[:SHOWN]:
                st.html(f"<div class='excerpt'><blockquote>{excerpt.highlighted_html()}</blockquote>"
                        f"<div>{html_text(excerpt.citation)}</div></div>")  # fmt: skip


main()
