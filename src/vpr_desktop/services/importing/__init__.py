"""Import machinery shared by every import: safe reading, column maps, reports, batches.

``reader`` opens CSV/XLSX safely and streams rows; ``mapping`` loads the column maps from
``resources/import_formats``; ``values`` parses cells (dates, numbers, choices); ``report``
holds the row-by-row problems; ``batch`` runs an import all-or-nothing as an ``ImportBatch``
and undoes it. An importer (e.g. ``services.risk_import``) supplies only a ``body`` that
validates and inserts rows.
"""

from __future__ import annotations

from vpr_desktop.services.importing.batch import BatchInfo
from vpr_desktop.services.importing.batch import ImportContext
from vpr_desktop.services.importing.batch import ImportResult
from vpr_desktop.services.importing.batch import list_batches
from vpr_desktop.services.importing.batch import run_import
from vpr_desktop.services.importing.batch import undo_batch
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader import SourceRow
from vpr_desktop.services.importing.reader import Table
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.report import Problem
from vpr_desktop.services.importing.report import ProblemLog
from vpr_desktop.services.importing.report import write_report_csv

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
