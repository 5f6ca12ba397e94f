"""Reading a CSV export for an import (``reader.open_table`` chooses it by content).

Encoding: a BOM decides, else the whole file must be UTF-8, else Windows-1252, never a
statistical guess (``reader``'s module docstring says why). Delimiter: ``csv.Sniffer``
proposes one of ``, ; TAB |``, but the one kept is the first that yields a header row the
format recognises.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vpr_desktop.services.importing.reader import MB, Table, reject

_DELIMITERS = (",", ";", "\t", "|")


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
        raise reject(
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
                    raise reject(
                        f"{path.name} is not a text file (it contains NUL bytes).",
                        "Export the data as CSV or .xlsx.",
                    )
                offset += len(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        if claimed is None:
            raise
        cut_short = "truncated" in exc.reason
        raise reject(
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
    out: list[list[str]] = []
    # A sample cut inside a quoted cell ends in a csv.Error: the records before it are what
    # the header search needs, and the full read reports real damage row by row.
    with contextlib.suppress(csv.Error):
        for record in reader:
            out.append(record)
            if len(out) >= limit:
                break
    return out


def open_csv(table: Table, lenient: bool = False) -> None:
    path, limits = table.path, table.limits
    size = path.stat().st_size
    if size > limits.max_csv_bytes:
        raise reject(
            f"{path.name} is {size / MB:.0f} MB; CSV files over "
            f"{limits.max_csv_bytes // MB} MB are not read.",
            "Split the export into smaller files.",
        )
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(64 * 1024)
    candidates: list[str] = []
    # The sniffer's guess goes first when it has one; without one every delimiter is tried.
    with contextlib.suppress(csv.Error):
        sniffed = csv.Sniffer().sniff(sample[: 16 * 1024], delimiters="".join(_DELIMITERS))
        candidates.append(sniffed.delimiter)
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
        raise reject(
            f"{name} could not be read past record {number + 1} ({exc}).",
            "Check for an unclosed quote or a very long cell there.",
            row=number + 1,
        ) from exc
