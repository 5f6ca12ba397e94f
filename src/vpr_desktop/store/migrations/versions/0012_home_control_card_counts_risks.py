"""Home's control-review card counts risks for every role, as the page it opens lists them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

The card reads "Risks with a control review overdue" and opens the register filtered to those
risks; a role that may not read the register saw "Control reviews overdue" counting controls
(54 against 39 on the small demo), because 0006's ``vpr_home_figures`` counted ``risk_control``
rows. Two people comparing Home must see one number. The function keeps its signature (so its
grants stand); the column ``control_reviews_overdue`` now holds live risks with at least one
control whose review date has passed -- ``services.risks.queries.control_review_overdue_clause``
in SQL, copied on purpose. Its risk-review count is aligned the same way (live statuses).
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SIGNATURE_ARGS = "at timestamptz, today date"
RETURNS = (
    "TABLE(staff bigint, assignments bigint, incidents bigint, risks bigint, "
    "training_records bigint, actions bigint, support_overdue bigint, "
    "riddor_overdue bigint, risk_reviews_overdue bigint, control_reviews_overdue bigint, "
    "actions_overdue bigint, actions_sign_off bigint, last_backup_at timestamptz, "
    "last_backup_path text, last_pack_at timestamptz, first_incident timestamptz, "
    "last_incident timestamptz)"
)
BODY = """
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
      (SELECT count(*) FROM risk_assessment
        WHERE status IN ('open', 'tolerated') AND review_date < today),
      (SELECT count(*) FROM risk_assessment r
        WHERE r.status IN ('open', 'tolerated')
          AND EXISTS (SELECT 1 FROM risk_control c
                      WHERE c.risk_id = r.id AND c.next_review_date < today)),
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
"""
NEW_REVIEWS = """(SELECT count(*) FROM risk_assessment
        WHERE status IN ('open', 'tolerated') AND review_date < today)"""
NEW_CONTROL = """(SELECT count(*) FROM risk_assessment r
        WHERE r.status IN ('open', 'tolerated')
          AND EXISTS (SELECT 1 FROM risk_control c
                      WHERE c.risk_id = r.id AND c.next_review_date < today))"""
#: 0006's two counts, put back by a downgrade.
OLD_REVIEWS = (
    "(SELECT count(*) FROM risk_assessment WHERE status <> 'closed' AND review_date < today)"
)
OLD_CONTROL = "(SELECT count(*) FROM risk_control WHERE next_review_date < today)"


def _replace(body: str) -> None:
    op.execute(
        f"CREATE OR REPLACE FUNCTION vpr_home_figures({SIGNATURE_ARGS}) RETURNS {RETURNS} "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$ {body} $f$"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _replace(BODY)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _replace(BODY.replace(NEW_REVIEWS, OLD_REVIEWS).replace(NEW_CONTROL, OLD_CONTROL))
