"""The anonymised return as files: JSON (what a system loads, checked against the schema) and
CSV (the same cells, one per line, for a spreadsheet or a data warehouse).

Both files are written whole or not at all and the export is audited with them; how a return
becomes JSON and CSV bytes is :mod:`vpr_desktop.reports.system_return_formats`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.reports.system_return_formats import return_csv_bytes
from vpr_desktop.reports.system_return_formats import return_json_bytes
from vpr_desktop.services.system.return_export import ReturnRequest
from vpr_desktop.services.system.return_export import build_return
from vpr_desktop.services.system.return_export import record_export
from vpr_desktop.services.system.validation import check_return
from vpr_desktop.store.atomic import write_bytes_atomically

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

#: The system demo's fictional trusts: (ODS code, seed, staff, incidents per 1,000 staff a year).
#: Three sizes, so the funnel plot's limits narrow visibly; rates an NHS trust could report,
#: the smallest trust's high enough to sit outside the limits. The larger two report enough
#: a month for their monthly counts to pass the disclosure rule (an SPC chart per trust).
DEMO_TRUSTS: tuple[tuple[str, int, int, float], ...] = (
    ("RXA", 1, 400, 260.0),
    ("RXB", 2, 800, 170.0),
    ("RXC", 3, 1600, 150.0),
)


@dataclass(frozen=True)
class WrittenReturn:
    """The files written and the SHA-256 of the return's content."""

    paths: tuple[Path, ...]
    sha256: str
    document: dict[str, Any]


def return_paths(out: Path) -> tuple[Path, Path]:
    """The JSON and CSV files for ``out`` (either may be named; the other sits beside it)."""
    suffix = out.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise ValidationError(
            f"{out.name} should end in .json or .csv.",
            "Name the return file, e.g. return-2025-26.json (a CSV copy is written beside it).",
        )
    return out.with_suffix(".json"), out.with_suffix(".csv")


def write_return(db: Database, actor: Actor, request: ReturnRequest, out: Path) -> WrittenReturn:
    """Build the return, check it against the shipped schema, write JSON and CSV whole or not
    at all, and audit the export (the CLI and the window both come here)."""
    json_path, csv_path = return_paths(Path(out))
    document = build_return(db, actor, request)
    check_return(document, "as made here")  # never hand on a return a system would refuse
    written: list[Path] = []
    try:
        for path, data in (
            (json_path, return_json_bytes(document)),
            (csv_path, return_csv_bytes(document)),
        ):
            written.append(write_bytes_atomically(path, data))
        record_export(db, actor, document, [p.name for p in written])
    except BaseException:
        for path in written:  # no file the audit trail does not record
            path.unlink(missing_ok=True)
        raise
    return WrittenReturn(tuple(written), document["content_sha256"], document)


def write_demo_returns(
    folder: Path,
    anchor: dt.date,
    trusts: tuple[tuple[str, int, int, float], ...] = DEMO_TRUSTS,
) -> list[WrittenReturn]:
    """Make each demo trust's database in ``folder`` and write its returns for the two years
    to ``anchor`` beside it (``RXA-2025-26.json`` and the year before), as a system analyst
    would receive them: the latest year for the funnel plot, both for 24 months of SPC."""
    from vpr_desktop.domain.refresher_dates import add_months
    from vpr_desktop.services.container import build_services
    from vpr_desktop.services.demo.database import create_demo_database

    latest = add_months(anchor.replace(day=1), -11)
    years = ((add_months(latest, -12), latest - dt.timedelta(days=1)), (latest, anchor))
    out = []
    for code, seed, staff, rate in trusts:
        db = create_demo_database(
            Path(folder) / f"{code}.db",
            seed=seed,
            anchor=anchor,
            staff=staff,
            incidents_per_1000=rate,
        )
        try:
            actor = build_services(db).actor
            for start, end in years:
                request = ReturnRequest(code, start, end, anchor)
                path = Path(folder) / f"{code}-{start.year}-{end:%y}.json"
                out.append(write_return(db, actor, request, path))
        finally:
            db.close()
    return out
