"""``from_same_named``: copies same-named attributes, takes overrides, fails loudly otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field
from types import SimpleNamespace

import pytest

from vpr_desktop.services.common.same_named import from_same_named


@dataclass(frozen=True)
class Result:
    id: int
    name: str
    due: dt.date | None
    label: str = "none"
    derived: int = field(default=0, init=False)


def test_copies_same_named_attributes_and_overrides() -> None:
    row = SimpleNamespace(id=7, name="Ward 7", due=dt.date(2026, 3, 1), extra="ignored")
    got = from_same_named(Result, row, label="Ward 7 (NG)")
    assert got == Result(id=7, name="Ward 7", due=dt.date(2026, 3, 1), label="Ward 7 (NG)")


def test_override_wins_over_the_attribute() -> None:
    row = SimpleNamespace(id=7, name="Ward 7", due=None, label="from row")
    assert from_same_named(Result, row, id=9).id == 9
    assert from_same_named(Result, row).label == "from row"


def test_missing_attribute_fails_loudly_even_with_a_default() -> None:
    row = SimpleNamespace(id=7, name="Ward 7", due=None)
    with pytest.raises(AttributeError, match=r"Result\.label: SimpleNamespace has no attribute"):
        from_same_named(Result, row)


def test_unknown_override_is_refused() -> None:
    row = SimpleNamespace(id=7, name="Ward 7", due=None, label="x")
    with pytest.raises(TypeError, match="Result has no field"):
        from_same_named(Result, row, labels="x")
    with pytest.raises(TypeError, match="derived"):
        from_same_named(Result, row, derived=1)
