"""The pack as an accessible Word paper (python-docx): what a board secretary pastes into the
trust's template and publishes.

Why a Word paper besides the PDF: reportlab cannot tag a PDF, so a screen reader finds no
headings or table structure in it; trusts publish board papers in their own Word template.
The paper is drawn from the same pack model as the PDF and the workbook, so the three cannot
disagree, and it is built for assistive technology:

* **Real headings** (Word's Title and Heading 1-2 styles), so the navigation pane and a screen
  reader list every section; the document's title and language (en-GB) are set.
* **The front sheet as a table** of field and value, with a header row.
* **Tables with a header row that repeats** on every page (``w:tblHeader``), numbers as the
  PDF prints them.
* **Every chart with its alt text** (the picture's description: what the chart shows and its
  finding), then its caption.
* A draft self-assessment's mark (``Pack.running_note``) in the page header, so it is on every
  page of the paper, as in the PDF.

Text is plain: python-docx writes it as text runs, never as markup.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop import __version__
from vpr_desktop.reports.mdc_icons import icon_png
from vpr_desktop.reports.pack_model import Bullets
from vpr_desktop.reports.pack_model import Figure
from vpr_desktop.reports.pack_model import Icon
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.reports.pack_model import Paragraph
from vpr_desktop.reports.pack_model import Section
from vpr_desktop.reports.pack_model import Table
from vpr_desktop.reports.pack_pdf import format_cell
from vpr_desktop.reports.pack_pdf import front_rows
from vpr_desktop.services.packs.atomic import write_bytes_atomically

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

PICTURE_WIDTH_CM = 16.0
ICON_CM = 0.6
NUMERIC = ("int", "float", "percent", "money")


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row that Word repeats at the top of each page (and that
    assistive technology reads as the column headings)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _set_language(doc: DocxDocument, lang: str = "en-GB") -> None:
    """The default language of the text (Normal style) and of the document's properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc.core_properties.language = lang
    r_pr = doc.styles["Normal"].element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), lang)
    r_pr.append(lang_el)


class _Paper:
    """Writes one pack into a new Word document."""

    def __init__(self, pack: Pack, charts: Mapping[str, bytes]) -> None:
        from docx import Document

        self.pack = pack
        self.charts = charts
        self.doc = Document()
        self.figure_no = 0

    def text(self, value: str, style: str | None = None, *, bold: bool = False) -> None:
        para = self.doc.add_paragraph(style=style)
        para.add_run(value).bold = bold

    def table(self, t: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.doc.add_heading(t.title, level=2)
        if not t.rows:
            self.text(t.empty_text)
            return
        shown = t.rows if t.pdf_rows is None else t.rows[: t.pdf_rows]
        table = self.doc.add_table(rows=1, cols=len(t.columns))
        table.style = "Table Grid"
        header = table.rows[0]
        _repeat_header(header)
        for cell, col in zip(header.cells, t.columns, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(col.title).bold = True
        for row in shown:
            cells = table.add_row().cells
            for cell, value, col in zip(cells, row, t.columns, strict=True):
                if isinstance(value, Icon):
                    self.icon(cell, value)
                    continue
                cell.text = format_cell(value, col)
                if col.type in NUMERIC:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for note in t.footnotes:
            self.text(note, "Caption")
        if len(shown) < len(t.rows):
            self.text(
                f"The first {len(shown):,} of {len(t.rows):,} rows; the Excel companion "
                "lists them all.",
                "Caption",
            )

    def icon(self, cell: Any, value: Icon) -> None:
        """A Making Data Count icon in a table cell, with its words as alt text and beside it."""
        from docx.shared import Cm

        cell.text = ""
        para = cell.paragraphs[0]
        png = icon_png(value.key)
        if png is not None:
            shape = para.add_run().add_picture(io.BytesIO(png), width=Cm(ICON_CM))
            shape._inline.docPr.set("descr", f"Icon: {value.text}")
            shape._inline.docPr.set("title", value.text)
            para.add_run(" ")
        para.add_run(value.text)

    def figure(self, f: Figure) -> None:
        from docx.shared import Cm

        png = self.charts.get(f.id)
        if png is None:
            self.text(f"Chart not available: {f.chart.title}.", "Caption")
            return
        self.figure_no += 1
        self.doc.add_picture(io.BytesIO(png), width=Cm(PICTURE_WIDTH_CM))
        inline = self.doc.inline_shapes[-1]._inline
        alt = " ".join(x for x in (f.alt_text or f.chart.title, f.caption) if x)
        inline.docPr.set("descr", alt)  # the alt text Word shows and screen readers read
        inline.docPr.set("title", f.chart.title)
        self.text(f"Figure {self.figure_no}. {f.caption}", "Caption")

    def section(self, number: int, sec: Section) -> None:
        self.doc.add_heading(f"{number}. {sec.title}", level=1)
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                if block.style == "note":
                    self.text(block.text, "Caption")
                else:
                    self.text(block.text, bold=block.style in ("lead", "callout"))
            elif isinstance(block, Bullets):
                for item in block.items:
                    self.text(item, "List Bullet")
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Figure):
                self.figure(block)

    def front_sheet(self) -> None:
        p = self.pack
        kind = f"{p.kind_label} report"
        self.doc.add_heading(p.front.title, level=0)
        self.text(f"{p.trust}. {kind}: violence prevention and reduction.")
        rows = front_rows(p)
        table = self.doc.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        _repeat_header(table.rows[0])
        for cell, title in zip(table.rows[0].cells, ("Front sheet", "Detail"), strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(title).bold = True
        for field, value in rows:
            cells = table.add_row().cells
            cells[0].text = ""
            cells[0].paragraphs[0].add_run(field).bold = True
            cells[1].text = value

    def furniture(self) -> None:
        """The running header (trust, period, data as at, and a draft's mark) on every page."""
        p = self.pack
        header = self.doc.sections[0].header
        lines = [f"{p.trust} | {p.period_label} | {p.as_at_label}"]
        if p.running_note:
            lines.append(p.running_note)
        header.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            header.add_paragraph().add_run(line).bold = True
        footer = self.doc.sections[0].footer
        session = p.front.session.label
        footer.paragraphs[
            0
        ].text = f"{p.kind_label} pack: violence prevention and reduction | {session}"

    def build(self) -> DocxDocument:
        p = self.pack
        props = self.doc.core_properties
        props.title = p.title
        props.author = p.trust
        props.subject = (
            f"Violence prevention and reduction {p.kind_label.lower()} pack, {p.period_label}"
        )
        props.comments = f"VPR Desktop {__version__}"
        _set_language(self.doc)
        self.furniture()
        self.front_sheet()
        if p.running_note:
            self.text(p.running_note, bold=True)
        self.doc.add_heading("Executive summary", level=1)
        for line in p.summary:
            self.text(line, "List Bullet")
        if p.disclosure_note:
            self.text(p.disclosure_note, "Caption")
        for i, sec in enumerate(p.sections, start=1):
            self.section(i, sec)
        return self.doc


def build_docx(pack: Pack, charts: Mapping[str, bytes]) -> bytes:
    """The Word paper as bytes (the caller writes it atomically)."""
    buf = io.BytesIO()
    _Paper(pack, charts).build().save(buf)
    return buf.getvalue()


def write_docx(pack: Pack, charts: Mapping[str, bytes], target: Path) -> Path:
    """Render and write ``target`` atomically (temporary file in its folder, then rename)."""
    return write_bytes_atomically(Path(target), build_docx(pack, charts))
