"""PDF articles: text page by page through pypdf, hard line breaks joined into paragraphs."""

from __future__ import annotations

import io
import logging
import re
import struct
import zlib

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from routes.errors import DataError, Problem
from routes.extracted import Extracted

# pypdf logs every oddity of a damaged file; the parser reports one problem in its own words.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

# What pypdf can raise on a damaged or hostile file besides its own errors: its parsers index,
# unpack and decompress bytes straight from the file.
_BROKEN_PDF = (
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    OverflowError,
    NotImplementedError,
    UnicodeError,
    zlib.error,
    struct.error,
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_PAGE_NUMBER = re.compile(r"(?i:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?")
_SPACES = re.compile(r"[^\S\n]+")


def join_lines(block: str) -> str:
    """One paragraph from the hard-broken lines of a PDF block.

    "the number of\\ntrains" becomes "the number of trains"; a soft hyphen at a line end is
    dropped ("trans\\u00ad\\nport" → "transport"); a real hyphen or dash is kept with no space
    ("Baku–Tbilisi–\\nCeyhan" → "Baku–Tbilisi–Ceyhan").
    """
    out = ""
    for raw in block.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif out.endswith(("-", "\u2010", "\u2013", "\u2014")) and out[-2:-1].isalpha():
            out += line
        else:
            out += " " + line
    return out


def page_paragraphs(page_text: str) -> list[str]:
    """The paragraphs of one page's layout text; bare page numbers ("3", "Page 3 of 9") dropped."""
    blocks = (join_lines(b) for b in _PARAGRAPH_BREAK.split(page_text))
    return [b for b in blocks if b and not _PAGE_NUMBER.fullmatch(b)]


_ENDS_SENTENCE = (".", "!", "?", "…", ":", '"', "\u201d", "\u2019", ")", "]")


def join_pages(pages: list[list[str]]) -> tuple[str, tuple[int, ...]]:
    """The pages' paragraphs as one text, blank lines apart, and where each page starts.

    A paragraph cut by a page break (no full stop at the bottom of one page, a lower-case word
    at the top of the next) is joined again and cited on the page where it starts.
    """
    text, starts = "", []
    for paragraphs in pages:
        rest = paragraphs
        if text and rest and not text.endswith(_ENDS_SENTENCE) and rest[0][:1].islower():
            text += " " + rest[0]
            rest = rest[1:]
        if text and rest:
            text += "\n\n"
        starts.append(len(text))
        text += "\n\n".join(rest)
    return text, tuple(starts)


def _meta_text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def read_pdf(name: str, data: bytes) -> Extracted:
    """The text of every page, paragraphs apart, with where each page starts; DataError if none."""
    if b"%PDF-" not in data[:1024]:
        raise DataError([Problem(name, "not a PDF file (no %PDF- header)")])
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DataError([Problem(name, "the PDF is encrypted with a password")])
        # Layout mode keeps the blank line between paragraphs that plain mode drops.
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
        info = reader.metadata
        title = _meta_text(info.get("/Title")) if info else None
        author = _meta_text(info.get("/Author")) if info else None
    except _BROKEN_PDF as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError([Problem(name, f"broken PDF: {reason}")]) from None
    text, starts = join_pages([page_paragraphs(page or "") for page in pages])
    if not text.strip():
        raise DataError([Problem(name, "no text in the PDF (scanned pages would need OCR)")])
    if title and title.lower().startswith(("untitled", "microsoft word -")):
        title = None
    return Extracted(text=text, encoding="pdf", title=title, author=author, page_starts=starts)
