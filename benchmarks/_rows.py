"""One shape for every benchmark's results, so ``run_all.py`` can gather them into one table.

A row is one hot path of ``performance.md`` / issue #20: the app's median and the floor's
median (the bare library doing the same work, measured in the same run, interleaved), their
ratio and the goal. Each ``bench_*.py`` takes ``--json FILE`` and writes its rows there with
:func:`write`; the runner reads them back with :func:`read`. Timings are reports, never
pass/fail tests (noise here is 10-20 % run to run).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    key: str  # "S1", "T1", "B1-board", ...
    label: str  # what was measured, in words, with its size
    app_s: float  # app median, seconds (or MB for memory rows: see ``unit``)
    floor_s: float | None  # floor median in the same unit; None where no floor applies
    goal: float | None  # the ratio goal (app / floor), or for a floorless row a ceiling
    unit: str = "s"  # "s" or "MB"

    @property
    def ratio(self) -> float | None:
        if self.floor_s is None or self.floor_s <= 0:
            return None
        return self.app_s / self.floor_s

    @property
    def met(self) -> bool | None:
        if self.goal is None:
            return None
        if self.ratio is None:  # a ceiling on the value itself (memory)
            return self.app_s <= self.goal
        return self.ratio <= self.goal

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out.pop("key")
        out["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        out["met"] = self.met
        return out


def write(path: Path | None, rows: list[Row]) -> None:
    """Append ``rows`` to ``path`` (a JSON file ``{"rows": {key: {...}}}``), if one was given."""
    if path is None:
        return
    data: dict[str, dict[str, object]] = {"rows": {}}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        data["rows"][row.key] = row.as_json()
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def read(path: Path) -> list[Row]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Row(
            key,
            str(v["label"]),
            float(v["app_s"]),
            None if v["floor_s"] is None else float(v["floor_s"]),
            None if v["goal"] is None else float(v["goal"]),
            str(v.get("unit", "s")),
        )
        for key, v in data["rows"].items()
    ]


def table(rows: list[Row]) -> str:
    """The table ``run_all.py`` prints: row, app median, floor median, ratio, goal, met."""

    def value(x: float | None, unit: str) -> str:
        if x is None:
            return "—"
        return f"{x:.1f} MB" if unit == "MB" else f"{x * 1000:.1f} ms"

    lines = [f"{'row':14} {'app':>11} {'floor':>11} {'ratio':>7} {'goal':>8} {'met':>4}  what"]
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        if r.goal is None:
            goal = "—"
        elif r.ratio is None:
            goal = f"≤{r.goal:.0f} {r.unit}"
        else:
            goal = f"≤{r.goal:g}×"
        met = {True: "yes", False: "NO", None: "—"}[r.met]
        lines.append(
            f"{r.key:14} {value(r.app_s, r.unit):>11} {value(r.floor_s, r.unit):>11} "
            f"{ratio:>7} {goal:>8} {met:>4}  {r.label}"
        )
    return "\n".join(lines)
