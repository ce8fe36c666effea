"""How an excerpt and a segment's facts read: citations, highlights, transit times."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ARTICLE_000, ARTICLE_001

from routes.articles import load_corpus
from routes.geodata import load_network
from routes.linking import Linker
from routes.paths import vocabulary_dir
from routes.views import GEOMETRY_LABEL, ExcerptView, excerpt_card_html, fact_rows, transit_label

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


def test_the_card_escapes_every_field_and_marks_only_the_matches() -> None:
    hostile = excerpt(
        sentence="Aktau <img src=x onerror=alert(1)> ${x}", spans=((0, 5),), author="<b>me</b>",
        article="`a`.txt",
    )  # fmt: skip
    card = excerpt_card_html(hostile, segment_name="<i>Caspian</i>")
    assert "<img" not in card and "<b>me" not in card and "<i>Caspian" not in card
    assert "<mark>Aktau</mark> &lt;img src=x onerror=alert(1)&gt; &#36;{x}" in card
    assert "&lt;b&gt;me&lt;/b&gt;" in card and "&#96;a&#96;.txt" in card
    assert "<b>&lt;i&gt;Caspian&lt;/i&gt;</b> ·" in card  # the one tag the card adds


def test_one_record_for_every_output_from_a_linked_sentence() -> None:
    linker = Linker.from_geodata(load_network(GEODATA), vocabulary_dir(GEODATA))
    corpus = load_corpus(GEODATA / "articles")
    records = [ExcerptView.from_link(link) for link in linker.link_corpus(corpus.articles)]
    by_article = {r.article: r for r in records}
    data = json.loads(json.dumps(by_article[ARTICLE_001].to_dict()))  # JSON as it is
    assert data["citation"] == "AzerNews · Leman Mammadova · 2019-07-03 · " + ARTICLE_001
    assert (data["outlet"], data["author"], data["date"]) == ("AzerNews", "Leman Mammadova", "2019-07-03")
    assert data["text"] in data["paragraph"] and data["matched"]
    assert {data["text"][a:b] for a, b in data["spans"]} <= set(data["matched"])
    # What is not known is null in the data and said in words once, in the citation.
    unknown = by_article[ARTICLE_000].to_dict()
    assert (unknown["outlet"], unknown["date"], unknown["credited"]) == (None, None, "Trend")
    assert unknown["citation"].startswith("outlet not stated, credits Trend · Rasana Gasimova · no date")


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
