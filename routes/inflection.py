"""Case forms of names in languages that inflect them: Russian and Georgian by rule, Turkic endings.

Russian changes the end of every word that agrees with the head noun ("Средний коридор" ->
"Среднего коридора", "Среднему коридору"...), so its forms are generated, whole phrases at a time.
Georgian adjectives agree with their noun too ("ტრანსკასპიური მარშრუტი" -> "ტრანსკასპიურ
მარშრუტზე", "ტრანსკასპიურმა მარშრუტმა"), so its forms are generated the same way, postpositions
included. Kazakh, Turkish and Azerbaijani add endings to the last word ("Ақтау" -> "Ақтауға",
"demiryolu" -> "demiryolunun"), so the linker accepts a name followed by one of its language's
endings instead of listing every form (see routes/aliases.py).
"""

from __future__ import annotations

# --- Russian ------------------------------------------------------------------------------------
# Singular forms in case order: nominative, genitive, dative, accusative, instrumental,
# prepositional. Each slot lists the endings that replace the nominative's; several where the
# choice depends on stress or on a letter the rule does not weigh (both are generated: a form
# that does not exist matches nothing).

Cases = tuple[tuple[str, ...], ...]  # one tuple of alternatives per case, in the order above

_HUSHING = "жшчщц"  # after these an unstressed -о- is written -е- (Польшей; Гянджой or Гянджей)
_VELAR_HUSHING = "гкхжшчщ"  # after these -ы is written -и (дороги, Жмеринки)
_VOWELS = "аеёиоуыэюя"

_ADJECTIVE_ENDINGS = ("ый", "ой", "ий", "ая", "яя", "ое", "ее", "ые", "ие")


def _is_adjective(word: str) -> bool:
    return len(word) > 4 and word[-2:] in _ADJECTIVE_ENDINGS and not word.isupper()


def _adjective_cases(stem: str, gender: str, soft: bool, nominative: str) -> Cases:
    """Endings of an adjective by case: gender m, f, n or p(lural); soft as in "средний";
    `nominative` is the masculine ending as written (-ый, -ой or -ий)."""
    i = "и" if soft or stem[-1:] in _VELAR_HUSHING else "ы"  # китайским, but новым
    if gender == "m":
        if soft:
            return (("ий",), ("его",), ("ему",), ("ий",), ("им",), ("ем",))
        return ((nominative,), ("ого",), ("ому",), (nominative,), (i + "м",), ("ом",))
    if gender == "f":
        if soft:
            return (("яя",), ("ей",), ("ей",), ("юю",), ("ей",), ("ей",))
        oj = ("ой", "ей") if stem[-1:] in _HUSHING else ("ой",)  # свежей
        return (("ая",), oj, oj, ("ую",), (*oj, "ою"), oj)
    if gender == "n":
        if soft:
            return (("ее",), ("его",), ("ему",), ("ее",), ("им",), ("ем",))
        return (("ое",), ("ого",), ("ому",), ("ое",), (i + "м",), ("ом",))
    return ((i + "е",), (i + "х",), (i + "м",), (i + "е",), (i + "ми",), (i + "х",))


_GENDER = {"ый": "m", "ой": "m", "ий": "m", "ая": "f", "яя": "f", "ое": "n", "ее": "n", "ые": "p", "ие": "p"}


def _adjective_forms(word: str, gender: str | None = None) -> list[tuple[str, ...]]:
    """An adjective's forms by case, in its own gender or the one given."""
    stem, ending = word[:-2], word[-2:]
    soft = ending in ("яя", "ее") or (ending == "ий" and stem[-1:] not in "гкх")  # средний, общий
    masculine = ending if _GENDER[ending] == "m" else ("ий" if soft or stem[-1:] in _VELAR_HUSHING else "ый")
    cases = _adjective_cases(stem, gender or _GENDER[ending], soft, masculine)
    return [tuple(stem + e for e in slot) for slot in cases]


def _every_adjective_form(word: str) -> set[str]:
    """An adjective standing alone ("китайский") speaks of its country in any gender and number."""
    return {form for gender in "mfnp" for slot in _adjective_forms(word, gender) for form in slot}


def _noun_cases(word: str) -> list[tuple[str, ...]]:
    """The singular forms of a noun or place name by case, by its ending; all alike if it does
    not decline."""
    last, stem = word[-1], word[:-1]
    same = [(word,)] * 6
    # Abbreviations (ТМТМ, БТК) and foreign names ending in a vowel other than -а/-я (Баку, Актау,
    # Тбилиси, Гебзе, Алматы) do not decline; common nouns in -о/-е (море) do.
    if word.isupper() or not word.replace("-", "").isalpha():
        return same
    if last in _VOWELS and last not in "аяео":
        return same
    if last in "ео" and word[0].isupper():
        return same
    if last in "ая" and word[-2:-1] in _VOWELS and not word.endswith("ия"):
        return same  # Самтредиа: a foreign name in vowel + а does not decline
    if word.endswith("ия"):  # Грузия
        return [(word,), (stem + "и",), (stem + "и",), (stem + "ю",), (stem + "ей",), (stem + "и",)]
    if last == "а":
        y = stem + ("и" if stem[-1:] in _VELAR_HUSHING else "ы")
        ins = (stem + "ой", stem + "ей") if stem[-1:] in _HUSHING else (stem + "ой",)
        return [(word,), (y,), (stem + "е",), (stem + "у",), ins, (stem + "е",)]
    if last == "я":
        return [(word,), (stem + "и",), (stem + "е",), (stem + "ю",), (stem + "ей",), (stem + "е",)]
    if last == "о":
        return [(word,), (stem + "а",), (stem + "у",), (word,), (stem + "ом",), (stem + "е",)]
    if last == "е":  # море; сообщение -> сообщении
        prep = stem + "и" if word.endswith("ие") else word
        return [(word,), (stem + "я",), (stem + "ю",), (word,), (stem + "ем",), (prep,)]
    if last == "й":  # Китай, Мармарай
        return [(word,), (stem + "я",), (stem + "ю",), (word,), (stem + "ем",), (stem + "е",)]
    if last == "ь":  # masculine (Сиань, тоннель; путь -> пути) or feminine (Обь): both
        return [(word,), (stem + "я", stem + "и"), (stem + "ю", stem + "и"), (word,),
                (stem + "ем", stem + "ью"), (stem + "е", stem + "и")]  # fmt: skip
    ins = (word + "ом", word + "ем") if last in _HUSHING else (word + "ом",)
    return [(word,), (word + "а",), (word + "у",), (word,), ins, (word + "е", word + "у")]  # в порту


def russian_forms(phrase: str) -> set[str]:
    """The nominative and singular case forms of a Russian name, the words of a phrase agreeing.

    The leading adjectives and the first noun decline together ("Транскаспийский международный
    транспортный маршрут" -> "Транскаспийского международного транспортного маршрута"); what
    follows the noun depends on it and keeps its form ("порт Актау" -> "порта Актау").
    """
    words = phrase.split()
    if not words:
        return set()
    if len(words) == 1 and _is_adjective(words[0]):
        return _every_adjective_form(words[0])
    head = 0
    while head < len(words) - 1 and _is_adjective(words[head]):
        head += 1
    declining = [_adjective_forms(w) for w in words[:head]] + [_noun_cases(words[head])]
    rest = words[head + 1 :]
    forms: set[str] = set()
    for case in range(6):
        variants = [""]
        for word_cases in declining:
            variants = [f"{v} {form}".lstrip() for v in variants for form in word_cases[case]]
        forms.update(" ".join([v, *rest]) for v in variants)
    return forms


# --- Georgian -----------------------------------------------------------------------------------
# The tables of "Georgian grammar" (Wikipedia; read in its mirrors liquisearch.com/georgian_grammar/
# nouns and /adjectives, primidi.com/georgian_grammar/adpositions) and Wiktionary's declension
# tables, which decline whole phrases (ნაკურთხი წყალი: ნაკურთხმა წყალმა, ნაკურთხ წყალს, ნაკურთხი
# წყლის) and give each postposition on the case it governs (საცხოვრებელ ოთახზე, საცხოვრებელი
# ოთახისთვის, ღია ურთიერთობასთან):
# - a noun whose stem ends in a consonant takes -ი, -მა, -ს, -ის, -ით, -ად (nominative, ergative,
#   dative, genitive, instrumental, adverbial); one in -ა/-ე ("truncating") -∅, -მ, -ს, -ის, -ით, -დ,
#   losing its vowel in the genitive and instrumental; one in -ო/-უ -∅, -მ, -ს, -ს, -თი, -დ;
# - postpositions are written onto a case: -ში, -ზე (the dative's -ს drops; after a vowel -თან
#   keeps it: ანკარასთან), -თვის, -კენ, -გან on the genitive, -დან on the instrumental (its -თ
#   drops), -მდე on the adverbial (its -დ drops);
# - an adjective before its noun whose stem ends in a consonant is -ი in the nominative, genitive
#   and instrumental, -მა in the ergative and bare in the dative and adverbial (ტრანსკასპიურ
#   მარშრუტზე, ტრანსკასპიური მარშრუტიდან); one ending in a vowel (შუა, სატრანსპორტო) never changes;
# - a consonant-final case form takes -ა before და "and" or for euphony (ყაზახეთისა და; Wiktionary
#   "-ა"), and the particle -ც "also" (-აც after a consonant: ბაქოსაც): those are endings after
#   any form (`suffixes` in geodata/aliases/ka.json), not forms of their own.
# Proper names ending in -ა/-ე are written both ways in the genitive (ანკარის, კაპიკულეს): both
# are generated. A form that does not exist matches nothing.

_KA_TRUNCATING, _KA_FULL_VOWEL = "აე", "ოუ"
# Nouns of the map's names whose stem loses a vowel before a vowel ending (Wiktionary: დერეფანი,
# ბორანი like ყორანი -> ყორნის); syncope is a property of the word, not of its shape (დესპანის).
_KA_SYNCOPE = {"დერეფანი": "დერეფნ", "ბორანი": "ბორნ"}

# The cases by what they do to an adjective before the noun: -ი, -მა or bare.
_FULL, _ERGATIVE, _BARE = "ი", "მა", ""


def _georgian_noun(word: str) -> list[tuple[str, str]]:
    """(form, adjective ending) of a noun in every case, postpositions included."""
    last, stem = word[-1:], word[:-1]
    if last == "ი" and len(word) > 2:
        oblique = _KA_SYNCOPE.get(word, stem)
        return [
            (stem + "ი", _FULL), (stem + "მა", _ERGATIVE),
            (stem + "ს", _BARE), (stem + "ში", _BARE), (stem + "ზე", _BARE), (stem + "თან", _BARE),
            *((oblique + e, _FULL) for e in ("ის", "ისთვის", "ისკენ", "ისგან", "ით", "იდან")),
            (oblique + "ად", _BARE), (oblique + "ამდე", _BARE),
        ]  # fmt: skip
    if last and last in _KA_TRUNCATING + _KA_FULL_VOWEL:
        forms = [
            (word, _FULL), (word + "მ", _ERGATIVE),
            *((word + e, _BARE) for e in ("ს", "ში", "ზე", "სთან", "დ", "მდე")),
            *((word + e, _FULL) for e in ("ს", "სთვის", "სკენ", "სგან", "თი", "დან")),
        ]  # fmt: skip
        if last in _KA_TRUNCATING:
            forms += [(stem + e, _FULL) for e in ("ის", "ისთვის", "ისკენ", "ისგან", "ით", "იდან")]
        return forms
    return [(word, _FULL)]


def georgian_forms(phrase: str) -> set[str]:
    """The forms of a Georgian name in every case and before every postposition, the adjectives
    before the noun agreeing with it (the last word is the noun; genitives before it stay).

    Every word before the last that ends in -ი is taken for an adjective whose stem ends in a
    consonant (ტრანსკასპიური, ქართული, ახალი); the map's names put genitives (-ის, -ს) or
    invariable adjectives (-ო, -ა) there otherwise.
    """
    words = phrase.split()
    if not words:
        return set()
    *before, head = words
    if head[-1:] not in "აეიოუ":
        return {phrase}  # an abbreviation (ბთყ) or a form given as it is
    forms: set[str] = set()
    for noun, adjective in _georgian_noun(head):
        agreeing = [w[:-1] + adjective if w.endswith("ი") and len(w) > 2 else w for w in before]
        forms.add(" ".join([*agreeing, noun]))
    return forms
