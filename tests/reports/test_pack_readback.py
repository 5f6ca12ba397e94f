"""A hand-built pack written as a workbook and a PDF, then read back: every figure arrives as the
model holds it (numbers as numbers with their formats, dates as dates, suppressed cells as the
mark), text a person typed stays text in both, and the two renderers agree.

No database: the model is the contract between the services and the renderers, so these tests
pin down the renderers' side of it on their own.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vpr_desktop.reports import pack_pdf
from vpr_desktop.reports import pack_xlsx
from vpr_desktop.reports.pack_model import AssuranceLevel
from vpr_desktop.reports.pack_model import Badge
from vpr_desktop.reports.pack_model import Bullets
from vpr_desktop.reports.pack_model import ChartSpec
from vpr_desktop.reports.pack_model import Column
from vpr_desktop.reports.pack_model import Figure
from vpr_desktop.reports.pack_model import FrontSheet
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.reports.pack_model import Paragraph
from vpr_desktop.reports.pack_model import Purpose
from vpr_desktop.reports.pack_model import Section
from vpr_desktop.reports.pack_model import Series
from vpr_desktop.reports.pack_model import SessionKind
from vpr_desktop.reports.pack_model import Suppressed
from vpr_desktop.reports.pack_model import Table

PERIOD = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
FORMULA = '=HYPERLINK("http://x","y")'
MARKUP = '<b>Ward & "A"</b> <font size=40>x</font>'
LONG = "A long note about the ward. " * 5  # over 60 characters: wrapped in its cell

FRONT = FrontSheet(
    meeting="Trust Board",
    meeting_date=dt.date(2026, 7, 24),
    agenda_item="12.3",
    title="Readback pack",
    executive_sponsor="Chief People Officer",
    author="VPR Lead",
    purpose=Purpose.ASSURANCE,
    recommendation="The Board is asked to note the report.",
    assurance_level=AssuranceLevel.REASONABLE,
    committee_route="Committee, then Board",
    session=SessionKind.PUBLIC,
)

TYPED = Table(
    "typed",
    "Every type",
    (
        Column("Name"),
        Column("Count", "int"),
        Column("Rate", "float"),
        Column("Share", "percent"),
        Column("Day", "date"),
        Column("When", "datetime"),
        Column("Month", "month"),
    ),
    (
        ("Rowan Ward", 1234, 2.5, 12.5, dt.date(2026, 5, 3), dt.datetime(2026, 5, 3, 14, 5),
         dt.date(2026, 5, 1)),
        (FORMULA, Suppressed(), None, None, None, None, None),
        (MARKUP, 0, 0.0, 100.0, dt.date(2026, 6, 30), None, dt.date(2026, 6, 1)),
        ("Bad\x07char", 7, None, None, None, None, None),
        (LONG, 3, None, None, None, None, None),
    ),
    footnotes=("Counts of 1 to 7 are shown as '*'.",),
)  # fmt: skip
BANDS = Table(
    "bands",
    "Risk bands",
    (Column("Risk"), Column("Band")),
    (("R-1", Badge("High 12", "#ED8B00")), ("R-2", Badge("Low 2", "#007F3B", "#FFFFFF"))),
)
EMPTY = Table("empty", "Nothing here", (Column("A"), Column("A")), (), empty_text="None yet.")
BARS = Table(
    "by_source",
    "Incidents by source",
    (Column("Source"), Column("Incidents", "int")),
    (("Patients", 40), ("Visitors", 10), ("All sources", 50)),
)
FIGURE = Figure(
    "by_source_fig",
    ChartSpec("bar", "By source", ("Patients", "Visitors"), (Series("Incidents", (40.0, 10.0)),)),
    "Most incidents come from patients.",
    BARS,
)


def pack(*sections: Section, omitted: tuple[str, ...] = ()) -> Pack:
    return Pack(
        kind="committee",
        trust="Northgate NHS Trust",
        period_from=PERIOD[0],
        period_to=PERIOD[1],
        data_as_at=dt.datetime(2026, 7, 1, 9, 30),
        front=FRONT,
        summary=("Incidents fell by 5%.", FORMULA),
        sections=sections,
        disclosure_note="Small counts are suppressed.",
        omitted=omitted,
    )


def main_pack() -> Pack:
    return pack(
        Section("types", "Types: all [of them]?", (Paragraph("Intro."), TYPED, BANDS, EMPTY)),
        # The same sheet name and the same table id again: both must be made unique.
        Section("types2", "Types: all [of them]?", (Bullets(("One", "Two")), BANDS)),
        Section("chart", "Chart", (FIGURE,), sheet_name="By source"),
        omitted=("Indicators that moved",),
    )


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "pack.xlsx"
    pack_xlsx.write_xlsx(main_pack(), target)
    return target


def rows_of(path: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = load_workbook(path)[sheet]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_sheet_names_are_legal_and_unique(workbook: Path) -> None:
    assert load_workbook(workbook).sheetnames == [
        "README",
        "Types all of them",
        "Types all of them (2)",
        "By source",
    ]


def test_typed_cells_read_back_as_the_model_holds_them(workbook: Path) -> None:
    ws = load_workbook(workbook)["Types all of them"]
    assert ws["A1"].value == "Types: all [of them]?: Every type"
    assert [c.value for c in ws[2]][:7] == [
        "Name",
        "Count",
        "Rate",
        "Share",
        "Day",
        "When",
        "Month",
    ]
    first = ws[3]
    assert first[0].value == "Rowan Ward"
    assert first[1].value == 1234 and isinstance(first[1].value, int)
    assert first[2].value == 2.5
    assert first[3].value == pytest.approx(0.125) and first[3].number_format == "0.0%"
    assert first[4].value == dt.datetime(2026, 5, 3)  # Excel dates read back as datetimes
    assert first[5].value == dt.datetime(2026, 5, 3, 14, 5)
    assert first[5].number_format == "dd mmm yyyy hh:mm"
    assert first[6].value == dt.datetime(2026, 5, 1) and first[6].number_format == "mmm yyyy"
    hidden = ws[4]
    assert hidden[1].value == "*"  # never the count
    assert [c.value for c in hidden[2:]] == [None] * 5
    third = ws[5]
    assert third[3].value == pytest.approx(1.0)
    assert ws["A6"].value == "Badchar"  # a control character would corrupt the sheet's XML
    assert ws["A7"].value == LONG and ws["A7"].alignment.wrap_text
    assert ws["A8"].value == "Counts of 1 to 7 are shown as '*'."


def test_typed_text_stays_text(workbook: Path) -> None:
    ws = load_workbook(workbook)["Types all of them"]
    assert ws["A4"].value == FORMULA
    assert ws["A4"].data_type == "s" and ws["A4"].quotePrefix
    assert ws["A5"].value == MARKUP and not ws["A5"].quotePrefix
    with zipfile.ZipFile(workbook) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name


def test_badges_carry_text_and_colour(workbook: Path) -> None:
    ws = load_workbook(workbook)["Types all of them"]
    rows = {r[0].value: r[1] for r in ws.iter_rows() if r[0].value in ("R-1", "R-2")}
    assert rows["R-1"].value == "High 12"
    assert rows["R-1"].fill.fgColor.rgb.endswith("ED8B00") and rows["R-1"].font.bold
    assert rows["R-2"].value == "Low 2"
    assert rows["R-2"].font.color.rgb.endswith("FFFFFF")


def test_empty_tables_say_so_and_duplicate_headings_are_numbered(workbook: Path) -> None:
    values = rows_of(workbook, "Types all of them")
    at = next(i for i, r in enumerate(values) if r[0] == "Nothing here")
    assert values[at + 1][:2] == ("A", "A (2)")
    assert values[at + 2][0] == "None yet."


def test_excel_tables_have_unique_names_and_cover_their_rows(workbook: Path) -> None:
    wb = load_workbook(workbook)
    first = wb["Types all of them"].tables
    second = wb["Types all of them (2)"].tables
    assert sorted(first) == ["t_bands", "t_typed"]  # no Excel table for an empty one
    assert list(second) == ["t_bands_2"]
    assert first["t_typed"].ref == "A2:G7"  # header and five rows
    assert [c.name for c in first["t_typed"].tableColumns][:2] == ["Name", "Count"]


def test_notes_follow_the_tables(workbook: Path) -> None:
    values = [r[0] for r in rows_of(workbook, "Types all of them (2)")]
    notes = values.index("Notes")
    assert values[notes + 1 : notes + 3] == ["One", "Two"]


def test_a_bar_chart_leaves_out_the_total_row(workbook: Path) -> None:
    assert rows_of(workbook, "By source")[:5] == [
        ("Chart: Incidents by source", None),
        ("Source", "Incidents"),
        ("Patients", 40),
        ("Visitors", 10),
        ("All sources", 50),
    ]
    with zipfile.ZipFile(workbook) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode("utf-8")
    assert "'By source'!$B$3:$B$4" in xml  # Patients and Visitors; not "All sources"
    assert "'By source'!$A$3:$A$4" in xml


def test_readme_holds_the_cover_sheet_and_lists_sheets(workbook: Path) -> None:
    values = rows_of(workbook, "README")
    assert values[0][0] == "Northgate NHS Trust: Readback pack"
    fields = {r[0]: r[1] for r in values if len(r) > 1 and r[0]}
    assert fields["Pack"] == "Committee pack: violence prevention and reduction"
    assert fields["Period from"] == dt.datetime(2026, 4, 1)
    assert fields["Data as at"] == dt.datetime(2026, 7, 1, 9, 30)
    assert fields["Date of meeting"] == dt.datetime(2026, 7, 24)
    assert fields["Agenda item"] == "12.3"
    assert fields["Level of assurance"] == (f"Reasonable: {AssuranceLevel.REASONABLE.meaning}")
    assert fields["Session"] == "Public session"
    assert fields["Disclosure control"] == "Small counts are suppressed."
    assert fields["Types all of them"] == (
        "Types: all [of them]?: Every type; Risk bands; Nothing here"
    )
    assert fields["By source"] == "Chart: Incidents by source"
    summary = [r[1] for r in values if len(r) > 1 and r[0] is None and r[1]]
    assert FORMULA in summary and "Indicators that moved" in summary
    props = load_workbook(workbook).properties
    assert props.title == "Readback pack" and props.language == "en-GB"


# ----------------------------------------------------------------------------- PDF


def pdf_text(path: Path) -> str:
    args = ["pdftotext", "-layout", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("pdf") / "pack.pdf"
    text_pack = pack(
        Section("types", "Types", (Paragraph(MARKUP), TYPED, BANDS, EMPTY)),
        Section("more", "More", (Bullets((FORMULA,)),)),
    )
    pack_pdf.write_pdf(text_pack, {}, target)
    return pdf_text(target)


def test_pdf_shows_the_same_figures_formatted(pdf: str) -> None:
    line = next(li for li in pdf.splitlines() if "Rowan Ward" in li)
    assert line.split()[2:] == [
        "1,234", "2.5", "12.5%", "03", "May", "2026", "03", "May", "2026", "14:05", "May", "2026",
    ]  # fmt: skip
    hidden = next(li for li in pdf.splitlines() if li.strip().startswith("=HYPERLINK"))
    assert hidden.split()[-1] == "*"
    assert "None yet." in pdf
    assert "High 12" in pdf and "Low 2" in pdf


def test_pdf_renders_markup_as_the_characters_typed(pdf: str) -> None:
    flat = " ".join(pdf.split())
    assert '<b>Ward & "A"</b> <font size=40>x</font>' in flat
    assert FORMULA in flat


def test_month_and_number_formats_agree_between_pdf_and_workbook(workbook: Path) -> None:
    col = Column("Share", "percent")
    assert pack_pdf.format_cell(12.5, col) == "12.5%"
    assert pack_pdf.format_cell(dt.date(2026, 5, 1), Column("M", "month")) == "May 2026"
    assert pack_pdf.format_cell(Suppressed(), Column("N", "int")) == "*"
    assert pack_pdf.format_cell(True, Column("B")) == "Yes"
    assert pack_pdf.format_cell(None, Column("B")) == ""


def test_an_int_percent_reads_the_same_in_both() -> None:
    assert pack_pdf.format_cell(85, Column("Share", "percent")) == "85.0%"
