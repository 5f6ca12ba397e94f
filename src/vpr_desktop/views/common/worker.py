"""The one way the window runs work off the GUI thread: a :class:`Job` on a named thread pool.

A job runs ``fn(progress, is_cancelled)`` on a :class:`QThreadPool`; its progress, result or
exception come back as Qt signals, which Qt queues to the GUI thread because the signal object
lives there. ``cancel()`` only sets a flag: the function checks it between steps and stops
(rolling back its transaction), because killing a thread mid-write would leave the database in
whatever state it was in. :class:`JobRunner` is the inline strip a page shows while a job runs
— message, progress bar and Cancel — so the rest of the window stays usable and nothing draws
progress with ``processEvents()``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtCore import QRunnable
from PySide6.QtCore import QThreadPool
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QWidget

ProgressFn = Callable[[int, str], None]
CancelledFn = Callable[[], bool]
JobFn = Callable[[ProgressFn, CancelledFn], Any]
T = TypeVar("T")

#: Thread pools by purpose. Reads may overlap; writes go one at a time (SQLite has one writer,
#: and two writes racing for its lock would only wait on each other).
POOL_SIZES = {"read": 2, "write": 1}
_pools: dict[str, QThreadPool] = {}
_running: set[Job] = set()  # Python must own a running job until it reports back


def thread_pool(purpose: str = "read") -> QThreadPool:
    """The pool for ``purpose`` ("read", "write" …), created once with its size."""
    pool = _pools.get(purpose)
    if pool is None:
        pool = QThreadPool()
        pool.setObjectName(f"vpr-{purpose}")
        pool.setMaxThreadCount(POOL_SIZES.get(purpose, 1))
        _pools[purpose] = pool
    return pool


def shutdown(timeout_ms: int = 3000) -> bool:
    """Ask every running job to stop and wait for the pools (on quit); True if all stopped."""
    for job in list(_running):
        job.cancel()
    return all(pool.waitForDone(timeout_ms) for pool in _pools.values())


class JobCancelled(Exception):
    """A job function may raise this when it sees ``is_cancelled()``; it is not an error."""


class JobSignals(QObject):
    """Signals of one job; created on the GUI thread so emissions are queued to it.

    Signals:
        progress(int, str): percent done (negative: unknown) and what is happening.
        finished(object): the function's return value.
        failed(object): the exception the function raised (traceback attached).
    """

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """Run ``fn(progress, is_cancelled)`` on a thread pool; see the module docstring."""

    #: Minimum seconds between two progress signals with the same percent (keeps the GUI
    #: thread's queue short when a loop reports every row).
    PROGRESS_INTERVAL = 0.1

    def __init__(self, fn: JobFn, name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (``_running``), never the pool
        self.fn = fn
        self.name = name
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self._last: tuple[int, str, float] = (-2, "", 0.0)
        self.signals.finished.connect(self._forget)
        self.signals.failed.connect(self._forget)

    def cancel(self) -> None:
        """Ask the function to stop at its next ``is_cancelled`` check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """Whether :meth:`cancel` was called (passed to the function as its cancel check)."""
        return self._cancel.is_set()

    def start(self, purpose: str = "read") -> Job:
        """Run on the pool for ``purpose``; the job is kept alive until its signals are
        delivered.
        """
        _running.add(self)
        thread_pool(purpose).start(self)
        return self

    def _progress(self, percent: int, message: str = "") -> None:
        now = time.monotonic()
        last_percent, last_message, last_time = self._last
        if (percent == last_percent and message == last_message) or (
            message == last_message and now - last_time < self.PROGRESS_INTERVAL
        ):
            return
        self._last = (percent, message, now)
        self.signals.progress.emit(int(percent), message)

    def run(self) -> None:
        """Run the function on the pool thread; its result or exception goes back by signal."""
        try:
            result = self.fn(self._progress, self.is_cancelled)
        except BaseException as exc:  # every failure must reach the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _forget(self, _payload: object = None) -> None:
        _running.discard(self)


class JobRunner(QWidget):
    """Starts jobs for one page and shows the running one inline with a Cancel button.

    One job at a time: starting another replaces it (the old one is cancelled and whatever it
    returns is handed to ``on_discard`` so, for example, a database it opened gets closed).

    Signals:
        note(str): a line for the status bar ("Backing up… 40%", "Backup finished").
        busy_changed(bool): a job started or ended (pages disable actions meanwhile).
    """

    note = Signal(str)
    busy_changed = Signal(bool)

    #: A job that ends sooner than this never shows the strip (no flicker for quick loads).
    SHOW_AFTER_MS = 250

    def __init__(self, parent: QWidget | None = None, *, name: str = "Background work") -> None:
        super().__init__(parent)
        self.setObjectName("jobRunner")
        self.setAccessibleName(name)
        self._job: Job | None = None
        self._label_text = ""
        self._cancel_requested = False
        self._quiet = False

        self._message = QLabel(self)
        self._message.setObjectName("jobMessage")
        self._message.setWordWrap(True)
        self._message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._bar = QProgressBar(self)
        self._bar.setObjectName("jobProgress")
        self._bar.setAccessibleName("Progress")
        self._bar.setMinimumWidth(self.fontMetrics().averageCharWidth() * 18)
        self._bar.setTextVisible(True)
        self._cancel = QPushButton("Cancel", self)
        self._cancel.setObjectName("jobCancel")
        self._cancel.setAccessibleName("Cancel the running task")
        self._cancel.clicked.connect(self.cancel)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._message, 1)
        layout.addWidget(self._bar)
        layout.addWidget(self._cancel)

        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self._reveal)
        self.hide()

    # ------------------------------------------------------------------ starting and stopping

    def start(
        self,
        fn: JobFn,
        *,
        label: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_discard: Callable[[Any], None] | None = None,
        cancellable: bool = True,
        purpose: str = "read",
        done_note: str | None = None,
        quiet: bool = False,
    ) -> Job:
        """Run ``fn`` in the background; ``on_done``/``on_error`` run on the GUI thread.

        ``quiet``: post nothing to the status bar (routine refreshes would only push the note
        the user needs — "Backup saved to …" — out of sight).
        """
        if self._job is not None:
            self._job.cancel()
        job = Job(fn, name=label)
        self._job = job
        self._cancel_requested = False
        self._label_text = label
        self._quiet = quiet
        base = label.rstrip("…. ")

        def progress(percent: int, message: str) -> None:
            if self._alive() and job is self._job:
                self._show_progress(percent, message)

        def finished(result: Any) -> None:
            if not self._alive():  # the page went (another database opened) mid-job
                if on_discard is not None:
                    on_discard(result)
                return
            if job is not self._job:
                if on_discard is not None:
                    on_discard(result)
                return
            self._end(done_note or f"{base}: done")
            on_done(result)

        def failed(exc: BaseException) -> None:
            if not self._alive() or job is not self._job:
                return
            cancelled = job.is_cancelled() or isinstance(exc, JobCancelled)
            self._end(f"{base}: cancelled" if cancelled else f"{base}: failed")
            if cancelled and (isinstance(exc, JobCancelled) or _is_known(exc)):
                if on_cancelled is not None:
                    on_cancelled()
                return
            (on_error or _default_error_handler(self))(exc)

        job.signals.progress.connect(progress)
        job.signals.finished.connect(finished)
        job.signals.failed.connect(failed)

        self._message.setText(label)
        self._bar.setRange(0, 0)
        self._cancel.setVisible(cancellable)
        self._cancel.setEnabled(True)
        self._show_timer.start(self.SHOW_AFTER_MS)
        self.busy_changed.emit(True)
        self._post(label)
        return job.start(purpose)

    def read(
        self,
        read: Callable[[], T],
        *,
        label: str,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        cancellable: bool = True,
    ) -> Job:
        """Run ``read`` in the background, quietly (a routine load posts nothing to the status
        bar), when it has no progress to report: most of the pages' loads, which then say what
        to read and where it goes rather than how a job is wrapped."""
        return self.start(
            lambda _progress, _cancelled: read(),
            label=label,
            on_done=on_done,
            on_error=on_error,
            cancellable=cancellable,
            quiet=True,
        )

    def write(
        self,
        write: Callable[[], T],
        *,
        label: str,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        done_note: str | None = None,
    ) -> Job:
        """Run one write on the write pool; it cannot be cancelled half-way (the database
        commits it whole or not at all), and ``done_note`` goes to the status bar after."""
        return self.start(
            lambda _progress, _cancelled: write(),
            label=label,
            on_done=on_done,
            on_error=on_error,
            purpose="write",
            cancellable=False,
            done_note=done_note,
        )

    def cancel(self) -> None:
        """Ask the running job to stop; it reports back (cancelled or done) on its own."""
        if self._job is None:
            return
        self._job.cancel()
        self._cancel_requested = True
        self._cancel.setEnabled(False)
        self._message.setText(f"{self._label_text} Stopping…")
        self._post("Stopping…")

    def _alive(self) -> bool:
        """False once Qt has deleted this strip (its page was removed while a job ran)."""
        from shiboken6 import isValid

        return isValid(self) and isValid(self._show_timer)

    def is_busy(self) -> bool:
        """Whether a job is running (only one at a time per runner)."""
        return self._job is not None

    @property
    def job(self) -> Job | None:
        """The running job, or None."""
        return self._job

    # ------------------------------------------------------------------ display

    def _show_progress(self, percent: int, message: str) -> None:
        if percent < 0:
            self._bar.setRange(0, 0)
        else:
            self._bar.setRange(0, 100)
            self._bar.setValue(max(0, min(100, percent)))
        text = message or self._label_text
        if self._cancel_requested:
            text += " Stopping…"
        self._message.setText(text)
        self._bar.setAccessibleDescription(f"{text} {percent}%" if percent >= 0 else text)
        self._post(f"{text} {percent}%" if percent >= 0 else text)

    def _reveal(self) -> None:
        if self._job is not None:
            self.show()

    def _end(self, note: str) -> None:
        self._job = None
        self._show_timer.stop()
        self.hide()
        self.busy_changed.emit(False)
        self._post(note)

    def _post(self, text: str) -> None:
        if not self._quiet:
            self.note.emit(text)


def _is_known(exc: BaseException) -> bool:
    from vpr_desktop.domain.errors import VprError

    return isinstance(exc, VprError)


def _default_error_handler(parent: QWidget) -> Callable[[BaseException], None]:
    def handle(exc: BaseException) -> None:
        from vpr_desktop.views.crash import report_error

        report_error(exc, parent)

    return handle
