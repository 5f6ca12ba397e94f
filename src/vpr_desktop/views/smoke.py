"""The frozen bundle's window check: open the database, visit a page, close, exit 0.

``vpr-desktop --smoke-test --db FILE`` (hidden from ``--help``) is run by
``installer/build.py`` on the PyInstaller bundle, so a missing Qt plugin, style sheet or view
module fails the build here rather than on a trust desktop. It goes through the real start-up
(``run_gui``): the window paints, the database opens in the background and the pages for its
user are attached; then one page besides Home is built and shown, and the window closes as
File > Exit would. If the database does not open the process exits 1 with a plain sentence.

It also sorts and paints non-ASCII names (:func:`check_text`): the Linux bundle ships a cut-down
ICU data library (``installer/icu_data.py``), and a wrong cut would show first as names sorted
by code point (Zoë before apple) rather than as an error.
"""

from __future__ import annotations

import sys
from functools import cmp_to_key
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.views.main_window import MainWindow

#: How long the database may take to open before the check gives up.
SMOKE_TIMEOUT_MS = 120_000
#: How often the check looks whether the opening ended without a database.
POLL_MS = 100
#: The page visited when this user has it; otherwise the first page after Home.
PREFERRED_PAGE = "incidents"
#: Names as a trust's records hold them (French and Polish accents, Welsh circumflexes), in the
#: order en_GB collation gives; by code point "Zoë" would come first and "Ŷr" last.
COLLATED_NAMES = ("apple", "Émile", "Łukasz", "Ŵyn", "Ŷr", "zebra", "Zoë")
#: Accented letters and the plain letter under each: painted, each must carry more ink than its
#: plain letter (its accent drawn), and the emoji (free text can hold one) must paint at all.
ACCENTED = (("é", "e"), ("ł", "l"), ("ŵ", "w"), ("ŷ", "y"))
EMOJI = "😀"


def _ink(text: str) -> int:
    """Dark pixels left by painting ``text`` in the application's font on white."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtGui import QImage
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    font = QApplication.font()
    metrics = QFontMetrics(font)
    image = QImage(
        max(metrics.horizontalAdvance(text), 1), metrics.height(), QImage.Format.Format_Grayscale8
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(0, metrics.ascent(), text)
    painter.end()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).value() < 128
    )


def check_text() -> str | None:
    """Sort :data:`COLLATED_NAMES` with an en_GB ``QCollator`` (ICU underneath on Linux) and
    paint :data:`ACCENTED` and :data:`EMOJI`; the reason it went wrong, or None."""
    from PySide6.QtCore import QCollator
    from PySide6.QtCore import QLocale

    collator = QCollator(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    got = tuple(sorted(reversed(COLLATED_NAMES), key=cmp_to_key(collator.compare)))
    if got != COLLATED_NAMES:
        return f"en_GB collation sorted the names as {', '.join(got)}"
    for accented, plain in ACCENTED:
        if _ink(accented) <= _ink(plain):
            return f"'{accented}' painted no more than '{plain}': its accent is missing"
    if _ink(EMOJI) == 0:
        return "an emoji painted nothing"
    return None


def check_printing() -> str | None:
    """Print a line of :data:`COLLATED_NAMES` to a PDF as the "who" page prints (QtPrintSupport
    and its platform plugin; on Linux the CUPS plugin uses the system's libcups, which the
    bundle leaves out); the reason it went wrong, or None."""
    import tempfile
    from pathlib import Path

    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtPrintSupport import QPrinterInfo

    QPrinterInfo.availablePrinterNames()  # loads the print plugin, as the print dialog does
    with tempfile.TemporaryDirectory(prefix="vpr-smoke-") as folder:
        out = Path(folder) / "names.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        QTextDocument(", ".join(COLLATED_NAMES)).print_(printer)
        size = out.stat().st_size if out.is_file() else 0
    return None if size > 0 else "printing to a PDF wrote nothing"


def arm(window: MainWindow, app: object) -> None:
    """Visit a page and close ``window`` once a database is attached; fail on a time-out."""
    from PySide6.QtCore import QTimer

    def visit() -> None:
        keys = window.visible_page_keys()
        others = [key for key in keys if key != "home"]
        key = PREFERRED_PAGE if PREFERRED_PAGE in others else (others or keys)[0]
        if not window.show_page(key):
            fail(f"the page '{key}' could not be shown")
            return
        page = window.current_page()
        title = window.windowTitle()
        problem = check_text() or check_printing()
        if problem is not None:
            fail(problem)
            return
        print(
            f"smoke test: window '{title}' shows {len(keys)} pages; visited '{key}' "
            f"({type(page).__name__}); names sorted, painted and printed, closing",
            flush=True,
        )
        timer.stop()
        QTimer.singleShot(500, window.close)

    def fail(reason: str) -> None:
        print(f"smoke test failed: {reason}", file=sys.stderr, flush=True)
        app.exit(1)  # type: ignore[attr-defined]  # before closing, so 1 is the exit code
        window.close()

    def watch_opening() -> None:
        """The start page says no database is open (the opening failed): fail now, with its
        reason, rather than at the time-out."""
        closed = window.start_page.closed
        if closed is not None and window.services is None:
            poll.stop()
            fail(closed.paragraphs[0].text())

    def attached(_services: object) -> None:
        poll.stop()  # opened: from here on only the page visit can fail
        QTimer.singleShot(0, visit)

    window.attached.connect(attached)
    poll = QTimer(window)
    poll.timeout.connect(watch_opening)
    poll.start(POLL_MS)
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(lambda: fail("the database did not open within two minutes"))
    timer.start(SMOKE_TIMEOUT_MS)
