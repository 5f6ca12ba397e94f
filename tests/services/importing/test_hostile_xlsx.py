"""Hostile Excel files: every importer imports or refuses in plain words, never a bug (issue 19).

The same property as ``test_hostile_csv`` for workbooks: cells of every type openpyxl writes
(text, numbers, dates, booleans, formulas, errors, huge text), title rows above the header,
odd sheet names, then the file's bytes cut short or flipped (a broken download, a damaged
zip). Each file must end in a :class:`VprError` (exit 3 or 4) or an import result, with the
database unchanged on refusal. ``VPR_HOSTILE_EXAMPLES`` raises the count as for CSV.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from tests.services.importing.test_hostile_csv import EXAMPLES
from tests.services.importing.test_hostile_csv import KINDS
from tests.services.importing.test_hostile_csv import _fingerprint
from tests.services.importing.test_hostile_csv import _header
from tests.services.importing.test_hostile_csv import _importer
from tests.services.importing.test_hostile_csv import check_every_file
from tests.services.importing.test_hostile_csv import import_target  # noqa: F401  (the fixture, shared)
from vpr_desktop.domain.errors import VprError

#: Text a worksheet can hold (openpyxl refuses control characters before the file exists).
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
_VALUE = st.one_of(
    st.none(),
    _TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=A1", "#N/A", "x" * 40_000, "31/02/2026", "\u00a3\u2013\U0001f600"]),
)


@st.composite
def hostile_xlsx(draw: st.DrawFn, kind: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = draw(st.sampled_from(["Sheet1", "Export", "Data 2026", "x" * 31]))
    for _ in range(draw(st.integers(0, 2))):  # a title row or two above the header
        ws.append([draw(_TEXT)])
    header = list(_header(kind))
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    ws.append(header)
    for row in draw(st.lists(st.lists(_VALUE, max_size=len(header) + 2), max_size=5)):
        ws.append(row)
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except (ValueError, TypeError):  # a value openpyxl itself will not write: a plain sheet
        buffer = io.BytesIO()
        Workbook().save(buffer)
    data = buffer.getvalue()
    # Where to damage is drawn as a fraction of the length: a workbook's bytes vary from run to
    # run (zip timestamps), and hypothesis needs the same draws to replay an example.
    damage = draw(st.sampled_from(["none", "cut", "flip"]))
    where = st.floats(min_value=0, max_value=1, allow_nan=False)
    if damage == "cut":
        data = data[: int(draw(where) * len(data))]
    elif damage == "flip":
        raw = bytearray(data)
        for _ in range(draw(st.integers(1, 4))):
            raw[min(int(draw(where) * len(raw)), len(raw) - 1)] ^= draw(st.integers(1, 255))
        data = bytes(raw)
    return data


@pytest.mark.parametrize("kind", KINDS)
def test_any_workbook_is_imported_or_refused_never_a_bug(
    kind: str,
    import_target: tuple[Path, Any],  # noqa: F811
) -> None:
    check_every_file(kind, import_target, hostile_xlsx(kind), "xlsx", max(EXAMPLES // 2, 10))


def _workbook(kind: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(_header(kind)))
    for n in range(40):
        ws.append([f"value {n}"] * len(_header(kind)))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("damage", ["central directory", "sheet data"])
def test_a_damaged_zip_is_refused_in_plain_words(
    tmp_path: Path,
    damage: str,
    import_target: tuple[Path, Any],  # noqa: F811
) -> None:
    """Found by the property test at 1,000 files: a damaged central directory passed
    ``zipfile.is_zipfile`` and a bad CRC in the sheet surfaced while rows were read; both
    ended as "unexpected error"."""
    path, db = import_target
    data = bytearray(_workbook("risks"))
    if damage == "central directory":
        at = data.index(b"PK\x01\x02")
        data[at + 3] ^= 0xFF  # the first entry's signature
    else:
        name = b"xl/worksheets/sheet1.xml"
        at = data.index(name) + len(name) + 20  # inside the sheet's compressed bytes
        data[at] ^= 0x55
    source = tmp_path / "risks.xlsx"
    source.write_bytes(bytes(data))
    before = _fingerprint(path)
    try:
        result = _importer("risks", db)(source)
    except VprError as exc:
        assert exc.exit_code in (3, 4)
        assert "workbook" in exc.message
    else:
        assert not result.ok
    assert _fingerprint(path) == before
