"""Growth curve (issue #20): list open, Home and both packs at 10k → 100k → 1M incidents.

    .venv/bin/python benchmarks/bench_growth.py --db large.db [--sizes 10000 100000 1000000]

Each size is the demo trust grown by ``grow_trust.py`` (a size below the demo's own count is
the small demo grown). Times, medians of ``-n`` runs in one process (warm, after one unmeasured
run): the incident list as the screen opens it (count + first 500, newest first); Home's
figures (``SummaryService.home``, every card); the board and the committee pack in process
(PDF + Excel, one run each at 1M: they take seconds). Each with the plain-sqlite3 floor where
one exists (the list's same SQL). The point is the curve: what grows with the trust and what
stays flat. A report, never a pass/fail test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _rows import Row
from _rows import write
from grow_trust import grow

FLOOR_LIST = (
    "SELECT i.id, i.reference, i.occurred_at, l.name, i.primary_type, i.harm "
    "FROM incident i JOIN location l ON l.id = i.location_id "
    "ORDER BY i.occurred_at DESC, i.id DESC LIMIT 500"
)
PERIOD = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))


def median_s(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(path: Path, runs: int, work: Path) -> dict[str, tuple[float, float | None]]:
    from vpr_desktop.reports.pack_job import generate_pack
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.services.common.paging import PageRequest
    from vpr_desktop.services.common.summary import SummaryService
    from vpr_desktop.services.incidents.listing import IncidentListSource
    from vpr_desktop.services.packs.context import PackRequest
    from vpr_desktop.store.database import open_database

    db = open_database(path, defer_check=True)
    raw = sqlite3.connect(path)
    out: dict[str, tuple[float, float | None]] = {}
    try:
        actor = identify(db)
        source = IncidentListSource(db, actor)
        request = PageRequest()
        out["list"] = (
            median_s(lambda: (source.count(request), source.page(request)), runs),
            median_s(
                lambda: (
                    raw.execute("SELECT count(*) FROM incident").fetchone(),
                    raw.execute(FLOOR_LIST).fetchall(),
                ),
                runs,
            ),
        )
        summary = SummaryService(db, actor)
        out["home"] = (median_s(lambda: summary.home(today=PERIOD[1]), runs), None)
        for kind in ("board", "committee"):
            folder = work / kind
            folder.mkdir(exist_ok=True)
            pack = PackRequest(kind, *PERIOD)  # type: ignore[arg-type]
            out[kind] = (
                median_s(
                    lambda p=pack, f=folder: generate_pack(db, actor, p, f), max(1, runs // 3)
                ),
                None,
            )
    finally:
        raw.close()
        db.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="the large demo trust (copied)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--json", type=Path, help="add the G rows to this results file")
    args = parser.parse_args(argv)
    results: dict[int, dict[str, tuple[float, float | None]]] = {}
    with tempfile.TemporaryDirectory(prefix="vpr-growth-") as tmp:
        work = Path(tmp)
        os.environ["VPR_DESKTOP_DATA_DIR"] = str(work / "data")
        for size in args.sizes:
            path = work / f"trust-{size}.db"
            shutil.copyfile(args.db, path)
            con = sqlite3.connect(path)
            have = con.execute("SELECT count(*) FROM incident").fetchone()[0]
            if size < have:  # cut down: keep the newest ``size`` incidents' worth of months
                con.execute("PRAGMA foreign_keys = OFF")
                cut = con.execute(
                    "SELECT id FROM incident ORDER BY id DESC LIMIT 1 OFFSET ?", (size - 1,)
                ).fetchone()[0]
                with con:
                    con.execute(  # the characteristics of the people on cut incidents first
                        "DELETE FROM staff_characteristic WHERE incident_staff_id IN "
                        "(SELECT id FROM incident_staff WHERE incident_id < ?)",
                        (cut,),
                    )
                    for child in ("incident_type", "incident_staff", "support_step"):
                        con.execute(f"DELETE FROM {child} WHERE incident_id < ?", (cut,))
                    con.execute("DELETE FROM incident WHERE id < ?", (cut,))
            con.close()
            if size > have:
                grow(path, size)
            print(f"measuring {size:,} incidents …", flush=True)
            results[size] = measure(path, args.n, work)
            path.unlink()
    names = {
        "list": "incident list open",
        "home": "Home figures",
        "board": "board pack",
        "committee": "committee pack",
    }
    print(f"\n{'incidents':>10} " + " ".join(f"{names[k]:>16}" for k in names))
    for size, got in results.items():
        print(f"{size:>10,} " + " ".join(f"{got[k][0] * 1000:13.1f} ms" for k in names))
    rows = [
        Row(f"G-{k}-{size // 1000}k", f"{names[k]}, {size:,} incidents", got[k][0], got[k][1], None)
        for size, got in results.items()
        for k in names
    ]
    write(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
