"""HTML fragments: every template loads from the package, and whatever they print is escaped."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from routes.fragments import environment, render

TEMPLATES = sorted(environment().list_templates())


def test_the_templates_ship_with_the_package() -> None:
    assert {"excerpt_card.html", "segment_popup.html", "legend.html", "segment_facts.html"} <= set(TEMPLATES)


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_compiles(name: str) -> None:
    environment().get_template(name)


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("${alert(1)} `x` \\x3c", "&#36;{alert(1)} &#96;x&#96; &#92;x3c"),  # inert in JS strings too
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
        (Markup("<mark>kept</mark>"), "<mark>kept</mark>"),  # HTML built on purpose stays HTML
    ],
)
def test_what_a_template_prints_is_escaped_unless_it_is_markup(value: object, printed: str) -> None:
    assert render("paragraph.html", text=value) == f'<p class="para">{printed}</p>'


def test_a_missing_value_is_an_error_not_an_empty_string() -> None:
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render("paragraph.html")
