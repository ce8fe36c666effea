"""Saved web pages: what counts as HTML, and what trafilatura keeps of a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from routes.errors import DataError
from routes.htmlpage import is_html, read_html

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("data", "html"),
    [
        ((DATA / "saved-page.html").read_bytes(), True),
        (b"<!DOCTYPE html><p>Ferry</p>", True),
        (b"<P>upper case tags</P>", True),
        (b"\n\n  <div>fragment of a page</div>", True),
        (b"Plain text about the Aktau ferry.", False),
        (b'{"json": true}', False),
        (b"<html>\x00\x01 binary", False),
        (b"a < b and b > c", False),
    ],
)
def test_is_html_needs_a_tag_and_no_nul_bytes(data: bytes, html: bool) -> None:
    assert is_html(data) is html


def test_page_headline_is_the_title_and_not_the_first_paragraph() -> None:
    doc = read_html("saved-page.html", (DATA / "saved-page.html").read_bytes())
    assert doc.title == "Middle Corridor ferries carry record cargo"
    assert doc.text.startswith("The Aktau–Alat ferry line")
    assert (doc.outlet, doc.author, doc.date) == ("Caspian Wire", "Aida Karimova", "2024-05-14")
    assert doc.page_starts == ()


def test_a_page_declared_in_windows_1251_reads_as_cyrillic() -> None:
    page = (
        "<html><head><meta charset='windows-1251'><title>Паром</title></head><body>"
        "<p>Паром Актау — Баку перевёз больше контейнеров, чем когда-либо.</p></body></html>"
    ).encode("cp1251")
    doc = read_html("ru.html", page)
    assert doc.title == "Паром"
    assert doc.text == "Паром Актау — Баку перевёз больше контейнеров, чем когда-либо."


def test_a_page_with_no_text_is_refused_by_name() -> None:
    with pytest.raises(DataError) as info:
        read_html("blank.html", b"<html><head><title>x</title></head><body></body></html>")
    assert str(info.value.problems[0]) == "blank.html: no article text found in the HTML page"
