"""Evidence on an assessment's ratings: files, links and VPR-role entries, and their edits.

Files go to the managed store (:mod:`~vpr_desktop.services.assessment.evidence_store`); a file
whose bytes are already stored is linked, not stored or recorded twice. Split from the service
so the cycle workflow (create, carry forward, sign off) reads apart from evidence handling;
:class:`~vpr_desktop.services.assessment.service.AssessmentService` inherits both.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import AssessmentCycle
from vpr_desktop.domain.models import Evidence
from vpr_desktop.domain.models import Rating
from vpr_desktop.domain.models import RatingEvidence
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.admin.trust_settings import load as load_settings
from vpr_desktop.services.assessment.evidence_store import EvidenceStore
from vpr_desktop.services.assessment.queries import AssessmentQueries
from vpr_desktop.services.assessment.queries import evidence_item
from vpr_desktop.services.assessment.records import EvidenceItem
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

#: Evidence that is an entry of the roles register (not a web address or a file).
ROLE_EVIDENCE_SCHEME = "vpr-desktop:role/"
MAX_TITLE = 500
SIDE_NAMES = {Side.MANAGEMENT: "management lead (VPR lead)", Side.STAFF_SIDE: "staff-side lead"}
_KEEP = object()  # "leave this field as it is" in update_evidence


class AssessmentEvidence(AssessmentQueries):
    """Evidence on a rating: files into the managed store, links, role entries; and the one
    rule every assessment write obeys (``_check_editable``: nothing changes once signed)."""

    def _check_editable(self, session: Session, cycle_id: int) -> AssessmentCycle:
        c = session.get(AssessmentCycle, cycle_id)
        assert c is not None
        if CycleStatus(c.status) is CycleStatus.SIGNED_OFF:
            raise ValidationError(
                f"'{c.name}' was signed off by both sides, so it is read-only.",
                "Start a new cycle (carrying this one forward) to record changes.",
            )
        signed = [
            SIDE_NAMES[s]
            for s, by in (
                (Side.MANAGEMENT, c.management_signed_by),
                (Side.STAFF_SIDE, c.staff_side_signed_by),
            )
            if by
        ]
        if signed:
            raise ValidationError(
                f"The {' and the '.join(signed)} signed '{c.name}', so it cannot change now.",
                "Return it to draft to change it (that withdraws the signature).",
            )
        return c

    # ------------------------------------------------------------------------ evidence
    def add_evidence_file(
        self,
        rating_id: int,
        path: Path | str,
        *,
        title: str | None = None,
        owner: str | None = None,
        evidence_date: dt.date | None = None,
        review_date: dt.date | None = None,
    ) -> EvidenceItem:
        """Copy a file into the managed store and link it to the rating. When the same bytes
        are already stored, the existing evidence record is linked instead
        (``already_stored`` True; the title and dates given are then not used)."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "add evidence")
        fields = _evidence_fields(title or Path(path).stem, owner, evidence_date, review_date)
        with reading(self.db) as session:  # refuse before copying anything
            self._check_editable(session, self._rating_cycle(session, rating_id))
        limit = load_settings(self.db, with_logo=False).evidence_limit_bytes
        store = EvidenceStore.for_database(self.db, limit)
        stored = store.put(path)
        try:
            with UnitOfWork(self.db, self.actor) as uow:
                s = uow.session
                r = uow.get(Rating, rating_id)
                self._check_editable(s, r.cycle_id)
                e = s.scalar(
                    select(Evidence)
                    .where(Evidence.sha256 == stored.sha256)
                    .order_by(Evidence.id)
                    .limit(1)
                )
                already = e is not None
                if e is None:
                    e = Evidence(
                        sha256=stored.sha256,
                        stored_name=stored.stored_name,
                        original_name=stored.original_name,
                        size_bytes=stored.size_bytes,
                        added_by=self.actor.username,
                        **fields,
                    )
                    s.add(e)
                    s.flush()
                self._link(s, r.id, e.id)
                item = evidence_item(e, self.today, already)
        except BaseException:
            if not stored.already_stored:
                store.discard(stored.stored_name)
            raise
        return item

    def add_evidence_link(
        self,
        rating_id: int,
        url: str,
        *,
        title: str,
        owner: str | None = None,
        evidence_date: dt.date | None = None,
        review_date: dt.date | None = None,
    ) -> EvidenceItem:
        """Link to evidence kept elsewhere (an http(s) address, e.g. SharePoint)."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "add evidence")
        address = (url or "").strip()
        parsed = urlparse(address)
        if (
            parsed.scheme not in ("http", "https")
            or not parsed.netloc
            or len(address) > 2000
            or re.search(r"[\s\x00-\x1f\x7f]", address)
        ):
            raise ValidationError(
                f"'{address[:80]}' is not a web address this can link to.",
                "Give an address starting https:// (or http://).",
            )
        fields = _evidence_fields(title or parsed.netloc, owner, evidence_date, review_date)
        return self._add_reference(rating_id, address, fields)

    def link_role_entry(self, rating_id: int, role_id: int) -> EvidenceItem:
        """Cite an entry of the roles and responsibilities register as evidence (leadership
        and workforce indicators): who holds the role, with its review date as the evidence's
        review-by date. Stored as an internal ``vpr-desktop:role/<id>`` reference, titled by
        role and scope only, so no name travels into exports or packs through the title."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "add evidence")
        from vpr_desktop.services.roles.service import RolesRegisterService

        entry = RolesRegisterService(self.db, self.actor, today=self.today).get(role_id)
        holder = "filled" if entry.filled else "vacant"
        fields = _evidence_fields(
            f"Roles register: {entry.role_label} ({entry.scope}), {holder}",
            None,
            None,
            entry.review_date,
        )
        return self._add_reference(rating_id, f"{ROLE_EVIDENCE_SCHEME}{role_id}", fields)

    def _add_reference(self, rating_id: int, url: str, fields: dict[str, Any]) -> EvidenceItem:
        """A new evidence item that points somewhere (a web address, a register entry) rather
        than holding a file, linked to the rating in the same transaction. One path for both
        kinds, so each checks the cycle is still editable and audits the same way."""
        with UnitOfWork(self.db, self.actor) as uow:
            r = uow.get(Rating, rating_id)
            self._check_editable(uow.session, r.cycle_id)
            e = Evidence(url=url, added_by=self.actor.username, **fields)
            uow.session.add(e)
            uow.session.flush()
            self._link(uow.session, r.id, e.id)
            item = evidence_item(e, self.today)
        return item

    def link_evidence(self, rating_id: int, evidence_id: int) -> None:
        """Use evidence already in the library for another indicator too."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "link evidence")
        with UnitOfWork(self.db, self.actor) as uow:
            r = uow.get(Rating, rating_id)
            uow.get(Evidence, evidence_id)
            self._check_editable(uow.session, r.cycle_id)
            self._link(uow.session, rating_id, evidence_id)

    def unlink_evidence(self, rating_id: int, evidence_id: int) -> None:
        """Take evidence off an indicator (the evidence record and file stay for history)."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "remove evidence")
        with UnitOfWork(self.db, self.actor) as uow:
            r = uow.get(Rating, rating_id)
            self._check_editable(uow.session, r.cycle_id)
            link = uow.session.scalar(
                select(RatingEvidence).where(
                    RatingEvidence.rating_id == rating_id, RatingEvidence.evidence_id == evidence_id
                )
            )
            if link is not None:
                uow.session.delete(link)

    def update_evidence(
        self,
        evidence_id: int,
        expected_version: int | None = None,
        *,
        title: Any = _KEEP,
        owner: Any = _KEEP,
        evidence_date: Any = _KEEP,
        review_date: Any = _KEEP,
    ) -> EvidenceItem:
        """Change an evidence record's title, owner or dates (leave out what stays). Allowed
        even when it supports a signed-off cycle: one record serves every cycle that links it,
        and keeping its review-by date current is what flags stale evidence."""
        self.actor.require(Permission.EDIT_ASSESSMENT, "edit evidence")
        with UnitOfWork(self.db, self.actor) as uow:
            e = uow.get(Evidence, evidence_id, expected_version=expected_version)
            current = {
                "title": e.title,
                "owner": e.owner,
                "evidence_date": e.evidence_date,
                "review_date": e.review_date,
            }
            given = {
                "title": title,
                "owner": owner,
                "evidence_date": evidence_date,
                "review_date": review_date,
            }
            merged = {k: current[k] if v is _KEEP else v for k, v in given.items()}
            for key, value in _evidence_fields(**merged).items():
                if getattr(e, key) != value:
                    setattr(e, key, value)
            uow.session.flush()
            item = evidence_item(e, self.today)
        return item

    @staticmethod
    def _link(session: Session, rating_id: int, evidence_id: int) -> None:
        if not session.scalar(
            select(
                exists().where(
                    RatingEvidence.rating_id == rating_id, RatingEvidence.evidence_id == evidence_id
                )
            )
        ):
            session.add(RatingEvidence(rating_id=rating_id, evidence_id=evidence_id))
            session.flush()


def _evidence_fields(
    title: Any, owner: Any, evidence_date: Any, review_date: Any
) -> dict[str, Any]:
    name = " ".join(str(title or "").split())
    if not name or len(name) > MAX_TITLE:
        raise ValidationError(f"Give the evidence a title (up to {MAX_TITLE} characters).")
    who = " ".join(str(owner or "").split()) or None
    if who is not None and len(who) > 200:
        raise ValidationError("Keep the owner under 200 characters.")
    for label, day in (("evidence date", evidence_date), ("review-by date", review_date)):
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            raise ValidationError(f"The {label} must be a date (YYYY-MM-DD).")
    if evidence_date and review_date and review_date < evidence_date:
        raise ValidationError("The review-by date is before the evidence date.")
    return {"title": name, "owner": who, "evidence_date": evidence_date, "review_date": review_date}
