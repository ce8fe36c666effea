"""Normalised text: names match across case, dashes and spaces, offsets map back to the original."""

from __future__ import annotations

import pytest

from routes.normalise import alias_keys, normalise, normalise_alias

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
