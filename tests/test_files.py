"""Atomic writes: the file appears whole, in a folder made for it, with no temporary left behind."""

from __future__ import annotations

from pathlib import Path

from routes.files import write_text_atomic


def test_write_makes_the_folder_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "map.html"
    assert write_text_atomic(target, "Baku–Tbilisi–Ceyhan") == target
    assert target.read_text(encoding="utf-8") == "Baku–Tbilisi–Ceyhan"
    assert sorted(p.name for p in target.parent.iterdir()) == ["map.html"]


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old and longer content", encoding="utf-8")
    write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
