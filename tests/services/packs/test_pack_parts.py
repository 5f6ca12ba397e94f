"""The parts a pack is built from: the request's checks and archived parameters, the front
sheet's defaults, the board's reduced reader, "since the last pack", the model's rules, the
month arithmetic of the SPC chart, and the section order and figures of a pack of the demo
trust (compared with SQL on the file)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_ANCHOR
from tests.reports.test_pack_pdf import PERIOD
from tests.reports.test_pack_pdf import open_demo
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.builder import BOARD_SECTIONS
from vpr_desktop.services.packs.builder import COMMITTEE_SECTIONS
from vpr_desktop.services.packs.builder import NAME_REPLACEMENT
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.builder import guard_names
from vpr_desktop.services.packs.builder import redact
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.context import default_front
from vpr_desktop.services.packs.context import pack_reader
from vpr_desktop.services.packs.context import trust_name
from vpr_desktop.services.packs.incident_breakdowns import top_series
from vpr_desktop.services.packs.model import ASSURANCE_NOT_STATED
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.services.packs.model import period_label
from vpr_desktop.services.packs.months import month_label
from vpr_desktop.services.packs.months import month_start
from vpr_desktop.services.packs.months import months_ending
from vpr_desktop.services.packs.months import words

LEAD = Actor(username="lead", display_name="A Lead", roles=frozenset({Role.VPR_LEAD}), user_id=7)
COMMITTEE_IDS = [
    "changes",
    "incidents",
    "support",
    "riddor_police",
    "risks",
    "training",
    "assessment",
    "actions",
    "roles",
    "equality",
    "costs",
]
BOARD_IDS = [
    "assurance",
    "performance",
    "risks",
    "training",
    "assessment",
    "actions",
    "roles",
    "costs",
    "decisions",
]


@pytest.fixture
def demo(demo_copy: Path) -> Iterator[tuple[Any, Any]]:
    db, actor = open_demo(demo_copy)
    try:
        yield db, actor
    finally:
        db.close()


def request(kind: str = "committee", **kw: Any) -> PackRequest:
    return PackRequest(kind, *PERIOD, as_at=DEMO_ANCHOR, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- the request


def test_a_valid_request_passes_its_check() -> None:
    request().check()
    request("board", spc_months=12).check()
    request(spc_months=60).check()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "annual"}, "kind"),
        ({"period_to": dt.date(2026, 3, 31)}, "to"),
        ({"spc_months": 11}, "spc_months"),
        ({"spc_months": 61}, "spc_months"),
    ],
)
def test_an_invalid_request_names_the_field(changes: dict[str, Any], field: str) -> None:
    bad = dataclasses.replace(request(), **changes)
    with pytest.raises(ValidationError) as caught:
        bad.check()
    assert [p[1] for p in caught.value.problems] == [field]
    assert caught.value.message == "The pack request is not valid."


def test_parameters_are_json_ready_for_the_archive() -> None:
    params = request(
        "board",
        meeting_date=dt.date(2026, 7, 15),
        purpose=Purpose.DISCUSSION,
        assurance_level=AssuranceLevel.LIMITED,
        session=SessionKind.PRIVATE,
    ).parameters()
    assert json.loads(json.dumps(params)) == params
    assert params["period_from"] == "2026-04-01" and params["period_to"] == "2026-06-30"
    assert params["meeting_date"] == "2026-07-15"
    assert params["purpose"] == "discussion"
    assert params["assurance_level"] == "limited"
    assert params["session"] == "private"
    assert params["spc_months"] == 24 and params["top_risks"] == 10


# ---------------------------------------------------------------------- the front sheet


def test_board_front_sheet_defaults() -> None:
    front = default_front(request("board"), "Northshire NHS Trust")
    assert front.meeting == "Trust Board"
    assert front.title == (
        "Violence prevention and reduction: assurance report, 1 April 2026 to 30 June 2026"
    )
    assert front.recommendation == (
        "The Board is asked to note the position on violence prevention and reduction at "
        "Northshire NHS Trust and the level of assurance this report gives."
    )
    assert front.session is SessionKind.PUBLIC
    assert front.committee_route.endswith("then Trust Board")
    assert front.purpose is Purpose.ASSURANCE
    assert front.assurance_level is None  # the author decides; never a default
    assert front.assurance_text == ASSURANCE_NOT_STATED
    assert front.executive_sponsor == "Chief People Officer"


def test_committee_front_sheet_defaults_and_what_the_request_sets() -> None:
    front = default_front(request(), "Northshire NHS Trust")
    assert front.meeting == "Health and Safety Committee"
    assert front.title.startswith("Violence prevention and reduction: committee report, ")
    assert front.recommendation.startswith("The Committee is asked to note")
    assert front.session is SessionKind.PRIVATE
    assert front.committee_route == "Health and Safety Committee, then People Committee"
    chosen = default_front(
        request(meeting="Quality Committee", title="VPR update", author="J Bloggs"), "T"
    )
    assert (chosen.meeting, chosen.title, chosen.author) == (
        "Quality Committee",
        "VPR update",
        "J Bloggs",
    )


def test_labels_of_the_front_sheet_choices() -> None:
    assert [p.label for p in Purpose] == ["Approval", "Assurance", "Discussion", "Information"]
    assert [a.label for a in AssuranceLevel] == [
        "Substantial",
        "Reasonable",
        "Limited",
        "No assurance",
    ]
    assert AssuranceLevel.NO.meaning.startswith("Controls are absent")
    assert SessionKind.PUBLIC.label == "Public session"
    assert SessionKind.PRIVATE.label == "Private session"


# ---------------------------------------------------------------------- the reader and "since"


def test_a_board_pack_reads_through_a_board_only_actor() -> None:
    reader = pack_reader(LEAD, "board")
    assert reader.roles == frozenset({Role.BOARD_SECRETARY})
    assert (reader.username, reader.display_name, reader.user_id) == ("lead", "A Lead", 7)
    assert not reader.can("read_incidents")  # type: ignore[arg-type]
    assert pack_reader(LEAD, "committee") is LEAD


def context(previous: Any = None, kind: str = "committee") -> PackContext:
    return PackContext(
        db=None,  # type: ignore[arg-type]
        actor=LEAD,
        request=request(kind),
        trust="T",
        as_at=DEMO_ANCHOR,
        generated_at=dt.datetime(2026, 7, 1, 9, 0),
        previous=previous,
    )


@dataclasses.dataclass
class Previous:
    period_to: dt.date


def test_since_is_the_day_after_the_previous_pack_or_this_period_start() -> None:
    assert context().since == PERIOD[0]
    assert context(Previous(dt.date(2026, 5, 31))).since == dt.date(2026, 6, 1)
    # a previous pack for the same (or a later) end does not move the baseline
    assert context(Previous(PERIOD[1])).since == PERIOD[0]
    board = context(kind="board")
    assert board.board and not board.names and board.kind == "board"
    assert context().names


def test_trust_name_falls_back_when_the_setting_is_missing(sqlite_db: Any) -> None:
    assert trust_name(sqlite_db) == "NHS trust"


# ---------------------------------------------------------------------- the model


def test_a_table_row_must_fill_every_column() -> None:
    columns = (Column("Ward"), Column("Incidents", "int"))
    with pytest.raises(ValueError, match="table t: a row has 1 cells, 2 columns"):
        Table("t", "T", columns, (("Ash",),))
    table = Table("t", "T", columns, (("Ash", 3), ("Elm", Suppressed()), ("Fir", Suppressed())))
    assert table.suppressed_cells == 2
    assert str(Suppressed()) == "*"
    assert str(Badge("High 12", "#ED8B00")) == "High 12"


def test_sections_list_their_parts_in_order() -> None:
    table = Table("t", "T", (Column("A"),), (("x",),))
    section = Section(
        "s",
        "S",
        (Paragraph("first"), Bullets(("b1", "b2")), table, Paragraph("last", "note")),
    )
    assert section.paragraphs == ["first", "b1", "b2", "last"]
    assert section.tables == [table]
    assert section.figures == []


def test_pack_labels_and_file_stem() -> None:
    pack = Pack(
        kind="board",
        trust="T",
        period_from=dt.date(2026, 4, 1),
        period_to=dt.date(2026, 6, 30),
        data_as_at=dt.datetime(2026, 7, 1, 8, 5),
        front=default_front(request("board"), "T"),
        summary=(),
        sections=(),
    )
    assert pack.period_label == "1 April 2026 to 30 June 2026"
    assert pack.as_at_label == "Data as at 01 Jul 2026 08:05"
    assert pack.file_stem() == "vpr-board-pack-2026-04-01-to-2026-06-30"
    assert pack.title == pack.front.title
    assert period_label(dt.date(2025, 1, 9), dt.date(2025, 12, 31)) == (
        "9 January 2025 to 31 December 2025"
    )


def test_iter_strings_reaches_every_nested_string() -> None:
    table = Table("t", "Title", (Column("Name"),), (("Ann Smith",),), footnotes=("foot",))
    section = Section("s", "Section", (Paragraph("para"), table))
    found = list(iter_strings({"key": [section, ("x", frozenset({"y"}))], "n": 3}))
    for text in ("key", "Section", "para", "Title", "Name", "Ann Smith", "foot", "x", "y"):
        assert text in found
    assert list(iter_strings(Purpose.ASSURANCE)) == ["assurance"]


def test_guard_names_redacts_deep_inside_a_copy() -> None:
    names = {("ann", "smith"), ("bo", "o'neil")}
    table = Table("t", "T", (Column("Title"),), (("Call Ann  Smith back",), ("Bo O'Neil",)))
    guarded = guard_names(Section("s", "Review with ann smith", (table,)), names)
    assert guarded.title == f"Review with {NAME_REPLACEMENT}"
    assert guarded.tables[0].rows == ((f"Call {NAME_REPLACEMENT} back",), (NAME_REPLACEMENT,))
    assert table.rows[0] == ("Call Ann  Smith back",)  # the original is untouched
    assert redact("Smith, Ann", names) == "Smith, Ann"  # full names in order only
    assert redact("Annie Smithers", names) == "Annie Smithers"


# ---------------------------------------------------------------------- months of the SPC chart


def test_months_ending_on_a_month_end_include_that_month() -> None:
    assert months_ending(dt.date(2026, 6, 30), 3) == ["2026-04", "2026-05", "2026-06"]
    assert months_ending(dt.date(2026, 2, 28), 2) == ["2026-01", "2026-02"]


def test_months_ending_mid_month_stop_at_the_month_before() -> None:
    assert months_ending(dt.date(2026, 6, 29), 2) == ["2026-04", "2026-05"]
    assert months_ending(dt.date(2026, 1, 15), 3) == ["2025-10", "2025-11", "2025-12"]
    months = months_ending(dt.date(2026, 6, 30), 24)
    assert len(months) == 24 and months[0] == "2024-07"


def test_month_words() -> None:
    assert month_start("2026-02") == dt.date(2026, 2, 1)
    assert month_label("2026-02") == "Feb 2026"
    assert words("verbal_abuse") == "Verbal abuse"
    assert words("") == ""


@dataclasses.dataclass
class Total:
    label: str
    total: int


def test_top_series_ranks_and_counts_the_rest() -> None:
    series = [Total("Ash", 5), Total("Elm", 9), Total("Fir", 0), Total("Bay", 5), Total("Oak", 1)]
    top, rest = top_series(series, 2)
    assert top == [("Elm", 9), ("Ash", 5)]  # ties by name
    assert rest == 6  # Bay 5 + Oak 1; empty series are not counted


# ---------------------------------------------------------------------- a real pack


def test_section_order_of_each_kind(demo: tuple[Any, Any]) -> None:
    db, actor = demo
    committee = build_pack(db, actor, request())
    assert [s.id for s in committee.sections] == COMMITTEE_IDS
    # plus the NHS Staff Survey section, left out while no survey results are recorded
    assert len(COMMITTEE_SECTIONS) == len(COMMITTEE_IDS) + 1
    board = build_pack(db, actor, request("board"))
    assert [s.id for s in board.sections] == BOARD_IDS
    # plus the statement and the decisions; the Staff Survey section needs survey results
    assert len(BOARD_SECTIONS) == len(BOARD_IDS) - 2 + 1
    assert board.sections[0].title == "Assurance statement"
    assert board.sections[-1].title == "Decisions asked of the board"
    assert board.sections[-1].paragraphs[0] == board.front.recommendation
    assert committee.omitted == board.omitted == ()


def test_progress_rises_and_names_each_section(demo: tuple[Any, Any]) -> None:
    db, actor = demo
    steps: list[tuple[int, str]] = []
    build_pack(db, actor, request("board"), progress=lambda p, s: steps.append((p, s)))
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and percents[0] == 5 and percents[-1] == 47
    assert steps[0][1] == "Gathering the board spc figures"
    assert steps[-1][1] == "Checking for staff names"


def test_the_summary_figures_equal_the_database(demo: tuple[Any, Any], demo_copy: Path) -> None:
    db, actor = demo
    pack = build_pack(db, actor, request())
    con = sqlite3.connect(demo_copy)
    try:
        live = con.execute(
            "SELECT count(*) FROM risk_assessment WHERE status IN ('open', 'tolerated')"
        ).fetchone()[0]
    finally:
        con.close()
    risk_line = next(s for s in pack.summary if s.startswith("Risk register:"))
    assert risk_line.startswith(f"Risk register: {live:,} live risks")
    incidents = next(s for s in pack.sections if s.id == "incidents")
    spc = next(t for t in incidents.tables if t.id == "incidents_spc_data")
    assert [row[0] for row in spc.rows][-3:] == [
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 1),
        dt.date(2026, 6, 1),
    ]
    in_period = sum(int(row[1]) for row in spc.rows[-3:])  # type: ignore[call-overload]
    line = next(s for s in pack.summary if s.startswith("Incidents:"))
    match = re.match(r"Incidents: ([\d,]+) in the period", line)
    assert match is not None and int(match.group(1).replace(",", "")) == in_period
    assert pack.parameters["since"] == "2026-04-01" and pack.parameters["previous_pack"] is None


def test_only_pack_roles_may_build(demo: tuple[Any, Any]) -> None:
    db, _actor = demo
    rep = Actor(username="rep", display_name="Rep", roles=frozenset({Role.STAFF_SIDE_REP}))
    with pytest.raises(PermissionDeniedError):
        build_pack(db, rep, request())
    secretary = Actor(username="sec", display_name="Sec", roles=frozenset({Role.BOARD_SECRETARY}))
    with pytest.raises(PermissionDeniedError):
        build_pack(db, secretary, request())
    assert [s.id for s in build_pack(db, secretary, request("board")).sections] == BOARD_IDS


def test_a_bad_request_is_refused_before_anything_is_read(demo: tuple[Any, Any]) -> None:
    db, actor = demo
    with pytest.raises(ValidationError):
        build_pack(db, actor, request(spc_months=3))


def test_chosen_sections_only(demo: tuple[Any, Any]) -> None:
    from vpr_desktop.services.packs.builder import _omit

    db, actor = demo
    pending = _omit("Equality monitoring by band")
    pack = build_pack(db, actor, request(), sections=[COMMITTEE_SECTIONS[1], pending, pending])
    assert [s.id for s in pack.sections] == ["incidents"]
    assert pack.omitted == ("Equality monitoring by band",)  # once, however often noted


def test_a_board_pack_carries_no_instruction_meant_for_the_app_user(demo: tuple[Any, Any]) -> None:
    """The shipped edition's working-summary mark and the settings command are for the lead
    using the app; the board reads what the wording is and that no cost is set."""
    db, actor = demo
    board = build_pack(db, actor, request("board"))
    text = " ".join(iter_strings(board))
    assert "replace with the published wording" not in text
    assert "vpr-desktop" not in text and "cost_per_day_lost" not in text
    assert "Violence prevention and reduction standard, version 2 (2024); indicator wording" in text
    assert "not NHS England's text" in text
    assert "the trust has not set a cost for a day lost" in text
