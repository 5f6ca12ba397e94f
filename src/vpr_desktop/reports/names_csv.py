"""The names behind a compliance figure, for a ward manager: a CSV to save, or text to paste.

Why: a ward manager chases the people who are not compliant, and wants the list in Excel or
an email rather than read off a screen. The rows arrive already worded (the dialog's own
columns), so what is on screen is what is saved. Cells a person typed (names, locations)
that Excel would take for a formula are written as text (:func:`xlsx_safety.csv_safe`);
the file is UTF-8 with a byte-order mark so Excel shows accented names right; it appears
whole or not at all, and the save is audited inside the step that publishes it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from vpr_desktop.reports.xlsx_safety import csv_safe
from vpr_desktop.store.atomic import write_atomically

Rows = Sequence[Sequence[str]]


def names_text(headings: Sequence[str], rows: Rows) -> str:
    """Tab-separated lines, headings first: pastes into Excel, Word or an email as a table."""

    def line(cells: Sequence[str]) -> str:
        return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells)

    return "\n".join([line(headings), *(line(r) for r in rows)]) + "\n"


def write_names_csv(
    target: Path,
    headings: Sequence[str],
    rows: Rows,
    *,
    audited: AbstractContextManager[object] | None = None,
) -> int:
    """Write ``rows`` under ``headings`` to ``target`` (whole or not at all); ``audited`` is
    entered around publishing the file. Returns the number of rows written."""

    def write(fh: BinaryIO) -> None:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(headings)
        for row in rows:
            writer.writerow([csv_safe(cell) for cell in row])
        text.flush()
        text.detach()

    write_atomically(Path(target), write, inside=audited)
    return len(rows)
