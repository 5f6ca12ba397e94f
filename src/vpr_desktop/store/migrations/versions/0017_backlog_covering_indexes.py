"""Covering indexes for the backlog counts: overdue support steps and overdue RIDDOR reports

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

The Home page's cards and every pack's backlog count the open support steps due before now
and the reportable incidents not submitted by their deadline, over all records. Each count
found its rows on an index that held the key but not the last condition (a step's
``declined``, an incident's ``riddor_submitted_on``), so every candidate row cost a lookup
in the table: 56 and 65 ms at a million incidents (50k open steps overdue). The two indexes
gain that column, keep their names and their leading columns (every query that used them
still does), and answer the counts from the index alone (3 and 2 ms):

* ``ix_support_due_open`` (done, due) -> (done, due, declined);
* ``ix_incident_riddor`` (RIDDOR status, deadline) -> (RIDDOR status, deadline, submitted).

Indexes only: no data changes; the downgrade restores the narrower ones.
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# name: (table, columns before, columns after)
INDEXES = {
    "ix_support_due_open": (
        "support_step",
        ["done_at", "due_by"],
        ["done_at", "due_by", "declined"],
    ),
    "ix_incident_riddor": (
        "incident",
        ["riddor_status", "riddor_deadline"],
        ["riddor_status", "riddor_deadline", "riddor_submitted_on"],
    ),
}


def upgrade() -> None:
    for name, (table, _before, after) in INDEXES.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, after, unique=False)


def downgrade() -> None:
    for name, (table, before, _after) in INDEXES.items():
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before, unique=False)
