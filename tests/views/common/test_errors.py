"""``views.common.errors``: a failure as the words a page shows, a bug sent to the crash report."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.views.common.errors import error_words
from vpr_desktop.views.common.errors import known_words
from vpr_desktop.views.common.errors import problem_words


def test_error_words_are_the_message_then_the_next_step() -> None:
    assert error_words(VprError("The file is locked.", "Close it and try again.")) == (
        "The file is locked. Close it and try again."
    )
    assert error_words(NotFoundError("That risk was deleted.")) == "That risk was deleted."
    assert error_words(RuntimeError("boom")) is None


def test_known_words_send_only_a_bug_to_the_crash_report(qtbot: Any, monkeypatch: Any) -> None:
    from vpr_desktop.views import crash

    parent = QWidget()
    qtbot.addWidget(parent)
    reported: list[tuple[BaseException, QWidget | None]] = []
    monkeypatch.setattr(crash, "report_error", lambda exc, to: reported.append((exc, to)))

    known = VprError("Nothing was saved.", "Try again.")
    assert known_words(known, parent) == "Nothing was saved. Try again."
    assert reported == []

    bug = KeyError("id")
    assert known_words(bug, parent) is None
    assert reported == [(bug, parent)]


def test_problem_words_take_any_object() -> None:
    assert problem_words(VprError("The list is gone.", "Reload.")) == "The list is gone. Reload."
    assert problem_words(ValueError("bad value ")) == "bad value"
    assert problem_words("plain") == "plain"
