"""Staff in post at each month's end (the rate denominator) counted by events equals the
plain ``COUNT(DISTINCT person)`` of the posts held that day, people with two posts at once,
posts ending mid-month and posts with no dates included."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vpr_desktop.services.packs.months import months_ending
from vpr_desktop.services.packs.rates import headcounts
from vpr_desktop.services.packs.rates import month_end


def _by_hand(path: Path, months: list[str]) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {
            ym: con.execute(
                "SELECT count(DISTINCT person_id) FROM assignment "
                "WHERE (start_date IS NULL OR start_date <= ?) "
                "AND (end_date IS NULL OR end_date >= ?)",
                (month_end(ym).isoformat(), month_end(ym).isoformat()),
            ).fetchone()[0]
            for ym in months
        }
    finally:
        con.close()


def test_staff_in_post_equals_count_distinct_people(demo_copy: Path) -> None:
    import datetime as dt

    from vpr_desktop.store.database import open_database

    con = sqlite3.connect(demo_copy)
    with con:  # second posts overlapping the first, one ending on a month end, one undated
        people = [p for (p,) in con.execute("SELECT id FROM person ORDER BY id LIMIT 3")]
        group = con.execute("SELECT id FROM staff_group LIMIT 1").fetchone()[0]
        for n, (pid, start, end) in enumerate(
            [
                (people[0], "2024-03-15", "2025-06-30"),
                (people[1], "2023-01-01", "2025-02-14"),
                (people[2], None, None),
            ]
        ):
            con.execute(
                "INSERT INTO assignment (person_id, assignment_number, staff_group_id, "
                'start_date, end_date, "primary", version) VALUES (?, ?, ?, ?, ?, 0, 1)',
                (pid, f"TEST-{n}", group, start, end),
            )
    con.close()
    db = open_database(demo_copy)
    try:
        for end, n in ((dt.date(2026, 6, 30), 36), (dt.date(2025, 6, 30), 24)):
            months = months_ending(end, n)
            got = headcounts(db, months)
            assert got == _by_hand(demo_copy, months)
            assert got is not None and min(got.values()) > 0
    finally:
        db.close()
