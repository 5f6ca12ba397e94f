"""View as role… shows the role's write controls held, saying why, and gives them back.

A preview is read-only (every save is refused by the unit of work), so a control that could
only end in that refusal is shown disabled with "View as role is a read-only preview" as its
tooltip: Home's Back up now, the action panel's moves and sign-offs, New action/incident/role,
New pack, the support queue's Mark buttons, the audited exports, and the File, Data and Reports
entries that save. Back in the lead's own view the same controls work again. Every check reads
the real widgets of the window over the demo trust.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from typing import NamedTuple

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.views.common.write_guard import PREVIEW_REASON

WAIT_MS = 15000


class Seen(NamedTuple):
    """A write control as the window showed it, read at the moment it was on screen."""

    text: str
    enabled: bool
    tip: str
    description: str

    def __str__(self) -> str:
        return f"{self.text!r}: enabled={self.enabled} tip={self.tip!r}"


def seen(controls: list[Any], window: Any) -> list[Seen]:
    """Those of ``controls`` on screen now (the role has them), as they are."""
    return [
        Seen(c.text(), c.isEnabled(), c.toolTip(), c.accessibleDescription())
        for c in controls
        if c.isVisibleTo(window)
    ]


def rows_loaded(qtbot: Any, page: Any) -> int:
    qtbot.waitUntil(lambda: page.table.model() is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 0, timeout=WAIT_MS)
    return int(page.table.model().rowCount())


def choose_row(qtbot: Any, page: Any, row: int) -> None:
    page.table.setCurrentIndex(page.table.model().index(row, 0))
    qtbot.wait(1)


def home_controls(qtbot: Any, page: Any, window: Any) -> list[Seen]:
    qtbot.waitUntil(lambda: page.summary is not None, timeout=WAIT_MS)
    if page.services.actor.can(Permission.BACKUP):  # its row is shown on the next turn
        qtbot.waitUntil(lambda: page.backup_button.isVisibleTo(window), timeout=WAIT_MS)
    return seen([page.backup_button], window)


def action_controls(qtbot: Any, page: Any, window: Any) -> list[Seen]:
    """New action and Export, then every action of the demo trust chosen in turn: the move,
    reopen, cancel, accept and sign-off buttons the role is shown for it."""
    found = seen([page.new_button, page.export_button], window)
    detail = page.detail
    moves = [
        *detail.progress_buttons.values(),
        *detail.sign_buttons.values(),
        detail.reopen_button,
        detail.cancel_button,
        detail.accept_button,
    ]
    for row in range(rows_loaded(qtbot, page)):
        choose_row(qtbot, page, row)
        qtbot.waitUntil(lambda: detail.detail is not None, timeout=WAIT_MS)
        found += [s for s in seen(moves, window) if s.text not in {f.text for f in found}]
    return found


def incident_controls(qtbot: Any, page: Any, window: Any) -> list[Seen]:
    rows_loaded(qtbot, page)
    choose_row(qtbot, page, 0)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=WAIT_MS)
    return seen([page.new_button, page.detail.edit_button], window)


def support_controls(qtbot: Any, page: Any, window: Any) -> list[Seen]:
    rows_loaded(qtbot, page)
    choose_row(qtbot, page, 0)
    buttons = [page.done_button, page.not_needed_button, page.reassign_button, page.plan_button]
    return seen(buttons, window)


def audit_controls(qtbot: Any, page: Any, window: Any) -> list[Seen]:
    rows_loaded(qtbot, page)
    return seen([page.csv_button, page.xlsx_button], window)


#: Per page, the write controls a preview must hold (of them, those the role is shown).
PAGE_CONTROLS: dict[str, Callable[[Any, Any, Any], list[Seen]]] = {
    "home": home_controls,
    "actions": action_controls,
    "incidents": incident_controls,
    "support": support_controls,
    "roles": lambda _qtbot, page, window: seen([page.new_button], window),
    "packs": lambda _qtbot, page, window: seen([page.new_button], window),
    "audit": audit_controls,
}


def menu_writes(window: Any) -> list[Any]:
    """The File, Data and Reports entries that save, for whoever may use them."""
    return [
        window.backup_action,
        window.restore_action,
        window.setup_action,
        window.return_action,
        *window.import_actions.values(),
        window.survey_action,
        *window.pack_actions,
    ]


def shown_controls(qtbot: Any, window: Any) -> dict[str, list[Seen]]:
    """Each page the window offers, shown in turn: its write controls as the role sees them."""
    found: dict[str, list[Seen]] = {}
    for key, controls in PAGE_CONTROLS.items():
        if window.show_page(key):
            found[key] = controls(qtbot, window.current_page(), window)
    return found


def said(action: Any) -> str:
    return f"{action.text()!r}: enabled={action.isEnabled()} tip={action.toolTip()!r}"


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_a_preview_holds_every_write_control_and_the_own_view_gives_them_back(
    make_window: Any, lead: Any, qtbot: Any, role: Role
) -> None:
    window = make_window(lead)
    assert window.view_as.start(role)
    preview = window.services
    assert preview.preview_of is lead and preview.actor.roles == {role}

    held = shown_controls(qtbot, window)
    for control in [c for controls in held.values() for c in controls]:
        assert not control.enabled, control
        assert control.tip.startswith(PREVIEW_REASON), control
        assert control.description.startswith(PREVIEW_REASON), control  # said aloud too
    for action in menu_writes(window):
        assert not action.isEnabled(), said(action)
        assert action.toolTip().startswith(PREVIEW_REASON), said(action)
    if role in (Role.VPR_LEAD, Role.COMMITTEE_CHAIR, Role.ADMINISTRATOR):  # may back up
        assert [c.text for c in held["home"]] == ["Back up now"]
    if role in (Role.VPR_LEAD, Role.STAFF_SIDE_REP):  # the joint action log's writers
        texts = {c.text for c in held["actions"]}
        assert {"New action", "Export to Excel…", "Mark done", "Reopen…"} <= texts, texts

    assert window.view_as.stop()
    assert window.services is lead
    own = shown_controls(qtbot, window)
    for key, controls in held.items():
        mine = {c.text: c for c in own[key]}
        for control in controls:
            if control.text not in mine:  # a button of the role's side only (Accept for
                assert key == "actions", control  # the staff side): the lead has not it
                continue
            again = mine[control.text]
            assert again.enabled, again
            assert not again.tip.startswith(PREVIEW_REASON), again
            assert not again.description.startswith(PREVIEW_REASON), again
    for action in menu_writes(window):
        assert action.isEnabled(), said(action)
        assert not action.toolTip().startswith(PREVIEW_REASON), said(action)
    assert window.backup_action.toolTip() == "Take a verified backup of the database now"


def test_back_up_now_in_a_preview_takes_no_backup(
    make_window: Any, lead: Any, qtbot: Any, summary_shown: Any
) -> None:
    """The shortcut reaches the command past the greyed entry: it says why and copies
    nothing into the backup folder (a backup would also prune the old ones)."""
    window = make_window(lead)
    folder = lead.backups.folder()
    before = sorted(folder.glob("*")) if folder.exists() else []
    assert window.view_as.start(Role.VPR_LEAD)
    summary_shown(window)
    button = window.home_page.backup_button
    assert button.isVisibleTo(window) and not button.isEnabled()
    window.back_up_now()
    assert not window.runner.is_busy()
    assert (sorted(folder.glob("*")) if folder.exists() else []) == before
    assert window.restore_backup(folder / "any.db") is False


def test_the_sign_off_buttons_are_held_in_a_preview_and_work_in_the_own_view(
    make_window: Any, lead: Any, qtbot: Any
) -> None:
    """An action marked done, signed by neither side: the lead may sign it for management.
    (The demo's actions awaiting sign-off are already signed by the lead for management.)"""
    log = lead.action_log()
    with reading(lead.db) as session:
        action = session.scalars(
            select(Action).where(Action.status == ActionStatus.IN_PROGRESS).order_by(Action.id)
        ).first()
        assert action is not None
        action_id, version, reference = action.id, action.version, action.reference
    done = log.set_status(action_id, version, ActionStatus.AWAITING_SIGN_OFF)
    assert log.capabilities(done).sign_as == {Side.MANAGEMENT}

    window = make_window(lead)

    def sign_button() -> Any:
        assert window.show_page("actions")
        page = window.current_page()
        page.show_action(reference)
        panel = page.detail
        qtbot.waitUntil(
            lambda: panel.detail is not None and panel.detail.reference == reference,
            timeout=WAIT_MS,
        )
        button = panel.sign_buttons[Side.MANAGEMENT]
        assert button.isVisibleTo(window)
        return button

    assert window.view_as.start(Role.VPR_LEAD)
    held = sign_button()
    assert not held.isEnabled()
    assert held.toolTip().startswith(PREVIEW_REASON)
    assert held.accessibleDescription().startswith(PREVIEW_REASON)

    assert window.view_as.stop()
    again = sign_button()
    assert again.isEnabled()
    assert not again.toolTip().startswith(PREVIEW_REASON)
