"""A hash chain through the audit trail; an audit row can no longer be replaced on SQLite.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

``audit_event`` gains ``prev_hash`` and ``row_hash`` (``domain.audit_chain``): each row's hash
covers its fields and the previous row's hash, so ``vpr-desktop db check`` finds a row changed
with the protection switched off, or replaced, removed or slipped in. Existing rows are chained
here, in id order (the one time audit rows are updated: the append-only protection is lifted
for this transaction only and put back). The hash function is the domain's own, not a copy:
the chain is only worth anything if writing and checking agree.

SQLite: a third trigger refuses an INSERT whose id already exists, which is how ``INSERT OR
REPLACE`` overwrote a row without firing the UPDATE/DELETE triggers of 0002. PostgreSQL: every
VPR group may read the two hash columns (appending needs the last hash; a hash names nobody).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

from vpr_desktop.domain.audit_chain import HASHED_FIELDS
from vpr_desktop.domain.audit_chain import audit_hash

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DEFAULT_PREFIX = "vpr_"
GROUPS = ("lead", "chair", "staff_side", "board_secretary", "admin")
NO_REPLACE = (
    "CREATE TRIGGER trg_audit_event_no_replace BEFORE INSERT ON audit_event "
    "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
)
NO_UPDATE = (
    "CREATE TRIGGER trg_audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
)


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prefix() -> str:
    value = op.get_bind().execute(text("SELECT current_setting('vpr.role_prefix', true)")).scalar()
    return str(value) if value else DEFAULT_PREFIX


def _chain_existing() -> None:
    bind = op.get_bind()
    events = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("username", sa.String),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("before", sa.JSON),
        sa.column("after", sa.JSON),
        sa.column("detail", sa.Text),
        sa.column("prev_hash", sa.String),
        sa.column("row_hash", sa.String),
    )
    prev: str | None = None
    rows = bind.execute(
        sa.select(events.c.id, *(events.c[name] for name in HASHED_FIELDS)).order_by(events.c.id)
    ).all()
    for row in rows:
        digest = audit_hash(prev, dict(row._mapping))
        bind.execute(
            events.update().where(events.c.id == row.id).values(prev_hash=prev, row_hash=digest)
        )
        prev = digest


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("row_hash", sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("GRANT UPDATE ON audit_event TO CURRENT_USER")
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER trg_audit_event_append_only")
        _chain_existing()
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER trg_audit_event_append_only")
        op.execute("REVOKE UPDATE ON audit_event FROM CURRENT_USER")
        groups = ", ".join(q(_prefix() + g) for g in GROUPS)
        op.execute(f"GRANT SELECT (prev_hash, row_hash) ON audit_event TO {groups}")
        return
    op.execute("DROP TRIGGER IF EXISTS trg_audit_event_no_update")
    _chain_existing()
    op.execute(NO_UPDATE)
    op.execute(NO_REPLACE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        prefix = _prefix()
        present = [
            prefix + g
            for g in GROUPS
            if op.get_bind()
            .execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": prefix + g})
            .first()
        ]
        if present:
            op.execute(
                "REVOKE SELECT (prev_hash, row_hash) ON audit_event FROM "
                + ", ".join(q(g) for g in present)
            )
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_audit_event_no_replace")
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop 0002's triggers with it.
    op.execute("ALTER TABLE audit_event DROP COLUMN row_hash")
    op.execute("ALTER TABLE audit_event DROP COLUMN prev_hash")
