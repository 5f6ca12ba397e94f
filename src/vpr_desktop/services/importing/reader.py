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

import codecs
import contextlib
import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from vpr_desktop.domain.errors import OperationCancelled, ValidationError
from vpr_desktop.services.importing.mapping import HeaderMatch, ImportFormat
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
_DELIMITERS = (",", ";", "\t", "|")
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


def _reject(
    message: str, next_step: str, why: str | None = None, row: int | None = None, column: str = ""
) -> ValidationError:
    return ValidationError(message, next_step, problems=[(row, column, "", why or message)])


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
                raise _reject(
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
            return _reject(
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
        raise _reject(
            f"{path.name} is {REFUSED_SUFFIXES[suffix]}, which is not read.",
            "Open it in Excel and save a copy as .xlsx (Excel Workbook) or .csv.",
        )
    if not path.is_file():
        raise _reject(f"There is no file at {path}.", "Check the path and try again.")
    with path.open("rb") as fh:
        head = fh.read(8)
    table = Table(path, fmt, limits)
    if head.startswith(_OLE2_MAGIC):
        raise _reject(
            f"{path.name} is an old-format (.xls) or password-protected workbook.",
            "Remove the password and save a copy as .xlsx or .csv.",
        )
    if head.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xltx"):
        _open_xlsx(table, lenient)
    else:
        _open_csv(table, lenient)
    return table


# --------------------------------------------------------------------------------- XLSX


def prescan_zip(path: Path, limits: Limits) -> None:
    """Refuse a workbook before any XML is parsed if its zip could exhaust memory or disk."""
    size = path.stat().st_size
    if size > limits.max_xlsx_bytes:
        raise _reject(
            f"{path.name} is {size / MB:.0f} MB; workbooks over "
            f"{limits.max_xlsx_bytes // MB} MB are not read.",
            "Export fewer rows or columns, or save it as CSV.",
        )
    if not zipfile.is_zipfile(path):
        raise _reject(
            f"{path.name} is not a valid .xlsx workbook (damaged or renamed).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        )
    try:
        zf = zipfile.ZipFile(path)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        ValueError,
    ) as exc:
        # is_zipfile only reads the end record: a damaged central directory fails here.
        raise _reject(
            f"{path.name} is not a valid .xlsx workbook (damaged or renamed: {exc}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc
    with zf:
        members = zf.infolist()
        if len(members) > limits.max_members:
            raise _reject(
                f"{path.name} holds {len(members)} parts; a workbook is refused "
                f"above {limits.max_members}.",
                "Save a fresh copy from Excel.",
            )
        total = 0
        for info in members:
            name = info.filename.lower()
            if name.endswith("vbaproject.bin") or name.startswith("xl/activex"):
                raise _reject(
                    f"{path.name} contains macros or ActiveX controls.",
                    "Save a copy as .xlsx (Excel Workbook) without macros.",
                )
            if info.flag_bits & 0x1:
                raise _reject(
                    f"{path.name} has encrypted parts.", "Remove the password and save a copy."
                )
            total += info.file_size
            if (
                info.file_size >= limits.ratio_check_from_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise _reject(
                    f"{path.name} looks like a zip bomb: part {info.filename} would "
                    f"expand {info.file_size / max(info.compress_size, 1):.0f} times.",
                    "Do not open this file; ask the sender where it came from.",
                )
        if total > limits.max_uncompressed_bytes:
            raise _reject(
                f"{path.name} would expand to {total / MB:.0f} MB; workbooks over "
                f"{limits.max_uncompressed_bytes // MB} MB uncompressed are refused.",
                "Export fewer rows or columns, or save it as CSV.",
            )


#: What a damaged workbook raises while its sheet is read (after it opened): a part whose CRC
#: or compression is wrong, XML cut short, a part the index names but the zip lacks.
_DAMAGED_PART = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    NotImplementedError,
    ElementTree.ParseError,
)


def _guarded(rows: Iterator[tuple[Any, ...]], path: Path) -> Iterator[tuple[Any, ...]]:
    """A sheet's rows, with damage met part way through said in words (never a crash)."""
    try:
        yield from rows
    except _DAMAGED_PART as exc:
        raise _reject(
            f"{path.name} is damaged: part of the workbook could not be read "
            f"({type(exc).__name__}: {str(exc)[:120]}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc


def _open_xlsx(table: Table, lenient: bool = False) -> None:
    prescan_zip(table.path, table.limits)
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # packaging mistake: never parse untrusted XML without it
        raise RuntimeError("defusedxml is not installed; refusing to read workbooks")
    table.file_kind = "xlsx"
    try:
        wb = load_workbook(table.path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise _reject(
            f"{table.path.name} could not be read as a workbook ({exc}).",
            "Open it in Excel and save a copy as .xlsx or .csv.",
        ) from exc
    table._workbook = wb
    sheets = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    sheets += [ws for ws in wb.worksheets if ws not in sheets]
    if table.format.sheet is not None:  # the person chose the sheet
        sheets = [ws for ws in wb.worksheets if ws.title == table.format.sheet]
        if not sheets:
            names = ", ".join(f"'{ws.title}'" for ws in wb.worksheets)
            table.close()
            raise _reject(
                f"{table.path.name} has no sheet called '{table.format.sheet}' "
                f"(its sheets: {names}).",
                "Choose one of its sheets.",
            )
    fallback: tuple[Any, tuple[int, HeaderMatch, tuple[Any, ...]], int | None] | None = None
    for ws in sheets:
        if not hasattr(ws, "iter_rows"):
            continue  # a chart sheet
        declared = ws.max_row  # the writer's own claim; only used for the progress estimate
        ws.reset_dimensions()  # some writers store a wrong A1:A1 size; read what is there
        before = (table._best_partial, table._first_nonblank)
        found = table._find_header(_guarded(ws.iter_rows(values_only=True), table.path))
        if found is not None:
            _use_sheet(table, ws, found, declared)
            return
        if lenient:
            if table._best_partial is not before[0] and table._best_partial is not None:
                fallback = (ws, table._best_partial, declared)
            elif (
                fallback is None
                and table._first_nonblank is not before[1]
                and table._first_nonblank is not None
            ):
                fallback = (ws, table._first_nonblank, declared)
    if lenient and fallback is not None:
        _use_sheet(table, *fallback)
        return
    table.close()
    raise table._no_header_error(f"any sheet of {table.path.name}")


def _use_sheet(
    table: Table, ws: Any, found: tuple[int, HeaderMatch, tuple[Any, ...]], declared: int | None
) -> None:
    table._use_header(found)
    table.sheet = ws.title
    table.total_rows = declared if declared and declared > table.header_row else None
    table._rows_iter = _guarded(
        ws.iter_rows(min_row=table.header_row + 1, values_only=True), table.path
    )


# ---------------------------------------------------------------------------------- CSV


def detect_encoding(path: Path, chunk: int = MB) -> str:
    """BOM first; else UTF-8 if the whole file decodes, else Windows-1252 (see module doc).

    The whole file is decoded once here, whichever way the encoding was chosen: a BOM only
    *claims* an encoding (a UTF-8 BOM pasted before Latin-1 text, a UTF-16 file cut short by a
    failed copy), and a claim found false half-way through the import would otherwise surface
    as a decoding error in the row loop. NUL characters are refused after decoding, so a
    UTF-16 file is judged by its text, not by its (NUL-filled) bytes."""
    with path.open("rb") as fh:
        start = fh.read(4)
    if start.startswith(codecs.BOM_UTF8):
        _check_text(path, "utf-8-sig", chunk, claimed="UTF-8")
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_text(path, "utf-16", chunk, claimed="UTF-16")
        return "utf-16"
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: try Windows-1252 next
        _check_text(path, "utf-8", chunk)
        return "utf-8"
    try:
        _check_text(path, "cp1252", chunk)
    except UnicodeDecodeError as exc:
        raise _reject(
            f"{path.name} is neither UTF-8 nor Windows-1252 text ({exc.reason}).",
            "Save it from Excel as 'CSV UTF-8 (Comma delimited)'.",
        ) from exc
    return "cp1252"


def _check_text(path: Path, encoding: str, chunk: int, claimed: str | None = None) -> None:
    """Decode the whole file as ``encoding`` (streamed); refuse NULs. A failure raises
    ``UnicodeDecodeError`` -- or, when the file's own BOM ``claimed`` the encoding, the plain
    refusal (there is no second guess to fall back to: the file says what it is, and is not)."""
    decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder(encoding)()
    offset = 0  # bytes decoded before the current block
    try:
        with path.open("rb") as fh:
            while block := fh.read(chunk):
                text = decoder.decode(block)
                if "\0" in text:
                    raise _reject(
                        f"{path.name} is not a text file (it contains NUL bytes).",
                        "Export the data as CSV or .xlsx.",
                    )
                offset += len(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        if claimed is None:
            raise
        cut_short = "truncated" in exc.reason
        raise _reject(
            f"{path.name} starts with a {claimed} byte-order mark but is not {claimed} text "
            + (
                "(it ends part way through a character: the file may be cut short)."
                if cut_short
                else f"(byte {offset + max(exc.start, 0) + 1:,} cannot be {claimed})."
            ),
            "Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'.",
        ) from exc


def _sample_records(sample: str, delimiter: str, limit: int) -> list[list[str]]:
    """Up to ``limit`` records parsed from the start of the file (last partial line dropped)."""
    cut = sample.rfind("\n")
    text = sample[: cut + 1] if cut >= 0 and len(sample) >= 64 * 1024 else sample
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    try:
        for record in reader:
            out.append(record)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def _open_csv(table: Table, lenient: bool = False) -> None:
    path, limits = table.path, table.limits
    size = path.stat().st_size
    if size > limits.max_csv_bytes:
        raise _reject(
            f"{path.name} is {size / MB:.0f} MB; CSV files over "
            f"{limits.max_csv_bytes // MB} MB are not read.",
            "Split the export into smaller files.",
        )
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    candidates: list[str] = []
    try:
        sniffed = csv.Sniffer().sniff(sample[: 16 * 1024], delimiters="".join(_DELIMITERS))
        candidates.append(sniffed.delimiter)
    except csv.Error:
        pass
    candidates += [d for d in _DELIMITERS if d not in candidates]
    partial: str | None = None  # the delimiter that gave the best partial header row
    first: str | None = None  # the delimiter the first non-blank row was split with
    for delimiter in candidates:
        records = _sample_records(sample, delimiter, table.format.header_search_rows)
        before = table._best_partial, table._first_nonblank
        found = table._find_header(iter(records))
        if found is not None:
            table._use_header(found)
            table.delimiter = delimiter
            break
        if table._best_partial is not before[0]:
            partial = delimiter
        if table._first_nonblank is not before[1]:
            first = delimiter
    else:
        if lenient and partial is not None and table._best_partial is not None:
            table._use_header(table._best_partial)
            table.delimiter = partial
        elif lenient and first is not None and table._first_nonblank is not None:
            table._use_header(table._first_nonblank)
            table.delimiter = first
        else:
            raise table._no_header_error(path.name)
    table.file_kind = "csv"
    table.encoding = encoding
    table._size = size
    # What text-mode open() builds, spelt out so the byte position (for progress) stays typed.
    text = io.TextIOWrapper(path.open("rb"), encoding=encoding, newline="")
    table._file = text
    reader = csv.reader(text, delimiter=table.delimiter or ",")
    table._rows_iter = _csv_records(reader, table.header_row, path.name)


def _csv_records(reader: Any, header_row: int, name: str) -> Iterator[list[str]]:
    """Records after the header; a malformed record becomes a file-level rejection."""
    number = 0
    try:  # one try around the loop, not a next() call per record
        for record in reader:
            number += 1
            if number > header_row:
                yield record
    except csv.Error as exc:
        raise _reject(
            f"{name} could not be read past record {number + 1} ({exc}).",
            "Check for an unclosed quote or a very long cell there.",
            row=number + 1,
        ) from exc
