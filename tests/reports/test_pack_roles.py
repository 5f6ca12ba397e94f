"""Issue 10, acceptance 2: the committee pack lists the VPR roles with their holders; the board
pack shows only "Filled" / "Vacant" and no holder's name (text extracted from the PDFs)."""

from __future__ import annotations

from pathlib import Path

from tests.reports.test_pack_pdf import make_pack
from tests.reports.test_pack_pdf import open_demo
from tests.reports.test_pack_pdf import pdf_of
from tests.reports.test_pack_pdf import pdf_text
from vpr_desktop.services.roles.service import RolesRegisterService


def test_committee_pack_names_holders_and_board_pack_does_not(
    demo_copy: Path, tmp_path: Path
) -> None:
    db, actor = open_demo(demo_copy)
    try:
        entries = RolesRegisterService(db, actor).entries()
        holders = {e.holder_name for e in entries if e.holder_name}
        assert len(holders) >= 5
        committee = " ".join(
            pdf_text(
                pdf_of(make_pack(db, actor, "committee", tmp_path / "c")), layout=False
            ).split()
        )
        board = " ".join(
            pdf_text(pdf_of(make_pack(db, actor, "board", tmp_path / "b")), layout=False).split()
        )
    finally:
        db.close()
    assert "Who does what" in committee
    assert "Named strategic lead" in committee
    shown = {name for name in holders if name in committee}
    assert shown == holders  # every holder named in the committee pack
    assert "VPR roles: filled or vacant" in board
    assert "Filled" in board and "Vacant" in board
    assert [name for name in holders if name in board] == []
