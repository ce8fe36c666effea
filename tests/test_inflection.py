"""Georgian names declined by rule: every case and postposition, adjectives agreeing with the noun."""

from __future__ import annotations

import pytest

from routes.inflection import georgian_forms

# The six cases of a noun, in the order nominative, ergative, dative, genitive, instrumental,
# adverbial, as the declension tables of Wikipedia's "Georgian grammar" give them.
CASES = [
    # a consonant stem: -ი, -მა, -ს, -ის, -ით, -ად
    ("თბილისი", ["თბილისი", "თბილისმა", "თბილისს", "თბილისის", "თბილისით", "თბილისად"]),
    # a truncating stem in -ა: its vowel is lost in the genitive and instrumental
    ("ანკარა", ["ანკარა", "ანკარამ", "ანკარას", "ანკარის", "ანკარით", "ანკარად"]),
    # a stem in -ო keeps it: -∅, -მ, -ს, -ს, -თი, -დ
    ("საქართველო", ["საქართველო", "საქართველომ", "საქართველოს", "საქართველოს", "საქართველოთი",
                    "საქართველოდ"]),
    # a noun that loses a vowel in the genitive, instrumental and adverbial (syncope)
    ("შუა დერეფანი", ["შუა დერეფანი", "შუა დერეფანმა", "შუა დერეფანს", "შუა დერეფნის", "შუა დერეფნით",
                      "შუა დერეფნად"]),
    # the adjective: -ი in the nominative, genitive and instrumental, -მა in the ergative, bare in
    # the dative and adverbial
    ("ტრანსკასპიური მარშრუტი", ["ტრანსკასპიური მარშრუტი", "ტრანსკასპიურმა მარშრუტმა",
                                "ტრანსკასპიურ მარშრუტს", "ტრანსკასპიური მარშრუტის",
                                "ტრანსკასპიური მარშრუტით", "ტრანსკასპიურ მარშრუტად"]),
    # a genitive before the noun does not agree; the noun in -ა declines
    ("ბაქო-თბილისი-ყარსის რკინიგზა", ["ბაქო-თბილისი-ყარსის რკინიგზა", "ბაქო-თბილისი-ყარსის რკინიგზამ",
                                      "ბაქო-თბილისი-ყარსის რკინიგზას", "ბაქო-თბილისი-ყარსის რკინიგზის",
                                      "ბაქო-თბილისი-ყარსის რკინიგზით", "ბაქო-თბილისი-ყარსის რკინიგზად"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "cases"), CASES, ids=[name for name, _ in CASES])
def test_a_georgian_name_has_each_case(name: str, cases: list[str]) -> None:
    assert set(cases) <= georgian_forms(name)


# Postpositions written onto the case they govern: -ში, -ზე, -თან on the dative (its -ს lost;
# kept before -თან after a vowel), -თვის, -კენ, -გან on the genitive, -დან on the instrumental
# (its -თ lost), -მდე on the adverbial (its -დ lost); the adjective takes that case's form.
POSTPOSITIONS = [
    ("თბილისი", {"თბილისში", "თბილისზე", "თბილისთან", "თბილისისთვის", "თბილისისკენ", "თბილისიდან",
                 "თბილისამდე"}),
    ("ანკარა", {"ანკარაში", "ანკარასთან", "ანკარისკენ", "ანკარიდან", "ანკარამდე"}),
    ("ბაქო", {"ბაქოში", "ბაქოსთან", "ბაქოსთვის", "ბაქოდან", "ბაქომდე"}),
    ("ტრანსკასპიური მარშრუტი", {"ტრანსკასპიურ მარშრუტზე", "ტრანსკასპიურ მარშრუტში",
                                "ტრანსკასპიური მარშრუტისთვის", "ტრანსკასპიური მარშრუტიდან",
                                "ტრანსკასპიურ მარშრუტამდე"}),
    ("ბთჯ-ის ქართული მონაკვეთი", {"ბთჯ-ის ქართულ მონაკვეთზე", "ბთჯ-ის ქართული მონაკვეთიდან"}),
    ("აქტაუ-ალათის ბორანი", {"აქტაუ-ალათის ბორნით", "აქტაუ-ალათის ბორანზე"}),
    ("ახალი აბრეშუმის გზა", {"ახალ აბრეშუმის გზაზე", "ახალმა აბრეშუმის გზამ", "ახალი აბრეშუმის გზის"}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "forms"), POSTPOSITIONS, ids=[name for name, _ in POSTPOSITIONS])
def test_postpositions_follow_the_case_they_govern(name: str, forms: set[str]) -> None:
    assert forms <= georgian_forms(name)


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        # the adjective never mixes cases with its noun
        ("ტრანსკასპიური მარშრუტი", {"ტრანსკასპიური მარშრუტს", "ტრანსკასპიურ მარშრუტის",
                                    "ტრანსკასპიური მარშრუტზე", "ტრანსკასპიურ მარშრუტიდან",
                                    "ტრანსკასპიურმა მარშრუტს"}),
        # an invariable adjective (in a vowel) keeps its form
        ("შუა დერეფანი", {"შუ დერეფანს", "შუამა დერეფანმა"}),
        # the nominative -ი is not kept before -ში/-ზე, and a non-syncopating noun keeps its vowel
        ("თბილისი", {"თბილისიში", "თბილისიზე", "თბილსის"}),
    ],
)  # fmt: skip
def test_no_form_mixes_cases(name: str, wrong: set[str]) -> None:
    assert not wrong & georgian_forms(name)


def test_an_abbreviation_or_a_form_given_as_it_is_stays_as_written() -> None:
    assert georgian_forms("ბთყ") == {"ბთყ"}
    assert georgian_forms("") == set()
