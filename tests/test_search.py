"""Search: ranked (bm25), every language, never an FTS5 syntax error; hits name their segments."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

import pytest

from routes.catalog import build_catalog
from routes.errors import QueryError
from routes.search import SearchIndex, parse_query, segments_label
from routes.views import ExcerptView

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def view(segment: str, sentence: str, article: str, specificity: int = 4, **more) -> ExcerptView:
    return ExcerptView(segment, sentence, sentence, (), (), specificity, article, **more)


# Real sentences in the corridor's languages, each as the linker would hand it over.
SENTENCES = {
    "en-kuryk": view("caspian-kuryk-alat", "The Kuryk ferry carried 40 wagons to Alat in May.", "en1.txt"),
    "en-corridor": view("az-alat-baku", "Cargo on the Middle Corridor doubled in 2023.", "en2.txt", 2),
    "en-middle": view("ge-tbilisi-poti", "The corridor runs through the middle of Georgia.", "en3.txt", 3),
    "en-baku": view("az-alat-baku", "Trains now reach Baku in twelve days.", "en4.txt", 3),
    "tr-btk": view("btk-akhalkalaki-kars",
                   "Bakü-Tiflis-Kars demiryolu hattında İstanbul'a giden yük arttı.", "tr.txt"),
    "az-baki": view("az-alat-baku", "Bakı limanından Ələt stansiyasına yük daşınır.", "az.txt", 3),
    "ru-ferry": view("caspian-kuryk-alat", "Паром из Курыка в Алят перевёз рекордный объём грузов.",
                     "ru1.txt"),
    "ru-port": view("kz-mangyshlak-kuryk", "В порту Курыке открыли новый терминал.", "ru2.txt", 3),
    "kk-aktau": view("kz-beineu-aktau", "Ақтау портынан жүк тасымалы өсті.", "kk.txt", 3),
    "ka-btk": view("btk-tbilisi-akhalkalaki", "ბაქო-თბილისი-ყარსის რკინიგზა ამოქმედდა.", "ka.txt"),
    "zh-via": view("caspian-aktau-alat", "中欧班列经里海运往阿塞拜疆巴库港。", "zh1.txt", 3),
    "zh-route": view("caspian-aktau-alat", "跨里海国际运输路线货运量增长。", "zh2.txt", 2),
    "zh-titr": view("az-alat-baku", "TITR运输路线经过巴库。", "zh3.txt", 2),
}  # fmt: skip


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.from_excerpts(SENTENCES.values())


def found(index: SearchIndex, query: str, **kwargs) -> set[str]:
    names = {(v.article, v.sentence): k for k, v in SENTENCES.items()}
    return {names[(h.excerpt.article, h.excerpt.sentence)] for h in index.search(query, **kwargs).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # English words: every word must be there, in any case
        ("ferry wagons", {"en-kuryk"}),
        ("FERRY", {"en-kuryk"}),
        ("ferry trains", set()),
        # phrases keep their order and adjacency
        ('"Middle Corridor"', {"en-corridor"}),
        ("middle corridor", {"en-corridor", "en-middle"}),
        ("“middle corridor”", {"en-corridor"}),  # typographic quotes too
        ("«Middle Corridor»", {"en-corridor"}),
        # prefixes
        ("Corrid*", {"en-corridor", "en-middle"}),
        # diacritics: Baku finds the Turkish Bakü and back; the Azerbaijani Bakı is another spelling
        ("Baku", {"en-baku", "tr-btk"}),
        ("Bakü", {"en-baku", "tr-btk"}),
        # Turkish dotless ı and dotted İ fold to i, whatever the case typed
        ("baki", {"az-baki"}),
        ("BAKI", {"az-baki"}),
        ("istanbul", {"tr-btk"}),
        ("ISTANBUL", {"tr-btk"}),
        ("İstanbul'a", {"tr-btk"}),
        ("Ələt", {"az-baki"}),
        # Russian: inflected forms through a prefix; ё and е are one letter to a searcher
        ("Курык*", {"ru-ferry", "ru-port"}),
        ("курык*", {"ru-ferry", "ru-port"}),
        ("Курыке", {"ru-port"}),
        ("перевез", {"ru-ferry"}),
        # Kazakh and Georgian words
        ("Ақтау", {"kk-aktau"}),
        ("Актау", {"kk-aktau"}),  # typed on a Russian keyboard
        ("жук тасымалы", {"kk-aktau"}),
        ("ЖҮК", {"kk-aktau"}),
        ("რკინიგზა", {"ka-btk"}),
        ("ბაქო-თბილისი-ყარსის", {"ka-btk"}),
        # Chinese has no spaces: any substring, two characters (instr) or more (trigrams)
        ("里海", {"zh-via", "zh-route"}),
        ("跨里海", {"zh-route"}),
        ("巴库港", {"zh-via"}),
        ("里海 巴库", {"zh-via"}),
        ("海", {"zh-via", "zh-route"}),
        ("TITR", {"zh-titr"}),  # a Latin word written against Chinese characters is still a word
        ("titr 巴库", {"zh-titr"}),
        ("运输路线", {"zh-route", "zh-titr"}),
        # OR and leaving out
        ("Baku OR Курыке", {"en-baku", "tr-btk", "ru-port"}),
        ("里海 OR wagons", {"zh-via", "zh-route", "en-kuryk"}),
        ("corridor -middle", set()),
        ("corridor -Georgia", {"en-corridor"}),
        ("里海 -跨里海", {"zh-via"}),
        ("里海 -巴库", {"zh-route"}),
        ("Курык* -перевёз", {"ru-port"}),
    ],
)
def test_search_finds_words_in_every_language(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "key", "marked"),
    [
        ("Курык*", "ru-ferry", ["Курыка"]),
        ('"Middle Corridor"', "en-corridor", ["Middle Corridor"]),
        ("bakü", "en-baku", ["Baku"]),
        ("baki", "az-baki", ["Bakı"]),
        ("里海 巴库", "zh-via", ["里海", "巴库"]),
        ("titr 巴库", "zh-titr", ["TITR", "巴库"]),
        ("跨里海", "zh-route", ["跨里海"]),
        ("перевез", "ru-ferry", ["перевёз"]),
    ],
)
def test_the_searched_words_are_marked_in_the_sentence(
    index, query: str, key: str, marked: list[str]
) -> None:
    hit = next(h for h in index.search(query).hits if h.excerpt.sentence == SENTENCES[key].sentence)
    assert re.findall(r"<mark>(.*?)</mark>", hit.excerpt.highlighted_html()) == marked


@pytest.mark.parametrize(
    "query",
    [
        '"AND (* NEAR',
        "NEAR(ferry wagons, 2)",
        "ferry AND wagons",
        "ferry NOT wagons",
        "sentence:ferry",
        "{sentence title}: ferry",
        "^ferry",
        "ferry +wagons",
        'ferry"wagons',
        '"ferry" "',
        "ferry OR",
        "OR ferry",
        "ferry OR OR wagons",
        "*ferry*",
        "fer*ry",
        "ferry\x00wagons",
        "'ferry'",
        "(ferry)",
        "ferry -",
        "a\u0301",
        '里海"*',
        "ferry \udcff",  # an undecodable byte of a command line
    ],
)
def test_fts_syntax_in_the_query_is_searched_as_text_never_an_error(index: SearchIndex, query: str) -> None:
    index.search(query)  # no sqlite3.OperationalError, no QueryError: it has words to search


def test_fts_operators_are_plain_words(index: SearchIndex) -> None:
    assert found(index, "ferry AND wagons") == set()  # "and" is not in the sentence
    assert found(index, "(ferry)") == {"en-kuryk"}
    assert found(index, 'ferry"wagons') == {"en-kuryk"}


def test_random_junk_never_breaks_the_search(index: SearchIndex) -> None:
    alphabet = [*"\"*()-:^{}+ ,.'ORNEATDX里海Курык\x00\t\udcff", "OR", "NOT", "NEAR", "AND", "“", "»"]
    rng = random.Random(12)
    for _ in range(500):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        try:
            index.search(query)
        except QueryError as exc:
            assert str(exc) and "\n" not in str(exc)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "nothing to search for"),
        ("   ", "nothing to search for"),
        ("*", "nothing to search for in '*'"),
        ("((( )))", "nothing to search for"),
        ('""', "nothing to search for"),
        ("-ferry", "'-ferry' only says what to leave out: add a word to find as well, e.g. Caspian -ferry"),
        ("-ferry -wagons", "only says what to leave out"),
        ("wagons OR -ferry", "only says what to leave out"),
    ],
)
def test_a_query_with_nothing_to_find_gets_a_clear_message(index, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        index.search(query)


def test_parse_keeps_phrases_prefixes_and_groups() -> None:
    groups = parse_query('"Middle Corridor" Kuryk* -ferry OR 里海')
    assert [[(t.text, t.prefix, t.exclude, t.kind) for t in g] for g in groups] == [
        [("Middle Corridor", False, False, "words"), ("Kuryk", True, False, "words"),
         ("ferry", False, True, "words")],
        [("里海", False, False, "scan")],
    ]  # fmt: skip


# --- ranking -------------------------------------------------------------------------------------


def ranked(views: list[ExcerptView], query: str) -> list[str]:
    return [h.excerpt.article for h in SearchIndex.from_excerpts(views).search(query).hits]


def test_a_sentence_saying_the_word_twice_ranks_first() -> None:
    sentences = {
        "once.txt": "The ferry left Aktau for Alat with wagons and trucks on board.",
        "twice.txt": "The ferry left Aktau; a second ferry is due at Alat on Monday.",
        "none.txt": "Rail cargo from Aktau to Alat rose by a third in the first half.",
    }
    views = [view("caspian-aktau-alat", sentence, name) for name, sentence in sentences.items()]
    assert ranked(views, "ferry") == ["twice.txt", "once.txt"]


def test_a_short_sentence_about_the_word_ranks_above_a_long_one_mentioning_it() -> None:
    long = ("Officials from five countries met in Astana on Tuesday to discuss tariffs, customs, "
            "digital documents, border crossings, wagon supply and, briefly, the Kuryk port.")  # fmt: skip
    views = [
        view("kz-mangyshlak-kuryk", long, "long.txt"),
        view("kz-mangyshlak-kuryk", "Kuryk port grows.", "s.txt"),
    ]
    assert ranked(views, "Kuryk") == ["s.txt", "long.txt"]


def test_equal_scores_keep_the_linking_rank() -> None:
    sentence = "Container trains reach Aktau port."
    views = [
        view("kz-beineu-aktau", sentence, "country.txt", 1, date=dt.date(2024, 1, 1)),
        view("kz-beineu-aktau", sentence, "segment-old.txt", 4, date=dt.date(2019, 1, 1)),
        view("kz-beineu-aktau", sentence, "segment-new.txt", 4, date=dt.date(2023, 1, 1)),
        view("kz-beineu-aktau", sentence, "undated.txt", 4),
    ]
    assert ranked(views, "Aktau") == ["segment-new.txt", "segment-old.txt", "undated.txt", "country.txt"]


def test_the_sentence_outranks_the_article_title() -> None:
    views = [
        view("kz-beineu-aktau", "Tariffs were cut in March.", "a.txt", title="Aktau port expands"),
        view("kz-beineu-aktau", "Aktau port handled more grain in March than ever before.", "b.txt",
             title="Grain exports"),
    ]  # fmt: skip
    assert ranked(views, "Aktau") == ["b.txt", "a.txt"]  # the title counts too, below the sentence


def test_a_hit_found_by_its_title_keeps_the_linked_names_marked() -> None:
    linked = ExcerptView("kz-beineu-aktau", "Tariffs at the port were cut.", "", ((15, 19),), ("port",), 3,
                         "a.txt", title="Aktau port expands")  # fmt: skip
    hit = SearchIndex.from_excerpts([linked]).search("Aktau").hits[0]
    assert hit.marked == () and hit.to_dict()["spans"] == []
    assert "<mark>port</mark>" in hit.excerpt.highlighted_html()


def test_title_and_outlet_narrow_a_search() -> None:
    views = [
        view("kz-beineu-aktau", "Aktau port grows.", "a.txt", outlet="AzerNews"),
        view("kz-beineu-aktau", "Aktau port grows again.", "b.txt", outlet="Kazinform"),
    ]
    assert ranked(views, "Aktau AzerNews") == ["a.txt"]


# --- one hit per sentence, named by its segments -------------------------------------------------


def test_a_sentence_linked_to_several_segments_is_one_hit_naming_them_best_first() -> None:
    sentence = "The Trans-Caspian ferry from Kuryk and Aktau crosses the Caspian Sea."
    views = [
        view("caspian-aktau-alat", sentence, "a.txt", 2),
        view("caspian-kuryk-alat", sentence, "a.txt", 4),
        view("caspian-turkmenbashi-alat", sentence, "a.txt", 2),
        view("caspian-kuryk-alat", sentence, "b.txt", 4),  # the same words in another article: its own hit
    ]
    hits = SearchIndex.from_excerpts(views).search("ferry").hits
    assert [(h.excerpt.article, h.segments) for h in hits] == [
        ("a.txt", ("caspian-kuryk-alat", "caspian-aktau-alat", "caspian-turkmenbashi-alat")),
        ("b.txt", ("caspian-kuryk-alat",)),
    ]
    assert hits[0].segment_id == hits[0].excerpt.segment_id == "caspian-kuryk-alat"


@pytest.mark.parametrize(
    ("segments", "label"),
    [
        (["a"], "Aktau – Alat ferry"),
        (["a", "b"], "Aktau – Alat ferry; also Kuryk – Alat ferry"),
        (["a", "b", "c", "d", "e", "f"], "Aktau – Alat ferry; also Kuryk – Alat ferry, C, D and 2 more"),
    ],
)
def test_segments_label_names_the_best_segment_first(segments: list[str], label: str) -> None:
    names = {"a": "Aktau – Alat ferry", "b": "Kuryk – Alat ferry", "c": "C", "d": "D", "e": "E", "f": "F"}
    assert segments_label(segments, names) == label


# --- dates and limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "kept"),
    [
        (None, None, ["2024.txt", "2018.txt", "undated.txt"]),
        (dt.date(2019, 1, 1), None, ["2024.txt", "undated.txt"]),  # undated ones always stay
        (None, dt.date(2019, 1, 1), ["2018.txt", "undated.txt"]),
        (dt.date(2018, 3, 1), dt.date(2018, 3, 1), ["2018.txt", "undated.txt"]),  # both ends count
        (dt.date(2020, 1, 1), dt.date(2021, 1, 1), ["undated.txt"]),
    ],
)
def test_the_date_filter_keeps_undated_excerpts(start, end, kept: list[str]) -> None:
    views = [
        view("kz-beineu-aktau", "Aktau port grows.", "2018.txt", date=dt.date(2018, 3, 1)),
        view("kz-beineu-aktau", "Aktau port grows.", "2024.txt", date=dt.date(2024, 5, 1)),
        view("kz-beineu-aktau", "Aktau port grows.", "undated.txt"),
    ]
    assert ranked_in(views, "aktau", start, end) == kept


@pytest.mark.parametrize("query", ["里海", "跨里海", "里海 TITR", "里海 OR nothing"])
def test_the_date_filter_holds_for_chinese_queries_too(query: str) -> None:
    views = [
        view("caspian-aktau-alat", "跨里海国际运输路线（TITR）货运量增长。", "2018.txt",
             date=dt.date(2018, 3, 1)),
        view("caspian-aktau-alat", "跨里海国际运输路线（TITR）今年集装箱运量达到新高。", "2024.txt",
             date=dt.date(2024, 5, 1)),
        view("caspian-aktau-alat", "跨里海国际运输路线（TITR）运量增长。", "undated.txt"),
    ]  # fmt: skip
    assert sorted(ranked_in(views, query, dt.date(2019, 1, 1), None)) == ["2024.txt", "undated.txt"]


def test_or_ranks_a_sentence_with_both_words_first() -> None:
    views = [
        view("az-alat-baku", "Trains reach Baku in twelve days now.", "baku.txt"),
        view("az-alat-baku", "Trains run from Baku to Tbilisi daily.", "both.txt"),
        view("ge-tbilisi-poti", "Trains reach Tbilisi in ten days now.", "tbilisi.txt"),
    ]
    assert ranked(views, "Baku OR Tbilisi")[0] == "both.txt"


@pytest.mark.parametrize(
    ("query", "languages", "kept"),
    [
        ("TITR", None, ["en.txt", "ru.txt", "und.txt", "zh.txt"]),
        ("TITR", {"ru", "zh"}, ["ru.txt", "zh.txt"]),
        ("TITR", {"und"}, ["und.txt"]),  # articles too short to tell are "und"
        ("TITR", {"en", "ru", "zh", "und", "ka"}, ["en.txt", "ru.txt", "und.txt", "zh.txt"]),
        ("TITR", set(), []),
        ("里海", {"zh"}, ["zh.txt"]),
        ("里海", {"ru"}, []),
        ("TITR OR 里海", {"ru"}, ["ru.txt"]),
    ],
)
def test_the_language_filter_keeps_the_chosen_languages(query: str, languages, kept: list[str]) -> None:
    views = [
        view("az-alat-baku", "TITR cargo grew in May.", "en.txt", language="en"),
        view("az-alat-baku", "Грузы по TITR выросли в мае.", "ru.txt", language="ru"),
        view("az-alat-baku", "跨里海国际运输路线（TITR）货运量增长。", "zh.txt", language="zh"),
        view("az-alat-baku", "TITR.", "und.txt"),
    ]
    index = SearchIndex.from_excerpts(views)
    found = index.search(query, languages=None if languages is None else frozenset(languages))
    assert sorted(h.excerpt.article for h in found.hits) == kept and found.total == len(kept)


def ranked_in(views, query, start, end) -> list[str]:
    return [
        h.excerpt.article for h in SearchIndex.from_excerpts(views).search(query, start=start, end=end).hits
    ]


def test_limit_keeps_the_best_and_total_counts_all() -> None:
    views = [view("kz-beineu-aktau", f"Aktau port grows {'again ' * i}.", f"{i:02d}.txt") for i in range(30)]
    results = SearchIndex.from_excerpts(views).search("Aktau", limit=5)
    assert results.total == 30 and [h.excerpt.article for h in results.hits] == [
        f"{i:02d}.txt" for i in range(5)
    ]


# --- over a real corpus --------------------------------------------------------------------------

# Each sentence also names something today's English linker knows (Kuryk ferry, Middle Corridor,
# BTK railway, TITR), so it becomes an excerpt whatever aliases the other languages get.
ARTICLES = {
    "ru.txt": "Паром до Курыка\n\nПаром из Курыка в Алят (Kuryk ferry) перевёз рекордный объём грузов.\n\n"
              "В порту Курыке открыли новый терминал для Middle Corridor.\n",
    "zh.md": "---\ntitle: 里海航线\ndate: 2024-03-01\noutlet: 新华社\n---\n"
             "中欧班列经里海运往阿塞拜疆巴库港，Middle Corridor 运量增长。\n\n"
             "跨里海国际运输路线（TITR）今年集装箱运量达到新高。\n",
    "tr.txt": "Demiryolu\n\nBakü-Tiflis-Kars demiryolu (BTK railway) üzerinden İstanbul'a giden yük arttı.\n",
    "ka.txt": "რკინიგზა\n\nბაქო-თბილისი-ყარსის რკინიგზა (BTK railway) ამოქმედდა.\n",
}  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name in ("000_240b149e65d7c298.txt", "001_454bf1c631e23a3d.txt"):
        shutil.copy(GEODATA / "articles" / name, folder)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize(
    ("query", "article", "segment", "marked"),
    [
        ("Курык*", "ru.txt", "caspian-kuryk-alat", "Курыка"),
        ("里海", "zh.md", None, "里海"),
        ("istanbul", "tr.txt", "btk-akhalkalaki-kars", "İstanbul"),
        ("რკინიგზა", "ka.txt", "btk-tbilisi-akhalkalaki", "რკინიგზა"),
        ('"traffic artery"', "001_454bf1c631e23a3d.txt", "caspian-aktau-alat", "traffic artery"),
    ],
)
def test_a_real_corpus_is_searched_in_its_languages(corpus: Path, query, article, segment, marked) -> None:
    catalog = build_catalog(GEODATA, corpus)
    hits = catalog.search_index.search(query).hits
    assert hits and all(h.excerpt.article == article for h in hits)
    names = {s.id for s in catalog.network.segments}
    assert all(set(h.segments) <= names and h.segment_id == h.segments[0] for h in hits)
    hit = next(h for h in hits if f"<mark>{marked}</mark>" in h.excerpt.highlighted_html())
    assert segment is None or segment in hit.segments
    assert hit.excerpt.citation  # the card's source line is there


def test_the_catalog_builds_its_index_once(corpus: Path) -> None:
    catalog = build_catalog(GEODATA, corpus)
    assert catalog.search_index is catalog.search_index
    assert len(catalog.search_index) == len({(e.article, e.sentence) for e in catalog.all_excerpts()})


def test_the_bundled_sentence_is_one_hit_under_its_most_specific_segment(corpus: Path) -> None:
    catalog = build_catalog(GEODATA, corpus)
    hits = catalog.search_index.search("traffic artery").hits
    assert len(hits) == 1 and {"caspian-aktau-alat", "caspian-kuryk-alat"} <= set(hits[0].segments)
    best = max(e.specificity for e in catalog.all_excerpts() if "traffic artery" in e.sentence)
    assert hits[0].excerpt.specificity == best
