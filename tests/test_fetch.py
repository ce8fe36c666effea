"""`python -m routes fetch`: pages and feed items saved as Markdown, against a local server only."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from routes.articles import load_article
from routes.cli import main
from routes.fetch import USER_AGENT, Fetcher, FetchError, check_url, slug_name
from routes.paths import bundled_geodata, user_articles

FIXTURES = Path(__file__).parent / "data" / "fetch"
BIG = 6 * 1024 * 1024
SLOW_SECONDS = 3.0
TIMEOUT = "0.5"
FERRIES = "middle-corridor-ferries-carry-record-cargo.md"
PIPELINE = "btc-pipeline-pumps-kazakh-oil-through-georgia.md"
RAILWAY = "baku-tbilisi-kars-line-reopens-after-repairs.md"


class _Handler(BaseHTTPRequestHandler):
    """Fixture files, feeds with their links pointed here, and misbehaving URLs."""

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("User-Agent")))  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self._send(200, "text/html", (FIXTURES / "railway.html").read_bytes())
        if path == "/huge.html":
            return self._send(200, "text/html", b"<html><p>" + b"x" * BIG)
        if path == "/huge-stream.html":  # no Content-Length: the cap must stop the reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(BIG // 65536 + 2):
                try:
                    self.wfile.write(b"<p>" + b"y" * 65533)
                except OSError:
                    return
            return None
        if path == "/drip.html":  # every read is quick, the whole body is not
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(int(SLOW_SECONDS / 0.1)):
                try:
                    self.wfile.write(b"<p>drip</p>")
                except OSError:
                    return None
                time.sleep(0.1)
            return None
        if path == "/moved":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return None
        file = FIXTURES / path.lstrip("/")
        if not path.strip("/") or not file.is_file():
            return self._send(404, "text/html", b"<html><p>not found</p></html>")
        data = file.read_bytes().replace(b"http://BASE", self.server.base.encode())  # type: ignore[attr-defined]
        kind = {".html": "text/html; charset=utf-8", ".json": "application/json",
                ".rss": "application/rss+xml", ".atom": "application/atom+xml"}[file.suffix]  # fmt: skip
        return self._send(200, kind, data)

    def _send(self, code: int, kind: str, data: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client stopped reading (size cap, timeout)
            self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    httpd.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: ThreadingHTTPServer) -> str:
    return server.base  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No request may leave this machine: any other host fails the test."""
    import socket

    real = socket.create_connection

    def local_only(address, *args, **kwargs):
        assert address[0] in ("127.0.0.1", "localhost"), f"test tried to reach {address[0]}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)


def fetch(*argv: str) -> int:
    return main(["fetch", "--timeout", TIMEOUT, "--delay", "0", *argv])


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


def saved(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.md"))


def test_a_page_is_saved_with_its_metadata(base: str, tmp_path: Path, capsys) -> None:
    assert fetch(f"{base}/ferries.html", "--articles", str(tmp_path)) == 0
    assert saved(tmp_path) == ["middle-corridor-ferries-carry-record-cargo.md"]
    path = tmp_path / "middle-corridor-ferries-carry-record-cargo.md"
    meta = front_matter(path)
    assert meta["url"] == f"{base}/ferries.html"
    assert meta["title"] == "Middle Corridor ferries carry record cargo"
    assert meta["outlet"] == "Caspian Wire"
    assert meta["author"] == "Aida Karimova"
    assert str(meta["date"]) == "2024-05-14"
    article = load_article(path)
    assert article.paragraphs[0].startswith("The Aktau–Alat ferry line carried more containers")
    assert not any("Subscribe" in p or "Related news" in p for p in article.paragraphs)
    out = capsys.readouterr()
    assert "1 saved, 0 skipped, 0 failed" in out.out and out.err == ""


@pytest.mark.parametrize("feed", ["feed.rss", "feed.atom"])
def test_a_feeds_items_are_saved(base: str, tmp_path: Path, feed: str) -> None:
    assert fetch("--feed", f"{base}/{feed}", "--articles", str(tmp_path)) == 0
    expected = {"feed.rss": [RAILWAY, PIPELINE], "feed.atom": [RAILWAY, FERRIES]}[feed]
    assert saved(tmp_path) == expected
    urls = {front_matter(tmp_path / name)["url"] for name in expected}
    assert f"{base}/railway.html" in urls


def test_a_second_run_saves_nothing_new(base: str, tmp_path: Path, capsys) -> None:
    argv = ("--feed", f"{base}/feed.rss", f"{base}/ferries.html", "--articles", str(tmp_path))
    assert fetch(*argv) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    capsys.readouterr()
    assert fetch(*argv) == 0
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    out = capsys.readouterr().out
    assert "0 saved, 3 skipped, 0 failed" in out and "already in the corpus" in out


def test_the_same_text_under_another_url_is_skipped(base: str, tmp_path: Path, capsys) -> None:
    assert fetch(f"{base}/ferries.html", f"{base}/ferries-copy.html", "--articles", str(tmp_path)) == 0
    assert saved(tmp_path) == ["middle-corridor-ferries-carry-record-cargo.md"]
    out = capsys.readouterr().out
    assert f"skipped {base}/ferries-copy.html: same text as " in out


def test_a_url_with_another_query_is_fetched_but_a_fragment_is_the_same_page(base, tmp_path, capsys) -> None:
    assert fetch(f"{base}/pipeline.html", f"{base}/pipeline.html#top", "--articles", str(tmp_path)) == 0
    assert len(saved(tmp_path)) == 1
    assert "already in the corpus" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing.html", "HTTP 404"),
        ("/huge.html", "too large: over the 5 MB limit (Content-Length"),
        ("/huge-stream.html", "too large: over the 5 MB limit"),
        ("/data.json", "not HTML (application/json)"),
        ("/slow.html", "timeout after 0.5 s"),
        ("/drip.html", "timeout after 0.5 s"),
        ("/nothing.html", "nothing extracted"),
        ("/moved", "refused: redirected to file:///etc/passwd, not http or https"),
    ],
)
def test_a_failure_is_one_line_and_the_rest_is_saved(base, tmp_path, capsys, path, problem) -> None:
    code = fetch(
        f"{base}/ferries.html", f"{base}{path}", f"{base}/pipeline.html", "--articles", str(tmp_path)
    )
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {base}{path}: ") and problem in err[0], err
    assert "Traceback" not in err[0]
    assert len(saved(tmp_path)) == 2


def test_a_feed_that_is_not_a_feed_fails_and_the_pages_are_still_saved(base, tmp_path, capsys) -> None:
    assert fetch("--feed", f"{base}/data.json", f"{base}/railway.html", "--articles", str(tmp_path)) == 1
    assert capsys.readouterr().err.strip() == f"error: {base}/data.json: not an RSS or Atom feed"
    assert saved(tmp_path) == ["baku-tbilisi-kars-line-reopens-after-repairs.md"]


@pytest.mark.parametrize(
    "argv",
    [
        ["file:///etc/passwd"],
        ["ftp://example.org/article.html"],
        ["--feed", "file:///tmp/feed.rss"],
        ["example.org/news"],
        ["http:///no-host"],
        [],
    ],
)
def test_unusable_urls_are_usage_errors_before_any_request(server, tmp_path, capsys, argv) -> None:
    assert fetch(*argv, "--articles", str(tmp_path)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    assert server.requests == []  # type: ignore[attr-defined]
    assert not tmp_path.exists() or saved(tmp_path) == []


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("explicit", [False, True])
def test_by_default_pages_go_to_the_users_folder_never_the_bundled_geodata(
    base, monkeypatch, explicit, capsys
) -> None:
    monkeypatch.delenv("ROUTES_ARTICLES", raising=False)
    before = _tree_digest(bundled_geodata())
    argv = ["--articles", str(bundled_geodata() / "articles")] if explicit else []
    assert fetch(f"{base}/railway.html", *argv) == 0
    assert _tree_digest(bundled_geodata()) == before
    target = user_articles() / "baku-tbilisi-kars-line-reopens-after-repairs.md"
    assert target.is_file()
    target.unlink()
    capsys.readouterr()


def test_requests_name_the_program_and_are_spaced_per_host(server, base, tmp_path) -> None:
    slept: list[float] = []
    fetcher = Fetcher(timeout=2, delay=5, sleep=slept.append)
    fetcher.get(f"{base}/ferries.html")
    fetcher.get(f"{base}/pipeline.html")
    assert len(slept) == 1 and 4 < slept[0] <= 5
    agents = {agent for _, agent in server.requests}  # type: ignore[attr-defined]
    assert agents == {USER_AGENT} and "transcaspian-routes" in USER_AGENT


@pytest.mark.parametrize(
    ("title", "url", "name"),
    [
        ("Middle Corridor ferries carry record cargo", "http://a.example/x", FERRIES),
        ("../../etc/passwd", "http://a.example/x", "etc-passwd.md"),
        ("Паром Актау – Алят", "http://a.example/x", "паром-актау-алят.md"),
        (None, "https://News.example/2024/05/ferry.html", "news-example-2024-05-ferry-html.md"),
        ("...", "https://news.example/", "news-example.md"),
    ],
)  # fmt: skip
def test_file_names_are_safe_slugs(title, url, name) -> None:
    assert slug_name(title, url) == name


def test_names_are_unique_in_the_folder(base, tmp_path) -> None:
    (tmp_path / "middle-corridor-ferries-carry-record-cargo.md").write_text(
        "# Other\n\nSomething else entirely.\n"
    )
    assert fetch(f"{base}/ferries.html", "--articles", str(tmp_path)) == 0
    assert (tmp_path / "middle-corridor-ferries-carry-record-cargo-2.md").is_file()


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://x.example/a", "javascript:alert(1)", "//x.example/a"]
)
def test_only_http_and_https_are_accepted(url: str) -> None:
    with pytest.raises(FetchError, match="refused"):
        check_url(url)


def test_the_feed_fills_what_the_page_does_not_say() -> None:
    from routes.extracted import Extracted
    from routes.fetch import FeedItem, to_markdown

    page = Extracted(text="The ferry sailed.\n\nIt arrived.", encoding="utf-8", title="Page title")
    item = FeedItem(
        "http://x.example/a", title="Feed title", date="2024-06-02", author="A. B.", outlet="Wire"
    )
    text = to_markdown("http://x.example/a", page, item)
    assert yaml.safe_load(text.split("---\n")[1]) == {
        "url": "http://x.example/a",
        "title": "Page title",
        "date": "2024-06-02",
        "outlet": "Wire",
        "author": "A. B.",
    }
    assert text.endswith("---\n\nThe ferry sailed.\n\nIt arrived.\n")


def test_rss_dates_become_iso_dates(base: str) -> None:
    from routes.fetch import feed_items

    items = feed_items(Fetcher(timeout=2, delay=0).get(f"{base}/feed.rss"))
    assert [(i.url, i.date, i.outlet) for i in items] == [
        (f"{base}/pipeline.html", "2024-06-02", "Caspian Wire"),
        (f"{base}/railway.html", "2024-07-20", "Caspian Wire"),
    ]
