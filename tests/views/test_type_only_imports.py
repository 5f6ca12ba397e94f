"""Type-only imports in the views name something that exists.

Why: mypy --strict covers the four lower layers, not the views, so an import under
``if TYPE_CHECKING:`` is never executed and never checked; two training dialogs named
``CourseInfo`` from a module that never had it. This reads every view module and imports what
its type-only imports name.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import vpr_desktop.views

VIEWS = Path(vpr_desktop.views.__file__).parent


def type_only_imports(tree: ast.Module) -> list[tuple[str, str]]:
    """(module, name) for each ``from module import name`` under ``if TYPE_CHECKING:``."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.body:
                if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                    found += [(child.module, alias.name) for alias in child.names]
    return found


def test_every_type_only_import_in_the_views_resolves() -> None:
    missing: list[str] = []
    checked = 0
    for path in sorted(VIEWS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module, name in type_only_imports(tree):
            checked += 1
            target = importlib.import_module(module)
            if not hasattr(target, name):
                missing.append(f"{path.relative_to(VIEWS)}: {module}.{name}")
    assert checked > 50
    assert missing == []
