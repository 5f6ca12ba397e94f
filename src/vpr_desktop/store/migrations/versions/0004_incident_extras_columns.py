"""incident extras as columns: outcome dates, RIDDOR override, consent to contact

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Until now these facts were JSON in one ``setting`` row per incident, key
``incident_extra:<incident id>``::

    {"consent_to_contact": {"<person id>": {"consent": true, "recorded_on": "2026-06-10",
                                            "recorded_by": "jsmith", "note": null}},
     "police_outcome_on": "2026-06-10", "cps_outcome_on": null,
     "riddor_override": {"by": "Jo Smith", "at": "2026-06-10T09:30:00+00:00"}}

The upgrade adds the columns, copies every such row into them and deletes the rows. A consent
for a person no longer recorded as affected (no ``incident_staff`` row) has nowhere to go and
is dropped, as is a row for an incident that no longer exists; the app never showed either.
The downgrade writes the rows back in the same shape and drops the columns.

The JSON is read through a typed ``sa.JSON`` column so each backend decodes it its own way
(SQLite hands back text, psycopg the parsed value). The code below is self-contained on
purpose: a migration must not change meaning when the services change later.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PREFIX = "incident_extra:"
BY_LENGTH = 255  # incident.riddor_override_by (a display name)
CONSENT_BY_LENGTH = 120  # incident_staff.contact_consent_by (a username)

setting = sa.table(
    "setting",
    sa.column("id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("value", sa.JSON),
    sa.column("version", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
incident = sa.table(
    "incident",
    sa.column("id", sa.Integer),
    sa.column("police_outcome_on", sa.Date),
    sa.column("cps_outcome_on", sa.Date),
    sa.column("riddor_override_by", sa.String),
    sa.column("riddor_override_at", sa.DateTime(timezone=True)),
)
staff = sa.table(
    "incident_staff",
    sa.column("id", sa.Integer),
    sa.column("incident_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("contact_consent", sa.Boolean),
    sa.column("contact_consent_on", sa.Date),
    sa.column("contact_consent_by", sa.String),
    sa.column("contact_consent_note", sa.Text),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.add_column(sa.Column("police_outcome_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("cps_outcome_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("riddor_override_by", sa.String(length=255), nullable=True))
        batch_op.add_column(
            sa.Column("riddor_override_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("incident_staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_consent", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("contact_consent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("contact_consent_by", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("contact_consent_note", sa.Text(), nullable=True))

    _settings_to_columns(op.get_bind())


def downgrade() -> None:
    _columns_to_settings(op.get_bind())

    # recreate='never': on SQLite a batch rebuild would DROP TABLE incident while foreign keys
    # are on (they cannot be switched off inside the migration's transaction), and the
    # implicit DELETE would cascade to incident_type, incident_staff and support_step.
    # SQLite 3.35+ drops a plain column in place.
    with op.batch_alter_table("incident_staff", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("contact_consent_note")
        batch_op.drop_column("contact_consent_by")
        batch_op.drop_column("contact_consent_on")
        batch_op.drop_column("contact_consent")

    with op.batch_alter_table("incident", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("riddor_override_at")
        batch_op.drop_column("riddor_override_by")
        batch_op.drop_column("cps_outcome_on")
        batch_op.drop_column("police_outcome_on")


# ------------------------------------------------------------------------------- upgrade


def _settings_to_columns(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.select(setting.c.id, setting.c.key, setting.c.value, setting.c.updated_at)
        .where(setting.c.key.startswith(PREFIX, autoescape=True))
        .order_by(setting.c.id)
    ).all()
    for _sid, key, value, updated_at in rows:
        iid = _int(key[len(PREFIX) :])
        value = _decoded(value)
        if iid is None or not isinstance(value, dict):
            continue  # nothing the app could read: the row is removed below
        override = value.get("riddor_override")
        by = at = None
        if isinstance(override, dict):
            by = "" if override.get("by") is None else str(override["by"])[:BY_LENGTH]
            at = _datetime(override.get("at"))
        bind.execute(
            incident.update()
            .where(incident.c.id == iid)
            .values(
                police_outcome_on=_date(value.get("police_outcome_on")),
                cps_outcome_on=_date(value.get("cps_outcome_on")),
                riddor_override_by=by,
                riddor_override_at=at,
            )
        )
        consents = value.get("consent_to_contact")
        if not isinstance(consents, dict):
            continue
        fallback_day = updated_at.date() if isinstance(updated_at, dt.datetime) else None
        for pid, c in consents.items():
            person_id = _int(pid)
            if person_id is None or not isinstance(c, dict):
                continue
            note = c.get("note")
            # Matches no row when the person is no longer affected: the consent is dropped.
            bind.execute(
                staff.update()
                .where(staff.c.incident_id == iid, staff.c.person_id == person_id)
                .values(
                    contact_consent=bool(c.get("consent")),
                    contact_consent_on=_date(c.get("recorded_on")) or fallback_day,
                    contact_consent_by=str(c.get("recorded_by") or "")[:CONSENT_BY_LENGTH],
                    contact_consent_note=None if note is None else str(note),
                )
            )
    if rows:
        bind.execute(setting.delete().where(setting.c.key.startswith(PREFIX, autoescape=True)))


def _decoded(value: Any) -> Any:
    if isinstance(value, str | bytes):  # a driver that hands JSON back undecoded
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _datetime(value: Any) -> dt.datetime | None:
    """As UTC (every stored time is UTC; SQLite keeps the wall-clock fields as given)."""
    if not value:
        return None
    try:
        at = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if at.tzinfo is None:
        return at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC)


# ----------------------------------------------------------------------------- downgrade


def _columns_to_settings(bind: sa.Connection) -> None:
    extras: dict[int, dict[str, Any]] = {}

    def entry(iid: int) -> dict[str, Any]:
        return extras.setdefault(
            iid,
            {
                "consent_to_contact": {},
                "police_outcome_on": None,
                "cps_outcome_on": None,
                "riddor_override": None,
            },
        )

    for iid, police_on, cps_on, by, at in bind.execute(
        sa.select(
            incident.c.id,
            incident.c.police_outcome_on,
            incident.c.cps_outcome_on,
            incident.c.riddor_override_by,
            incident.c.riddor_override_at,
        )
        .where(
            sa.or_(
                incident.c.police_outcome_on.is_not(None),
                incident.c.cps_outcome_on.is_not(None),
                incident.c.riddor_override_by.is_not(None),
            )
        )
        .order_by(incident.c.id)
    ):
        e = entry(iid)
        e["police_outcome_on"] = _iso(police_on)
        e["cps_outcome_on"] = _iso(cps_on)
        if by is not None:
            e["riddor_override"] = {"by": by, "at": _iso(_utc(at))}
    for iid, pid, consent, on, by, note, updated_at in bind.execute(
        sa.select(
            staff.c.incident_id,
            staff.c.person_id,
            staff.c.contact_consent,
            staff.c.contact_consent_on,
            staff.c.contact_consent_by,
            staff.c.contact_consent_note,
            staff.c.updated_at,
        )
        .where(staff.c.contact_consent.is_not(None))
        .order_by(staff.c.incident_id, staff.c.person_id)
    ):
        if on is None and isinstance(updated_at, dt.datetime):
            on = updated_at.date()  # the old shape needs a date
        entry(iid)["consent_to_contact"][str(pid)] = {
            "consent": bool(consent),
            "recorded_on": _iso(on),
            "recorded_by": by or "",
            "note": note,
        }
    now = dt.datetime.now(dt.UTC)
    for iid, value in extras.items():
        key = f"{PREFIX}{iid}"
        sid = bind.scalar(sa.select(setting.c.id).where(setting.c.key == key))
        if sid is None:
            bind.execute(
                setting.insert().values(
                    key=key, value=value, version=1, created_at=now, updated_at=now
                )
            )
        else:
            bind.execute(
                setting.update()
                .where(setting.c.id == sid)
                .values(value=value, version=setting.c.version + 1, updated_at=now)
            )


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite: stored as UTC, handed back naive
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()
