"""The roles page's words (gaps, holders, competence, the summary strip) and the one-page
"who does what" table: what it says, that it is grouped by level, that it never shows a name
to someone who may not see names, and that its buttons ask the page for a file or a printer."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from vpr_desktop.domain.enums import Role
from vpr_desktop.domain.enums import VprRoleType
from vpr_desktop.domain.vpr_roles_rules import GapKind
from vpr_desktop.domain.vpr_roles_rules import RoleLevel
from vpr_desktop.services.roles.service import RoleEntry
from vpr_desktop.services.roles.service import RoleGap
from vpr_desktop.services.roles.service import RolesSummary
from vpr_desktop.services.roles.service import WhoRow
from vpr_desktop.views.roles.page import RolesRegisterPage
from vpr_desktop.views.roles.page import entry_gap_text
from vpr_desktop.views.roles.page import entry_name
from vpr_desktop.views.roles.page import summary_text
from vpr_desktop.views.roles.register_words import NO_GAPS
from vpr_desktop.views.roles.register_words import competence_text
from vpr_desktop.views.roles.register_words import gap_words
from vpr_desktop.views.roles.register_words import holder_text
from vpr_desktop.views.roles.who import WhoDoesWhatView
from vpr_desktop.views.roles.who_document import TITLE
from vpr_desktop.views.roles.who_document import save_pdf
from vpr_desktop.views.roles.who_document import who_html


def entry(**changes: Any) -> RoleEntry:
    values: dict[str, Any] = {
        "id": 1,
        "version": 1,
        "role_type": VprRoleType.VPR_LEAD,
        "role_label": "VPR lead",
        "level": RoleLevel.STRATEGIC,
        "required": True,
        "scope": "Trust-wide",
        "holder_id": 1,
        "holder_name": "Ann Able",
        "deputy_id": None,
        "deputy_name": None,
        "hours_per_week": None,
        "start_date": None,
        "review_date": None,
        "competence_required": None,
        "competence_held": None,
        "competence_expires": None,
        "notes": None,
        "gaps": (),
    }
    values.update(changes)
    return RoleEntry(**values)


ROWS = [
    WhoRow("Board", "Executive lead", "Trust-wide", "Dee Director", "", None, None),
    WhoRow(
        "Strategic", "VPR lead", "Trust-wide", "Ann Able", "Bob Baker", 22.5, dt.date(2026, 9, 1)
    ),
    WhoRow("Strategic", "Security management", "Trust-wide", "Vacant", "", None, None),
    WhoRow("Operational", "Local champion", "Ward <1>", "Cat & Co", "", 2.0, None),
]


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("VPR lead (Trust-wide): no deputy named", "No deputy named"),
        ("Security management: vacant", "Vacant"),
        ("competence expired", "Competence expired"),
    ],
)
def test_gap_words_drop_the_roles_name(message: str, words: str) -> None:
    assert gap_words(message) == words


def test_an_entry_without_gaps_says_so() -> None:
    assert entry_gap_text(entry()) == NO_GAPS
    gaps = (
        RoleGap(1, GapKind.NO_DEPUTY, "VPR lead: no deputy named"),
        RoleGap(1, GapKind.REVIEW_OVERDUE, "VPR lead: review overdue"),
    )
    assert entry_gap_text(entry(gaps=gaps)) == "No deputy named; Review overdue"


def test_holder_text_says_vacant_required_and_left() -> None:
    assert holder_text(entry()) == "Ann Able"
    assert holder_text(entry(holder_id=None, holder_name=None)) == "Vacant (required)"
    assert holder_text(entry(holder_id=None, holder_name=None, required=False)) == "Vacant"
    assert holder_text(entry(holder_name=None)) == "Filled"
    left = (RoleGap(1, GapKind.HOLDER_LEFT, "VPR lead: the holder has left"),)
    assert holder_text(entry(gaps=left)) == "Ann Able (has left)"


def test_competence_text_covers_held_expiring_missing_and_none_expected() -> None:
    assert competence_text(entry()) == "None expected"
    assert competence_text(entry(competence_required="RSPH level 3")) == "Not recorded"
    assert competence_text(entry(competence_held="RSPH level 4")) == "RSPH level 4"
    assert (
        competence_text(
            entry(competence_held="RSPH level 4", competence_expires=dt.date(2027, 2, 3))
        )
        == "RSPH level 4 / expires 03 Feb 2027"
    )


def test_entry_name_is_role_and_scope() -> None:
    assert entry_name(entry(scope="Ward 3")) == "VPR lead (Ward 3)"


def test_summary_text_counts_in_words() -> None:
    one = RolesSummary(
        roles=1, filled=1, vacant=0, no_deputy=1, competence_gaps=1, reviews_overdue=1,
        holders_left=1,
    )  # fmt: skip
    assert summary_text(one) == (
        "1 role · 1 filled · 0 vacant · 1 without a deputy · 1 competence gap · "
        "1 review overdue · 1 holder has left"
    )
    many = RolesSummary(
        roles=1200, filled=9, vacant=2, no_deputy=3, competence_gaps=0, reviews_overdue=2,
        holders_left=0,
    )  # fmt: skip
    assert summary_text(many) == (
        "1,200 roles · 9 filled · 2 vacant · 3 without a deputy · 0 competence gaps · "
        "2 reviews overdue · 0 holders have left"
    )


# --------------------------------------------------------------------------- the table


def test_who_html_groups_rows_under_one_heading_per_level() -> None:
    page = who_html(ROWS, trust="Demo NHS Trust", today=dt.date(2026, 6, 1))
    assert f"<h1>{TITLE}</h1>" in page
    assert "Demo NHS Trust · As at 01 Jun 2026." in page
    assert page.count('class="level"') == 3  # Board, Strategic, Operational
    assert (
        page.index("<b>Board</b>")
        < page.index("<b>Strategic</b>")
        < page.index("<b>Operational</b>")
    )
    assert "<td><b>Vacant</b></td>" in page
    assert '<td align="right">22.5</td>' in page
    assert "01 Sep 2026" in page


def test_who_html_escapes_what_people_typed() -> None:
    page = who_html(ROWS[3:], today=dt.date(2026, 6, 1))
    assert "Ward &lt;1&gt;" in page and "Cat &amp; Co" in page
    assert "Ward <1>" not in page
    assert "<p>As at 01 Jun 2026." in page  # no trust name: no leading separator


def test_who_html_for_an_empty_register() -> None:
    page = who_html([], today=dt.date(2026, 6, 1))
    assert "No roles recorded yet." in page
    assert 'class="level"' not in page


def test_the_view_shows_the_rows_as_text(qtbot: Any) -> None:
    view = WhoDoesWhatView()
    qtbot.addWidget(view)
    view.show_rows(ROWS, trust="Demo NHS Trust")
    text = view.text()
    assert text.startswith(TITLE)
    for row in ROWS:
        assert row.role in text and row.holder in text
    assert view.rows == ROWS
    assert view.browser.accessibleName() == "Who does what table"


def test_the_views_buttons_ask_for_print_and_pdf(qtbot: Any) -> None:
    view = WhoDoesWhatView()
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.save_requested, timeout=1000):
        view.pdf_button.click()
    with qtbot.waitSignal(view.print_requested, timeout=1000):
        view.print_button.click()
    assert view.print_button.accessibleName() == "Print the who does what table on one page"
    assert view.pdf_button.accessibleName() == "Save the who does what table as a one-page PDF"


def test_save_pdf_fits_a_long_register_on_one_page(tmp_path: Path) -> None:
    rows = [
        WhoRow("Operational", f"Local champion {i}", f"Ward {i}", f"Person {i}", "", 1.0, None)
        for i in range(30)
    ]
    path = save_pdf(rows, tmp_path / "who.pdf", trust="Demo", today=dt.date(2026, 6, 1))
    assert path.read_bytes().startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes())) == 1
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - the text check needs pypdf
        return
    reader = PdfReader(str(path))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Local champion 29" in text and "Person 0" in text


# --------------------------------------------------------------------------- on the page


@pytest.fixture
def open_page(opened: Any) -> Any:
    def make(services: Any) -> RolesRegisterPage:
        return opened(RolesRegisterPage, "roles", services)

    return make


def test_the_tab_shows_the_services_rows_with_names_for_the_lead(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    page.tabs.setCurrentWidget(page.who)
    rows = lead.roles_register().who_does_what(include_names=True)
    assert page.who.rows == rows
    named = [r for r in rows if r.holder not in ("Vacant", "Filled")]
    assert named, "the demo trust names its role holders"
    assert all(r.holder in page.who.text() for r in named)


def test_a_reader_sees_the_same_table_and_can_save_it(
    open_page: Any, lead: Any, services_as: Any, actor_with: Any, tmp_path: Path
) -> None:
    rep = services_as(lead, actor_with(Role.STAFF_SIDE_REP))
    page = open_page(rep)
    page.tabs.setCurrentWidget(page.who)
    assert page.who.rows == lead.roles_register().who_does_what(include_names=True)
    assert page.who.pdf_button.isEnabled() and page.who.print_button.isEnabled()
    saved = page.save_pdf(tmp_path / "for-the-committee")
    assert saved.name == "for-the-committee.pdf" and saved.read_bytes().startswith(b"%PDF")
    assert page.who.note.isVisibleTo(page.who)
    assert page.who.note.text() == f"Saved: {saved}"


def test_without_a_screen_the_buttons_open_no_dialog(open_page: Any, lead: Any) -> None:
    page = open_page(lead)
    page.tabs.setCurrentWidget(page.who)
    page.who.pdf_button.click()  # headless: no file dialog, nothing saved
    page.who.print_button.click()
    assert not page.who.note.isVisibleTo(page.who)
