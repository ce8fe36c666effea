"""Escaping of untrusted text."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routes.text import html_text


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
