"""Data > Enter Staff Survey figures…: every control named, a wrong figure said in the dialog
(nothing written, the dialog stays open), a right one saved through the service (one row,
audited) and a second entry for the same year and measure replacing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.system import StaffSurveyResult
from vpr_desktop.views.system.staff_survey_dialog import StaffSurveyDialog


def _rows(services: Any) -> list[tuple[Any, ...]]:
    with services.db.session() as s:
        return [
            (
                r.year,
                r.measure,
                r.trust_percent,
                r.benchmark_percent,
                r.national_percent,
                r.series_break_note,
            )
            for r in s.scalars(select(StaffSurveyResult))
        ]


def _audits(services: Any) -> list[tuple[str, str]]:
    with services.db.session() as s:
        return [
            (str(e.action), e.detail or "")
            for e in s.scalars(select(AuditEvent).where(AuditEvent.entity == "staff_survey_result"))
        ]


def test_typed_figures_are_checked_then_saved_and_audited(demo_copy: Path, qtbot: Any) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    services = build_services(open_database(demo_copy))
    try:
        dialog = StaffSurveyDialog(services, today=dt.date(2026, 6, 30))
        qtbot.addWidget(dialog)
        controls = (dialog.year, dialog.measure, dialog.trust, dialog.benchmark)
        for control in (*controls, dialog.national, dialog.note):
            assert control.accessibleName()
        assert dialog.year.value() == 2025
        assert dialog.measure.count() == 8
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert not save.isEnabled()
        dialog.measure.setCurrentIndex(dialog.measure.findData("harassment_public"))
        dialog.trust.setText("140")
        dialog.benchmark.setText("28.3")
        assert save.isEnabled()
        save.click()
        assert dialog.result() != QDialog.DialogCode.Accepted
        assert not dialog.problem.isHidden()
        assert "Trust %: not a percentage 0-100" in dialog.problem.text()
        assert _rows(services) == []
        dialog.trust.setText("27.5%")
        dialog.national.setText("25.8")
        dialog.note.setText("Question reworded in 2025")
        save.click()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert _rows(services) == [
            (2025, "harassment_public", 27.5, 28.3, 25.8, "Question reworded in 2025")
        ]
        assert dialog.saved_line() == (
            "Staff Survey 2025, Harassment, bullying or abuse from patients, service users, "
            "their relatives or the public: saved."
        )
        assert sorted(_audits(services)) == [
            ("create", ""),  # the row itself, by the unit of work
            ("import", "Staff-survey results from figures typed in: 1 new, 0 replaced"),
        ]

        again = StaffSurveyDialog(services, today=dt.date(2026, 6, 30))
        qtbot.addWidget(again)
        again.measure.setCurrentIndex(again.measure.findData("harassment_public"))
        again.trust.setText("26.9")
        again.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert _rows(services) == [(2025, "harassment_public", 26.9, None, None, None)]
        assert again.saved_line().endswith(": replaced.")
        assert ("import", "Staff-survey results from figures typed in: 0 new, 1 replaced") in (
            _audits(services)
        )
        assert ("update", "") in _audits(services)
    finally:
        services.close()


def test_the_data_menu_opens_it_and_says_what_was_saved(
    make_window: Any, demo_copy: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    services = build_services(open_database(demo_copy))

    def fill_and_save(self: StaffSurveyDialog) -> int:
        self.year.setValue(2024)
        self.measure.setCurrentIndex(self.measure.findData("physical_public"))
        self.trust.setText("14.0")
        self.save()
        return int(self.result())

    monkeypatch.setattr(StaffSurveyDialog, "exec", fill_and_save)
    try:
        window = make_window(services)
        window.ensure_setup()
        action = next(a for a in window.data_menu.actions() if "Staff Survey" in a.text())
        assert action.text() == "&Enter Staff Survey figures…"
        action.trigger()
        assert window.note_label.full_text() == (
            "Staff Survey 2024, Physical violence from patients, service users, their "
            "relatives or the public: saved."
        )
        assert _rows(services) == [(2024, "physical_public", 14.0, None, None, None)]
    finally:
        services.close()
