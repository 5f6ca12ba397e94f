"""How a value stored in SQLite becomes the Python value the models give back, without SQLAlchemy.

The incident list's first page may be read at start-up with plain ``sqlite3`` before SQLAlchemy
is imported (``store/early_read.py``, performance.md S2). Its rows must then be exactly what the
ORM would have returned, or the page would change under the reader's eyes when the real list
replaces them. So each result column is given a converter *name* when the ORM runs the
statement (``services/common/first_page.py`` names it from the column's own SQLAlchemy type),
and the early read applies the converter of that name. Both sides take the names from here.

SQLAlchemy's SQLite types store a ``DateTime`` as ISO text (``2025-01-01 20:54:00.000000``,
returned naive), a ``Date`` as ``YYYY-MM-DD``, a ``Boolean`` as 0/1 and an ``Enum`` as its
member's value; everything else comes back as the driver gives it.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from enum import Enum
from typing import Any

Converter = Callable[[Any], Any]

#: Converter names for the plain kinds; an enum's name is ``enum:<module>:<class>``.
PLAIN = ""
BOOL = "bool"
DATE = "date"
DATETIME = "datetime"
ENUM_PREFIX = "enum:"
#: Only the domain's own enums may be named (a stored name never imports anything else).
ENUM_MODULES = ("vpr_desktop.domain.",)


def _plain(value: Any) -> Any:
    return value


def _bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _date(value: Any) -> Any:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> Any:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


_KINDS: dict[str, Converter] = {PLAIN: _plain, BOOL: _bool, DATE: _date, DATETIME: _datetime}


def enum_converter_name(enum_class: type[Enum]) -> str:
    """The converter name for a column holding ``enum_class``'s values."""
    return f"{ENUM_PREFIX}{enum_class.__module__}:{enum_class.__qualname__}"


def converter(name: str) -> Converter:
    """The converter called ``name``; ``KeyError`` for a name this version does not know."""
    if name in _KINDS:
        return _KINDS[name]
    if not name.startswith(ENUM_PREFIX):
        raise KeyError(name)
    module_name, _sep, class_name = name[len(ENUM_PREFIX) :].partition(":")
    if not module_name.startswith(ENUM_MODULES):
        raise KeyError(name)
    enum_class = getattr(importlib.import_module(module_name), class_name, None)
    if not isinstance(enum_class, type) or not issubclass(enum_class, Enum):
        raise KeyError(name)

    def to_member(value: Any) -> Any:
        return None if value is None else enum_class(value)

    return to_member


def convert_rows(
    rows: list[tuple[Any, ...]], names: list[str] | tuple[str, ...]
) -> list[tuple[Any, ...]]:
    """Each row's values through the converters named for its columns, in order."""
    convert = [converter(name) for name in names]
    return [tuple(c(v) for c, v in zip(convert, row, strict=True)) for row in rows]
