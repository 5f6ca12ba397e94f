"""File > Open shared database…: the form, opening the test PostgreSQL server, refusals in the
dialog as one plain sentence, and no password left in any file, setting, log or table."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import _empty_pg
from tests.services.admin.test_connections import MemoryKeyring
from vpr_desktop.domain.enums import Role
from vpr_desktop.services.admin.connections import KEYRING_SERVICE
from vpr_desktop.services.admin.connections import PasswordStore
from vpr_desktop.store.paths import data_dir
from vpr_desktop.store.paths import logs_dir

SECRET = "Pw-4-open-shared-Zebra"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def pg(pg_migrated_url: str) -> str:
    """The session's PostgreSQL database, emptied (no users: the first login is its admin)."""
    _empty_pg(pg_migrated_url)
    return pg_migrated_url


@pytest.fixture
def temp_login(pg: str, pg_role_prefix: str) -> Iterator[str]:
    """A login WITH a password (the local server may trust it anyway; it is sent regardless)."""
    name = f"{pg_role_prefix}pwuser"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        conn.execute(text(f"CREATE ROLE \"{name}\" LOGIN SUPERUSER PASSWORD '{SECRET}'"))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()


def _dialog(make_window: Any) -> tuple[Any, Any]:
    window = make_window()
    dialog = window.database.open_shared_database()
    return window, dialog


def _fill(dialog: Any, url: str, **over: Any) -> None:
    u = make_url(url)
    dialog.recent_box.setCurrentIndex(0)
    dialog.host.setText(over.get("host", u.host or "127.0.0.1"))
    dialog.port.setValue(over.get("port", u.port or 5432))
    dialog.database.setText(over.get("database", u.database))
    dialog.user.setText(over.get("user", u.username))
    dialog.use_password.setChecked(True)
    dialog.password.setText(over.get("password", ""))
    dialog.tls.setCurrentIndex(dialog.tls.findData("prefer"))


def _next_tab_stop(widget: Any) -> Any:
    """The widget Tab moves to from ``widget`` (a spin box's own line edit counts as it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractSpinBox

    current = widget.nextInFocusChain()
    while True:
        stop, owner = current, current.parentWidget()
        if isinstance(owner, QAbstractSpinBox):  # its own line edit is part of it
            stop = owner
        if stop.focusPolicy() & Qt.FocusPolicy.TabFocus and stop is not widget:
            return stop
        current = current.nextInFocusChain()


def _close(window: Any) -> None:
    """Let go of the opened database once the pages' background reads have finished."""
    from vpr_desktop.views.common import worker

    services, _owned = window.detach()
    worker.shutdown(10000)
    if services is not None:
        services.close()


def test_fields_have_names_in_reading_order_and_tls_follows_the_host(
    make_window: Any, qtbot: Any
) -> None:
    window, dialog = _dialog(make_window)
    assert window.open_shared_action.shortcut().toString() == "Ctrl+Shift+O"
    assert window.open_shared_action in window.file_menu.actions()
    names = [
        w.accessibleName()
        for w in (
            dialog.recent_box,
            dialog.host,
            dialog.port,
            dialog.database,
            dialog.user,
            dialog.windows_sign_in,
            dialog.use_password,
            dialog.password,
            dialog.remember,
            dialog.tls,
        )
    ]
    assert names == [
        "Recent connections",
        "Server",
        "Port",
        "Database",
        "User name",
        "Use Windows sign-in",
        "Use a password",
        "Password",
        "Remember my password on this computer",
        "Encryption (TLS)",
    ]
    chain = [dialog.recent_box]
    for _ in range(9):
        chain.append(_next_tab_stop(chain[-1]))
    assert chain == [
        dialog.recent_box,
        dialog.host,
        dialog.port,
        dialog.database,
        dialog.user,
        dialog.windows_sign_in,
        dialog.use_password,
        dialog.password,
        dialog.remember,
        dialog.tls,
    ]
    dialog.host.clear()
    qtbot.keyClicks(dialog.host, "vpr-db.trust.nhs.uk")
    assert dialog.tls.currentData() == "verify-full"
    dialog.host.clear()
    qtbot.keyClicks(dialog.host, "localhost")
    assert dialog.tls.currentData() == "prefer"
    dialog.windows_sign_in.setChecked(True)
    assert not dialog.password.isEnabled() and not dialog.remember.isEnabled()
    dialog.database.clear()
    assert dialog.open_connection() is False
    assert dialog.problem_text() == "Type the database name. IT can tell you which database."


def test_no_credential_store_is_said_and_remember_is_off(make_window: Any) -> None:
    from keyring.backends import fail

    window = make_window()
    from vpr_desktop.views.admin.open_shared import OpenSharedDialog

    dialog = OpenSharedDialog(window, passwords=PasswordStore(fail.Keyring()))
    assert not dialog.remember.isEnabled()
    assert "cannot be remembered" in dialog.store_note.text()


def test_opens_the_shared_database_and_remembers_it_without_secrets(
    make_window: Any, qtbot: Any, pg: str, settings: Any, memory_keyring: MemoryKeyring
) -> None:
    window, dialog = _dialog(make_window)
    _fill(dialog, pg)
    assert dialog.open_connection() is True
    qtbot.waitUntil(
        lambda: window.services is not None or bool(dialog.problem_text()), timeout=30000
    )
    try:
        assert dialog.problem_text() == ""
        assert window.services.db.kind == "postgresql"
        assert window.services.actor.username == make_url(pg).username
        assert not dialog.isVisible()
        settings.sync()
        saved = Path(settings.fileName()).read_text()
        assert make_url(pg).database in saved and "127.0.0.1" in saved
        # A second dialog offers it first in the recent list, filled in.
        again = window.database.open_shared_database()
        assert again.recent_box.currentIndex() == 1
        assert again.database.text() == make_url(pg).database
        assert again.tls.currentData() == "prefer"
        again.reject()
    finally:
        _close(window)


@pytest.mark.parametrize(
    ("over", "sentence"),
    [
        (
            {"database": "no_such_vpr_db"},
            "There is no database called no_such_vpr_db on 127.0.0.1. Check the database "
            "name, or ask IT which database VPR Desktop uses.",
        ),
        (
            {"port": 1},
            "The database server 127.0.0.1 (port 1) cannot be reached. Check the server name "
            "and that this computer is on the trust network, or ask IT.",
        ),
    ],
)
def test_a_refusal_is_one_plain_sentence_in_the_dialog(
    make_window: Any, qtbot: Any, pg: str, over: dict[str, Any], sentence: str
) -> None:
    window, dialog = _dialog(make_window)
    _fill(dialog, pg, host="127.0.0.1", **over)
    assert dialog.open_connection() is True
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=30000)
    assert dialog.problem_text() == sentence
    assert window.services is None
    assert dialog.open_button.isEnabled()
    assert dialog.database.text() == over.get("database", make_url(pg).database)  # kept


def test_a_login_without_an_account_is_told_so_in_the_dialog(
    make_window: Any, qtbot: Any, pg: str, temp_login: str
) -> None:
    from vpr_desktop.services.admin.users import identify
    from vpr_desktop.store.database import open_database

    with open_database(pg) as db:
        identify(db)  # postgres becomes the administrator
    window, dialog = _dialog(make_window)
    _fill(dialog, pg, user=temp_login, password=SECRET)
    assert dialog.open_connection() is True
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=30000)
    assert dialog.problem_text().startswith(
        f"Your login '{temp_login}' has no account in this database. Ask an administrator ("
    )
    assert "Traceback" not in dialog.problem_text()
    assert window.services is None


def test_after_a_password_connection_no_file_setting_log_or_table_holds_it(
    make_window: Any,
    qtbot: Any,
    pg: str,
    temp_login: str,
    settings: Any,
    memory_keyring: MemoryKeyring,
) -> None:
    from vpr_desktop.services.admin.users import create_user
    from vpr_desktop.store.database import open_database

    with open_database(pg) as db:
        create_user(db, None, temp_login, "Pat Password", [Role.VPR_LEAD])
    # Everything logged at any level while connecting goes to a file under the log folder.
    log_file = logs_dir() / "open-shared-test.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    window, dialog = _dialog(make_window)
    # A first try at a wrong port: the refusal (and libpq's own text) goes to the log.
    _fill(dialog, pg, user=temp_login, password=SECRET, port=1)
    dialog.remember.setChecked(True)
    assert dialog.open_connection() is True
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=30000)
    assert "cannot be reached" in dialog.problem_text()
    assert dialog.password.text() == SECRET  # nothing typed is lost
    dialog.port.setValue(make_url(pg).port or 5432)
    assert dialog.open_connection() is True
    qtbot.waitUntil(
        lambda: window.services is not None or bool(dialog.problem_text()), timeout=30000
    )
    try:
        assert dialog.problem_text() == ""
        assert window.services.actor.username == temp_login
        # Only the credential store keeps it, under this connection's name.
        kept = {k: v for k, v in memory_keyring.items.items() if v == SECRET}
        assert list(kept) == [
            (KEYRING_SERVICE, f"{temp_login}@127.0.0.1:5432/{make_url(pg).database}")
        ]
        assert SECRET not in window.services.db.engine.url.render_as_string(hide_password=False)
        assert SECRET not in window.windowTitle()
    finally:
        _close(window)
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()

    settings.sync()
    files = [Path(settings.fileName())]
    for root in {data_dir(), logs_dir(), Path(os.environ["VPR_DESKTOP_DATA_DIR"])}:
        files += [p for p in root.rglob("*") if p.is_file()]
    assert "PostgreSQL connection to 127.0.0.1:1 failed" in log_file.read_text()
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), f"password found in {path}"

    engine = create_engine(pg)
    try:
        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
            for table in list(tables):
                for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                    assert SECRET not in repr(tuple(row)), f"password found in {table}"
            audit = conn.execute(text("SELECT count(*) FROM audit_event")).scalar()
    finally:
        engine.dispose()
    assert audit and audit > 0  # the login was audited; without the password
