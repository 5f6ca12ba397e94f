"""The pages of the window, who may see each, and how each is built.

Pages a role may not use are hidden, not greyed out (UI.md): a board secretary sees Home and
Packs only. The check here only decides what to show; the services check again on every call,
so hiding a page is never the only protection.

Permissions are named by their string values (``Permission`` is a ``StrEnum``, so
``actor.can("read_incidents")`` is the same check): this module is imported before the first
paint, and the domain enums cost several milliseconds of a start-up budget of about forty.
A test checks every name here is a real ``Permission``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import NamedTuple

from vpr_desktop.views import pages as build

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.views.pages import PageFactory


class PageSpec(NamedTuple):
    """One sidebar page: its key, words, who may see it and how it is built."""

    key: str
    title: str
    purpose: str
    #: Any one of these permissions (``Permission`` values) lets a user see the page.
    permissions: tuple[str, ...] = ()
    #: Builds the page the first time it is shown (``views.pages``); None only for the start
    #: page, which the window builds itself.
    factory: PageFactory | None = None


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "home",
        "Home",
        "What needs attention and what this database holds.",
        ("read_summary",),
        factory=build.home,
    ),
    PageSpec(
        "assessment",
        "Self-assessment",
        "The trust's rating against the NHS violence prevention and reduction standard.",
        ("read_assessment",),
        factory=build.assessment,
    ),
    PageSpec(
        "risks",
        "Risk register",
        "Violence and aggression risk assessments, their controls and reviews.",
        ("read_risks",),
        factory=build.risks,
    ),
    PageSpec(
        "training",
        "Training",
        "Who needs which training, who has it, and compliance against target.",
        ("read_training_aggregates",),
        factory=build.training,
    ),
    PageSpec(
        "incidents",
        "Incidents",
        "Every violence and aggression incident recorded, newest first.",
        ("read_incidents",),
        factory=build.incidents,
    ),
    PageSpec(
        "support",
        "Support queue",
        "Post-incident support for staff: what is due and what is overdue.",
        ("read_incidents",),
        factory=build.support,
    ),
    PageSpec(
        "actions",
        "Action log",
        "The joint action log, owned by management and staff side together.",
        ("read_actions",),
        factory=build.actions,
    ),
    PageSpec(
        "roles",
        "Roles and responsibilities",
        "Who leads violence prevention and reduction work, with their time, competence and "
        "deputies, and where the gaps are.",
        ("read_roles_register",),
        factory=build.roles,
    ),
    PageSpec(
        "packs",
        "Packs",
        "Committee and board packs for a period.",
        ("generate_committee_pack", "generate_board_pack"),
        factory=build.packs,
    ),
    PageSpec(
        "audit",
        "Audit trail",
        "Who changed what and when, with each change's before and after.",
        ("read_audit",),
        factory=build.audit,
    ),
    PageSpec(
        "admin",
        "Admin",
        "User accounts and the roles that decide what each person sees.",
        ("manage_users", "manage_settings"),
        factory=build.admin,
    ),
    PageSpec(
        "settings",
        "Settings",
        "The trust's name and logo for packs, small numbers, the assurance scale, targets, "
        "support timings, the evidence size limit and backups.",
        ("manage_settings",),
        factory=build.trust_settings,
    ),
)

PAGES_BY_KEY = {spec.key: spec for spec in PAGES}


def allowed(spec: PageSpec, actor: Actor) -> bool:
    """Whether ``actor`` holds any permission that shows the page (none needed: everyone)."""
    return not spec.permissions or any(actor.can(p) for p in spec.permissions)  # type: ignore[arg-type]


def visible_pages(actor: Actor) -> list[PageSpec]:
    """The pages this person may use, in sidebar order (Home always first)."""
    return [spec for spec in PAGES if spec.key == "home" or allowed(spec, actor)]
