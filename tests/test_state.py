"""The URL holds the view: which segments are shown and which is selected."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routes.state import (
    PRESETS,
    LinkedView,
    Trip,
    ViewState,
    from_query,
    preset_visible,
    read_query,
    to_query,
    unknown_ids_message,
)

IDS = ["a", "b", "c"]
DEFAULT = ViewState(tuple(IDS))  # everything shown, nothing selected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ViewState(("a", "b", "c"))),
        ({"show": "b,c"}, ViewState(("b", "c"))),
        ({"show": "none"}, ViewState(())),
        ({"show": "c,zz,a"}, ViewState(("a", "c"))),  # unknown ids dropped, data order kept
        ({"show": "a", "sel": "b"}, ViewState(("a",), "b")),
        ({"sel": "../etc"}, ViewState(("a", "b", "c"))),  # an unknown selection is ignored
        ({"show": "garbage"}, ViewState(("a", "b", "c"))),  # nothing known: the default view
        ({"show": ""}, ViewState(("a", "b", "c"))),
    ],
)
def test_from_query(params: dict[str, str], expected: ViewState) -> None:
    assert from_query(params, IDS) == expected


@pytest.mark.parametrize(
    "state",
    [ViewState(("a", "b", "c")), ViewState(("b",), "b"), ViewState((), None), ViewState(("a", "c"), "c")],
)
def test_round_trip_through_the_url(state: ViewState) -> None:
    assert from_query(to_query(state, IDS), IDS) == state


def test_everything_shown_gives_a_short_url() -> None:
    assert to_query(ViewState(("a", "b", "c")), IDS) == {}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sel": "nonexistent", "show": "garbage"}, LinkedView(DEFAULT, ("garbage", "nonexistent"))),
        ({"show": "c,zz,a,zz"}, LinkedView(ViewState(("a", "c")), ("zz",))),  # each named once
        ({"show": "a", "sel": "b"}, LinkedView(ViewState(("a",), "b"))),  # all known: nothing to say
        ({"show": "none", "sel": "x"}, LinkedView(ViewState((), None), ("x",))),  # "none" stays empty
        ({"sel": ""}, LinkedView(DEFAULT)),
        ({}, LinkedView(DEFAULT)),
    ],
)
def test_read_query_names_the_ids_the_map_does_not_have(params, expected: LinkedView) -> None:
    assert read_query(params, IDS) == expected


@pytest.mark.parametrize(
    ("unknown", "expected"),
    [
        (["garbage"], "This link names segments or places the map does not have, left out: “garbage”."),
        (["x", "y"], "This link names segments or places the map does not have, left out: “x”, “y”."),
        (list("abcdefg"), "left out: “a”, “b”, “c”, “d”, “e” and 2 more."),
        (["z" * 100], f"left out: “{'z' * 39}…”."),  # a long id is cut, not printed whole
    ],
)
def test_the_unknown_ids_message_names_them(unknown: list[str], expected: str) -> None:
    assert unknown_ids_message(unknown).endswith(expected)


CORRIDORS = {"kz-rail": "TITR", "btc-az": "BTC", "caspian": "TITR", "btc-ge": "BTC"}


@pytest.mark.parametrize(
    ("key", "visible"),
    [
        ("all", ("kz-rail", "btc-az", "caspian", "btc-ge")),
        ("none", ()),
        ("titr", ("kz-rail", "caspian")),
        ("btc", ("btc-az", "btc-ge")),
    ],
)
def test_presets_show_their_corridors_in_data_order(key: str, visible: tuple[str, ...]) -> None:
    preset = next(p for p in PRESETS if p.key == key)
    assert preset_visible(preset, CORRIDORS) == visible


def test_preset_labels_are_the_buttons_the_user_sees() -> None:
    assert [p.label for p in PRESETS] == ["Show all", "Hide all", "TITR only", "BTC only"]


_TOKENS = st.sampled_from([*IDS, "none", "zz", "", "a b", "../etc"])


@given(show=st.none() | st.lists(_TOKENS).map(",".join), sel=st.none() | _TOKENS)
def test_no_link_opens_an_empty_map_unless_it_asks_for_one(show: str | None, sel: str | None) -> None:
    params = {k: v for k, v in (("show", show), ("sel", sel)) if v is not None}
    link = read_query(params, IDS)
    assert link.state.visible or show == "none"
    assert set(link.state.visible) <= set(IDS) and link.state.selected in (None, *IDS)
    assert from_query(to_query(link.state, IDS), IDS) == link.state  # the cleaned URL reopens it


NODES = ["xian", "poti-port", "kars"]


@pytest.mark.parametrize(
    ("params", "trip", "unknown"),
    [
        ({"from": "xian", "to": "poti-port"}, Trip("xian", "poti-port"), ()),
        ({"from": "xian", "to": "poti-port", "via": "kars"}, Trip("xian", "poti-port", "kars"), ()),
        ({"from": "xian", "to": "atlantis"}, None, ("atlantis",)),
        ({"from": "xian", "to": "poti-port", "via": "nowhere"}, Trip("xian", "poti-port"), ("nowhere",)),
        ({"from": "xian"}, None, ()),
    ],
)
def test_a_trip_in_the_link_is_read_and_checked(params: dict, trip: Trip | None, unknown: tuple) -> None:
    link = read_query(params, ["a"], NODES)
    assert link.state.trip == trip and link.unknown == unknown


def test_a_trip_round_trips_through_the_url() -> None:
    state = ViewState(("a",), None, Trip("xian", "poti-port", "kars"))
    assert read_query(to_query(state, ["a"]), ["a"], NODES).state == state
