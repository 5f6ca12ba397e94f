"""Self-assessment cycles on SQLite AND PostgreSQL: carry forward (acceptance 3, exact counts),
dual sign-off (acceptance 4), the evidence store, gap → action both ways, the one summary,
filters and comparison; the optional demo cycles."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlalchemy import select

from vpr_desktop.domain.enums import ActionSource
from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import Side
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.errors import NotFoundError
from vpr_desktop.domain.errors import PermissionDeniedError
from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.domain.errors import VprError
from vpr_desktop.domain.models import Evidence
from vpr_desktop.domain.models import Person
from vpr_desktop.domain.models import User
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.services.actions.service import ActionLogService
from vpr_desktop.services.admin.users import create_user
from vpr_desktop.services.assessment.evidence_store import EvidenceStore
from vpr_desktop.services.assessment.evidence_store import check_original_name
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.services.assessment.service import AssessmentService
from vpr_desktop.services.assessment.standards import StandardsService
from vpr_desktop.services.common.actor import Actor
from vpr_desktop.services.common.unit_of_work import UnitOfWork
from vpr_desktop.services.common.unit_of_work import reading

TODAY = dt.date(2026, 6, 30)
FY25 = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
FY26 = (dt.date(2026, 4, 1), dt.date(2027, 3, 31))
R, A, G, N = Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED
TXT = b"Minutes of the VPR group, 3 March 2026.\n"


@dataclass
class World:
    db: Any
    lead: Actor
    rep: Actor
    both: Actor
    chair: Actor
    people: dict[str, int]

    def svc(self, actor: Actor | None = None) -> AssessmentService:
        return AssessmentService(self.db, actor or self.lead, today=TODAY)


@pytest.fixture
def world(db: Any) -> World:
    admin = create_user(db, None, "admin", "Ada Admin", [Role.ADMINISTRATOR])
    lead = create_user(db, admin, "lead", "Pat Lead", [Role.VPR_LEAD])
    rep = create_user(db, admin, "rep", "Robin Rep", [Role.STAFF_SIDE_REP])
    both = create_user(db, admin, "both", "Bo Both", [Role.VPR_LEAD, Role.STAFF_SIDE_REP])
    chair = create_user(db, admin, "chair", "Chris Chair", [Role.COMMITTEE_CHAIR])
    people = {}
    with UnitOfWork(db, admin) as uow:
        for i, (key, first, last) in enumerate(
            (("ann", "Ann", "Manager"), ("xena", "Xena", "Rep"))
        ):
            p = Person(employee_number=f"E{i}", first_name=first, last_name=last)
            uow.session.add(p)
            uow.session.flush()
            people[key] = p.id
        uow.session.scalar(select(User).where(User.username == "lead")).person_id = people["ann"]
    return World(db, lead, rep, both, chair, people)


def rid(svc: AssessmentService, cycle_id: int, code: str) -> int:
    return svc.rating_for(cycle_id, code).rating.id


def rate_all(
    svc: AssessmentService,
    cycle_id: int,
    ratings: dict[str, tuple[Rag, str | None]],
    status: WorkStatus = WorkStatus.DONE,
) -> None:
    for code, (rag, narrative) in ratings.items():
        svc.rate(rid(svc, cycle_id, code), rag, status, narrative)


def txt(tmp_path: Path, name: str = "minutes.txt", data: bytes = TXT) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------------------ acceptance 3


def test_acceptance_3_carry_forward_within_an_edition_keeps_ratings_flagged(
    world: World, tmp_path: Path
) -> None:
    svc = world.svc()
    a = svc.create_cycle("2024", "2025/26", *FY25).cycle
    assert a.status is CycleStatus.DRAFT and svc.summary(a.id).overall.not_rated == 45
    rate_all(
        svc,
        a.id,
        {
            "1.1": (R, "No named executive."),
            "1.2": (A, "Champion named."),
            "1.10": (G, None),
            "2.1": (A, None),
            "4.2": (G, "Checked monthly."),
        },
    )
    svc.add_evidence_file(rid(svc, a.id, "1.2"), txt(tmp_path), title="Board minutes")
    svc.add_evidence_link(
        rid(svc, a.id, "4.2"), "https://intranet.example.nhs.uk/dq", title="Data quality report"
    )
    gap = svc.raise_gap_action(rid(svc, a.id, "1.1"))
    done = svc.raise_gap_action(rid(svc, a.id, "2.1"))
    log = ActionLogService(world.db, world.lead, today=TODAY)
    log.cancel(done.id, log.get(done.id).version, "Superseded")

    created = svc.create_cycle("2024", "2026/27", *FY26, carry_from=a.id)
    b, carried = created.cycle, created.carried
    assert carried is not None and not carried.across_editions
    assert (
        carried.ratings,
        carried.narratives,
        carried.evidence_links,
        carried.actions,
        carried.indicators_flagged,
    ) == (5, 3, 2, 1, 5)
    assert b.previous_cycle_id == a.id and b.previous_cycle_name == "2025/26"
    s = svc.summary(b.id)
    assert (s.overall.red, s.overall.amber, s.overall.green, s.overall.not_rated) == (1, 2, 2, 40)
    assert s.carried_forward == 5 and s.open_gap_actions == 1
    assert s.change_counts[Change.UNCHANGED] == 5 and s.change_counts[Change.NOT_ASSESSED] == 40
    one = svc.rating_for(b.id, "1.1")
    assert one.rating.carried_forward and one.rating.rag is R
    assert one.rating.work_status is WorkStatus.TO_DO  # this cycle's work has not begun
    assert [(x.reference, x.carried_forward, x.from_cycle_name) for x in one.actions] == [
        (gap.reference, True, "2025/26")
    ]
    assert svc.rating_for(b.id, "2.1").actions == ()  # a cancelled action is not carried
    assert [e.title for e in svc.rating_for(b.id, "1.2").evidence] == ["Board minutes"]
    assert svc.rating_for(a.id, "1.1").actions[0].carried_forward is False  # still raised there
    confirmed = svc.confirm_rating(one.rating.id)
    assert not confirmed.carried_forward and confirmed.rag is R


def test_acceptance_3_across_editions_keeps_evidence_and_actions_never_a_rating(
    world: World, tmp_path: Path
) -> None:
    svc = world.svc()
    std = StandardsService(world.db, world.lead)
    old = svc.create_cycle(
        "2020", "2023/24 (first edition)", dt.date(2023, 4, 1), dt.date(2024, 3, 31)
    ).cycle
    rate_all(
        svc,
        old.id,
        {
            "P.1": (R, "Board has not discussed VPR."),
            "D.2": (G, "Training compliance 92%."),
            "C.1": (A, "Audit due."),
        },
    )
    p1 = rid(svc, old.id, "P.1")
    svc.add_evidence_file(p1, txt(tmp_path), title="Board minutes")
    svc.add_evidence_link(p1, "https://intranet.example.nhs.uk/board", title="Board pack")
    action = svc.raise_gap_action(p1, gap="No board discussion of VPR this year.")
    wanted = {("P.1", "1.1"), ("P.1", "1.2"), ("D.2", "5.2")}
    for link in std.crosswalk():
        if (link.from_code, link.to_code) in wanted:
            std.confirm_link(link.id)  # C.1 → 2.x stays unconfirmed: nothing flows there

    created = svc.create_cycle(
        "2024", "2024/25", dt.date(2024, 4, 1), dt.date(2025, 3, 31), carry_from=old.id
    )
    new, carried = created.cycle, created.carried
    assert carried is not None and carried.across_editions
    assert (
        carried.ratings,
        carried.narratives,
        carried.evidence_links,
        carried.actions,
        carried.indicators_flagged,
    ) == (0, 3, 4, 1, 3)
    s = svc.summary(new.id)
    assert s.overall.not_rated == 45 and s.overall.rated == 0  # never a rating
    assert s.open_gap_actions == 1 and s.carried_forward == 3
    r11 = svc.rating_for(new.id, "1.1")
    assert r11.rating.rag is N and r11.rating.carried_forward
    assert r11.rating.narrative == "Carried from vpr-2020 P.1: Board has not discussed VPR."
    assert {e.title for e in r11.evidence} == {"Board minutes", "Board pack"}
    assert [a.reference for a in svc.open_actions(r11.rating.id)] == [action.reference]
    assert svc.rating_for(new.id, "5.2").rating.narrative.startswith("Carried from vpr-2020 D.2")
    r21 = svc.rating_for(new.id, "2.1")
    assert (r21.rating.narrative, r21.evidence, r21.actions) == (None, (), ())


# ------------------------------------------------------------------------------ acceptance 4


def test_acceptance_4_sign_off_needs_both_sides_then_the_cycle_is_read_only(
    world: World, tmp_path: Path
) -> None:
    svc = world.svc()
    c = svc.create_cycle("2024", "2025/26", *FY25).cycle
    rate_all(svc, c.id, {"1.1": (A, "Partly.")})
    r11 = rid(svc, c.id, "1.1")
    root = EvidenceStore.for_database(world.db).root
    stored_before = set(root.iterdir()) if root.exists() else set()
    with pytest.raises(ValidationError, match="draft"):
        svc.sign_off(c.id)
    svc.submit_for_review(c.id)
    after_one = svc.sign_off(c.id)
    assert after_one.status is CycleStatus.IN_REVIEW and after_one.management_signed_by == "lead"
    with pytest.raises(ValidationError, match="Return it to draft"):
        svc.rate(r11, G, WorkStatus.DONE, "Sneaky change after signing")
    with pytest.raises(ValidationError, match="already signed"):
        svc.sign_off(c.id)
    with pytest.raises(PermissionDeniedError):
        world.svc(world.chair).sign_off(c.id)
    signed = world.svc(world.rep).sign_off(c.id)
    assert signed.status is CycleStatus.SIGNED_OFF and signed.read_only
    assert signed.staff_side_signed_by == "rep" and signed.staff_side_signed_at is not None
    for attempt in (
        lambda: svc.rate(r11, G, WorkStatus.DONE, None),
        lambda: svc.set_work_status(r11, WorkStatus.IN_PROGRESS),
        lambda: svc.confirm_rating(r11),
        lambda: svc.add_evidence_link(r11, "https://x.example/a", title="A"),
        lambda: svc.add_evidence_file(r11, txt(tmp_path)),
        lambda: svc.return_to_draft(c.id, "Reopen"),
        lambda: svc.import_workbook(tmp_path / "x.xlsx", c.id),
    ):
        with pytest.raises(ValidationError, match=r"(signed off|read-only|never changes)"):
            attempt()
    assert svc.rating_for(c.id, "1.1").rating.rag is A
    stored_after = set(root.iterdir()) if root.exists() else set()
    assert stored_after == stored_before  # refused before anything was copied


def test_one_person_cannot_sign_for_both_sides_and_return_clears(world: World) -> None:
    svc = world.svc(world.both)
    c = svc.create_cycle("2024", "2025/26", *FY25).cycle
    svc.submit_for_review(c.id)
    with pytest.raises(ValidationError, match="which side"):
        svc.sign_off(c.id)
    svc.sign_off(c.id, Side.MANAGEMENT)
    with pytest.raises(ValidationError, match="someone else"):
        svc.sign_off(c.id, Side.STAFF_SIDE)
    back = world.svc(world.rep).return_to_draft(c.id, "The narrative for 3.1 is wrong.")
    assert back.status is CycleStatus.DRAFT and back.management_signed_by is None
    world.svc().rate(rid(svc, c.id, "3.1"), A, WorkStatus.IN_REVIEW, "Corrected.")


# ------------------------------------------------------------------------------ evidence


def test_evidence_store_keeps_one_copy_and_checks_everything(world: World, tmp_path: Path) -> None:
    svc = world.svc()
    c = svc.create_cycle("2024", "2025/26", *FY25).cycle
    r1, r2 = rid(svc, c.id, "1.1"), rid(svc, c.id, "1.2")
    first = svc.add_evidence_file(
        r1,
        txt(tmp_path),
        title="Minutes",
        owner="Pat Lead",
        evidence_date=dt.date(2026, 3, 3),
        review_date=dt.date(2026, 6, 1),
    )
    again = svc.add_evidence_file(r2, txt(tmp_path, "copy of minutes.txt"), title="Other")
    assert again.already_stored and again.id == first.id and again.title == "Minutes"
    store = EvidenceStore.for_database(world.db)
    assert (store.root / f"{first.sha256}.txt").is_file()
    assert store.find(first.sha256) == f"{first.sha256}.txt"
    assert not [p for p in store.root.iterdir() if p.name.startswith(".")]  # no temp left
    if world.db.kind == "sqlite":
        assert store.root == world.db.path.parent / f"{world.db.path.stem}-evidence"
    with reading(world.db) as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == 1
    path = svc.evidence_path(first.id)
    assert path.read_bytes() == TXT and path.parent == store.root.resolve()
    assert store.verify(f"{first.sha256}.txt", first.sha256)
    assert first.original_name == "minutes.txt" and first.past_review  # 1 June < 30 June
    assert svc.summary(c.id).evidence_past_review == 2  # both indicators use it

    with pytest.raises(ValidationError, match="not a type of file"):
        svc.add_evidence_file(r1, txt(tmp_path, "tool.exe", b"MZ\x90\x00"))
    with pytest.raises(ValidationError, match="does not look like a PDF"):
        svc.add_evidence_file(r1, txt(tmp_path, "report.pdf", b"MZ\x90\x00 program"))
    with pytest.raises(ValidationError, match="over 1 MB"):
        EvidenceStore(tmp_path / "small", max_bytes=1024 * 1024).put(
            txt(tmp_path, "big.txt", b"x" * (1024 * 1024 + 1))
        )
    with pytest.raises(ValidationError, match="web address"):
        svc.add_evidence_link(r1, "javascript:alert(1)", title="Bad")
    with pytest.raises(ValidationError, match="web address"):
        svc.add_evidence_link(r1, "file:///C:/Windows/system32", title="Bad")
    with pytest.raises(VprError, match="not a stored evidence name"):
        store.path_of("../../etc/passwd")
    with pytest.raises(VprError, match="not a stored evidence name"):
        store.path_of("C:\\Windows\\win.ini")
    svc.unlink_evidence(r2, first.id)
    assert svc.rating_for(c.id, "1.2").evidence == ()
    updated = svc.update_evidence(first.id, review_date=dt.date(2027, 6, 1))
    assert not updated.past_review and updated.title == "Minutes"


@pytest.mark.parametrize(
    "name",
    [
        "../secret.pdf",
        "..\\secret.pdf",
        "/etc/passwd.txt",
        "C:\\evil.pdf",
        "\\\\server\\share\\x.pdf",
        "\\\\?\\C:\\x.pdf",
        "report.pdf:hidden",
        "CON.txt",
        "nul",
        "com1.pdf",
        "trailing.pdf.",
        "trailing.pdf ",
        "bad\x00name.pdf",
        "",
    ],
)
def test_dangerous_original_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError):
        check_original_name(name)


def test_ordinary_names_are_kept_as_metadata() -> None:
    assert check_original_name("Board minutes 03.03.2026 (final).pdf").endswith(".pdf")


def test_a_symlinked_store_file_is_refused(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "store")
    stored = store.put(txt(tmp_path))
    target = store.root / stored.stored_name
    target.chmod(0o644)
    target.unlink()
    outside = tmp_path / "outside.txt"
    outside.write_bytes(TXT)
    target.symlink_to(outside)
    with pytest.raises(VprError, match="outside the evidence folder"):
        store.path_of(stored.stored_name)


# ------------------------------------------------------------------------------ gaps → actions


def test_gap_becomes_an_action_linked_both_ways(world: World) -> None:
    svc = world.svc()
    c = svc.create_cycle("2024", "2025/26", *FY25).cycle
    rate_all(svc, c.id, {"6.3": (R, "No lone-worker devices."), "6.4": (G, None)})
    r63 = rid(svc, c.id, "6.3")
    linked = svc.raise_gap_action(
        r63,
        gap="Community staff have no devices.",
        due_date=dt.date(2026, 9, 30),
        management_owner_id=world.people["ann"],
        staff_side_owner_id=world.people["xena"],
    )
    detail = ActionLogService(world.db, world.lead, today=TODAY).get(linked.id)
    assert (detail.source, detail.source_entity, detail.source_id) == (
        ActionSource.ASSESSMENT_GAP,
        "rating",
        r63,
    )
    assert detail.description == "Community staff have no devices."
    assert detail.title == (
        "Close the gap on 6.3: Lone working arrangements, including "
        "devices where needed, are in place and tested."
    )  # mark left out
    opened = svc.open_actions(r63)
    assert [(x.id, x.management_owner, x.staff_side_owner) for x in opened] == [
        (linked.id, "Ann Manager", "Xena Rep")
    ]
    assert svc.rating_for(c.id, "6.3").rating.open_actions == 1
    with pytest.raises(ValidationError, match="only a red or amber"):
        svc.raise_gap_action(rid(svc, c.id, "6.4"))
    row = next(r for r in svc.export_rows(c.id).rows if r.code == "6.3")
    assert (row.gap, row.management_owner, row.staff_side_owner, row.target_date) == (
        "Community staff have no devices.",
        "Ann Manager",
        "Xena Rep",
        dt.date(2026, 9, 30),
    )
    log = ActionLogService(world.db, world.lead, today=TODAY)
    log.cancel(linked.id, log.get(linked.id).version, "Done another way")
    assert svc.open_actions(r63) == []
    assert svc.rating_for(c.id, "6.3").actions[0].status is ActionStatus.CANCELLED
    # The action log is joint: the staff side raises an action for a gap too.
    by_rep = world.svc(world.rep).raise_gap_action(r63, title="Staff side: devices for all")
    assert [x.id for x in svc.open_actions(r63)] == [by_rep.id]
    assert log.get(by_rep.id).timeline[0].side.value == "staff_side"


# ------------------------------------------------------------------------------ summary


def test_one_summary_counts_domains_changes_and_filters(world: World, tmp_path: Path) -> None:
    svc = world.svc()
    a = svc.create_cycle("2024", "2025/26", *FY25).cycle
    rate_all(
        svc,
        a.id,
        {"1.1": (R, None), "1.2": (A, None), "1.3": (G, None), "2.1": (A, None), "3.1": (G, None)},
    )
    b = svc.create_cycle("2024", "2026/27", *FY26, carry_from=a.id).cycle
    rate_all(
        svc,
        b.id,
        {
            "1.1": (A, "Better"),
            "1.2": (A, "Same"),
            "1.3": (R, "Worse"),
            "4.1": (G, "First time"),
            "2.1": (R, "Worse"),
        },
    )
    svc.add_evidence_link(
        rid(svc, b.id, "1.1"),
        "https://x.example/old",
        title="Old policy",
        review_date=dt.date(2026, 1, 1),
    )
    svc.add_evidence_link(
        rid(svc, b.id, "4.1"),
        "https://x.example/new",
        title="Dashboard",
        review_date=dt.date(2027, 1, 1),
    )
    svc.raise_gap_action(rid(svc, b.id, "1.3"))
    s = svc.summary(b.id)
    assert s.previous_cycle is not None and s.previous_cycle.id == a.id
    assert (s.overall.red, s.overall.amber, s.overall.green, s.overall.not_rated) == (2, 2, 2, 39)
    assert s.overall.percent_rated == round(100 * 6 / 45, 1)
    d1 = s.domains[0]
    assert (d1.code, d1.counts.red, d1.counts.amber, d1.counts.green, d1.counts.not_rated) == (
        "1",
        1,
        2,
        0,
        7,
    )
    assert d1.counts.percent_rated == 30.0 and d1.open_actions == 1
    assert [d.code for d in s.domains] == [str(n) for n in range(1, 8)]
    # 1.2 re-rated amber and 3.1 carried green (not yet confirmed) are both unchanged.
    assert {k: s.change_counts[k] for k in Change} == {
        Change.IMPROVED: 1,
        Change.DECLINED: 2,
        Change.UNCHANGED: 2,
        Change.NEW: 1,
        Change.NOT_ASSESSED: 39,
    }
    assert s.open_gap_actions == 1 and s.evidence_past_review == 1 and s.no_evidence == 43

    tree = svc.tree(b.id, TreeFilter(rags=frozenset({R})))
    assert [v.code for n in tree.domains for v in n.ratings] == ["1.3", "2.1"]
    assert tree.shown == 2 and tree.total == 45 and len(tree.domains) == 7
    assert tree.domains[0].summary.counts.total == 10  # counts stay unfiltered
    past = svc.tree(b.id, TreeFilter(evidence_past_review=True))
    assert [v.code for n in past.domains for v in n.ratings] == ["1.1"]
    carried = svc.tree(b.id, TreeFilter(to_reconfirm=True))
    assert [v.code for n in carried.domains for v in n.ratings] == ["3.1"]
    not_assessed = svc.tree(b.id, TreeFilter(rags=frozenset({N}), no_evidence=True))
    assert not_assessed.shown == 39
    assert svc.tree(b.id, TreeFilter(search="first time")).shown == 1

    cmp = svc.compare(a.id, b.id)
    assert cmp.same_edition
    by_code = {r.code: r for r in cmp.rows}
    assert (by_code["1.1"].rag_a, by_code["1.1"].rag_b, by_code["1.1"].change) == (
        R,
        A,
        Change.IMPROVED,
    )
    assert by_code["1.3"].change is Change.DECLINED and by_code["4.1"].change is Change.NEW
    assert cmp.change_counts[Change.IMPROVED] == 1


def test_permissions_reading_is_not_rating(world: World) -> None:
    c = world.svc().create_cycle("2024", "2025/26", *FY25).cycle
    rep = world.svc(world.rep)
    assert rep.summary(c.id).overall.total == 45
    with pytest.raises(PermissionDeniedError):
        rep.rate(rid(rep, c.id, "1.1"), R, WorkStatus.TO_DO, None)
    with pytest.raises(PermissionDeniedError):
        rep.create_cycle("2024", "other", *FY26)
    with pytest.raises(ValidationError, match="already has a cycle"):
        world.svc().create_cycle("2024", "2025/26", *FY26)
    with pytest.raises(ValidationError, match="ends before"):
        world.svc().create_cycle("2024", "x", FY25[1], FY25[0])
    with pytest.raises(NotFoundError):
        world.svc().cycle(9999)


# ------------------------------------------------------------------------------ demo


def test_demo_cycles_on_a_demo_database(demo_copy: Path) -> None:
    from vpr_desktop.services.demo.assessment import add_demo_assessment
    from vpr_desktop.store.database import open_database

    db = open_database(demo_copy)
    try:  # every demo database is made with them, so asking again adds nothing
        made = add_demo_assessment(db, anchor=TODAY, seed=3)
        assert not made.created
        again = add_demo_assessment(db, anchor=TODAY, seed=3)
        assert not again.created and again.current_cycle_id == made.current_cycle_id
        lead = Actor("x", "Reader", frozenset({Role.VPR_LEAD}))
        svc = AssessmentService(db, lead, today=TODAY)
        prev = svc.cycle(made.previous_cycle_id)
        assert prev.status is CycleStatus.SIGNED_OFF
        s = svc.summary(made.current_cycle_id)
        assert s.previous_cycle is not None and s.overall.rated > 30
        assert s.open_gap_actions >= 1 and s.carried_forward >= 1
        assert sum(s.change_counts[c] for c in (Change.IMPROVED, Change.DECLINED)) > 0
    finally:
        db.close()
    con = sqlite3.connect(demo_copy)
    try:
        assert (
            con.execute("SELECT count(*) FROM action WHERE source_entity = 'rating'").fetchone()[0]
            >= 1
        )
    finally:
        con.close()


def test_a_roles_register_entry_is_evidence_without_a_name(world: World) -> None:
    """Issue 10: the self-assessment can cite a role entry (leadership and workforce)."""
    from vpr_desktop.domain.enums import VprRoleType
    from vpr_desktop.domain.errors import NotFoundError
    from vpr_desktop.services.roles.service import RoleInput
    from vpr_desktop.services.roles.service import RolesRegisterService

    roles = RolesRegisterService(world.db, world.lead, today=TODAY)
    entry = roles.create(
        RoleInput(
            VprRoleType.STRATEGIC_LEAD,
            holder_id=world.people["ann"],
            review_date=dt.date(2027, 1, 31),
        )
    )
    svc = world.svc()
    cycle = svc.create_cycle("2024", "2026/27", *FY26).cycle
    rating = rid(svc, cycle.id, "1.2")
    item = svc.link_role_entry(rating, entry.id)
    assert item.kind == "role"
    assert item.title == "Roles register: Named strategic lead (Trust-wide), filled"
    assert item.review_date == dt.date(2027, 1, 31)
    assert "Ann" not in item.title and "Manager" not in item.title
    shown = svc.rating(rating).evidence
    assert [(e.kind, e.title) for e in shown] == [("role", item.title)]
    with pytest.raises(NotFoundError):
        svc.link_role_entry(rating, 9999)
