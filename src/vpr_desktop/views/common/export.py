"""Saving what a page shows to a file: asking where, and running the write in the background.

Why one place: the pages that save a list (the action log, the audit trail, the risk register,
the training names, the standard's template) each asked for a file the same way — a suggested
name, the folder used last time, the file's ending added when the person types none — and the
list exports ran the same job wiring: buttons held off while it runs, the outcome in words
under the list, a failure reported. A page now says what differs (titles, the job, the words).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from typing import TypeVar

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLabel
    from PySide6.QtWidgets import QWidget

    from vpr_desktop.views.common.table_model import LazyTableModel
    from vpr_desktop.views.common.worker import CancelledFn
    from vpr_desktop.views.common.worker import JobRunner
    from vpr_desktop.views.common.worker import ProgressFn

T = TypeVar("T")


def ask_save_path(
    parent: QWidget,
    title: str,
    suggested: str,
    file_filter: str,
    *,
    settings: QSettings | None = None,
    folder_key: str = "",
    start_in: Path | None = None,
) -> Path | None:
    """Ask where to save the file ``suggested`` names; None if the person cancels.

    The dialog starts in the folder kept under ``folder_key`` in ``settings`` (home the first
    time; the folder chosen is kept for next time), else in ``start_in``, else where Qt starts.
    The suggested name's ending is added to a name typed without it.
    """
    from PySide6.QtWidgets import QFileDialog

    remember = settings is not None and bool(folder_key)
    if settings is not None and remember:
        start_in = Path(str(settings.value(folder_key, str(Path.home()))))
    start = str(start_in / suggested) if start_in is not None else suggested
    path, _chosen = QFileDialog.getSaveFileName(parent, title, start, file_filter)
    if not path:
        return None
    suffix = Path(suggested).suffix
    if not path.lower().endswith(suffix):
        path += suffix
    if settings is not None and remember:
        settings.setValue(folder_key, str(Path(path).parent))
    return Path(path)


def rows_job(
    model: LazyTableModel,
    target: Path,
    write: Callable[[object, Path], T],
    rows: Callable[[int], str],
) -> Callable[[ProgressFn, CancelledFn], T]:
    """The job that saves the rows a list shows: ``write(request, target)`` with the model's
    request (same filters, search and order), after saying ``Writing {rows(total)} to …``.

    Why one place: the action log's and the audit trail's exports each took the request and
    the count from the model before the job (the job runs on another thread and must not read
    the model) and said the same first line.
    """
    request = model.request
    total = model.total

    def job(progress: ProgressFn, _cancelled: CancelledFn) -> T:
        progress(-1, f"Writing {rows(total)} to {target.name}…")
        return write(request, target)

    return job


def run_export(
    page: QWidget,
    runner: JobRunner,
    job: Callable[[ProgressFn, CancelledFn], T],
    *,
    label: str,
    target: Path,
    buttons: Sequence[QWidget],
    note: QLabel,
    saved: Callable[[T], str],
    after: Callable[[], None] | None = None,
) -> None:
    """Run ``job`` (writing ``target``) on ``runner`` with ``buttons`` held off until it ends,
    then say ``saved(result)`` in ``note`` and run ``after``; a failure is reported over
    ``page`` (in words for a refusal, as a bug otherwise) with the buttons usable again."""

    def release() -> None:
        for button in buttons:
            button.setEnabled(True)

    def done(result: T) -> None:
        release()
        text = saved(result)
        note.setText(text)
        note.setAccessibleName(text)
        note.show()
        if after is not None:
            after()

    def failed(exc: BaseException) -> None:
        release()
        from vpr_desktop.views.crash import report_error

        report_error(exc, page)

    for button in buttons:
        button.setEnabled(False)
    note.hide()
    runner.start(
        job,
        label=label,
        on_done=done,
        on_error=failed,
        purpose="write",
        cancellable=False,
        done_note=f"Saved to {target}",
    )
