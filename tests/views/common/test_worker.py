"""Background jobs: work off the GUI thread, results and errors back on it, cancel by flag."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.common.worker import Job
from vpr_desktop.views.common.worker import JobCancelled
from vpr_desktop.views.common.worker import JobRunner


def test_job_runs_off_the_gui_thread_and_reports_on_it(qtbot: Any) -> None:
    seen: dict[str, Any] = {}

    def work(progress: Any, is_cancelled: Any) -> int:
        seen["worker_thread"] = threading.get_ident()
        progress(50, "Halfway")
        return 42

    job = Job(work)
    received: list[tuple[str, Any, bool]] = []
    gui = QApplication.instance().thread()

    def on_finished(value: Any) -> None:
        received.append(("finished", value, QThread.currentThread() is gui))

    job.signals.progress.connect(
        lambda p, m: received.append(("progress", (p, m), QThread.currentThread() is gui))
    )
    job.signals.finished.connect(on_finished)
    with qtbot.waitSignal(job.signals.finished, timeout=5000):
        job.start()
    assert seen["worker_thread"] != threading.get_ident()
    assert ("progress", (50, "Halfway"), True) in received
    assert ("finished", 42, True) in received


def test_job_failure_arrives_with_its_traceback(qtbot: Any) -> None:
    def work(_progress: Any, _cancelled: Any) -> None:
        raise ValueError("boom")

    job = Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=5000) as blocker:
        job.start()
    error = blocker.args[0]
    assert isinstance(error, ValueError) and error.__traceback__ is not None


def test_cancel_sets_the_flag_the_work_checks(qtbot: Any) -> None:
    started = threading.Event()

    def work(_progress: Any, is_cancelled: Any) -> str:
        started.set()
        while not is_cancelled():
            time.sleep(0.01)
        raise JobCancelled()

    job = Job(work)
    with qtbot.waitSignal(job.signals.failed, timeout=5000):
        job.start()
        assert started.wait(5)
        job.cancel()
    assert job.is_cancelled()


def test_runner_shows_inline_progress_and_cancel(qtbot: Any) -> None:
    runner = JobRunner(name="Test task")
    qtbot.addWidget(runner)
    runner.show()
    release = threading.Event()
    outcome: list[str] = []

    def work(progress: Any, is_cancelled: Any) -> None:
        progress(10, "Copying")
        while not is_cancelled() and not release.is_set():
            time.sleep(0.01)
        if is_cancelled():
            raise JobCancelled()

    notes: list[str] = []
    runner.note.connect(notes.append)
    runner.start(
        work,
        label="Copying…",
        on_done=lambda _r: outcome.append("done"),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    assert runner.is_busy()
    qtbot.waitUntil(lambda: runner.isVisible(), timeout=3000)  # after its short delay
    assert runner._cancel.isVisible() and runner._cancel.accessibleName()
    runner.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=5000)
    assert not runner.is_busy() and not runner.isVisible()
    assert any("Copying" in n for n in notes) and notes[-1] == "Copying: cancelled"


def test_runner_sends_known_errors_to_a_plain_words_dialog(qtbot: Any) -> None:
    runner = JobRunner()
    qtbot.addWidget(runner)

    def work(_progress: Any, _cancelled: Any) -> None:
        raise ValidationError("Row 3 has no date.", "Fix the file and import it again.")

    runner.start(work, label="Importing…", on_done=lambda _r: None)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    kind, title, text = dialogs.recent[-1]
    assert (kind, title) == ("error", "Input rejected")
    assert "Row 3 has no date." in text and "Fix the file" in text


def test_a_replaced_job_hands_its_result_to_on_discard(qtbot: Any) -> None:
    runner = JobRunner()
    qtbot.addWidget(runner)
    gate = threading.Event()
    discarded: list[Any] = []
    done: list[Any] = []

    def slow(_progress: Any, _cancelled: Any) -> str:
        gate.wait(5)
        return "old"

    first = runner.start(slow, label="First…", on_done=done.append, on_discard=discarded.append)
    runner.start(lambda _p, _c: "new", label="Second…", on_done=done.append)
    gate.set()
    qtbot.waitUntil(lambda: done == ["new"] and discarded == ["old"], timeout=5000)
    assert first.is_cancelled()
