"""Demo trust: incidents with post-incident support, police and RIDDOR.

One of the generator's stage modules (risks are in ``risk_events``, actions in
``action_events``, roles in ``role_events``); the why of the generator (determinism, Core
batches, ids assigned here) is in ``generate.py``'s docstring. Everything here draws from
``ctx.rng`` in a fixed order, so adding a field means appending draws at the end of a row, not
in the middle, if existing demo databases should stay comparable. The one exception is an
incident whose RIDDOR outcome only the affected people's restricted-duties days settle (they are
drawn after the first guess): its corrected submission is drawn from a side stream of its own
(:func:`settle_riddor`), so correcting it leaves every other row as it was.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from vpr_desktop.domain.enums import CpsOutcome
from vpr_desktop.domain.enums import Harm
from vpr_desktop.domain.enums import IncidentType as T
from vpr_desktop.domain.enums import Intent
from vpr_desktop.domain.enums import PerpetratorType as P
from vpr_desktop.domain.enums import PoliceOutcome
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import SettingType as S
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import IncidentTypeLink
from vpr_desktop.domain.models import StaffCharacteristic
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.refresher_dates import add_months
from vpr_desktop.domain.riddor import PersonIncapacity
from vpr_desktop.domain.riddor import RiddorFacts
from vpr_desktop.domain.riddor import assess
from vpr_desktop.services.demo import names
from vpr_desktop.services.demo.context import Ctx
from vpr_desktop.services.demo.context import Loc
from vpr_desktop.services.demo.context import Picker

DAY = dt.timedelta(days=1)
SUPPORT_WINDOW_DAYS = 183  # support steps only for incidents this recent (see demo.py)

_HOURS = Picker(
    range(24), (2, 1.5, 1.2, 1, 1, 1, 1.5, 3, 5, 6, 6, 6, 6, 7, 8, 8, 8, 8, 9, 9, 8, 6, 4, 3)
)
_PHYSICAL_HARM = Picker.of({Harm.NO_HARM: 38, Harm.LOW: 46, Harm.MODERATE: 13, Harm.SEVERE: 3})
_OTHER_HARM = Picker.of({Harm.NO_HARM: 82, Harm.LOW: 15, Harm.MODERATE: 3})
_NEAR_MISS = {
    T.ATTEMPTED_ASSAULT: 0.6,
    T.THREATENING: 0.15,
    T.VERBAL: 0.1,
    T.STALKING_HARASSMENT: 0.1,
    T.ONLINE: 0.05,
}
_POLICE = {
    T.PHYSICAL: 0.3,
    T.SEXUAL: 0.55,
    T.HATE_MOTIVATED: 0.45,
    T.THREATENING: 0.15,
    T.STALKING_HARASSMENT: 0.4,
    T.ONLINE: 0.2,
    T.VERBAL: 0.03,
    T.ATTEMPTED_ASSAULT: 0.1,
}
_POLICE_OUTCOMES = Picker.of(
    {
        PoliceOutcome.NO_FURTHER_ACTION: 30,
        PoliceOutcome.COMMUNITY_RESOLUTION: 10,
        PoliceOutcome.CAUTION: 10,
        PoliceOutcome.CHARGED: 25,
        PoliceOutcome.VICTIM_DECLINED: 15,
        PoliceOutcome.UNDER_INVESTIGATION: 10,
    }
)
_CPS_OUTCOMES = Picker.of(
    {
        CpsOutcome.CONVICTED: 65,
        CpsOutcome.ACQUITTED: 10,
        CpsOutcome.DISCONTINUED: 15,
        CpsOutcome.PENDING: 10,
    }
)
_STRANDS = Picker.of(names.HATE_STRANDS)
_SERIOUS = frozenset({T.PHYSICAL, T.SEXUAL, T.THREATENING, T.HATE_MOTIVATED})
_AEWA_IN_FORCE = dt.date(2018, 11, 13)


def write_incidents(ctx: Ctx, first_pct: int, last_pct: int) -> None:
    """Incidents with affected staff, types, characteristics and recent support steps.

    Counts follow a mild upward trend (+7% a year, as reporting culture improves), winter
    seasonality and a small weekend lift, and are spread over locations by headcount times
    the setting's incident rate (so inpatient mental health and ED dominate). Days are drawn
    up front as one list of ints; rows are then written day by day in time order, so
    ``VPR-000001`` is the oldest incident. Support steps are made only for incidents in the
    last ``SUPPORT_WINDOW_DAYS`` (about six months): older ones would long since have been
    closed off, and a pathway for every historical incident would swamp the support queue.
    """
    rng, size = ctx.rng, ctx.size
    # Whole months only (a one-day first month would look like a signal on an SPC chart).
    first_day = add_months(ctx.anchor.replace(day=1), 1 - 12 * size.years)
    span = (ctx.anchor - first_day).days
    weights = []
    for d in range(span):
        day = first_day + d * DAY
        season = 1 + 0.15 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
        weights.append(
            season * (1.1 if day.weekday() >= 5 else 1.0) * (1 + 0.07 * size.years * d / span)
        )
    per_day = [0] * span
    for d in rng.choices(range(span), weights=weights, k=size.incidents):
        per_day[d] += 1
    locs = Picker(
        ctx.locations,
        [loc.headcount * names.SETTINGS[loc.setting].incident_rate for loc in ctx.locations],
    )
    types = {s: Picker.of(spec.incident_mix) for s, spec in names.SETTINGS.items()}
    perps = {s: Picker.of(spec.perpetrators) for s, spec in names.SETTINGS.items()}
    stage = "Incidents and post-incident support"
    ctx.report(first_pct, stage)
    n = 0
    for d, count in enumerate(per_day):
        day = first_day + d * DAY
        if day.day == 1:
            ctx.report(first_pct + (last_pct - first_pct) * d // span, stage)
        minutes = sorted(_HOURS(rng) * 60 + rng.randrange(60) for _ in range(count))
        for minute in minutes:
            n += 1
            occurred = dt.datetime(
                day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=dt.UTC
            )
            loc = locs(rng)
            _incident(ctx, n, occurred, loc, types[loc.setting](rng), perps[loc.setting](rng))


def _incident(ctx: Ctx, n: int, occurred: dt.datetime, loc: Loc, primary: T, perp: P) -> None:
    """One incident and its children; harm, days lost, RIDDOR and police are kept coherent."""
    rng, w, now = ctx.rng, ctx.w, ctx.now
    spec = names.SETTINGS[loc.setting]
    age = (now - occurred).days
    r = rng.random()  # minutes to report: most the same shift, a few days or weeks later
    delay = (
        rng.randint(5, 720)
        if r < 0.7
        else rng.randint(720, 4320)
        if r < 0.95
        else rng.randint(4320, 20160)
    )
    reported = min(now, occurred + dt.timedelta(minutes=delay))
    kinds = [primary]
    if rng.random() < 0.15:
        extra = (
            T.HATE_MOTIVATED
            if primary in (T.VERBAL, T.PHYSICAL, T.THREATENING) and rng.random() < 0.5
            else rng.choice((T.VERBAL, T.THREATENING, T.SEXUAL))
        )
        if extra != primary:
            kinds.append(extra)
    strand = _STRANDS(rng) if T.HATE_MOTIVATED in kinds else None
    if perp is P.PATIENT:
        intent = (
            Intent.CLINICALLY_RELATED
            if rng.random() < spec.clinical_share
            else (Intent.DELIBERATE if rng.random() < 0.8 else Intent.UNKNOWN)
        )
    else:
        intent = Intent.UNKNOWN if perp is P.UNKNOWN or rng.random() < 0.1 else Intent.DELIBERATE
    physical = T.PHYSICAL in kinds
    near_miss = rng.random() < _NEAR_MISS.get(primary, 0.0)
    harm = Harm.NO_HARM if near_miss else (_PHYSICAL_HARM if physical else _OTHER_HARM)(rng)
    injury = physical and harm is not Harm.NO_HARM and (harm is not Harm.LOW or rng.random() < 0.75)
    specified = injury and harm is Harm.SEVERE and rng.random() < 0.5
    days, stress = 0, False
    if injury and harm is Harm.LOW:
        days = 0 if rng.random() < 0.75 else rng.randint(1, 3)
    elif injury:
        days = rng.randint(1, 21) if harm is Harm.MODERATE else rng.randint(8, 90)
    elif harm is Harm.MODERATE and rng.random() < 0.5:
        days, stress = rng.randint(1, 14), True
    judgement = physical and harm is Harm.LOW and rng.random() < 0.015
    if judgement:  # stress absence after a physical incident: the RIDDOR grey area
        days, stress = rng.randint(8, 20), True
    dispute = perp is P.COLLEAGUE and rng.random() < 0.2
    police = _police(ctx, kinds, harm, perp, occurred, age)
    riddor = _riddor(ctx, occurred, age, physical, near_miss, dispute, specified, days, judgement)
    staff = _affected(
        ctx,
        loc,
        occurred.date().toordinal(),
        1 if loc.setting is S.AMBULANCE_CALL_HANDLING or rng.random() < 0.75 else 2,
    )
    steps: list[dict[str, Any]] = []
    feedback = None
    if age < SUPPORT_WINDOW_DAYS:
        serious = bool(_SERIOUS.intersection(kinds)) or harm in (Harm.MODERATE, Harm.SEVERE)
        for j, (pid, _) in enumerate(staff):
            for step, _label, hours, applies in names.SUPPORT_PATHWAY:
                if (
                    (applies == "serious" and not serious)
                    or (applies == "absence" and not (injury or (stress and j == 0)))
                    or (applies == "reporter" and j)
                ):
                    continue
                row = _step(ctx, pid, step, reported, hours)
                if step == "feedback_to_reporter" and row["done_at"] and not row["declined"]:
                    feedback = row["done_at"].date()
                steps.append(row)
    elif rng.random() < 0.85:
        feedback = min(reported.date() + rng.randint(2, 21) * DAY, ctx.anchor - DAY)
    updated = min(now, reported + dt.timedelta(days=rng.randint(0, 30)))
    incident: dict[str, Any] = {
        "reference": f"VPR-{n:06d}",
        "external_ref": f"WEB{40000 + n}" if rng.random() < 0.9 else None,
        "occurred_at": occurred,
        "month": f"{occurred.year:04d}-{occurred.month:02d}",
        "reported_at": reported,
        "location_id": loc.id,
        "primary_type": primary,
        "hate_strand": strand,
        "perpetrator_type": perp,
        "intent": intent,
        "harm": harm,
        "injury": injury,
        "specified_injury": specified,
        "days_lost": days,
        "injury_description": (
            rng.choice(names.SPECIFIED_INJURIES)
            if specified
            else rng.choice(names.INJURIES)
            if injury
            else None
        ),
        "near_miss": near_miss,
        "personal_dispute": dispute,
        **police,
        **riddor,
        "description": rng.choice(names.DESCRIPTIONS[primary]),
        "feedback_given_on": feedback,
        "created_at": reported,
        "updated_at": updated,
    }
    # The people's rows are drawn before the incident is written (same draws, same order as
    # writing them one by one), so their restricted-duties days can settle its RIDDOR outcome.
    people = [
        _person(ctx, who, days if j == 0 else 0, stress and j == 0, injury, strand, reported)
        for j, who in enumerate(staff)
    ]
    facts = RiddorFacts(
        occurred.date(),
        frozenset(kinds),
        near_miss=near_miss,
        personal_dispute=dispute,
        injury=injury,
        specified_injury=specified,
        people=tuple(
            PersonIncapacity(
                row["days_absent"], row["restricted_duties_days"], row["absence_reason_stress"]
            )
            for row, _chosen in people
        ),
    )
    incident.update(settle_riddor(riddor, facts, ctx.anchor, f"demo-riddor-{ctx.seed}-{n}"))
    iid = w.add(Incident.__table__, incident)
    if harm in (Harm.MODERATE, Harm.SEVERE):
        ctx.notable_incidents.append((iid, loc.id))
    for kind in kinds:
        w.add(
            IncidentTypeLink.__table__,
            {
                "incident_id": iid,
                "incident_type": kind,
                "created_at": reported,
                "updated_at": reported,
            },
        )
    for row, chosen in people:
        sid = w.add(IncidentStaff.__table__, {"incident_id": iid, **row})
        _write_characteristics(ctx, sid, chosen, reported)
    for row in steps:
        row["incident_id"] = iid
        w.add(SupportStep.__table__, row)


def _affected(ctx: Ctx, loc: Loc, day: int, k: int) -> list[tuple[int, int]]:
    """Up to ``k`` people on the location's roster employed on that day (anyone, failing that)."""
    rng = ctx.rng
    roster = ctx.roster.get(loc.id) or ctx.roster[rng.choice(sorted(ctx.roster))]
    picked: list[tuple[int, int]] = []
    for _ in range(6):
        pid, gid, start, end = rng.choice(roster)
        if start <= day <= end and all(p != pid for p, _ in picked):
            picked.append((pid, gid))
            if len(picked) == k:
                break
    if not picked:  # rare: a small team; take whoever was employed, or anyone on the roster
        employed = [r for r in roster if r[2] <= day <= r[3]] or roster
        pid, gid, _, _ = rng.choice(employed)
        picked.append((pid, gid))
    return picked


def _person(
    ctx: Ctx,
    who: tuple[int, int],
    days_absent: int,
    stress: bool,
    injury: bool,
    strand: str | None,
    at: dt.datetime,
) -> tuple[dict[str, Any], dict[str, str]]:
    """One affected person's ``incident_staff`` row (without the incident id) and the
    characteristics they consented to record, drawn but not yet written: the incident's
    RIDDOR outcome depends on their restricted-duties days, so it is written after them."""
    rng = ctx.rng
    pid, gid = who
    consent = rng.random() < 0.3
    row = {
        "person_id": pid,
        "staff_group_id": gid,
        "days_absent": days_absent,
        "restricted_duties_days": rng.randint(1, 10) if injury and rng.random() < 0.2 else 0,
        "absence_reason_stress": stress,
        "pc_consent": consent,
        "created_at": at,
        "updated_at": at,
    }
    chosen = _characteristics(rng, strand) if consent and (strand or rng.random() < 0.35) else {}
    return row, chosen


def _characteristics(rng: random.Random, strand: str | None) -> dict[str, str]:
    """A few characteristics and their values (a hate incident records the one it targeted)."""
    keys = rng.sample(sorted(names.CHARACTERISTIC_VALUES), rng.randint(1, 3))
    chosen = {k: rng.choice(names.CHARACTERISTIC_VALUES[k]) for k in keys}
    if strand:
        key = names.STRAND_CHARACTERISTIC[strand]
        values = names.CHARACTERISTIC_VALUES.get(key, ("Yes",))
        chosen[key] = rng.choice(values)
    return chosen


def _write_characteristics(ctx: Ctx, sid: int, chosen: dict[str, str], at: dt.datetime) -> None:
    """The chosen characteristics as rows of the affected person ``sid`` (none when empty)."""
    for key, value in chosen.items():
        ctx.w.add(
            StaffCharacteristic.__table__,
            {
                "incident_staff_id": sid,
                "characteristic": key,
                "value": value,
                "created_at": at,
                "updated_at": at,
            },
        )


def _step(ctx: Ctx, pid: int, step: str, reported: dt.datetime, hours: int) -> dict[str, Any]:
    """One support step: older ones mostly done (a few declined or missed), newer ones open."""
    rng, now = ctx.rng, ctx.now
    due = reported + dt.timedelta(hours=hours)
    if due <= now - 14 * DAY:
        p_done, p_declined = 0.88, 0.05
    elif due <= now:
        p_done, p_declined = 0.6, 0.04
    else:
        p_done, p_declined = 0.3, 0.02
    declinable = step.startswith("trim") or step == "occupational_health_offer"
    r = rng.random()
    done_at, declined, notes = None, False, None
    if r < p_done or (declinable and r < p_done + p_declined):
        declined = r >= p_done
        done_at = reported + dt.timedelta(hours=hours * rng.uniform(0.2, 1.4))
        if done_at > now:
            done_at = reported + (now - reported) * rng.random()
        notes = "Declined; has support from family and GP." if declined else None
    return {
        "person_id": pid,
        "step_type": step,
        "due_by": due,
        "done_at": done_at,
        "done_by": ctx.creator if done_at else None,
        "declined": declined,
        "notes": notes,
        "created_at": reported,
        "updated_at": done_at or reported,
    }


def _police(
    ctx: Ctx, kinds: list[T], harm: Harm, perp: P, occurred: dt.datetime, age: int
) -> dict[str, Any]:
    rng = ctx.rng
    chance = max(_POLICE.get(k, 0.0) for k in kinds)
    if T.PHYSICAL in kinds and harm in (Harm.MODERATE, Harm.SEVERE):
        chance = 0.6
    if perp in (P.COLLEAGUE, P.MANAGER):
        chance = 0.05
    if rng.random() >= chance:
        return {
            "police_informed": False,
            "crime_reference": None,
            "police_outcome": PoliceOutcome.NOT_REPORTED,
            "cps_outcome": CpsOutcome.NOT_APPLICABLE,
            "aewa_sanction": False,
        }
    if age < 60 and rng.random() < 0.6:
        outcome = PoliceOutcome.UNDER_INVESTIGATION
    else:
        outcome = _POLICE_OUTCOMES(rng)
    cps = CpsOutcome.NOT_APPLICABLE
    if outcome is PoliceOutcome.CHARGED:
        cps = CpsOutcome.PENDING if age < 180 and rng.random() < 0.6 else _CPS_OUTCOMES(rng)
    aewa = (
        cps is CpsOutcome.CONVICTED
        and perp in (P.PATIENT, P.RELATIVE_VISITOR, P.PUBLIC)
        and occurred.date() >= _AEWA_IN_FORCE
        and bool(_SERIOUS.intersection(kinds))
    )
    return {
        "police_informed": True,
        "crime_reference": f"NM/{occurred.year % 100:02d}/{rng.randrange(1, 10**6):06d}",
        "police_outcome": outcome,
        "cps_outcome": cps,
        "aewa_sanction": aewa,
    }


def _riddor(
    ctx: Ctx,
    occurred: dt.datetime,
    age: int,
    physical: bool,
    near_miss: bool,
    dispute: bool,
    specified: bool,
    days: int,
    judgement: bool,
) -> dict[str, Any]:
    """RIDDOR 2013 for violence: >7 days or a specified injury is reportable (15 / 10 days)."""
    rng = ctx.rng
    status, reason, deadline, submitted, ref = RiddorStatus.NOT_REPORTABLE, None, None, None, None
    if physical and not near_miss and not dispute:
        if specified or (days > 7 and not judgement):
            status = RiddorStatus.REPORTABLE
            reason = "Specified injury" if specified else "Over-7-day incapacitation"
            deadline = occurred.date() + (10 if specified else 15) * DAY
            submitted, ref = _submission(rng, occurred.date(), deadline, ctx.anchor)
        elif judgement:
            status = RiddorStatus.JUDGEMENT_NEEDED
            reason = "Absence certified as stress after a physical incident"
        elif days > 3:
            status, reason = RiddorStatus.RECORD_ONLY, "Over-3-day injury: recorded, not reported"
        elif age < 7 and rng.random() < 0.5:
            status = RiddorStatus.NOT_ASSESSED
    elif dispute and physical:
        reason = "Personal dispute between workers"
    elif age < 14 and rng.random() < 0.6:
        status = RiddorStatus.NOT_ASSESSED
    return {
        "riddor_status": status,
        "riddor_reason": reason,
        "riddor_deadline": deadline,
        "riddor_submitted_on": submitted,
        "riddor_reference": ref,
    }


def _submission(
    rng: random.Random, occurred: dt.date, deadline: dt.date, today: dt.date
) -> tuple[dt.date | None, str | None]:
    """When a reportable incident went to HSE and its reference, or ``(None, None)``: most
    in time, a few late, some never, and a recent one often the next day, so the overdue and
    late figures have something to show. One place for the first guess and the correction."""
    submitted, ref = None, None
    r = rng.random()
    if deadline < today:
        if r < 0.85:
            allowed = (deadline - occurred).days
            submitted = occurred + rng.randint(1, allowed) * DAY
        elif r < 0.93:
            submitted = min(deadline + rng.randint(1, 20) * DAY, today - DAY)
    elif r < 0.4 and occurred + DAY < today:
        submitted = occurred + DAY
    if submitted:
        ref = f"{submitted.year}{rng.randrange(10**6):06d}"
    return submitted, ref


def settle_riddor(
    first: dict[str, Any], facts: RiddorFacts, today: dt.date, side_seed: str
) -> dict[str, Any]:
    """The incident's RIDDOR fields (``first``, from ``_riddor``) once everyone's incapacity is
    known.

    ``_riddor`` guesses from the days absent, before the people's restricted-duties days are
    drawn; the domain rule counts those days as incapacity too, so a few guesses are wrong
    (an injury with over 7 days of incapacity stored as record only, say). An assessed
    incident whose guess the rule (:func:`assess`) disagrees with takes the rule's status,
    reason and deadline, as the app would store them; a reportable one gets its submission
    from a side stream seeded by ``side_seed`` (the run's seed and the incident number), so
    the main stream, and with it every other row of the demo, is as it was. A not-assessed
    incident stays so.
    """
    status = first["riddor_status"]
    decision = assess(facts)
    if status is RiddorStatus.NOT_ASSESSED or decision.status is status:
        return first
    submitted, ref = None, None
    if decision.deadline is not None:
        side = random.Random(side_seed)
        submitted, ref = _submission(side, facts.incident_date, decision.deadline, today)
    return {
        "riddor_status": decision.status,
        "riddor_reason": decision.reason,
        "riddor_deadline": decision.deadline,
        "riddor_submitted_on": submitted,
        "riddor_reference": ref,
    }
