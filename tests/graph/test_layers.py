"""Layers import one way: ontology <- graph <- loaders, api, viz."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "ontology": {"ontology"},
    "graph": {"ontology", "graph"},
    "loaders": {"ontology", "graph", "loaders"},
    "api": {"ontology", "graph", "loaders", "api", "viz"},
    "viz": {"ontology", "graph", "viz"},
}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_go_one_way(layer: str) -> None:
    bad = []
    for path in (ROOT / layer).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in ALLOWED and top not in ALLOWED[layer]:
                    bad.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')} imports {name}")
    assert bad == []
