"""The parts every Making Data Count figure shares: its month-by-month data table (the
measure's own columns between the month and the limits), the chart spec, the span of months
and the alt text."""

from __future__ import annotations

import datetime as dt

from vpr_desktop.domain.spc import xmr
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.spc_table import limit_cells
from vpr_desktop.services.packs.spc_table import month_span
from vpr_desktop.services.packs.spc_table import percent_finding
from vpr_desktop.services.packs.spc_table import spc_alt_text
from vpr_desktop.services.packs.spc_table import spc_chart
from vpr_desktop.services.packs.spc_table import spc_data_table

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
VALUES = [10.0, 12, 11, 9, 10, 13, 12, 11, 10, 9, 12, 11, 10, 12, 11, 10, 9, 40]


def test_data_table_rows_and_columns() -> None:
    chart = xmr(VALUES, MONTHS)
    t = spc_data_table(
        "x_data",
        "X by month",
        chart,
        MONTHS,
        (Column("Count", "int", 0.9),),
        lambda i: (int(chart.values[i]),),
        footnotes=("n",),
        widths=(0.8, 0.9, 3.0),
    )
    assert [(c.title, c.width) for c in t.columns] == [
        ("Month", 1.0),
        ("Count", 0.9),
        ("Mean", 0.8),
        ("Upper limit", 0.9),
        ("Lower limit", 0.9),
        ("Special cause", 3.0),
    ]
    assert len(t.rows) == len(MONTHS)
    first, last = t.rows[0], t.rows[-1]
    assert first[:2] == (dt.date(2025, 1, 1), 10)
    assert first[2:5] == limit_cells(chart, 0)
    assert last[:2] == (dt.date(2026, 6, 1), 40)
    assert last[5] != ""  # 40 lies far above the upper limit: a special cause is named
    assert (t.footnotes, t.empty_text) == (("n",), "None.")


def test_limit_cells_keep_between_zero_and_the_ceiling() -> None:
    chart = xmr([0.0, 100.0] * 9)
    mean, upper, lower = limit_cells(chart, 0, 100.0)
    assert (mean, upper, lower) == (50.0, 100.0, 0.0)


def test_chart_span_and_alt_text() -> None:
    chart = xmr(VALUES, MONTHS)
    spec = spc_chart("X (XmR chart)", MONTHS, chart, "Incidents", "incidents")
    assert (spec.kind, spec.title, spec.y_label, spec.unit) == (
        "spc",
        "X (XmR chart)",
        "Incidents",
        "incidents",
    )
    assert spec.categories[0] == "Jan 2025" and spec.spc is chart
    assert month_span(MONTHS) == " from Jan 2025 to Jun 2026"
    assert month_span([]) == ""
    text = spc_alt_text("incidents per month", chart)
    assert text.startswith("Statistical process control chart of incidents per month, with")
    assert text.endswith(f"Assurance icon: {chart.assurance.label}.")


def test_percent_finding_words() -> None:
    assert percent_finding(xmr([]), "Support", "Nothing due.", "months") == "Nothing due."
    few = xmr([80.0, 90.0, 85.0], ["Jan 2026", "Feb 2026", "Mar 2026"])
    assert percent_finding(few, "Support", "", "months").startswith("Support: 85.0% in Mar 2026; ")
    full = xmr([80.0, 90.0] * 9, [f"M{i}" for i in range(18)], target=50.0)
    text = percent_finding(full, "Training", "", "months", target=True)
    assert text.startswith("Training: 90.0% in M17; average 85.0%, expected between ")
    assert text.endswith(f"{full.variation.label}. Target 50%: {full.assurance.label}.")
    assert "Target" not in percent_finding(full, "Training", "", "months")
