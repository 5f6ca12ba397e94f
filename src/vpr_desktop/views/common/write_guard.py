"""May this window write now? One answer for every control that saves, and how it is shown.

Why: the unit of work refuses every write on a database marked read-only, and View > View as
role… (``Services.viewing_as``) is such a database. A control whose click can only end in that
refusal is a trap, so each one asks :func:`write_refusal` and, when there is a reason, is
shown disabled with the reason as its tooltip and accessible description (:func:`allow`),
instead of each page spelling its own check. Backups are the one write a database opened
read-only still allows (a copy of the file, unrecorded), so they ask :func:`preview_refusal`:
a preview changes nothing at all, not even the backup folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from vpr_desktop.store.database import Database

#: What a disabled control says in a preview (the banner says the same, with the way back).
PREVIEW_REASON = "View as role is a read-only preview"
#: Where the original tooltip and accessible description of a control held by :func:`allow`
#: are kept, to give them back.
_OWN_TIP = "writeGuardTip"
_OWN_DESCRIPTION = "writeGuardDescription"


def preview_refusal(db: Database | None) -> str:
    """Why nothing may be written in a View as role preview; "" in a person's own view."""
    if db is None:  # no database yet (the early rows at start-up): nothing to refuse
        return ""
    # Imported only once there is a database: the unit of work loads SQLAlchemy, which the
    # start-up's early rows must not wait for (tests/views/test_early_rows.py).
    from vpr_desktop.services.common.unit_of_work import previewing

    if not previewing(db):
        return ""
    return f"{PREVIEW_REASON}: View > Back to my own view to make changes"


def write_refusal(db: Database | None) -> str:
    """Why a save to ``db`` would be refused (a preview, or a database opened read-only);
    "" when it may go ahead. The same test the unit of work makes."""
    preview = preview_refusal(db)
    if preview or db is None or not db.read_only:
        return preview
    return f"The database is open read-only ({db.read_only_reason or 'on request'})"


def allow(control: QWidget | QAction, enabled: bool, refusal: str) -> None:
    """Enable ``control`` when ``enabled`` and nothing refuses writing; when ``refusal``
    says why not, disable it with that reason as tooltip (and accessible description, so a
    screen reader says it too). The control's own tooltip comes back once writing may."""
    from PySide6.QtWidgets import QWidget

    own = control.property(_OWN_TIP)
    if refusal:
        if own is None:
            control.setProperty(_OWN_TIP, control.toolTip())
            if isinstance(control, QWidget):
                control.setProperty(_OWN_DESCRIPTION, control.accessibleDescription())
        control.setEnabled(False)
        control.setToolTip(refusal)
        if isinstance(control, QWidget):
            control.setAccessibleDescription(refusal)
        return
    control.setEnabled(enabled)
    if own is not None:
        control.setToolTip(str(own))
        control.setProperty(_OWN_TIP, None)
        if isinstance(control, QWidget):
            control.setAccessibleDescription(str(control.property(_OWN_DESCRIPTION) or ""))
            control.setProperty(_OWN_DESCRIPTION, None)
