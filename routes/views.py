"""What the panel, popups and exports show of a segment and its excerpts; HTML from routes/templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from routes.fragments import render
from routes.language import language_name
from routes.model import Segment
from routes.text import html_escape

if TYPE_CHECKING:
    from routes.linking import Link

SPECIFICITY_LABELS = {5: "names the segment", 4: "names it with others", 3: "names a place on it",
                      2: "names the corridor", 1: "names a country it crosses"}  # fmt: skip
LONG_FACTS = ("note", "length_note")  # left out of the short version (popups)
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
    """One sentence linked to one segment, with its source: the one excerpt record.

    The app's panel and search, the map's popups (in the app and the HTML export), the GeoJSON
    export and `python -m routes excerpts` all show this record; to_dict() is its JSON form and
    citation its one wording for what is not known (outlet, author, date).
    """

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

    @classmethod
    def from_link(cls, link: Link) -> ExcerptView:
        article = link.article
        return cls(
            segment_id=link.segment_id,
            sentence=link.sentence,
            paragraph=link.paragraph,
            spans=link.spans,
            matched=link.matched,
            specificity=link.specificity,
            article=article.file_name,
            outlet=article.outlet,
            credited=article.credited,
            author=article.author,
            date=article.date,
            date_text=article.date_text,
            url=article.url,
            title=article.title,
            page=article.page_of(link.paragraph_index),
            language=article.language,
        )

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

    def highlighted_html(self) -> Markup:
        """The sentence, escaped, with the matched words wrapped in <mark>."""
        out, pos = [], 0
        for start, end in sorted(self.spans, key=lambda span: (span[0], -span[1])):  # longest first
            if start < pos:
                continue  # overlapping match already marked
            out += [html_escape(self.sentence[pos:start]), _MARK % html_escape(self.sentence[start:end])]
            pos = end
        out.append(html_escape(self.sentence[pos:]))
        return Markup("").join(out)

    def to_dict(self) -> dict[str, object]:
        """The record as JSON-ready data: what is not known is null (citation says it in words)."""
        return {
            "segment": self.segment_id,
            "article": self.article,
            "text": self.sentence,
            "paragraph": self.paragraph,
            "matched": list(self.matched),
            "spans": [list(span) for span in self.spans],
            "specificity": self.specificity,
            "specificity_label": self.specificity_label,
            "title": self.title,
            "outlet": self.outlet,
            "credited": self.credited,
            "author": self.author,
            "date": self.date.isoformat() if self.date else None,
            "date_text": self.date_text,
            "page": self.page,
            "url": self.url,
            "language": self.language,
            "citation": self.citation,
        }


_MARK = Markup("<mark>%s</mark>")


def fact_rows(segment: Segment, *, short: bool = False) -> list[tuple[str, str]]:
    """Label/value rows of a segment's facts; computed length beside the stated one.

    short (for a popup): without the long notes.
    """
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
        if key in segment.facts and not (short and key in LONG_FACTS)
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


def segment_facts_html(segment: Segment) -> Markup:
    """The side panel's facts table, then the sources as a list of links."""
    return render("segment_facts.html", rows=fact_rows(segment), sources=segment.sources)


def excerpt_card_html(excerpt: ExcerptView, segment_name: str | None = None) -> Markup:
    """One excerpt as the panel and the search results show it (segment_name: say which segment)."""
    return render("excerpt_card.html", excerpt=excerpt, segment_name=segment_name)


def transit_label(days: object) -> str:
    """A stated transit time in words: "18 hours" for 0.75, "12 days" for 12."""
    if isinstance(days, int | float) and not isinstance(days, bool):
        if days < 1:
            return f"{days * 24:g} hours"
        return f"{days:g} day" + ("" if days == 1 else "s")
    return str(days)
