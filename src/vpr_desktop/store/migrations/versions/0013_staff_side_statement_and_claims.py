"""The staff side's statement on a self-assessment cycle, and claims from NHS Resolution letters

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

``staff_side_statement``: one statement per cycle, written by a staff-side rep and printed
unedited in the committee and board packs. On PostgreSQL only the staff-side group may insert
or update it (never delete: a statement is replaced, and the audit keeps every version); every
group that reads the assessment reads it. Its text joins the text a board secretary's name
guard scans (0006's ``vpr_names_in_shared_text``, replaced with the same signature so its
grants stand).

``nhsr_claim``: a claim's reference, the letter's date, its value and status, for the cost of
violence in the packs. The VPR lead's group writes it; every group that reads aggregates reads
it (a claim names nobody).

Both tables are new, so they have no grants until this revision gives them (0005 covers the
tables that existed then): ``NEW_TABLES`` lists them for the policy test.
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

NEW_TABLES = ("staff_side_statement", "nhsr_claim")
READERS = {
    "staff_side_statement": ("lead", "chair", "staff_side", "board_secretary"),
    "nhsr_claim": ("lead", "chair", "staff_side", "board_secretary"),
}
# (table, groups): INSERT and UPDATE; DELETE too where the third item is True.
WRITERS = (
    ("staff_side_statement", ("staff_side",), False),
    ("nhsr_claim", ("lead",), True),
)


def _timestamps() -> list[sa.Column[object]]:
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


def upgrade() -> None:
    op.create_table(
        "staff_side_statement",
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=120), nullable=False),
        sa.Column("written_by_name", sa.String(length=200), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["cycle_id"],
            ["assessment_cycle.id"],
            name=op.f("fk_staff_side_statement_cycle_id_assessment_cycle"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_side_statement")),
        sa.UniqueConstraint("cycle_id", name=op.f("uq_staff_side_statement_cycle_id")),
    )
    op.create_table(
        "nhsr_claim",
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("value", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column(
            "status",
            sa.Enum("open", "settled", "closed", name="claimstatus", native_enum=False, length=40),
            nullable=False,
        ),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nhsr_claim")),
        sa.UniqueConstraint("reference", name=op.f("uq_nhsr_claim_reference")),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from vpr_desktop.store.pg_roles import quote_ident
    from vpr_desktop.store.pg_roles import role_prefix

    prefix = role_prefix(bind)

    def groups(suffixes: tuple[str, ...]) -> str:
        return ", ".join(quote_ident(prefix + s) for s in suffixes)

    for table in NEW_TABLES:
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
        op.execute(f"GRANT SELECT ON {table} TO {groups(READERS[table])}")
    for table, suffixes, delete in WRITERS:
        rights = "INSERT, UPDATE, DELETE" if delete else "INSERT, UPDATE"
        op.execute(f"GRANT {rights} ON {table} TO {groups(suffixes)}")
        op.execute(f"GRANT USAGE, SELECT ON SEQUENCE {table}_id_seq TO {groups(suffixes)}")
    _names_function(("staff_side_statement",))


def _names_function(extra: tuple[str, ...]) -> None:
    """0006's name-guard function over its tables plus ``extra`` (same signature: its grants
    stand)."""
    names = importlib.import_module(
        "vpr_desktop.store.migrations.versions.0006_board_aggregates_and_pack_files"
    )
    tables = (*names.SHARED_TEXT_TABLES, *extra)
    listed = "ARRAY[" + ", ".join(f"'{t}'" for t in tables) + "]::text[]"
    word = "'" + names.WORD.replace("'", "''") + "'"
    op.execute(
        names.NAMES_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
        .replace("TABLES", listed)
        .replace("WORD", word)
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _names_function(())
    op.drop_table("nhsr_claim")
    op.drop_table("staff_side_statement")
