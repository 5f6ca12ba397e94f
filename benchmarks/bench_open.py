"""Open benchmark (issue #20): how long opening a database keeps the window from its first page.

Times, interleaved so all see the same machine state (medians printed; a report, never a
pass/fail test):

* floor — plain ``sqlite3``: open the file read-only and read ``sqlite_master`` and
  ``alembic_version`` (the header and schema checks, nothing else);
* check now — ``open_database(path)``: the command line's open, ``quick_check`` over every page
  before anything else (what the window did before #20);
* check deferred — ``open_database(path, defer_check=True)``: the window's open; the check then
  runs in the background (``Database.check_integrity``), timed separately.

    .venv/bin/python benchmarks/bench_open.py --db large.db [-n 7]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _rows import Row
from _rows import write

from vpr_desktop.store.database import open_database


def floor(path: Path) -> None:
    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        con.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        con.close()


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a database (copied)")
    parser.add_argument("-n", type=int, default=7, help="runs of each")
    parser.add_argument("--json", type=Path, help="add the O1 row to this results file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vpr-open-") as tmp:
        path = Path(tmp) / "open.db"
        shutil.copy2(args.db, path)
        open_database(path, backup_dir=Path(tmp) / "backups").close()  # upgraded, WAL, warm
        results: dict[str, list[float]] = {"floor": [], "now": [], "deferred": [], "check": []}
        for _ in range(args.n):
            results["floor"].append(timed(lambda: floor(path)))
            start = time.perf_counter()
            open_database(path).close()
            results["now"].append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            db = open_database(path, defer_check=True)
            results["deferred"].append((time.perf_counter() - start) * 1000)
            results["check"].append(timed(db.check_integrity))
            db.close()
    med = {key: statistics.median(values) for key, values in results.items()}
    size = args.db.stat().st_size / 1e6
    print(f"Open {args.db.name} ({size:,.0f} MB), {args.n} runs each, medians:")
    print(f"  floor (sqlite3: header + schema)     {med['floor']:8.1f} ms")
    print(
        f"  open, quick_check first (before)     {med['now']:8.1f} ms  "
        f"{med['now'] / med['floor']:6.1f}x floor"
    )
    print(
        f"  open, check deferred (window, after) {med['deferred']:8.1f} ms  "
        f"{med['deferred'] / med['floor']:6.1f}x floor"
    )
    print(f"  the deferred check, in the background {med['check']:7.1f} ms")
    write(
        args.json,
        [
            Row(
                "O1",
                f"open a {size:,.0f} MB database for the window (check deferred)",
                med["deferred"] / 1000,
                med["floor"] / 1000,
                None,
            )
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
