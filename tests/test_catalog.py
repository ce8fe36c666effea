"""The catalog: network plus linked excerpts, rebuilt when the corpus changes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from routes.catalog import (
    build_catalog,
    filter_excerpts,
    filtered_catalog_excerpts,
    fingerprint,
    month_counts,
)
from routes.views import ExcerptView

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
ARTERY = "the use of the Caspian Sea as an important international traffic artery"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(GEODATA / "articles", folder)
    return folder


def test_caspian_crossing_gets_the_traffic_artery_sentence_first(corpus: Path) -> None:
    catalog = build_catalog(GEODATA, corpus)
    best = catalog.excerpts["caspian-aktau-alat"][0]
    assert ARTERY in best.sentence
    assert "Caspian Sea" in best.matched and best.specificity == 4
    assert best.outlet == "AzerNews" and best.date == dt.date(2019, 7, 3)


def test_excerpts_are_ranked_by_specificity_then_date(corpus: Path) -> None:
    catalog = build_catalog(GEODATA, corpus)
    for excerpts in catalog.excerpts.values():
        keys = [(-e.specificity, -(e.date or dt.date.min).toordinal()) for e in excerpts]
        assert keys == sorted(keys)


def test_an_undated_article_says_what_its_text_says(corpus: Path) -> None:
    catalog = build_catalog(GEODATA, corpus)
    undated = [e for e in catalog.all_excerpts() if e.article.startswith("000_")]
    assert undated and all(e.date is None for e in undated)
    assert "no date" in undated[0].citation


def excerpt(date: dt.date | None, sentence: str = "Aktau port grows.") -> ExcerptView:
    return ExcerptView("kz-beineu-aktau", sentence, sentence, (), (), 3, "a.txt", date=date)


@pytest.mark.parametrize(
    ("start", "end", "kept_dates"),
    [
        (None, None, [dt.date(2018, 1, 1), dt.date(2020, 1, 1), None]),
        (dt.date(2019, 1, 1), None, [dt.date(2020, 1, 1), None]),  # undated ones always stay
        (None, dt.date(2019, 1, 1), [dt.date(2018, 1, 1), None]),
    ],
)
def test_date_filter_keeps_undated_excerpts(start, end, kept_dates) -> None:
    items = [excerpt(dt.date(2018, 1, 1)), excerpt(dt.date(2020, 1, 1)), excerpt(None)]
    assert [e.date for e in filter_excerpts(items, start=start, end=end)] == kept_dates


def test_fingerprint_changes_when_an_article_is_added_or_edited(corpus: Path) -> None:
    before = fingerprint(GEODATA, corpus)
    (corpus / "new.txt").write_text("By A\n\nAktau grows.\n", "utf-8")
    added = fingerprint(GEODATA, corpus)
    assert added != before
    path = corpus / "new.txt"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    assert fingerprint(GEODATA, corpus) != added


def test_bad_articles_are_reported_and_the_rest_still_link(corpus: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary junk")
    catalog = build_catalog(GEODATA, corpus)
    assert catalog.article_count == 2
    assert any("broken.txt" in str(w) for w in catalog.article_warnings)


def test_fingerprint_changes_when_the_geodata_is_edited(corpus: Path, tmp_path: Path) -> None:
    geodata = tmp_path / "geodata"
    geodata.mkdir()
    shutil.copy(GEODATA / "segments.geojson", geodata)
    before = fingerprint(geodata, corpus)
    (geodata / "segments.geojson").write_text("{}", "utf-8")
    assert fingerprint(geodata, corpus) != before


DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("fixture", "segment", "words", "citation"),
    [
        ("report.pdf", "caspian-aktau-alat", "the bottleneck of the route",
         "outlet not stated · Corridor Research Desk · 2024-03-02 · report.pdf · p. 2"),
        ("report.pdf", "kz-beineu-aktau", "limits the number of trains per day that can reach",
         "outlet not stated · Corridor Research Desk · 2024-03-02 · report.pdf · p. 1"),
        ("saved-page.html", "caspian-aktau-alat", "carried more containers in April",
         "Caspian Wire · Aida Karimova · 2024-05-14 · saved-page.html"),
    ],
)  # fmt: skip
def test_pdf_and_web_page_excerpts_are_linked_and_cited(
    tmp_path: Path, fixture: str, segment: str, words: str, citation: str
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(DATA / fixture, folder)
    catalog = build_catalog(GEODATA, folder)
    found = [e for e in catalog.excerpts.get(segment, ()) if words in e.sentence]
    assert found, f"no excerpt of {fixture} on {segment}"
    assert found[0].citation == citation


def test_the_users_folder_is_read_with_the_corpus_and_a_missing_one_is_no_problem(
    corpus: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    without = build_catalog(GEODATA, corpus, mine)  # not created yet: nothing uploaded
    assert without.article_count == 2 and without.article_warnings == ()
    mine.mkdir()
    shutil.copy(DATA / "report.pdf", mine)
    catalog = build_catalog(GEODATA, corpus, mine)
    assert catalog.article_count == 3
    assert fingerprint(GEODATA, corpus, mine) != fingerprint(GEODATA, corpus)
    assert any(e.article == "report.pdf" for e in catalog.excerpts["caspian-aktau-alat"])


def test_excerpts_are_counted_by_article_month_with_or_without_a_date_filter(corpus: Path) -> None:
    catalog = build_catalog(GEODATA, corpus)
    excerpts = catalog.excerpts["caspian-aktau-alat"]
    expected: dict[str, int] = {}
    for e in excerpts:
        if e.date:
            expected[e.date.strftime("%Y-%m")] = expected.get(e.date.strftime("%Y-%m"), 0) + 1
    assert month_counts(excerpts) == expected and "2019-07" in expected
    assert list(month_counts(excerpts)) == sorted(expected)
    filtered = filtered_catalog_excerpts(catalog, dt.date(2019, 7, 1), dt.date(2019, 7, 31))
    assert month_counts(filtered["caspian-aktau-alat"]) == {"2019-07": expected["2019-07"]}
