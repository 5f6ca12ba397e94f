"""The one place a cycle's figures are computed: RAG per domain, change since the previous
cycle, evidence and action counts.

Why one place: the tree's chips, the progress chart, the comparison view, the committee and
board packs and the Excel export must never disagree about "how many are red". Each takes the
:class:`~vpr_desktop.services.assessment.records.CycleSummary` built here (through
``AssessmentService.summary``) or the rows it was built from, never counting on its own.

The input is the cycle as loaded by :mod:`~vpr_desktop.services.assessment.queries` (a few
queries, then plain Python: a cycle is at most a few hundred indicators, and the counts need
evidence review dates and action lineage that SQL alone would make hard to read).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.domain.standard_library import classify_change
from vpr_desktop.domain.standard_library import is_working_summary
from vpr_desktop.services.assessment.loaded_cycle import LoadedCycle
from vpr_desktop.services.assessment.loaded_cycle import LoadedRow
from vpr_desktop.services.assessment.records import CycleSummary
from vpr_desktop.services.assessment.records import DomainSummary
from vpr_desktop.services.assessment.records import IndicatorChange
from vpr_desktop.services.assessment.records import RagCounts
from vpr_desktop.services.assessment.records import RatingView
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.services.common.same_named import from_same_named


def counts_of(rags: Iterable[Rag]) -> RagCounts:
    """Count ``rags`` by colour."""
    c = Counter(rags)
    return RagCounts(
        red=c[Rag.RED], amber=c[Rag.AMBER], green=c[Rag.GREEN], not_rated=c[Rag.NOT_RATED]
    )


def rating_view(row: LoadedRow, loaded: LoadedCycle) -> RatingView:
    """The screen's view of one loaded row, with its scale level and change since last cycle."""
    level = next(s for s in loaded.scale if s.id is row.rag)
    previous = loaded.previous_rags.get(row.indicator_id) if loaded.previous else None
    return from_same_named(
        RatingView,
        row,
        id=row.rating_id,
        working_summary=is_working_summary(row.text),
        level=level,
        evidence_count=len(row.evidence),
        evidence_past_review=sum(1 for e in row.evidence if e.past_review),
        open_actions=len(row.live_actions),
        change=classify_change(previous, row.rag),
        previous_rag=previous,
    )


def summarise(loaded: LoadedCycle, as_at: dt.date) -> CycleSummary:
    """Every figure of one cycle; see the module docstring."""
    views = [rating_view(r, loaded) for r in loaded.rows]
    domains: list[DomainSummary] = []
    order: list[str] = []
    grouped: dict[str, list[tuple[LoadedRow, RatingView]]] = {}
    for row, view in zip(loaded.rows, views, strict=True):
        if row.domain_code not in grouped:
            order.append(row.domain_code)
        grouped.setdefault(row.domain_code, []).append((row, view))
    for code in order:
        items = grouped[code]
        domains.append(
            DomainSummary(
                code=code,
                title=items[0][0].domain_title,
                counts=counts_of(v.rag for _, v in items),
                to_reconfirm=sum(1 for _, v in items if v.needs_reconfirm),
                carried_forward=sum(1 for _, v in items if v.carried_forward),
                no_evidence=sum(1 for _, v in items if v.evidence_count == 0),
                evidence_past_review=sum(1 for _, v in items if v.evidence_past_review),
                open_actions=len({a.id for r, _ in items for a in r.live_actions}),
                changes=dict(Counter(v.change for _, v in items)),
            )
        )
    changes = tuple(
        IndicatorChange(v.domain_code, v.code, v.text, v.previous_rag, v.rag, v.change)
        for v in views
    )
    return CycleSummary(
        cycle=loaded.cycle,
        scale=loaded.scale,
        overall=counts_of(v.rag for v in views),
        domains=tuple(domains),
        previous_cycle=loaded.previous,
        changes=changes,
        change_counts={c: sum(1 for v in views if v.change is c) for c in Change},
        open_gap_actions=len({a.id for r in loaded.rows for a in r.live_actions}),
        to_reconfirm=sum(1 for v in views if v.needs_reconfirm),
        carried_forward=sum(1 for v in views if v.carried_forward),
        no_evidence=sum(1 for v in views if v.evidence_count == 0),
        evidence_past_review=sum(1 for v in views if v.evidence_past_review),
        as_at=as_at,
    )


def passes(view: RatingView, f: TreeFilter) -> bool:
    """Whether a tree row passes the filter (every given condition must hold)."""
    if f.rags and view.rag not in f.rags:
        return False
    if f.no_evidence and view.evidence_count:
        return False
    if f.evidence_past_review and not view.evidence_past_review:
        return False
    if f.to_reconfirm and not (view.needs_reconfirm or view.carried_forward):
        return False
    term = f.search.strip().casefold()
    if term:
        haystack = " ".join((view.code, view.text, view.narrative or "")).casefold()
        if term not in haystack:
            return False
    return True
