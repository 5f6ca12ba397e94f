"""Small-number suppression: the NHS Digital preset, configurable rules, secondary
suppression so no total reveals a single hidden cell, and zeros never hidden."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpr_desktop.domain.disclosure import NHS_DIGITAL_PRE_2018
from vpr_desktop.domain.disclosure import NO_SUPPRESSION
from vpr_desktop.domain.disclosure import PRESETS
from vpr_desktop.domain.disclosure import DisclosureRule
from vpr_desktop.domain.disclosure import protect
from vpr_desktop.domain.disclosure import protect_table
from vpr_desktop.domain.disclosure import protect_value
from vpr_desktop.domain.disclosure import round_to


@pytest.mark.parametrize(
    "n, shown",
    [
        (0, "0"),
        (1, "*"),
        (5, "*"),
        (7, "*"),
        (8, "10"),
        (12, "10"),
        (13, "15"),
        (17, "15"),
        (18, "20"),
        (102, "100"),
        (103, "105"),
    ],
)
def test_nhs_digital_preset(n: int, shown: str) -> None:
    assert protect_value(n).shown == shown
    assert protect_value(n).suppressed is (shown == "*")


def test_zero_is_never_suppressed() -> None:
    cell = protect_value(0)
    assert cell.shown == "0" and cell.value == 0 and not cell.suppressed


def test_other_presets_and_configurable_rules() -> None:
    assert protect_value(6, NHS_DIGITAL_PRE_2018).shown == "6"
    assert protect_value(5, NHS_DIGITAL_PRE_2018).shown == "*"
    assert protect_value(3, NO_SUPPRESSION).shown == "3"
    assert protect_value(9, DisclosureRule("ten", threshold=9, rounding=10)).shown == "*"
    assert protect_value(14, DisclosureRule("ten", threshold=9, rounding=10)).shown == "10"
    assert protect_value(4, DisclosureRule("dash", threshold=5, symbol="–")).shown == "–"
    assert set(PRESETS) == {"nhs_digital", "nhs_digital_pre_2018", "none"}
    with pytest.raises(ValueError):
        DisclosureRule(rounding=0)
    with pytest.raises(ValueError):
        protect_value(-1)


def test_round_to_nearest() -> None:
    assert [round_to(n, 5) for n in (8, 10, 12, 13, 22, 23)] == [10, 10, 10, 15, 20, 25]
    assert [round_to(n, 10) for n in (14, 15, 16)] == [10, 20, 20]  # halves round up
    assert round_to(37, 1) == 37


def test_a_single_suppressed_cell_takes_the_next_smallest_with_it() -> None:
    p = protect({"A": 3, "B": 40, "C": 12, "D": 0})
    assert p.shown() == {"A": "*", "B": "40", "C": "*", "D": "0"}
    assert p.cells["A"].primary and p.cells["C"].secondary and not p.cells["C"].primary
    assert p.total.shown == "55"


def test_two_suppressed_cells_need_no_secondary_suppression() -> None:
    p = protect({"A": 3, "B": 5, "C": 12})
    assert p.shown() == {"A": "*", "B": "*", "C": "10"}
    assert p.total.shown == "20"


def test_when_only_zeros_remain_the_total_is_suppressed_not_a_zero() -> None:
    p = protect({"A": 0, "B": 9, "C": 0})
    assert p.shown() == {"A": "0", "B": "10", "C": "0"}  # nothing to hide
    q = protect({"A": 0, "B": 3, "C": 0}, total=None)
    assert q.shown() == {"A": "0", "B": "*", "C": "0"}
    assert q.total.suppressed  # total 3 is small anyway
    r = protect({"A": 0, "B": 3, "C": 0}, total=20)  # e.g. a total including unrecorded
    assert r.total.suppressed and r.total.secondary


def test_no_suppression_rule_shows_exact_counts() -> None:
    p = protect({"A": 1, "B": 2}, NO_SUPPRESSION)
    assert p.shown() == {"A": "1", "B": "2"} and p.total.shown == "3"


def test_two_way_table_protects_rows_and_columns() -> None:
    counts = {
        ("r1", "c1"): 3,
        ("r1", "c2"): 20,
        ("r1", "c3"): 30,
        ("r2", "c1"): 25,
        ("r2", "c2"): 25,
        ("r2", "c3"): 30,
    }
    t = protect_table(counts, ["r1", "r2"], ["c1", "c2", "c3"])
    hidden = {k for k, c in t.cells.items() if c.suppressed}
    assert ("r1", "c1") in hidden
    _assert_safe(t, ["r1", "r2"], ["c1", "c2", "c3"])


def _assert_safe(t, rows, columns) -> None:  # type: ignore[no-untyped-def]
    for r in rows:
        n = sum(t.cells[r, c].suppressed for c in columns)
        assert n != 1 or t.row_totals[r].suppressed, r
    for c in columns:
        n = sum(t.cells[r, c].suppressed for r in rows)
        assert n != 1 or t.column_totals[c].suppressed, c
    for r in rows:
        for c in columns:
            if t.cells[r, c].value == 0:
                assert not t.cells[r, c].suppressed


@given(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40), min_size=1))
def test_property_no_total_reveals_a_single_hidden_cell(counts: dict[str, int]) -> None:
    p = protect(counts)
    hidden = [k for k, c in p.cells.items() if c.suppressed]
    assert len(hidden) != 1 or p.total.suppressed
    for k, n in counts.items():
        if n == 0:
            assert p.cells[k].shown == "0"
        elif n <= 7:
            assert p.cells[k].suppressed


@given(st.lists(st.lists(st.integers(0, 30), min_size=3, max_size=3), min_size=2, max_size=4))
def test_property_two_way_tables_are_safe(grid: list[list[int]]) -> None:
    rows = [f"r{i}" for i in range(len(grid))]
    columns = ["a", "b", "c"]
    counts = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    _assert_safe(protect_table(counts, rows, columns), rows, columns)
