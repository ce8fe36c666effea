"""Sentences: where a sentence starts and ends in a paragraph (abbreviations, decimals, quotes)."""

from __future__ import annotations

import re

# Punctuation (a run of it: "...", "?!"), closing quotes or brackets, then space or the end. Starting
# with a character class lets the regex engine skip ahead to candidates (2x faster than an
# alternation with "\.{3}", which a run of [.!?…] already covers); written "[…][…]*", not "[…]+":
# the engine skips ahead only for a pattern that starts with a plain class, and a repeat first
# made it try a match at every character (1.7x slower).
# Chinese full stops (。！？) end a sentence with no space after them.
_STOPS = "[.!?\u2026\u3002\uff01\uff1f]"
_AFTER_STOP = (
    _STOPS + r"*[\"\u201d\u2019'\u00bb)\]\u300d\u300f\uff09]*()"
    r"(?:\s+|$|(?<=[\u3002\uff01\uff1f])|(?<=[\u3002\uff01\uff1f][\u201d\u2019\u300d\u300f\uff09]))"
)
_BOUNDARY = re.compile(_STOPS + _AFTER_STOP)
# The same boundaries in a paragraph whose only stop is the full stop (94 % of those the linker
# looks in): the engine skips to a pattern's first literal with a plain loop, but tests each
# character against a class of seven stops with a call (~40 instructions a character).
_FULL_STOP_BOUNDARY = re.compile(r"\." + _AFTER_STOP)
_OTHER_STOPS = tuple("!?\u2026\u3002\uff01\uff1f")  # a tuple: iterating a str makes a str per item
# Abbreviations after which a sentence never ends (a name or number follows).
_NEVER_END = frozenset(
    [
        *("mr", "mrs", "ms", "dr", "prof", "st", "mt", "gen", "gov", "sen", "rep", "capt", "col"),
        *("lt", "sgt", "rev", "hon", "pres", "messrs", "no", "nos", "vs", "e.g", "i.e", "cf"),
        *("fig", "vol", "pp", "p", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug"),
        *("sep", "sept", "oct", "nov", "dec"),
    ]
)
# Abbreviations that may end a sentence: split only when a capital letter follows.
_MAY_END = frozenset(
    {"etc", "inc", "ltd", "co", "corp", "jr", "sr", "bros", "u.s", "u.k", "u.n", "e.u", "a.m"} | {"p.m"}
)

# Georgian letters are lowercase to Unicode (Mtavruli capitals exist) but the script is written
# without capitals, so a Georgian word after a full stop starts a sentence.
_CASELESS_FIRST, _CASELESS_LAST = "\u10d0", "\u10ff"

_LONGEST_ABBREVIATION = max(map(len, _NEVER_END | _MAY_END))
_OPENERS = "(\"\u201c\u2018'["  # stripped from the front of the word before a full stop


def _ends_sentence(paragraph: str, m: re.Match[str]) -> bool:
    """Whether a candidate boundary (punctuation + space) really ends a sentence; looks locally."""
    after = m.end()
    nxt = paragraph[after] if after < len(paragraph) else ""
    if nxt and ((nxt.islower() and not _CASELESS_FIRST <= nxt <= _CASELESS_LAST) or nxt in ",;:"):
        return False  # "etc. and", "… he said": the sentence goes on
    cut = m.start()
    if paragraph[cut] == ".":
        word_start = paragraph.rfind(" ", 0, cut)
        # (Most paragraphs are one line: an `in` is a memchr, an rfind with bounds parses them.)
        if "\n" in paragraph:
            newline = paragraph.rfind("\n", word_start + 1, cut)
            if newline > word_start:
                word_start = newline
        # Most words before a full stop are longer than any abbreviation (lower() never shortens).
        if cut - word_start - 1 > _LONGEST_ABBREVIATION and paragraph[word_start + 1] not in _OPENERS:
            return True
        word = paragraph[word_start + 1 : cut].lstrip(_OPENERS).lower()
        if word in _NEVER_END or (len(word) == 1 and word.isalpha()):
            return False
        if word in _MAY_END and not nxt.isupper():
            return False
    return True


def split_sentences(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans (start, end) in a paragraph; handles abbreviations, decimals and quotes."""
    spans: list[tuple[int, int]] = []
    start = len(paragraph) - len(paragraph.lstrip())
    for m in _BOUNDARY.finditer(paragraph):
        if not _ends_sentence(paragraph, m):
            continue
        end = m.start(1)
        if end > start:
            spans.append((start, end))
        start = m.end()
    tail = len(paragraph.rstrip())
    if start < tail:
        spans.append((start, tail))
    return tuple(spans)


def _boundary_for(paragraph: str) -> re.Pattern[str]:
    """A pattern finding the boundaries _BOUNDARY finds in this paragraph, the quicker one if it can."""
    for stop in _OTHER_STOPS:
        if stop in paragraph:  # a memchr each
            return _BOUNDARY
    return _FULL_STOP_BOUNDARY


_BOUNDARY_CHARS = frozenset(".!?\u2026\"\u201d\u2019'\u00bb)]\u3002\uff01\uff1f\u300d\u300f\uff09")
_CJK_STOPS = frozenset("\u3002\uff01\uff1f")
_LOOK_BACK = 80  # characters scanned back for a sentence start before widening the window (about a
# sentence: 200 scanned earlier sentences for nothing: 3-4 % of the benchmark's instructions)


def sentence_at(paragraph: str, start: int, end: int, after: int = -1) -> tuple[int, int]:
    """The span split_sentences gives the sentence holding paragraph[start:end], found locally.

    Whether a boundary ends a sentence depends only on its neighbourhood, so the sentence is
    found by looking back from `start` and forward from `end` instead of splitting the paragraph.
    `after`, when not -1, is where an earlier sentence of the paragraph ends (a span's end as
    this function gives it): no need to look back past it.
    """
    boundary = _boundary_for(paragraph)
    # search() in a loop, not finditer(): a finditer costs ~3,000 instructions before it scans (it
    # looks up its scanner's "search" method by a name made from a C string).
    lo = start - _LOOK_BACK if start > _LOOK_BACK else 0
    floor = 0
    if 0 <= after <= start:
        floor = after  # the window widens down to there at most
        if lo < after:
            lo = after
    begin = -1
    while begin < 0:
        while lo > floor and paragraph[lo - 1] in _BOUNDARY_CHARS:
            lo -= 1  # never start the window inside a run of punctuation
        found = []
        m = boundary.search(paragraph, lo, start)
        while m is not None:
            found.append(m)
            m = boundary.search(paragraph, m.end(), start)
        for m in reversed(found):
            # Cut off at `start`, "$" could match right before it; a real boundary has a space
            # (or is a Chinese full stop, which needs none).
            real = m.end() > m.start(1) or not _CJK_STOPS.isdisjoint(m.group())
            if real and _ends_sentence(paragraph, m):
                begin = m.end()
                break
        if begin < 0:
            if lo == floor:
                # The earlier sentence's end is followed by the space before this one.
                begin = start - len(paragraph[floor:start].lstrip())
                break
            lo = max(floor, lo - 4 * _LOOK_BACK)
    m = boundary.search(paragraph, end if end > begin else begin)
    while m is not None and not _ends_sentence(paragraph, m):
        m = boundary.search(paragraph, m.end())
    finish = len(paragraph.rstrip()) if m is None else m.start(1)
    return begin, finish if finish > begin else begin
