"""Package-wide rules: the pure layers never import Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROUTES = Path(__file__).resolve().parent.parent / "routes"


@pytest.mark.parametrize("module", sorted(ROUTES.glob("*.py")), ids=lambda p: p.name)
def test_no_module_under_routes_imports_streamlit(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import)
            else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        )
    ]  # fmt: skip
    assert not [n for n in imported if n.split(".")[0] in {"streamlit", "streamlit_folium"}]
