"""The floor under every cold start measured here: the smallest map st_folium can show.

    streamlit run benchmarks/floor_app.py -- --articles FOLDER   (bench_app.py runs it)

One line on an empty map, Leaflet from the static folder, no data read, no sidebar: what any
Streamlit + streamlit-folium app pays on this machine before drawing anything of its own (the
server, the page's scripts, importing folium and streamlit-folium, the map's frame). `--articles`
is accepted and ignored, so the benchmark starts it like the other two apps.
"""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

from routes.assets import use_static_urls

fmap = folium.Map(location=(41.0, 50.0), zoom_start=4, tiles=None)
folium.PolyLine([(40.0, 45.0), (42.0, 55.0)], class_name="segment").add_to(fmap)
st_folium(use_static_urls(fmap), key="map", height=560, returned_objects=[])
