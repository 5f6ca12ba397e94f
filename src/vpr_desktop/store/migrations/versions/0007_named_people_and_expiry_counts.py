"""Names the shared registers print, and training expiry counts, for roles that may not read
person rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Found by opening every page under each role's own PostgreSQL login (tests/views/admin/
test_role_pages_pg.py): the joint action log is the staff side's main page, yet listing it
joins ``person`` for the two owners' names, which a staff-side login may not read (0005); and
the Training page's expiry counts (30/60/90 days per course) read assignments and training
records. So:

* the view ``vpr_named_person`` (both backends) holds the id and name of every person the
  shared registers name: the owners of actions on either side and the holders and deputies of
  VPR roles -- the names the joint log and the roles register print anyway, and nobody
  else's. The action and roles services read those names through it, so every role that may
  see those pages sees the same lists (the roles register's Roles page failed the same way).
* on PostgreSQL, the SECURITY DEFINER function ``vpr_training_expiry_counts(as_of, d30, d60,
  d90)`` returns per course how many required assignments expire by each date: counts only,
  the same figures as ``TrainingService.expiring_counts`` (tests compare them).
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

DEFAULT_PREFIX = "vpr_"

NAMED_PERSON_VIEW = """
    SELECT p.id, p.first_name, p.last_name
    FROM person p
    WHERE p.id IN (
        SELECT management_owner_id FROM action WHERE management_owner_id IS NOT NULL
        UNION SELECT staff_side_owner_id FROM action WHERE staff_side_owner_id IS NOT NULL
        UNION SELECT holder_id FROM role_assignment WHERE holder_id IS NOT NULL
        UNION SELECT deputy_id FROM role_assignment WHERE deputy_id IS NOT NULL
    )
"""
NAME_READERS = ("lead", "chair", "staff_side", "board_secretary")

# TrainingService._expiring_stmt, counted per course (0006's _REQUIRED, copied on purpose: a
# migration must not change meaning when the services change later).
EXPIRY_FUNCTION = """
CREATE FUNCTION vpr_training_expiry_counts(as_of date, d30 date, d60 date, d90 date)
RETURNS TABLE(course_name text, within_30 bigint, within_60 bigint, within_90 bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT c.name::text,
           sum(CASE WHEN b.exp <= d30 THEN 1 ELSE 0 END),
           sum(CASE WHEN b.exp <= d60 THEN 1 ELSE 0 END),
           sum(CASE WHEN b.exp <= d90 THEN 1 ELSE 0 END)
    FROM (
        SELECT DISTINCT a.id AS aid, a.person_id AS pid, r.course_id AS cid,
               a.location_id AS lid, a.staff_group_id AS gid
        FROM assignment a
        LEFT JOIN location l ON l.id = a.location_id
        JOIN training_requirement r
          ON (r.staff_group_id IS NULL OR r.staff_group_id = a.staff_group_id)
         AND (r.setting_type IS NULL OR r.setting_type = l.setting_type)
         AND (r.location_id IS NULL OR r.location_id = a.location_id)
        JOIN course c ON c.id = r.course_id AND c.active IS true
        WHERE (a.start_date IS NULL OR a.start_date <= as_of)
          AND (a.end_date IS NULL OR a.end_date >= as_of)
    ) q
    JOIN (
        SELECT t.assignment_id AS aid, t.course_id AS cid,
               max(coalesce(t.expires_on, DATE '9999-12-31')) AS exp
        FROM training_record t
        WHERE t.completed_on <= as_of
        GROUP BY t.assignment_id, t.course_id
    ) b ON b.aid = q.aid AND b.cid = q.cid
    JOIN course c ON c.id = q.cid
    WHERE b.exp >= as_of AND b.exp <= d90
    GROUP BY c.name
$f$
"""
EXPIRY_SIGNATURE = "vpr_training_expiry_counts(date, date, date, date)"
EXPIRY_READERS = ("lead", "chair", "staff_side", "board_secretary")


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prefix() -> str:
    value = op.get_bind().execute(text("SELECT current_setting('vpr.role_prefix', true)")).scalar()
    return str(value) if value else DEFAULT_PREFIX


def upgrade() -> None:
    op.execute(f"CREATE VIEW vpr_named_person AS {NAMED_PERSON_VIEW}")
    if op.get_bind().dialect.name != "postgresql":
        return
    prefix = _prefix()
    op.execute("REVOKE ALL ON vpr_named_person FROM PUBLIC")
    op.execute(
        "GRANT SELECT ON vpr_named_person TO " + ", ".join(q(prefix + s) for s in NAME_READERS)
    )
    op.execute(EXPIRY_FUNCTION)
    op.execute(f"REVOKE ALL ON FUNCTION {EXPIRY_SIGNATURE} FROM PUBLIC")
    op.execute(
        f"GRANT EXECUTE ON FUNCTION {EXPIRY_SIGNATURE} TO "
        + ", ".join(q(prefix + s) for s in EXPIRY_READERS)
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {EXPIRY_SIGNATURE}")
    op.execute("DROP VIEW IF EXISTS vpr_named_person")
