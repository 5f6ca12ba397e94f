"""Memory benchmark (issue #20 M1, performance.md S3): resident memory of the window.

Two figures from one app process (``run_gui``, offscreen, the real start-up), against the floor
of the *app-like shell* (``_shell.py``: menus, sidebar list, page stack, an empty table, the
app's style sheet) shown and painted in its own process, as performance.md defines S3's floor
("app-like shell peak RSS"); a bare ``QMainWindow`` is measured too and printed beside it:
* at first use — the window painted, the database opened and Home attached;
* with every page visited — each page the user may see built, shown and its background jobs
  given time to finish (the peak, ``VmHWM``, is what the operating system had to find).
The goals: at first use ≤ 2x the shell (S3); every page visited < 400 MB (M1).
A report, never a pass/fail test.

    .venv/bin/python benchmarks/bench_memory.py --db large.db [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from _rows import Row
from _rows import write
from _shell import SHELL_WINDOW
from _shell import shell_env

S3_RATIO = 2.0
M1_CEILING_MB = 400.0

PROBE = textwrap.dedent("""
    import json, resource, sys, time

    def rss_mb(field="VmRSS:"):
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    def peak_mb():
        # VmHWM: this process's own high-water mark. Not ru_maxrss, which Linux carries over
        # from the parent at fork/exec (a benchmark holding a 1 GB file would show 1 GB here).
        return rss_mb("VmHWM:")
    """)

BARE = PROBE + textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    def done():
        print(json.dumps({"first_mb": rss_mb()}), flush=True)
        app.exit(0)
    QTimer.singleShot(300, done)
    sys.exit(app.exec())
    """)

SHELL = (
    PROBE
    + textwrap.dedent("""
    def shell_painted(app):
        def done():
            print(json.dumps({"first_mb": rss_mb()}), flush=True)
            app.exit(0)
        QTimer.singleShot(300, done)  # as the bare window: settled, then read
    """)
    + SHELL_WINDOW
)

APP = PROBE + textwrap.dedent("""
    import vpr_desktop.views.smoke as smoke

    def arm(window, app):
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def settle(seconds):
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                QApplication.processEvents()
                time.sleep(0.01)

        def visit_all():
            settle(0.3)
            first = rss_mb()
            keys = window.visible_page_keys()
            for key in keys:
                window.show_page(key)
                settle(0.5)
            settle(1.0)
            peak = peak_mb()
            print(json.dumps({"first_mb": first, "all_mb": rss_mb(), "peak_mb": peak,
                              "pages": keys}), flush=True)
            app.exit(0)

        window.attached.connect(lambda _s: QTimer.singleShot(0, visit_all))

    smoke.arm = arm
    from vpr_desktop.views.app import run_gui
    sys.exit(run_gui(sys.argv[1], False, sys.argv[:1], smoke=True))
    """)


def child(code: str, *args: str, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"memory probe failed ({done.returncode}): {done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="a database (copied)")
    parser.add_argument("-n", type=int, default=3, help="processes of each kind (median)")
    parser.add_argument("--json", type=Path, help="add the S3 and M1 rows to this results file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vpr-memory-") as tmp:
        db = Path(tmp) / "memory.db"
        shutil.copyfile(args.db, db)  # streamed: this process never holds the file
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            VPR_DESKTOP_DATA_DIR=str(tmp),
            XDG_CONFIG_HOME=str(Path(tmp) / "config"),  # never the user's window settings
        )
        bare, shell, first, peak = [], [], [], []
        pages: object = []
        for _ in range(args.n):  # interleaved
            bare.append(float(child(BARE, env=env)["first_mb"]))  # type: ignore[arg-type]
            shell.append(float(child(SHELL, env=shell_env(env))["first_mb"]))  # type: ignore[arg-type]
            got = child(APP, str(db), env=env)
            first.append(float(got["first_mb"]))  # type: ignore[arg-type]
            peak.append(float(got["peak_mb"]))  # type: ignore[arg-type]
            pages = got["pages"]
    bare_mb, shell_mb, first_mb, peak_mb = (
        sorted(v)[len(v) // 2] for v in (bare, shell, first, peak)
    )
    print(f"Memory, {args.db.name}, median of {args.n} processes each:")
    print(f"  bare QMainWindow painted                {bare_mb:7.1f} MB")
    print(f"  app-like shell painted                  {shell_mb:7.1f} MB")
    print(
        f"  app: window painted, Home attached      {first_mb:7.1f} MB  {first_mb / shell_mb:.2f}x"
        f" the shell, {first_mb / bare_mb:.2f}x the bare window"
    )
    print(f"  app: peak with every page visited ({len(pages)}) {peak_mb:7.1f} MB")  # type: ignore[arg-type]
    write(
        args.json,
        [
            Row(
                "S3",
                "resident memory, window painted and Home attached",
                first_mb,
                shell_mb,
                S3_RATIO,
                "MB",
            ),
            Row(
                "M1",
                f"peak resident memory, every page visited ({args.db.name})",
                peak_mb,
                None,
                M1_CEILING_MB,
                "MB",
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
