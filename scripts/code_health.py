#!/usr/bin/env python3
"""Code-health figures the issue tracker asks for, measured the same way every time.

Prints: module lengths (median, largest; migrations excepted), MainWindow's length, test lines per
package line (overall and for views), and docstring coverage of public classes and functions.
Standard library only, so it runs before the virtual environment exists:

    python3 scripts/code_health.py
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "vpr_desktop"
TESTS = ROOT / "tests"


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def docstring_coverage() -> tuple[int, int, int, int]:
    """(documented classes, public classes, documented functions, public functions).

    Public means the name and every enclosing class name lack a leading underscore; Qt
    overrides (camelCase names such as ``rowCount``) and dunder methods are left out, as their
    contract is Qt's or Python's.
    """
    classes = documented_classes = functions = documented_functions = 0
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[tuple[ast.AST, bool]] = [(node, True) for node in tree.body]
        while stack:
            node, public = stack.pop()
            if isinstance(node, ast.ClassDef):
                is_public = public and not node.name.startswith("_")
                if is_public:
                    classes += 1
                    documented_classes += ast.get_docstring(node) is not None
                stack.extend((child, is_public) for child in node.body)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                name = node.name
                qt_override = name != name.lower() and "_" not in name
                if public and not name.startswith("_") and not qt_override:
                    functions += 1
                    documented_functions += ast.get_docstring(node) is not None
    return documented_classes, classes, documented_functions, functions


def main() -> None:
    sizes = {p: lines(p) for p in modules()}
    largest = max(sizes, key=sizes.__getitem__)
    print(
        f"modules: {len(sizes)}; median {statistics.median(sizes.values()):.0f} lines; "
        f"largest {largest.relative_to(SRC)} {sizes[largest]} lines; "
        f"over 600: {sum(n > 600 for n in sizes.values())}"
    )
    print(f"views/main_window.py: {lines(SRC / 'views' / 'main_window.py')} lines")
    package = sum(sizes.values())
    tests = sum(lines(p) for p in TESTS.rglob("*.py"))
    views = sum(n for p, n in sizes.items() if "views" in p.relative_to(SRC).parts[:1])
    view_tests = sum(lines(p) for p in (TESTS / "views").rglob("*.py"))
    print(
        f"test lines per package line: {tests / package:.2f} ({tests} / {package}); "
        f"views {view_tests / views:.2f} ({view_tests} / {views})"
    )
    dc, c, df, f = docstring_coverage()
    print(
        f"docstrings: public classes {dc}/{c} = {dc / c:.0%}; "
        f"public functions {df}/{f} = {df / f:.0%}"
    )


if __name__ == "__main__":
    main()
