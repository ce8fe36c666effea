"""Download web pages, or a feed's items, into an articles folder as Markdown with front matter.

Polite by construction: http/https only, one request at a time (sequential) with a pause between
two requests to the same host, a timeout per request, a size cap (reading stops beyond it) and a
User-Agent that names the program. The main text and metadata come from routes.htmlpage, as for a
saved page; a page already in the corpus (same URL in its metadata, or the same text) is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import yaml

from routes.articles import Article, iter_articles, parse_article
from routes.errors import DataError, Problem, RoutesError
from routes.extracted import Extracted
from routes.files import write_text_atomic
from routes.uploads import safe_name

USER_AGENT = "transcaspian-routes/0.1 (article fetcher: python -m routes fetch; one request at a time)"
TIMEOUT_SECONDS = 20.0
HOST_DELAY_SECONDS = 1.0
MAX_BYTES = 5 * 1024 * 1024  # the article loader's own limit
SCHEMES = ("http", "https")
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024
_SLUG_CHARS = 80


class FetchError(RoutesError):
    """One URL could not be fetched or used; the message names it and says why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url, self.reason = url, reason
        super().__init__(f"{url}: {reason}")


def check_url(url: str) -> str:
    """The URL if it is http(s) with a host; FetchError otherwise (file://, ftp://, no host)."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in SCHEMES:
        shown = f"{parts.scheme}://" if parts.scheme else "a URL without http:// or https://"
        raise FetchError(url, f"refused: only http and https URLs are fetched, not {shown}")
    if not parts.hostname:
        raise FetchError(url, "refused: no host in the URL")
    return url.strip()


@dataclass(frozen=True)
class Response:
    """What a server sent: the URL after redirects, its content type and charset, the body."""

    url: str
    content_type: str
    charset: str | None
    data: bytes


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: a server cannot send the fetcher to ftp:// or file://."""

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[override]
        target = urllib.parse.urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        try:
            check_url(target)
        except FetchError:
            raise FetchError(req.full_url, f"refused: redirected to {target}, not http or https") from None
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302  # type: ignore[assignment]


@dataclass
class Fetcher:
    """Sequential HTTP GETs with a pause per host, a timeout and a size cap."""

    timeout: float = TIMEOUT_SECONDS
    delay: float = HOST_DELAY_SECONDS
    max_bytes: int = MAX_BYTES
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # No proxy handler: the environment's proxies are not consulted; no file:/ftp: handlers.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _HttpOnlyRedirects())

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            left = self.delay - (self.clock() - last)
            if left > 0:
                self.sleep(left)

    def get(self, url: str) -> Response:
        """The response to a GET of an http(s) URL; FetchError saying why it failed."""
        url = check_url(url)
        host = (urllib.parse.urlsplit(url).hostname or "").lower()
        self._wait_for(host)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        started = self.clock()
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                data = self._read(url, reply, started)
                headers: Message = reply.headers
                final = reply.geturl()
        except FetchError:
            raise
        except urllib.error.HTTPError as exc:
            raise FetchError(url, f"HTTP {exc.code} {exc.reason}".strip()) from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise FetchError(url, f"timeout after {self.timeout:g} s") from None
            raise FetchError(url, f"cannot connect: {exc.reason}") from None
        except TimeoutError:
            raise FetchError(url, f"timeout after {self.timeout:g} s") from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise FetchError(url, f"download failed: {exc or type(exc).__name__}") from None
        finally:
            self._last[host] = self.clock()
        return Response(final, headers.get_content_type(), headers.get_content_charset(), data)

    def _read(self, url: str, reply, started: float) -> bytes:
        """The body, chunk by chunk: stops past the size cap, or when the whole request has taken
        longer than the timeout (a server sending a byte at a time never times out a read)."""
        limit = self.max_bytes
        too_large = f"too large: over the {limit / 1_048_576:g} MB limit"
        length = reply.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > limit:
            raise FetchError(url, f"{too_large} (Content-Length {int(length):,} bytes)")
        chunks, size = [], 0
        while True:
            chunk = reply.read1(_CHUNK)  # what has come, not a wait for a full chunk
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if self.clock() - started > self.timeout:
                raise FetchError(url, f"timeout after {self.timeout:g} s")
            if size > limit:
                raise FetchError(url, too_large)  # stop reading: the rest is never downloaded
            chunks.append(chunk)


# --- feeds ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """An item of a feed: its link and what the feed says about it (used when the page is silent)."""

    url: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    outlet: str | None = None


def feed_items(response: Response) -> list[FeedItem]:
    """The items of an RSS or Atom feed that have a link; FetchError if it is not a feed."""
    import feedparser  # imported on use: only `fetch --feed` needs it

    parsed = feedparser.parse(response.data, response_headers={"content-location": response.url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise FetchError(response.url, "not an RSS or Atom feed")
    outlet = _clean(parsed.feed.get("title"))
    items = []
    for entry in parsed.entries:
        link = _clean(entry.get("link"))
        if link:
            items.append(
                FeedItem(
                    url=urllib.parse.urljoin(response.url, link),
                    title=_clean(entry.get("title")),
                    date=_feed_date(entry),
                    author=_clean(entry.get("author")),
                    outlet=outlet,
                )
            )
    return items


def _feed_date(entry: dict) -> str | None:
    """The item's date as ISO (feedparser reads RFC 822 and Atom dates), else as written."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return _clean(entry.get("published") or entry.get("updated"))


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


# --- pages into Markdown -------------------------------------------------------------------------


def page_text(response: Response) -> Extracted:
    """The main text and metadata of an HTML response; FetchError if not HTML or nothing extracted."""
    from routes.htmlpage import is_html, read_html

    known = response.content_type not in ("", "application/octet-stream", "text/plain")
    if (known and response.content_type not in HTML_TYPES) or (not known and not is_html(response.data)):
        raise FetchError(response.url, f"not HTML ({response.content_type or 'no content type'})")
    data = response.data
    if response.charset and response.charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        # The server's charset, which a page often does not repeat in its markup; when it is
        # wrong or unknown, trafilatura guesses from the bytes.
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            data = data.decode(response.charset).encode("utf-8")
    try:
        return read_html(response.url, data)
    except DataError as exc:
        raise FetchError(response.url, f"nothing extracted: {exc.problems[0].message}") from None


def to_markdown(url: str, page: Extracted, item: FeedItem | None = None) -> str:
    """Front matter (url, title, date, outlet, author; the page's own, else the feed's) and text."""
    meta = {
        "url": url,
        "title": page.title or (item and item.title),
        "date": page.date or (item and item.date),
        "outlet": page.outlet or (item and item.outlet),
        "author": page.author or (item and item.author),
    }
    front = yaml.safe_dump(
        {k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False, width=10_000
    )
    return f"---\n{front}---\n\n{page.text.strip()}\n"


def text_hash(text: str) -> str:
    """A digest of the text, blind to spacing and case, to find the same article under another URL."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def slug_name(title: str | None, url: str) -> str:
    """A safe `.md` name from the title, else from the URL's host and path."""
    stem = ""
    if title:
        stem = safe_name(title.replace(".", " ").replace("/", " "))
    if not stem:
        parts = urllib.parse.urlsplit(url)
        stem = safe_name(f"{parts.hostname or ''} {parts.path}".replace("/", " ").replace(".", "-"))
    stem = re.sub(r"-{2,}", "-", stem.replace("_", "-")).lower()[:_SLUG_CHARS].strip("-.") or "article"
    return f"{stem}.md"


def free_name(folder: Path, name: str) -> Path:
    """`name` in the folder, or name-2, name-3 … whichever is not taken (case-blind)."""
    taken = {p.name.casefold() for p in folder.iterdir()} if folder.is_dir() else set()
    stem = name.removesuffix(".md")
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}.md"
    return folder / candidate


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Known:
    """The corpus's URLs and text digests, and the file that holds each."""

    urls: dict[str, str] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    def add(self, article: Article, name: str) -> None:
        if article.url:
            self.urls.setdefault(_url_key(article.url), name)
        self.hashes.setdefault(text_hash(article.text), name)

    @classmethod
    def of(cls, folders: Iterable[Path]) -> Known:
        known = cls()
        for folder in folders:
            if folder.is_dir():
                warnings: list[Problem] = []
                for article in iter_articles(folder, warnings):
                    known.add(article, article.location)
        return known


def _url_key(url: str) -> str:
    """URLs that name the same page: scheme and host in any case, no fragment, no trailing slash."""
    parts = urllib.parse.urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urllib.parse.urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


@dataclass(frozen=True)
class Outcome:
    """What happened to one URL: saved (path), skipped (why) or failed (why)."""

    url: str
    status: str  # "saved", "skipped", "failed"
    detail: str


def fetch_page(
    fetcher: Fetcher, url: str, folder: Path, known: Known, item: FeedItem | None = None
) -> Outcome:
    """Download one page into `folder` unless the corpus has it; FetchError if it cannot be used."""
    if _url_key(url) in known.urls:
        return Outcome(url, "skipped", f"already in the corpus ({known.urls[_url_key(url)]})")
    response = fetcher.get(url)
    if _url_key(response.url) in known.urls:  # redirected to a page the corpus has
        return Outcome(url, "skipped", f"already in the corpus ({known.urls[_url_key(response.url)]})")
    page = page_text(response)
    if page.url and _url_key(page.url) in known.urls:  # the page's canonical URL
        return Outcome(url, "skipped", f"already in the corpus ({known.urls[_url_key(page.url)]})")
    text = to_markdown(response.url, page, item)
    target = free_name(folder, slug_name(page.title or (item and item.title), response.url))
    try:
        article = parse_article(target.name, text.encode("utf-8"), target)
    except DataError as exc:
        raise FetchError(url, f"nothing extracted: {exc.problems[0].message}") from None
    digest = text_hash(article.text)
    if digest in known.hashes:
        return Outcome(url, "skipped", f"same text as {known.hashes[digest]}")
    write_text_atomic(target, text)
    known.add(article, str(target))
    for other in (url, page.url):
        if other:
            known.urls.setdefault(_url_key(other), str(target))
    return Outcome(url, "saved", str(target))
