"""Escaping of untrusted text."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routes.text import html_text, markdown_text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
        ("${alert(1)}", "&#36;{alert(1)}"),  # JS template literal interpolation
        ("`", "&#96;"),
        ("\\x3cscript", "&#92;x3cscript"),  # JS escape decoded before HTML parsing
        ("Baku–Tbilisi–Ceyhan", "Baku–Tbilisi–Ceyhan"),
    ],
)
def test_html_text_escapes_html_and_js_template_specials(raw: str, escaped: str) -> None:
    assert html_text(raw) == escaped


@given(st.text())
def test_escaped_text_has_no_markup_and_reads_back_the_same(raw: str) -> None:
    out = html_text(raw)
    assert not any(c in out for c in "<>`$\\\"'")
    assert html.unescape(out) == raw


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("[click](https://evil.example)", r"\[click\]\(https\:\/\/evil\.example\)"),
        ("![x](y.png)", r"\!\[x\]\(y\.png\)"),
        ("**bold** _it_ `code` $x$", r"\*\*bold\*\* \_it\_ \`code\` \$x\$"),
        ("# heading\n- item", r"\# heading \- item"),  # no new blocks: line breaks become spaces
        ("&lt;b&gt;", r"\&lt;b\&gt;"),  # an entity stays text
        ("btc-georgia", r"btc\-georgia"),
    ],
)
def test_markdown_text_leaves_nothing_for_markdown_to_interpret(raw: str, escaped: str) -> None:
    assert markdown_text(raw) == escaped
