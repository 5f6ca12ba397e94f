"""Who may do what: a pure table of role → permissions, checked in services (so the CLI obeys).

Pages a role may not use are hidden by the window, but the service check is the one that counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from vpr_desktop.domain.enums import Role


class Permission(StrEnum):
    """What a user may do; roles grant sets of these (``ROLE_PERMISSIONS``)."""

    READ_SUMMARY = "read_summary"  # home page aggregates, board-level summaries
    READ_ASSESSMENT = "read_assessment"
    EDIT_ASSESSMENT = "edit_assessment"
    SIGN_OFF_ASSESSMENT = "sign_off_assessment"
    READ_RISKS = "read_risks"
    EDIT_RISKS = "edit_risks"
    READ_TRAINING_AGGREGATES = "read_training_aggregates"
    READ_TRAINING_NAMES = "read_training_names"
    EDIT_TRAINING = "edit_training"
    READ_INCIDENTS = "read_incidents"  # row level, narratives
    EDIT_INCIDENTS = "edit_incidents"
    READ_PROTECTED_CHARACTERISTICS = "read_protected_characteristics"
    READ_ACTIONS = "read_actions"
    EDIT_ACTIONS_MANAGEMENT = "edit_actions_management"
    EDIT_ACTIONS_STAFF_SIDE = "edit_actions_staff_side"
    SIGN_OFF_ACTIONS = "sign_off_actions"
    READ_ROLES_REGISTER = "read_roles_register"
    EDIT_ROLES_REGISTER = "edit_roles_register"
    GENERATE_COMMITTEE_PACK = "generate_committee_pack"
    GENERATE_BOARD_PACK = "generate_board_pack"
    IMPORT_DATA = "import_data"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    READ_AUDIT = "read_audit"  # the audit trail: who changed what (administrators, VPR leads)
    BACKUP = "backup"
    RESTORE = "restore"
    GENERATE_DEMO = "generate_demo"


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VPR_LEAD: frozenset(
        set(Permission) - {P.MANAGE_USERS, P.RESTORE, P.GENERATE_DEMO, P.EDIT_ACTIONS_STAFF_SIDE}
    ),
    Role.COMMITTEE_CHAIR: frozenset(
        {
            P.READ_SUMMARY,
            P.READ_ASSESSMENT,
            P.READ_RISKS,
            P.READ_TRAINING_AGGREGATES,
            P.READ_TRAINING_NAMES,
            P.READ_INCIDENTS,
            P.READ_ACTIONS,
            P.SIGN_OFF_ACTIONS,
            P.READ_ROLES_REGISTER,
            P.GENERATE_COMMITTEE_PACK,
            P.GENERATE_BOARD_PACK,
            P.BACKUP,
        }
    ),
    # Staff side: aggregates, the assessment and the action log; never incident narratives,
    # names or protected characteristics.
    Role.STAFF_SIDE_REP: frozenset(
        {
            P.READ_SUMMARY,
            P.READ_ASSESSMENT,
            P.SIGN_OFF_ASSESSMENT,
            P.READ_TRAINING_AGGREGATES,
            P.READ_ACTIONS,
            P.EDIT_ACTIONS_STAFF_SIDE,
            P.SIGN_OFF_ACTIONS,
            P.READ_ROLES_REGISTER,
        }
    ),
    Role.BOARD_SECRETARY: frozenset({P.READ_SUMMARY, P.GENERATE_BOARD_PACK}),
    Role.ADMINISTRATOR: frozenset(
        {
            P.READ_SUMMARY,
            P.MANAGE_USERS,
            P.MANAGE_SETTINGS,
            P.READ_AUDIT,
            P.BACKUP,
            P.RESTORE,
            P.GENERATE_DEMO,
        }
    ),
}


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    """Everything any of ``roles`` allows."""
    out: set[Permission] = set()
    for role in roles:
        out |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(out)
