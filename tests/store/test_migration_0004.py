"""Schema 0004: the incident "extras" move from ``incident_extra:<id>`` setting rows into
columns of ``incident`` and ``incident_staff``, and back on downgrade (SQLite and PostgreSQL).

The database is built at 0003 the way the previous release left it, then opened by the app
(backup, upgrade in one transaction, foreign keys on), so this is the path a real user takes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import create_engine
from sqlalchemy import inspect

from vpr_desktop.domain.enums import Role
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.incidents.records import ConsentView
from vpr_desktop.services.incidents.service import IncidentService
from vpr_desktop.store import migrate
from vpr_desktop.store.database import is_url
from vpr_desktop.store.database import open_database

UTC = dt.UTC
NOW = dt.datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))

META = sa.MetaData()


def _stamps() -> tuple[sa.Column[Any], ...]:
    return (
        sa.Column("version", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True)),
    )


person = sa.Table(
    "person",
    META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("employee_number", sa.String),
    sa.Column("first_name", sa.String),
    sa.Column("last_name", sa.String),
    *_stamps(),
)
incident = sa.Table(
    "incident",
    META,
    sa.Column("id", sa.Integer, primary_key=True),
    *(
        sa.Column(n, sa.String)
        for n in (
            "reference",
            "month",
            "primary_type",
            "perpetrator_type",
            "intent",
            "harm",
            "crime_reference",
            "police_outcome",
            "cps_outcome",
            "riddor_status",
        )
    ),
    sa.Column("occurred_at", sa.DateTime(timezone=True)),
    *(
        sa.Column(n, sa.Boolean)
        for n in (
            "injury",
            "specified_injury",
            "near_miss",
            "personal_dispute",
            "police_informed",
            "aewa_sanction",
        )
    ),
    sa.Column("days_lost", sa.Integer),
    *_stamps(),
)
incident_type = sa.Table(
    "incident_type",
    META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("incident_id", sa.Integer),
    sa.Column("incident_type", sa.String),
    *_stamps(),
)
incident_staff = sa.Table(
    "incident_staff",
    META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("incident_id", sa.Integer),
    sa.Column("person_id", sa.Integer),
    *(sa.Column(n, sa.Integer) for n in ("days_absent", "restricted_duties_days")),
    *(sa.Column(n, sa.Boolean) for n in ("absence_reason_stress", "pc_consent")),
    *_stamps(),
)
support_step = sa.Table(
    "support_step",
    META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("incident_id", sa.Integer),
    sa.Column("person_id", sa.Integer),
    sa.Column("step_type", sa.String),
    sa.Column("due_by", sa.DateTime(timezone=True)),
    sa.Column("declined", sa.Boolean),
    *_stamps(),
)
setting = sa.Table(
    "setting",
    META,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String),
    sa.Column("value", sa.JSON),
    *_stamps(),
)

# the columns 0004 adds, typed so each backend hands back dates and booleans
AFTER = sa.MetaData()
incident_after = sa.Table(
    "incident",
    AFTER,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("police_outcome_on", sa.Date),
    sa.Column("cps_outcome_on", sa.Date),
    sa.Column("riddor_override_by", sa.String),
    sa.Column("riddor_override_at", sa.DateTime(timezone=True)),
)
staff_after = sa.Table(
    "incident_staff",
    AFTER,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("incident_id", sa.Integer),
    sa.Column("person_id", sa.Integer),
    sa.Column("contact_consent", sa.Boolean),
    sa.Column("contact_consent_on", sa.Date),
    sa.Column("contact_consent_by", sa.String),
    sa.Column("contact_consent_note", sa.Text),
)

STAMPS = {"version": 1, "created_at": NOW, "updated_at": NOW}


def _add(conn: sa.Connection, table: sa.Table, **values: Any) -> int:
    return int(
        conn.execute(table.insert().values(**values, **STAMPS).returning(table.c.id)).scalar_one()
    )


def _incident(conn: sa.Connection, n: int) -> int:
    iid = _add(
        conn,
        incident,
        reference=f"VPR-{n:06d}",
        month="2026-06",
        occurred_at=dt.datetime(2026, 6, 1, 10, 0, tzinfo=UTC),
        primary_type="physical",
        perpetrator_type="patient",
        intent="deliberate",
        harm="low",
        crime_reference="NM/26/000777",
        police_outcome="charged",
        cps_outcome="convicted",
        riddor_status="reportable",
        injury=True,
        specified_injury=False,
        near_miss=False,
        personal_dispute=False,
        police_informed=True,
        aewa_sanction=False,
        days_lost=8,
    )
    _add(conn, incident_type, incident_id=iid, incident_type="physical")
    return iid


def _staff(conn: sa.Connection, iid: int, pid: int) -> int:
    sid = _add(
        conn,
        incident_staff,
        incident_id=iid,
        person_id=pid,
        days_absent=8,
        restricted_duties_days=0,
        absence_reason_stress=False,
        pc_consent=False,
    )
    _add(
        conn,
        support_step,
        incident_id=iid,
        person_id=pid,
        step_type="welfare_check",
        due_by=dt.datetime(2026, 6, 2, 10, 0, tzinfo=UTC),
        declined=False,
    )
    return sid


def _engine(target: str) -> sa.Engine:
    return create_engine(target if is_url(target) else f"sqlite:///{target}")


def _rows(conn: sa.Connection, table: str) -> int:
    return int(conn.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)


def _extras(conn: sa.Connection) -> dict[str, Any]:
    return {
        key: value
        for key, value in conn.execute(
            sa.select(setting.c.key, setting.c.value).where(
                setting.c.key.startswith("incident_extra:", autoescape=True)
            )
        )
    }


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def test_extras_move_into_columns_and_back(db_target: str, tmp_path: Path) -> None:
    engine = _engine(db_target)
    with engine.begin() as conn:
        migrate.upgrade(conn, "0003")
        alex, sam, jo = (
            _add(conn, person, employee_number=n, first_name=f, last_name="Lee")
            for n, f in (("1001", "Alex"), ("1002", "Sam"), ("1003", "Jo"))
        )
        first, second, plain = (_incident(conn, n) for n in (1, 2, 3))
        alex_row, sam_row = _staff(conn, first, alex), _staff(conn, first, sam)
        _staff(conn, second, sam)
        extra = {
            "consent_to_contact": {
                str(alex): {
                    "consent": True,
                    "recorded_on": "2026-06-10",
                    "recorded_by": "jsmith",
                    "note": "Prefers a phone call",
                }
            },
            "police_outcome_on": "2026-06-12",
            "cps_outcome_on": "2026-06-20",
            "riddor_override": {"by": "Jo Smith", "at": "2026-06-11T09:30:00+00:00"},
        }
        # Jo was taken off the second incident after consent was recorded: dropped on upgrade.
        stray = {
            "consent_to_contact": {
                str(jo): {
                    "consent": False,
                    "recorded_on": "2026-06-05",
                    "recorded_by": "jsmith",
                    "note": None,
                }
            },
            "police_outcome_on": "2026-06-07",
            "cps_outcome_on": None,
            "riddor_override": None,
        }
        _add(conn, setting, key=f"incident_extra:{first}", value=extra)
        _add(conn, setting, key=f"incident_extra:{second}", value=stray)
        pathway = {"steps": []}
        _add(conn, setting, key="support_pathway", value=pathway)
        _add(conn, setting, key="incidentXextra:1", value={"kept": True})  # not the prefix
    engine.dispose()

    db = open_database(db_target, backup_dir=tmp_path / "backups")
    try:
        assert db.upgraded_from == "0003" and db.schema_revision >= "0004"
        with db.engine.connect() as conn:
            inc = {r.id: r for r in conn.execute(sa.select(incident_after))}
            assert (
                inc[first].police_outcome_on,
                inc[first].cps_outcome_on,
                inc[first].riddor_override_by,
            ) == (dt.date(2026, 6, 12), dt.date(2026, 6, 20), "Jo Smith")
            assert _utc(inc[first].riddor_override_at) == dt.datetime(
                2026, 6, 11, 9, 30, tzinfo=UTC
            )
            assert (
                inc[second].police_outcome_on,
                inc[second].cps_outcome_on,
                inc[second].riddor_override_by,
                inc[second].riddor_override_at,
            ) == (dt.date(2026, 6, 7), None, None, None)
            assert (
                inc[plain].police_outcome_on,
                inc[plain].cps_outcome_on,
                inc[plain].riddor_override_by,
                inc[plain].riddor_override_at,
            ) == (None, None, None, None)
            consent = {
                (r.incident_id, r.person_id): tuple(r)[3:]
                for r in conn.execute(sa.select(staff_after))
            }
            assert consent == {
                (first, alex): (True, dt.date(2026, 6, 10), "jsmith", "Prefers a phone call"),
                (first, sam): (None, None, None, None),
                (second, sam): (None, None, None, None),
            }
            assert _extras(conn) == {}
            others = {k: v for k, v in conn.execute(sa.select(setting.c.key, setting.c.value))}
            assert others == {"support_pathway": pathway, "incidentXextra:1": {"kept": True}}

        # the service reads the columns
        detail = IncidentService(db, LEAD, today=dt.date(2026, 6, 30)).get(first)
        by_id = {s.id: s for s in detail.staff}
        assert by_id[alex_row].consent_to_contact == ConsentView(
            True, dt.date(2026, 6, 10), "jsmith", "Prefers a phone call"
        )
        assert by_id[sam_row].consent_to_contact is None
        assert (detail.police_outcome_on, detail.cps_outcome_on) == (
            dt.date(2026, 6, 12),
            dt.date(2026, 6, 20),
        )
        assert detail.riddor.overridden and detail.riddor.overridden_by == "Jo Smith"

        with db.engine.begin() as conn:
            migrate.downgrade(conn, "0003")
        with db.engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0003"
            assert _extras(conn) == {
                f"incident_extra:{first}": extra,
                f"incident_extra:{second}": {**stray, "consent_to_contact": {}},
            }
            assert {
                k: v
                for k, v in conn.execute(
                    sa.select(setting.c.key, setting.c.value).where(
                        setting.c.key.in_(["support_pathway", "incidentXextra:1"])
                    )
                )
            } == {"support_pathway": pathway, "incidentXextra:1": {"kept": True}}
            names = inspect(conn)
            assert not {c["name"] for c in names.get_columns("incident")} & {
                "police_outcome_on",
                "cps_outcome_on",
                "riddor_override_by",
                "riddor_override_at",
            }
            assert not any(
                c["name"].startswith("contact_consent") for c in names.get_columns("incident_staff")
            )
            # nothing cascaded away with the columns
            assert [
                _rows(conn, t)
                for t in ("incident", "incident_type", "incident_staff", "support_step")
            ] == [3, 3, 3, 3]

        # and up again: the same values
        with db.engine.begin() as conn:
            migrate.upgrade(conn)
        with db.engine.connect() as conn:
            assert _extras(conn) == {}
            assert tuple(
                conn.execute(sa.select(staff_after).where(staff_after.c.id == alex_row)).one()
            )[3:] == (True, dt.date(2026, 6, 10), "jsmith", "Prefers a phone call")
    finally:
        db.close()


@pytest.mark.parametrize("value", ["not json at all", ["a", "list"]])
def test_unreadable_extras_rows_are_removed_without_stopping_the_upgrade(
    tmp_path: Path, value: Any
) -> None:
    path = tmp_path / "old.db"
    engine = _engine(str(path))
    with engine.begin() as conn:
        migrate.upgrade(conn, "0003")
        iid = _incident(conn, 1)
        _add(conn, setting, key=f"incident_extra:{iid}", value=value)
        _add(conn, setting, key="incident_extra:not-a-number", value={"police_outcome_on": 1})
        _add(conn, setting, key="incident_extra:999", value={"police_outcome_on": "2026-06-01"})
    engine.dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    try:
        with db.engine.connect() as conn:
            assert _extras(conn) == {}
            assert tuple(conn.execute(sa.select(incident_after)).one())[1:] == (
                None,
                None,
                None,
                None,
            )
    finally:
        db.close()
