"""The PDF's heading styles: one kind of style (bold, an NHS colour, on the body style) for
the title and both heading levels, differing only in size and spacing; notes and captions the
same kind in the body's face and NHS grey."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from vpr_desktop.reports.pack_pdf import _Styles
from vpr_desktop.reports.pack_pdf import grey_style
from vpr_desktop.reports.pack_pdf import heading_style
from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_DARK_BLUE
from vpr_desktop.reports.palette import NHS_GREY_1


def test_heading_style_takes_every_value() -> None:
    base = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5)
    h = heading_style("h", base, "Helvetica-Bold", 14, 18, NHS_BLUE, 4, 8)
    assert (h.name, h.parent, h.fontName) == ("h", base, "Helvetica-Bold")
    assert (h.fontSize, h.leading, h.spaceBefore, h.spaceAfter) == (14, 18, 4, 8)
    assert h.textColor == colors.HexColor(NHS_BLUE)


def test_pack_headings() -> None:
    s = _Styles()
    assert (s.title.fontSize, s.title.leading, s.title.spaceBefore, s.title.spaceAfter) == (
        18,
        22,
        0,
        6,
    )
    assert (s.h1.fontSize, s.h1.spaceBefore, s.h1.spaceAfter) == (14, 4, 8)
    assert (s.h2.fontSize, s.h2.leading, s.h2.spaceBefore, s.h2.spaceAfter) == (10.5, 13, 8, 4)
    assert s.h2.textColor == colors.HexColor(NHS_DARK_BLUE)
    assert {s.title.fontName, s.h1.fontName, s.h2.fontName} == {s.bold}


def test_grey_style_is_quiet_text_in_the_body_face() -> None:
    base = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12.5)
    g = grey_style("g", base, 8.5, 11, 2, 10)
    assert (g.name, g.parent, g.fontName) == ("g", base, "Helvetica")
    assert (g.fontSize, g.leading, g.spaceBefore, g.spaceAfter) == (8.5, 11, 2, 10)
    assert g.textColor == colors.HexColor(NHS_GREY_1)


def test_pack_notes_and_captions() -> None:
    s = _Styles()
    assert (s.note.fontSize, s.note.leading, s.note.spaceBefore, s.note.spaceAfter) == (
        8,
        10,
        0,
        3,
    )
    assert (s.caption.fontSize, s.caption.leading, s.caption.spaceBefore) == (8.5, 11, 2)
    assert s.caption.spaceAfter == 10
    assert {s.note.fontName, s.caption.fontName} == {s.regular}
    assert s.note.textColor == s.caption.textColor == colors.HexColor(NHS_GREY_1)
