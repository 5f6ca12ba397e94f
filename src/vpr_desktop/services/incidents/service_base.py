"""The base of the incident service: clocks and one incident read back (the support pathway
setting is :mod:`.pathway_setting`).

Everything the incident writes and follow-ups build on, kept in one small class so
:class:`~vpr_desktop.services.incidents.follow_ups.IncidentFollowUps` and
:class:`~vpr_desktop.services.incidents.service.IncidentService` read as what they add.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy import select

from vpr_desktop.domain.enums import AuditAction
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading
from vpr_desktop.services.incidents import queries as q
from vpr_desktop.services.incidents.clock import IncidentClock
from vpr_desktop.services.incidents.records import IncidentDetail

log = logging.getLogger(__name__)


class IncidentServiceBase(IncidentClock):
    """What every incident operation needs: the actor and database, the clocks, the trust's
    support pathway, and reading one incident back as a frozen detail."""

    #: Why the trust's support pathway setting could not be read, as of the last :meth:`get`.
    pathway_problem: str | None = None

    def get(self, incident_id: int) -> IncidentDetail:
        """The whole record (row level). Protected characteristics are in it only for users
        allowed to see them, and only for people who consented; viewing them is audited."""
        self.actor.require(Permission.READ_INCIDENTS, "see individual incidents")
        with reading(self.db) as s:
            pathway, self.pathway_problem = q.load_pathway(s)
            detail = q.build_detail(s, incident_id, self.actor, pathway, self.today(), self.now())
        if detail is None:
            raise NotFoundError(
                f"Incident {incident_id} no longer exists.",
                "Someone may have deleted it; refresh the list (F5).",
            )
        if any(st.characteristics for st in detail.staff) and not self._audit_view(detail):
            # Who saw special-category data must be on record: if the view cannot be
            # recorded, the characteristics are withheld (the rest of the record opens).
            detail = replace(
                detail,
                staff=tuple(replace(st, characteristics=None) for st in detail.staff),
                characteristics_visible=False,
            )
        return detail

    def get_by_reference(self, reference: str) -> IncidentDetail:
        """An incident by its VPR reference or its Datix id (people quote either)."""
        self.actor.require(Permission.READ_INCIDENTS, "see individual incidents")
        with reading(self.db) as s:
            iid = s.scalar(
                select(Incident.id).where(
                    (Incident.reference == reference) | (Incident.external_ref == reference)
                )
            )
        if iid is None:
            raise NotFoundError(f"There is no incident {reference}.", "Check the reference.")
        return self.get(iid)

    def _audit_view(self, detail: IncidentDetail) -> bool:
        """Special category data: record who viewed it; False if that could not be recorded
        (a busy or failing database). A database opened read-only cannot record anything, and
        is opened that way on purpose (a copy, a preview), so it shows them unrecorded."""
        if self.db.read_only:
            return True
        try:
            with UnitOfWork(self.db, self.actor) as uow:
                uow.audit(
                    AuditAction.VIEW,
                    "staff_characteristic",
                    detail.id,
                    detail=f"protected characteristics viewed on {detail.reference}",
                )
        except VprError as exc:
            log.warning("Characteristics withheld: their viewing could not be audited (%s)", exc)
            return False
        return True
