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

    .venv/bin/python benchmarks/bench_risk_register.py [--db large.db] [-n 21]
                                                       [--extra-risks 100000]
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

from vpr_desktop.services.paging import PageRequest
from vpr_desktop.services.risk_register import RiskRegisterService
from vpr_desktop.services.users import identify
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
FLOOR_HEAT = ("SELECT current_likelihood, current_consequence, count(*) FROM risk_assessment "
              "WHERE status IN ('open', 'tolerated') "
              "GROUP BY current_likelihood, current_consequence")


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
    con.executemany(f"INSERT INTO risk_assessment ({', '.join(cols)}) VALUES "
                    f"({', '.join('?' for _ in cols)})", rows)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing large demo database (copied)")
    parser.add_argument("-n", type=int, default=21, help="runs per measurement")
    parser.add_argument("--extra-risks", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="vpr-bench-risk-") as tmp:
        path = Path(tmp) / "large.db"
        if args.db:
            shutil.copyfile(args.db, path)
        else:
            from vpr_desktop.services.demo_db import create_demo_database

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
            next_where = (f"WHERE (r.current_score, r.id) < ({last[4].score}, "
                          f"{last[source.ID_INDEX]})")

            def floor_next() -> None:
                raw.execute(FLOOR_PAGE.format(where=next_where)).fetchall()

            def app_filtered() -> None:
                source.count(open_rows)
                source.page(open_rows)

            def floor_filtered() -> None:
                raw.execute("SELECT count(*) FROM risk_assessment WHERE status = 'open'"
                            ).fetchone()
                raw.execute(FLOOR_PAGE.format(where="WHERE r.status = 'open'")).fetchall()

            cases = [("open register (count + first 500, score desc)", app_open, floor_open),
                     ("next page (keyset)", app_next, floor_next),
                     ("filtered: open risks (count + first 500)", app_filtered,
                      floor_filtered),
                     ("heat map (GROUP BY)", svc.heat_map,
                      lambda: raw.execute(FLOOR_HEAT).fetchall())]
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
            plan = " | ".join(r[-1] for r in raw.execute(
                "EXPLAIN QUERY PLAN " + FLOOR_PAGE.format(where="")))
            print(f"floor plan: {plan}")
            raw.close()
        finally:
            db.close()


if __name__ == "__main__":
    main()
