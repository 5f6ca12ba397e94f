"""Deterministic demo trust: a believable, fictional NHS trust to explore, test and benchmark.

``generate_demo`` fills an empty schema through the caller's connection and transaction, so a
cancelled or failed run is rolled back by the caller and never leaves half a trust behind.

Why it is built this way:

- **Deterministic.** Every value comes from ``random.Random(seed)`` and the ``anchor`` date
  (never the clock), so the same seed and anchor give byte-identical rows: screenshots, packs
  and bug reports made from demo data can be reproduced. Dates are placed relative to the
  anchor so "overdue", "expiring in 30 days" and "this month" always have something to show.
- **Fast.** Rows go in through SQLAlchemy Core ``executemany`` in batches (performance.md: Core
  costs about 3x raw sqlite3 per row, the ORM unit of work about 26x). Integer ids are assigned
  here, sequentially, so children can point at parents without a round trip; PostgreSQL
  sequences are moved past them at the end. Every row carries every column, so Core never
  calls a Python default per row and the timestamps are deterministic too.
- **Bounded memory.** Rows are buffered per table and written every few thousand; only compact
  tuples (rosters per location, a few thousand candidate ids) live for a whole run.
- **Realistic, not real.** Names are random pairings from word lists in ``demo_names``; there
  are no patient identifiers at all. Post-incident support steps exist only for incidents in the
  last ~6 months (older incidents in a real trust would have been closed off long ago, and a
  pathway for 60,000 historical incidents would swamp the support queue and the database).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
from typing import Literal

from sqlalchemy import Connection

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import SettingType
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import ComplianceTarget
from vpr_desktop.domain.models import Course
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Site
from vpr_desktop.domain.models import SiteDirectorate
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.models import SupportStep
from vpr_desktop.domain.models import TrainingRecord
from vpr_desktop.domain.models import TrainingRequirement
from vpr_desktop.domain.models import User
from vpr_desktop.domain.models import UserRole
from vpr_desktop.domain.refresher_dates import add_months
from vpr_desktop.services.demo import names
from vpr_desktop.services.demo.context import Ctx
from vpr_desktop.services.demo.context import DemoSize
from vpr_desktop.services.demo.context import Loc
from vpr_desktop.services.demo.context import Picker
from vpr_desktop.services.demo.row_writer import RowWriter

__all__ = ["DemoCancelled", "DemoStats", "generate_demo"]


class DemoCancelled(Exception):
    """Raised when ``is_cancelled()`` turns true; the caller rolls the transaction back."""


@dataclass(frozen=True)
class DemoStats:
    """What was written: rows per table name, and wall time in seconds."""

    counts: dict[str, int]
    seconds: float

    @property
    def total_rows(self) -> int:
        """Rows written over all tables, for the closing summary."""
        return sum(self.counts.values())


SIZES: dict[str, DemoSize] = {
    "small": DemoSize(0, names.SITES_SMALL, 800, 1_200, 2, 120, 60, 4, 5),
    "large": DemoSize(1, names.SITES_LARGE, 15_000, 60_000, 5, 2_000, 400, 10, 12),
}
MIN_STAFF = 100  # enough managers and staff-side members to give every demo account a person


def scaled_size(
    size: Literal["small", "large"], staff: int | None, incidents_per_1000: float | None
) -> DemoSize:
    """``size`` with its staff count and incident rate changed, for trusts of chosen sizes.

    Why: a system (ICS) view compares trusts of different sizes on a funnel plot, so the demo
    must make a trust of 400 staff as readily as one of 1,600. ``incidents_per_1000`` is
    incidents per 1,000 staff a year over the demo's years (the presets' own rates stay as
    they are, because tests and screenshots rely on their figures); without it the preset's
    rate per head is kept.
    """
    base = SIZES[size]
    n = base.staff if staff is None else staff
    if n < MIN_STAFF:
        raise ValueError(f"a demo trust needs at least {MIN_STAFF} staff, not {n}")
    if incidents_per_1000 is None:
        incidents = round(base.incidents * n / base.staff)
    elif incidents_per_1000 <= 0:
        raise ValueError("incidents per 1,000 staff a year must be more than 0")
    else:
        incidents = round(incidents_per_1000 * n / 1000 * base.years)
    return replace(base, staff=n, incidents=incidents)


def generate_demo(
    connection: Connection,
    *,
    size: Literal["small", "large"] = "small",
    seed: int = 1,
    anchor: dt.date | None = None,
    creator_username: str = "vpr.lead",
    progress: Callable[[int, str], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    staff: int | None = None,
    incidents_per_1000: float | None = None,
) -> DemoStats:
    """Fill an empty schema with a demo trust, inside the caller's open transaction.

    ``anchor`` is "today" for the demo (default ``date.today()``); every date is placed
    relative to it. ``staff`` and ``incidents_per_1000`` (a year) change the preset's size
    and incident rate (:func:`scaled_size`); the sites and locations stay the preset's.
    ``progress(percent, stage)`` is called per stage (and per month while incidents are
    written); when ``is_cancelled()`` returns true, :class:`DemoCancelled` is
    raised and the caller should roll back. Returns rows per table and the time taken.
    """
    if size not in SIZES:
        raise ValueError(f"size must be 'small' or 'large', not {size!r}")
    started = time.perf_counter()
    anchor = anchor or dt.date.today()
    now = dt.datetime(anchor.year, anchor.month, anchor.day, tzinfo=dt.UTC)

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise DemoCancelled("demo generation cancelled")

    def report(percent: int, stage: str) -> None:
        check()
        if progress is not None:
            progress(percent, stage)

    # Imported here: these stage modules import this one for the shared helpers above.
    from vpr_desktop.services.demo.action_events import write_actions
    from vpr_desktop.services.demo.events import write_incidents
    from vpr_desktop.services.demo.risk_events import write_risks
    from vpr_desktop.services.demo.role_events import write_roles_and_settings

    scaled = staff is not None or incidents_per_1000 is not None
    spec = scaled_size(size, staff, incidents_per_1000) if scaled else SIZES[size]
    ctx = Ctx(
        random.Random(seed),
        RowWriter(connection, now, check),
        spec,
        anchor,
        now,
        creator_username,
        report,
        seed,
    )
    report(0, "Sites, locations and staff groups")
    _write_reference(ctx)
    report(3, "Courses and training needs")
    _write_courses(ctx)
    report(5, "Staff, assignments and training records")
    _write_staff(ctx)
    _write_users(ctx)
    write_incidents(ctx, 30, 85)
    report(85, "Risk register")
    write_risks(ctx)
    report(91, "Action log and committee")
    write_actions(ctx)
    report(96, "Roles, settings and audit")
    write_roles_and_settings(ctx)
    ctx.w.flush_all()
    _line_managers(ctx)
    ctx.w.fix_sequences()
    ctx.w.append_audit(
        {
            "at": now,
            "username": creator_username,
            "action": AuditAction.IMPORT,
            "entity": "demo",
            "after": {
                "size": size,
                "seed": seed,
                "anchor": anchor.isoformat(),
                "rows": sum(ctx.w.counts.values()),
                **({"staff": spec.staff, "incidents": spec.incidents} if scaled else {}),
            },
            "detail": f"Demo trust generated ({size}, seed {seed}, anchor {anchor.isoformat()}"
            + (f", {spec.staff:,} staff, {spec.incidents:,} incidents" if scaled else "")
            + ")",
        },
    )
    report(100, "Done")
    counts = {k: v for k, v in ctx.w.counts.items() if v}
    return DemoStats(counts=counts, seconds=time.perf_counter() - started)


def _line_managers(ctx: Ctx) -> None:
    """Each location's first manager manages the others whose post is there, and every
    support step belongs to its staff member's line manager -- the default a real incident's
    steps get (``incidents.step_sync.default_step_owner``) -- so the demo's queue shows owners.
    Plain SQL after the rows are written, no random draws: the rest of the demo is unchanged."""
    from sqlalchemy import and_
    from sqlalchemy import select
    from sqlalchemy import update

    for loc_id, managers in sorted(ctx.managers.items()):
        boss = managers[0]
        posts = select(Assignment.person_id).where(
            and_(Assignment.location_id == loc_id, Assignment.primary.is_(True))
        )
        ctx.w.execute(
            update(Person)
            .where(and_(Person.id.in_(posts), Person.id != boss))
            .values(line_manager_id=boss, updated_at=Person.updated_at)  # stamps unchanged
        )
    manager_of = (
        select(Person.line_manager_id).where(Person.id == SupportStep.person_id).scalar_subquery()
    )
    ctx.w.execute(
        update(SupportStep).values(owner_id=manager_of, updated_at=SupportStep.updated_at)
    )


def _write_reference(ctx: Ctx) -> None:
    """Sites, their directorates and locations (every setting type), and the 9 staff groups."""
    w = ctx.w
    for code, name, esr, clinical in names.STAFF_GROUPS:
        gid = w.add(
            StaffGroup.__table__,
            {"code": code, "name": name, "esr_label": esr, "clinical": clinical},
        )
        ctx.groups[code] = gid
    hosts: dict[SettingType, list[tuple[int, str]]] = {s: [] for s in SettingType}
    for code, name, settings in ctx.size.sites:
        sid = w.add(Site.__table__, {"code": code, "name": name, "active": True})
        ctx.sites.append((sid, code))
        for s in settings:
            hosts[s].append((sid, code))
    directorates: dict[tuple[int, str], None] = {}
    for setting in SettingType:
        spec = names.SETTINGS[setting]
        sites = hosts[setting] or ctx.sites  # never leave a setting type without a location
        per_site: dict[int, int] = {}
        for i in range(spec.locations[ctx.size.index]):
            sid, scode = sites[i % len(sites)]
            j = per_site[sid] = per_site.get(sid, 0) + 1
            base, directorate = spec.places[(j - 1) % len(spec.places)]
            name = base if j <= len(spec.places) else f"{base} {(j - 1) // len(spec.places) + 1}"
            headcount = max(5, round(spec.headcount * ctx.rng.uniform(0.6, 1.4)))
            lid = w.add(
                Location.__table__,
                {
                    "site_id": sid,
                    "code": f"{scode}-{spec.abbr}{j:02d}",
                    "name": name,
                    "directorate": directorate,
                    "setting_type": setting,
                    "active": True,
                },
            )
            ctx.locations.append(Loc(lid, sid, setting, name, directorate, headcount))
            directorates[(sid, directorate)] = None
    for sid, directorate in directorates:
        w.add(SiteDirectorate.__table__, {"site_id": sid, "name": directorate})


def _write_courses(ctx: Ctx) -> None:
    """Course catalogue, the training-needs analysis (group x setting) and 85% targets."""
    w, rng = ctx.w, ctx.rng
    for code, name, months, esr, rrn in names.COURSES:
        cid = w.add(
            Course.__table__,
            {
                "code": code,
                "name": name,
                "refresher_months": months,
                "esr_competencies": list(esr),
                "target_percent": 85.0,
                "rrn_certified": rrn,
                "active": True,
            },
        )
        ctx.courses[code] = (cid, months, esr[0])
        w.add(ComplianceTarget.__table__, {"course_id": cid, "target_percent": 85.0})
    for course, settings, groups, rationale in names.REQUIREMENTS:
        for setting in settings:
            mix = names.SETTINGS[setting].staff_mix
            # Compliance differs by course and setting, as it does in real trusts (70-95%).
            ctx.compliance[(course, setting)] = rng.uniform(0.68, 0.93)
            for g in groups:
                if mix.get(g):
                    w.add(
                        TrainingRequirement.__table__,
                        {
                            "course_id": ctx.courses[course][0],
                            "staff_group_id": ctx.groups[g],
                            "setting_type": setting,
                            "rationale": rationale,
                        },
                    )
                    ctx.required.setdefault((g, setting), []).append(course)
    # A stricter local target where restrictive intervention is used most.
    for loc in ctx.locations:
        if loc.setting is SettingType.INPATIENT_MENTAL_HEALTH and "PICU" in loc.name:
            w.add(
                ComplianceTarget.__table__,
                {"course_id": ctx.courses["RI"][0], "location_id": loc.id, "target_percent": 95.0},
            )


def _write_staff(ctx: Ctx) -> None:
    """People, their ESR assignments (~3% with a second, ``NNNN-2``) and training records.

    Training records are written per assignment as it is made, so no list of all assignments
    is ever held.
    """
    w, rng, today = ctx.w, ctx.rng, ctx.today
    loc_pick = Picker(ctx.locations, [loc.headcount for loc in ctx.locations])
    mix = {s: Picker.of(spec.staff_mix) for s, spec in names.SETTINGS.items()}
    titles = {g: Picker(ts, [t[1] for t in ts]) for g, ts in names.JOB_TITLES.items()}
    emails: dict[str, int] = {}
    never = dt.date.max.toordinal()
    n = ctx.size.staff
    for i in range(1, n + 1):
        if i % 500 == 0:
            ctx.report(5 + 25 * i // n, "Staff, assignments and training records")
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        # Long-serving staff keep old numbers with leading zeros; they must survive as text.
        if rng.random() < 0.1:
            emp = f"{100000 + i:08d}"
        else:
            emp = f"{20000000 + 3 * i + rng.randrange(3)}"
        local = f"{first}.{last}".lower().replace("'", "")
        k = emails[local] = emails.get(local, 0) + 1
        pid = w.add(
            Person.__table__,
            {
                "employee_number": emp,
                "first_name": first,
                "last_name": last,
                "email": f"{local}{k if k > 1 else ''}@{names.EMAIL_DOMAIN}",
            },
        )
        loc = loc_pick(rng)
        group = mix[loc.setting](rng)
        title, _, manager = titles[group](rng)
        service_days = 14 + int(rng.expovariate(1 / (700 if group == "STU" else 2600)))
        start = today - min(service_days, 40 * 365)
        end = never
        if rng.random() < 0.06:  # leavers: gone within the last two years
            end = max(start + 30, today - rng.randint(1, 730))
            end = min(end, today - 1)
            ctx.leavers.append(pid)
        elif manager:
            ctx.managers.setdefault(loc.id, []).append(pid)
            ctx.all_managers.append(pid)
        _assign(ctx, pid, emp, loc, group, title, start, end, primary=True)
        if rng.random() < 0.03:  # a second (often bank) assignment elsewhere
            loc2 = loc_pick(rng)
            last_day = min(end, today) - 1  # a leaver's second post ended with the first
            start2 = rng.randint(start, last_day) if start < last_day else start
            _assign(ctx, pid, f"{emp}-2", loc2, group, f"Bank {title}", start2, end, primary=False)


def _assign(
    ctx: Ctx,
    pid: int,
    number: str,
    loc: Loc,
    group: str,
    title: str,
    start: int,
    end: int,
    *,
    primary: bool,
) -> None:
    gid = ctx.groups[group]
    aid = ctx.w.add(
        Assignment.__table__,
        {
            "person_id": pid,
            "assignment_number": number,
            "staff_group_id": gid,
            "location_id": loc.id,
            "job_title": title,
            "start_date": dt.date.fromordinal(start),
            "end_date": None if end > ctx.today else dt.date.fromordinal(end),
            "primary": primary,
        },
    )
    ctx.roster.setdefault(loc.id, []).append((pid, gid, start, end))
    _write_training(ctx, aid, group, loc.setting, start, end)


def _write_training(
    ctx: Ctx, aid: int, group: str, setting: SettingType, start: int, end: int
) -> None:
    """Completions for each required course: current for about the course's compliance rate,
    lapsed or never done otherwise, with earlier completions back to the history horizon."""
    rng, today = ctx.rng, ctx.today
    horizon = max(start, today - 365 * ctx.size.training_history_years)
    for code in ctx.required.get((group, setting), ()):
        cid, months, raw = ctx.courses[code]
        cutoff = add_months(ctx.anchor, -months).toordinal()  # completed after it: in date
        window = today - cutoff
        if end <= today:  # leaver: whatever they did while employed
            if end - start < 30:
                continue
            latest = rng.randint(max(start, end - window), end)
        elif rng.random() < ctx.compliance[(code, setting)]:
            latest = rng.randint(cutoff + 2, today - 1)
        elif rng.random() < 0.65:
            latest = cutoff - rng.randint(2, 540)
        else:
            continue  # never completed
        if latest < start:
            latest = start + rng.randint(0, 30)
            if latest >= today:
                continue
        while latest >= horizon:
            done = dt.date.fromordinal(latest)
            ctx.w.add(
                TrainingRecord.__table__,
                {
                    "assignment_id": aid,
                    "course_id": cid,
                    "completed_on": done,
                    "expires_on": add_months(done, months) - dt.timedelta(days=1),
                    "raw_competency": raw,
                },
            )
            latest -= window + rng.randint(-90, 45)


def _write_users(ctx: Ctx) -> None:
    """The creator (administrator + VPR lead) and one demo account per other app role."""
    w, rng = ctx.w, ctx.rng
    active_staff = [p for roster in ctx.roster.values() for p, _, _, e in roster if e > ctx.today]
    ctx.staff_side = rng.sample(sorted(set(active_staff)), 3 if ctx.size.index == 0 else 6)
    lead, chair = rng.sample(ctx.all_managers, 2)
    accounts = (
        (ctx.creator, "VPR lead", (Role.ADMINISTRATOR, Role.VPR_LEAD), lead),
        ("demo.chair", "Committee chair", (Role.COMMITTEE_CHAIR,), chair),
        ("demo.staffside", "Staff-side rep", (Role.STAFF_SIDE_REP,), ctx.staff_side[0]),
        ("demo.boardsec", "Board secretary", (Role.BOARD_SECRETARY,), rng.choice(active_staff)),
    )
    for username, label, roles, pid in accounts:
        ctx.people[username] = pid
        uid = w.add(
            User.__table__,
            {
                "username": username,
                "display_name": f"{label} (demo)",
                "person_id": pid,
                "active": True,
            },
        )
        for role in roles:
            w.add(UserRole.__table__, {"user_id": uid, "role": role})
