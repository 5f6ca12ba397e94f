"""Benchmark: a 200,000-row ESR training export, app import vs the csv + sqlite3 floor.

Issue 6 acceptance 1 (goal: the import at most 3x the floor). Uses a copy of /tmp/large.db
when present (the large demo trust), else builds a fresh large demo. The rows name the demo's
real assignment numbers and courses (its ESR competency names), with completion dates in the
1990s so every row is new (the import's worst case: all inserts).

Floor: ``csv.reader`` over the same file + ``sqlite3.executemany`` of the same values into a
second copy of the same database, one transaction -- no parsing, matching or checks.

Run: ``.venv/bin/python benchmarks/bench_training_import.py [ROWS]``
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from _rows import Row
from _rows import write

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.training.esr_import import import_training
from vpr_desktop.store.database import open_database

LEAD = Actor("bench", "Bench Lead", frozenset({Role.VPR_LEAD}))


def source_db(work: Path, given: Path | None = None) -> Path:
    large = given or Path("/tmp/large.db")
    if large.exists():
        return large
    from vpr_desktop.services.demo.database import create_demo_database

    path = work / "large-demo.db"
    create_demo_database(path, size="large", seed=1).close()
    return path


def make_csv(db: Path, out: Path, n: int) -> None:
    con = sqlite3.connect(db)
    numbers = [r[0] for r in con.execute("SELECT assignment_number FROM assignment")]
    comps = [r[0] for r in con.execute("SELECT esr_competencies FROM course")]
    con.close()
    import json

    names = [json.loads(c)[0] for c in comps]
    base = dt.date(1990, 1, 1)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "Employee Number",
                "Employee Name",
                "Staff Group",
                "Organisation",
                "Competence Name",
                "Date Achieved",
                "Expiry Date",
                "Required",
            ]
        )
        for i in range(n):
            a = numbers[i % len(numbers)]
            k = i // len(numbers)
            name = names[k % len(names)]
            done = base + dt.timedelta(days=k // len(names) * 40 + (i % 37))
            w.writerow(
                [
                    a,
                    "Someone",
                    "",
                    "",
                    name,
                    done.strftime("%d/%m/%Y"),
                    (done + dt.timedelta(days=1095)).strftime("%d-%b-%Y"),
                    "Y",
                ]
            )


def floor(db: Path, path: Path) -> float:
    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    aid = dict(con.execute("SELECT assignment_number, id FROM assignment"))
    course = {}
    for cid, comps in con.execute("SELECT id, esr_competencies FROM course"):
        import json

        for c in json.loads(comps):
            course[c] = cid
    with path.open(encoding="utf-8-sig", newline="") as fh:
        r = csv.reader(fh)
        next(r)
        now = dt.datetime.now().isoformat(" ")
        rows = ((aid[x[0]], course[x[4]], x[5], x[6], x[4], now, now) for x in r)
        with con:
            con.executemany(
                "INSERT INTO training_record (assignment_id, course_id, "
                "completed_on, expires_on, raw_competency, version, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                rows,
            )
    con.close()
    return time.perf_counter() - t0


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("rows", nargs="?", type=int, default=200_000)
    parser.add_argument("--json", type=Path, help="add the I1 row to this results file")
    parser.add_argument("--db", type=Path, help="the large demo trust (default /tmp/large.db)")
    args = parser.parse_args()
    n = args.rows
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = source_db(work, args.db)
        app_db, floor_db = work / "app.db", work / "floor.db"
        shutil.copyfile(src, app_db)
        shutil.copyfile(src, floor_db)
        data = work / "training.csv"
        make_csv(src, data, n)
        t_floor = floor(floor_db, data)
        db = open_database(app_db)
        try:
            t0 = time.perf_counter()
            result = import_training(db, LEAD, data)
            t_app = time.perf_counter() - t0
        finally:
            db.close()
        assert result.ok, result.problems[:5]
        assert result.counts["new records"] == n, result.counts
        print(f"rows: {n:,}")
        print(
            f"floor (csv.reader + sqlite3.executemany): {t_floor:.2f} s ({n / t_floor:,.0f} rows/s)"
        )
        print(f"app import (import_training): {t_app:.2f} s ({n / t_app:,.0f} rows/s)")
        print(f"ratio: {t_app / t_floor:.2f}x (goal <= 3x)")
        write(args.json, [Row("I1", f"ESR training CSV import, {n:,} rows", t_app, t_floor, 3.0)])


if __name__ == "__main__":
    main()
