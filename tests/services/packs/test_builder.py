"""The pack builder on SQLite and PostgreSQL with small section builders of our own: what it
adds around the sections (board assurance and decisions), the parameters it records, the
previous pack it finds, the trust name, progress, omissions, and the final name guard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import Setting
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.packs import archive
from vpr_desktop.services.packs.builder import BOARD_SECTIONS
from vpr_desktop.services.packs.builder import COMMITTEE_SECTIONS
from vpr_desktop.services.packs.builder import NAME_REPLACEMENT
from vpr_desktop.services.packs.builder import _omit
from vpr_desktop.services.packs.builder import build_pack
from vpr_desktop.services.packs.builder import guard_names
from vpr_desktop.services.packs.builder import person_names
from vpr_desktop.services.packs.builder import redact
from vpr_desktop.services.packs.context import PackContext
from vpr_desktop.services.packs.context import PackRequest
from vpr_desktop.services.packs.context import trust_name
from vpr_desktop.services.packs.model import AssuranceLevel
from vpr_desktop.services.packs.model import Bullets
from vpr_desktop.services.packs.model import Column
from vpr_desktop.services.packs.model import Paragraph
from vpr_desktop.services.packs.model import Section
from vpr_desktop.services.packs.model import SessionKind
from vpr_desktop.services.packs.model import Table
from vpr_desktop.services.packs.model import iter_strings
from vpr_desktop.store.database import Database

LEAD = Actor("lead", "Pat Lead", frozenset({Role.VPR_LEAD}))
BOARD_SEC = Actor("bs", "Bo Sec", frozenset({Role.BOARD_SECRETARY}))
Q1 = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
NOW = dt.datetime(2026, 7, 1, 8, 30, tzinfo=dt.UTC)


def add_people(db: Database, *names: tuple[str, str]) -> None:
    with UnitOfWork(db, LEAD) as uow:
        for i, (first, last) in enumerate(names):
            uow.session.add(Person(employee_number=f"E{i:04}", first_name=first, last_name=last))


def set_trust(db: Database, value: dict[str, object]) -> None:
    with UnitOfWork(db, LEAD) as uow:
        uow.session.add(Setting(key="trust", value=value))


def naming_section(ctx: PackContext) -> Section:
    """A section that (wrongly) carries a staff name in every kind of block."""
    ctx.summary.append("Summary about Ann Lee.")
    ctx.decisions.append("Thank Ann Lee.")
    return Section(
        "named",
        "Named",
        (
            Paragraph("Ann Lee reviewed the ward."),
            Bullets(("Bob Stone closed it", "Annie Leeds is not a person here")),
            Table("t", "Owners", (Column("Owner"), Column("N", "int")), (("Ann Lee", 3),)),
        ),
    )


def test_a_board_pack_wraps_its_sections_and_removes_names(db: Database) -> None:
    add_people(db, ("Ann", "Lee"), ("Bob", "Stone"))
    request = PackRequest("board", *Q1, as_at=Q1[1], assurance_level=AssuranceLevel.LIMITED)
    pack = build_pack(db, BOARD_SEC, request, sections=[naming_section], now=NOW)
    assert [s.id for s in pack.sections] == ["assurance", "named", "decisions"]
    text = " ".join(iter_strings(pack))
    assert "Ann Lee" not in text and "Bob Stone" not in text
    assert "Annie Leeds is not a person here" in text
    named = pack.sections[1]
    assert named.paragraphs[0] == f"{NAME_REPLACEMENT} reviewed the ward."
    assert named.tables[0].rows == ((NAME_REPLACEMENT, 3),)
    assert pack.summary == (f"Summary about {NAME_REPLACEMENT}.",)
    assurance = pack.sections[0].paragraphs[0]
    assert assurance.startswith("This report offers limited assurance that NHS trust is")
    assert AssuranceLevel.LIMITED.meaning in assurance
    decisions = pack.sections[-1]
    assert decisions.paragraphs == [
        pack.front.recommendation,
        f"Thank {NAME_REPLACEMENT}.",
    ]


def test_a_committee_pack_keeps_names_and_adds_no_board_sections(db: Database) -> None:
    add_people(db, ("Ann", "Lee"))
    pack = build_pack(
        db, LEAD, PackRequest("committee", *Q1, as_at=Q1[1]), sections=[naming_section], now=NOW
    )
    assert [s.id for s in pack.sections] == ["named"]
    assert pack.sections[0].paragraphs[0] == "Ann Lee reviewed the ward."


def test_a_public_session_committee_pack_names_nobody(db: Database) -> None:
    add_people(db, ("Ann", "Lee"), ("Bob", "Stone"))
    request = PackRequest("committee", *Q1, as_at=Q1[1], session=SessionKind.PUBLIC)
    pack = build_pack(db, LEAD, request, sections=[naming_section], now=NOW)
    text = " ".join(iter_strings(pack))
    assert "Ann Lee" not in text and "Bob Stone" not in text
    assert pack.sections[0].paragraphs[0] == f"{NAME_REPLACEMENT} reviewed the ward."


def test_a_public_session_committee_pack_lists_actions_without_owners(demo_copy: Path) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:
        actor = identify(db)
        public = build_pack(
            db, actor, PackRequest("committee", *Q1, session=SessionKind.PUBLIC), now=NOW
        )
        private = build_pack(db, actor, PackRequest("committee", *Q1), now=NOW)
    finally:
        db.close()

    def headers(pack: object) -> set[str]:
        return {
            c.title
            for section in pack.sections  # type: ignore[attr-defined]
            for table in section.tables
            for c in table.columns
        }

    assert "Management owner" in headers(private)
    assert "Management owner" not in headers(public)
    assert "Staff-side owner" not in headers(public)
    assert "Holder" in headers(private) and "Holder" not in headers(public)


def test_a_board_pack_without_decisions_asks_to_note(db: Database) -> None:
    pack = build_pack(db, BOARD_SEC, PackRequest("board", *Q1), sections=[], now=NOW)
    assert [s.id for s in pack.sections] == ["assurance", "decisions"]
    assert pack.sections[-1].paragraphs[-1] == (
        "Note the report and the level of assurance it gives."
    )


def test_parameters_record_as_at_since_and_the_previous_pack(db: Database, tmp_path: Path) -> None:
    first = build_pack(db, LEAD, PackRequest("committee", *Q1), sections=[], now=NOW)
    # No "as at": the generating day in the trust's time zone.
    assert first.parameters["as_at"] == "2026-07-01"
    assert first.parameters["since"] == "2026-04-01"
    assert first.parameters["previous_pack"] is None
    assert first.data_as_at.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    made = tmp_path / "q1.pdf"
    made.write_bytes(b"%PDF")
    entry = archive.archive_pack(
        db, LEAD, kind="committee", period_from=Q1[0], period_to=Q1[1], files=[made],
        parameters=first.parameters,
    )  # fmt: skip
    q2 = PackRequest("committee", dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    second = build_pack(db, LEAD, q2, sections=[], now=NOW + dt.timedelta(days=92))
    assert second.parameters["previous_pack"] == entry.run
    assert second.parameters["since"] == "2026-07-01"
    assert second.parameters["period_from"] == "2026-07-01"
    # A board pack does not compare with a committee pack.
    board_q2 = PackRequest("board", q2.period_from, q2.period_to)
    board = build_pack(db, LEAD, board_q2, sections=[], now=NOW)
    assert board.parameters["previous_pack"] is None


def test_the_trust_name_comes_from_the_settings(db: Database) -> None:
    assert trust_name(db) == "NHS trust"
    set_trust(db, {"name": "  Northgate Hospitals NHS Foundation Trust "})
    assert trust_name(db) == "Northgate Hospitals NHS Foundation Trust"
    pack = build_pack(db, LEAD, PackRequest("committee", *Q1), sections=[], now=NOW)
    assert pack.trust == "Northgate Hospitals NHS Foundation Trust"
    assert "at Northgate Hospitals NHS Foundation Trust" in pack.front.recommendation


def test_a_blank_trust_name_falls_back(db: Database) -> None:
    set_trust(db, {"name": "   "})
    assert trust_name(db) == "NHS trust"


def test_progress_names_each_section_and_omissions_are_listed_once(db: Database) -> None:
    seen: list[tuple[int, str]] = []
    pending = _omit("Indicators that moved")
    build = build_pack(
        db,
        BOARD_SEC,
        PackRequest("board", *Q1),
        lambda p, s: seen.append((p, s)),
        sections=[naming_section, pending, pending],
        now=NOW,
    )
    assert build.omitted == ("Indicators that moved",)
    assert seen == [
        (5, "Gathering the naming figures"),
        (18, "Noting sections not yet available"),
        (31, "Noting sections not yet available"),
        (47, "Checking for staff names"),
    ]


def test_permission_and_validation_come_before_any_reading(db: Database) -> None:
    calls: list[str] = []

    def spy(ctx: PackContext) -> None:
        calls.append("read")
        return None

    with pytest.raises(PermissionDeniedError, match="may not generate committee packs"):
        build_pack(db, BOARD_SEC, PackRequest("committee", *Q1), sections=[spy])
    with pytest.raises(ValidationError):
        build_pack(db, LEAD, PackRequest("board", Q1[1], Q1[0]), sections=[spy])
    assert calls == []


def test_the_standard_section_lists() -> None:
    assert [b.__name__ for b in COMMITTEE_SECTIONS] == [
        "changes_section",
        "incidents_section",
        "support_section",
        "riddor_police_section",
        "staff_survey_section",
        "risk_section",
        "training_section",
        "assessment_section",
        "actions_section",
        "roles_section",
        "equality_section",
        "cost_section",
    ]
    assert all(b.__name__.startswith("board_") for b in BOARD_SECTIONS)


# ----------------------------------------------------------------------------- name guard


def test_person_names_are_lower_cased_pairs(db: Database) -> None:
    add_people(db, ("Ann", "Lee"), (" Mary ", "O'Neil "), ("", "Nofirst"))
    assert person_names(db) == {("ann", "lee"), ("mary", "o'neil")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee", NAME_REPLACEMENT),
        ("ann lee and ANN LEE", f"{NAME_REPLACEMENT} and {NAME_REPLACEMENT}"),
        ("Ann  Lee.", f"{NAME_REPLACEMENT}."),
        ("Ann, Lee", "Ann, Lee"),  # punctuation between: not a full name
        ("Leanne Lee", "Leanne Lee"),
        ("Ann Leeson", "Ann Leeson"),
        ("Mary O'Neil saw Ann Lee", f"{NAME_REPLACEMENT} saw {NAME_REPLACEMENT}"),
        ("Lee Ann", "Lee Ann"),  # the order matters
        ("", ""),
    ],
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text, {("ann", "lee"), ("mary", "o'neil")}) == expected


def test_redact_a_possessive() -> None:
    """A possessive keeps its 's, never the name (straight or curly apostrophe)."""
    assert redact("Ann Lee's office", {("ann", "lee")}) == f"{NAME_REPLACEMENT}'s office"
    assert redact("Ann Lee\u2019s desk", {("ann", "lee")}) == f"{NAME_REPLACEMENT}\u2019s desk"
    assert redact("Mary O'Neil's ward", {("mary", "o'neil")}) == f"{NAME_REPLACEMENT}'s ward"


def test_guard_a_name_split_by_a_newline() -> None:
    assert guard_names("Ann\nLee", {("ann", "lee")}) == NAME_REPLACEMENT


def test_guard_names_copies_containers_and_leaves_other_values() -> None:
    names = {("ann", "lee")}
    data = {"k": ["Ann Lee", ("Ann Lee", 3, None)], "n": 1.5, "d": dt.date(2026, 1, 1)}
    assert guard_names(data, names) == {
        "k": [NAME_REPLACEMENT, (NAME_REPLACEMENT, 3, None)],
        "n": 1.5,
        "d": dt.date(2026, 1, 1),
    }
    assert data["k"][0] == "Ann Lee"  # the original is untouched
