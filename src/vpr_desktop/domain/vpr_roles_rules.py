"""Pure rules of the roles and responsibilities register: levels, labels, and what is a gap.

HSE inspections found unclear roles, too little time for those who hold them and no assessment
of their competence; the national report found VPR work resting on individual leads with no named
strategic lead. So a gap is any of: a required role with no holder, a holder with no deputy,
a review date past, competence expected but not recorded or expired, or a holder who has left.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.labelled_enum import LabelledEnum

R = VprRoleType


class RoleLevel(LabelledEnum):
    """The level of the organisation a VPR role works at, for grouping the register."""

    BOARD = "board"
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    PARTNERSHIP = "partnership"


LEVEL_ORDER = (RoleLevel.BOARD, RoleLevel.STRATEGIC, RoleLevel.OPERATIONAL, RoleLevel.PARTNERSHIP)

ROLE_LEVEL: dict[VprRoleType, RoleLevel] = {
    R.EXECUTIVE_LEAD: RoleLevel.BOARD,
    R.NON_EXECUTIVE_CHAMPION: RoleLevel.BOARD,
    R.STRATEGIC_LEAD: RoleLevel.STRATEGIC,
    R.VPR_LEAD: RoleLevel.STRATEGIC,
    R.SECURITY_MANAGEMENT: RoleLevel.STRATEGIC,
    R.LOCAL_CHAMPION: RoleLevel.OPERATIONAL,
    R.POST_INCIDENT_SUPPORT_LEAD: RoleLevel.OPERATIONAL,
    R.TRAINER_RESTRICTIVE_INTERVENTION: RoleLevel.OPERATIONAL,
    R.TRAINER_CONFLICT_RESOLUTION: RoleLevel.OPERATIONAL,
    R.HS_COMMITTEE_CHAIR: RoleLevel.PARTNERSHIP,
    R.STAFF_SIDE_HS_REP: RoleLevel.PARTNERSHIP,
}

ROLE_LABEL: dict[VprRoleType, str] = {
    R.EXECUTIVE_LEAD: "Board-level executive lead",
    R.NON_EXECUTIVE_CHAMPION: "Non-executive champion",
    R.STRATEGIC_LEAD: "Named strategic lead",
    R.VPR_LEAD: "VPR lead",
    R.SECURITY_MANAGEMENT: "Security management lead",
    R.LOCAL_CHAMPION: "Local VPR champion",
    R.POST_INCIDENT_SUPPORT_LEAD: "Post-incident support lead",
    R.TRAINER_RESTRICTIVE_INTERVENTION: "Restrictive intervention trainer",
    R.TRAINER_CONFLICT_RESOLUTION: "Conflict resolution trainer",
    R.HS_COMMITTEE_CHAIR: "Health and safety committee chair",
    R.STAFF_SIDE_HS_REP: "Staff-side health and safety rep",
}

#: Competence a trust would usually expect (a suggestion shown in the form; editable per role).
DEFAULT_COMPETENCE: dict[VprRoleType, str] = {
    R.STRATEGIC_LEAD: "Level 7 VPR CPD (offered nationally) or equivalent",
    R.VPR_LEAD: "RSPH level 3 or 4 qualification in violence prevention and reduction",
    R.SECURITY_MANAGEMENT: "Security management qualification",
    R.TRAINER_RESTRICTIVE_INTERVENTION: "Certified trainer (RRN Training Standards)",
    R.TRAINER_CONFLICT_RESOLUTION: "Conflict resolution trainer qualification",
}


class GapKind(StrEnum):
    """Why a VPR role needs attention: vacant, no deputy, review overdue, competence or holder
    gone.
    """

    VACANT = "vacant"
    NO_DEPUTY = "no_deputy"
    REVIEW_OVERDUE = "review_overdue"
    COMPETENCE_MISSING = "competence_missing"
    COMPETENCE_EXPIRED = "competence_expired"
    HOLDER_LEFT = "holder_left"


@dataclass(frozen=True)
class RoleFacts:
    """What the gap rule needs to know about one register entry."""

    role_type: VprRoleType
    required: bool
    has_holder: bool
    has_deputy: bool
    holder_left: bool
    review_date: dt.date | None
    competence_required: str | None
    competence_held: str | None
    competence_expires: dt.date | None


def gaps(facts: RoleFacts, today: dt.date) -> list[tuple[GapKind, str]]:
    """The gaps of one entry, each with a sentence a committee can read."""
    label = ROLE_LABEL[facts.role_type]
    found: list[tuple[GapKind, str]] = []
    if not facts.has_holder:
        if facts.required:
            found.append((GapKind.VACANT, f"{label}: no one holds this required role"))
        return found  # the other checks are about a holder
    if facts.holder_left:
        found.append((GapKind.HOLDER_LEFT, f"{label}: the holder has left the trust"))
    if not facts.has_deputy:
        found.append((GapKind.NO_DEPUTY, f"{label}: no deputy named"))
    if facts.review_date is not None and facts.review_date < today:
        found.append(
            (GapKind.REVIEW_OVERDUE, f"{label}: review was due {facts.review_date:%d %b %Y}")
        )
    if facts.competence_required:
        if not facts.competence_held:
            found.append(
                (
                    GapKind.COMPETENCE_MISSING,
                    f"{label}: expected competence not recorded ({facts.competence_required})",
                )
            )
        elif facts.competence_expires is not None and facts.competence_expires < today:
            found.append(
                (
                    GapKind.COMPETENCE_EXPIRED,
                    f"{label}: competence expired {facts.competence_expires:%d %b %Y}",
                )
            )
    return found
