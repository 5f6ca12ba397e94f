"""``insert_numbered``: a clash on the reference rolls back only that try and the next try is
made; every try clashing is refused in plain words; SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Site
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.numbered_insert import ATTEMPTS
from vpr_desktop.services.common.numbered_insert import insert_numbered
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))


def _codes(db: Any) -> list[str]:
    with reading(db) as s:
        return list(s.scalars(select(Site.code).order_by(Site.code)))


def _insert(db: Any, code_of: Callable[[int], str], tried: list[int]) -> str:
    """A site inserted by ``insert_numbered`` beside an existing S-1; its code."""
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(Site(code="S-1", name="Northgate"))

    def build(attempt: int) -> Site:
        tried.append(attempt)
        return Site(code=code_of(attempt), name="Southfield")

    with UnitOfWork(db, LEAD) as uow:
        return insert_numbered(uow.session, build, "site").code


def test_a_clash_tries_the_next_attempt(db: Any) -> None:
    tried: list[int] = []
    assert _insert(db, lambda attempt: f"S-{attempt + 1}", tried) == "S-2"
    assert tried == [0, 1]
    assert _codes(db) == ["S-1", "S-2"]


def test_every_attempt_clashing_is_refused_and_nothing_is_added(db: Any) -> None:
    tried: list[int] = []
    with pytest.raises(ValidationError, match=r"^Could not give the site a reference") as caught:
        _insert(db, lambda _attempt: "S-1", tried)
    assert caught.value.next_step == "Save again."
    assert tried == list(range(ATTEMPTS)) and ATTEMPTS == 5
    assert _codes(db) == ["S-1"]
