"""Benchmark: demo-trust generation against the bare-SQLite insert floor, in the same run.

    python benchmarks/bench_demo.py [--size small|large] [--runs 3] [--keep DIR]

Each run creates a fresh SQLite file (WAL, synchronous=NORMAL, foreign keys on, schema from the
models) and times ``generate_demo`` plus its commit. The floor is plain ``sqlite3.executemany``
of the same number of rows, as wide as the demo's rows are on average, into one table in one
transaction, also in a fresh WAL file. Medians are compared, because run-to-run noise on the
2-core VM is 10-20% (performance.md); timings stay out of the unit tests for the same reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _rows import Row
from _rows import write
from sqlalchemy import create_engine
from sqlalchemy import event

from vpr_desktop.domain.models import Base
from vpr_desktop.services.demo.generate import DemoStats
from vpr_desktop.services.demo.generate import generate_demo

ANCHOR = dt.date(2026, 6, 30)


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def run_demo(path: Path, size: str) -> tuple[float, DemoStats]:
    engine = create_engine(f"sqlite:///{fresh(path)}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=NORMAL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    Base.metadata.create_all(engine)  # not timed: the caller's schema already exists
    started = time.perf_counter()
    with engine.begin() as conn:
        stats = generate_demo(conn, size=size, seed=1, anchor=ANCHOR)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, stats


def average_width(stats: DemoStats) -> int:
    """Columns per row, weighted by how many rows each table received."""
    tables = Base.metadata.tables
    cells = sum(n * len(tables[name].columns) for name, n in stats.counts.items())
    return round(cells / stats.total_rows)


def floor_rows(n: int, width: int) -> Iterator[tuple[Any, ...]]:
    # A mix like the demo's: integers, short text, a timestamp string, a real.
    kinds = (7, "Staff member was shouted at.", "2026-06-30 00:00:00.000000", 85.0)
    tail = tuple(kinds[i % len(kinds)] for i in range(width - 1))
    return ((i, *tail) for i in range(1, n + 1))


def run_floor(path: Path, n: int, width: int) -> float:
    con = sqlite3.connect(fresh(path), isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    cols = ", ".join(f"c{i} ANY" for i in range(1, width))
    con.execute(f"CREATE TABLE floor (id INTEGER PRIMARY KEY, {cols})")
    marks = ", ".join("?" * width)
    started = time.perf_counter()
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO floor VALUES ({marks})", floor_rows(n, width))
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "large"), default="small")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the databases here (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="add the D1 row to this results file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        demo_times, floor_times = [], []
        stats: DemoStats | None = None
        for run in range(1, args.runs + 1):
            seconds, stats = run_demo(folder / f"demo-{args.size}.db", args.size)
            width = average_width(stats)
            floor = run_floor(folder / "floor.db", stats.total_rows, width)
            demo_times.append(seconds)
            floor_times.append(floor)
            print(f"run {run}: demo {seconds:6.2f} s   floor {floor:6.3f} s", flush=True)
    assert stats is not None
    rows, width = stats.total_rows, average_width(stats)
    demo_med, floor_med = statistics.median(demo_times), statistics.median(floor_times)
    print()
    for name, count in sorted(stats.counts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24}{count:>9,}")
    print(
        f"\nsize {args.size}: {rows:,} rows, {width} columns per row on average, "
        f"{args.runs} runs (medians)"
    )
    print(
        f"generate_demo (Core, FKs on, indexes present): {demo_med:7.2f} s  "
        f"{rows / demo_med:>10,.0f} rows/s"
    )
    print(
        f"floor (sqlite3 executemany, 1 table, 1 txn):  {floor_med:7.3f} s  "
        f"{rows / floor_med:>10,.0f} rows/s"
    )
    print(f"ratio demo / floor: {demo_med / floor_med:.1f}x")
    write(
        args.json,
        [Row("D1", f"{args.size} demo trust generated ({rows:,} rows)", demo_med, floor_med, None)],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
