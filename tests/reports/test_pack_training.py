"""Packs carry training compliance against target (issue 9): the course figures in the PDF are
the training service's, and no section is left "not yet available"."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DEMO_ANCHOR
from tests.reports.test_pack_pdf import make_pack
from tests.reports.test_pack_pdf import open_demo
from tests.reports.test_pack_pdf import pdf_of
from tests.reports.test_pack_pdf import pdf_text
from vpr_desktop.services.packs.training_by_course import course_totals
from vpr_desktop.services.training.service import TrainingService


def test_training_section_figures_match_the_service(demo_copy: Path, tmp_path: Path) -> None:
    db, actor = open_demo(demo_copy)
    try:
        totals = course_totals(
            TrainingService(db, actor).compliance_by_course_location(DEMO_ANCHOR)
        )
        committee = make_pack(db, actor, "committee", tmp_path / "c")
        board = make_pack(db, actor, "board", tmp_path / "b")
    finally:
        db.close()
    assert totals, "the demo requires training"
    text = " ".join(pdf_text(pdf_of(committee), layout=False).split())
    assert "Training compliance" in text
    for name, required, compliant, percent, _target in totals:
        assert f"{name} {required:,} {compliant:,} {percent:.1f}" in text
    board_text = " ".join(pdf_text(pdf_of(board), layout=False).split())
    assert "Training compliance against target" in board_text
    for t in (text, board_text):
        assert "not yet available" not in t.lower()


def test_course_totals_carry_the_course_target_not_a_locations(
    demo_copy: Path, tmp_path: Path
) -> None:
    """A ward's own stricter target applies to that ward's row; the course total in the board
    pack is judged against the course's target."""
    db, actor = open_demo(demo_copy)
    try:
        svc = TrainingService(db, actor)
        row = svc.compliance(DEMO_ANCHOR)[0]
        assert row.location_id is not None
        svc.set_target(row.course_id, 99.5, location_id=row.location_id)
        course_target = next(c.target_percent for c in svc.courses() if c.id == row.course_id)
        board = make_pack(db, actor, "board", tmp_path / "b")
    finally:
        db.close()
    assert course_target != 99.5
    board_text = " ".join(pdf_text(pdf_of(board), layout=False).split())
    import re

    found = re.search(
        re.escape(row.course_name) + r" ([\d,]+) ([\d,]+) ([\d.]+) ([\d.]+)", board_text
    )
    assert found is not None, board_text[:400]
    assert float(found.group(4)) == course_target


def test_summary_never_rounds_a_course_up_to_its_target() -> None:
    """84.6% against 85% must not read "85%" in a line that says it is below target."""
    from vpr_desktop.services.packs.training_by_course import training_summary

    text = training_summary([("De-escalation Skills", 461, 390, 100 * 390 / 461, 85.0)])
    assert "De-escalation Skills 84.6%" in text and "85%" not in text
