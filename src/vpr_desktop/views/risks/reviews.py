"""A risk's review history with its trend, and the form that records a new review.

A review is a dated snapshot: where the risk stood when the review started ("found") and what
the review agreed. The trend in the register compares today's current score with the score
the most recent review started from, so a review that lowers the score reads "↓ Down".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from vpr_desktop.views.common.formatting import enum_words
from vpr_desktop.views.common.formatting import format_date
from vpr_desktop.views.common.read_only import rows_table
from vpr_desktop.views.common.widgets import label
from vpr_desktop.views.common.widgets import push_button
from vpr_desktop.views.common.widgets import text_box
from vpr_desktop.views.common.widgets import vertical
from vpr_desktop.views.risks.chips import ChipDelegate
from vpr_desktop.views.risks.chips import set_chip_item
from vpr_desktop.views.risks.score_grid import ScoreGrid
from vpr_desktop.views.risks.widgets import DateField
from vpr_desktop.views.risks.widgets import error_label
from vpr_desktop.views.risks.widgets import show_problem
from vpr_desktop.views.risks.widgets import stacked

HISTORY_COLUMNS = ("Reviewed on", "By", "Found", "Agreed", "Target", "Status", "Note")
UNCHANGED = "unchanged"


def trend_sentence(row: Any, reviews: tuple[Any, ...], matrix: Any) -> str:
    """ "↓ Down: Extreme 16 when last reviewed (01 Mar 2026), High 12 now." in words."""
    if not reviews or row.previous_score is None:
        return "Trend: – Not yet reviewed (no review to compare with)."
    last = reviews[0]
    before = matrix.label(row.previous_score)
    return (
        f"Trend: {row.trend.label}: {before} when last reviewed "
        f"({format_date(last.reviewed_on)}), {row.current.label} now."
    )


class ReviewsTab(QWidget):
    """History (newest first) and "Record a review".

    Signals:
        record_requested(object): a ``ReviewInput`` to save.
    """

    record_requested = Signal(object)

    def __init__(
        self,
        matrix: Any,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.matrix = matrix
        self._today = today
        self.detail: Any = None
        self._can_edit = False
        self._blocked: str | None = None
        self._busy = False

        self.trend = label("", self, name="trendText", selectable=True)
        self.trend.setAccessibleName("Trend")
        self.table = rows_table(
            self,
            HISTORY_COLUMNS,
            "reviewHistory",
            "Review history, newest first",
            one_at_a_time=False,
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        chips = ChipDelegate(self.table)
        for column in (2, 3, 4):
            self.table.setItemDelegateForColumn(column, chips)
        self.none_note = label("No reviews recorded yet.", self, name="mutedText")

        self.form_box = QWidget(self)
        self.form_heading = label("Record a review", self.form_box, name="panelHeading")
        self.reviewed_on = DateField("Reviewed on", self.form_box, optional=False)
        self.reviewed_on.setMaximumDate(QDate.currentDate().addDays(3650))
        self.reviewed_on_error = error_label(self.form_box, "Reviewed on")
        self.scores = ScoreGrid(
            matrix,
            (
                ("agreed", "Agreed current score *", True, "–"),
                ("target", "Target score", False, "unchanged"),
            ),
            self.form_box,
        )
        self.score_error = error_label(self.form_box, "Scores")
        self.status = QComboBox(self.form_box)
        self.status.setAccessibleName("Status after the review")
        self.next_review = DateField("Next review date", self.form_box)
        self.note = text_box(self.form_box, 3, spoken="Review note")
        self.note.setPlaceholderText("What the review found and agreed")
        self.note_error = error_label(self.form_box, "Review note")
        self.blocked_note = label("", self.form_box, name="fieldHint")
        self.blocked_note.hide()
        self.record_button = push_button(
            "Record review", self.form_box, self._record, spoken="Record the review", primary=True
        )
        self.record_button.setObjectName("recordReview")

        score_box = QWidget(self.form_box)
        vertical(score_box, self.scores, self.score_error, margins=0)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Reviewed on", stacked(self.reviewed_on, self.reviewed_on_error))
        form.addRow("Scores", score_box)
        form.addRow("Status", self.status)
        form.addRow("Next review", self.next_review)
        form.addRow("Note", stacked(self.note, self.note_error))
        vertical(
            self.form_box,
            self.form_heading,
            form,
            self.blocked_note,
            (self.record_button, 0),
            margins=(0, 8, 0, 0),
            spacing=6,
        )

        vertical(
            self,
            self.trend,
            self.none_note,
            self.table,
            self.form_box,
            1,
            margins=(0, 8, 0, 0),
            spacing=8,
        )

        for signal in (
            self.reviewed_on.changed,
            self.scores.changed,
            self.status.currentIndexChanged,
            self.next_review.changed,
            self.note.textChanged,
        ):
            signal.connect(self._check)

    # ------------------------------------------------------------------ showing

    def set_detail(self, detail: Any, can_edit: bool) -> None:
        """Show the reviews and trend of ``detail`` (None clears); the form follows ``can_edit``."""
        self.detail = detail
        self._can_edit = can_edit
        reviews = detail.reviews if detail is not None else ()
        self.trend.setText(
            trend_sentence(detail.row, reviews, self.matrix) if detail is not None else ""
        )
        self.table.setRowCount(len(reviews))
        for row, review in enumerate(reviews):
            status = enum_words(review.status) if review.status else ""
            cells: list[Any] = [
                format_date(review.reviewed_on),
                review.reviewed_by,
                review.found,
                review.agreed,
                review.target,
                status,
                review.note or "",
            ]
            for column, value in enumerate(cells):
                item = QTableWidgetItem()
                if column in (2, 3, 4):
                    set_chip_item(item, value)
                else:
                    item.setText(str(value))
                    item.setToolTip(str(value))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.none_note.setVisible(not reviews)
        self.table.setVisible(bool(reviews))
        self.form_box.setVisible(can_edit and detail is not None)
        self.reset_form()

    def reset_form(self) -> None:
        """Start a new review dated today, preset with the risk's current and target scores."""
        detail = self.detail
        self.reviewed_on.set_value(self._today())
        self.reviewed_on.setMaximumDate(
            QDate(self._today().year, self._today().month, self._today().day)
        )
        self.status.blockSignals(True)
        self.status.clear()
        if detail is not None:
            now = detail.row.status
            self.status.addItem(f"Unchanged ({enum_words(now)})", UNCHANGED)
            from vpr_desktop.domain.enums import RiskStatus

            for value in RiskStatus:
                if value is not now:
                    self.status.addItem(enum_words(value), value)
        self.status.blockSignals(False)
        current = detail.row.current if detail is not None else None
        target = detail.row.target if detail is not None else None
        self.scores.set_value(
            "agreed",
            current.likelihood if current else None,
            current.consequence if current else None,
        )
        self.scores.set_value(
            "target", target.likelihood if target else None, target.consequence if target else None
        )
        self.next_review.set_value(None)
        self.note.setPlainText("")
        self._check()

    def set_blocked(self, reason: str | None) -> None:
        """Why a review cannot be recorded just now (unsaved changes to the risk), or None."""
        self._blocked = reason
        self._check()

    def set_busy(self, busy: bool) -> None:
        """Disable saving while a write runs."""
        self._busy = busy
        self._check()

    # ------------------------------------------------------------------ checking

    def problems(self) -> dict[str, str]:
        """What must be fixed before the review can be saved, keyed by field."""
        out: dict[str, str] = {}
        on = self.reviewed_on.value()
        if on is not None and on > self._today():
            out["reviewed_on"] = "Date is after today."
        score_problems = self.scores.problems(
            lambda _key: (
                "Give both target likelihood and consequence, or neither (the "
                "target then stays as it is)."
            )
        )
        if score_problems:
            out["scores"] = " ".join(score_problems)
        if self.status.currentData() == str(_closed()) and not self.note.toPlainText().strip():
            out["note"] = "Say why the risk is being closed."
        return out

    def _check(self) -> None:
        problems = self.problems()
        show_problem(self.reviewed_on_error, problems.get("reviewed_on"))
        show_problem(self.score_error, problems.get("scores"))
        show_problem(self.note_error, problems.get("note"))
        self.scores.show_chips()
        self.blocked_note.setText(self._blocked or "")
        self.blocked_note.setVisible(bool(self._blocked))
        self.record_button.setEnabled(
            self.detail is not None
            and self._can_edit
            and not problems
            and not self._blocked
            and not self._busy
        )

    def review_input(self) -> Any:
        """The new review as the risk service takes it."""
        from vpr_desktop.domain.risk_matrix import RiskScore
        from vpr_desktop.services.risks.inputs import ReviewInput

        lk, cq = self.scores.value("agreed")
        tl, tc = self.scores.value("target")
        target = RiskScore(tl, tc) if tl is not None and tc is not None else None
        if target is not None and self.detail is not None:
            old = self.detail.row.target
            if (old.likelihood, old.consequence) == (tl, tc):
                target = None  # unchanged
        status = self.status.currentData()
        on = self.reviewed_on.value() or self._today()
        assert lk is not None and cq is not None
        return ReviewInput(
            reviewed_on=on,
            current=RiskScore(lk, cq),
            note=self.note.toPlainText().strip() or None,
            target=target,
            status=None if status == UNCHANGED else _status(status),
            next_review_date=self.next_review.value(),
        )

    def _record(self) -> None:
        if self.record_button.isEnabled():
            self.record_requested.emit(self.review_input())


def _status(value: str) -> Any:
    from vpr_desktop.domain.enums import RiskStatus

    return RiskStatus(value)  # item data comes back as plain text


def _closed() -> Any:
    from vpr_desktop.domain.enums import RiskStatus

    return RiskStatus.CLOSED
