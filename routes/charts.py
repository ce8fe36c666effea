"""The app's small charts as Vega-Lite specifications (plain dicts for st.vega_lite_chart).

Written out rather than built with altair: importing altair and validating its chart objects cost
the app about half a second at start and a tenth of a second on every run, for two fixed charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

MARK_COLOR = "#c0392b"  # the year shown, as on the map's rail lines


def volumes_chart(rows: Sequence[Mapping[str, Any]], unit: str, year: int | None = None) -> dict[str, Any]:
    """One traffic series by year, a line per source, the year shown marked by a rule.

    rows: VolumeRow.to_dict() of one series and unit (year, value, source_title, definition).
    """
    line = {
        "data": {"values": [dict(r) for r in rows]},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": "Year"},
            "y": {"field": "value", "type": "quantitative", "title": unit},
            "color": {"field": "source_title", "type": "nominal", "title": "Source",
                      "legend": {"orient": "bottom", "columns": 1}},
            "tooltip": [
                {"field": "year", "type": "ordinal"}, {"field": "value", "type": "quantitative"},
                {"field": "source_title", "type": "nominal"}, {"field": "definition", "type": "nominal"},
            ],
        },
    }  # fmt: skip
    if year is None:
        return line
    rule = {
        "data": {"values": [{"year": year}]},
        "mark": {"type": "rule", "color": MARK_COLOR},
        "encoding": {"x": {"field": "year", "type": "ordinal"}},
    }
    return {"layer": [line, rule]}


def monthly_chart(counts: Mapping[str, int], height: int = 140) -> dict[str, Any]:
    """Bars of excerpts per article month ("YYYY-MM" -> count), in month order."""
    values = [{"month": month, "excerpts": n} for month, n in sorted(counts.items())]
    return {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "height": height,
        "encoding": {
            "x": {"field": "month", "type": "ordinal", "title": "Article month"},
            "y": {"field": "excerpts", "type": "quantitative", "title": "Excerpts"},
        },
    }
