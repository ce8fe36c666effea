"""Text as the linker matches it: case, dashes, spaces and apostrophes folded, offsets kept."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics to their base letter ("Türkiye" -> "Turkiye")."""
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base.isascii() and base.isalpha():
            table[cp] = base
    table.update({ord(c): r for c, r in zip("\u0131\u018f\u0259\u00d8\u00f8\u0141\u0142\u0110\u0111",
                                            "iEeOoLlDd", strict=True)})
    return table


_ACCENTS = _accent_table()
# Every dash of Unicode (category Pd; a test enumerates them) and the minus signs.
DASHES = (
    "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b"
    "\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212\u207b\u208b"
)
# Kazakh typed on a Russian keyboard writes its own letters as their Russian look-alikes (Қорғас as
# Коргас, жүк as жук); no Russian word holds them, so folding costs Russian nothing. Lower case (the
# search index folds the capitals too).
KAZAKH_LOOKALIKES = {"қ": "к", "ғ": "г", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х"}
# Length-preserving folds applied to the lowered text: dashes and spaces to " ", apostrophes to "'",
# and the letters each script writes two ways: Cyrillic "ё" is written "е" as often as not; the
# Azerbaijani schwa is typed as Cyrillic "ә" (Kazakh's letter, folded the same way there) or as
# "ǝ"; Kazakh "і" is typed as Latin "i". Aliases go through the same folds, so both spellings meet.
_CHAR_FOLDS: tuple[tuple[str, str], ...] = (
    *((c, " ") for c in DASHES + "\t\n\r\v\f"),
    ("`", "'"),
    *((c, " ") for c in "\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"),
    *((chr(cp), " ") for cp in range(0x2000, 0x200B)),
    *((c, "'") for c in "\u2018\u2019\u201a\u201b\u02bc\u00b4\u2032\uff07"),
    *((c, '"') for c in "\u201c\u201d"),  # no name holds a quote: only for the ASCII fast path below
    ("\u0451", "\u0435"),  # ё -> е
    ("\u04d9", "\u0259"),  # Cyrillic ә -> Latin ə
    ("\u01dd", "\u0259"),  # ǝ (turned e) -> ə
    ("\u0456", "i"),  # Cyrillic і -> Latin i
    *KAZAKH_LOOKALIKES.items(),
)
_ASCII_FOLDS = tuple(pair for pair in _CHAR_FOLDS if pair[0].isascii())
# The non-ASCII characters of most English paragraphs (quotes, apostrophes, dashes), folded before
# lowering, so that such a paragraph is ASCII and lowers on str.lower's fast path.
_PUNCTUATION_FOLDS = tuple(pair for pair in _CHAR_FOLDS if pair[0] in "\u201c\u201d\u2019\u2018\u2013\u2014")
_OTHER_FOLDS = dict(pair for pair in _CHAR_FOLDS if not pair[0].isascii())
# The folds by the first byte of their UTF-8 form, as an int: `int in bytes` is a memchr, while a
# bytes needle is first tried as an int, which makes CPython build and drop a TypeError with a
# formatted message (~1,800 instructions) before it searches.
_OTHER_FOLDS_BY_LEAD = tuple(
    (lead, tuple((c, r) for c, r in _OTHER_FOLDS.items() if c.encode()[0] == lead))
    for lead in dict.fromkeys(c.encode()[0] for c in _OTHER_FOLDS)
)
_SPACE_RUNS = re.compile("  +")  # a literal first: the regex engine skips ahead to it


class _Offsets:
    """Maps offsets in the normalised text back to the original (space runs were collapsed)."""

    __slots__ = ("norm_starts", "shifts")

    def __init__(self, norm_starts: list[int], shifts: list[int]) -> None:
        self.norm_starts = norm_starts
        self.shifts = shifts

    def __call__(self, i: int) -> int:
        if len(self.shifts) == 1:
            return i
        return i + self.shifts[bisect_right(self.norm_starts, i) - 1]


IDENTITY = _Offsets([0], [0])  # the map of a text whose offsets did not move


def normalise(text: str) -> tuple[str, _Offsets]:
    """Fold case, dashes, spaces and apostrophes; return the text and an offset map.

    Accents are not folded here (too slow on every text); aliases are registered both with and
    without them instead. str.replace per folded character beats str.translate ~20x on text that
    is mostly ASCII.
    """
    return normalise_paragraphs((text,))


def normalise_paragraphs(paragraphs: Sequence[str]) -> tuple[str, _Offsets]:
    """normalise("\x00".join(paragraphs)), for an article, with less work on its ASCII paragraphs.

    One curly quote or dash makes a whole text non-ASCII, and then str.lower goes through the
    Unicode tables for every character (~10x the instructions of the ASCII path) and each fold is sought
    in the whole text. So each paragraph is lowered apart, after folding its quotes and dashes
    (which makes most English paragraphs ASCII), and only the paragraphs still not ASCII are
    searched for the other folds. The result is the same: lowering depends on a character's
    neighbours only for a capital sigma, whose context ends at the NUL as at a paragraph's end,
    and the early folds keep whether a character is "case-ignorable" there (’ and ' both are).
    """
    lowered_parts = []
    for p in paragraphs:
        if not p.isascii():
            # Each of these folds to an ASCII character that has no case, as it would after lowering.
            for char, replacement in _PUNCTUATION_FOLDS:
                if char in p:
                    p = p.replace(char, replacement)
        lowered_parts.append(p.lower())
    lowered = "\x00".join(lowered_parts)
    if len(lowered) != sum(map(len, paragraphs)) + len(paragraphs) - 1:
        # "İ" (Turkish) lowers to two characters; offsets must not move.
        text = "\x00".join(paragraphs)
        lowered = text.replace("\u0130", "i").lower()
        if len(lowered) != len(text):  # rarer such letters: the slow way
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        return _folded(lowered, lowered)
    return _folded(lowered, "\x00".join([p for p in lowered_parts if not p.isascii()]))


def _folded(lowered: str, others: str) -> tuple[str, _Offsets]:
    """The folds of a lowered text; `others` holds (at least) its non-ASCII characters."""
    for char, replacement in _ASCII_FOLDS:
        if char in lowered:
            lowered = lowered.replace(char, replacement)
    if not others.isascii():
        # An `in` test per character (memchr on its low byte) beats one regex scan, but on
        # Cyrillic, Georgian or Chinese text many low bytes collide and memchr gives way to a plain
        # loop; so the first bytes of their UTF-8 forms are looked for first: most are absent.
        encoded = others.encode("utf-8", "surrogatepass")
        for lead, folds in _OTHER_FOLDS_BY_LEAD:
            if lead in encoded:
                for char, replacement in folds:
                    if char in others:
                        lowered = lowered.replace(char, replacement)
    if "  " not in lowered:
        return lowered, IDENTITY
    pieces: list[str] = []
    starts, shifts = [0], [0]
    removed = prev = 0
    for m in _SPACE_RUNS.finditer(lowered):
        a, b = m.span()
        pieces.append(lowered[prev : a + 1])
        removed += b - a - 1
        prev = b
        starts.append(b - removed)
        shifts.append(removed)
    pieces.append(lowered[prev:])
    return "".join(pieces), _Offsets(starts, shifts)


def normalise_alias(alias: str) -> str:
    """An alias as the automaton stores it (case, dashes, spaces and apostrophes folded)."""
    return normalise(alias)[0].strip()


def alias_keys(alias: str) -> set[str]:
    """The normalised forms an alias is looked up by: as written, and without accents."""
    keys = {normalise_alias(alias), normalise_alias(alias.translate(_ACCENTS))}
    return {k for k in keys if len(k) >= 2}


def place_key(name: str) -> str:
    """A place name as people type it, folded: case, accents, dashes, apostrophes and spaces ignored.

    "Xi'an", "Xian" and "XI’AN" are one key, as are "İstanbul" and "istanbul".
    """
    folded = normalise_alias(name.translate(_ACCENTS)).replace("i\u0307", "i")
    return "".join(ch for ch in folded if ch.isalnum())
