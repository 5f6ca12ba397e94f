"""The self-assessment as the national "assessment and improvement action plan" layout: one
row per indicator with its rating, evidence, gaps, actions, owners and dates.

Kept apart from the queries that load a cycle because it is a layout, not a read: it takes a
cycle already loaded once (the same load the summary and tree use) and flattens it, so the
exported sheet and the screens can never disagree about a rating or its actions.
"""

from __future__ import annotations

from collections.abc import Iterable

from vpr_desktop.domain.action_rules import STATUS_LABELS
from vpr_desktop.services.assessment.loaded_cycle import LoadedCycle
from vpr_desktop.services.assessment.records import AssessmentExport
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.assessment.records import EvidenceItem
from vpr_desktop.services.assessment.records import ExportRow
from vpr_desktop.services.assessment.summary import rating_view


def action_plan(loaded: LoadedCycle, summary: CycleSummary, prepared_by: str) -> AssessmentExport:
    """One :class:`ExportRow` per indicator of ``loaded``, in the cycle's order: the live
    actions where there are any (otherwise every action raised), their earliest due date, the
    evidence's earliest review date, and the flags a reviewer must act on."""
    rows = []
    for r in loaded.rows:
        view = rating_view(r, loaded)
        live = r.live_actions
        acts = live or r.actions
        flags = [
            text
            for cond, text in (
                (r.carried_forward, "Carried forward — confirm"),
                (r.needs_reconfirm, "Wording changed — re-confirm"),
                (r.retired, "Retired from the library"),
                (view.evidence_past_review > 0, "Evidence past its review date"),
            )
            if cond
        ]
        reviews = [e.review_date for e in r.evidence if e.review_date]
        dues = [a.due_date for a in acts if a.due_date]
        rows.append(
            ExportRow(
                domain=f"{r.domain_code} {r.domain_title}",
                code=r.code,
                indicator=r.text,
                rag_label=view.level.label,
                level=view.level,
                work_status=view.work_status_label,
                narrative=r.narrative,
                evidence=_join(_evidence_text(e) for e in r.evidence),
                gap=_join(a.description for a in acts),
                action=_join(f"{a.reference} {a.title}" for a in acts),
                management_owner=_join(a.management_owner for a in acts),
                staff_side_owner=_join(a.staff_side_owner for a in acts),
                target_date=min(dues) if dues else None,
                action_status=_join(STATUS_LABELS[a.status] for a in acts),
                last_reviewed=r.rated_at.date() if r.rated_at else None,
                next_review=min(reviews) if reviews else None,
                flags="; ".join(flags) or None,
            )
        )
    return AssessmentExport(summary, tuple(rows), prepared_by)


def _evidence_text(e: EvidenceItem) -> str:
    where = e.url or e.original_name or ""
    review = f", review by {e.review_date.isoformat()}" if e.review_date else ""
    return f"{e.title} ({where}{review})" if where else e.title


def _join(items: Iterable[object]) -> str | None:
    values = list(dict.fromkeys(str(i) for i in items if i))
    return "\n".join(values) or None
