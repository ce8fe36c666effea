"""Streamlit entry point: widgets and layout only; everything else lives in the routes package."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from routes.assets import use_static_urls, write_static
from routes.catalog import (
    Catalog,
    build_catalog,
    filtered_catalog_excerpts,
    fingerprint,
    search_excerpts,
)
from routes.errors import UploadError
from routes.export import export_geojson, export_html, geojson_text
from routes.mapview import base_map, segment_layers, view_of
from routes.model import Segment
from routes.paths import bundled_geodata, corpus_folders, default_geodata
from routes.state import ViewState, from_query, to_query
from routes.summary import summarise
from routes.text import html_text
from routes.uploads import list_uploads, remove_upload, save_upload
from routes.views import ExcerptView, facts_table_html, source_links_html

APP_DIR = Path(__file__).resolve().parent
MAP_KEY = "map"
PAGE_SIZE = 10  # excerpts per "Show more": each card is a few elements for the browser to draw


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Trans-Caspian corridor map")
    parser.add_argument(
        "--articles", type=Path, default=None, help="folder of articles (.txt .md .html .pdf), uploads too"
    )
    parser.add_argument("--geodata", type=Path, default=None, help="folder with segments.geojson")
    args, _unknown = parser.parse_known_args(argv)
    return args


@st.cache_resource(show_spinner=False)
def _static_assets() -> None:
    write_static(APP_DIR / "static")


@st.cache_resource(show_spinner="Reading articles and linking excerpts…", max_entries=4)
def _catalog(geodata_dir: str, articles_dirs: tuple[str, ...], key: tuple) -> Catalog:
    return build_catalog(Path(geodata_dir), *map(Path, articles_dirs))


def load_catalog(geodata_dir: Path, articles_dirs: tuple[Path, ...]) -> Catalog:
    # Keyed on the files' names, sizes and mtimes: parse and link once per change, not per rerun.
    key = fingerprint(geodata_dir, *articles_dirs)
    return _catalog(str(geodata_dir), tuple(map(str, articles_dirs)), key)


def init_state(catalog: Catalog) -> None:
    """First run of a session: take the view from the URL."""
    if "init" in st.session_state:
        return
    ids = [s.id for s in catalog.network.segments]
    state = from_query(st.query_params.to_dict(), ids)
    for seg_id in ids:
        st.session_state[f"seg:{seg_id}"] = seg_id in state.visible
    st.session_state.selected = state.selected
    # The base map must stay the same all session (a new one reloads the iframe and loses the
    # zoom), so its first view is fixed here: a shared link opens on its selected segment.
    st.session_state.first_selected = state.selected
    st.session_state.halo = None
    st.session_state.init = True


def on_map_event() -> None:
    """A click on a segment selects it (before the rerun draws, so its halo shows at once)."""
    value = st.session_state.get(MAP_KEY) or {}
    drawing = value.get("last_active_drawing") or {}
    seg_id = (drawing.get("properties") or {}).get("id")
    if seg_id:
        st.session_state.selected = seg_id
        st.session_state.halo = None  # the browser marks a clicked line itself (see ClickSelect)


def focus(segment: Segment) -> None:
    """Select a segment and move the map to it."""
    st.session_state.selected = segment.id
    st.session_state.halo = segment.id  # chosen outside the map: the server draws its halo
    (lat, lon), zoom = view_of([segment.geometry])
    # streamlit-folium moves the map only when centre or zoom change: after the user has panned
    # away, the same segment again must still move it, so every request differs by a hair.
    st.session_state.focus_count = st.session_state.get("focus_count", 0) + 1
    nudge = 1e-7 * (st.session_state.focus_count % 2)
    st.session_state.center, st.session_state.zoom = (lat + nudge, lon), zoom


def set_group(segment_ids: list[str], shown: bool) -> None:
    for seg_id in segment_ids:
        st.session_state[f"seg:{seg_id}"] = shown


def sidebar_toggles(catalog: Catalog) -> list[str]:
    st.header("Segments")
    groups: dict[tuple[str, str], list[Segment]] = {}
    for seg in catalog.network.segments:
        groups.setdefault((seg.corridor, seg.group), []).append(seg)
    for (corridor, group), segs in groups.items():
        ids = [s.id for s in segs]
        shown = sum(st.session_state.get(f"seg:{i}", True) for i in ids)
        with st.expander(f"{corridor} · {group} ({shown}/{len(ids)})", expanded=True):
            left, right = st.columns(2)
            left.button("Show all", key=f"all:{group}", on_click=set_group, args=(ids, True))
            right.button("Hide all", key=f"none:{group}", on_click=set_group, args=(ids, False))
            for seg in segs:
                st.checkbox(seg.name, key=f"seg:{seg.id}")
    return [s.id for s in catalog.network.segments if st.session_state.get(f"seg:{s.id}")]


def date_filter(catalog: Catalog) -> tuple[dt.date | None, dt.date | None]:
    if not catalog.dates:
        return None, None
    first, last = catalog.dates[0], catalog.dates[-1]
    picked = st.date_input(
        "Article dates", value=(first, last), help="Undated articles always stay, marked 'no date'."
    )
    if isinstance(picked, tuple) and len(picked) == 2:
        return picked[0], picked[1]
    return first, last


def excerpt_card(excerpt: ExcerptView, segment_name: str | None = None) -> None:
    label = f"<b>{html_text(segment_name)}</b> · " if segment_name else ""
    st.html(
        f"<div class='excerpt'>{label}<span class='spec'>{html_text(excerpt.specificity_label)}</span>"
        f"<blockquote>{excerpt.highlighted_html()}</blockquote>"
        f"<div class='cite'>{html_text(excerpt.citation)}</div></div>"
    )
    with st.expander("Paragraph"):
        st.html(f"<p class='para'>{html_text(excerpt.paragraph)}</p>")


def segment_panel(catalog: Catalog, segment: Segment, excerpts: Sequence[ExcerptView]) -> None:
    st.subheader(segment.name)
    links = source_links_html(segment, separator="</li><li>")
    st.html(f"{facts_table_html(segment)}<div>Sources:<ul><li>{links}</li></ul></div>")
    st.button("Zoom to segment", key="zoom-selected", on_click=focus, args=(segment,))
    st.markdown(f"**News excerpts ({len(excerpts)})**")
    if not catalog.article_count:
        st.info("There are no articles in the corpus folder, so there are no excerpts.")
    elif not excerpts:
        st.info("No excerpt in the corpus speaks of this segment.")
    # A big corpus links thousands of sentences to one segment: show the best ones, more on demand.
    shown = st.session_state.get(f"more:{segment.id}", PAGE_SIZE)
    for excerpt in excerpts[:shown]:
        excerpt_card(excerpt)
    if len(excerpts) > shown:
        st.caption(f"Showing the best {shown} of {len(excerpts)} excerpts.")
        st.button("Show more", key=f"more-btn:{segment.id}", on_click=show_more, args=(segment.id, shown))


def show_more(segment_id: str, shown: int) -> None:
    st.session_state[f"more:{segment_id}"] = shown + PAGE_SIZE


def search_panel(catalog: Catalog, start: dt.date | None, end: dt.date | None) -> None:
    query = st.text_input("Search the excerpts", key="query", placeholder="e.g. Caspian, pipeline, ferry")
    if not query.strip():
        return
    names = {s.id: s for s in catalog.network.segments}
    hits = search_excerpts(catalog, query, start, end)
    st.caption(f"{len(hits)} excerpt(s) match.")
    for i, e in enumerate(hits[:50]):
        excerpt_card(e, names[e.segment_id].name)
        st.button("Show on map", key=f"hit:{i}", on_click=focus, args=(names[e.segment_id],))


def route_summary(catalog: Catalog, visible: list[str]) -> None:
    summary = summarise(catalog.network, visible)
    cols = st.columns(max(1, len(summary.km_by_mode)))
    for col, (mode, km) in zip(cols, summary.km_by_mode.items(), strict=False):
        col.metric(f"{mode.title()} (computed)", f"{km:,.0f} km")
    names = [catalog.country_names.get(code, code) for code in summary.countries]
    lines = [f"**Countries crossed:** {', '.join(names) or '—'}"]
    if summary.border_crossings:
        lines.append("**Border crossings:** " + ", ".join(n.name for n in summary.border_crossings))
    if summary.gauge_breaks:
        lines.append(
            "**Breaks of gauge:** " + "; ".join(f"{n.name} ({n.gauge_break})" for n in summary.gauge_breaks)
        )
    lines += [f"**Transit time stated, {name}:** {time}" for name, time in summary.transit_days]
    st.markdown("  \n".join(lines))


def upload_box(box, uploads_dir: Path) -> None:
    files = box.file_uploader(
        "Add articles (.txt .md .html .pdf; up to 2 MB, a PDF 5 MB)",
        type=["txt", "md", "html", "htm", "pdf"],
        accept_multiple_files=True,
        help=f"Stored in {uploads_dir}; the bundled corpus is never changed.",
    )
    done = st.session_state.setdefault("uploaded", {})
    for upload in files or []:
        if upload.file_id not in done:
            try:
                saved = save_upload(uploads_dir, upload.name, upload.getvalue())
                done[upload.file_id] = f"Added {saved.name} to the corpus."
            except UploadError as exc:
                done[upload.file_id] = f"error:{exc}"
        message = done[upload.file_id]
        if message.startswith("error:"):
            box.error(message.removeprefix("error:"))
        else:
            box.success(message)


def remove_chosen(uploads_dir: Path) -> None:
    name = st.session_state.get("remove-choice")
    try:
        remove_upload(uploads_dir, name)
        st.session_state.removed = f"Removed {name}."
    except UploadError as exc:
        st.session_state.removed = f"error:{exc}"


def your_articles(box, uploads_dir: Path) -> None:
    """What the user has added (the upload folder's articles), each removable."""
    # The click is handled here, before the list is drawn, not by an on_click callback: with one,
    # the browser test's click on "Download map (HTML)" got no download in 4 of 5 runs.
    if st.session_state.get("remove-upload"):
        remove_chosen(uploads_dir)
    names = list_uploads(uploads_dir)
    with box.expander(f"Your articles ({len(names)})", expanded=False):
        st.caption(f"In {uploads_dir}")
        message = st.session_state.pop("removed", None)
        if message:
            (st.error if message.startswith("error:") else st.success)(message.removeprefix("error:"))
        if not names:
            st.write("None yet: articles you upload are listed here.")
            return
        st.text("\n".join(names))  # plain text: a file name is never read as Markdown
        st.selectbox("Article to remove", names, key="remove-choice")
        st.button("Remove", key="remove-upload")


def main() -> None:
    st.set_page_config(page_title="Trans-Caspian corridor", page_icon="🚆", layout="wide")
    st.html(_CSS)
    args = parse_args(sys.argv[1:])
    geodata_dir = (args.geodata or default_geodata()).resolve()
    folders = corpus_folders(args.articles)
    _static_assets()
    toggles_box, options_box, upload_slot = (st.sidebar.container() for _ in range(3))
    upload_box(upload_slot, folders.uploads)  # first: a new file must be in the catalog built below
    your_articles(upload_slot, folders.uploads)
    catalog = load_catalog(geodata_dir, folders.read)
    init_state(catalog)
    ids = [s.id for s in catalog.network.segments]
    with toggles_box:
        visible = sidebar_toggles(catalog)
    with options_box:
        st.header("Options")
        start, end = date_filter(catalog)
        web_tiles = st.toggle("OpenStreetMap background (needs internet)", value=False)

    selected = st.session_state.get("selected")
    if selected not in ids:
        selected = None
    st.query_params.from_dict(to_query(ViewState(tuple(visible), selected), ids))

    st.markdown("### Trans-Caspian corridor (TITR) and the Baku–Tbilisi–Ceyhan pipeline")
    for problem in catalog.data_problems:
        st.error(f"Data problem, left out of the map: {problem}")
    if catalog.article_warnings:
        with st.expander(f"{len(catalog.article_warnings)} article file(s) skipped"):
            for warning in catalog.article_warnings:
                st.warning(str(warning))

    excerpts = filtered_catalog_excerpts(catalog, start, end)
    map_col, panel_col = st.columns([7, 3], gap="medium")
    # The panel is drawn first: it is what a click is waiting for, and the map's render is the
    # slowest part of a run (its column still sits on the left).
    with panel_col:
        if selected:
            segment_panel(catalog, catalog.network.segment(selected), excerpts.get(selected, ()))
        else:
            st.info("Click a line on the map to see its facts and what the news says about it.")
        search_panel(catalog, start, end)

    with map_col:
        first = st.session_state.first_selected
        fit = [s.geometry for s in catalog.network.segments if s.id == first or first is None]
        base = base_map(
            bundled_geodata(), fit=fit, selected=st.session_state.first_selected, web_tiles=web_tiles
        )
        fmap = use_static_urls(base)
        st_folium(
            fmap,
            key=MAP_KEY,
            height=560,
            use_container_width=True,
            # Only a selection made outside the map changes the layers (a halo): a click on the map
            # must not swap them, or the popup it opened would close at once.
            feature_group_to_add=segment_layers(catalog.network, visible, excerpts, st.session_state.halo),
            returned_objects=["last_active_drawing"],
            center=st.session_state.get("center"),
            zoom=st.session_state.get("zoom"),
            on_change=on_map_event,
        )
        route_summary(catalog, visible)
        export_buttons(catalog, visible, excerpts, selected)


def export_buttons(
    catalog: Catalog, visible: list[str], excerpts: dict[str, Sequence[ExcerptView]], selected: str | None
) -> None:
    left, right = st.columns(2)
    left.download_button(
        "Download map (HTML)",
        data=lambda: export_html(catalog.network, bundled_geodata(), visible, excerpts, selected=selected),
        file_name="transcaspian-map.html",
        mime="text/html",
        on_click="ignore",
    )
    right.download_button(
        "Download GeoJSON",
        data=lambda: geojson_text(export_geojson(catalog.network, visible, excerpts)),
        file_name="transcaspian-segments.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )


_CSS = """<style>
.block-container{padding-top:2.2rem}
.excerpt blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #c0392b}
.excerpt mark{background:#fff2a8;padding:0 1px}
.excerpt .cite{font-size:.8rem;color:#555}
.excerpt .spec{font-size:.75rem;color:#777;text-transform:uppercase}
table.facts th{text-align:left;padding-right:.8rem;font-weight:600;vertical-align:top}
table.facts td,table.facts th{font-size:.9rem;border:none}
</style>"""

main()
