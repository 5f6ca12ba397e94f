"""The pack as a PDF (reportlab platypus): cover sheet, contents, sections, page furniture.

Why it is built this way (performance.md, design notes B3):

* **Safety.** Every string from the model is user-derived as far as this module is concerned:
  it goes through ``xml.sax.saxutils.escape`` before it reaches a ``Paragraph`` (which parses
  markup: ``<img src=...>`` would make reportlab open a file or URL, ``<font size=40>`` would
  restyle the page, a bare ``<`` would crash the build). Markup is added only by this module,
  after escaping. ``rl_config.trustedHosts`` is emptied; charts are the app's own reportlab
  drawings (vector: lines and searchable text) and images come only from the icon and logo
  bytes handed in (``Image(BytesIO)``), never from a path or URL.
* **Fonts.** Liberation Sans is registered and embedded, and ``initialFontName`` is set, so the
  canvas never starts in (unembedded) Helvetica: ``pdffonts`` lists only embedded fonts.
* **Speed.** Tables are page-sized ``Table`` flowables of at most 50 rows with fixed column
  widths and a repeated header row; short cells are plain strings (no paragraph parse).
* **Page furniture.** "Page n of m" needs the page count, so pages are held until the end
  (``pdf_pages.canvas_class``); the running header carries the trust, the period and "data as at".
  The contents' page numbers are stamped at that same moment (each contents line has a fixed
  height, so no second layout pass is needed, unlike ``multiBuild``); sections are also PDF
  bookmarks, and each contents line links to its section.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from xml.sax.saxutils import escape

from vpr_desktop import __version__
from vpr_desktop.reports.fonts import register_reportlab
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
from vpr_desktop.reports.palette import NHS_GREY_1
from vpr_desktop.reports.palette import NHS_GREY_4
from vpr_desktop.reports.palette import NHS_GREY_5
from vpr_desktop.reports.palette import NHS_TEXT
from vpr_desktop.reports.pdf_pages import canvas_class
from vpr_desktop.reports.pdf_pages import contents_line
from vpr_desktop.services.packs.atomic import write_bytes_atomically
from vpr_desktop.services.packs.front import front_fields

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.styles import ParagraphStyle

CHUNK_ROWS = 50
ICON_PT = 18.0  # a Making Data Count icon in a table cell
AVERAGE_CHAR_WIDTH = 4.6  # points per character of 8 pt Liberation Sans, generously
#: Points a column of each type needs (its cells are plain strings, which do not wrap).
MIN_WIDTHS = {
    "date": 52.0,
    "month": 42.0,
    "datetime": 74.0,
    "int": 30.0,
    "float": 34.0,
    "percent": 34.0,
    "money": 52.0,
}


def esc(text: object) -> str:
    """User text made safe for a Paragraph: every ``& < >`` escaped, so no markup survives."""
    return escape(str(text))


class _Styles:
    """Paragraph styles on the bundled font (built per render: registration is cached)."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        regular, bold = register_reportlab()
        self.regular, self.bold = regular, bold
        text = colors.HexColor(NHS_TEXT)
        base = ParagraphStyle(
            "body", fontName=regular, fontSize=9.5, leading=12.5, textColor=text, spaceAfter=5
        )
        self.body = base
        self.lead = ParagraphStyle("lead", parent=base, fontSize=10.5, leading=14, spaceAfter=7)
        self.note = grey_style("note", base, 8, 10, 0, 3)
        self.callout = ParagraphStyle(
            "callout",
            parent=base,
            backColor=colors.HexColor(NHS_GREY_5),
            borderPadding=6,
            spaceBefore=4,
            spaceAfter=10,
        )
        self.title = heading_style("title", base, bold, 18, 22, NHS_DARK_BLUE, 0, 6)
        self.h1 = heading_style("h1", base, bold, 14, 18, NHS_BLUE, 4, 8)
        self.h2 = heading_style("h2", base, bold, 10.5, 13, NHS_DARK_BLUE, 8, 4)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=9.6, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=bold)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=bold, textColor=colors.white)
        self.head_right = ParagraphStyle("headr", parent=self.head, alignment=TA_RIGHT)
        self.caption = grey_style("caption", base, 8.5, 11, 2, 10)
        self.toc1 = ParagraphStyle("toc1", parent=base, fontSize=10, leading=15)


def heading_style(
    name: str,
    base: ParagraphStyle,
    font: str,
    size: float,
    leading: float,
    colour: str,
    before: float,
    after: float,
) -> ParagraphStyle:
    """A heading on ``base`` in ``font`` (the bold face) and an NHS colour: the pack's title
    and its two heading levels are one kind of style, differing only in size and spacing
    (:func:`grey_style` makes the quieter text of notes and captions the same way)."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(
        name,
        parent=base,
        fontName=font,
        fontSize=size,
        leading=leading,
        textColor=colors.HexColor(colour),
        spaceBefore=before,
        spaceAfter=after,
    )


def grey_style(
    name: str, base: ParagraphStyle, size: float, leading: float, before: float, after: float
) -> ParagraphStyle:
    """Secondary text on ``base`` in NHS grey 1 (the body's regular face): the notes under
    tables and the captions under figures are one kind of quieter text, differing only in
    size and spacing."""
    return heading_style(name, base, base.fontName, size, leading, NHS_GREY_1, before, after)


def format_cell(value: CellValue, col: Column) -> str:
    """A cell as the PDF and the Word paper print it (the workbook keeps the raw value)."""
    if value is None:
        return ""
    if isinstance(value, Suppressed | Badge | Icon):
        return str(value)
    if isinstance(value, dt.datetime):
        return f"{value:%d %b %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%b %Y}" if col.type == "month" else f"{value:%d %b %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float) and col.type == "money":
        return f"£{value:,.2f}"  # pounds and pence, as a finance paper prints them
    if isinstance(value, int) and col.type != "percent":
        return f"{value:,}"
    if isinstance(value, int | float):  # a whole-number percent reads as the workbook shows it
        return f"{value:,.1f}%" if col.type == "percent" else f"{value:,.1f}"
    return str(value)


def front_rows(p: Pack) -> list[tuple[str, str]]:
    """The front sheet's fields, as the PDF and the Word paper print them."""
    f = p.front
    meeting_date = f"{f.meeting_date:%d %B %Y}" if f.meeting_date else ""
    return [
        *front_fields(p, meeting_date, title=True, scale=False),
        ("Links", f.strategic_links),
        ("Period", p.period_label),
        ("Data as at", f"{p.data_as_at:%d %B %Y %H:%M}"),
    ]


def _numeric(col: Column) -> bool:
    return col.type in ("int", "float", "percent", "money")


class _PackDoc:
    """Turns a pack model into platypus flowables (one instance per render)."""

    def __init__(self, pack: Pack, charts: Mapping[str, Drawing]) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm

        self.pack = pack
        self.charts = charts
        self.s = _Styles()
        self.page = A4
        self.margin = 17 * mm
        self.width = A4[0] - 2 * self.margin
        self.figure_no = 0

    # -- blocks
    def para(self, text: str, style: Any) -> Any:
        from reportlab.platypus import Paragraph as RLParagraph

        return RLParagraph(esc(text), style)

    def heading(self, text: str, level: int, key: str | None = None) -> Any:
        from reportlab.platypus import Paragraph as RLParagraph

        flow = RLParagraph(esc(text), self.s.h1 if level == 0 else self.s.h2)
        flow.__dict__["_vpr_toc"] = (level, text, key) if key else None
        return flow

    def table(self, t: Table) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import KeepTogether
        from reportlab.platypus import Spacer
        from reportlab.platypus import Table as RLTable

        title = self.heading(t.title, 1)
        out: list[Any] = []
        if not t.rows:
            return [KeepTogether([title, self.para(t.empty_text, self.s.body)])]
        widths = self._widths(t)
        header = [
            self.para(c.title, self.s.head_right if _numeric(c) else self.s.head) for c in t.columns
        ]
        wrap = [self._wraps(t, ci, w) for ci, w in enumerate(widths)]
        shown = t.rows if t.pdf_rows is None else t.rows[: t.pdf_rows]
        for start in range(0, len(shown), CHUNK_ROWS):
            chunk = shown[start : start + CHUNK_ROWS]
            data: list[list[Any]] = [header]
            style: list[tuple[Any, ...]] = [
                ("FONT", (0, 0), (-1, -1), self.s.regular, 8),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(NHS_BLUE)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor(NHS_GREY_4)),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
            for ci, col in enumerate(t.columns):
                if _numeric(col):
                    style.append(("ALIGN", (ci, 1), (ci, -1), "RIGHT"))
            for ri, row in enumerate(chunk, start=1):
                cells: list[Any] = []
                for ci, (value, col) in enumerate(zip(row, t.columns, strict=True)):
                    text = format_cell(value, col)
                    if isinstance(value, Icon):
                        cells.append(self.icon_cell(value, widths[ci]))
                    elif isinstance(value, Badge):
                        style += [
                            ("BACKGROUND", (ci, ri), (ci, ri), colors.HexColor(value.fill)),
                            ("TEXTCOLOR", (ci, ri), (ci, ri), colors.HexColor(value.text_colour)),
                        ]
                        cells.append(text)
                    elif wrap[ci]:
                        cells.append(self.para(text, self.s.cell))
                    else:
                        cells.append(text)  # a plain string: drawn as text, never parsed
                data.append(cells)
            table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
            table.setStyle(style)
            out.append(table)
        notes = [self.para(n, self.s.note) for n in t.footnotes]
        if len(shown) < len(t.rows):
            notes.append(
                self.para(
                    f"The first {len(shown):,} of {len(t.rows):,} rows; the "
                    "Excel companion lists them all.",
                    self.s.note,
                )
            )
        elif len(t.rows) > CHUNK_ROWS:
            notes.append(self.para(f"{len(t.rows):,} rows.", self.s.note))
        small = len(shown) <= 12
        blocks = [KeepTogether([title, out[0]] if small else [title])] + (out[1:] if small else out)
        return [*blocks, *notes, Spacer(1, 6)]

    def icon_cell(self, value: Icon, width: float) -> Any:
        """A Making Data Count icon (drawn by the app, from bytes) with its words beside it."""
        from reportlab.platypus import Image
        from reportlab.platypus import Table as RLTable

        from vpr_desktop.reports.mdc_icons import icon_png

        words = self.para(value.text, self.s.cell)
        png = icon_png(value.key)
        if png is None:
            return words
        image = Image(io.BytesIO(png), width=ICON_PT, height=ICON_PT)
        inner = RLTable([[image, words]], colWidths=[ICON_PT + 3, max(width - ICON_PT - 9, 20)])
        inner.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.s.regular, 8),  # else it starts in Helvetica
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        return inner

    def _widths(self, t: Table) -> list[float]:
        """Column widths in points: each column's share of the page width, but never less
        than its dates, numbers or coloured labels need (those cells do not wrap)."""
        need = []
        for ci, col in enumerate(t.columns):
            floor = MIN_WIDTHS.get(col.type, 0.0)
            values = [str(r[ci] or "") for r in t.rows]
            # Coloured labels and codes ("RA-01940") must not break mid-word.
            if (
                col.type == "text"
                and values
                and (
                    all(isinstance(r[ci], Badge | type(None)) for r in t.rows)
                    or all(len(v) <= 14 and " " not in v for v in values)
                )
            ):
                floor = max(len(v) for v in values) * AVERAGE_CHAR_WIDTH + 6
            # The header may wrap between words, never inside one (bold is wider).
            word = max((len(w) for w in col.title.split()), default=0)
            need.append(max(floor, word * AVERAGE_CHAR_WIDTH * 1.12 + 6))
        widths = [self.width * c.width / sum(c.width for c in t.columns) for c in t.columns]
        for _ in range(len(widths)):  # give short columns their minimum, take it from the rest
            short = [i for i, w in enumerate(widths) if w < need[i] - 0.01]
            if not short:
                break
            extra = sum(need[i] - widths[i] for i in short)
            for i in short:
                widths[i] = need[i]
            flexible = [i for i in range(len(widths)) if widths[i] > need[i] + 0.01]
            pool = sum(widths[i] - need[i] for i in flexible) or 1.0
            for i in flexible:
                widths[i] -= extra * (widths[i] - need[i]) / pool
        return widths

    @staticmethod
    def _wraps(t: Table, ci: int, width: float) -> bool:
        """Whether a text column needs wrapping (a Paragraph): some value is wider than the
        column at 8 pt. Short columns stay plain strings, which are cheaper to lay out."""
        if t.columns[ci].type != "text":
            return False
        fits = (width - 6) / AVERAGE_CHAR_WIDTH
        return any(
            not isinstance(row[ci], Badge) and len(str(row[ci] or "")) > fits for row in t.rows
        )

    def figure(self, f: Figure) -> list[Any]:
        """The chart as a vector drawing (``reports.charts``), scaled to the text width (a
        squarer one to 82% of it), with its numbered caption kept on the same page."""
        from reportlab.platypus import KeepTogether

        chart = self.charts.get(f.id)
        if chart is None:
            return [self.para(f"Chart not available: {f.chart.title}.", self.s.note)]
        width = self.width if chart.width / chart.height > 1.4 else self.width * 0.82
        chart.renderScale = width / chart.width  # only the PDF reads it; the PNG keeps its size
        chart.hAlign = "LEFT"
        self.figure_no += 1
        caption = self.para(f"Figure {self.figure_no}. {f.caption}", self.s.caption)
        return [KeepTogether([chart, caption])]

    def bullets(self, b: Bullets) -> list[Any]:
        from reportlab.platypus import ListFlowable
        from reportlab.platypus import ListItem

        items = [ListItem(self.para(i, self.s.body), leftIndent=12, value="•") for i in b.items]
        return [
            ListFlowable(
                items,  # type: ignore[arg-type]  # ListItem is accepted; the stub omits it
                bulletType="bullet",
                start="•",
                leftIndent=12,
                bulletFontName=self.s.regular,
                bulletFontSize=9,
            )
        ]

    def section(self, number: int, sec: Section) -> list[Any]:
        from reportlab.platypus import CondPageBreak

        # A section starts a page unless the page is still mostly free (short board sections).
        out: list[Any] = [
            CondPageBreak(self.page[1] * 0.55),
            self.heading(f"{number}. {sec.title}", 0, sec.id),
        ]
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                out.append(self.para(block.text, getattr(self.s, block.style)))
            elif isinstance(block, Bullets):
                out += self.bullets(block)
            elif isinstance(block, Table):
                out += self.table(block)
            elif isinstance(block, Figure):
                out += self.figure(block)
        return out

    # -- cover, contents, summary
    def cover(self) -> list[Any]:
        from reportlab.lib import colors
        from reportlab.platypus import Spacer
        from reportlab.platypus import Table as RLTable

        p, f = self.pack, self.pack.front
        data = [
            [self.para(k, self.s.cell_bold), self.para(v, self.s.cell)] for k, v in front_rows(p)
        ]
        table = RLTable(data, colWidths=[self.width * 0.26, self.width * 0.74], hAlign="LEFT")
        table.setStyle(
            [
                ("FONT", (0, 0), (-1, -1), self.s.regular, 8),  # else the cells start in Helvetica
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor(NHS_GREY_5)),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(NHS_GREY_4)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        kind = f"{p.kind_label} report"
        return [
            *self.logo(),
            self.para(p.trust, self.s.h2),
            self.para(f.title, self.s.title),
            self.para(f"{kind}: violence prevention and reduction", self.s.lead),
            Spacer(1, 4),
            table,
            *self.assurance_scale(),
        ]

    def logo(self) -> list[Any]:
        """The trust's logo at the top left of the cover, at most 45 x 22 mm, if one is set
        (bytes checked as a PNG or JPEG when the setting was saved; never a path or URL)."""
        if not self.pack.logo:
            return []
        from reportlab.lib.units import mm
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image
        from reportlab.platypus import Spacer

        w, h = ImageReader(io.BytesIO(self.pack.logo)).getSize()
        scale = min(45 * mm / w, 22 * mm / h)
        image = Image(io.BytesIO(self.pack.logo), width=w * scale, height=h * scale)
        image.hAlign = "LEFT"
        return [image, Spacer(1, 4)]

    def assurance_scale(self) -> list[Any]:
        """The assurance scale under the cover table, so the level means the same to every
        reader (the trust's names and definitions, from its settings)."""
        scale = self.pack.assurance_scale
        if not scale:
            return []
        from reportlab.platypus import Spacer

        items = tuple(f"{e.name}: {e.definition}" for e in scale)
        return [
            Spacer(1, 6),
            self.para("Assurance scale", self.s.cell_bold),
            *self.bullets(Bullets(items)),
        ]

    def summary_and_contents(self) -> list[Any]:
        from reportlab.platypus import PageBreak

        out: list[Any] = [PageBreak(), self.heading("Executive summary", 0, "summary")]
        out += self.bullets(Bullets(self.pack.summary)) if self.pack.summary else []
        if self.pack.disclosure_note:
            out.append(self.para(self.pack.disclosure_note, self.s.note))
        out.append(self.heading("Contents", 1))
        entries = [("Executive summary", "summary")] + [
            (f"{i}. {sec.title}", sec.id) for i, sec in enumerate(self.pack.sections, start=1)
        ]
        out += [contents_line(text, key, self.s.regular) for text, key in entries]
        if self.pack.omitted:
            out.append(
                self.para(
                    "Not in this version of the pack (waiting for the services "
                    "that produce them): " + "; ".join(self.pack.omitted) + ".",
                    self.s.note,
                )
            )
        return out

    def story(self) -> list[Any]:
        out = self.cover() + self.summary_and_contents()
        for i, sec in enumerate(self.pack.sections, start=1):
            out += self.section(i, sec)
        return out


def build_pdf(pack: Pack, charts: Mapping[str, Drawing]) -> bytes:
    """The PDF as bytes (the caller writes it atomically)."""
    from reportlab import rl_config
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    rl_config.trustedHosts = []  # user text can never make reportlab fetch a URL
    # Binary image streams (icons, logo): ASCII85 would be pure Python here (no rl_accel) and
    # cost time on every image for a file a quarter larger.
    rl_config.useA85 = 0
    builder = _PackDoc(pack, charts)
    buf = io.BytesIO()
    kind = pack.kind_label.lower()
    doc = SimpleDocTemplate(
        buf,
        pagesize=builder.page,
        leftMargin=builder.margin,
        rightMargin=builder.margin,
        topMargin=19 * mm,
        bottomMargin=16 * mm,
        title=pack.title,
        author=pack.trust,
        subject=f"Violence prevention and reduction {kind} pack, {pack.period_label}",
        creator=f"VPR Desktop {__version__}",
        keywords=["VPR", kind, "NHS"],
        lang="en-GB",
        initialFontName=builder.s.regular,
        initialFontSize=9.5,
        displayDocTitle=True,
    )

    def after_flowable(flowable: Any) -> None:
        entry = flowable.__dict__.get("_vpr_toc")
        if entry:
            level, text, key = entry
            doc.canv.bookmarkPage(key)
            doc.canv.addOutlineEntry(text, key, level=level, closed=False)
            doc.canv.__dict__.setdefault("_vpr_starts", {})[key] = doc.page

    doc.afterFlowable = after_flowable  # type: ignore[method-assign]
    doc.build(
        builder.story(),
        canvasmaker=canvas_class(pack, builder.s.regular, builder.page, builder.s.bold),
    )
    return buf.getvalue()


def write_pdf(pack: Pack, charts: Mapping[str, Drawing], target: Path) -> Path:
    """Render and write ``target`` atomically (temporary file in its folder, then rename)."""
    data = build_pdf(pack, charts)
    return write_bytes_atomically(Path(target), data)
