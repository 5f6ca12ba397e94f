"""Open a CSV or XLSX export safely and stream its data rows as ``field -> raw value``.

Shared by every import. What it guards against, and why:

* **Encoding.** Files round-tripped through Excel arrive as UTF-8 with a BOM, UTF-8 without,
  Windows-1252 ("Save as CSV" on a UK PC), or UTF-16 ("Unicode text"). The rule: a BOM decides;
  otherwise the whole file is checked as UTF-8 (streamed, 1 MB at a time) and, if that fails,
  read as Windows-1252. No statistical guessing (``charset-normalizer``): UK exports are one of
  these, valid UTF-8 is almost never produced by accident from cp1252 text with £ or accents,
  and a guesser can label a short file as cp1250 or MacRoman and silently change characters.
* **Delimiter.** ``csv.Sniffer`` restricted to ``, ; TAB |`` proposes one, but the delimiter
  kept is the first that yields a header row the format recognises (Sniffer is easily fooled
  by commas inside quoted narratives).
* **Header not on row 1.** Exports often start with a title, a run date or blank rows; the
  header is the first of the format's ``header_search_rows`` rows that holds every required
  field. Blank rows (anywhere, including Excel's trailing ones) are skipped.
* **Malicious workbooks** (B3): .xlsm/.xlsb/.xls refused by name *and* content (VBA project,
  OLE2 container); the zip is pre-scanned before openpyxl sees it -- file size, member count,
  total declared uncompressed size, per-member compression ratio, encrypted members -- and then
  opened ``read_only=True, data_only=True, keep_links=False`` with defusedxml in place, so no
  formula is evaluated, no external link followed and no XML entity expanded.
* **Memory.** Rows are yielded one at a time; only the mapped cells are kept; a row cap stops
  a runaway file.
* **Progress and cancel.** A long import runs on a worker thread; :meth:`Table.watch` hands the
  row loop a ``progress(percent, message)`` and an ``is_cancelled()``, called every
  ``PROGRESS_EVERY`` rows (one integer comparison per row otherwise, so the 200k-row import
  does not slow down). The percent is an estimate: CSV bytes consumed / file size (the binary
  buffer's position: a text file's ``tell()`` is disabled while iterating), XLSX row / the
  sheet's declared last row (-1 when the workbook does not say). A cancel raises
  :class:`~vpr_desktop.domain.errors.OperationCancelled` out of the loop, so the caller's
  unit of work rolls back.
* **Preview.** ``open_table(..., lenient=True)`` never refuses a *layout*: without a row
  holding every required field it takes the best partial header row, else the first non-blank
  row, so the mapping dialog can show the file's own headings.

Row numbers are the ones a person sees: the spreadsheet row, or the CSV record number (what
Excel shows when it opens the CSV).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpr_desktop.domain.errors import OperationCancelled
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.importing.mapping import HeaderMatch
from vpr_desktop.services.importing.mapping import ImportFormat
from vpr_desktop.services.importing.values import is_blank

MB = 1024 * 1024
REFUSED_SUFFIXES = {
    ".xlsm": "a macro-enabled workbook (.xlsm)",
    ".xltm": "a macro-enabled template (.xltm)",
    ".xlsb": "a binary workbook (.xlsb)",
    ".xls": "an old-format workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROGRESS_EVERY = 2000  # rows between progress reports / cancel checks

ProgressFn = Callable[[int, str], None]
CancelledFn = Callable[[], bool]


@dataclass(frozen=True)
class Limits:
    """Caps applied before and while reading (ecosystem-and-reliability.md B3)."""

    max_xlsx_bytes: int = 50 * MB
    max_csv_bytes: int = 200 * MB  # a 200k-row ESR training export is ~40 MB
    max_uncompressed_bytes: int = 500 * MB
    max_ratio: float = 100.0
    # Members smaller than this are not ratio-checked: a few KB of styles can compress very
    # well and cannot hurt; a bomb has to be big to matter.
    ratio_check_from_bytes: int = 1 * MB
    max_members: int = 2000
    max_rows: int | None = None  # default: the format's max_rows


@dataclass(frozen=True)
class SourceRow:
    """One data row: its number as a person sees it, and the raw value of each mapped field."""

    number: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


def reject(
    message: str, next_step: str, why: str | None = None, row: int | None = None, column: str = ""
) -> ValidationError:
    return ValidationError(message, next_step, problems=[(row, column, "", why or message)])


def refuse_larger_than(path: Path, max_bytes: int, files: str, next_step: str) -> int:
    """Refuse ``path`` before it is opened when it is over ``max_bytes`` (a CSV, a workbook):
    the one wording of that refusal, "<name> is N MB; <files> over M MB are not read.", so
    every reader says it the same way and checks it the same way (from the size on disk).
    Returns the size, which a reader keeps for its progress."""
    size = path.stat().st_size
    if size > max_bytes:
        raise reject(
            f"{path.name} is {size / MB:.0f} MB; {files} over {max_bytes // MB} MB are not read.",
            next_step,
        )
    return size


class Table:
    """An opened source: where the header is, how it was read, and its data rows."""

    def __init__(self, path: Path, fmt: ImportFormat, limits: Limits) -> None:
        self.path = Path(path)
        self.format = fmt
        self.limits = limits
        self.file_kind = ""
        self.encoding: str | None = None
        self.delimiter: str | None = None
        self.sheet: str | None = None
        self.header_row = 0
        self.match: HeaderMatch | None = None
        self._workbook: Any = None
        self._rows_iter: Iterator[Sequence[Any]] | None = None
        self._file: io.TextIOWrapper[io.BufferedReader] | None = None
        self._best_partial: tuple[int, HeaderMatch, tuple[Any, ...]] | None = None
        self._first_nonblank: tuple[int, HeaderMatch, tuple[Any, ...]] | None = None
        self.header_cells: tuple[Any, ...] = ()  # the header row as read (every cell)
        self.total_rows: int | None = None  # XLSX: the sheet's declared last row, if any
        self._size = 0  # CSV: file size in bytes (for the progress estimate)
        self._progress: ProgressFn | None = None
        self._is_cancelled: CancelledFn | None = None
        self._verb = "Importing"

    # -- public
    @property
    def max_rows(self) -> int:
        """The row limit in force: the caller's limit, else the format's."""
        return self.limits.max_rows or self.format.max_rows

    def column(self, key: str) -> str:
        """The header text of ``key``'s column as written in the file (for the report)."""
        assert self.match is not None
        return self.match.headers.get(key, self.format.field(key).label)

    def has(self, key: str) -> bool:
        """True when the file has a column for field ``key``."""
        assert self.match is not None
        return key in self.match.columns

    def watch(
        self, progress: ProgressFn | None, is_cancelled: CancelledFn | None, verb: str = "Importing"
    ) -> None:
        """Report progress / honour a cancel from :meth:`rows` (see the module docstring);
        ``verb`` starts each message ("Checking row 40,000…" in a dry run)."""
        self._progress, self._is_cancelled, self._verb = progress, is_cancelled, verb

    def percent(self, number: int) -> int:
        """Estimated percent of the data read at sheet/record row ``number`` (0..99), or -1
        when it cannot be estimated (a workbook that does not declare its size)."""
        if self.file_kind == "csv":
            if self._file is None or not self._size:
                return -1
            try:
                done = self._file.buffer.tell()
            except (OSError, ValueError):
                return -1
            return max(0, min(99, done * 100 // self._size))
        if self.total_rows:
            return max(0, min(99, number * 100 // self.total_rows))
        return -1

    def _tick(self, number: int, *, start: bool = False) -> None:
        """Every ``PROGRESS_EVERY`` rows: stop if cancelled, else report where we are."""
        if self._is_cancelled is not None and self._is_cancelled():
            raise OperationCancelled()
        if self._progress is not None:
            where = "rows" if start else f"row {number:,}"
            self._progress(self.percent(number), f"{self._verb} {where}\u2026")

    def rows(self) -> Iterator[SourceRow]:
        """Data rows after the header, blank rows skipped; refuses more than ``max_rows``."""
        assert self.match is not None and self._rows_iter is not None
        columns = tuple(self.match.columns.items())
        width = max((i for _k, i in columns), default=-1) + 1
        max_rows = self.max_rows
        count = 0
        number = self.header_row
        watched = self._progress is not None or self._is_cancelled is not None
        tick = number + PROGRESS_EVERY if watched else -1
        if watched:
            self._tick(number, start=True)  # a cancel pressed while the file was opened
        for cells in self._rows_iter:
            number += 1
            if number == tick:
                self._tick(number)
                tick += PROGRESS_EVERY
            # Per-row work is written out for speed (a 200k-row export): one dict, no
            # generator or call per cell. A short row lacks its trailing cells.
            if len(cells) >= width:
                values = {k: cells[i] for k, i in columns}
            else:
                n = len(cells)
                values = {k: (cells[i] if i < n else None) for k, i in columns}
            for v in values.values():  # skip the row when every value is_blank()
                if v is not None and (not isinstance(v, str) or v.strip()):
                    break
            else:
                continue
            count += 1
            if count > max_rows:
                raise reject(
                    f"The file has more than {max_rows:,} data rows.",
                    "Split it into smaller files, or check it is the right export.",
                    row=number,
                )
            yield SourceRow(number, values)

    def records(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Data rows after the header with *every* cell (not only mapped ones), blank rows
        skipped: what a preview shows. Shares the one pass with :meth:`rows`."""
        assert self._rows_iter is not None
        number = self.header_row
        for cells in self._rows_iter:
            number += 1
            if cells and not all(is_blank(c) for c in cells):
                yield number, tuple(cells)

    def close(self) -> None:
        """Close the file or workbook; safe to call twice."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- header search shared by both kinds
    def _find_header(
        self, rows: Iterator[Sequence[Any]]
    ) -> tuple[int, HeaderMatch, tuple[Any, ...]] | None:
        """The first row holding every required field; else remember the best partial one
        (and the first non-blank row, which a lenient open falls back to)."""
        best = self._best_partial
        chosen = self.format.header_row
        for number, cells in enumerate(rows, start=1):
            if chosen is not None:  # the person said which row holds the headings
                if number < chosen:
                    continue
                match = self.format.match_header(list(cells or ()))
                found = (number, match, tuple(cells or ()))
                if match.complete:
                    return found
                self._best_partial = self._first_nonblank = found
                return None
            if number > self.format.header_search_rows:
                break
            if not cells or all(is_blank(c) for c in cells):
                continue
            match = self.format.match_header(list(cells))
            if match.complete and match.score:
                return number, match, tuple(cells)
            if match.score >= 2 and (best is None or match.score > best[1].score):
                best = (number, match, tuple(cells))
            if self._first_nonblank is None:
                self._first_nonblank = (number, match, tuple(cells))
        self._best_partial = best
        return None

    def _use_header(self, found: tuple[int, HeaderMatch, tuple[Any, ...]]) -> None:
        self.header_row, self.match, self.header_cells = found

    def _no_header_error(self, where: str) -> ValidationError:
        best = self._best_partial
        fmt = self.format
        if best is None:
            wanted = ", ".join(f.label for f in fmt.required)
            return reject(
                f"No header row was found in the first {fmt.header_search_rows} rows of {where}.",
                f"The file needs a row of column headings including: {wanted}.",
                why=f"no header row with the columns {wanted}",
            )
        row, match, _cells = best
        problems: list[tuple[int | None, str, str, str]] = [
            (
                row,
                fmt.field(k).label,
                "",
                f"no column for {fmt.field(k).label} (looked for: {fmt.looked_for(k)})",
            )
            for k in match.missing_required
        ]
        return ValidationError(
            f"The header row (row {row}) of {where} lacks required columns.",
            "Add or rename the columns listed, or choose the column in the mapping dialog.",
            problems=problems,
        )


def open_table(
    path: Path | str, fmt: ImportFormat, limits: Limits | None = None, *, lenient: bool = False
) -> Table:
    """Open ``path`` for ``fmt``; file-level problems raise ``ValidationError`` (exit 3).

    ``lenient`` (previews): a header row lacking required fields is used rather than refused
    -- the best partial match, else the first non-blank row; ``table.match`` then says what is
    missing. A file with no non-blank row at all is still refused."""
    path = Path(path)
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise reject(
            f"{path.name} is {REFUSED_SUFFIXES[suffix]}, which is not read.",
            "Open it in Excel and save a copy as .xlsx (Excel Workbook) or .csv.",
        )
    if not path.is_file():
        raise reject(f"There is no file at {path}.", "Check the path and try again.")
    with path.open("rb") as fh:
        head = fh.read(8)
    table = Table(path, fmt, limits)
    if head.startswith(_OLE2_MAGIC):
        raise reject(
            f"{path.name} is an old-format (.xls) or password-protected workbook.",
            "Remove the password and save a copy as .xlsx or .csv.",
        )
    if head.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xltx"):
        from vpr_desktop.services.importing.reader_xlsx import open_xlsx

        open_xlsx(table, lenient)
    else:
        from vpr_desktop.services.importing.reader_csv import open_csv

        open_csv(table, lenient)
    return table
