"""The window: pages by role, badges, status bar, shortcuts, opening databases, accessibility."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from vpr_desktop.domain.enums import Role
from vpr_desktop.views.common import dialogs
from vpr_desktop.views.navigation import PAGES
from vpr_desktop.views.sidebar_words import badge_counts


def test_board_secretary_sees_home_and_packs_only(
    make_window: Any, empty_services: Any, services_as: Any, actor_with: Any
) -> None:
    window = make_window(services_as(empty_services, actor_with(Role.BOARD_SECRETARY)))
    assert window.visible_page_keys() == ["home", "packs"]
    assert window.sidebar_texts() == ["Home", "Packs"]
    assert set(window.pages) == {"home", "packs"}
    assert not window.show_page("admin") and not window.show_page("incidents")


def test_vpr_lead_and_administrator_see_every_page(make_window: Any, empty_services: Any) -> None:
    window = make_window(empty_services)  # the creator of a new database holds both roles
    assert window.visible_page_keys() == [spec.key for spec in PAGES]


def test_sidebar_badges_show_attention_counts_in_text(
    make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    window = make_window(demo_services)
    summary = summary_shown(window)
    counts = badge_counts(summary.badges)
    assert counts["support"] > 0
    texts = window.sidebar_texts()
    assert f"Support queue ({counts['support']:,})" in texts
    assert f"Action log ({counts['actions']:,})" in texts
    row = window.visible_page_keys().index("support")
    spoken = window.sidebar.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == f"Support queue, {counts['support']:,} need attention"


def test_status_bar_names_database_user_roles_and_backup(
    make_window: Any, empty_services: Any, summary_shown: Any
) -> None:
    window = make_window(empty_services)
    summary_shown(window)
    assert window.db_label.full_text() == empty_services.db.describe()
    actor = empty_services.actor
    assert window.user_label.text() == f"{actor.display_name} – {actor.roles_label}"
    assert window.backup_label.text() == "No backup yet"
    assert not window.read_only_label.isVisibleTo(window)


def test_back_up_now_runs_in_the_background_and_updates_the_status(
    make_window: Any, empty_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    window = make_window(empty_services)
    summary_shown(window)
    window.ensure_setup()
    assert window.backup_action.isEnabled()
    assert window.backup_action.shortcut().toString() == "Ctrl+B"
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: window.backup_label.text().startswith("Last backup: "), timeout=15000)
    assert window.note_label.full_text().startswith("Backup saved to ")


def test_ctrl_number_switches_pages(make_window: Any, empty_services: Any) -> None:
    window = make_window(empty_services)
    window.ensure_setup()
    keys = window.visible_page_keys()
    action = window.goto_actions[4]
    assert [s.toString() for s in action.shortcuts()] == ["Ctrl+5", "Alt+5"]
    action.trigger()
    assert window.current_page().key == keys[4]
    assert window.sidebar.currentRow() == 4


def test_every_sidebar_page_is_built_by_its_own_factory() -> None:
    """Each page in the sidebar has the code that builds it."""
    assert [p.key for p in PAGES if p.factory is None] == []


def test_no_menu_entry_waits_for_a_later_release(make_window: Any, empty_services: Any) -> None:
    window = make_window(empty_services)
    window.ensure_setup()
    texts = [
        a.text()
        for m in (window.file_menu, window.data_menu, window.reports_menu)
        for a in m.actions()
    ]
    assert not [t for t in texts if "later release" in t]
    assert "&Restore a backup…" in texts


def test_restore_a_backup_replaces_the_open_database(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    """File > Restore a backup…: the window lets go of the file, the service keeps the
    current database as a before-restore backup, and the restored one opens again."""
    from sqlalchemy import func
    from sqlalchemy import select

    from vpr_desktop.domain.models import Site
    from vpr_desktop.services.common.unit_of_work import UnitOfWork
    from vpr_desktop.services.common.unit_of_work import reading
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    target = tmp_path / "trust.db"
    services = build_services(open_database(target))
    with UnitOfWork(services.db, services.actor) as uow:
        uow.session.add(Site(code="A", name="Before the backup"))
    backup = services.backups.backup_now(tmp_path / "kept.db").path
    with UnitOfWork(services.db, services.actor) as uow:
        uow.session.add(Site(code="B", name="After the backup"))
    window = make_window()
    window.attach(services, owned=True)
    window.ensure_setup()
    assert window.restore_action.isEnabled()
    assert window.restore_backup(backup)
    qtbot.waitUntil(
        lambda: (
            window.services is not None and window.services is not services and bool(window.pages)
        ),
        timeout=20000,
    )
    with reading(window.services.db) as s:
        assert list(s.scalars(select(Site.name))) == ["Before the backup"]
        assert s.scalar(select(func.count()).select_from(Site)) == 1
    assert window.note_label.full_text().startswith("Restored kept.db.")
    assert "before-restore" in window.note_label.full_text()


def test_every_focusable_widget_has_an_accessible_name(
    make_window: Any, demo_services: Any, summary_shown: Any
) -> None:
    window = make_window(demo_services)
    summary_shown(window)
    window.ensure_setup()
    for key in window.visible_page_keys():  # build every page's widgets
        window.show_page(key)
    missing = []
    for widget in window.findChildren(QWidget):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.accessibleName():
            if widget.objectName() == "qt_scrollarea_viewport":
                continue  # Qt's own inner viewport; the view around it is named
            missing.append(f"{type(widget).__name__}#{widget.objectName()}")
    assert missing == []


def test_geometry_and_page_are_remembered(
    make_window: Any, empty_services: Any, settings: Any
) -> None:
    window = make_window(empty_services, size=(720, 520))  # within the offscreen 800×600 screen
    window.show_page("training")
    window.save_settings()
    again = make_window(empty_services, size=None)
    assert again.current_page().key == "training"
    assert (again.size().width(), again.size().height()) == (720, 520)


def test_opening_a_database_in_the_background(make_window: Any, tmp_path: Path, qtbot: Any) -> None:
    window = make_window()
    with qtbot.waitSignal(window.attached, timeout=20000) as blocker:
        window.open_target(str(tmp_path / "new.db"))
    services = blocker.args[0]
    assert window.services is services and services.db.path == tmp_path / "new.db"
    assert window.current_page().key == "home"
    window.close()  # the window owns what it opened, and closes it


def test_a_file_that_is_not_a_database_gets_a_plain_words_dialog(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("minutes of the last meeting", encoding="utf-8")
    window = make_window()
    window.open_target(str(notes))
    qtbot.waitUntil(lambda: bool(dialogs.recent), timeout=20000)
    kind, title, text = dialogs.recent[-1]
    assert (kind, title) == ("error", "Not a VPR Desktop database")
    assert "What to do next:" in text and "Traceback" not in text
    assert window.services is None
    assert window.start_page.closed is not None
    assert window.start_page.closed.isVisibleTo(window)  # File > Open is offered right there


def test_a_newer_database_is_refused_with_its_own_title(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as con:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        con.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    window = make_window()
    window.open_target(str(newer))
    qtbot.waitUntil(lambda: bool(dialogs.recent), timeout=20000)
    assert dialogs.recent[-1][1] == "Database is from a newer VPR Desktop"


def test_read_only_database_says_so_and_why(make_window: Any, tmp_path: Path, qtbot: Any) -> None:
    """Here read-only on request; someone else editing it gives "Read-only: X is editing it"."""
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    path = tmp_path / "shared.db"
    with open_database(path) as db:
        build_services(db)  # creates the account, so a read-only open can sign in
    window = make_window()
    with qtbot.waitSignal(window.attached, timeout=20000):
        window.open_target(str(path), mode="ro")
    assert window.read_only_label.isVisibleTo(window)
    assert window.read_only_label.full_text() == "Read-only: opened read-only on request"
    assert window.db_label.full_text().endswith("(read-only)")
    window.close()


def test_the_keyboard_starts_on_the_page_list_once_a_database_is_open(
    make_window: Any, demo_services: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    window = make_window()  # as the app starts: the window is up before the database opens
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.attach(demo_services, owned=False)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    assert QApplication.focusWidget() is window.sidebar
    assert window.sidebar.accessibleName() == "Pages"


def test_tab_order_follows_reading_order(
    make_window: Any, demo_services: Any, summary_shown: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    window = make_window(demo_services)
    summary_shown(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)  # (Tab moves nothing until then)
    home_page = window.home_page  # a second count (after attach) rebuilds the cards: wait
    qtbot.waitUntil(
        lambda: (
            not home_page.runner.is_busy()
            and any(c.link is not None and c.link.isVisible() for c in home_page._cards)
        ),
        timeout=15000,
    )

    def chain(steps: int) -> list[str]:
        window.sidebar.setFocus()
        qtbot.waitUntil(window.sidebar.hasFocus, timeout=3000)
        names = []
        for _ in range(steps):
            widget = QApplication.focusWidget()
            names.append(widget.accessibleName())
            qtbot.keyClick(widget, Qt.Key.Key_Tab)  # as a person moves on
        return names

    home = chain(10)
    assert home[0] == "Pages"
    assert home[1].startswith("Show the sidebar with short page labels")  # under the pages
    assert home[2].startswith("Open Support queue") and home[3].startswith("Open Incidents"), home
    assert home[8] == "Back up the database now"  # after the six cards, as it reads
    window.show_page("incidents")
    assert chain(4) == [
        "Pages",
        "Show the sidebar with short page labels (Ctrl+Backslash)",
        "New incident (Ctrl+N)",
        "Search incidents",
    ]


def test_window_says_where_the_pre_upgrade_backup_is(make_window, tmp_path) -> None:
    """Opening an older database upgrades it after a backup, and the window says where."""
    from sqlalchemy import create_engine

    from vpr_desktop.services.container import build_services
    from vpr_desktop.store import migrate
    from vpr_desktop.store.database import open_database

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
    engine.dispose()
    db = open_database(path, backup_dir=tmp_path / "backups")
    services = build_services(db)
    try:
        window = make_window(services)
        text = window.note_label.full_text()
        assert f"upgraded from schema 0001 to {db.schema_revision}" in text
        assert str(db.backup_before_upgrade) in text
    finally:
        services.close()


def test_closing_the_window_backs_up_at_most_once_a_day(
    make_window: Any, tmp_path: Path, settings: Any, qtbot: Any
) -> None:
    """Issue 19: an automatic backup when the window closes, if the last is a day old."""
    import datetime as dt
    from dataclasses import replace

    from sqlalchemy import select
    from sqlalchemy import update

    from vpr_desktop.domain.models import BackupRecord
    from vpr_desktop.services.admin import trust_settings as ts
    from vpr_desktop.services.common.unit_of_work import reading
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database
    from vpr_desktop.views.main_window import MainWindow

    folder = tmp_path / "backups"
    target = tmp_path / "trust.db"

    def close_once() -> list[str]:
        services = build_services(open_database(target, create=True))
        current = ts.load(services.db)
        if current.backup_folder != str(folder):
            ts.save(
                services.db,
                services.actor,
                replace(current, backup_folder=str(folder)),
                current.version,
            )
        window = MainWindow(settings)
        qtbot.addWidget(window)
        window.show()
        window.attach(services)  # owned: the window closes the database
        window.close()
        return sorted(p.name for p in folder.glob("trust-on-close-*.db"))

    first = close_once()
    assert len(first) == 1 and (folder / f"{first[0]}.sha256").exists()
    assert close_once() == first  # a backup today already: none again
    db = open_database(target)
    try:
        with db.engine.begin() as conn:  # as if that backup were taken two days ago
            conn.execute(
                update(BackupRecord).values(taken_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
            )
        with reading(db) as s:
            assert s.scalar(select(BackupRecord.reason)) == "on-close"
    finally:
        db.close()
    assert len(close_once()) == 2


def test_a_damaged_database_opens_then_is_refused_before_any_write(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    """The window checks pages after first paint; a damaged file gets the refusal an immediate
    check gives (same title and words), is closed, and keeps every byte."""
    import hashlib

    from tests.store.test_database import damaged_in_a_data_page
    from vpr_desktop.domain.errors import CorruptDatabaseError
    from vpr_desktop.store.database import open_database

    path = tmp_path / "damaged.db"
    damaged_in_a_data_page(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        open_database(path)
    except CorruptDatabaseError as exc:
        immediate = exc
    window = make_window()
    window.open_target(str(path))
    qtbot.waitUntil(lambda: bool(dialogs.recent), timeout=20000)
    kind, title, text = dialogs.recent[-1]
    assert (kind, title) == ("error", "Database is damaged")
    assert immediate.message in text and immediate.next_step in text
    qtbot.waitUntil(lambda: window.services is None, timeout=5000)
    assert window.start_page.closed is not None and window.start_page.closed.isVisibleTo(window)
    window.close()
    from vpr_desktop.views.common import worker

    worker.shutdown(5000)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_sign_in_is_audited_once_the_check_has_passed(
    make_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database

    path = tmp_path / "healthy.db"
    with open_database(path) as db:
        build_services(db)  # one "opened the database" row
    window = make_window()
    with qtbot.waitSignal(window.attached, timeout=20000) as blocker:
        window.open_target(str(path))
    services = blocker.args[0]
    qtbot.waitUntil(lambda: services.db.integrity_checked and services.login_audited, timeout=10000)
    window.close()
    from vpr_desktop.views.common import worker

    worker.shutdown(5000)
    with sqlite3.connect(path) as con:
        opened = con.execute(
            "SELECT count(*) FROM audit_event WHERE detail = 'opened the database'"
        ).fetchone()[0]
    assert opened == 2
