"""Text cells Excel never evaluates: the one place every workbook writer gets them from.

Why: a title a person typed, such as ``=HYPERLINK("http://x","y")`` or ``+44 ...``, must never
become a formula in a committee member's Excel (OWASP ASVS 1.2.10, "CSV injection"). openpyxl
stores any str starting with ``=`` as a formula (``data_type == "f"``), so every string is typed
``s`` here; the risky ones (starting ``= + - @``, tab, CR or LF) also carry Excel's quote-prefix
flag, which keeps them text even after someone edits the cell. Control characters that would
make the sheet's XML invalid are removed, and text is cut at Excel's 32,767-character limit.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
WRAP = Alignment(wrap_text=True, vertical="top")


def clean_text(value: str) -> str:
    """``value`` without XML-illegal control characters, cut to what one cell holds."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(clean) > MAX_CELL_TEXT:
        clean = clean[: MAX_CELL_TEXT - 1] + "…"
    return clean


def looks_like_formula(value: str) -> bool:
    """Whether Excel would treat ``value`` as a formula (or a formula-like start) if typed."""
    return value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: str) -> str:
    """``value`` as a CSV cell Excel shows as text: a leading apostrophe on formula triggers.

    A CSV has no cell types, so the apostrophe is the only way to keep such a text from being
    run as a formula when the file is opened in Excel."""
    return "'" + value if looks_like_formula(value) else value


def text_cell(ws: WriteOnlyWorksheet, value: str, wrap: bool = False) -> Cell:
    """A cell Excel shows as text and never evaluates, whatever the text starts with."""
    clean = clean_text(value)
    cell = WriteOnlyCell(ws, value=clean)
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula ('f')
    if looks_like_formula(clean):
        cell.quotePrefix = True
    if wrap:
        cell.alignment = WRAP
    return cell
