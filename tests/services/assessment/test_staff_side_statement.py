"""The staff side's statement on a cycle (issue 16): only a staff-side rep writes it, a stale
copy cannot overwrite a newer one, and every write is audited. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from tests.services.packs.test_pack_truthful import LEAD
from tests.services.packs.test_pack_truthful import REP
from tests.services.packs.test_pack_truthful import make_cycles
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ConflictError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.assessment.statement import read_statement
from vpr_desktop.services.assessment.statement import write_statement
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.store.database import Database

BOARD = Actor("sec", "Board Secretary", frozenset({Role.BOARD_SECRETARY}))


def test_only_a_staff_side_rep_writes_the_statement(db: Database) -> None:
    signed, _draft = make_cycles(db)
    with pytest.raises(PermissionDeniedError, match="not a staff-side rep"):
        write_statement(db, LEAD, signed, "Management's words.")
    assert read_statement(db, LEAD, signed) is None
    with pytest.raises(ValidationError, match="empty"):
        write_statement(db, REP, signed, "   ")
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    first = write_statement(db, REP, signed, "  We agree the position.\nWith reservations.  ")
    assert first.text == "We agree the position.\nWith reservations."
    assert (first.written_by, first.written_by_name) == ("rep", "Robin Rep")
    assert first.written_at >= before
    assert read_statement(db, BOARD, signed) == first  # a board secretary reads it for packs
    second = write_statement(db, REP, signed, "Revised.", first.version)
    assert second.text == "Revised." and second.version == first.version + 1
    with pytest.raises(ConflictError):
        write_statement(db, REP, signed, "Stale copy.", first.version)
    with pytest.raises(ConflictError):
        write_statement(db, REP, signed, "Opened before there was one.")
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT count(*) FROM staff_side_statement WHERE cycle_id = :c"), {"c": signed}
        ).scalar_one()
        audited = conn.execute(
            text("SELECT count(*) FROM audit_event WHERE entity = 'staff_side_statement'")
        ).scalar_one()
    assert rows == 1 and audited == 2


def test_a_cycle_that_is_not_there_is_refused(db: Database) -> None:
    from vpr_desktop.domain.errors import NotFoundError

    with pytest.raises(NotFoundError):
        write_statement(db, REP, 999, "Words.")
