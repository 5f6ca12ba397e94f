"""Incident list, support queue, pack aggregates and Datix import on the large demo trust,
each against a plain-``sqlite3`` floor measured in the same run.

Issue 7, acceptance 4: the incident list on the large demo trust opens and filters to one
location in under 300 ms. "Opens" is what the screen asks of ``IncidentListSource``: ``count``
and the first page (500 rows, newest first); "filters to one location" is the same with the
``location_id`` filter (the busiest location: the worst case). The floors are the same SQL in
plain sqlite3 (count + ``ORDER BY occurred_at DESC, id DESC LIMIT 500`` with the location join)
with no SQLAlchemy or Python around it.

Also timed: the support queue (open steps, overdue first), the monthly counts for an SPC chart
(all months; and by location) against ``GROUP BY month[, location_id]``, every pack figure for
a year, and (``--import-rows N``) a Datix-style CSV import of N rows against ``csv.reader`` →
``executemany`` into a bare table.

Works on a private copy of the large demo database (``--db``, default /tmp/large.db, is never
modified). Floor and app runs are interleaved; medians are printed. A report, never a test.

    .venv/bin/python benchmarks/bench_incidents.py [--db /tmp/large.db] [-n 15]
                                                   [--import-rows 20000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _rows import Row
from _rows import write

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.users import identify
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.listing import IncidentListSource
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.store.database import open_database

ANCHOR = dt.date(2026, 6, 30)
SAMPLE = Path(__file__).parents[1] / "tests" / "data" / "datix_raw_fields_sample.csv"
FLOOR_PAGE = """
SELECT i.reference, i.occurred_at, l.name, i.primary_type, i.harm, i.days_lost, i.near_miss,
       i.riddor_status, i.external_ref, i.id, i.version
FROM incident i LEFT JOIN location l ON l.id = i.location_id
{where}
ORDER BY i.occurred_at DESC, i.id DESC LIMIT 500
"""
FLOOR_QUEUE = """
SELECT s.due_by, s.step_type, p.first_name || ' ' || p.last_name, i.reference, l.name,
       i.occurred_at, s.id, s.version, i.id
FROM support_step s JOIN incident i ON i.id = s.incident_id
JOIN person p ON p.id = s.person_id LEFT JOIN location l ON l.id = i.location_id
WHERE s.done_at IS NULL AND NOT s.declined
ORDER BY s.due_by, s.id LIMIT 500
"""


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def pair(
    label: str,
    app: Callable[[], object],
    floor: Callable[[], object],
    runs: int,
    results: list[tuple[str, float, float]],
) -> None:
    app(), floor()  # warm both
    a_times, f_times = [], []
    for _ in range(runs):  # interleaved so both see the same machine state
        a_times.append(median_ms(app, 1))
        f_times.append(median_ms(floor, 1))
    results.append((label, statistics.median(a_times), statistics.median(f_times)))


def make_datix_csv(path: Path, rows: int, codes: list[str]) -> Path:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        header, *body = list(csv.reader(fh))
    loc = header.index("inc_locactual")
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for n in range(rows):
            r = list(body[n % len(body)])
            r[0], r[1] = str(900000 + n), f"INC-{900000 + n}"
            r[loc] = codes[n % len(codes)]
            w.writerow(r)
    return path


def import_floor(path: Path, target: Path) -> None:
    con = sqlite3.connect(target)
    con.execute("DROP TABLE IF EXISTS raw_import")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        con.execute(f"CREATE TABLE raw_import ({', '.join(f'c{i}' for i in range(len(header)))})")
        with con:
            con.executemany(
                f"INSERT INTO raw_import VALUES ({', '.join('?' * len(header))})", reader
            )
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/large.db"))
    ap.add_argument("-n", type=int, default=15, help="runs per measure (median reported)")
    ap.add_argument("--import-rows", type=int, default=20000, help="0 to skip the import")
    ap.add_argument("--json", type=Path, help="add the T2, A1 and I3 rows to this results file")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vpr-bench-incidents-"))
    copy = work / "large.db"
    shutil.copyfile(args.db, copy)  # never touch the original
    db = open_database(copy, backup_dir=work / "backups")
    actor = identify(db)
    if not actor.can(Permission.READ_INCIDENTS):
        actor = Actor("bench", "Benchmark", frozenset({Role.VPR_LEAD}))
    con = sqlite3.connect(copy)
    total = con.execute("SELECT count(*) FROM incident").fetchone()[0]
    busiest, busiest_n = con.execute(
        "SELECT location_id, count(*) FROM incident GROUP BY location_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    results: list[tuple[str, float, float]] = []
    runs = args.n

    # -- the incident list (acceptance 4)
    def app_open() -> None:
        src = IncidentListSource(db, actor)
        req = PageRequest()
        src.count(req), src.page(req)

    def floor_open() -> None:
        con.execute("SELECT count(*) FROM incident").fetchone()
        con.execute(FLOOR_PAGE.format(where="")).fetchall()

    def app_filter() -> None:
        src = IncidentListSource(db, actor)
        req = PageRequest(filters={"location_id": busiest})
        src.count(req), src.page(req)

    def floor_filter() -> None:
        con.execute("SELECT count(*) FROM incident WHERE location_id = ?", (busiest,)).fetchone()
        con.execute(FLOOR_PAGE.format(where="WHERE i.location_id = ?"), (busiest,)).fetchall()

    def app_open_and_filter() -> None:
        app_open()
        app_filter()

    def floor_open_and_filter() -> None:
        floor_open()
        floor_filter()

    pair("list: open (count + first 500)", app_open, floor_open, runs, results)
    pair(
        "list: filter to one location (count + first 500)", app_filter, floor_filter, runs, results
    )
    pair(
        "list: open, then filter to one location (acceptance 4)",
        app_open_and_filter,
        floor_open_and_filter,
        runs,
        results,
    )

    # -- the support queue
    svc = IncidentService(db, actor, today=ANCHOR)

    def app_queue() -> None:
        q = svc.support_queue()
        q.count(PageRequest()), q.page(PageRequest())

    def floor_queue() -> None:
        con.execute(
            "SELECT count(*) FROM support_step WHERE done_at IS NULL AND NOT declined"
        ).fetchone()
        con.execute(FLOOR_QUEUE).fetchall()

    pair("support queue: count + first 500", app_queue, floor_queue, runs, results)

    # -- aggregates
    stats = svc.stats()
    first, last = con.execute("SELECT min(month), max(month) FROM incident").fetchone()
    everything = Period.months(first, last)
    year = Period.months("2025-07", "2026-06")

    pair(
        f"monthly counts, all {len(everything.month_list())} months",
        lambda: stats.monthly_counts(everything),
        lambda: con.execute(
            "SELECT month, count(*) FROM incident WHERE month BETWEEN ? AND ? GROUP BY month",
            (first, last),
        ).fetchall(),
        runs,
        results,
    )
    pair(
        "monthly counts by location, all months",
        lambda: stats.monthly_counts(everything, "location"),
        lambda: con.execute(
            "SELECT month, location_id, count(*) FROM incident WHERE month "
            "BETWEEN ? AND ? GROUP BY month, location_id",
            (first, last),
        ).fetchall(),
        runs,
        results,
    )

    def app_pack() -> None:
        stats.monthly_counts(year, "type")
        stats.monthly_counts(year, "staff_group")
        stats.harm_split(year), stats.intent_split(year), stats.near_miss_ratio(year)
        stats.support_on_time(year), stats.feedback_given(year), stats.riddor_on_time(year)
        stats.police_outcomes(year), stats.characteristic_counts(year)

    def floor_pack() -> None:
        a, b = year.first_month, year.last_month
        for sql in (
            "SELECT month, t.incident_type, count(*) FROM incident i JOIN incident_type t ON "
            "t.incident_id = i.id WHERE month BETWEEN ? AND ? GROUP BY 1, 2",
            "SELECT month, s.staff_group_id, count(DISTINCT i.id) FROM incident i JOIN "
            "incident_staff s ON s.incident_id = i.id WHERE month BETWEEN ? AND ? GROUP BY 1, 2",
            "SELECT harm, count(*) FROM incident WHERE month BETWEEN ? AND ? GROUP BY 1",
            "SELECT intent, count(*) FROM incident WHERE month BETWEEN ? AND ? GROUP BY 1",
            "SELECT count(*), sum(near_miss) FROM incident WHERE month BETWEEN ? AND ?",
            "SELECT step_type, sum(done_at <= due_by), count(*) FROM support_step s JOIN "
            "incident i ON i.id = s.incident_id WHERE month BETWEEN ? AND ? GROUP BY 1",
            "SELECT count(feedback_given_on), count(*) FROM incident WHERE month BETWEEN ? AND ?",
            "SELECT sum(riddor_status = 'reportable'), sum(riddor_submitted_on <= "
            "riddor_deadline) FROM incident WHERE month BETWEEN ? AND ?",
            "SELECT police_outcome, count(*) FROM incident WHERE police_informed AND month "
            "BETWEEN ? AND ? GROUP BY 1",
            "SELECT c.characteristic, c.value, count(*) FROM staff_characteristic c JOIN "
            "incident_staff s ON s.id = c.incident_staff_id JOIN incident i ON i.id = "
            "s.incident_id WHERE s.pc_consent AND month BETWEEN ? AND ? GROUP BY 1, 2",
        ):
            con.execute(sql, (a, b)).fetchall()

    pair("every pack figure for a year (10 queries)", app_pack, floor_pack, runs, results)

    # -- Datix import
    if args.import_rows:
        codes = [c for (c,) in con.execute("SELECT code FROM location ORDER BY id")]
        source = make_datix_csv(work / "datix.csv", args.import_rows, codes)
        importer = IncidentService(db, actor, today=dt.date(2026, 12, 31))  # sample: to July
        t = time.perf_counter()
        result = importer.import_incidents(source)
        app_s = time.perf_counter() - t
        assert result.ok, result.problems[:5]
        t = time.perf_counter()
        import_floor(source, work / "floor.db")
        floor_s = time.perf_counter() - t
        results.append(
            (f"Datix import, {args.import_rows:,} new rows (one run)", app_s * 1000, floor_s * 1000)
        )
        changed = make_datix_csv(work / "datix2.csv", args.import_rows, codes[1:] + codes[:1])
        t = time.perf_counter()
        again = importer.import_incidents(changed)
        app_s = time.perf_counter() - t
        assert again.ok and again.counts["updated"] == args.import_rows, again.counts
        results.append(
            (
                f"Datix re-import, {args.import_rows:,} rows all updated (one run)",
                app_s * 1000,
                floor_s * 1000,
            )
        )

    db.close()
    con.close()
    print(
        f"Large demo trust: {total:,} incidents; busiest location id {busiest} "
        f"({busiest_n:,} incidents). Medians of {runs} runs.\n"
    )
    print(f"{'measure':58} {'app ms':>9} {'floor ms':>9} {'ratio':>7}")
    for label, app_ms, floor_ms in results:
        print(f"{label:58} {app_ms:9.1f} {floor_ms:9.1f} {app_ms / floor_ms:6.1f}x")
    acceptance = next(a for label, a, _ in results if "acceptance 4" in label)
    print(
        f"\nAcceptance 4 (open + filter to one location < 300 ms): {acceptance:.1f} ms -> "
        f"{'PASS' if acceptance < 300 else 'FAIL'}"
    )
    by_label = {label: (a / 1000, f / 1000) for label, a, f in results}
    keyed = [
        ("T2", "list: filter to one location (count + first 500)", 5.0),
        ("A1", "monthly counts by location, all months", 2.0),
        ("A2", "every pack figure for a year (10 queries)", 3.0),
    ]
    rows = [
        Row(key, f"{label}, {total:,} incidents", *by_label[label], goal)
        for key, label, goal in keyed
    ]
    imported = next((k for k in by_label if k.startswith("Datix import")), None)
    if imported:
        rows.append(Row("I3", imported, *by_label[imported], 2.5))
    write(args.json, rows)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
