"""NHS Staff Survey results, and other trusts' anonymised returns for a system view.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

``staff_survey_result``: one row per year and measure (the violence and abuse questions),
with the trust's, the benchmark group's and the national percentage and an optional note of a
series break. ``system_return``: one trust's return (``domain/data_standard.py``) per trust and
period, as loaded by ``vpr-desktop system load``; the document is kept whole with its SHA-256.

On PostgreSQL both are published aggregates: every group role reads them (board secretaries
and staff-side reps included, as they read the packs that show them); the VPR lead writes them.
A new table is private by default (0005), hence the grants here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

DEFAULT_PREFIX = "vpr_"
TABLES = ("staff_survey_result", "system_return")
READERS = ("lead", "chair", "staff_side", "board_secretary", "admin")
WRITERS = ("lead",)


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
    ]


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _groups() -> list[str]:
    bind = op.get_bind()
    prefix = bind.execute(text("SELECT current_setting('vpr.role_prefix', true)")).scalar()
    return [str(prefix or DEFAULT_PREFIX) + s for s in READERS]


def upgrade() -> None:
    op.create_table(
        "staff_survey_result",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("trust_percent", sa.Double(), nullable=False),
        sa.Column("benchmark_percent", sa.Double(), nullable=True),
        sa.Column("national_percent", sa.Double(), nullable=True),
        sa.Column("series_break_note", sa.Text(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_survey_result")),
        sa.UniqueConstraint("year", "measure", name=op.f("uq_staff_survey_result_year_measure")),
    )
    op.create_table(
        "system_return",
        sa.Column("trust_code", sa.String(length=5), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("standard_version", sa.String(length=20), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("document", sa.JSON(none_as_null=True), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_return")),
        sa.UniqueConstraint(
            "trust_code",
            "period_from",
            "period_to",
            name=op.f("uq_system_return_trust_code_period_from_period_to"),
        ),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    groups = _groups()
    tables = ", ".join(TABLES)
    op.execute(f"REVOKE ALL ON {tables} FROM PUBLIC")
    op.execute(f"GRANT SELECT ON {tables} TO " + ", ".join(q(g) for g in groups))
    writers = [g for g, s in zip(groups, READERS, strict=True) if s in WRITERS]
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {tables} TO " + ", ".join(q(g) for g in writers))
    op.execute(
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "
        + ", ".join(q(g) for g in groups)
    )


def downgrade() -> None:
    op.drop_table("system_return")
    op.drop_table("staff_survey_result")
