"""Which pages each role sees, and the badge text."""

from __future__ import annotations

from typing import Any

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.views.navigation import PAGES
from vpr_desktop.views.navigation import visible_pages
from vpr_desktop.views.sidebar_words import badge_counts
from vpr_desktop.views.sidebar_words import sidebar_accessible_text
from vpr_desktop.views.sidebar_words import sidebar_text


def test_every_permission_named_by_a_page_is_a_real_permission() -> None:
    named = {p for spec in PAGES for p in spec.permissions}
    assert named <= {p.value for p in Permission}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.BOARD_SECRETARY, ["home", "packs"]),
        (Role.STAFF_SIDE_REP, ["home", "assessment", "training", "actions", "roles"]),
        (
            Role.COMMITTEE_CHAIR,
            [
                "home",
                "assessment",
                "risks",
                "training",
                "incidents",
                "support",
                "actions",
                "roles",
                "packs",
            ],
        ),
        (Role.ADMINISTRATOR, ["home", "audit", "admin", "settings"]),
        (Role.VPR_LEAD, [spec.key for spec in PAGES]),
    ],
)
def test_pages_by_role(actor_with: Any, role: Role, expected: list[str]) -> None:
    assert [spec.key for spec in visible_pages(actor_with(role))] == expected


def test_badges_sum_attention_by_page_and_say_the_number_in_words() -> None:
    class Item:
        def __init__(self, page: str, count: int) -> None:
            self.page, self.count = page, count

    counts = badge_counts([Item("risks", 30), Item("risks", 46), Item("support", 1)])
    assert counts == {"risks": 76, "support": 1}
    risks = next(spec for spec in PAGES if spec.key == "risks")
    assert sidebar_text(risks, 76) == "Risk register (76)"
    assert sidebar_text(risks, 0) == "Risk register"
    assert sidebar_accessible_text(risks, 1) == "Risk register, 1 needs attention"
