"""Faults injected into the writes themselves (issue 19): an I/O error on the Nth statement of
an edit, and a full disk during one. The person gets a plain message, the transaction is rolled
back (the record and the audit trail are as before), and the next save works.

The failure is raised by the SQLite driver at the Nth INSERT/UPDATE, exactly where a dropped
network drive or a failing disk would raise it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.errors import DiskError
from vpr_desktop.domain.errors import DiskFullError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.risk_matrix import RiskScore
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.container import build_services
from vpr_desktop.services.risks.inputs import RiskInput
from vpr_desktop.store.database import open_database


@pytest.fixture
def trust(tmp_path: Path) -> Iterator[Any]:
    db = open_database(tmp_path / "trust.db", create=True)
    services = build_services(db)
    with UnitOfWork(db, services.actor) as uow:
        site = Site(code="NG", name="Northgate")
        uow.session.add(site)
        uow.session.flush()
        uow.session.add(
            Location(
                site_id=site.id, code="W1", name="Rowan Ward", setting_type=SettingType.COMMUNITY
            )
        )
    yield services
    services.close()


def state(services: Any) -> tuple[Any, ...]:
    with reading(services.db) as s:
        risk = s.scalar(select(RiskAssessment))
        return (
            risk.title if risk else None,
            risk.version if risk else None,
            s.scalar(select(func.count()).select_from(AuditEvent)),
        )


def fail_on_write(db: Any, n: int, error: Exception) -> Any:
    """Raise ``error`` at the ``n``-th INSERT/UPDATE/DELETE from now on this engine."""
    seen = {"writes": 0}

    def before(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen["writes"] += 1
            if seen["writes"] == n:
                raise error

    event.listen(db.engine, "before_cursor_execute", before)
    return before


@pytest.mark.parametrize("nth", [1, 2])
@pytest.mark.parametrize(
    ("error", "expected", "words"),
    [
        (sqlite3.OperationalError("disk I/O error"), DiskError, "The disk reported an error"),
        (sqlite3.OperationalError("database or disk is full"), DiskFullError, "The disk is full"),
    ],
)
def test_a_failing_write_in_an_edit_rolls_back_and_says_so(
    trust: Any, nth: int, error: Exception, expected: type[Exception], words: str
) -> None:
    register = trust.risk_register()
    with reading(trust.db) as s:
        ward = s.scalar(select(Location.id))
    created = register.create_risk(
        RiskInput(title="Lone working", current=RiskScore(3, 4), location_id=ward)
    )
    before = state(trust)
    hook = fail_on_write(trust.db, nth, error)  # the update, or its audit row
    try:
        with pytest.raises(expected) as caught:
            register.update_risk(
                created.id,
                RiskInput(title="Lone working at night", current=RiskScore(4, 4), location_id=ward),
                created.version,
            )
    finally:
        event.remove(trust.db.engine, "before_cursor_execute", hook)
    assert caught.value.message.startswith(words)  # type: ignore[attr-defined]
    assert "Traceback" not in str(caught.value)
    assert state(trust) == before  # neither the change nor its audit row
    saved = register.update_risk(
        created.id,
        RiskInput(title="Lone working at night", current=RiskScore(4, 4), location_id=ward),
        created.version,
    )
    assert saved.row.title == "Lone working at night"
