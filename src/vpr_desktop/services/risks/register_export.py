"""What the risk register export (xlsx) reads: every live risk with its controls and actions.

One query per table, joined in Python, so a register of thousands of risks exports in a few
round trips; the report layer turns :class:`RegisterExport` into a workbook without touching the
database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Control
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import RiskStaffGroup
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.domain.risk_matrix import RiskMatrix
from vpr_desktop.services.risks.queries import INCIDENT_WINDOW_DAYS
from vpr_desktop.services.risks.queries import RA
from vpr_desktop.services.risks.queries import control_view
from vpr_desktop.services.risks.queries import flags_for
from vpr_desktop.services.risks.queries import owner_name
from vpr_desktop.services.risks.queries import risk_rows
from vpr_desktop.services.risks.records import ControlView
from vpr_desktop.services.risks.records import HeatMap
from vpr_desktop.services.risks.records import IncidentEvidence
from vpr_desktop.services.risks.records import OnTimeShare
from vpr_desktop.services.risks.records import RiskFlag
from vpr_desktop.services.risks.records import RiskRow

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ExportRisk:
    """A risk with everything the Excel register shows (children flattened to text)."""

    row: RiskRow
    location_code: str | None
    description: str | None
    owner_employee_number: str | None
    staff_groups: tuple[str, ...]
    options_note: str | None
    controls: tuple[ControlView, ...]
    flags: tuple[RiskFlag, ...]


def export_risks(
    session: Session,
    matrix: RiskMatrix,
    where: Sequence[ColumnElement[bool]],
    today: dt.date,
    with_owner: bool,
    chunk: int = 500,
) -> list[ExportRisk]:
    """Risks (current score first) with staff groups, controls and flags, in chunks of ids."""
    rows = risk_rows(session, matrix, *where, with_owner=with_owner)
    evidence_counts = dict(
        session.execute(
            select(Incident.location_id, func.count())
            .where(
                Incident.occurred_at
                >= dt.datetime.combine(
                    today - dt.timedelta(days=INCIDENT_WINDOW_DAYS), dt.time(), tzinfo=dt.UTC
                ),
                Incident.occurred_at
                < dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
            )
            .group_by(Incident.location_id)
        ).all()
    )
    out: list[ExportRisk] = []
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        ids = [r.id for r in part]
        extra = {
            rid: (code, desc, number, note)
            for rid, code, desc, number, note in session.execute(
                select(
                    RA.id, Location.code, RA.description, Person.employee_number, RA.options_note
                )
                .outerjoin(Location, Location.id == RA.location_id)
                .outerjoin(Person, Person.id == RA.owner_id)
                .where(RA.id.in_(ids))
            )
        }
        groups: dict[int, list[str]] = {}
        for rid, name in session.execute(
            select(RiskStaffGroup.risk_id, StaffGroup.name)
            .join(StaffGroup, StaffGroup.id == RiskStaffGroup.staff_group_id)
            .where(RiskStaffGroup.risk_id.in_(ids))
            .order_by(StaffGroup.name)
        ):
            groups.setdefault(rid, []).append(name)
        controls: dict[int, list[ControlView]] = {}
        for c, owner in session.execute(
            select(Control, owner_name())
            .outerjoin(Person, Person.id == Control.owner_id)
            .where(Control.risk_id.in_(ids))
            .order_by(Control.id)
        ):
            controls.setdefault(c.risk_id, []).append(control_view(c, owner, today))
        actions = dict(
            session.execute(
                select(Action.source_id, func.count())
                .where(
                    Action.source == ActionSource.RISK,
                    Action.source_id.in_(ids),
                    Action.status != ActionStatus.CANCELLED,
                )
                .group_by(Action.source_id)
            ).all()
        )
        for r in part:
            code, desc, number, note = extra[r.id]
            evidence = None
            if r.location_id is not None:
                n = int(evidence_counts.get(r.location_id, 0))
                suggested = matrix.likelihood_from_incidents(n)
                evidence = IncidentEvidence(
                    r.location_id,
                    n,
                    today - dt.timedelta(days=INCIDENT_WINDOW_DAYS),
                    today,
                    suggested,
                    r.current.likelihood or 1,
                    None
                    if suggested <= (r.current.likelihood or 1)
                    else f"{n} incident(s) here in 12 months suggest likelihood "
                    f"{matrix.likelihood_label(suggested)}.",
                    "",
                )
            cs = tuple(controls.get(r.id, []))
            flags = flags_for(
                r,
                matrix=matrix,
                staff_groups=len(groups.get(r.id, [])),
                controls=cs,
                options_note=note,
                open_actions=int(actions.get(r.id, 0)),
                evidence=evidence,
                today=today,
            )
            out.append(
                ExportRisk(
                    r,
                    code,
                    desc,
                    number if with_owner else None,
                    tuple(groups.get(r.id, [])),
                    note,
                    cs,
                    tuple(flags),
                )
            )
    return out


@dataclass(frozen=True)
class RegisterExport:
    """Everything the Excel register holds (built by ``export_data``; rendered in reports)."""

    risks: list[ExportRisk]
    heat_current: HeatMap
    heat_target: HeatMap
    on_time: OnTimeShare
    matrix: RiskMatrix
    as_of: dt.date
    generated_by: str
