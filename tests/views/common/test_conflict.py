"""The three-way comparison behind the edit-conflict dialog: who changed what, and which of
my fields go back on top of the saved version."""

from __future__ import annotations

from typing import Any

from vpr_desktop.views.common.conflict import ConflictDialog
from vpr_desktop.views.common.differences import FieldValue
from vpr_desktop.views.common.differences import Who
from vpr_desktop.views.common.differences import compare
from vpr_desktop.views.common.differences import mine_to_reapply


def fields(**values: str) -> list[FieldValue]:
    return [FieldValue(key, key.title(), value, value) for key, value in values.items()]


def test_each_field_says_who_changed_it() -> None:
    loaded = fields(title="A", place="Ward", note="", owner="Sam")
    mine = fields(title="A", place="Clinic", note="typed", owner="Alex")
    theirs = fields(title="B", place="Ward", note="theirs", owner="Alex")
    rows = {d.key: d.who for d in compare(loaded, mine, theirs)}
    assert rows == {"title": Who.THEM, "place": Who.ME, "note": Who.BOTH, "owner": Who.ME}
    # the same new value on both sides is not a clash: mine re-applies harmlessly
    assert mine_to_reapply(compare(loaded, mine, theirs)) == {"place", "note", "owner"}


def test_nothing_of_mine_means_nothing_to_reapply(qtbot: Any) -> None:
    loaded = fields(title="A")
    differences = compare(loaded, fields(title="A"), fields(title="B"))
    dialog = ConflictDialog("RSK-0001", "Someone else", differences)
    qtbot.addWidget(dialog)
    assert not dialog.reapply_button.isEnabled()
    assert dialog.keep_button.isDefault()  # Enter never discards anything
    assert dialog.row_texts() == [("Title", "Changed by them", "B", "A")]
    for button in (dialog.reapply_button, dialog.reload_button, dialog.keep_button):
        assert button.accessibleName()
