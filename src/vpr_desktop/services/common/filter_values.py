"""One value or several: how a list filter's value is read.

Why shared: a list page's filter takes one location (a screen's single choice) or several (the
CLI, a saved filter), and the incident list and the support queue each read that the same
way; one reading means a set or a tuple behaves in both as a list does.
"""

from __future__ import annotations

from typing import Any


def is_many(value: Any) -> bool:
    """Whether a filter's value holds several values rather than one."""
    return isinstance(value, list | tuple | set | frozenset)


def many(value: Any) -> list[Any]:
    """A filter's value as a list (one value becomes a list of one)."""
    return list(value) if is_many(value) else [value]
