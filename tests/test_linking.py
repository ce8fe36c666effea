"""Linking sentences to segments: the sample articles, name variants, ranking, robustness."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from conftest import ARTICLE_000, ARTICLE_001, GEODATA, small_network
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.articles import Article, load_corpus
from routes.errors import DataError
from routes.linking import COUNTRY, SEGMENT, SHARED, Link, Linker, group_by_segment, rank_links
from routes.model import Network
from routes.vocabulary import Vocabulary, load_vocabulary

EN, EM = "\u2013", "\u2014"
TITR_SENTENCE = "which involves cargo transportation from China via Kazakhstan"
TITR_COUNTRIES = {"CHN", "KAZ", "AZE", "GEO", "TUR", "UKR"}


def _article(*paragraphs: str, name: str = "a.txt", date: datetime.date | None = None) -> Article:
    return Article(file_name=name, location=name, paragraphs=paragraphs, date=date)


def _sample_links(linker: Linker, folder: Path) -> list[Link]:
    return linker.link_corpus(load_corpus(folder).articles)


def _segments_for(links: list[Link], fragment: str, file_name: str) -> set[str]:
    return {
        link.segment_id for link in links if fragment in link.sentence and link.article.file_name == file_name
    }


def _check_sample_expectations(network: Network, links: list[Link]) -> None:
    """What a reader of the two sample articles expects on the map (fixture or real data)."""
    titr = [s for s in network.segments if s.corridor == "TITR"]
    btc = {s.id for s in network.segments if s.corridor == "BTC"}
    caspian = {s.id for s in network.segments if "Caspian Sea" in s.aliases}
    for name in (ARTICLE_000, ARTICLE_001):
        linked = _segments_for(links, TITR_SENTENCE, name)
        for iso3 in TITR_COUNTRIES:
            in_country = {s.id for s in titr if iso3 in s.countries}
            assert in_country and in_country <= linked, (name, iso3)
        assert not linked & btc  # the TITR sentence is not about the pipeline
    assert _segments_for(links, "Baku-Tbilisi-Ceyhan oil pipeline", ARTICLE_001) == btc
    traffic = _segments_for(links, "important international traffic artery", ARTICLE_001)
    assert caspian and caspian <= traffic
    for link in links:
        if "traffic artery" in link.sentence and link.segment_id in caspian:
            assert link.specificity == SHARED  # the sea names each ferry less than its own name
            assert "Caspian Sea" in link.matched
    assert not _segments_for(links, "UNESCO", ARTICLE_001)
    assert not _segments_for(links, "Turkic", ARTICLE_000)


def test_sample_articles_link_as_a_reader_expects(linker, network, articles_dir) -> None:
    _check_sample_expectations(network, _sample_links(linker, articles_dir))


def test_sample_articles_link_as_expected_on_the_bundled_network(real_network, articles_dir) -> None:
    linker = Linker.from_geodata(real_network, GEODATA)
    links = _sample_links(linker, articles_dir)
    _check_sample_expectations(real_network, links)
    ids = {s.id for s in real_network.segments}
    assert {link.segment_id for link in links} <= ids


def test_matched_words_and_spans_are_verbatim(linker, articles_dir) -> None:
    for link in _sample_links(linker, articles_dir):
        assert link.sentence in link.paragraph
        for (start, end), match in zip(link.spans, link.matches, strict=True):
            assert link.sentence[start:end] == match.text
        assert set(link.matched) <= {m.text for m in link.matches}


@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan joined the Baku-Tbilisi-Ceyhan pipeline.",
        f"Kazakhstan joined the Baku{EN}Tbilisi{EN}Ceyhan pipeline.",
        f"Kazakhstan joined the Baku{EM}Tbilisi{EM}Ceyhan pipeline.",
        "Kazakhstan joined the Baku Tbilisi Ceyhan pipeline.",
        f"Kazakhstan joined the Baku {EN} Tbilisi {EN} Ceyhan pipeline.",
        "Kazakhstan joined the BAKU-TBILISI-CEYHAN pipeline.",
        "Kazakhstan joined the baku-tbilisi-ceyhan\npipeline.",
    ],
)
def test_dash_space_and_case_variants_of_a_name_all_link(linker, text: str) -> None:
    links = linker.link_article(_article(text))
    assert {link.segment_id for link in links} == {"btc-azerbaijan", "btc-georgia", "btc-turkey"}
    matched = links[0].matched[0]
    assert matched in text  # reported as written, not as normalised
    assert matched.lower().startswith("baku")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkic countries share ties.", []),
        ("the Armenia-Azerbaijan conflict", ["Azerbaijan"]),
        ("Azerbaijan\u2019s sovereignty", ["Azerbaijan"]),
        ("Kazakhstan`s Statistics Committee", ["Kazakhstan"]),
        ("Turkmenbashi\u2013Baku ferry", ["Turkmenbashi\u2013Baku ferry"]),
        ("Georgian Railways", ["Georgian"]),
        ("T\u00fcrkiye and Turkiye", ["T\u00fcrkiye", "Turkiye"]),
        ("the middle corridor", ["middle corridor"]),
        ("Kazakhstani", ["Kazakhstani"]),
        ("KazakhstanX", []),
    ],
)
def test_names_match_on_word_boundaries_only(linker, text: str, expected: list[str]) -> None:
    assert [m.text for m in linker.find_matches(text)] == expected


def test_a_name_inside_a_longer_name_is_not_a_separate_mention(linker) -> None:
    matches = linker.find_matches("the Baku-Tbilisi-Kars railway")
    assert [m.text for m in matches] == ["Baku-Tbilisi-Kars railway"]


@pytest.mark.parametrize(
    "text",
    [
        "Kazakhstan and Azerbaijan are reliable partners.",
        "The UNESCO session was held in Baku.",
        "Trade turnover between Azerbaijan and Kazakhstan reached $258.26 million.",
    ],
)
def test_place_names_alone_without_transport_context_link_nothing(linker, text: str) -> None:
    assert linker.link_article(_article(text)) == []


def test_node_mention_in_a_transport_sentence_links_nearby_segments(linker) -> None:
    links = linker.link_article(_article("Cargo volumes at the Port of Aktau doubled."))
    assert {link.segment_id for link in links} == {"kz-beineu-aktau", "caspian-aktau-alat"}
    assert {link.specificity for link in links} == {3}


def test_country_links_follow_the_corridor_the_sentence_names(linker) -> None:
    links = linker.link_article(_article("Azerbaijan ships oil through the BTC pipeline."))
    assert {link.segment_id for link in links} == {"btc-azerbaijan", "btc-georgia", "btc-turkey"}
    best = {link.segment_id: link.specificity for link in links}
    assert best["btc-azerbaijan"] == 2  # corridor beats country; best match wins


def test_country_in_transport_sentence_links_its_segments_at_lowest_specificity(linker) -> None:
    links = linker.link_article(_article("Ukraine expanded rail transit."))
    assert [(link.segment_id, link.specificity) for link in links] == [("ua-chornomorsk-mostyska", COUNTRY)]


def test_ranking_specificity_then_newest_then_file_name() -> None:
    def link(spec: int, name: str, date: datetime.date | None) -> Link:
        return Link("s", _article("x", name=name, date=date), 0, 0, 1, (), spec)

    links = [
        link(1, "a.txt", datetime.date(2024, 1, 1)),
        link(4, "z.txt", None),
        link(4, "b.txt", datetime.date(2019, 1, 1)),
        link(4, "c.txt", datetime.date(2023, 1, 1)),
        link(4, "a.txt", None),
    ]
    ranked = [(x.specificity, x.article.file_name) for x in rank_links(links)]
    assert ranked == [(4, "c.txt"), (4, "b.txt"), (4, "a.txt"), (4, "z.txt"), (1, "a.txt")]


def test_group_by_segment_gives_ranked_lists(linker, articles_dir) -> None:
    groups = group_by_segment(_sample_links(linker, articles_dir))
    caspian = groups["caspian-aktau-alat"]
    assert caspian[0].specificity == SHARED
    assert [x.specificity for x in caspian] == sorted((x.specificity for x in caspian), reverse=True)


def test_missing_vocabulary_raises_data_error(tmp_path) -> None:
    with pytest.raises(DataError):
        Linker.from_geodata(small_network(), tmp_path)


def test_empty_vocabulary_links_nothing() -> None:
    linker = Linker(Network((), ()), {}, {})
    assert linker.link_article(_article("The Middle Corridor grows.")) == []


_VOCAB = {"TITR": Vocabulary("TITR", ("Middle Corridor",))}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_linking_never_crashes_on_arbitrary_text(paragraphs: list[str]) -> None:
    linker = _hypothesis_linker()
    for link in linker.link_article(_article(*paragraphs)):
        assert link.sentence in link.paragraph
        for start, end in link.spans:
            assert 0 <= start < end <= len(link.sentence)


_TRICKY = " -\u2013\u2014'\u2019.\n\u0130\u0131\u00dfBakuTbilisiCeyhanAzerbaijan"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_TRICKY))))
def test_matches_always_point_at_their_text(text: str) -> None:
    for match in _hypothesis_linker().find_matches(text):
        assert text[match.start : match.end] == match.text


_CACHE: dict[str, Linker] = {}


def _hypothesis_linker() -> Linker:
    # Hypothesis forbids function-scoped fixtures; build once per session instead.
    if "l" not in _CACHE:
        _CACHE["l"] = Linker(
            small_network(),
            load_vocabulary(GEODATA / "corridors.json"),
            load_vocabulary(GEODATA / "countries.json"),
        )
    return _CACHE["l"]


_SENTENCES = st.sampled_from(
    [
        "Kazakhstan ships oil through the BTC pipeline.",
        "The BTC pipeline serves Kazakhstan and Azerbaijan.",
        "Azerbaijan, Azerbaijan and again Azerbaijan expanded rail transit.",
        "Cargo volumes at the Port of Aktau doubled.",
        "The UNESCO session was held in Baku.",
        "Dr. Smith met U.S. officials on the Middle Corridor.",
        f"Trains   run on the Baku{EN}Tbilisi{EN}Kars railway via Kars.",
        "Nothing here.",
    ]
)


def _per_sentence(links: list[Link]) -> set[tuple[object, ...]]:
    return {(link.segment_id, link.sentence, link.matches, link.specificity) for link in links}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_SENTENCES, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4))
def test_an_article_links_as_its_sentences_do_one_by_one(paragraphs: list[str]) -> None:
    # Names are found once per article and sentences looked up around them, with what a
    # sequence of names yields cached: the result must be that of linking each sentence alone.
    linker = _hypothesis_linker()
    whole = linker.link_article(_article(*paragraphs))
    alone = [
        link
        for paragraph in paragraphs
        for sentence in re.split(r"(?<=\.) (?=[A-Z])(?<!Dr\. )(?<!U\.S\. )", paragraph)
        for link in linker.link_article(_article(sentence.strip()))
    ]
    assert _per_sentence(whole) == _per_sentence(alone)
    assert len(whole) == len(alone)


@pytest.mark.parametrize("enabled_before", [True, False])
def test_gc_paused_restores_the_collector_even_on_error(enabled_before: bool) -> None:
    import gc

    from routes.linking import gc_paused

    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(RuntimeError), gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("boom")
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()


# --- ranking rules on the bundled network (issue 12: precision and ranking) ----------------------


@pytest.fixture(scope="module")
def real_linker(real_network: Network) -> Linker:
    return Linker.from_geodata(real_network, GEODATA)


_FERRIES = {"caspian-aktau-alat", "caspian-kuryk-alat", "caspian-turkmenbashi-alat"}


def _best(linker: Linker, text: str) -> dict[str, int]:
    """Each linked segment's specificity for one sentence."""
    return {link.segment_id: link.specificity for link in linker.link_article(_article(text))}


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("Ferries cross the Caspian Sea.", _FERRIES),
        ("The Trans-Caspian ferry carries wagons.", _FERRIES),
        ("Trains run on the Baku-Tbilisi-Kars railway.", {"btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"}),
        ("The BTK railway carried more containers.", {"btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"}),
    ],
)  # fmt: skip
def test_a_name_several_segments_share_names_each_below_its_own_name(real_linker, text, segments) -> None:
    assert _best(real_linker, text) == dict.fromkeys(segments, SHARED)
    assert SHARED < SEGMENT


@pytest.mark.parametrize(
    ("text", "segment"),
    [
        ("Ferries between Kuryk and Alyat carry wagons.", "caspian-kuryk-alat"),
        ("Ferries from Alat sail to Kuryk.", "caspian-kuryk-alat"),  # either order
        ("Ferries link Aktau with the Port of Baku.", "caspian-aktau-alat"),
        ("Freight trains run from Tbilisi to Poti.", "ge-tbilisi-poti"),
        ("Freight trains run from Tbilisi to Akhalkalaki.", "btk-tbilisi-akhalkalaki"),
        ("Freight trains from Kars reach Ankara.", "tr-kars-ankara"),
        ("Rail ferries sail from Poti to Chornomorsk.", "blacksea-poti-chornomorsk"),
        ("Freight trains run from Halkali to Kapikule.", "tr-halkali-kapikule"),
    ],
)
def test_a_sentence_naming_both_ends_of_a_segment_names_that_segment(real_linker, text, segment) -> None:
    best = _best(real_linker, text)
    assert best[segment] == SEGMENT
    assert [sid for sid, spec in best.items() if spec == SEGMENT] == [segment]  # the others stay below


@pytest.mark.parametrize(
    "text",
    [
        "Freight trains run through Tbilisi and Samtredia.",  # Samtredia is on the Poti line, not its end
        "Trains run between Dostyk and Alashankou.",  # one border crossing, two names
        "Cargo moves through Kars.",
    ],
)
def test_places_that_are_not_both_ends_stay_at_node_level(real_linker, text) -> None:
    assert SEGMENT not in _best(real_linker, text).values()


def test_both_ends_outrank_the_sea_on_the_kuryk_ferry(real_linker) -> None:
    sea = _article("The Caspian Sea is an important transport artery.", name="sea.txt")
    ends = _article("Ferries between Kuryk and Alyat carry rail wagons.", name="ends.txt")
    ranked = group_by_segment(real_linker.link_corpus([sea, ends]))["caspian-kuryk-alat"]
    assert [link.article.file_name for link in ranked] == ["ends.txt", "sea.txt"]
    assert [link.specificity for link in ranked] == [SEGMENT, SHARED]


_BTK = {"btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"}
_BTC = {"btc-azerbaijan", "btc-georgia", "btc-turkey"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the junction's lines, as well as what else the sentence names
        ("Wagons change gauge at Akhalkalaki.", _BTK),
        ("Trains from Tbilisi to Akhalkalaki carry containers.",
         _BTK | {"ge-gardabani-tbilisi", "ge-tbilisi-poti"}),
        ("The Kuryk ferry carries wagons, which change gauge at Akhalkalaki.", _BTK | {"caspian-kuryk-alat"}),
        ("Oil reaches Ceyhan through the BTC pipeline, while wagons change gauge at Akhalkalaki.",
         _BTK | _BTC),
        ("The BTC pipeline and the trains at Poti port both carry oil.",
         _BTC | {"ge-tbilisi-poti", "blacksea-poti-constanta", "blacksea-poti-chornomorsk"}),
        # a place on one line only, or on the named corridor's line too, follows the corridor
        ("Oil from Baku flows through the BTC pipeline.", _BTC),
        ("The Sangachal terminal, where the BTC pipeline starts, lies near Baku.", _BTC),
    ],
)  # fmt: skip
def test_a_junction_links_the_lines_meeting_there_and_what_else_is_named(real_linker, text, expected) -> None:
    assert set(_best(real_linker, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Caspian Sea is the largest enclosed body of water on Earth.", set()),
        ("The Caspian Sea convention was signed in Aktau.", set()),
        ("Ferries cross the Caspian Sea.", _FERRIES),
        ("The Middle Corridor crosses the Caspian Sea.", _FERRIES),  # the corridor is the context
        ("Trains run on the Baku-Tbilisi-Kars railway.", _BTK),
    ],
)
def test_a_shared_name_like_a_sea_needs_a_sentence_about_transport(real_linker, text, expected) -> None:
    linked = _best(real_linker, text)
    assert expected <= set(linked)
    assert bool(linked) == bool(expected)


@pytest.mark.parametrize(
    ("text", "segment", "matched"),
    [
        ("Ferries sail from Aktau (Ақтау) to Alat.", "kz-beineu-aktau", ("Aktau", "Ақтау")),
        ("Ferries sail from Актау to Alat and back to Aktau.", "kz-beineu-aktau", ("Актау", "Aktau")),
        ("Rail freight crosses at Khorgos (霍尔果斯).", "cn-jinghe-khorgos", ("Khorgos", "霍尔果斯")),
    ],
)
def test_two_spellings_of_one_place_in_a_sentence_are_both_highlighted(
    real_linker, text, segment, matched
) -> None:
    links = {link.segment_id: link for link in real_linker.link_article(_article(text))}
    assert links[segment].matched == matched


def test_the_short_ways_to_a_sentence_recipe_agree_with_the_general_one(real_linker) -> None:
    """A name alone, and two names that share no segment, skip the general recipe; every pair
    of the bundled meanings, in either order and repeated, links the same both ways."""
    meanings = list(real_linker._rank)
    taken = declined = 0
    for one in meanings:
        for sequence in [(one,), (one, one)]:
            assert real_linker._recipe_for(sequence) == real_linker._recipe_general(sequence, {one})
        for other in meanings:
            if other is one:
                continue
            for sequence in [(one, other), (other, one, other)]:
                apart = real_linker._recipe_apart(sequence, one, other)
                if apart is None:
                    declined += 1
                    continue
                taken += 1
                assert apart == real_linker._recipe_general(sequence, {one, other}), sequence
    assert taken > 1000 and declined > 1000  # both ways are tried on this data
