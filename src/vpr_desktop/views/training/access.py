"""Who may do what on the Training page: edit courses and needs, read names, import from ESR.

Why apart from the tabs (``training.common``): the page works it out once from the signed-in
person and the database, and every tab only reads it to enable its buttons and say why one is
off. The services check again on every call; this only decides what the screen offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database


@dataclass(frozen=True)
class Access:
    """What this person may do on this database (the services check again on every call)."""

    can_edit: bool  # EDIT_TRAINING and a writable database
    can_names: bool  # READ_TRAINING_NAMES
    can_import: bool  # IMPORT_DATA and a writable database
    may_import: bool  # IMPORT_DATA (the history is readable even when read-only)
    edit_note: str  # why editing is off ("" when it is on)
    import_note: str  # why importing is off ("" when it is on)

    @classmethod
    def of(cls, actor: Actor, db: Database) -> Access:
        """What ``actor`` may do on this database; a read-only database allows no change."""
        read_only = bool(getattr(db, "read_only", False))
        reason = ""
        if read_only:
            why = getattr(db, "read_only_reason", "") or "it was opened read-only"
            if why.lower().startswith("read-only because "):
                why = why[len("read-only because ") :]
            reason = f"The database is read-only ({why}), so nothing can be changed here."
        edit = actor.can("edit_training")
        may_import = actor.can("import_data")
        return cls(
            can_edit=edit and not read_only,
            can_names=actor.can("read_training_names"),
            can_import=may_import and not read_only,
            may_import=may_import,
            edit_note=reason
            if (edit and read_only)
            else ("" if edit else "You can read this; changing it needs the VPR lead role."),
            import_note=reason
            if read_only
            else ("" if may_import else "Importing from ESR needs the VPR lead role."),
        )
