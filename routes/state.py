"""The app's view: what a URL describes (shown segments, selection, trip), presets, and one
session's whole view state (Session) with the ways it changes."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SHOW_KEY, SELECTED_KEY = "show", "sel"
TRIP_KEYS = ("from", "to", "via")  # a planned trip's places, as node ids
NONE_SHOWN = "none"  # an empty list must survive the round trip through the URL


@dataclass(frozen=True)
class Trip:
    """A planned trip: node ids of its ends and of an optional place to pass."""

    start: str
    end: str
    via: str | None = None


@dataclass(frozen=True)
class ViewState:
    visible: tuple[str, ...]
    selected: str | None = None
    trip: Trip | None = None


@dataclass(frozen=True)
class LinkedView:
    """What a shared link opens, and the ids in it that name no segment (in the link's order)."""

    state: ViewState
    unknown: tuple[str, ...] = ()


def read_query(
    params: Mapping[str, str], segment_ids: Iterable[str], node_ids: Iterable[str] = ()
) -> LinkedView:
    """Read the URL's state, keeping note of unknown ids.

    A missing 'show' means everything; unknown ids are dropped, and a 'show' that names no known
    segment opens the default view (everything shown) rather than an empty map. A trip whose
    ends are not both known places is dropped.
    """
    ids = list(segment_ids)
    known = set(ids)
    unknown: list[str] = []
    raw = params.get(SHOW_KEY)
    visible = ids
    if raw == NONE_SHOWN:
        visible = []
    elif raw is not None:
        wanted = [item for item in raw.split(",") if item]
        unknown += [item for item in wanted if item not in known]
        chosen = frozenset(wanted)
        visible = [i for i in ids if i in chosen] or ids
    selected = params.get(SELECTED_KEY) or None
    if selected is not None and selected not in known:
        unknown.append(selected)
        selected = None
    trip, unknown_places = _read_trip(params, set(node_ids))
    unknown += unknown_places
    return LinkedView(ViewState(tuple(visible), selected, trip), tuple(dict.fromkeys(unknown)))


def _read_trip(params: Mapping[str, str], places: set[str]) -> tuple[Trip | None, list[str]]:
    start, end, via = (params.get(key) or None for key in TRIP_KEYS)
    unknown = [p for p in (start, end, via) if p is not None and p not in places]
    if start is None or end is None or start in unknown or end in unknown:
        return None, unknown
    return Trip(start, end, None if via in unknown else via), unknown


def from_query(params: Mapping[str, str], segment_ids: Iterable[str]) -> ViewState:
    """The view a URL describes (see read_query)."""
    return read_query(params, segment_ids).state


def unknown_ids_message(unknown: Sequence[str], limit: int = 5, width: int = 40) -> str:
    """Plain text telling the user which ids of a link the map does not have (long ones cut)."""
    shown = [f"“{i if len(i) <= width else i[: width - 1] + '…'}”" for i in unknown[:limit]]
    more = f" and {len(unknown) - limit} more" if len(unknown) > limit else ""
    return f"This link names segments or places the map does not have, left out: {', '.join(shown)}{more}."


def to_query(state: ViewState, segment_ids: Iterable[str]) -> dict[str, str]:
    """The URL parameters for a state; short when everything is shown."""
    params: dict[str, str] = {}
    if set(state.visible) != set(segment_ids):
        params[SHOW_KEY] = ",".join(state.visible) or NONE_SHOWN
    if state.selected:
        params[SELECTED_KEY] = state.selected
    if state.trip is not None:
        values = (state.trip.start, state.trip.end, state.trip.via)
        params.update({key: value for key, value in zip(TRIP_KEYS, values, strict=True) if value})
    return params


@dataclass(frozen=True)
class Preset:
    """A one-click choice of visible segments: by corridor, or all, or none."""

    key: str
    label: str
    corridors: frozenset[str] | None  # the corridors it shows; None shows every segment


PRESETS = (
    Preset("all", "Show all", None),
    Preset("none", "Hide all", frozenset()),
    Preset("titr", "TITR only", frozenset({"TITR"})),
    Preset("btc", "BTC only", frozenset({"BTC"})),
)


def preset_visible(preset: Preset, corridor_of: Mapping[str, str]) -> tuple[str, ...]:
    """The segment ids a preset shows, given each segment's corridor (in the mapping's order)."""
    return tuple(i for i, c in corridor_of.items() if preset.corridors is None or c in preset.corridors)


# --- one session's view ---------------------------------------------------------------------------

EXCERPTS_PAGE = 10  # excerpts per "Show more": each card is a few elements for the browser to draw
FOCUS_NUDGE = 1e-7  # degrees of latitude: invisible, but a new centre for streamlit-folium


@dataclass(frozen=True)
class Message:
    """A line for the user: what an upload or a removal did."""

    text: str
    error: bool = False


@dataclass(frozen=True)
class MapFocus:
    """A request to move the map: centre (lat, lon) and zoom."""

    center: tuple[float, float]
    zoom: int


@dataclass
class Player:
    """Playing through the years: the year slider steps on a year at a time while it is on."""

    on: bool = False
    last_step: float = 0.0  # when the year now on screen came up (seconds, time.time())
    next_year: int | None = None  # the year the next run puts on the slider, set before it exists

    def start(self, year: int, first: int, last: int, now: float) -> None:
        """Play from the year shown, or from the first year when the last is shown."""
        if year >= last:
            self.next_year = first
        self.on, self.last_step = True, now

    def stop(self) -> None:
        self.on = False

    def tick(self, year: int, last: int, now: float, period: float) -> bool:
        """One timer tick: True when the next year is due (then set, and a run must draw it).

        A step is due once the year has been on screen most of a period; playing stops at the last.
        """
        if not self.on or now - self.last_step < 0.8 * period:
            return False
        self.next_year = min(year + 1, last)
        self.on = self.next_year < last
        self.last_step = now  # one step per tick, even if the run it asks for is cut short
        return True

    def shown(self, now: float) -> None:
        """The year is now on screen: the next step counts from here (a slow run must not shorten it)."""
        if self.on:
            self.last_step = now

    def take_next(self) -> int | None:
        """The year to put on the slider in this run, once."""
        year, self.next_year = self.next_year, None
        return year


@dataclass
class Session:
    """Everything one browser session's view holds between runs, with the ways it changes.

    The app keeps one of these per session; widgets feed it through their callbacks, and the map,
    the panel and the URL are drawn from it. Pure data: tested without Streamlit.
    """

    segment_ids: tuple[str, ...]  # every segment, in data order
    visible: frozenset[str] = frozenset()
    selected: str | None = None
    # The base map must stay the same all session (a new one reloads the map's frame and loses the
    # zoom), so its first view is fixed when the session opens: a shared link opens on its selection.
    first_selected: str | None = None
    halo: str | None = None  # a segment chosen outside the map, whose halo the server draws
    focus: MapFocus | None = None  # where the map was last asked to move
    focus_count: int = 0
    scroll_to_map: bool = False  # bring the map into view on the next run (once)
    excerpts_shown: dict[str, int] = field(default_factory=dict)  # per segment, after "Show more"
    places: tuple[str | None, str | None, str | None] = (None, None, None)  # From, To, Via
    route_choice: int = 0  # which of the planned routes is highlighted
    link_warning: str | None = None  # the link's unknown ids, said while its view is still shown
    link_view: ViewState | None = None
    uploads: dict[str, Message] = field(default_factory=dict)  # by upload id: each file saved once
    removed: Message | None = None  # what the last removal did, said once
    player: Player = field(default_factory=Player)  # playing through the years

    @classmethod
    def open(cls, link: LinkedView, segment_ids: Iterable[str]) -> Session:
        """A new session on the view a link (or its absence) describes."""
        state = link.state
        trip = state.trip
        warning = unknown_ids_message(link.unknown) if link.unknown else None
        session = cls(
            segment_ids=tuple(segment_ids),
            visible=frozenset(state.visible),
            selected=state.selected,
            first_selected=state.selected,
            places=(trip.start, trip.end, trip.via) if trip else (None, None, None),
            link_warning=warning,
        )
        session.link_view = session.url_state() if warning else None
        return session

    # What is shown ---------------------------------------------------------------------------

    @property
    def visible_ids(self) -> list[str]:
        """The visible segments in data order."""
        return [i for i in self.segment_ids if i in self.visible]

    def show(self, segment_ids: Iterable[str], shown: bool) -> None:
        """Show or hide segments (one toggle, or a group's Show all / Hide all)."""
        ids = frozenset(segment_ids) & frozenset(self.segment_ids)
        self.visible = self.visible | ids if shown else self.visible - ids

    def apply_preset(self, preset: Preset, corridor_of: Mapping[str, str]) -> None:
        """Show exactly what a preset shows (Show all, Hide all, one corridor only)."""
        self.visible = frozenset(preset_visible(preset, corridor_of)) & frozenset(self.segment_ids)

    # Selection and the map's view ------------------------------------------------------------

    def select(self, segment_id: str) -> None:
        """A click on a line: select it. The browser marks the clicked line itself, so no halo:
        redrawing the layers for one would close the popup the click opened."""
        if segment_id in self.segment_ids:
            self.selected, self.halo = segment_id, None

    def focus_on(self, segment_id: str, center: tuple[float, float], zoom: int) -> None:
        """Select a segment from outside the map ("Zoom to segment", "Show on map") and move there.

        streamlit-folium moves the map only when its centre or zoom change: after the user has
        panned away, the same request must still move it, so each one differs by a hair.
        """
        if segment_id not in self.segment_ids:
            return
        self.selected = self.halo = segment_id
        self.focus_count += 1
        lat, lon = center
        self.focus = MapFocus((lat + FOCUS_NUDGE * (self.focus_count % 2), lon), zoom)
        self.scroll_to_map = True  # a search result far down the page: bring the map into view

    def take_scroll(self) -> bool:
        """Whether this run must scroll the map into view (asked once per focus)."""
        scroll, self.scroll_to_map = self.scroll_to_map, False
        return scroll

    # Excerpts in the panel -------------------------------------------------------------------

    def excerpts_to_show(self, segment_id: str) -> int:
        return self.excerpts_shown.get(segment_id, EXCERPTS_PAGE)

    def show_more(self, segment_id: str) -> None:
        self.excerpts_shown[segment_id] = self.excerpts_to_show(segment_id) + EXCERPTS_PAGE

    # The planned trip ------------------------------------------------------------------------

    def set_places(self, start: str | None, end: str | None, via: str | None) -> None:
        """New From / To / Via: a new trip starts on its best route."""
        if (start, end, via) != self.places:
            self.places, self.route_choice = (start, end, via), 0

    @property
    def trip(self) -> Trip | None:
        """The trip to plan, or None until both ends are chosen (and differ)."""
        start, end, via = self.places
        if start and end and start != end:
            return Trip(start, end, via if via not in (start, end) else None)
        return None

    def choose_route(self, index: int) -> None:
        self.route_choice = max(0, index)

    def route_index(self, count: int) -> int:
        """The highlighted route among `count` planned ones (the best when the choice is gone)."""
        return self.route_choice if self.route_choice < count else 0

    # The URL and the shared link's warning ---------------------------------------------------

    def url_state(self) -> ViewState:
        """What the URL holds."""
        selected = self.selected if self.selected in self.segment_ids else None
        return ViewState(tuple(self.visible_ids), selected, self.trip)

    def warning(self) -> str | None:
        """The link's unknown ids, while the view is still the one the link opened; then gone."""
        if self.link_warning is not None and self.url_state() != self.link_view:
            self.link_warning = self.link_view = None
        return self.link_warning

    # Messages --------------------------------------------------------------------------------

    def upload_message(self, upload_id: str) -> Message | None:
        return self.uploads.get(upload_id)

    def record_upload(self, upload_id: str, message: Message) -> None:
        self.uploads[upload_id] = message

    def record_removal(self, message: Message) -> None:
        self.removed = message

    def take_removed(self) -> Message | None:
        """What the last removal did, said once."""
        message, self.removed = self.removed, None
        return message


# --- the article dates, as typed ------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")


def read_date(text: str, *, last: bool = False) -> dt.date | None:
    """A typed date: YYYY-MM-DD, or YYYY-MM or YYYY for its first day (last=True: its last day).

    None when the text is empty (no limit). ValueError, with a sentence for the user, otherwise.
    """
    text = text.strip()
    if not text:
        return None
    found = _DATE.fullmatch(text)
    if found is None:
        raise ValueError(f"“{text[:20]}” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if last else dt.date(year, 1, 1)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{text}” is not a date in the calendar") from None
