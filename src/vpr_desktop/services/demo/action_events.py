"""Demo trust: actions with their update timelines, sign-offs and committee reviews.

A stage of the generator, run after risks so actions can name them; ``generate.py`` says why it
is deterministic and ``events.py`` why draws are only ever appended.
"""

from __future__ import annotations

import datetime as dt

from vpr_desktop.domain.enums import ActionSource as Src
from vpr_desktop.domain.enums import ActionStatus as St
from vpr_desktop.domain.enums import ActionUpdateKind
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import ActionSignOff
from vpr_desktop.domain.models import ActionUpdate
from vpr_desktop.domain.models import CommitteeMeeting
from vpr_desktop.domain.models import MeetingActionReview
from vpr_desktop.services.demo import names
from vpr_desktop.services.demo.context import Ctx
from vpr_desktop.services.demo.context import Picker
from vpr_desktop.services.demo.events import DAY


def write_actions(ctx: Ctx) -> None:
    """Committee meetings, then actions of every source and status with a timeline and
    sign-offs (both sides when closed, management only when awaiting), then the reviews of
    open actions at each meeting."""
    rng, w, now = ctx.rng, ctx.w, ctx.now
    meetings = []
    for k in range(ctx.size.meetings, 0, -1):
        day = ctx.anchor - (61 * k - rng.randint(0, 6)) * DAY
        mid = w.add(
            CommitteeMeeting.__table__,
            {
                "committee": "Violence Prevention and Reduction Group",
                "meeting_date": day,
                "notes": "Quarterly review of incidents, risks, training and the joint action log.",
            },
        )
        meetings.append((mid, day))
    sources, statuses = (
        list(Src),
        Picker.of(
            {
                St.OPEN: 22,
                St.IN_PROGRESS: 30,
                St.AWAITING_SIGN_OFF: 10,
                St.CLOSED: 32,
                St.CANCELLED: 6,
            }
        ),
    )
    open_at: list[tuple[int, dt.date, dt.date | None]] = []  # (id, created, closed)
    for k in range(1, ctx.size.actions + 1):
        source = sources[k - 1] if k <= len(sources) else rng.choice(sources)
        status = statuses(rng) if k > len(St) else list(St)[k - 1]
        created = now - rng.randint(14, 540) * DAY
        entity, source_id, loc_id = None, None, None
        if source is Src.RISK and ctx.risks:
            source_id, loc_id = rng.choice(ctx.risks)
            entity = "risk_assessment"
        elif source is Src.INCIDENT_LEARNING and ctx.notable_incidents:
            source_id, loc_id = rng.choice(ctx.notable_incidents)
            entity = "incident"
        elif source is Src.COMMITTEE:  # raised at a meeting held before it was logged
            held = [m for m, day in meetings if day <= created.date()] or [meetings[0][0]]
            entity, source_id = "committee_meeting", rng.choice(held)
        title = rng.choice(names.ACTION_TITLES[source.value]).format(
            n=f"{rng.randint(1, 7)}.{rng.randint(1, 6)}",
            loc=ctx.loc(loc_id).name if loc_id else "the trust",
        )
        events = _timeline(ctx, status, created)
        closed_at = events[-1][0] if status is St.CLOSED else None
        aid = w.add(
            Action.__table__,
            {
                "reference": f"ACT-{k:04d}",
                "title": title,
                "description": f"Raised from {source.value.replace('_', ' ')}. {title}.",
                "source": source,
                "source_entity": entity,
                "source_id": source_id,
                "management_owner_id": ctx.manager_for(loc_id),
                "staff_side_owner_id": rng.choice(ctx.staff_side) if rng.random() < 0.85 else None,
                "due_date": _due(ctx, status, created),
                "priority": rng.choice(list(Priority)),
                "status": status,
                "cancel_reason": (
                    "Superseded by a trust-wide action." if status is St.CANCELLED else None
                ),
                "closed_at": closed_at,
                "created_at": created,
                "updated_at": events[-1][0],
            },
        )
        for at, kind, side, old, new, text in events:
            user = "demo.staffside" if side is Side.STAFF_SIDE else ctx.creator
            w.add(
                ActionUpdate.__table__,
                {
                    "action_id": aid,
                    "kind": kind,
                    "text": text,
                    "by_user": user,
                    "side": side,
                    "at": at,
                    "old_status": old,
                    "new_status": new,
                    "created_at": at,
                    "updated_at": at,
                },
            )
            if kind is ActionUpdateKind.SIGN_OFF:
                w.add(
                    ActionSignOff.__table__,
                    {
                        "action_id": aid,
                        "side": side,
                        "signed_by": user,
                        "signed_at": at,
                        "created_at": at,
                        "updated_at": at,
                    },
                )
        if status is not St.CANCELLED:
            open_at.append((aid, created.date(), closed_at.date() if closed_at else None))
    for mid, day in meetings:
        due = [a for a, c, x in open_at if c <= day and (x is None or x >= day)]
        for aid in rng.sample(due, min(len(due), 12)):
            w.add(
                MeetingActionReview.__table__,
                {
                    "meeting_id": mid,
                    "action_id": aid,
                    "decision": rng.choice(names.MEETING_DECISIONS),
                },
            )


def _due(ctx: Ctx, status: St, created: dt.datetime) -> dt.date:
    """Finished actions were due around when they finished; about a third of live ones are
    overdue."""
    rng, start = ctx.rng, created.date()
    if status in (St.CLOSED, St.CANCELLED) or rng.random() < 0.35:
        return start + rng.randint(30, 240) * DAY
    return max(ctx.anchor + rng.randint(1, 180) * DAY, start + 30 * DAY)


_Event = tuple[dt.datetime, ActionUpdateKind, Side | None, str | None, str | None, str | None]


def _timeline(ctx: Ctx, status: St, created: dt.datetime) -> list[_Event]:
    """Status changes, updates, comments and sign-offs leading to ``status``, in time order."""
    rng = ctx.rng
    m, s = Side.MANAGEMENT, Side.STAFF_SIDE
    steps: list[tuple[ActionUpdateKind, Side | None, str | None, str | None, str | None]] = [
        (ActionUpdateKind.STATUS_CHANGE, m, None, St.OPEN, "Action created.")
    ]
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice((ActionUpdateKind.UPDATE, ActionUpdateKind.COMMENT))
        steps.append(
            (
                kind,
                m if kind is ActionUpdateKind.UPDATE else s,
                None,
                None,
                rng.choice(names.UPDATE_TEXTS),
            )
        )
    if status is St.CANCELLED:
        steps.append(
            (
                ActionUpdateKind.STATUS_CHANGE,
                m,
                St.OPEN,
                St.CANCELLED,
                "Superseded by a trust-wide action.",
            )
        )
    elif status is not St.OPEN:
        steps.append((ActionUpdateKind.STATUS_CHANGE, m, St.OPEN, St.IN_PROGRESS, None))
        if status in (St.AWAITING_SIGN_OFF, St.CLOSED):
            steps += [
                (
                    ActionUpdateKind.STATUS_CHANGE,
                    m,
                    St.IN_PROGRESS,
                    St.AWAITING_SIGN_OFF,
                    "Evidence of completion attached.",
                ),
                (ActionUpdateKind.SIGN_OFF, m, None, None, "Signed off (management)."),
            ]
        if status is St.CLOSED:
            steps += [
                (ActionUpdateKind.SIGN_OFF, s, None, None, "Signed off (staff side)."),
                (
                    ActionUpdateKind.STATUS_CHANGE,
                    m,
                    St.AWAITING_SIGN_OFF,
                    St.CLOSED,
                    "Closed: signed off by both sides.",
                ),
            ]
    span = (ctx.now - DAY - created).total_seconds()
    offsets = sorted(rng.uniform(0, span) for _ in steps[1:])
    times = [created] + [created + dt.timedelta(seconds=round(o)) for o in offsets]
    return [
        (at, kind, side, old and str(old), new and str(new), text)
        for at, (kind, side, old, new, text) in zip(times, steps, strict=True)
    ]
