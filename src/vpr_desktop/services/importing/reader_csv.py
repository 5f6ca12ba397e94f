"""Reading a CSV export for an import (``reader.open_table`` chooses it by content).

Encoding: :func:`.text_encoding.detect_encoding` (a BOM decides, else UTF-8, else
Windows-1252, never a statistical guess). Delimiter: ``csv.Sniffer``
proposes one of ``, ; TAB |``, but the one kept is the first that yields a header row the
format recognises.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from typing import Any

from vpr_desktop.services.importing.reader import Table
from vpr_desktop.services.importing.reader import refuse_larger_than
from vpr_desktop.services.importing.reader import reject
from vpr_desktop.services.importing.text_encoding import detect_encoding

_DELIMITERS = (",", ";", "\t", "|")


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
    size = refuse_larger_than(
        path, limits.max_csv_bytes, "CSV files", "Split the export into smaller files."
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
