"""The shared import machinery: safe reading of CSV/XLSX, column maps, values, reports.

Every test file is built here from code (CSV text in a given encoding, openpyxl workbooks,
hand-made zips), so what is tested is exactly what is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.importing.mapping import FormatError
from vpr_desktop.services.importing.mapping import available_formats
from vpr_desktop.services.importing.mapping import load_format
from vpr_desktop.services.importing.mapping import normalise_header
from vpr_desktop.services.importing.mapping import parse_format
from vpr_desktop.services.importing.reader import Limits
from vpr_desktop.services.importing.reader import open_table
from vpr_desktop.services.importing.report import Problem
from vpr_desktop.services.importing.report import ProblemLog
from vpr_desktop.services.importing.report import write_report_csv
from vpr_desktop.services.importing.text_encoding import detect_encoding
from vpr_desktop.services.importing.unknown_words import unknown_lines
from vpr_desktop.services.importing.values import ValueProblem
from vpr_desktop.services.importing.values import parse_choice
from vpr_desktop.services.importing.values import parse_date
from vpr_desktop.services.importing.values import parse_int
from vpr_desktop.services.importing.values import split_list

FMT = load_format("risks")
HEADER = [
    "Reference",
    "Title",
    "Location",
    "Current likelihood",
    "Current consequence",
    "Review date",
]
ROWS = [
    ["RA-1", "Lone working – Café £5 zone", "W1", "4", "3", "30/09/2026"],
    ["RA-2", "Car park; at night", "W2", "2", "2", "2026-10-01"],
]


def write_csv(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def read_all(path: Path, **kw: object) -> tuple[object, list[tuple[int, dict[str, object]]]]:
    with open_table(path, FMT, **kw) as table:  # type: ignore[arg-type]
        rows = [(r.number, r.values) for r in table.rows()]
        return table, rows


# ------------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8-sig", "utf-8-sig"),
        ("utf-8", "utf-8"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_csv_encodings_bom_utf8_cp1252_utf16(tmp_path: Path, encoding: str, expected: str) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER, *ROWS], encoding=encoding)
    assert detect_encoding(path) == expected
    table, rows = read_all(path)
    assert table.encoding == expected  # type: ignore[attr-defined]
    assert [r[1]["title"] for r in rows] == ["Lone working – Café £5 zone", "Car park; at night"]
    assert rows[0][1]["reference"] == "RA-1"  # no BOM glued to the first header/value


def test_cp1252_is_chosen_only_when_the_file_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    # Valid UTF-8 everywhere except one cp1252 '£' deep in the file (past the first MB).
    body = "Title,Current likelihood,Current consequence\r\n" + "x,1,1\r\n" * 200_000
    path.write_bytes(body.encode("utf-8") + "£ late,2,2\r\n".encode("cp1252"))
    assert detect_encoding(path) == "cp1252"
    with open_table(path, FMT, Limits(max_rows=300_000)) as table:
        last = None
        for row in table.rows():
            last = row
    assert last is not None and last.values["title"] == "£ late"
    assert last.number == 200_002


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER, *ROWS], delimiter=delimiter)
    table, rows = read_all(path)
    assert table.delimiter == delimiter  # type: ignore[attr-defined]
    assert rows[1][1]["title"] == "Car park; at night"
    assert rows[1][1]["current_likelihood"] == "2"


def test_semicolon_csv_with_commas_in_quoted_text(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["RA-1", "Staff, visitors, and contractors", "W1", "3", "3", ""],
        ["RA-2", "Two\nlines, with commas", "W1", "1", "1", ""],
    ]
    path = write_csv(tmp_path / "r.csv", rows, encoding="utf-8-sig", delimiter=";")
    table, got = read_all(path)
    assert table.delimiter == ";"  # type: ignore[attr-defined]
    assert [g[1]["title"] for g in got] == [
        "Staff, visitors, and contractors",
        "Two\nlines, with commas",
    ]
    assert [g[0] for g in got] == [2, 3]  # record numbers, as Excel shows the rows


def test_header_on_row_3_and_trailing_blank_rows_ignored(tmp_path: Path) -> None:
    rows = [
        ["Risk register export"],
        ["Run on 01/06/2026", "", ""],
        HEADER,
        *ROWS,
        ["", "", "", "", "", ""],
        [],
        ["", "", "", ""],
        ["", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "r.csv", rows)
    table, got = read_all(path)
    assert table.header_row == 3  # type: ignore[attr-defined]
    assert [g[0] for g in got] == [4, 5]
    assert table.match.unmapped == ()  # type: ignore[attr-defined]


def test_headers_match_ignoring_case_punctuation_and_spacing(tmp_path: Path) -> None:
    rows = [
        ["RISK REF.", " risk   title ", "Ward / Department", "Likelihood", "Impact", "Notes"],
        ["RA-1", "T", "W1", "2", "3", "x"],
    ]
    table, got = read_all(write_csv(tmp_path / "r.csv", rows))
    assert got[0][1] == {
        "reference": "RA-1",
        "title": "T",
        "location": "W1",
        "current_likelihood": "2",
        "current_consequence": "3",
    }
    assert table.match.unmapped == ("Notes",)  # type: ignore[attr-defined]
    assert table.column("current_consequence") == "Impact"  # type: ignore[attr-defined]


def test_no_header_row_is_refused_with_the_columns_wanted(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(ValidationError) as info:
        open_table(path, FMT)
    assert "No header row" in info.value.message
    assert "Title" in info.value.next_step


def test_missing_required_column_names_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["Title", "Location", "Likelihood"], ["t", "w", "1"]])
    with pytest.raises(ValidationError) as info:
        open_table(path, FMT)
    problems = info.value.problems
    assert [(p[0], p[1]) for p in problems] == [(1, "Current consequence")]
    assert "looked for" in problems[0][3]


def test_binary_and_undecodable_files_are_refused(tmp_path: Path) -> None:
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"Title,Likelihood\x00\n")
    with pytest.raises(ValidationError, match="NUL"):
        open_table(nul, FMT)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Title,Current likelihood,Current consequence\n\x81\x8d\x8f,1,1\n")
    with pytest.raises(ValidationError, match="neither UTF-8 nor Windows-1252"):
        open_table(bad, FMT)


def test_row_cap(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER] + [ROWS[0]] * 5)
    with pytest.raises(ValidationError, match="more than 3 data rows"):
        read_all(path, limits=Limits(max_rows=3))


def test_rows_are_streamed_not_listed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER] + [ROWS[0]] * 10)
    with open_table(path, FMT) as table:
        rows = table.rows()
        assert iter(rows) is rows  # a generator: one row at a time
        assert next(rows).number == 2


# ------------------------------------------------------------------------------ XLSX


def make_xlsx(path: Path, rows: list[list[object]], *, title_rows: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for _ in range(title_rows):
        ws.append(["Violence risk register"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_header_on_row_3_typed_cells_and_blank_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["RA-1", "Lone working", "W1", 4, 3, dt.datetime(2026, 9, 30)],
        [None] * 6,
        ["RA-2", "Car park", "W2", 2.0, 2, "01/10/2026"],
        [None] * 6,
        [None] * 6,
    ]
    path = make_xlsx(tmp_path / "r.xlsx", rows, title_rows=2)
    table, got = read_all(path)
    assert table.file_kind == "xlsx" and table.header_row == 3  # type: ignore[attr-defined]
    assert table.sheet == "Sheet"  # type: ignore[attr-defined]
    assert [g[0] for g in got] == [4, 6]
    assert got[0][1]["current_likelihood"] == 4
    assert got[0][1]["review_date"] == dt.datetime(2026, 9, 30)


def test_xlsx_formula_cells_are_never_evaluated_or_read_as_text(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(["RA-1", '=HYPERLINK("http://evil.example","click")', "W1", "=2+2", 3, None])
    wb.save(tmp_path / "f.xlsx")
    _, got = read_all(tmp_path / "f.xlsx")
    # data_only: a formula gives its cached result, which openpyxl never computed: None.
    assert got[0][1]["title"] is None
    assert got[0][1]["current_likelihood"] is None
    with zipfile.ZipFile(tmp_path / "f.xlsx") as zf:  # the file really holds formulas
        assert b"<f>" in zf.read("xl/worksheets/sheet1.xml")


def test_xlsx_picks_the_sheet_with_the_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["Read me first"])
    ws = wb.create_sheet("Register")
    ws.append(HEADER)
    ws.append(ROWS[0])
    wb.save(tmp_path / "two.xlsx")
    table, got = read_all(tmp_path / "two.xlsx")
    assert table.sheet == "Register" and len(got) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", [".xlsm", ".xlsb", ".xls", ".XLSM", ".xltm"])
def test_macro_binary_and_old_workbooks_are_refused_by_name(tmp_path: Path, suffix: str) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", [HEADER, ROWS[0]])
    renamed = path.rename(tmp_path / f"r{suffix}")
    with pytest.raises(ValidationError) as info:
        open_table(renamed, FMT)
    assert "not read" in info.value.message


def test_macros_inside_a_renamed_xlsx_are_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", [HEADER, ROWS[0]])
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\0" * 100)
    with pytest.raises(ValidationError, match="macros"):
        open_table(path, FMT)


def test_ole2_content_is_refused_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ValidationError, match="old-format"):
        open_table(path, FMT)


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a refused workbook ever reached openpyxl."""

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("openpyxl was called before the zip was vetted")

    monkeypatch.setattr(openpyxl, "load_workbook", boom)


def test_zip_bomb_is_refused_before_openpyxl_sees_it(tmp_path: Path, no_openpyxl: None) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(ValidationError, match="zip bomb"):
        open_table(path, FMT)


def test_zip_caps_total_size_members_and_file_size(tmp_path: Path, no_openpyxl: None) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for i in range(12):
            zf.writestr(f"xl/part{i}.xml", b"x" * 2000)
    with pytest.raises(ValidationError, match="parts"):
        open_table(path, FMT, Limits(max_members=10))
    with pytest.raises(ValidationError, match="uncompressed"):
        open_table(path, FMT, Limits(max_uncompressed_bytes=10_000))
    with pytest.raises(ValidationError, match="MB"):
        open_table(path, FMT, Limits(max_xlsx_bytes=1_000))


def test_damaged_workbook_is_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationError, match=r"not a valid \.xlsx"):
        open_table(path, FMT)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no file"):
        open_table(tmp_path / "nope.csv", FMT)


# ---------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-30", dt.date(2026, 9, 30)),
        ("2026-09-30 00:00:00", dt.date(2026, 9, 30)),
        ("2026-09-30T10:15:00Z", dt.date(2026, 9, 30)),
        ("30/09/2026", dt.date(2026, 9, 30)),
        ("5/3/2026", dt.date(2026, 3, 5)),  # 5 March, never 3 May
        ("05.03.2026", dt.date(2026, 3, 5)),
        ("05-03-2026", dt.date(2026, 3, 5)),
        ("30-Nov-2028", dt.date(2028, 11, 30)),  # the ESR form
        ("30 November 2028", dt.date(2028, 11, 30)),
        ("1-sept-2026", dt.date(2026, 9, 1)),
        ("No Expiry", None),
        ("no expiry", None),
        ("", None),
        ("  ", None),
        (None, None),
        (46295, dt.date(2026, 9, 30)),  # Excel serial
        (46295.75, dt.date(2026, 9, 30)),  # serial with a time of day
        ("46295", dt.date(2026, 9, 30)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (dt.datetime(2026, 9, 30, 8, 0), dt.date(2026, 9, 30)),
        (dt.date(2026, 9, 30), dt.date(2026, 9, 30)),
    ],
)
def test_parse_date_accepts(text: object, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("09/30/2026", "day/month/year"),  # a US date: month 30 does not exist
        ("31/02/2026", "not a real date"),
        ("05/03/26", "two-digit year"),
        ("30-Foo-2026", "unknown month"),
        ("next Tuesday", "not a date"),
        (60, "29 February 1900"),
        (0, "outside"),
        (3_000_000, "outside"),
        (True, "not a date"),
        ("2026-13-01", "not a real date"),
    ],
)
def test_parse_date_refuses_with_a_reason(text: object, why: str) -> None:
    with pytest.raises(ValueProblem, match=why):
        parse_date(text)


def test_date_styles_and_no_date_words_come_from_the_format() -> None:
    with pytest.raises(ValueProblem):
        parse_date("30/09/2026", styles=("iso",))
    with pytest.raises(ValueProblem):
        parse_date(46295, styles=("iso", "dmy"))
    assert parse_date("TBC", no_date_words=("tbc",)) is None
    with pytest.raises(ValueProblem):
        parse_date("No Expiry", no_date_words=("n/a",))


DATES = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@settings(max_examples=300)
@given(DATES)
def test_every_written_form_of_a_date_reads_back_the_same_date(d: dt.date) -> None:
    serial = (d - dt.date(1899, 12, 30)).days
    forms = [
        d.isoformat(),
        f"{d.day:02d}/{d.month:02d}/{d.year:04d}",
        f"{d.day}/{d.month}/{d.year:04d}",
        f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year:04d}",
        f"{d.day} {MONTHS[d.month - 1].upper()} {d.year:04d}",
        serial,
        float(serial),
        str(serial),
        dt.datetime(d.year, d.month, d.day, 13, 5),
    ]
    for form in forms:
        assert parse_date(form) == d, form


@settings(max_examples=300)
@given(DATES.filter(lambda d: d.day > 12 and d.year >= 1000))
def test_a_us_month_day_date_is_never_guessed(d: dt.date) -> None:
    with pytest.raises(ValueProblem):
        parse_date(f"{d.month:02d}/{d.day:02d}/{d.year:04d}")


@settings(max_examples=300)
@given(DATES.filter(lambda d: d.year >= 1000 and d.day <= 12 and d.day != d.month))
def test_ambiguous_slashed_dates_are_always_day_first(d: dt.date) -> None:
    text = f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    assert parse_date(text) == d  # never dt.date(d.year, d.day, d.month)


@settings(max_examples=500)
@given(
    st.one_of(
        st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none()
    )
)
def test_parse_date_never_fails_with_anything_but_a_reason(value: object) -> None:
    try:
        result = parse_date(value)
    except ValueProblem as exc:
        assert str(exc)
    else:
        assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4", 4),
        (4, 4),
        (4.0, 4),
        ("4.0", 4),
        (" 4 ", 4),
        ("4 - Likely", 4),
        ("4 (Likely)", 4),
        ("Likely", 4),
        ("almost certain", 5),
        ("", None),
        (None, None),
    ],
)
def test_parse_int_accepts_numbers_and_descriptor_words(
    value: object, expected: int | None
) -> None:
    words = {"likely": 4, "almost certain": 5}
    assert parse_int(value, minimum=1, maximum=5, words=words) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("7", "from 1 to 5"),
        (0, "from 1 to 5"),
        ("4.5", "whole number"),
        (4.5, "whole number"),
        ("four", "whole number"),
        ("3 - Likely", "means 4"),
        (True, "not a number"),
    ],
)
def test_parse_int_refuses(value: object, why: str) -> None:
    with pytest.raises(ValueProblem, match=why):
        parse_int(value, minimum=1, maximum=5, words={"likely": 4})


def test_choice_and_list_values() -> None:
    choices = FMT.field("status").choices
    assert parse_choice(" Live ", choices) == "open"
    assert parse_choice("ACCEPTED", choices) == "tolerated"
    assert parse_choice(None, choices) is None
    with pytest.raises(ValueProblem, match="closed, open, tolerated"):
        parse_choice("maybe", choices)
    assert split_list("NMR; Admin\n|EST ;", (";", "\n", "|")) == ["NMR", "Admin", "EST"]
    assert split_list(None) == []


# --------------------------------------------------------------------------- mapping


def test_the_risks_format_loads_through_importlib_resources() -> None:
    assert "risks" in available_formats()
    assert FMT.kind == "risks" and FMT.max_rows == 20_000
    assert {f.key for f in FMT.required} == {"title", "current_likelihood", "current_consequence"}
    assert FMT.field("location").synonyms[:2] == ("location code", "location")
    assert FMT.options["default_control_type"] == "procedural"


def test_normalise_header() -> None:
    assert normalise_header("  Risk Ref. ") == "risk ref"
    assert normalise_header("Ward/Department") == "ward department"
    assert normalise_header("Activity & Hazard") == "activity and hazard"
    assert normalise_header(None) == ""


def test_a_saved_mapping_overrides_the_synonyms(tmp_path: Path) -> None:
    custom = FMT.with_columns(
        {"title": "Hazard name", "current_likelihood": "L now", "current_consequence": "C now"}
    )
    rows = [["Hazard name", "Title", "L now", "C now"], ["Real title", "ignored", "2", "2"]]
    with open_table(write_csv(tmp_path / "m.csv", rows), custom) as table:
        got = next(table.rows()).values
    assert got["title"] == "Real title"
    with pytest.raises(FormatError):
        FMT.with_columns({"nonsense": "x"})


@pytest.mark.parametrize(
    ("doc", "why"),
    [
        ({}, "missing \\[format\\]"),
        ({"format": {"kind": "x"}}, "no \\[fields"),
        ({"format": {"kind": "x", "colour": 1}, "fields": {"a": {}}}, "unknown \\[format\\] keys"),
        ({"format": {"kind": "x"}, "fields": {"a": {"type": "blob"}}}, "type must be"),
        ({"format": {"kind": "x"}, "fields": {"a": {"typo": 1}}}, "unknown keys"),
        ({"format": {"kind": "x"}, "fields": {"a": {"type": "choice"}}}, "without \\[choices\\]"),
        ({"format": {"kind": "x", "date_styles": ["mdy"]}, "fields": {"a": {}}}, "date_styles"),
    ],
)
def test_format_files_are_checked(doc: dict[str, object], why: str) -> None:
    with pytest.raises(FormatError, match=why):
        parse_format(doc)


def test_unknown_format_name() -> None:
    with pytest.raises(FormatError):
        load_format("nonexistent")
    with pytest.raises(FormatError):
        load_format("../risks")


# ---------------------------------------------------------------------------- report


def test_problem_log_keeps_the_first_problems_and_counts_all() -> None:
    log = ProblemLog(keep=2)
    for row in (4, 4, 9):
        log.add(row, "Consequence", 7, "must be from 1 to 5")
    assert log.total == 3 and len(log.problems) == 2 and log.truncated
    assert log.rows_with_problems == 2 and log.has_row(9)
    assert str(log.problems[0]) == "row 4, Consequence: '7': must be from 1 to 5"
    assert str(Problem(None, "", "", "refused")) == "file: refused"


def test_problem_log_counts_every_unknown_value_beyond_the_kept_problems() -> None:
    """A 200k-row export naming the same few unknown locations: each distinct value is
    counted over all rows, even past the problems kept for the row-by-row list."""
    log = ProblemLog(keep=3)
    for row in range(2, 12):
        log.add(row, "Location", "111 Call Centre", "is not known", unknown="location name")
    log.add(12, "Location", "Ward 99", "is not known", unknown="location name", fix="add it")
    log.add(13, "Sub-category", "Slip", "is not mapped", unknown="sub-category", fix="map it")
    log.add(14, "Date", "31/02/2026", "is not a real date")
    assert log.unknown == {
        "location name": {"111 Call Centre": 10, "Ward 99": 1},
        "sub-category": {"Slip": 1},
    }
    assert log.unknown_total == 12 and log.total == 13 and len(log.problems) == 3
    assert log.problems[0].unknown == "location name"
    assert unknown_lines(log.unknown, log.unknown_fix) == [
        "2 location names and 1 sub-category are not known:",
        "  location name '111 Call Centre' (10 rows)",
        "  location name 'Ward 99' (1 row)",
        "  sub-category 'Slip' (1 row)",
        "For each location name: add it.",
        "For each sub-category: map it.",
    ]
    assert unknown_lines({"severity": {"Grave": 2}}, {})[0] == "1 severity is not known:"
    assert unknown_lines({}, {}) == []
    many = unknown_lines({"location name": {f"Ward {i}": 1 for i in range(5)}}, {}, 2)
    assert many[-1] == "  ... and 3 more"


def test_report_csv_is_atomic_and_neutralises_formulas(tmp_path: Path) -> None:
    problems = [
        Problem(4, "Title", '=HYPERLINK("http://x")', "is empty"),
        Problem(5, "@Owner", "+44 7700", "-unknown"),
    ]
    out = write_report_csv(tmp_path / "sub" / "report.csv", problems, total=5)
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == ["Row", "Column", "Value", "Problem"]
    assert rows[1] == ["4", "Title", '\'=HYPERLINK("http://x")', "is empty"]
    assert rows[2] == ["5", "'@Owner", "'+44 7700", "'-unknown"]
    assert "3 more problems" in rows[3][3]
    assert [p.name for p in out.parent.iterdir()] == ["report.csv"]  # no temp left behind
