"""action.proposed_by: an action one side raised waits for the other side to accept it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

A staff-side rep may raise an action in the joint log, but it is only proposed until
management accepts it and names its owner (issue 18). The column holds the proposing side
('staff_side' or 'management') and is cleared on acceptance; existing actions were all agreed,
so they stay NULL. Table-level grants from 0005 cover the new column on PostgreSQL: the
staff-side group already may INSERT and UPDATE action rows, and the VPR lead's group may
UPDATE them. The downgrade drops the column (a proposal then reads as an open action).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "proposed_by",
                sa.Enum("management", "staff_side", name="side", native_enum=False, length=40),
                nullable=True,
            )
        )


def downgrade() -> None:
    # A plain DROP COLUMN on both backends (SQLite 3.35+): a batch copy of the table would
    # trip over the views that read it (0007's vpr_named_person).
    op.drop_column("action", "proposed_by")
