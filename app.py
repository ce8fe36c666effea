"""Streamlit entry point: widgets and layout only; everything else lives in the routes package."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from routes.alternatives import Alternative
from routes.asof import YearView, year_range, year_view
from routes.assets import use_static_urls, write_static
from routes.catalog import (
    UNKNOWN_LANGUAGE,
    Catalog,
    build_catalog,
    filtered_catalog_excerpts,
    fingerprint,
    month_counts,
)
from routes.charts import monthly_chart, volumes_chart
from routes.errors import NoRouteError, QueryError, UploadError
from routes.export import export_geojson, export_html, geojson_text
from routes.figure import render_figure
from routes.language import language_name
from routes.mapview import HIT_PANE, HIT_WEIGHT, LINE_PANE, base_map, segment_layers, view_of
from routes.model import Segment
from routes.paths import bundled_geodata, corpus_folders, default_geodata
from routes.planned import Shown, shown_in
from routes.plannedmap import LAYER_NAME, planned_layer
from routes.planner import Route, comparison_rows, plan_trip
from routes.search import segments_label
from routes.state import PRESETS, Message, Preset, Session, Trip, read_date, read_query, to_query
from routes.summary import summarise
from routes.text import html_text, markdown_text
from routes.uploads import list_uploads, remove_upload, save_upload
from routes.views import ExcerptView, excerpt_card_html, segment_facts_html

APP_DIR = Path(__file__).resolve().parent
FAVICON = APP_DIR / "routes" / "templates" / "favicon.svg"


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
    # What an earlier build froze (a catalog since evicted) becomes collectable again.
    gc.unfreeze()
    catalog = build_catalog(Path(geodata_dir), *map(Path, articles_dirs))
    # The catalog lives as long as the server. Moved out of the cyclic GC's sight, it no longer
    # makes every full collection walk it: with 2,000 articles that is ~700,000 objects, 0.5 s
    # taken from whichever rerun (a click) the collection falls in.
    gc.freeze()
    return catalog


def load_catalog(geodata_dir: Path, articles_dirs: tuple[Path, ...]) -> Catalog:
    # Keyed on the files' names, sizes and mtimes: parse and link once per change, not per rerun.
    key = fingerprint(geodata_dir, *articles_dirs)
    return _catalog(str(geodata_dir), tuple(map(str, articles_dirs)), key)


# --- The session's state ---------------------------------------------------------------------------
# One routes.state.Session per browser session, under SESSION_KEY, holds the whole view: shown
# segments, selection, map focus, excerpt pages, trip, link warning, messages. Streamlit still keeps
# each widget's value under the widget's key (it needs them to draw the widget and report a change).
# For the widgets bound to the Session (segment checkboxes, trip pickers, route choice, the map)
# those values flow into the Session only through the callbacks in this section, and out of it only
# through bind_widgets() (and route_choice() for the one widget whose options are known late),
# which set the keys from the Session before the widgets are drawn. Other widgets (search words,
# year, article dates, uploads) are plain inputs, read where they are drawn.

SESSION_KEY = "session"
MAP_KEY = "map"
TRIP_WIDGETS = ("trip:from", "trip:to", "trip:via")
CHOICE_KEY = "trip:choice"


def segment_key(segment_id: str) -> str:
    return f"seg:{segment_id}"


def current_session(catalog: Catalog) -> Session:
    """This browser session's view; on its first run, the view the URL describes."""
    if SESSION_KEY not in st.session_state:
        ids = [s.id for s in catalog.network.segments]
        link = read_query(st.query_params.to_dict(), ids, [n.id for n in catalog.network.nodes])
        st.session_state[SESSION_KEY] = Session.open(link, ids)
    return st.session_state[SESSION_KEY]


def session() -> Session:
    return st.session_state[SESSION_KEY]


def bind_widgets(view: Session) -> None:
    """The bound widgets show what the Session holds (a preset or a link changes them too)."""
    for seg_id in view.segment_ids:
        st.session_state[segment_key(seg_id)] = seg_id in view.visible
    for key, place in zip(TRIP_WIDGETS, view.places, strict=True):
        st.session_state[key] = place


def on_segment_toggle(segment_id: str) -> None:
    session().show([segment_id], st.session_state[segment_key(segment_id)])


def on_places() -> None:
    session().set_places(*(st.session_state.get(key) for key in TRIP_WIDGETS))


def on_route_choice() -> None:
    session().choose_route(st.session_state[CHOICE_KEY])


def on_map_event() -> None:
    """A click on a segment selects it (before the rerun draws, so the panel shows it at once)."""
    value = st.session_state.get(MAP_KEY) or {}
    drawing = value.get("last_active_drawing") or {}
    seg_id = (drawing.get("properties") or {}).get("id")
    if seg_id:
        session().select(seg_id)


def focus(segment: Segment) -> None:
    """Select a segment and move the map to it ("Zoom to segment", "Show on map")."""
    center, zoom = view_of([segment.geometry])
    session().focus_on(segment.id, center, zoom)


def set_group(segment_ids: list[str], shown: bool) -> None:
    session().show(segment_ids, shown)


def set_preset(preset: Preset, corridor_of: dict[str, str]) -> None:
    session().apply_preset(preset, corridor_of)


def show_more(segment_id: str) -> None:
    session().show_more(segment_id)


# Run in the page itself (st.html does not frame it). The request's number makes each request a
# new element, so a second "Show on map" scrolls again rather than keeping the first one's script.
# The run goes on drawing below after this element is placed, and the page's height changes with
# it (the browser then keeps the clicked button in view): so it scrolls again once the run is over.
_SCROLL_TO_MAP = """<script>/* request {count} */
(() => {{
  const scroll = () => {{
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    if (frame) {{ frame.scrollIntoView({{block: "center"}}); }}
  }};
  scroll();
  const started = Date.now();
  const timer = setInterval(() => {{
    const app = document.querySelector('[data-testid="stApp"]');
    const over = app && app.getAttribute("data-test-script-state") !== "running";
    if (over || Date.now() - started > 10000) {{ clearInterval(timer); scroll(); }}
  }}, 100);
}})();
</script>"""


def scroll_map_into_view(view: Session) -> None:
    if view.take_scroll():
        st.html(_SCROLL_TO_MAP.format(count=view.focus_count), unsafe_allow_javascript=True)


def preset_buttons(catalog: Catalog) -> None:
    """Show all, hide all, one corridor only: for every segment at once."""
    corridor_of = {s.id: s.corridor for s in catalog.network.segments}
    cols = st.columns(2)
    for i, preset in enumerate(PRESETS):
        cols[i % 2].button(
            preset.label, key=f"preset:{preset.key}", on_click=set_preset, args=(preset, corridor_of),
            width="stretch",
        )  # fmt: skip


def sidebar_toggles(catalog: Catalog, view: Session) -> list[str]:
    st.header("Segments")
    preset_buttons(catalog)
    groups: dict[tuple[str, str], list[Segment]] = {}
    for seg in catalog.network.segments:
        groups.setdefault((seg.corridor, seg.group), []).append(seg)
    for (corridor, group), segs in groups.items():
        ids = [s.id for s in segs]
        shown = sum(i in view.visible for i in ids)
        with st.expander(f"{corridor} · {group} ({shown}/{len(ids)})", expanded=True):
            left, right = st.columns(2)
            left.button("Show all", key=f"all:{group}", on_click=set_group, args=(ids, True))
            right.button("Hide all", key=f"none:{group}", on_click=set_group, args=(ids, False))
            for seg in segs:
                st.checkbox(seg.name, key=segment_key(seg.id), on_change=on_segment_toggle, args=(seg.id,))
    return view.visible_ids


def trip_pickers(catalog: Catalog, view: Session) -> Trip | None:
    """From / To / Via: a trip to plan, or None until both ends are chosen."""
    st.header("Plan a route")
    nodes = sorted(catalog.network.nodes, key=lambda n: n.name)
    names = {n.id: n.name for n in nodes}
    options = [None, *names]
    labels = ("From", "To", "Via (optional)")
    for label, key in zip(labels, TRIP_WIDGETS, strict=True):
        st.selectbox(
            label, options, key=key, format_func=lambda i: "—" if i is None else names[i], on_change=on_places
        )
    return view.trip


def planned_routes(catalog: Catalog, trip: Trip | None, closed: frozenset[str]) -> list[Route]:
    if trip is None:
        return []
    try:
        return plan_trip(catalog.network, trip.start, trip.end, trip.via, closed=closed).routes
    except NoRouteError as exc:
        st.warning(str(exc))
        return []


def route_choice(view: Session, routes: list[Route]) -> int:
    """Which of the planned routes the map highlights (the best one unless the user picks another)."""
    chosen = view.route_index(len(routes))
    st.session_state[CHOICE_KEY] = chosen  # bound like bind_widgets does, once the routes are known
    st.radio(
        "Highlighted route", range(len(routes)), key=CHOICE_KEY, horizontal=True, on_change=on_route_choice,
        format_func=lambda i: f"{i + 1}. {routes[i].name} · {routes[i].km_total:,.0f} km",
    )  # fmt: skip
    return chosen


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


def year_slider(catalog: Catalog, view: Session) -> YearView | None:
    """The network as it stood at the end of a year (today's by default)."""
    if catalog.timeline is None:
        return None
    first, last = year_range(catalog.timeline, dt.date.today().year)
    # Set before the slider exists (no default beside it): playing moves the slider through this key.
    st.session_state.setdefault("year", last)
    step = view.player.take_next()
    if step is not None:
        st.session_state.year = step
    year = st.slider(
        "Network at the end of", first, last, key="year",
        help="Lines not yet open are left out; planned or being built, dashed; disrupted, dotted purple. "
        "Routes use only what was running.",
    )  # fmt: skip
    play_controls(view, first, last)
    return year_view(catalog.timeline, year, last)


PLAY_SECONDS = 1.5  # each year stays on screen this long while playing


def play_controls(view: Session, first: int, last: int) -> None:
    """Play through the years: the slider steps a year at a time (the map's zoom stays: only its
    layers change). A timer reruns a small fragment, which asks for a full run when a step is due."""
    playing = view.player.on
    left, right = st.columns(2)
    left.button(
        "▶ Play", key="play:start", on_click=start_playing, args=(first, last), disabled=playing,
        help="Step through the years from here (from the first if at the last)", width="stretch",
    )  # fmt: skip
    right.button("■ Stop", key="play:stop", on_click=stop_playing, disabled=not playing, width="stretch")
    if playing:
        st.fragment(run_every=PLAY_SECONDS)(play_step)(last)


def start_playing(first: int, last: int) -> None:
    session().player.start(st.session_state.get("year", last), first, last, time.time())


def stop_playing() -> None:
    session().player.stop()


def play_step(last: int) -> None:
    """One tick: the next year once this one has been on screen long enough; stops at the last."""
    if session().player.tick(st.session_state.get("year", last), last, time.time(), PLAY_SECONDS):
        st.rerun(scope="app")


def planned_layers(planned: Sequence[Shown]) -> list:
    """The planned projects' one layer, over the lines (a second track shows on its line)."""
    return [planned_layer(planned, LINE_PANE, HIT_PANE, HIT_WEIGHT)] if planned else []


def planned_projects(catalog: Catalog, year: YearView | None) -> list[Shown]:
    """The projects planned or being built in the year shown, unless their layer is switched off."""
    if year is None or not catalog.drawings.drawn:
        return []
    if not st.checkbox(f"{LAYER_NAME} (schematic lines)", value=True, key="planned-shown",
                       help="Dashed: planned or being built at the end of the year shown. No source gives "
                       "their alignment: lines join the places the sources name."):  # fmt: skip
        return []
    return shown_in(catalog.projects, catalog.drawings, year.year)


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

    No source found gives their alignment: the map draws schematic lines between the places the
    sources name; those whose ends no source places are listed only.
    """
    if not catalog.projects:
        return
    drawn = catalog.drawings.drawn
    title = f"Planned and under construction ({len(catalog.projects)} projects, {len(drawn)} drawn)"
    box = st.expander(title, key="projects-open", on_change="rerun")
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
            drawing = drawn.get(project.id)
            why = catalog.drawings.not_drawn.get(project.id, "no drawing")
            how = f"Drawn: {drawing.geometry_source}." if drawing else f"Not drawn: {why}"
            st.caption(markdown_text(f"{project.note} {how}") + " Sources: " + ", ".join(
                f"[{markdown_text(title)}]({url})" for url, title in links.items()
            ))  # fmt: skip


def excerpts_by_month(excerpts: Sequence[ExcerptView]) -> None:
    """How often the news spoke of the segment, month by month (dated articles only)."""
    counts = month_counts(excerpts)
    if not counts:
        return
    st.vega_lite_chart(monthly_chart(counts), width="stretch")


DATE_KEYS = ("dates:from", "dates:to")


def date_filter(catalog: Catalog, year: YearView | None) -> tuple[dt.date | None, dt.date | None]:
    """The article dates to keep, typed; None is no limit.

    Text inputs, not st.date_input: a text input applies on Enter (and when it loses focus), while
    Streamlit's date input applies only when it loses focus. The placeholders show the corpus's range.
    """
    if not catalog.dates:
        return None, None
    first, last = catalog.dates[0], catalog.dates[-1]
    help_text = (
        "YYYY-MM-DD, or YYYY-MM or YYYY; press Enter to apply. Empty: no limit. "
        "Undated articles always stay, marked 'no date'."
    )
    columns = st.columns(2)
    bounds: list[dt.date | None] = []
    for column, key, label, hint, is_end in zip(
        columns, DATE_KEYS, ("Articles from", "to"), (first, last), (False, True), strict=True
    ):
        text = column.text_input(label, key=key, placeholder=hint.isoformat(), help=help_text, max_chars=10)
        try:
            bounds.append(read_date(text, last=is_end))
        except ValueError as exc:
            st.error(markdown_text(f"Article dates, {label.lower()}: {exc}."))
            bounds.append(None)
    start, end = bounds
    if start and end and start > end:
        st.warning(markdown_text(f"Article dates: {start} is after {end}, so no dated article is kept."))
    if year is not None and st.checkbox(f"Only articles up to the end of {year.year}", key="dates-by-year"):
        cutoff = dt.date(year.year, 12, 31)
        end = min(end, cutoff) if end else cutoff
    return start, end


def language_filter(catalog: Catalog) -> frozenset[str] | None:
    """The excerpt languages to show (codes), or None for all; only when there is a choice."""
    if len(catalog.languages) < 2:
        return None
    picked = st.multiselect(
        "Excerpt languages", options=catalog.languages, key="languages", placeholder="All languages",
        format_func=lambda code: language_name(None if code == UNKNOWN_LANGUAGE else code),
        help="Show only excerpts of articles in these languages (detected from each article's text).",
    )  # fmt: skip
    return frozenset(picked) or None


def excerpt_card(excerpt: ExcerptView, segment_name: str | None = None) -> None:
    st.html(excerpt_card_html(excerpt, segment_name))


def segment_panel(
    catalog: Catalog, view: Session, segment: Segment, excerpts: Sequence[ExcerptView]
) -> None:
    st.subheader(segment.name)
    st.html(segment_facts_html(segment))
    st.button("Zoom to segment", key="zoom-selected", on_click=focus, args=(segment,))
    st.markdown(f"**News excerpts ({len(excerpts)})**")
    excerpts_by_month(excerpts)
    if not catalog.article_count:
        st.info("There are no articles in the corpus folder, so there are no excerpts.")
    elif not excerpts:
        st.info("No excerpt in the corpus speaks of this segment.")
    # A big corpus links thousands of sentences to one segment: show the best ones, more on demand.
    shown = view.excerpts_to_show(segment.id)
    for excerpt in excerpts[:shown]:
        excerpt_card(excerpt)
    if len(excerpts) > shown:
        st.caption(f"Showing the best {shown} of {len(excerpts)} excerpts.")
        st.button("Show more", key=f"more-btn:{segment.id}", on_click=show_more, args=(segment.id,))


SEARCH_HELP = (
    "Every word must appear (in the sentence, the article title or the outlet), in any language, "
    'case and accent. "Middle Corridor" finds the phrase; Курык* finds Курыке, Курыка…; '
    "Aktau OR Kuryk finds either; -ferry leaves out what has it. Best matches first."
)


def search_panel(
    catalog: Catalog, start: dt.date | None, end: dt.date | None, languages: frozenset[str] | None = None
) -> None:
    query = st.text_input(
        "Search the excerpts", key="query", placeholder='e.g. ferry, "Middle Corridor", Курык*, 里海',
        help=SEARCH_HELP,
    )  # fmt: skip
    if not query.strip():
        return
    try:
        # Shown only past half a second: the first search of a big corpus builds its index.
        with st.spinner("Searching (the first search indexes the excerpts)…"):
            found = catalog.search_index.search(query, start=start, end=end, languages=languages)
    except QueryError as exc:
        st.warning(str(exc))
        return
    segments = {s.id: s for s in catalog.network.segments}
    names = {s.id: s.name for s in catalog.network.segments}
    shown = f"; the best {len(found.hits)} below" if found.total > len(found.hits) else ""
    st.caption(f"{found.total} excerpt(s) match{shown}.")
    for i, hit in enumerate(found.hits):
        excerpt_card(hit.excerpt, segments_label(hit.segments, names))
        st.button("Show on map", key=f"hit:{i}", on_click=focus, args=(segments[hit.segment_id],))


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


def say(box, message: Message) -> None:
    (box.error if message.error else box.success)(message.text)


def upload_box(box, uploads_dir: Path, view: Session) -> bool:
    """Save each new upload once; say what became of every file in the box. True if one was saved."""
    files = box.file_uploader(
        "Add articles (.txt .md .html .pdf; up to 2 MB, a PDF 5 MB)",
        type=["txt", "md", "html", "htm", "pdf"],
        accept_multiple_files=True,
        help=f"Stored in {uploads_dir}; the bundled corpus is never changed.",
    )
    saved_any = False
    for upload in files or []:
        message = view.upload_message(upload.file_id)
        if message is None:
            try:
                saved = save_upload(uploads_dir, upload.name, upload.getvalue())
                message, saved_any = Message(f"Added {saved.name} to the corpus."), True
            except UploadError as exc:
                message = Message(str(exc), error=True)
            view.record_upload(upload.file_id, message)
        say(box, message)
    return saved_any


def remove_chosen(uploads_dir: Path, view: Session) -> None:
    name = st.session_state.get("remove-choice")
    try:
        remove_upload(uploads_dir, name)
        view.record_removal(Message(f"Removed {name}."))
    except UploadError as exc:
        view.record_removal(Message(str(exc), error=True))


LISTED_UPLOADS = 30  # more are found by typing in the removal box (it filters as one types)


def your_articles(box, uploads_dir: Path, view: Session, uploaded: bool = False) -> bool:
    """What the user has added (the upload folder's articles), each removable. True if one was removed."""
    # The click is handled here, before the list is drawn, not by an on_click callback: with one,
    # the browser test's click on "Download map (HTML)" got no download in 4 of 5 runs.
    clicked = bool(st.session_state.get("remove-upload"))
    if clicked:
        remove_chosen(uploads_dir, view)
    names = list_uploads(uploads_dir)
    # Lazy, as the traffic chart: an archive given with --articles may hold thousands of files,
    # and every run would send their names twice. The count in the label is part of the
    # expander's identity, so after an upload or a removal it is opened again (showing the list
    # and the message of what changed) rather than closing under the user's hand.
    if clicked or uploaded:
        st.session_state["uploads-open"] = True
    expander = box.expander(f"Your articles ({len(names)})", key="uploads-open", on_change="rerun")
    if not expander.open:
        return clicked
    with expander:
        st.caption(f"In {uploads_dir}")
        message = view.take_removed()
        if message:
            say(st, message)
        if not names:
            st.write("None yet: articles you upload are listed here.")
            return clicked
        if len(names) <= LISTED_UPLOADS:
            st.text("\n".join(names))  # plain text: a file name is never read as Markdown
        else:
            st.caption(f"{len(names):,} files: type a name in the box below to find one.")
        st.selectbox("Article to remove", names, key="remove-choice")
        st.button("Remove", key="remove-upload")
    return clicked


# --- The page, part by part ------------------------------------------------------------------------


@dataclass(frozen=True)
class Controls:
    """What the sidebar asks for in this run (the bound widgets' values live in the Session)."""

    trip: Trip | None
    context: list[Alternative]
    visible: list[str]
    options: Options

    def shown(self) -> list[str]:
        """The visible segments that exist in the year shown."""
        year = self.options.year
        return [i for i in self.visible if year is None or i not in year.hidden]


def main() -> None:
    # The train emoji drawn in an SVG file: given as a string, Streamlit would first import its
    # table of every emoji to check it (~0.1 s of the first run).
    st.set_page_config(page_title="Trans-Caspian corridor", page_icon=FAVICON, layout="wide")
    st.html(_CSS)
    args = parse_args(sys.argv[1:])
    geodata_dir = (args.geodata or default_geodata()).resolve()
    folders = corpus_folders(args.articles)
    _static_assets()
    trip_box, toggles_box, options_box, upload_slot = (st.sidebar.container() for _ in range(4))
    catalog = load_catalog(geodata_dir, folders.read)
    view = current_session(catalog)
    uploaded = upload_box(upload_slot, folders.uploads, view)
    if your_articles(upload_slot, folders.uploads, view, uploaded) or uploaded:
        catalog = load_catalog(geodata_dir, folders.read)  # with the new article, or without the removed one
    bind_widgets(view)
    options = options_sidebar(catalog, view, options_box)
    controls = trip_and_toggles(catalog, view, trip_box, toggles_box, options)
    st.markdown("### Trans-Caspian corridor (TITR) and the Baku–Tbilisi–Ceyhan pipeline")
    excerpts = filtered_catalog_excerpts(catalog, options.start, options.end, options.languages)
    corridor_view(catalog, controls, excerpts)
    view.player.shown(time.time())


@st.fragment
def corridor_view(catalog: Catalog, controls: Controls, excerpts: dict[str, Sequence[ExcerptView]]) -> None:
    """Everything under the title: notices, the side panel, the map and what is under the map.

    A click on the map, a search, "Show on map", "Zoom to segment" or a route choice reruns only
    this part (with the sidebar's controls of the last full run): none of them changes the
    sidebar, and its ~80 widgets are most of a run's messages to the browser. The side panel is
    drawn first: a click waits for it. (Only the order of drawing changes: each place keeps its
    position on the page.)
    """
    view = session()
    notices = st.container()
    map_col, panel_col = st.columns([7, 3], gap="medium")
    with panel_col:
        side_panel(catalog, view, excerpts, controls.options)
    st.query_params.from_dict(to_query(view.url_state(), view.segment_ids))
    routes, chosen = above_map(catalog, view, controls, notices)
    with map_col:
        corridor_map(catalog, view, controls, excerpts, routes[chosen] if routes else None)
        below_map(catalog, view, controls, excerpts, routes, chosen)


@dataclass(frozen=True)
class Options:
    """What the sidebar's options ask for in this run."""

    year: YearView | None
    planned: list[Shown]  # projects drawn dashed in the year shown
    start: dt.date | None  # article dates kept; None: no limit
    end: dt.date | None
    languages: frozenset[str] | None  # excerpt languages kept (codes); None: every language
    web_tiles: bool


def options_sidebar(catalog: Catalog, view: Session, options_box) -> Options:
    with options_box:
        st.header("Options")
        year = year_slider(catalog, view)
        planned = planned_projects(catalog, year)
        start, end = date_filter(catalog, year)
        languages = language_filter(catalog)
        web_tiles = st.toggle("OpenStreetMap background (needs internet)", value=False)
    return Options(year, planned, start, end, languages, web_tiles)


def trip_and_toggles(catalog: Catalog, view: Session, trip_box, toggles_box, options: Options) -> Controls:
    with trip_box:
        trip = trip_pickers(catalog, view)
        context = trip_context(catalog, trip)
    with toggles_box:
        visible = sidebar_toggles(catalog, view)
    return Controls(trip, context, visible, options)


def above_map(catalog: Catalog, view: Session, controls: Controls, notices) -> tuple[list[Route], int]:
    """Warnings, data problems and the route choice; returns the planned routes and the chosen one.

    Whatever comes and goes above the map lives in this one container: an element appearing
    before the map would move it in the page's tree, and Streamlit would reload it (zoom lost).
    """
    with notices:
        link_warning(view)
        for problem in catalog.data_problems:
            st.error(f"Data problem, left out of the map: {problem}")
        if catalog.article_warnings:
            with st.expander(f"{len(catalog.article_warnings)} article file(s) skipped"):
                for warning in catalog.article_warnings:
                    st.warning(str(warning))
        year = controls.options.year
        routes = planned_routes(catalog, controls.trip, year.closed if year else frozenset())
        chosen = route_choice(view, routes) if routes else 0
    return routes, chosen


def link_warning(view: Session) -> None:
    """The shared link's unknown ids, named while the view is still the one the link opened."""
    message = view.warning()
    if message is not None:
        st.warning(markdown_text(message))


def side_panel(
    catalog: Catalog, view: Session, excerpts: dict[str, Sequence[ExcerptView]], options: Options
) -> None:
    selected = view.url_state().selected
    if selected:
        segment_panel(catalog, view, catalog.network.segment(selected), excerpts.get(selected, ()))
    else:
        st.info("Click a line on the map to see its facts and what the news says about it.")
    search_panel(catalog, options.start, options.end, options.languages)


def corridor_map(
    catalog: Catalog, view: Session, controls: Controls, excerpts: dict[str, Sequence[ExcerptView]],
    route: Route | None,
) -> None:  # fmt: skip
    first = view.first_selected
    fit = [s.geometry for s in catalog.network.segments if s.id == first or first is None]
    # Every line's credit, not only the visible ones': the base map stays the same across toggles.
    base = base_map(
        bundled_geodata(), fit=fit, selected=first, web_tiles=controls.options.web_tiles,
        credits=tuple(dict.fromkeys([*catalog.network.credits(), *catalog.alternatives.credits()])),
    )  # fmt: skip
    year = controls.options.year
    st_folium(
        use_static_urls(base),
        key=MAP_KEY,
        height=560,
        use_container_width=True,
        # Only a selection made outside the map changes the layers (a halo): a click on the map
        # must not swap them, or the popup it opened would close at once.
        feature_group_to_add=segment_layers(
            catalog.network, controls.shown(), excerpts, view.halo,
            route.segments if route else None, controls.context, year.statuses if year else None,
        ) + planned_layers(controls.options.planned),
        returned_objects=["last_active_drawing"],
        center=view.focus.center if view.focus else None,
        zoom=view.focus.zoom if view.focus else None,
        on_change=on_map_event,
    )


def below_map(
    catalog: Catalog, view: Session, controls: Controls, excerpts: dict[str, Sequence[ExcerptView]],
    routes: list[Route], chosen: int,
) -> None:  # fmt: skip
    year = controls.options.year
    if routes:
        trip_table(catalog, routes, controls.context)
    scroll_map_into_view(view)
    route_summary(catalog, controls.shown(), routes[chosen] if routes else None)
    volumes_panel(catalog, year.year if year else None)
    projects_panel(catalog, year.year if year else None)
    export_buttons(
        catalog, controls.visible, excerpts, view.url_state().selected, routes, chosen, controls.context,
        year, controls.options.planned,
    )


def export_buttons(
    catalog: Catalog, visible: list[str], excerpts: dict[str, Sequence[ExcerptView]], selected: str | None,
    routes: list[Route], chosen: int, context: list[Alternative], year: YearView | None,
    planned: Sequence[Shown] = (),
) -> None:  # fmt: skip
    left, middle, right = st.columns(3)
    left.download_button(
        "Download map (HTML)",
        data=lambda: export_html(
            catalog.network, bundled_geodata(), visible, excerpts,
            selected=selected, routes=routes, chosen=chosen, context=context, year=year, planned=planned,
        ),
        file_name="transcaspian-map.html",
        mime="text/html",
        on_click="ignore",
    )
    middle.download_button(
        "Download GeoJSON",
        data=lambda: geojson_text(
            export_geojson(catalog.network, visible, excerpts, routes, chosen, context, year, planned)
        ),
        file_name="transcaspian-segments.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    right.download_button(
        "Download figure (PNG)",
        # Drawn only when asked (a few seconds at 300 dpi): the visible segments in the year shown, its
        # projects and the chosen route.
        data=lambda: render_figure(
            catalog.network, bundled_geodata(), visible, route=routes[chosen] if routes else None,
            year=year, planned=planned,
        ),
        file_name=f"transcaspian-figure-{year.year}.png" if year else "transcaspian-figure.png",  # as of
        mime="image/png",
        on_click="ignore",
        disabled=not set(visible) - (year.hidden if year else set()) and not routes,  # nothing to draw
    )  # fmt: skip


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

# `streamlit run app.py` (and AppTest) run this file as __main__; importing it draws nothing.
if __name__ == "__main__":
    main()
