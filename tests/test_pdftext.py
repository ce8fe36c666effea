"""PDF text: hard line breaks joined into sentences, page numbers left out, pages kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from routes.errors import DataError
from routes.pdftext import join_lines, page_paragraphs, read_pdf

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
