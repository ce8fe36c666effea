"""Sentence boundaries: abbreviations, decimals, quotes; the local search agrees with the split."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routes.sentences import sentence_at, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Trade reached $258.26 million in 2018. Exports were $211.9 million.",
            ["Trade reached $258.26 million in 2018.", "Exports were $211.9 million."],
        ),
        (
            "Dr. Smith met U.S. officials in Baku. They talked.",
            ["Dr. Smith met U.S. officials in Baku.", "They talked."],
        ),
        (
            "He said: “We protect each other. It will grow.” The sides agreed.",
            ["He said: “We protect each other.", "It will grow.”", "The sides agreed."],
        ),
        ("UN, OSCE, CIS, etc. are partners. Next.", ["UN, OSCE, CIS, etc. are partners.", "Next."]),
        ("Is it ready? Yes! Done", ["Is it ready?", "Yes!", "Done"]),
        ("J. R. Smith arrived.", ["J. R. Smith arrived."]),
        ("No end punctuation", ["No end punctuation"]),
    ],
)
def test_sentence_splitting(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\u2026\u201d\"' \nDrU.S(etc")), max_size=200))
def test_sentence_at_agrees_with_split_sentences(paragraph: str) -> None:
    for start, end in split_sentences(paragraph):
        for pos in range(start, end):
            if not paragraph[pos].isspace() and paragraph[pos].isalpha():
                assert sentence_at(paragraph, pos, pos + 1) == (start, end)


# Pieces of paragraphs whose only stop is the full stop (94 % of those the linker looks in), where
# sentence_at uses its quicker pattern: runs of full stops, decimals, abbreviations, quotes.
_FULL_STOP_PIECES = ["a", "B", " ", ".", "...", "\u201d", '"', "'", ")", "\n", "Dr", "U.S", "etc", "3", "e.g"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FULL_STOP_PIECES), max_size=60).map("".join))
def test_sentence_at_agrees_with_split_sentences_on_full_stops_only(paragraph: str) -> None:
    spans = split_sentences(paragraph)
    for (start, end), previous in zip(spans, [-1, *(e for _s, e in spans)], strict=False):
        for pos in range(start, end):
            if paragraph[pos].isalpha():
                assert sentence_at(paragraph, pos, pos + 1) == (start, end)
                assert sentence_at(paragraph, pos, pos + 1, previous) == (start, end)


# The pattern split_sentences used before it was simplified for speed; kept to prove them equal.
_ALTERNATION_BOUNDARY = r"(?:[.!?\u2026]+|\.{3})[\"\u201d\u2019'\u00bb)\]]*()(?:\s+|$)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("a .!?\u2026\u201d\u2019\"')]\u00bb\n\t")), max_size=60))
def test_boundary_pattern_finds_what_the_alternation_found(text: str) -> None:
    import re

    from routes.sentences import _BOUNDARY

    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int, int]]:
        return [(m.start(), m.start(1), m.end()) for m in pattern.finditer(text)]

    assert spans(_BOUNDARY) == spans(re.compile(_ALTERNATION_BOUNDARY))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chinese full stops need no space after them
        ("霍尔果斯口岸货运量增长。阿克套港新码头投入使用！第三句",
         ["霍尔果斯口岸货运量增长。", "阿克套港新码头投入使用！", "第三句"]),
        ("他说：“好。”然后走了。", ["他说：“好。”", "然后走了。"]),
        # Georgian letters are lowercase to Unicode but the script has no capitals
        ("ბაქო-თბილისი-ყარსის რკინიგზა ამოქმედდა. თბილისიდან მატარებელი გავიდა.",
         ["ბაქო-თბილისი-ყარსის რკინიგზა ამოქმედდა.", "თბილისიდან მატარებელი გავიდა."]),
        ("Паром прибыл в Курык. Затем — в Алят.", ["Паром прибыл в Курык.", "Затем — в Алят."]),
    ],
)  # fmt: skip
def test_sentences_of_other_scripts(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected
    for start, end in split_sentences(text):
        assert sentence_at(text, start, start + 1) == (start, end)


_LONG = "Baku port and the Aktau rail " * 12  # 348 characters: longer than sentence_at's look back


@pytest.mark.parametrize(
    "paragraph",
    [
        f"Go! {_LONG}end. Next one.",
        f"Dr. Smith said: {_LONG}etc. The U.S. {_LONG}and 3.5 km. \u201cYes.\u201d {_LONG}",
        f"\u4e2d\u6587\u3002{_LONG}\u3002{_LONG}. Short. {_LONG}",
    ],
)
def test_sentence_at_agrees_on_sentences_longer_than_its_window(paragraph: str) -> None:
    """The look back widens until it finds where a long sentence starts."""
    spans = split_sentences(paragraph)
    assert max(end - start for start, end in spans) > 300
    for (start, end), previous in zip(spans, [-1, *(e for _s, e in spans)], strict=False):
        for pos in range(start, end):
            if paragraph[pos].isalpha():
                assert sentence_at(paragraph, pos, pos + 1) == (start, end)
                assert sentence_at(paragraph, pos, pos + 1, previous) == (start, end)


def test_sentence_at_told_where_the_previous_sentence_ended_agrees() -> None:
    text = "Dr. Smith met Mr. Jones. They talked. The U.S. and E.U. agreed, etc. Then 3.5 km. 中文。再见"
    spans = split_sentences(text)
    for (_, previous_end), (start, end) in itertools.pairwise(spans):
        for pos in range(start, end):
            if text[pos].isalpha():  # names are words
                assert sentence_at(text, pos, pos + 1, previous_end) == (start, end)
