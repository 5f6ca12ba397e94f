"""The pack model: plain data that both renderers (PDF and Excel) draw from.

Why a model in between: services decide *what* a committee or board sees (which figures, which
rows, what is suppressed, that no staff name appears in a board pack); renderers only decide
*how* it looks. With the content fixed in plain frozen dataclasses -- no Qt, no database, no
ORM rows -- the PDF and the workbook cannot disagree, disclosure control is applied once,
before rendering, and a test can scan every string a pack holds (:func:`iter_strings`).

It lives in ``services`` because the builders (services) make it and the layer rule lets only
upper layers import lower ones; ``reports.pack_model`` re-exports it for the renderers.

Text in the model is always *plain text*. Renderers escape it (ReportLab treats a paragraph as
markup; Excel treats ``=...`` as a formula); the model never carries markup of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from enum import StrEnum
from typing import Any
from typing import Literal

from vpr_desktop.domain.spc import XmR

PackKind = Literal["committee", "board"]
ColumnType = Literal["text", "int", "float", "percent", "date", "datetime", "month", "money"]

#: The mark a suppressed cell shows instead of its count (NHS Digital convention).
SUPPRESSION_MARK = "*"


class Purpose(StrEnum):
    """What the paper asks of the meeting, as the front sheet states it."""

    APPROVAL = "approval"
    ASSURANCE = "assurance"
    DISCUSSION = "discussion"
    INFORMATION = "information"

    @property
    def label(self) -> str:
        """The purpose as the front sheet prints it."""
        return self.value.capitalize()


class AssuranceLevel(StrEnum):
    """The level of assurance a paper offers, mirroring internal-audit opinions."""

    SUBSTANTIAL = "substantial"
    REASONABLE = "reasonable"
    LIMITED = "limited"
    NO = "no"

    @property
    def label(self) -> str:
        """The level as the front sheet prints it ("No assurance" rather than "No")."""
        return "No assurance" if self is AssuranceLevel.NO else self.value.capitalize()

    @property
    def meaning(self) -> str:
        """One sentence on what the level means, printed under it."""
        return ASSURANCE_MEANINGS[self]


ASSURANCE_MEANINGS = {
    AssuranceLevel.SUBSTANTIAL: "Robust controls; risks are well managed and evidence is strong.",
    AssuranceLevel.REASONABLE: "Controls are in place; some gaps, with plans to close them.",
    AssuranceLevel.LIMITED: "Significant gaps in controls or evidence; improvement needed.",
    AssuranceLevel.NO: "Controls are absent or not working; urgent action is needed.",
}

#: What a front sheet says when the author has not chosen a level. The level of assurance is
#: the author's judgement: nothing in the app fills it in (it may only suggest one).
ASSURANCE_NOT_STATED = "Not stated — to be completed by the author"

#: The mark on a self-assessment cycle shown before both sides signed it off.
DRAFT_MARK = "Draft — not yet agreed by management and staff side"


def assurance_text(level: AssuranceLevel | None) -> str:
    """The level as a front sheet prints it, with its meaning, or "not stated"."""
    return ASSURANCE_NOT_STATED if level is None else f"{level.label}: {level.meaning}"


@dataclass(frozen=True)
class ScaleLevel:
    """One level of the assurance scale as the trust words it (Settings page): packs print
    the scale so a reader knows what "limited assurance" commits the author to."""

    level: AssuranceLevel
    name: str
    definition: str


class SessionKind(StrEnum):
    """Whether the paper goes to the board's public or private session."""

    PUBLIC = "public"
    PRIVATE = "private"

    @property
    def label(self) -> str:
        """The session as the front sheet prints it."""
        return f"{self.value.capitalize()} session"


@dataclass(frozen=True)
class FrontSheet:
    """The cover sheet as trust board papers have it (ICSA specimen fields)."""

    meeting: str
    meeting_date: dt.date | None
    agenda_item: str
    title: str
    executive_sponsor: str
    author: str
    purpose: Purpose
    recommendation: str  # one verb: "The Board is asked to note ..."
    assurance_level: AssuranceLevel | None  # None: the author has not chosen one
    committee_route: str
    session: SessionKind
    strategic_links: str = ""
    # The committee-to-board route (``services.packs.front``): written by the chair and the
    # author, printed as written; empty prints as "not stated", never as an invented line.
    chair_alert: str = ""
    chair_advise: str = ""
    chair_assure: str = ""
    previously_considered: str = ""
    risk_references: str = ""  # Board Assurance Framework / corporate risk register
    equality_implications: str = ""
    quality_implications: str = ""
    financial_implications: str = ""

    @property
    def assurance_text(self) -> str:
        """The level of assurance as the front sheet prints it (or "not stated")."""
        return assurance_text(self.assurance_level)


@dataclass(frozen=True)
class Suppressed:
    """A cell withheld by disclosure control; renderers show ``mark``, never the count."""

    mark: str = SUPPRESSION_MARK

    def __str__(self) -> str:
        return self.mark


@dataclass(frozen=True)
class Badge:
    """Text on a colour (a RAG or risk band): the words always carry the meaning."""

    text: str
    fill: str  # "#RRGGBB"
    text_colour: str = "#212B32"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Icon:
    """A "Making Data Count" icon with its words: renderers draw the icon (``key``, e.g.
    ``variation/concern_high`` or ``assurance/pass``) beside ``text``, so the meaning is never
    carried by the picture or its colour alone. A key with no drawing shows the words only."""

    key: str
    text: str

    def __str__(self) -> str:
        return self.text


CellValue = str | int | float | dt.date | dt.datetime | Suppressed | Badge | Icon | None


@dataclass(frozen=True)
class Column:
    """A table column: its heading, value type (for formatting) and relative width."""

    title: str
    type: ColumnType = "text"
    width: float = 1.0  # relative share of the table's width (PDF) and ~characters/10 (Excel)


@dataclass(frozen=True)
class Table:
    """A short table (aggregates or a short list). ``rows`` hold plain values."""

    id: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    footnotes: tuple[str, ...] = ()
    empty_text: str = "None."
    pdf_rows: int | None = None  # the PDF shows the first rows only; the workbook has all

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.id}: a row has {len(row)} cells, {len(self.columns)} columns"
                )

    @property
    def suppressed_cells(self) -> int:
        """How many cells hide a small count (for the footnote saying counts were withheld)."""
        return sum(isinstance(v, Suppressed) for row in self.rows for v in row)


@dataclass(frozen=True)
class Series:
    """One named series of values in a chart, in the order of its categories."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """What to draw. ``kind``: ``spc`` (uses ``spc``), ``bar``/``hbar``/``stacked`` (use
    ``categories`` and ``series``), ``heatmap`` (uses ``grid``, ``grid_colours`` and the axis
    labels in ``categories`` = consequence and ``row_labels`` = likelihood, top row first)."""

    kind: Literal["spc", "bar", "hbar", "stacked", "heatmap"]
    title: str
    categories: tuple[str, ...] = ()
    series: tuple[Series, ...] = ()
    spc: XmR | None = None
    x_label: str = ""
    y_label: str = ""
    grid: tuple[tuple[int, ...], ...] = ()
    grid_colours: tuple[tuple[str, ...], ...] = ()
    grid_text_colours: tuple[tuple[str, ...], ...] = ()
    row_labels: tuple[str, ...] = ()
    unit: str = ""
    series_colours: tuple[str, ...] = ()  # e.g. the RAG colours; the NHS blues when empty


@dataclass(frozen=True)
class Figure:
    """A chart with a caption that states the finding, and its data as a table (the Excel
    companion holds every chart's data: reportlab cannot tag a PDF for screen readers)."""

    id: str
    chart: ChartSpec
    caption: str
    data: Table
    alt_text: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text; ``style`` picks body, lead, note or callout."""

    text: str
    style: Literal["body", "lead", "note", "callout"] = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list of plain-text items."""

    items: tuple[str, ...]


Block = Paragraph | Bullets | Table | Figure


@dataclass(frozen=True)
class Section:
    """One section of a pack: a heading and its blocks (also one sheet of the workbook)."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    sheet_name: str = ""  # Excel sheet (<= 31 chars); the title when empty

    @property
    def tables(self) -> list[Table]:
        """The section's tables, in order."""
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        """The section's figures, in order."""
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def paragraphs(self) -> list[str]:
        """The text of the section's paragraphs and bullets, in order."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Paragraph):
                out.append(b.text)
            elif isinstance(b, Bullets):
                out.extend(b.items)
        return out


@dataclass(frozen=True)
class Pack:
    """A whole committee or board pack, as both renderers draw it."""

    kind: PackKind
    trust: str
    period_from: dt.date
    period_to: dt.date
    data_as_at: dt.datetime
    front: FrontSheet
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    disclosure_note: str = ""
    omitted: tuple[str, ...] = ()  # sections this version cannot produce yet, in words
    running_note: str = ""  # printed on every PDF page (a draft self-assessment's mark)
    parameters: dict[str, Any] = field(default_factory=dict)
    #: The assurance scale as the trust words it (the front sheet lists it; empty: none).
    assurance_scale: tuple[ScaleLevel, ...] = ()
    #: The trust's logo (PNG or JPEG bytes, checked when saved) for the PDF's front page.
    logo: bytes | None = field(default=None, repr=False)
    #: What the pack calls itself in headers and footers ("System" for the system pack);
    #: empty: by its kind ("Board" or "Committee").
    kind_word: str = ""

    @property
    def kind_label(self) -> str:
        """ "Board", "Committee" or the pack's own word, before "pack" and "report"."""
        return self.kind_word or ("Board" if self.kind == "board" else "Committee")

    def assurance_words(self, level: AssuranceLevel) -> tuple[str, str]:
        """``level``'s name and definition as this pack prints them (the trust's, if set)."""
        for entry in self.assurance_scale:
            if entry.level is level:
                return entry.name, entry.definition
        return level.label, level.meaning

    @property
    def assurance_line(self) -> str:
        """The front sheet's level of assurance in the trust's words, or "not stated"."""
        level = self.front.assurance_level
        return ASSURANCE_NOT_STATED if level is None else ": ".join(self.assurance_words(level))

    @property
    def title(self) -> str:
        """The pack's title, from its front sheet."""
        return self.front.title

    @property
    def period_label(self) -> str:
        """The pack's period in words ("1 April 2024 to 30 June 2024")."""
        return period_label(self.period_from, self.period_to)

    @property
    def as_at_label(self) -> str:
        """When the data was read, as the pack prints it."""
        return f"Data as at {self.data_as_at:%d %b %Y %H:%M}"

    @property
    def figures(self) -> list[Figure]:
        """Every figure of every section, in order."""
        return [f for s in self.sections for f in s.figures]

    def file_stem(self) -> str:
        """The file name (without extension) both renderers save under: kind and period."""
        return f"vpr-{self.kind}-pack-{self.period_from:%Y-%m-%d}-to-{self.period_to:%Y-%m-%d}"


def period_label(start: dt.date, end: dt.date) -> str:
    """``start`` to ``end`` in words, as packs print periods."""
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def iter_strings(obj: Any) -> Iterator[str]:
    """Every string a pack (or any part of it) holds, however deeply: for the no-names scan."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, StrEnum):
        yield obj.value
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from iter_strings(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_strings(k)
            yield from iter_strings(v)
    elif isinstance(obj, list | tuple | set | frozenset):
        for item in obj:
            yield from iter_strings(item)
