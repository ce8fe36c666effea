"""The view a URL describes: which segments are shown and which one is selected."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SHOW_KEY, SELECTED_KEY = "show", "sel"
NONE_SHOWN = "none"  # an empty list must survive the round trip through the URL


@dataclass(frozen=True)
class ViewState:
    visible: tuple[str, ...]
    selected: str | None = None


def from_query(params: Mapping[str, str], segment_ids: Iterable[str]) -> ViewState:
    """Read the URL's state; unknown ids are dropped, a missing 'show' means everything."""
    ids = list(segment_ids)
    raw = params.get(SHOW_KEY)
    if raw is None:
        visible = ids
    elif raw == NONE_SHOWN:
        visible = []
    else:
        wanted = set(raw.split(","))
        visible = [i for i in ids if i in wanted]
    selected = params.get(SELECTED_KEY)
    return ViewState(tuple(visible), selected if selected in ids else None)


def to_query(state: ViewState, segment_ids: Iterable[str]) -> dict[str, str]:
    """The URL parameters for a state; short when everything is shown."""
    params: dict[str, str] = {}
    if set(state.visible) != set(segment_ids):
        params[SHOW_KEY] = ",".join(state.visible) or NONE_SHOWN
    if state.selected:
        params[SELECTED_KEY] = state.selected
    return params
