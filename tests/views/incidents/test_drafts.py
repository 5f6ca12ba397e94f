"""Typing survives a crash (issue 19, acceptance 5): a narrative typed into the incident form
is kept as a draft; the app process is SIGKILLed; the next start offers it back and puts it in
the form. And a draft is never offered while the window that kept it is still running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

NARRATIVE = "Patient became agitated at the nurses' station and struck out; two staff hurt."

CHILD = textwrap.dedent(
    """
    import sys, time
    from PySide6.QtCore import QSettings
    from vpr_desktop.views.qt_app import create_application
    app = create_application([])
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database
    from vpr_desktop.views.main_window import MainWindow

    db_path, settings_path, text = sys.argv[1], sys.argv[2], sys.argv[3]
    window = MainWindow(QSettings(settings_path, QSettings.Format.IniFormat))
    window.show()
    window.attach(build_services(open_database(db_path)))
    window.show_page("incidents")
    page = window.pages["incidents"]
    form = page.new_incident()
    form.description.setPlainText(text)
    deadline = time.monotonic() + 20
    while not page.detail.drafts.keep() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    print("KEPT", flush=True)
    while True:  # typing on, until the power goes
        app.processEvents()
        time.sleep(0.05)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_narrative_survives_a_killed_app_and_is_offered_at_the_next_start(
    demo_copy: Path, tmp_path: Path, make_window: Any, qtbot: Any
) -> None:
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database
    from vpr_desktop.views.common import dialogs

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VPR_DESKTOP_HEADLESS_DIALOGS="1")
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(demo_copy), str(tmp_path / "s.ini"), NARRATIVE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        os.kill(child.pid, signal.SIGKILL)  # mid-typing: no clean close, nothing tidied
        _out, err = child.communicate(timeout=30)
    assert line.strip() == "KEPT", err
    assert child.returncode == -signal.SIGKILL

    db = open_database(demo_copy)
    services = build_services(db)
    try:
        window = make_window(services)
        qtbot.waitUntil(
            lambda: any(e[1] == "Restore unsaved text?" for e in dialogs.recent), timeout=10000
        )
        offer = next(e for e in dialogs.recent if e[1] == "Restore unsaved text?")
        assert "The incident form's narrative (a new record)" in offer[2]
        page = window.pages["incidents"]
        assert window.current_page() is page
        form = page.detail.form
        assert page.detail.editing and form is not None
        assert form.description.toPlainText() == NARRATIVE
        assert "check it and save" in window.note_label.full_text()
    finally:
        services.close()


def test_a_draft_of_a_running_window_is_not_offered(
    demo_copy: Path, make_window: Any, qtbot: Any
) -> None:
    from vpr_desktop.services.common.drafts import DraftStore
    from vpr_desktop.services.container import build_services
    from vpr_desktop.store.database import open_database
    from vpr_desktop.views.common import dialogs

    db = open_database(demo_copy)
    services = build_services(db)
    try:
        window = make_window(services)
        window.show_page("incidents")
        page = window.pages["incidents"]
        form = page.new_incident()
        form.description.setPlainText(NARRATIVE)
        assert page.detail.drafts.keep()
        store = DraftStore(db, services.actor)
        assert [d.fields["description"] for d in store.mine()] == [NARRATIVE]
        assert store.left_by_a_crash() == []  # this process is alive: still being typed
        window.database.offer_drafts()
        assert not any(e[1] == "Restore unsaved text?" for e in dialogs.recent)
        page.detail.cancel_edit()  # the edit ends: the draft goes
        assert store.mine() == []
    finally:
        services.close()
