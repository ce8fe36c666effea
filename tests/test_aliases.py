"""Names in six languages: the data files, their checks, case forms, and what they link."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import GEODATA

from routes.aliases import load_languages, missing_ids, unknown_ids
from routes.articles import Article
from routes.checks import validate
from routes.errors import DataError
from routes.inflection import russian_forms
from routes.linking import SEGMENT, Linker
from routes.model import Network
from routes.vocabulary import load_vocabulary

LANGUAGES = ("az", "ka", "kk", "ru", "tr", "zh")
BTK = {"btk-tbilisi-akhalkalaki", "btk-akhalkalaki-kars"}
BTC = {"btc-azerbaijan", "btc-georgia", "btc-turkey"}


@pytest.fixture(scope="module")
def bundled_linker(real_network: Network) -> Linker:
    return Linker.from_geodata(real_network, GEODATA)


def _known(network: Network) -> dict[str, list[str]]:
    return {
        "segments": [s.id for s in network.segments],
        "nodes": [n.id for n in network.nodes],
        "corridors": list(load_vocabulary(GEODATA / "corridors.json")),
        "countries": list(load_vocabulary(GEODATA / "countries.json")),
    }


def test_every_segment_node_corridor_and_country_has_a_name_in_each_language(real_network) -> None:
    languages = load_languages(GEODATA)
    assert sorted(lang.code for lang in languages) == list(LANGUAGES)
    assert missing_ids(languages, _known(real_network)) == []
    assert unknown_ids(languages, _known(real_network)) == []


def _copy_geodata(tmp_path: Path) -> Path:
    folder = tmp_path / "geodata"
    shutil.copytree(GEODATA, folder, ignore=shutil.ignore_patterns("articles", "sources", "naturalearth"))
    return folder


def test_validate_names_every_unknown_id_and_broken_language_file(tmp_path: Path) -> None:
    folder = _copy_geodata(tmp_path)
    ru = folder / "aliases" / "ru.json"
    data = json.loads(ru.read_text("utf-8"))
    data["segments"]["no-such-line"] = ["железная дорога Нигде — Никуда"]
    data["nodes"]["atlantis"] = ["Атлантида"]
    ru.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    lines = [str(p) for p in validate(folder)]
    assert "aliases/ru.json: segments.no-such-line: unknown segment id" in lines
    assert "aliases/ru.json: nodes.atlantis: unknown node id" in lines

    (folder / "aliases" / "tr.json").write_text(
        json.dumps({"language": "ru", "name": "", "inflection": "latin", "nodes": {"kars": []}, "extra": 1}),
        "utf-8",
    )
    with pytest.raises(DataError) as err:
        load_languages(folder)
    text = str(err.value)
    for expected in (
        "aliases/tr.json: says language 'ru'; the file must be ru.json",
        "aliases/tr.json: missing or empty 'name'",
        "aliases/tr.json: unknown key 'extra'",
        "aliases/tr.json: unknown inflection 'latin'",
        "aliases/tr.json: nodes.kars: names must be a non-empty list of non-empty strings",
    ):
        assert expected in text
    assert any("aliases/tr.json" in str(p) for p in validate(folder))  # validate lists them too

    (folder / "aliases" / "tr.json").write_text("{not json", "utf-8")
    with pytest.raises(DataError, match=r"aliases/tr.json: not valid JSON"):
        load_languages(folder)


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Курык", {"Курык", "Курыка", "Курыку", "Курыком", "Курыке"}),
        ("Актау", {"Актау"}),  # foreign names in a vowel other than -а do not decline
        ("Баку", {"Баку"}),
        ("ТМТМ", {"ТМТМ"}),
        ("Самтредиа", {"Самтредиа"}),
        ("Гянджа", {"Гянджа", "Гянджи", "Гяндже", "Гянджу", "Гянджой", "Гянджей"}),
        ("Грузия", {"Грузия", "Грузии", "Грузию", "Грузией"}),
        ("порт Актау", {"порт Актау", "порта Актау", "порту Актау", "портом Актау", "порте Актау"}),
        ("Средний коридор", {"Средний коридор", "Среднего коридора", "Среднему коридору",
                             "Средним коридором", "Среднем коридоре", "Среднем коридору"}),
        ("железная дорога Баку — Тбилиси — Карс", {
            "железная дорога Баку — Тбилиси — Карс", "железной дороги Баку — Тбилиси — Карс",
            "железной дороге Баку — Тбилиси — Карс", "железную дорогу Баку — Тбилиси — Карс",
            "железной дорогой Баку — Тбилиси — Карс", "железною дорогой Баку — Тбилиси — Карс"}),
    ],
)  # fmt: skip
def test_russian_names_decline_by_rule(name: str, forms: set[str]) -> None:
    assert russian_forms(name) == forms


def test_a_long_russian_name_declines_every_word_in_agreement() -> None:
    forms = russian_forms("Транскаспийский международный транспортный маршрут")
    assert "Транскаспийского международного транспортного маршрута" in forms
    assert "Транскаспийскому международному транспортному маршруту" in forms
    assert "Транскаспийским международным транспортным маршрутом" in forms
    # no mixed cases: the adjectives agree with the noun
    assert not any("Транскаспийского международному" in form for form in forms)
    assert {"китайский", "китайская", "китайского", "китайские", "китайских"} <= russian_forms("китайский")


def _linked(linker: Linker, sentence: str) -> tuple[set[str], set[str]]:
    links = linker.link_article(Article("a.txt", "a.txt", (sentence,)))
    return {link.segment_id for link in links}, {m.text for link in links for m in link.matches}


# (sentence, segments it must link, words it must highlight, segments it must not link)
POSITIVE = [
    # Russian: the TITR by its full name in the dative and its acronym; Kuryk in the genitive
    ("Паром из Курыка прибыл в порт Алят по Транскаспийскому международному транспортному маршруту (ТМТМ).",
     {"caspian-kuryk-alat", "kz-mangyshlak-kuryk", "cn-jinghe-khorgos", "tr-marmaray"},
     {"Курыка", "порт Алят", "Транскаспийскому международному транспортному маршруту", "ТМТМ"}, BTC),
    ("Грузы по Среднему коридору идут через Актау.", {"caspian-aktau-alat", "kz-beineu-aktau"},
     {"Среднему коридору", "Актау"}, BTC),
    ("Нефть прокачивают по нефтепроводу Баку — Тбилиси — Джейхан.", BTC,
     {"нефтепроводу Баку — Тбилиси — Джейхан"}, BTK),
    ("Объём перевозок по ТМТМ вырос, а паром из Курыка пришёл в Алят.", {"caspian-kuryk-alat"},
     {"ТМТМ", "Курыка", "Алят"}, set()),
    # Kazakh: case endings on the last word
    ("Құрық портынан Алятқа паром жөнелтілді, Ақтауға жүк келді.",
     {"caspian-kuryk-alat", "kz-mangyshlak-kuryk", "kz-beineu-aktau"},
     {"Құрық портынан", "Алятқа", "Ақтауға"}, BTC),
    ("Орта дәліз арқылы жүк тасымалы артты.", {"caspian-aktau-alat", "btk-akhalkalaki-kars"},
     {"Орта дәліз"}, BTC),
    ("Қорғаста контейнер пойызы тоқтады.", {"cn-jinghe-khorgos"}, {"Қорғаста"}, set()),
    # Kazakh: Russian spellings of places with Kazakh endings
    ("Курыктан Алятқа паром жөнелтілді, Хоргостағы құрғақ портқа контейнерлер келді.",
     {"caspian-kuryk-alat", "cn-jinghe-khorgos"}, {"Курыктан", "Алятқа", "Хоргостағы"}, BTC),
    # Kazakh typed on a Russian keyboard: its letters as their Russian look-alikes
    ("Курык портынан Алятка паром жонелтилди, Актауга жук келди.",
     {"caspian-kuryk-alat", "kz-mangyshlak-kuryk", "kz-beineu-aktau"},
     {"Курык портынан", "Алятка", "Актауга"}, BTC),
    ("Коргаста контейнер пойызы токтады.", {"cn-jinghe-khorgos"}, {"Коргаста"}, set()),
    # Turkish: a common-noun ending, an apostrophe ending on a proper noun
    ("Bakü-Tiflis-Kars demiryolunun kapasitesi artırılacak ve ilk tren Kars'a ulaştı.", BTK,
     {"Bakü-Tiflis-Kars demiryolunun", "Kars"}, BTC),
    ("Bakü-Tiflis-Ceyhan boru hattından petrol akışı sürüyor.", BTC,
     {"Bakü-Tiflis-Ceyhan boru hattından"}, BTK),
    ("Orta Koridor'da taşınan yük arttı.", {"caspian-kuryk-alat"}, {"Orta Koridor"}, BTC),
    ("İSTANBUL'DAN Marmaray ile geçen tren", {"tr-marmaray"}, {"İSTANBUL", "Marmaray"}, set()),
    # Azerbaijani: endings without an apostrophe, the schwa
    ("Ələt limanından Aktaua bərə yola düşdü, Bakıdan Tbilisiyə qatar gedir.",
     {"caspian-aktau-alat", "ge-tbilisi-poti"}, {"Ələt limanından", "Aktaua", "Bakıdan", "Tbilisiyə"}, BTC),
    ("Xəzər dənizi ilə daşımalar artır.", {"caspian-aktau-alat", "caspian-kuryk-alat"},
     {"Xəzər dənizi"}, BTC),
    ("Bakı-Tbilisi-Qars dəmir yolunun yükləri artıb.", BTK, {"Bakı-Tbilisi-Qars dəmir yolunun"}, BTC),
    # Georgian: the nominative -ი/-ა replaced by the ending
    ("ბაქო-თბილისი-ყარსის რკინიგზაზე მატარებელი თბილისიდან ახალქალაქში გავიდა.", BTK,
     {"ბაქო-თბილისი-ყარსის რკინიგზაზე", "თბილისიდან", "ახალქალაქში"}, BTC),
    ("ფოთის პორტში ტვირთის მოცულობა გაიზარდა.", {"ge-tbilisi-poti"}, {"ფოთის პორტში"}, set()),
    # Georgian: the adjective agreeing with its noun (ergative -მა, bare before -ზე), syncope
    ("ტრანსკასპიურმა მარშრუტმა და ბთჯ-ის ქართულ მონაკვეთზე ნავთობმა აქტაუ-ალათის ბორნით გაიარა.",
     {"caspian-aktau-alat", "btc-georgia", "tr-marmaray"},
     {"ტრანსკასპიურმა მარშრუტმა", "ბთჯ-ის ქართულ მონაკვეთზე", "აქტაუ-ალათის ბორნით"}, set()),
    ("ყაზახეთისა და აზერბაიჯანის ტვირთი ბაქო-თბილისი-ყარსის რკინიგზამაც გადაზიდა.", BTK,
     {"ბაქო-თბილისი-ყარსის რკინიგზამაც"}, BTC),
    # Chinese: no spaces, no word boundaries
    ("从霍尔果斯口岸出发的中欧班列经阿克套港抵达巴库。",
     {"cn-jinghe-khorgos", "kz-beineu-aktau", "az-alat-baku"}, {"霍尔果斯", "阿克套港", "巴库"}, BTC),
    ("跨里海国际运输路线的货运量继续增长。", {"caspian-aktau-alat", "tr-marmaray"},
     {"跨里海国际运输路线"}, BTC),
    ("巴库—第比利斯—卡尔斯铁路恢复运营。", BTK, {"巴库—第比利斯—卡尔斯铁路"}, BTC),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "linked", "words", "not_linked"), POSITIVE)
def test_sentences_in_each_language_link_their_segments(
    bundled_linker: Linker, sentence: str, linked: set[str], words: set[str], not_linked: set[str]
) -> None:
    segments, matched = _linked(bundled_linker, sentence)
    assert linked <= segments
    assert words <= matched
    assert not segments & not_linked


NEGATIVE = [
    "Президент Казахстана посетил Грузию с официальным визитом.",  # countries without transport
    "Грузинское вино и казахский кумыс представили на выставке.",
    "Уважаемые коллеги, Курыкова и Алятова наградили.",  # a stem inside another name
    "Bakü'de kültür festivali açıldı.",  # a city without transport
    "Çini ve seramik sergisi Ankara'da açıldı.",  # "çini" (tiles) is not China
    "Bakıda konsert keçirildi.",
    "თბილისში კონცერტი გაიმართა.",
    "თბილისელმა მხატვარმა გამოფენა გახსნა.",  # an adjective of a place name is not the place
    "ტრანსკასპიურ გაზსადენზე მოლაპარაკებები გაჭიანურდა.",  # Trans-Caspian, but another project
    "Актауда халықаралық кинофестиваль өтті.",  # a Russian spelling, a Kazakh ending, no transport
    "ფოთოლი ხიდან ჩამოვარდა.",  # a word that starts like Poti (ფოთი)
    "卡尔斯鲁厄的火车站很大。",  # Karlsruhe holds the Chinese for Kars
    "沿着1000公里海岸线有很多港口。",  # 公里 (km) + 海 holds 里海 (the Caspian)
    "广西安排了新的铁路项目。",  # 广西 + 安排 holds 西安 (Xi'an)
    "兰州拉面很好吃。",  # Lanzhou noodles: a city, no transport
]


@pytest.mark.parametrize("sentence", NEGATIVE)
def test_sentences_that_name_no_route_link_nothing(bundled_linker: Linker, sentence: str) -> None:
    assert _linked(bundled_linker, sentence) == (set(), set())


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Грузоперевозки через Актау выросли.", "Актау"),  # Russian transport word
        ("Ақтау порты арқылы транзит өсті.", "Ақтау порты"),
        ("Aktau'ya konteyner gemisi geldi.", "Aktau"),
        ("Aktaudan konteyner gəmisi gəldi.", "Aktaudan"),
        ("აქტაუში ტვირთი ჩამოვიდა.", "აქტაუში"),
        ("阿克套的集装箱运量增长。", "阿克套"),
    ],
)
def test_a_place_alone_links_when_its_language_speaks_of_transport(
    bundled_linker: Linker, sentence: str, word: str
) -> None:
    segments, matched = _linked(bundled_linker, sentence)
    assert "caspian-aktau-alat" in segments and word in matched


def test_highlights_are_the_original_words_whatever_the_folding(bundled_linker: Linker) -> None:
    """Offsets survive the Turkish İ, ё, dashes of every kind, doubled spaces and endings."""
    sentence = (
        "İSTANBUL  ve  Bakü\u2011Tiflis\u2012Kars demiryolunun yükü, Курык и Алят через Актау, паром ходит."
    )
    article = Article("a.txt", "a.txt", (sentence,))
    links = bundled_linker.link_article(article)
    assert links
    for link in links:
        for match in link.matches:
            assert link.sentence[match.start : match.end] == match.text
    words = {m.text for link in links for m in link.matches}
    assert {"İSTANBUL", "Bakü\u2011Tiflis\u2012Kars demiryolunun", "Курык", "Алят", "Актау"} <= words


def test_ru_yo_and_ye_are_one_letter(bundled_linker: Linker) -> None:
    for spelling in ("Ильичёвск — Поти", "Ильичевск – Поти", "ИЛЬИЧЁВСК-ПОТИ"):
        article = Article("a.txt", "a.txt", (f"Паром {spelling} возобновил рейсы.",))
        links = [link for link in bundled_linker.link_article(article) if link.specificity == SEGMENT]
        assert {link.segment_id for link in links} == {"blacksea-poti-chornomorsk"}, spelling


def test_a_folder_without_language_files_links_english_only(real_network, tmp_path: Path) -> None:
    folder = tmp_path / "vocab"
    folder.mkdir()
    for name in ("corridors.json", "countries.json"):
        shutil.copy(GEODATA / name, folder)
    linker = Linker.from_geodata(real_network, folder)
    assert linker.languages == ()
    assert _linked(linker, "Паром из Курыка прибыл в Алят.") == (set(), set())
    assert "caspian-kuryk-alat" in _linked(linker, "The Kuryk ferry sailed to Alat.")[0]


def test_kazakh_borrows_the_one_word_russian_place_names() -> None:
    kazakh = {lang.code: lang for lang in load_languages(GEODATA)}["kk"]
    assert {"Құрық", "Курык"} <= set(kazakh.names["nodes"]["kuryk-port"])
    assert "порт Курык" not in kazakh.names["nodes"]["kuryk-port"]  # Russian grammar, not Kazakh
    assert {"Хоргос", "Алтынколь"} <= set(kazakh.names["nodes"]["khorgos-altynkol"])


def test_borrowing_from_a_language_without_a_file_is_named(tmp_path: Path) -> None:
    folder = _copy_geodata(tmp_path)
    kk = folder / "aliases" / "kk.json"
    data = json.loads(kk.read_text("utf-8"))
    data["place_names_from"] = ["uz"]
    kk.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.raises(DataError, match=r"aliases/kk.json: 'place_names_from': no other language file uz"):
        load_languages(folder)
