"""The crosswalk between two editions of the standard: which old indicator leads to which new
one, and whether a person has confirmed the link.

Why confirmation is separate from the links: links are proposed (shipped, or made when an
edition is loaded), but narratives, evidence and actions follow a link into a new cycle only
once someone with EDIT_ASSESSMENT has agreed it; each confirmation is its own audited change.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import aliased

from vpr_desktop.domain.base import aware
from vpr_desktop.domain.base import utcnow
from vpr_desktop.domain.models import CrosswalkLink
from vpr_desktop.domain.models import Indicator
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.models import StandardDomain
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.domain.standard_library import natural_sort_key
from vpr_desktop.services.assessment.standard_views import CrosswalkItem
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

if TYPE_CHECKING:
    from vpr_desktop.services.common.actor import Actor
    from vpr_desktop.store.database import Database

_NOTE = re.compile(r"^Proposed \((primary|secondary)\): (.*)$", re.S)


def crosswalk_items(session: Session, a: Standard, b: Standard) -> list[CrosswalkItem]:
    """Links from ``a`` to ``b`` in reading order: old domain and code, new domain and code."""
    src, dst = aliased(Indicator), aliased(Indicator)
    src_domain = aliased(StandardDomain)
    rows = session.execute(
        select(CrosswalkLink, src, dst, StandardDomain, src_domain.sort_order)
        .join(src, src.id == CrosswalkLink.from_indicator_id)
        .join(dst, dst.id == CrosswalkLink.to_indicator_id)
        .join(StandardDomain, StandardDomain.id == dst.domain_id)
        .join(src_domain, src_domain.id == src.domain_id)
        .where(src.standard_id == a.id, dst.standard_id == b.id)
    ).all()
    rows = sorted(
        rows,
        key=lambda r: (
            r[4],
            natural_sort_key(r[1].code),
            r[3].sort_order,
            natural_sort_key(r[2].code),
        ),
    )
    out = []
    for link, old, new, domain, _ in rows:
        m = _NOTE.match(link.note or "")
        out.append(
            CrosswalkItem(
                id=link.id,
                version=link.version,
                from_edition=a.edition,
                from_code=old.code,
                from_text=old.text,
                to_edition=b.edition,
                to_code=new.code,
                to_text=new.text,
                to_domain_code=domain.code,
                to_domain_title=domain.title,
                strength=m[1] if m else "",
                rationale=m[2] if m else (link.note or ""),
                confirmed_by=link.confirmed_by,
                confirmed_at=aware(link.confirmed_at),
                retired=old.retired or new.retired,
            )
        )
    return out


def set_link(
    db: Database, actor: Actor, link_id: int, confirm: bool, expected_version: int | None
) -> CrosswalkItem:
    """Confirm (or withdraw the confirmation of) one link: a person agrees that narratives,
    evidence and actions may flow along it. Returns the link as the crosswalk now shows it."""
    actor.require(Permission.EDIT_ASSESSMENT, "confirm the crosswalk")
    with UnitOfWork(db, actor) as uow:
        link = uow.get(CrosswalkLink, link_id, expected_version=expected_version)
        if confirm and link.confirmed_by is None:
            link.confirmed_by, link.confirmed_at = actor.username, utcnow()
        elif not confirm and link.confirmed_by is not None:
            link.confirmed_by, link.confirmed_at = None, None
    with reading(db) as session:
        saved = session.get_one(CrosswalkLink, link_id)
        a = session.get_one(
            Standard, session.get_one(Indicator, saved.from_indicator_id).standard_id
        )
        b = session.get_one(Standard, session.get_one(Indicator, saved.to_indicator_id).standard_id)
        return next(i for i in crosswalk_items(session, a, b) if i.id == link_id)


def confirm_links(db: Database, actor: Actor, link_ids: list[int]) -> int:
    """Confirm several links in one go (each still its own audited change); returns how many
    changed."""
    actor.require(Permission.EDIT_ASSESSMENT, "confirm the crosswalk")
    changed = 0
    with UnitOfWork(db, actor) as uow:
        for link_id in link_ids:
            link = uow.get(CrosswalkLink, link_id)
            if link.confirmed_by is None:
                link.confirmed_by, link.confirmed_at = actor.username, utcnow()
                changed += 1
    return changed
