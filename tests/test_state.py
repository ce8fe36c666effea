"""The view: what the URL holds (shown segments, selection, trip), presets, and a session's changes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.state import (
    EXCERPTS_PAGE,
    PRESETS,
    LinkedView,
    MapFocus,
    Message,
    Player,
    Session,
    Trip,
    ViewState,
    from_query,
    preset_visible,
    read_date,
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


@settings(deadline=None)  # microseconds a case, but a loaded machine once took 327 ms over one
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


# --- one session's view -------------------------------------------------------------------------

SEGS = ("kz-rail", "btc-az", "caspian", "btc-ge")


def opened(params: dict[str, str] | None = None) -> Session:
    return Session.open(read_query(params or {}, SEGS, NODES), SEGS)


def test_a_session_opens_on_its_link() -> None:
    session = opened({"show": "caspian,btc-az", "sel": "caspian", "from": "xian", "to": "kars"})
    assert session.visible_ids == ["btc-az", "caspian"]  # data order
    assert session.selected == session.first_selected == "caspian"
    assert session.trip == Trip("xian", "kars")
    assert session.warning() is None
    assert to_query(session.url_state(), SEGS) == {"show": "btc-az,caspian", "sel": "caspian",
                                               "from": "xian", "to": "kars"}  # fmt: skip


def test_toggles_and_group_buttons_change_only_what_they_name() -> None:
    session = opened()
    session.show(["btc-az", "btc-ge"], False)  # the BTC group's "Hide all"
    assert session.visible_ids == ["kz-rail", "caspian"]
    session.show(["btc-ge"], True)  # one checkbox
    assert session.visible_ids == ["kz-rail", "caspian", "btc-ge"]
    session.show(["atlantis"], True)  # an id the map does not have changes nothing
    assert session.visible_ids == ["kz-rail", "caspian", "btc-ge"]


@pytest.mark.parametrize(
    ("key", "visible"), [("btc", ["btc-az", "btc-ge"]), ("none", []), ("all", list(SEGS))]
)
def test_a_preset_replaces_what_is_shown(key: str, visible: list[str]) -> None:
    session = opened({"show": "kz-rail"})
    session.apply_preset(next(p for p in PRESETS if p.key == key), CORRIDORS)
    assert session.visible_ids == visible
    assert to_query(session.url_state(), SEGS).get("show", ",".join(SEGS)) == (",".join(visible) or "none")


def test_a_click_on_the_map_selects_without_a_halo_and_leaves_the_map_where_it_is() -> None:
    session = opened()
    session.focus_on("btc-az", (40.0, 48.0), 7)
    session.select("caspian")
    assert (session.selected, session.halo) == ("caspian", None)  # the browser marks the line itself
    assert session.focus == MapFocus((40.0 + 1e-7, 48.0), 7)  # no new request to move the map
    assert session.first_selected is None  # the base map's first view never changes
    session.select("atlantis")
    assert session.selected == "caspian"


def test_every_focus_request_moves_the_map_even_to_the_same_place() -> None:
    """streamlit-folium moves the map only when the centre changes: after the user panned away,
    asking for the same segment again must still be a new centre."""
    session = opened()
    centres = []
    for _ in range(3):
        session.focus_on("btc-ge", (41.7, 44.8), 8)
        centres.append(session.focus.center)
        assert session.take_scroll() and not session.take_scroll()  # the map scrolled into view once
    assert centres[0] != centres[1] != centres[2]
    assert all(c == pytest.approx((41.7, 44.8), abs=1e-6) for c in centres)
    assert (session.selected, session.halo) == ("btc-ge", "btc-ge")  # the server draws its halo


def test_show_more_adds_a_page_for_that_segment_only() -> None:
    session = opened()
    assert session.excerpts_to_show("caspian") == EXCERPTS_PAGE
    session.show_more("caspian")
    session.show_more("caspian")
    assert session.excerpts_to_show("caspian") == 3 * EXCERPTS_PAGE
    assert session.excerpts_to_show("btc-az") == EXCERPTS_PAGE


@pytest.mark.parametrize(
    ("places", "trip"),
    [
        (("xian", "kars", None), Trip("xian", "kars")),
        (("xian", None, "kars"), None),  # both ends first
        (("xian", "xian", None), None),
        (("xian", "kars", "xian"), Trip("xian", "kars")),  # a via at an end is no via
        (("xian", "kars", "poti-port"), Trip("xian", "kars", "poti-port")),
    ],
)
def test_a_trip_needs_two_different_ends(places: tuple, trip: Trip | None) -> None:
    session = opened()
    session.set_places(*places)
    assert session.trip == trip


def test_a_new_trip_starts_on_its_best_route_and_a_gone_choice_falls_back() -> None:
    session = opened({"from": "xian", "to": "kars"})
    session.choose_route(2)
    assert session.route_index(3) == 2 and session.route_index(2) == 0  # fewer routes in another year
    session.set_places("xian", "kars", None)  # the same trip: the choice stays
    assert session.route_index(3) == 2
    session.set_places("xian", "poti-port", None)
    assert session.route_index(3) == 0


def test_a_link_warning_lasts_until_the_view_changes() -> None:
    session = opened({"sel": "nonexistent", "show": "garbage"})
    assert session.visible_ids == list(SEGS)  # the default view, not an empty map
    message = session.warning()
    assert message is not None and "“garbage”, “nonexistent”" in message
    session.select("atlantis")  # nothing changed: still said
    assert session.warning() == message
    session.show(["caspian"], False)
    assert session.warning() is None
    session.show(["caspian"], True)  # back to the same view: the warning has done its job
    assert session.warning() is None


def test_a_link_naming_a_trip_end_twice_keeps_its_warning_on_the_first_run() -> None:
    session = opened({"from": "xian", "to": "xian", "via": "nowhere"})
    assert session.warning() is not None and "nowhere" in session.warning()


def test_upload_and_removal_messages() -> None:
    session = opened()
    assert session.upload_message("f1") is None
    session.record_upload("f1", Message("Added a.txt to the corpus."))
    assert session.upload_message("f1") == Message("Added a.txt to the corpus.")  # said on every run
    session.record_removal(Message("b.pdf: not in your articles folder", error=True))
    assert session.take_removed() == Message("b.pdf: not in your articles folder", error=True)
    assert session.take_removed() is None  # said once


@pytest.mark.parametrize(
    ("text", "last", "expected"),
    [
        ("2019-07-03", False, dt.date(2019, 7, 3)),
        (" 2019/7/3 ", True, dt.date(2019, 7, 3)),
        ("2024-02", True, dt.date(2024, 2, 29)),
        ("2024-02", False, dt.date(2024, 2, 1)),
        ("2019", True, dt.date(2019, 12, 31)),
        ("2019", False, dt.date(2019, 1, 1)),
        ("", False, None),
    ],
)
def test_a_typed_date_reads_as_people_write_it(text: str, last: bool, expected: dt.date | None) -> None:
    assert read_date(text, last=last) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-13-01", "“2019-13-01” is not a date in the calendar"),
        ("2023-02-29", "“2023-02-29” is not a date in the calendar"),
        ("July 2019", "“July 2019” is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("03.07.2019", "is not a date: write YYYY-MM-DD"),
    ],
)
def test_a_date_that_is_not_one_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_date(text)


@pytest.mark.parametrize(
    ("year", "started_at", "ticks", "expected"),
    [
        (2026, 0.0, [], [1872]),  # at the last year, Play starts from the first
        (2010, 0.0, [0.5], [None]),  # not on screen long enough: no step
        (2010, 0.0, [2.0], [2011]),
        (2025, 0.0, [2.0, 4.0], [2026, None]),  # the last year stops playing
    ],
)
def test_playing_through_the_years_steps_once_per_period(
    year: int, started_at: float, ticks: list[float], expected: list[int | None]
) -> None:
    player = Player()
    player.start(year, 1872, 2026, started_at)
    if not ticks:
        assert player.take_next() == expected[0] and player.on
        return
    player.take_next()
    steps = []
    for now in ticks:
        due = player.tick(year, 2026, now, 1.5)
        steps.append(player.take_next() if due else None)
        year = steps[-1] or year
    assert steps == expected
    assert player.on == (year < 2026)
