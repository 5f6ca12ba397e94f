"""Staff in post by month, counted for roles that may not read staff records.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Packs put incidents per 1,000 staff beside the counts; the denominator is the number of
people with an assignment in post at each month's end. A board secretary's PostgreSQL login
may not read ``assignment`` (0005), so the board pack they generate printed "rates are not
shown". This SECURITY DEFINER function returns that count and nothing else for a list of
days, like 0006's aggregates (the same SQL as ``services/packs/rates.headcounts``, copied
on purpose). SQLite has no logins: nothing to add there.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DEFAULT_PREFIX = "vpr_"
READERS = ("lead", "chair", "staff_side", "board_secretary")
SIGNATURE = "vpr_staff_in_post(date[])"
FUNCTION = """
CREATE FUNCTION vpr_staff_in_post(days date[])
RETURNS TABLE(day date, people bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT d.day,
           (SELECT count(DISTINCT a.person_id) FROM assignment a
             WHERE (a.start_date IS NULL OR a.start_date <= d.day)
               AND (a.end_date IS NULL OR a.end_date >= d.day))
    FROM unnest(days) AS d(day)
$f$
"""


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prefix() -> str:
    value = op.get_bind().execute(text("SELECT current_setting('vpr.role_prefix', true)")).scalar()
    return str(value) if value else DEFAULT_PREFIX


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")
    groups = ", ".join(q(_prefix() + g) for g in READERS)
    op.execute(f"GRANT EXECUTE ON FUNCTION {SIGNATURE} TO {groups}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
