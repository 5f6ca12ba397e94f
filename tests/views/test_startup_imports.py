"""Nothing heavy is imported before the window first paints (performance.md S1).

Each check runs in a fresh interpreter, because other tests in this process have long since
imported SQLAlchemy and friends. Timings are not asserted here (too noisy for pass/fail);
``benchmarks/bench_startup.py`` measures them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

HEAVY = ("sqlalchemy", "openpyxl", "reportlab", "PIL")


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        VPR_DESKTOP_DATA_DIR=str(tmp_path / "data"),
        VPR_DESKTOP_HEADLESS_DIALOGS="1",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_building_the_window_imports_no_heavy_library(tmp_path: Path) -> None:
    done = run_python(
        f"""
        import sys
        from PySide6.QtCore import QEventLoop, QSettings
        from vpr_desktop.views.qt_app import create_application
        from vpr_desktop.views.main_window import MainWindow

        app = create_application([])
        window = MainWindow(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
        window.show()
        loop = QEventLoop()
        for _ in range(20):
            loop.processEvents()
        print("LOADED", [m for m in {HEAVY!r} if m in sys.modules])
        import PySide6.QtCore
        print("QT_NAMESPACE_BUILT", "Qt" in vars(PySide6.QtCore))
    """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout, done.stdout
    # The Qt namespace costs ~13 ms when first touched; keep it off the start-up path.
    assert "QT_NAMESPACE_BUILT False" in done.stdout, done.stdout


def test_the_real_start_up_paints_before_sqlalchemy_is_imported(tmp_path: Path) -> None:
    db = tmp_path / "vpr.db"
    done = run_python(
        f"""
        import sys
        from vpr_desktop.views.app import run_gui
        sys.exit(run_gui({str(db)!r}, False, ["vpr-desktop"]))
    """,
        tmp_path,
        VPR_DESKTOP_EXIT_AFTER_PAINT="1",
    )
    assert done.returncode == 0, done.stderr
    match = re.search(r"first_paint_ms=[0-9.]+ basis=\w+ heavy_modules=(\S+)", done.stdout)
    assert match, done.stdout + done.stderr
    assert match.group(1) == "-", f"imported before first paint: {match.group(1)}"
    assert not db.exists()  # the database is opened only after the first paint
