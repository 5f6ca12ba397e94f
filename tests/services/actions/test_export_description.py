"""The export's description of its status and source filters (``_labelled``): each set filter
in words, in the order the log lists them, nothing for a filter not set; SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))


def _described(db: Any, **filters: object) -> str:
    svc = ActionLogService(db, LEAD, today=dt.date(2026, 6, 30))
    return svc.export_rows(PageRequest(filters=dict(filters))).description


def test_status_and_source_filters_in_words(db: Any) -> None:
    assert _described(db) == "all actions"
    assert _described(db, status=["open", "in_progress"]) == "status: Open, In progress"
    assert (
        _described(db, status="closed", source=["risk", "incident_learning"], overdue=True)
        == "status: Closed; source: Risk, Incident learning; overdue"
    )
    assert _described(db, status=[], source=()) == "all actions"


def test_an_unknown_value_is_refused_naming_the_filter(db: Any) -> None:
    with pytest.raises(ValidationError, match=r"^'lost' is not a known action source\.$"):
        _described(db, source="lost")
