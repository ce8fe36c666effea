"""Saved web pages (.html/.htm): the article's main text and metadata, through trafilatura.

Navigation, sidebars ("related news") and footers are left out; title, author, date, site name
and URL come from the page's own metadata (meta tags, Open Graph, JSON-LD).
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml.etree import LxmlError

from routes.errors import DataError, Problem
from routes.extracted import Extracted

_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|p|div|article|main|meta|title)\b", re.IGNORECASE)
_SNIFF_BYTES = 64 * 1024  # a page's first tag is near its start
# trafilatura reports pages it cannot use through logging; the parser says so in its own words.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def is_html(data: bytes) -> bool:
    """True when the bytes look like markup: an HTML tag near the start and no NUL bytes."""
    head = data[:_SNIFF_BYTES]
    return b"\x00" not in head and _TAG.search(head) is not None


def read_html(name: str, data: bytes) -> Extracted:
    """The main text of a saved page, one paragraph per block; DataError naming the file if none."""
    if not is_html(data):
        raise DataError([Problem(name, "not an HTML page (no HTML tags found)")])
    try:
        doc = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except (LxmlError, ValueError, TypeError, UnicodeError, RecursionError) as exc:
        raise DataError([Problem(name, f"HTML page could not be read: {exc}")]) from None
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise DataError([Problem(name, "no article text found in the HTML page")])
    title = (doc.title or "").strip() or None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if title and lines and lines[0].casefold() == title.casefold():
        lines = lines[1:]  # the page's headline, already the title
    return Extracted(
        text="\n\n".join(lines),
        encoding="as the page declares",  # trafilatura reads the charset and decodes
        title=title,
        outlet=(doc.sitename or "").strip() or None,
        author=(doc.author or "").strip() or None,
        date=(doc.date or "").strip() or None,
        url=(doc.url or "").strip() or None,
    )
