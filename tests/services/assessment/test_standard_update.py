"""``apply_library`` writes an edition's own columns the same way when it creates the edition
and when a higher library version updates it (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Standard
from vpr_desktop.domain.standard_library import DomainSpec
from vpr_desktop.domain.standard_library import IndicatorSpec
from vpr_desktop.domain.standard_library import Library
from vpr_desktop.domain.standard_library import ScaleLevel
from vpr_desktop.services.assessment.standard_update import apply_library

SCALE = (
    ScaleLevel(Rag.RED, "Red", "Not met", "#d5281b", "#ffffff", 1),
    ScaleLevel(Rag.NOT_RATED, "Not rated", "Not assessed yet", "#ffffff", "#000000", 0),
)


def library(version: int, **changed: Any) -> Library:
    values: dict[str, Any] = {
        "edition": "test-1",
        "title": "Test standard",
        "publisher": "Test publisher",
        "library_version": version,
        "published_on": None,
        "provenance": "Typed in for a test.",
        "working_summary": True,
        "scale": SCALE,
        "domains": (DomainSpec("1", "Leadership"),),
        "indicators": (IndicatorSpec("1.1", "1", "There is a lead."),),
    }
    return Library(**{**values, **changed})


def columns(std: Standard) -> tuple[object, ...]:
    return (
        std.edition,
        std.title,
        std.publisher,
        std.library_version,
        std.published_on,
        std.provenance,
        std.working_summary,
        std.rating_scale,
    )


def test_a_new_edition_and_its_update_write_the_same_columns(db: Any) -> None:
    scale = [
        {"id": "red", "label": "Red", "description": "Not met", "colour": "#d5281b",
         "text_colour": "#ffffff", "rank": 1},
        {"id": "not_rated", "label": "Not rated", "description": "Not assessed yet",
         "colour": "#ffffff", "text_colour": "#000000", "rank": 0},
    ]  # fmt: skip
    with db.session() as session:
        created = apply_library(session, library(1), note="First load.")
        session.commit()
        std = session.scalars(select(Standard).where(Standard.edition == "test-1")).one()
        assert created.created and created.previous_version is None
        assert columns(std) == (
            "test-1",
            "Test standard",
            "Test publisher",
            1,
            None,
            "Typed in for a test.\n\nFirst load.",
            True,
            scale,
        )
        newer = library(
            2,
            title="Test standard (published)",
            publisher="Another publisher",
            published_on=dt.date(2026, 5, 1),
            provenance="Published wording.",
            working_summary=False,
        )
        updated = apply_library(session, newer)
        session.commit()
        session.refresh(std)
        assert not updated.created and updated.previous_version == 1
        assert columns(std) == (
            "test-1",
            "Test standard (published)",
            "Another publisher",
            2,
            dt.date(2026, 5, 1),
            "Published wording.",
            False,
            scale,
        )
        with pytest.raises(ValidationError, match="already at library version 2"):
            apply_library(session, newer)
