"""PySide's per-import source scan is skipped for Qt-free modules, with the scan's own answer.

The subprocess check runs in a fresh interpreter: this test process imported SQLAlchemy long
before any hook could be wrapped. Time saved is measured by the benchmarks, not asserted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import vpr_desktop
from vpr_desktop.views.feature_scan import is_qt_free

PACKAGE = Path(vpr_desktop.__file__).parent


def test_qt_free_means_the_stdlib_the_lower_layers_and_their_libraries() -> None:
    for name in ("json", "asyncio.base_events", "sqlalchemy", "sqlalchemy.orm.mapper"):
        assert is_qt_free(name), name
    for name in ("vpr_desktop.domain.models", "vpr_desktop.services.container"):
        assert is_qt_free(name), name
    for name in (
        "vpr_desktop",
        "vpr_desktop.views.app",
        "vpr_desktop.servicesx",
        "PySide6.QtCore",
        "matplotlib.backends.backend_qtagg",
    ):
        assert not is_qt_free(name), name


def test_the_skipped_layers_never_mention_pyside_so_the_answer_is_the_scans_own() -> None:
    """PySide's scan answers "uses PySide" when the source contains "PySide6"; the layers
    answered without reading must therefore never contain it."""
    for layer in ("domain", "store", "services", "reports"):
        for path in (PACKAGE / layer).rglob("*.py"):
            assert "PySide6" not in path.read_text(encoding="utf-8"), path


def test_after_install_qt_free_imports_are_not_read_and_views_still_are() -> None:
    # PySide's hook sees the module an import statement returns: "from sqlalchemy import orm"
    # asks about sqlalchemy, "from vpr_desktop.views import common" about vpr_desktop.views.
    code = textwrap.dedent("""
        import linecache, sys
        import PySide6.QtCore
        from vpr_desktop.views.feature_scan import skip_needless_source_scans
        print("INSTALLED", skip_needless_source_scans(), skip_needless_source_scans())
        from sqlalchemy import orm
        from vpr_desktop.domain import models
        from vpr_desktop.views import common
        flags = sys.modules["PySide6.support.feature"].pyside_feature_dict
        print("FLAGS", flags["sqlalchemy"], flags["vpr_desktop.domain"],
              "vpr_desktop.views" in flags)
        read = [f.replace(chr(92), "/") for f in linecache.cache if f.endswith(".py")]
        print("READ_SQLALCHEMY", sum("/sqlalchemy/" in f for f in read))
        print("READ_DOMAIN", sum("/vpr_desktop/domain/" in f for f in read))
        print("READ_VIEWS", sum(f.endswith("/vpr_desktop/views/__init__.py") for f in read))
    """)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["INSTALLED"] == "True True"
    assert lines["FLAGS"] == "-1 -1 True"  # Qt-free: "ignore", as the scan would say
    assert lines["READ_SQLALCHEMY"] == "0"
    assert lines["READ_DOMAIN"] == "0"
    assert lines["READ_VIEWS"] == "1"  # PySide still reads a view to decide
