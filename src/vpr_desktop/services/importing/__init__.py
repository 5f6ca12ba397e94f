"""Import machinery shared by every import: safe reading, column maps, reports, batches.

``reader`` opens CSV/XLSX safely and streams rows; ``mapping`` loads the column maps from
``resources/import_formats``; ``values`` parses cells (dates, numbers, choices); ``report``
holds the row-by-row problems; ``batch`` runs an import all-or-nothing as an ``ImportBatch``
and undoes it. An importer (e.g. ``services.risk_import``) supplies only a ``body`` that
validates and inserts rows.
"""

from __future__ import annotations

from vpr_desktop.services.importing.batch import (
    BatchInfo,
    ImportContext,
    ImportResult,
    list_batches,
    run_import,
    undo_batch,
)
from vpr_desktop.services.importing.mapping import ImportFormat, load_format
from vpr_desktop.services.importing.reader import Limits, SourceRow, Table, open_table
from vpr_desktop.services.importing.report import Problem, ProblemLog, write_report_csv

__all__ = [
    "BatchInfo",
    "ImportContext",
    "ImportFormat",
    "ImportResult",
    "Limits",
    "Problem",
    "ProblemLog",
    "SourceRow",
    "Table",
    "list_batches",
    "load_format",
    "open_table",
    "run_import",
    "undo_batch",
    "write_report_csv",
]
