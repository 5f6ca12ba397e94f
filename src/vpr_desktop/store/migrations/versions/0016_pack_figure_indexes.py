"""Covering indexes for the packs' monthly figures: training records, support steps, incidents

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

A pack reads two years of monthly figures (issue #20, B1). Each was answered from an index
that holds the key but not the values counted, so every row cost a second lookup in the table
(a support step's row carries its notes; an incident's, its whole record):

* ``ix_training_record_held`` (assignment, course, completed, expires): whether an assignment
  held a course on a day (the correlated EXISTS of every compliance figure) and the running
  latest expiry of the month-end chart, from the index alone and in its order;
* ``ix_support_step_on_time`` (incident, step type, declined, done, due): the support steps
  done on time per month, probed per incident of the period without reading the steps;
* ``ix_incident_month_figures`` (month, location, days lost, RIDDOR status, deadline,
  submitted): days lost and RIDDOR reports on time per month, from a range of the index.

At a million incidents the board pack's figures took 2.7 s before these and 1.7 s after
(measured on ``benchmarks/grow_trust.py``'s trust). Indexes only: no data changes, so the
upgrade is quick (seconds at a million incidents) and the downgrade drops them.
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_training_record_held": (
        "training_record",
        ["assignment_id", "course_id", "completed_on", "expires_on"],
    ),
    "ix_support_step_on_time": (
        "support_step",
        ["incident_id", "step_type", "declined", "done_at", "due_by"],
    ),
    "ix_incident_month_figures": (
        "incident",
        [
            "month",
            "location_id",
            "days_lost",
            "riddor_status",
            "riddor_deadline",
            "riddor_submitted_on",
        ],
    ),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
