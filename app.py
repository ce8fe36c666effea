"""Streamlit entry point: widgets and layout only; everything else lives in the routes package."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from routes.alternatives import Alternative
from routes.asof import YearView, year_range, year_view
from routes.assets import use_static_urls, write_static
from routes.catalog import (
    Catalog,
    build_catalog,
    filtered_catalog_excerpts,
    fingerprint,
    month_counts,
    search_excerpts,
)
from routes.charts import monthly_chart, volumes_chart
from routes.errors import NoRouteError, UploadError
from routes.export import export_geojson, export_html, geojson_text
from routes.figure import render_figure
from routes.mapview import base_map, segment_layers, view_of
from routes.model import Segment
from routes.paths import bundled_geodata, corpus_folders, default_geodata
from routes.planner import Route, comparison_rows, plan_trip
from routes.state import (
    PRESETS,
    Trip,
    ViewState,
    preset_visible,
    read_query,
    to_query,
    unknown_ids_message,
)
from routes.summary import summarise
from routes.text import html_text, markdown_text
from routes.uploads import list_uploads, remove_upload, save_upload
from routes.views import ExcerptView, facts_table_html, source_links_html

APP_DIR = Path(__file__).resolve().parent
MAP_KEY = "map"
TRIP_WIDGETS = ("trip:from", "trip:to", "trip:via")
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
def _catalog(geodata_dir: str, articles_dirs: tuple[str, ...], key: str) -> Catalog:
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
    link = read_query(st.query_params.to_dict(), ids, [n.id for n in catalog.network.nodes])
    state = link.state
    trip = state.trip
    places = (trip.start, trip.end, trip.via) if trip else (None, None, None)
    for key, value in zip(TRIP_WIDGETS, places, strict=True):
        st.session_state[key] = value
    # A link naming segments this map lacks opens what it can; the warning stays until the view changes.
    st.session_state.link_warning = (unknown_ids_message(link.unknown), state) if link.unknown else None
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
    st.session_state.scroll_to_map = True  # a search result far down the panel: bring the map into view


# Runs in a zero-height component frame of the same origin: it scrolls the app's page, not itself.
_SCROLL_TO_MAP = """<script>
const frame = window.parent.document.querySelector('iframe[title="streamlit_folium.st_folium"]');
if (frame) { frame.scrollIntoView({block: "center"}); }
</script>"""


def scroll_map_into_view() -> None:
    if st.session_state.pop("scroll_to_map", False):
        components.html(_SCROLL_TO_MAP, height=0)


def set_group(segment_ids: list[str], shown: bool) -> None:
    for seg_id in segment_ids:
        st.session_state[f"seg:{seg_id}"] = shown


def set_visible(segment_ids: list[str], visible: tuple[str, ...]) -> None:
    for seg_id in segment_ids:
        st.session_state[f"seg:{seg_id}"] = seg_id in visible


def preset_buttons(catalog: Catalog) -> None:
    """Show all, hide all, one corridor only: for every segment at once."""
    ids = [s.id for s in catalog.network.segments]
    corridor_of = {s.id: s.corridor for s in catalog.network.segments}
    cols = st.columns(2)
    for i, preset in enumerate(PRESETS):
        cols[i % 2].button(
            preset.label,
            key=f"preset:{preset.key}",
            on_click=set_visible,
            args=(ids, preset_visible(preset, corridor_of)),
            width="stretch",
        )


def sidebar_toggles(catalog: Catalog) -> list[str]:
    st.header("Segments")
    preset_buttons(catalog)
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


def trip_pickers(catalog: Catalog) -> Trip | None:
    """From / To / Via: a trip to plan, or None until both ends are chosen."""
    st.header("Plan a route")
    nodes = sorted(catalog.network.nodes, key=lambda n: n.name)
    names = {n.id: n.name for n in nodes}
    options = [None, *names]
    labels = ("From", "To", "Via (optional)")
    start, end, via = (
        st.selectbox(label, options, key=key, format_func=lambda i: "—" if i is None else names[i])
        for label, key in zip(labels, TRIP_WIDGETS, strict=True)
    )
    if start and end and start != end:
        return Trip(start, end, via if via not in (start, end) else None)
    return None


def planned_routes(catalog: Catalog, trip: Trip | None, closed: frozenset[str]) -> list[Route]:
    if trip is None:
        return []
    try:
        return plan_trip(catalog.network, trip.start, trip.end, trip.via, closed=closed).routes
    except NoRouteError as exc:
        st.warning(str(exc))
        return []


def route_choice(routes: list[Route]) -> int:
    """Which of the planned routes the map highlights (the best one unless the user picks another)."""
    if st.session_state.get("trip:choice", 0) >= len(routes):
        st.session_state["trip:choice"] = 0
    return st.radio(
        "Highlighted route", range(len(routes)), key="trip:choice", horizontal=True,
        format_func=lambda i: f"{i + 1}. {routes[i].name} · {routes[i].km_total:,.0f} km",
    )  # fmt: skip


def trip_context(catalog: Catalog, trip: Trip | None) -> list[Alternative]:
    """Alternatives (context): the other ways between the same ends, each with its own toggle."""
    if trip is None or trip.via is not None:
        return []
    found = catalog.alternatives.between(trip.start, trip.end)
    if not found:
        pairs = catalog.alternatives.pairs()
        names = {n.id: n.name for n in catalog.network.nodes}
        st.caption(
            "Alternatives (rail via Russia, sea via Suez or the Cape) are precomputed for: "
            + "; ".join(f"{names.get(a, a)} → {names.get(b, b)}" for a, b in pairs)
        )
        return []
    st.markdown("**Alternatives (context)**")
    return [a for a in found if st.checkbox(a.name, value=True, key=f"ctx:{a.key}")]


def trip_table(catalog: Catalog, routes: list[Route], context: list[Alternative]) -> None:
    st.markdown(
        "**Routes compared** (km computed along the drawn lines; days only where a source states them)"
    )
    rows = comparison_rows(routes, catalog.country_names, context)
    st.dataframe(rows, hide_index=True, width="stretch")
    for alternative in context:
        sources = ", ".join(f"[{markdown_text(s.title)}]({s.url})" for s in _days_sources(alternative))
        if sources:
            st.caption(f"{markdown_text(alternative.name)}, {alternative.days_label}: {sources}")


def _days_sources(alternative: Alternative) -> tuple:
    return alternative.days_stated.sources if alternative.days_stated else ()


def year_slider(catalog: Catalog) -> YearView | None:
    """The network as it stood at the end of a year (today's by default)."""
    if catalog.timeline is None:
        return None
    first, last = year_range(catalog.timeline, dt.date.today().year)
    year = st.slider(
        "Network at the end of", first, last, value=last, key="year",
        help="Lines not yet open are left out; planned or being built, dashed; disrupted, dotted purple. "
        "Routes use only what was running.",
    )  # fmt: skip
    return year_view(catalog.timeline, year, last)


def volumes_panel(catalog: Catalog, year: int | None) -> None:
    """Traffic by year, every figure with its source; the year shown is marked."""
    if not catalog.volumes:
        return
    # Lazy: drawn only while open (its chart loads the browser's chart library, and every run
    # would send it), at the price of one rerun when opened.
    box = st.expander("Traffic by year (sourced figures)", key="volumes-open", on_change="rerun")
    if not box.open:
        return
    with box:
        choices = sorted({(r.series, r.unit) for r in catalog.volumes})
        series, unit = st.selectbox(
            "Series", choices, key="volumes-series",
            format_func=lambda c: f"{c[0].replace('_', ' ')} ({c[1]})",
        )
        rows = [r.to_dict() for r in catalog.volumes if r.series == series and r.unit == unit]
        st.vega_lite_chart(volumes_chart(rows, unit, year), width="stretch")
        st.caption(markdown_text(rows[0]["definition"]) if rows else "")
        for source in dict.fromkeys((r["source_title"], r["source_url"]) for r in rows):
            st.caption(f"[{markdown_text(source[0])}]({source[1]})")


def projects_panel(catalog: Catalog, year: int | None) -> None:
    """Planned and building projects that change the corridor, as of the year shown, with sources.

    They are listed, not drawn: no source found gives their alignment.
    """
    if not catalog.projects:
        return
    label = f"Planned and under construction ({len(catalog.projects)} projects, not drawn)"
    box = st.expander(label, key="projects-open", on_change="rerun")
    if not box.open:  # lazy, as the traffic chart
        return
    with box:
        for project in catalog.projects:
            status = project.status_at_end_of(year) if year is not None else None
            lengths = " / ".join(f"{v.value:,.0f} km" for v in project.length_km) or "length not stated"
            expected = "; ".join(f"{e.what} {e.year}" for e in project.expected)
            line = f"**{markdown_text(project.name)}** · {markdown_text(status or 'no status that year')}"
            line += f" · {markdown_text(lengths)}"
            line += f" · expected: {markdown_text(expected)}" if expected else ""
            st.markdown(line)
            links = {s.url: s.title for v in project.length_km for s in v.sources}
            links.update({s.url: s.title for e in project.expected for s in e.sources})
            links.update({s.url: s.title for span in project.statuses for s in span.sources})
            st.caption(markdown_text(project.note) + " Sources: " + ", ".join(
                f"[{markdown_text(title)}]({url})" for url, title in links.items()
            ))  # fmt: skip


def excerpts_by_month(excerpts: Sequence[ExcerptView]) -> None:
    """How often the news spoke of the segment, month by month (dated articles only)."""
    counts = month_counts(excerpts)
    if not counts:
        return
    st.vega_lite_chart(monthly_chart(counts), width="stretch")


def date_filter(catalog: Catalog, year: YearView | None) -> tuple[dt.date | None, dt.date | None]:
    if not catalog.dates:
        return None, None
    first, last = catalog.dates[0], catalog.dates[-1]
    picked = st.date_input(
        "Article dates", value=(first, last), help="Undated articles always stay, marked 'no date'."
    )
    start, end = first, last
    if isinstance(picked, tuple) and len(picked) == 2:
        start, end = picked
    if year is not None and st.checkbox(f"Only articles up to the end of {year.year}", key="dates-by-year"):
        end = min(end, dt.date(year.year, 12, 31))
    return start, end


def excerpt_card(excerpt: ExcerptView, segment_name: str | None = None) -> None:
    label = f"<b>{html_text(segment_name)}</b> · " if segment_name else ""
    # One element per card, its paragraph folded in a <details>: a Streamlit expander per card
    # tripled the elements a click puts on the page (most of the browser's work on a click).
    st.html(
        f"<div class='excerpt'>{label}<span class='spec'>{html_text(excerpt.specificity_label)}</span>"
        f"<blockquote>{excerpt.highlighted_html()}</blockquote>"
        f"<div class='cite'>{html_text(excerpt.citation)}</div>"
        f"<details><summary>Paragraph</summary><p class='para'>{html_text(excerpt.paragraph)}</p>"
        "</details></div>"
    )


def segment_panel(catalog: Catalog, segment: Segment, excerpts: Sequence[ExcerptView]) -> None:
    st.subheader(segment.name)
    links = source_links_html(segment, separator="</li><li>")
    st.html(f"{facts_table_html(segment)}<div>Sources:<ul><li>{links}</li></ul></div>")
    st.button("Zoom to segment", key="zoom-selected", on_click=focus, args=(segment,))
    st.markdown(f"**News excerpts ({len(excerpts)})**")
    excerpts_by_month(excerpts)
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


def route_summary(catalog: Catalog, visible: list[str], route: Route | None) -> None:
    """The chosen route's figures; with no route, what the visible segments add up to."""
    if route is not None:
        st.markdown(f"**Route {html_text(route.name)}**")
        cols = st.columns(max(1, len(route.km_by_mode)))
        for col, (mode, km) in zip(cols, route.km_by_mode.items(), strict=False):
            col.metric(f"{mode.title()} (computed)", f"{km:,.0f} km")
        row = comparison_rows([route], catalog.country_names)[0]
        keys = ("Countries", "Border crossings", "Breaks of gauge", "Changes of mode", "Days stated")
        st.markdown("  \n".join(f"**{key}:** {markdown_text(row[key])}" for key in keys))
        return
    summary = summarise(catalog.network, visible)
    st.markdown("**Visible segments** (not one trip: plan a route for that)")
    cols = st.columns(max(1, len(summary.km_by_mode)))
    for col, (mode, km) in zip(cols, summary.km_by_mode.items(), strict=False):
        col.metric(f"{mode.title()} (computed)", f"{km:,.0f} km")
    names = [catalog.country_names.get(code, code) for code in summary.countries]
    lines = [f"**Countries with visible segments:** {', '.join(names) or '—'}"]
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
    trip_box, toggles_box, options_box, upload_slot = (st.sidebar.container() for _ in range(4))
    upload_box(upload_slot, folders.uploads)  # first: a new file must be in the catalog built below
    your_articles(upload_slot, folders.uploads)
    catalog = load_catalog(geodata_dir, folders.read)
    init_state(catalog)
    ids = [s.id for s in catalog.network.segments]
    # The page's places are made first and filled in the order a run needs them: a click waits for
    # the side panel, so it is drawn before the sidebar's many widgets and the map. (Only the order
    # of drawing changes: each place keeps its position on the page.)
    with options_box:
        st.header("Options")
        year = year_slider(catalog)
        start, end = date_filter(catalog, year)
        web_tiles = st.toggle("OpenStreetMap background (needs internet)", value=False)
    selected = st.session_state.get("selected")
    if selected not in ids:
        selected = None

    st.markdown("### Trans-Caspian corridor (TITR) and the Baku–Tbilisi–Ceyhan pipeline")
    # Whatever comes and goes above the map lives in this one container: an element appearing
    # before the map would move it in the page's tree, and Streamlit would reload it (zoom lost).
    notices = st.container()
    map_col, panel_col = st.columns([7, 3], gap="medium")
    excerpts = filtered_catalog_excerpts(catalog, start, end)
    with panel_col:
        if selected:
            segment_panel(catalog, catalog.network.segment(selected), excerpts.get(selected, ()))
        else:
            st.info("Click a line on the map to see its facts and what the news says about it.")
        search_panel(catalog, start, end)

    with trip_box:
        trip = trip_pickers(catalog)
        context = trip_context(catalog, trip)
    with toggles_box:
        visible = sidebar_toggles(catalog)
    view = ViewState(tuple(visible), selected, trip)
    st.query_params.from_dict(to_query(view, ids))
    with notices:
        link_warning(view)
        for problem in catalog.data_problems:
            st.error(f"Data problem, left out of the map: {problem}")
        if catalog.article_warnings:
            with st.expander(f"{len(catalog.article_warnings)} article file(s) skipped"):
                for warning in catalog.article_warnings:
                    st.warning(str(warning))
        shown = [i for i in visible if year is None or i not in year.hidden]
        routes = planned_routes(catalog, trip, year.closed if year else frozenset())
        chosen = route_choice(routes) if routes else 0
        route = routes[chosen] if routes else None

    with map_col:
        first = st.session_state.first_selected
        fit = [s.geometry for s in catalog.network.segments if s.id == first or first is None]
        # Every line's credit, not only the visible ones': the base map stays the same across toggles.
        base = base_map(
            bundled_geodata(), fit=fit, selected=st.session_state.first_selected, web_tiles=web_tiles,
            credits=tuple(dict.fromkeys([*catalog.network.credits(), *catalog.alternatives.credits()])),
        )  # fmt: skip
        fmap = use_static_urls(base)
        st_folium(
            fmap,
            key=MAP_KEY,
            height=560,
            use_container_width=True,
            # Only a selection made outside the map changes the layers (a halo): a click on the map
            # must not swap them, or the popup it opened would close at once.
            feature_group_to_add=segment_layers(
                catalog.network, shown, excerpts, st.session_state.halo,
                route.segments if route else None, context, year.statuses if year else None,
            ),
            returned_objects=["last_active_drawing"],
            center=st.session_state.get("center"),
            zoom=st.session_state.get("zoom"),
            on_change=on_map_event,
        )
        if routes:
            trip_table(catalog, routes, context)
        scroll_map_into_view()
        route_summary(catalog, shown, route)
        volumes_panel(catalog, year.year if year else None)
        projects_panel(catalog, year.year if year else None)
        export_buttons(catalog, visible, excerpts, selected, routes, chosen, context, year)


def link_warning(current: ViewState) -> None:
    """The shared link's unknown ids, named while the view is still the one the link opened."""
    warning = st.session_state.get("link_warning")
    if warning is None:
        return
    message, opened = warning
    if current == opened:
        st.warning(markdown_text(message))
    else:
        st.session_state.link_warning = None


def export_buttons(
    catalog: Catalog, visible: list[str], excerpts: dict[str, Sequence[ExcerptView]], selected: str | None,
    routes: list[Route], chosen: int, context: list[Alternative], year: YearView | None,
) -> None:  # fmt: skip
    left, middle, right = st.columns(3)
    left.download_button(
        "Download map (HTML)",
        data=lambda: export_html(
            catalog.network, bundled_geodata(), visible, excerpts,
            selected=selected, routes=routes, chosen=chosen, context=context, year=year,
        ),
        file_name="transcaspian-map.html",
        mime="text/html",
        on_click="ignore",
    )
    middle.download_button(
        "Download GeoJSON",
        data=lambda: geojson_text(
            export_geojson(catalog.network, visible, excerpts, routes, chosen, context, year)
        ),
        file_name="transcaspian-segments.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    right.download_button(
        "Download figure (PNG)",
        # Drawn only when asked (a few seconds at 300 dpi): the visible segments and the chosen route.
        data=lambda: render_figure(
            catalog.network, bundled_geodata(), visible, route=routes[chosen] if routes else None
        ),
        file_name="transcaspian-figure.png",
        mime="image/png",
        on_click="ignore",
        disabled=not visible and not routes,  # nothing to draw
    )


_CSS = """<style>
.block-container{padding-top:2.2rem}
.excerpt blockquote{margin:.3rem 0;padding-left:.6rem;border-left:3px solid #c0392b}
.excerpt mark{background:#fff2a8;padding:0 1px}
.excerpt .cite{font-size:.8rem;color:#555}
.excerpt .spec{font-size:.75rem;color:#777;text-transform:uppercase}
.excerpt details{margin:.2rem 0 .6rem}.excerpt summary{cursor:pointer;font-size:.8rem;color:#555}
table.facts th{text-align:left;padding-right:.8rem;font-weight:600;vertical-align:top}
table.facts td,table.facts th{font-size:.9rem;border:none}
</style>"""

main()
