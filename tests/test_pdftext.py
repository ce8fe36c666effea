"""PDF text: hard line breaks joined into sentences, page numbers left out, pages kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from routes.errors import DataError
from routes.extracted import Extracted
from routes.pdftext import join_lines, join_pages, page_paragraphs, read_pdf

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("block", "paragraph"),
    [
        ("limits the number of\ntrains per day", "limits the number of trains per day"),
        ("the Baku–Tbilisi–\nCeyhan pipeline", "the Baku–Tbilisi–Ceyhan pipeline"),
        ("a long-\nterm plan", "a long-term plan"),
        ("trans\u00ad\nport", "transport"),
        ("  indented   line\n   and   more  ", "indented line and more"),
        ("costs 5 -\n10 dollars", "costs 5 - 10 dollars"),  # a dash after a number is not a hyphen
    ],
)
def test_hard_line_breaks_inside_a_sentence_are_joined(block: str, paragraph: str) -> None:
    assert join_lines(block) == paragraph


@pytest.mark.parametrize(
    ("page", "paragraphs"),
    [
        ("First line\nsame one.\n\nSecond paragraph.", ["First line same one.", "Second paragraph."]),
        ("Text.\n\n   \n\n12", ["Text."]),
        ("Text.\n\nPage 3 of 9", ["Text."]),
        ("Text.\n\n3 / 9", ["Text."]),
        ("In 2023 the line opened.\n\n2023", ["In 2023 the line opened."]),
        ("", []),
    ],
)
def test_page_paragraphs_split_on_blank_lines_and_drop_page_numbers(page: str, paragraphs: list[str]) -> None:
    assert page_paragraphs(page) == paragraphs


def test_chromium_pdf_gives_its_title_and_where_page_two_starts() -> None:
    doc = read_pdf("report.pdf", (DATA / "report.pdf").read_bytes())
    assert doc.title == "Middle Corridor capacity report"
    assert doc.page_at(doc.text.index("The Aktau–Alat ferry")) == 2
    assert doc.page_at(doc.text.index("Freight forwarders")) == 1
    assert len(doc.page_starts) == 2


def test_bytes_that_are_not_a_pdf_are_refused_by_name() -> None:
    with pytest.raises(DataError) as info:
        read_pdf("x.pdf", b"<html>not a pdf</html>")
    assert str(info.value.problems[0]) == "x.pdf: not a PDF file (no %PDF- header)"


@pytest.mark.parametrize(
    ("pages", "cited"),
    [
        # two whole paragraphs on two pages
        ([["One ends here."], ["Two starts here."]], [("One ends here.", 1), ("Two starts here.", 2)]),
        # a sentence cut by the page break is one paragraph again, cited on the page it starts on
        ([["The ferry from Aktau"], ["reached Alat.", "Next."]],
         [("The ferry from Aktau reached Alat.", 1), ("Next.", 2)]),
        # a capital after the break is a new paragraph (a heading, a name)
        ([["Table of ferries"], ["Aktau to Alat."]], [("Table of ferries", 1), ("Aktau to Alat.", 2)]),
        # an empty page in between
        ([["First."], [], ["Third."]], [("First.", 1), ("Third.", 3)]),
    ],
)  # fmt: skip
def test_pages_are_joined_into_one_text_that_knows_each_pages_start(pages, cited) -> None:
    text, starts = join_pages(pages)
    doc = Extracted(text, "pdf", page_starts=starts)
    assert text.split("\n\n") == [p for p, _ in cited]
    assert [(p, doc.page_at(text.index(p))) for p, _ in cited] == cited
