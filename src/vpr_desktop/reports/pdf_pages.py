"""A pack PDF's page furniture: the contents lines whose page numbers are stamped when the
document is saved, and the canvas that holds every page until then to write "Page n of m",
the running header and footer, and a draft's mark on each page.

Split from ``pack_pdf`` (the flowables of a pack) because this is reportlab canvas work that
knows nothing of sections, tables or figures; reportlab is imported only when a PDF is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from vpr_desktop.reports.palette import NHS_BLUE
from vpr_desktop.reports.palette import NHS_GREY_1
from vpr_desktop.reports.palette import NHS_TEXT

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from vpr_desktop.reports.pack_model import Pack


def contents_line_class() -> type:
    from reportlab.lib import colors
    from reportlab.platypus import Flowable

    class ContentsLine(Flowable):
        """One contents entry: its text and dot leaders now, its page number stamped when the
        document is saved (the canvas then knows where each section started), so the
        contents needs no second layout pass."""

        def __init__(self, text: str, key: str, font: str) -> None:
            super().__init__()
            self.text, self.key, self.font = text, key, font

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width, self.height = avail_width, 15.0
            return self.width, self.height

        def draw(self) -> None:
            c = self.canv
            c.setFont(self.font, 10)
            c.setFillColor(colors.HexColor(NHS_TEXT))
            c.drawString(0, 4, self.text)  # a plain string: drawn, never parsed as markup
            start = c.stringWidth(self.text, self.font, 10) + 6
            dots = " ." * max(
                0, int((self.width - start - 24) / c.stringWidth(" .", self.font, 10))
            )
            c.drawString(start, 4, dots)
            x, y = c.absolutePosition(self.width, 4)
            c.__dict__.setdefault("_vpr_slots", []).append((c.getPageNumber(), self.key, x, y))
            left, bottom = c.absolutePosition(0, 0)
            c.linkRect("", self.key, (left, bottom, x, bottom + self.height), relative=0)

    return ContentsLine


def contents_line(text: str, key: str, font: str) -> Any:
    """A contents entry for ``text`` linking to the bookmark ``key``."""
    return contents_line_class()(text, key, font)


def canvas_class(
    pack: Pack, regular: str, page: tuple[float, float], bold: str | None = None
) -> type[Canvas]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    header = f"{pack.trust}  |  {pack.period_label}  |  {pack.as_at_label}"
    footer = (
        f"{pack.kind_label} pack: violence prevention and reduction  |  {pack.front.session.label}"
    )

    class _NumberedCanvas(Canvas):
        """Holds every page until the end, then stamps "Page n of m" and the header."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            # reportlab's private page reset (not in its stubs): the page is held, not emitted.
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            slots = self.__dict__.get("_vpr_slots", [])
            starts = self.__dict__.get("_vpr_starts", {})
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                for page, key, x, y in slots:
                    if page == self.getPageNumber() and key in starts:
                        self.setFont(regular, 10)
                        self.setFillColor(colors.HexColor(NHS_TEXT))
                        self.drawRightString(x, y, str(starts[key]))
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = page  # every page of a pack is the same size
            self.saveState()
            self.setFillColor(colors.HexColor(NHS_GREY_1))
            self.setFont(regular, 7.5)
            if self.getPageNumber() > 1:
                self.drawString(17 * mm, height - 11 * mm, header)
                self.setStrokeColor(colors.HexColor(NHS_BLUE))
                self.setLineWidth(1.2)
                self.line(17 * mm, height - 12.5 * mm, width - 17 * mm, height - 12.5 * mm)
            self.drawString(17 * mm, 9 * mm, footer)
            if pack.running_note:  # a draft's mark, on every page (bold: not by colour alone)
                self.setFont(bold or regular, 7.5)
                self.drawString(17 * mm, 12.5 * mm, pack.running_note)
            self.drawRightString(width - 17 * mm, 9 * mm, f"Page {self.getPageNumber()} of {total}")
            self.restoreState()

    return _NumberedCanvas
