"""The audit viewer's service on SQLite AND PostgreSQL: who may read it, its filters, sorting
and keyset paging in SQL, before/after as field rows, and the CSV and Excel exports read back
(with text that looks like a formula kept as text)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AuditEvent
from vpr_desktop.domain.models import User
from vpr_desktop.reports.audit_export import export_audit
from vpr_desktop.services.admin.audit import AuditListSource
from vpr_desktop.services.admin.audit import AuditService
from vpr_desktop.services.admin.audit import FieldChange
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.paging import PageRequest
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

UTC = dt.UTC
ADMIN = Actor("admin", "Ada Admin", frozenset({Role.ADMINISTRATOR}))
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
CHAIR = Actor("chair", "Chris Chair", frozenset({Role.COMMITTEE_CHAIR}))
STAFF_SIDE = Actor("rep", "Robin Rep", frozenset({Role.STAFF_SIDE_REP}))
BOARD = Actor("sec", "Bea Secretary", frozenset({Role.BOARD_SECRETARY}))
EVIL = '=HYPERLINK("http://evil.example","click")'


def _event(
    at: dt.datetime,
    username: str,
    action: AuditAction,
    entity: str,
    entity_id: str | None,
    before: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
    detail: str | None = None,
) -> AuditEvent:
    return AuditEvent(
        at=at,
        username=username,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        detail=detail,
    )


@pytest.fixture
def trail(db):  # type: ignore[no-untyped-def]
    """Five events on fixed days (June: British Summer Time, UTC+1) by two people."""
    with db.session() as session:  # no unit of work: this account's creation is not audited
        session.add(User(username="lead", display_name="Pat Lead"))
        session.commit()
    with UnitOfWork(db, ADMIN) as uow:
        uow.session.add_all(
            [
                _event(
                    dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
                    "lead",
                    AuditAction.CREATE,
                    "risk_assessment",
                    "7",
                    None,
                    {"title": "Lone working", "score": 12},
                ),
                _event(
                    dt.datetime(2026, 6, 1, 23, 30, tzinfo=UTC),  # 00:30 on 2 June in London
                    "lead",
                    AuditAction.UPDATE,
                    "risk_assessment",
                    "7",
                    {"title": "Lone working", "score": 12},
                    {"title": EVIL, "score": 16},
                ),
                _event(
                    dt.datetime(2026, 6, 3, 10, 0, tzinfo=UTC),
                    "admin",
                    AuditAction.UPDATE,
                    "setting",
                    "2",
                    {"value": {"days": 3}},
                    {"value": {"days": 5}},
                ),
                _event(
                    dt.datetime(2026, 6, 4, 10, 0, tzinfo=UTC),
                    "lead",
                    AuditAction.EXPORT,
                    "action",
                    None,
                    detail="-actions.xlsx: 3 actions",
                ),
                _event(
                    dt.datetime(2026, 6, 5, 10, 0, tzinfo=UTC),
                    "lead",
                    AuditAction.UPDATE,
                    "risk_assessment",
                    "8",
                    {"owner": None},
                    {"owner": "Sam"},
                ),
            ]
        )
    return db


def _ids(source: AuditListSource, **filters: object) -> list[int]:
    return [r[0] for r in source.page(PageRequest(filters=dict(filters))).rows]


def _id_where(db, **where: object) -> int:  # type: ignore[no-untyped-def]
    with reading(db) as s:
        clauses = [getattr(AuditEvent, k) == v for k, v in where.items()]
        return int(s.scalar(select(AuditEvent.id).where(*clauses).order_by(AuditEvent.id)) or 0)


# ----------------------------------------------------------------------------- permissions


@pytest.mark.parametrize("actor", [CHAIR, STAFF_SIDE, BOARD], ids=lambda a: a.username)
def test_only_administrators_and_vpr_leads_may_read_the_audit(db, actor: Actor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError, match="may not see the audit trail"):
        AuditService(db, actor)
    with pytest.raises(PermissionDeniedError):
        AuditListSource(db, actor)
    assert AuditService(db, ADMIN).list_source().count(PageRequest()) >= 0
    assert AuditService(db, LEAD).list_source().count(PageRequest()) >= 0


# ----------------------------------------------------------------------------- filters


def test_filters_by_user_type_record_action_and_trust_days(trail) -> None:  # type: ignore[no-untyped-def]
    source = AuditService(trail, LEAD).list_source()
    req = PageRequest()
    rows = source.page(req).rows
    # newest first by default; the time comes back as an aware UTC time on both databases
    assert [r[1] for r in rows][:5] == [
        dt.datetime(2026, 6, d, h, m, tzinfo=UTC)
        for d, h, m in ((5, 10, 0), (4, 10, 0), (3, 10, 0), (1, 23, 30), (1, 9, 0))
    ]
    assert source.count(req) == len(rows)

    by_admin = source.page(PageRequest(filters={"username": "admin"})).rows
    assert {r[2] for r in by_admin} == {"admin"}
    assert any(r[4] == "setting" for r in by_admin)
    assert "lead" not in {r[2] for r in by_admin}

    risk7 = source.page(PageRequest(filters={"entity": "risk_assessment", "entity_id": "7"})).rows
    assert [(r[3], r[5]) for r in risk7] == [("update", "7"), ("create", "7")]
    assert len(_ids(source, action="export")) == 1
    assert len(_ids(source, action=["create", AuditAction.EXPORT], username="lead")) == 2

    # trust calendar days: 23:30 UTC on 1 June is 2 June in London
    on_2_june = source.page(
        PageRequest(filters={"date_from": dt.date(2026, 6, 2), "date_to": "2026-06-02"})
    ).rows
    assert [r[1] for r in on_2_june] == [dt.datetime(2026, 6, 1, 23, 30, tzinfo=UTC)]
    on_1_june = _ids(source, date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 6, 1))
    assert len(on_1_june) == 1
    assert len(_ids(source, date_from=dt.date(2026, 6, 4))) == 2
    assert source.count(PageRequest(search="actions.xlsx")) == 1

    with pytest.raises(ValidationError, match="Unknown audit filter"):
        source.count(PageRequest(filters={"who": "lead"}))
    with pytest.raises(ValidationError, match="after the to date"):
        source.count(PageRequest(filters={"date_from": "2026-06-05", "date_to": "2026-06-01"}))
    with pytest.raises(ValidationError, match="not a known audit action"):
        source.count(PageRequest(filters={"action": "shred"}))


def test_sorted_and_paged_by_keyset_in_sql(trail) -> None:  # type: ignore[no-untyped-def]
    source = AuditService(trail, ADMIN).list_source()
    req = PageRequest(sort_key="entity_id", filters={"username": "lead"})
    first = source.page(req, limit=2)
    assert first.cursor is not None
    second = source.page(req, first.cursor, limit=2)
    third = source.page(req, second.cursor, limit=2)
    records = [r[5] for r in first.rows + second.rows + third.rows]
    # no record (the export) sorts first as '', then 7, 7, 8; nothing is lost or repeated
    assert records == [None, "7", "7", "8"]
    assert third.cursor is None


def test_an_event_reads_as_field_rows(trail) -> None:  # type: ignore[no-untyped-def]
    service = AuditService(trail, LEAD)
    entry = service.event(_id_where(trail, action=AuditAction.UPDATE, entity_id="7"))
    assert entry.record_type == "Risk assessment" and entry.username == "lead"
    assert entry.changes == (
        FieldChange("Title", "Lone working", EVIL),
        FieldChange("Score", "12", "16"),
    )
    created = service.event(_id_where(trail, action=AuditAction.CREATE, entity_id="7"))
    assert created.changes[0] == FieldChange("Title", "", "Lone working")
    owner = service.event(_id_where(trail, entity_id="8"))
    assert owner.changes == (FieldChange("Owner", "", "Sam"),)
    setting = service.event(_id_where(trail, entity="setting"))
    assert setting.changes == (FieldChange("Value", '{"days": 3}', '{"days": 5}'),)

    assert [u.label for u in service.users()] == ["admin", "Pat Lead (lead)"]
    assert service.record_types() == ["action", "risk_assessment", "setting"]


# ----------------------------------------------------------------------------- exports


def test_csv_export_lists_what_the_screen_lists_with_formulas_kept_as_text(
    trail, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    service = AuditService(trail, LEAD)
    request = PageRequest(filters={"username": "lead"}, sort_key="at")
    result = export_audit(service, tmp_path / "audit.csv", request)
    with open(result.path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "Event",
        "When",
        "User",
        "Action",
        "Record type",
        "Record",
        "Detail",
        "Field",
        "Before",
        "After",
    ]
    body = rows[1:]
    # oldest first as asked: create (2 fields), update (2 fields), export (1 line), update (1)
    assert [(r[3], r[7]) for r in body] == [
        ("create", "Title"),
        ("create", "Score"),
        ("update", "Title"),
        ("update", "Score"),
        ("export", ""),
        ("update", "Owner"),
    ]
    assert (result.events, result.lines) == (4, 6)
    assert body[0][1] == "2026-06-01T10:00:00+01:00"  # trust local time, with its offset
    assert body[2][8:] == ["Lone working", "'" + EVIL]  # the formula is text, not a formula
    assert body[4][6] == "'-actions.xlsx: 3 actions"
    assert {r[2] for r in body} == {"lead"}

    with reading(trail) as s:
        audited = s.scalars(
            select(AuditEvent.detail).where(
                AuditEvent.action == AuditAction.EXPORT, AuditEvent.entity == "audit_event"
            )
        ).all()
    assert audited == ["audit.csv: 4 events, 6 lines (user lead)"]


def test_excel_export_reads_back_with_text_cells(trail, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = AuditService(trail, ADMIN)
    request = PageRequest(filters={"entity": "risk_assessment", "entity_id": "7"})
    result = export_audit(service, tmp_path / "audit.xlsx", request)
    wb = load_workbook(result.path)
    rows = list(wb["Audit"].iter_rows(min_row=2))
    assert [(r[3].value, r[7].value, r[8].value, r[9].value) for r in rows] == [
        ("update", "Title", "Lone working", EVIL),
        ("update", "Score", "12", "16"),
        ("create", "Title", None, "Lone working"),
        ("create", "Score", None, "12"),
    ]
    evil = rows[0][9]
    assert evil.data_type == "s" and evil.quotePrefix
    assert rows[0][1].value == dt.datetime(2026, 6, 2, 0, 30)  # 23:30 UTC, London time
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows()}
    assert about["Showing"] == "record type Risk assessment; record 7"
    assert about["Events"] == 2 and about["By"] == "Ada Admin"


def test_export_is_refused_to_roles_without_the_audit(trail, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    service = AuditService(trail, LEAD)
    service.actor = CHAIR  # a caller holding a service it was never given must still be refused
    with pytest.raises(PermissionDeniedError):
        export_audit(service, tmp_path / "audit.csv")
    assert not (tmp_path / "audit.csv").exists()
