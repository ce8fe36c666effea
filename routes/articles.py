"""Read news articles into typed records: raw .txt as published (UTF-8, UTF-16 with BOM, cp1251,
Latin-1), .md with YAML front matter, saved web pages (.html/.htm) and PDFs (page kept)."""

from __future__ import annotations

import codecs
import datetime
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from routes.errors import DataError, Problem
from routes.extracted import Extracted
from routes.language import detect_language

MAX_FILE_BYTES = 5 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
HTML_SUFFIXES = (".html", ".htm")
# Documentation that lives next to articles (e.g. geodata/articles/SOURCES.md) is not an article.
DOC_STEMS = frozenset({"readme", "sources", "license", "licence", "changelog", "contributing"})

# Control bytes that never occur in text; \t \n \v \f \r and ESC-free text are fine.
_CONTROL_BYTES = bytes([*range(0, 9), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_OTHER_CONTROL_BYTES = tuple(_CONTROL_BYTES[1:])  # NUL is looked for first
_ALLOWED_CONTROL_SHARE = 1 / 1000  # a stray control byte in a long text is noise; more is binary


@dataclass(frozen=True)
class Article:
    """One article: what the file says about itself, and its body as verbatim paragraphs."""

    file_name: str  # relative to the folder it was loaded from, with "/" separators
    location: str  # where it was read from, as a string (`path` makes the Path when asked for)
    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None  # the publication, only when the text or front matter names it
    author: str | None = None
    date: datetime.date | None = None
    date_text: str | None = None  # the date as written, e.g. "October 7" when no year is given
    url: str | None = None
    credited: str | None = None  # an agency the text credits ("…, Trend reported."), not the outlet
    encoding: str = "utf-8"
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    paragraph_pages: tuple[int, ...] = ()  # PDF page of each paragraph (1-based); () when not paged
    declared_language: str | None = None  # what the front matter says (`language:` or `lang:`)

    @cached_property
    def language(self) -> str | None:
        """ISO 639-1 code of the language the article is written in: as its front matter
        declares it, else detected from its first paragraphs (once, when first asked: most
        articles of a large corpus are never shown); None when the text is too short to tell."""
        if self.declared_language:
            return self.declared_language
        return detect_language("\n".join(self.paragraphs[:3]))

    @property
    def path(self) -> Path:
        """Where the article was read from. Built when asked for: a Path per article took 2 % of
        ingest + link, and only saving fetched pages asks."""
        return Path(self.location)

    def page_of(self, paragraph_index: int) -> int | None:
        """The page a paragraph is on, or None for an article without pages."""
        return self.paragraph_pages[paragraph_index] if self.paragraph_pages else None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _new_article(**fields: object) -> Article:
    """Article(**fields), every field given, without the frozen dataclass's __init__: it sets each
    of the 14 fields through object.__setattr__ (~1,400 instructions each; 0.8 % of ingest + link).
    The instance is the same (tests/test_articles.py compares them)."""
    article = object.__new__(Article)
    article.__dict__.update(fields)
    return article


@dataclass(frozen=True)
class Corpus:
    """The articles that loaded, and one Problem per file skipped or questionable."""

    articles: tuple[Article, ...]
    warnings: tuple[Problem, ...] = ()


# --- decoding -----------------------------------------------------------------------------------

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_WORD = re.compile(r"[^\W\d_]+")


def _looks_binary(data: bytes) -> bool:
    if 0 in data:
        return True
    # Most files hold no control byte. An int `in` bytes is a memchr (a bytes needle is first
    # tried as an int, which makes CPython build and drop a TypeError with a formatted message):
    # 28 of them cost 0.4x the instructions of one bytes.translate pass.
    for byte in _OTHER_CONTROL_BYTES:
        if byte in data:
            break
    else:
        return False
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > len(data) * _ALLOWED_CONTROL_SHARE


def _is_cyrillic_text(text: str) -> bool:
    """True when the non-ASCII letters read as Cyrillic words, not Latin words with stray letters.

    Any byte string decodes as cp1251, so decoding alone proves nothing: Latin-1 "café" becomes
    "cafй". Real cp1251 text has whole words of Cyrillic letters; mis-decoded Latin text has
    single Cyrillic letters inside Latin words.
    """
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return True  # only ASCII letters and punctuation: cp1251 and cp1252 agree on it
    pure = sum(len(w) for w in words if all("\u0400" <= c <= "\u04ff" for c in w))
    mixed = sum(len(_CYRILLIC.findall(w)) for w in words)
    foreign = sum(1 for w in words for c in w if ord(c) > 0x7F and not "\u0400" <= c <= "\u04ff")
    return foreign == 0 and mixed > 0 and pure >= 0.8 * mixed


_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _decode_utf16(data: bytes, codec: str) -> tuple[str, str]:
    try:
        text = data[2:].decode(codec)
    except UnicodeDecodeError:
        raise ValueError("not valid UTF-16 after its byte-order mark") from None
    if _looks_binary(text.encode("utf-8", "surrogatepass")):
        raise ValueError("binary file (control characters), not text")
    return text, "utf-16"


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    """ASCII text saved as UTF-16 with no byte-order mark: every other byte is NUL."""
    head = data[:1000]
    return len(head) >= 8 and (head[1::2].count(0) > 0.9 * len(head[1::2]) or
                               head[0::2].count(0) > 0.9 * len(head[0::2]))  # fmt: skip


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode article bytes as UTF-16 (with BOM), UTF-8, else cp1251, else Latin-1/cp1252.

    Returns (text, encoding). Raises ValueError with a reason for binary data or bytes no rule
    accepts.
    """
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF32_LE):
            return _decode_utf16(data, codec)
    if _looks_binary(data):
        if _looks_like_utf16_without_bom(data):
            raise ValueError("looks like UTF-16 without a byte-order mark; save it as UTF-8 or with a BOM")
        raise ValueError("binary file (control bytes), not text")
    try:
        # What "utf-8-sig" does, without its codec wrapper written in Python.
        return data[3 if data.startswith(codecs.BOM_UTF8) else 0 :].decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = None
    if text is not None and _is_cyrillic_text(text):
        return text, "cp1251"
    # Bytes 0x80-0x9F are control codes in Latin-1; files "in Latin-1" that use them are really
    # Windows-1252 (curly quotes, dashes), so read those as cp1252 instead of inventing controls.
    if not any(0x80 <= b <= 0x9F for b in data):
        return data.decode("latin-1"), "latin-1"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise ValueError("not text in UTF-8, cp1251 or Latin-1/cp1252") from None


# --- parsing ------------------------------------------------------------------------------------

_BLOCK_SPLIT = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")
_NOT_SPACE = re.compile(r"\S")
_FOOTER_RULE = re.compile(r"^[^\S\n]*-{3,}[^\S\n]*$", re.MULTILINE)
_NAME = r"[A-Z\u00C0-\u024F\u0400-\u04FF][\w.'\u2019-]*"
_NAME_RUN = rf"{_NAME}(?:[^\S\n]+(?:{_NAME}|de|van|von|der|al|el|bin|ibn|and|&)){{0,6}}"
_HEADER = re.compile(
    rf"^\s*(?:date\s+(?P<date>\d{{4}}-\d{{2}}-\d{{2}}))?\s*"
    rf"(?:(?i:by)[^\S\n]+(?P<author>{_NAME_RUN}))?\s*$"
)
_AUTHOR_NOTE = re.compile(
    r"^(?P<name>[^\n]{1,80}?) is (?:an? |the )?"
    r"(?P<outlet>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,4})(?:[\u2019']s?) "
    r"(?:(?:staff|senior|chief|special|political|business) )*"
    r"(?:journalist|writer|reporter|correspondent|editor|columnist|contributor)\b"
)
# "Date: 2024-05-14", "Published: 14 May 2024", "By: Jane Roe", "Source: Trend", "URL: https://…"
_KEYED = re.compile(
    r"^[^\S\n]*(?P<key>date|published|updated|by|author|authors|source|outlet|url|link|title"
    r"|дата|опубликовано|автор|источник)"
    r"[^\S\n]*:[^\S\n]*(?P<value>\S[^\n]*?)[^\S\n]*$",
    re.IGNORECASE,
)
_KEY_NAMES = {"published": "date", "updated": "date", "by": "author", "authors": "author", "outlet": "source",
              "link": "url", "дата": "date", "опубликовано": "date", "автор": "author",
              "источник": "source"}  # fmt: skip
_URL = re.compile(r"https?://\S+")
_FOLLOW = re.compile(r"^Follow (?:us|him|her|them|[A-Z]\w*) on ", re.IGNORECASE)
_CREDIT = re.compile(r"(?:^|[,;(]\s*)(?P<agency>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3}) (?:reported|reports)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_IN_TEXT = re.compile(
    rf"\b(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?)\b"
)


@dataclass
class _Meta:
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    date_text: str | None = None
    url: str | None = None
    language: str | None = None


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is a warning rather than a crash."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_DATE_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%b %d %Y", "%d.%m.%Y",
                 "%Y/%m/%d")  # fmt: skip
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", re.IGNORECASE)
_TIME_TAIL = re.compile(r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}\b.*|T\d{2}:\d{2}.*)$")


def read_date(value: str) -> datetime.date | None:
    """A date as headers write it: ISO (with or without a time), "14 May 2024", "May 14, 2024"."""
    value = value.strip()
    for parse in (datetime.date.fromisoformat, lambda v: datetime.datetime.fromisoformat(v).date()):
        try:
            return parse(value)
        except ValueError:
            pass
    bare = _TIME_TAIL.sub("", _WEEKDAY.sub("", value)).strip()
    bare = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", bare)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(bare, fmt).date()
        except ValueError:
            continue
    return None


def _parse_date(value: str, name: str, warnings: list[Problem]) -> datetime.date | None:
    found = read_date(value)
    if found is None:
        example = "e.g. 2024-05-14 or 14 May 2024"
        warnings.append(Problem(name, f"date {value!r} is not a valid date ({example}); no date"))
    return found


_SIMPLE_FIELD = re.compile(r"([A-Za-z_][\w-]*):[ \t]+([^\s\"'\[\]{}&*!|>%@#`,?:-][^\n]*)")
_YAML_WORDS = frozenset({"null", "~", "true", "false", "yes", "no", "on", "off"})


def _simple_front_matter(block: str) -> dict[str, object] | None:
    """Plain `key: value` lines read without YAML (5x faster); None when YAML is needed."""
    data: dict[str, object] = {}
    for line in block.split("\n"):
        if not line.strip():
            continue
        m = _SIMPLE_FIELD.fullmatch(line.rstrip())
        if m is None:
            return None
        value = m[2]
        if ": " in value or " #" in value or value.lower() in _YAML_WORDS or m[1] in data:
            return None
        data[m[1]] = value
    return data


_FRONT_OPEN = re.compile(r"---[^\S\n]*\n")
# The closing line and the blank lines after it (the body starts past them).
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$\n*", re.MULTILINE)


def _split_front_matter(text: str, name: str) -> tuple[dict[str, object] | None, str]:
    """Return (front matter mapping or None when absent, body); DataError if it is broken."""
    if not _FRONT_OPEN.match(text):
        return None, text
    # Searched from offset 4 rather than in text[4:]: no copy of the article (a line starts there,
    # or a space of the opening line that cannot start a closing one).
    end = _FRONT_CLOSE.search(text, 4)
    if end is None:
        raise DataError([Problem(name, "broken front matter: no closing '---' line")])
    block = text[4 : end.start()]
    data = _simple_front_matter(block)
    if data is not None:
        return data, text[end.end() :]
    try:
        data = yaml.load(block, Loader=_FrontMatterLoader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError([Problem(name, f"broken front matter: {reason}")]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError([Problem(name, "broken front matter: not a mapping of fields")])
    return data, text[end.end() :]


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if type(value) is str:  # nearly always: no isinstance with a union (built at each call)
        return value.strip() or None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    text = str(value).strip()
    return text or None


def _apply_front_matter(data: dict[str, object], meta: _Meta, name: str, warns: list[Problem]):
    meta.title = _as_text(data.get("title"))
    meta.outlet = _as_text(data.get("outlet"))
    meta.author = _as_text(data.get("author") or data.get("authors"))
    meta.url = _as_text(data.get("url"))
    language = _as_text(data.get("language") or data.get("lang"))
    meta.language = language.lower().split("-")[0] if language else None  # "ru-RU" -> "ru"
    raw_date = data.get("date")
    if isinstance(raw_date, datetime.datetime):
        meta.date = raw_date.date()
    elif isinstance(raw_date, datetime.date):
        meta.date = raw_date
    elif raw_date is not None:
        meta.date_text = str(raw_date).strip()
        meta.date = _parse_date(meta.date_text, name, warns)
    if meta.date is not None:
        meta.date_text = meta.date.isoformat()


_HEADER_LINES = 8  # at most this many title/metadata lines head an article
_MAX_HEADER_CHARS = 300  # a longer line is never a header line
_HEADER_WINDOW = 12  # ... among its first lines, blank ones included


def _header_line(line: str) -> dict[str, str] | None:
    """The metadata a header line states ({"date": …, "author": …}), None for any other line."""
    if len(line) > _MAX_HEADER_CHARS:
        return None  # a body paragraph: most lines after the byline, and no regex is cheaper
    keyed = _KEYED.match(line)
    if keyed:
        key = keyed["key"].lower()
        key = _KEY_NAMES.get(key, key)
        return {key: keyed["value"]}
    m = _HEADER.match(line)
    if m and (m["date"] or m["author"]):
        return {k: v.strip() for k, v in (("date", m["date"]), ("author", m["author"])) if v}
    return None


def _apply_header(fields: dict[str, str], meta: _Meta, name: str, warns: list[Problem]) -> None:
    """Fill what the metadata does not say yet; front matter and page metadata win."""
    for key, value in fields.items():
        if key == "author":
            meta.author = meta.author or value
        elif key == "title":
            meta.title = meta.title or value
        elif key == "url":
            meta.url = meta.url or value
        elif key == "source":
            url = _URL.search(value)
            if url:
                meta.url = meta.url or url.group(0).rstrip(").,;")
                value = (value[: url.start()] + value[url.end() :]).strip(" ()[],;-–")
            meta.outlet = meta.outlet or value or None
        elif key == "date" and meta.date is None:
            meta.date_text = value
            meta.date = _parse_date(value, name, warns)


def _take_header(lines: list[str], meta: _Meta, name: str, warns: list[Problem]) -> int:
    """Read the title and metadata lines at the top; return how many lines they take.

    Metadata lines are "date 2019-07-03 By Name", "By Name", and "Key: value" for Date,
    Published, Updated, By, Author, Source, URL and Title. A short line right above the first
    of them is the headline.
    """
    nonempty = [i for i, line in enumerate(lines[:_HEADER_WINDOW]) if line and not line.isspace()]
    nonempty = nonempty[:_HEADER_LINES]
    if not nonempty:
        return 0
    found: list[tuple[int, dict[str, str]]] = []
    first = 0
    top = _header_line(lines[nonempty[0]])
    if top is None:
        second = _header_line(lines[nonempty[1]]) if len(nonempty) > 1 else None
        if second is None:
            return 0
        headline = lines[nonempty[0]].strip()
        # A short line over a byline is a headline; never promote a body sentence to a title.
        if len(headline) > 200 or headline.endswith((".", ",", ";", ":")):
            return 0
        meta.title = meta.title or headline.lstrip("#").strip() or None
        first, top = 1, second
    found.append((nonempty[first], top))
    for i in nonempty[first + 1 :]:
        fields = _header_line(lines[i])
        if fields is None:
            break
        found.append((i, fields))
    for _, fields in found:
        _apply_header(fields, meta, name, warns)
    return found[-1][0] + 1


def _author_note(text: str) -> re.Match[str] | None:
    # The name before " is " takes 1-80 characters; most blocks have no " is " that early, and
    # the lazy name makes a failing match slow.
    return _AUTHOR_NOTE.match(text) if " is " in text[:84] else None


def _drop_footer(blocks: list[str], meta: _Meta, footer: str) -> list[str]:
    """Remove trailing author notes and 'Follow us' lines; learn the outlet from the note."""
    for block in [*footer.split("\n"), *blocks[-3:]]:
        note = _author_note(block.strip())
        if note:
            meta.outlet = meta.outlet or note["outlet"]
            meta.author = meta.author or note["name"].strip()
    while blocks and (_author_note(blocks[-1]) or _FOLLOW.match(blocks[-1])):
        blocks.pop()
    return blocks


def _extract(name: str, data: bytes) -> Extracted:
    """The text and stated metadata of a file, by its kind: saved page, PDF or plain text."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    # Imported on first use: trafilatura and pypdf take half a second to import, which a corpus
    # of .txt/.md files (and the app's cold start) should not pay.
    if suffix in HTML_SUFFIXES:
        from routes.htmlpage import read_html

        return read_html(name, data)
    if suffix == ".pdf":
        from routes.pdftext import read_pdf

        return read_pdf(name, data)
    try:
        text, encoding = decode_text(data)
    except ValueError as exc:
        raise DataError([Problem(name, str(exc))]) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Extracted(text, encoding)


def _blocks(body: str) -> list[str]:
    """The paragraphs of a body: its runs of non-blank lines, stripped (what splitting it at
    _BLOCK_SPLIT gives). An empty line never falls inside a paragraph, so the body is first cut at
    each one (a memchr-led search); only the few pieces that still hold a line break go through
    the regex, which scans the whole text a character at a time."""
    blocks = []
    for piece in body.split("\n\n"):
        if "\n" in piece:
            blocks.extend(b for b in map(str.strip, _BLOCK_SPLIT.split(piece)) if b)
        else:
            piece = piece.strip()
            if piece:
                blocks.append(piece)
    return blocks


def _pages(text: str, blocks: list[str], source: Extracted) -> tuple[int, ...]:
    """The page of each block, found in order in the text the blocks were cut from."""
    pages, pos = [], 0
    for block in blocks:
        found = text.find(block, pos)
        pos = found + len(block) if found >= 0 else pos
        pages.append(source.page_at(found if found >= 0 else pos) or 1)
    return tuple(pages)


def parse_article(name: str, data: bytes, location: str | None = None) -> Article:
    """Parse one file's bytes; DataError with one Problem naming the file if unusable."""
    if not data.strip():
        raise DataError([Problem(name, "empty file")])
    if len(data) > MAX_FILE_BYTES:
        raise DataError([Problem(name, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")])
    source = _extract(name, data)
    text, encoding = source.text, source.encoding
    warns: list[Problem] = []
    meta = _Meta(title=source.title, outlet=source.outlet, author=source.author, url=source.url)
    if source.date:
        meta.date_text = source.date
        meta.date = _parse_date(source.date, name, warns)
    front, body = _split_front_matter(text, name) if name.lower().endswith(".md") else (None, text)
    if front is not None:
        _apply_front_matter(front, meta, name, warns)

    # The header is in the first lines: split those, leave the rest whole (one element) unless
    # the checks below, which look up to 8 lines past the header, would reach it.
    lines = body.split("\n", _HEADER_WINDOW)
    start = _take_header(lines, meta, name, warns)
    if start + 8 > _HEADER_WINDOW and len(lines) > _HEADER_WINDOW:
        lines = body.split("\n")
    if meta.title and source.title:
        # A saved page or PDF often repeats its title as the first line: it is not an excerpt.
        rest = [i for i in range(start, min(len(lines), start + 4)) if lines[i].strip()]
        if rest and " ".join(lines[rest[0]].split()).casefold() == meta.title.casefold():
            start = rest[0] + 1
    if front is not None or name.lower().endswith(".md"):
        # A Markdown headline heads the body when front matter gave no title.
        rest = [i for i in range(start, min(len(lines), start + 4)) if lines[i].strip()]
        if rest and lines[rest[0]].startswith("# "):
            meta.title = meta.title or lines[rest[0]][2:].strip() or None
            start = rest[0] + 1
    # Where the text starts, past the header lines: offsets into `body` rather than a join of its
    # lines and slices (each a copy of the article).
    begin = sum(map(len, lines[:start])) + start if start < len(lines) else len(body)
    end, footer = len(body), ""
    # A rule line holds "---": start the (slow, line by line) rule search on the line of the
    # first one rather than scanning the whole body.
    # (search() in a loop: a finditer() costs ~3,000 instructions before it scans.)
    first_dashes = body.find("---", begin)
    rule = None
    if first_dashes >= 0:
        rule = _FOOTER_RULE.search(body, body.rfind("\n", begin, first_dashes) + 1 or begin)
    while rule is not None:
        if _NOT_SPACE.search(body, begin, rule.start()):  # a rule before any text is no footer rule
            end, footer = rule.start(), body[rule.end() :]
            break
        rule = _FOOTER_RULE.search(body, rule.end())  # a rule is never empty
    blocks = _drop_footer(_blocks(body[begin:end]), meta, footer)  # (the whole: no copy)
    if not blocks:
        raise DataError([Problem(name, "no article text")])

    credited = None
    for block in blocks[:2]:
        # The pattern needs " reported"/" reports"; most texts have neither, and it is slow.
        credit = _CREDIT.search(block) if " report" in block else None
        if credit:
            credited = credit["agency"]
            break
    if meta.date is None and meta.date_text is None:
        for block in blocks:
            found = _DATE_IN_TEXT.search(block)
            if found:
                meta.date_text = found.group(0)
                break
    return _new_article(
        file_name=name,
        location=name if location is None else location,
        paragraphs=tuple(blocks),
        title=meta.title,
        outlet=meta.outlet,
        author=meta.author,
        date=meta.date,
        date_text=meta.date_text,
        url=meta.url,
        credited=credited,
        encoding=encoding,
        warnings=tuple(warns),
        paragraph_pages=_pages(text, blocks, source) if source.page_starts else (),
        declared_language=meta.language,
    )


def is_article_name(name: str) -> bool:
    """True for article names (.txt .md .html .htm .pdf), not hidden, not folder docs (README)."""
    stem, dot, suffix = name.rpartition(".")
    return (
        bool(dot)
        and f".{suffix.lower()}" in ARTICLE_SUFFIXES
        and not name.startswith(".")
        and stem.lower() not in DOC_STEMS
    )


def load_article(path: Path, name: str | None = None) -> Article:
    """Read and parse one file; DataError naming the file when it cannot be used."""
    return _load_article(os.fspath(path), name or path.name)


# Looked up once: where os has no O_BINARY (POSIX), getattr builds and drops an AttributeError
# with its formatted message on each call (0.5 % of ingest + link).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def _load_article(file: str, name: str) -> Article:
    """load_article, given the path as a string (a Path formats one on demand, again)."""
    try:
        # os-level calls: a buffered file object costs more than reading a 4 KB article.
        fd = os.open(file, _OPEN_FLAGS)
        try:
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                # Checked before reading so a huge file costs nothing.
                raise DataError([Problem(name, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")])
            data = _read_at_most(fd, size, MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise DataError([Problem(name, f"cannot read: {exc.strerror or exc}")]) from None
    return parse_article(name, data, file)


def _read_at_most(fd: int, size: int, limit: int) -> bytes:
    """Up to `limit` bytes of a file whose stat said `size`, asking for size + 1 first.

    Not one read(limit): its buffer costs more than the article. A file that grew since the
    stat is read on, up to the same limit.
    """
    data = b""
    want = size + 1
    while len(data) < limit:
        chunk = os.read(fd, want)
        if not chunk:
            break
        data += chunk
        want = limit - len(data)
    return data


def article_entries(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """(relative name, directory entry) of the article files, sorted by name; for a quick stat of
    each (the app checks them on every run) without building a Path per file."""
    stack = [(str(folder), "")]
    found: list[tuple[str, os.DirEntry[str]]] = []
    while stack:
        current, prefix = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = f"{prefix}{entry.name}"
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, f"{rel}/"))
                elif entry.is_file() and is_article_name(entry.name):
                    found.append((rel, entry))
            except OSError:
                continue
    found.sort(key=lambda item: item[0])
    return found


def iter_articles(folder: Path, warnings: list[Problem]) -> Iterator[Article]:
    """Stream the articles of a folder, appending a Problem to `warnings` for each file skipped."""
    for name, entry in article_entries(folder):
        try:
            article = _load_article(entry.path, name)
        except DataError as exc:
            warnings.extend(exc.problems)
            continue
        warnings.extend(article.warnings)
        yield article


def load_corpus(folder: Path) -> Corpus:
    """Load every article under `folder` (recursively); never modifies anything on disk."""
    if not folder.is_dir():
        return Corpus((), (Problem(str(folder), "articles folder not found"),))
    warnings: list[Problem] = []
    articles = tuple(iter_articles(folder, warnings))
    return Corpus(articles, tuple(warnings))
