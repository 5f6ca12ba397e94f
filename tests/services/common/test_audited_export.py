"""``audited_export``: one audit row for an export that appeared, none for one that failed;
SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import audited_export
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))


def _exports(db: Any) -> list[tuple[str, AuditAction, str, str | None, str | None]]:
    with reading(db) as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT))
        return [(e.username, e.action, e.entity, e.entity_id, e.detail) for e in rows]


def test_an_export_that_appeared_is_audited_once(db: Any) -> None:
    with audited_export(db, LEAD, "action", "actions.xlsx: overdue"):
        assert _exports(db) == []  # not before the step that publishes it has run
    assert _exports(db) == [("lead", AuditAction.EXPORT, "action", None, "actions.xlsx: overdue")]


def test_an_export_that_failed_is_not_audited(db: Any) -> None:
    failed = ValidationError("The file could not be saved.")
    with pytest.raises(ValidationError), audited_export(db, LEAD, "audit_event", "audit.csv: all"):
        raise failed
    assert _exports(db) == []
