"""benchmarks/_rows.py: the one shape every benchmark reports in (no timings are tested)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROWS = Path(__file__).resolve().parents[1] / "benchmarks" / "_rows.py"


@pytest.fixture(scope="module")
def rows() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_rows", ROWS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_rows"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_ratio_and_met_against_a_floor_and_a_ceiling(rows: ModuleType) -> None:
    s1 = rows.Row("S1", "start", 0.150, 0.100, 1.5)
    assert s1.ratio == pytest.approx(1.5) and s1.met is True
    t1 = rows.Row("T1", "register", 0.080, 0.020, 3.0)
    assert t1.ratio == pytest.approx(4.0) and t1.met is False
    m1 = rows.Row("M1", "memory", 380.0, None, 400.0, "MB")
    assert m1.ratio is None and m1.met is True
    d1 = rows.Row("D1", "demo", 1.0, 0.1, None)
    assert d1.met is None


def test_rows_from_several_scripts_gather_in_one_file_in_the_issue_shape(
    rows: ModuleType, tmp_path: Path
) -> None:
    out = tmp_path / "rows.json"
    rows.write(out, [rows.Row("S1", "start", 0.15, 0.1, 1.5)])
    rows.write(out, [rows.Row("B1-board", "board pack", 1.2, 1.0, 1.5)])
    data = json.loads(out.read_text())
    assert set(data["rows"]) == {"S1", "B1-board"}
    s1 = data["rows"]["S1"]
    assert (s1["app_s"], s1["floor_s"], s1["ratio"], s1["goal"], s1["met"]) == (
        0.15,
        0.1,
        1.5,
        1.5,
        True,
    )
    back = {r.key: r for r in rows.read(out)}
    assert back["B1-board"].ratio == pytest.approx(1.2)
    printed = rows.table(list(back.values()))
    assert "B1-board" in printed and "1200.0 ms" in printed and "1.20×" in printed
    assert "≤1.5×" in printed and "yes" in printed


def test_writing_nowhere_is_allowed(rows: ModuleType) -> None:
    rows.write(None, [rows.Row("S1", "start", 0.15, 0.1, 1.5)])  # no --json given: no file
