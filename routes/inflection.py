"""Case forms of names in languages that inflect them: Russian by rule, Turkic and Georgian endings.

Russian changes the end of every word that agrees with the head noun ("Средний коридор" ->
"Среднего коридора", "Среднему коридору"...), so its forms are generated, whole phrases at a time.
Kazakh, Turkish, Azerbaijani and Georgian add endings to the last word ("Ақтау" -> "Ақтауға",
"demiryolu" -> "demiryolunun", "თბილისი" -> "თბილისში"), so the linker accepts a name followed by
one of its language's endings instead of listing every form (see routes/aliases.py).
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
