"""An edition's summary counts its domains and its cycles (``_count_of``); SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.assessment.standards import StandardsService
from vpr_desktop.services.common.actor import Actor

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))


def _counts(db: Any) -> dict[str, tuple[int, int]]:
    return {e.edition: (e.domains, e.cycles) for e in StandardsService(db, LEAD).list_editions()}


def test_domains_and_cycles_are_counted_per_edition(db: Any) -> None:
    before = _counts(db)
    assert before["vpr-2024"] == (7, 0)
    AssessmentService(db, LEAD, today=dt.date(2026, 6, 30)).create_cycle(
        "2024", "2025/26", dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    )
    after = _counts(db)
    assert after["vpr-2024"] == (7, 1)
    assert after["vpr-2020"] == before["vpr-2020"]
    assert before["vpr-2020"][1] == 0
