"""What a format reader hands to the article parser: plain text with blank lines between
paragraphs, the metadata the file states about itself, and where each page starts."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    """Text taken out of a saved page or a PDF, before headers, footers and paragraphs are read."""

    text: str  # paragraphs separated by blank lines
    encoding: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None  # as the file states it; the parser reads and checks it
    url: str | None = None
    page_starts: tuple[int, ...] = ()  # offset in `text` where page 1, 2, … starts; () if not paged

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding text[offset], or None for a text without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))
