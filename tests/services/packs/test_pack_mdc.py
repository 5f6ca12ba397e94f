"""Issue 16, acceptance 4-6 on real output: an SPC series that starts mid-period has no invented
zero months; incidents per 1,000 staff equal a hand calculation from the staff records; the
Making Data Count icons are drawn in the PDF, the Word paper (pictures with alt text) and the
workbook, with a key; a public-session pack prints no count below the disclosure threshold at
any breakdown below trust level; the workbook's numbers are numbers."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import insert
from sqlalchemy import select

from vpr_desktop.domain.enums import IncidentType
from vpr_desktop.domain.enums import RiddorStatus
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Assignment
from vpr_desktop.domain.models import Incident
from vpr_desktop.domain.models import Location
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import StaffGroup
from vpr_desktop.reports.pack_job import PackResult
from vpr_desktop.reports.pack_job import generate_pack
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.mdc import KEY
from vpr_desktop.services.packs.model import Icon
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.on_time_months import on_time_series
from vpr_desktop.store.database import Database
from vpr_desktop.store.database import open_database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
PERIOD = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
AS_AT = dt.date(2026, 7, 20)
# Incidents per month; recording began in October 2025, mid-way through a 24-month window.
MONTHLY = {
    "2025-10": 3,
    "2025-11": 5,
    "2025-12": 4,
    "2026-01": 6,
    "2026-02": 2,
    "2026-03": 7,
    "2026-04": 5,
    "2026-05": 4,
    "2026-06": 9,
}
# (start, end) of each person's assignment: 3 in post throughout, one leaves on 15 Jan 2026,
# one joins on 1 Mar 2026, one has two assignments (counted once).
ASSIGNMENTS = [
    (None, None),
    (dt.date(2020, 1, 1), None),
    (None, None),
    (dt.date(2019, 5, 1), dt.date(2026, 1, 15)),
    (dt.date(2026, 3, 1), None),
]


def seed(db: Database) -> None:
    with UnitOfWork(db, LEAD) as uow:
        s = uow.session
        group = s.scalar(select(StaffGroup).limit(1))
        if group is None:
            group = StaffGroup(code="NUR", name="Nursing and midwifery")
            s.add(group)
            s.flush()
        people = [
            Person(employee_number=f"E{i:04d}", first_name=f"Given{i}", last_name=f"Family{i}")
            for i in range(len(ASSIGNMENTS))
        ]
        s.add_all(people)
        s.flush()
        for i, (person, (start, end)) in enumerate(zip(people, ASSIGNMENTS, strict=True)):
            s.add(
                Assignment(
                    person_id=person.id,
                    assignment_number=f"A{i:04d}",
                    staff_group_id=group.id,
                    start_date=start,
                    end_date=end,
                )
            )
        s.add(  # a second assignment for the first person: one person, counted once
            Assignment(
                person_id=people[0].id,
                assignment_number="A0000-2",
                staff_group_id=group.id,
                primary=False,
            )
        )
        rows = []
        for ym, n in MONTHLY.items():
            for k in range(n):
                day = dt.date(int(ym[:4]), int(ym[5:]), 1 + k)
                rows.append(
                    {
                        "reference": f"VPR-{ym}-{k}",
                        "occurred_at": dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                        "month": ym,
                        "primary_type": IncidentType.PHYSICAL,
                    }
                )
        s.execute(insert(Incident), rows)


def hand_headcount(ym: str) -> int:
    """People in post at the month's end, worked out by hand from ASSIGNMENTS."""
    year, month = int(ym[:4]), int(ym[5:])
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return sum(
        1
        for start, stop in ASSIGNMENTS
        if (start is None or start <= end) and (stop is None or stop >= end)
    )


def table(pack: Pack, table_id: str) -> Table:
    for sec in pack.sections:
        for block in sec.blocks:
            t = getattr(block, "data", block)
            if isinstance(t, Table) and t.id == table_id:
                return t
    raise AssertionError(f"no table {table_id}")


def test_the_series_starts_at_the_first_month_with_data_and_rates_match_by_hand(
    db: Database,
) -> None:
    seed(db)
    pack = build_pack(db, LEAD, PackRequest("committee", *PERIOD, as_at=AS_AT))
    data = table(pack, "incidents_spc_data")
    titles = [c.title for c in data.columns]
    month, count = titles.index("Month"), titles.index("Incidents")
    staff, rate = titles.index("Staff in post"), titles.index("Per 1,000 staff")
    # No month before October 2025 (the chart asked for 24 months), and no zero month.
    assert [f"{r[month]:%Y-%m}" for r in data.rows] == list(MONTHLY)
    assert [r[count] for r in data.rows] == list(MONTHLY.values())
    assert 0 not in [r[count] for r in data.rows]
    for r in data.rows:
        ym = f"{r[month]:%Y-%m}"
        assert r[staff] == hand_headcount(ym)
        assert r[rate] == round(1000 * MONTHLY[ym] / hand_headcount(ym), 2)
    # 9 incidents in June 2026 with 4 people in post: 2,250 per 1,000 staff.
    assert data.rows[-1][staff] == 4 and data.rows[-1][rate] == 2250.0
    # The chart's mean is of the recorded months only (45 / 9 = 5.0), not diluted by zeros.
    fig = next(f for f in pack.figures if f.id == "incidents_spc")
    assert fig.chart.spc is not None and fig.chart.spc.mean == 5.0
    assert len(fig.chart.spc.values) == len(MONTHLY)


def test_a_database_with_no_incidents_charts_no_months(sqlite_db: Database) -> None:
    pack = build_pack(sqlite_db, LEAD, PackRequest("board", *PERIOD, as_at=AS_AT))
    assert table(pack, "incidents_spc_data").rows == ()


# ------------------------------------------------------------------ icons in every format


@pytest.fixture
def board_files(sqlite_db: Database, tmp_path: Path) -> PackResult:
    seed(sqlite_db)
    return generate_pack(
        sqlite_db,
        LEAD,
        PackRequest("board", *PERIOD, as_at=AS_AT),
        tmp_path,
        formats=("pdf", "xlsx", "docx"),
    )


def file_of(result: PackResult, fmt: str) -> Path:
    return next(f.path for f in result.files if f.file_format == fmt)


def test_icons_are_drawn_in_the_pdf_word_and_workbook_with_a_key(board_files: PackResult) -> None:
    pack = board_files.pack
    summary = table(pack, "mdc_summary")
    icons = [v for r in summary.rows for v in r if isinstance(v, Icon)]
    # Nine months are too few for process limits, and no measure has a target: the incidents
    # row, then the support steps and RIDDOR reports on time by month, then days lost; the
    # training row has the trust's target but no data to judge it by.
    assert [i.key for i in icons] == ["variation/not_enough_data", "assurance/no_target"] * 4 + [
        "variation/not_enough_data",
        "assurance/not_enough_data",
    ]
    assert {f.id for f in pack.figures} >= {
        "incidents_spc",
        "support_on_time_spc",
        "riddor_on_time_spc",
    }
    key = table(pack, "mdc_key")
    assert [r[0].key for r in key.rows if isinstance(r[0], Icon)] == [k for k, _, _ in KEY]

    # PDF: the key's eight icons are images, their words are text; the charts are vector
    # drawings (no picture), whose titles and legends are text too.
    pdf = file_of(board_files, "pdf")
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    small = [line for line in listing if int(line.split()[3]) <= 100]  # icon-sized images
    large = [line for line in listing if int(line.split()[3]) > 300]
    assert len(small) >= len(KEY) and large == []
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Key to the Making Data Count icons" in text
    assert "Consistently passes the target" in text and "Hit and miss" in text
    assert all(f.chart.title in text for f in pack.figures)
    assert "Monthly value (common cause)" in text

    # Word: every icon is a picture with alt text, beside its words.
    doc = Document(str(file_of(board_files, "docx")))
    descr = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert [d for d in descr if d.startswith("Icon: ")][: len(KEY)] == [
        f"Icon: {name}" for _, name, _ in KEY
    ]

    # Workbook: the icons are pictures on the performance sheet; the README lists alt text.
    with zipfile.ZipFile(file_of(board_files, "xlsx")) as z:
        media = [n for n in z.namelist() if n.startswith("xl/media/")]
    assert len(media) >= len(KEY)
    wb = load_workbook(file_of(board_files, "xlsx"))
    readme = [str(c.value) for row in wb["README"].iter_rows() for c in row if c.value]
    for fig in pack.figures:
        assert any(fig.alt_text in line and "Alt text:" in line for line in readme)
    assert len(wb["Performance"]._images) >= len(KEY)


NUMBER_TEXT = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


def test_workbook_numbers_are_numbers_with_formats(board_files: PackResult) -> None:
    wb = load_workbook(file_of(board_files, "xlsx"))
    seen: dict[str, int] = {"int": 0, "float": 0, "percent": 0}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str):
                    assert not NUMBER_TEXT.match(v.strip()), (ws.title, cell.coordinate, v)
                elif isinstance(v, bool):
                    continue
                elif isinstance(v, int | float):
                    assert cell.number_format != "General", (ws.title, cell.coordinate, v)
                    if isinstance(v, float):
                        assert v == round(v, 6), (ws.title, cell.coordinate, v)
                    kind = "percent" if "%" in cell.number_format else type(v).__name__
                    seen[kind] += 1
    assert seen["int"] and seen["float"]
    perf = [r for r in wb["Performance"].iter_rows(values_only=True)]
    rate_row = next(r for r in perf if r[0] == "Incidents per 1,000 staff in post, latest month")
    assert rate_row[2] == 2250.0  # 9 incidents, 4 people in post


# --------------------------------------------------------------------------- disclosure


BREAKDOWNS = (
    "incident_locations",
    "incident_staff_groups",
    "equality",
    "training_below_by_location",
)


def xlsx_tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every Excel table's rows (header first), by the table's name."""
    wb = load_workbook(path)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for ws in wb:
        for name, ref in ws.tables.items():
            out[name] = [tuple(c.value for c in row) for row in ws[ref]]
    return out


def test_a_public_session_pack_prints_no_small_count_below_trust_level(
    demo_copy: Path, tmp_path: Path
) -> None:
    db = open_database(demo_copy)
    try:
        private = build_pack(db, LEAD, PackRequest("committee", *PERIOD, as_at=AS_AT))
        exact = [n for _, n in table(private, "incident_locations").rows]
        assert any(isinstance(n, int) and 1 <= n <= 7 for n in exact), exact  # the demo has some
        result = generate_pack(
            db,
            LEAD,
            PackRequest("committee", *PERIOD, as_at=AS_AT, session=SessionKind.PUBLIC),
            tmp_path,
            formats=("pdf", "xlsx"),
        )
        threshold = 7
        # The model: every breakdown count is 0, over the threshold (rounded to 5) or hidden.
        for table_id in BREAKDOWNS:
            t = table(result.pack, table_id)
            for row in t.rows:
                for value, col in zip(row, t.columns, strict=True):
                    if col.type == "int" and value is not None:
                        assert (
                            isinstance(value, Suppressed)
                            or value == 0
                            or (value > threshold and value % 5 == 0)
                        ), (table_id, row)
        # Secondary suppression: one hidden location count is joined by exactly one more.
        locations = table(result.pack, "incident_locations")
        hidden = sum(isinstance(r[1], Suppressed) for r in locations.rows)
        assert hidden != 1
        # The workbook, read back.
        tables = xlsx_tables(file_of(result, "xlsx"))
        for table_id in BREAKDOWNS:
            rows = tables.get(f"t_{table_id}")
            if rows is None:
                continue
            header = rows[0]
            for row in rows[1:]:
                for title, v in zip(header, row, strict=True):
                    if isinstance(v, int) and "%" not in str(title):
                        assert v == 0 or v > threshold, (table_id, row)
        # The PDF text: each location row ends in '*', 0 or a count over the threshold.
        text = subprocess.run(
            ["pdftotext", "-layout", str(file_of(result, "pdf")), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        with db.engine.connect() as conn:
            names = [n for (n,) in conn.execute(select(Location.name))]
        block = text.split("Locations with the most incidents", 1)[1].split("Incidents by staff")[0]
        checked = 0
        for line in block.splitlines():
            if any(line.strip().startswith(n) for n in names):
                last = line.split()[-1].replace(",", "")
                assert last == "*" or last == "0" or int(last) > threshold, line
                checked += 1
        assert checked >= 5
        assert "Public session: counts of 1-7 are shown as '*'" in text
    finally:
        db.close()


def test_riddor_on_time_by_month_counts_by_hand(sqlite_db: Database) -> None:
    seed(sqlite_db)  # incidents from October 2025, none reportable
    # (month, deadline, submitted): Nov 2025 one on time and one late; Feb 2026 one overdue;
    # Apr 2026 one not yet due (left out: nothing was due); the other months have none.
    cases = [
        ("2025-11", dt.date(2025, 11, 20), dt.date(2025, 11, 18)),
        ("2025-11", dt.date(2025, 11, 25), dt.date(2025, 12, 2)),
        ("2026-02", dt.date(2026, 2, 20), None),
        ("2026-04", dt.date(2026, 8, 1), None),
    ]
    with UnitOfWork(sqlite_db, LEAD) as uow:
        for ym, deadline, submitted in cases:
            incident = uow.session.scalar(
                select(Incident)
                .where(Incident.month == ym, Incident.riddor_deadline.is_(None))
                .limit(1)
            )
            assert incident is not None
            incident.riddor_status = RiddorStatus.REPORTABLE
            incident.riddor_deadline = deadline
            incident.riddor_submitted_on = submitted
    request = PackRequest("committee", *PERIOD, as_at=AS_AT)
    ctx = PackContext(sqlite_db, LEAD, request, "Trust", AS_AT, dt.datetime.now(dt.UTC), None)
    series = on_time_series(ctx, "riddor")
    assert series.months == ["2025-11", "2026-02"]
    assert series.on_time == [1, 0] and series.counted == [2, 1]
    assert list(series.chart.values) == [50.0, 0.0]


def test_the_recording_start_in_settings_starts_the_series(sqlite_db: Database) -> None:
    from dataclasses import replace

    from vpr_desktop.services.admin import trust_settings

    seed(sqlite_db)
    current = trust_settings.load(sqlite_db)
    trust_settings.save(
        sqlite_db, LEAD, replace(current, recording_start="2025-08"), current.version
    )
    pack = build_pack(sqlite_db, LEAD, PackRequest("committee", *PERIOD, as_at=AS_AT))
    data = table(pack, "incidents_spc_data")
    # Recording began in August 2025: August and September had truly no incidents.
    assert [f"{r[0]:%Y-%m}" for r in data.rows] == ["2025-08", "2025-09", *MONTHLY]
    assert [r[1] for r in data.rows][:3] == [0, 0, 3]
    with pytest.raises(ValidationError):
        trust_settings.save(sqlite_db, LEAD, replace(current, recording_start="August"), None)
