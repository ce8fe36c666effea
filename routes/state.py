"""The view a URL describes: which segments are shown and which one is selected; view presets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

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
