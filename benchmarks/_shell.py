"""The app-like shell: the floor of S2 (start → incident list) and S3 (memory at first paint).

performance.md defines both floors as an *app-like shell*, not a bare ``QMainWindow``: a
window with the app's kind of furniture, so that "3x the shell" leaves room for what only the
app does (the deferred SQLAlchemy import, the first page's query and the model) and never
charges the app for having a sidebar and a style sheet. The shell here is that furniture and
nothing more: a ``QMainWindow`` with the app's six menus, a sidebar ``QListWidget`` with the
page titles, a ``QStackedWidget`` holding an empty 12-column ``QTableView``, a status bar, and
the app's own style sheet (read from ``ui/style.qss`` by path, so the floor imports nothing of
the app). It is measured in the same run as the app, interleaved; the benchmarks print the
bare window's figure beside it so nothing is hidden.

:data:`SHELL_WINDOW` is Python source for a child process: it builds the shell and, after the
first paint, calls ``shell_painted(app)``, which the benchmark's code defines before it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

STYLE_SHEET = Path(__file__).resolve().parents[1] / "ui" / "style.qss"
#: The environment variable naming the style sheet for the child.
STYLE_ENV = "VPR_BENCH_STYLE_SHEET"

SHELL_WINDOW = textwrap.dedent("""
    import os
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import (
        QApplication, QListWidget, QMainWindow, QSplitter, QStackedWidget, QTableView,
    )

    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    with open(os.environ["VPR_BENCH_STYLE_SHEET"], encoding="utf-8") as fh:
        app.setStyleSheet(fh.read())
    window = QMainWindow()
    window.resize(1366, 768)
    for title in ("&File", "&Edit", "&View", "&Data", "&Reports", "&Help"):
        window.menuBar().addMenu(title)
    sidebar = QListWidget()
    sidebar.addItems(["Home", "Incidents", "Support queue", "Actions", "Risk register",
                      "Roles", "Training", "Self-assessment", "Packs", "Audit log"])
    stack = QStackedWidget()
    table = QTableView()
    table.setModel(QStandardItemModel(0, 12, table))
    stack.addWidget(table)
    splitter = QSplitter()
    splitter.addWidget(sidebar)
    splitter.addWidget(stack)
    window.setCentralWidget(splitter)
    window.statusBar().showMessage("Ready")

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, lambda: shell_painted(app))
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    sys.exit(app.exec())
""")


def shell_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with the style sheet's path for :data:`SHELL_WINDOW`."""
    return dict(env, **{STYLE_ENV: str(STYLE_SHEET)})
