"""Normalised text: names match across case, dashes and spaces, offsets map back to the original."""

from __future__ import annotations

import pytest

from routes.normalise import alias_keys, normalise, normalise_alias, normalise_paragraphs

EN, EM = "\u2013", "\u2014"


def test_normalise_maps_offsets_back_to_the_original() -> None:
    text = f"Baku  {EN}  Tbilisi"
    norm, to_orig = normalise(text)
    assert norm == "baku tbilisi"
    start = norm.index("tbilisi")
    assert text[to_orig(start) : to_orig(len(norm) - 1) + 1] == "Tbilisi"


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("Baku\u2013Tbilisi\u2013Ceyhan", "baku tbilisi ceyhan"),
        ("Baku-Tbilisi-Ceyhan", "baku tbilisi ceyhan"),
        ("BAKU  TBILISI\u2014CEYHAN", "baku tbilisi ceyhan"),
        ("Kazakhstan\u2019s", "kazakhstan's"),
    ],
)
def test_compound_names_fold_to_one_key(alias: str, key: str) -> None:
    assert normalise_alias(alias) == key


def test_aliases_are_found_with_and_without_accents() -> None:
    assert alias_keys("T\u00fcrkiye") == {"t\u00fcrkiye", "turkiye"}


def test_turkish_dotted_capital_i_keeps_offsets() -> None:
    text = "\u0130stanbul port"
    norm, to_orig = normalise(text)
    assert len(norm) == len(text) and norm.endswith("port")
    assert text[to_orig(0) : to_orig(7) + 1] == "\u0130stanbul"


def test_every_unicode_dash_folds_like_a_hyphen() -> None:
    import unicodedata

    from routes.normalise import DASHES

    dashes = [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Pd"]
    assert set(dashes) <= set(DASHES)
    for dash in DASHES:
        assert normalise_alias(f"Baku{dash}Tbilisi") == "baku tbilisi", hex(ord(dash))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ильичёвск", "Ильичевск"),  # Cyrillic ё is often written е
        ("ИЛЬИЧЁВСК", "ильичевск"),
        ("Ələt", "\u04d8l\u04d9t"),  # Azerbaijani schwa typed as the Cyrillic letter (Kazakh's ә)
        ("Ələt", "Ǝlǝt"),  # or as the turned e
        ("Сексеуіл", "Сексеуiл"),  # Kazakh і typed as Latin i
        ("Қорғас", "Коргас"),  # Kazakh letters typed as their Russian look-alikes
        ("Алтынкөл", "Алтынкол"),
        ("Маңғыстау", "Мангыстау"),
        ("жүк құбыры", "жук кубыры"),
        ("ҚАЗАҚСТАН", "казакстан"),
        ("İSTANBUL", "istanbul"),  # Turkish dotted capital I
        ("Xi’an", "XI'AN"),
    ],
)
def test_each_scripts_variant_letters_fold_to_one_key(one: str, other: str) -> None:
    assert normalise_alias(one) == normalise_alias(other)


def test_turkish_dotless_i_is_found_with_and_without_its_dot() -> None:
    assert alias_keys("Bakı") == {"bakı", "baki"}
    assert normalise("BAKI")[0] == "baki"  # upper-case I lowers to i: the accentless key matches


@pytest.mark.parametrize(
    "text",
    [
        "Паром  Ильичёвск\u2014Поти ходит",
        "İstanbul\u00a0\u2013 Kars’a  tren",
        "\u04d8l\u04d9t   limanı",
        "巴库\u3000—\u3000第比利斯",
    ],
)
def test_folding_keeps_offsets_into_the_original(text: str) -> None:
    norm, to_orig = normalise(text)
    for i, ch in enumerate(norm):
        original = text[to_orig(i)]
        assert normalise(original)[0] in (ch, " ") or ch == " ", (i, ch, original)
    words = norm.split(" ")
    pos = 0
    for word in words:
        start = norm.index(word, pos)
        end = start + len(word)
        assert normalise_alias(text[to_orig(start) : to_orig(end - 1) + 1]) == word
        pos = end


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("“We are ready,” he said.", "Baku–Tbilisi–Ceyhan pipeline: “oil” — Kars’ line."),
        ("Паром  Ильичёвск\u2014Поти ходит.", "İSTANBUL\u00a0\u2013 KARS’A", "plain ASCII"),
        ("ΟΔΟΣ ΣΙΔΗΡΟΔΡΟΜΟΣ.", "«ΟΔΟΣ» ‘Σ’", "巴库\u3000—\u3000第比利斯。"),
        ("Kazakh: \u04d8l\u04d9t \u0456 \u01dd", "", "x"),
    ],
)
def test_an_articles_paragraphs_normalise_as_their_joined_text(paragraphs: tuple[str, ...]) -> None:
    # The linker folds an article paragraph by paragraph (most English ones on the ASCII path).
    norm, to_orig = normalise_paragraphs(paragraphs)
    joined = "\x00".join(paragraphs)
    expected, expected_map = normalise(joined)
    assert norm == expected
    assert [to_orig(i) for i in range(len(norm))] == [expected_map(i) for i in range(len(norm))]
