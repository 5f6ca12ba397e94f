"""PostgreSQL enforces who may read and write what: group roles, grants, aggregate views.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

On a shared PostgreSQL database every person connects with their own login, which also works
outside the app (psql, Excel via ODBC), so the services' permission checks protect nothing there
on their own. This revision creates one NOLOGIN group role per VPR Desktop role (cluster-wide,
so only if missing; names ``<vpr.role_prefix><suffix>``, prefix default ``vpr_``) and grants
each the tables -- and for ``incident`` the columns -- that role may read or write:

* staff-side reps and board secretaries never read a person-level table (names, assignments,
  training records, affected staff, protected characteristics, support steps) nor an
  incident's narrative columns; they read safe incident columns and two aggregate views
  (``vpr_incident_staff_count``, ``vpr_characteristic_count`` -- counts of 1-7 left out, the
  NHS Digital small-number rule);
* only the roles that edit a record may write it;
* nobody may UPDATE, DELETE or TRUNCATE ``audit_event`` (0002's trigger refuses it too, for the
  owner and superusers as well); every role may INSERT, as every change is audited.

A table added by a later revision is readable by nobody but its owner until that revision
grants it: a new table is private by default. On SQLite this revision does nothing.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

DEFAULT_PREFIX = "vpr_"
SUFFIXES = ("lead", "chair", "staff_side", "board_secretary", "admin")

REFERENCE = ("site", "location", "staff_group", "directorate")
ASSESSMENT = (
    "standard",
    "standard_domain",
    "indicator",
    "crosswalk_link",
    "assessment_cycle",
    "rating",
    "evidence",
    "rating_evidence",
)
RISKS = ("risk_assessment", "risk_staff_group", "risk_control", "risk_review")
ACTIONS = (
    "action",
    "action_update",
    "action_sign_off",
    "committee_meeting",
    "meeting_action_review",
)
TRAINING_CATALOGUE = ("course", "training_requirement", "compliance_target")
ROLES_REGISTER = ("role_assignment",)
# Rows about one member of staff: names, job, training completions, harm, characteristics.
PERSON_LEVEL = (
    "person",
    "assignment",
    "training_record",
    "incident_staff",
    "staff_characteristic",
    "support_step",
)
ACCOUNTS = ("app_user", "user_role")
ADMIN_TABLES = ("setting", "backup_record", "import_batch", "mapping_profile", "draft")
INCIDENT_TABLES = ("incident", "incident_type")
ARCHIVE = ("pack_archive",)
AUDIT = ("audit_event",)

ALL_TABLES = (
    REFERENCE
    + ASSESSMENT
    + RISKS
    + ACTIONS
    + TRAINING_CATALOGUE
    + ROLES_REGISTER
    + PERSON_LEVEL
    + ACCOUNTS
    + ADMIN_TABLES
    + INCIDENT_TABLES
    + ARCHIVE
    + AUDIT
)

# Incident columns that name nobody and tell no story: enough for every count the summary,
# the board pack and the staff side's figures need. Narratives (description,
# injury_description, riddor_reason), the person who overrode RIDDOR, and references that lead
# back to a record in another system (Datix, police, RIDDOR) are left out.
INCIDENT_SAFE_COLUMNS = (
    "id",
    "version",
    "created_at",
    "updated_at",
    "reference",
    "occurred_at",
    "month",
    "reported_at",
    "location_id",
    "primary_type",
    "hate_strand",
    "perpetrator_type",
    "intent",
    "harm",
    "injury",
    "specified_injury",
    "days_lost",
    "near_miss",
    "personal_dispute",
    "police_informed",
    "police_outcome",
    "cps_outcome",
    "aewa_sanction",
    "riddor_status",
    "riddor_deadline",
    "riddor_submitted_on",
    "feedback_given_on",
    "police_outcome_on",
    "cps_outcome_on",
)

AGGREGATE_VIEWS = {
    "vpr_incident_staff_count": """
        SELECT incident_id, staff_group_id,
               count(*) AS people,
               sum(days_absent) AS days_absent,
               sum(restricted_duties_days) AS restricted_duties_days
        FROM incident_staff
        GROUP BY incident_id, staff_group_id
    """,
    "vpr_characteristic_count": """
        SELECT i.month, c.characteristic, c.value, count(*) AS people
        FROM staff_characteristic c
        JOIN incident_staff s ON s.id = c.incident_staff_id
        JOIN incident i ON i.id = s.incident_id
        WHERE s.pc_consent
        GROUP BY i.month, c.characteristic, c.value
        HAVING count(*) > 7
    """,
}

# What each group may read. Aggregate readers get safe incident columns and the views.
AGGREGATE_READ = REFERENCE + ASSESSMENT + ACTIONS + TRAINING_CATALOGUE + ROLES_REGISTER
READ: dict[str, tuple[str, ...]] = {
    "lead": ALL_TABLES,
    # The committee pack's equality tables are counted from staff_characteristic (then
    # suppressed by the service), so the chair reads it; the chair never writes it.
    "chair": tuple(t for t in ALL_TABLES if t not in ("audit_event", "mapping_profile")),
    "staff_side": AGGREGATE_READ + ACCOUNTS + ("setting", "incident_type"),
    "board_secretary": AGGREGATE_READ + RISKS + ACCOUNTS + ARCHIVE + ("setting", "incident_type"),
    "admin": REFERENCE + ACCOUNTS + ("setting", "backup_record", "import_batch", "audit_event"),
}
SAFE_INCIDENT_READERS = ("staff_side", "board_secretary", "admin")
VIEW_READERS = ("lead", "chair", "staff_side", "board_secretary", "admin")

# What each group may change (INSERT, UPDATE, DELETE unless said otherwise).
WRITE: dict[str, tuple[str, ...]] = {
    "lead": tuple(t for t in ALL_TABLES if t not in ACCOUNTS + AUDIT),
    "chair": ("pack_archive", "draft"),
    "staff_side": (),
    "board_secretary": (),
    "admin": (*ACCOUNTS, "setting", "backup_record"),
}
# Action log sign-off and the staff side's own fields: insert and update, never delete.
INSERT_UPDATE: dict[str, tuple[str, ...]] = {
    "chair": ("action", "action_update", "action_sign_off", "meeting_action_review"),
    "staff_side": ("action", "action_update", "action_sign_off", "assessment_cycle"),
    "board_secretary": ("pack_archive",),
}


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _prefix() -> str:
    value = op.get_bind().execute(text("SELECT current_setting('vpr.role_prefix', true)")).scalar()
    return str(value) if value else DEFAULT_PREFIX


def _ensure_group(name: str) -> None:
    bind = op.get_bind()
    exists = bind.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    if exists:
        return
    may = bind.execute(
        text("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not may:
        from vpr_desktop.domain.errors import DatabaseRefused

        raise DatabaseRefused(
            f"The database needs the group role {name}, and this login may not create roles.",
            f"Ask the database administrator to run: CREATE ROLE {q(name)} NOLOGIN; "
            "then open the database again.",
        )
    # Another database on the same server may be creating it at this moment.
    op.execute(
        f"DO $$ BEGIN CREATE ROLE {q(name)} NOLOGIN; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    prefix = _prefix()
    groups = {s: prefix + s for s in SUFFIXES}
    for name in groups.values():
        _ensure_group(name)
    for view, body in AGGREGATE_VIEWS.items():
        op.execute(f"CREATE VIEW {view} AS {body}")
    every = ", ".join(q(g) for g in groups.values())
    tables = ", ".join(ALL_TABLES)
    op.execute(f"REVOKE ALL ON {tables} FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {every}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {every}")
    op.execute(f"GRANT SELECT ON alembic_version TO {every}")
    for view in AGGREGATE_VIEWS:
        op.execute(f"GRANT SELECT ON {view} TO " + ", ".join(q(groups[s]) for s in VIEW_READERS))
    for suffix, readable in READ.items():
        if readable:
            op.execute(f"GRANT SELECT ON {', '.join(readable)} TO {q(groups[suffix])}")
    columns = ", ".join(INCIDENT_SAFE_COLUMNS)
    for suffix in SAFE_INCIDENT_READERS:
        op.execute(f"GRANT SELECT ({columns}) ON incident TO {q(groups[suffix])}")
    for suffix, writable in WRITE.items():
        if writable:
            op.execute(
                f"GRANT INSERT, UPDATE, DELETE ON {', '.join(writable)} TO {q(groups[suffix])}"
            )
    for suffix, writable in INSERT_UPDATE.items():
        op.execute(f"GRANT INSERT, UPDATE ON {', '.join(writable)} TO {q(groups[suffix])}")
    # Every change is audited by whoever makes it; nobody rewrites history, the owner included.
    op.execute(f"GRANT INSERT ON audit_event TO {every}")
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC, {every}")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM CURRENT_USER")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    prefix = _prefix()
    for view in AGGREGATE_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    existing = [
        prefix + s
        for s in SUFFIXES
        if op.get_bind()
        .execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": prefix + s})
        .first()
    ]
    if existing:
        every = ", ".join(q(g) for g in existing)
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {every}")
        op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {every}")
    # The group roles stay: they are cluster-wide and other databases may use them.
    op.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_event TO CURRENT_USER")
