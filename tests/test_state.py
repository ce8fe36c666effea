"""The URL holds the view: which segments are shown and which is selected."""

from __future__ import annotations

import pytest

from routes.state import ViewState, from_query, to_query

IDS = ["a", "b", "c"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ViewState(("a", "b", "c"))),
        ({"show": "b,c"}, ViewState(("b", "c"))),
        ({"show": "none"}, ViewState(())),
        ({"show": "c,zz,a"}, ViewState(("a", "c"))),  # unknown ids dropped, data order kept
        ({"show": "a", "sel": "b"}, ViewState(("a",), "b")),
        ({"sel": "../etc"}, ViewState(("a", "b", "c"))),  # an unknown selection is ignored
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
