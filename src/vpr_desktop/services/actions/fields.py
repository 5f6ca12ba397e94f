"""An action's fields as a person gives them: normalised and checked before a write, and an
edit described in words for the timeline.

Why apart from the service: creating, accepting and editing an action all pass their values
through the same checks (title length, known source and priority, owners who exist, a source
link to a real record), and the timeline's "Changed …" line is built from the same field
labels (``domain.action_rules.FIELD_LABELS``); one place keeps them the same.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from vpr_desktop.domain import action_rules as rules
from vpr_desktop.domain.action_rules import FIELD_LABELS
from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import Priority
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Action
from vpr_desktop.domain.models import Base
from vpr_desktop.domain.models import Person
from vpr_desktop.services.actions.details import person_names

MAX_TITLE = 500
E = TypeVar("E", bound=Enum)


def clean_fields(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Normalise and check field values; refusals in plain words."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "title":
            title = (value or "").strip()
            if not title:
                raise ValidationError("Give the action a title.")
            if len(title) > MAX_TITLE:
                raise ValidationError(
                    f"Keep the title under {MAX_TITLE} characters; put "
                    "the detail in the description."
                )
            out[key] = title
        elif key == "description":
            out[key] = (value or "").strip() or None
        elif key == "source":
            out[key] = enum_value(value, ActionSource, "source")
        elif key == "priority":
            out[key] = enum_value(value, Priority, "priority")
        elif key == "source_entity":
            out[key] = (value or "").strip() or None
        elif key in ("source_id", "management_owner_id", "staff_side_owner_id"):
            out[key] = _optional_id(value, FIELD_LABELS[key])
            if (
                key != "source_id"
                and out[key] is not None
                and session.get(Person, out[key]) is None
            ):
                raise ValidationError(
                    f"There is no person with id {out[key]} to be the {FIELD_LABELS[key]}.",
                    "Choose someone from the list.",
                )
        elif key == "due_date":
            if value is not None and (
                not isinstance(value, dt.date) or isinstance(value, dt.datetime)
            ):
                raise ValidationError("The due date must be a date (YYYY-MM-DD).")
            out[key] = value
    return out


def check_link(session: Session, entity: str | None, ident: int | None) -> None:
    """Refuse a source link that is half given, to an unknown kind, or to a missing record."""
    if entity is None and ident is None:
        return
    if entity is None or ident is None:
        raise ValidationError("Give both the kind of source record and its id, or neither.")
    if entity not in rules.SOURCE_ENTITIES:
        raise ValidationError(
            f"An action cannot link to '{entity}'.",
            "Link it to an incident, risk, rating or meeting.",
        )
    tbl = Base.metadata.tables[entity]
    if session.scalar(select(tbl.c.id).where(tbl.c.id == ident)) is None:
        raise ValidationError(
            f"There is no {rules.SOURCE_ENTITIES[entity].lower()} with id {ident}."
        )


def describe_changes(session: Session, action: Action, changed: dict[str, Any]) -> str:
    """The timeline's words for an edit: each field's old and new value (owners by name)."""
    ids = [v for k, v in changed.items() if k.endswith("owner_id")]
    ids += [getattr(action, k) for k in changed if k.endswith("owner_id")]
    names = person_names(session, ids)
    parts = []
    for key, new in changed.items():
        if key == "source_id" and "source_entity" in changed:
            continue
        old = getattr(action, key)
        label = FIELD_LABELS[key]
        if key in ("description",):
            parts.append(f"{label} changed")
        elif key.endswith("owner_id"):
            parts.append(f"{label}: {names.get(old, 'none')} → {names.get(new, 'none')}")
        else:
            parts.append(f"{label}: {_show(old)} → {_show(new)}")
    return "Changed " + "; ".join(parts) + "."


def enum_value(value: object, enum: type[E], what: str) -> E:
    """``value`` as a member of ``enum``, refused in words (naming ``what``) when unknown."""
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(f"'{value}' is not a known {what}.") from None


def _optional_id(value: Any, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"The {what} must be chosen from the list.")
    return value


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, ActionSource):
        return rules.SOURCE_LABELS[value]
    if isinstance(value, Priority):
        return rules.PRIORITY_LABELS[value]
    return str(value)
