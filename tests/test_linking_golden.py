"""Linking's exact output, per language, against committed golden files.

Speed work on the linker (issue 12) must not change a single link: the same segments, sentences,
specificities, highlighted spans and ranking. Each language's labelled sentences are linked one by
one (as `evaluate` does), then as one article of several paragraphs (sentences found around the
names, several per paragraph), then again with doubled spaces and dashes between words (offsets
mapped back through collapsed space runs). The bundled articles are a case of their own.

After a deliberate change to the names or the rules: `UPDATE_GOLDEN=1 pytest tests/test_linking_golden.py`
and review the diff of tests/golden/linking_*.jsonl.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from routes.articles import Article, load_corpus
from routes.evaluate import LANGUAGES, load_labelled
from routes.linking import Link, Linker, rank_links
from routes.model import Network

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
LABELLED = Path(__file__).resolve().parent / "data" / "labelled"
GOLDEN = Path(__file__).resolve().parent / "golden"
PER_PARAGRAPH = 3  # sentences per paragraph when a language's sentences are linked as one article


@pytest.fixture(scope="module")
def linker(real_network: Network) -> Linker:
    return Linker.from_geodata(real_network, GEODATA)


def _rows(links: list[Link]) -> list[str]:
    """One line per link, in rank order, with everything a reader sees of it."""
    return [
        json.dumps(
            [
                link.article.file_name,
                link.paragraph_index,
                link.sentence_start,
                link.sentence_end,
                link.segment_id,
                link.specificity,
                [[m.start, m.end, m.text, m.kind] for m in link.matches],
            ],
            ensure_ascii=False,
        )
        for link in rank_links(links)
    ]


def _widened(text: str) -> str:
    """The same text with space runs and spaced dashes, which the linker folds away."""
    return text.replace(" ", "  ", 2).replace(", ", " \u2014  ", 1)


def _language_rows(linker: Linker, language: str) -> list[str]:
    items = [i for i in load_labelled(LABELLED, linker.network, linker.countries) if i.language == language]
    rows: list[str] = []
    for item in items:
        rows.extend(_rows(linker.link_article(Article(item.where, item.where, (item.text,)))))
    texts = [item.text for item in items]
    for name, shape in (("together", lambda t: t), ("widened", _widened)):
        starts = range(0, len(texts), PER_PARAGRAPH)
        paragraphs = tuple(" ".join(shape(t) for t in texts[i : i + PER_PARAGRAPH]) for i in starts)
        rows.extend(_rows(linker.link_article(Article(f"{language}-{name}", name, paragraphs))))
    return rows


def _check(rows: list[str], golden: Path) -> None:
    text = "\n".join(rows) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8").splitlines()
    assert rows == expected, f"links differ from {golden.name} (UPDATE_GOLDEN=1 after a deliberate change)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_links_exactly_as_recorded(linker: Linker, language: str) -> None:
    rows = _language_rows(linker, language)
    assert rows, f"no links for {language}: the golden file would prove nothing"
    _check(rows, GOLDEN / f"linking_{language}.jsonl")


def test_the_bundled_articles_link_exactly_as_recorded(linker: Linker) -> None:
    corpus = load_corpus(GEODATA / "articles")
    links = linker.link_corpus(corpus.articles)
    assert links
    _check(_rows(links), GOLDEN / "linking_bundled.jsonl")
