"""What the panel, popups and exports show of a segment and its excerpts (no HTML framework)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from routes.language import language_name
from routes.model import Segment
from routes.text import html_text

SPECIFICITY_LABELS = {4: "names the segment", 3: "names a place on it", 2: "names the corridor",
                      1: "names a country it crosses"}  # fmt: skip
FACT_LABELS = {
    "operator": "Operator",
    "capacity": "Capacity",
    "opened": "Opened",
    "transit_days": "Transit time",
    "gauge_mm": "Track gauge (mm)",
    "status": "Status",
    "underwater": "Under water",
    "note": "Note",
    "length_note": "Length note",
}


@dataclass(frozen=True)
class ExcerptView:
    """One sentence linked to one segment, with its source, ready to show."""

    segment_id: str
    sentence: str
    paragraph: str
    spans: tuple[tuple[int, int], ...]  # matched words, as offsets into sentence
    matched: tuple[str, ...]
    specificity: int
    article: str  # file name
    outlet: str | None = None
    credited: str | None = None  # an agency the text credits ("Trend reported")
    author: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    url: str | None = None
    title: str | None = None
    page: int | None = None  # the PDF page the sentence is on
    language: str | None = None  # ISO 639-1 code of the article's language; None: not detected

    @property
    def date_label(self) -> str:
        if self.date:
            return self.date.isoformat()
        return f"no date ({self.date_text!r} in the text)" if self.date_text else "no date"

    @property
    def citation(self) -> str:
        """Outlet · author · date (· language) · file (· page): all a reader needs to cite the quote."""
        source = self.outlet or (f"outlet not stated, credits {self.credited}" if self.credited else None)
        parts = [source or "outlet not stated", self.author or "author not stated", self.date_label]
        if self.language and self.language != "en":  # the app speaks English: say when a quote does not
            parts.append(f"in {language_name(self.language)}")
        where = [f"p. {self.page}"] if self.page is not None else []
        return " · ".join([*parts, self.article, *where])

    @property
    def specificity_label(self) -> str:
        return SPECIFICITY_LABELS.get(self.specificity, str(self.specificity))

    def highlighted_html(self) -> str:
        """The sentence, escaped, with the matched words wrapped in <mark>."""
        out, pos = [], 0
        for start, end in sorted(self.spans, key=lambda span: (span[0], -span[1])):  # longest first
            if start < pos:
                continue  # overlapping match already marked
            out += [
                html_text(self.sentence[pos:start]),
                f"<mark>{html_text(self.sentence[start:end])}</mark>",
            ]
            pos = end
        out.append(html_text(self.sentence[pos:]))
        return "".join(out)


def fact_rows(segment: Segment) -> list[tuple[str, str]]:
    """Label/value rows of a segment's facts; computed length beside the stated one."""
    rows = [
        ("Corridor", segment.corridor),
        ("Mode", segment.mode),
        ("Countries", ", ".join(segment.countries)),
    ]
    length = f"{segment.length_km:,.0f} km computed (geodesic)"
    if segment.length_km_stated:
        length += f" · {segment.length_km_stated:,.0f} km stated"
    rows.append(("Length", length))
    rows += [
        (label, transit_label(segment.facts[key]) if key == "transit_days" else str(segment.facts[key]))
        for key, label in FACT_LABELS.items()
        if key in segment.facts
    ]
    rows.append((GEOMETRY_LABEL, geometry_label(segment)))
    return rows


GEOMETRY_LABEL = "Geometry"


def geometry_label(segment: Segment) -> str:
    """Where the line comes from and whom it credits, with the straight links the build added."""
    text = f"{segment.geometry_source} · {segment.geometry_licence}"
    if segment.geometry_links_km >= 1:
        text += f" · {segment.geometry_links_km:,.1f} km of straight links where sources do not meet"
    return text


def facts_table_html(segment: Segment, css_class: str = "facts", *, short: bool = False) -> str:
    """The fact rows as an escaped HTML table; short (for a popup) leaves out the long note."""
    rows = "".join(
        f"<tr><th>{html_text(label)}</th><td>{html_text(value)}</td></tr>"
        for label, value in fact_rows(segment)
        if not (short and label in (FACT_LABELS["note"], FACT_LABELS["length_note"]))
    )
    return f"<table class='{css_class}'>{rows}</table>"


def source_links_html(segment: Segment, separator: str = " · ") -> str:
    """The segment's sources as escaped links that open in a new tab."""
    return separator.join(
        f"<a href='{html_text(s.url)}' target='_blank' rel='noopener'>{html_text(s.title)}</a>"
        for s in segment.sources
    )


def transit_label(days: object) -> str:
    """A stated transit time in words: "18 hours" for 0.75, "12 days" for 12."""
    if isinstance(days, int | float) and not isinstance(days, bool):
        if days < 1:
            return f"{days * 24:g} hours"
        return f"{days:g} day" + ("" if days == 1 else "s")
    return str(days)
