"""Reading articles: the two real files, the .md shape, and every way a file can be unusable."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from conftest import ARTICLE_000, ARTICLE_001, BUNDLED_ARTICLES
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.articles import (
    MAX_FILE_BYTES,
    Article,
    decode_text,
    load_article,
    load_corpus,
    parse_article,
)
from routes.errors import DataError

SHARED = Path("/work/shared/articles")
DATA = Path(__file__).resolve().parent / "data"
REPORT_PDF = (DATA / "report.pdf").read_bytes()


@pytest.mark.parametrize("name", [ARTICLE_000, ARTICLE_001])
def test_bundled_articles_are_byte_identical_to_the_originals(name: str) -> None:
    if not (SHARED / name).exists():
        pytest.skip("original sample folder not available")
    bundled = hashlib.sha256((BUNDLED_ARTICLES / name).read_bytes()).hexdigest()
    assert bundled == hashlib.sha256((SHARED / name).read_bytes()).hexdigest()


def test_sources_md_names_both_articles_and_is_not_loaded_as_one() -> None:
    sources = (BUNDLED_ARTICLES / "SOURCES.md").read_text(encoding="utf-8")
    assert ARTICLE_000 in sources and ARTICLE_001 in sources and "AzerNews" in sources
    names = [a.file_name for a in load_corpus(BUNDLED_ARTICLES).articles]
    assert names == [ARTICLE_000, ARTICLE_001]


def test_article_001_metadata_comes_from_its_date_line_byline_and_footer(articles_dir) -> None:
    art = load_article(articles_dir / ARTICLE_001)
    assert art.date == datetime.date(2019, 7, 3)
    assert art.author == "Leman Mammadova"
    assert art.outlet == "AzerNews"
    assert art.title is None  # the raw text has no headline; none is invented
    assert art.paragraphs[0].startswith("Kazakhstan and Azerbaijan are reliable partners")
    assert art.paragraphs[-1].endswith("Turkic Council, CIS, etc.")
    assert not any("Twitter" in p or p == "---" for p in art.paragraphs)


def test_a_loaded_article_is_the_record_the_dataclass_builds(write_file) -> None:
    """The loader builds articles without the dataclass's __init__ (for speed): same record,
    equal, hashable, its language still worked out on demand."""
    path = write_file("a.md", "---\ntitle: T\ndate: 2024-05-14\n---\nBaku port grew. It did.\n")
    art = load_article(path)
    fields = {f: getattr(art, f) for f in Article.__dataclass_fields__}
    built = Article(**fields)
    assert vars(art) == vars(built) and art == built and hash(art) == hash(built)
    assert art.language == built.language
    assert art.path == path and art.location == str(path)  # the file it came from, to cite or open


def test_a_corpus_knows_where_each_article_came_from(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.md"):
        (tmp_path / name).write_text("Baku port grew.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [(a.file_name, a.path) for a in corpus.articles] == [
        ("a.txt", tmp_path / "a.txt"),
        ("sub/b.md", tmp_path / "sub" / "b.md"),
    ]


def test_article_000_credits_trend_but_has_no_outlet_and_no_date(articles_dir) -> None:
    art = load_article(articles_dir / ARTICLE_000)
    assert art.author == "Rasana Gasimova"
    assert art.credited == "Trend"
    assert art.outlet is None
    assert art.date is None
    assert art.date_text == "October 7"
    assert len(art.paragraphs) == 11  # the run of blank lines is one paragraph break


def test_paragraphs_are_verbatim(articles_dir) -> None:
    raw = (articles_dir / ARTICLE_001).read_text(encoding="utf-8")
    for paragraph in load_article(articles_dir / ARTICLE_001).paragraphs:
        assert paragraph in raw


MD_ARTICLE = """---
title: Ferry link across the Caspian grows
outlet: Example News
author: Jane Roe
date: 2023-05-17
url: https://example.org/ferry
---
# A heading in the body stays out of the title when front matter has one

The Aktau\u2013Alat ferry carried more containers.

Second paragraph.
"""


def test_markdown_front_matter_gives_all_fields(write_file) -> None:
    art = load_article(write_file("ferry.md", MD_ARTICLE))
    assert (art.title, art.outlet, art.author, art.url) == (
        "Ferry link across the Caspian grows",
        "Example News",
        "Jane Roe",
        "https://example.org/ferry",
    )
    assert art.date == datetime.date(2023, 5, 17)
    assert art.paragraphs[-2:] == (
        "The Aktau\u2013Alat ferry carried more containers.",
        "Second paragraph.",
    )


def test_markdown_headline_is_the_title_when_front_matter_has_none(write_file) -> None:
    art = load_article(write_file("h.md", "---\nauthor: A B\n---\n# Rail news\n\nBody text.\n"))
    assert art.title == "Rail news"
    assert art.paragraphs == ("Body text.",)


def test_raw_text_headline_over_a_byline_is_the_title(write_file) -> None:
    art = load_article(write_file("t.txt", "Kazakhstan opens a new line\nBy John Doe\n\nText.\n"))
    assert (art.title, art.author, art.paragraphs) == (
        "Kazakhstan opens a new line",
        "John Doe",
        ("Text.",),
    )


def test_a_body_sentence_starting_with_by_is_not_a_byline(write_file) -> None:
    art = load_article(write_file("b.txt", "By 2025, the corridor will carry 10 Mt.\n\nMore.\n"))
    assert art.author is None
    assert art.paragraphs[0] == "By 2025, the corridor will carry 10 Mt."


def test_invalid_front_matter_date_keeps_the_article_and_warns(tmp_path, write_file) -> None:
    write_file("d.md", "---\ndate: 2019-13-45\n---\nText.\n")
    corpus = load_corpus(tmp_path / "corpus")
    assert corpus.articles[0].date is None
    assert corpus.articles[0].date_text == "2019-13-45"
    assert any("not a valid" in w.message for w in corpus.warnings)


BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \n", "empty"),
    ("nul.txt", b"Some text\x00\x01\x02 more", "binary"),
    ("junk.txt", bytes(range(256)) * 4, "binary"),
    ("broken.md", b"---\ntitle: [unclosed\n---\nText\n", "broken front matter"),
    ("open.md", b"---\ntitle: x\nText without a closing line\n", "broken front matter"),
    ("list.md", b"---\n- a\n- b\n---\nText\n", "broken front matter"),
    ("footer-only.txt", b"By A B\n\nFollow us on Twitter @AzerNewsAz\n", "no article text"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES)
def test_unusable_file_is_skipped_with_one_warning_and_others_still_load(
    tmp_path, write_file, name: str, data: bytes, reason: str
) -> None:
    write_file("good.txt", "By A B\n\nThe Middle Corridor grows.\n")
    write_file(name, data)
    corpus = load_corpus(tmp_path / "corpus")
    assert [a.file_name for a in corpus.articles] == ["good.txt"]
    assert len(corpus.warnings) == 1
    assert corpus.warnings[0].source == name
    assert reason in corpus.warnings[0].message


def test_file_over_5_mb_is_skipped_without_reading(tmp_path, write_file) -> None:
    write_file("big.txt", b"a" * (MAX_FILE_BYTES + 1))
    corpus = load_corpus(tmp_path / "corpus")
    assert corpus.articles == ()
    assert "larger than 5 MB" in corpus.warnings[0].message


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        ("Ferry from Aktau — “fast”".encode(), "utf-8", "Ferry from Aktau — “fast”"),
        ("\ufeffBOM text".encode(), "utf-8", "BOM text"),
        ("Порт Актау принял паром".encode("cp1251"), "cp1251", "Порт Актау принял паром"),
        ("Café in Türkiye".encode("latin-1"), "latin-1", "Café in Türkiye"),
        ("Größe des Hafens".encode("latin-1"), "latin-1", "Größe des Hafens"),
        ("“Quoted” café".encode("cp1252"), "cp1252", "“Quoted” café"),
    ],
)
def test_decoding_picks_the_encoding_that_reads_as_text(data: bytes, encoding: str, expected: str) -> None:
    assert decode_text(data) == (expected, encoding)


def test_legacy_encoded_file_loads_with_its_text(write_file) -> None:
    text = "Паром Актау — Баку.\n\nВторой."
    art = load_article(write_file("ru.txt", text.encode("cp1251")))
    assert art.paragraphs == tuple(text.split("\n\n"))
    assert art.encoding == "cp1251"


def test_only_article_types_are_read_and_hidden_and_doc_files_are_skipped(tmp_path, write_file) -> None:
    for name in ("a.txt", "b.MD", "sub/c.txt", "y.docx", "z.odt", ".hidden.txt", "README.md", "x.pdf"):
        write_file(name, "Body of the article.\n")
    corpus = load_corpus(tmp_path / "corpus")
    assert [a.file_name for a in corpus.articles] == ["a.txt", "b.MD", "sub/c.txt"]
    # A .pdf is read as one: text in a file named .pdf is a problem to report, not a silent skip.
    assert [(w.source, w.message) for w in corpus.warnings] == [("x.pdf", "not a PDF file (no %PDF- header)")]


def test_missing_folder_gives_empty_corpus_and_a_warning(tmp_path) -> None:
    corpus = load_corpus(tmp_path / "nope")
    assert corpus.articles == ()
    assert "not found" in corpus.warnings[0].message


def test_loading_never_changes_the_folder(articles_dir) -> None:
    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in articles_dir.iterdir()}

    before = snapshot()
    load_corpus(articles_dir)
    assert snapshot() == before


def test_parse_article_raises_data_error_naming_the_file() -> None:
    with pytest.raises(DataError) as info:
        parse_article("x.txt", b"")
    assert info.value.problems[0].source == "x.txt"


@pytest.mark.parametrize(
    "block",
    [
        "title: Ferry link\noutlet: Example News\ndate: 2023-05-17",
        "title: 1984\nauthor: Jane Roe",
        "url: https://example.org/a?b=c",
        "title: Ferry: a story",
        'title: "Quoted"',
        "title: null",
    ],
)
def test_front_matter_fast_path_reads_what_yaml_reads(block: str) -> None:
    import yaml

    from routes.articles import _FrontMatterLoader, _simple_front_matter

    fast = _simple_front_matter(block)
    if fast is not None:  # None means "let YAML read it"
        slow = yaml.load(block, Loader=_FrontMatterLoader)
        assert {k: str(v) for k, v in slow.items()} == fast


_FRONT = st.sampled_from(
    [b"", b"---\n", b"---\ntitle: [\n---\n", b"---\ndate: 2019-13-45\n---\n", b" date 2019-07-03 ",
     b"Date: 2024-05-14\nBy A B\n", b"\xff\xfe", b"%PDF-1.7\n", b"<html><body><p>", REPORT_PDF[:2000]]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.tuples(_FRONT, st.binary(max_size=400), st.sampled_from(["a.txt", "b.md", "c.html", "d.pdf"])))
def test_parser_on_arbitrary_bytes_returns_an_article_or_its_own_error(case) -> None:
    front, body, name = case
    try:
        article = parse_article(name, front + body)
    except DataError as exc:
        assert exc.problems[0].source == name
    else:
        assert all(isinstance(p, str) for p in article.paragraphs)


@pytest.mark.parametrize("name_length", [1, 79, 80, 81])
def test_author_note_shortcut_agrees_with_the_pattern(name_length: int) -> None:
    from routes.articles import _AUTHOR_NOTE, _author_note

    for tail in ("is AzerNews\u2019 staff journalist", "is a writer", "said it is AzerNews\u2019 writer"):
        text = f"{'N' * name_length} {tail}"
        expected = _AUTHOR_NOTE.match(text)
        found = _author_note(text)
        assert (found and found.group(0)) == (expected and expected.group(0))


def test_footer_rule_found_after_dashes_inside_a_line(write_file) -> None:
    art = load_article(
        write_file(
            "f.txt",
            "Rail --- and sea transit grew.\n\nFerries doubled.\n\n---\n\n"
            "Jane Roe is AzerNews\u2019 staff journalist\n",
        )
    )
    assert art.paragraphs == ("Rail --- and sea transit grew.", "Ferries doubled.")
    assert art.outlet == "AzerNews" and art.author == "Jane Roe"


def test_utf8_bom_and_crlf_are_read_as_before() -> None:
    art = parse_article("b.txt", "\ufeffFirst line.\r\n\r\nSecond,\rthird.".encode())
    assert art.paragraphs == ("First line.", "Second,\nthird.")
    assert art.encoding == "utf-8"


def test_file_that_grew_after_stat_is_read_to_the_limit(tmp_path) -> None:
    import os

    from routes.articles import _read_at_most

    path = tmp_path / "g.txt"
    path.write_bytes(b"0123456789")
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_at_most(fd, 4, 100) == b"0123456789"  # stat said 4 bytes: read on
    finally:
        os.close(fd)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_at_most(fd, 4, 7) == b"0123456"  # but never past the limit
    finally:
        os.close(fd)


def test_directory_and_missing_file_are_reported_by_name(tmp_path) -> None:
    for target in (tmp_path, tmp_path / "missing.txt"):
        with pytest.raises(DataError) as info:
            load_article(target, "x.txt")
        assert info.value.problems[0].source == "x.txt"
        assert info.value.problems[0].message.startswith("cannot read")


def test_thousands_of_files_load(tmp_path, write_file) -> None:
    for i in range(2000):
        write_file(f"a{i:05d}.txt", f"By A B\n\nThe Middle Corridor, item {i}.\n")
    corpus = load_corpus(tmp_path / "corpus")
    assert len(corpus.articles) == 2000
    assert corpus.articles[0].file_name == "a00000.txt"


# --- the corpus people really have: saved pages, PDFs, UTF-16, cp1251, header lines ------------


@pytest.mark.parametrize(
    ("fixture", "title", "author", "date", "outlet", "url", "first"),
    [
        (
            "saved-page.html",
            "Middle Corridor ferries carry record cargo",
            "Aida Karimova",
            datetime.date(2024, 5, 14),
            "Caspian Wire",
            "https://caspianwire.example/news/2024/05/14/ferries-record-cargo",
            "The Aktau–Alat ferry line carried more containers in April",
        ),
        (
            "report.pdf",
            "Middle Corridor capacity report",
            "Corridor Research Desk",
            datetime.date(2024, 3, 2),
            None,
            None,
            "The single-track Beineu–Aktau railway limits the number of trains per day that can reach",
        ),
        (
            "headers.txt",
            "Kazakhstan and Azerbaijan agree on ferry tariffs",
            "Jane Roe",
            datetime.date(2024, 5, 14),
            "Caspian Wire",
            "https://caspianwire.example/news/ferry-tariffs",
            "The Aktau–Alat ferry will charge one tariff",
        ),
        ("headers-published.txt", None, "John Smith", datetime.date(2024, 6, 3), None, None, "Kuryk port"),
        (
            "ru-utf16.txt",
            "Паром Актау — Баку снова ходит по расписанию",
            None,
            datetime.date(2024, 5, 14),
            None,
            None,
            "Паромная линия Актау — Алат перевезла",
        ),
        (
            "ru-cp1251.txt",
            "Транскаспийский маршрут растёт",
            "Айгуль Серикова",
            None,
            None,
            None,
            "Порт Курык принял новый паром",
        ),
    ],
)
def test_each_format_gives_its_metadata_and_starts_with_the_article_text(
    fixture: str, title, author, date, outlet, url, first: str
) -> None:
    art = load_article(DATA / fixture)
    assert (art.title, art.author, art.date, art.outlet, art.url) == (title, author, date, outlet, url)
    assert art.paragraphs[0].startswith(first)
    assert art.warnings == ()
    # No header line, headline or byline is left in the text to be quoted as an excerpt.
    for leftover in ("Date:", "Published:", "By ", "Source:", "Дата:", title or "\x00"):
        assert not any(p.startswith(leftover) for p in art.paragraphs), leftover


@pytest.mark.parametrize(
    ("fixture", "encoding"),
    [("ru-utf16.txt", "utf-16"), ("ru-cp1251.txt", "cp1251"), ("headers.txt", "utf-8")],
)
def test_text_in_utf16_cp1251_and_utf8_decodes_cleanly(fixture: str, encoding: str) -> None:
    art = load_article(DATA / fixture)
    assert art.encoding == encoding
    assert "\ufffd" not in art.text and "\r" not in art.text and "\x00" not in art.text


def test_saved_page_keeps_the_article_and_drops_navigation_sidebar_and_footer() -> None:
    art = load_article(DATA / "saved-page.html")
    assert len(art.paragraphs) == 3
    assert art.paragraphs[-1].endswith("runs through the same valleys.")
    for junk in ("Subscribe to the newsletter", "Sidebar story", "Related news", "All rights reserved",
                 "Privacy policy", "By Aida Karimova, 14 May 2024"):  # fmt: skip
        assert junk not in art.text


def test_pdf_paragraphs_know_their_page_and_have_no_hard_line_breaks() -> None:
    art = load_article(DATA / "report.pdf")
    assert art.paragraph_pages == (1, 1, 2, 2)
    assert art.paragraphs[2].startswith("The Aktau–Alat ferry remains the bottleneck")
    assert "\n" not in art.text.replace("\n\n", "")
    assert "number of trains per day that can reach the Caspian ports" in art.paragraphs[0]
    assert art.page_of(2) == 2 and load_article(DATA / "headers.txt").page_of(0) is None


@pytest.mark.parametrize(
    ("header", "field", "value"),
    [
        ("Date: 2024-05-14", "date", datetime.date(2024, 5, 14)),
        ("Published: 14 May 2024", "date", datetime.date(2024, 5, 14)),
        ("Published: May 14, 2024, 10:30", "date", datetime.date(2024, 5, 14)),
        ("Published: Tuesday, 14th May 2024", "date", datetime.date(2024, 5, 14)),
        ("Updated: 2024-05-14T09:30:00+04:00", "date", datetime.date(2024, 5, 14)),
        ("By Jane Roe", "author", "Jane Roe"),
        ("Author: Jane Roe", "author", "Jane Roe"),
        ("Source: Trend", "outlet", "Trend"),
        ("Source: https://example.org/a", "url", "https://example.org/a"),
        ("URL: https://example.org/b", "url", "https://example.org/b"),
        ("Title: Ferries across the Caspian", "title", "Ferries across the Caspian"),
        ("Источник: Trend", "outlet", "Trend"),
    ],
)
def test_header_lines_at_the_top_are_metadata_not_text(header: str, field: str, value) -> None:
    art = parse_article("h.txt", f"{header}\n\nThe Aktau ferry is busy.\n".encode())
    assert getattr(art, field) == value
    assert art.paragraphs == ("The Aktau ferry is busy.",)


def test_an_unreadable_header_date_keeps_the_article_and_warns() -> None:
    art = parse_article("d.txt", b"Date: sometime in spring\n\nThe Aktau ferry is busy.\n")
    assert art.date is None and art.date_text == "sometime in spring"
    assert art.paragraphs == ("The Aktau ferry is busy.",)
    assert "not a valid date" in art.warnings[0].message


def test_header_words_inside_the_body_stay_text() -> None:
    text = "By Jane Roe\n\nThe ferry is busy.\n\nSource: the ministry said more ferries will come.\n"
    art = parse_article("b.txt", text.encode())
    assert art.paragraphs[-1] == "Source: the ministry said more ferries will come."
    assert art.outlet is None


def _pdf_without_text() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(DATA / "report.pdf"))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


UNTRUSTED = [
    ("cut.pdf", REPORT_PDF[: len(REPORT_PDF) // 2], "broken PDF"),
    ("header-only.pdf", b"%PDF-1.7\n%%EOF\n", "broken PDF"),
    ("renamed.pdf", b"By A B\n\nThis is text, not a PDF.\n", "not a PDF file"),
    ("scan.pdf", _pdf_without_text(), "no text in the PDF"),
    ("locked.pdf", _encrypted_pdf(), "encrypted"),
    ("notes.html", b"Just a note about the Aktau ferry, no markup at all.\n", "not an HTML page"),
    ("data.htm", b'{"ferry": "Aktau", "containers": [1, 2, 3]}', "not an HTML page"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR<html>", "not an HTML page"),
    ("empty-page.html", b"<html><head><title>Ferry</title></head><body> </body></html>", "no article text"),
    ("odd.txt", b"\xff\xfeA\x00B", "not valid UTF-16"),
    ("nobom.txt", "The Aktau ferry is busy today.".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
]


@pytest.mark.parametrize(("name", "data", "reason"), UNTRUSTED, ids=[u[0] for u in UNTRUSTED])
def test_untrusted_file_is_one_warning_naming_it_and_the_rest_still_loads(
    tmp_path, write_file, name: str, data: bytes, reason: str
) -> None:
    for fixture in ("saved-page.html", "report.pdf", "ru-utf16.txt"):
        write_file(fixture, (DATA / fixture).read_bytes())
    write_file(name, data)
    corpus = load_corpus(tmp_path / "corpus")
    assert [a.file_name for a in corpus.articles] == ["report.pdf", "ru-utf16.txt", "saved-page.html"]
    assert [w.source for w in corpus.warnings] == [name]
    assert reason in corpus.warnings[0].message


@pytest.mark.parametrize("cut", range(0, len(REPORT_PDF), len(REPORT_PDF) // 40))
def test_a_pdf_cut_anywhere_is_an_article_or_its_own_error(cut: int) -> None:
    try:
        article = parse_article("cut.pdf", REPORT_PDF[:cut] or b" ")
    except DataError as exc:
        assert exc.problems[0].source == "cut.pdf"
    else:
        assert article.paragraphs


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\t\u3000\xa0\x0c")), max_size=80))
def test_paragraphs_are_the_runs_of_non_blank_lines(body: str) -> None:
    """The quick split (at empty lines first) gives what splitting at any blank-line run gives."""
    from routes.articles import _BLOCK_SPLIT, _blocks

    assert _blocks(body) == [b for b in map(str.strip, _BLOCK_SPLIT.split(body)) if b]
