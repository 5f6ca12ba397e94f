"""Every dialog fits a 1366x768 screen at 150% (issue 18): its height never exceeds the
screen's available height, its body scrolls, its buttons stay in view.

150% on 1366x768 leaves 911x512 logical pixels (see test_button_text_at_scale): the screen's
available geometry is set to that, every dialog of the app is opened, and each must fit. A
check over the view modules makes sure no dialog class is left out of the shared helper.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QScrollArea
from PySide6.QtWidgets import QWidget

import vpr_desktop.views
from vpr_desktop.views.common import dialog_body
from vpr_desktop.views.common import screen_fit
from vpr_desktop.views.common.screen_fit import ScreenFitDialog

AVAILABLE = QRect(0, 0, 911, 512)  # 1366 x 768 at 150%, in logical pixels
#: Bases that are only ever opened through a subclass.
BASES = {"FormDialog", "StepTimeDialog", "PersonDialog"}


def dialog_classes() -> set[type[QDialog]]:
    """Every QDialog subclass defined in the app's views."""
    for info in pkgutil.walk_packages(vpr_desktop.views.__path__, "vpr_desktop.views."):
        importlib.import_module(info.name)
    found: set[type[QDialog]] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("vpr_desktop.views") and cls is not ScreenFitDialog:
            found.add(cls)
    return found


def test_every_dialog_class_fits_the_screen() -> None:
    outside = sorted(c.__qualname__ for c in dialog_classes() if not issubclass(c, ScreenFitDialog))
    assert outside == []


def _factories(window: Any, services: Any) -> dict[str, Callable[[], QDialog | None]]:
    from vpr_desktop.services.importing.value_map import MappableKind
    from vpr_desktop.views.actions.dialogs import NewActionDialog
    from vpr_desktop.views.actions.dialogs import ReasonDialog
    from vpr_desktop.views.actions.meeting_dialogs import DecisionDialog
    from vpr_desktop.views.actions.meeting_dialogs import MeetingDialog
    from vpr_desktop.views.admin.claims import ClaimsDialog
    from vpr_desktop.views.admin.database_sql import DatabaseSqlDialog
    from vpr_desktop.views.admin.open_shared import OpenSharedDialog
    from vpr_desktop.views.admin.recovery_key import RecoveryKeyDialog
    from vpr_desktop.views.admin.setup_wizard import SetupWizard
    from vpr_desktop.views.admin.users import AccountDialog
    from vpr_desktop.views.assessment.cycle import NewCycleDialog
    from vpr_desktop.views.assessment.link_dialog import LinkDialog
    from vpr_desktop.views.assessment.standard_load import LoadStandardDialog
    from vpr_desktop.views.common.about_dialog import AboutDialog
    from vpr_desktop.views.common.conflict import ConflictDialog
    from vpr_desktop.views.common.crash_dialog import CrashDialog
    from vpr_desktop.views.common.dialogs import ErrorDialog
    from vpr_desktop.views.common.new_value import NewValueDialog
    from vpr_desktop.views.common.people import PersonPick
    from vpr_desktop.views.import_history import ImportHistoryDialog
    from vpr_desktop.views.import_kinds import IMPORTS
    from vpr_desktop.views.incidents.riddor_submission import RiddorDialog
    from vpr_desktop.views.incidents.step_done import PlanStepDialog
    from vpr_desktop.views.incidents.step_done import StepDoneDialog
    from vpr_desktop.views.incidents.step_owner import ReassignDialog
    from vpr_desktop.views.packs.dialog import NewPackDialog
    from vpr_desktop.views.risks.controls import ControlDialog
    from vpr_desktop.views.system.return_dialog import ReturnDialog
    from vpr_desktop.views.system.staff_survey_dialog import StaffSurveyDialog
    from vpr_desktop.views.training.line_manager import LineManagerDialog
    from vpr_desktop.views.training.names import NamesDialog
    from vpr_desktop.views.training.needs_dialog import NeedsCellDialog
    from vpr_desktop.views.training.target_dialog import TargetDialog
    from vpr_desktop.views.view_as_dialog import RoleChoiceDialog

    now = dt.datetime(2026, 6, 30, 12, 0)
    training = services.training()
    courses = training.courses()
    incidents = services.incidents()
    long_text = "A long paragraph of text that goes on. " * 80
    out: dict[str, Callable[[], QDialog | None]] = {
        "AccountDialog": lambda: AccountDialog(window),
        "DatabaseSqlDialog": lambda: DatabaseSqlDialog(
            "jsmith", [f"GRANT vpr_lead TO jsmith{n}" for n in range(40)], window
        ),
        "OpenSharedDialog": lambda: OpenSharedDialog(window),
        "TargetDialog": lambda: TargetDialog(courses[0], [(1, "Ward 1")] * 30, window),
        "NamesDialog": lambda: NamesDialog(
            training, courses[0].id, None, None, dt.date(2026, 6, 30), "Everyone", window
        ),
        "NeedsCellDialog": lambda: NeedsCellDialog(
            "Nursing and Midwifery Registered", "Inpatient mental health", courses, set(), window
        ),
        "ReasonDialog": lambda: ReasonDialog("Why?", long_text, "Reason", "Save", window),
        "NewActionDialog": lambda: NewActionDialog(lambda _t: [], ((), ()), window),
        "MeetingDialog": lambda: MeetingDialog(parent=window),
        "DecisionDialog": lambda: DecisionDialog(
            "VPR group", dt.date(2026, 6, 30), "ACT-0001", long_text, parent=window
        ),
        "NewCycleDialog": lambda: NewCycleDialog(
            services.standards().list_editions(), [], window, today=dt.date(2026, 6, 30)
        ),
        "LinkDialog": lambda: LinkDialog(window),
        "LoadStandardDialog": lambda: LoadStandardDialog(services, window),
        "StepDoneDialog": lambda: StepDoneDialog(
            long_text, now=now, occurred=now - dt.timedelta(days=3), parent=window
        ),
        "PlanStepDialog": lambda: PlanStepDialog(
            "TRiM", now=now, occurred=now - dt.timedelta(days=3), parent=window
        ),
        "ReassignDialog": lambda: ReassignDialog(3, "Three steps", lambda _t: [], (), window),
        "LineManagerDialog": lambda: LineManagerDialog(
            "Alex Lee", PersonPick(7, "Jo Bloggs", "1003"), lambda _t: [], window
        ),
        "NewValueDialog": lambda: NewValueDialog(
            MappableKind("location name", (), create="location"), "Ward 99", window
        ),
        "ConflictDialog": lambda: ConflictDialog("RSK-0001", "Someone else", [], window),
        "ErrorDialog": lambda: ErrorDialog("It failed", long_text, "Try again.", window),
        "CrashDialog": lambda: CrashDialog("ABC-123", None, long_text, window),
        "AboutDialog": lambda: AboutDialog(services, window),
        "NewPackDialog": lambda: NewPackDialog(services.actor, parent=window),
        "ControlDialog": lambda: ControlDialog(None, lambda _t: [], "R-0001 Violence", window),
        "RoleChoiceDialog": lambda: RoleChoiceDialog(None, window),
        "RecoveryKeyDialog": lambda: RecoveryKeyDialog(
            Path("vpr.db"), long_text, lambda _kept: None, window
        ),
        "ClaimsDialog": lambda: ClaimsDialog(services.db, services.actor, window),
        "SetupWizard": lambda: SetupWizard(window, services),
        "ReturnDialog": lambda: ReturnDialog(window),
        "StaffSurveyDialog": lambda: StaffSurveyDialog(services, window),
        "ImportHistoryDialog": lambda: ImportHistoryDialog(services, window),
    }
    for kind, command in IMPORTS.items():
        out[f"import:{kind}"] = lambda c=command, k=kind: c.dialog(window, services, k)
    riddor = [i for i in incidents.riddor_due()]
    if riddor:
        out["RiddorDialog"] = lambda: RiddorDialog(
            incidents.get(riddor[0].incident_id), dt.date(2026, 6, 30), window
        )
    return out


@pytest.fixture
def at_150(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_fit, "available_rect", lambda _w: QRect(AVAILABLE))


def test_each_dialog_fits_at_150_percent(
    at_150: None, make_window: Any, demo_services: Any, qtbot: Any
) -> None:
    window = make_window(demo_services, size=(AVAILABLE.width(), AVAILABLE.height()))
    factories = _factories(window, demo_services)
    opened = {name.split(":")[0] for name in factories}
    covered = {"import"} | {c.__name__ for c in dialog_classes()} - BASES
    missing = sorted(covered - opened - {"ImportDialog", "EsrImportDialog"})
    assert missing == [], "a dialog class the test does not open"
    too_tall: dict[str, int] = {}
    footed: set[str] = set()
    for name, make in factories.items():
        dialog = make()
        if dialog is None:
            continue
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        if dialog.height() > AVAILABLE.height() - screen_fit.FRAME_ROOM:  # its frame too
            too_tall[name] = dialog.height()
        scrolls = dialog.findChildren(QScrollArea)
        assert scrolls, f"{name} has no scrolling body"
        # A dialog with pages (the set-up wizard) scrolls each page: the shown one counts.
        assert any(
            sc.isVisible() and sc.widget() is not None and sc.widget().isVisible() for sc in scrolls
        ), f"{name}: body not shown"
        body = dialog.findChild(QScrollArea, "dialogScroll")
        for box in dialog.findChildren(QDialogButtonBox):  # the buttons stay in view
            assert body is None or not body.isAncestorOf(box) or name.startswith("import"), name
        footers = [w for w in dialog.findChildren(QWidget) if w.property(dialog_body.FOOTER)]
        assert not any(body is not None and body.isAncestorOf(f) for f in footers), name
        footed.update({name} if footers else set())
        if name.startswith("import:"):  # Check and Import never scroll away (a value step
            for button in (dialog.check_button, dialog.import_button):  # fills the screen)
                assert body is not None and not body.isAncestorOf(button), name
        dialog.close()
    assert too_tall == {}
    assert "LoadStandardDialog" in footed  # Back / Next under the steps, never scrolled away


def test_a_dialog_laid_out_before_it_is_shown_still_fits(at_150: None, qtbot: Any) -> None:
    """A dialog sized in its constructor (the ESR import's) has its layout's minimum, the
    whole body's height, as its own minimum: once the body scrolls, that gives way."""
    from PySide6.QtWidgets import QLabel
    from PySide6.QtWidgets import QVBoxLayout

    dialog = ScreenFitDialog()
    qtbot.addWidget(dialog)
    box = QVBoxLayout(dialog)
    for n in range(40):
        box.addWidget(QLabel(f"Line {n + 1}", dialog))
    box.addWidget(QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog))
    box.activate()
    room = AVAILABLE.height() - screen_fit.FRAME_ROOM
    assert dialog.minimumHeight() > room
    dialog.show()
    assert dialog.height() <= room
    assert dialog.findChild(QScrollArea, "dialogScroll") is not None
