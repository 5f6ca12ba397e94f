"""Grow a demo trust to N incidents for scale work (issue #20: "a 1M-incident trust").

    .venv/bin/python benchmarks/grow_trust.py --db large.db --incidents 1000000 --out xl.db

Copies ``--db`` (never modified) and repeats its incidents, with their types, staff involved
(and those people's consented characteristics) and support steps, under new ids and references
until the copy holds ``--incidents``. Dates stay as they are, so the trust looks like the same
trust made bigger: every month, location and category grows in proportion, and the indexes,
the query plans and the packs meet the row counts of a very large trust. Plain SQL in one
transaction per round, and no ANALYZE: the app never gathers planner statistics, so a trust
measured with them would meet plans no user's database meets. Not a demo for people (no audit
trail for the copies).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from pathlib import Path

# (table, its id column offset key, {column: offset key}) — each copy shifts ids by the
# table's largest id so the copies never collide and keep pointing at their own parents.
COPIED = (
    ("incident", "incident", {}),
    ("incident_type", "incident_type", {"incident_id": "incident"}),
    ("incident_staff", "incident_staff", {"incident_id": "incident"}),
    ("staff_characteristic", "staff_characteristic", {"incident_staff_id": "incident_staff"}),
    ("support_step", "support_step", {"incident_id": "incident"}),
)
UNIQUE_TEXT = {"incident": ("reference", "external_ref")}


def columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]


def grow(path: Path, target: int) -> int:
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    base = {t: con.execute(f"SELECT max(id) FROM {t}").fetchone()[0] or 0 for t, _k, _r in COPIED}
    originals = con.execute("SELECT count(*) FROM incident").fetchone()[0]
    have = originals
    rounds = 0
    while have < target:
        rounds += 1
        take = min(originals, target - have)
        last_id = con.execute(
            "SELECT id FROM incident ORDER BY id LIMIT 1 OFFSET ?", (take - 1,)
        ).fetchone()[0]
        with con:
            for table, key, refs in COPIED:
                cols = columns(con, table)
                exprs = []
                for col in cols:
                    if col == "id":
                        exprs.append(f"id + {base[key] * rounds}")
                    elif col in refs:
                        exprs.append(f"{col} + {base[refs[col]] * rounds}")
                    elif col in UNIQUE_TEXT.get(table, ()):
                        # A prefix, not a suffix: "G3-VPR-000123" is no VPR-nnnnnn reference,
                        # so the app's next reference still follows the trust's own numbers.
                        exprs.append(
                            f"CASE WHEN {col} IS NULL THEN NULL ELSE 'G{rounds}-' || {col} END"
                        )
                    else:
                        exprs.append(col)
                limit = f"id <= {last_id}" if table == "incident" else _within(table, last_id)
                con.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(exprs)} "
                    f"FROM {table} WHERE id <= {base[key]} AND {limit}"
                )
        have += take
        print(f"  round {rounds}: {have:,} incidents", flush=True)
    con.close()
    return have


def _within(table: str, last_id: int) -> str:
    """The child rows of the incidents copied this round (ids up to ``last_id``)."""
    if table == "staff_characteristic":
        return (
            f"incident_staff_id IN (SELECT id FROM incident_staff WHERE incident_id <= {last_id})"
        )
    return f"incident_id <= {last_id}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, required=True, help="a demo trust (copied)")
    parser.add_argument("--incidents", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    shutil.copyfile(args.db, args.out)
    started = time.perf_counter()
    have = grow(args.out, args.incidents)
    size = args.out.stat().st_size / 1e6
    print(
        f"{args.out}: {have:,} incidents, {size:,.0f} MB, in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
