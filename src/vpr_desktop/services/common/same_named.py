"""One way to build a result dataclass from a row whose attributes carry the fields' own names.

Why: the read sides turn ORM objects, SQL rows and loaded records into frozen results, and most
of each constructor was ``x=row.x`` field after field (a cycle, a rating, an incident, a risk,
a role...). :func:`from_same_named` copies those and takes everything renamed or converted
as an explicit override, so the one place that differs is the one place written.

What is given up: mypy no longer checks each copied field's type against the source attribute's
type, only the overrides. The helper makes up for the names at run time instead: it fails
loudly (``AttributeError`` naming the class, the field and the source) when the source has no
attribute for a field that was not overridden, and ``TypeError`` for an override that is not a
field, so a renamed column or field breaks the first call, never silently. Fields whose value
is converted (an enum from a string, ``aware`` on a time, a label) stay explicit overrides.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import TYPE_CHECKING
from typing import TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


def from_same_named(cls: type[T], source: object, /, **overrides: object) -> T:
    """``cls`` with every init field taken from ``overrides`` if named there, else from the
    attribute of ``source`` with the field's name (no default is ever used silently)."""
    names = _init_names(cls)
    unknown = sorted(overrides.keys() - set(names))
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s): {', '.join(unknown)}")
    values: dict[str, object] = {}
    for name in names:
        if name in overrides:
            values[name] = overrides[name]
            continue
        try:
            values[name] = getattr(source, name)
        except AttributeError:
            raise AttributeError(
                f"{cls.__name__}.{name}: {type(source).__name__} has no attribute {name!r};"
                " give it as an override"
            ) from None
    return cls(**values)


@cache
def _init_names(cls: type[DataclassInstance]) -> tuple[str, ...]:
    """The names ``cls()`` takes, worked out once per class (list pages and exports build a
    result per row)."""
    return tuple(f.name for f in fields(cls) if f.init)
