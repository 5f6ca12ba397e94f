"""Risk register list benchmark: count + first page sorted by current score, vs the floor.

The screen opens the register by asking ``RiskListSource`` for ``count`` and the first page
(500 rows) sorted by current score, descending. The floor is the same work in plain
``sqlite3``: ``SELECT count(*)`` plus ``SELECT ... ORDER BY current_score DESC, id DESC LIMIT
500`` with the same joins (location name, owner name) but without the trend subquery or any
Python around it. Also timed: the next page (keyset), a filtered page (open risks), and the
heat map (GROUP BY) against its plain-SQL floor.

Runs on a large demo database (2,000 risks; built in a temp folder unless ``--db`` names one).
``--extra-risks N`` copies N more risks into a private copy to show the index at scale. Floor
and app are interleaved so both see the same machine state; medians are printed. A report,
never a pass/fail test.

The GUI case (offscreen Qt, the app's own style sheet; skip with ``--no-gui``) times what a
user waits for on the Risk register page (issue #5 asks < 300 ms for each):

* open: creating the page and activating it (service, lazy model = count + first 500 rows
  sorted by current score, heat map, detail panel) until the table has painted;
* re-sort: sorted by current score ascending, then timed from asking for descending (a header
  click) until the table has repainted;
* scroll to the end: every keyset page the view fetches while scrolling to the last risk.

    .venv/bin/python benchmarks/bench_risk_register.py [--db large.db] [-n 21]
                                                       [--extra-risks 100000] [--no-gui]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _rows import Row
from _rows import write

from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.risks.service import RiskRegisterService
from vpr_desktop.store.database import open_database

ANCHOR = dt.date(2026, 6, 30)
FLOOR_PAGE = """
SELECT r.reference, r.title, l.name, r.activity, r.current_likelihood,
       r.current_consequence, r.current_score, r.target_likelihood, r.target_consequence,
       r.review_date, r.status, p.first_name || ' ' || p.last_name, r.id, r.version
FROM risk_assessment r
LEFT JOIN location l ON l.id = r.location_id
LEFT JOIN person p ON p.id = r.owner_id
{where}
ORDER BY r.current_score DESC, r.id DESC LIMIT 500
"""
FLOOR_HEAT = (
    "SELECT current_likelihood, current_consequence, count(*) FROM risk_assessment "
    "WHERE status IN ('open', 'tolerated') "
    "GROUP BY current_likelihood, current_consequence"
)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def add_risks(path: Path, n: int) -> None:
    """Copy existing risks (new references) until ``n`` more exist; then ANALYZE."""
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(risk_assessment)") if r[1] != "id"]
    base = con.execute(f"SELECT {', '.join(cols)} FROM risk_assessment").fetchall()
    ref_at = cols.index("reference")
    rows = []
    for i in range(n):
        row = list(base[i % len(base)])
        row[ref_at] = f"BX-{i:07d}"
        rows.append(row)
    con.executemany(
        f"INSERT INTO risk_assessment ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        rows,
    )
    con.commit()
    con.execute("ANALYZE")
    con.close()


def bare_lazy_view(path: Path) -> tuple[Any, Any]:
    """The T1 floor: a bare ``QAbstractTableModel`` over the same count and first 500 rows in
    plain sqlite3, in a bare ``QTableView`` (no services, no filters, no heat map, no style)."""
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtCore import QModelIndex
    from PySide6.QtCore import QPersistentModelIndex
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    Index = QModelIndex | QPersistentModelIndex

    class BareModel(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            con = sqlite3.connect(path)
            self.total = con.execute("SELECT count(*) FROM risk_assessment").fetchone()[0]
            self.rows = con.execute(FLOOR_PAGE.format(where="")).fetchall()
            con.close()

        def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() or not self.rows else len(self.rows[0])

        def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return str(self.rows[index.row()][index.column()])

    view = QTableView()
    view.resize(1120, 700)
    return view, BareModel


def gui_cases(path: Path, runs: int, json_path: Path | None = None) -> None:
    """Time the Risk register page offscreen: open to first paint, re-sort, scroll to end.

    Interleaved with the T1 floor (:func:`bare_lazy_view`): the same rows painted by a bare
    model and view, so the ratio is the app's page against Qt and sqlite3 alone."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("VPR_DESKTOP_HEADLESS_DIALOGS", "1")
    from PySide6.QtCore import QEvent
    from PySide6.QtCore import QObject
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from vpr_desktop.services.container import build_services
    from vpr_desktop.views.navigation import PAGES_BY_KEY
    from vpr_desktop.views.qt_app import create_application
    from vpr_desktop.views.risks.page import RiskRegisterPage

    app = create_application([])  # the app's style sheet: it is part of what paints

    class PaintProbe(QObject):
        painted = False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # Qt override
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    def wait_for_paint(probe: PaintProbe, limit_s: float = 10.0) -> None:
        deadline = time.perf_counter() + limit_s
        while not probe.painted:
            QApplication.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("the table never painted")

    db = open_database(path)
    services = build_services(db)
    spec = PAGES_BY_KEY["risks"]
    opens: list[float] = []
    floors: list[float] = []
    raw = sqlite3.connect(path)
    total, top = raw.execute("SELECT count(*), max(current_score) FROM risk_assessment").fetchone()
    raw.close()
    first_page = min(500, total)
    parts: dict[str, list[float]] = {"construct": [], "activate": [], "paint": []}
    resorts: list[float] = []
    scrolls: list[float] = []
    try:
        for run in range(runs + 1):  # the first run warms caches and is not counted
            probe = PaintProbe()
            f0 = time.perf_counter()
            view, bare_model = bare_lazy_view(path)
            view.viewport().installEventFilter(probe)
            view.setModel(bare_model())
            view.show()
            wait_for_paint(probe)
            if run:
                floors.append((time.perf_counter() - f0) * 1000)
            view.close()
            view.deleteLater()
            QApplication.processEvents()
            probe = PaintProbe()
            t0 = time.perf_counter()
            page = RiskRegisterPage(spec, services, today=lambda: ANCHOR)
            page.resize(1120, 700)
            page.table.viewport().installEventFilter(probe)
            page.show()
            t1 = time.perf_counter()
            page.activated()
            t2 = time.perf_counter()
            wait_for_paint(probe)
            t3 = time.perf_counter()
            model = page.model
            assert model is not None and 0 < model.rowCount() <= first_page, model.rowCount()
            current = model.column_index("current")

            page.table.sortByColumn(current, Qt.SortOrder.AscendingOrder)
            probe.painted = False
            wait_for_paint(probe)
            probe.painted = False
            t4 = time.perf_counter()
            page.table.sortByColumn(current, Qt.SortOrder.DescendingOrder)
            wait_for_paint(probe)
            t5 = time.perf_counter()
            assert model.request.descending and model.row_values(0)[current].score == top

            t6 = time.perf_counter()
            while model.canFetchMore():
                page.table.scrollToBottom()
                QApplication.processEvents()
            t7 = time.perf_counter()
            if run:
                opens.append((t3 - t0) * 1000)
                parts["construct"].append((t1 - t0) * 1000)
                parts["activate"].append((t2 - t1) * 1000)
                parts["paint"].append((t3 - t2) * 1000)
                resorts.append((t5 - t4) * 1000)
                scrolls.append((t7 - t6) * 1000)
            loaded = model.rowCount()
            page.close()
            page.deleteLater()
            QApplication.processEvents()
    finally:
        services.close()
    med = statistics.median
    print(
        f"\nGUI, offscreen: Risk register page, {loaded:,} risks listed; median of {runs} runs"
        " (ms; the issue asks < 300)"
    )
    print(
        f"{'open: page + model + heat map -> table painted':48} {med(opens):8.1f}"
        f"   (construct {med(parts['construct']):.1f}, activate "
        f"{med(parts['activate']):.1f}, to paint {med(parts['paint']):.1f})"
    )
    print(f"{'re-sort by current score desc -> repainted':48} {med(resorts):8.1f}")
    print(f"{'scroll to the end (every keyset page fetched)':48} {med(scrolls):8.1f}")
    print(
        f"{'T1 floor: bare lazy model + view painted':48} {med(floors):8.1f}"
        f"   (page open {med(opens) / med(floors):.1f}x the floor; goal <= 3x)"
    )
    write(
        json_path,
        [
            Row(
                "T1",
                f"risk register page open → table painted, {loaded:,} risks listed",
                med(opens) / 1000,
                med(floors) / 1000,
                3.0,
            )
        ],
    )
    del app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing large demo database (copied)")
    parser.add_argument("-n", type=int, default=21, help="runs per measurement")
    parser.add_argument("--extra-risks", type=int, default=0)
    parser.add_argument("--no-gui", action="store_true", help="skip the offscreen page case")
    parser.add_argument("--json", type=Path, help="add the T1 row to this results file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vpr-bench-risk-") as tmp:
        path = Path(tmp) / "large.db"
        if args.db:
            shutil.copyfile(args.db, path)
        else:
            from vpr_desktop.services.demo.database import create_demo_database

            t = time.perf_counter()
            create_demo_database(path, size="large", seed=1, anchor=ANCHOR).close()
            print(f"built the large demo in {time.perf_counter() - t:.1f} s")
        if args.extra_risks:
            add_risks(path, args.extra_risks)
        db = open_database(path)
        try:
            svc = RiskRegisterService(db, identify(db), today=lambda: ANCHOR)
            source = svc.list_source()
            raw = sqlite3.connect(path)
            n_risks = raw.execute("SELECT count(*) FROM risk_assessment").fetchone()[0]
            all_rows, open_rows = PageRequest(), PageRequest(filters={"status": "open"})
            first = source.page(all_rows)

            def app_open() -> None:
                source.count(all_rows)
                source.page(all_rows)

            def floor_open() -> None:
                raw.execute("SELECT count(*) FROM risk_assessment").fetchone()
                raw.execute(FLOOR_PAGE.format(where="")).fetchall()

            def app_next() -> None:
                source.page(all_rows, first.cursor)

            last = first.rows[-1]
            next_where = (
                f"WHERE (r.current_score, r.id) < ({last[4].score}, {last[source.ID_INDEX]})"
            )

            def floor_next() -> None:
                raw.execute(FLOOR_PAGE.format(where=next_where)).fetchall()

            def app_filtered() -> None:
                source.count(open_rows)
                source.page(open_rows)

            def floor_filtered() -> None:
                raw.execute("SELECT count(*) FROM risk_assessment WHERE status = 'open'").fetchone()
                raw.execute(FLOOR_PAGE.format(where="WHERE r.status = 'open'")).fetchall()

            cases = [
                ("open register (count + first 500, score desc)", app_open, floor_open),
                ("next page (keyset)", app_next, floor_next),
                ("filtered: open risks (count + first 500)", app_filtered, floor_filtered),
                ("heat map (GROUP BY)", svc.heat_map, lambda: raw.execute(FLOOR_HEAT).fetchall()),
            ]
            for _, app, floor in cases:  # warm both (page cache, statement caches)
                app()
                floor()
            print(f"{n_risks:,} risks; median of {args.n} runs each (ms)")
            print(f"{'case':48} {'app':>8} {'floor':>8} {'ratio':>7}")
            for name, app, floor in cases:
                app_ms = floor_ms = 0.0
                a, f = [], []
                for _ in range(args.n):  # interleaved
                    a.append(median_ms(app, 1))
                    f.append(median_ms(floor, 1))
                app_ms, floor_ms = statistics.median(a), statistics.median(f)
                print(f"{name:48} {app_ms:8.2f} {floor_ms:8.2f} {app_ms / floor_ms:6.1f}x")
            plan = " | ".join(
                r[-1] for r in raw.execute("EXPLAIN QUERY PLAN " + FLOOR_PAGE.format(where=""))
            )
            print(f"floor plan: {plan}")
            raw.close()
        finally:
            db.close()
        if not args.no_gui:
            gui_cases(path, max(5, args.n // 2), args.json)


if __name__ == "__main__":
    main()
