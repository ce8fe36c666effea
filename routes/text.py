"""Escaping of untrusted text: for HTML (also inside folium's JavaScript template literals), for Markdown."""

from __future__ import annotations

import html

from markupsafe import Markup

# folium puts popup and tooltip HTML inside JS template literals (`...`): there, a backtick ends
# the string, "${" runs code and a backslash escape such as \x3c turns into "<" before the HTML
# parser sees it. As HTML entities they render the same and mean nothing to JavaScript.
_JS_TEMPLATE_SPECIALS = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def html_text(value: object) -> str:
    """Escape any value for display as text in HTML, safe inside a JS template literal too."""
    text = html.escape(str(value), quote=True)
    if "`" in text or "$" in text or "\\" in text:  # rare: skip the slower translate otherwise
        text = text.translate(_JS_TEMPLATE_SPECIALS)
    return text


def html_escape(value: object) -> Markup:
    """Markup as it is (already HTML); anything else escaped by html_text (what templates print)."""
    if isinstance(value, Markup):
        return value
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(html_text(value))


_MARKDOWN_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:=^&\"'/@%"})


def markdown_text(value: object) -> str:
    """Escape any value for display as literal text in Markdown (links, images, emphasis, math)."""
    return " ".join(str(value).split()).translate(_MARKDOWN_SPECIALS)
