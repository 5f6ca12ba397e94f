"""The window opens an encrypted database this computer holds no key for (issue 19): it asks for
the recovery key in a password-style field, says a wrong key in the dialog, and opens the
database with the right one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit

from tests.store.test_encryption import memory_keyring  # noqa: F401 (the fixture)
from vpr_desktop.services.admin.encryption import encrypt_database
from vpr_desktop.store import encryption

pytestmark = pytest.mark.usefixtures("memory_keyring")


def test_the_window_asks_for_the_recovery_key_and_opens_the_database(
    make_window: Any, demo_copy: Path, qtbot: Any
) -> None:
    recovery = encrypt_database(demo_copy).recovery_key
    keyring.get_keyring().items.clear()  # type: ignore[attr-defined]
    window = make_window()
    window.open_target(str(demo_copy), create=False)
    qtbot.waitUntil(lambda: window.database.recovery_dialog is not None, timeout=20000)
    dialog = window.database.recovery_dialog
    assert window.services is None
    assert dialog.key.accessibleName() == "Recovery key"
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password
    shown = [w.text() for w in dialog.findChildren(QLabel)]
    assert any(f"{demo_copy} is encrypted (or damaged)" in text for text in shown)

    dialog.key.setText(encryption.format_recovery_key(encryption.new_key()))
    assert dialog.unlock() is False
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text().startswith(f"That recovery key does not open {demo_copy}.")
    assert window.services is None

    dialog.key.setText(recovery)
    assert dialog.unlock() is True
    qtbot.waitUntil(lambda: window.services is not None, timeout=30000)
    assert Path(window.services.db.path) == demo_copy
    assert encryption.KeyStore().get(demo_copy) == encryption.parse_recovery_key(recovery)


def test_without_a_password_store_the_window_still_opens_it_and_says_it_will_ask_again(
    make_window: Any, demo_copy: Path, qtbot: Any
) -> None:
    recovery = encrypt_database(demo_copy).recovery_key
    keyring.set_keyring(fail.Keyring())  # the fixture puts the one before back
    window = make_window()
    window.open_target(str(demo_copy), create=False)
    qtbot.waitUntil(lambda: window.database.recovery_dialog is not None, timeout=20000)
    window.database.recovery_dialog.key.setText(recovery)
    assert window.database.recovery_dialog.unlock() is True
    qtbot.waitUntil(lambda: window.services is not None, timeout=30000)
    assert "recovery key is asked for again next time" in window.status.note_label.toolTip()
