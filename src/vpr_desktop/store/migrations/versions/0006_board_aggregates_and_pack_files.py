"""Board pack from aggregates only; the pack archive's files in the database.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Two things a shared database needs that 0005 left out:

* **Aggregates for the board pack and the home page.** A board secretary (and a staff-side rep)
  may not read person-level tables (0005), yet the board pack counts training compliance and
  support given on time, and the home page counts staff and overdue support. On PostgreSQL this
  revision adds SECURITY DEFINER functions with a fixed output -- counts only, never a row
  about a person -- that run as the database owner: ``vpr_training_compliance``,
  ``vpr_training_compliance_by_course``, ``vpr_support_on_time``, ``vpr_home_figures`` and
  ``vpr_names_in_shared_text`` (the person names that appear in text those readers can already
  read: the board pack's name guard; taking no input, it cannot be used to test guesses). The
  view ``vpr_role_holder`` (both backends) says, per role holder, how many assignments they
  have and when the last ended, so the roles register needs no ``person`` row to find a holder
  who has left. The SQL of each function copies the services' queries on purpose: a migration
  must not change meaning when the services change later, and the tests compare the figures
  with the services' own queries on SQLite and PostgreSQL.
* **Pack files in the database.** ``pack_archive`` gains the file's bytes, the meeting it went
  to, the run's parameters and the app version, so every user of a shared database can retrieve
  a pack "as presented" and a backup carries it. On PostgreSQL, row-level security lets the
  VPR lead and the committee chair see every pack, and the board secretary, staff-side reps and
  administrators board packs only (a committee pack names staff); board secretaries may add
  board packs only. Old rows keep their files in the generating PC's data folder and still list.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy import text

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

DEFAULT_PREFIX = "vpr_"

ROLE_HOLDER_VIEW = """
    SELECT person_id,
           count(*) AS assignments,
           max(CASE WHEN end_date IS NULL THEN 1 ELSE 0 END) AS open_ended,
           max(end_date) AS last_end_date
    FROM assignment
    WHERE person_id IN (
        SELECT holder_id FROM role_assignment WHERE holder_id IS NOT NULL
        UNION SELECT deputy_id FROM role_assignment WHERE deputy_id IS NOT NULL
    )
    GROUP BY person_id
"""

# (assignment, person, course, location, staff group) for every required pairing of an
# assignment in post on as_of, distinct: TrainingService._required_assignments.
_REQUIRED = """
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
"""
_HELD = """
    CASE WHEN EXISTS (
        SELECT 1 FROM training_record t
        WHERE t.assignment_id = q.aid AND t.course_id = q.cid AND t.completed_on <= as_of
          AND (t.expires_on IS NULL OR t.expires_on >= as_of)
    ) THEN 1 ELSE 0 END
"""

FUNCTIONS: dict[str, tuple[str, str, str]] = {
    # name: (arguments, returns, body)
    "vpr_training_compliance": (
        "as_of date",
        "TABLE(course_id integer, location_id integer, staff_group_id integer, "
        "required bigint, compliant bigint, people bigint)",
        f"""
        SELECT q.cid, q.lid, q.gid, count(q.aid), sum({_HELD}), count(DISTINCT q.pid)
        FROM ({_REQUIRED}) q
        GROUP BY q.cid, q.lid, q.gid
        """,
    ),
    "vpr_training_compliance_by_course": (
        "as_of date, at_location integer, in_group integer",
        "TABLE(course_id integer, required bigint, compliant bigint, people bigint)",
        f"""
        SELECT q.cid, count(q.aid), sum({_HELD}), count(DISTINCT q.pid)
        FROM ({_REQUIRED}) q
        WHERE (at_location IS NULL OR q.lid = at_location)
          AND (in_group IS NULL OR q.gid = in_group)
        GROUP BY q.cid
        """,
    ),
    # IncidentStats.support_on_time: per step type, for incidents in the period.
    "vpr_support_on_time": (
        "first_month text, last_month text, occurred_from timestamptz, "
        "occurred_before timestamptz, at timestamptz, location_ids integer[]",
        "TABLE(step_type text, on_time bigint, late bigint, overdue bigint, "
        "not_yet_due bigint, declined bigint)",
        """
        SELECT s.step_type::text,
               coalesce(sum(CASE WHEN s.done_at IS NOT NULL AND s.declined IS false
                                  AND s.done_at <= s.due_by THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN s.done_at IS NOT NULL AND s.declined IS false
                                  AND s.done_at > s.due_by THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN s.done_at IS NULL AND s.declined IS false
                                  AND s.due_by < at THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN s.done_at IS NULL AND s.declined IS false
                                  AND s.due_by >= at THEN 1 ELSE 0 END), 0),
               coalesce(sum(CASE WHEN s.declined IS true THEN 1 ELSE 0 END), 0)
        FROM support_step s
        JOIN incident i ON i.id = s.incident_id
        WHERE i.month >= first_month AND i.month <= last_month
          AND (occurred_from IS NULL OR i.occurred_at >= occurred_from)
          AND (occurred_before IS NULL OR i.occurred_at < occurred_before)
          AND (location_ids IS NULL OR i.location_id = ANY(location_ids))
        GROUP BY s.step_type
        """,
    ),
    # SummaryService.home: every figure the home page shows, for every role.
    "vpr_home_figures": (
        "at timestamptz, today date",
        "TABLE(staff bigint, assignments bigint, incidents bigint, risks bigint, "
        "training_records bigint, actions bigint, support_overdue bigint, "
        "riddor_overdue bigint, risk_reviews_overdue bigint, control_reviews_overdue bigint, "
        "actions_overdue bigint, actions_sign_off bigint, last_backup_at timestamptz, "
        "last_backup_path text, last_pack_at timestamptz, first_incident timestamptz, "
        "last_incident timestamptz)",
        """
        SELECT
          (SELECT count(*) FROM person),
          (SELECT count(*) FROM assignment),
          (SELECT count(*) FROM incident),
          (SELECT count(*) FROM risk_assessment),
          (SELECT count(*) FROM training_record),
          (SELECT count(*) FROM action),
          (SELECT count(*) FROM support_step
            WHERE done_at IS NULL AND declined IS false AND due_by < at),
          (SELECT count(*) FROM incident WHERE riddor_status = 'reportable'
            AND riddor_submitted_on IS NULL AND riddor_deadline < today),
          (SELECT count(*) FROM risk_assessment WHERE status <> 'closed' AND review_date < today),
          (SELECT count(*) FROM risk_control WHERE next_review_date < today),
          (SELECT count(*) FROM action
            WHERE status IN ('open', 'in_progress', 'awaiting_sign_off')
              AND due_date IS NOT NULL AND due_date < today),
          (SELECT count(*) FROM action WHERE status = 'awaiting_sign_off'),
          b.taken_at, b.path::text,
          (SELECT max(generated_at) FROM pack_archive),
          (SELECT min(occurred_at) FROM incident),
          (SELECT max(occurred_at) FROM incident)
        FROM (SELECT 1) one
        LEFT JOIN (SELECT taken_at, path FROM backup_record ORDER BY taken_at DESC LIMIT 1) b
          ON true
        """,
    ),
}

# Text a board secretary may already read; names found in it are redacted from a board pack.
SHARED_TEXT_TABLES = (
    "site",
    "location",
    "staff_group",
    "directorate",
    "standard",
    "standard_domain",
    "indicator",
    "assessment_cycle",
    "rating",
    "evidence",
    "risk_assessment",
    "risk_control",
    "risk_review",
    "action",
    "action_update",
    "action_sign_off",
    "committee_meeting",
    "meeting_action_review",
    "course",
    "role_assignment",
    "incident_type",
    "setting",
)
WORD = "[A-Za-z][-A-Za-z']*"  # the name guard's word (services/packs/builder.py)
NAMES_FUNCTION = """
CREATE FUNCTION vpr_names_in_shared_text() RETURNS TABLE(first_name text, last_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
    texts text;
BEGIN
    SELECT string_agg(
               format('SELECT %I::text AS body FROM %I WHERE %I IS NOT NULL',
                      c.column_name, c.table_name, c.column_name),
               ' UNION ALL ')
      INTO texts
      FROM information_schema.columns c
     WHERE c.table_schema = 'public' AND c.table_name = ANY(TABLES)
       AND c.data_type IN ('text', 'character varying', 'json', 'jsonb');
    IF texts IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format(
        'WITH texts AS (SELECT row_number() OVER () AS n, body FROM (%s) u), '
        'words AS (SELECT t.n, m.ord, lower(m.w[1]) AS w FROM texts t, '
        '          regexp_matches(t.body, $1, ''g'') WITH ORDINALITY AS m(w, ord)), '
        'pairs AS (SELECT w AS a, lead(w) OVER (PARTITION BY n ORDER BY ord) AS b FROM words) '
        'SELECT DISTINCT lower(btrim(p.first_name))::text, lower(btrim(p.last_name))::text '
        'FROM pairs JOIN person p ON lower(btrim(p.first_name)) = pairs.a '
        '                        AND lower(btrim(p.last_name)) = pairs.b',
        texts) USING WORD;
END
$f$
"""

# Who may call what (group suffixes, as in 0005).
EXECUTE: dict[str, tuple[str, ...]] = {
    "vpr_training_compliance": ("lead", "chair", "staff_side", "board_secretary"),
    "vpr_training_compliance_by_course": ("lead", "chair", "staff_side", "board_secretary"),
    "vpr_support_on_time": ("lead", "chair", "board_secretary"),
    "vpr_home_figures": ("lead", "chair", "staff_side", "board_secretary", "admin"),
    "vpr_names_in_shared_text": ("lead", "chair", "board_secretary"),
}
SIGNATURES = {
    "vpr_training_compliance": "date",
    "vpr_training_compliance_by_course": "date, integer, integer",
    "vpr_support_on_time": "text, text, timestamptz, timestamptz, timestamptz, integer[]",
    "vpr_home_figures": "timestamptz, date",
    "vpr_names_in_shared_text": "",
}
ROLE_HOLDER_READERS = ("lead", "chair", "staff_side", "board_secretary")
# Row-level security on pack_archive: (policy, command, groups, USING, WITH CHECK).
ALL_PACKS = "true"
BOARD_PACKS = "kind = 'board'"
POLICIES = (
    ("pack_every_kind", "ALL", ("lead", "chair"), ALL_PACKS, ALL_PACKS),
    ("pack_board_read", "SELECT", ("board_secretary", "staff_side", "admin"), BOARD_PACKS, None),
    ("pack_board_add", "INSERT", ("board_secretary",), None, BOARD_PACKS),
)
NEW_COLUMNS = ("content", "size", "meeting", "meeting_date", "parameters", "app_version")


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prefix() -> str:
    value = op.get_bind().execute(text("SELECT current_setting('vpr.role_prefix', true)")).scalar()
    return str(value) if value else DEFAULT_PREFIX


def upgrade() -> None:
    with op.batch_alter_table("pack_archive") as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("size", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("meeting", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("meeting_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("parameters", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("app_version", sa.String(length=40), nullable=True))
    op.execute(f"CREATE VIEW vpr_role_holder AS {ROLE_HOLDER_VIEW}")
    if op.get_bind().dialect.name != "postgresql":
        return
    prefix = _prefix()

    def groups(suffixes: tuple[str, ...]) -> str:
        return ", ".join(q(prefix + s) for s in suffixes)

    for name, (args, returns, body) in FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION {name}({args}) RETURNS {returns} LANGUAGE sql STABLE "
            f"SECURITY DEFINER SET search_path = public, pg_temp AS $f$ {body} $f$"
        )
    tables = "ARRAY[" + ", ".join(f"'{t}'" for t in SHARED_TEXT_TABLES) + "]::text[]"
    word = "'" + WORD.replace("'", "''") + "'"
    op.execute(NAMES_FUNCTION.replace("TABLES", tables).replace("WORD", word))
    for name, suffixes in EXECUTE.items():
        signature = f"{name}({SIGNATURES[name]})"
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {groups(suffixes)}")
    # Every change is audited with INSERT ... RETURNING id, which needs SELECT on ``id``: 0005
    # let every group insert audit rows but only leads and administrators read them, so a
    # board secretary's pack (or a staff-side rep's sign-off) failed at its audit row.
    every = groups(("lead", "chair", "staff_side", "board_secretary", "admin"))
    op.execute(f"GRANT SELECT (id) ON audit_event TO {every}")
    op.execute("REVOKE ALL ON vpr_role_holder FROM PUBLIC")
    op.execute(f"GRANT SELECT ON vpr_role_holder TO {groups(ROLE_HOLDER_READERS)}")
    # Board packs hold no names: staff-side reps and administrators may read those (0005 let
    # only lead, chair and board secretary read the table); the policies pick the rows.
    op.execute(f"GRANT SELECT ON pack_archive TO {groups(('staff_side', 'admin'))}")
    op.execute("ALTER TABLE pack_archive ENABLE ROW LEVEL SECURITY")
    for policy, command, suffixes, using, check in POLICIES:
        sql = f"CREATE POLICY {policy} ON pack_archive FOR {command} TO {groups(suffixes)}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for policy, *_rest in POLICIES:
            op.execute(f"DROP POLICY IF EXISTS {policy} ON pack_archive")
        op.execute("ALTER TABLE pack_archive DISABLE ROW LEVEL SECURITY")
        prefix = _prefix()
        existing = [
            prefix + s
            for s in ("staff_side", "admin")
            if op.get_bind()
            .execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": prefix + s})
            .first()
        ]
        if existing:
            op.execute(f"REVOKE SELECT ON pack_archive FROM {', '.join(q(g) for g in existing)}")
        every = [
            prefix + s
            for s in ("lead", "chair", "staff_side", "board_secretary", "admin")
            if op.get_bind()
            .execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": prefix + s})
            .first()
        ]
        if every:  # a column grant only: lead's and admin's table grant (0005) stays
            op.execute(f"REVOKE SELECT (id) ON audit_event FROM {', '.join(q(g) for g in every)}")
        for name in SIGNATURES:
            op.execute(f"DROP FUNCTION IF EXISTS {name}({SIGNATURES[name]})")
    op.execute("DROP VIEW IF EXISTS vpr_role_holder")
    with op.batch_alter_table("pack_archive") as batch:
        for column in reversed(NEW_COLUMNS):
            batch.drop_column(column)
