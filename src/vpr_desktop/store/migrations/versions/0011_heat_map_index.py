"""Indexes for the risk register's heat map (current and target cells by status).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

The register counts live risks per matrix cell (``services/risks/queries.heat_map``:
``WHERE status IN (…) GROUP BY likelihood, consequence``) each time it opens or its filters
change. Without an index that is a scan of every risk (about 200 ms at 100,000 risks); these
two covering indexes let SQLite and PostgreSQL answer from the index alone, already in group
order. The cell leads, not the status: led by status, SQLite chose the index for the list's
"open risks" filter too and sorted 100,000 rows instead of walking the score index (7 ms became
150 ms). Indexes only: no data changes, so the upgrade is quick and the downgrade drops them.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_risk_current_cell_status": ["current_likelihood", "current_consequence", "status"],
    "ix_risk_target_cell_status": ["target_likelihood", "target_consequence", "status"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "risk_assessment", columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="risk_assessment")
