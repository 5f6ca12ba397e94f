"""The one place a cycle's figures are computed, tested without a database.

Why properties: the tree's chips, the comparison, the packs and the export all take these
figures, so their invariants (domains add up to the whole, every indicator is counted once in
each breakdown, an action shared by two indicators counts once) must hold for any cycle, not
only the ones a hand-written test thought of.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from vpr_desktop.domain.enums import ActionStatus
from vpr_desktop.domain.enums import CycleStatus
from vpr_desktop.domain.enums import Rag
from vpr_desktop.domain.enums import WorkStatus
from vpr_desktop.domain.standard_library import Change
from vpr_desktop.domain.standard_library import ScaleLevel
from vpr_desktop.domain.standard_library import classify_change
from vpr_desktop.services.assessment.loaded_cycle import LoadedCycle
from vpr_desktop.services.assessment.loaded_cycle import LoadedRow
from vpr_desktop.services.assessment.records import WORK_STATUS_LABELS
from vpr_desktop.services.assessment.records import CycleInfo
from vpr_desktop.services.assessment.records import EvidenceItem
from vpr_desktop.services.assessment.records import LinkedAction
from vpr_desktop.services.assessment.records import RagCounts
from vpr_desktop.services.assessment.records import TreeFilter
from vpr_desktop.services.assessment.summary import counts_of
from vpr_desktop.services.assessment.summary import passes
from vpr_desktop.services.assessment.summary import rating_view
from vpr_desktop.services.assessment.summary import summarise

AS_AT = dt.date(2026, 6, 30)
SCALE = tuple(
    ScaleLevel(rag, rag.value.title(), f"{rag.value} level", "#000000", "#FFFFFF", rank)
    for rank, rag in enumerate((Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED))
)


def cycle(cid: int, name: str) -> CycleInfo:
    return CycleInfo(
        id=cid, version=1, edition="2024", edition_title="VPR Standard", library_version=1,
        working_summary=False, name=name, period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2026, 3, 31), status=CycleStatus.DRAFT, previous_cycle_id=None,
        previous_cycle_name=None, management_signed_by=None, management_signed_at=None,
        staff_side_signed_by=None, staff_side_signed_at=None,
        created_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    )  # fmt: skip


def evidence(eid: int, past_review: bool) -> EvidenceItem:
    return EvidenceItem(
        id=eid, version=1, title=f"Evidence {eid}", kind="link", original_name=None,
        size_bytes=None, sha256=None, url="https://intranet/e", owner=None,
        evidence_date=None, review_date=None, past_review=past_review, added_by="lead",
        added_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip


def action(aid: int, status: ActionStatus, rating_id: int) -> LinkedAction:
    return LinkedAction(
        id=aid, reference=f"ACT-{aid:04}", title="Close the gap", status=status,
        due_date=None, management_owner=None, staff_side_owner=None, description=None,
        rating_id=rating_id, carried_forward=False, from_cycle_name=None,
    )  # fmt: skip


def row(
    n: int,
    domain: str,
    rag: Rag,
    *,
    narrative: str | None = None,
    carried: bool = False,
    reconfirm: bool = False,
    evidence_past: tuple[bool, ...] = (),
    actions: tuple[tuple[int, ActionStatus], ...] = (),
) -> LoadedRow:
    return LoadedRow(
        rating_id=100 + n, version=1, cycle_id=2, indicator_id=n, domain_code=domain,
        domain_title=f"Domain {domain}", domain_order=int(domain), code=f"{domain}.{n}",
        sort_key=f"{domain}.{n:04}", text=f"Indicator {domain}.{n} text", guidance=None,
        typical_evidence=None, retired=False, rag=rag, work_status=WorkStatus.DONE,
        narrative=narrative, carried_forward=carried, needs_reconfirm=reconfirm,
        rated_by="lead", rated_at=None,
        evidence=[evidence(n * 10 + i, p) for i, p in enumerate(evidence_past)],
        actions=[action(aid, status, 100 + n) for aid, status in actions],
    )  # fmt: skip


def loaded(rows: list[LoadedRow], previous: dict[int, Rag] | None) -> LoadedCycle:
    return LoadedCycle(
        cycle=cycle(2, "2025/26"),
        scale=SCALE,
        rows=rows,
        previous=cycle(1, "2024/25") if previous is not None else None,
        previous_rags=previous or {},
    )


def test_a_worked_example() -> None:
    rows = [
        row(1, "1", Rag.RED, evidence_past=(True, False), actions=((7, ActionStatus.OPEN),)),
        row(2, "1", Rag.GREEN, carried=True, actions=((7, ActionStatus.OPEN),)),
        row(3, "1", Rag.NOT_RATED, reconfirm=True),
        row(4, "2", Rag.AMBER, evidence_past=(False,), actions=((8, ActionStatus.CLOSED),)),
        row(5, "2", Rag.AMBER, actions=((9, ActionStatus.AWAITING_SIGN_OFF),)),
    ]
    previous = {1: Rag.AMBER, 2: Rag.RED, 4: Rag.AMBER, 5: Rag.NOT_RATED}
    summary = summarise(loaded(rows, previous), AS_AT)
    assert summary.overall == RagCounts(red=1, amber=2, green=1, not_rated=1)
    one, two = summary.domains
    assert (one.code, one.title, two.code) == ("1", "Domain 1", "2")
    assert one.counts == RagCounts(red=1, amber=0, green=1, not_rated=1)
    assert (one.to_reconfirm, one.carried_forward, one.no_evidence) == (1, 1, 2)
    assert one.evidence_past_review == 1
    assert one.open_actions == 1  # action 7 is on two indicators: one action
    assert two.open_actions == 1  # action 8 is closed; 9 awaits sign-off (still live)
    assert one.changes == {Change.DECLINED: 1, Change.IMPROVED: 1, Change.NOT_ASSESSED: 1}
    assert two.changes == {Change.UNCHANGED: 1, Change.NEW: 1}
    assert summary.open_gap_actions == 2
    assert summary.change_counts == {
        Change.IMPROVED: 1,
        Change.DECLINED: 1,
        Change.UNCHANGED: 1,
        Change.NEW: 1,
        Change.NOT_ASSESSED: 1,
    }
    assert [(c.code, c.previous, c.current) for c in summary.changes][:2] == [
        ("1.1", Rag.AMBER, Rag.RED),
        ("1.2", Rag.RED, Rag.GREEN),
    ]
    assert summary.previous_cycle is not None and summary.previous_cycle.name == "2024/25"
    assert summary.as_at == AS_AT


def test_a_first_cycle_has_no_previous_ratings() -> None:
    rows = [row(1, "1", Rag.RED), row(2, "1", Rag.NOT_RATED)]
    # Even if stale previous ratings were passed, no previous cycle means nothing to compare.
    stale = LoadedCycle(cycle(2, "x"), SCALE, rows, None, {1: Rag.GREEN})
    summary = summarise(stale, AS_AT)
    assert [c.change for c in summary.changes] == [Change.NEW, Change.NOT_ASSESSED]
    assert all(c.previous is None for c in summary.changes)
    assert summary.previous_cycle is None


def test_a_rating_view_carries_the_scale_level_and_counts() -> None:
    r = row(1, "1", Rag.AMBER, evidence_past=(True, True, False), actions=(
        (1, ActionStatus.OPEN), (2, ActionStatus.CANCELLED), (3, ActionStatus.IN_PROGRESS),
    ))  # fmt: skip
    view = rating_view(r, loaded([r], {1: Rag.GREEN}))
    assert view.level.id is Rag.AMBER and view.level.label == "Amber"
    assert (view.evidence_count, view.evidence_past_review, view.open_actions) == (3, 2, 2)
    assert (view.change, view.previous_rag) == (Change.DECLINED, Rag.GREEN)
    assert not view.working_summary


def test_statuses_are_shown_in_the_words_of_their_enum() -> None:
    assert cycle(1, "x").status_label == "Draft"
    r = row(1, "1", Rag.GREEN)
    assert rating_view(r, loaded([r], {})).work_status_label == "Done"
    assert WORK_STATUS_LABELS == {
        WorkStatus.TO_DO: "To do",
        WorkStatus.IN_PROGRESS: "In progress",
        WorkStatus.IN_REVIEW: "In review",
        WorkStatus.DONE: "Done",
    }


rags = st.sampled_from(list(Rag))
rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["1", "2", "3"]),
        rags,
        st.booleans(),
        st.booleans(),
        st.lists(st.booleans(), max_size=3),
        st.lists(st.tuples(st.integers(1, 6), st.sampled_from(list(ActionStatus))), max_size=3),
        st.one_of(st.none(), rags),
    ),
    max_size=25,
)


def build(spec: list[tuple[str, Rag, bool, bool, list[bool], list[tuple[int, ActionStatus]],
                             Rag | None]]) -> LoadedCycle:  # fmt: skip
    # An action keeps one status wherever it appears (it is one row in the log).
    status_of: dict[int, ActionStatus] = {}
    rows = []
    previous: dict[int, Rag] = {}
    for n, (domain, rag, carried, reconfirm, past, acts, prev) in enumerate(spec, 1):
        acts_fixed = tuple(dict((aid, status_of.setdefault(aid, s)) for aid, s in acts).items())
        rows.append(row(n, domain, rag, carried=carried, reconfirm=reconfirm,
                        evidence_past=tuple(past), actions=acts_fixed))  # fmt: skip
        if prev is not None:
            previous[n] = prev
    rows.sort(key=lambda r: (r.domain_order, r.indicator_id))
    return loaded(rows, previous)


def total(c: RagCounts) -> int:
    return c.red + c.amber + c.green + c.not_rated


@settings(max_examples=150)
@given(rows_strategy)
def test_the_figures_add_up_for_any_cycle(spec: list) -> None:  # type: ignore[type-arg]
    cycle_ = build(spec)
    summary = summarise(cycle_, AS_AT)
    n = len(cycle_.rows)
    assert total(summary.overall) == n == len(summary.changes)
    assert sum(summary.change_counts.values()) == n
    assert set(summary.change_counts) == set(Change)
    # Domains appear once each, in tree order, and add up to the whole.
    assert [d.code for d in summary.domains] == list(
        dict.fromkeys(r.domain_code for r in cycle_.rows)
    )
    for field in ("red", "amber", "green", "not_rated"):
        assert sum(getattr(d.counts, field) for d in summary.domains) == getattr(
            summary.overall, field
        )
    for field in ("to_reconfirm", "carried_forward", "no_evidence", "evidence_past_review"):
        assert sum(getattr(d, field) for d in summary.domains) == getattr(summary, field)
    for d in summary.domains:
        assert sum(d.changes.values()) == total(d.counts)
    # An action counts once however many indicators it is linked to.
    live = {a.id for r in cycle_.rows for a in r.actions if a.status in (
        ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_SIGN_OFF)}  # fmt: skip
    assert summary.open_gap_actions == len(live)
    assert summary.open_gap_actions <= sum(d.open_actions for d in summary.domains)
    # Every change is the rule applied to the two ratings.
    for c in summary.changes:
        assert c.change is classify_change(c.previous, c.current)
        assert (c.change is Change.NOT_ASSESSED) == (c.current is Rag.NOT_RATED)


@given(st.lists(rags, max_size=40))
def test_counts_of_counts_each_rating_once(values: list[Rag]) -> None:
    counts = counts_of(values)
    assert total(counts) == len(values)
    assert counts.red == values.count(Rag.RED)
    assert counts.not_rated == values.count(Rag.NOT_RATED)


# ----------------------------------------------------------------------------- filter


def views() -> list:  # type: ignore[type-arg]
    rows = [
        row(1, "1", Rag.RED, narrative="Panic alarms tested monthly"),
        row(2, "1", Rag.GREEN, evidence_past=(True,)),
        row(3, "2", Rag.NOT_RATED, carried=True),
        row(4, "2", Rag.AMBER, reconfirm=True, evidence_past=(False,)),
    ]
    c = loaded(rows, None)
    return [rating_view(r, c) for r in rows]


def codes(f: TreeFilter) -> list[str]:
    return [v.code for v in views() if passes(v, f)]


def test_an_empty_filter_shows_everything() -> None:
    assert codes(TreeFilter()) == ["1.1", "1.2", "2.3", "2.4"]


def test_each_filter_condition() -> None:
    assert codes(TreeFilter(rags=frozenset({Rag.RED, Rag.NOT_RATED}))) == ["1.1", "2.3"]
    assert codes(TreeFilter(no_evidence=True)) == ["1.1", "2.3"]
    assert codes(TreeFilter(evidence_past_review=True)) == ["1.2"]
    assert codes(TreeFilter(to_reconfirm=True)) == ["2.3", "2.4"]  # either flag awaits a person
    assert codes(TreeFilter(search="  PANIC ")) == ["1.1"]  # the narrative, any case
    assert codes(TreeFilter(search="2.4")) == ["2.4"]  # the code
    assert codes(TreeFilter(search="indicator 1.2 text")) == ["1.2"]  # the wording
    assert codes(TreeFilter(search="nothing like it")) == []


@given(
    st.frozensets(rags),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["", "1.", "text", "panic", "zzz"]),
)
def test_conditions_combine_as_and(
    chosen: frozenset[Rag], no_ev: bool, past: bool, reconfirm: bool, term: str
) -> None:
    """A row passes the combined filter exactly when it passes each condition alone."""
    combined = TreeFilter(chosen, no_ev, past, reconfirm, term)
    singles = [
        TreeFilter(rags=chosen),
        TreeFilter(no_evidence=no_ev),
        TreeFilter(evidence_past_review=past),
        TreeFilter(to_reconfirm=reconfirm),
        TreeFilter(search=term),
    ]
    for v in views():
        assert passes(v, combined) == all(passes(v, f) for f in singles)


def test_domain_order_follows_the_rows() -> None:
    rows = [row(n, d, Rag.GREEN) for n, d in zip(itertools.count(1), ["2", "2", "1"], strict=False)]
    summary = summarise(loaded(rows, None), AS_AT)
    # The loader gives tree order; the summary keeps it rather than sorting on its own.
    assert [d.code for d in summary.domains] == ["2", "1"]
