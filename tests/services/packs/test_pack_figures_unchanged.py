"""Issue 20: making packs faster changed no figure. Every number a board and a committee pack
built from the demo trust prints (each table's cells, the numbers written in its text cells and
in the executive summary, each chart's series, limits and icons) equals what the pack builder
gave before the speed work, kept in ``tests/data/pack_figures_demo.json`` (written by this
module's ``snapshot`` from the builder of main at c2c714b, the same demo, the same dates).
Wording is not compared, so a change of words alone needs no new snapshot. The RIDDOR figures
(board RIDDOR on-time chart and its summary row, committee RIDDOR table, chart and summary
line) were snapshotted again, by the same builder, when the demo's RIDDOR came to follow the
domain rule (restricted-duties days count as incapacity): a change of demo data, not of packs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_ANCHOR
from tests.reports.test_pack_pdf import PERIOD
from tests.reports.test_pack_pdf import open_demo
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import Figure
from vpr_desktop.services.packs.model import Icon
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import Table

SNAPSHOT = Path(__file__).resolve().parents[2] / "data" / "pack_figures_demo.json"
NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _numbers(text: str) -> list[str]:
    """The figures written in a text (wording may change; the numbers in it may not)."""
    return NUMBER.findall(text)


def _cell(value: Any) -> Any:
    if isinstance(value, Suppressed):
        return value.mark
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Icon):
        return value.key  # the judgement (e.g. variation/concern_high), not its words
    if isinstance(value, Badge):
        return value.fill  # the band (a RAG or risk colour)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _numbers(str(value))
    if isinstance(value, str):
        return _numbers(value)
    return value


def _chart(fig: Figure) -> dict[str, Any]:
    spec = fig.chart
    out: dict[str, Any] = {
        "categories": list(spec.categories),
        "series": {s.name: list(s.values) for s in spec.series},
        "grid": [list(r) for r in spec.grid],
    }
    if spec.spc is not None:
        c = spec.spc
        out["spc"] = [list(c.values), c.mean, c.ucl, c.lcl, c.variation.value, c.assurance.value]
    return out


def figures(pack: Pack) -> dict[str, Any]:
    """The pack's figures as plain JSON: summary lines, table rows and chart data."""
    tables: dict[str, Any] = {}
    charts: dict[str, Any] = {}
    for section in pack.sections:
        for block in section.blocks:
            if isinstance(block, Figure):
                charts[f"{section.id}/{block.id}"] = _chart(block)
                block = block.data
            if isinstance(block, Table):
                tables[f"{section.id}/{block.id}"] = [[_cell(v) for v in r] for r in block.rows]
    return {
        "summary": [_numbers(line) for line in pack.summary],
        "tables": tables,
        "charts": charts,
    }


def build(demo: Path, kind: str) -> Pack:
    db, actor = open_demo(demo)
    try:
        request = PackRequest(kind, *PERIOD, as_at=DEMO_ANCHOR)  # type: ignore[arg-type]
        return build_pack(db, actor, request, now=NOW)
    finally:
        db.close()


@pytest.mark.parametrize("kind", ["board", "committee"])
def test_pack_figures_equal_those_before_the_speed_work(demo_copy: Path, kind: str) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[kind]
    got = json.loads(json.dumps(figures(build(demo_copy, kind))))
    assert got["summary"] == expected["summary"]
    assert got["tables"].keys() == expected["tables"].keys()
    for key, rows in expected["tables"].items():
        assert got["tables"][key] == rows, key
    assert got["charts"] == expected["charts"]


def snapshot(demo: Path) -> None:
    """Write the snapshot from the builder on the path (run once, from the old code)."""
    data = {kind: figures(build(demo, kind)) for kind in ("board", "committee")}
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    snapshot(Path(sys.argv[1]))
