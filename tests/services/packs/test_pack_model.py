"""The pack model and request without a database: validation, the cover sheet's defaults, the
parameters kept in the archive, the "since" date, the board reader, and the string scan the
no-names guard relies on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.permissions import Permission
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.packs.archive import HistoryEntry
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.context import default_front
from vpr_desktop.services.packs.context import pack_reader
from vpr_desktop.services.packs.model import ASSURANCE_NOT_STATED
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Badge
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import FrontSheet
from vpr_desktop.services.packs.model import Pack
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Purpose
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Suppressed
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.services.packs.model import period_label

Q1 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}), user_id=7)


# ----------------------------------------------------------------------------- request


@pytest.mark.parametrize(
    ("request_", "fields"),
    [
        (PackRequest("committee", dt.date(2026, 6, 30), dt.date(2026, 4, 1)), ["to"]),
        (PackRequest("annual", *Q1), ["kind"]),  # type: ignore[arg-type]
        (PackRequest("board", *Q1, spc_months=11), ["spc_months"]),
        (PackRequest("board", *Q1, spc_months=61), ["spc_months"]),
        (
            PackRequest("weekly", Q1[1], Q1[0], spc_months=6),  # type: ignore[arg-type]
            ["kind", "to", "spc_months"],
        ),
    ],
)
def test_a_bad_request_lists_every_problem(request_: PackRequest, fields: list[str]) -> None:
    with pytest.raises(ValidationError) as info:
        request_.check()
    assert info.value.message == "The pack request is not valid."
    assert [p[1] for p in info.value.problems] == fields


@pytest.mark.parametrize("months", [12, 24, 60])
def test_boundary_spc_months_and_a_one_day_period_are_accepted(months: int) -> None:
    PackRequest("committee", Q1[0], Q1[0], spc_months=months).check()


def test_parameters_are_json_ready_and_complete() -> None:
    request = PackRequest(
        "board",
        *Q1,
        as_at=dt.date(2026, 7, 1),
        meeting_date=dt.date(2026, 7, 24),
        purpose=Purpose.DISCUSSION,
        assurance_level=AssuranceLevel.LIMITED,
        session=SessionKind.PRIVATE,
        top_risks=5,
    )
    params = request.parameters()
    assert json.loads(json.dumps(params)) == params
    assert params["kind"] == "board"
    assert (params["period_from"], params["period_to"]) == ("2026-04-01", "2026-06-30")
    assert params["meeting_date"] == "2026-07-24" and params["as_at"] == "2026-07-01"
    assert params["purpose"] == "discussion" and params["assurance_level"] == "limited"
    assert params["session"] == "private" and params["top_risks"] == 5
    assert params["meeting"] is None and params["spc_months"] == 24
    assert set(params) == {f.name for f in dataclasses.fields(PackRequest)}


# ----------------------------------------------------------------------------- cover sheet


def test_board_cover_sheet_defaults() -> None:
    front = default_front(PackRequest("board", *Q1), "Northgate NHS Trust")
    assert front.meeting == "Trust Board"
    assert front.title == (
        "Violence prevention and reduction: assurance report, 1 April 2026 to 30 June 2026"
    )
    assert front.recommendation.startswith("The Board is asked to note")
    assert "at Northgate NHS Trust" in front.recommendation
    assert front.session is SessionKind.PUBLIC
    assert front.assurance_level is None  # the author decides; never a default
    assert front.assurance_text == ASSURANCE_NOT_STATED
    assert front.purpose is Purpose.ASSURANCE
    assert front.committee_route.endswith("then Trust Board")
    assert front.meeting_date is None and front.agenda_item == ""


def test_committee_cover_sheet_defaults() -> None:
    front = default_front(PackRequest("committee", *Q1), "Trust")
    assert front.meeting == "Health and Safety Committee"
    assert front.title.startswith("Violence prevention and reduction: committee report")
    assert front.recommendation.startswith("The Committee is asked to note")
    assert front.session is SessionKind.PRIVATE
    assert "Trust Board" not in front.committee_route


def test_what_the_request_says_wins_over_the_defaults() -> None:
    request = PackRequest(
        "board",
        *Q1,
        meeting="Extraordinary Board",
        meeting_date=dt.date(2026, 7, 24),
        agenda_item="12.3",
        title="Our title",
        executive_sponsor="Director of Nursing",
        author="A. Writer",
        purpose=Purpose.APPROVAL,
        recommendation="Approve the plan.",
        assurance_level=AssuranceLevel.NO,
        committee_route="Direct",
        session=SessionKind.PRIVATE,
    )
    front = default_front(request, "Trust")
    assert dataclasses.astuple(front)[:11] == (
        "Extraordinary Board",
        dt.date(2026, 7, 24),
        "12.3",
        "Our title",
        "Director of Nursing",
        "A. Writer",
        Purpose.APPROVAL,
        "Approve the plan.",
        AssuranceLevel.NO,
        "Direct",
        SessionKind.PRIVATE,
    )


def test_labels_people_read() -> None:
    assert [a.label for a in AssuranceLevel] == [
        "Substantial",
        "Reasonable",
        "Limited",
        "No assurance",
    ]
    assert all(a.meaning.endswith(".") for a in AssuranceLevel)
    assert SessionKind.PUBLIC.label == "Public session"
    assert Purpose.INFORMATION.label == "Information"
    assert period_label(dt.date(2026, 1, 5), dt.date(2026, 3, 1)) == (
        "5 January 2026 to 1 March 2026"
    )


# ----------------------------------------------------------------------------- reader, since


def test_a_board_pack_reads_as_a_board_secretary_whoever_makes_it() -> None:
    reader = pack_reader(LEAD, "board")
    assert reader.roles == frozenset({Role.BOARD_SECRETARY})
    assert (reader.username, reader.display_name, reader.user_id) == ("lead", "Pat Lead", 7)
    assert not reader.can(Permission.READ_INCIDENTS)
    assert not reader.can(Permission.READ_TRAINING_NAMES)
    assert pack_reader(LEAD, "committee") is LEAD


def _ctx(kind: str, previous_to: dt.date | None) -> PackContext:
    previous = None
    if previous_to is not None:
        previous = HistoryEntry(
            "run", kind, previous_to - dt.timedelta(days=90), previous_to,
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "lead", (),
        )  # fmt: skip
    return PackContext(
        db=None,  # type: ignore[arg-type]  # not read by the properties under test
        actor=LEAD,
        request=PackRequest(kind, *Q1),  # type: ignore[arg-type]
        trust="Trust",
        as_at=Q1[1],
        generated_at=dt.datetime(2026, 7, 1, tzinfo=dt.UTC),
        previous=previous,
    )


def test_since_is_the_day_after_the_previous_pack() -> None:
    assert _ctx("committee", dt.date(2026, 3, 31)).since == dt.date(2026, 4, 1)
    # A previous pack ending mid-period: changes start the day after it, inside this period.
    assert _ctx("committee", dt.date(2026, 5, 15)).since == dt.date(2026, 5, 16)


def test_since_is_the_period_start_without_an_earlier_pack() -> None:
    assert _ctx("committee", None).since == Q1[0]
    # A "previous" pack for the same end date is no baseline.
    assert _ctx("committee", Q1[1]).since == Q1[0]


def test_names_only_in_committee_packs() -> None:
    committee, board = _ctx("committee", None), _ctx("board", None)
    assert committee.names and not committee.board
    assert board.board and not board.names
    assert board.reader.roles == frozenset({Role.BOARD_SECRETARY})


# ----------------------------------------------------------------------------- model


def test_a_table_row_must_fit_its_columns() -> None:
    cols = (Column("A"), Column("B", "int"))
    with pytest.raises(ValueError, match="table t: a row has 3 cells, 2 columns"):
        Table("t", "T", cols, (("a", 1), ("b", 2, 3)))


def test_suppressed_cells_are_counted_and_show_the_mark() -> None:
    table = Table(
        "t", "T", (Column("A"), Column("N", "int")),
        (("a", Suppressed()), ("b", 10), ("c", Suppressed())),
    )  # fmt: skip
    assert table.suppressed_cells == 2
    assert str(Suppressed()) == "*"
    assert str(Badge("High", "#D5281B")) == "High"


def _pack(*sections: Section) -> Pack:
    front = default_front(PackRequest("committee", *Q1), "Trust")
    return Pack(
        kind="committee",
        trust="Trust",
        period_from=Q1[0],
        period_to=Q1[1],
        data_as_at=dt.datetime(2026, 7, 1, 9, 5),
        front=front,
        summary=("One",),
        sections=sections,
        parameters={"key": ["nested", {"deep": "value"}]},
    )


def test_iter_strings_reaches_every_string_in_a_pack() -> None:
    table = Table(
        "t", "Table title", (Column("Col"),), (("cell",), (Badge("badge", "#000000"),)),
        footnotes=("foot",),
    )  # fmt: skip
    section = Section("s", "Section title", (Paragraph("para"), Bullets(("b1", "b2")), table))
    found = set(iter_strings(_pack(section)))
    expected = {"Section title", "para", "b1", "b2", "Table title", "Col", "cell", "badge"}
    assert expected | {"foot", "One", "nested", "value", "key", "deep"} <= found
    assert "assurance" in found  # enum members are scanned by value
    assert "Trust" in found


def test_pack_labels_and_file_stem() -> None:
    section = Section("s", "S", (Paragraph("p"), Bullets(("x",)), Paragraph("q")))
    pack = _pack(section)
    assert pack.file_stem() == "vpr-committee-pack-2026-04-01-to-2026-06-30"
    assert pack.as_at_label == "Data as at 01 Jul 2026 09:05"
    assert pack.period_label == "1 April 2026 to 30 June 2026"
    assert pack.title == pack.front.title
    assert section.paragraphs == ["p", "x", "q"]
    assert section.tables == [] and pack.figures == []


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.integers(0, 4000))
def test_period_label_names_both_ends(start: dt.date, days: int) -> None:
    end = start + dt.timedelta(days=days)
    label = period_label(start, end)
    first, last = label.split(" to ")
    assert dt.datetime.strptime(first, "%d %B %Y").date() == start
    assert dt.datetime.strptime(last, "%d %B %Y").date() == end


def test_front_sheet_is_frozen() -> None:
    front: FrontSheet = default_front(PackRequest("board", *Q1), "Trust")
    with pytest.raises(dataclasses.FrozenInstanceError):
        front.title = "changed"  # type: ignore[misc]
