"""The app's charts: Vega-Lite specifications built from the sourced figures and the excerpts."""

from __future__ import annotations

import json
from pathlib import Path

from routes.charts import MARK_COLOR, monthly_chart, volumes_chart
from routes.timeline import load_volumes

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def test_traffic_chart_draws_each_source_and_marks_the_year() -> None:
    rows = [r.to_dict() for r in load_volumes(GEODATA) if r.series == "btc_throughput"]
    assert rows
    spec = volumes_chart(rows, rows[0]["unit"], 2019)
    line, rule = spec["layer"]
    assert line["data"]["values"] == rows and line["encoding"]["y"]["title"] == rows[0]["unit"]
    assert line["encoding"]["color"]["field"] == "source_title"  # one line per source where they differ
    assert rule["data"]["values"] == [{"year": 2019}]
    assert rule["mark"] == {"type": "rule", "color": MARK_COLOR}
    json.dumps(spec)  # what Streamlit sends: plain JSON
    assert "layer" not in volumes_chart(rows, "bbl")  # no year shown, no rule


def test_monthly_chart_counts_in_month_order() -> None:
    spec = monthly_chart({"2021-03": 2, "2019-07": 5})
    values = spec["data"]["values"]
    assert values == [{"month": "2019-07", "excerpts": 5}, {"month": "2021-03", "excerpts": 2}]
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["x"]["field"] == "month"
