"""Generate a pack end to end: model (services) -> charts (once) -> PDF, Excel and/or Word ->
archive.

The CLI and the window's pack dialog both call :func:`generate_pack`; the window runs it on
its "write" thread pool (``views.common.worker.JobRunner``) so the GUI thread never renders a
pack, passing ``progress`` and ``cancel`` callables: the window's process stays warm, so only
its first pack pays reportlab's imports. Charts are drawn once as reportlab drawings: the PDF
places them as vector, the Word paper as PNG painted from the same drawing. The model's figures
are read in one transaction (``build_pack``). Files are written atomically into the output
folder, hashed, and archived with the request's parameters; a cancelled or failed run removes
what it wrote and archives nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vpr_desktop.domain.errors import VprError
from vpr_desktop.reports.pack_files import GeneratedFile
from vpr_desktop.reports.pack_files import archive_files
from vpr_desktop.reports.pack_files import describe
from vpr_desktop.reports.pack_model import Pack
from vpr_desktop.services.packs.archive import HistoryEntry
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.context import PackRequest

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

FORMATS = ("pdf", "xlsx", "docx")
DEFAULT_FORMATS = ("pdf", "xlsx")
Progress = Callable[[int, str], None]


class PackCancelled(VprError):
    """The person cancelled making a pack; nothing was kept."""

    title = "Pack cancelled"


@dataclass(frozen=True)
class PackResult:
    """A finished pack: the model, its files, the archive entry and how long each step took."""

    pack: Pack
    files: tuple[GeneratedFile, ...]
    archive: HistoryEntry | None
    seconds: float
    timings: dict[str, float]


def generate_pack(
    db: Database,
    actor: Actor,
    request: PackRequest,
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    archive: bool = True,
) -> PackResult:
    """Build, render, write and archive one pack; returns the files with their hashes."""
    started = time.perf_counter()
    report = progress or (lambda _p, _s: None)
    stop = cancel or (lambda: False)
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be among {FORMATS}")
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        from vpr_desktop.services.packs.atomic import PackFileError

        raise PackFileError(f"The folder {out_dir} does not exist.", "Choose another folder.")
    timings: dict[str, float] = {}

    def lap(name: str, t0: float) -> None:
        timings[name] = time.perf_counter() - t0

    def check() -> None:
        if stop():
            raise PackCancelled("The pack was cancelled; nothing was kept.")

    t0 = time.perf_counter()
    pack = build_pack(db, actor, request, report)
    lap("model", t0)
    check()
    written: list[Path] = []
    try:
        charts: dict[str, Drawing] = {}
        if "pdf" in formats or "docx" in formats:
            from vpr_desktop.reports.charts import drawings_all

            report(50, "Drawing charts")
            t0 = time.perf_counter()
            charts = drawings_all(pack)
            lap("charts", t0)
            check()
        if "pdf" in formats:
            from vpr_desktop.reports.pack_pdf import write_pdf

            report(65, "Writing the PDF")
            t0 = time.perf_counter()
            written.append(write_pdf(pack, charts, out_dir / f"{pack.file_stem()}.pdf"))
            lap("pdf", t0)
            check()
        if "xlsx" in formats:
            from vpr_desktop.reports.pack_xlsx import write_xlsx

            report(80, "Writing the Excel workbook")
            t0 = time.perf_counter()
            written.append(write_xlsx(pack, out_dir / f"{pack.file_stem()}.xlsx"))
            lap("xlsx", t0)
            check()
        if "docx" in formats:
            from vpr_desktop.reports.charts import pngs
            from vpr_desktop.reports.pack_docx import write_docx

            report(86, "Writing the Word paper")
            t0 = time.perf_counter()
            paper = out_dir / f"{pack.file_stem()}.docx"
            written.append(write_docx(pack, pngs(charts), paper))
            lap("docx", t0)
            check()
        files = tuple(describe(p) for p in written)
        entry = None
        if archive:
            report(92, "Archiving the pack")
            t0 = time.perf_counter()
            entry = archive_files(db, actor, pack, written, files)
            lap("archive", t0)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    report(100, "Done")
    return PackResult(pack, files, entry, time.perf_counter() - started, timings)
