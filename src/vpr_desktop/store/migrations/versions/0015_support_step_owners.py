"""Support steps owned by people: support_step.owner_id and planned_at, person.line_manager_id

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

Step owners were roles ("Line manager", "TRiM practitioner"), so thousands of overdue steps
belonged to no one who could be chased (issue 18). Each step now names a person
(``support_step.owner_id``, NULL: unassigned) and may carry the time it is planned or booked
(``support_step.planned_at``); the staff record may name a line manager
(``person.line_manager_id``), from whom a new incident's steps take their default owner.
Existing steps stay unassigned: nobody decided who owns them, and guessing would pre-fill a
judgement.

Grants on PostgreSQL: the new columns are on tables 0005 already grants at table level (the
VPR lead's group reads and writes ``support_step`` and ``person``; the chair reads them; the
staff side and board secretaries read neither), so they are covered as 0010's column was.
Plain ADD COLUMN on both backends: a batch copy of ``person`` would trip over the views that
read it (0007's ``vpr_named_person``). The downgrade drops the columns and the index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


# (table, column): person references added to existing tables.
PERSON_REFERENCES = (("support_step", "owner_id"), ("person", "line_manager_id"))


def _add_person_reference(table: str, column: str) -> None:
    """A nullable column referencing ``person``. SQLite takes the reference inline in ADD
    COLUMN (allowed for a column whose default is NULL), where Alembic would want a batch copy
    of the table; PostgreSQL gets the named constraint the models' naming convention gives."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER REFERENCES person (id)")
        return
    op.add_column(
        table,
        sa.Column(
            column,
            sa.Integer(),
            sa.ForeignKey("person.id", name=f"fk_{table}_{column}_person"),
            nullable=True,
        ),
    )


def upgrade() -> None:
    for table, column in PERSON_REFERENCES:
        _add_person_reference(table, column)
    op.add_column(
        "support_step", sa.Column("planned_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index("ix_support_step_owner_id", "support_step", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_support_step_owner_id", table_name="support_step")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_person_line_manager_id_person", "person", type_="foreignkey")
        op.drop_constraint("fk_support_step_owner_id_person", "support_step", type_="foreignkey")
    op.drop_column("person", "line_manager_id")
    op.drop_column("support_step", "planned_at")
    op.drop_column("support_step", "owner_id")
