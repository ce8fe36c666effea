"""How an excerpt and a segment's facts read: citations, highlights, transit times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from routes.geodata import load_network
from routes.views import GEOMETRY_LABEL, ExcerptView, fact_rows, transit_label

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def excerpt(**kw) -> ExcerptView:
    base = dict(
        segment_id="caspian-aktau-alat", sentence="The Caspian Sea is a traffic artery.",
        paragraph="", spans=((4, 15),), matched=("Caspian Sea",), specificity=4, article="a.txt",
    )  # fmt: skip
    return ExcerptView(**{**base, **kw})


@pytest.mark.parametrize(
    ("fields", "citation"),
    [
        (dict(outlet="AzerNews", author="Leman Mammadova", date=dt.date(2019, 7, 3)),
         "AzerNews · Leman Mammadova · 2019-07-03 · a.txt"),
        # article 000: the agency is credited, the outlet is not stated, the text says "October 7"
        (dict(credited="Trend", author="Rasana Gasimova", date_text="October 7"),
         "outlet not stated, credits Trend · Rasana Gasimova · no date ('October 7' in the text) · a.txt"),
        ({}, "outlet not stated · author not stated · no date · a.txt"),
        # a PDF excerpt says which page it is on
        (dict(author="Corridor Research Desk", date=dt.date(2024, 3, 2), article="report.pdf", page=2),
         "outlet not stated · Corridor Research Desk · 2024-03-02 · report.pdf · p. 2"),
    ],
)  # fmt: skip
def test_citation_says_what_is_known_and_invents_nothing(fields: dict, citation: str) -> None:
    assert excerpt(**fields).citation == citation


@pytest.mark.parametrize(
    ("sentence", "spans", "html"),
    [
        (
            "The Caspian Sea is a traffic artery.",
            ((4, 15),),
            "The <mark>Caspian Sea</mark> is a traffic artery.",
        ),
        ("Aktau <b> Alat", ((0, 5), (10, 14)), "<mark>Aktau</mark> &lt;b&gt; <mark>Alat</mark>"),
        ("Baku-Tbilisi-Ceyhan", ((0, 19), (0, 4)), "<mark>Baku-Tbilisi-Ceyhan</mark>"),  # overlap kept once
    ],
)
def test_matched_words_are_highlighted_and_the_rest_escaped(sentence, spans, html) -> None:
    assert excerpt(sentence=sentence, spans=spans).highlighted_html() == html


@pytest.mark.parametrize(
    ("days", "label"), [(0.75, "18 hours"), (1, "1 day"), (12, "12 days"), ("10-15", "10-15")]
)
def test_transit_times_read_as_people_say_them(days: object, label: str) -> None:
    assert transit_label(days) == label


@pytest.mark.parametrize(
    ("segment_id", "expected"),
    [
        ("btc-georgia", "gem:P0644 · Global Energy Monitor (CC BY 4.0)"),
        ("ge-samtredia-batumi", "osm · © OpenStreetMap contributors (ODbL) · 4.8 km of straight links"),
        ("tr-marmaray", "hand-drawn through stations · this project (MIT)"),
    ],
)
def test_facts_say_where_the_line_comes_from(segment_id: str, expected: str) -> None:
    rows = dict(fact_rows(load_network(GEODATA).segment(segment_id)))
    assert rows[GEOMETRY_LABEL].startswith(expected)
