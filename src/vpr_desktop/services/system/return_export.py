"""The trust's anonymised return in the common data standard (``domain/data_standard.py``).

Why a return and not an export of rows: a system (ICS) or region compares trusts, and needs
the same counts from each, cut the same way, with nothing in them that identifies a person.
So this builds counts only -- per month by one code list at a time, plus headcount, training
compliance and the self-assessment by domain -- and passes every table through the one
disclosure rule (``domain/disclosure.py``) with its secondary suppression before anything
leaves this module. The figures reuse the incident statistics the packs use wherever a service
function already counts them (harm, intent, perpetrator, primary type; RIDDOR, support and
feedback timeliness), so a return and a pack for the same period agree.

The document ends with ``content_sha256``: the SHA-256 of its canonical JSON without that
field, so a system that loads it can tell a changed byte (``services/system/validation.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from vpr_desktop.domain import data_standard as ds
from vpr_desktop.domain import disclosure
from vpr_desktop.domain.data_standard_codes import code_list
from vpr_desktop.domain.disclosure import DisclosureRule
from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import IncidentStaff
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import StaffCharacteristic
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents.figures import Period
from vpr_desktop.services.incidents.stats import IncidentStats

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

MAX_MONTHS = 60  # five years: a return is for a year or a quarter, not the whole history
DOING = "make the trust's anonymised return"


@dataclass(frozen=True)
class ReturnRequest:
    """What a return covers: the trust's ODS code and the period (inclusive dates)."""

    trust_code: str
    period_from: dt.date
    period_to: dt.date
    as_at: dt.date | None = None  # "today" for timeliness figures (default: today)

    def check(self) -> Period:
        """The period, or a ValidationError saying what to change."""
        import re

        if not re.fullmatch(ds.TRUST_CODE_PATTERN, self.trust_code or ""):
            raise ValidationError(
                f"'{self.trust_code}' is not a trust code: an ODS code is 3 to 5 capital "
                "letters or digits (for example RXX).",
                "Give the trust's ODS organisation code.",
            )
        period = Period(self.period_from, self.period_to)
        if len(period.month_list()) > MAX_MONTHS:
            raise ValidationError(
                f"A return covers at most {MAX_MONTHS} months.", "Choose a shorter period."
            )
        return period


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """The document as hashed: sorted keys, no spaces, UTF-8, without ``content_sha256``."""
    body = {k: v for k, v in document.items() if k != "content_sha256"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_sha256(document: dict[str, Any]) -> str:
    """The SHA-256 a return carries of its own content."""
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


# ------------------------------------------------------------------------------ tables
def _table(
    rows: Sequence[str], columns: Sequence[str], counts: dict[tuple[str, str], int], rule: Any
) -> dict[str, Any]:
    """One return table, protected as a two-way table (rows, columns and grand total)."""
    t = disclosure.protect_table(counts, rows, columns, rule)
    return {
        "rows": list(rows),
        "columns": list(columns),
        "cells": [[t.cells[r, c].value for c in columns] for r in rows],
        "row_totals": [t.row_totals[r].value for r in rows],
        "column_totals": [t.column_totals[c].value for c in columns],
        "total": t.total.value,
    }


def _mapped(cl_name: str, raw: Iterable[tuple[str, str | None, int]]) -> dict[tuple[str, str], int]:
    """(row, app value, n) rows summed under the standard's codes of ``cl_name``."""
    cl = code_list(cl_name)
    out: dict[tuple[str, str], int] = {}
    for row, value, n in raw:
        key = (row, cl.code_for(None if value is None else str(getattr(value, "value", value))))
        out[key] = out.get(key, 0) + int(n)
    return out


def _month_periods(period: Period) -> list[tuple[str, Period]]:
    """Each month of ``period`` cut to the period's own first and last day."""
    out = []
    for ym in period.month_list():
        whole = Period.months(ym, ym)
        out.append((ym, Period(max(whole.start, period.start), min(whole.end, period.end))))
    return out


class ReturnBuilder:
    """Counts for one return; each method yields ``(row, app value, count)`` triples."""

    def __init__(self, db: Database, actor: Actor, period: Period, as_at: dt.date) -> None:
        self.db = db
        self.actor = actor
        self.period = period
        self.as_at = as_at
        self.stats = IncidentStats(db, actor, today=as_at)
        self.where = period.clauses()

    def by_column(self, s: Session, key: Any, *extra: ColumnElement[bool]) -> list[Any]:
        """Incidents per month by one expression of the incident row."""
        stmt = (
            select(Incident.month, key, func.count())
            .select_from(Incident)
            .where(*self.where, *extra)
            .group_by(Incident.month, key)
        )
        return list(s.execute(stmt).all())

    def from_stats(self, by: str) -> list[tuple[str, str, int]]:
        """A monthly breakdown the packs already count (``IncidentStats.monthly_counts``)."""
        mc = self.stats.monthly_counts(self.period, by=by)
        return [
            (m, se.key, n) for se in mc.series for m, n in zip(mc.months, se.counts, strict=True)
        ]

    def per_month(self, figures: Callable[[Period], dict[str, int]]) -> list[tuple[str, str, int]]:
        """A period figure of ``IncidentStats`` asked month by month."""
        out = []
        for ym, part in _month_periods(self.period):
            out += [(ym, k, n) for k, n in figures(part).items()]
        return out

    def incident_tables(self, s: Session) -> dict[str, list[Any]]:
        setting = self.by_column_join(s)
        injury = case(
            (Incident.specified_injury.is_(True), "specified_injury"),
            (Incident.injury.is_(True), "injury"),
            else_="no_injury",
        )
        days = case(
            (Incident.days_lost <= 0, "none"),
            (Incident.days_lost <= 3, "1_3"),
            (Incident.days_lost <= 7, "4_7"),
            else_="over_7",
        )
        today = self.as_at
        sub = Incident.riddor_submitted_on
        riddor = case(
            (sub.is_not(None) & (sub <= Incident.riddor_deadline), "on_time"),
            (sub.is_not(None), "late"),
            (Incident.riddor_deadline < today, "overdue"),
            else_="due",
        )
        return {
            "incidents_by_type": self.from_stats("primary_type"),
            "incidents_by_outcome": self.by_column(
                s, case((Incident.near_miss.is_(True), "near"), else_="happened")
            ),
            "incidents_by_setting": setting,
            "staff_affected_by_staff_group": self.staff_affected(s),
            "incidents_by_perpetrator": self.from_stats("perpetrator_type"),
            "incidents_by_intent": self.from_stats("intent"),
            "incidents_by_harm": self.from_stats("harm"),
            "incidents_by_injury": self.by_column(s, injury),
            "incidents_by_days_lost": self.by_column(s, days),
            "hate_incidents_by_strand": self.by_column(
                s, Incident.hate_strand, Incident.hate_strand.is_not(None)
            ),
            "incidents_by_riddor_status": self.by_column(s, Incident.riddor_status),
            "riddor_timeliness": self.by_column(
                s, riddor, Incident.riddor_status == RiddorStatus.REPORTABLE
            ),
            "incidents_by_police_outcome": self.by_column(s, Incident.police_outcome),
            "incidents_by_cps_outcome": self.by_column(s, Incident.cps_outcome),
            "incidents_by_aewa": self.by_column(
                s, case((Incident.aewa_sanction.is_(True), "yes"), else_="no")
            ),
            "support_timeliness": self.per_month(self._support),
            "feedback_to_reporter": self.per_month(self._feedback),
        }

    def by_column_join(self, s: Session) -> list[Any]:
        """Incidents per month by the setting of their location (none: not recorded)."""
        stmt = (
            select(Incident.month, Location.setting_type, func.count())
            .select_from(Incident)
            .outerjoin(Location, Location.id == Incident.location_id)
            .where(*self.where)
            .group_by(Incident.month, Location.setting_type)
        )
        return list(s.execute(stmt).all())

    def staff_affected(self, s: Session) -> list[Any]:
        """Staff affected per month by their staff group's ESR name."""
        group = func.coalesce(StaffGroup.esr_label, StaffGroup.name)
        stmt = (
            select(Incident.month, group, func.count(IncidentStaff.id))
            .select_from(IncidentStaff)
            .join(Incident, Incident.id == IncidentStaff.incident_id)
            .outerjoin(StaffGroup, StaffGroup.id == IncidentStaff.staff_group_id)
            .where(*self.where)
            .group_by(Incident.month, group)
        )
        return list(s.execute(stmt).all())

    def _support(self, part: Period) -> dict[str, int]:
        sot = self.stats.support_on_time(part)
        return {
            "on_time": sot.on_time,
            "late_done": sum(x.late_done for x in sot.by_step),
            "overdue": sum(x.overdue for x in sot.by_step),
            "pending": sot.pending,
            "not_needed": sot.not_needed,
        }

    def _feedback(self, part: Period) -> dict[str, int]:
        fb = self.stats.feedback_given(part)
        return {"given": fb.given, "not_given": fb.incidents - fb.given}

    def characteristics(self, s: Session) -> list[Any]:
        """Staff affected in the period who recorded each kind of characteristic."""
        stmt = (
            select(
                StaffCharacteristic.characteristic,
                func.count(func.distinct(StaffCharacteristic.incident_staff_id)),
            )
            .join(IncidentStaff, IncidentStaff.id == StaffCharacteristic.incident_staff_id)
            .join(Incident, Incident.id == IncidentStaff.incident_id)
            .where(*self.where)
            .group_by(StaffCharacteristic.characteristic)
        )
        return [(ds.WHOLE_PERIOD, k, n) for k, n in s.execute(stmt).all()]

    def headcount(self, s: Session) -> list[Any]:
        """Staff in post on the period's last day, each person counted once: in the staff
        group of their primary assignment in post that day (else their earliest-made one).

        Why once: the table's total is the denominator of the system's rates per 1,000 staff,
        and a nurse who also holds a bank post in another staff group is one member of staff,
        not two. Counting distinct people per group would count her in both."""
        day = self.period.end
        group = func.coalesce(StaffGroup.esr_label, StaffGroup.name)
        stmt = (
            select(Assignment.person_id, group, Assignment.primary, Assignment.id)
            .join(StaffGroup, StaffGroup.id == Assignment.staff_group_id)
            .where(
                or_(Assignment.start_date.is_(None), Assignment.start_date <= day),
                or_(Assignment.end_date.is_(None), Assignment.end_date >= day),
            )
        )
        chosen: dict[int, tuple[tuple[bool, int], str]] = {}
        for person, name, primary, assignment in s.execute(stmt).all():
            rank = (not primary, int(assignment))  # primary first, then the earliest made
            if person not in chosen or rank < chosen[person][0]:
                chosen[person] = (rank, str(name))
        counts = Counter(name for _, name in chosen.values())
        return [(ds.WHOLE_PERIOD, name, n) for name, n in sorted(counts.items())]


def _training(db: Database, actor: Actor, as_at: dt.date, rule: DisclosureRule) -> list[Any]:
    """Compliance by course: required and compliant protected together with the shortfall,
    so a small number not trained cannot be worked out as required minus compliant."""
    from vpr_desktop.services.training.service import TrainingService

    out = []
    for row in TrainingService(db, actor).compliance_by_course(as_at):
        p = disclosure.protect(
            {"compliant": row.compliant, "short": row.required - row.compliant},
            rule,
            total=row.required,
        )
        required, compliant = p.total.value, p.cells["compliant"].value
        percent = (
            round(100.0 * row.compliant / row.required, 1)
            if required and compliant is not None
            else None
        )
        out.append(
            {
                "course": row.course_name[:200],
                "required": required,
                "compliant": compliant,
                "percent": percent,
                "target_percent": round(float(row.target_percent), 1),
            }
        )
    return out


def _assessment(db: Database, actor: Actor, period_to: dt.date) -> dict[str, Any] | None:
    """The latest cycle both sides signed off by the period's end (else the latest one), as
    percentages of indicators per rating in each domain."""
    from vpr_desktop.services.assessment.service import AssessmentService

    with reading(db) as s:
        base = select(AssessmentCycle.id).where(AssessmentCycle.period_start <= period_to)
        order = (AssessmentCycle.period_end.desc(), AssessmentCycle.id.desc())
        cycle_id = s.scalar(
            base.where(AssessmentCycle.status == CycleStatus.SIGNED_OFF).order_by(*order).limit(1)
        ) or s.scalar(base.order_by(*order).limit(1))
    if cycle_id is None:
        return None
    summary = AssessmentService(db, actor, today=period_to).summary(int(cycle_id))
    rags = code_list("rag").values

    def percent(counts: Any) -> dict[str, float]:
        total = counts.total
        return {r: round(100.0 * counts.of(Rag(r)) / total, 1) if total else 0.0 for r in rags}

    return {
        "edition": summary.cycle.edition,
        "period_start": summary.cycle.period_start.isoformat(),
        "period_end": summary.cycle.period_end.isoformat(),
        "status": summary.cycle.status.value,
        "domains": [
            {"code": d.code, "title": d.title[:500], "percent": percent(d.counts)}
            for d in summary.domains
        ],
    }


def build_return(
    db: Database, actor: Actor, request: ReturnRequest, rule: DisclosureRule | None = None
) -> dict[str, Any]:
    """The return as a JSON-ready document (every count protected), with its SHA-256."""
    from vpr_desktop.services.admin import trust_settings

    actor.require(Permission.GENERATE_COMMITTEE_PACK, DOING)
    period = request.check()
    as_at = request.as_at or dt.date.today()
    if rule is None:
        rule = trust_settings.disclosure_rule(trust_settings.load(db, with_logo=False))
    if rule.threshold < 1 or not rule.secondary:
        raise ValidationError(
            "A return must suppress small counts (a threshold of 1 or more, with secondary "
            "suppression).",
            "Set the disclosure threshold on the Settings page.",
        )
    b = ReturnBuilder(db, actor, period, as_at)
    months = period.month_list()
    with reading(db) as s:
        raw = b.incident_tables(s)
        raw["staff_by_protected_characteristic"] = b.characteristics(s)
        raw["headcount_by_staff_group"] = b.headcount(s)
    tables = {}
    for t in ds.TABLES:
        rows = months if t.monthly else (ds.WHOLE_PERIOD,)
        columns = code_list(t.columns).values
        tables[t.name] = _table(rows, columns, _mapped(t.columns, raw[t.name]), rule)
    document: dict[str, Any] = {
        "standard": ds.STANDARD_ID,
        "standard_version": ds.STANDARD_VERSION,
        "trust_code": request.trust_code,
        "period_from": period.start.isoformat(),
        "period_to": period.end.isoformat(),
        "made_on": as_at.isoformat(),
        "disclosure": {"threshold": rule.threshold, "rounding": rule.rounding, "secondary": True},
        "tables": tables,
        "training": _training(db, actor, min(as_at, period.end), rule),
        "assessment": _assessment(db, actor, period.end),
    }
    document["content_sha256"] = content_sha256(document)
    return document


def record_export(
    db: Database, actor: Actor, document: dict[str, Any], files: Sequence[str]
) -> None:
    """Audit that the return left the app (which period, which files, its SHA-256)."""
    with UnitOfWork(db, actor) as uow:
        uow.audit(
            AuditAction.EXPORT,
            "return",
            document["trust_code"],
            detail=f"Anonymised return {document['period_from']} to {document['period_to']} "
            f"(standard {document['standard_version']}): " + ", ".join(files),
            after={"content_sha256": document["content_sha256"]},
        )
