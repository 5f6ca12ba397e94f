"""Carrying forward across assessment cycles: which earlier ratings an indicator descends
from, and the actions that reach it through them.

An action keeps pointing at the rating it was raised from, so signed-off cycles never change;
an action still open on the same indicator in an earlier cycle this one was carried from
(through the chain of ``previous_cycle_id``; across editions only through *confirmed*
crosswalk links) is shown on the later cycle too. This is worked out when read, here, and used
by the read side (each indicator's actions) and the write side (carrying a cycle forward).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.action_rules import LIVE_STATUSES
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import CrosswalkLink
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Rating
from vpr_desktop.services.actions.details import person_names
from vpr_desktop.services.assessment.records import LinkedAction
from vpr_desktop.services.common.same_named import from_same_named

MAX_LINEAGE = 50  # cycles followed back (a guard; real chains are a handful)


def confirmed_mapping(session: Session, from_std: int, to_std: int) -> dict[int, list[int]]:
    """Indicator of ``to_std`` -> indicators of ``from_std`` joined by a *confirmed* link (links
    are read both ways: a 2020 → 2024 link also carries 2024 → 2020)."""
    ids_from = select(Indicator.id).where(Indicator.standard_id == from_std)
    ids_to = select(Indicator.id).where(Indicator.standard_id == to_std)
    old_ids = set(session.scalars(ids_from))
    out: dict[int, list[int]] = defaultdict(list)
    for a, b in session.execute(
        select(CrosswalkLink.from_indicator_id, CrosswalkLink.to_indicator_id).where(
            CrosswalkLink.confirmed_by.is_not(None),
            or_(
                CrosswalkLink.from_indicator_id.in_(ids_from)
                & CrosswalkLink.to_indicator_id.in_(ids_to),
                CrosswalkLink.from_indicator_id.in_(ids_to)
                & CrosswalkLink.to_indicator_id.in_(ids_from),
            ),
        )
    ).all():
        old, new = (a, b) if a in old_ids else (b, a)
        if old not in out[new]:
            out[new].append(old)
    return out


def lineage(session: Session, cycle: AssessmentCycle) -> dict[int, list[tuple[int, str]]]:
    """Rating id in ``cycle`` -> [(rating id in an earlier cycle, that cycle's name)] along the
    carry-forward chain (same indicator; across editions, confirmed crosswalk links)."""
    ratings = session.execute(
        select(Rating.indicator_id, Rating.id).where(Rating.cycle_id == cycle.id)
    ).all()
    frontier: dict[int, set[int]] = {rid: {iid} for iid, rid in ratings}
    out: dict[int, list[tuple[int, str]]] = defaultdict(list)
    std_id, prev_id, seen = cycle.standard_id, cycle.previous_cycle_id, {cycle.id}
    while prev_id is not None and prev_id not in seen and len(seen) <= MAX_LINEAGE:
        seen.add(prev_id)
        prev = session.get(AssessmentCycle, prev_id)
        if prev is None:
            break
        if prev.standard_id != std_id:
            mapping = confirmed_mapping(session, prev.standard_id, std_id)
            frontier = {
                rid: {o for i in inds for o in mapping.get(i, [])} for rid, inds in frontier.items()
            }
            std_id = prev.standard_id
        there = dict(
            session.execute(
                select(Rating.indicator_id, Rating.id).where(Rating.cycle_id == prev.id)
            ).all()
        )
        for rid, inds in frontier.items():
            out[rid].extend((there[i], prev.name) for i in sorted(inds) if i in there)
        prev_id = prev.previous_cycle_id
    return out


def linked_actions(
    session: Session, cycle: AssessmentCycle, rating_ids: list[int], with_names: bool
) -> dict[int, list[LinkedAction]]:
    """Actions raised from each rating (any status) and open ones carried into it; owners'
    names only ``with_names`` (a pack reader without the action log sees the actions but not
    who owns them)."""
    ancestors = lineage(session, cycle)
    wanted = set(rating_ids) | {a for lst in ancestors.values() for a, _ in lst}
    found: dict[int, list[Action]] = defaultdict(list)
    for a in session.scalars(
        select(Action)
        .where(Action.source_entity == "rating", Action.source_id.in_(list(wanted)))
        .order_by(Action.reference)
    ):
        found[int(a.source_id)].append(a)  # type: ignore[arg-type]
    names: dict[int | None, str] = {}
    if with_names:
        owners = [a.management_owner_id for lst in found.values() for a in lst]
        owners += [a.staff_side_owner_id for lst in found.values() for a in lst]
        names = person_names(session, owners)
    out: dict[int, list[LinkedAction]] = defaultdict(list)
    for rid in rating_ids:
        seen: set[int] = set()
        sources = [(rid, None), *ancestors.get(rid, [])]
        for source_id, from_name in sources:
            for a in found.get(source_id, []):
                carried = source_id != rid
                if a.id in seen or (carried and ActionStatus(a.status) not in LIVE_STATUSES):
                    continue
                seen.add(a.id)
                out[rid].append(
                    from_same_named(
                        LinkedAction,
                        a,
                        status=ActionStatus(a.status),
                        management_owner=names.get(a.management_owner_id),
                        staff_side_owner=names.get(a.staff_side_owner_id),
                        rating_id=source_id,
                        carried_forward=carried,
                        from_cycle_name=from_name,
                    )
                )
    return out
