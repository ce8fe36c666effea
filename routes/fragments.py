"""HTML fragments (panel, popups, legend) rendered from Jinja2 templates in routes/templates/.

One environment, autoescaped: every value a template prints is escaped unless it is already
Markup (a fragment rendered here, or a highlighted sentence). `finalize` runs before the escape and
uses routes.text's escaping, which also turns ` $ \\ into entities (see routes.text), so the text
stays inert in whatever JavaScript string folium or Leaflet later puts it into.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from routes.text import html_escape


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("routes", "templates"),
        autoescape=True,
        finalize=html_escape,
        undefined=StrictUndefined,  # a misspelt name is an error, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(template: str, **context: object) -> Markup:
    """A template of routes/templates rendered with the context, as safe HTML."""
    return Markup(environment().get_template(template).render(**context).strip())
