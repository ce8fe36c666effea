"""Text as the linker matches it: case, dashes, spaces and apostrophes folded, offsets kept."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right


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
# Length-preserving folds applied to the text: dashes and spaces to " ", apostrophes to "'".
_CHAR_FOLDS: tuple[tuple[str, str], ...] = (
    *((c, " ") for c in "-\t\n\r\v\f"),
    ("`", "'"),
    *((c, " ") for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"),
    *((c, " ") for c in "\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"),
    *((chr(cp), " ") for cp in range(0x2000, 0x200B)),
    *((c, "'") for c in "\u2018\u2019\u201a\u201b\u02bc\u00b4\u2032"),
)
_ASCII_FOLDS = tuple(pair for pair in _CHAR_FOLDS if pair[0].isascii())
_SPACE_RUNS = re.compile(r" {2,}")


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
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" (Turkish) lowers to two characters; offsets must not move
        lowered = text.replace("\u0130", "i").lower()
        if len(lowered) != len(text):  # rarer such letters: the slow way
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char, replacement in _ASCII_FOLDS if lowered.isascii() else _CHAR_FOLDS:
        if char in lowered:
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
