"""The pack as an Excel workbook: the accessible companion of the PDF.

reportlab cannot tag a PDF for screen readers, so the workbook holds everything the PDF shows
as data: a README sheet (what the data is, its period, the cover-sheet fields, the sheets), then
a sheet per section with each of its tables as a real Excel table (filter buttons, banded rows),
every chart's data, and native Excel charts a board secretary can restyle (the SPC chart as a
line chart of the values, mean and limits; bar charts as bar charts). Numbers are numbers,
dates are dates (with formats), long lists that the PDF shortens are here in full.

Why openpyxl rather than XlsxWriter: openpyxl is already a dependency (the import and the other
exports use it); its write-only mode streams rows with flat memory and supports tables, charts
and frozen panes; the pack workbook holds aggregates and short lists (hundreds of cells, not
millions), so XlsxWriter's 15% per-cell edge (performance.md) buys nothing here, and one writer
means one formula-safety helper (``xlsx_safety``) for every workbook the app writes.

Safety: every string goes through ``xlsx_safety.text_cell`` (type ``s``, quote-prefixed when it
starts like a formula), so ``=HYPERLINK(...)`` in an action title is text, never a formula.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import warnings
from collections.abc import Mapping
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vpr_desktop import __version__
from vpr_desktop.reports.pack_model import Badge
from vpr_desktop.reports.pack_model import Bullets
from vpr_desktop.reports.pack_model import CellValue
from vpr_desktop.reports.pack_model import Column
from vpr_desktop.reports.pack_model import Figure
from vpr_desktop.reports.pack_model import Icon
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.reports.pack_model import Paragraph
from vpr_desktop.reports.pack_model import Section
from vpr_desktop.reports.pack_model import Suppressed
from vpr_desktop.reports.pack_model import Table
from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_DARK_BLUE
from vpr_desktop.reports.xlsx_safety import clean_text
from vpr_desktop.reports.xlsx_safety import looks_like_formula
from vpr_desktop.reports.xlsx_safety import text_cell
from vpr_desktop.services.packs.atomic import write_atomically
from vpr_desktop.services.packs.front import front_fields

NUMBER_FORMATS = {
    "int": "#,##0",
    "float": "#,##0.0#",
    "percent": "0.0%",
    "date": "dd mmm yyyy",
    "datetime": "dd mmm yyyy hh:mm",
    "month": "mmm yyyy",
    "money": '"£"#,##0.00',
}
TABLE_STYLE = "TableStyleMedium2"
WRAP_AT = 60  # longer text wraps in its cell
MAX_SHEET_NAME = 31
ICON_PX = 20  # a Making Data Count icon beside its row (one default row high)
DECIMALS = 6  # floats are rounded to this many places: no 0.30000000000000004 in a cell


def _sheet_name(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", text).strip()[:MAX_SHEET_NAME] or "Sheet"
    name, i = base, 2
    while name.lower() in taken:
        suffix = f" ({i})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        i += 1
    taken.add(name.lower())
    return name


def _width(col: Column) -> float:
    if col.type in ("date", "month"):
        return 13.0
    if col.type == "datetime":
        return 17.0
    return max(9.0, min(60.0, col.width * 12.0))


class _Writer:
    def __init__(self, pack: Pack) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.styles import PatternFill

        self.pack = pack
        self.wb = Workbook(write_only=True)
        self.wb.properties.title = pack.title
        self.wb.properties.subject = f"VPR {pack.kind_label.lower()} pack, {pack.period_label}"
        self.wb.properties.creator = f"VPR Desktop {__version__}"
        self.wb.properties.language = "en-GB"
        self._names: dict[str, str] = {}
        self.table_names: set[str] = set()
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14, color=NHS_DARK_BLUE.lstrip("#"))
        self.h2 = Font(bold=True, size=11, color=NHS_BLUE.lstrip("#"))
        self.header_fill = PatternFill("solid", fgColor=NHS_BLUE.lstrip("#"))
        self.header_font = Font(bold=True, color="FFFFFF")
        self.fills: dict[str, Any] = {}
        self.formats: dict[str, Any] = {}
        from openpyxl.cell import WriteOnlyCell

        self.WriteOnlyCell, self.PatternFill, self.Font = WriteOnlyCell, PatternFill, Font

    # -- cells
    def text(self, ws: Any, value: str, font: Any = None, wrap: bool = False) -> Any:
        cell = text_cell(ws, value, wrap)
        if font is not None:
            cell.font = font
        return cell

    def cell(self, ws: Any, value: CellValue, col: Column) -> Any:
        """A value as openpyxl should store it. Plain values where they are already safe and
        typed (openpyxl's fast path: a str not starting like a formula is stored as text, a
        date gets a date format); a styled cell only for risky text, wrapping, colours and
        formats."""
        if value is None:
            return None
        if isinstance(value, str):
            clean = clean_text(value)
            if looks_like_formula(clean) or len(clean) > WRAP_AT:
                return self.text(ws, clean, wrap=len(clean) > WRAP_AT)
            return clean
        if isinstance(value, Suppressed):
            return self.text(ws, value.mark)
        if isinstance(value, Badge):
            cell = self.text(ws, value.text)
            if cell.quotePrefix:
                return cell  # never for a band label; text safety first all the same
            key = value.fill + value.text_colour
            if key not in self.fills:  # one styled prototype per colour pair
                proto = self.WriteOnlyCell(ws)
                proto.fill = self.PatternFill("solid", fgColor=value.fill.lstrip("#"))
                proto.font = self.Font(color=value.text_colour.lstrip("#"), bold=True)
                # ``_style`` is a slot the stubs leave untyped (openpyxl's StyleArray).
                self.fills[key] = proto._style  # type: ignore[attr-defined]
            # Copying the prototype's style array skips openpyxl's per-cell style lookups
            # (hashing the fill and font for every cell was most of this sheet's cost).
            cell._style = copy.copy(self.fills[key])
            return cell
        if isinstance(value, Icon):
            return self.text(ws, value.text)  # the picture is placed beside the row
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, int | float):
            return self.number(ws, value, col)
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None)
        elif col.type != "month":  # a date: openpyxl gives it a date format
            return value  # openpyxl gives dates a date format
        cell = self.WriteOnlyCell(ws)
        cell.value = value  # set after: the stub's WriteOnlyCell(value=) omits date
        fmt = NUMBER_FORMATS.get(col.type)
        if fmt is None and isinstance(value, dt.date):
            fmt = NUMBER_FORMATS["date"]
        if fmt is not None:
            cell.number_format = fmt
        return cell

    def number(self, ws: Any, value: float, col: Column) -> Any:
        """A number stored as a number with its format: a percentage as a fraction shown as
        "60.0%", a count as "1,092", a float rounded so no binary artefact reaches a cell."""
        if col.type == "percent":
            value, fmt = round(value / 100.0, DECIMALS), "0.0%"
        elif col.type == "money":
            value, fmt = round(value, 2), NUMBER_FORMATS["money"]
        elif isinstance(value, int):
            fmt = NUMBER_FORMATS["int"]
        else:
            value, fmt = round(value, DECIMALS), NUMBER_FORMATS["float"]
        if fmt not in self.formats:  # one styled prototype per format, copied (fast)
            proto = self.WriteOnlyCell(ws)
            proto.number_format = fmt
            self.formats[fmt] = proto._style  # type: ignore[attr-defined]
        cell = self.WriteOnlyCell(ws)
        cell.value = value
        cell._style = copy.copy(self.formats[fmt])  # type: ignore[attr-defined]
        return cell

    # -- sheets
    def readme(self) -> None:
        p, f = self.pack, self.pack.front
        ws = self.wb.create_sheet("README")
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 100
        ws.append([self.text(ws, f"{p.trust}: {f.title}", self.title_font)])
        ws.append(
            [
                self.text(
                    ws,
                    "The Excel companion of the PDF pack: every table and every "
                    "chart's data, for reuse and for screen readers.",
                    wrap=True,
                )
            ]
        )
        ws.append([])
        rows: list[tuple[str, Any]] = [
            ("Pack", f"{p.kind_label} pack: violence prevention and reduction"),
            ("Period from", p.period_from),
            ("Period to", p.period_to),
            ("Data as at", p.data_as_at.replace(tzinfo=None)),
            *front_fields(p, f.meeting_date, title=False, scale=True),
            *((("Please note", p.running_note),) if p.running_note else ()),
            ("Disclosure control", p.disclosure_note),
            ("Generated by", f"VPR Desktop {__version__}"),
        ]
        for label, value in rows:
            col = Column(
                label,
                "datetime"
                if isinstance(value, dt.datetime)
                else "date"
                if isinstance(value, dt.date)
                else "text",
                8.0,
            )
            ws.append([self.text(ws, label, self.bold), self.cell(ws, value, col)])
        ws.append([])
        ws.append([self.text(ws, "Executive summary", self.h2)])
        for line in p.summary:
            ws.append([None, self.text(ws, line, wrap=True)])
        ws.append([])
        ws.append([self.text(ws, "Sheets", self.h2)])
        for sec in p.sections:
            tables = [t.title for t in self._tables(sec)]
            ws.append(
                [
                    self.text(ws, self._names[sec.id]),
                    self.text(ws, f"{sec.title}: " + "; ".join(tables), wrap=True),
                ]
            )
        if p.figures:
            ws.append([])
            ws.append([self.text(ws, "Charts and their alt text", self.h2)])
            seen: set[str] = set()
            for sec in p.sections:
                for fig in sec.figures:
                    if fig.id in seen:
                        continue
                    seen.add(fig.id)
                    alt = fig.alt_text or fig.chart.title
                    ws.append(
                        [
                            self.text(ws, "Chart"),
                            self.text(
                                ws,
                                f"{fig.chart.title} (sheet {self._names[sec.id]}). Alt text: {alt}",
                                wrap=True,
                            ),
                        ]
                    )
            if any(isinstance(v, Icon) for t in self._all_tables() for r in t.rows for v in r):
                ws.append(
                    [
                        None,
                        self.text(
                            ws,
                            "Making Data Count icons are pictures beside their rows; each "
                            "icon's meaning is written in the row, and the key table explains "
                            "them.",
                            wrap=True,
                        ),
                    ]
                )
        if p.omitted:
            ws.append([])
            ws.append([self.text(ws, "Not in this version", self.h2)])
            for item in p.omitted:
                ws.append([None, self.text(ws, item, wrap=True)])

    def _all_tables(self) -> list[Table]:
        return [t for sec in self.pack.sections for t in self._tables(sec)]

    @staticmethod
    def _tables(sec: Section) -> list[Table]:
        """The section's tables with each figure's data table, in order, once each."""
        out: list[Table] = []
        seen: set[str] = set()
        for b in sec.blocks:
            t = b.data if isinstance(b, Figure) else b if isinstance(b, Table) else None
            if t is not None and t.id not in seen:
                seen.add(t.id)
                out.append(t)
        return out

    def section(self, sec: Section) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(self._names[sec.id])
        tables = self._tables(sec)
        widths: dict[int, float] = {}
        for t in tables:
            for i, c in enumerate(t.columns, start=1):
                widths[i] = max(widths.get(i, 0.0), _width(c))
        for i, w in widths.items():
            ws.column_dimensions[get_column_letter(i)].width = w
        charts = {b.data.id: b for b in sec.blocks if isinstance(b, Figure)}
        # Write-only sheets write their view before the first row: freeze the section title
        # and the first table's header (rows 1-2) now.
        ws.freeze_panes = "A3" if tables and tables[0].rows else "A2"
        row = 1
        for n, t in enumerate(tables):
            title = f"{sec.title}: {t.title}" if n == 0 else t.title
            if n > 0:
                ws.append([])
                row += 1
            ws.append([self.text(ws, title, self.h2)])
            row += 1
            header_row = row
            row += self.table(ws, t, header_row)
            if t.id in charts:
                self.chart(ws, charts[t.id], t, header_row, len(widths) + 2)
        notes = [b for b in sec.blocks if isinstance(b, Paragraph | Bullets)]
        if notes:
            ws.append([])
            ws.append([self.text(ws, "Notes", self.h2)])
            for b in notes:
                for line in [b.text] if isinstance(b, Paragraph) else list(b.items):
                    ws.append([self.text(ws, line)])
        for fig in sec.figures:
            ws.append([self.text(ws, f"Chart: {fig.chart.title}. {fig.caption}")])

    def table(self, ws: Any, t: Table, header_row: int) -> int:
        """Write the header and rows at ``header_row``; returns the rows written."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.filters import AutoFilter
        from openpyxl.worksheet.table import Table as XlTable
        from openpyxl.worksheet.table import TableColumn
        from openpyxl.worksheet.table import TableStyleInfo

        titles = _unique([c.title for c in t.columns])
        header = []
        for title in titles:
            cell = self.text(ws, title, self.header_font, wrap=True)
            cell.fill = self.header_fill
            header.append(cell)
        ws.append(header)
        if not t.rows:
            ws.append([self.text(ws, t.empty_text)])
            written = 2
        else:
            for values in t.rows:
                ws.append([self.cell(ws, v, c) for v, c in zip(values, t.columns, strict=True)])
            self.icons(ws, t, header_row)
            ref = f"A{header_row}:{get_column_letter(len(t.columns))}{header_row + len(t.rows)}"
            name = self._table_name(t.id)
            xl = XlTable(
                displayName=name,
                ref=ref,
                autoFilter=AutoFilter(ref=ref),
                tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
            )
            # Write-only sheets cannot be read back, so name the columns here.
            xl.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(titles, 1)]
            with warnings.catch_warnings():  # "add table columns manually": done just above
                warnings.simplefilter("ignore", UserWarning)
                ws.add_table(xl)
            written = 1 + len(t.rows)
        for note in t.footnotes:
            ws.append([self.text(ws, note)])
            written += 1
        return written

    def icons(self, ws: Any, t: Table, header_row: int) -> None:
        """Each row's Making Data Count icons as pictures just right of the table (the words
        are in the row's cells, so the picture never carries the meaning alone)."""
        from openpyxl.drawing.image import Image
        from openpyxl.utils import get_column_letter

        from vpr_desktop.reports.mdc_icons import icon_png

        for r, values in enumerate(t.rows, start=header_row + 1):
            pngs = [icon_png(v.key) for v in values if isinstance(v, Icon)]
            for k, png in enumerate(p for p in pngs if p is not None):
                image = Image(io.BytesIO(png))
                image.width = image.height = ICON_PX
                ws.add_image(image, f"{get_column_letter(len(t.columns) + 1 + k)}{r}")

    def _table_name(self, base: str) -> str:
        name = "t_" + re.sub(r"\W", "_", base)
        candidate, i = name, 2
        while candidate.lower() in self.table_names:
            candidate = f"{name}_{i}"
            i += 1
        self.table_names.add(candidate.lower())
        return candidate

    def chart(self, ws: Any, fig: Figure, t: Table, header_row: int, at_col: int) -> None:
        """A native chart next to its data (none for the heat map: its cells are coloured)."""
        from openpyxl.chart import BarChart
        from openpyxl.chart import LineChart
        from openpyxl.chart import Reference
        from openpyxl.utils import get_column_letter

        if not t.rows or fig.chart.kind == "heatmap":
            return
        first, last = header_row + 1, header_row + len(t.rows)
        cats = Reference(ws, min_col=1, min_row=first, max_row=last)
        chart: Any
        if fig.chart.kind == "spc":
            chart = LineChart()
            titles = [c.title for c in t.columns]
            value = titles.index("% on time") + 1 if "% on time" in titles else 2
            lines = [value] + [
                titles.index(name) + 1
                for name in ("Mean", "Upper limit", "Lower limit")
                if name in titles
            ]
            for col in lines:  # the value, mean and limits (not the staff or rate columns)
                data = Reference(ws, min_col=col, max_col=col, min_row=header_row, max_row=last)
                chart.add_data(data, titles_from_data=True)
            chart.y_axis.title = fig.chart.y_label
        else:
            chart = BarChart()
            chart.type = "bar"
            chart.grouping = "stacked" if fig.chart.kind == "stacked" else "clustered"
            chart.overlap = 100 if fig.chart.kind == "stacked" else 0
            n_series = len(fig.chart.series) or 1
            # A closing total row ("All sources") is data, not a bar.
            end = last - (1 if str(t.rows[-1][0]).startswith("All ") else 0)
            data = Reference(ws, min_col=2, max_col=1 + n_series, min_row=header_row, max_row=end)
            cats = Reference(ws, min_col=1, min_row=first, max_row=end)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.title = fig.chart.title
        chart.width, chart.height = 22, 11
        ws.add_chart(chart, f"{get_column_letter(at_col)}{header_row}")

    def build(self) -> Any:
        taken = {"readme"}
        self._names = {
            s.id: _sheet_name(s.sheet_name or s.title, taken) for s in self.pack.sections
        }
        self.readme()
        for sec in self.pack.sections:
            self.section(sec)
        return self.wb


def _unique(titles: Sequence[str]) -> list[str]:
    out: list[str] = []
    for t in titles:
        name, i = t or "Column", 2
        while name in out:
            name = f"{t} ({i})"
            i += 1
        out.append(name)
    return out


def build_workbook(pack: Pack) -> Any:
    return _Writer(pack).build()


def write_xlsx(pack: Pack, target: Path, charts: Mapping[str, bytes] | None = None) -> Path:
    """Write the workbook to ``target`` atomically. ``charts`` is accepted for symmetry with
    the PDF; the workbook draws native charts from its own data instead of pictures."""
    wb = build_workbook(pack)
    return write_atomically(Path(target), wb.save)
