"""The person using the app, with their roles; every service call is made on someone's behalf."""

from __future__ import annotations

from dataclasses import dataclass

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.permissions import permissions_for


@dataclass(frozen=True)
class Actor:
    """Who is acting and with which roles: every service call checks its permission here."""

    username: str
    display_name: str
    roles: frozenset[Role]
    user_id: int | None = None

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission, doing: str) -> None:
        if not self.can(permission):
            roles = ", ".join(r.label for r in sorted(self.roles)) or "no role"
            raise PermissionDeniedError(
                f"{self.display_name} ({roles}) may not {doing}.",
                "Ask the VPR lead or an administrator if you need to.",
            )

    @property
    def roles_label(self) -> str:
        return ", ".join(r.label for r in sorted(self.roles)) or "No role"


SYSTEM = Actor(
    username="system",
    display_name="VPR Desktop",
    roles=frozenset({Role.ADMINISTRATOR, Role.VPR_LEAD}),
)
