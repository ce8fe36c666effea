"""Each article's language: detected from its text (or as its front matter says), shown, filtered."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GEODATA

from routes.articles import Article, load_corpus, parse_article
from routes.catalog import build_catalog, filtered_catalog_excerpts
from routes.language import detect_language, language_name

LANGUAGES_DIR = Path(__file__).resolve().parent / "data" / "languages"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Cargo on the Middle Corridor grew last year.", "en"),
        ("The ferry from Aktau reached Alat on Monday.", "en"),
        ("Грузооборот по Среднему коридору вырос.", "ru"),
        ("Паром из Курыка прибыл в порт Алят.", "ru"),
        ("Орта дәліз арқылы жүк тасымалы артты.", "kk"),
        ("Құрық портынан Алятқа паром жөнелтілді.", "kk"),
        ("Orta Koridor üzerinden taşınan yük arttı.", "tr"),
        ("Bakü-Tiflis-Kars demiryolu hattında sefer başladı.", "tr"),
        ("Orta Dəhliz üzrə yükdaşıma artıb.", "az"),
        ("Ələt limanından bərə yola düşdü.", "az"),
        ("შუა დერეფანში ტვირთის მოცულობა გაიზარდა.", "ka"),
        ("ბაქო-თბილისი-ყარსის რკინიგზა ამოქმედდა.", "ka"),
        ("中间走廊货运量增长。", "zh"),
        ("跨里海国际运输路线的班列从霍尔果斯出发。", "zh"),
    ],
)
def test_short_texts_in_the_corridors_languages_are_recognised(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "2024", "— 12 —", "TITR"])
def test_too_little_text_is_not_guessed(text: str) -> None:
    assert detect_language(text) is None


def test_front_matter_states_the_language_and_the_text_does_otherwise() -> None:
    declared = parse_article("a.md", b"---\nlanguage: kk-KZ\n---\n\nThe ferry left Aktau.\n")
    assert declared.language == "kk"
    detected = parse_article("b.md", "---\ntitle: T\n---\n\nПаром вышел из Актау в Баку.\n".encode())
    assert detected.language == "ru"


def test_every_fixture_article_has_its_language() -> None:
    corpus = load_corpus(LANGUAGES_DIR)
    found = {a.file_name.split("-")[0]: a.language for a in corpus.articles}
    assert found == {"az": "az", "ka": "ka", "kk": "kk", "ru": "ru", "tr": "tr", "zh": "zh"}
    assert language_name("ka") == "Georgian" and language_name(None) == "not detected"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for path in LANGUAGES_DIR.iterdir():
        shutil.copy(path, folder)
    shutil.copytree(GEODATA / "articles", folder / "english")
    return build_catalog(GEODATA, folder)


def test_the_catalog_knows_its_languages_and_filters_excerpts_by_them(catalog) -> None:
    assert catalog.languages == ("az", "en", "ka", "kk", "ru", "tr", "zh")
    only = filtered_catalog_excerpts(catalog, None, None, frozenset({"ka", "tr"}))
    kept = {e.language for excerpts in only.values() for e in excerpts}
    assert kept == {"ka", "tr"}
    btk = only["btk-akhalkalaki-kars"]
    assert {e.article for e in btk} == {"ka-btk.txt", "tr-btk.txt"}
    every = filtered_catalog_excerpts(catalog, None, None, frozenset(catalog.languages))
    assert every == dict(catalog.excerpts)
    found = catalog.search_index.search("Kars", languages=frozenset({"tr"}))
    assert found.hits and all(hit.excerpt.language == "tr" for hit in found.hits)
    assert catalog.search_index.search("Kars", languages=frozenset({"zh"})).total == 0


def test_a_quote_keeps_its_language_its_highlight_and_says_which_it_is(catalog) -> None:
    excerpt = next(e for e in catalog.excerpts["caspian-kuryk-alat"] if e.article == "ru-tmtm.txt")
    assert excerpt.sentence == "Паром из порта Курык прибыл в Алят с контейнерами из Китая."
    assert "<mark>порта Курык</mark>" in excerpt.highlighted_html()
    assert excerpt.citation == "outlet not stated · Тестовый автор · 2024-05-14 · in Russian · ru-tmtm.txt"
    english = next(e for e in catalog.excerpts["btc-georgia"] if e.article.startswith("english/"))
    assert english.language == "en" and "English" not in english.citation


def test_cli_excerpts_show_and_filter_the_language(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "routes", "excerpts", "--articles", str(LANGUAGES_DIR), *args],
            capture_output=True, text=True, cwd=PROJECT, check=True,
        )  # fmt: skip

    text = run("--segment", "btk-akhalkalaki-kars").stdout
    assert "outlet not stated · author not stated · 2024-03-20 · in Turkish · tr-btk.txt" in text
    assert "outlet not stated · author not stated · 2024-02-08 · in Georgian · ka-btk.txt" in text
    records = json.loads(run("--language", "zh", "--json").stdout)
    assert records and {r["language"] for r in records} == {"zh"}
    assert {r["article"] for r in records} == {"zh-khorgos.txt"}
    assert "霍尔果斯" in {w for r in records for w in r["matched"]}


def test_an_article_without_text_to_judge_has_no_language() -> None:
    assert Article("a.txt", "a.txt", ("12.5 %",)).language is None


# The unpacked model in the user's cache folder: a faster start, never a different answer.
CACHE_SENTENCES = [
    "Паром из Курыка прибыл в порт Алят сегодня утром.",
    "Orta Koridor üzerinden taşınan yük geçen yıl arttı.",
    "Orta Dəhliz üzrə yükdaşıma ötən il artıb.",
    "Орта дәліз арқылы жүк тасымалы былтыр артты.",
    "Cargo on the Middle Corridor grew last year, officials said.",
    "Der Mittlere Korridor gewinnt an Bedeutung für den Handel.",
]


@pytest.fixture
def model_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ROUTES_CACHE", str(folder))
    return folder


def _answers(identifier) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    return [identifier.classify(text) for text in CACHE_SENTENCES]


def test_model_cache_is_written_once_and_gives_the_same_answers(model_cache: Path) -> None:
    from routes import language

    packaged = language._load_model()
    files = list(model_cache.glob("langid-*.npz"))
    assert len(files) == 1
    written = files[0].stat().st_mtime_ns
    cached = language._read_cached_model()
    assert cached is not None
    assert _answers(cached) == _answers(packaged)
    language._load_model()
    assert files[0].stat().st_mtime_ns == written  # read, not rewritten


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a zip file"), id="garbage"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:100_000]), id="truncated"),
        pytest.param(lambda path: path.write_bytes(b""), id="empty"),
        pytest.param(lambda path: _rewrite_without(path, "ptc"), id="array-missing"),
        pytest.param(lambda path: _rewrite_without(path, "ptc", replace=True), id="wrong-shape"),
    ],
)
def test_damaged_model_cache_is_replaced(model_cache: Path, damage) -> None:  # type: ignore[no-untyped-def]
    from routes import language

    expected = _answers(language._load_model())
    path = next(model_cache.glob("langid-*.npz"))
    damage(path)
    assert language._read_cached_model() is None
    assert _answers(language._load_model()) == expected
    assert language._read_cached_model() is not None  # the damaged file was rewritten


def _rewrite_without(path: Path, name: str, replace: bool = False) -> None:
    import numpy

    with numpy.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files if key != name}
    if replace:
        arrays[name] = numpy.zeros((3, 3), dtype=numpy.float32)
    with path.open("wb") as out:
        numpy.savez(out, **arrays)


def test_model_loads_when_the_cache_folder_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from routes import language

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ROUTES_CACHE", str(blocker / "cache"))
    assert language._load_model().classify(CACHE_SENTENCES[0])[0] == "ru"
