"""One value or several: how a list filter's value is read.

Why shared: a list page's filter takes one location (a screen's single choice) or several (the
CLI, a saved filter), and the incident list and the support queue each read that the same
way; one reading means a set or a tuple behaves in both as a list does. A filter on an enum
column (the action log's status and source, the audit trail's action) reads its value into
members with :func:`enum_values`, so an unknown value is refused in the same words everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any
from typing import TypeVar

from vpr_desktop.domain.errors import ValidationError

E = TypeVar("E", bound=StrEnum)


def is_many(value: Any) -> bool:
    """Whether a filter's value holds several values rather than one."""
    return isinstance(value, list | tuple | set | frozenset)


def many(value: Any) -> list[Any]:
    """A filter's value as a list (one value becomes a list of one)."""
    return list(value) if is_many(value) else [value]


def enum_values(value: Any, enum: type[E], what: str) -> list[E]:
    """One or several enum members from members or their stored values; plain-words refusal."""
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    out: list[E] = []
    for item in items:
        try:
            out.append(enum(item))
        except ValueError:
            raise ValidationError(f"'{item}' is not a known {what}.") from None
    return out
