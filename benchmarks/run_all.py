"""Every benchmark row of issue #20 in one run, one table and (``--json FILE``) one JSON file.

    .venv/bin/python benchmarks/run_all.py [--quick] [--db large.db] [--json out.json]

Each ``bench_*.py`` runs in its own process (so one's imports, caches and memory never flatter
the next) with ``--json`` pointing at a shared results file; each measures its own floor in the
same run, interleaved with the app (the bare library doing the same work: plain sqlite3, a bare
lazy ``QAbstractTableModel``, bare reportlab/openpyxl, a bare ``QMainWindow``). Then the table:
row, app median, floor median, ratio, goal, met. The JSON holds the same:
``{"rows": {"S1": {"app_s": …, "floor_s": …, "ratio": …, "goal": …, "met": true, …}, …},
"meta": {…}}`` (memory rows carry ``"unit": "MB"``).

``--db`` names the trust to measure (default: the large demo, built once into
``benchmarks/.cache/large.db``); ``bench_growth.py`` grows it (``grow_trust.py``) to 10k, 100k
and 1M incidents for the growth curve of list open, Home and both packs (``G-*`` rows).
``--quick`` runs fewer repetitions and smaller imports: a smoke run of the runner in about
five minutes, not figures to quote. Timings are reports, never pass/fail tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _rows import read
from _rows import table

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"


def steps(db: Path, quick: bool) -> list[tuple[str, list[str]]]:
    """(script, arguments) for every row; ``quick`` trades precision for time."""
    n = lambda q, full: str(q if quick else full)  # noqa: E731 - a two-way switch
    return [
        ("bench_startup.py", ["-n", n(3, 7), "--db", str(db)]),
        ("bench_open.py", ["--db", str(db), "-n", n(3, 7)]),
        (
            "bench_risk_register.py",
            ["--db", str(db), "-n", n(5, 21), "--extra-risks", n(0, 100_000)],
        ),
        (
            "bench_incidents.py",
            ["--db", str(db), "-n", n(5, 15), "--import-rows", n(2_000, 20_000)],
        ),
        ("bench_packs.py", ["--db", str(db), "-n", n(2, 5)]),
        ("bench_training_import.py", [n(20_000, 200_000), "--db", str(db)]),
        ("bench_demo.py", ["--size", "small" if quick else "large", "--runs", n(1, 3)]),
        ("bench_memory.py", ["--db", str(db), "-n", n(1, 3)]),
        (
            "bench_growth.py",
            [
                "--db",
                str(db),
                "-n",
                n(2, 5),
                "--sizes",
                *(["10000", "100000"] if quick else ["10000", "100000", "1000000"]),
            ],
        ),
    ]


def large_demo() -> Path:
    path = CACHE / "large.db"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        print(f"building the large demo trust at {path} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "vpr_desktop", "demo", "--db", str(path), "--size", "large"],
            check=True,
        )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller imports")
    parser.add_argument("--db", type=Path, help="the trust to measure (default: large demo)")
    parser.add_argument("--json", type=Path, help="write the rows here as JSON")
    parser.add_argument("--only", nargs="*", help="run only these scripts (e.g. bench_open.py)")
    args = parser.parse_args(argv)
    db = args.db or large_demo()
    started = time.perf_counter()
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="vpr-run-all-") as tmp:
        results = Path(tmp) / "rows.json"
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        # Users run compiled bytecode (the bundle's archive, an installed package's
        # __pycache__); a developer shell that forbids writing it would make every app start
        # compile the app's sources again while the floors' libraries come precompiled.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "src")],
            env=env,
            check=False,
        )
        for script, script_args in steps(db, args.quick):
            if args.only and script not in args.only:
                continue
            print(f"\n=== {script} {' '.join(script_args)}", flush=True)
            done = subprocess.run(
                [sys.executable, str(HERE / script), *script_args, "--json", str(results)],
                env=env,
                check=False,
            )
            if done.returncode != 0:
                failed.append(script)
        rows = read(results) if results.exists() else []
    print(f"\n=== every row ({db.name}, {'quick' if args.quick else 'full'} run)\n")
    print(table(rows))
    if failed:
        print(f"\nfailed (no rows): {', '.join(failed)}")
    if args.json:
        data = {
            "rows": {r.key: r.as_json() for r in rows},
            "meta": {
                "database": str(db),
                "database_mb": round(db.stat().st_size / 1e6, 1),
                "quick": args.quick,
                "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
                "python": platform.python_version(),
                "seconds": round(time.perf_counter() - started),
                "failed": failed,
            },
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
