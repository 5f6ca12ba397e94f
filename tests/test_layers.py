"""The layer rule: each layer imports only from layers below it.

domain → store → services → reports → views / cli. ``reports`` never imports Qt; ``views``
never imports SQLAlchemy (views call services; they never build a query).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "vpr_desktop"
RANK = {"domain": 0, "store": 1, "services": 2, "reports": 3, "views": 4, "cli": 4}
# Third-party packages a layer must never import (top-level module names).
FORBIDDEN = {
    "domain": {"PySide6", "shiboken6", "openpyxl", "reportlab"},
    "store": {"PySide6", "shiboken6", "openpyxl", "reportlab"},
    "services": {"PySide6", "shiboken6", "reportlab"},
    "reports": {"PySide6", "shiboken6"},
    "views": {"sqlalchemy", "alembic", "psycopg"},
    "cli": {"PySide6"},
}
# Layers that may not import one another even though they share a rank.
SIBLINGS_FORBIDDEN = {("cli", "views")}


def imported_modules(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(layer: str, source: str, where: str) -> list[str]:
    problems = []
    for line, module in imported_modules(source):
        top = module.split(".")[0]
        if top in FORBIDDEN.get(layer, set()):
            problems.append(f"{where}:{line}: {layer} imports {module}")
        parts = module.split(".")
        if top == "vpr_desktop" and len(parts) > 1 and parts[1] in RANK:
            target = parts[1]
            if RANK[target] > RANK[layer] or (layer, target) in SIBLINGS_FORBIDDEN:
                problems.append(f"{where}:{line}: {layer} imports upward/sideways {module}")
    return problems


def layer_of(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE).parts
    return rel[0] if rel and rel[0] in RANK else None


def test_every_module_respects_the_layers() -> None:
    problems: list[str] = []
    files = list(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    for path in files:
        layer = layer_of(path)
        if layer is None:
            continue
        problems += violations(
            layer, path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))
        )
    assert problems == []


@pytest.mark.parametrize(
    ("layer", "source"),
    [
        ("views", "import sqlalchemy\n"),
        ("views", "from sqlalchemy.orm import Session\n"),
        ("reports", "from PySide6.QtWidgets import QWidget\n"),
        ("domain", "from vpr_desktop.services.admin.users import identify\n"),
        ("store", "import vpr_desktop.views.app\n"),
        ("services", "from vpr_desktop.reports import pack\n"),
    ],
)
def test_the_rule_catches_a_violation(layer: str, source: str) -> None:
    assert violations(layer, source, "injected.py")


def test_a_view_importing_sqlalchemy_fails_the_check(tmp_path: Path) -> None:
    """Acceptance 7: adding ``import sqlalchemy`` to a real view module is caught."""
    views = sorted((PACKAGE / "views").rglob("*.py"))
    assert views, "the views package has modules"
    tampered = views[0].read_text(encoding="utf-8") + "\nimport sqlalchemy\n"
    assert violations("views", tampered, views[0].name)
