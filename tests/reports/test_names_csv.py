"""The names behind a compliance figure as CSV and as text to paste (issue 18): Excel shows
every cell as text (a name that starts like a formula stays a name), accented names survive,
and nothing is published when the audit refuses."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from vpr_desktop.reports.names_csv import names_text
from vpr_desktop.reports.names_csv import write_names_csv

HEADINGS = ["List", "Name", "Location"]
ROWS = [
    ["Not compliant", "Zoë Ødegaard", "Rowan Ward"],
    ["Not compliant", '=HYPERLINK("http://x")', "+44 ward"],
    ["Expiring within 30 days", "Sam\tShah", "Line\nbreak"],
]


def test_csv_keeps_formula_like_cells_as_text_and_accents(tmp_path: Path) -> None:
    target = tmp_path / "names.csv"
    assert write_names_csv(target, HEADINGS, ROWS) == 3
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with the mark
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADINGS
    assert rows[1][1] == "Zoë Ødegaard"
    assert rows[2][1:] == ['\'=HYPERLINK("http://x")', "'+44 ward"]
    assert rows[3][1] == "Sam\tShah"  # quoted by the CSV writer, not cut


def test_text_is_one_line_per_row_with_tabs_between_cells() -> None:
    lines = names_text(HEADINGS, ROWS).splitlines()
    assert lines[0] == "List\tName\tLocation"
    assert lines[3] == "Expiring within 30 days\tSam Shah\tLine break"
    assert len(lines) == 4


def test_a_refused_audit_leaves_no_file(tmp_path: Path) -> None:
    @contextmanager
    def refused() -> Iterator[None]:
        raise PermissionError("the audit could not be written")
        yield  # pragma: no cover - never reached

    target = tmp_path / "names.csv"
    with pytest.raises(Exception):  # noqa: B017 - the store's own wording of the refusal
        write_names_csv(target, HEADINGS, ROWS, audited=refused())
    assert not target.exists() and list(tmp_path.iterdir()) == []
