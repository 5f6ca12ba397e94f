"""Who may read the system and staff-survey figures: any role that reads the summary or makes
a pack; an actor with no role may not."""

from __future__ import annotations

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.system.readers import FIGURE_READERS
from vpr_desktop.services.system.readers import may_read_figures


def test_the_readers_are_summary_and_pack_makers() -> None:
    assert set(FIGURE_READERS) == {
        Permission.READ_SUMMARY,
        Permission.GENERATE_COMMITTEE_PACK,
        Permission.GENERATE_BOARD_PACK,
    }


def test_every_role_may_read_and_no_role_may_not() -> None:
    for role in Role:
        assert may_read_figures(Actor("u", "U", frozenset({role}), user_id=1))
    assert not may_read_figures(Actor("u", "U", frozenset(), user_id=1))
