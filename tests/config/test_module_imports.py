"""Our modules import each other at the top, never inside a function (where an import
would hide a cycle between them). The exception is an app's ``apps.py``: what its
``ready()`` sets up may import models only once the app registry is loaded."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "factory", "operations", "orders", "scheduling", "shop")


def _ours(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in PACKAGES


def function_level_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of each import of one of our packages made inside a function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and inner.level == 0 and _ours(inner.module):
                found.append((inner.lineno, str(inner.module)))
            elif isinstance(inner, ast.Import):
                found += [(inner.lineno, a.name) for a in inner.names if _ours(a.name)]
    return found


def test_the_check_finds_an_import_inside_a_function() -> None:
    source = "import os\n\ndef f():\n    from orders.selectors import x\n    import shop.models\n"

    assert function_level_imports(source) == [(4, "orders.selectors"), (5, "shop.models")]
    assert function_level_imports("from orders.selectors import x\n") == []


def test_no_module_of_ours_imports_ours_inside_a_function() -> None:
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "apps.py" or "migrations" in path.parts:
                continue
            for line, module in function_level_imports(path.read_text()):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {module}")

    assert offenders == []
