"""corridors.json and countries.json: read, or every problem named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from routes.errors import DataError
from routes.vocabulary import load_vocabulary

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


@pytest.mark.parametrize(
    ("name", "key", "alias"),
    [("corridors.json", "TITR", "Middle Corridor"), ("countries.json", "GEO", "Georgian")],
)
def test_bundled_vocabulary_loads(name: str, key: str, alias: str) -> None:
    assert alias in load_vocabulary(GEODATA / name)[key].aliases


def test_broken_vocabulary_file_lists_every_problem(tmp_path) -> None:
    path = tmp_path / "corridors.json"
    path.write_text(json.dumps({"A": {"aliases": "x"}, "B": {"name": "", "aliases": [1]}}))
    with pytest.raises(DataError) as info:
        load_vocabulary(path)
    assert len(info.value.problems) >= 3
    assert all(p.source == "corridors.json" for p in info.value.problems)


@pytest.mark.parametrize("content", ["{oops", "[1, 2]", b"\xff\xfe"])
def test_unreadable_vocabulary_is_named(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / "countries.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(DataError) as info:
        load_vocabulary(path)
    assert info.value.problems[0].source == "countries.json"
