"""Page lookup of extracted text: which page an offset falls on."""

from __future__ import annotations

import pytest

from routes.extracted import Extracted

THREE_PAGES = Extracted("one\n\ntwo\n\nthree", "pdf", page_starts=(0, 5, 10))


@pytest.mark.parametrize(("offset", "page"), [(0, 1), (3, 1), (5, 2), (9, 2), (10, 3), (14, 3)])
def test_page_at_gives_the_page_an_offset_is_on(offset: int, page: int) -> None:
    assert THREE_PAGES.page_at(offset) == page


def test_text_without_pages_has_no_page() -> None:
    assert Extracted("text", "utf-8").page_at(2) is None
