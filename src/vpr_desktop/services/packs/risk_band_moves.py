"""Risks that moved band in a window, for the "changes since the last pack" section.

A move is measured from the position the first review in the window *found* to what the last
review in the window *agreed* (``RiskReview`` snapshots, written by the register's
``record_review``), so a risk raised and lowered again in the window shows no movement. This
is the query and its reading; the section's wording is :mod:`vpr_desktop.services.packs.changes`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import RiskAssessment
from vpr_desktop.domain.models import RiskReview
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.domain.risk_matrix import ScoreCell
from vpr_desktop.services.common.locations import location_label
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.risks.queries import review_view


@dataclass(frozen=True)
class BandMove:
    """A risk whose band moved in the window: the position first found and last agreed."""

    reference: str
    title: str
    location: str | None
    found: ScoreCell
    agreed: ScoreCell
    reviewed_on: dt.date

    @property
    def worse(self) -> bool:
        """True when the risk got worse (its agreed score is higher than found)."""
        return self.agreed.score > self.found.score


def band_moves(
    ctx: PackContext, matrix: RiskMatrix, start: dt.date, end: dt.date
) -> list[BandMove]:
    """Risks whose band differs between the first review's finding and the last review's
    decision in [start, end] (the caller has checked the pack permission)."""
    stmt = (
        select(RiskReview, RiskAssessment.reference, RiskAssessment.title, location_label())
        .join(RiskAssessment, RiskAssessment.id == RiskReview.risk_id)
        .outerjoin(Location, Location.id == RiskAssessment.location_id)
        .where(RiskReview.reviewed_on >= start, RiskReview.reviewed_on <= end)
        .order_by(RiskReview.risk_id, RiskReview.reviewed_on, RiskReview.id)
    )
    first: dict[int, tuple[ScoreCell, str, str, str | None]] = {}
    last: dict[int, tuple[ScoreCell | None, dt.date]] = {}
    with reading(ctx.db) as s:
        for review, ref, title, place in s.execute(stmt):
            view = review_view(review, matrix)
            # An outer join: a risk with no location reads None (the column type says str).
            location: str | None = place
            first.setdefault(review.risk_id, (view.found, ref, title, location))
            last[review.risk_id] = (view.agreed, review.reviewed_on)
    moves = []
    for rid, (found, ref, title, loc) in first.items():
        agreed, on = last[rid]
        if agreed is not None and agreed.band_key != found.band_key:
            moves.append(BandMove(ref, title, loc, found, agreed, on))
    return sorted(moves, key=lambda m: (not m.worse, -m.agreed.score, m.reference))
