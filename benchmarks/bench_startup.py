"""Start-up benchmark (performance.md S1, S2): process spawn → main window first painted.

Measures, in one run and interleaved so both see the same machine state:

(a) the floor — a bare ``QMainWindow`` that shows and exits right after its first paint;
(b) the app — ``python -m vpr_desktop --db <prepared database>`` with
    ``VPR_DESKTOP_EXIT_AFTER_PAINT=1``, which makes the window print the time to its first
    paint and exit at once (``views.app``).

Both children get ``VPR_DESKTOP_T0_NS`` (``time.time_ns()`` taken just before the spawn) and
print the elapsed milliseconds themselves, so interpreter teardown is not counted; the parent
also times each child's whole process (wall clock) as a cross-check. Prints medians and the
app/bare ratio; the target is ≤ 1.5×. Noise on a 2-core VM is 10–20 % run to run, so this is a
report, never a pass/fail test.

With ``--db`` it also times S2, start → the Incidents page's first rows painted, for someone
whose window last showed the Incidents page (so it opens straight onto it). The probe watches
the Incidents table itself and stops at the first paint with rows in it, whichever rows they
are: the early rows (``views/early_rows.py``: the list's first page run with sqlite3 before the
ORM is imported) count, because they are the real first page, the ORM's own statement. That
statement is kept by a start that opened the list through the services, so the first S2 run
of each measurement (nothing kept yet, the rows come the slow way) is the warm-up and is not
counted; every counted run says whether its rows were early, and the summary says how many
were. S2's floor is the
*app-like shell* (``_shell.py``: menus, sidebar list, page stack, an empty table, the app's
style sheet; spawn to first paint), because performance.md defines it so: "3x the shell floor
covers the shell, the deferred SQLAlchemy import, the first-page query and the model". The bare
window is timed in the same interleaved run and printed too, so the stricter ratio stays
visible.

    .venv/bin/python benchmarks/bench_startup.py [-n 7] [--db large.db]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from _rows import Row
from _rows import write
from _shell import SHELL_WINDOW
from _shell import shell_env

TARGET_RATIO = 1.5

BARE_WINDOW = textwrap.dedent("""
    import os, sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, report)
            return False

    def report():
        elapsed = (time.time_ns() - int(os.environ["VPR_DESKTOP_T0_NS"])) / 1e6
        sys.stdout.write(f"first_paint_ms={elapsed:.1f}\\n")
        sys.stdout.flush()
        os._exit(0)

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    app.exec()
""")

SHELL_CHILD = (
    textwrap.dedent("""
    import os, sys, time

    def shell_painted(app):
        elapsed = (time.time_ns() - int(os.environ["VPR_DESKTOP_T0_NS"])) / 1e6
        sys.stdout.write(f"first_paint_ms={elapsed:.1f}\\n")
        sys.stdout.flush()
        os._exit(0)
""")
    + SHELL_WINDOW
)

# S2: the same start-up, for someone whose window last showed the Incidents page, until that
# page's table has painted rows. Drives the real ``run_gui`` through the bundle's smoke hook
# (views/smoke.py), replaced here by a probe that watches whichever page the stack shows.
LIST_CHILD = textwrap.dedent("""
    import os, sys, time
    import vpr_desktop.views.smoke as smoke

    def arm(window, app):
        from PySide6.QtCore import QEvent, QObject
        from vpr_desktop.views.window_state import SETTINGS_PAGE

        window.settings.setValue(SETTINGS_PAGE, "incidents")  # (a throwaway settings folder)

        class Probe(QObject):
            table = None
            page = None

            def eventFilter(self, obj, event):
                model = self.table.model() if self.table is not None else None
                if event.type() == QEvent.Type.Paint and model is not None and model.rowCount():
                    ms = (time.time_ns() - int(os.environ["VPR_DESKTOP_T0_NS"])) / 1e6
                    early = int(bool(getattr(self.page, "early", False)))
                    sys.stdout.write(f"first_paint_ms={ms:.1f} early_rows={early}\\n")
                    sys.stdout.flush()
                    os._exit(0)
                return False

        probe = Probe()

        def page_shown(_index):
            page = window.current_page()
            if page is not None and page.key == "incidents" and probe.table is None:
                probe.page, probe.table = page, page.table
                probe.table.viewport().installEventFilter(probe)

        window.stack.currentChanged.connect(page_shown)

    smoke.arm = arm
    from vpr_desktop.views.app import run_gui
    sys.exit(run_gui(sys.argv[1], False, sys.argv[:1], smoke=True))
""")

PAINT_LINE = re.compile(r"first_paint_ms=([0-9.]+)")


def prepare_database(folder: Path) -> Path:
    """A current-schema database, opened once and closed, as a user's would be."""
    from vpr_desktop.store.database import open_database

    path = folder / "startup-bench.db"
    db = open_database(path)
    db.close()
    return path


def child_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["VPR_DESKTOP_DATA_DIR"] = str(data_dir)  # never the user's real data folder
    # Nor the user's window settings (the remembered page, the geometry): a throwaway folder.
    env["XDG_CONFIG_HOME"] = str(data_dir / "config")
    env["VPR_DESKTOP_EXIT_AFTER_PAINT"] = "1"
    env["VPR_DESKTOP_HEADLESS_DIALOGS"] = "1"
    return env


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(ms to first paint reported by the child, ms wall clock of the whole process, output)."""
    env = dict(env)
    start = time.perf_counter()
    env["VPR_DESKTOP_T0_NS"] = str(time.time_ns())
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    wall = (time.perf_counter() - start) * 1000
    match = PAINT_LINE.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(
            f"{command[:3]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return float(match.group(1)), wall, done.stdout.strip()


def direct_command(db: Path) -> list[str]:
    """``run_gui`` without the command-line entry point in front of it."""
    code = (
        "import sys; from vpr_desktop.views.app import run_gui; "
        f"sys.exit(run_gui({str(db)!r}, False, sys.argv))"
    )
    return [sys.executable, "-c", code]


def app_command(db: Path) -> list[str]:
    main = Path(__file__).resolve().parents[1] / "src" / "vpr_desktop" / "__main__.py"
    if main.exists():
        return [sys.executable, "-m", "vpr_desktop", "--db", str(db)]
    return direct_command(db)  # before the entry point exists


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=7, help="processes of each kind")
    parser.add_argument("--json", type=Path, help="add the S1 (and S2) rows to this file")
    parser.add_argument(
        "--db", type=Path, help="a trust with incidents: also time S2 (start → incident list)"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="vpr-startup-") as tmp:
        folder = Path(tmp)
        data_dir = folder / "data"
        data_dir.mkdir()
        os.environ["VPR_DESKTOP_DATA_DIR"] = str(data_dir)
        db = prepare_database(folder)
        env = child_env(data_dir)
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        app_cmd = app_command(db)
        direct_cmd = direct_command(db)

        # One warm-up of each (page cache, font cache), not counted.
        run_once(bare_cmd, env)
        last_app = run_once(app_cmd, env)[2]
        run_once(direct_cmd, env)

        bare, app, direct, bare_wall, app_wall = [], [], [], [], []
        for _ in range(args.runs):  # interleaved: drift affects all alike
            paint, wall, _out = run_once(bare_cmd, env)
            bare.append(paint)
            bare_wall.append(wall)
            paint, wall, last_app = run_once(app_cmd, env)
            app.append(paint)
            app_wall.append(wall)
            direct.append(run_once(direct_cmd, env)[0])

    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratio = app_median / bare_median
    print(f"S1 start-up, spawn → first paint (offscreen), {args.runs} runs each, medians:")
    print(
        f"  bare QMainWindow  {bare_median:7.1f} ms   (min {min(bare):.1f}, max {max(bare):.1f};"
        f" process wall {statistics.median(bare_wall):.1f} ms)"
    )
    print(
        f"  VPR Desktop       {app_median:7.1f} ms   (min {min(app):.1f}, max {max(app):.1f};"
        f" process wall {statistics.median(app_wall):.1f} ms)"
    )
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"  ratio app/bare    {ratio:7.2f}x  ({verdict} the {TARGET_RATIO}x target)")
    direct_median = statistics.median(direct)
    print(
        f"  of which the command-line entry point: "
        f"{app_median - direct_median:+.1f} ms (run_gui called directly: {direct_median:.1f} ms,"
        f" {direct_median / bare_median:.2f}x)"
    )
    print(f"  app reported: {last_app}")
    rows = [
        Row(
            "S1",
            "process start → main window painted (offscreen)",
            app_median / 1000,
            bare_median / 1000,
            TARGET_RATIO,
        )
    ]
    if args.db:
        rows.append(list_start(args.db, args.runs))
    write(args.json, rows)
    return 0


def list_start(trust: Path, runs: int) -> Row:
    """S2: start → the Incidents page's first rows painted, against the app-like shell (and,
    printed beside it, the bare window), all three interleaved."""
    import shutil

    with tempfile.TemporaryDirectory(prefix="vpr-startup-list-") as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        db = Path(tmp) / trust.name
        shutil.copyfile(trust, db)
        env = child_env(data_dir)
        env.pop("VPR_DESKTOP_EXIT_AFTER_PAINT")  # the window's first paint is not the end
        floor_env = shell_env(child_env(data_dir))
        list_cmd = [sys.executable, "-c", LIST_CHILD, str(db)]
        shell_cmd = [sys.executable, "-c", SHELL_CHILD]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        # Warm-up, not counted: the page cache, and this first start keeps the list's first
        # page statement (nothing is kept yet, so its rows come through the ORM).
        run_once(list_cmd, env)
        run_once(shell_cmd, floor_env)
        app, shell, bare = [], [], []
        early = 0
        for _ in range(runs):
            shell.append(run_once(shell_cmd, floor_env)[0])
            paint, _wall, out = run_once(list_cmd, env)
            app.append(paint)
            early += "early_rows=1" in out
            bare.append(run_once(bare_cmd, floor_env)[0])
    app_median = statistics.median(app)
    shell_median, bare_median = statistics.median(shell), statistics.median(bare)
    print(f"S2 start → incident list painted ({trust.name}), {runs} runs each, medians:")
    print(
        f"  app-like shell    {shell_median:7.1f} ms   (min {min(shell):.1f}, max {max(shell):.1f})"
    )
    print(f"  bare QMainWindow  {bare_median:7.1f} ms   (min {min(bare):.1f}, max {max(bare):.1f})")
    print(
        f"  VPR Desktop       {app_median:7.1f} ms   (min {min(app):.1f}, max {max(app):.1f};"
        f" early rows painted in {early} of {runs} runs)"
    )
    print(
        f"  ratio app/shell   {app_median / shell_median:7.2f}x  (goal <= 3x);"
        f" app/bare {app_median / bare_median:.2f}x"
    )
    return Row(
        "S2",
        f"process start → incident list painted ({trust.name}; floor: app-like shell)",
        app_median / 1000,
        shell_median / 1000,
        3.0,
    )


if __name__ == "__main__":
    sys.exit(main())
