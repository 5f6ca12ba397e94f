"""A rating or evidence record gone since the screen loaded is refused in one set of words,
whichever screen asks (``_rating_cycle``, ``_evidence_row``); SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.common.actor import Actor

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
GONE = 987_654


def test_a_gone_rating_is_refused_alike_for_reading_and_adding_evidence(
    db: Any, tmp_path: Path
) -> None:
    svc = AssessmentService(db, LEAD, today=dt.date(2026, 6, 30))
    file = tmp_path / "minutes.txt"
    file.write_text("Board minutes", encoding="utf-8")
    for ask in (lambda: svc.rating(GONE), lambda: svc.add_evidence_file(GONE, file)):
        with pytest.raises(NotFoundError) as caught:
            ask()
        assert (caught.value.message, caught.value.next_step) == (
            f"Rating {GONE} no longer exists.",
            "Refresh the list (F5).",
        )


def test_gone_evidence_is_refused_alike_for_its_detail_and_its_file(db: Any) -> None:
    svc = AssessmentService(db, LEAD, today=dt.date(2026, 6, 30))
    for ask in (lambda: svc.evidence(GONE), lambda: svc.evidence_path(GONE)):
        with pytest.raises(NotFoundError) as caught:
            ask()
        assert (caught.value.message, caught.value.next_step) == (
            f"Evidence {GONE} no longer exists.",
            "Refresh the list (F5).",
        )
